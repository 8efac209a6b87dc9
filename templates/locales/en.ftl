# tilskud – English. Every key must also exist in da.ftl (the reference language).
# Amounts are Danish kroner and keep the Danish number format in English too.

## Application and authority

app-name = tilskud
app-tagline = Administration of state grant pools
authority-name = Danish Agency for Labour Market and Recruitment
home-link-label = tilskud – go to the front page

## Header and navigation

skip-to-content = Skip to content
nav-main-label = Main menu
nav-pools = Pools
nav-allocation = Allocation
nav-users = Users
nav-audit = Audit log
nav-outbox = Outbox
nav-municipalities = Municipalities
user-heading = User
login = Log in
logout = Log out

## Language switch

lang-switch-label = Choose language
lang-name-da = Dansk
lang-name-en = English

## Roles

role-officer = Officer (STAR)
role-finance = Finance officer
role-committee = Committee member
role-admin = Administrator

## Footer

footer-label = Footer

## Messages

alert-info = Information
alert-success = Done
alert-warning = Warning
alert-error = Error

## Forms

error-summary-heading = There is a problem
title-error-prefix = Error
title-allocation-version = Allocation, version { $version }
title-application = Application
field-error-prefix = Error:
field-optional = (optional)
select-placeholder = Choose

## Tables and pagination

table-scroll-label = { $caption } (scrolls horizontally)
table-caption-of-pool = { $caption } – { $pool }
sort-ascending = sorted ascending
sort-descending = sorted descending
pagination-label = Pagination
pagination-first = First page
pagination-previous = Previous
pagination-previous-label = Previous page
pagination-next = Next
pagination-next-label = Next page
pagination-last = Last page, page { $page }
pagination-page = Page { $page }
pagination-status = Page { $page } of { $total }
pagination-gap = Hidden pages

## Step indicator

step-indicator-label = Steps
step-done = Step { $number } completed
step-error = Error in step { $number }

## Error pages

error-incident = Incident id: { $id }
error-incident-help = Quote the incident id if you contact support, so we can find the error.
error-go-home = Go to the front page
error-400-title = The request could not be processed
error-400-body = The page received information it could not use. Go back and try again.
error-401-title = You need to log in
error-401-body = Log in to see this page.
error-403-title = You do not have access to this page
error-403-body = Your role does not give access to this page or action. Contact an administrator if you think you should have access.
error-404-title = Page not found
error-404-body = Check the address, or go to the front page and find the page from there.
error-409-title = The change could not be saved
error-409-body = The information was changed while you were working on it. Reload the page and make your change again.
error-413-title = The file is too large
error-413-body = The file or data you sent is larger than allowed. Try a smaller file.
error-429-title = Too many requests
error-429-body = Wait a moment and try again.
error-500-title = Something went wrong
error-500-body = Something went wrong on our side. Your changes may not have been saved. Try again shortly.
error-503-title = The service is temporarily unavailable
error-503-body = tilskud is being updated or is overloaded. Try again shortly.
error-generic-title = Something went wrong
error-generic-body = The page could not be shown. Try again, or go to the front page.

## Common

save = Save
yes = Yes
no = No
total = Total
municipality = Municipality
municipality-code = Municipality code
target-group = Target group
nav-municipality = My municipality
download-csv = Download CSV
download-csv-excel = Download as CSV for Excel (Danish)
download-csv-machine = CSV for other systems (comma separator, point as decimal sign)
download-xlsx = Download Excel (XLSX)

## Errors

error-not-found = What you are looking for does not exist.
error-unauthorized = Log in to continue.
error-forbidden = You do not have access to this.
error-csrf = The form has expired or came from another site. Reload the page and try again.
error-invalid = Some information is not filled in correctly.
error-internal = Something went wrong on our side. Please try again later.
date-invalid = Enter a valid date, e.g. 2017-06-02.
datetime-invalid = Enter a date and time, e.g. 2017-06-02 12:00.
datetime-nonexistent = That time does not exist in Danish time (summer time skips an hour).
time-nonexistent-local = That time does not exist in Danish time (summer time skips an hour).
upload-missing = Choose a CSV file to import.
upload-too-large = The file is too large (at most 512 kB).
upload-unreadable = The file could not be read. Try choosing it again.

## Log in

login-heading = Log in
login-form-kept = You were logged out because you had not been active for { $minutes } minutes, and the form was not sent. What you typed has been kept: log in again to get it back.
login-session-expired = You were logged out because you had not been active for { $minutes } minutes, and what you sent was not received. Log in again and send it again.
kept-heading = Send what you typed again
kept-intro = You were logged out after { $minutes } minutes without activity, before the form was sent. What you typed has been kept here.
kept-page = Page
kept-action = Action
kept-filled = Fields filled in
kept-explain = Press "Send again" to send the form as you filled it in. The page then shows the result as if you had sent it the first time. If you do not want to send it, go to the page without sending; what was kept is deleted.
kept-send = Send again
kept-discard = Go to the page without sending
kept-action-save = Save
kept-action-submit = Submit
kept-action-withdraw = Withdraw
kept-action-approve = Approve
kept-action-send = Send the form
timeout-heading = You will soon be logged out
timeout-text = You have not been active for { $idle } minutes, and in 2 minutes you will be logged out for security. If you send a form after that, what you typed is kept until you log in again.
timeout-stay = Stay logged in
timeout-ended = You have been logged out. What you typed is kept when you send the form, and you get it back when you log in again.
login-logged-out = You are logged out. If others use this computer too, close the browser.
login-intro = Log in with your username and password.
login-username = Username
login-password = Password
login-submit = Log in
login-username-required = Enter your username.
login-password-required = Enter your password.
login-wrong = The username or password is wrong.
login-throttled-seconds = Too many login attempts. Wait { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
  } and try again.
login-throttled-minutes = Too many login attempts. Wait { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
  } and try again.

## Amounts

money-empty = Enter an amount.
money-negative = The amount cannot be negative.
money-not-positive = The amount must be greater than 0.
money-invalid-character = The amount may contain only digits, full stops between thousands and a comma before øre.
money-too-many-decimals = The amount can have at most two decimals (øre).
money-ambiguous = The amount can be read in more than one way. Write e.g. 1.234.567 or 1234567,50.
money-malformed = The amount is not written correctly. Write e.g. 257.000.000.
money-too-large = The amount is too large. It can be at most 1.000.000.000.000 kr.
money-sum-too-large = The amounts are too large to add up. Correct the individual amounts.

## Municipality codes

municipality-code-empty = Choose a municipality.
municipality-code-malformed = The municipality code must be three digits, e.g. 615.
municipality-code-unknown = The municipality code is not one of the 98 municipalities.

## Pools

pools-heading = Pools
pools-new = Create pool
pools-empty = There are no pools yet.
pool-name = Name
pool-name-invalid = Enter the pool's name (at most 200 characters).
pool-finance-account = Finance-law account
pool-finance-account-hint = E.g. FL § 17.46.64.10
# Pool form: the account rules (pool_account_settings, docs/accounts.md)
pool-account-rules = Rules for accounts
pool-account-rules-hint = Apply to commitments given after the change; accounts already created keep their deadline and certification. Tolerance, payment terms and reminders apply from now on.
pool-interim-rate = Interim account before rate
pool-interim-rate-hint = The number of the rate that is paid only once the interim account is approved (e.g. 2). Empty: no interim account.
pool-interim-rate-invalid = Enter the number of one of the pool's rates after the first, or leave the field empty.
pool-interim-months = Interim account deadline (months)
pool-interim-months-hint = Months after the rate's earliest payment date (0–60).
pool-interim-months-invalid = Enter a whole number of months from 0 to 60.
pool-tolerance = Tolerance for deviations (%)
pool-tolerance-hint = A cost item whose actual spend deviates from its budget by more than this needs a comment (e.g. 10).
pool-tolerance-invalid = Enter a percentage from 0 to 100 with at most two decimals.
pool-claim-days = Payment terms of repayment claims (days)
pool-claim-days-hint = Days from settlement until the claim must be paid (1–365).
pool-claim-days-invalid = Enter a whole number of days from 1 to 365.
pool-reminders = Reminders (days relative to the deadline)
pool-reminders-hint = Separated by commas; negative numbers are before the deadline, e.g. -14, 0, 7. Empty: no reminders.
pool-reminders-invalid = Enter whole numbers of days separated by commas, at most 366 from the deadline, e.g. -14, 0, 7.
pool-rule-interim = Interim account (management-certified) of the spending of the rates paid, before rate { $rate } is paid; due { $months } months after the rate's earliest payment date.
pool-rule-no-interim = No interim account.
pool-rule-final = Final account of the whole period with the final report: auditor-certified when the grant is over { $threshold }, otherwise management-certified.
pool-rule-tolerance = A cost item whose actual spend deviates from its budget by more than { $percent } % needs a comment.
pool-rule-claim = A repayment claim is due { $days } days after settlement.
pool-rule-reminders = Reminders of account deadlines are sent on these days relative to the deadline (negative before it): { $days }.
pool-rule-no-reminders = No reminders of account deadlines are sent.
pool-account-invalid = Enter the finance-law account (at most 60 characters).
pool-amount = Pool amount
pool-amount-kr = Pool amount in kroner
pool-amount-hint = Whole kroner, e.g. 257.000.000
pool-amount-whole-kroner = The pool amount must be whole kroner, because the allocation is in whole kroner.
pool-period = Project period
pool-period-start = Project period from
pool-period-end = Project period to
pool-period-end-before-start = The end date must be after the start date.
pool-deadline = Application deadline
pool-deadline-hint = Danish time. An application received at the deadline to the second (e.g. 12:00:00) is on time; one second later is late.
pool-deadline-passed = The deadline has passed
pool-auditor-threshold = Auditor certification
pool-auditor-threshold-kr = Threshold for an auditor-certified account, in kroner
pool-auditor-threshold-hint = A grant over this amount needs an auditor-certified final account; up to and including it, management-certified.
pool-auditor-rule = Grants over { $amount }: auditor-certified account. Up to and including { $amount }: management-certified.
pool-note = Note on the target-group figures
pool-note-hint = Shown on every page with the figures, e.g. that they are provisional or illustrative.
pool-note-heading = Note on the figures
pool-admin-share = Highest share for project management and progression tools (%)
pool-admin-share-hint = Empty means no limit. Applies to the two budget items together.
pool-admin-share-invalid = Enter a percentage between 0 and 100, e.g. 10 or 12,5, or leave the field empty.
pool-activity-rule = Rate 3: how "over a period of 3 months" is read
pool-activity-rule-hint = The source does not say how "at least 40 % of the intervention group in company-oriented activity or ordinary hours over a period of 3 months" is meant. "Each month": the share must reach the threshold in every month of a period of consecutive calendar months. "Pooled": the counts of the period's months are added up, so a weak month can be made up for by stronger ones. In both readings a month without data breaks the period. A change applies at once to every municipality's milestone.
pool-activity-months = Length of the period in months
pool-activity-months-hint = Number of consecutive calendar months, e.g. 3.
pool-activity-months-invalid = Enter the length of the period as a whole number of months, e.g. 3.
pool-activity-threshold = Threshold in percent
pool-activity-threshold-hint = A whole percentage from 0 to 100, e.g. 40. It is decided exactly on the numbers of citizens, not on the rounded percentage.
pool-activity-threshold-invalid = Enter the threshold as a whole percentage from 0 to 100, e.g. 40.
pool-activity-reading = Reading
pool-activity-reading-hint = Each month on its own is the stricter reading and the default.
pool-activity-each-month = Each month on its own must reach the threshold
pool-activity-pooled = The period's counts added up must reach the threshold
pool-rates = Rates
pool-rates-hint = Each rate's share in percent (100 % in all) and earliest payment date. Empty rows are ignored.
pool-rates-missing = Enter at least one rate.
pool-rate-share-invalid = Enter the share in percent, e.g. 30 or 33,33.
pool-edit = Edit pool
pool-own-application = Your municipality's application
pool-target-groups = Target group and applicants
pool-allocation = Approved allocation
pool-applicants = Applicants
pool-applicants-summary = { $count } municipalities with { $total } citizens in the target group
rate-number = Rate
rate-share = Share
rate-earliest = Earliest
rate-no-earliest = On commitment
rate-of-pool = Of the pool
rate-share-n = Rate { $n }: share in percent
rate-earliest-n = Rate { $n }: earliest payment
rate-n = Rate { $n }
rate-finance-act-year-n = Rate { $n }: finance act (year)
rate-activity-percent-n = Rate { $n }: active, at least % of the intervention group
rate-activity-months-n = Rate { $n }: active, over number of months
rate-results-percent-n = Rate { $n }: results, at least % in a month
rate-whole-group-assessed-n = Rate { $n }: once the whole gross target group is assessed
rate-final-account-n = Rate { $n }: once the final account is approved
pool-rate-conditions-hint = Each rate can have conditions; an empty field is no condition. Finance act: the rate is paid only once the finance act for that year is passed (e.g. 2018). Active: at least this percentage of the intervention group in company-oriented activity or ordinary hours over this many months (1–36), read as the pool reads rate 3. Results: at least this percentage of the intervention group in a job, education or flex job in a month. Percentages are whole percents from 1 to 100. The interim account is set under Rules for accounts.
pool-rate-finance-act-year-invalid = Rate { $rate }: enter the finance act's year from 2000 to 2100, e.g. 2018, or leave the field empty.
pool-rate-activity-percent-invalid = Rate { $rate }: enter how much of the intervention group must be active as a whole percent from 1 to 100, e.g. 40.
pool-rate-activity-months-invalid = Rate { $rate }: enter the period as a whole number of months from 1 to 36, e.g. 3.
pool-rate-activity-percent-missing = Rate { $rate }: also enter what percentage of the intervention group must be active, or empty the number of months.
pool-rate-activity-months-missing = Rate { $rate }: also enter over how many months the intervention group must be active, or empty the percentage.
pool-rate-results-percent-invalid = Rate { $rate }: enter the results threshold as a whole percent from 1 to 100, e.g. 10.
pool-plan-heading = Conditions for payment
pool-plan-rate = Rate { $rate }: { $share } %
pool-plan-on-commitment = on commitment
pool-plan-not-before = not before { $date }
pool-plan-finance-act = once the finance act for { $year } is passed
pool-plan-when = once { $conditions }
pool-plan-and = { $first } and { $last }
pool-plan-whole-group = the whole gross target group is assessed
pool-plan-activity-each-month = at least { $percent } % of the intervention group have been in company-oriented activity or ordinary hours in each of { $months } consecutive months
pool-plan-activity-pooled = at least { $percent } % of the intervention group have been in company-oriented activity or ordinary hours over { $months } consecutive months pooled
pool-plan-results = at least { $percent } % of the intervention group have got a job, education or flex job in a month
pool-plan-interim = the interim account is approved
pool-plan-final = the final account is approved
rates-empty = Enter at least one rate.
rates-not-consecutive = Rates must be numbered consecutively from 1.
rates-zero-share = A rate cannot have a share of 0.
rates-shares-not-whole = The rates' shares must add up to exactly 100 %.
rates-earliest-decreases = A rate's earliest date cannot be before the previous rate's.

