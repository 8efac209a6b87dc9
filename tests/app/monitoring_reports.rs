//! What monitoring gives back: the KPI downloads (CSV and XLSX, nationally and per
//! municipality), rate 3's reading as a pool setting, and the never-assessed persons by
//! pseudonym, shown to the municipality's own users and nobody else.

use reqwest::blocking::Response;
use tilskud::domain::monitoring::cpr::Cpr;
use tilskud::domain::monitoring::file::HEADER;
use tilskud::domain::monitoring::pseudonym::Pseudonymizer;

use crate::helpers::*;
use crate::spawn_app;

const AARHUS_FINANCE: (&str, &str) = ("aarhus.finance", "demo-aarhus-2017");

fn file(lines: &[String]) -> String {
    let mut s = format!("{HEADER}\n");
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

fn lines(text: &[&str]) -> Vec<String> {
    text.iter().map(|s| s.to_string()).collect()
}

fn upload(s: &Session, path: &str, text: &str) -> Response {
    let part = reqwest::blocking::multipart::Part::bytes(text.as_bytes().to_vec())
        .file_name("monitorering.csv")
        .mime_str("text/csv")
        .expect("mime");
    let form = reqwest::blocking::multipart::Form::new().part("file", part);
    s.client
        .post(s.url(&format!("{path}?csrf_token={}", s.csrf)))
        .multipart(form)
        .send()
        .expect("upload")
}

fn upload_national(s: &Session, text: &str) {
    let res = upload(s, "/monitoring/upload", text);
    assert_eq!(res.status(), 303, "{}", res.text().unwrap_or_default());
}

/// The file of the first monitoring test: 615 and 751, January to March 2018.
fn small_file() -> String {
    file(&lines(&[
        "010190-1234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-01,2,nej,nej,0,ingen",
        "311299-3210,615,2018-01,0,,,,",
        "150285-4321,751,2018-01,1,ja,nej,0,job",
        "010190-1234,615,2018-02,1,ja,ja,35,job",
        "0202851234,615,2018-02,2,nej,nej,0,ingen",
        "010190-1234,615,2018-03,1,nej,nej,0,ingen",
        "150285-4321,751,2018-03,3,nej,nej,0,ingen",
    ]))
}

/// A download: status, content type, disposition and body.
fn download(s: &Session, path: &str) -> (u16, String, String, Vec<u8>) {
    let res = s.get(path);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    let status = res.status().as_u16();
    (status, ct, cd, res.bytes().expect("body").to_vec())
}

fn csv_text(s: &Session, path: &str) -> String {
    let (status, ct, cd, body) = download(s, path);
    assert_eq!(status, 200, "{path}");
    assert!(ct.starts_with("text/csv"), "{path}: {ct}");
    assert!(cd.starts_with("attachment; filename=\""), "{path}: {cd}");
    String::from_utf8(body).expect("utf-8")
}

#[test]
fn the_kpis_download_as_csv_and_xlsx_nationally_and_per_municipality() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    upload_national(&officer, &small_file());

    let national = csv_text(&officer, "/monitoring/kpis.csv");
    let rows: Vec<&str> = national.lines().collect();
    assert_eq!(rows[0], "month,kpi,numerator,denominator,share_percent");
    assert_eq!(rows.len(), 1 + 3 * 7, "a row per month and KPI: {national}");
    // January, group 1 in both municipalities, both with a job broker.
    assert!(
        rows.contains(&"2018-01,Andel af indsatsgruppen med en personlig jobformidler,2,2,100.0"),
        "{national}"
    );
    // The months in order, the KPIs in the page's order within each month.
    assert!(rows[1].starts_with("2018-01,\"Andel af bruttomålgruppen, der er visiteret\","));
    assert!(
        rows[8].starts_with("2018-02,\"Andel af bruttomålgruppen"),
        "{national}"
    );

    // Horsens: 2 assessed of STAR's 320 is 0.625 %, shown as 0.6 (one decimal, as the page).
    let horsens = csv_text(&officer, "/municipalities/615/monitoring/kpis.csv");
    assert!(
        horsens.contains("2018-01,\"Andel af bruttomålgruppen, der er visiteret\",2,320,0.6\n"),
        "{horsens}"
    );
    assert!(horsens
        .contains("2018-02,Andel af indsatsgruppen med 30 ordinære timer i måneden,1,1,100.0\n"));
    // Aarhus in March: nobody in group 1, so no share.
    let aarhus = csv_text(&officer, "/municipalities/751/monitoring/kpis.csv");
    assert!(
        aarhus.contains("2018-03,Andel af indsatsgruppen med en personlig jobformidler,0,0,\n"),
        "{aarhus}"
    );
    assert_eq!(
        aarhus.lines().count(),
        1 + 2 * 7,
        "Aarhus reported two months"
    );

    // In English, the KPI names are English.
    let english = csv_text(&officer, "/municipalities/615/monitoring/kpis.csv?lang=en");
    assert!(
        english.contains(
            "2018-01,Share of the intervention group with a personal job broker,1,1,100.0"
        ),
        "{english}"
    );

    for path in [
        "/monitoring/kpis.xlsx",
        "/municipalities/615/monitoring/kpis.xlsx",
    ] {
        let (status, ct, cd, body) = download(&officer, path);
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            ct,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(cd.contains(".xlsx\""), "{cd}");
        assert_eq!(&body[..2], b"PK", "{path} is a zip (xlsx) file");
    }

    // The pages link to both.
    let (_, page) = officer.get_text("/monitoring");
    assert!(page.contains("href=\"/monitoring/kpis.csv\""), "{page}");
    assert!(page.contains("href=\"/monitoring/kpis.xlsx\""));
    let (_, page) = officer.get_text("/municipalities/615/monitoring");
    assert!(page.contains("href=\"/municipalities/615/monitoring/kpis.csv\""));
    assert!(page.contains("href=\"/municipalities/615/monitoring/kpis.xlsx\""));
    assert!(page.contains("href=\"/municipalities/615/monitoring/kpis-excel.csv\""));

    // For Danish Excel: `;`, a byte order mark, Danish headers, decimal commas; the same
    // rows as the machine CSV.
    for (excel, machine) in [
        ("/monitoring/kpis-excel.csv?lang=da", &national),
        (
            "/municipalities/615/monitoring/kpis-excel.csv?lang=da",
            &horsens,
        ),
    ] {
        let (status, ct, cd, body) = download(&officer, excel);
        assert_eq!(status, 200, "{excel}");
        assert!(ct.starts_with("text/csv"), "{ct}");
        assert!(cd.contains("-excel.csv\""), "{cd}");
        assert!(
            body.starts_with(b"\xEF\xBB\xBF"),
            "{excel}: a byte order mark"
        );
        let text = String::from_utf8(body[3..].to_vec()).expect("utf-8");
        let rows: Vec<&str> = text.lines().collect();
        assert!(rows[0].starts_with("Måned;Nøgletal;"), "{}", rows[0]);
        assert_eq!(rows.len(), machine.lines().count(), "{excel}");
    }
    let danish = String::from_utf8(
        download(&officer, "/municipalities/615/monitoring/kpis-excel.csv").3[3..].to_vec(),
    )
    .expect("utf-8");
    assert!(
        danish.contains("2018-01;Andel af bruttomålgruppen, der er visiteret;2;320;0,6\n"),
        "{danish}"
    );

    // A municipality downloads its own figures and the country's, not another's.
    let finance = app.login_html(FINANCE);
    assert_eq!(
        csv_text(&finance, "/municipalities/615/monitoring/kpis.csv"),
        horsens
    );
    assert_eq!(csv_text(&finance, "/monitoring/kpis.csv"), national);
    let committee = app.login_html(COMMITTEE);
    assert_eq!(
        committee
            .get("/municipalities/615/monitoring/kpis.xlsx")
            .status(),
        200
    );
    let other = app.login_html(AARHUS_FINANCE);
    for path in [
        "/municipalities/615/monitoring/kpis.csv",
        "/municipalities/615/monitoring/kpis.xlsx",
    ] {
        assert_eq!(other.get(path).status(), 403, "{path}");
    }
    assert_eq!(
        other
            .get("/municipalities/751/monitoring/kpis.csv")
            .status(),
        200
    );
}

