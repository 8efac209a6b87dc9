//! The progression questionnaire (docs/questionnaire.md) through its operations against
//! the real database: versions, the order of measurements, all-or-nothing imports, the
//! due lists, the monthly reminders, and the database's own guards.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use tilskud::app::questionnaire::{self as q, due, entry, reminders};
use tilskud::db::audit::Actor;
use tilskud::domain::monitoring::cpr::Cpr;
use tilskud::domain::monitoring::pseudonym::Pseudonymizer;
use tilskud::domain::questionnaire::set::illustration;
use tilskud::domain::questionnaire::QuestionSet;

use crate::helpers::*;
use crate::spawn_app;

const POOL: i64 = 1;
const HORSENS: i32 = 615;
const CPR_A: &str = "010190-1234";
const CPR_B: &str = "0202851234";

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("date")
}

fn key() -> Pseudonymizer {
    Pseudonymizer::new(TEST_PSEUDONYM_KEY.as_bytes()).expect("key")
}

fn officer() -> Actor {
    Actor::system("test-officer")
}

fn set_up(app: &TestApp) -> QuestionSet {
    let set = illustration();
    let mut c = app.db();
    q::save_set(&mut c, &officer(), at(2018, 1, 2), POOL, &set, true).expect("set saved");
    set
}

/// Every question answered with the first value it takes.
fn answers(set: &QuestionSet) -> Vec<(String, String)> {
    set.questions
        .iter()
        .map(|qn| {
            let value = qn
                .values()
                .and_then(|v| v.first().copied())
                .map(|v| match qn.kind {
                    tilskud::domain::questionnaire::QuestionKind::YesNo => {
                        if v == 1 { "ja" } else { "nej" }.to_owned()
                    }
                    _ => v.to_string(),
                })
                .unwrap_or_else(|| "3".into());
            (qn.code.clone(), value)
        })
        .collect()
}

