use super::*;

fn form_view(errors: Errors, person: &str, state: Person) -> FormView {
    FormView {
        trail: vec![("Spørgeramme".into(), "/pools/1/questionnaire/615".into())],
        heading: "Registrér måling".into(),
        subheading: "Horsens · spørgeramme version 1".into(),
        illustration: true,
        action: "/pools/1/questionnaire/615/measurements".into(),
        csrf: "tok".into(),
        back_href: "/pools/1/questionnaire/615".into(),
        person: person.into(),
        person_state: state,
        person_short: person.chars().take(12).collect(),
        kind: "follow-up".into(),
        kinds: vec![
            Choice {
                value: "baseline".into(),
                label: "Førstegangsmåling".into(),
            },
            Choice {
                value: "follow-up".into(),
                label: "Opfølgning".into(),
            },
        ],
        date: "2019-02-20".into(),
        exit_reason: String::new(),
        exit_reasons: vec![Choice {
            value: "job".into(),
            label: "Job".into(),
        }],
        questions: vec![
            FormQuestion {
                code: "parat".into(),
                field: "q-parat".into(),
                text: "Hvor klar føler du dig?".into(),
                required: true,
                input: Input::Radios(
                    (1..=5)
                        .map(|v| Choice {
                            value: v.to_string(),
                            label: v.to_string(),
                        })
                        .collect(),
                ),
                value: "4".into(),
                hint: None,
            },
            FormQuestion {
                code: "timer".into(),
                field: "q-timer".into(),
                text: "Hvor mange timer?".into(),
                required: false,
                input: Input::Number { min: 0, max: 37 },
                value: "12".into(),
                hint: None,
            },
        ],
        errors,
    }
}

#[test]
fn the_form_never_holds_a_cpr_value_and_keeps_everything_else() {
    let errors = vec![
        (
            "cpr".to_string(),
            "CPR-nummeret har ikke 10 cifre".to_string(),
        ),
        (
            "q-timer".to_string(),
            "Svaret skal være et helt tal".to_string(),
        ),
    ];
    let html = form(Lang::Da, &form_view(errors, "", Person::None)).into_string();
    let cpr = &html[html.find("name=\"cpr\"").unwrap()..];
    let cpr = &cpr[..cpr.find('>').unwrap()];
    assert!(!cpr.contains("value="), "{cpr}");
    assert!(cpr.contains("autocomplete=\"off\""));
    assert!(html.contains("action=\"/pools/1/questionnaire/615/measurements#fejl\""));
    // The summary names and links each field.
    assert!(html.contains("<a href=\"#cpr\">CPR-nummer: CPR-nummeret har ikke 10 cifre</a>"));
    assert!(html.contains("<a href=\"#q-timer\">Spørgsmål 2: Svaret skal være et helt tal</a>"));
    assert!(html.contains("aria-describedby=\"q-timer-hint q-timer-error\""));
    // What was chosen and typed is kept.
    assert!(
        html.contains("id=\"q-parat-4\" name=\"q-parat\" value=\"4\" checked"),
        "{html}"
    );
    assert!(html.contains("id=\"kind-2\" name=\"kind\" value=\"follow-up\" checked"));
    assert!(html.contains("value=\"2019-02-20\""));
    assert!(html.contains("min=\"0\" max=\"37\""));
    assert!(html.contains("value=\"12\""));
    // An optional question can be left unanswered without script.
    assert!(!html.contains("name=\"q-parat\" value=\"\""));
    assert!(!html.contains("name=\"person\""));
}

#[test]
fn a_cpr_number_read_before_is_kept_as_the_pseudonym_and_said_so() {
    let person = "ab".repeat(32);
    let html = form(Lang::Da, &form_view(Vec::new(), &person, Person::Received)).into_string();
    assert!(html.contains(&format!(
        "type=\"hidden\" name=\"person\" value=\"{person}\""
    )));
    assert!(html.contains("CPR-nummeret er modtaget og vises ikke igen"));
    assert!(html.contains("Udfyld kun, hvis målingen gælder en anden borger."));
    let en = form(Lang::En, &form_view(Vec::new(), &person, Person::FromList)).into_string();
    assert!(en.contains("The citizen was chosen from the list."));
}

