//! The per-instance read cache (`app::cache`): a page is read from memory only while the
//! data version the session check sees is the one it was read at, so no instance shows a
//! page older than a change made through any instance.

use crate::helpers::*;
use crate::spawn_app;

fn data_version(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use tilskud::db::schema::audit_head;
    audit_head::table
        .find(1)
        .select(audit_head::data_version)
        .get_result(&mut app.db())
        .expect("data version")
}

fn statements(app: &TestApp, s: &Session, page: &str) -> (u64, String) {
    let before = app.queries.get();
    let (status, body) = s.get_text(page);
    assert_eq!(status, 200, "{page}");
    (app.queries.get() - before, body)
}

fn renamed_pool(name: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", name),
        ("finance_account", "FL § 17.46.64.10"),
        ("amount", "257.000.000"),
        ("period_start", "2017-06-01"),
        ("period_end", "2019-12-31"),
        ("deadline", "2017-06-02T12:00"),
        ("auditor_threshold", "500.000"),
        ("target_group_note", ""),
        ("rate_1_share", "30"),
        ("rate_2_share", "40"),
        ("rate_2_earliest", "2018-01-01"),
        ("rate_3_share", "30"),
        ("rate_3_earliest", "2019-01-01"),
    ]
}

#[test]
fn a_change_made_through_another_instance_shows_on_the_next_page_view() {
    let a = spawn_app!();
    let b = a.spawn_beside(|_| {});
    let on_a = a.login_html(OFFICER);
    let on_b = b.login_html(OFFICER);
    for page in ["/pools/1", "/pools/1/allocation", "/pools/1/applications"] {
        statements(&a, &on_a, page);
        let (n, body) = statements(&a, &on_a, page);
        assert_eq!(n, 1, "{page}: cached after the first view");
        assert!(body.contains("Flere skal med"), "{page}");
    }
    let res = on_b.post_form("/pools/1", &renamed_pool("Flere skal med (rettet på B)"));
    assert_eq!(res.status(), 303);
    for page in ["/pools/1", "/pools/1/allocation", "/pools/1/applications"] {
        let (n, body) = statements(&a, &on_a, page);
        assert!(
            n > 1,
            "{page}: read afresh after the change, {n} statement(s)"
        );
        assert!(
            body.contains("Flere skal med (rettet på B)"),
            "{page}: {body}"
        );
        assert_eq!(statements(&a, &on_a, page).0, 1, "{page}: cached again");
    }
}

#[test]
fn logging_in_and_out_and_failed_logins_leave_the_data_version_and_the_cache_alone() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    statements(&app, &officer, "/pools/1");
    let version = data_version(&app);
    let other = app.login_html(COMMITTEE);
    let res = app
        .client()
        .post(app.url("/login"))
        .form(&[("username", "officer"), ("password", "wrong")])
        .send()
        .expect("login");
    assert_ne!(res.status(), 303, "the wrong password logs no one in");
    let res = other.post_form("/logout", &[]);
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(data_version(&app), version);
    assert_eq!(statements(&app, &officer, "/pools/1").0, 1);
}

#[test]
fn every_audited_change_raises_the_data_version() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    let before = data_version(&app);
    let res = officer.post_form("/pools/1", &renamed_pool("Flere skal med (rettet)"));
    assert_eq!(res.status(), 303);
    assert_eq!(data_version(&app), before + 1);
}