## Steps

step-pool = Pool
step-target-groups = Target-group figures
step-applicants = Applicants
step-run = Calculation
step-approve = Approval

## Target group and applicants

tg-heading = Target group and applicants
tg-import-heading = Import target-group figures
tg-import-intro = Import STAR's count as CSV with the columns municipality_code,target_group (comma or semicolon). The file replaces the pool's figures; if one line is wrong, nothing is imported.
tg-file = CSV file
tg-import = Import
tg-import-failed = The file was not imported
tg-applied-heading = Which municipalities applied?
tg-summary = { $counted } municipalities have a target-group figure; { $applied } applied, with { $total } citizens in all.
tg-applied = Applied
tg-applied-for = { $name } applied
tg-save-applied = Save applicants
applied-without-count = Municipality { $code } has no target-group figure and cannot be marked as an applicant.

## CSV

csv-missing-header = Line { $line }: the first line must be the header municipality_code,target_group.
csv-wrong-header = Line { $line }: the header must be municipality_code,target_group, but is "{ $found }".
csv-no-rows = The file contains no municipalities.
csv-wrong-field-count = Line { $line }: there must be 2 fields, but there are { $found }.
csv-unknown-municipality = Line { $line }: unknown municipality code "{ $code }".
csv-duplicate-municipality = Line { $line }: municipality code { $code } is also on line { $first_line }.
csv-negative-count = Line { $line }: the target group cannot be negative ({ $value }).
csv-non-numeric-count = Line { $line }: the target group must be a whole number, not "{ $value }".
csv-count-too-large = Line { $line }: the target group { $value } is larger than any municipality can have (at most 1,000,000).
csv-not-utf8 = Line { $line }: the file is not UTF-8. Save it as "CSV UTF-8".
csv-too-many-errors = … and { $omitted } more errors.

## Allocation

allocation-run-heading = Calculate allocation
allocation-run-intro = The allocation is calculated from the applicants' target-group figures and stored as a new version. Earlier versions are not changed.
allocation-reason = Reason
allocation-reason-hint = E.g. "Allocation after the application deadline" or "Vordingborg withdrew".
allocation-reason-required = Enter a reason (at most 500 characters).
allocation-run = Calculate new version
allocation-versions = Versions
allocation-version = Version
allocation-version-n = Version { $version }
allocation-version-heading = Allocation, version { $version } – { $pool }
allocation-no-versions = No allocation has been calculated yet.
allocation-none-approved = There is no approved allocation yet.
allocation-see-approved = See approved allocation (version { $version })
allocation-status = Status
allocation-status-draft = Draft
allocation-status-approved = Approved
allocation-status-superseded = Superseded
allocation-run-by = Calculated by
allocation-approved-by = Approved by
allocation-approve = Approve this version
allocation-approved-flash = Version { $version } is approved and is now the allocation that counts.
allocation-approve-intro = Once approved, this version is the one that counts. A previously approved version is marked as superseded but kept.
allocation-already-decided = Version { $version } cannot be approved again: it was approved by { $who } { $when }.
allocation-lines = Allocation per municipality
allocation-exact-quota = Exact quota (kr.)
allocation-rounding-col = Rounding
allocation-amount = Amount
allocation-amount-kr = Amount (kr.)
allocation-extra-summary = { $count } municipalities received one extra krone in the rounding.
allocation-confirm-heading = Approve allocation, version { $version } – { $pool }
allocation-confirm-total = Total amount
allocation-confirm-municipalities = Municipalities
allocation-confirm-replaces = Replaces
allocation-confirm-replaces-version = Version { $version }, approved by { $who } { $when }
allocation-confirm-replaces-none = Nothing: no allocation has been approved yet
allocation-confirm-reason = Reason for the run
allocation-confirm-warning = The approval cannot be undone. Version { $version } becomes the allocation that counts at once, and the municipalities see it. A previously approved version is marked as superseded but kept.
allocation-confirm-resting-heading = What rests on the current allocation
allocation-confirm-resting = { $commitments } commitments totalling { $committed } have been given, and { $rates } rates totalling { $paid } have been paid. The approval does not change commitments or payouts; they must be changed one by one if that is intended.
allocation-confirm-resting-none = No commitments have been given and no rates paid in the pool yet.
allocation-confirm-resting-caption = Municipalities with a commitment
allocation-confirm-replaced = Current allocation
allocation-confirm-new = New allocation
allocation-confirm-committed = Commitment
allocation-confirm-paid = Paid
allocation-confirm-below = Below the commitment
allocation-confirm-button = Approve version { $version }
allocation-confirm-back = Back without approving
allocation-approved-heading = Approved allocation – { $pool }
allocation-method-heading = How the amounts are calculated
allocation-method = Each municipality's share of the pool equals its share of the target group among the applicants: pool × the municipality's target group ÷ the applicants' total target group.
allocation-rounding = Amounts are whole kroner by the largest-remainder method: everyone first gets their exact quota rounded down; the kroner still missing go one at a time to the municipalities whose exact quota has the largest remainder. So the amounts add up to the pool exactly, and no municipality is more than 1 kr. from its exact quota.
allocation-tie-rule = When remainders are equal, the krone goes first to the municipality with the larger target group, then to the lower municipality code.
allocation-no-applicants = No municipalities are marked as applicants.
allocation-zero-target-group = The applicants' total target group is 0, so there is nothing to allocate by.
allocation-total-not-positive = The pool amount must be greater than 0.
allocation-duplicate-municipality = A municipality is listed more than once among the applicants.
allocation-overflow = The numbers are too large to calculate.
allocation-compare = Compare versions
allocation-compare-pick = Compare
allocation-compare-a = First version
allocation-compare-b = Second version
allocation-compare-pick-two = Choose two versions to compare.
allocation-compare-heading = { $a } compared with { $b }
allocation-compare-summary = { $changed } municipalities have a changed amount.
allocation-difference = Difference

## Municipality

municipality-approved = Expected grant by the allocation key: { $amount } (approved allocation, version { $version }). The amount is not granted yet: it is granted with the commitment, once the application is approved.
municipality-rates = Split into rates
municipality-auditor = The grant is over { $threshold }, so the final account must be certified by an auditor.
municipality-management = The grant is at most { $threshold }, so the final account must be certified by management.
municipality-no-approved = The municipality has applied, but there is no approved allocation yet.
municipality-not-applied = The municipality has not applied to this pool.
municipality-target-group = Target group: { $count } citizens.

## Users

users-heading = Users
users-new = Create user
users-edit = Edit user
user-username = Username
user-username-hint = 3–64 characters: letters a–z, digits and . _ - @
user-username-invalid = The username must be 3–64 characters of a–z, 0–9 and . _ - @.
user-username-taken = The username is already in use.
user-display-name = Name
user-email = Email
user-email-hint = Reminders of the municipality's accounts are sent here (finance staff). May be empty.
user-display-name-invalid = Enter the user's name (at most 120 characters).
user-role = Role
user-role-invalid = Choose a role.
user-municipality-hint = Only for finance staff and committee members.
user-municipality-required = Choose the municipality the user belongs to.
user-municipality-not-allowed = Only municipal users belong to a municipality.
user-password = Password
user-password-new = New password
user-password-hint = At least 10 characters. Leave empty to keep the current one.
user-password-hint-new = At least 10 characters.
user-password-too-short = The password must be at least { $min } characters.
user-active = Active

## Audit log