#[test]
fn kpi_downloads_without_data_have_only_the_header() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    assert_eq!(
        csv_text(&s, "/monitoring/kpis.csv"),
        "month,kpi,numerator,denominator,share_percent\n"
    );
    assert_eq!(
        s.get("/municipalities/999/monitoring/kpis.csv").status(),
        404
    );
}

/// Group 1 of Horsens in `month`: `size` persons, `offers` of them in a company offer.
fn group_1(month: &str, size: u32, offers: u32) -> Vec<String> {
    (0..size)
        .map(|i| {
            let offer = if i < offers { "ja" } else { "nej" };
            format!(
                "{:02}0190{:04},615,{month},1,ja,{offer},0,ingen",
                i + 1,
                1000 + i
            )
        })
        .collect()
}

/// The demo pool as the edit form sends it, with rate 3's reading set.
fn pool_form<'a>(rule: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", "Flere skal med"),
        ("finance_account", "FL § 17.46.64.10"),
        ("amount", "257.000.000"),
        ("period_start", "2017-06-01"),
        ("period_end", "2019-08-31"),
        ("deadline", "2017-06-02T12:00"),
        ("auditor_threshold", "500.000"),
        ("target_group_note", "Rettet note"),
        ("rate_1_share", "30"),
        ("rate_2_share", "40"),
        ("rate_2_earliest", "2018-01-01"),
        ("rate_3_share", "30"),
        ("rate_3_earliest", "2019-01-01"),
    ];
    form.extend_from_slice(rule);
    form
}

