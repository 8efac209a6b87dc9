//! Accounts, the officer's side (issue 12, `docs/accounts.md`): the review of a submitted
//! account (both parts ticked before approval, a reason to send back, mails to the
//! contact person), the interim account letting rate 2 be paid, the settlement of the
//! final account to the øre with its repayment claim and letter, the claim's status, a
//! moved deadline, and the officers' list with its CSV. On SQLite and PostgreSQL.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use tilskud::app::account_reviews::{self as reviews, DeadlineDraft, IneligibleDraft, ReviewDraft};
use tilskud::app::accounts::{self, AccountDraft, AccountKey, LineDraft, Upload};
use tilskud::app::applications::Reason;
use tilskud::db::audit::Actor;
use tilskud::db::schema::{
    audit_log, commitment_rates, commitments, outbox, repayment_claims, users,
};
use tilskud::db::DbConn;
use tilskud::domain::accounts::{AccountKind, DocumentPurpose};
use tilskud::domain::budget::CostItem;
use tilskud::error::AppError;

use crate::helpers::*;
use crate::spawn_app;

const PAST: i64 = 1;

fn actor(conn: &mut DbConn, username: &str) -> Actor {
    let id: i64 = users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn)
        .expect("user");
    Actor {
        user_id: Some(id),
        label: username.into(),
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("time")
}

fn key(kind: AccountKind) -> AccountKey {
    AccountKey {
        pool_id: PAST,
        code: OWN_CODE,
        kind,
    }
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {text}\n%%EOF\n").into_bytes()
}

/// Horsens' commitment: id, and its rates (number, amount, status).
fn horsens(conn: &mut DbConn) -> (i64, Vec<(i32, i64, String)>) {
    let id: i64 = commitments::table
        .filter(commitments::pool_id.eq(PAST))
        .filter(commitments::municipality_code.eq(OWN_CODE))
        .select(commitments::id)
        .first(conn)
        .expect("commitment");
    let rates = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(id))
        .order(commitment_rates::rate_no.asc())
        .select((
            commitment_rates::rate_no,
            commitment_rates::amount_ore,
            commitment_rates::status,
        ))
        .load(conn)
        .expect("rates");
    (id, rates)
}

/// Submits Horsens' account of `kind` with every cost item in each of its years
/// commented, the first item's first year at `first_ore` and the others at 0.
fn submit(
    conn: &mut DbConn,
    kind: AccountKind,
    years: (i32, i32),
    first_ore: i64,
    now: NaiveDateTime,
) {
    let fin = actor(conn, "horsens.finance");
    let mut lines = Vec::new();
    for item in CostItem::ALL {
        for year in years.0..=years.1 {
            let first = item == CostItem::ALL[0] && year == years.0;
            lines.push(LineDraft {
                item: item.key().into(),
                year,
                actual: if first {
                    tilskud::app::applications::amount_text(first_ore)
                } else {
                    "0".into()
                },
                comment: "Forklaret i slutrapporten".into(),
            });
        }
    }
    let draft = AccountDraft {
        signer_name: "Mette Jensen".into(),
        signer_title: "Jobcenterchef".into(),
        audit_firm: "Revision A/S".into(),
        signed_on: "2018-03-01".into(),
        lines,
    };
    let input = draft.parse(years).expect("reads");
    let purposes: &[DocumentPurpose] = match kind {
        AccountKind::Interim => &[DocumentPurpose::Declaration],
        AccountKind::Final => &[DocumentPurpose::AuditorReport, DocumentPurpose::FinalReport],
    };
    for purpose in purposes {
        let bytes = pdf(&format!("{purpose:?} {now}"));
        let upload = Upload {
            purpose: *purpose,
            filename: "bilag.pdf",
            bytes: &bytes,
        };
        accounts::attach(conn, &fin, now, key(kind), &upload, 1 << 20).expect("attached");
    }
    accounts::submit(conn, &fin, now, key(kind), &input).expect("submitted");
}