breadcrumbs-label = Breadcrumbs
mark-yes = Yes
mark-no = No
table-scroll-hint = Swipe sideways if the table is wider than the screen →
audit-heading = Audit log
audit-intro = Every change with who, when, what and before/after. The log can only be appended to, and each entry is chained to the previous one by a hash, so a changed or deleted entry is detected when operations verify the log.
audit-at = Time
audit-actor = Who
audit-action = Action
audit-entity = What
audit-change = Change
audit-before = Before
audit-after = After
audit-what = What happened
audit-details = Details
audit-technical = Technical detail
audit-entry = Entry no.
audit-system = The system
audit-says-other = { $actor }: { $action } ({ $entity }).
audit-says-allocation-run = { $actor } calculated version { $version } of the allocation in { $pool }.
audit-says-allocation-approve = { $actor } approved version { $version } of the allocation in { $pool }.
audit-says-pool-create = { $actor } created the pool { $pool }.
audit-says-pool-update = { $actor } changed the pool { $pool }.
audit-says-target-group-import = { $actor } imported the target-group figures for { $pool }.
audit-says-target-group-applied = { $actor } changed which municipalities apply to { $pool }.
audit-says-application-save = { $actor } saved { $municipality }'s application to { $pool } as a draft.
audit-says-application-submit = { $actor } submitted { $municipality }'s application to { $pool }.
audit-says-application-withdraw = { $actor } withdrew { $municipality }'s application to { $pool }.
audit-says-application-request-changes = { $actor } asked { $municipality } for changes to the application to { $pool }.
audit-says-application-reject = { $actor } rejected { $municipality }'s application to { $pool }.
audit-says-commitment-create = { $actor } gave { $municipality } a commitment in { $pool }.
audit-says-rate-request = { $actor } asked for payment of rate { $rate } for { $municipality } in { $pool }.
audit-says-rate-request-document = { $actor } attached a document to the request for rate { $rate } for { $municipality }.
audit-says-rate-request-refuse = { $actor } refused the request for rate { $rate } from { $municipality }.
audit-says-rate-cancel = { $actor } cancelled rate { $rate } for { $municipality } in { $pool }.
audit-says-rate-override-propose = { $actor } proposed to set aside the milestone of rate { $rate } for { $municipality }.
audit-says-rate-override-decide = { $actor } decided on setting aside the milestone of rate { $rate } for { $municipality }.
audit-says-payout-prepare = { $actor } prepared payout no. { $id } of rate { $rate }.
audit-says-payout-approve = { $actor } approved payout no. { $id } of rate { $rate }.
audit-says-payout-reject = { $actor } rejected payout no. { $id } of rate { $rate }.
audit-says-payout-batch = { $actor } created payment file no. { $id }.
audit-says-payout-batch-paid = { $actor } recorded payment file no. { $id } as paid.
audit-says-account-create = { $actor } created the { $account } for { $municipality } in { $pool }.
audit-says-account-save = { $actor } saved the { $account } for { $municipality } as a draft.
audit-says-account-attach = { $actor } attached a document to the { $account } for { $municipality }.
audit-says-account-submit = { $actor } submitted the { $account } for { $municipality } in { $pool }.
audit-says-account-review-start = { $actor } started reviewing the { $account } for { $municipality }.
audit-says-account-review-save = { $actor } saved the review of the { $account } for { $municipality }.
audit-says-account-approve = { $actor } approved the { $account } for { $municipality } in { $pool }.
audit-says-account-send-back = { $actor } sent the { $account } for { $municipality } back for correction.
audit-says-account-deadline = { $actor } changed the deadline of the { $account } for { $municipality }.
audit-says-account-cancel = { $actor } cancelled the { $account } for { $municipality }.
audit-says-account-settle = { $actor } settled the { $account } for { $municipality } against the rates.
audit-says-account-reminders = { $actor } sent reminders about accounts.
audit-says-claim-create = { $actor } created a claim for repayment from { $municipality }.
audit-says-claim-received = { $actor } recorded that { $municipality } has paid the claim.
audit-says-claim-write-off = { $actor } wrote off the claim against { $municipality }.
audit-says-finance-act-register = { $actor } registered the finance act for { $year }.
audit-says-finance-act-correct = { $actor } corrected the registration of the finance act for { $year }.
audit-says-monitoring-import = { $actor } imported { $rows } lines of monitoring data.
audit-says-user-create = { $actor } created the user { $user }.
audit-says-user-update = { $actor } changed the user { $user }.
audit-says-user-update-password = { $actor } changed the user { $user } and set a new password.
audit-says-session-login = { $actor } logged in.
audit-says-session-login-failed = A login as { $id } failed.
audit-says-session-logout = { $actor } logged out.
audit-says-session-form-kept = { $actor } was logged out in the middle of a form; what was typed was kept.
audit-says-session-form-restored = { $actor } got a kept form back after logging in.
audit-older = Older entries

## Outbox

outbox-heading = Outbox
outbox-intro = Emails the system sends, such as commitment letters, newest first. An email is placed here at the same moment as the change that causes it, and a background process sends it shortly after. If the mail server does not answer, it tries again at growing intervals (from 30 seconds up to an hour); after 10 attempts, or if the server refuses the recipient, it is marked as failed.
outbox-empty = There are no emails yet.
outbox-created = Created
outbox-kind = Kind
outbox-kind-application-receipt = Application receipt
outbox-kind-commitment-letter = Commitment letter
outbox-kind-account-receipt = Account receipt
outbox-kind-account-approved = Account approved
outbox-kind-account-sent-back = Account sent back
outbox-kind-account-deadline = Account deadline
outbox-kind-account-reminder = Account reminder
outbox-kind-repayment-claim = Repayment claim
outbox-kind-rate-paid = Rate paid
outbox-to = To
outbox-subject = Subject
outbox-status = Status
outbox-attempts = Attempts
outbox-next-attempt = Next attempt
outbox-last-error = Last error
outbox-sent-at = Sent
outbox-status-pending = Waiting
outbox-status-sending = Sending
outbox-status-sent = Sent
outbox-status-failed = Failed
outbox-status-invalid = Unknown status “{ $status }”. Use pending, sending, sent or failed.
outbox-older = Older emails
mail-address-empty = Enter an email address.
mail-address-invalid = “{ $address }” is not a valid email address. Write it as name@domain.dk.

## Applications

field-required = Fill in the field.
email-invalid = Enter a valid email address, e.g. name@municipality.dk.
text-too-long = The text is too long (at most { $max } characters).
applications-heading = Applications – { $pool }
applications-heading-short = Applications
applications-none = There are no applications yet.
applications-committed = Committed: { $committed } of the pool's { $pool } · Left: { $left }
application-heading = Application from { $municipality } – { $pool }
application-expected = Expected grant
application-no-expected = No approved allocation yet
application-no-expected-explained = The municipality has no expected grant in the pool's approved allocation, so it cannot apply yet.
application-no-expected-grant = The municipality has no expected grant in the pool's approved allocation.
application-none = Not started
application-receipt = Receipt
application-receipt-text = Receipt number { $no }, received { $at } (Danish time)
application-status-draft = Draft
application-status-submitted = Submitted
application-status-changes-requested = Sent back for changes
application-status-rejected = Rejected
application-status-approved = Approved (commitment given)
application-status-withdrawn = Withdrawn
application-budget = Budget
application-budget-intro = Amounts per cost item and year in kroner, e.g. 1.234.567 or 1.234.567,50. Empty fields count as 0.
application-budget-total = Budget total
application-budget-matches = The budget matches the expected grant exactly.
application-budget-differs = The budget is { $difference } { $direction ->
        [under] less
       *[over] more
    } than the expected grant. Explain the difference in the field below.
application-cap-rule = Pool rule: project management and progression tools together may be at most { $cap } % of the budget.
application-cost-item = Cost item
application-description = Short description
application-difference-comment = Why the budget differs from the expected grant
application-difference-hint = Only needed if the budget does not match the expected grant.
letter-back = Back to the application
claim-back = Back to the account
claim-none-title = No repayment claim
claim-none = There is no repayment claim for this account.
application-contact = Fixed contact person
application-contact-name = Name
application-contact-title = Position
application-contact-title-hint = E.g. project leader reporting to the job-centre head.
application-contact-email = Email
application-contact-phone = Phone
application-obligations = Obligations
application-obligations-intro = By applying the municipality takes on these obligations. All must be accepted before the application can be submitted.
obligation-implement-model = To implement the project's intervention model and core elements as described in the announcement and annex 1.
obligation-fixed-contact = To appoint a fixed contact person for the agency, e.g. a project leader reporting directly to the job-centre head.
obligation-available-to-star = To make the job-centre head and project leader available as fixed contacts for the agency and the external process consultant.
obligation-monitoring = To take part in the ongoing monitoring of the municipality's progress.
obligation-evaluation = To take part in the project's evaluation, including delivering progression data.
obligation-required = The obligation must be accepted before the application can be submitted.
phone-invalid = Write the phone number with 8 digits, e.g. 70 10 10 10, or with the country code, e.g. +45 70 10 10 10.
cost-item-caseworker-salaries = Salaries of caseworkers, job brokers and company consultants
cost-item-social-health-salaries = Salaries of staff with social and health tasks
cost-item-project-management = Project management
cost-item-progression-tools = Progression tools (IT)
cost-item-other = Other
application-save = Save draft
application-submit = Submit application
application-submit-hint = The draft can be saved and changed as often as you like. Once submitted, the application cannot be changed while the agency reviews it.
application-saved = The draft is saved.
application-submitted = The application is submitted. The receipt has been sent to the contact person.
application-decided-request-changes = The application was sent back to the municipality.
application-decided-reject = The application was rejected.
application-decided-approved = The application is approved and the commitment letter has been sent.
application-decided-withdrawn = The application was withdrawn.
application-deadline-passed = The application deadline was { $deadline } (Danish time). Applications received after the deadline are not processed.
application-not-editable = The application cannot be changed now (status: { $status }).
application-not-awaiting-decision = The application is not awaiting a decision (status: { $status }). Reload the page.
application-history = History
application-versions = Versions
application-version-submitted = submitted { $at }
application-event-submitted = Version { $version } submitted
event-application-request-changes = Sent back for changes
event-application-reject = Rejected
event-application-approve = Approved, commitment given
event-application-withdraw = Withdrawn
application-submitted-at = Submitted
application-confirm-heading = Withdraw the application – { $municipality }?
application-confirm-pool = Pool
application-confirm-municipality = Municipality
application-confirm-commitment = Commitment
application-confirm-commitment-lapses = { $amount } – lapses
application-confirm-cancelled = Rates that are cancelled
application-confirm-paid = Paid rates (settled in the account)
application-confirm-rate = rate { $rate } ({ $amount })
application-confirm-warning = The withdrawal cannot be undone. The municipality no longer takes part in the pool, and the next allocation is divided among the other municipalities.
application-confirm-warning-commitment = The withdrawal cannot be undone. The commitment lapses, rates not yet paid are cancelled, and the municipality no longer takes part in the pool. Paid rates must be settled in the account.
application-confirm-button = Yes, withdraw the application
application-confirm-back = Cancel
application-step-fill = Fill in
application-step-review = Check
application-step-receipt = Receipt
application-review-back-link = Back to the application (without saving)
application-review-heading = Check the application before you submit it – { $municipality }
application-review-intro = This is the application as it will be submitted. Check the amounts, the contact person and the obligations.
application-review-applied = Amount applied for
application-review-freeze = When you submit, the version is locked and cannot be changed afterwards. STAR may ask for changes; you then make a new version.
application-review-correct = Save draft and correct
application-receipt-heading = Receipt: the application has been submitted
application-receipt-done = STAR has received the application.
application-receipt-no = Receipt number
application-receipt-at = Received (Danish time)
application-receipt-version = Version
application-receipt-next = What happens now?
application-receipt-next-email = The receipt has been emailed to the contact person ({ $email }).
application-receipt-next-review = STAR reviews the application. If STAR asks for changes, you can correct the application and submit a new version.
application-receipt-next-decision = When STAR has decided, the municipality receives a letter of commitment or a refusal, and the status is shown on the application's page.
application-receipt-print = Save or print the receipt with the browser's print function (Ctrl+P).
application-receipt-to-application = Go to the application
application-withdraw-heading = Withdraw the application
application-withdraw-reason = Reason
application-withdraw-hint = A commitment lapses and rates not yet paid are cancelled. Paid rates are settled in the final account.
application-withdraw = Withdraw
application-decide = Decision
application-approve-heading = Approve and give the commitment
application-approve-amount = The commitment will be { $amount } (the expected grant, at most the budget).
application-year-amount = Grant in { $year }
application-account-deadline = Deadline for the final account
application-reservation = Reservation for later finance acts
application-approve = Approve and send the commitment letter
application-send-back-heading = Send back or reject
application-decision-reason = Reason for the municipality
application-request-changes = Send back for changes
application-reject = Reject
decision-reason-required = Enter a reason (at most 2000 characters).
decision-unknown = Choose a decision.
budget-empty = The budget is empty.
budget-unknown-item = Unknown cost item "{ $item }".
budget-year-outside-period = { $year } is outside the project period.
budget-difference-needs-comment = The budget is { $difference } { $direction ->
        [under] less
       *[over] more
    } than the expected grant. Explain the difference.