fn pool_json(months: &str, percent: &str, consecutive: bool) -> serde_json::Value {
    serde_json::json!({
        "name": "Flere skal med",
        "finance_account": "FL § 17.46.64.10",
        "amount": "257000000",
        "period_start": "2017-06-01",
        "period_end": "2019-08-31",
        "deadline": "2017-06-02T12:00",
        "auditor_threshold": "500000",
        "rates": [
            { "share_percent": "30" },
            { "share_percent": "40", "earliest": "2018-01-01" },
            { "share_percent": "30", "earliest": "2019-01-01" },
        ],
        "activity_months": months,
        "activity_threshold_percent": percent,
        "activity_consecutive": consecutive,
    })
}

/// Rate 3's measure (company offer or ordinary hours) is none of the seven KPIs, so its
/// chart stands with the fact, drawn with the pool's threshold; rate 2's requirement is
/// drawn on the assessed share, nationally too.
#[test]
fn the_charts_draw_the_requirements_of_rates_2_and_3() {
    let app = spawn_app!();
    let finance = app.login_html(FINANCE);
    let mut rows = group_1("2018-01", 10, 5);
    rows.extend(group_1("2018-02", 10, 3));
    let res = upload(
        &finance,
        "/municipalities/615/monitoring/upload",
        &file(&rows),
    );
    assert_eq!(res.status(), 303);
    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(
        page.contains("<svg class=\"kpi-chart\" id=\"chart-rate-3\""),
        "{page}"
    );
    assert!(page.contains(">Krav for rate 3: 40 %</text>"), "{page}");
    assert!(page.contains("Den stiplede linje viser kravet for rate 3: 40 %."));
    assert!(page.contains(">Krav for rate 2: 100 %</text>"));
    assert!(page.contains(">jan. 18</text>") && page.contains(">Måned</text>"));
    assert!(page.contains("2018-02: 3 / 10 (30,0 %) – Opfylder ikke kravet"));

    let officer = app.login_html(OFFICER);
    let res = officer.post_form(
        "/pools/1",
        &pool_form(&[
            ("activity_months", "3"),
            ("activity_threshold_percent", "50"),
            ("activity_consecutive", "true"),
        ]),
    );
    assert_eq!(res.status(), 303);
    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(page.contains(">Krav for rate 3: 50 %</text>"), "{page}");
    let (_, national) = officer.get_text("/monitoring");
    assert!(
        national.contains(">Krav for rate 2: 100 %</text>"),
        "{national}"
    );
    assert!(!national.contains("chart-rate-3"));
}

