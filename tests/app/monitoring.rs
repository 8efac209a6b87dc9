//! Monitoring: uploads (officer for any municipality, finance staff for their own),
//! all-or-nothing imports, replacing a month, the milestone facts through the whole
//! stack, the CLI import, the JSON endpoints, and that no CPR number is kept or shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use diesel::prelude::*;
use reqwest::blocking::Response;
use tilskud::db::schema::monitoring_rows as mr;
use tilskud::domain::monitoring::file::HEADER;

use crate::helpers::*;
use crate::spawn_app;

const AARHUS_FINANCE: (&str, &str) = ("aarhus.finance", "demo-aarhus-2017");

/// A monitoring file: the header and the given lines.
fn file(lines: &[&str]) -> String {
    let mut s = format!("{HEADER}\n");
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// Uploads `text` as a multipart file to `path` (CSRF token in the action URL).
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

fn upload_national(s: &Session, text: &str) -> Response {
    upload(s, "/monitoring/upload", text)
}

fn upload_own(s: &Session, code: i32, text: &str) -> Response {
    upload(
        s,
        &format!("/municipalities/{code}/monitoring/upload"),
        text,
    )
}

fn row_count(app: &TestApp) -> i64 {
    mr::table.count().get_result(&mut app.db()).expect("count")
}

/// Rows of one municipality in one month (YYYYMM).
fn rows_in(app: &TestApp, code: i32, month: i32) -> i64 {
    mr::table
        .filter(mr::municipality_code.eq(code))
        .filter(mr::month.eq(month))
        .count()
        .get_result(&mut app.db())
        .expect("count")
}

fn distinct_persons(app: &TestApp) -> usize {
    let persons: Vec<Vec<u8>> = mr::table
        .select(mr::person)
        .load(&mut app.db())
        .expect("persons");
    persons
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

fn body(res: Response) -> (u16, String) {
    let status = res.status().as_u16();
    (status, res.text().expect("text"))
}

/// The small file of test 1: 615 and 751, January to March 2018, 8 lines.
fn small_file() -> String {
    file(&[
        "010190-1234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-01,2,nej,nej,0,ingen",
        "311299-3210,615,2018-01,0,,,,",
        "150285-4321,751,2018-01,1,ja,nej,0,job",
        "010190-1234,615,2018-02,1,ja,ja,35,job",
        "0202851234,615,2018-02,2,nej,nej,0,ingen",
        "010190-1234,615,2018-03,1,nej,nej,0,ingen",
        "150285-4321,751,2018-03,3,nej,nej,0,ingen",
    ])
}

#[test]
fn an_officer_uploads_a_file_and_sees_the_counts_and_the_milestone_facts() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let (_, before) = s.get_text("/monitoring");
    assert!(before.contains("Der er endnu ikke indlæst monitoreringsdata"));
    assert!(
        before.contains("/monitoring/upload"),
        "the officer may upload"
    );

    let res = upload_national(&s, &small_file());
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/monitoring?imported=8");
    assert_eq!(row_count(&app), 8);

    let (status, page) = s.get_text("/monitoring?imported=8");
    assert_eq!(status, 200);
    assert!(page.contains("8 linjer er indlæst"), "{page}");
    for m in ["januar 2018", "februar 2018", "marts 2018"] {
        assert!(page.contains(m), "{m} shown");
    }
    assert!(!page.contains("Der er endnu ikke indlæst"));

    // The status note's figures for the latest month: March, 615's person in group 1
    // and 751's in group 3.
    assert!(page.contains("Status pr. marts 2018"), "{page}");
    let row = |label: &str| -> String {
        let start = page
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {page}"));
        let end = page[start..].find("</tr>").expect("end of row") + start;
        page[start..end].to_string()
    };
    let cells = |r: &str| -> Vec<String> {
        r.split("<td")
            .skip(1)
            .map(|c| {
                c.split_once('>')
                    .expect("td")
                    .1
                    .split('<')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        cells(&row("I gruppe 1 (indsatsgruppen), af de visiterede")),
        ["1", "2", "50,0 %"]
    );
    assert_eq!(
        cells(&row("I gruppe 3 (socialforvaltningen), af de visiterede")),
        ["1", "2", "50,0 %"]
    );
    assert_eq!(
        cells(&row("I gruppe 2 (rehabiliteringsteamet), af de visiterede")),
        ["0", "2", "0,0 %"]
    );
    assert_eq!(
        cells(&row("Med personlig jobformidler, af gruppe 1")),
        ["0", "1", "0,0 %"]
    );

    // The counts, exactly, from the API: the whole country per month.
    let (status, national) = s.get_json("/api/v1/monitoring");
    assert_eq!(status, 200);
    let months = national.as_array().expect("months");
    let of = |m: i64, field: &str| {
        months
            .iter()
            .find(|r| r["month"] == m)
            .unwrap_or_else(|| panic!("{m} in {national}"))[field]
            .as_i64()
            .expect("count")
    };
    assert_eq!(months.len(), 3);
    assert_eq!(of(201801, "persons"), 4);
    assert_eq!(of(201801, "assessed"), 3);
    assert_eq!(of(201801, "group1"), 2);
    assert_eq!(of(201801, "g1_job_broker"), 2);
    assert_eq!(of(201801, "g1_company_offer"), 1);
    assert_eq!(of(201802, "persons"), 2);
    assert_eq!(of(201802, "g1_30_hours"), 1);
    assert_eq!(of(201802, "g1_outcome"), 1);
    assert_eq!(of(201803, "group3"), 1);
    assert_eq!(of(201803, "g1_none_of_these"), 1);

    // Horsens: its own KPIs and the two milestone facts.
    let (status, page) = s.get_text("/municipalities/615/monitoring");
    assert_eq!(status, 200);
    assert!(page.contains("Monitorering – Horsens"), "{page}");
    assert!(page.contains("Rate 2: hele bruttomålgruppen visiteret"));
    assert!(page.contains("Rate 3: mindst 40 % af indsatsgruppen"));
    // Two distinct persons assessed of STAR's 320.
    assert!(
        page.contains("2 af 320 borgere er visiteret. Der mangler 318."),
        "{page}"
    );
    // Group 1 active in January and February, not March: two months are not three.
    assert!(page.contains("Endnu ikke opfyldt"), "{page}");
    assert!(page.contains("2018-01: 1 / 1 (100,0 %) – Opfylder kravet"));
    assert!(page.contains("2018-03: 0 / 1 (0,0 %) – Opfylder ikke kravet"));
    assert!(
        !page.contains("/municipalities/615/monitoring/upload"),
        "only the municipality's finance staff upload there"
    );

    let (status, horsens) = s.get_json("/api/v1/municipalities/615/monitoring");
    assert_eq!(status, 200);
    assert_eq!(horsens["name"], "Horsens");
    let months = horsens["months"].as_array().expect("months");
    assert_eq!(months.len(), 3);
    assert_eq!(months[0]["month"], 201801);
    assert_eq!(months[0]["persons"], 3, "751's line is not Horsens's");
    assert_eq!(horsens["facts"]["whole_group_assessed"]["assessed"], 2);
    assert_eq!(horsens["facts"]["whole_group_assessed"]["gross"], 320);
    assert_eq!(horsens["facts"]["whole_group_assessed"]["met"], false);
    assert_eq!(horsens["facts"]["intervention_activity"]["met"], false);
}

#[test]
fn finance_staff_upload_only_for_their_own_municipality() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let (_, page) = s.get_text("/municipalities/615/monitoring");
    assert!(page.contains("/municipalities/615/monitoring/upload"));

    let own = file(&[
        "010190-1234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-01,2,nej,nej,0,ingen",
    ]);
    let res = upload_own(&s, OWN_CODE, &own);
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/municipalities/615/monitoring?imported=2"
    );
    assert_eq!(rows_in(&app, 615, 201801), 2);

    // One line for Aarhus spoils the whole file, and the page says which line.
    let before = row_count(&app);
    let mixed = file(&[
        "010190-1234,615,2018-02,1,ja,ja,12,ingen",
        "150285-4321,751,2018-02,1,ja,nej,0,job",
        "0202851234,615,2018-02,2,nej,nej,0,ingen",
    ]);
    let (status, page) = body(upload_own(&s, OWN_CODE, &mixed));
    assert_eq!(status, 422);
    assert!(
        page.contains("Linje 3, kolonne municipality_code"),
        "the line and the field are named: {page}"
    );
    assert!(page.contains("kommune 751"), "{page}");
    assert!(!page.contains("Linje 2,") && !page.contains("Linje 4,"));
    assert_eq!(row_count(&app), before, "nothing imported");
    assert_eq!(rows_in(&app, 615, 201802), 0);

    // Another municipality's upload, or the national one, is not theirs.
    assert_eq!(upload_own(&s, OTHER_CODE, &own).status(), 403);
    assert_eq!(upload_national(&s, &own).status(), 403);

    // A committee member reads but does not upload.
    let committee = app.login_html(COMMITTEE);
    assert_eq!(upload_own(&committee, OWN_CODE, &own).status(), 403);
    assert_eq!(upload_national(&committee, &own).status(), 403);
    let (status, page) = committee.get_text("/municipalities/615/monitoring");
    assert_eq!(status, 200);
    assert!(!page.contains("/monitoring/upload"), "no upload form");
    assert_eq!(row_count(&app), before);

    // Aarhus's finance staff cannot read Horsens's figures, page or API.
    let aarhus = app.login_html(AARHUS_FINANCE);
    assert_eq!(aarhus.get("/municipalities/615/monitoring").status(), 403);
    assert_eq!(
        aarhus.get("/api/v1/municipalities/615/monitoring").status(),
        403
    );
    assert_eq!(aarhus.get("/municipalities/751/monitoring").status(), 200);
    let (status, national) = aarhus.get_json("/api/v1/monitoring");
    assert_eq!(status, 200, "national figures are for everyone");
    assert_eq!(national[0]["persons"], 2);
}

#[test]
fn a_file_with_bad_lines_is_refused_whole_naming_each_line_without_the_cpr() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let text = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-13,2,nej,nej,0,ingen",
        "150285-4321,751,2018-01,1,ja,nej,0,job",
        "320190-5678,615,2018-01,1,ja,nej,0,ingen",
        "0303801111,615,2018-01,1,ja,nej,0,ingen",
    ]);
    let (status, page) = body(upload_national(&s, &text));
    assert_eq!(status, 422);
    assert!(
        page.contains("Linje 3, kolonne month"),
        "bad month named: {page}"
    );
    assert!(
        page.contains("Linje 5, kolonne cpr"),
        "bad CPR date named: {page}"
    );
    assert!(page.contains("ikke en gyldig fødselsdato"), "{page}");
    for good in ["Linje 2,", "Linje 4,", "Linje 6,"] {
        assert!(!page.contains(good), "{good} is fine");
    }
    assert_eq!(row_count(&app), 0, "nothing written");
    for cpr in [
        "0101901234",
        "010190-1234",
        "0202851234",
        "020285-1234",
        "1502854321",
        "150285-4321",
        "3201905678",
        "320190-5678",
        "0303801111",
        "030380-1111",
    ] {
        assert!(!page.contains(cpr), "the error page shows {cpr}");
    }

    // The same person twice in one month: refused, nothing written.
    let twice = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "010190-1234,615,2018-01,1,ja,ja,12,ingen",
    ]);
    let (status, page) = body(upload_national(&s, &twice));
    assert_eq!(status, 422);
    assert!(page.contains("Linje 3, kolonne cpr"), "{page}");
    assert!(!page.contains("0101901234") && !page.contains("010190-1234"));
    assert_eq!(row_count(&app), 0);

    // A file with only the header.
    let (status, _) = body(upload_national(&s, &file(&[])));
    assert_eq!(status, 422);
    assert_eq!(row_count(&app), 0);
}