budget-cap-exceeded = Project management and progression tools together exceed the pool's limit of { $cap } % of the budget.
commitment-heading = Commitment
commitment-summary = Commitment of { $amount }, ref. { $no }, given { $at }
commitment-status-active = in force
commitment-status-withdrawn = lapsed
commitment-status-draft = being created
commitment-letter = Show commitment letter
commitment-years = Grant split by year
commitment-year = Year
commitment-rounding-rule = The rates add up to the commitment exactly: each rate is its share rounded down to whole kroner, and the last rate takes the rest.
commitment-split-difference = The split by year must add up to exactly { $amount }; it comes to { $difference } too { $direction ->
        [under] little
       *[over] much
    }.
commitment-deadline-before-end = The deadline for the final account cannot be before the end of the project period.
commitment-exceeds-pool = The commitment of { $amount } cannot be given: only { $left } is left in the pool.
rate-status-pending = Payable
rate-status-not-due = Not due yet
rate-status-paid = Paid
rate-status-cancelled = Cancelled
rate-not-payable = Rate { $rate } cannot be paid: it is already paid or cancelled.
rate-needs-interim-account = Rate { $rate } can only be paid once the interim account is approved.
municipality-commitment = Commitment: { $amount } (ref. { $no }, given { $at })
municipality-no-commitment = No commitment has been given yet.
municipality-parts-add-up = The parts add up to exactly { $whole }
municipality-parts-differ = The parts do not add up to the whole: they are { $difference } too { $direction ->
        [under] little
       *[over] much
    }. Contact the agency.
municipality-paid = Paid in total: { $paid } · Remaining: { $rest }

## KPIs

kpi-assessed-share = Share of the gross target group assessed
kpi-job-broker-share = Share of the intervention group with a personal job broker
kpi-company-offer-share = Share of the intervention group in a company-oriented offer
kpi-ordinary-hours-share = Share of the intervention group with ordinary hours
kpi-thirty-hours-share = Share of the intervention group with 30 ordinary hours in the month
kpi-none-of-these-share = Share of the intervention group with no company-oriented activity, no ordinary hours and no personal job broker
kpi-outcome-share = Share of the intervention group gone into job, education or flex job
kpi-assessed-share-rule = Citizens assessed into group 1, 2 or 3 in the month, out of STAR's figure for the gross target group (or out of the citizens reported, if there are more).
kpi-job-broker-share-rule = Citizens in group 1 with a personal job broker in the month, out of everyone in group 1 in the month.
kpi-company-offer-share-rule = Citizens in group 1 in a company-oriented offer in the month, out of everyone in group 1 in the month.
kpi-ordinary-hours-share-rule = Citizens in group 1 with more than 0 ordinary hours in the month, out of everyone in group 1 in the month.
kpi-thirty-hours-share-rule = Citizens in group 1 with at least 30.00 ordinary hours in the month, out of everyone in group 1 in the month.
kpi-none-of-these-share-rule = Citizens in group 1 with no company-oriented offer, no ordinary hours and no personal job broker in the month, out of everyone in group 1 in the month.
kpi-outcome-share-rule = Citizens in group 1 who have gone into job, education or flex job in the month, out of everyone in group 1 in the month.
kpi-rounding-rule = Shares are shown with one decimal, rounded half up (12.45 % is shown as 12.5 %). Thresholds such as 40 % are decided exactly on the numbers of citizens, not on the rounded figure.
kpi-undefined = – means there were no citizens to count in the month.
kpi-gross-exceeded = The municipality reported { $persons } citizens, more than STAR's figure for the gross target group ({ $gross }). The assessed share is therefore taken of the { $persons } reported.
milestone-whole-group-rule = Rate 2: the whole gross target group is assessed when the number of different citizens the municipality has assessed into group 1, 2 or 3 up to and including the month is at least STAR's figure for the gross target group and, if the list of citizens is known, every one of them has been assessed.
milestone-whole-group-met = The whole gross target group is assessed: { $assessed } citizens of { $gross }.
milestone-whole-group-not-met = { $assessed } of { $gross } citizens are assessed. Still missing: { $short }.
milestone-whole-group-no-figure = STAR's figure for the gross target group is missing, so it cannot be decided whether the whole group is assessed.
milestone-whole-group-missing = { $count ->
    [one] 1 citizen on the list is not yet assessed (shown by pseudonym):
   *[other] { $count } citizens on the list are not yet assessed (shown by pseudonym):
}
milestone-activity-measure = Citizens in group 1 with a company-oriented offer or ordinary hours in the month, out of everyone in group 1 in the month.
milestone-activity-rule-each-month = Rate 3: the share must be at least { $percent } % in each of { $months } consecutive calendar months. A month without data breaks the period, and a month with no one in group 1 does not count.
milestone-activity-rule-pooled = Rate 3: the numbers for { $months } consecutive calendar months added up must give a share of at least { $percent } %. A month without data breaks the period.
milestone-activity-met = Met from { $since }: at least { $percent } % of the intervention group in company-oriented activity or ordinary hours over { $months } months.
milestone-activity-not-met = Not met yet: at least { $percent } % of the intervention group in company-oriented activity or ordinary hours over { $months } months.
milestone-month-qualifies = Meets the requirement
milestone-month-does-not-qualify = Does not meet the requirement
milestone-rule-no-months = The period must be at least one month.
milestone-rule-threshold-above-100 = The threshold is a percentage from 0 to 100.

## Monitoring

cpr-wrong-length = The CPR number does not have 10 digits (DDMMYY-SSSS).
cpr-not-digits = The CPR number may only contain digits, optionally with a dash after the sixth.
cpr-invalid-date = The first six digits of the CPR number are not a valid date of birth (DDMMYY).
pseudonym-key-too-short = The pseudonymisation key must be at least 32 bytes; it is { $length }.
monitoring-file-read-failed = Line { $line }: the file could not be read ({ $reason }).
monitoring-file-not-utf8 = Line { $line }: the line is not UTF-8. Save the file as "CSV UTF-8".
monitoring-file-line-too-long = Line { $line }: the line is longer than 1024 characters.
monitoring-file-missing-header = Line { $line }: the first line must be the header cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome.
monitoring-file-wrong-header = Line { $line }: the header must be cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome; column { $column } differs.
monitoring-file-no-rows = The file contains no citizens.
monitoring-file-wrong-field-count = Line { $line }: there must be 8 fields, but there are { $found }.
monitoring-file-missing-value = Line { $line }, column { $field }: the field is empty.
monitoring-file-cpr-wrong-length = Line { $line }, column { $field }: the CPR number does not have 10 digits (DDMMYY-SSSS).
monitoring-file-cpr-not-digits = Line { $line }, column { $field }: the CPR number may only contain digits, optionally with a dash after the sixth.
monitoring-file-cpr-invalid-date = Line { $line }, column { $field }: the first six digits of the CPR number are not a valid date of birth.
monitoring-file-municipality-malformed = Line { $line }, column { $field }: a municipality code is three digits, e.g. 615.
monitoring-file-municipality-unknown = Line { $line }, column { $field }: { $code } is not a Danish municipality code.
monitoring-file-month = Line { $line }, column { $field }: a month is written 2018-02, 02-2018 or 02.2018, or as a date in the month such as 2018-02-28.
monitoring-file-group = Line { $line }, column { $field }: the group is 1, 2, 3, or 0 for not yet assessed.
monitoring-file-yes-no = Line { $line }, column { $field }: write yes or no (or ja/nej, 1/0).
monitoring-file-hours = Line { $line }, column { $field }: ordinary hours are a number with at most two decimals, e.g. 12.5.
monitoring-file-hours-negative = Line { $line }, column { $field }: ordinary hours are written without a sign and cannot be negative.
monitoring-file-hours-too-many = Line { $line }, column { $field }: more than 744 ordinary hours in a month is impossible.
monitoring-file-outcome = Line { $line }, column { $field }: write job, education, flexjob or none (or job, uddannelse, fleksjob, ingen).
nav-monitoring = Monitoring
monitoring-national-heading = Monitoring – the whole country
monitoring-municipality-heading = Monitoring – { $name }
monitoring-milestones = Milestones for the rates
monitoring-fact-rate-2 = Rate 2: the whole gross target group assessed
monitoring-fact-rate-3 = Rate 3: at least { $percent } % of the intervention group in company-oriented activity or ordinary hours
monitoring-kpis = KPIs month by month
monitoring-no-data = No monitoring data has been imported yet.
monitoring-month = Month
monitoring-chart-y-axis = Share (%)
monitoring-chart-x-axis = Month
monitoring-chart-threshold = Rate { $rate } requires { $percent } %
monitoring-chart-desc = The share in per cent for each month from { $from } to { $to }.
monitoring-chart-threshold-desc = The dashed line shows the requirement for rate { $rate }: { $percent } %.
monitoring-fact-rate-3-chart = Share of the intervention group in a company-oriented offer or with ordinary hours
monitoring-count = Count
monitoring-of = Out of
monitoring-share = Share
monitoring-upload = Import monthly data
monitoring-upload-intro = Import a file with one line per citizen per month. CPR numbers are replaced by a pseudonym before anything is stored, and if one line is wrong, nothing is imported. A month imported again for a municipality replaces the earlier one.
monitoring-upload-button = Import
monitoring-upload-failed = The file was not imported
monitoring-format-hint = CSV in UTF-8 with the header { $header } and one line per citizen per month. CPR numbers are not stored: they are replaced by pseudonyms while the file is read.
monitoring-preview-heading = Check the file before it is imported
monitoring-preview-not-imported = The file has not been imported yet
monitoring-preview-intro = The file has { $rows } lines. In { $drops ->
    [one] one month
   *[other] { $drops } months
} there are fewer than half as many citizens as in the month before. This most often happens when an extract holds only some of the citizens. Check the figures before the file replaces the stored data.
monitoring-preview-caption = Citizens in the file by municipality and month
monitoring-preview-municipality = Municipality
monitoring-preview-month = Month
monitoring-preview-persons = Citizens
monitoring-preview-group1 = Group 1
monitoring-preview-group2 = Group 2
monitoring-preview-group3 = Group 3
monitoring-preview-unassessed = Not assessed
monitoring-preview-compared = Compared with
monitoring-preview-change = Change
monitoring-preview-first-month = First month (nothing to compare with)
monitoring-preview-sharp-drop = Sharp drop
monitoring-preview-replaced = The stored data for the same month
monitoring-preview-fewer = { $n } fewer (−{ $percent } %)
monitoring-preview-more = { $n } more (+{ $percent } %)
monitoring-preview-same = Unchanged
monitoring-preview-confirm-heading = Import the file anyway
monitoring-preview-again = The file is not kept until it is imported, because it holds CPR numbers. So choose the same file again. If the figures are wrong, cancel and import a new extract.
monitoring-preview-reviewed = I have checked the figures, and the file is right
monitoring-preview-unticked = Tick the box if you have checked the figures and want to import the file.
monitoring-preview-file = Choose the same file again
monitoring-preview-import = Import the file
monitoring-preview-cancel = Cancel
monitoring-preview-other-file = The file is not the one you checked. Check the figures for this file.
monitoring-api-sharp-drop = The file was not imported: in { $drops } month(s) there are fewer than half as many citizens as in the month before. Check the figures, and send the same file again with ?confirm= and the token to import it.
monitoring-imported = { $rows } lines imported.
monitoring-no-key = The pseudonymisation key (TILSKUD_PSEUDONYM_KEY) is not set on the server, so monitoring data cannot be imported.
monitoring-other-municipality = Line { $line }, column { $field }: the line is for municipality { $code }; you can only import data for your own municipality.
monitoring-duplicate-person = Line { $line }, column { $field }: the same citizen appears twice for the same municipality and month.
monitoring-duplicate-person-somewhere = The same citizen appears twice for the same municipality and month in the file; the database did not say on which line.
monitoring-status-heading = Status as of { $month }
monitoring-status-intro = The latest month with data, in the terms of STAR's status note: how many of the gross target group are assessed, how the assessed split into the groups, and how many in the intervention group have a personal job broker or are in a company-oriented offer.
monitoring-status-coverage = { $reported } of { $applicants } applying municipalities have reported this month.
monitoring-status-later = Later months are only partly reported and are not part of the status: { $months }.
monitoring-status-none-complete = No month has yet been reported by every reporting municipality, so no national status is shown.
monitoring-partial-month = partial: { $reported }
monitoring-partial-hint = Months not reported by every reporting municipality are marked "partial" in the tables and left out of the charts: their sums are no national figure.
monitoring-reported-of = { $reported } of { $reporting } municipalities
monitoring-status-figure = Figure
monitoring-status-assessed = Assessed, of the gross target group
monitoring-status-group1 = In group 1 (intervention group), of the assessed
monitoring-status-group2 = In group 2 (rehabilitation team), of the assessed
monitoring-status-group3 = In group 3 (social services), of the assessed
monitoring-status-job-broker = With a personal job broker, of group 1
monitoring-status-company-offer = In a company-oriented offer, of group 1
monitoring-download-csv-excel = Download the KPIs as CSV for Excel (Danish)
monitoring-download-csv = The KPIs as CSV for other systems (comma separator, point as decimal sign)
monitoring-download-xlsx = Download the KPIs as a spreadsheet (XLSX)
monitoring-kpi = KPI
monitoring-share-percent = Share (%)
monitoring-unassessed-heading = Citizens in the municipality's data never assessed
monitoring-unassessed-intro = Citizens the municipality has reported who are in group 0 (not yet assessed) in every month they appear in, up to the latest month. They are shown by their pseudonym, never by CPR number; a citizen has the same pseudonym in every month. Only the municipality's own users see this list.
monitoring-unassessed-count = { $count ->
    [0] No citizen in the municipality's data is still to be assessed.
    [one] 1 citizen in the municipality's data has never been assessed.
   *[other] { $count } citizens in the municipality's data have never been assessed.
}
monitoring-unassessed-shown = The first { $shown } are shown here; download the CSV file to see them all.
monitoring-unassessed-not-in-data = { $count ->
    [0] Every citizen in STAR's gross target group figure ({ $gross }) appears in the municipality's data.
    [one] 1 citizen of STAR's gross target group figure ({ $gross }) does not appear in the municipality's data ({ $seen } distinct citizens).
   *[other] { $count } citizens of STAR's gross target group figure ({ $gross }) do not appear in the municipality's data ({ $seen } distinct citizens). Who they are the system cannot know: STAR's figure is a count, not a list.
}
monitoring-unassessed-pseudonym = Pseudonym
monitoring-unassessed-first = First seen
monitoring-unassessed-last = Last seen
monitoring-unassessed-months = Months
monitoring-unassessed-csv = Download the whole list as CSV (full pseudonyms)