#[test]
fn a_pooled_reading_set_on_the_pool_meets_rate_3_where_each_month_does_not() {
    let app = spawn_app!();
    let finance = app.login_html(FINANCE);
    // 50 %, 30 %, 45 %: February is below 40 %, but 17 of 40 = 42.5 % pooled.
    let mut rows = group_1("2018-01", 10, 5);
    rows.extend(group_1("2018-02", 10, 3));
    rows.extend(group_1("2018-03", 20, 9));
    let res = upload(
        &finance,
        "/municipalities/615/monitoring/upload",
        &file(&rows),
    );
    assert_eq!(res.status(), 303);
    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(page.contains("Endnu ikke opfyldt"), "{page}");
    assert!(page.contains("i hver af 3 sammenhængende kalendermåneder"));
    // The pool's page says how rate 3 is read, to everyone who sees the pool.
    let (_, pool_page) = finance.get_text("/pools/1");
    assert!(
        pool_page.contains("mindst 40 % i hver af 3 sammenhængende kalendermåneder"),
        "{pool_page}"
    );

    // The officer's edit form shows the stored reading, the default.
    let officer = app.login_html(OFFICER);
    let (_, form) = officer.get_text("/pools/1/edit");
    assert!(form.contains("name=\"activity_months\""), "{form}");
    assert!(form.contains(
        "id=\"activity_months\" name=\"activity_months\" class=\"form-input\" value=\"3\""
    ));
    assert!(form.contains("value=\"40\""));
    assert!(form.contains("<option value=\"true\" selected>"), "{form}");
    assert!(
        form.contains("lagt sammen"),
        "the help text explains both readings"
    );

    let res = officer.post_form(
        "/pools/1",
        &pool_form(&[
            ("activity_months", "3"),
            ("activity_threshold_percent", "40"),
            ("activity_consecutive", "false"),
        ]),
    );
    assert_eq!(res.status(), 303);
    let (_, pool) = officer.get_json("/api/v1/pools/1");
    assert_eq!(pool["activity_months"], 3);
    assert_eq!(pool["activity_threshold_percent"], 40);
    assert_eq!(pool["activity_consecutive"], false);
    let (_, form) = officer.get_text("/pools/1/edit");
    assert!(form.contains("<option value=\"false\" selected>"), "{form}");

    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(page.contains("Opfyldt fra 2018-03"), "{page}");
    let (_, pool_page) = finance.get_text("/pools/1");
    assert!(pool_page.contains("antallene for 3 sammenhængende kalendermåneder lagt sammen"));
    assert!(page.contains("antallene for 3 sammenhængende kalendermåneder lagt sammen"));
    let (_, api) = finance.get_json("/api/v1/municipalities/615/monitoring");
    let fact = &api["facts"]["intervention_activity"];
    assert_eq!(fact["met"], true);
    assert_eq!(fact["rule"]["consecutive"], false);

    // The change is in the audit log with the reading before and after.
    let (_, audit) = officer.get_json("/api/v1/audit?entity=pool");
    let update = audit
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "pool.update")
        .unwrap_or_else(|| panic!("pool.update in {audit}"));
    let after = update["after_json"].as_str().expect("after");
    assert!(after.contains("\"activity_consecutive\":false"), "{after}");
    let before = update["before_json"].as_str().expect("before");
    assert!(before.contains("\"activity_consecutive\":true"), "{before}");

    // Through the API: pooled at 45 % is not met (42.5 %), and the page says 45 %.
    let (status, out) = officer.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/1",
        &pool_json("3", "45", false),
    );
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["activity_threshold_percent"], 45);
    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(
        page.contains("Rate 3: mindst 45 % af indsatsgruppen"),
        "{page}"
    );
    assert!(page.contains("Endnu ikke opfyldt"));
    // And over two months each (January 50 %, February 30 %): no; over one month: yes.
    let (status, _) = officer.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/1",
        &pool_json("1", "40", true),
    );
    assert_eq!(status, 200);
    let (_, api) = finance.get_json("/api/v1/municipalities/615/monitoring");
    let fact = &api["facts"]["intervention_activity"];
    assert_eq!(fact["met"], true);
    assert_eq!(fact["since"]["month"], 1);
}