/// A repeat far from the first occurrence, past the first multi-row insert on SQLite
/// and inside a binary COPY on PostgreSQL: still named by its line, nothing written.
#[test]
fn a_repeated_person_is_named_by_line_in_a_long_file() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    // 100 distinct persons born on days 1-25 of months 1-4 of 1990.
    let mut lines: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "{:02}{:02}90{:04},615,2018-01,1,ja,nej,0,ingen",
                i % 25 + 1,
                i / 25 + 1,
                1000 + i
            )
        })
        .collect();
    lines.push(lines[70].clone()); // line 102 repeats line 72
    lines.push("0101901999,615,2018-01,1,ja,nej,0,ingen".to_string());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (status, page) = body(upload_national(&s, &file(&refs)));
    assert_eq!(status, 422);
    assert!(page.contains("Linje 102, kolonne cpr"), "{page}");
    assert_eq!(row_count(&app), 0);
    // Without the repeat, all 101 load.
    lines.remove(100);
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    assert_eq!(upload_national(&s, &file(&refs)).status(), 303);
    assert_eq!(row_count(&app), 101);
}

#[test]
fn uploading_a_month_again_replaces_it_and_is_audited() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let three = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-01,2,nej,nej,0,ingen",
        "0303801111,615,2018-01,1,ja,nej,0,ingen",
        "1502854321,751,2018-01,1,ja,nej,0,ingen",
    ]);
    assert_eq!(upload_national(&s, &three).status(), 303);
    assert_eq!(rows_in(&app, 615, 201801), 3);
    let two = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "0303801111,615,2018-01,1,ja,nej,0,ingen",
    ]);
    let res = upload_national(&s, &two);
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/monitoring?imported=2");
    assert_eq!(rows_in(&app, 615, 201801), 2, "the month is replaced");
    assert_eq!(rows_in(&app, 751, 201801), 1, "other municipalities stay");
    let (_, counts) = s.get_json("/api/v1/municipalities/615/monitoring");
    assert_eq!(counts["months"][0]["persons"], 2);
    assert_eq!(counts["months"][0]["group2"], 0);

    // A failed re-upload leaves the month as it was.
    let bad = file(&["0101901234,615,2018-01,7,ja,ja,12,ingen"]);
    assert_eq!(upload_national(&s, &bad).status(), 422);
    assert_eq!(rows_in(&app, 615, 201801), 2);

    let (status, audit) = s.get_json("/api/v1/audit?entity=monitoring");
    assert_eq!(status, 200);
    let imports: Vec<_> = audit
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "monitoring.import")
        .collect();
    assert_eq!(imports.len(), 2, "{audit}");
    let latest = imports[0]["after_json"].as_str().expect("after");
    assert!(latest.contains("\"rows\":2"), "{latest}");
    assert!(latest.contains("2018-01"), "{latest}");
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn no_cpr_number_is_stored_or_shown_anywhere() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let known = [
        "0101901234",
        "010190-1234",
        "1502851234",
        "150285-1234",
        "2412881122",
        "241288-1122",
    ];
    let text = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "010190-1234,615,2018-02,1,ja,nej,0,job",
        "1502851234,751,2018-01,2,nej,nej,0,ingen",
        "241288-1122,615,2018-02,0,,,,",
    ]);
    assert_eq!(upload_national(&s, &text).status(), 303);
    assert_eq!(row_count(&app), 4);
    assert_eq!(distinct_persons(&app), 3, "both spellings are one person");

    // A refused file with the same numbers: the errors do not repeat them.
    let bad = file(&[
        "0101901234,615,2018-03,1,ja,ja,12,maybe",
        "1502851234,751,2018-03,x,nej,nej,0,ingen",
        "241288-1122,999,2018-03,0,,,,",
    ]);
    let (status, page) = body(upload_national(&s, &bad));
    assert_eq!(status, 422);
    assert!(page.contains("Linje 2") && page.contains("Linje 3") && page.contains("Linje 4"));
    let finance = app.login_html(FINANCE);
    let (status, own_page) = body(upload_own(
        &finance,
        OWN_CODE,
        &file(&["1502851234,751,2018-03,1,ja,nej,0,ingen"]),
    ));
    assert_eq!(status, 422);
    let mut shown = vec![page, own_page];
    for path in [
        "/monitoring",
        "/municipalities/615/monitoring",
        "/municipalities/751/monitoring",
        "/audit",
        "/api/v1/audit",
        "/api/v1/monitoring",
        "/api/v1/municipalities/615/monitoring",
        "/api/v1/municipalities/751/monitoring",
    ] {
        let (status, text) = s.get_text(path);
        assert_eq!(status, 200, "{path}");
        shown.push(text);
    }
    for text in &shown {
        for cpr in known {
            assert!(!text.contains(cpr), "a response shows {cpr}");
        }
    }

    // The database on disk (with its WAL) and the upload folder: no CPR number.
    if let Some(db) = app.database_url.strip_prefix("sqlite://") {
        let dir = Path::new(db).parent().expect("data dir");
        let files = files_under(dir);
        assert!(files.iter().any(|f| f.ends_with("t.db")), "{files:?}");
        for f in &files {
            let bytes = std::fs::read(f).expect("read");
            for cpr in known {
                assert!(!contains(&bytes, cpr), "{} holds {cpr}", f.display());
            }
        }
        let uploads: Vec<_> = files
            .iter()
            .filter(|f| f.to_string_lossy().contains("upload"))
            .collect();
        assert!(uploads.is_empty(), "temporary uploads left: {uploads:?}");
    } else {
        assert!(app.database_url.starts_with("postgres"));
    }
}

