//! Rates and payouts over the JSON API, on the demo data: Aarhus (751) asks for its
//! payable rate 1, one officer prepares it, a second approves it, it is batched (the CSV
//! the same bytes every time), paid and mailed; twenty approvals at once pay it once;
//! through two instances too; approvals racing a cancellation end in one state;
//! `Idempotency-Key` replays an answer instead of running twice.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use serde_json::{json, Value};
use tilskud::db::schema::{commitments, outbox, payouts, rate_requests};

use crate::helpers::*;
use crate::spawn_app;

const AARHUS: i32 = 751;
const AARHUS_FINANCE: (&str, &str) = ("aarhus.finance", "demo-aarhus-2017");

fn rates_path(code: i32) -> String {
    format!("/api/v1/pools/1/municipalities/{code}/rates")
}

fn rate_path(code: i32, n: i32, action: &str) -> String {
    format!("/api/v1/pools/1/municipalities/{code}/rates/{n}/{action}")
}

/// A POST with a JSON body, the CSRF header and, if given, an `Idempotency-Key`; the
/// status, the `Idempotent-Replayed` header and the body.
fn post(s: &Session, path: &str, body: &Value, key: Option<&str>) -> (u16, bool, Value) {
    let mut rb = s
        .client
        .post(s.url(path))
        .header("X-CSRF-Token", &s.csrf)
        .json(body);
    if let Some(k) = key {
        rb = rb.header("Idempotency-Key", k);
    }
    let res = rb.send().expect("POST");
    let replayed = res.headers().get("idempotent-replayed").is_some();
    (
        res.status().as_u16(),
        replayed,
        res.json().unwrap_or(Value::Null),
    )
}

fn rate(rates: &Value, n: i64) -> &Value {
    rates["rates"]
        .as_array()
        .expect("rates")
        .iter()
        .find(|r| r["number"] == n)
        .expect("the rate")
}

fn aarhus_commitment(app: &TestApp) -> i64 {
    commitments::table
        .filter(commitments::pool_id.eq(1))
        .filter(commitments::municipality_code.eq(AARHUS))
        .select(commitments::id)
        .first(&mut app.db())
        .expect("Aarhus's commitment")
}

