# tilskud – dansk (referencesprog). Hver nøgle skal også findes i en.ftl.
# Beløb vises altid i danske kroner med dansk talformat, også på engelsk.

## Applikation og myndighed

app-name = tilskud
app-tagline = Administration af statslige puljer
authority-name = Styrelsen for Arbejdsmarked og Rekruttering
home-link-label = tilskud – gå til forsiden

## Sidehoved og navigation

skip-to-content = Gå til indhold
nav-main-label = Hovedmenu
nav-pools = Puljer
nav-allocation = Fordeling
nav-users = Brugere
nav-audit = Revisionslog
nav-outbox = Udgående post
nav-municipalities = Kommuner
user-heading = Bruger
login = Log ind
logout = Log af

## Sprogvalg

lang-switch-label = Vælg sprog
lang-name-da = Dansk
lang-name-en = English

## Roller

role-officer = Fuldmægtig (STAR)
role-finance = Økonomimedarbejder
role-committee = Udvalgsmedlem
role-admin = Administrator

## Sidefod

footer-label = Sidefod

## Beskeder

alert-info = Information
alert-success = Gennemført
alert-warning = Advarsel
alert-error = Fejl

## Formularer

error-summary-heading = Der er problemer
title-error-prefix = Fejl
title-allocation-version = Fordeling, version { $version }
title-application = Ansøgning
field-error-prefix = Fejl:
field-optional = (frivilligt)
select-placeholder = Vælg

## Tabeller og sidenavigation

table-scroll-label = { $caption } (kan rulles vandret)
table-caption-of-pool = { $caption } – { $pool }
sort-ascending = sorteret stigende
sort-descending = sorteret faldende
pagination-label = Sidenavigation
pagination-first = Første side
pagination-previous = Forrige
pagination-previous-label = Forrige side
pagination-next = Næste
pagination-next-label = Næste side
pagination-last = Sidste side, side { $page }
pagination-page = Side { $page }
pagination-status = Side { $page } af { $total }
pagination-gap = Skjulte sider

## Trinindikator

step-indicator-label = Trin
step-done = Trin { $number } gennemført
step-error = Fejl i trin { $number }

## Fejlsider

error-incident = Fejl-id: { $id }
error-incident-help = Oplys fejl-id'et, hvis du kontakter support, så kan vi finde fejlen.
error-go-home = Gå til forsiden
error-400-title = Forespørgslen kunne ikke behandles
error-400-body = Siden fik oplysninger, den ikke kunne bruge. Gå tilbage, og prøv igen.
error-401-title = Du skal logge ind
error-401-body = Log ind for at se siden.
error-403-title = Du har ikke adgang til siden
error-403-body = Din rolle giver ikke adgang til denne side eller handling. Kontakt en administrator, hvis du mener, at du skal have adgang.
error-404-title = Siden findes ikke
error-404-body = Tjek adressen, eller gå til forsiden og find siden derfra.
error-409-title = Ændringen kunne ikke gemmes
error-409-body = Oplysningerne er blevet ændret, mens du arbejdede med dem. Hent siden igen, og gentag din ændring.
error-413-title = Filen er for stor
error-413-body = Den fil eller de data, du sendte, er større end tilladt. Prøv med en mindre fil.
error-429-title = For mange forespørgsler
error-429-body = Vent et øjeblik, og prøv igen.
error-500-title = Der opstod en fejl
error-500-body = Noget gik galt hos os. Dine ændringer er muligvis ikke gemt. Prøv igen om lidt.
error-503-title = Tjenesten er midlertidigt utilgængelig
error-503-body = tilskud er ved at blive opdateret eller er overbelastet. Prøv igen om lidt.
error-generic-title = Der opstod en fejl
error-generic-body = Siden kunne ikke vises. Prøv igen, eller gå til forsiden.

## Fælles

save = Gem
yes = Ja
no = Nej
total = I alt
municipality = Kommune
municipality-code = Kommunekode
target-group = Målgruppe
nav-municipality = Min kommune
download-csv = Hent som CSV
download-csv-excel = Hent som CSV til Excel
download-csv-machine = CSV til andre systemer (komma som skilletegn, punktum som decimaltegn)
download-xlsx = Hent som Excel (XLSX)

## Fejl

error-not-found = Det, du leder efter, findes ikke.
error-unauthorized = Log ind for at fortsætte.
error-forbidden = Du har ikke adgang til dette.
error-csrf = Formularen er udløbet eller kom fra en anden side. Genindlæs siden, og prøv igen.
error-invalid = Nogle oplysninger er ikke udfyldt korrekt.
error-internal = Der opstod en fejl hos os. Prøv igen senere.
date-invalid = Skriv en gyldig dato, fx 2017-06-02.
datetime-invalid = Skriv dato og klokkeslæt, fx 2017-06-02 12:00.
datetime-nonexistent = Det klokkeslæt findes ikke i dansk tid (sommertiden springer en time over).
time-nonexistent-local = Det klokkeslæt findes ikke i dansk tid (sommertiden springer en time over).
upload-missing = Vælg en CSV-fil at indlæse.
upload-too-large = Filen er for stor (højst 512 kB).
upload-unreadable = Filen kunne ikke læses. Prøv at vælge den igen.

## Log ind

login-heading = Log ind
login-form-kept = Du blev logget af, fordi du ikke havde været aktiv i { $minutes } minutter, og formularen blev ikke sendt. Det, du skrev, er gemt: log ind igen, så får du det tilbage.
login-session-expired = Du blev logget af, fordi du ikke havde været aktiv i { $minutes } minutter, og det, du sendte, blev ikke modtaget. Log ind igen, og send det igen.
kept-heading = Send det, du skrev, igen
kept-intro = Du blev logget af efter { $minutes } minutter uden aktivitet, før formularen blev sendt. Det, du skrev, er gemt her.
kept-page = Siden
kept-action = Handling
kept-filled = Udfyldte felter
kept-explain = Tryk på "Send igen" for at sende formularen, som du udfyldte den. Siden viser bagefter resultatet, som hvis du havde sendt den første gang. Vil du ikke sende den, så gå til siden uden at sende; så slettes det gemte.
kept-send = Send igen
kept-discard = Gå til siden uden at sende
kept-action-save = Gem
kept-action-submit = Indsend
kept-action-withdraw = Træk tilbage
kept-action-approve = Godkend
kept-action-send = Send formularen
timeout-heading = Du bliver snart logget af
timeout-text = Du har ikke været aktiv i { $idle } minutter, og om 2 minutter bliver du logget af af sikkerhedshensyn. Sender du en formular derefter, gemmes det, du skrev, til du logger ind igen.
timeout-stay = Forbliv logget ind
timeout-ended = Du er logget af. Det, du har skrevet, gemmes, når du sender formularen, og du får det tilbage, når du logger ind igen.
login-logged-out = Du er logget af. Sidder du ved en computer, som andre også bruger, så luk browseren.
login-intro = Log ind med dit brugernavn og din adgangskode.
login-username = Brugernavn
login-password = Adgangskode
login-submit = Log ind
login-username-required = Skriv dit brugernavn.
login-password-required = Skriv din adgangskode.
login-wrong = Brugernavn eller adgangskode er forkert.
login-throttled-seconds = For mange forsøg på at logge ind. Vent { $seconds ->
    [one] 1 sekund
   *[other] { $seconds } sekunder
  }, og prøv så igen.
login-throttled-minutes = For mange forsøg på at logge ind. Vent { $minutes ->
    [one] 1 minut
   *[other] { $minutes } minutter
  }, og prøv så igen.

## Beløb

money-empty = Skriv et beløb.
money-negative = Beløbet må ikke være negativt.
money-not-positive = Beløbet skal være større end 0.
money-invalid-character = Beløbet må kun indeholde cifre, punktum som tusindtalsseparator og komma før øre.
money-too-many-decimals = Beløbet kan højst have to decimaler (øre).
money-ambiguous = Beløbet kan læses på flere måder. Skriv fx 1.234.567 eller 1234567,50.
money-malformed = Beløbet er ikke skrevet korrekt. Skriv fx 257.000.000.
money-too-large = Beløbet er for stort. Det kan højst være 1.000.000.000.000 kr.
money-sum-too-large = Beløbene er tilsammen for store til at lægge sammen. Ret de enkelte beløb.

## Kommunekoder

municipality-code-empty = Vælg en kommune.
municipality-code-malformed = Kommunekoden skal være tre cifre, fx 615.
municipality-code-unknown = Kommunekoden findes ikke blandt de 98 kommuner.

## Puljer

pools-heading = Puljer
pools-new = Opret pulje
pools-empty = Der er endnu ingen puljer.
pool-name = Navn
pool-name-invalid = Skriv puljens navn (højst 200 tegn).
pool-finance-account = Finanslovskonto
pool-finance-account-hint = Fx FL § 17.46.64.10
# Pool form: the account rules (pool_account_settings, docs/accounts.md)
pool-account-rules = Regler for regnskaber
pool-account-rules-hint = Gælder tilsagn, der gives efter ændringen; regnskaber, der allerede er oprettet, beholder deres frist og påtegning. Tolerance, betalingsfrist og påmindelser gælder fra nu af.
pool-interim-rate = Mellemregnskab før rate
pool-interim-rate-hint = Nummeret på den rate, der først udbetales, når mellemregnskabet er godkendt (fx 2). Tomt: intet mellemregnskab.
pool-interim-rate-invalid = Skriv nummeret på en af puljens rater efter den første, eller lad feltet stå tomt.
pool-interim-months = Frist for mellemregnskab (måneder)
pool-interim-months-hint = Antal måneder efter ratens tidligste udbetalingsdato (0–60).
pool-interim-months-invalid = Skriv et helt antal måneder fra 0 til 60.
pool-tolerance = Tolerance for afvigelser (%)
pool-tolerance-hint = En udgiftspost, hvis forbrug afviger mere end dette fra budgettet, skal have en bemærkning (fx 10).
pool-tolerance-invalid = Skriv en procent fra 0 til 100 med højst to decimaler.
pool-claim-days = Betalingsfrist for tilbagebetalingskrav (dage)
pool-claim-days-hint = Antal dage fra afregningen til kravet skal være betalt (1–365).
pool-claim-days-invalid = Skriv et helt antal dage fra 1 til 365.
pool-reminders = Påmindelser (dage i forhold til fristen)
pool-reminders-hint = Adskilt af komma; negative tal er før fristen, fx -14, 0, 7. Tomt: ingen påmindelser.
pool-reminders-invalid = Skriv hele antal dage adskilt af komma, højst 366 fra fristen, fx -14, 0, 7.
pool-rule-interim = Mellemregnskab (ledelsespåtegnet) over forbruget af de udbetalte rater, før rate { $rate } udbetales; frist { $months } måneder efter ratens tidligste udbetalingsdato.
pool-rule-no-interim = Intet mellemregnskab.
pool-rule-final = Slutregnskab for hele perioden med slutrapport: revisorpåtegnet, når tilsagnet er over { $threshold }, ellers ledelsespåtegnet.
pool-rule-tolerance = En udgiftspost, hvis forbrug afviger mere end { $percent } % fra budgettet, skal have en bemærkning.
pool-rule-claim = Et tilbagebetalingskrav skal betales senest { $days } dage efter afregningen.
pool-rule-reminders = Påmindelser om regnskabsfrister sendes på disse dage i forhold til fristen (negative før fristen): { $days }.
pool-rule-no-reminders = Der sendes ingen påmindelser om regnskabsfrister.
pool-account-invalid = Skriv finanslovskontoen (højst 60 tegn).
pool-amount = Puljens beløb
pool-amount-kr = Puljens beløb i kroner
pool-amount-hint = Hele kroner, fx 257.000.000
pool-amount-whole-kroner = Puljens beløb skal være hele kroner, fordi fordelingen sker i hele kroner.
pool-period = Projektperiode
pool-period-start = Projektperiode fra
pool-period-end = Projektperiode til
pool-period-end-before-start = Slutdatoen skal ligge efter startdatoen.
pool-deadline = Ansøgningsfrist
pool-deadline-hint = Dansk tid. En ansøgning modtaget i fristens minut til og med sekund 00 (fx 12.00.00) er rettidig; ét sekund senere er for sent.
pool-deadline-passed = Fristen er overskredet
pool-auditor-threshold = Revisorpåtegning
pool-auditor-threshold-kr = Grænse for revisorpåtegnet regnskab, i kroner
pool-auditor-threshold-hint = Et tilskud over dette beløb kræver revisorpåtegnet slutregnskab; til og med beløbet ledelsespåtegnet.
pool-auditor-rule = Tilskud over { $amount }: revisorpåtegnet regnskab. Til og med { $amount }: ledelsespåtegnet.
pool-note = Bemærkning om målgruppetallene
pool-note-hint = Vises på alle sider med tallene, fx at de er foreløbige eller illustrative.
pool-note-heading = Bemærk om tallene
pool-admin-share = Højeste andel til projektledelse og progressionsværktøjer (%)
pool-admin-share-hint = Tomt betyder ingen grænse. Gælder de to budgetposter tilsammen.
pool-admin-share-invalid = Skriv en procent mellem 0 og 100, fx 10 eller 12,5, eller lad feltet stå tomt.
pool-activity-rule = Rate 3: sådan læses "over en periode på 3 måneder"
pool-activity-rule-hint = Kilden siger ikke, hvordan "mindst 40 % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over en periode på 3 måneder" skal forstås. "Hver måned for sig": andelen skal nå grænsen i hver af månederne i en periode af sammenhængende kalendermåneder. "Lagt sammen": antallene for periodens måneder lægges sammen, så en svag måned kan opvejes af stærkere. En måned uden data afbryder perioden i begge læsninger. Ændringen gælder straks for alle kommuners milepæl.
pool-activity-months = Periodens længde i måneder
pool-activity-months-hint = Antal sammenhængende kalendermåneder, fx 3.
pool-activity-months-invalid = Skriv periodens længde som et helt antal måneder, fx 3.
pool-activity-threshold = Grænse i procent
pool-activity-threshold-hint = En hel procent fra 0 til 100, fx 40. Grænsen afgøres præcist på antallet af borgere, ikke på den afrundede procent.
pool-activity-threshold-invalid = Skriv grænsen som en hel procent fra 0 til 100, fx 40.
pool-activity-reading = Læsning
pool-activity-reading-hint = Hver måned for sig er den strengeste læsning og standard.
pool-activity-each-month = Hver måned for sig skal nå grænsen
pool-activity-pooled = Periodens antal lagt sammen skal nå grænsen
pool-rates = Rater
pool-rates-hint = Hver rates andel i procent (i alt 100 %) og tidligste udbetalingsdato. Tomme rækker ignoreres.
pool-rates-missing = Angiv mindst én rate.
pool-rate-share-invalid = Skriv andelen i procent, fx 30 eller 33,33.
pool-edit = Rediger pulje
pool-own-application = Kommunens ansøgning
pool-target-groups = Målgruppe og ansøgere
pool-allocation = Godkendt fordeling
pool-applicants = Ansøgere
pool-applicants-summary = { $count } kommuner med { $total } borgere i målgruppen
rate-number = Rate
rate-share = Andel
rate-earliest = Tidligst
rate-no-earliest = Ved tilsagn
rate-of-pool = Af puljen
rate-share-n = Rate { $n }: andel i procent
rate-earliest-n = Rate { $n }: tidligst udbetaling
rate-n = Rate { $n }
rate-finance-act-year-n = Rate { $n }: finanslov (år)
rate-activity-percent-n = Rate { $n }: aktiv, mindst % af indsatsgruppen
rate-activity-months-n = Rate { $n }: aktiv, over antal måneder
rate-results-percent-n = Rate { $n }: resultat, mindst % i en måned
rate-whole-group-assessed-n = Rate { $n }: når hele bruttomålgruppen er visiteret
rate-final-account-n = Rate { $n }: når slutregnskabet er godkendt
pool-rate-conditions-hint = Hver rate kan have betingelser; et tomt felt er ingen betingelse. Finanslov: raten udbetales først, når finansloven for det år er vedtaget (fx 2018). Aktiv: mindst så mange procent af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over så mange måneder (1–36), læst som puljen læser rate 3. Resultat: mindst så mange procent af indsatsgruppen kommet i job, uddannelse eller fleksjob i en måned. Procenter er hele procent fra 1 til 100. Mellemregnskabet sættes under Regler for regnskaber.
pool-rate-finance-act-year-invalid = Rate { $rate }: skriv finanslovens år som et årstal fra 2000 til 2100, fx 2018, eller lad feltet stå tomt.
pool-rate-activity-percent-invalid = Rate { $rate }: skriv, hvor stor en del af indsatsgruppen der skal være aktiv, som en hel procent fra 1 til 100, fx 40.
pool-rate-activity-months-invalid = Rate { $rate }: skriv perioden som et helt antal måneder fra 1 til 36, fx 3.
pool-rate-activity-percent-missing = Rate { $rate }: skriv også, hvor mange procent af indsatsgruppen der skal være aktiv, eller tøm feltet med antal måneder.
pool-rate-activity-months-missing = Rate { $rate }: skriv også, over hvor mange måneder indsatsgruppen skal være aktiv, eller tøm procentfeltet.
pool-rate-results-percent-invalid = Rate { $rate }: skriv resultatkravet som en hel procent fra 1 til 100, fx 10.
pool-plan-heading = Betingelser for udbetaling
pool-plan-rate = Rate { $rate }: { $share } %
pool-plan-on-commitment = ved tilsagn
pool-plan-not-before = tidligst { $date }
pool-plan-finance-act = når finansloven for { $year } er vedtaget
pool-plan-when = når { $conditions }
pool-plan-and = { $first } og { $last }
pool-plan-whole-group = hele bruttomålgruppen er visiteret
pool-plan-activity-each-month = mindst { $percent } % af indsatsgruppen har været i virksomhedsrettet indsats eller ordinære timer i hver af { $months } sammenhængende måneder
pool-plan-activity-pooled = mindst { $percent } % af indsatsgruppen har været i virksomhedsrettet indsats eller ordinære timer over { $months } sammenhængende måneder lagt sammen
pool-plan-results = mindst { $percent } % af indsatsgruppen er kommet i job, uddannelse eller fleksjob i en måned
pool-plan-interim = mellemregnskabet er godkendt
pool-plan-final = slutregnskabet er godkendt
rates-empty = Angiv mindst én rate.
rates-not-consecutive = Raterne skal være nummereret fortløbende fra 1.
rates-zero-share = En rate kan ikke have andelen 0.
rates-shares-not-whole = Raternes andele skal tilsammen give præcis 100 %.
rates-earliest-decreases = En rates tidligste dato kan ikke ligge før den foregående rates.