# Accounts (regnskab): the certification rule, said before the user starts (domain::accounts::CertificationRule)
account-certification-auditor = A grant of { $grant } is over { $threshold }: auditor-certified account.
account-certification-management = A grant of { $grant } is not over { $threshold }: management-certified account.
account-certification-interim = Interim account: always management-certified.
account-not-editable = The account cannot be changed now (status: { $status }).
account-year-outside = The account does not cover { $year }.
account-line-repeated = The cost item already has a line for that year.
account-no-lines = Enter at least one line of spending.
account-comment-required = The spending differs from the budget by more than { $tolerance }: add a comment.
account-document-required = Attach the document as a PDF.
account-field-error = { $field }: { $message }
document-empty = The file is empty.
document-not-pdf = The file is not a PDF. Only PDF files can be attached, whatever the file is called.
document-too-large = The file is too large (at most { $limit_mb } MB).
document-name-invalid = The file needs a name of at most 255 characters.

# accounts: municipality
account-kind = Account
account-kind-interim = Interim account
account-kind-final = Final account
account-status-draft = Not submitted
account-status-submitted = Submitted
account-status-in-review = In review
account-status-sent-back = Sent back
account-status-approved = Approved
account-status-cancelled = Cancelled
account-status-version = { $status } (version { $version })
account-heading = { $kind }: { $municipality }
account-deadline = Deadline
account-deadline-moved = Moved by the agency to { $deadline } on { $on }: { $reason }
account-overdue = The deadline has passed
account-certification = Certification
account-certification-name-management = Management-certified
account-certification-name-auditor = Auditor-certified
account-required-documents = Documents to attach
account-purpose-declaration = Management declaration (signed)
account-purpose-auditor-report = Auditor's report
account-purpose-final-report = Final report
account-purpose-attachment = Attachment
account-purpose-required = Choose what the document is.
account-claim-heading = Repayment claim
account-claim-text = Claim { $no } of { $amount }, due { $due }
account-claim-letter = See the repayment claim letter
account-claim-status-open = open
account-claim-status-received = received
account-claim-status-written-off = written off
account-sent-back = The account was sent back
account-earlier-version = You are looking at an earlier, submitted version. It cannot be changed.
account-lines = Budget and actual spend
account-lines-intro = Enter the actual spend per cost item and year in kroner, e.g. 1.234.567,50. Leave the field empty where nothing was spent.
account-budget = Budget
account-actual = Actual spend
account-comment = Comment
account-deviates = Deviates
account-tolerance-rule = Where the spend deviates from the budget by more than { $tolerance }, the line needs a comment.
account-documents = Documents
account-no-documents = No documents attached yet.
account-signature = Certification
account-audit-firm = Audit firm
account-auditor-name = Auditor's name
account-manager-name = Signing manager's name
account-manager-title = Manager's title
account-signed-on = Date signed
account-to-submit = Save and submit …
account-upload-heading = Attach a document (PDF)
account-purpose = What the document is
account-file = File
account-file-hint = PDF only, at most { $limit_mb } MB.
account-upload = Attach
account-csv-heading = Read lines from CSV
account-csv-intro = The lines can be read from a semicolon-separated CSV file: cost item; year; actual spend; comment. The template has the budget filled in and opens in Excel.
account-csv-template = Download the template (CSV)
account-csv-file = CSV file
account-csv-upload = Read lines
account-not-started = The municipality has not started the account yet.
account-back = Back to the account
account-confirm-heading = Submit { $kind }: { $municipality }
account-confirm-freeze = When you submit, version { $version } is frozen: it cannot be changed afterwards. You get a receipt.
account-submit = Submit the account
account-list-caption = Accounts
account-done-saved = The draft is saved.
account-done-submitted = The account is submitted.
account-done-uploaded = The document is attached.
account-done-lines = The lines are read into the draft.
account-csv-not-utf8 = The CSV file is not UTF-8. Save it as "CSV UTF-8" in Excel.
account-csv-unreadable = Line { $line }: the line cannot be read.
account-csv-item = Line { $line }, column { $column }: unknown cost item.
account-csv-year = Line { $line }, column { $column }: the year is not a year.
account-csv-year-outside = Line { $line }, column { $column }: the account does not cover that year.
account-csv-amount = Line { $line }, column { $column }: the amount cannot be read (write e.g. 1.234,50).
account-csv-comment = Line { $line }, column { $column }: the comment is too long (at most 2000 characters).
account-csv-repeated = Line { $line }, column { $column }: the cost item is already there for that year.
# accounts: officer
nav-accounts = Accounts
officer-accounts-heading = Accounts
officer-accounts-pool = Pool
officer-accounts-kind = Account
officer-accounts-deadline = Deadline
officer-accounts-status = Status
officer-accounts-certification = Certification
officer-accounts-claim = Repayment claim
officer-accounts-claim-no = Claim no.
officer-accounts-claim-amount = Claim (DKK)
officer-accounts-claim-status = Claim status
officer-accounts-days-overdue = Days overdue
officer-accounts-none = No accounts match the filter.
officer-accounts-filter-all = All
officer-accounts-filter-status = Status
officer-accounts-filter-kind = Account
officer-accounts-filter-municipality = Municipality (name or code)
officer-accounts-filter-overdue = Overdue only
officer-accounts-filter-apply = Show
officer-accounts-download-csv = Download as CSV (Excel)
officer-accounts-download-xlsx = Download as Excel file
officer-account-standing-due = With the municipality
officer-account-standing-overdue = Overdue
officer-account-standing-overdue-days = { $days ->
    [one] Overdue by 1 day
   *[other] Overdue by { $days } days
}
officer-account-standing-submitted = Submitted
officer-account-standing-in_review = In review
officer-account-standing-sent_back = Sent back
officer-account-standing-approved = Approved
officer-account-standing-cancelled = Cancelled
review-kind-interim = Interim account
review-kind-final = Final account
review-certification-management = Management-certified
review-certification-auditor = Auditor-certified
review-status-draft = Not submitted
review-status-submitted = Submitted
review-status-in_review = In review
review-status-sent_back = Sent back
review-status-approved = Approved
review-status-cancelled = Cancelled
review-purpose-declaration = Management declaration
review-purpose-auditor_report = Auditor's report
review-purpose-final_report = Final report
review-purpose-attachment = Attachment
review-start = Start the review
review-nothing-submitted = The municipality has not submitted the account.
review-version = Version { $version }, receipt { $receipt }, submitted { $at }.
review-figures = Figures: budget against actual
review-tolerance = Lines deviating more than { $tolerance } from the budget are highlighted.
review-budget = Budget
review-actual = Actual
review-comment = Municipality's comment
review-deviates = deviates
review-ineligible = Ineligible (DKK)
review-ineligible-reason = Reason
review-spend-against-paid = Total spend { $actual } against { $paid } paid so far.
review-content = Content: certification and report
review-signer = Signed by
review-audit-firm = Audit firm
review-signed-on = Date signed
review-documents = Documents
review-figures-checked = The figures are checked
review-content-checked = The content is checked (certification and report)
review-save = Save the review
review-decide = Decision
review-approve = Approve the account
review-approve-confirm = Yes, approve the account
review-approve-heading-interim = Approve the interim account for { $pool } – { $municipality }
review-approve-heading-final = Approve the final account for { $pool } – { $municipality }
review-send-back = Send back to the municipality
review-send-back-reason = Reason for sending back
review-sent-back = The account was sent back
review-cancel = Cancel
review-confirm-interim = Approving the interim account lets the rate it gates be paid. The approval cannot be undone.
review-confirm-final = Approving the final account settles the grant with the figures below: rates beyond the approved spend are cancelled or cut, and a repayment claim is created and sent to the municipality. The approval cannot be undone.
review-confirm-rate = Rate { $rate } can be paid after the approval.
review-confirm-mail = The contact person is told by email.
review-deadline-moved = On { $at } the deadline was moved to { $deadline }: { $reason }
review-deadline-heading = Move the deadline
review-deadline-new = New deadline
review-deadline-reason = Reason (shown to the municipality)
review-deadline-move = Move the deadline
review-not-possible = Not possible now (the account's status: { $status }).
review-checks-required = Tick both figures and content, and save, before approving.
review-ineligible-above-actual = The amount is more than the line's spend ({ $actual }).
review-ineligible-reason-required = Give a reason for the ineligible amount.
settlement-heading = Settlement
settlement-heading-preview = Settlement on approval
settlement-commitment = Commitment
settlement-actual = Spend according to the account
settlement-ineligible = Ineligible
settlement-eligible = Eligible (at most the commitment)
settlement-paid = Paid
settlement-claim = Repayment claim
settlement-rate-keep = Rate { $rate } is paid in full.
settlement-rate-cut = Rate { $rate } is cut to { $amount }
settlement-rate-cancel = Rate { $rate } is cancelled (account).
claim-heading = Repayment claim
claim-summary = Claim { $no } of { $amount }, due { $due }
claim-status-open = open
claim-status-received = received
claim-status-written_off = written off
claim-letter = Repayment letter
claim-received-on = Received on
claim-mark-received = Record the payment
claim-write-off-reason = Reason for writing off
claim-write-off = Write the claim off
claim-not-open = The claim is not open (status: { $status }).
claim-received-future = The date of payment cannot be after today.
settlement-rate-paid = Rate { $rate } is paid: { $amount }
settlement-rate-withdrawn = Rate { $rate } is cancelled (withdrawn).

# Rates and payouts (pages)
rate-state-not-due = Not due yet
rate-state-conditions-not-met = Conditions not met
rate-state-payable = Payable
rate-state-requested = Payment requested
rate-state-prepared = Prepared, awaiting approval
rate-state-approved = Approved, awaiting payment
rate-state-exported = Sent for payment
rate-state-paid = Paid
rate-state-cancelled = Cancelled
rate-open = Open rate { $rate }
rate-condition-met = Met
rate-condition-not-met = Not met
rate-condition-overridden = Exception approved
rate-condition-overridden-by = An exception is approved (no. { $id }).
rate-payable-from = Payable from
rate-payment-reference = Payment reference
rate-payout = Payout
rate-payout-line = No. { $id }: { $state }
payout-status-prepared = prepared, awaiting a second officer's approval
payout-status-approved = approved, awaiting a payment batch
payout-status-exported = sent to the state's finance system
payout-status-paid = paid
payout-status-rejected = rejected
payout-status-cancelled = cancelled
rate-heading = Rate { $rate } – { $municipality } ({ $pool })
rate-conditions-heading = Conditions
rate-request-heading = Request payment
rate-request-note = Note to the agency (optional)
rate-request-files = Attachments (PDF, optional)
rate-request-submit = Request payment
rate-officer-heading = Case handling
rate-prepare-hint = The conditions are checked again and the evidence is frozen into the payout. A second officer must approve it.
rate-prepare = Prepare payout
rate-approve-hint = You approve a payout of { $amount } to the municipality. You cannot approve a payout you prepared yourself.
rate-approve = Approve payout
rate-reject-reason = Reason for rejecting the payout
rate-reject = Reject the payout
rate-refuse-reason = Reason for refusing the request
rate-refuse = Refuse the request
rate-override-heading = Documented exception
rate-override-hint = An exception from a condition needs a reason and a second officer's approval before the rate can be paid.
rate-override-condition = Condition
rate-override-reason = Reason and documentation
rate-override-propose = Propose exception
rate-override-approve = Approve the exception
rate-override-reject = Reject the exception
rate-override-pending = Exception from "{ $condition }" proposed by { $who }: { $reason }
rate-cancel-heading = Cancel the rate
rate-cancel-for = Reason
rate-cancel-for-milestone_not_met = The milestone was not met by the end of the period
rate-cancel-for-decision = Another documented decision
rate-cancel-note = Explanation
rate-cancel = Cancel the rate
rate-history-heading = History
rate-history-requested = { $who } requested payment. { $note }
rate-history-refused = { $who } refused the request: { $reason }
rate-history-prepared = { $who } prepared the payout of { $amount }
rate-history-approved = { $who } approved the payout.
rate-history-rejected = { $who } rejected the payout: { $reason }
rate-history-cancelled = { $who } cancelled the payout: { $reason }
rate-history-batched = The payout went into payment batch { $batch }.
rate-history-override-proposed = { $who } proposed an exception from "{ $condition }": { $reason }
rate-history-override-approved = { $who } approved the exception from "{ $condition }".
rate-history-override-rejected = { $who } rejected the exception from "{ $condition }".
rate-condition-name-on_commitment = Commitment given
rate-condition-name-not_before = Earliest date
rate-condition-name-finance_act = Finance act passed
rate-condition-name-whole_group_assessed = Whole gross target group assessed
rate-condition-name-activity_share = Share of the intervention group active
rate-condition-name-results_share = Share of the intervention group with a result
rate-condition-name-interim_account = Interim account approved
rate-condition-name-final_account = Final account approved
rate-condition-on-commitment-met = The commitment is given.
rate-condition-on-commitment-not-met = The commitment is not active.
rate-condition-not-before-met = Not before { $instant }: reached.
rate-condition-not-before-not-met = Not before { $instant }: not reached yet.
rate-condition-finance-act-met = The finance act for { $year } was passed on { $passed } ({ $reference }).
rate-condition-finance-act-not-met = The finance act for { $year } is not registered as passed yet.
rate-condition-whole-group-assessed-met = The whole gross target group is assessed: { $assessed } of { $gross }.
rate-condition-whole-group-assessed-not-met = The whole gross target group is not assessed: { $assessed } of { $gross }, { $short } to go.
rate-condition-activity-share-met = At least { $percent } % of the intervention group in company-oriented activity or ordinary hours over { $months } months: met up to { $since } ({ $figures }).
rate-condition-activity-share-not-met = At least { $percent } % of the intervention group in company-oriented activity or ordinary hours over { $months } months: not met. Latest months: { $figures }.
rate-condition-results-share-met = At least { $percent } % of the intervention group with a job, education or flex job in a month: met in { $since }.
rate-condition-results-share-not-met = At least { $percent } % of the intervention group with a job, education or flex job in a month: not met. Best month: { $best }.
rate-condition-interim-account-met = The interim account is approved ({ $certification }).
rate-condition-interim-account-not-met = The interim account is not approved (status: { $status }).
rate-condition-final-account-met = The final account is approved ({ $certification }).
rate-condition-final-account-not-met = The final account is not approved (status: { $status }).
rate-evidence-share = { $month }: { $share } ({ $num } of { $den })
rate-evidence-no-months = no months with data
rate-evidence-no-account = no account
rate-instant = { $date } at { $time }
certification-management = management-certified
certification-auditor = auditor-certified
payout-queue-heading = Payouts – { $pool }
payout-queue-empty = None.
payout-queue-open = Open
payout-queue-open-heading = The rate's page
payout-queue-requested = Requests from the municipalities
payout-queue-requested-at = Requested
payout-queue-prepared = Prepared, awaiting a second officer's approval
payout-queue-prepared-by = Prepared by
payout-queue-approved = Approved, ready for a payment batch
payout-queue-approved-by = Approved by
payout-queue-payable = Payable, not requested
payout-queue-payable-since = Not before
payout-batch-hint = { $count } approved payouts totalling { $amount } go into one batch for the state's finance system.
payout-batch-create = Make payment batch
payout-batches-heading = Payment batches
payout-batch-no = No.
payout-batch-created = Made
payout-batch-count = Payouts
payout-batch-paid-on = Paid on
payout-batch-not-paid = Not paid yet
payout-batch-heading = Payment batch { $id }
payout-batch-lines = Payouts in the batch
payout-letter-no = Commitment letter no.
payout-batch-mark-paid-heading = Mark the batch paid
payout-batch-mark-paid-hint = The batch's rates are marked paid, and each municipality's contact person gets an email.
payout-batch-mark-paid = Mark as paid
# Finance acts (finanslove): registered by an officer; rates may wait for them (docs/rates.md)
nav-finance-acts = Finance acts
finance-acts-heading = Finance acts
finance-acts-intro = A rate that waits for a year's finance act can only be paid once that finance act is registered here as passed.
finance-acts-none = No finance acts have been registered yet.
finance-acts-register-heading = Register a passed finance act
finance-acts-register = Register the finance act
finance-act-year = Year
finance-act-year-hint = The year the finance act is for, e.g. 2018.
finance-act-passed-on = Passed on
finance-act-passed-on-hint = The date the Folketing passed the finance act, as dd.mm.yyyy, e.g. 21.12.2017.
finance-act-reference = Reference
finance-act-reference-hint = E.g. "Finansloven for 2018". At most 200 characters.
finance-act-registered-by = Registered by
finance-act-registered-at = Registered
finance-act-correct = Correct
finance-act-correct-link = Correct the finance act for { $year }
finance-act-correct-heading = Correct the finance act for { $year }
finance-act-correct-hint = The year cannot be changed. The correction is kept in the audit log together with what it replaces.
finance-act-save = Save the correction
finance-act-back = Back to the finance acts
finance-act-registered-flash = The finance act for { $year } is registered as passed.
finance-act-corrected-flash = The finance act for { $year } is corrected.
finance-act-year-invalid = Write the year as a whole number from { $min } to { $max }.
finance-act-passed-on-invalid = Write the date the finance act was passed as dd.mm.yyyy (e.g. 21.12.2017).
finance-act-passed-on-future = The date cannot be after today: register the finance act once it is passed.
finance-act-passed-on-year = The finance act for { $year } is passed in { $before } or { $year }: correct the date or the year.
finance-act-reference-invalid = Write a reference to the finance act (at most { $max } characters).
finance-act-already-registered = The finance act for { $year } is already registered: passed { $passed_on }, registered by { $who } { $when }. Correct the registered finance act instead of registering it again.

# Rates and payouts (API helper)
payout-condition-missing = Rate { $rate } cannot be paid yet: { $condition ->
    [on_commitment] the commitment is not active
    [not_before] the date from which the rate may be paid has not come
    [finance_act] the finance act of the year is not registered as passed
    [whole_group_assessed] the whole gross target group is not assessed
    [activity_share] the share in company-oriented activity or ordinary hours is not reached
    [results_share] the share with a result (job, education or flex job) is not reached
    [interim_account] the interim account is not approved
    [final_account] the final account is not approved
   *[other] a condition is not met
}{ $others ->
    [0] {""}
    [one] {" "}and 1 other condition
   *[other] {" "}and { $others } other conditions
}.
payout-rate-in-state = Rate { $rate } cannot be requested or prepared now. The rate's state: { $state ->
    [not_due] not due
    [conditions_not_met] conditions not met
    [payable] payable
    [requested] requested
    [prepared] prepared
    [approved] approved
    [exported] sent for payment
    [paid] paid
    [cancelled] cancelled
   *[other] { $state }
}.
payout-text-required = This field is required.
payout-text-too-long = The text may be at most { $max } characters.
payout-request-not-open = The request is no longer open: it has already been dealt with.
payout-four-eyes = Whoever prepared a payout or proposed an exception cannot approve it themselves. Another officer must approve it.
payout-not-prepared = The payout cannot be approved because it is not prepared. Its status: { $status ->
    [approved] approved
    [exported] sent for payment
    [paid] paid
    [rejected] rejected
    [cancelled] cancelled
   *[other] { $status }
}.
payout-not-stoppable = The payout cannot be rejected because it is no longer prepared or approved. Its status: { $status ->
    [exported] sent for payment
    [paid] paid
    [rejected] rejected
    [cancelled] cancelled
   *[other] { $status }
}.
payout-rate-not-cancellable = Rate { $rate } cannot be cancelled. The rate's state: { $state ->
    [approved] approved (reject the payout first)
    [exported] sent for payment
    [paid] paid
    [cancelled] cancelled
   *[other] { $state }
}.
payout-override-condition = Choose one of the rate's conditions. No exception can be made from the commitment itself.
payout-override-already-met = The condition is already met, so no exception is needed.
payout-override-exists = An exception from this condition has already been proposed or approved.
payout-override-not-proposed = The exception has already been decided.
payout-batch-nothing-approved = There are no approved payouts to put in a batch.
payout-batch-changed = The payouts changed in the meantime. Reload the page and try again.
payout-batch-paid-before-created = The payment date cannot be before the day the batch was made.
payout-batch-already-paid = The batch is already marked as paid.
payout-cancel-for-invalid = Choose why the rate is cancelled: the milestone was not met (milestone_not_met) or another decision (decision).
payout-decide-required = State whether the exception is approved (true) or rejected (false).
idempotency-key-invalid = The Idempotency-Key must be 1 to { $max } visible ASCII characters.
idempotency-key-reused = This Idempotency-Key was already used for a different request. Use a new key for a new request.
idempotency-key-in-progress = A request with this Idempotency-Key is being processed. Try again shortly.
payout-queue-link = Payouts