#[test]
fn rate_3_settings_are_checked_on_their_fields_and_the_rest_is_kept() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    type Case<'a> = (&'a str, &'a str, &'a str, &'a str);
    let cases: &[Case] = &[
        (
            "0",
            "40",
            "activity_months",
            "Perioden skal være mindst én måned",
        ),
        ("tre", "40", "activity_months", "helt antal måneder"),
        ("", "40", "activity_months", "helt antal måneder"),
        (
            "3",
            "101",
            "activity_threshold_percent",
            "procent mellem 0 og 100",
        ),
        (
            "3",
            "40,5",
            "activity_threshold_percent",
            "hel procent fra 0 til 100",
        ),
        (
            "3",
            "-1",
            "activity_threshold_percent",
            "hel procent fra 0 til 100",
        ),
    ];
    for (months, percent, field, message) in cases {
        let res = officer.post_form(
            "/pools/1",
            &pool_form(&[
                ("activity_months", months),
                ("activity_threshold_percent", percent),
                ("activity_consecutive", "false"),
            ]),
        );
        assert_eq!(res.status(), 422, "{months} / {percent}");
        let page = res.text().expect("text");
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field}: {page}"
        );
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(page.contains(message), "{message:?}: {page}");
        // The rest of what was typed is kept, the bad value too.
        assert!(page.contains("value=\"Rettet note\""));
        assert!(page.contains(&format!("value=\"{percent}\"")) || percent.is_empty());
        assert!(page.contains("<option value=\"false\" selected>"));
    }
    let (status, body) = officer.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/1",
        &pool_json("0", "101", true),
    );
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(fields.contains(&"activity_months"), "{fields:?}");
    let (_, pool) = officer.get_json("/api/v1/pools/1");
    assert_eq!(pool["activity_months"], 3, "nothing written");
    assert_eq!(pool["activity_threshold_percent"], 40);
    assert_eq!(pool["activity_consecutive"], true);
    assert_eq!(
        pool["target_group_note"]
            .as_str()
            .map(|n| n.contains("Rettet")),
        Some(false)
    );
}

fn pseudonym(cpr: &str) -> String {
    let p = Pseudonymizer::new(TEST_PSEUDONYM_KEY.as_bytes()).expect("key");
    let hex = p.pseudonymize(&Cpr::parse(cpr).expect("cpr")).hex();
    String::from_utf8(hex.to_vec()).expect("hex")
}