fn status(conn: &mut DbConn, kind: AccountKind) -> String {
    tilskud::db::queries::accounts::find(conn, PAST, OWN_CODE, kind)
        .expect("read")
        .expect("account")
        .status
        .as_str()
        .to_string()
}

fn conflict_key<T: std::fmt::Debug>(r: Result<T, AppError>) -> &'static str {
    match r {
        Err(AppError::Conflict(m)) => m.key,
        other => panic!("not a conflict: {other:?}"),
    }
}

fn invalid_fields<T: std::fmt::Debug>(r: Result<T, AppError>) -> Vec<(String, &'static str)> {
    match r {
        Err(AppError::Invalid(e)) => e.0.into_iter().map(|(f, m)| (f, m.key)).collect(),
        other => panic!("not invalid: {other:?}"),
    }
}

fn mails(conn: &mut DbConn, kind: &str) -> Vec<(String, String, String)> {
    outbox::table
        .filter(outbox::kind.eq(kind))
        .order(outbox::id.asc())
        .select((outbox::to_addr, outbox::subject, outbox::body_text))
        .load(conn)
        .expect("outbox")
}

fn audited(conn: &mut DbConn, action: &str) -> i64 {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(conn)
        .expect("count")
}

/// Whether `text` has a date written "31.12.2019".
fn has_numeric_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == b'.',
            _ => c.is_ascii_digit(),
        })
    })
}

fn ticks(figures: bool, content: bool) -> ReviewDraft {
    ReviewDraft {
        figures_checked: figures,
        content_checked: content,
        lines: Vec::new(),
    }
}

#[test]
fn approving_needs_both_checks_and_the_approved_interim_account_lets_rate_2_be_paid() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let now = at("2018-03-10 10:00");
    let k = key(AccountKind::Interim);
    assert_eq!(
        conflict_key(reviews::start(&mut conn, &officer, now, k)),
        "review-not-possible",
        "nothing submitted yet"
    );
    submit(
        &mut conn,
        AccountKind::Interim,
        (2017, 2017),
        50_000_000,
        now,
    );
    reviews::start(&mut conn, &officer, now, k).expect("started");
    assert_eq!(status(&mut conn, AccountKind::Interim), "in_review");
    assert_eq!(
        conflict_key(reviews::approve(&mut conn, &officer, now, k)),
        "review-checks-required"
    );
    reviews::save(&mut conn, &officer, now, k, &ticks(true, false)).expect("saved");
    assert_eq!(
        conflict_key(reviews::approve(&mut conn, &officer, now, k)),
        "review-checks-required",
        "the content is not ticked"
    );
    let (cid, _) = horsens(&mut conn);
    assert_eq!(
        conflict_key(crate::helpers::pay_rate(&mut conn, cid, 2, now)),
        "payout-condition-missing"
    );
    reviews::save(&mut conn, &officer, now, k, &ticks(true, true)).expect("saved");
    let approval = reviews::approve(&mut conn, &officer, now, k).expect("approved");
    assert!(
        approval.settlement.is_none(),
        "an interim account settles nothing"
    );
    assert_eq!(status(&mut conn, AccountKind::Interim), "approved");
    let sent = mails(&mut conn, "account-approved");
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .2
            .contains("betingelsen om et godkendt mellemregnskab for rate 2 opfyldt"),
        "{}",
        sent[0].2
    );
    // The whole group's assessment is monitoring's matter, not this test's.
    crate::helpers::grant_override(&mut conn, cid, 2, "whole_group_assessed", now);
    crate::helpers::pay_rate(&mut conn, cid, 2, now)
        .expect("rate 2 is paid after the interim account");
    for action in [
        "account.review-start",
        "account.review-save",
        "account.approve",
    ] {
        assert!(audited(&mut conn, action) >= 1, "{action} audited");
    }
    assert_eq!(
        conflict_key(reviews::approve(&mut conn, &officer, now, k)),
        "review-not-possible",
        "approved once"
    );
}