## Forløb

step-pool = Pulje
step-target-groups = Målgruppetal
step-applicants = Ansøgere
step-run = Beregning
step-approve = Godkendelse

## Målgruppe og ansøgere

tg-heading = Målgruppe og ansøgere
tg-import-heading = Indlæs målgruppetal
tg-import-intro = Indlæs STAR's opgørelse som CSV med kolonnerne municipality_code,target_group (komma eller semikolon). Filen erstatter puljens tal; hvis én linje er forkert, indlæses intet.
tg-file = CSV-fil
tg-import = Indlæs
tg-import-failed = Filen blev ikke indlæst
tg-applied-heading = Hvilke kommuner har søgt?
tg-summary = { $counted } kommuner har et målgruppetal; { $applied } har søgt, med { $total } borgere i alt.
tg-applied = Har søgt
tg-applied-for = { $name } har søgt
tg-save-applied = Gem ansøgere
applied-without-count = Kommune { $code } har intet målgruppetal og kan ikke markeres som ansøger.

## CSV

csv-missing-header = Linje { $line }: første linje skal være overskriften municipality_code,target_group.
csv-wrong-header = Linje { $line }: overskriften skal være municipality_code,target_group, men er "{ $found }".
csv-no-rows = Filen indeholder ingen kommuner.
csv-wrong-field-count = Linje { $line }: der skal være 2 felter, men der er { $found }.
csv-unknown-municipality = Linje { $line }: ukendt kommunekode "{ $code }".
csv-duplicate-municipality = Linje { $line }: kommunekode { $code } står også i linje { $first_line }.
csv-negative-count = Linje { $line }: målgruppen kan ikke være negativ ({ $value }).
csv-non-numeric-count = Linje { $line }: målgruppen skal være et helt tal, ikke "{ $value }".
csv-count-too-large = Linje { $line }: målgruppen { $value } er større end nogen kommune kan have (højst 1.000.000).
csv-not-utf8 = Linje { $line }: filen er ikke UTF-8. Gem den som "CSV UTF-8".
csv-too-many-errors = … og { $omitted } fejl mere.

## Fordeling

allocation-run-heading = Beregn fordeling
allocation-run-intro = Fordelingen beregnes ud fra ansøgernes målgruppetal og gemmes som en ny version. Tidligere versioner ændres ikke.
allocation-reason = Begrundelse
allocation-reason-hint = Fx "Fordeling efter ansøgningsfristen" eller "Vordingborg er udtrådt".
allocation-reason-required = Skriv en begrundelse (højst 500 tegn).
allocation-run = Beregn ny version
allocation-versions = Versioner
allocation-version = Version
allocation-version-n = Version { $version }
allocation-version-heading = Fordeling, version { $version } – { $pool }
allocation-no-versions = Der er endnu ikke beregnet nogen fordeling.
allocation-none-approved = Der er endnu ingen godkendt fordeling.
allocation-see-approved = Se godkendt fordeling (version { $version })
allocation-status = Status
allocation-status-draft = Kladde
allocation-status-approved = Godkendt
allocation-status-superseded = Erstattet
allocation-run-by = Beregnet af
allocation-approved-by = Godkendt af
allocation-approve = Godkend denne version
allocation-approved-flash = Version { $version } er godkendt og er nu den gældende fordeling.
allocation-approve-intro = Når versionen godkendes, er det den, der gælder. En tidligere godkendt version bliver markeret som erstattet, men bevares.
allocation-already-decided = Version { $version } kan ikke godkendes igen: den blev godkendt af { $who } { $when }.
allocation-lines = Fordeling pr. kommune
allocation-exact-quota = Nøjagtig andel (kr.)
allocation-rounding-col = Afrunding
allocation-amount = Beløb
allocation-amount-kr = Beløb (kr.)
allocation-extra-summary = { $count } kommuner fik én ekstra krone ved afrundingen.
allocation-confirm-heading = Godkend fordeling, version { $version } – { $pool }
allocation-confirm-total = Beløb i alt
allocation-confirm-municipalities = Kommuner
allocation-confirm-replaces = Erstatter
allocation-confirm-replaces-version = Version { $version }, godkendt af { $who } { $when }
allocation-confirm-replaces-none = Ingen: der er ingen godkendt fordeling endnu
allocation-confirm-reason = Begrundelse for kørslen
allocation-confirm-warning = Godkendelsen kan ikke fortrydes. Version { $version } bliver den gældende fordeling med det samme, og kommunerne ser den. En tidligere godkendt version markeres som erstattet, men bevares.
allocation-confirm-resting-heading = Det, der hviler på den nuværende fordeling
allocation-confirm-resting = { $commitments } tilsagn på i alt { $committed } er givet, og { $rates } rater på i alt { $paid } er udbetalt. Tilsagn og udbetalinger ændres ikke af godkendelsen; de skal ændres hver for sig, hvis det er meningen.
allocation-confirm-resting-none = Der er ikke givet tilsagn eller udbetalt rater i puljen endnu.
allocation-confirm-resting-caption = Kommuner med tilsagn
allocation-confirm-replaced = Nuværende fordeling
allocation-confirm-new = Ny fordeling
allocation-confirm-committed = Tilsagn
allocation-confirm-paid = Udbetalt
allocation-confirm-below = Lavere end tilsagnet
allocation-confirm-button = Godkend version { $version }
allocation-confirm-back = Tilbage uden at godkende
allocation-approved-heading = Godkendt fordeling – { $pool }
allocation-method-heading = Sådan er beløbene beregnet
allocation-method = Hver kommunes andel af puljen svarer til dens andel af målgruppen blandt ansøgerne: puljen × kommunens målgruppe ÷ ansøgernes samlede målgruppe.
allocation-rounding = Beløbene er hele kroner efter største-rest-metoden: alle får først deres nøjagtige andel rundet ned; de kroner, der mangler, gives én ad gangen til de kommuner, hvis nøjagtige andel har den største rest. Derfor summer beløbene præcis til puljen, og ingen kommune er mere end 1 kr. fra sin nøjagtige andel.
allocation-tie-rule = Ved lige store rester går kronen først til kommunen med den største målgruppe og derefter til den laveste kommunekode.
allocation-no-applicants = Ingen kommuner er markeret som ansøgere.
allocation-zero-target-group = Ansøgernes samlede målgruppe er 0, så der er intet at fordele efter.
allocation-total-not-positive = Puljens beløb skal være større end 0.
allocation-duplicate-municipality = En kommune står flere gange blandt ansøgerne.
allocation-overflow = Tallene er for store til at beregne.
allocation-compare = Sammenlign versioner
allocation-compare-pick = Sammenlign
allocation-compare-a = Første version
allocation-compare-b = Anden version
allocation-compare-pick-two = Vælg to versioner at sammenligne.
allocation-compare-heading = { $a } sammenlignet med { $b }
allocation-compare-summary = { $changed } kommuner har et ændret beløb.
allocation-difference = Forskel

## Kommune

municipality-approved = Forventet tilskud efter fordelingsnøglen: { $amount } (godkendt fordeling, version { $version }). Beløbet er ikke bevilget endnu: det bevilges med tilsagnet, når ansøgningen er godkendt.
municipality-rates = Fordeling på rater
municipality-auditor = Tilskuddet er over { $threshold }, så slutregnskabet skal være revisorpåtegnet.
municipality-management = Tilskuddet er højst { $threshold }, så slutregnskabet skal være ledelsespåtegnet.
municipality-no-approved = Kommunen har søgt, men der er endnu ingen godkendt fordeling.
municipality-not-applied = Kommunen har ikke søgt denne pulje.
municipality-target-group = Målgruppe: { $count } borgere.

## Brugere

users-heading = Brugere
users-new = Opret bruger
users-edit = Rediger bruger
user-username = Brugernavn
user-username-hint = 3–64 tegn: bogstaver a–z, cifre og . _ - @
user-username-invalid = Brugernavnet skal være 3–64 tegn og kun bestå af a–z, 0–9 og . _ - @.
user-username-taken = Brugernavnet er allerede i brug.
user-display-name = Navn
user-email = E-mail
user-email-hint = Hertil sendes påmindelser om kommunens regnskaber (økonomimedarbejdere). Kan være tom.
user-display-name-invalid = Skriv brugerens navn (højst 120 tegn).
user-role = Rolle
user-role-invalid = Vælg en rolle.
user-municipality-hint = Kun for økonomimedarbejdere og udvalgsmedlemmer.
user-municipality-required = Vælg kommunen, som brugeren hører til.
user-municipality-not-allowed = Kun kommunale brugere hører til en kommune.
user-password = Adgangskode
user-password-new = Ny adgangskode
user-password-hint = Mindst 10 tegn. Lad feltet stå tomt for at beholde den nuværende.
user-password-hint-new = Mindst 10 tegn.
user-password-too-short = Adgangskoden skal være mindst { $min } tegn.
user-active = Aktiv

## Revisionslog