fn count_payouts(app: &TestApp, commitment: i64) -> i64 {
    payouts::table
        .filter(payouts::commitment_id.eq(commitment))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn count_requests(app: &TestApp, commitment: i64) -> i64 {
    rate_requests::table
        .filter(rate_requests::commitment_id.eq(commitment))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

#[test]
fn a_rate_goes_from_request_to_paid_with_two_officers_and_a_kept_csv() {
    let app = spawn_app!();
    app.clock.set_local("2018-03-01 10:00");
    let finance = app.login(AARHUS_FINANCE);
    let officer = app.login(OFFICER);
    let approver = app.login(APPROVER);

    let (status, rates) = finance.get_json(&rates_path(AARHUS));
    assert_eq!(status, 200, "{rates}");
    assert_eq!(rates["municipality_code"], AARHUS);
    let one = rate(&rates, 1);
    assert_eq!(one["state"], "payable");
    assert_eq!(one["state_label"], "Kan udbetales");
    assert_eq!(one["share_bp"], 3000);
    assert_eq!(one["conditions"][0]["condition"], "on_commitment");
    assert_eq!(one["conditions"][0]["met"], true);
    assert_eq!(one["conditions"][0]["evidence"]["kind"], "on_commitment");
    assert!(one["payable_from_utc"].is_null());
    let amount = one["payable_ore"].as_i64().expect("amount");
    assert!(amount > 0);
    // Rate 2 may be paid from the start of 1 January 2018 in Copenhagen.
    let two = rate(&rates, 2);
    assert_eq!(two["payable_from_utc"], "2017-12-31T23:00:00Z");
    assert_eq!(two["payable_from_local"], "2018-01-01T00:00:00+01:00");
    let not_before = two["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .find(|c| c["condition"] == "not_before")
        .expect("not_before");
    assert_eq!(not_before["met"], true);
    assert_eq!(not_before["evidence"]["from_utc"], "2017-12-31T23:00:00Z");
    assert_eq!(two["state"], "conditions_not_met");

    // The municipality asks.
    let (status, _, request) = post(
        &finance,
        &rate_path(AARHUS, 1, "request"),
        &json!({ "note": "Første rate, tak." }),
        None,
    );
    assert_eq!(status, 201, "{request}");
    assert_eq!(request["status"], "open");
    assert_eq!(request["note"], "Første rate, tak.");
    let (_, rates) = finance.get_json(&rates_path(AARHUS));
    assert_eq!(rate(&rates, 1)["state"], "requested");
    assert_eq!(rate(&rates, 1)["request"]["id"], request["id"]);

    // The officer's queue shows it; the officer prepares.
    let (status, queue) = officer.get_json("/api/v1/pools/1/payouts");
    assert_eq!(status, 200);
    assert_eq!(queue["requests"][0]["request"]["id"], request["id"]);
    assert_eq!(queue["requests"][0]["commitment"]["municipality"], "Aarhus");
    let (status, _, payout) = post(&officer, &rate_path(AARHUS, 1, "prepare"), &json!({}), None);
    assert_eq!(status, 201, "{payout}");
    assert_eq!(payout["status"], "prepared");
    assert_eq!(payout["amount_ore"], amount);
    assert_eq!(payout["request_id"], request["id"]);
    assert_eq!(payout["evidence"]["gate"]["checks"][0]["met"], true);
    let id = payout["id"].as_i64().expect("id");

    // Four eyes: not the one who prepared it.
    let approve = format!("/api/v1/payouts/{id}/approve");
    let (status, _, refused) = post(&officer, &approve, &json!({}), None);
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"], "conflict");
    assert_eq!(
        refused["message"],
        "Den, der har forberedt en udbetaling eller foreslået en undtagelse, kan ikke selv \
         godkende den. En anden sagsbehandler skal godkende."
    );
    let (status, _, approved) = post(&approver, &approve, &json!({}), None);
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    let (_, queue) = officer.get_json("/api/v1/pools/1/payouts");
    assert_eq!(queue["approved"][0]["payout"]["id"], id);
    assert_eq!(queue["prepared"].as_array().map(Vec::len), Some(0));

    // The batch, and its files: the same bytes on every download.
    let (status, _, batch) = post(&officer, "/api/v1/pools/1/payout-batches", &json!({}), None);
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["batch"]["payout_count"], 1);
    assert_eq!(batch["batch"]["total_ore"], amount);
    assert_eq!(batch["lines"][0]["municipality_code"], AARHUS);
    assert_eq!(batch["lines"][0]["payout_id"], id);
    let batch_id = batch["batch"]["id"].as_i64().expect("batch id");
    let download = |ext: &str| {
        let res = officer.get(&format!("/api/v1/payout-batches/{batch_id}/{ext}"));
        assert_eq!(res.status(), 200);
        let kind = res.headers()["content-type"]
            .to_str()
            .expect("type")
            .to_string();
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .expect("disposition")
            .to_string();
        (kind, disposition, res.bytes().expect("bytes").to_vec())
    };
    let (kind, disposition, csv) = download("csv");
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(
        disposition.contains(&format!("filename=\"udbetalinger-batch-{batch_id}.csv\"")),
        "{disposition}"
    );
    assert_eq!(download("csv").2, csv, "the kept bytes");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("Modtager;Kommunekode;"));
    let line = lines.next().expect("a line");
    let kroner = format!("{},{:02}", amount / 100, amount % 100);
    assert!(
        line.starts_with(&format!("Aarhus Kommune;751;{kroner};{amount};")),
        "{line}"
    );
    let (kind, disposition, xlsx) = download("xlsx");
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert!(disposition.contains(".xlsx"), "{disposition}");
    assert!(xlsx.starts_with(b"PK"), "a zip");
    assert_eq!(download("xlsx").2, xlsx);

    // Paid: the rate turns paid and the municipality's contact person is told.
    let paid = format!("/api/v1/payout-batches/{batch_id}/paid");
    let (status, _, bad) = post(&officer, &paid, &json!({ "paid_on": "1. marts" }), None);
    assert_eq!(status, 422);
    assert_eq!(bad["fields"][0]["field"], "paid_on");
    let (status, _, done) = post(&officer, &paid, &json!({ "paid_on": "2018-03-02" }), None);
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["paid_on"], "2018-03-02");
    let (status, _, again) = post(&officer, &paid, &json!({ "paid_on": "2018-03-02" }), None);
    assert_eq!(status, 409, "{again}");
    let (_, rates) = finance.get_json(&rates_path(AARHUS));
    let one = rate(&rates, 1);
    assert_eq!(one["state"], "paid");
    assert_eq!(one["payout"]["status"], "paid");
    assert_eq!(rates["requests"][0]["status"], "prepared");
    let mails: Vec<(String, String)> = outbox::table
        .filter(outbox::kind.eq("rate-paid"))
        .select((outbox::to_addr, outbox::related_id))
        .load(&mut app.db())
        .expect("outbox");
    assert_eq!(
        mails,
        vec![("anders.holm@aarhus.example".to_string(), id.to_string())]
    );
}