#[test]
fn only_the_municipalitys_own_users_see_who_is_not_yet_assessed() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    upload_national(
        &officer,
        &file(&lines(&[
            // Assessed in February: not missing.
            "0101901234,615,2018-01,0,,,,",
            "0101901234,615,2018-02,1,ja,nej,0,ingen",
            // Never assessed, two months.
            "0202851234,615,2018-01,0,,,,",
            "0202851234,615,2018-02,0,,,,",
            // Never assessed, seen in March only.
            "0303801111,615,2018-03,0,,,,",
            // Assessed, group 2.
            "0404751234,615,2018-01,2,nej,nej,0,ingen",
            // Aarhus's.
            "1502854321,751,2018-01,0,,,,",
        ])),
    );
    let twice = pseudonym("0202851234");
    let march = pseudonym("0303801111");
    let assessed = pseudonym("0101901234");
    let aarhus = pseudonym("1502854321");

    for who in [FINANCE, COMMITTEE] {
        let s = app.login_html(who);
        let (status, page) = s.get_text("/municipalities/615/monitoring");
        assert_eq!(status, 200);
        assert!(
            page.contains("2 borgere i kommunens data er aldrig visiteret."),
            "{page}"
        );
        // 320 in STAR's figure, 4 distinct persons in the data.
        assert!(
            page.contains("316 borgere i STAR's tal for bruttomålgruppen (320)"),
            "{page}"
        );
        for p in [&twice, &march] {
            assert!(page.contains(&p[..12]), "{} shown", &p[..12]);
            assert!(
                !page.contains(p.as_str()),
                "only the start of the pseudonym"
            );
        }
        assert!(
            !page.contains(&assessed[..12]),
            "an assessed person is not missing"
        );
        assert!(!page.contains(&aarhus[..12]), "nor is Aarhus's");
        assert!(page.contains("href=\"/municipalities/615/monitoring/unassessed.csv\""));
        // Under the rate-2 fact, before rate 3's.
        let list = page.find("id=\"unassessed\"").expect("list");
        assert!(page.find("Rate 2: hele").expect("rate 2") < list);
        assert!(list < page.find("Rate 3: mindst").expect("rate 3"));

        let csv = csv_text(&s, "/municipalities/615/monitoring/unassessed.csv");
        let mut expected = [
            format!("{twice},2018-01,2018-02,2"),
            format!("{march},2018-03,2018-03,1"),
        ];
        expected.sort();
        assert_eq!(
            csv,
            format!(
                "pseudonym,first_month,last_month,months\n{}\n",
                expected.join("\n")
            )
        );
        // Another municipality's list is not theirs.
        assert_eq!(
            s.get("/municipalities/751/monitoring/unassessed.csv")
                .status(),
            403
        );
    }

    // STAR sees the facts but not who: no list, no pseudonyms, no download.
    for who in [OFFICER, ADMIN] {
        let s = app.login_html(who);
        let (status, page) = s.get_text("/municipalities/615/monitoring");
        assert_eq!(status, 200, "{}", who.0);
        assert!(page.contains("Rate 2: hele"));
        assert!(
            !page.contains("id=\"unassessed\""),
            "{} sees the list",
            who.0
        );
        assert!(!page.contains("aldrig visiteret"));
        for p in [&twice, &march] {
            assert!(!page.contains(&p[..12]));
        }
        assert_eq!(
            s.get("/municipalities/615/monitoring/unassessed.csv")
                .status(),
            403,
            "{}",
            who.0
        );
        let (_, api) = s.get_json("/api/v1/municipalities/615/monitoring");
        let text = api.to_string();
        assert!(!text.contains(&twice[..12]) && !text.contains(&march[..12]));
    }

    // Aarhus's own users see Aarhus's one person, and nothing of Horsens.
    let other = app.login_html(AARHUS_FINANCE);
    let (_, page) = other.get_text("/municipalities/751/monitoring");
    assert!(
        page.contains("1 borger i kommunens data er aldrig visiteret."),
        "{page}"
    );
    assert!(page.contains(&aarhus[..12]));
    assert_eq!(other.get("/municipalities/615/monitoring").status(), 403);
    assert_eq!(
        other
            .get("/municipalities/615/monitoring/unassessed.csv")
            .status(),
        403
    );
}

#[test]
fn the_page_lists_the_first_200_never_assessed_and_the_download_has_them_all() {
    let app = spawn_app!();
    let finance = app.login_html(FINANCE);
    // 205 persons, all in group 0: day 1–28 of months 1–8 of 1990.
    let rows: Vec<String> = (0..205u32)
        .map(|i| {
            format!(
                "{:02}{:02}90{:04},615,2018-01,0,,,,",
                i % 28 + 1,
                i / 28 + 1,
                1000 + i
            )
        })
        .collect();
    let res = upload(
        &finance,
        "/municipalities/615/monitoring/upload",
        &file(&rows),
    );
    assert_eq!(res.status(), 303);
    let (_, page) = finance.get_text("/municipalities/615/monitoring");
    assert!(
        page.contains("205 borgere i kommunens data er aldrig visiteret."),
        "{page}"
    );
    assert!(page.contains("De første 200 vises her"));
    let list = &page[page.find("id=\"unassessed\"").expect("list")..];
    assert_eq!(list.matches("<code>").count(), 200);
    let csv = csv_text(&finance, "/municipalities/615/monitoring/unassessed.csv");
    assert_eq!(csv.lines().count(), 1 + 205);
    // Sorted by pseudonym, each a full 64-digit hex.
    let pseudonyms: Vec<&str> = csv.lines().skip(1).map(|l| &l[..64]).collect();
    let mut sorted = pseudonyms.clone();
    sorted.sort();
    assert_eq!(pseudonyms, sorted);
    assert!(csv.lines().skip(1).all(|l| l.as_bytes()[64] == b','));
}