#[test]
fn sending_back_needs_a_reason_mails_it_and_the_next_version_is_reviewed_anew() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let now = at("2018-03-10 10:00");
    let k = key(AccountKind::Interim);
    submit(
        &mut conn,
        AccountKind::Interim,
        (2017, 2017),
        50_000_000,
        now,
    );
    reviews::start(&mut conn, &officer, now, k).expect("started");
    assert!(Reason::parse("  ").is_err(), "a reason is required");
    let reason = Reason::parse("Lønudgifterne mangler dokumentation").expect("reason");
    reviews::send_back(&mut conn, &officer, now, k, &reason).expect("sent back");
    assert_eq!(status(&mut conn, AccountKind::Interim), "sent_back");
    let sent = mails(&mut conn, "account-sent-back");
    assert_eq!(sent.len(), 1);
    assert!(sent[0].2.contains("Lønudgifterne mangler dokumentation"));
    assert_eq!(audited(&mut conn, "account.send-back"), 1);
    let (_, mine) = app
        .login_html(FINANCE)
        .get_text("/pools/1/accounts/615/interim");
    assert!(mine.contains("Sendt tilbage (version 1)"), "{mine}");
    let (_, review) = app
        .login_html(OFFICER)
        .get_text("/pools/1/accounts/615/interim/review");
    assert!(
        review.contains("Sendt tilbage"),
        "the same word for the officer"
    );
    // The municipality corrects (version 2, a copy) and submits; a new review starts.
    submit(
        &mut conn,
        AccountKind::Interim,
        (2017, 2017),
        40_000_000,
        at("2018-03-12 10:00"),
    );
    reviews::start(&mut conn, &officer, now, k).expect("the new version is reviewed");
    let detail = reviews::review(&mut conn, k).expect("read");
    assert_eq!(detail.version.as_ref().map(|v| v.version_no), Some(2));
    assert_eq!(detail.actual_total(), 40_000_000);
}

#[test]
fn ineligible_amounts_need_a_reason_and_stay_within_the_line() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let now = at("2018-03-10 10:00");
    let k = key(AccountKind::Interim);
    submit(
        &mut conn,
        AccountKind::Interim,
        (2017, 2017),
        50_000_000,
        now,
    );
    reviews::start(&mut conn, &officer, now, k).expect("started");
    let item = CostItem::ALL[0].key();
    let line = |amount: &str, reason: &str| IneligibleDraft {
        item: item.into(),
        year: 2017,
        amount: amount.into(),
        reason: reason.into(),
    };
    let draft = ReviewDraft {
        figures_checked: true,
        content_checked: true,
        lines: vec![line("500.000,01", "")],
    };
    assert_eq!(
        invalid_fields(reviews::save(&mut conn, &officer, now, k, &draft)),
        [
            (
                format!("ineligible_{item}_2017"),
                "review-ineligible-above-actual"
            ),
            (
                format!("ineligible_reason_{item}_2017"),
                "review-ineligible-reason-required"
            ),
        ]
    );
    let draft = ReviewDraft {
        lines: vec![line("1.234,50", "Repræsentation")],
        ..draft
    };
    let saved = reviews::save(&mut conn, &officer, now, k, &draft).expect("saved");
    assert_eq!(saved.lines[0].2, 123_450);
}

/// Horsens pays rate 2 after an approved interim account; returns what is paid.
fn interim_approved_and_rate_2_paid(conn: &mut DbConn) -> i64 {
    let officer = actor(conn, "officer");
    let now = at("2018-03-10 10:00");
    let k = key(AccountKind::Interim);
    submit(conn, AccountKind::Interim, (2017, 2017), 50_000_000, now);
    reviews::start(conn, &officer, now, k).expect("started");
    reviews::save(conn, &officer, now, k, &ticks(true, true)).expect("saved");
    reviews::approve(conn, &officer, now, k).expect("approved");
    let (cid, _) = horsens(conn);
    crate::helpers::grant_override(conn, cid, 2, "whole_group_assessed", now);
    crate::helpers::pay_rate(conn, cid, 2, now).expect("paid");
    let (_, rates) = horsens(conn);
    rates.iter().filter(|r| r.2 == "paid").map(|r| r.1).sum()
}