breadcrumbs-label = Brødkrummesti
mark-yes = Ja
mark-no = Nej
table-scroll-hint = Stryg vandret, hvis tabellen er bredere end skærmen →
audit-heading = Revisionslog
audit-intro = Alle ændringer med hvem, hvornår, hvad og før/efter. Loggen kan kun tilføjes til, og hver post er kædet til den forrige med en hash, så en ændret eller slettet post opdages, når driften efterprøver loggen.
audit-at = Tidspunkt
audit-actor = Hvem
audit-action = Handling
audit-entity = Hvad
audit-change = Ændring
audit-before = Før
audit-after = Efter
audit-what = Hvad skete der
audit-details = Detaljer
audit-technical = Teknisk detalje
audit-entry = Post nr.
audit-system = Systemet
audit-says-other = { $actor }: { $action } ({ $entity }).
audit-says-allocation-run = { $actor } beregnede version { $version } af fordelingen i { $pool }.
audit-says-allocation-approve = { $actor } godkendte version { $version } af fordelingen i { $pool }.
audit-says-pool-create = { $actor } oprettede puljen { $pool }.
audit-says-pool-update = { $actor } ændrede puljen { $pool }.
audit-says-target-group-import = { $actor } indlæste målgruppetallene for { $pool }.
audit-says-target-group-applied = { $actor } ændrede, hvilke kommuner der søger { $pool }.
audit-says-application-save = { $actor } gemte ansøgningen fra { $municipality } til { $pool } som kladde.
audit-says-application-submit = { $actor } indsendte ansøgningen fra { $municipality } til { $pool }.
audit-says-application-withdraw = { $actor } trak ansøgningen fra { $municipality } til { $pool } tilbage.
audit-says-application-request-changes = { $actor } bad { $municipality } om ændringer i ansøgningen til { $pool }.
audit-says-application-reject = { $actor } gav { $municipality } afslag på ansøgningen til { $pool }.
audit-says-commitment-create = { $actor } gav { $municipality } tilsagn i { $pool }.
audit-says-rate-request = { $actor } anmodede om udbetaling af rate { $rate } for { $municipality } i { $pool }.
audit-says-rate-request-document = { $actor } vedlagde et dokument til anmodningen om rate { $rate } for { $municipality }.
audit-says-rate-request-refuse = { $actor } afviste anmodningen om rate { $rate } fra { $municipality }.
audit-says-rate-cancel = { $actor } annullerede rate { $rate } for { $municipality } i { $pool }.
audit-says-rate-override-propose = { $actor } foreslog at se bort fra milepælen for rate { $rate } for { $municipality }.
audit-says-rate-override-decide = { $actor } traf afgørelse om at se bort fra milepælen for rate { $rate } for { $municipality }.
audit-says-payout-prepare = { $actor } forberedte udbetaling nr. { $id } af rate { $rate }.
audit-says-payout-approve = { $actor } godkendte udbetaling nr. { $id } af rate { $rate }.
audit-says-payout-reject = { $actor } afviste udbetaling nr. { $id } af rate { $rate }.
audit-says-payout-batch = { $actor } dannede udbetalingsfil nr. { $id }.
audit-says-payout-batch-paid = { $actor } registrerede udbetalingsfil nr. { $id } som betalt.
audit-says-account-create = { $actor } oprettede { $account } for { $municipality } i { $pool }.
audit-says-account-save = { $actor } gemte { $account } for { $municipality } som kladde.
audit-says-account-attach = { $actor } vedlagde et dokument til { $account } for { $municipality }.
audit-says-account-submit = { $actor } indsendte { $account } for { $municipality } i { $pool }.
audit-says-account-review-start = { $actor } begyndte gennemgangen af { $account } for { $municipality }.
audit-says-account-review-save = { $actor } gemte gennemgangen af { $account } for { $municipality }.
audit-says-account-approve = { $actor } godkendte { $account } for { $municipality } i { $pool }.
audit-says-account-send-back = { $actor } sendte { $account } for { $municipality } tilbage til rettelse.
audit-says-account-deadline = { $actor } ændrede fristen for { $account } for { $municipality }.
audit-says-account-cancel = { $actor } annullerede { $account } for { $municipality }.
audit-says-account-settle = { $actor } afregnede { $account } for { $municipality } mod raterne.
audit-says-account-reminders = { $actor } sendte påmindelser om regnskaber.
audit-says-claim-create = { $actor } oprettede et krav om tilbagebetaling fra { $municipality }.
audit-says-claim-received = { $actor } registrerede, at { $municipality } har betalt kravet.
audit-says-claim-write-off = { $actor } afskrev kravet mod { $municipality }.
audit-says-finance-act-register = { $actor } registrerede finansloven for { $year }.
audit-says-finance-act-correct = { $actor } rettede registreringen af finansloven for { $year }.
audit-says-monitoring-import = { $actor } indlæste { $rows } linjer monitoreringsdata.
audit-says-user-create = { $actor } oprettede brugeren { $user }.
audit-says-user-update = { $actor } ændrede brugeren { $user }.
audit-says-user-update-password = { $actor } ændrede brugeren { $user } og satte en ny adgangskode.
audit-says-session-login = { $actor } loggede ind.
audit-says-session-login-failed = Et login som { $id } mislykkedes.
audit-says-session-logout = { $actor } loggede af.
audit-says-session-form-kept = { $actor } blev logget af midt i en formular; det skrevne blev gemt.
audit-says-session-form-restored = { $actor } fik en gemt formular tilbage efter at have logget ind.
audit-older = Ældre poster

## Udgående post

outbox-heading = Udgående post
outbox-intro = E-mails, som systemet sender, fx tilsagnsbreve, nyeste først. En e-mail lægges her i samme øjeblik som den ændring, der udløser den, og sendes kort efter af en baggrundsproces. Svarer mailserveren ikke, prøves igen med stigende mellemrum (fra 30 sekunder op til en time); efter 10 forsøg, eller hvis serveren afviser modtageren, markeres den som fejlet.
outbox-empty = Der er ingen e-mails endnu.
outbox-created = Oprettet
outbox-kind = Type
outbox-kind-application-receipt = Kvittering for ansøgning
outbox-kind-commitment-letter = Tilsagnsbrev
outbox-kind-account-receipt = Kvittering for regnskab
outbox-kind-account-approved = Regnskab godkendt
outbox-kind-account-sent-back = Regnskab sendt retur
outbox-kind-account-deadline = Frist for regnskab
outbox-kind-account-reminder = Påmindelse om regnskab
outbox-kind-repayment-claim = Tilbagebetalingskrav
outbox-kind-rate-paid = Rate udbetalt
outbox-to = Til
outbox-subject = Emne
outbox-status = Status
outbox-attempts = Forsøg
outbox-next-attempt = Næste forsøg
outbox-last-error = Seneste fejl
outbox-sent-at = Sendt
outbox-status-pending = Venter
outbox-status-sending = Sendes
outbox-status-sent = Sendt
outbox-status-failed = Fejlet
outbox-status-invalid = Ukendt status „{ $status }“. Brug pending, sending, sent eller failed.
outbox-older = Ældre e-mails
mail-address-empty = Skriv en e-mailadresse.
mail-address-invalid = „{ $address }“ er ikke en gyldig e-mailadresse. Skriv den som navn@domæne.dk.

## Ansøgninger

field-required = Udfyld feltet.
email-invalid = Skriv en gyldig e-mailadresse, fx navn@kommune.dk.
text-too-long = Teksten er for lang (højst { $max } tegn).
applications-heading = Ansøgninger – { $pool }
applications-heading-short = Ansøgninger
applications-none = Der er endnu ingen ansøgninger.
applications-committed = Givet i tilsagn: { $committed } af puljens { $pool } · Tilbage: { $left }
application-heading = Ansøgning fra { $municipality } – { $pool }
application-expected = Forventet tilskud
application-no-expected = Ingen godkendt fordeling endnu
application-no-expected-explained = Kommunen har intet forventet tilskud i puljens godkendte fordeling, så der kan ikke søges endnu.
application-no-expected-grant = Kommunen har intet forventet tilskud i puljens godkendte fordeling.
application-none = Ikke påbegyndt
application-receipt = Kvittering
application-receipt-text = Kvitteringsnummer { $no }, modtaget { $at } (dansk tid)
application-status-draft = Kladde
application-status-submitted = Indsendt
application-status-changes-requested = Sendt tilbage til ændring
application-status-rejected = Afvist
application-status-approved = Godkendt (tilsagn givet)
application-status-withdrawn = Trukket tilbage
application-budget = Budget
application-budget-intro = Beløb pr. udgiftspost og år i kroner, fx 1.234.567 eller 1.234.567,50. Tomme felter tæller som 0.
application-budget-total = Budget i alt
application-budget-matches = Budgettet svarer præcis til det forventede tilskud.
application-budget-differs = Budgettet er { $difference } { $direction ->
        [under] mindre
       *[over] større
    } end det forventede tilskud. Forklar forskellen i feltet nedenfor.
application-cap-rule = Puljens regel: projektledelse og progressionsværktøjer må tilsammen højst udgøre { $cap } % af budgettet.
application-cost-item = Udgiftspost
application-description = Kort beskrivelse
application-difference-comment = Forklaring på forskellen til det forventede tilskud
application-difference-hint = Kun nødvendig, hvis budgettet ikke svarer til det forventede tilskud.
letter-back = Tilbage til ansøgningen
claim-back = Tilbage til regnskabet
claim-none-title = Intet krav om tilbagebetaling
claim-none = Der er intet krav om tilbagebetaling for dette regnskab.
application-contact = Fast kontaktperson
application-contact-name = Navn
application-contact-title = Stilling
application-contact-title-hint = Fx projektleder med reference til jobcenterchefen.
application-contact-email = E-mail
application-contact-phone = Telefon
application-obligations = Forpligtelser
application-obligations-intro = Kommunen forpligter sig ved at søge. Alle forpligtelser skal accepteres, før ansøgningen kan indsendes.
obligation-implement-model = At gennemføre projektets indsatsmodel og kerneelementer som beskrevet i puljeopslaget og bilag 1.
obligation-fixed-contact = At udpege en fast kontaktperson for styrelsen, fx en projektleder med direkte reference til jobcenterchefen.
obligation-available-to-star = At stille jobcenterchef og projektleder til rådighed som faste kontaktpersoner for styrelsen og den eksterne proceskonsulent.
obligation-monitoring = At deltage i den løbende monitorering og opfølgning på kommunens fremdrift.
obligation-evaluation = At deltage i projektets evaluering, herunder levering af progressionsdata.
obligation-required = Forpligtelsen skal accepteres, før ansøgningen kan indsendes.
phone-invalid = Skriv telefonnummeret med 8 cifre, fx 70 10 10 10, eller med landekode, fx +45 70 10 10 10.
cost-item-caseworker-salaries = Løn til sagsbehandlere, jobformidlere og virksomhedskonsulenter
cost-item-social-health-salaries = Løn til medarbejdere med sociale og sundhedsfaglige opgaver
cost-item-project-management = Projektledelse
cost-item-progression-tools = Progressionsværktøjer (IT)
cost-item-other = Andet
application-save = Gem kladde
application-submit = Indsend ansøgning
application-submit-hint = Kladden kan gemmes og ændres, så ofte du vil. Når ansøgningen er indsendt, kan den ikke ændres, mens styrelsen behandler den.
application-saved = Kladden er gemt.
application-submitted = Ansøgningen er indsendt. Kvitteringen er sendt til kontaktpersonen.
application-decided-request-changes = Ansøgningen er sendt tilbage til kommunen.
application-decided-reject = Ansøgningen er afvist.
application-decided-approved = Ansøgningen er godkendt, og tilsagnsbrevet er sendt.
application-decided-withdrawn = Ansøgningen er trukket tilbage.
application-deadline-passed = Ansøgningsfristen var { $deadline } (dansk tid). Ansøgninger modtaget efter fristen behandles ikke.
application-not-editable = Ansøgningen kan ikke ændres nu (status: { $status }).
application-not-awaiting-decision = Ansøgningen afventer ikke en afgørelse (status: { $status }). Genindlæs siden.
application-history = Historik
application-versions = Versioner
application-version-submitted = indsendt { $at }
application-event-submitted = Version { $version } indsendt
event-application-request-changes = Sendt tilbage til ændring
event-application-reject = Afvist
event-application-approve = Godkendt, tilsagn givet
event-application-withdraw = Trukket tilbage
application-submitted-at = Indsendt
application-confirm-heading = Træk ansøgningen tilbage – { $municipality }?
application-confirm-pool = Pulje
application-confirm-municipality = Kommune
application-confirm-commitment = Tilsagn
application-confirm-commitment-lapses = { $amount } – bortfalder
application-confirm-cancelled = Rater, der annulleres
application-confirm-paid = Udbetalte rater (afregnes i regnskabet)
application-confirm-rate = rate { $rate } ({ $amount })
application-confirm-warning = Tilbagetrækningen kan ikke fortrydes. Kommunen deltager ikke længere i puljen, og den næste fordeling deles mellem de andre kommuner.
application-confirm-warning-commitment = Tilbagetrækningen kan ikke fortrydes. Tilsagnet bortfalder, rater, der ikke er udbetalt, annulleres, og kommunen deltager ikke længere i puljen. Udbetalte rater skal afregnes i regnskabet.
application-confirm-button = Ja, træk ansøgningen tilbage
application-confirm-back = Fortryd
application-step-fill = Udfyld
application-step-review = Kontrollér
application-step-receipt = Kvittering
application-review-back-link = Tilbage til ansøgningen (uden at gemme)
application-review-heading = Kontrollér ansøgningen, før du indsender – { $municipality }
application-review-intro = Sådan bliver ansøgningen indsendt. Kontrollér beløb, kontaktperson og forpligtelser.
application-review-applied = Ansøgt beløb
application-review-freeze = Når du indsender, låses versionen, og den kan ikke ændres bagefter. STAR kan bede om ændringer; så laver I en ny version.
application-review-correct = Gem kladde og ret
application-receipt-heading = Kvittering: ansøgningen er indsendt
application-receipt-done = STAR har modtaget ansøgningen.
application-receipt-no = Kvitteringsnummer
application-receipt-at = Modtaget (dansk tid)
application-receipt-version = Version
application-receipt-next = Hvad sker der nu?
application-receipt-next-email = Kvitteringen er sendt på e-mail til kontaktpersonen ({ $email }).
application-receipt-next-review = STAR behandler ansøgningen. Beder STAR om ændringer, kan I rette ansøgningen og indsende en ny version.
application-receipt-next-decision = Når STAR har truffet afgørelse, får kommunen et tilsagnsbrev eller et afslag, og status står på ansøgningens side.
application-receipt-print = Gem eller udskriv kvitteringen med browserens udskriftsfunktion (Ctrl+P).
application-receipt-to-application = Gå til ansøgningen
application-withdraw-heading = Træk ansøgningen tilbage
application-withdraw-reason = Begrundelse
application-withdraw-hint = Et givet tilsagn bortfalder, og rater, der ikke er udbetalt, annulleres. Udbetalte rater skal afregnes i regnskabet.
application-withdraw = Træk tilbage
application-decide = Afgørelse
application-approve-heading = Godkend og giv tilsagn
application-approve-amount = Tilsagnet bliver på { $amount } (det forventede tilskud, dog højst budgettet).
application-year-amount = Tilskud i { $year }
application-account-deadline = Frist for slutregnskab
application-reservation = Forbehold for senere finanslove
application-approve = Godkend og send tilsagnsbrev
application-send-back-heading = Send tilbage eller afvis
application-decision-reason = Begrundelse til kommunen
application-request-changes = Send tilbage til ændring
application-reject = Afvis
decision-reason-required = Skriv en begrundelse (højst 2000 tegn).
decision-unknown = Vælg en afgørelse.
budget-empty = Budgettet er tomt.
budget-unknown-item = Ukendt udgiftspost "{ $item }".
budget-year-outside-period = { $year } ligger uden for projektperioden.
budget-difference-needs-comment = Budgettet er { $difference } { $direction ->
        [under] mindre
       *[over] større
    } end det forventede tilskud. Forklar forskellen.