#[test]
fn twenty_approvals_at_once_approve_one_payout_and_refuse_the_rest() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, _, payout) = post(&officer, &rate_path(AARHUS, 1, "prepare"), &json!({}), None);
    assert_eq!(status, 201, "{payout}");
    let approve = format!("/api/v1/payouts/{}/approve", payout["id"]);
    let answers = race(
        (0..20)
            .map(|_| (app.login(APPROVER), approve.clone(), json!({})))
            .collect(),
    );
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let conflicts: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 409)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(conflicts.len(), 19, "{answers:?}");
    assert!(conflicts.iter().all(|b| b["error"] == "conflict"));
    let commitment = aarhus_commitment(&app);
    assert_eq!(count_payouts(&app, commitment), 1);
    let approved: i64 = payouts::table
        .filter(payouts::commitment_id.eq(commitment))
        .filter(payouts::status.eq("approved"))
        .count()
        .get_result(&mut app.db())
        .expect("count");
    assert_eq!(approved, 1);
}

#[test]
fn the_same_idempotency_key_replays_the_answer_and_another_body_is_refused() {
    let app = spawn_app!();
    let finance = app.login(AARHUS_FINANCE);
    let commitment = aarhus_commitment(&app);
    let path = rate_path(AARHUS, 1, "request");
    let body = json!({ "note": "Rate 1" });
    let first = post(&finance, &path, &body, Some("req-1"));
    assert_eq!(first.0, 201, "{first:?}");
    assert!(!first.1, "the first answer is not a replay");
    let second = post(&finance, &path, &body, Some("req-1"));
    assert_eq!(second.0, 201);
    assert!(second.1, "replayed");
    assert_eq!(second.2, first.2, "the same answer");
    assert_eq!(count_requests(&app, commitment), 1, "one request");

    // The same key with another body.
    let (status, _, other) = post(
        &finance,
        &path,
        &json!({ "note": "Noget andet" }),
        Some("req-1"),
    );
    assert_eq!(status, 422, "{other}");
    assert_eq!(other["fields"][0]["field"], "Idempotency-Key");
    assert!(
        other["fields"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("allerede brugt")),
        "{other}"
    );
    // A new key runs the operation, which refuses: the rate is already requested.
    let (status, _, refused) = post(&finance, &path, &body, Some("req-2"));
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("Anmodet") || m.contains("anmodet")),
        "{refused}"
    );
    // ...and the refusal is what that key answers from now on.
    let (status, replayed, again) = post(&finance, &path, &body, Some("req-2"));
    assert_eq!((status, replayed), (409, true));
    assert_eq!(again, refused);
    assert_eq!(count_requests(&app, commitment), 1);

    // Keys are per user: the officer's "req-1" is a key of its own.
    let officer = app.login(OFFICER);
    let (status, replayed, payout) = post(
        &officer,
        &rate_path(AARHUS, 1, "prepare"),
        &json!({}),
        Some("req-1"),
    );
    assert_eq!((status, replayed), (201, false), "{payout}");
    // A malformed key.
    let (status, _, bad) = post(
        &officer,
        "/api/v1/pools/1/payout-batches",
        &json!({}),
        Some(" "),
    );
    assert_eq!(status, 422, "{bad}");
}