#[test]
fn the_final_account_settles_to_the_ore_and_claims_back_what_was_paid_beyond_the_eligible() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let paid = interim_approved_and_rate_2_paid(&mut conn);
    // Spent 100.000,75 kr. less than was paid, of which 2.500,25 kr. is not eligible.
    let actual = paid - 10_000_075;
    let now = at("2020-01-20 23:30"); // 00:30 on 21 January in Copenhagen
    let k = key(AccountKind::Final);
    submit(&mut conn, AccountKind::Final, (2017, 2019), actual, now);
    reviews::start(&mut conn, &officer, now, k).expect("started");
    let draft = ReviewDraft {
        figures_checked: true,
        content_checked: true,
        lines: vec![IneligibleDraft {
            item: CostItem::ALL[0].key().into(),
            year: 2017,
            amount: "2.500,25".into(),
            reason: "Udgifter uden for projektperioden".into(),
        }],
    };
    reviews::save(&mut conn, &officer, now, k, &draft).expect("saved");
    let detail = reviews::review(&mut conn, k).expect("read");
    let preview = detail
        .preview
        .clone()
        .expect("a final account under review shows its settlement");
    let approval = reviews::approve(&mut conn, &officer, now, k).expect("approved");
    let s = approval.settlement.expect("settled");
    let eligible = actual - 250_025;
    assert_eq!(
        (s.paid_ore, s.actual_ore, s.ineligible_ore),
        (paid, actual, 250_025)
    );
    assert_eq!(s.eligible_ore, eligible);
    assert_eq!(
        s.claim_ore,
        paid - eligible,
        "claim = paid − eligible, to the øre"
    );
    assert_eq!(
        preview.claim.as_i64(),
        s.claim_ore,
        "the confirmation said the same"
    );
    let claim = approval.claim.expect("a claim");
    assert_eq!(claim.claim_no, "TB1-615");
    assert_eq!(claim.amount_ore, s.claim_ore);
    assert_eq!(claim.status.as_str(), "open");
    assert_eq!(
        claim.due_date,
        NaiveDate::from_ymd_opt(2020, 2, 20).expect("date"),
        "30 days from the Copenhagen date of settlement (21 January)"
    );
    let (_, rates) = horsens(&mut conn);
    let reasons: Vec<(i32, String, Option<String>)> = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(horsens(&mut conn).0))
        .order(commitment_rates::rate_no.asc())
        .select((
            commitment_rates::rate_no,
            commitment_rates::status,
            commitment_rates::cancel_reason,
        ))
        .load(&mut conn)
        .expect("rates");
    assert_eq!(rates.len(), 3);
    assert_eq!(
        reasons[2],
        (3, "cancelled".into(), Some("regnskab".into())),
        "beyond the spend"
    );
    let letters = mails(&mut conn, "repayment-claim");
    assert_eq!(letters.len(), 1);
    insta::assert_snapshot!("claim_letter_email", letters[0].2);
    assert!(
        letters[0].2.contains("TB1-615") && letters[0].2.contains("20. februar 2020"),
        "{}",
        letters[0].2
    );
    for action in ["account.settle", "claim.create"] {
        assert_eq!(audited(&mut conn, action), 1, "{action}");
    }
    // The letter, to the municipality itself and to no other.
    let fin = app.login(FINANCE);
    let (code, page) = fin.get_text("/pools/1/accounts/615/final/claim");
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("TB1-615"));
    assert!(page.contains(&tilskud_templates::pages::money(s.claim_ore)));
    assert!(page.contains("20. februar 2020"));
    assert_eq!(fin.get("/pools/1/accounts/751/final/claim").status(), 403);
    // Received, once; a closed claim is neither received again nor written off.
    let write_off = Reason::parse("Beløbet er modregnet").expect("reason");
    assert_eq!(
        invalid_fields(reviews::claim_received(
            &mut conn,
            &officer,
            now,
            (PAST, OWN_CODE),
            "2020-02-18"
        )),
        [("received_on".to_string(), "claim-received-future")],
        "not after the Copenhagen date it is recorded on"
    );
    let later = at("2020-02-19 08:00");
    reviews::claim_received(&mut conn, &officer, later, (PAST, OWN_CODE), "2020-02-18")
        .expect("received");
    assert_eq!(
        conflict_key(reviews::claim_write_off(
            &mut conn,
            &officer,
            now,
            (PAST, OWN_CODE),
            &write_off
        )),
        "claim-not-open"
    );
    let stored: (String, Option<NaiveDate>) = repayment_claims::table
        .select((repayment_claims::status, repayment_claims::received_on))
        .first(&mut conn)
        .expect("claim");
    assert_eq!(
        stored,
        ("received".into(), NaiveDate::from_ymd_opt(2020, 2, 18))
    );
    assert_eq!(audited(&mut conn, "claim.received"), 1);
}