budget-cap-exceeded = Projektledelse og progressionsværktøjer udgør tilsammen mere end puljens grænse på { $cap } % af budgettet.
commitment-heading = Tilsagn
commitment-summary = Tilsagn på { $amount }, j.nr. { $no }, givet { $at }
commitment-status-active = gældende
commitment-status-withdrawn = bortfaldet
commitment-status-draft = under oprettelse
commitment-letter = Vis tilsagnsbrev
commitment-years = Tilskud fordelt på år
commitment-year = År
commitment-rounding-rule = Raterne summer præcis til tilsagnet: hver rate er sin andel rundet ned til hele kroner, og sidste rate får resten.
commitment-split-difference = Fordelingen på år skal give præcis { $amount }; den giver { $difference } { $direction ->
        [under] for lidt
       *[over] for meget
    }.
commitment-deadline-before-end = Fristen for slutregnskab kan ikke ligge før projektperiodens slutning.
commitment-exceeds-pool = Tilsagnet på { $amount } kan ikke gives: der er kun { $left } tilbage i puljen.
rate-status-pending = Kan udbetales
rate-status-not-due = Ikke forfalden endnu
rate-status-paid = Udbetalt
rate-status-cancelled = Annulleret
rate-not-payable = Rate { $rate } kan ikke udbetales: den er allerede udbetalt eller annulleret.
rate-needs-interim-account = Rate { $rate } kan først udbetales, når mellemregnskabet er godkendt.
municipality-commitment = Tilsagn: { $amount } (j.nr. { $no }, givet { $at })
municipality-no-commitment = Der er endnu ikke givet tilsagn.
municipality-parts-add-up = Delene summer præcis til { $whole }
municipality-parts-differ = Delene summer ikke til helheden: de er { $difference } for { $direction ->
        [under] lidt
       *[over] meget
    }. Kontakt styrelsen.
municipality-paid = Udbetalt i alt: { $paid } · Resterende: { $rest }

## Nøgletal

kpi-assessed-share = Andel af bruttomålgruppen, der er visiteret
kpi-job-broker-share = Andel af indsatsgruppen med en personlig jobformidler
kpi-company-offer-share = Andel af indsatsgruppen i et virksomhedsrettet tilbud
kpi-ordinary-hours-share = Andel af indsatsgruppen med ordinære timer
kpi-thirty-hours-share = Andel af indsatsgruppen med 30 ordinære timer i måneden
kpi-none-of-these-share = Andel af indsatsgruppen uden virksomhedsrettet indsats, ordinære timer og personlig jobformidler
kpi-outcome-share = Andel af indsatsgruppen, der er kommet i job, uddannelse eller fleksjob
kpi-assessed-share-rule = Borgere visiteret til gruppe 1, 2 eller 3 i måneden, ud af STAR's tal for bruttomålgruppen (eller ud af de indberettede borgere, hvis de er flere).
kpi-job-broker-share-rule = Borgere i gruppe 1 med en personlig jobformidler i måneden, ud af alle i gruppe 1 i måneden.
kpi-company-offer-share-rule = Borgere i gruppe 1 i et virksomhedsrettet tilbud i måneden, ud af alle i gruppe 1 i måneden.
kpi-ordinary-hours-share-rule = Borgere i gruppe 1 med flere end 0 ordinære timer i måneden, ud af alle i gruppe 1 i måneden.
kpi-thirty-hours-share-rule = Borgere i gruppe 1 med mindst 30,00 ordinære timer i måneden, ud af alle i gruppe 1 i måneden.
kpi-none-of-these-share-rule = Borgere i gruppe 1 uden virksomhedsrettet tilbud, uden ordinære timer og uden personlig jobformidler i måneden, ud af alle i gruppe 1 i måneden.
kpi-outcome-share-rule = Borgere i gruppe 1, der i måneden er kommet i job, uddannelse eller fleksjob, ud af alle i gruppe 1 i måneden.
kpi-rounding-rule = Andelene vises med én decimal, rundet halvt op (12,45 % vises som 12,5 %). Grænser som 40 % afgøres præcist på antallet af borgere, ikke på det afrundede tal.
kpi-undefined = – betyder, at der ingen borgere var at tælle i måneden.
kpi-gross-exceeded = Kommunen har indberettet { $persons } borgere, flere end STAR's tal for bruttomålgruppen ({ $gross }). Andelen visiterede er derfor opgjort af de { $persons } indberettede.
milestone-whole-group-rule = Rate 2: hele bruttomålgruppen er visiteret, når antallet af forskellige borgere, kommunen har visiteret til gruppe 1, 2 eller 3 til og med måneden, mindst er STAR's tal for bruttomålgruppen, og – hvis listen over borgerne kendes – når hver af dem er visiteret.
milestone-whole-group-met = Hele bruttomålgruppen er visiteret: { $assessed } borgere af { $gross }.
milestone-whole-group-not-met = { $assessed } af { $gross } borgere er visiteret. Der mangler { $short }.
milestone-whole-group-no-figure = STAR's tal for bruttomålgruppen mangler, så det kan ikke afgøres, om hele gruppen er visiteret.
milestone-whole-group-missing = { $count ->
    [one] 1 borger på listen er endnu ikke visiteret (vist ved pseudonym):
   *[other] { $count } borgere på listen er endnu ikke visiteret (vist ved pseudonym):
}
milestone-activity-measure = Borgere i gruppe 1 med et virksomhedsrettet tilbud eller ordinære timer i måneden, ud af alle i gruppe 1 i måneden.
milestone-activity-rule-each-month = Rate 3: andelen skal være mindst { $percent } % i hver af { $months } sammenhængende kalendermåneder. En måned uden data afbryder perioden, og en måned uden borgere i gruppe 1 tæller ikke med.
milestone-activity-rule-pooled = Rate 3: antallene for { $months } sammenhængende kalendermåneder lagt sammen skal give en andel på mindst { $percent } %. En måned uden data afbryder perioden.
milestone-activity-met = Opfyldt fra { $since }: mindst { $percent } % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over { $months } måneder.
milestone-activity-not-met = Endnu ikke opfyldt: mindst { $percent } % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over { $months } måneder.
milestone-month-qualifies = Opfylder kravet
milestone-month-does-not-qualify = Opfylder ikke kravet
milestone-rule-no-months = Perioden skal være mindst én måned.
milestone-rule-threshold-above-100 = Grænsen er en procent mellem 0 og 100.

## Monitorering

cpr-wrong-length = CPR-nummeret har ikke 10 cifre (DDMMÅÅ-SSSS).
cpr-not-digits = CPR-nummeret må kun bestå af cifre, eventuelt med bindestreg efter det sjette.
cpr-invalid-date = CPR-nummerets første seks cifre er ikke en gyldig fødselsdato (DDMMÅÅ).
pseudonym-key-too-short = Nøglen til pseudonymisering skal være mindst 32 byte; den er { $length }.
monitoring-file-read-failed = Linje { $line }: filen kunne ikke læses ({ $reason }).
monitoring-file-not-utf8 = Linje { $line }: linjen er ikke UTF-8. Gem filen som "CSV UTF-8".
monitoring-file-line-too-long = Linje { $line }: linjen er længere end 1024 tegn.
monitoring-file-missing-header = Linje { $line }: første linje skal være overskriften cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome.
monitoring-file-wrong-header = Linje { $line }: overskriften skal være cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome; kolonne { $column } afviger.
monitoring-file-no-rows = Filen indeholder ingen borgere.
monitoring-file-wrong-field-count = Linje { $line }: der skal være 8 felter, men der er { $found }.
monitoring-file-missing-value = Linje { $line }, kolonne { $field }: feltet er tomt.
monitoring-file-cpr-wrong-length = Linje { $line }, kolonne { $field }: CPR-nummeret har ikke 10 cifre (DDMMÅÅ-SSSS).
monitoring-file-cpr-not-digits = Linje { $line }, kolonne { $field }: CPR-nummeret må kun bestå af cifre, eventuelt med bindestreg efter det sjette.
monitoring-file-cpr-invalid-date = Linje { $line }, kolonne { $field }: CPR-nummerets første seks cifre er ikke en gyldig fødselsdato.
monitoring-file-municipality-malformed = Linje { $line }, kolonne { $field }: en kommunekode er tre cifre, fx 615.
monitoring-file-municipality-unknown = Linje { $line }, kolonne { $field }: { $code } er ikke en dansk kommunekode.
monitoring-file-month = Linje { $line }, kolonne { $field }: en måned skrives 2018-02, 02-2018 eller 02.2018 eller som en dato i måneden, fx 28-02-2018.
monitoring-file-group = Linje { $line }, kolonne { $field }: gruppen er 1, 2, 3 eller 0 for endnu ikke visiteret.
monitoring-file-yes-no = Linje { $line }, kolonne { $field }: skriv ja eller nej (eller 1/0).
monitoring-file-hours = Linje { $line }, kolonne { $field }: ordinære timer er et tal med højst to decimaler, fx 12,5.
monitoring-file-hours-negative = Linje { $line }, kolonne { $field }: ordinære timer skrives uden fortegn og kan ikke være negative.
monitoring-file-hours-too-many = Linje { $line }, kolonne { $field }: mere end 744 ordinære timer på en måned er ikke muligt.
monitoring-file-outcome = Linje { $line }, kolonne { $field }: skriv job, uddannelse, fleksjob eller ingen.
nav-monitoring = Monitorering
monitoring-national-heading = Monitorering – hele landet
monitoring-municipality-heading = Monitorering – { $name }
monitoring-milestones = Milepæle for raterne
monitoring-fact-rate-2 = Rate 2: hele bruttomålgruppen visiteret
monitoring-fact-rate-3 = Rate 3: mindst { $percent } % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer
monitoring-kpis = Nøgletal måned for måned
monitoring-no-data = Der er endnu ikke indlæst monitoreringsdata.
monitoring-month = Måned
monitoring-chart-y-axis = Andel (%)
monitoring-chart-x-axis = Måned
monitoring-chart-threshold = Krav for rate { $rate }: { $percent } %
monitoring-chart-desc = Andelen i procent for hver måned fra { $from } til { $to }.
monitoring-chart-threshold-desc = Den stiplede linje viser kravet for rate { $rate }: { $percent } %.
monitoring-fact-rate-3-chart = Andel af indsatsgruppen i virksomhedsrettet tilbud eller med ordinære timer
monitoring-count = Antal
monitoring-of = Ud af
monitoring-share = Andel
monitoring-upload = Indlæs månedsdata
monitoring-upload-intro = Indlæs en fil med én linje pr. borger pr. måned. CPR-numre erstattes af et pseudonym, før noget gemmes, og hvis én linje er forkert, indlæses intet. En måned, der indlæses igen for en kommune, erstatter den tidligere.
monitoring-upload-button = Indlæs
monitoring-upload-failed = Filen blev ikke indlæst
monitoring-format-hint = CSV i UTF-8 med overskriften { $header } og én linje pr. borger pr. måned. CPR-numrene gemmes ikke: de erstattes af pseudonymer, mens filen læses.
monitoring-preview-heading = Kontrollér filen, før den indlæses
monitoring-preview-not-imported = Filen er ikke indlæst endnu
monitoring-preview-intro = Filen har { $rows } linjer. I { $drops ->
    [one] én måned
   *[other] { $drops } måneder
} er der under halvt så mange borgere som måneden før. Det sker oftest, når et udtræk kun har en del af borgerne med. Kontrollér tallene, før filen erstatter de gemte data.
monitoring-preview-caption = Borgere i filen pr. kommune og måned
monitoring-preview-municipality = Kommune
monitoring-preview-month = Måned
monitoring-preview-persons = Borgere
monitoring-preview-group1 = Gruppe 1
monitoring-preview-group2 = Gruppe 2
monitoring-preview-group3 = Gruppe 3
monitoring-preview-unassessed = Ikke visiteret
monitoring-preview-compared = Sammenlignet med
monitoring-preview-change = Ændring
monitoring-preview-first-month = Første måned (intet at sammenligne med)
monitoring-preview-sharp-drop = Stort fald
monitoring-preview-replaced = De gemte data for samme måned
monitoring-preview-fewer = { $n } færre (−{ $percent } %)
monitoring-preview-more = { $n } flere (+{ $percent } %)
monitoring-preview-same = Uændret
monitoring-preview-confirm-heading = Indlæs filen alligevel
monitoring-preview-again = Filen gemmes ikke, før den er indlæst, fordi den indeholder CPR-numre. Vælg derfor den samme fil igen. Er tallene forkerte, så annullér og indlæs et nyt udtræk.
monitoring-preview-reviewed = Jeg har kontrolleret tallene, og filen er rigtig
monitoring-preview-unticked = Sæt kryds, hvis du har kontrolleret tallene og vil indlæse filen.
monitoring-preview-file = Vælg den samme fil igen
monitoring-preview-import = Indlæs filen
monitoring-preview-cancel = Annullér
monitoring-preview-other-file = Filen er ikke den samme som den, du kontrollerede. Kontrollér tallene for denne fil.
monitoring-api-sharp-drop = Filen er ikke indlæst: i { $drops } måned(er) er der under halvt så mange borgere som måneden før. Kontrollér tallene, og send den samme fil igen med ?confirm= og tokenet for at indlæse den.
monitoring-imported = { $rows } linjer er indlæst.
monitoring-no-key = Nøglen til pseudonymisering (TILSKUD_PSEUDONYM_KEY) er ikke sat på serveren, så der kan ikke indlæses monitoreringsdata.
monitoring-other-municipality = Linje { $line }, kolonne { $field }: linjen gælder kommune { $code }; du kan kun indlæse data for din egen kommune.
monitoring-duplicate-person = Linje { $line }, kolonne { $field }: samme borger står to gange for samme kommune og måned.
monitoring-duplicate-person-somewhere = Samme borger står to gange for samme kommune og måned i filen; databasen oplyste ikke hvilken linje.
monitoring-status-heading = Status pr. { $month }
monitoring-status-intro = Den seneste måned med data, opgjort som i STAR's statusnotat: hvor mange af bruttomålgruppen der er visiteret, hvordan de visiterede fordeler sig på grupperne, og hvor mange i indsatsgruppen der har en personlig jobformidler eller er i et virksomhedsrettet tilbud.
monitoring-status-coverage = { $reported } af { $applicants } ansøgende kommuner har indberettet for denne måned.
monitoring-status-later = Senere måneder er kun delvist indberettet og indgår ikke i status: { $months }.
monitoring-status-none-complete = Ingen måned er endnu indberettet af alle kommuner, der indberetter; der vises derfor ingen national status.
monitoring-partial-month = delvis: { $reported }
monitoring-partial-hint = Måneder, som ikke alle indberettende kommuner har indberettet, er markeret "delvis" i tabellerne og ikke tegnet i graferne: deres summer er ikke et landstal.
monitoring-reported-of = { $reported } af { $reporting } kommuner
monitoring-status-figure = Tal
monitoring-status-assessed = Visiteret, af bruttomålgruppen
monitoring-status-group1 = I gruppe 1 (indsatsgruppen), af de visiterede
monitoring-status-group2 = I gruppe 2 (rehabiliteringsteamet), af de visiterede
monitoring-status-group3 = I gruppe 3 (socialforvaltningen), af de visiterede
monitoring-status-job-broker = Med personlig jobformidler, af gruppe 1
monitoring-status-company-offer = I virksomhedsrettet tilbud, af gruppe 1
monitoring-download-csv-excel = Hent nøgletallene som CSV til Excel
monitoring-download-csv = Nøgletallene som CSV til andre systemer (komma som skilletegn, punktum som decimaltegn)
monitoring-download-xlsx = Hent nøgletallene som regneark (XLSX)
monitoring-kpi = Nøgletal
monitoring-share-percent = Andel (%)
monitoring-unassessed-heading = Borgere i kommunens data, der aldrig er visiteret
monitoring-unassessed-intro = Borgere, som kommunen har indberettet, men som står i gruppe 0 (endnu ikke visiteret) i hver måned, de optræder i, til og med den seneste måned. De vises med deres pseudonym, aldrig med CPR-nummer; samme borger har samme pseudonym i alle måneder. Kun kommunens egne brugere ser listen.
monitoring-unassessed-count = { $count ->
    [0] Ingen borgere i kommunens data mangler at blive visiteret.
    [one] 1 borger i kommunens data er aldrig visiteret.
   *[other] { $count } borgere i kommunens data er aldrig visiteret.
}
monitoring-unassessed-shown = De første { $shown } vises her; hent CSV-filen for at se alle.
monitoring-unassessed-not-in-data = { $count ->
    [0] Alle borgere i STAR's tal for bruttomålgruppen ({ $gross }) optræder i kommunens data.
    [one] 1 borger i STAR's tal for bruttomålgruppen ({ $gross }) optræder ikke i kommunens data ({ $seen } forskellige borgere).
   *[other] { $count } borgere i STAR's tal for bruttomålgruppen ({ $gross }) optræder ikke i kommunens data ({ $seen } forskellige borgere). Hvem de er, kan systemet ikke vide: STAR's tal er et antal, ikke en liste.
}
monitoring-unassessed-pseudonym = Pseudonym
monitoring-unassessed-first = Først set
monitoring-unassessed-last = Senest set
monitoring-unassessed-months = Måneder
monitoring-unassessed-csv = Hent hele listen som CSV (fulde pseudonymer)

