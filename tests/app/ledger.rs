//! The pool's ledger and forecast (`docs/rates.md`, "Ledger and forecast"), on the demo
//! data: every krone committed in exactly one column, the same states as every rate
//! page, a what-if that dates a milestone, bad what-ifs named field by field with the
//! input kept, and the tables as Danish CSV and XLSX.

use serde_json::Value;

use crate::helpers::*;
use crate::spawn_app;

const AARHUS: i32 = 751;

fn ledger(s: &Session, query: &str) -> Value {
    let (status, body) = s.get_json(&format!("/api/v1/pools/1/ledger{query}"));
    assert_eq!(status, 200, "{body}");
    body
}

fn ore(v: &Value, field: &str) -> i64 {
    v[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

const PARTS: [&str; 7] = [
    "paid_ore",
    "approved_ore",
    "in_process_ore",
    "payable_ore",
    "not_due_ore",
    "not_met_ore",
    "cancelled_ore",
];

fn commitment_of(app: &TestApp, code: i32) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::commitments;
    commitments::table
        .filter(commitments::municipality_code.eq(code))
        .filter(commitments::pool_id.eq(1))
        .select(commitments::id)
        .first(&mut app.db())
        .expect("commitment")
}

#[test]
fn every_krone_committed_is_in_one_column_and_the_states_are_those_of_the_rate_pages() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let now = chrono::Utc::now().naive_utc();
    let aarhus = commitment_of(&app, AARHUS);
    pay_rate(&mut app.db(), aarhus, 1, now).expect("rate 1 is payable on commitment");

    let l = ledger(&officer, "");
    let years = l["years"].as_array().expect("years");
    for y in years.iter().chain(std::iter::once(&l["total"])) {
        let parts: i64 = PARTS.iter().map(|p| ore(y, p)).sum();
        assert_eq!(parts, ore(y, "committed_ore"), "{y}");
    }
    let total = &l["total"];
    // The committed total is the sum of every commitment's rates, read from the rate API.
    let mut committed = 0;
    let mut paid = 0;
    let mut upcoming = Vec::new();
    for code in [OWN_CODE, AARHUS] {
        let (status, rates) =
            officer.get_json(&format!("/api/v1/pools/1/municipalities/{code}/rates"));
        assert_eq!(status, 200, "{rates}");
        for r in rates["rates"].as_array().expect("rates") {
            let amount = r["amount_ore"].as_i64().expect("amount");
            committed += amount;
            let state = r["state"].as_str().expect("state");
            if state == "paid" {
                paid += amount;
            }
            if matches!(state, "not_due" | "conditions_not_met") {
                upcoming.push((
                    code,
                    r["number"].as_i64().expect("number"),
                    state.to_string(),
                ));
            }
        }
    }
    assert_eq!(ore(total, "committed_ore"), committed);
    assert_eq!(ore(total, "paid_ore"), paid);
    assert!(paid > 0, "Aarhus's rate 1 was paid");
    let mut listed: Vec<(i32, i64, String)> = l["upcoming"]
        .as_array()
        .expect("upcoming")
        .iter()
        .map(|u| {
            (
                u["municipality_code"].as_i64().expect("code") as i32,
                u["rate"].as_i64().expect("rate"),
                u["state"].as_str().expect("state").to_string(),
            )
        })
        .collect();
    listed.sort();
    upcoming.sort();
    assert_eq!(listed, upcoming);
    // Paid in the month it was paid, in the forecast too.
    let months = l["forecast"]["months"].as_array().expect("months");
    let paid_in_forecast: i64 = months.iter().map(|m| ore(m, "paid_ore")).sum();
    assert_eq!(paid_in_forecast, paid);
    let placed: i64 = months.iter().map(|m| ore(m, "expected_ore")).sum::<i64>()
        + paid_in_forecast
        + ore(&l["forecast"], "unplaced_ore");
    assert_eq!(placed, committed - ore(total, "cancelled_ore"));
}

#[test]
fn a_what_if_places_a_rate_waiting_on_its_milestone_in_the_month_assumed() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    app.clock.set_local("2026-12-02 12:00");
    let plain = ledger(&officer, "");
    let waiting = plain["upcoming"]
        .as_array()
        .expect("upcoming")
        .iter()
        .find(|u| {
            u["municipality_code"] == AARHUS
                && u["rate"] == 3
                && u["missing"]
                    .as_array()
                    .is_some_and(|m| m.iter().any(|k| k == "activity_share"))
        })
        .cloned()
        .expect("Aarhus's rate 3 waits on its activity milestone in the demo");
    let amount = ore(&waiting, "amount_ore");

    let l = ledger(&officer, "?code=751&rate=3&month=2027-03");
    let what_if = &l["what_if"];
    assert_eq!(what_if["month"], "2027-03");
    let f = &what_if["forecast"];
    assert_eq!(
        ore(f, "unplaced_ore"),
        ore(&plain["forecast"], "unplaced_ore") - amount
    );
    let march = f["months"]
        .as_array()
        .expect("months")
        .iter()
        .find(|m| m["month"] == "2027-03")
        .expect("March 2027 in the what-if");
    assert_eq!(ore(march, "expected_ore"), amount);
    // The plain forecast beside it is unchanged.
    assert_eq!(l["forecast"], plain["forecast"]);
    // A month in the past is moved to this month: a rate cannot be paid before today.
    let l = ledger(&officer, "?code=751&rate=3&month=03/2020");
    let months = l["what_if"]["forecast"]["months"]
        .as_array()
        .expect("months");
    let december = months
        .iter()
        .find(|m| m["month"] == "2026-12")
        .expect("this month");
    assert!(ore(december, "expected_ore") >= amount);
    let expected_in = |key: &str| {
        months
            .iter()
            .find(|m| m["month"] == key)
            .map_or(0, |m| ore(m, "expected_ore"))
    };
    assert_eq!(expected_in("2020-03"), 0);
}