#[test]
fn a_spend_that_reaches_into_rate_3_settles_without_a_claim_and_cuts_that_rate() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let paid = interim_approved_and_rate_2_paid(&mut conn);
    let now = at("2020-01-20 10:00");
    let k = key(AccountKind::Final);
    submit(
        &mut conn,
        AccountKind::Final,
        (2017, 2019),
        paid + 12_345,
        now,
    );
    reviews::start(&mut conn, &officer, now, k).expect("started");
    reviews::save(&mut conn, &officer, now, k, &ticks(true, true)).expect("saved");
    let approval = reviews::approve(&mut conn, &officer, now, k).expect("approved");
    let s = approval.settlement.expect("settled");
    assert_eq!((s.claim_ore, s.eligible_ore), (0, paid + 12_345));
    assert!(approval.claim.is_none(), "settled without a claim");
    let cut: Option<i64> = commitment_rates::table
        .filter(commitment_rates::commitment_id.eq(horsens(&mut conn).0))
        .filter(commitment_rates::rate_no.eq(3))
        .select(commitment_rates::settled_ore)
        .first(&mut conn)
        .expect("rate 3");
    assert_eq!(
        cut,
        Some(12_345),
        "rate 3 pays only the approved spend beyond what was paid"
    );
    assert_eq!(mails(&mut conn, "repayment-claim").len(), 0);
    let (_, review) = app
        .login_html(OFFICER)
        .get_text("/pools/1/accounts/615/final/review");
    assert!(
        review.contains("Rate 3 nedsættes til 123,45 kr.") && review.contains("Rate 2 er udbetalt"),
        "the review page says what became of the rates"
    );
    let fin = app.login(FINANCE);
    let (code, page) = fin.get_text("/pools/1/accounts/615/final/claim");
    assert_eq!(code, 200);
    assert!(page.contains("no-claim"), "says there is no claim");
    assert!(
        page.contains("class=\"back-link\" href=\"/pools/1/accounts/615/final\""),
        "in the page frame with the way back: {page}"
    );
}

#[test]
fn a_claim_is_written_off_with_a_reason() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let (_, rates) = horsens(&mut conn);
    let paid: i64 = rates.iter().filter(|r| r.2 == "paid").map(|r| r.1).sum();
    let now = at("2020-01-20 10:00");
    let k = key(AccountKind::Final);
    submit(&mut conn, AccountKind::Final, (2017, 2019), paid - 100, now);
    reviews::start(&mut conn, &officer, now, k).expect("started");
    reviews::save(&mut conn, &officer, now, k, &ticks(true, true)).expect("saved");
    let claim = reviews::approve(&mut conn, &officer, now, k)
        .expect("approved")
        .claim
        .expect("a claim of 1 kr.");
    assert_eq!(claim.amount_ore, 100);
    let cancelled: i64 = commitment_rates::table
        .filter(commitment_rates::cancel_reason.eq("regnskab"))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(cancelled, 2, "rates 2 and 3 are beyond the approved spend");
    assert!(Reason::parse("").is_err());
    let reason = Reason::parse("Under bagatelgrænsen").expect("reason");
    reviews::claim_write_off(&mut conn, &officer, now, (PAST, OWN_CODE), &reason)
        .expect("written off");
    let stored: (String, String) = repayment_claims::table
        .select((repayment_claims::status, repayment_claims::write_off_reason))
        .first(&mut conn)
        .expect("claim");
    assert_eq!(
        stored,
        ("written_off".into(), "Under bagatelgrænsen".into())
    );
    assert_eq!(audited(&mut conn, "claim.write-off"), 1);
}