# Accounts (regnskab): the certification rule, said before the user starts (domain::accounts::CertificationRule)
account-certification-auditor = Tilsagn på { $grant } er over { $threshold }: revisorpåtegnet regnskab.
account-certification-management = Tilsagn på { $grant } er ikke over { $threshold }: ledelsespåtegnet regnskab.
account-certification-interim = Mellemregnskab: altid ledelsespåtegnet regnskab.
account-not-editable = Regnskabet kan ikke ændres nu (status: { $status }).
account-year-outside = Regnskabet dækker ikke { $year }.
account-line-repeated = Udgiftsposten står allerede for det år.
account-no-lines = Skriv mindst én linje med forbrug.
account-comment-required = Forbruget afviger mere end { $tolerance } fra budgettet: skriv en bemærkning.
account-document-required = Vedhæft dokumentet som PDF.
account-field-error = { $field }: { $message }
document-empty = Filen er tom.
document-not-pdf = Filen er ikke en PDF. Kun PDF-filer kan vedhæftes, uanset filens navn.
document-too-large = Filen er for stor (højst { $limit_mb } MB).
document-name-invalid = Filen skal have et navn på højst 255 tegn.

# accounts: municipality
account-kind = Regnskab
account-kind-interim = Mellemregnskab
account-kind-final = Slutregnskab
account-status-draft = Ikke indsendt
account-status-submitted = Indsendt
account-status-in-review = Under behandling
account-status-sent-back = Sendt tilbage
account-status-approved = Godkendt
account-status-cancelled = Annulleret
account-status-version = { $status } (version { $version })
account-heading = { $kind }: { $municipality }
account-deadline = Frist
account-deadline-moved = Flyttet af styrelsen til { $deadline } den { $on }: { $reason }
account-overdue = Fristen er overskredet
account-certification = Påtegning
account-certification-name-management = Ledelsespåtegnet
account-certification-name-auditor = Revisorpåtegnet
account-required-documents = Dokumenter, der skal vedhæftes
account-purpose-declaration = Ledelseserklæring (underskrevet)
account-purpose-auditor-report = Revisorerklæring
account-purpose-final-report = Slutrapport
account-purpose-attachment = Bilag
account-purpose-required = Vælg, hvad dokumentet er.
account-claim-heading = Tilbagebetalingskrav
account-claim-text = Krav { $no } på { $amount }, forfalder { $due }
account-claim-letter = Se brevet om tilbagebetalingskravet
account-claim-status-open = åbent
account-claim-status-received = modtaget
account-claim-status-written-off = afskrevet
account-sent-back = Regnskabet er sendt retur
account-earlier-version = Du ser en tidligere, indsendt version. Den kan ikke ændres.
account-lines = Budget og faktisk forbrug
account-lines-intro = Skriv det faktiske forbrug pr. udgiftspost og år i kroner, fx 1.234.567,50. Lad feltet stå tomt, hvis der ikke er noget forbrug.
account-budget = Budget
account-actual = Faktisk forbrug
account-comment = Bemærkning
account-deviates = Afviger
account-tolerance-rule = Afviger forbruget mere end { $tolerance } fra budgettet, skal linjen have en bemærkning.
account-documents = Dokumenter
account-no-documents = Ingen dokumenter vedhæftet endnu.
account-signature = Påtegning
account-audit-firm = Revisionsfirma
account-auditor-name = Revisorens navn
account-manager-name = Underskrivende leders navn
account-manager-title = Lederens titel
account-signed-on = Dato for underskrift
account-to-submit = Gem og indsend …
account-upload-heading = Vedhæft dokument (PDF)
account-purpose = Dokumentets formål
account-file = Fil
account-file-hint = Kun PDF, højst { $limit_mb } MB.
account-upload = Vedhæft
account-csv-heading = Indlæs linjer fra CSV
account-csv-intro = Linjerne kan indlæses fra en CSV-fil med semikolon: udgiftspost; år; faktisk forbrug; bemærkning. Skabelonen har budgettet udfyldt og kan åbnes i Excel.
account-csv-template = Hent skabelonen (CSV)
account-csv-file = CSV-fil
account-csv-upload = Indlæs linjer
account-not-started = Kommunen har endnu ikke påbegyndt regnskabet.
account-back = Tilbage til regnskabet
account-confirm-heading = Indsend { $kind }: { $municipality }
account-confirm-freeze = Når du indsender, låses version { $version }: den kan ikke ændres bagefter. Du får en kvittering.
account-submit = Indsend regnskabet
account-list-caption = Regnskaber
account-done-saved = Kladden er gemt.
account-done-submitted = Regnskabet er indsendt.
account-done-uploaded = Dokumentet er vedhæftet.
account-done-lines = Linjerne er indlæst i kladden.
account-csv-not-utf8 = CSV-filen er ikke UTF-8. Gem den som "CSV UTF-8" i Excel.
account-csv-unreadable = Linje { $line }: linjen kunne ikke læses.
account-csv-item = Linje { $line }, kolonne { $column }: ukendt udgiftspost.
account-csv-year = Linje { $line }, kolonne { $column }: året er ikke et årstal.
account-csv-year-outside = Linje { $line }, kolonne { $column }: regnskabet dækker ikke det år.
account-csv-amount = Linje { $line }, kolonne { $column }: beløbet kan ikke læses (skriv fx 1.234,50).
account-csv-comment = Linje { $line }, kolonne { $column }: bemærkningen er for lang (højst 2000 tegn).
account-csv-repeated = Linje { $line }, kolonne { $column }: udgiftsposten står allerede for det år.
# accounts: officer
nav-accounts = Regnskaber
officer-accounts-heading = Regnskaber
officer-accounts-pool = Pulje
officer-accounts-kind = Regnskab
officer-accounts-deadline = Frist
officer-accounts-status = Status
officer-accounts-certification = Påtegning
officer-accounts-claim = Tilbagebetalingskrav
officer-accounts-claim-no = Kravnr.
officer-accounts-claim-amount = Krav (kr.)
officer-accounts-claim-status = Kravets status
officer-accounts-days-overdue = Dage over frist
officer-accounts-none = Ingen regnskaber passer til filteret.
officer-accounts-filter-all = Alle
officer-accounts-filter-status = Status
officer-accounts-filter-kind = Regnskab
officer-accounts-filter-municipality = Kommune (navn eller nummer)
officer-accounts-filter-overdue = Kun overskredne frister
officer-accounts-filter-apply = Vis
officer-accounts-download-csv = Hent som CSV (Excel)
officer-accounts-download-xlsx = Hent som Excel-fil
officer-account-standing-due = Afventer kommunen
officer-account-standing-overdue = Frist overskredet
officer-account-standing-overdue-days = { $days ->
    [one] Frist overskredet med 1 dag
   *[other] Frist overskredet med { $days } dage
}
officer-account-standing-submitted = Indsendt
officer-account-standing-in_review = Under behandling
officer-account-standing-sent_back = Sendt tilbage
officer-account-standing-approved = Godkendt
officer-account-standing-cancelled = Annulleret
review-kind-interim = Mellemregnskab
review-kind-final = Slutregnskab
review-certification-management = Ledelsespåtegnet
review-certification-auditor = Revisorpåtegnet
review-status-draft = Ikke indsendt
review-status-submitted = Indsendt
review-status-in_review = Under behandling
review-status-sent_back = Sendt tilbage
review-status-approved = Godkendt
review-status-cancelled = Annulleret
review-purpose-declaration = Ledelseserklæring
review-purpose-auditor_report = Revisorerklæring
review-purpose-final_report = Slutrapport
review-purpose-attachment = Bilag
review-start = Start behandlingen
review-nothing-submitted = Kommunen har ikke indsendt regnskabet.
review-version = Version { $version }, kvittering { $receipt }, indsendt { $at }.
review-figures = Tal: budget mod forbrug
review-tolerance = Linjer, der afviger mere end { $tolerance } fra budgettet, er fremhævet.
review-budget = Budget
review-actual = Forbrug
review-comment = Kommunens bemærkning
review-deviates = afviger
review-ineligible = Ikke tilskudsberettiget (kr.)
review-ineligible-reason = Begrundelse
# Beløbet slutter på "kr.", hvis punktum også afslutter sætningen.
review-spend-against-paid = Forbrug i alt { $actual } mod udbetalt indtil nu { $paid }
review-content = Indhold: påtegning og rapport
review-signer = Underskrevet af
review-audit-firm = Revisionsfirma
review-signed-on = Dato for underskrift
review-documents = Dokumenter
review-figures-checked = Tallene er gennemgået
review-content-checked = Indholdet er gennemgået (påtegning og rapport)
review-save = Gem gennemgangen
review-decide = Afgørelse
review-approve = Godkend regnskabet
review-approve-confirm = Ja, godkend regnskabet
review-approve-heading-interim = Godkend mellemregnskabet for { $pool } – { $municipality }
review-approve-heading-final = Godkend slutregnskabet for { $pool } – { $municipality }
review-send-back = Send tilbage til kommunen
review-send-back-reason = Begrundelse for at sende tilbage
review-sent-back = Regnskabet blev sendt tilbage
review-cancel = Fortryd
review-confirm-interim = Når mellemregnskabet godkendes, kan den rate, det gælder, udbetales. Godkendelsen kan ikke fortrydes.
review-confirm-final = Når slutregnskabet godkendes, afregnes tilskuddet med tallene herunder: rater ud over det godkendte forbrug annulleres eller nedsættes, og et krav om tilbagebetaling oprettes og sendes til kommunen. Godkendelsen kan ikke fortrydes.
review-confirm-rate = Rate { $rate } kan udbetales efter godkendelsen.
review-confirm-mail = Kontaktpersonen får besked pr. mail.
review-deadline-moved = Fristen blev { $at } flyttet til { $deadline }: { $reason }
review-deadline-heading = Flyt fristen
review-deadline-new = Ny frist
review-deadline-reason = Begrundelse (vises for kommunen)
review-deadline-move = Flyt fristen
review-not-possible = Det kan ikke lade sig gøre nu (regnskabets status: { $status }).
review-checks-required = Sæt flueben ved både tal og indhold, og gem, før regnskabet godkendes.
review-ineligible-above-actual = Beløbet er større end linjens forbrug ({ $actual }).
review-ineligible-reason-required = Skriv en begrundelse for det ikke-tilskudsberettigede beløb.
settlement-heading = Afregning
settlement-heading-preview = Afregning ved godkendelse
settlement-commitment = Tilsagn
settlement-actual = Forbrug ifølge regnskabet
settlement-ineligible = Ikke tilskudsberettiget
settlement-eligible = Tilskudsberettiget (højst tilsagnet)
settlement-paid = Udbetalt
settlement-claim = Krav om tilbagebetaling
settlement-rate-keep = Rate { $rate } udbetales fuldt.
settlement-rate-cut = Rate { $rate } nedsættes til { $amount }
settlement-rate-cancel = Rate { $rate } annulleres (regnskab).
claim-heading = Krav om tilbagebetaling
claim-summary = Krav { $no } på { $amount }, forfalder { $due }
claim-status-open = åbent
claim-status-received = modtaget
claim-status-written_off = afskrevet
claim-letter = Brev om tilbagebetaling
claim-received-on = Modtaget den
claim-mark-received = Registrér betalingen
claim-write-off-reason = Begrundelse for afskrivning
claim-write-off = Afskriv kravet
claim-not-open = Kravet er ikke åbent (status: { $status }).
claim-received-future = Datoen for betalingen kan ikke ligge efter i dag.
settlement-rate-paid = Rate { $rate } er udbetalt: { $amount }
settlement-rate-withdrawn = Rate { $rate } er annulleret (tilbagetrukket).