fn record(
    app: &TestApp,
    set: &QuestionSet,
    cpr: &str,
    kind: &str,
    date: &str,
    exit: &str,
    today: NaiveDate,
) -> Result<entry::Recorded, tilskud::error::AppError> {
    let mut c = app.db();
    let person = entry::identify(cpr, "", &key());
    let e = entry::Entry {
        kind: kind.into(),
        date: date.into(),
        exit_reason: exit.into(),
        answers: answers(set),
    };
    entry::record(
        &mut c,
        &Actor::system("test-caseworker"),
        today.and_hms_opt(9, 0, 0).expect("time"),
        today,
        POOL,
        HORSENS,
        person,
        &e,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn measurements(app: &TestApp) -> i64 {
    use tilskud::db::schema::questionnaire_measurements as qm;
    let mut c = app.db();
    qm::table.count().get_result(&mut c).expect("count")
}

fn field_errors(e: &tilskud::error::AppError) -> Vec<String> {
    match e {
        tilskud::error::AppError::Invalid(f) => {
            f.0.iter().map(|(k, m)| format!("{k}:{}", m.key)).collect()
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_set_in_use_is_never_edited_and_a_change_makes_a_new_version() {
    let app = spawn_app!();
    let set = set_up(&app);
    let mut c = app.db();
    // Unused: saving a change replaces version 1.
    let mut changed = set.clone();
    changed.questions.pop();
    let saved =
        q::save_set(&mut c, &officer(), at(2018, 1, 3), POOL, &changed, true).expect("saved");
    assert_eq!((saved.version, saved.replaced_unused), (1, true));
    // The same set again changes nothing.
    let again =
        q::save_set(&mut c, &officer(), at(2018, 1, 3), POOL, &changed, true).expect("saved");
    assert!(!again.changed);
    record(
        &app,
        &changed,
        CPR_A,
        "baseline",
        "2018-02-14",
        "",
        day(2018, 3, 1),
    )
    .expect("baseline");
    // In use: a change makes version 2, and the baseline keeps version 1.
    let saved = q::save_set(&mut c, &officer(), at(2018, 3, 2), POOL, &set, true).expect("saved");
    assert_eq!((saved.version, saved.replaced_unused), (2, false));
    let versions = q::versions(&mut c, POOL).expect("versions");
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(versions[1].set, changed);
    // The database refuses to edit a version, whatever the code does.
    let edited = diesel::sql_query("UPDATE question_sets SET illustration = NOT illustration")
        .execute(&mut c);
    assert!(edited.is_err(), "a question-set version was edited");
}

#[test]
fn measurements_follow_their_order_and_a_second_one_of_a_kind_replaces_the_first() {
    let app = spawn_app!();
    let set = set_up(&app);
    let today = day(2019, 3, 1);
    // A follow-up needs a baseline.
    let e = record(&app, &set, CPR_A, "follow-up", "2019-02-14", "", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["kind:questionnaire-sequence-no-baseline"]
    );
    record(&app, &set, CPR_A, "baseline", "14.02.2018", "", today).expect("baseline");
    // Before the window opens (due 14 Feb 2019, window one month): refused.
    let e = record(&app, &set, CPR_A, "follow-up", "2019-01-13", "", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["date:questionnaire-sequence-too-early"]
    );
    // In the future: refused.
    let e = record(&app, &set, CPR_A, "follow-up", "2019-03-02", "", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["date:questionnaire-sequence-in-future"]
    );
    let r = record(&app, &set, CPR_A, "follow-up", "2019-02-20", "", today).expect("follow-up");
    assert!(!r.replaced);
    // An exit after the follow-up: refused; a corrected follow-up replaces the first.
    let e = record(&app, &set, CPR_A, "exit", "2019-02-25", "job", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["kind:questionnaire-sequence-exit-after-follow-up"]
    );
    let r = record(&app, &set, CPR_A, "follow-up", "2019-02-21", "", today).expect("again");
    assert!(r.replaced);
    assert_eq!(measurements(&app), 2);
    // An exit needs its reason, and only an exit has one.
    record(&app, &set, CPR_B, "baseline", "2018-05-01", "", today).expect("baseline");
    let e = record(&app, &set, CPR_B, "exit", "2018-09-01", "", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["exit_reason:questionnaire-exit-reason-missing"]
    );
    let e = record(&app, &set, CPR_B, "baseline", "2018-05-01", "job", today).unwrap_err();
    assert_eq!(
        field_errors(&e),
        vec!["exit_reason:questionnaire-exit-reason-not-allowed"]
    );
    record(&app, &set, CPR_B, "exit", "2018-09-01", "fleksjob", today).expect("exit");
    assert_eq!(measurements(&app), 4);
}

#[test]
fn the_form_checks_every_field_in_one_round_and_never_repeats_the_cpr_number() {
    let app = spawn_app!();
    let set = set_up(&app);
    let mut c = app.db();
    let e = entry::Entry {
        kind: "sometime".into(),
        date: "31.02.2018".into(),
        exit_reason: String::new(),
        answers: vec![(set.questions[0].code.clone(), "99".into())],
    };
    let err = entry::record(
        &mut c,
        &Actor::system("t"),
        at(2018, 3, 1),
        day(2018, 3, 1),
        POOL,
        HORSENS,
        entry::identify("3102901234", "", &key()),
        &e,
    )
    .unwrap_err();
    let fields = field_errors(&err);
    assert!(fields.iter().any(|f| f.starts_with("cpr:")), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("kind:")), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("date:")), "{fields:?}");
    let first = format!("q-{}:", set.questions[0].code);
    assert!(fields.iter().any(|f| f.starts_with(&first)), "{fields:?}");
    // Every required question left out is named.
    let required = set
        .questions
        .iter()
        .skip(1)
        .filter(|qn| qn.required)
        .count();
    assert!(
        fields
            .iter()
            .filter(|f| f.ends_with("questionnaire-answer-missing"))
            .count()
            >= required
    );
    let shown = format!("{err:?}");
    assert!(
        !shown.contains("3102901234") && !shown.contains("310290"),
        "{shown}"
    );
    assert_eq!(measurements(&app), 0);
}

fn file_of(set: &QuestionSet, lines: &[(&str, &str, &str, &str)]) -> String {
    let mut out =
        String::from("cpr;municipality_code;measurement;date;exit_reason;question;answer\n");
    for (cpr, code, kind, date) in lines {
        for (qcode, answer) in answers(set) {
            out.push_str(&format!("{cpr};{code};{kind};{date};;{qcode};{answer}\n"));
        }
    }
    out
}

fn import(
    app: &TestApp,
    only: Option<i32>,
    file: &str,
) -> Result<entry::Imported, entry::ImportError> {
    let mut c = app.db();
    entry::import(
        &mut c,
        &Actor::system("test-import"),
        at(2019, 6, 1),
        day(2019, 6, 1),
        POOL,
        only,
        &key(),
        file.as_bytes(),
        "test",
    )
}

#[test]
fn an_import_is_all_or_nothing_names_lines_without_the_cpr_and_replaces_on_reimport() {
    let app = spawn_app!();
    let set = set_up(&app);
    let good = file_of(
        &set,
        &[
            (CPR_A, "615", "baseline", "2018-02-14"),
            (CPR_A, "615", "follow-up", "2019-02-20"),
            (CPR_B, "615", "baseline", "2018-05-01"),
        ],
    );
    // One bad CPR and one line of another municipality: nothing is written.
    let bad = good.replacen(CPR_B, "0202859999x", 1)
        + &format!(
            "{CPR_B};751;baseline;2018-05-01;;{};3\n",
            set.questions[0].code
        );
    let Err(entry::ImportError::Lines { problems, .. }) = import(&app, Some(HORSENS), &bad) else {
        panic!("a bad file was imported");
    };
    let cpr_line = 2 + 2 * set.questions.len();
    assert!(
        problems
            .iter()
            .any(|p| p.line == cpr_line && p.field == "cpr"),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.field == "municipality_code"),
        "{problems:?}"
    );
    let shown = format!("{problems:?}");
    assert!(
        !shown.contains("0202859999") && !shown.contains("020285"),
        "{shown}"
    );
    assert_eq!(measurements(&app), 0);

    let done = import(&app, Some(HORSENS), &good).expect("imported");
    assert_eq!((done.measurements, done.replaced), (3, 0));
    assert_eq!(done.answers, 3 * set.questions.len());
    // Again: the same three, each replacing itself.
    let again = import(&app, Some(HORSENS), &good).expect("imported");
    assert_eq!((again.measurements, again.replaced), (3, 3));
    assert_eq!(measurements(&app), 3);
}

#[test]
fn no_cpr_number_is_stored() {
    let app = spawn_app!();
    let set = set_up(&app);
    record(
        &app,
        &set,
        CPR_A,
        "baseline",
        "2018-02-14",
        "",
        day(2018, 3, 1),
    )
    .expect("form");
    import(
        &app,
        None,
        &file_of(&set, &[(CPR_B, "615", "baseline", "2018-05-01")]),
    )
    .expect("file");
    let mut c = app.db();
    for (name, digits) in [("a", "0101901234"), ("b", "0202851234")] {
        let cpr = Cpr::parse(digits).expect("cpr");
        let person = key().pseudonymize(&cpr);
        // Stored by pseudonym ...
        use tilskud::db::schema::questionnaire_measurements as qm;
        let n: i64 = qm::table
            .filter(qm::person.eq(person.as_bytes().to_vec()))
            .count()
            .get_result(&mut c)
            .expect("count");
        assert_eq!(n, 1, "person {name}");
    }
    // ... and the digits are nowhere in the database's files (SQLite) or tables (both).
    let dump = dump(&mut c);
    for digits in ["0101901234", "010190-1234", "0202851234", "020285-1234"] {
        assert!(!dump.contains(digits), "{digits} found in the database");
    }
}

/// Every text and number of the questionnaire's tables and the audit log, as text.
pub fn dump(c: &mut tilskud::db::DbConn) -> String {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let mut out = String::new();
    for (table, cols) in [
        (
            "questionnaire_measurements",
            "CAST(measured_on AS TEXT) || answers || source",
        ),
        ("question_sets", "definition"),
        (
            "audit_log",
            "COALESCE(CAST(before_json AS TEXT), '') || COALESCE(CAST(after_json AS TEXT), '')",
        ),
        ("outbox", "subject || body_text"),
    ] {
        let rows: Vec<Row> = diesel::sql_query(format!("SELECT {cols} AS t FROM {table}"))
            .load(c)
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        for r in rows {
            out.push_str(&r.t);
        }
    }
    out
}

#[test]
fn the_database_refuses_a_follow_up_and_an_exit_for_one_person() {
    let app = spawn_app!();
    let set = set_up(&app);
    record(
        &app,
        &set,
        CPR_A,
        "baseline",
        "2018-02-14",
        "",
        day(2019, 3, 1),
    )
    .expect("baseline");
    record(
        &app,
        &set,
        CPR_A,
        "follow-up",
        "2019-02-20",
        "",
        day(2019, 3, 1),
    )
    .expect("follow-up");
    let mut c = app.db();
    let copied = diesel::sql_query(
        "INSERT INTO questionnaire_measurements (pool_id, municipality_code, person, kind, \
         question_set_id, measured_on, exit_reason, answers, source, recorded_at) \
         SELECT pool_id, municipality_code, person, 2, question_set_id, measured_on, 1, answers, \
         source, recorded_at FROM questionnaire_measurements WHERE kind = 1",
    )
    .execute(&mut c);
    assert!(copied.is_err(), "an exit was stored beside a follow-up");
}

#[test]
fn the_due_list_follows_the_window_in_copenhagen_months() {
    let app = spawn_app!();
    let set = set_up(&app);
    let t = day(2019, 3, 1);
    // Due 14 Feb 2019, window Jan 14 - Mar 14: due in March (still open).
    record(&app, &set, CPR_A, "baseline", "2018-02-14", "", t).expect("a");
    // Due 1 May 2018, window closed 1 June 2018: overdue.
    record(&app, &set, CPR_B, "baseline", "2017-05-01", "", t).expect("b");
    // Due 31 Mar 2019 (window opens 28 Feb): due this month too.
    record(&app, &set, "0303801234", "baseline", "2018-03-31", "", t).expect("c");
    // Due 1 Jan 2020: not yet.
    record(&app, &set, "0404801234", "baseline", "2019-01-01", "", t).expect("d");
    // Left early: nothing due.
    record(&app, &set, "0505801234", "baseline", "2018-06-01", "", t).expect("e");
    record(
        &app,
        &set,
        "0505801234",
        "exit",
        "2018-09-01",
        "uddannelse",
        t,
    )
    .expect("e exit");
    let mut c = app.db();
    let list = due::list(&mut c, POOL, HORSENS, t).expect("list");
    let p = |cpr: &str| key().pseudonymize(&Cpr::parse(cpr).expect("cpr"));
    let due_now: Vec<_> = list.due_this_month.iter().map(|r| r.person).collect();
    assert_eq!(due_now, vec![p(CPR_A), p("0303801234")]);
    assert_eq!(
        list.overdue.iter().map(|r| r.person).collect::<Vec<_>>(),
        vec![p(CPR_B)]
    );
    assert_eq!((list.not_yet, list.exited, list.baselines), (1, 1, 5));
    // The officer's counts say the same, without persons.
    let counts = due::counts(&mut c, POOL, t).expect("counts");
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (
            counts[0].due_this_month,
            counts[0].overdue,
            counts[0].exited
        ),
        (2, 1, 1)
    );
}

#[test]
fn the_monthly_reminder_goes_once_a_month_to_finance_and_caseworkers() {
    let app = spawn_app!();
    let set = set_up(&app);
    record(
        &app,
        &set,
        CPR_A,
        "baseline",
        "2018-02-14",
        "",
        day(2019, 3, 1),
    )
    .expect("a");
    let mut c = app.db();
    let march = at(2019, 3, 4);
    let first = reminders::queue_due(&mut c, march).expect("run");
    // horsens.finance and horsens.caseworker have addresses in the demo.
    assert_eq!((first.municipalities, first.queued), (1, 2));
    let again = reminders::queue_due(&mut c, march + chrono::Duration::days(3)).expect("run");
    assert_eq!(again.queued, 0);
    // April: the window closed on 14 March, so the follow-up is overdue: reminded again.
    let april = reminders::queue_due(&mut c, at(2019, 4, 2)).expect("run");
    assert_eq!(april.queued, 2);
    let dump = dump(&mut c);
    assert!(dump.contains("Spørgeramme"), "no reminder in the outbox");
}

#[test]
fn a_bad_answer_is_reported_once_at_its_own_line() {
    let app = spawn_app!();
    let set = set_up(&app);
    let good = file_of(&set, &[(CPR_A, "615", "baseline", "2018-02-14")]);
    // The first question's answer on line 2 is out of range.
    let first = &set.questions[0].code;
    let bad = good.replacen(&format!(";{first};"), &format!(";{first};x"), 1);
    let Err(entry::ImportError::Lines { problems, more }) = import(&app, Some(HORSENS), &bad)
    else {
        panic!("a bad file was imported");
    };
    assert_eq!(more, 0);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].line, problems[0].field), (2, "answer"));
}