## Pool ledger and forecast (docs/rates.md, "Ledger and forecast")
ledger-link = Ledger and forecast
ledger-heading = Ledger and forecast: { $pool }
ledger-lead = The pool holds { $amount }; { $committed } of it is committed. The figures are those of each rate's page: a rate's state comes from its conditions.
ledger-years-heading = By finance-act year
ledger-years-hint = Each rate belongs to the finance act of the year its condition names (else the year of its earliest date, else the year of the commitment). Each krone committed is in exactly one column from Paid to Cancelled. Repayment claims are in the year the money came back (else their due year).
ledger-year = Finance-act year
ledger-committed = Committed
ledger-paid = Paid
ledger-approved = Approved, not paid
ledger-in-process = Requested or prepared
ledger-payable = Payable, not requested
ledger-not-due = Not due
ledger-not-met = Conditions not met
ledger-cancelled = Cancelled or cut
ledger-claimed = Claimed back
ledger-reclaimed = Repaid
ledger-state = State
ledger-upcoming-heading = Rates not yet payable
ledger-upcoming-none = Every rate is payable or closed.
ledger-from = Earliest from
ledger-waits-on = Missing
ledger-forecast-heading = Cash-flow forecast by month
ledger-forecast-hint = Paid is in the month the rate was paid. Rates approved, requested, prepared or payable are expected in { $month }. A rate waiting only on its date or the finance act is expected in its month. A rate waiting on a milestone is not placed until a what-if gives it a month.
ledger-forecast-none = Nothing is paid and nothing expected yet.
ledger-unplaced = { $count } rates totalling { $amount } wait on a milestone and are not placed in the forecast.
ledger-month = Month
ledger-expected = Expected
ledger-cumulative = Cumulative
ledger-chart-label = Paid and expected by month with the cumulative sum
ledger-what-if-heading = What if
ledger-what-if-hint = Choose a municipality and a rate, and the month the municipality meets the rate's milestones. The forecast is shown with and without the assumption; nothing is saved.
ledger-what-if-month-label = Milestone met in month
ledger-what-if-month-hint = Year and month, e.g. 2027-03.
ledger-what-if-submit = Show the forecast
ledger-what-if-clear = Remove the assumption
ledger-what-if-text = Assumed: { $municipality } meets the milestones of rate { $rate } in { $month }.
ledger-what-if-unplaced = Unplaced then: { $amount }
ledger-what-if-expected = Expected with the assumption
ledger-what-if-cumulative = Cumulative with the assumption
ledger-what-if-code = Choose a municipality with a commitment in the pool.
ledger-what-if-rate = Choose a rate the municipality's commitment has.
ledger-what-if-month = Write the month as year and month, e.g. 2027-03.
ledger-rate-option = Rate { $rate }
ledger-forecast-months-hint = The table lists the months with something paid or expected; the chart and the CSV file have every month.
ledger-period-ended = The grant period ended { $date } with the milestone not met: the rate may be cancelled for that reason.