# Rates and payouts (pages)
rate-state-not-due = Ikke forfalden endnu
rate-state-conditions-not-met = Betingelser ikke opfyldt
rate-state-payable = Kan udbetales
rate-state-requested = Anmodet om udbetaling
rate-state-prepared = Forberedt, afventer godkendelse
rate-state-approved = Godkendt, afventer udbetaling
rate-state-exported = Sendt til udbetaling
rate-state-paid = Udbetalt
rate-state-cancelled = Annulleret
rate-open = Se rate { $rate }
rate-condition-met = Opfyldt
rate-condition-not-met = Ikke opfyldt
rate-condition-overridden = Undtagelse godkendt
rate-condition-overridden-by = Der er godkendt en undtagelse (nr. { $id }).
rate-payable-from = Tidligst udbetaling
rate-payment-reference = Betalingsreference
rate-payout = Udbetaling
rate-payout-line = Nr. { $id }: { $state }
payout-status-prepared = forberedt, afventer en anden sagsbehandlers godkendelse
payout-status-approved = godkendt, afventer udbetalingsbunke
payout-status-exported = sendt til statens økonomisystem
payout-status-paid = udbetalt
payout-status-rejected = afvist
payout-status-cancelled = annulleret
rate-heading = Rate { $rate } – { $municipality } ({ $pool })
rate-conditions-heading = Betingelser
rate-request-heading = Anmod om udbetaling
rate-request-note = Bemærkning til styrelsen (valgfri)
rate-request-files = Bilag (PDF, valgfrit)
rate-request-submit = Anmod om udbetaling
rate-officer-heading = Sagsbehandling
rate-prepare-hint = Betingelserne kontrolleres igen, og dokumentationen fastfryses i udbetalingen. En anden sagsbehandler skal godkende den.
rate-prepare = Forbered udbetaling
rate-approve-hint = Du godkender en udbetaling på { $amount } til kommunen. En udbetaling, du selv har forberedt, kan du ikke godkende.
rate-approve = Godkend udbetaling
rate-reject-reason = Begrundelse for at afvise udbetalingen
rate-reject = Afvis udbetalingen
rate-refuse-reason = Begrundelse for at afvise anmodningen
rate-refuse = Afvis anmodningen
rate-override-heading = Dokumenteret undtagelse
rate-override-hint = En undtagelse fra en betingelse skal begrundes og godkendes af en anden sagsbehandler, før raten kan udbetales.
rate-override-condition = Betingelse
rate-override-reason = Begrundelse og dokumentation
rate-override-propose = Foreslå undtagelse
rate-override-approve = Godkend undtagelsen
rate-override-reject = Afvis undtagelsen
rate-override-pending = Foreslået undtagelse fra »{ $condition }« af { $who }: { $reason }
rate-cancel-heading = Annullér raten
rate-cancel-for = Årsag
rate-cancel-for-milestone_not_met = Milepælen er ikke nået ved periodens udløb
rate-cancel-for-decision = Anden dokumenteret afgørelse
rate-cancel-note = Begrundelse
rate-cancel = Annullér raten
rate-history-heading = Forløb
rate-history-requested = { $who } anmodede om udbetaling. { $note }
rate-history-refused = { $who } afviste anmodningen: { $reason }
rate-history-prepared = { $who } forberedte udbetalingen af { $amount }
rate-history-approved = { $who } godkendte udbetalingen.
rate-history-rejected = { $who } afviste udbetalingen: { $reason }
rate-history-cancelled = { $who } annullerede udbetalingen: { $reason }
rate-history-batched = Udbetalingen kom med i udbetalingsbunke { $batch }.
rate-history-override-proposed = { $who } foreslog en undtagelse fra »{ $condition }«: { $reason }
rate-history-override-approved = { $who } godkendte undtagelsen fra »{ $condition }«.
rate-history-override-rejected = { $who } afviste undtagelsen fra »{ $condition }«.
rate-condition-name-on_commitment = Tilsagn givet
rate-condition-name-not_before = Tidligste dato
rate-condition-name-finance_act = Finansloven vedtaget
rate-condition-name-whole_group_assessed = Hele bruttomålgruppen visiteret
rate-condition-name-activity_share = Andel af indsatsgruppen i aktivitet
rate-condition-name-results_share = Andel af indsatsgruppen med resultat
rate-condition-name-interim_account = Mellemregnskab godkendt
rate-condition-name-final_account = Slutregnskab godkendt
rate-condition-on-commitment-met = Tilsagnet er givet.
rate-condition-on-commitment-not-met = Tilsagnet er ikke aktivt.
rate-condition-not-before-met = Tidligst { $instant }: nået.
rate-condition-not-before-not-met = Tidligst { $instant }: ikke nået endnu.
rate-condition-finance-act-met = Finansloven for { $year } er vedtaget { $passed } ({ $reference }).
rate-condition-finance-act-not-met = Finansloven for { $year } er endnu ikke registreret som vedtaget.
rate-condition-whole-group-assessed-met = Hele bruttomålgruppen er visiteret: { $assessed } af { $gross }.
rate-condition-whole-group-assessed-not-met = Hele bruttomålgruppen er ikke visiteret: { $assessed } af { $gross }, der mangler { $short }.
rate-condition-activity-share-met = Mindst { $percent } % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over { $months } måneder: opfyldt til og med { $since } ({ $figures }).
rate-condition-activity-share-not-met = Mindst { $percent } % af indsatsgruppen i virksomhedsrettet indsats eller ordinære timer over { $months } måneder: ikke opfyldt. Seneste måneder: { $figures }.
rate-condition-results-share-met = Mindst { $percent } % af indsatsgruppen med job, uddannelse eller fleksjob i en måned: opfyldt i { $since }.
rate-condition-results-share-not-met = Mindst { $percent } % af indsatsgruppen med job, uddannelse eller fleksjob i en måned: ikke opfyldt. Bedste måned: { $best }.
rate-condition-interim-account-met = Mellemregnskabet er godkendt ({ $certification }).
rate-condition-interim-account-not-met = Mellemregnskabet er ikke godkendt (status: { $status }).
rate-condition-final-account-met = Slutregnskabet er godkendt ({ $certification }).
rate-condition-final-account-not-met = Slutregnskabet er ikke godkendt (status: { $status }).
rate-evidence-share = { $month }: { $share } ({ $num } af { $den })
rate-evidence-no-months = ingen måneder med data
rate-evidence-no-account = intet regnskab
rate-instant = { $date } kl. { $time }
certification-management = ledelsespåtegnet
certification-auditor = revisorpåtegnet
payout-queue-heading = Udbetalinger – { $pool }
payout-queue-empty = Ingen.
payout-queue-open = Åbn
payout-queue-open-heading = Ratens side
payout-queue-requested = Anmodninger fra kommunerne
payout-queue-requested-at = Anmodet
payout-queue-prepared = Forberedt, afventer en anden sagsbehandlers godkendelse
payout-queue-prepared-by = Forberedt af
payout-queue-approved = Godkendt, klar til udbetalingsbunke
payout-queue-approved-by = Godkendt af
payout-queue-payable = Kan udbetales, ikke anmodet
payout-queue-payable-since = Tidligst
payout-batch-hint = { $count } godkendte udbetalinger på i alt { $amount } samles i én bunke til statens økonomisystem.
payout-batch-create = Dan udbetalingsbunke
payout-batches-heading = Udbetalingsbunker
payout-batch-no = Nr.
payout-batch-created = Dannet
payout-batch-count = Udbetalinger
payout-batch-paid-on = Udbetalt den
payout-batch-not-paid = Ikke udbetalt endnu
payout-batch-heading = Udbetalingsbunke { $id }
payout-batch-lines = Udbetalinger i bunken
payout-letter-no = Tilsagnsbrev nr.
payout-batch-mark-paid-heading = Markér bunken som udbetalt
payout-batch-mark-paid-hint = Raterne i bunken bliver markeret som udbetalt, og hver kommunes kontaktperson får en e-mail.
payout-batch-mark-paid = Markér som udbetalt
# Finance acts (finanslove): registered by an officer; rates may wait for them (docs/rates.md)
nav-finance-acts = Finanslove
finance-acts-heading = Finanslove
finance-acts-intro = En rate, der venter på et års finanslov, kan først udbetales, når finansloven er registreret her som vedtaget.
finance-acts-none = Der er endnu ikke registreret nogen finanslove.
finance-acts-register-heading = Registrér en vedtaget finanslov
finance-acts-register = Registrér finansloven
finance-act-year = År
finance-act-year-hint = Det år, finansloven gælder for, f.eks. 2018.
finance-act-passed-on = Vedtaget den
finance-act-passed-on-hint = Datoen, hvor Folketinget vedtog finansloven, som dd.mm.åååå, f.eks. 21.12.2017.
finance-act-reference = Henvisning
finance-act-reference-hint = F.eks. »Finansloven for 2018«. Højst 200 tegn.
finance-act-registered-by = Registreret af
finance-act-registered-at = Registreret
finance-act-correct = Ret
finance-act-correct-link = Ret finansloven for { $year }
finance-act-correct-heading = Ret finansloven for { $year }
finance-act-correct-hint = Året kan ikke ændres. Rettelsen gemmes i revisionsloggen sammen med det, den erstatter.
finance-act-save = Gem rettelsen
finance-act-back = Tilbage til finanslovene
finance-act-registered-flash = Finansloven for { $year } er registreret som vedtaget.
finance-act-corrected-flash = Finansloven for { $year } er rettet.
finance-act-year-invalid = Skriv året som et helt tal fra { $min } til { $max }.
finance-act-passed-on-invalid = Skriv datoen, hvor finansloven blev vedtaget, som dd.mm.åååå (f.eks. 21.12.2017).
finance-act-passed-on-future = Datoen kan ikke ligge efter i dag: registrér finansloven, når den er vedtaget.
finance-act-passed-on-year = Finansloven for { $year } vedtages i { $before } eller { $year }: ret datoen eller året.
finance-act-reference-invalid = Skriv en henvisning til finansloven (højst { $max } tegn).
finance-act-already-registered = Finansloven for { $year } er allerede registreret: vedtaget { $passed_on }, registreret af { $who } { $when }. Ret den registrerede finanslov i stedet for at registrere den igen.

# Rates and payouts (API helper)
payout-condition-missing = Rate { $rate } kan ikke udbetales endnu: { $condition ->
    [on_commitment] tilsagnet er ikke aktivt
    [not_before] datoen, raten tidligst kan udbetales fra, er ikke nået
    [finance_act] finansloven for året er ikke registreret som vedtaget
    [whole_group_assessed] hele bruttomålgruppen er ikke visiteret
    [activity_share] andelen i virksomhedsrettet aktivitet eller ordinære timer er ikke nået
    [results_share] andelen med et resultat (job, uddannelse eller fleksjob) er ikke nået
    [interim_account] mellemregnskabet er ikke godkendt
    [final_account] slutregnskabet er ikke godkendt
   *[other] en betingelse er ikke opfyldt
}{ $others ->
    [0] {""}
    [one] {" "}og 1 anden betingelse
   *[other] {" "}og { $others } andre betingelser
}.
payout-rate-in-state = Rate { $rate } kan ikke anmodes om eller forberedes nu. Ratens status: { $state ->
    [not_due] ikke forfalden
    [conditions_not_met] betingelser ikke opfyldt
    [payable] kan udbetales
    [requested] anmodet
    [prepared] forberedt
    [approved] godkendt
    [exported] sendt til udbetaling
    [paid] udbetalt
    [cancelled] annulleret
   *[other] { $state }
}.
payout-text-required = Feltet skal udfyldes.
payout-text-too-long = Teksten må højst være på { $max } tegn.
payout-request-not-open = Anmodningen er ikke åben længere: den er allerede behandlet.
payout-four-eyes = Den, der har forberedt en udbetaling eller foreslået en undtagelse, kan ikke selv godkende den. En anden sagsbehandler skal godkende.
payout-not-prepared = Udbetalingen kan ikke godkendes, fordi den ikke er forberedt. Dens status: { $status ->
    [approved] godkendt
    [exported] sendt til udbetaling
    [paid] udbetalt
    [rejected] afvist
    [cancelled] annulleret
   *[other] { $status }
}.
payout-not-stoppable = Udbetalingen kan ikke afvises, fordi den ikke længere er forberedt eller godkendt. Dens status: { $status ->
    [exported] sendt til udbetaling
    [paid] udbetalt
    [rejected] afvist
    [cancelled] annulleret
   *[other] { $status }
}.
payout-rate-not-cancellable = Rate { $rate } kan ikke annulleres. Ratens status: { $state ->
    [approved] godkendt (afvis udbetalingen først)
    [exported] sendt til udbetaling
    [paid] udbetalt
    [cancelled] annulleret
   *[other] { $state }
}.
payout-override-condition = Vælg en af ratens betingelser. Der kan ikke gøres undtagelse fra selve tilsagnet.
payout-override-already-met = Betingelsen er allerede opfyldt, så der er ikke brug for en undtagelse.
payout-override-exists = Der er allerede foreslået eller godkendt en undtagelse fra denne betingelse.
payout-override-not-proposed = Undtagelsen er allerede afgjort.
payout-batch-nothing-approved = Der er ingen godkendte udbetalinger at lægge i en batch.
payout-batch-changed = Udbetalingerne blev ændret undervejs. Hent siden igen, og prøv igen.
payout-batch-paid-before-created = Betalingsdatoen kan ikke ligge før den dag, batchen blev dannet.
payout-batch-already-paid = Batchen er allerede markeret som betalt.
payout-cancel-for-invalid = Vælg, hvorfor raten annulleres: milepælen er ikke nået (milestone_not_met) eller en anden afgørelse (decision).
payout-decide-required = Angiv, om undtagelsen godkendes (true) eller afvises (false).
idempotency-key-invalid = Idempotency-Key skal være 1 til { $max } synlige ASCII-tegn.
idempotency-key-reused = Denne Idempotency-Key er allerede brugt til en anden forespørgsel. Brug en ny nøgle til en ny forespørgsel.
idempotency-key-in-progress = En forespørgsel med denne Idempotency-Key er ved at blive behandlet. Prøv igen om lidt.
payout-queue-link = Udbetalinger