#[test]
fn percentages_are_written_as_danes_read_them() {
    assert_eq!(percent(922, 1000), "92,2 %");
    assert_eq!(percent(1, 3), "33,3 %");
    assert_eq!(percent(2, 3), "66,7 %");
    assert_eq!(percent(0, 0), "–");
    assert_eq!(percent(15000, 10), "150.000,0 %");
}

fn entry() -> EntryPage {
    EntryPage {
        trail: Vec::new(),
        heading: "Spørgeramme: Horsens".into(),
        flash: Some("Opfølgning den 20. februar 2019 er gemt.".into()),
        version: Some(2),
        illustration: false,
        window_months: 1,
        counts: EntryCounts {
            group1: 40,
            baselines: 30,
            followed_up: 10,
            exited: 3,
            not_yet: 12,
            due_this_month: 1,
            overdue: 4,
            missing_baseline: 1,
        },
        due_this_month: vec![DueRow {
            short: "0123456789ab".into(),
            full: "0123456789ab".repeat(5) + "cdef",
            baseline: "20. februar 2018".into(),
            due: "20. februar 2019".into(),
            window: "20. januar 2019 – 20. marts 2019".into(),
            href: "/pools/1/questionnaire/615/new?person=0123&kind=follow-up".into(),
        }],
        overdue: Vec::new(),
        missing: vec![MissingRow {
            short: "fedcba987654".into(),
            full: "fedcba987654".repeat(5) + "3210",
            expected: "marts 2018".into(),
            href: "/pools/1/questionnaire/615/new?person=fedc&kind=baseline".into(),
        }],
        shown: 200,
        new_href: "/pools/1/questionnaire/615/new".into(),
        results_href: "/pools/1/questionnaire/615/results".into(),
        overview_href: None,
        import_action: "/pools/1/questionnaire/615/import".into(),
        import_problems: vec!["Linje 7, felt cpr: CPR-nummeret har ikke 10 cifre.".into()],
        csrf: "tok".into(),
    }
}

#[test]
fn the_municipality_page_links_each_person_to_the_form_and_lists_file_problems() {
    let html = entry_page(Lang::Da, &entry()).into_string();
    assert!(html.contains("title=\"0123456789ab0123456789ab"), "{html}");
    assert!(html.contains(">0123456789ab…</code>"));
    assert!(html.contains("href=\"/pools/1/questionnaire/615/new?person=0123&amp;kind=follow-up\""));
    assert!(html.contains("<li>Linje 7, felt cpr: CPR-nummeret har ikke 10 cifre.</li>"));
    assert!(html.contains("action=\"/pools/1/questionnaire/615/import?csrf_token=tok\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("Opfølgning overskredet <span class=\"count\">(4)</span>"));
}