#[test]
fn the_import_command_logs_no_cpr_number_even_at_trace() {
    let app = spawn_app!();
    let set = set_up(&app);
    let dir = tempfile::tempdir().expect("dir");
    let good = file_of(&set, &[(CPR_A, "615", "baseline", "2018-02-14")]);
    let bad = good.replacen(CPR_A, "0101909999", 1);
    for (name, text, ok) in [("bad.csv", &bad, false), ("good.csv", &good, true)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let out = crate::cli::tilskud_in(
            dir.path(),
            &[
                "import",
                "questionnaire",
                path.to_str().expect("path"),
                "--pool",
                "1",
            ],
            Some(&app.database_url),
            &[
                ("TILSKUD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY),
                ("TILSKUD_LOG", "trace"),
                ("RUST_LOG", "trace"),
            ],
        );
        let shown = format!(
            "{}{}",
            crate::cli::text(&out.stdout),
            crate::cli::text(&out.stderr)
        );
        assert_eq!(out.status.success(), ok, "{shown}");
        for digits in ["0101909999", "0101901234", "010190-1234", "010190"] {
            assert!(
                !shown.contains(digits),
                "{digits} in the output of {name}: {shown}"
            );
        }
    }
    assert_eq!(measurements(&app), 1);
}

/// A monitoring file of Horsens: `n` persons in group 1 and two in group 2, in `month`.
fn monitoring(month: &str, n: u32) -> String {
    let mut s = format!("{}\n", tilskud::domain::monitoring::file::HEADER);
    for i in 0..n {
        s.push_str(&format!(
            "{:02}0190{:04},615,{month},1,ja,nej,0,ingen\n",
            i + 1,
            1000 + i
        ));
    }
    for i in 0..2u32 {
        s.push_str(&format!(
            "{:02}0291{:04},615,{month},2,nej,nej,0,ingen\n",
            i + 1,
            2000 + i
        ));
    }
    s
}

#[test]
fn the_response_rates_count_the_persons_ever_in_group_1_and_follow_new_monitoring() {
    let app = spawn_app!();
    let set = set_up(&app);
    let officer = app.login(OFFICER);
    let (status, body) = officer.put_csv("/api/v1/monitoring", &monitoring("2018-01", 4));
    assert_eq!(status, 200, "{body}");
    record(
        &app,
        &set,
        "0101901000",
        "baseline",
        "2018-02-14",
        "",
        day(2018, 3, 1),
    )
    .expect("a");
    let mut c = app.db();
    let view = tilskud::app::questionnaire::results::results(&mut c, POOL, Some(HORSENS))
        .expect("results");
    assert_eq!((view.group1, view.results.baselines), (4, 1));
    // A later month with two more in group 1: the kept count follows the new rows.
    let (status, body) = officer.put_csv("/api/v1/monitoring", &monitoring("2018-02", 6));
    assert_eq!(status, 200, "{body}");
    for code in [Some(HORSENS), None] {
        let view =
            tilskud::app::questionnaire::results::results(&mut c, POOL, code).expect("results");
        assert_eq!(view.group1, 6, "{code:?}");
    }
    assert_eq!(
        tilskud::db::queries::questionnaire::count_group1(&mut c, HORSENS).expect("count"),
        6
    );
}