## The officers' list of municipalities (/municipalities)
municipalities-heading = Municipalities
municipalities-intro = All 98 municipalities with their official municipality code. Search by name or code, and open the municipality's page or its monitoring.
municipalities-search = Search for a municipality
municipalities-search-hint = Name or municipality code, e.g. Horsens or 615
municipalities-search-button = Search
municipalities-show-all = Show all municipalities
municipalities-count = Showing { $shown } of { $total } municipalities
municipalities-none = No municipality matches “{ $query }”. Search for part of the name or for the three-digit municipality code.
municipalities-caption = Municipalities with code and region
municipalities-name = Municipality
municipalities-code = Code
municipalities-region = Region
municipalities-monitoring = Monitoring
municipalities-monitoring-link = Monitoring for { $name }

## Which months the monitoring tables show
monitoring-table-months = The tables show the latest { $shown } of { $total } months. The charts and the files have them all.
monitoring-table-months-all = Show every month in the tables
monitoring-table-months-every = The tables show all { $total } months.
monitoring-table-months-recent = Show only the latest { $shown } months

## Request ids (issue 15)

error-request-id = Request id: { $id }

# Bodies over their limit, and input the server cannot read (http::bad_input)
body-too-large = The request is too large: it may be at most { $limit }. Nothing was saved.
body-unreadable = The request's content could not be read. Please try again.
json-content-type = Send the body as JSON (Content-Type: application/json).
json-unreadable = The request's JSON could not be read.
json-syntax = The request's JSON is not written correctly (line { $line }, column { $column }).
json-eof = The request's JSON ends too early (line { $line }, column { $column }).
json-missing-field = The field "{ $field }" is missing.
json-unknown-field = The field "{ $field }" is not known here.
json-wrong-value = The value at line { $line }, column { $column } cannot be used here.
json-expected-text = The value at line { $line }, column { $column } must be text (in quotes).
json-expected-whole = The value at line { $line }, column { $column } must be a whole number.
json-expected-count = The value at line { $line }, column { $column } must be a whole number, 0 or more.
json-expected-number = The value at line { $line }, column { $column } must be a number.
json-expected-boolean = The value at line { $line }, column { $column } must be true or false.
json-expected-list = The value at line { $line }, column { $column } must be a list.
json-expected-object = The value at line { $line }, column { $column } must be an object with fields.
query-invalid = The address's parameters cannot be read. Check the values after "?".
query-missing = The address lacks the parameter "{ $field }".
form-invalid = The form could not be read. Reload the page and try again.
form-missing = The form lacks the field "{ $field }". Reload the page and try again.
text-control-chars = The text must not contain control characters (such as a NUL character, a tab or a line break in a name).
date-out-of-range = The date must lie between the years 1900 and 2100.
pool-activity-months-range = The period must be between 1 and { $max } months.

## Progression questionnaire