#[test]
fn the_overview_says_when_the_set_is_an_illustration() {
    let view = Overview {
        trail: Vec::new(),
        heading: "Spørgeramme".into(),
        flash: None,
        current: Some(CurrentSet {
            version: VersionRow {
                version: 2,
                saved: "2. juni 2017 kl. 12.00".into(),
                questions: 1,
            },
            illustration: true,
            questions: vec![QuestionRow {
                code: "parat".into(),
                text: "Hvor klar?".into(),
                kind: "Skala".into(),
                required: true,
                answers: vec!["1–5 (1 = Slet ikke, 5 = Helt)".into()],
            }],
            csv_href: "/pools/1/questionnaire/set.csv".into(),
        }),
        older: vec![VersionRow {
            version: 1,
            saved: "1. juni 2017 kl. 12.00".into(),
            questions: 3,
        }],
        window_months: 1,
        results_href: "/pools/1/questionnaire/results".into(),
        own_href: None,
        own_results_href: None,
        csrf: "tok".into(),
        officer: Some(OfficerPart {
            upload_action: "/pools/1/questionnaire/set".into(),
            upload_problems: Vec::new(),
            window_action: "/pools/1/questionnaire/window".into(),
            window_value: "9".into(),
            window_errors: vec![("window_months".into(), "Skriv et helt antal".into())],
            due: vec![DueCountRow {
                name: "Horsens".into(),
                code: 615,
                baselines: 3,
                followed_up: 1,
                exited: 0,
                due_this_month: 1,
                overdue: 1,
            }],
            delivery_action: "/pools/1/questionnaire/delivery".into(),
            key_missing: true,
        }),
    };
    let html = overview(Lang::Da, &view).into_string();
    assert!(html.contains("id=\"illustration\""));
    assert!(
        html.contains("Version 2, gemt 2. juni 2017 kl. 12.00, med ét spørgsmål."),
        "{html}"
    );
    assert!(html.contains(
        "<a href=\"#window_months\">Måneder før og efter forfaldsdatoen: Skriv et helt antal</a>"
    ));
    assert!(html.contains("value=\"9\""));
    assert!(html.contains("action=\"/pools/1/questionnaire/window#fejl\""));
    assert!(html.contains("id=\"key-missing\""));
    assert!(html.contains("<th scope=\"row\">Horsens (615)</th>"));
    assert!(!html.contains("class=\"pseudonym\""));
}

#[test]
fn results_show_shares_rates_means_and_the_change() {
    let page = ResultsPage {
        trail: Vec::new(),
        heading: "Resultater".into(),
        version: Some(1),
        illustration: false,
        counts: ResultCounts {
            baselines: 83,
            follow_ups: 20,
            exits: 5,
            pairs: 25,
            group1: 90,
            municipalities: Some(2),
        },
        questions: vec![
            QuestionResult {
                code: "netvaerk".into(),
                text: "Har du nogen at tale med?".into(),
                kind: "Ja/nej".into(),
                rows: vec![
                    Distribution {
                        label: "Ja".into(),
                        chart_label: "Ja".into(),
                        baseline: 60,
                        second: 20,
                    },
                    Distribution {
                        label: "Nej".into(),
                        chart_label: "Nej".into(),
                        baseline: 23,
                        second: 5,
                    },
                ],
                answered: (83, 25),
                means: None,
                change: Some(Change::Ordered {
                    pairs: 25,
                    higher: 4,
                    same: 20,
                    lower: 1,
                    mean: "+0,12".into(),
                }),
            },
            QuestionResult {
                code: "timer".into(),
                text: "Timer".into(),
                kind: "Tal".into(),
                rows: Vec::new(),
                answered: (80, 24),
                means: Some(("10,25".into(), "14,50".into())),
                change: Some(Change::Ordered {
                    pairs: 0,
                    higher: 0,
                    same: 0,
                    lower: 0,
                    mean: "–".into(),
                }),
            },
        ],
        links: Vec::new(),
    };
    let html = results(Lang::Da, &page).into_string();
    assert!(html.contains("92,2 %"), "83 of 90: {html}");
    assert!(html.contains("27,8 %"), "25 of 90");
    assert!(html.contains("72,3 %"), "60 of 83");
    assert!(html.contains("<svg class=\"question-chart\" id=\"chart-netvaerk\""));
    assert!(html.contains("svarede 4 højere, 20 det samme og 1 lavere"));
    assert!(html.contains("Gennemsnitlig ændring: +0,12."));
    assert!(html.contains(">10,25<") && html.contains(">14,50<"));
    assert!(html.contains("Ingen borgere har besvaret spørgsmålet ved begge målinger endnu."));
    assert_eq!(html.matches("<svg class=\"question-chart\"").count(), 1);
}
