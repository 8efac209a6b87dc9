//! Pools: create and edit with validation, target-group import, applicants.

use crate::helpers::*;
use crate::spawn_app;

#[test]
fn officer_creates_a_pool_and_sees_it_listed() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form(
        "/pools",
        &[
            ("name", "Flere skal med 2"),
            ("finance_account", "FL § 17.46.64.20"),
            ("amount", "55.000.000"),
            ("period_start", "2019-12-01"),
            ("period_end", "2021-12-31"),
            ("deadline", "2019-10-01T12:00"),
            ("auditor_threshold", "500000"),
            ("rate_1_share", "30"),
            ("rate_2_share", "40"),
            ("rate_2_earliest", "2020-01-01"),
            ("rate_3_share", "30"),
            ("rate_3_earliest", "2021-01-01"),
        ],
    );
    assert_eq!(res.status(), 303);
    let (status, page) = s.get_text("/pools");
    assert_eq!(status, 200);
    assert!(page.contains("Flere skal med 2"));
    assert!(page.contains("55.000.000 kr."));
}

#[test]
fn a_negative_amount_is_refused_with_the_field_named_and_input_kept() {
    let app = spawn_app!();
    let s = app.login_html(OFFICER);
    let res = s.post_form(
        "/pools",
        &[
            ("name", "Ny pulje"),
            ("finance_account", "FL § 1"),
            ("amount", "-5.000"),
            ("period_start", "2019-12-01"),
            ("period_end", "2021-12-31"),
            ("deadline", "2019-10-01T12:00"),
            ("auditor_threshold", "500000"),
            ("rate_1_share", "100"),
        ],
    );
    assert_eq!(res.status(), 422);
    let page = res.text().expect("text");
    assert!(page.contains("Beløbet må ikke være negativt"), "{page}");
    assert!(page.contains("value=\"Ny pulje\""), "other input kept");
    let (_, pools) = s.get_json("/api/v1/pools");
    assert_eq!(pools.as_array().map(Vec::len), Some(1), "nothing written");
}