## Pool ledger and forecast (docs/rates.md, "Ledger and forecast")
ledger-link = Regnskab og prognose
ledger-heading = Regnskab og prognose: { $pool }
ledger-lead = Puljen er på { $amount }; heraf er { $committed } givet i tilsagn. Tallene er de samme som på hver rates side: en rates tilstand kommer af dens betingelser.
ledger-years-heading = Oversigt pr. finanslovsår
ledger-years-hint = Hver rate hører til finansloven for det år, dens betingelse nævner (ellers året for dens tidligste dato, ellers året for tilsagnet). Hver krone i tilsagn står i netop én kolonne fra Udbetalt til Annulleret. Tilbagebetalingskrav står under det år, pengene kom tilbage (ellers deres forfaldsår).
ledger-year = Finanslovsår
ledger-committed = Givet i tilsagn
ledger-paid = Udbetalt
ledger-approved = Godkendt, ikke udbetalt
ledger-in-process = Anmodet eller forberedt
ledger-payable = Kan udbetales, ikke anmodet
ledger-not-due = Ikke forfalden
ledger-not-met = Betingelser ikke opfyldt
ledger-cancelled = Annulleret eller nedsat
ledger-claimed = Krævet tilbagebetalt
ledger-reclaimed = Tilbagebetalt
ledger-state = Tilstand
ledger-upcoming-heading = Rater, der endnu ikke kan udbetales
ledger-upcoming-none = Alle rater kan udbetales eller er afsluttet.
ledger-from = Tidligst fra
ledger-waits-on = Mangler
ledger-forecast-heading = Likviditetsprognose pr. måned
ledger-forecast-hint = Udbetalt står i den måned, raten blev udbetalt. Rater, der er godkendt, anmodet, forberedt eller kan udbetales, ventes i { $month }. En rate, der kun venter på sin dato eller finansloven, ventes i sin måned. En rate, der venter på en milepæl, placeres ikke, før en hvad-nu-hvis giver den en måned.
ledger-forecast-none = Der er intet udbetalt og intet ventet endnu.
ledger-unplaced = { $count } rater på i alt { $amount } venter på en milepæl og er ikke placeret i prognosen.
ledger-month = Måned
ledger-expected = Ventet
ledger-cumulative = Akkumuleret
ledger-chart-label = Udbetalt og ventet pr. måned med akkumuleret sum
ledger-what-if-heading = Hvad nu hvis
ledger-what-if-hint = Vælg en kommune og en rate, og den måned, kommunen når ratens milepæle. Prognosen vises med og uden antagelsen; intet gemmes.
ledger-what-if-month-label = Milepælen nås i måned
ledger-what-if-month-hint = Måned og år, fx 2027-03.
ledger-what-if-submit = Vis prognosen
ledger-what-if-clear = Fjern antagelsen
ledger-what-if-text = Antaget: { $municipality } når milepælene for rate { $rate } i { $month }.
ledger-what-if-unplaced = Ikke placeret derefter: { $amount }
ledger-what-if-expected = Ventet med antagelsen
ledger-what-if-cumulative = Akkumuleret med antagelsen
ledger-what-if-code = Vælg en kommune med tilsagn i puljen.
ledger-what-if-rate = Vælg en rate, som kommunens tilsagn har.
ledger-what-if-month = Skriv måneden som år og måned, fx 2027-03.
ledger-rate-option = Rate { $rate }
ledger-forecast-months-hint = Tabellen viser de måneder, hvor der er udbetalt eller ventes noget; grafen og CSV-filen har alle måneder.
ledger-period-ended = Tilskudsperioden sluttede { $date } uden at milepælen er nået: raten kan annulleres af den grund.

## The officers' list of municipalities (/municipalities)
municipalities-heading = Kommuner
municipalities-intro = Alle 98 kommuner med deres officielle kommunekode. Søg på navn eller kode, og åbn kommunens side eller dens monitorering.
municipalities-search = Søg efter kommune
municipalities-search-hint = Navn eller kommunekode, fx Horsens eller 615
municipalities-search-button = Søg
municipalities-show-all = Vis alle kommuner
municipalities-count = Viser { $shown } af { $total } kommuner
municipalities-none = Ingen kommune passer på »{ $query }«. Søg på en del af navnet eller på den trecifrede kommunekode.
municipalities-caption = Kommuner med kode og region
municipalities-name = Kommune
municipalities-code = Kode
municipalities-region = Region
municipalities-monitoring = Monitorering
municipalities-monitoring-link = Monitorering for { $name }

## Which months the monitoring tables show
monitoring-table-months = Tabellerne viser de seneste { $shown } af { $total } måneder. Graferne og filerne har dem alle.
monitoring-table-months-all = Vis alle måneder i tabellerne
monitoring-table-months-every = Tabellerne viser alle { $total } måneder.
monitoring-table-months-recent = Vis kun de seneste { $shown } måneder

## Forespørgsels-id (issue 15)

error-request-id = Forespørgsels-id: { $id }

# Bodies over their limit, and input the server cannot read (http::bad_input)
body-too-large = Forespørgslen er for stor: den må højst fylde { $limit }. Intet er gemt.
body-unreadable = Forespørgslens indhold kunne ikke læses. Prøv igen.
json-content-type = Send indholdet som JSON (Content-Type: application/json).
json-unreadable = Forespørgslens JSON kunne ikke læses.
json-syntax = Forespørgslens JSON er ikke skrevet korrekt (linje { $line }, kolonne { $column }).
json-eof = Forespørgslens JSON slutter for tidligt (linje { $line }, kolonne { $column }).
json-missing-field = Feltet "{ $field }" mangler.
json-unknown-field = Feltet "{ $field }" kendes ikke her.
json-wrong-value = Værdien ved linje { $line }, kolonne { $column } kan ikke bruges her.
json-expected-text = Værdien ved linje { $line }, kolonne { $column } skal være en tekst (i anførselstegn).
json-expected-whole = Værdien ved linje { $line }, kolonne { $column } skal være et helt tal.
json-expected-count = Værdien ved linje { $line }, kolonne { $column } skal være et helt tal, 0 eller derover.
json-expected-number = Værdien ved linje { $line }, kolonne { $column } skal være et tal.
json-expected-boolean = Værdien ved linje { $line }, kolonne { $column } skal være true eller false.
json-expected-list = Værdien ved linje { $line }, kolonne { $column } skal være en liste.
json-expected-object = Værdien ved linje { $line }, kolonne { $column } skal være et objekt med felter.
query-invalid = Adressens parametre kan ikke læses. Tjek værdierne efter "?".
query-missing = Adressen mangler parameteren "{ $field }".
form-invalid = Formularen kunne ikke læses. Hent siden igen, og prøv igen.
form-missing = Formularen mangler feltet "{ $field }". Hent siden igen, og prøv igen.
text-control-chars = Teksten må ikke indeholde styretegn (fx nul-tegn, tabulator eller linjeskift i et navn).
date-out-of-range = Datoen skal ligge mellem år 1900 og 2100.
pool-activity-months-range = Perioden skal være mellem 1 og { $max } måneder.

## Spørgeramme (progressionsmåling)

