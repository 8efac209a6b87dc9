use super::*;
use crate::i18n::Lang;

fn render(m: Markup) -> String {
    m.into_string()
}

#[test]
fn text_field_ties_label_hint_and_error_to_the_input() {
    let spec = FieldSpec::new(Lang::Da, "amount", "Beløb")
        .value("1000")
        .hint("I hele kroner")
        .error(Some("Beløbet skal være positivt".into()))
        .inputmode("numeric")
        .required();
    let html = render(text_field(&spec));
    assert!(
        html.contains(r#"<div class="form-group form-error">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label class="form-label" for="amount">Beløb</label>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="form-hint" id="amount-hint">I hele kroner</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="amount-error""#), "{html}");
    assert!(
        html.contains(r#"<span class="sr-only">Fejl: </span>Beløbet skal være positivt"#),
        "{html}"
    );
    assert!(html.contains(r#"id="amount" name="amount""#), "{html}");
    assert!(
        html.contains(r#"aria-describedby="amount-hint amount-error""#),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#), "{html}");
    assert!(html.contains(r#"value="1000""#), "{html}");
    assert!(html.contains(" required"), "{html}");
    assert!(html.contains(r#"inputmode="numeric""#), "{html}");
}

#[test]
fn a_valid_optional_field_has_no_error_attributes() {
    let html = render(text_field(&FieldSpec::new(Lang::En, "q", "Search")));
    assert!(html.contains(r#"<div class="form-group">"#), "{html}");
    assert!(!html.contains("aria-invalid"), "{html}");
    assert!(!html.contains("aria-describedby"), "{html}");
    assert!(!html.contains("required"), "{html}");
    assert!(!html.contains("value="), "{html}");
    assert!(html.contains(r#"type="text""#), "{html}");
}

#[test]
fn field_values_and_labels_are_escaped() {
    let spec =
        FieldSpec::new(Lang::Da, "name", "<b>Navn</b>").value(r#""><script>alert(1)</script>"#);
    let html = render(text_field(&spec));
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains("&quot;&gt;&lt;script&gt;"), "{html}");
}

#[test]
fn passwords_are_never_echoed_back() {
    let spec = FieldSpec::new(Lang::Da, "password", "Adgangskode")
        .input_type("password")
        .autocomplete("current-password")
        .value("hunter2");
    let html = render(text_field(&spec));
    assert!(!html.contains("hunter2"), "{html}");
    assert!(html.contains(r#"type="password""#), "{html}");
    assert!(
        html.contains(r#"autocomplete="current-password""#),
        "{html}"
    );
}

#[test]
fn english_fields_prefix_errors_in_english() {
    let spec = FieldSpec::new(Lang::En, "x", "X").error(Some("Required".into()));
    assert!(render(text_field(&spec)).contains("Error: </span>Required"));
}

#[test]
fn select_marks_the_chosen_option_and_offers_a_placeholder() {
    let spec = SelectSpec::new(Lang::Da, "role", "Rolle")
        .options([
            ("officer", "Fuldmægtig (STAR)"),
            ("finance", "Økonomimedarbejder"),
        ])
        .selected(Some("finance".into()))
        .placeholder()
        .error(Some("Vælg en rolle".into()));
    let html = render(select_field(&spec));
    assert!(
        html.contains(r#"<label class="form-label" for="role">Rolle</label>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<select class="form-select" id="role" name="role""#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="">Vælg</option>"#), "{html}");
    assert!(
        html.contains(r#"<option value="finance" selected>Økonomimedarbejder</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="officer">"#), "{html}");
    assert!(html.contains(r#"aria-describedby="role-error""#), "{html}");
}

#[test]
fn checkbox_label_follows_the_input_and_errors_wrap_it() {
    let spec = CheckboxSpec::new(Lang::Da, "confirm", "Jeg bekræfter").checked(true);
    let html = render(checkbox(&spec));
    assert!(
        html.starts_with(r#"<div class="form-group-checkbox">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<input type="checkbox" id="confirm" name="confirm" value="on" class="form-checkbox" checked>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label class="form-label" for="confirm">Jeg bekræfter</label>"#),
        "{html}"
    );

    let html = render(checkbox(&spec.clone().error(Some("Skal bekræftes".into()))));
    assert!(
        html.starts_with(r#"<div class="form-group form-error">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-describedby="confirm-error""#),
        "{html}"
    );
}

#[test]
fn error_summary_links_each_message_to_its_field() {
    let html = render(error_summary(
        Lang::Da,
        &[("amount", "Angiv et beløb"), ("pool", "Vælg en pulje")],
    ));
    assert!(html.contains(r#"data-module="error-summary""#), "{html}");
    assert!(html.contains(r#"role="alert""#), "{html}");
    assert!(html.contains(r#"tabindex="-1""#), "{html}");
    assert!(html.contains(">Der er problemer</h2>"), "{html}");
    assert!(
        html.contains(r##"<a href="#amount">Angiv et beløb</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="#pool">Vælg en pulje</a>"##),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="Fejl""#), "{html}");

    let owned: Vec<(String, String)> = vec![("a".into(), "b".into())];
    assert!(render(error_summary(Lang::En, &owned)).contains("There is a problem"));
    let none: [(&str, &str); 0] = [];
    assert_eq!(render(error_summary(Lang::Da, &none)), "");
}

#[test]
fn alerts_use_dkfds_classes_and_only_interrupt_for_problems() {
    let html = render(alert(
        AlertKind::Success,
        Some("Gemt"),
        html! { "Puljen er oprettet." },
    ));
    assert!(html.contains(r#"class="alert alert-success""#), "{html}");
    assert!(!html.contains("role="), "{html}");
    assert!(
        html.contains(r#"<p class="alert-heading">Gemt</p>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<div class="alert-text">Puljen er oprettet.</div>"#),
        "{html}"
    );
    assert!(html.contains("all-svg-icons.svg?v="), "{html}");
    assert!(html.contains("#success\""), "{html}");

    let html = render(alert(AlertKind::Error, None, html! { "x" }));
    assert!(html.contains(r#"role="alert""#), "{html}");
    assert!(!html.contains("alert-heading"), "{html}");
    assert!(render(alert(AlertKind::Warning, None, html! {})).contains(r#"role="alert""#));
    assert!(render(alert(AlertKind::Info, None, html! {})).contains("alert-info"));
}

#[test]
fn csrf_field_is_a_hidden_input_named_csrf_token() {
    assert_eq!(
        render(csrf_field("abc\"123")),
        r#"<input type="hidden" name="csrf_token" value="abc&quot;123">"#
    );
}

#[test]
fn buttons_submit_and_link_buttons_navigate() {
    assert_eq!(
        render(button(ButtonKind::Primary, "Gem")),
        r#"<button type="submit" class="button button-primary">Gem</button>"#
    );
    assert!(render(button(ButtonKind::Secondary, "Annullér")).contains("button-secondary"));
    assert!(render(button_named(
        ButtonKind::Warning,
        "Afvis",
        "action",
        "reject"
    ))
    .contains(r#"class="button button-warning" name="action" value="reject""#));
    assert_eq!(
        render(link_button(ButtonKind::Tertiary, "Tilbage", "/pools")),
        r#"<a class="button button-tertiary" href="/pools">Tilbage</a>"#
    );
    assert!(
        render(link_button(ButtonKind::Tertiary, "x", "//evil.example")).contains(r#"href="/""#)
    );
}

#[test]
fn step_indicator_marks_done_current_later_and_failed_steps() {
    let html = render(step_indicator(
        Lang::Da,
        &[
            ("Ansøgning", StepState::Done),
            ("Fordeling", StepState::Current),
            ("Udbetaling", StepState::Todo),
            ("Regnskab", StepState::Error),
        ],
    ));
    assert!(
        html.starts_with(r#"<ol class="step-indicator" aria-label="Trin">"#),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="Trin 1 gennemført""#), "{html}");
    assert!(
        html.contains(r#"<li class="current"><div class="step" aria-current="step">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="step-number"><span>2</span></span>"#),
        "{html}"
    );
    assert!(html.contains(r#"<li class="disabled">"#), "{html}");
    assert!(html.contains(r#"<li class="error">"#), "{html}");
    assert!(html.contains(r#"aria-label="Fejl i trin 4""#), "{html}");
    assert!(
        html.contains(r#"<span class="step-title">Fordeling</span>"#),
        "{html}"
    );
    assert_eq!(html.matches("aria-current").count(), 1, "{html}");
}

#[test]
fn sortable_header_toggles_direction_and_reports_aria_sort() {
    let current = SortState::new("name", SortDir::Asc);
    let html = render(sortable_th("Navn", "name", &current, "/pools?q=x&page=3"));
    assert!(
        html.starts_with(r#"<th scope="col" aria-sort="ascending">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/pools?q=x&amp;sort=name&amp;dir=desc""#),
        "{html}"
    );
    assert!(html.contains("sort-table-ascending"), "{html}");

    let html = render(sortable_th(
        "Beløb",
        "amount",
        &current,
        "/pools?sort=name&dir=asc",
    ));
    assert!(!html.contains("aria-sort"), "{html}");
    assert!(
        html.contains(r#"href="/pools?sort=amount&amp;dir=asc""#),
        "{html}"
    );
    assert!(html.contains("sort-table-none"), "{html}");

    let desc = SortState::new("amount", SortDir::Desc);
    let html = render(sortable_th_num("Beløb", "amount", &desc, "/pools"));
    assert!(
        html.starts_with(r#"<th scope="col" class="num" aria-sort="descending">"#),
        "{html}"
    );
    assert!(html.contains("dir=asc"), "{html}");
}

#[test]
fn sort_state_from_query_only_accepts_known_columns() {
    let default = SortState::new("name", SortDir::Asc);
    let allowed = ["name", "amount"];
    assert_eq!(
        SortState::from_query(Some("amount"), Some("desc"), &allowed, default.clone()),
        SortState::new("amount", SortDir::Desc)
    );
    assert_eq!(
        SortState::from_query(Some("amount"), Some("sideways"), &allowed, default.clone()),
        SortState::new("amount", SortDir::Asc)
    );
    assert_eq!(
        SortState::from_query(Some("password"), Some("desc"), &allowed, default.clone()),
        default
    );
    assert_eq!(
        SortState::from_query(None, None, &allowed, default.clone()),
        default
    );
}

#[test]
fn data_table_has_caption_and_a_named_scroll_region() {
    let html = render(data_table(
        Lang::Da,
        "Puljer",
        html! { tr { th scope="col" { "Navn" } } },
        html! { tr { td { "A" } } },
    ));
    assert!(html.contains(r#"<div class="table--responsive-scroll" tabindex="0" role="region" aria-label="Puljer (kan rulles vandret)">"#), "{html}");
    assert!(html.contains(r#"<table class="table table--zebra"><caption>Puljer</caption><thead><tr><th scope="col">Navn</th></tr></thead><tbody>"#), "{html}");
}

#[test]
fn pagination_links_keep_filters_and_mark_the_current_page() {
    let html = render(pagination(Lang::Da, 10, 20, "/audit?user=7&page=10"));
    assert!(
        html.starts_with(r#"<nav class="pagination" aria-label="Sidenavigation">"#),
        "{html}"
    );
    assert!(
        html.contains(
            r#"href="/audit?user=7&amp;page=10" aria-label="Side 10" aria-current="page""#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/audit?user=7&amp;page=9""#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/audit?user=7&amp;page=11""#),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-label="Sidste side, side 20""#),
        "{html}"
    );
    assert!(html.contains("Side 10 af 20"), "{html}");
    assert!(!html.contains(" hidden"), "{html}");
    assert_eq!(html.matches("aria-current").count(), 1, "{html}");

    let first = render(pagination(Lang::En, 1, 3, "/audit"));
    assert!(first.contains("button-first hidden"), "{first}");
    assert!(first.contains("Page 1 of 3"), "{first}");
    assert_eq!(render(pagination(Lang::Da, 1, 1, "/audit")), "");
    assert!(render(pagination(Lang::Da, 99, 3, "/audit")).contains("Side 3 af 3"));
}

#[test]
fn a_multiline_field_is_a_textarea_keeping_its_text_escaped() {
    let html = text_field(
        &FieldSpec::new(Lang::Da, "reason", "Begrundelse")
            .multiline()
            .value("Vi <trækker> os"),
    )
    .into_string();
    assert!(
        html.contains(r#"<textarea id="reason" name="reason" class="form-input" rows="4">"#),
        "{html}"
    );
    assert!(html.contains("Vi &lt;trækker&gt; os</textarea>"), "{html}");
    assert!(!html.contains("<input"), "{html}");
}