#[test]
fn an_officer_moves_a_deadline_with_a_reason_which_is_audited_and_told() {
    let app = spawn_app!();
    let mut conn = app.db();
    let officer = actor(&mut conn, "officer");
    let now = at("2018-03-10 10:00");
    let k = key(AccountKind::Interim);
    let missing = DeadlineDraft {
        deadline: "1. maj".into(),
        reason: " ".into(),
    };
    let fields: Vec<String> = missing
        .parse()
        .expect_err("two")
        .0
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["deadline", "reason"]);
    let input = DeadlineDraft {
        deadline: "2018-05-01".into(),
        reason: "Ny jobcenterchef".into(),
    }
    .parse()
    .expect("reads");
    reviews::move_deadline(&mut conn, &officer, now, k, &input).expect("moved");
    let account =
        tilskud::db::queries::accounts::find(&mut conn, PAST, OWN_CODE, AccountKind::Interim)
            .expect("read")
            .expect("account");
    assert_eq!(
        account.deadline,
        NaiveDate::from_ymd_opt(2018, 5, 1).expect("date")
    );
    let moves = reviews::deadline_moves(&mut conn, account.id).expect("moves");
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].reason, "Ny jobcenterchef");
    let before: Option<String> = audit_log::table
        .filter(audit_log::action.eq("account.deadline"))
        .select(audit_log::before_json)
        .first(&mut conn)
        .expect("entry");
    assert!(
        before.unwrap_or_default().contains("2018-04-01"),
        "the old date is kept"
    );
    assert_eq!(mails(&mut conn, "account-deadline").len(), 1);
    // The municipality's account page says the new deadline and why it moved.
    let finance = app.login_html(FINANCE);
    let (_, page) = finance.get_text("/pools/1/accounts/615/interim");
    assert!(page.contains("1. maj 2018"), "the new deadline");
    assert!(
        page.contains("Flyttet af styrelsen til 1. maj 2018 den 10. marts 2018: Ny jobcenterchef"),
        "the move with its reason: {}",
        page.split("id=\"deadline\"")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take(400)
            .collect::<String>()
    );
}