#[test]
fn identical_requests_racing_with_one_key_run_once_and_get_one_answer() {
    let app = spawn_app!();
    let finance = Arc::new(app.login(AARHUS_FINANCE));
    let commitment = aarhus_commitment(&app);
    let path = rate_path(AARHUS, 1, "request");
    let start = Arc::new(Barrier::new(10));
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let (finance, start, path) = (finance.clone(), start.clone(), path.clone());
            std::thread::spawn(move || {
                start.wait();
                post(
                    &finance,
                    &path,
                    &json!({ "note": "Samtidig" }),
                    Some("race"),
                )
            })
        })
        .collect();
    let answers: Vec<(u16, bool, Value)> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert!(answers.iter().all(|(s, _, _)| *s == 201), "{answers:?}");
    assert_eq!(answers.iter().filter(|(_, r, _)| !r).count(), 1, "one ran");
    assert!(answers.iter().all(|(_, _, b)| *b == answers[0].2));
    assert_eq!(count_requests(&app, commitment), 1);
}

#[test]
fn municipal_users_are_kept_to_their_own_rates_and_the_committee_changes_nothing() {
    let app = spawn_app!();
    let horsens = app.login(FINANCE);
    let committee = app.login(COMMITTEE);
    let aarhus = app.login(AARHUS_FINANCE);
    // Reading: their own municipality only.
    assert_eq!(horsens.get(&rates_path(OWN_CODE)).status(), 200);
    assert_eq!(committee.get(&rates_path(OWN_CODE)).status(), 200);
    assert_eq!(horsens.get(&rates_path(AARHUS)).status(), 403);
    assert_eq!(committee.get(&rates_path(AARHUS)).status(), 403);
    let (status, rates) = horsens.get_json(&rates_path(OWN_CODE));
    assert_eq!(status, 200);
    assert_eq!(
        rate(&rates, 1)["state"],
        "paid",
        "the demo paid Horsens's rate 1"
    );
    let body = json!({ "note": "x", "reason": "x", "for": "decision", "condition": "not_before" });
    let posts = [
        rate_path(AARHUS, 1, "request"),
        rate_path(AARHUS, 1, "prepare"),
        rate_path(AARHUS, 1, "cancel"),
        rate_path(AARHUS, 1, "overrides"),
        "/api/v1/rate-requests/1/refuse".to_string(),
        "/api/v1/payouts/1/approve".to_string(),
        "/api/v1/payouts/1/reject".to_string(),
        "/api/v1/rate-overrides/1/decide".to_string(),
        "/api/v1/pools/1/payout-batches".to_string(),
        "/api/v1/payout-batches/1/paid".to_string(),
    ];
    for who in [&horsens, &committee] {
        for path in &posts {
            let (status, _, _) = post(who, path, &body, None);
            assert_eq!(status, 403, "{path}");
        }
    }
    // The committee cannot ask for its own municipality's rate either, and Aarhus's
    // finance staff do none of the officers' steps.
    let (status, _, _) = post(&committee, &rate_path(OWN_CODE, 2, "request"), &body, None);
    assert_eq!(status, 403);
    for path in posts.iter().skip(1) {
        let (status, _, _) = post(&aarhus, path, &body, None);
        assert_eq!(status, 403, "{path}");
    }
    for path in [
        "/api/v1/pools/1/payouts",
        "/api/v1/payout-batches/1",
        "/api/v1/payout-batches/1/csv",
    ] {
        assert_eq!(aarhus.get(path).status(), 403, "{path}");
    }
    let commitment = aarhus_commitment(&app);
    assert_eq!(count_requests(&app, commitment), 0);
    assert_eq!(count_payouts(&app, commitment), 0);
}