nav-questionnaire = Questionnaire
role-caseworker = Caseworker
questionnaire-heading = Questionnaire
questionnaire-municipality-heading = Questionnaire: { $name }
questionnaire-new-heading = Record a measurement
questionnaire-form-subheading = { $name } · question set version { $version }
questionnaire-results-national-heading = Questionnaire results: the whole country
questionnaire-results-municipality-heading = Questionnaire results: { $name }
questionnaire-intro = The citizen answers the same questions at the first conversation (baseline), again a year later (follow-up) and, if they leave before that, when they leave (exit). The answers show how the citizen's readiness for work develops.
questionnaire-illustration-heading = Illustration
questionnaire-illustration = This question set was made for the demonstration and is not the agency's question set.
questionnaire-no-set = The pool has no question set yet. A grant officer at the agency uploads it.
questionnaire-own-page = My municipality's questionnaire
questionnaire-own-results = My municipality's results
questionnaire-national-results = Results for the whole country
questionnaire-results = Results for the municipality
questionnaire-overview-link = The pool's questionnaire
questionnaire-back = Back to the questionnaire
questionnaire-set-heading = The questions
questionnaire-set-version = Version { $version }, saved { $saved }, with { $questions ->
    [one] one question
   *[other] { $questions } questions
}.
questionnaire-set-caption = The questions of version { $version }
questionnaire-set-csv = Download as CSV (for Excel)
questionnaire-older-versions = Earlier versions
questionnaire-col-number = No.
questionnaire-col-question = Question
questionnaire-col-code = Code
questionnaire-col-kind = Kind
questionnaire-col-required = Required
questionnaire-col-answers = Answers
questionnaire-col-version = Version
questionnaire-col-saved = Saved
questionnaire-col-questions = Questions
questionnaire-required-yes = Yes
questionnaire-required-no = No
questionnaire-qkind-scale = Scale
questionnaire-qkind-yes-no = Yes/no
questionnaire-qkind-choice = Choice of answers
questionnaire-qkind-number = Number
questionnaire-answers-scale = { $min }–{ $max } ({ $min } = { $low }, { $max } = { $high })
questionnaire-answers-yes-no = Yes or no
questionnaire-answers-number = A whole number from { $min } to { $max }
questionnaire-window-now = The follow-up can be recorded from { $months ->
    [0] its due date, one year after the baseline
    [one] one month before to one month after its due date, one year after the baseline
   *[other] { $months } months before to { $months } months after its due date, one year after the baseline
}.
questionnaire-upload-set-heading = Upload a question set
questionnaire-upload-set-intro = Download the question set as CSV, edit it in Excel and upload it here. Nothing is saved until the whole file is right. If the current version has been answered, the changed set becomes a new version; answers keep the version they were given under.
questionnaire-upload-set-failed = The question set was not saved
questionnaire-upload-set-button = Upload question set
questionnaire-set-format-hint = The file is UTF-8 with ; or , between the fields and the header { $header }. Keep a question's code from one version to the next.
questionnaire-file = File (CSV)
questionnaire-set-saved = The question set is saved as version { $version }.
questionnaire-set-replaced = The question set is saved. Version { $version } had not been answered yet and has been replaced.
questionnaire-set-unchanged = The question set is the same as version { $version }; nothing has changed.
questionnaire-window-heading = Follow-up window
questionnaire-window-intro = The follow-up is due one year after the baseline. The window is how many months before and after the due date it may be recorded.
questionnaire-window-label = Months before and after the due date
questionnaire-window-hint = A whole number from 0 to 6.
questionnaire-window-save = Save window
questionnaire-window-saved = The follow-up window is now { $months } months before and after the due date.
questionnaire-window-invalid = Enter a whole number of months from 0 to { $max }.
questionnaire-due-counts-heading = The municipalities' measurements
questionnaire-due-counts-intro = The figures of each municipality with measurements. The persons are shown only to the municipality itself.
questionnaire-due-counts-none = No municipality has recorded measurements yet.
questionnaire-col-municipality = Municipality
questionnaire-col-baselines = Baselines
questionnaire-col-followed-up = Follow-ups
questionnaire-col-exited = Exits
questionnaire-col-due-this-month = Due this month
questionnaire-col-overdue = Overdue
questionnaire-total = Total
questionnaire-delivery-heading = Delivery to the evaluator
questionnaire-delivery-intro = The file has one line per answer for every measurement in the pool. The citizens appear under the evaluator's own pseudonym, so the file cannot be joined to tilskud's tables.
questionnaire-delivery-format = Format
questionnaire-delivery-csv = CSV (comma, UTF-8, for programs)
questionnaire-delivery-xlsx = Excel (XLSX)
questionnaire-delivery-button = Deliver to the evaluator
questionnaire-delivery-audit = Every delivery is written to the audit log with who, when, the number of lines and the key's fingerprint.
questionnaire-no-key-heading = The delivery cannot be made
questionnaire-no-evaluator-key = The evaluator's key (TILSKUD_EVALUATOR_KEY) is not set on the server, so the delivery cannot be made. Ask operations to set the key (at least 32 characters).
questionnaire-new = Record a measurement
questionnaire-register = Record
questionnaire-pseudonym-note = Citizens are shown by the first digits of their pseudonym (the whole pseudonym appears when you hover over it). The municipality's case system can compute the same pseudonym from the CPR number.
questionnaire-due-this-month = Follow-up this month
questionnaire-overdue = Follow-up overdue
questionnaire-missing-baseline = Baseline missing
questionnaire-missing-baseline-intro = Persons in group 1 of the municipality's monitoring data without a baseline, with their first month in group 1.
questionnaire-list-empty = None.
questionnaire-list-shown = Showing the first { $shown } of { $total }.
questionnaire-col-person = Citizen (pseudonym)
questionnaire-col-baseline-date = Baseline
questionnaire-col-due = Due
questionnaire-col-window = Can be recorded
questionnaire-col-expected = Expected from
questionnaire-col-action = Action
questionnaire-col-figure = Figure
questionnaire-col-persons = Persons
questionnaire-col-value = Value
questionnaire-counts-heading = The municipality's figures
questionnaire-count-group1 = Persons in group 1 (monitoring)
questionnaire-count-baselines = Baselines
questionnaire-count-followed-up = Follow-ups
questionnaire-count-exited = Exits
questionnaire-count-not-yet = Waiting for the follow-up (window not open)
questionnaire-count-due-this-month = Follow-up this month
questionnaire-count-overdue = Follow-up overdue
questionnaire-count-missing-baseline = Baseline missing
questionnaire-count-pairs = Citizens with both measurements
questionnaire-count-municipalities = Municipalities with measurements
questionnaire-date-range = { $from } – { $to }
questionnaire-import-heading = Upload a file from the case system
questionnaire-import-intro = The file from the case system's progression module has one line per answer. Either the whole file is imported or nothing: any problems are listed above with their line numbers. A measurement already recorded for the citizen is replaced.
questionnaire-import-format-hint = The file is UTF-8 with ; or , between the fields and the header { $header }.
questionnaire-import-button = Upload file
questionnaire-import-failed = The file was not imported
questionnaire-imported = The file is imported: { $measurements ->
    [one] one measurement
   *[other] { $measurements_text } measurements
} from { $lines } lines{ $replaced ->
    [0] .
    [one] ; one measurement replaced an earlier one.
   *[other] ; { $replaced_text } measurements replaced earlier ones.
}
questionnaire-saved = { $kind } of { $date } is saved.
questionnaire-saved-replaced = { $kind } of { $date } is saved and has replaced the one recorded before.
questionnaire-kind-baseline = Baseline
questionnaire-kind-follow-up = Follow-up
questionnaire-kind-exit = Exit
questionnaire-exit-job = Job
questionnaire-exit-education = Education
questionnaire-exit-flex-job = Flex job
questionnaire-exit-rehabilitation-team = Rehabilitation team
questionnaire-status-done = Follow-up recorded
questionnaire-status-exited = Exited
questionnaire-status-not-yet = Waiting for the follow-up
questionnaire-status-due-this-month = Follow-up this month
questionnaire-status-overdue = Follow-up overdue
questionnaire-form-cpr = CPR number
questionnaire-form-cpr-hint = DDMMYY-SSSS. The number is not stored: it is replaced by the citizen's pseudonym at once.
questionnaire-form-cpr-change = Fill in only if the measurement is for another citizen.
questionnaire-form-cpr-received = The CPR number has been received and is not shown again. The citizen's pseudonym:
questionnaire-form-person-from-list = The citizen was chosen from the list. Pseudonym:
questionnaire-form-kind = Measurement
questionnaire-form-date = Date of the answers
questionnaire-form-date-hint = The day the citizen answered the questions.
questionnaire-form-exit-reason = Reason for leaving
questionnaire-form-exit-reason-hint = For an exit only: why the citizen left before the follow-up.
questionnaire-form-no-exit-reason = None (not an exit)
questionnaire-form-questions = Questions
questionnaire-form-question-n = Question { $n }
questionnaire-form-required = Required.
questionnaire-form-optional = May be skipped.
questionnaire-form-unanswered = Not answered
questionnaire-form-number-hint = A whole number from { $min } to { $max }.
questionnaire-form-save = Save measurement
questionnaire-form-cancel = Cancel
questionnaire-cpr-invalid = { $reason ->
    [cpr-not-digits] The CPR number may only contain digits, optionally with a dash after the sixth.
    [cpr-invalid-date] The first six digits of the CPR number are not a valid date of birth (DDMMYY).
   *[other] The CPR number does not have 10 digits (DDMMYY-SSSS).
}
questionnaire-cpr-missing = Enter the citizen's CPR number.
questionnaire-person-invalid = The citizen from the list could not be recognised. Enter the citizen's CPR number.
questionnaire-kind-invalid = Choose which measurement this is.
questionnaire-exit-reason-invalid = Choose one of the reasons in the list.
questionnaire-exit-reason-missing = Choose why the citizen left.
questionnaire-exit-reason-not-allowed = A reason for leaving belongs to an exit measurement only; leave it empty for the other measurements.
questionnaire-answer-not-a-number = The answer must be a whole number.
questionnaire-answer-out-of-range = The answer must be a whole number from { $min } to { $max }.
questionnaire-answer-yes-no = The answer is yes or no.
questionnaire-answer-unknown-option = Choose one of the { $count } answers.
questionnaire-answer-missing = The question must be answered.
questionnaire-sequence-no-baseline = The citizen has no baseline yet. Record it first.
questionnaire-sequence-before-baseline = The date is before the citizen's baseline, or a later measurement is before this date.
questionnaire-sequence-too-early = The follow-up can be recorded from { $opens }, when its window opens.
questionnaire-sequence-follow-up-after-exit = The citizen has an exit measurement and so no follow-up.
questionnaire-sequence-exit-after-follow-up = The citizen has a follow-up and so no exit measurement.
questionnaire-sequence-in-future = The date is in the future.
question-set-header = Line { $line }: the first line must be the header code;kind;required;text_da;text_en;range;labels_da;labels_en.
question-set-no-rows = Line { $line }: the question set has no questions.
question-set-field-count = Line { $line }: there must be 8 fields, but there are { $found }.
question-set-code = Line { $line }, field { $field }: a code is 1–32 of the letters a–z, digits, _ and -.
question-set-duplicate-code = Line { $line }, field { $field }: the code is used already, on line { $first_line }.
question-set-kind = Line { $line }, field { $field }: the kind is scale, yes-no, choice or number (skala, ja-nej, valg, tal).
question-set-required = Line { $line }, field { $field }: write yes or no (empty means yes).
question-set-text-missing = Line { $line }, field { $field }: the text is missing.
question-set-text-too-long = Line { $line }, field { $field }: the text is longer than 500 characters.
question-set-text-control = Line { $line }, field { $field }: the text holds a control character, such as a line break.
question-set-range = Line { $line }, field { $field }: a scale and a number have the range MIN..MAX, e.g. 1..5 (a scale at most 10 steps, a number within -1000000..1000000); empty for yes-no and choice.
question-set-labels = Line { $line }, field { $field }: a scale has two ends, low|high; a choice 2–20 different answers, answer 1|answer 2, as many in Danish as in English; empty for yes-no and number.
question-set-too-many = Line { $line }: a question set has at most 100 questions.
question-set-not-utf8 = Line { $line }: the file is not UTF-8. Save it as "CSV UTF-8".
questionnaire-file-more-problems = And { $more } more problems. Correct the ones shown and upload the file again.
questionnaire-file-other-municipality = Line { $line }, field { $field }: the line is for another municipality; you can only import measurements for your own municipality ({ $code }).
questionnaire-file-sequence = Line { $line }: { $problem ->
    [questionnaire-sequence-no-baseline] the citizen has no baseline in the file or in tilskud.
    [questionnaire-sequence-before-baseline] the date is before the citizen's baseline, or a later measurement is before it.
    [questionnaire-sequence-too-early] the follow-up can be recorded from { $opens }, when its window opens.
    [questionnaire-sequence-follow-up-after-exit] the citizen has an exit measurement and so no follow-up.
    [questionnaire-sequence-exit-after-follow-up] the citizen has a follow-up and so no exit measurement.
    [questionnaire-sequence-in-future] the date is in the future.
   *[other] the measurement does not fit the citizen's other measurements.
}
questionnaire-first-measurement = First measurement
questionnaire-second-measurement = Second measurement
questionnaire-results-counts = Measurements and response rates
questionnaire-results-intro = The response rate is the number of measurements against all persons who have been in group 1 in the monitoring.
questionnaire-results-version = The questions are shown from version { $version }; answers given under earlier versions are counted under the same code.
questionnaire-rate-baseline = Response rate, first measurement
questionnaire-rate-second = Response rate, second measurement
questionnaire-results-questions = The answers question by question
questionnaire-results-second-explained = The second measurement is the follow-up, or the exit for those who left early. The change is counted for the citizens who answered the question at both measurements.
questionnaire-distribution-caption = The answers to "{ $question }"
questionnaire-means-caption = Means for "{ $question }"
questionnaire-col-answer = Answer
questionnaire-col-count = Count
questionnaire-col-share = Share
questionnaire-answered = Answers
questionnaire-mean = Mean
questionnaire-change-ordered = Of the { $pairs } citizens with both measurements, { $higher } answered higher, { $same } the same and { $lower } lower the second time. Mean change: { $mean }.
questionnaire-change-choice = Of the { $pairs } citizens with both measurements, { $changed } chose another answer the second time and { $same } the same.
questionnaire-change-none = No citizen has answered the question at both measurements yet.
questionnaire-chart-desc = The bars show the share of the answers at the first and the second measurement for each answer. The figures are in the table below the chart.
questionnaire-chart-note = Grey bars: { $first }. Blue bars: { $second }. Share of the measurement's answers.
questionnaire-chart-x-axis = Answer
questionnaire-file-line-field = Line { $line }, field { $field }: { $message }
questionnaire-file-read = Line { $line }: the file could not be read ({ $reason }).
questionnaire-file-not-utf8 = Line { $line }: the line is not UTF-8. Save the file as "CSV UTF-8".
questionnaire-file-line-too-long = Line { $line }: the line is longer than 1024 characters.
questionnaire-file-missing-header = Line { $line }: the first line must be the header cpr,municipality_code,measurement,date,exit_reason,question,answer.
questionnaire-file-wrong-header = Line { $line }: the header must be cpr,municipality_code,measurement,date,exit_reason,question,answer; column { $column } differs.
questionnaire-file-no-rows = Line { $line }: the file has a header but no answers.
questionnaire-file-wrong-field-count = Line { $line }: there must be 7 fields, but there are { $found }.
questionnaire-file-missing = Line { $line }, field { $field }: the field is empty.
questionnaire-file-cpr-wrong-length = Line { $line }, field { $field }: the CPR number does not have 10 digits (DDMMYY-SSSS).
questionnaire-file-cpr-not-digits = Line { $line }, field { $field }: the CPR number may only contain digits, optionally with a dash after the sixth.
questionnaire-file-cpr-invalid-date = Line { $line }, field { $field }: the first six digits of the CPR number are not a valid date of birth.
questionnaire-file-municipality-malformed = Line { $line }, field { $field }: a municipality code is three digits, e.g. 615.
questionnaire-file-municipality-unknown = Line { $line }, field { $field }: { $code } is not a Danish municipality code.
questionnaire-file-measurement = Line { $line }, field { $field }: the measurement is baseline, follow-up or exit (førstegangsmåling, opfølgning, afslutning).
questionnaire-file-date = Line { $line }, field { $field }: a date is written 2018-02-28, 28-02-2018 or 28.02.2018 and is in the years 2000–2099.
questionnaire-file-exit-reason-missing = Line { $line }, field { $field }: an exit needs the reason: job, uddannelse, fleksjob or rehabiliteringsteam.
questionnaire-file-exit-reason-not-allowed = Line { $line }, field { $field }: only an exit has a reason; leave the field empty.
questionnaire-file-exit-reason = Line { $line }, field { $field }: the reason is job, uddannelse, fleksjob or rehabiliteringsteam (or education, flexjob, rehabilitation).
questionnaire-file-question-unknown = Line { $line }, field { $field }: no question of the current question set has this code.
questionnaire-file-measurement-differs = Line { $line }, field { $field }: the same measurement of the citizen has another value on an earlier line.
questionnaire-file-question-twice = Line { $line }, field { $field }: the question is already answered on an earlier line of the same measurement.
questionnaire-file-answer-missing = Line { $line }, field { $field }: the question { $code } must be answered but has no answer in this measurement.
questionnaire-file-follow-up-and-exit = Line { $line }, field { $field }: the citizen has both a follow-up and an exit; an exit takes the place of the follow-up.