#[test]
fn the_officers_list_filters_and_downloads_for_danish_excel_and_is_for_officers_only() {
    let app = spawn_app!();
    let mut conn = app.db();
    submit(
        &mut conn,
        AccountKind::Interim,
        (2017, 2017),
        50_000_000,
        at("2018-03-10 10:00"),
    );
    let officer = app.login_html(OFFICER);
    let (code, page) = officer.get_text("/accounts");
    assert_eq!(code, 200);
    assert_eq!(
        page.matches("class=\"account-row\"").count(),
        4,
        "two commitments, two accounts each"
    );
    assert!(
        page.contains("Frist overskredet med"),
        "the demo's deadlines have passed"
    );
    let (_, submitted) = officer.get_text("/accounts?status=submitted");
    assert_eq!(submitted.matches("class=\"account-row\"").count(), 1);
    assert!(submitted.contains("/pools/1/accounts/615/interim/review"));
    let (_, finals) = officer.get_text("/accounts?kind=final&municipality=Aarhus&overdue=1");
    assert_eq!(finals.matches("class=\"account-row\"").count(), 1);
    let csv = officer.get("/accounts.csv?kind=interim");
    assert_eq!(csv.status(), 200);
    let bytes = csv.bytes().expect("body");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte order mark for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("Kommunenr.;") || lines[0].contains(";Regnskab;"),
        "{}",
        lines[0]
    );
    assert!(
        lines.iter().any(|l| l.starts_with("615;Horsens;")
            && l.contains(";Mellemregnskab;")
            && l.contains(";Indsendt;")),
        "{text}"
    );
    let xlsx = officer.get("/accounts.xlsx");
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().expect("body").starts_with(b"PK"), "a zip");
    // The review page, its start, and the confirmation before approving.
    let base = "/pools/1/accounts/615/interim";
    let (code, review) = officer.get_text(&format!("{base}/review"));
    assert_eq!(code, 200);
    assert!(
        review.contains("R1-615-I1") && review.contains("/documents/"),
        "version and documents"
    );
    assert_eq!(
        officer
            .post_form(&format!("{base}/review/start"), &[])
            .status(),
        303
    );
    let save = officer.post_form(
        &format!("{base}/review/save"),
        &[
            ("figures_checked", "1"),
            ("ineligible_other_2017", "5"),
            ("ineligible_reason_other_2017", ""),
        ],
    );
    assert_eq!(
        save.status(),
        422,
        "5 kr. on a line of 0 kr., without a reason"
    );
    let page = save.text().expect("text");
    assert!(
        page.contains("ineligible_reason_other_2017") && page.contains("value=\"5\""),
        "the input is kept"
    );
    let unticked = officer.post_form(&format!("{base}/review/approve"), &[]);
    assert_eq!(
        unticked.status(),
        409,
        "not even the confirmation without both ticks"
    );
    let ticked = [("figures_checked", "1"), ("content_checked", "1")];
    assert_eq!(
        officer
            .post_form(&format!("{base}/review/save"), &ticked)
            .status(),
        303
    );
    let confirm = officer.post_form(&format!("{base}/review/approve"), &[]);
    assert_eq!(confirm.status(), 200);
    assert!(confirm.text().expect("text").contains("name=\"confirm\""));
    let back = officer.post_form(&format!("{base}/review/send-back"), &[("reason", "")]);
    assert_eq!(back.status(), 422, "a reason is required");
    let moved = officer.post_form(
        &format!("{base}/deadline"),
        &[("deadline", "2018-06-01"), ("deadline_reason", "")],
    );
    assert_eq!(moved.status(), 422);
    assert!(moved.text().expect("text").contains("#deadline_reason"));
    // Not for the municipality.
    let fin = app.login(FINANCE);
    for path in [
        "/accounts",
        "/accounts.csv",
        "/pools/1/accounts/615/interim/review",
    ] {
        assert_eq!(fin.get(path).status(), 403, "{path}");
    }
    assert_eq!(
        fin.post_form(&format!("{base}/review/approve"), &[("confirm", "1")])
            .status(),
        403
    );
}