#[test]
fn a_rate_whose_conditions_are_not_met_is_refused_naming_the_condition() {
    let app = spawn_app!();
    app.clock.set_local("2017-09-01 10:00");
    let finance = app.login(AARHUS_FINANCE);
    let (status, rates) = finance.get_json(&rates_path(AARHUS));
    assert_eq!(status, 200);
    assert_eq!(rate(&rates, 2)["state"], "not_due");
    assert_eq!(rate(&rates, 2)["state_label"], "Ikke forfalden endnu");
    let (status, _, refused) = post(&finance, &rate_path(AARHUS, 2, "request"), &json!({}), None);
    assert_eq!(status, 409, "{refused}");
    assert_eq!(
        refused["message"],
        "Rate 2 kan ikke udbetales endnu: datoen, raten tidligst kan udbetales fra, er ikke \
         nået og 2 andre betingelser.",
        "the interim account and the whole group's assessment are missing too"
    );
    let (_, english) = finance.get_json(&format!("{}?lang=en", rates_path(AARHUS)));
    assert_eq!(rate(&english, 2)["state_label"], "Not due yet");

    // An officer's cancel and override name every field wrong at once.
    let officer = app.login(OFFICER);
    let (status, _, bad) = post(
        &officer,
        &rate_path(AARHUS, 2, "cancel"),
        &json!({ "for": "x" }),
        None,
    );
    assert_eq!(status, 422, "{bad}");
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["for", "note"]);
    let (status, _, bad) = post(
        &officer,
        &rate_path(AARHUS, 2, "overrides"),
        &json!({ "condition": "on_commitment" }),
        None,
    );
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["fields"].as_array().map(Vec::len), Some(2));

    // An override of the date, proposed by one officer and approved by another, lets the
    // date pass; the proposer cannot approve it.
    let (status, _, proposed) = post(
        &officer,
        &rate_path(AARHUS, 2, "overrides"),
        &json!({ "condition": "not_before", "reason": "Aftalt med STAR" }),
        None,
    );
    assert_eq!(status, 201, "{proposed}");
    let decide = format!("/api/v1/rate-overrides/{}/decide", proposed["id"]);
    let (status, _, own) = post(&officer, &decide, &json!({ "approve": true }), None);
    assert_eq!(status, 409, "{own}");
    let approver = app.login(APPROVER);
    let (status, _, missing) = post(&approver, &decide, &json!({}), None);
    assert_eq!(status, 422, "{missing}");
    assert_eq!(missing["fields"][0]["field"], "approve");
    let (status, _, decided) = post(&approver, &decide, &json!({ "approve": true }), None);
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "approved");
    let (_, rates) = finance.get_json(&rates_path(AARHUS));
    let two = rate(&rates, 2);
    let not_before = two["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .find(|c| c["condition"] == "not_before")
        .expect("not_before");
    assert_eq!(not_before["met"], false);
    assert_eq!(not_before["overridden_by"], proposed["id"]);
    assert_eq!(not_before["passes"], true);
    assert_eq!(rates["overrides"][0]["status"], "approved");

    // A request refused with its reason stays in the history; cancelling rate 3 keeps
    // its reason.
    let (status, _, request) = post(&finance, &rate_path(AARHUS, 1, "request"), &json!({}), None);
    assert_eq!(status, 201, "{request}");
    let (status, _, refused) = post(
        &officer,
        &format!("/api/v1/rate-requests/{}/refuse", request["id"]),
        &json!({ "reason": "Mangler bilag" }),
        None,
    );
    assert_eq!(status, 200, "{refused}");
    assert_eq!(refused["status"], "refused");
    let (status, _, cancelled) = post(
        &officer,
        &rate_path(AARHUS, 3, "cancel"),
        &json!({ "for": "decision", "note": "Projektet er lukket" }),
        None,
    );
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["cancelled_for"], "decision");
    let (_, rates) = finance.get_json(&rates_path(AARHUS));
    assert_eq!(rates["requests"][0]["refusal_reason"], "Mangler bilag");
    assert_eq!(rate(&rates, 1)["state"], "payable");
    assert_eq!(rate(&rates, 3)["state"], "cancelled");
}

#[test]
fn the_missing_condition_is_named_and_the_others_counted() {
    use tilskud::error::Msg;
    use tilskud_templates::i18n::Lang;
    let msg = |condition: &str, others: usize| {
        Msg::new("payout-condition-missing")
            .arg("rate", 3)
            .arg("condition", condition)
            .count("others", others)
    };
    assert_eq!(
        msg("finance_act", 0).text(Lang::Da),
        "Rate 3 kan ikke udbetales endnu: finansloven for året er ikke registreret som vedtaget."
    );
    assert_eq!(
        msg("activity_share", 2).text(Lang::Da),
        "Rate 3 kan ikke udbetales endnu: andelen i virksomhedsrettet aktivitet eller ordinære \
         timer er ikke nået og 2 andre betingelser."
    );
    assert_eq!(
        msg("interim_account", 1).text(Lang::En),
        "Rate 3 cannot be paid yet: the interim account is not approved and 1 other condition."
    );
    let state = Msg::new("payout-rate-in-state")
        .arg("rate", 1)
        .arg("state", "exported");
    assert_eq!(
        state.text(Lang::Da),
        "Rate 1 kan ikke anmodes om eller forberedes nu. Ratens status: sendt til udbetaling."
    );
}