/// Runs `tilskud` in an empty directory against `database_url`, with the pseudonym key
/// when given.
fn tilskud(args: &[&str], database_url: &str, key: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tilskud"));
    cmd.args(args)
        .current_dir(dir.path())
        .env_remove("TILSKUD_CONFIG")
        .env_remove("TILSKUD_PSEUDONYM_KEY")
        .env("TILSKUD_LOG", "warn")
        .env("TILSKUD_DATA_DIR", dir.path())
        .env("TILSKUD_DATABASE_URL", database_url);
    if let Some(k) = key {
        cmd.env("TILSKUD_PSEUDONYM_KEY", k);
    }
    cmd.stdin(std::process::Stdio::null())
        .output()
        .expect("run tilskud")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_cli_imports_a_file_with_the_same_pseudonyms_as_the_web() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let web = file(&[
        "0101901234,615,2018-01,1,ja,ja,12,ingen",
        "0202851234,615,2018-01,2,nej,nej,0,ingen",
    ]);
    assert_eq!(upload_national(&s, &web).status(), 303);

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("februar.csv");
    std::fs::write(
        &path,
        file(&[
            "010190-1234,615,2018-02,1,ja,ja,40,job",
            "020285-1234,615,2018-02,2,nej,nej,0,ingen",
            "1502851234,751,2018-02,1,ja,nej,0,ingen",
        ]),
    )
    .expect("write");
    let path = path.to_str().expect("utf-8 path");
    let args = ["import", "monitoring", path];

    let out = tilskud(&args, &app.database_url, None);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("TILSKUD_PSEUDONYM_KEY"), "{err}");
    assert_eq!(row_count(&app), 2, "nothing imported without the key");

    let out = tilskud(&args, &app.database_url, Some(TEST_PSEUDONYM_KEY));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("imported 3 rows"), "{stdout}");
    assert!(!stdout.contains("0101901234") && !stderr.contains("010190-1234"));
    assert_eq!(row_count(&app), 5);
    assert_eq!(
        distinct_persons(&app),
        3,
        "the web upload and the CLI give a person the same pseudonym"
    );
    let (_, horsens) = s.get_json("/api/v1/municipalities/615/monitoring");
    assert_eq!(horsens["months"][1]["month"], 201802);
    assert_eq!(horsens["months"][1]["g1_30_hours"], 1);

    // A bad file: exit 2, the lines named, nothing imported, no CPR repeated.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        file(&[
            "0101901234,615,2018-03,1,ja,ja,12,ingen",
            "3102901234,615,2018-03,1,ja,ja,12,ingen",
            "0202851234,615,2018-3x,2,nej,nej,0,ingen",
        ]),
    )
    .expect("write");
    let out = tilskud(
        &["import", "monitoring", bad.to_str().expect("path")],
        &app.database_url,
        Some(TEST_PSEUDONYM_KEY),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("line 3, cpr"), "{err}");
    assert!(err.contains("line 4, month"), "{err}");
    assert!(!err.contains("line 2"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    for cpr in ["0101901234", "3102901234", "310290", "0202851234"] {
        assert!(!err.contains(cpr), "{err}");
    }
    assert_eq!(row_count(&app), 5);
}

/// Group 1 of `size` persons of whom `offers` have a company-oriented offer, in `month`.
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

fn months_file(groups: &[(&str, u32, u32)]) -> String {
    let lines: Vec<String> = groups
        .iter()
        .flat_map(|(m, size, offers)| group_1(m, *size, *offers))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    file(&refs)
}

#[test]
fn rate_3_is_met_at_exactly_40_per_cent_in_three_consecutive_months() {
    let app = spawn_app!();
    let s = app.login_html(FINANCE);
    let text = months_file(&[("2018-01", 5, 2), ("2018-02", 5, 2), ("2018-03", 5, 2)]);
    assert_eq!(upload_own(&s, OWN_CODE, &text).status(), 303);
    let (_, page) = s.get_text("/municipalities/615/monitoring");
    assert!(page.contains("Opfyldt fra 2018-03"), "{page}");
    assert!(page.contains("2018-02: 2 / 5 (40,0 %) – Opfylder kravet"));
    let (_, api) = s.get_json("/api/v1/municipalities/615/monitoring");
    let fact = &api["facts"]["intervention_activity"];
    assert_eq!(fact["met"], true);
    assert_eq!(fact["since"]["year"], 2018);
    assert_eq!(fact["since"]["month"], 3);

    // February again, with 2 of 6: 33.3 % breaks the run.
    let february = months_file(&[("2018-02", 6, 2)]);
    assert_eq!(upload_own(&s, OWN_CODE, &february).status(), 303);
    assert_eq!(rows_in(&app, 615, 201802), 6);
    let (_, page) = s.get_text("/municipalities/615/monitoring");
    assert!(!page.contains("Opfyldt fra"), "{page}");
    assert!(page.contains("Endnu ikke opfyldt"));
    assert!(page.contains("2018-02: 2 / 6 (33,3 %) – Opfylder ikke kravet"));
    let (_, api) = s.get_json("/api/v1/municipalities/615/monitoring");
    assert_eq!(api["facts"]["intervention_activity"]["met"], false);
    assert!(api["facts"]["intervention_activity"]["since"].is_null());
}

/// The API's imports: the same file, the same checks and scoping as the pages.
#[test]
fn the_api_imports_monitoring_files_with_the_same_checks() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, out) = officer.put_csv("/api/v1/monitoring", &small_file());
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["rows"], 8);
    assert_eq!(out["months"][0]["municipality_code"], 615);
    assert_eq!(out["months"][0]["month"], "2018-01");
    assert_eq!(out["months"][0]["rows"], 3);
    assert_eq!(row_count(&app), 8);

    // A bad line: 422 naming the line and column, never the CPR; nothing written.
    let bad = file(&[
        "010190-1234,615,2018-04,1,ja,ja,12,ingen",
        "3201905678,615,2018-04,1,ja,ja,12,ingen",
    ]);
    let (status, out) = officer.put_csv("/api/v1/monitoring", &bad);
    assert_eq!(status, 422, "{out}");
    assert_eq!(out["fields"][0]["field"], "line 3");
    let text = out.to_string();
    assert!(text.contains("cpr"), "{text}");
    assert!(!text.contains("3201905678") && !text.contains("010190"));
    assert_eq!(row_count(&app), 8);

    // Finance staff: their own municipality only, and only its lines.
    let finance = app.login(FINANCE);
    let own = file(&["010190-1234,615,2018-04,1,ja,ja,12,ingen"]);
    let (status, out) = finance.put_csv("/api/v1/municipalities/615/monitoring", &own);
    assert_eq!(status, 200, "{out}");
    assert_eq!(rows_in(&app, 615, 201804), 1);
    let mixed = file(&["150285-4321,751,2018-04,1,ja,nej,0,job"]);
    let (status, out) = finance.put_csv("/api/v1/municipalities/615/monitoring", &mixed);
    assert_eq!(status, 422, "{out}");
    assert_eq!(out["fields"][0]["field"], "line 2");
    let (status, _) = finance.put_csv(
        &format!("/api/v1/municipalities/{OTHER_CODE}/monitoring"),
        &own,
    );
    assert_eq!(status, 403);
    let (status, _) = finance.put_csv("/api/v1/monitoring", &own);
    assert_eq!(status, 403);
    let committee = app.login(COMMITTEE);
    let (status, _) = committee.put_csv("/api/v1/municipalities/615/monitoring", &own);
    assert_eq!(status, 403);
    assert_eq!(row_count(&app), 9);

    // The operations are in the OpenAPI document.
    let (_, doc) = officer.get_json("/api/v1/openapi.json");
    assert!(doc["paths"]["/api/v1/monitoring"]["put"].is_object());
    assert!(doc["paths"]["/api/v1/municipalities/{code}/monitoring"]["put"].is_object());
}