/// A month only some municipalities have uploaded is no national figure: the status
/// stays on the latest month everyone who reports has reported, says how many have,
/// names the later months left out, and the tables and the API mark the partial months.
#[test]
fn one_municipalitys_early_month_does_not_overturn_the_national_status() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    upload_national(&officer, &small_file());
    // Horsens uploads April before anyone else: three persons.
    let april = file(&lines(&[
        "010190-1234,615,2018-04,1,ja,ja,12,ingen",
        "0202851234,615,2018-04,2,nej,nej,0,ingen",
        "311299-3210,615,2018-04,0,,,,",
    ]));
    let res = upload(
        &app.login(FINANCE),
        "/municipalities/615/monitoring/upload",
        &april,
    );
    assert_eq!(res.status(), 303, "{}", res.text().unwrap_or_default());
    let (status, page) = officer.get_text("/monitoring");
    assert_eq!(status, 200);
    let start = page.find("<section id=\"status\">").expect("the status");
    let status_section = &page[start..start + page[start..].find("</section>").expect("end")];
    assert!(
        status_section.contains("Status pr. marts 2018"),
        "{status_section}"
    );
    assert!(
        status_section.contains("2 af 89 ansøgende kommuner har indberettet"),
        "{status_section}"
    );
    assert!(
        status_section.contains("april 2018 (1 af 2 kommuner)"),
        "{status_section}"
    );
    assert!(
        page.contains("id=\"partial-months\""),
        "the hint explains the marks"
    );
    // February (Horsens only) and April are marked in the tables.
    assert!(
        page.contains(
            "februar 2018 <span class=\"partial-month\">(delvis: 1 af 2 kommuner)</span>"
        ),
        "{page}"
    );
    assert!(
        page.contains("april 2018 <span class=\"partial-month\">(delvis: 1 af 2 kommuner)</span>")
    );
    let (status, json) = officer.get_json("/api/v1/monitoring");
    assert_eq!(status, 200);
    let months: Vec<(i64, i64, bool)> = json
        .as_array()
        .expect("months")
        .iter()
        .map(|m| {
            (
                m["month"].as_i64().unwrap_or(0),
                m["municipalities_reported"].as_i64().unwrap_or(0),
                m["complete"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![
            (201801, 2, true),
            (201802, 1, false),
            (201803, 2, true),
            (201804, 1, false)
        ]
    );
    assert!(
        json[0]["persons"].as_i64().is_some(),
        "the sums are still there"
    );
    // Horsens's own page is its own figure: its latest month, nothing marked.
    let (_, own) = app
        .login(FINANCE)
        .get_text("/municipalities/615/monitoring");
    assert!(own.contains("Status pr. april 2018"));
    assert!(!own.contains("partial-month"));
}

/// A long series: the tables show the latest 13 months (a year and the month before),
/// the charts and the downloads every month, and one link shows them all.
#[test]
fn the_tables_show_the_latest_thirteen_months_and_a_link_shows_them_all() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    let months: Vec<String> = (0..15)
        .map(|i| format!("{}-{:02}", 2018 + i / 12, i % 12 + 1))
        .map(|m| format!("010190-1234,615,{m},1,ja,ja,12,ingen"))
        .collect();
    upload_national(&officer, &file(&months));
    let cells = |page: &str, month: &str| page.matches(&format!("<td>{month}")).count();

    let (_, page) = officer.get_text("/municipalities/615/monitoring");
    assert_eq!(
        cells(&page, "marts 2019"),
        7,
        "the latest month in every KPI's table"
    );
    assert_eq!(cells(&page, "marts 2018"), 7, "the 13th latest");
    assert_eq!(
        cells(&page, "februar 2018"),
        0,
        "older months only on request"
    );
    assert!(
        page.contains("Tabellerne viser de seneste 13 af 15 måneder"),
        "{page}"
    );
    assert!(page.contains("href=\"/municipalities/615/monitoring?months=all#kpis\""));
    let csv = String::from_utf8(download(&officer, "/municipalities/615/monitoring/kpis.csv").3)
        .expect("utf-8");
    assert_eq!(
        csv.lines().count(),
        1 + 15 * 7,
        "the download has every month"
    );

    let (_, all) = officer.get_text("/municipalities/615/monitoring?months=all");
    assert_eq!(cells(&all, "januar 2018"), 7);
    assert!(all.contains("Tabellerne viser alle 15 måneder"));
    assert!(all.contains("href=\"/municipalities/615/monitoring#kpis\""));
}
