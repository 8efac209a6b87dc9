//! The questionnaire's pages as a caseworker, the finance staff and an officer use them:
//! the form comes back with everything typed but the CPR number, a save says so on the
//! municipality's page, a vendor file's problems are listed by line, pseudonyms appear
//! only on the municipality's own pages, and the delivery needs the evaluator's key.

use reqwest::blocking::multipart::{Form, Part};
use tilskud::app::questionnaire as q;
use tilskud::db::audit::Actor;
use tilskud::domain::questionnaire::set::illustration;

use crate::helpers::*;
use crate::spawn_app;

const PAGE: &str = "/pools/1/questionnaire/615";
const CPR: &str = "0101901234";

/// The demo's question set on pool 1, and the clock in March 2019.
fn set_up(app: &TestApp) {
    app.clock.set_local("2019-03-15 10:00");
    let now = chrono::NaiveDate::from_ymd_opt(2019, 1, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    q::save_set(
        &mut app.db(),
        &Actor::system("test"),
        now,
        1,
        &illustration(),
        true,
    )
    .expect("set");
}

/// Every question of the demo's set answered (the form's field names and values).
fn answers() -> Vec<(String, String)> {
    illustration()
        .questions
        .iter()
        .map(|qn| {
            let first = qn.values().and_then(|v| v.first().copied()).unwrap_or(3);
            (format!("q-{}", qn.code), first.to_string())
        })
        .collect()
}

fn location(res: &reqwest::blocking::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_form_sent_back_keeps_everything_typed_but_the_cpr_number() {
    let app = spawn_app!();
    set_up(&app);
    let s = app.login(CASEWORKER);
    let (status, form) = s.get_text(&format!("{PAGE}/new"));
    assert_eq!(status, 200);
    assert!(form.contains("value=\"2019-03-15\""), "today's date");
    let fields = [
        ("cpr", CPR),
        ("kind", "baseline"),
        ("date", "2019-03-14"),
        ("q-parat", "4"),
    ];
    let res = s.post_form(&format!("{PAGE}/measurements"), &fields);
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(!page.contains(CPR) && !page.contains("010190"), "{page}");
    assert!(page.contains("CPR-nummeret er modtaget og vises ikke igen"));
    assert!(page.contains("name=\"person\" value=\""));
    assert!(page.contains("name=\"q-parat\" value=\"4\" checked"));
    assert!(page.contains("value=\"2019-03-14\""));
    assert!(page.contains("<a href=\"#q-helbred\">Spørgsmål 2: Spørgsmålet skal besvares.</a>"));
    assert!(page.contains("action=\"/pools/1/questionnaire/615/measurements#fejl\""));
    // Sent again with the kept person and every answer: saved, and said so.
    let person = page
        .split("name=\"person\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("person")
        .to_string();
    let mut fields: Vec<(String, String)> = vec![
        ("person".into(), person),
        ("person_from".into(), "cpr".into()),
        ("kind".into(), "baseline".into()),
        ("date".into(), "2019-03-14".into()),
    ];
    fields.extend(answers());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = s.post_form(&format!("{PAGE}/measurements"), &fields);
    assert_eq!(res.status(), 303);
    let saved = location(&res);
    assert!(
        saved.starts_with(&format!("{PAGE}?saved=baseline")),
        "{saved}"
    );
    let (_, page) = s.get_text(&saved);
    assert!(
        page.contains("Førstegangsmåling den 14. marts 2019 er gemt."),
        "{page}"
    );
    // In English on request.
    let (_, page) = s.get_text(&format!("{saved}&lang=en"));
    assert!(
        page.contains("Baseline of 14 March 2019 is saved."),
        "{page}"
    );
}

#[test]
fn a_wrong_cpr_number_is_named_but_not_repeated() {
    let app = spawn_app!();
    set_up(&app);
    let s = app.login(FINANCE);
    let res = s.post_form(
        &format!("{PAGE}/measurements"),
        &[
            ("cpr", "3213999999"),
            ("kind", "baseline"),
            ("date", "2019-03-14"),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(!page.contains("3213999999"));
    assert!(page.contains("<a href=\"#cpr\">CPR-nummer: CPR-nummerets første seks cifre er ikke en gyldig fødselsdato (DDMMÅÅ).</a>"), "{page}");
    assert!(!page.contains("name=\"person\""));
}

#[test]
fn a_vendor_files_problems_are_listed_by_line_without_the_cpr_number() {
    let app = spawn_app!();
    set_up(&app);
    let s = app.login(CASEWORKER);
    let file = "cpr;municipality_code;measurement;date;exit_reason;question;answer\n\
                010190123;615;baseline;2019-02-28;;parat;3\n\
                0101901234;615;baseline;2019-02-28;;parat;9\n";
    let part = Part::bytes(file.as_bytes().to_vec())
        .file_name("svar.csv")
        .mime_str("text/csv")
        .expect("mime");
    let res = s
        .client
        .post(s.url(&format!("{PAGE}/import?csrf_token={}", s.csrf)))
        .multipart(Form::new().part("file", part))
        .send()
        .expect("upload");
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(
        page.contains("<li>Linje 2, felt cpr: CPR-nummeret har ikke 10 cifre (DDMMÅÅ-SSSS).</li>"),
        "{page}"
    );
    assert!(
        page.contains("<li>Linje 3, felt answer: Svaret skal være et helt tal fra 1 til 5.</li>")
    );
    assert!(!page.contains("010190123") && !page.contains(CPR));
}

#[test]
fn pseudonyms_appear_only_on_the_municipalitys_own_pages() {
    let app = spawn_app!();
    set_up(&app);
    let s = app.login(CASEWORKER);
    let mut fields = vec![
        ("cpr".to_string(), CPR.to_string()),
        ("kind".into(), "baseline".into()),
        ("date".into(), "2018-02-01".into()),
    ];
    fields.extend(answers());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        s.post_form(&format!("{PAGE}/measurements"), &fields)
            .status(),
        303
    );
    // A year on, the follow-up is overdue, listed by pseudonym with a link to the form.
    let (_, own) = s.get_text(PAGE);
    assert!(own.contains("class=\"pseudonym\""), "{own}");
    assert!(own.contains("kind=follow-up"));
    let officer = app.login(OFFICER);
    for page in [
        "/pools/1/questionnaire",
        "/pools/1/questionnaire/results",
        "/pools/1/questionnaire/615/results",
    ] {
        let (status, body) = officer.get_text(page);
        assert_eq!(status, 200, "{page}");
        assert!(!body.contains("class=\"pseudonym\""), "{page}");
    }
    let (_, overview) = officer.get_text("/pools/1/questionnaire");
    assert!(
        overview.contains("<th scope=\"row\">Horsens (615)</th>"),
        "{overview}"
    );
    assert_eq!(officer.get(PAGE).status(), 403);
}

#[test]
fn the_delivery_without_the_evaluators_key_says_so_and_with_it_is_a_file() {
    let Some(app) = TestApp::spawn_with(|c| c.evaluator_key = None) else {
        return;
    };
    set_up(&app);
    let officer = app.login(OFFICER);
    let res = officer.post_form("/pools/1/questionnaire/delivery", &[("format", "csv")]);
    assert_eq!(res.status(), 409);
    let page = res.text().expect("text");
    assert!(page.contains("TILSKUD_EVALUATOR_KEY"), "{page}");
    let (_, overview) = officer.get_text("/pools/1/questionnaire");
    assert!(overview.contains("id=\"key-missing\""));
    // The test apps' own key, on an instance beside it.
    let keyed = app.spawn_beside(|_| {});
    let officer = keyed.login(OFFICER);
    for (format, mime, ext) in [
        ("csv", "text/csv; charset=utf-8", "csv"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    ] {
        let res = officer.post_form("/pools/1/questionnaire/delivery", &[("format", format)]);
        assert_eq!(res.status(), 200, "{format}");
        let header = |h: &str| {
            res.headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(header("content-type"), mime);
        assert!(header("content-disposition").starts_with("attachment;"));
        assert!(header("content-disposition").ends_with(&format!(".{ext}\"")));
    }
}