#[test]
fn a_what_if_that_does_not_parse_names_each_field_and_the_page_keeps_what_was_typed() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, body) =
        officer.get_json("/api/v1/pools/1/ledger?code=101&rate=x&month=marts%202027");
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["code", "rate", "month"]);
    // Horsens has rates 1–3; a fourth is no rate of its commitment.
    let (status, body) = officer.get_json("/api/v1/pools/1/ledger?code=615&rate=4&month=2027-03");
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "rate");

    let (status, page) = officer.get_text("/pools/1/ledger?code=615&rate=3&month=2027-13");
    assert_eq!(status, 422);
    assert!(
        page.contains("href=\"#month\""),
        "the summary links the field"
    );
    assert!(
        page.contains("value=\"2027-13\""),
        "the month typed is kept"
    );
    assert!(
        page.contains("<option value=\"615\" selected"),
        "the municipality chosen is kept"
    );
    assert!(page.contains("id=\"years\""), "the ledger is still shown");
}

#[test]
fn the_tables_download_as_danish_csv_and_as_xlsx_with_the_what_if() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let now = chrono::Utc::now().naive_utc();
    pay_rate(&mut app.db(), commitment_of(&app, AARHUS), 1, now).expect("paid");
    let l = ledger(&officer, "");

    let (status, csv) = officer.get_text("/pools/1/ledger/years.csv");
    assert_eq!(status, 200);
    assert!(csv.starts_with('\u{feff}'), "a BOM for Danish Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("Finanslovsår;Givet i tilsagn;Udbetalt;"));
    let total = lines.last().expect("total line");
    let committed = ore(&l["total"], "committed_ore");
    assert!(
        total.starts_with(&format!(
            "I alt;{},{:02};",
            committed / 100,
            committed % 100
        )),
        "{total}"
    );

    let (status, csv) =
        officer.get_text("/pools/1/ledger/forecast.csv?code=751&rate=3&month=2027-03");
    assert_eq!(status, 200);
    let header = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        header.ends_with("Ventet med antagelsen;Akkumuleret med antagelsen"),
        "{header}"
    );

    let (status, csv) = officer.get_text("/pools/1/ledger/upcoming.csv");
    assert_eq!(status, 200);
    assert!(csv.contains(";Betingelser ikke opfyldt;"), "{csv}");

    for table in ["years", "upcoming", "forecast"] {
        let r = officer.get(&format!("/pools/1/ledger/{table}.xlsx"));
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().expect("body");
        assert!(bytes.starts_with(b"PK"), "{table}.xlsx is a zip");
    }
    assert_eq!(officer.get("/pools/1/ledger/nothing.csv").status(), 404);
    assert_eq!(officer.get("/pools/1/ledger/years.pdf").status(), 404);
}

#[test]
fn the_page_shows_the_ledger_the_upcoming_rates_and_the_chart_in_danish_and_english() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, page) = officer.get_text("/pools/1/ledger");
    assert_eq!(status, 200);
    for text in [
        "Oversigt pr. finanslovsår",
        "Rater, der endnu ikke kan udbetales",
        "Likviditetsprognose pr. måned",
        "<svg",
        "Hvad nu hvis",
    ] {
        assert!(page.contains(text), "{text}");
    }
    let (status, pool) = officer.get_text("/pools/1");
    assert_eq!(status, 200);
    assert!(
        pool.contains("href=\"/pools/1/ledger\""),
        "the pool page links to it"
    );
    let (_, page) = officer.get_text("/pools/1/ledger?lang=en");
    assert!(
        page.contains("Cash-flow forecast by month"),
        "English on request"
    );
}

#[test]
fn a_rate_whose_period_ended_with_its_milestone_unmet_is_marked_for_cancelling() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let aarhus_rate_3 = |l: &Value| {
        l["upcoming"]
            .as_array()
            .expect("upcoming")
            .iter()
            .find(|u| u["municipality_code"] == AARHUS && u["rate"] == 3)
            .cloned()
            .expect("Aarhus' rate 3 is not payable in the demo")
    };
    app.clock.set_local("2019-03-01 12:00");
    assert!(aarhus_rate_3(&ledger(&officer, ""))["period_ended_on"].is_null());
    app.clock.set_local("2026-12-02 12:00");
    let ended = aarhus_rate_3(&ledger(&officer, ""))["period_ended_on"].clone();
    assert!(ended.as_str().is_some_and(|d| d < "2026-12-02"), "{ended}");
    let (_, page) = officer.get_text("/pools/1/ledger");
    assert!(
        page.contains("uden at milepælen er nået"),
        "the page says so"
    );
}