#[test]
fn the_final_account_is_approved_through_the_confirmation_and_the_api_tells_the_settlement() {
    let app = spawn_app!();
    let mut conn = app.db();
    let (_, rates) = horsens(&mut conn);
    let paid: i64 = rates.iter().filter(|r| r.2 == "paid").map(|r| r.1).sum();
    submit(
        &mut conn,
        AccountKind::Final,
        (2017, 2019),
        paid - 50,
        at("2020-01-20 10:00"),
    );
    let api = app.login(OFFICER);
    let path = "/api/v1/pools/1/accounts/615/final";
    let (code, out) = api.send_json(
        reqwest::Method::POST,
        &format!("{path}/review/start"),
        &serde_json::json!({}),
    );
    assert_eq!(code, 200, "{out}");
    assert_eq!(out["status"], "in_review");
    let item = CostItem::ALL[0].key();
    let (code, out) = api.send_json(
        reqwest::Method::POST,
        &format!("{path}/review/save"),
        &serde_json::json!({"figures_checked": true, "content_checked": true,
            "ineligible": [{"item": item, "year": 2017, "amount": "0,25", "reason": "Gebyr"}]}),
    );
    assert_eq!(code, 200, "{out}");
    assert_eq!(
        out["settlement"]["claim_ore"], 75,
        "the preview: 50 øre unspent, 25 øre ineligible"
    );
    let (code, list) = api.get_json("/api/v1/accounts?status=in_review");
    assert_eq!(code, 200);
    assert_eq!(list["accounts"].as_array().map(Vec::len), Some(1));
    // Approved through the page's confirmation.
    let web = app.login_html(OFFICER);
    let base = "/pools/1/accounts/615/final";
    let (_, review) = web.get_text(&format!("{base}/review"));
    assert!(
        !review.contains("kr.."),
        "no double full stop after an amount"
    );
    assert!(
        review.contains("indsendt 20.01.2020 11:00:00"),
        "the submission to the second, as the receipt"
    );
    assert!(
        review.contains("1. marts 2018"),
        "the signature's date as people read it"
    );
    assert!(
        review.contains("class=\"active\"><a class=\"nav-link\" href=\"/accounts\""),
        "the menu says Regnskaber"
    );
    assert!(review.contains("class=\"form-input input-comment\""));
    let (_, list) = web.get_text("/accounts");
    assert!(
        !has_numeric_date(&list),
        "the list's deadlines as people read them"
    );
    assert!(
        review.contains("Afregning ved godkendelse"),
        "before approval the settlement is a preview"
    );
    let confirm = web
        .post_form(&format!("{base}/review/approve"), &[])
        .text()
        .expect("text");
    assert!(
        confirm.contains("id=\"settlement-claim\"") && confirm.contains("0,75 kr."),
        "the settlement before approving"
    );
    assert!(
        confirm.contains("Godkend slutregnskabet for "),
        "the confirmation names the account and its pool"
    );
    assert_eq!(
        web.post_form(&format!("{base}/review/approve"), &[("confirm", "1")])
            .status(),
        303
    );
    let (_, review) = web.get_text(&format!("{base}/review"));
    assert!(
        review.contains(">Afregning</h2>") && !review.contains("Afregning ved godkendelse"),
        "once approved, the settlement is made"
    );
    let claim = review
        .split_once("id=\"claim\"")
        .and_then(|(_, rest)| rest.split_once("</p>"))
        .map(|(p, _)| p)
        .expect("the claim");
    assert!(
        claim.contains("forfalder ") && !has_numeric_date(claim),
        "the claim's due date as people read it: {claim}"
    );
    let (_, letter) = web.get_text(&format!("{base}/claim"));
    assert!(
        letter.contains("Dato: ") && !has_numeric_date(&letter),
        "the letter's dates as people read them"
    );
    assert!(
        letter.contains("class=\"nowrap\""),
        "the amount is not split from its kr."
    );
    let fin = app.login_html(FINANCE);
    for page in [base.to_string(), "/municipalities/615".to_string()] {
        let (_, text) = fin.get_text(&page);
        assert!(
            text.contains("href=\"/pools/1/accounts/615/final/claim\"")
                && text.contains("Se brevet om tilbagebetalingskravet"),
            "{page} links the claim's letter"
        );
    }
    let (code, s) = app.login(FINANCE).get_json(&format!("{path}/settlement"));
    assert_eq!(code, 200);
    assert_eq!(
        (
            s["settlement"]["claim_ore"].as_i64(),
            s["claim"]["claim_no"].as_str()
        ),
        (Some(75), Some("TB1-615"))
    );
    let (code, _) = api.send_json(
        reqwest::Method::POST,
        &format!("{path}/claim/write-off"),
        &serde_json::json!({"reason": ""}),
    );
    assert_eq!(code, 422);
    let (code, c) = api.send_json(
        reqwest::Method::POST,
        &format!("{path}/claim/received"),
        &serde_json::json!({"received_on": "2020-02-01"}),
    );
    assert_eq!(
        (code, c["claim"]["status"].as_str()),
        (200, Some("received"))
    );
    assert_eq!(app.login(FINANCE).get_json("/api/v1/accounts").0, 403);
}