nav-questionnaire = Spørgeramme
role-caseworker = Sagsbehandler
questionnaire-heading = Spørgeramme
questionnaire-municipality-heading = Spørgeramme: { $name }
questionnaire-new-heading = Registrér måling
questionnaire-form-subheading = { $name } · spørgeramme version { $version }
questionnaire-results-national-heading = Resultater af spørgerammen: hele landet
questionnaire-results-municipality-heading = Resultater af spørgerammen: { $name }
questionnaire-intro = Borgeren besvarer de samme spørgsmål ved første samtale (førstegangsmåling), igen et år efter (opfølgning) og, hvis borgeren stopper før, ved afslutningen. Svarene viser, hvordan borgerens parathed til arbejde udvikler sig.
questionnaire-illustration-heading = Illustration
questionnaire-illustration = Dette spørgesæt er lavet til demonstrationen og er ikke Styrelsens spørgeramme.
questionnaire-no-set = Puljen har endnu ingen spørgeramme. En fuldmægtig i Styrelsen indlæser den.
questionnaire-own-page = Min kommunes spørgeramme
questionnaire-own-results = Min kommunes resultater
questionnaire-national-results = Resultater for hele landet
questionnaire-results = Resultater for kommunen
questionnaire-overview-link = Spørgerammen i puljen
questionnaire-back = Tilbage til spørgerammen
questionnaire-set-heading = Spørgsmålene
questionnaire-set-version = Version { $version }, gemt { $saved }, med { $questions ->
    [one] ét spørgsmål
   *[other] { $questions } spørgsmål
}.
questionnaire-set-caption = Spørgsmålene i version { $version }
questionnaire-set-csv = Hent som CSV (til Excel)
questionnaire-older-versions = Tidligere versioner
questionnaire-col-number = Nr.
questionnaire-col-question = Spørgsmål
questionnaire-col-code = Kode
questionnaire-col-kind = Type
questionnaire-col-required = Skal besvares
questionnaire-col-answers = Svarmuligheder
questionnaire-col-version = Version
questionnaire-col-saved = Gemt
questionnaire-col-questions = Spørgsmål
questionnaire-required-yes = Ja
questionnaire-required-no = Nej
questionnaire-qkind-scale = Skala
questionnaire-qkind-yes-no = Ja/nej
questionnaire-qkind-choice = Valg mellem svar
questionnaire-qkind-number = Tal
questionnaire-answers-scale = { $min }–{ $max } ({ $min } = { $low }, { $max } = { $high })
questionnaire-answers-yes-no = Ja eller nej
questionnaire-answers-number = Et helt tal fra { $min } til { $max }
questionnaire-window-now = Opfølgningen kan registreres fra { $months ->
    [0] forfaldsdatoen, et år efter førstegangsmålingen
    [one] én måned før til én måned efter forfaldsdatoen, et år efter førstegangsmålingen
   *[other] { $months } måneder før til { $months } måneder efter forfaldsdatoen, et år efter førstegangsmålingen
}.
questionnaire-upload-set-heading = Indlæs spørgeramme
questionnaire-upload-set-intro = Hent spørgerammen som CSV, ret den i Excel, og indlæs den her. Intet gemmes, før hele filen er i orden. Er den nuværende version besvaret, bliver den ændrede spørgeramme en ny version; besvarelserne beholder den version, de blev givet under.
questionnaire-upload-set-failed = Spørgerammen blev ikke gemt
questionnaire-upload-set-button = Indlæs spørgeramme
questionnaire-set-format-hint = Filen er UTF-8 med ; eller , mellem felterne og overskriften { $header }. Et spørgsmåls kode skal være den samme fra version til version.
questionnaire-file = Fil (CSV)
questionnaire-set-saved = Spørgerammen er gemt som version { $version }.
questionnaire-set-replaced = Spørgerammen er gemt. Version { $version } var ikke besvaret endnu og er erstattet.
questionnaire-set-unchanged = Spørgerammen er den samme som version { $version }; intet er ændret.
questionnaire-window-heading = Vindue for opfølgning
questionnaire-window-intro = Opfølgningen forfalder et år efter førstegangsmålingen. Vinduet er, hvor mange måneder før og efter forfaldsdatoen den kan registreres.
questionnaire-window-label = Måneder før og efter forfaldsdatoen
questionnaire-window-hint = Et helt tal fra 0 til 6.
questionnaire-window-save = Gem vindue
questionnaire-window-saved = Opfølgningsvinduet er nu { $months } måneder før og efter forfaldsdatoen.
questionnaire-window-invalid = Skriv et helt antal måneder fra 0 til { $max }.
questionnaire-due-counts-heading = Kommunernes målinger
questionnaire-due-counts-intro = Tallene for hver kommune med målinger. Personerne vises kun for kommunen selv.
questionnaire-due-counts-none = Ingen kommune har registreret målinger endnu.
questionnaire-col-municipality = Kommune
questionnaire-col-baselines = Førstegangsmålinger
questionnaire-col-followed-up = Opfølgninger
questionnaire-col-exited = Afslutninger
questionnaire-col-due-this-month = Forfalder denne måned
questionnaire-col-overdue = Overskredet
questionnaire-total = I alt
questionnaire-delivery-heading = Levering til evaluator
questionnaire-delivery-intro = Filen har én linje pr. svar for alle målinger i puljen. Borgerne står med evaluatorens eget pseudonym, så filen ikke kan kobles til tilskuds tabeller.
questionnaire-delivery-format = Format
questionnaire-delivery-csv = CSV (komma, UTF-8, til programmer)
questionnaire-delivery-xlsx = Excel (XLSX)
questionnaire-delivery-button = Levér til evaluator
questionnaire-delivery-audit = Hver levering skrives i revisionsloggen med hvem, hvornår, antal linjer og nøglens fingeraftryk.
questionnaire-no-key-heading = Leveringen kan ikke laves
questionnaire-no-evaluator-key = Evaluatorens nøgle (TILSKUD_EVALUATOR_KEY) er ikke sat på serveren, så leveringen kan ikke laves. Bed driften om at sætte nøglen (mindst 32 tegn).
questionnaire-new = Registrér måling
questionnaire-register = Registrér
questionnaire-pseudonym-note = Borgerne vises med de første cifre af deres pseudonym (hele pseudonymet står, når du holder musen over). Kommunens fagsystem kan beregne samme pseudonym ud fra CPR-nummeret.
questionnaire-due-this-month = Opfølgning denne måned
questionnaire-overdue = Opfølgning overskredet
questionnaire-missing-baseline = Mangler førstegangsmåling
questionnaire-missing-baseline-intro = Personer i gruppe 1 i kommunens monitoreringsdata uden førstegangsmåling, med den første måned, de var i gruppe 1.
questionnaire-list-empty = Ingen.
questionnaire-list-shown = Viser de første { $shown } af { $total }.
questionnaire-col-person = Borger (pseudonym)
questionnaire-col-baseline-date = Førstegangsmåling
questionnaire-col-due = Forfalder
questionnaire-col-window = Kan registreres
questionnaire-col-expected = Forventet fra
questionnaire-col-action = Handling
questionnaire-col-figure = Tal
questionnaire-col-persons = Personer
questionnaire-col-value = Værdi
questionnaire-counts-heading = Kommunens tal
questionnaire-count-group1 = Personer i gruppe 1 (monitorering)
questionnaire-count-baselines = Førstegangsmålinger
questionnaire-count-followed-up = Opfølgninger
questionnaire-count-exited = Afslutninger
questionnaire-count-not-yet = Venter på opfølgning (vinduet er ikke åbent)
questionnaire-count-due-this-month = Opfølgning denne måned
questionnaire-count-overdue = Opfølgning overskredet
questionnaire-count-missing-baseline = Mangler førstegangsmåling
questionnaire-count-pairs = Borgere med begge målinger
questionnaire-count-municipalities = Kommuner med målinger
questionnaire-date-range = { $from } – { $to }
questionnaire-import-heading = Indlæs fil fra fagsystemet
questionnaire-import-intro = Filen fra fagsystemets progressionsmodul har én linje pr. svar. Enten indlæses hele filen, eller intet: er der fejl, står de herover med linjenummer. En måling, der allerede er registreret for borgeren, bliver erstattet.
questionnaire-import-format-hint = Filen er UTF-8 med ; eller , mellem felterne og overskriften { $header }.
questionnaire-import-button = Indlæs fil
questionnaire-import-failed = Filen blev ikke indlæst
questionnaire-imported = Filen er indlæst: { $measurements ->
    [one] én måling
   *[other] { $measurements_text } målinger
} fra { $lines } linjer{ $replaced ->
    [0] .
    [one] ; én måling erstattede en tidligere.
   *[other] ; { $replaced_text } målinger erstattede tidligere.
}
questionnaire-saved = { $kind } den { $date } er gemt.
questionnaire-saved-replaced = { $kind } den { $date } er gemt og har erstattet den tidligere registrerede.
questionnaire-kind-baseline = Førstegangsmåling
questionnaire-kind-follow-up = Opfølgning
questionnaire-kind-exit = Afslutning
questionnaire-exit-job = Job
questionnaire-exit-education = Uddannelse
questionnaire-exit-flex-job = Fleksjob
questionnaire-exit-rehabilitation-team = Rehabiliteringsteamet
questionnaire-status-done = Opfølgning registreret
questionnaire-status-exited = Afsluttet
questionnaire-status-not-yet = Venter på opfølgning
questionnaire-status-due-this-month = Opfølgning denne måned
questionnaire-status-overdue = Opfølgning overskredet
questionnaire-form-cpr = CPR-nummer
questionnaire-form-cpr-hint = DDMMÅÅ-SSSS. Nummeret gemmes ikke: det erstattes straks af borgerens pseudonym.
questionnaire-form-cpr-change = Udfyld kun, hvis målingen gælder en anden borger.
questionnaire-form-cpr-received = CPR-nummeret er modtaget og vises ikke igen. Borgerens pseudonym:
questionnaire-form-person-from-list = Borgeren er valgt fra listen. Pseudonym:
questionnaire-form-kind = Måling
questionnaire-form-date = Dato for besvarelsen
questionnaire-form-date-hint = Den dag borgeren besvarede spørgsmålene.
questionnaire-form-exit-reason = Årsag til afslutning
questionnaire-form-exit-reason-hint = Kun ved afslutning: hvorfor borgeren stoppede før opfølgningen.
questionnaire-form-no-exit-reason = Ingen (ikke en afslutning)
questionnaire-form-questions = Spørgsmål
questionnaire-form-question-n = Spørgsmål { $n }
questionnaire-form-required = Skal besvares.
questionnaire-form-optional = Kan springes over.
questionnaire-form-unanswered = Ikke besvaret
questionnaire-form-number-hint = Et helt tal fra { $min } til { $max }.
questionnaire-form-save = Gem måling
questionnaire-form-cancel = Annullér
questionnaire-cpr-invalid = { $reason ->
    [cpr-not-digits] CPR-nummeret må kun bestå af cifre, eventuelt med bindestreg efter det sjette.
    [cpr-invalid-date] CPR-nummerets første seks cifre er ikke en gyldig fødselsdato (DDMMÅÅ).
   *[other] CPR-nummeret har ikke 10 cifre (DDMMÅÅ-SSSS).
}
questionnaire-cpr-missing = Skriv borgerens CPR-nummer.
questionnaire-person-invalid = Borgeren fra listen kunne ikke genkendes. Skriv borgerens CPR-nummer.
questionnaire-kind-invalid = Vælg, hvilken måling det er.
questionnaire-exit-reason-invalid = Vælg en af årsagerne på listen.
questionnaire-exit-reason-missing = Vælg, hvorfor borgeren stoppede.
questionnaire-exit-reason-not-allowed = En årsag til afslutning hører kun til målingen Afslutning; lad årsagen være tom for de andre målinger.
questionnaire-answer-not-a-number = Svaret skal være et helt tal.
questionnaire-answer-out-of-range = Svaret skal være et helt tal fra { $min } til { $max }.
questionnaire-answer-yes-no = Svaret er ja eller nej.
questionnaire-answer-unknown-option = Vælg et af de { $count } svar.
questionnaire-answer-missing = Spørgsmålet skal besvares.
questionnaire-sequence-no-baseline = Borgeren har ingen førstegangsmåling endnu. Registrér den først.
questionnaire-sequence-before-baseline = Datoen ligger før borgerens førstegangsmåling, eller en senere måling ligger før denne dato.
questionnaire-sequence-too-early = Opfølgningen kan tidligst registreres { $opens }, når vinduet åbner.
questionnaire-sequence-follow-up-after-exit = Borgeren har en afslutning og får derfor ingen opfølgning.
questionnaire-sequence-exit-after-follow-up = Borgeren har en opfølgning og får derfor ingen afslutning.
questionnaire-sequence-in-future = Datoen ligger i fremtiden.
question-set-header = Linje { $line }: første linje skal være overskriften code;kind;required;text_da;text_en;range;labels_da;labels_en.
question-set-no-rows = Linje { $line }: spørgerammen har ingen spørgsmål.
question-set-field-count = Linje { $line }: der skal være 8 felter, men der er { $found }.
question-set-code = Linje { $line }, felt { $field }: en kode er 1–32 af bogstaverne a–z, cifre, _ og -.
question-set-duplicate-code = Linje { $line }, felt { $field }: koden er allerede brugt i linje { $first_line }.
question-set-kind = Linje { $line }, felt { $field }: typen er scale, yes-no, choice eller number (skala, ja-nej, valg, tal).
question-set-required = Linje { $line }, felt { $field }: skriv ja eller nej (tomt betyder ja).
question-set-text-missing = Linje { $line }, felt { $field }: teksten mangler.
question-set-text-too-long = Linje { $line }, felt { $field }: teksten er længere end 500 tegn.
question-set-text-control = Linje { $line }, felt { $field }: teksten indeholder et styretegn, fx et linjeskift.
question-set-range = Linje { $line }, felt { $field }: en skala og et tal har intervallet MIN..MAX, fx 1..5 (en skala højst 10 trin, et tal inden for -1000000..1000000); tomt for ja-nej og valg.
question-set-labels = Linje { $line }, felt { $field }: en skala har to ender, lav|høj; et valg 2–20 forskellige svar, svar 1|svar 2, lige mange på dansk og engelsk; tomt for ja-nej og tal.
question-set-too-many = Linje { $line }: en spørgeramme har højst 100 spørgsmål.
question-set-not-utf8 = Linje { $line }: filen er ikke UTF-8. Gem den som "CSV UTF-8".
questionnaire-file-more-problems = Og { $more } fejl mere. Ret de viste, og indlæs filen igen.
questionnaire-file-other-municipality = Linje { $line }, felt { $field }: linjen gælder en anden kommune; du kan kun indlæse målinger for din egen kommune ({ $code }).
questionnaire-file-sequence = Linje { $line }: { $problem ->
    [questionnaire-sequence-no-baseline] borgeren har ingen førstegangsmåling i filen eller i tilskud.
    [questionnaire-sequence-before-baseline] datoen ligger før borgerens førstegangsmåling, eller en senere måling ligger før den.
    [questionnaire-sequence-too-early] opfølgningen kan tidligst registreres { $opens }, når vinduet åbner.
    [questionnaire-sequence-follow-up-after-exit] borgeren har en afslutning og får derfor ingen opfølgning.
    [questionnaire-sequence-exit-after-follow-up] borgeren har en opfølgning og får derfor ingen afslutning.
    [questionnaire-sequence-in-future] datoen ligger i fremtiden.
   *[other] målingen passer ikke med borgerens andre målinger.
}
questionnaire-first-measurement = Første måling
questionnaire-second-measurement = Anden måling
questionnaire-results-counts = Målinger og svarprocent
questionnaire-results-intro = Svarprocenten er antallet af målinger i forhold til alle personer, der har været i gruppe 1 i monitoreringen.
questionnaire-results-version = Spørgsmålene er vist fra version { $version }; svar fra tidligere versioner er talt med under samme kode.
questionnaire-rate-baseline = Svarprocent, første måling
questionnaire-rate-second = Svarprocent, anden måling
questionnaire-results-questions = Svarene spørgsmål for spørgsmål
questionnaire-results-second-explained = Anden måling er opfølgningen, eller afslutningen for dem, der stoppede før. Ændringen tælles for de borgere, der har besvaret spørgsmålet ved begge målinger.
questionnaire-distribution-caption = Svarene på "{ $question }"
questionnaire-means-caption = Gennemsnit for "{ $question }"
questionnaire-col-answer = Svar
questionnaire-col-count = Antal
questionnaire-col-share = Andel
questionnaire-answered = Antal svar
questionnaire-mean = Gennemsnit
questionnaire-change-ordered = Af de { $pairs } borgere med begge målinger svarede { $higher } højere, { $same } det samme og { $lower } lavere anden gang. Gennemsnitlig ændring: { $mean }.
questionnaire-change-choice = Af de { $pairs } borgere med begge målinger valgte { $changed } et andet svar anden gang, og { $same } det samme.
questionnaire-change-none = Ingen borgere har besvaret spørgsmålet ved begge målinger endnu.
questionnaire-chart-desc = Søjlerne viser andelen af svarene ved første og anden måling for hvert svar. Tallene står i tabellen under diagrammet.
questionnaire-chart-note = Grå søjler: { $first }. Blå søjler: { $second }. Andel af målingens svar.
questionnaire-chart-x-axis = Svar
questionnaire-file-line-field = Linje { $line }, felt { $field }: { $message }
questionnaire-file-read = Linje { $line }: filen kunne ikke læses ({ $reason }).
questionnaire-file-not-utf8 = Linje { $line }: linjen er ikke UTF-8. Gem filen som "CSV UTF-8".
questionnaire-file-line-too-long = Linje { $line }: linjen er længere end 1024 tegn.
questionnaire-file-missing-header = Linje { $line }: første linje skal være overskriften cpr,municipality_code,measurement,date,exit_reason,question,answer.
questionnaire-file-wrong-header = Linje { $line }: overskriften skal være cpr,municipality_code,measurement,date,exit_reason,question,answer; kolonne { $column } afviger.
questionnaire-file-no-rows = Linje { $line }: filen har en overskrift, men ingen svar.
questionnaire-file-wrong-field-count = Linje { $line }: der skal være 7 felter, men der er { $found }.
questionnaire-file-missing = Linje { $line }, felt { $field }: feltet er tomt.
questionnaire-file-cpr-wrong-length = Linje { $line }, felt { $field }: CPR-nummeret har ikke 10 cifre (DDMMÅÅ-SSSS).
questionnaire-file-cpr-not-digits = Linje { $line }, felt { $field }: CPR-nummeret må kun bestå af cifre, eventuelt med bindestreg efter det sjette.
questionnaire-file-cpr-invalid-date = Linje { $line }, felt { $field }: CPR-nummerets første seks cifre er ikke en gyldig fødselsdato.
questionnaire-file-municipality-malformed = Linje { $line }, felt { $field }: en kommunekode er tre cifre, fx 615.
questionnaire-file-municipality-unknown = Linje { $line }, felt { $field }: { $code } er ikke en dansk kommunekode.
questionnaire-file-measurement = Linje { $line }, felt { $field }: målingen er baseline, follow-up eller exit (førstegangsmåling, opfølgning, afslutning).
questionnaire-file-date = Linje { $line }, felt { $field }: en dato skrives 2018-02-28, 28-02-2018 eller 28.02.2018 og ligger i årene 2000–2099.
questionnaire-file-exit-reason-missing = Linje { $line }, felt { $field }: en afslutning skal have årsagen: job, uddannelse, fleksjob eller rehabiliteringsteam.
questionnaire-file-exit-reason-not-allowed = Linje { $line }, felt { $field }: kun en afslutning har en årsag; lad feltet være tomt.
questionnaire-file-exit-reason = Linje { $line }, felt { $field }: årsagen er job, uddannelse, fleksjob eller rehabiliteringsteam.
questionnaire-file-question-unknown = Linje { $line }, felt { $field }: ingen spørgsmål i den nuværende spørgeramme har denne kode.
questionnaire-file-measurement-differs = Linje { $line }, felt { $field }: samme måling af borgeren har en anden værdi i en tidligere linje.
questionnaire-file-question-twice = Linje { $line }, felt { $field }: spørgsmålet er allerede besvaret i en tidligere linje af samme måling.
questionnaire-file-answer-missing = Linje { $line }, felt { $field }: spørgsmålet { $code } skal besvares, men har intet svar i denne måling.
questionnaire-file-follow-up-and-exit = Linje { $line }, felt { $field }: borgeren har både en opfølgning og en afslutning; en afslutning træder i stedet for opfølgningen.