#[test]
fn every_message_the_payouts_use_is_in_both_catalogues() {
    use tilskud_templates::i18n::{has, Lang};
    let mut keys: Vec<String> = tilskud::domain::payout_gate::RateState::ALL
        .iter()
        .map(|s| s.key())
        .collect();
    for file in [
        "src/app/payouts.rs",
        "src/app/payouts/batches.rs",
        "src/api/payouts.rs",
        "src/api/idempotency.rs",
    ] {
        let src = std::fs::read_to_string(file).expect(file);
        for part in src.split("Msg::new(").skip(1) {
            let rest = part.trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            keys.push(rest[..rest.find('"').expect("closing quote")].to_string());
        }
    }
    assert!(keys.len() > 30, "{keys:?}");
    for key in &keys {
        for lang in [Lang::Da, Lang::En] {
            assert!(has(lang, key), "{key} in {lang:?}");
        }
    }
}

fn post_pdf(s: &Session, path: &str, bytes: &[u8], content_type: &str) -> (u16, Value) {
    let r = s
        .client
        .post(s.url(path))
        .header("X-CSRF-Token", &s.csrf)
        .header("Content-Type", content_type)
        .body(bytes.to_vec())
        .send()
        .expect("post PDF");
    (r.status().as_u16(), r.json().unwrap_or(Value::Null))
}

#[test]
fn a_request_over_the_api_takes_its_pdfs_one_body_each_and_refuses_what_is_no_pdf() {
    let app = spawn_app!();
    app.clock.set_local("2018-03-01 10:00");
    let finance = app.login(AARHUS_FINANCE);
    let documents = format!("{}/documents", rate_path(AARHUS, 1, "request"));
    let pdf = b"%PDF-1.7\n% bilag til rate 1\n%%EOF\n";

    // Nothing asked yet: no request to attach to.
    let (status, body) = post_pdf(
        &finance,
        &format!("{documents}?filename=bilag.pdf"),
        pdf,
        "application/pdf",
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");

    let (status, _, request) = post(
        &finance,
        &rate_path(AARHUS, 1, "request"),
        &json!({ "note": "Første rate, bilag følger." }),
        None,
    );
    assert_eq!(status, 201, "{request}");
    let (status, doc) = post_pdf(
        &finance,
        &format!("{documents}?filename=bilag.pdf"),
        pdf,
        "application/pdf",
    );
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["request_id"], request["id"]);
    assert_eq!(doc["file_name"], "bilag.pdf");
    // The same file again is attached once.
    let (status, _) = post_pdf(
        &finance,
        &format!("{documents}?filename=bilag.pdf"),
        pdf,
        "application/pdf",
    );
    assert_eq!(status, 201);
    // Not a PDF, whatever it is called or says it is.
    let (status, body) = post_pdf(
        &finance,
        &format!("{documents}?filename=x.pdf"),
        b"hello",
        "application/pdf",
    );
    assert_eq!(status, 422, "{body}");
    let (status, _) = post_pdf(
        &finance,
        &format!("{documents}?filename=x.txt"),
        pdf,
        "text/plain",
    );
    assert_eq!(status, 422);

    let (_, rates) = finance.get_json(&rates_path(AARHUS));
    let requests = rates["requests"].as_array().expect("requests");
    let docs = requests
        .iter()
        .find(|r| r["id"] == request["id"])
        .expect("the request")["documents"]
        .as_array()
        .expect("documents")
        .clone();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["file_name"], "bilag.pdf");

    // Another municipality's staff cannot attach to Aarhus' request.
    let horsens = app.login(FINANCE);
    let (status, _) = post_pdf(
        &horsens,
        &format!("{documents}?filename=bilag.pdf"),
        pdf,
        "application/pdf",
    );
    assert_eq!(status, 403);
}

/// Runs each request on its own thread, all released at once; the answers in order.
fn race(requests: Vec<(Session, String, Value)>) -> Vec<(u16, Value)> {
    let start = Arc::new(Barrier::new(requests.len()));
    let handles: Vec<_> = requests
        .into_iter()
        .map(|(s, path, body)| {
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                let (status, _, body) = post(&s, &path, &body, None);
                (status, body)
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect()
}

#[test]
fn twenty_approvals_through_two_instances_approve_one_payout() {
    let a = spawn_app!();
    let b = a.spawn_beside(|_| {});
    let officer = a.login(OFFICER);
    let (status, _, payout) = post(&officer, &rate_path(AARHUS, 1, "prepare"), &json!({}), None);
    assert_eq!(status, 201, "{payout}");
    let approve = format!("/api/v1/payouts/{}/approve", payout["id"]);
    // Half the approvers on each instance, as behind a load balancer.
    let requests = (0..20)
        .map(|i| {
            let app = if i % 2 == 0 { &a } else { &b };
            (app.login(APPROVER), approve.clone(), json!({}))
        })
        .collect();
    let answers = race(requests);
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let conflicts = answers
        .iter()
        .filter(|(s, b)| *s == 409 && b["error"] == "conflict")
        .count();
    assert_eq!((ok, conflicts), (1, 19), "{answers:?}");
    let commitment = aarhus_commitment(&a);
    assert_eq!(count_payouts(&a, commitment), 1);
    let (status, rates) = officer.get_json(&rates_path(AARHUS));
    assert_eq!(status, 200);
    assert_eq!(rate(&rates, 1)["state"], "approved", "{rates}");
    // The second instance shows the same.
    let (_, rates) = b.login(OFFICER).get_json(&rates_path(AARHUS));
    assert_eq!(rate(&rates, 1)["state"], "approved", "{rates}");
}

#[test]
fn approving_racing_a_cancellation_ends_in_one_consistent_state() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, _, payout) = post(&officer, &rate_path(AARHUS, 1, "prepare"), &json!({}), None);
    assert_eq!(status, 201, "{payout}");
    let approve = format!("/api/v1/payouts/{}/approve", payout["id"]);
    let cancel = rate_path(AARHUS, 1, "cancel");
    let why = json!({ "for": "decision", "note": "Tilsagnet bortfalder (test)" });
    // Ten approvals by the second officer and ten cancellations by the first, at once.
    let requests = (0..20)
        .map(|i| {
            if i % 2 == 0 {
                (app.login(APPROVER), approve.clone(), json!({}))
            } else {
                (app.login(OFFICER), cancel.clone(), why.clone())
            }
        })
        .collect();
    let answers = race(requests);
    let ok: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == 200)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(ok.len(), 1, "exactly one action wins: {answers:?}");
    assert!(
        answers.iter().all(|(s, _)| *s == 200 || *s == 409),
        "the rest are conflicts: {answers:?}"
    );
    let approved_won = ok[0] % 2 == 0;
    let commitment = aarhus_commitment(&app);
    let statuses: Vec<String> = payouts::table
        .filter(payouts::commitment_id.eq(commitment))
        .select(payouts::status)
        .load(&mut app.db())
        .expect("payouts");
    let (_, rates) = officer.get_json(&rates_path(AARHUS));
    let state = rate(&rates, 1)["state"].clone();
    if approved_won {
        assert_eq!(statuses, vec!["approved".to_string()]);
        assert_eq!(state, "approved", "{rates}");
    } else {
        assert_eq!(statuses, vec!["cancelled".to_string()]);
        assert_eq!(state, "cancelled", "{rates}");
    }
}

/// A well-formed condition name the rate simply does not have is refused by the rate's
/// state (409), like an exception from a condition already met, not as bad input (422):
/// the OpenAPI document lists the names, and a valid name must not be a 422.
#[test]
fn an_exception_from_a_condition_the_rate_does_not_have_is_a_conflict() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, rates) = officer.get_json(&rates_path(AARHUS));
    assert_eq!(status, 200, "{rates}");
    let has: Vec<&str> = rate(&rates, 1)["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .filter_map(|c| c["condition"].as_str())
        .collect();
    let absent = [
        "finance_act",
        "whole_group_assessed",
        "activity_share",
        "results_share",
        "interim_account",
        "final_account",
    ]
    .into_iter()
    .find(|c| !has.contains(c))
    .expect("a condition rate 1 does not have");
    let (status, _, body) = post(
        &officer,
        &rate_path(AARHUS, 1, "overrides"),
        &json!({ "condition": absent, "reason": "Aftalt med STAR" }),
        None,
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");
}
