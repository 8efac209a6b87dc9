//! The officers' list of municipalities (`/municipalities`): every municipality's page
//! and monitoring within reach, found by name or code, on the page and over the API.

use crate::helpers::*;
use crate::spawn_app;

/// The municipality names in the list's table, in order.
fn names(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/municipalities/")
        .skip(1)
        .filter_map(|s| {
            let end = s.find("\">")?;
            if s[..end].contains('/') {
                return None; // the monitoring link
            }
            let s = &s[end + 2..];
            Some(s[..s.find("</a>")?].to_string())
        })
        .collect()
}

#[test]
fn officers_find_every_municipality_by_name_or_code_and_reach_its_pages() {
    let app = spawn_app!();
    let officer = app.login_html(OFFICER);
    let (status, page) = officer.get_text("/municipalities");
    assert_eq!(status, 200);
    let all = names(&page);
    assert_eq!(all.len(), 98, "{page}");
    assert_eq!(all.first().map(String::as_str), Some("Albertslund"));
    assert_eq!(
        all.last().map(String::as_str),
        Some("Aarhus"),
        "Danish order: Aa as Å, last"
    );
    assert!(page.contains("Viser 98 af 98 kommuner"));
    assert!(page.contains("<title>Kommuner"), "the page's title");
    assert!(
        page.contains("href=\"/municipalities\" aria-current=\"page\""),
        "the menu leads here"
    );

    for (query, expected) in [
        ("horsens", vec!["Horsens"]),
        ("615", vec!["Horsens"]),
        ("Århus", vec!["Aarhus"]),
        ("høje taastrup", vec!["Høje-Taastrup"]),
    ] {
        let (status, page) = officer.get_text(&format!("/municipalities?q={}", urlencoding(query)));
        assert_eq!(status, 200, "{query}");
        assert_eq!(names(&page), expected, "{query}");
        assert!(page.contains("Viser 1 af 98 kommuner"), "{query}");
        assert!(
            page.contains("Vis alle kommuner"),
            "{query}: the way back to all"
        );
    }
    let (_, page) = officer.get_text("/municipalities?q=615");
    assert!(page.contains("href=\"/municipalities/615\""));
    assert!(page.contains("href=\"/municipalities/615/monitoring\""));
    assert!(
        page.contains("value=\"615\""),
        "the search is kept in its field"
    );

    let (_, page) = officer.get_text("/municipalities?q=Gotham");
    assert!(names(&page).is_empty());
    assert!(page.contains("Ingen kommune passer på »Gotham«"), "{page}");
    assert!(page.contains("value=\"Gotham\""));

    // The pages it leads to open for the officer, under the same menu entry.
    for target in ["/municipalities/615", "/municipalities/615/monitoring"] {
        let (status, page) = officer.get_text(target);
        assert_eq!(status, 200, "{target}");
        assert!(
            page.contains("href=\"/municipalities\" aria-current=\"true\""),
            "{target}"
        );
    }
}

#[test]
fn municipal_users_keep_to_their_own_municipality() {
    let app = spawn_app!();
    for who in [FINANCE, COMMITTEE] {
        let s = app.login_html(who);
        assert_eq!(s.get("/municipalities").status(), 403, "{}", who.0);
        let (_, page) = s.get_text("/municipalities/615");
        assert!(
            !page.contains("href=\"/municipalities\""),
            "{}: no menu entry for the list",
            who.0
        );
    }
}

#[test]
fn the_api_searches_the_same_way() {
    let app = spawn_app!();
    let officer = app.login(OFFICER);
    let (status, all) = officer.get_json("/api/v1/municipalities");
    assert_eq!(status, 200);
    assert_eq!(all.as_array().map(Vec::len), Some(98));
    let (status, found) = officer.get_json("/api/v1/municipalities?q=%C3%A5rhus");
    assert_eq!(status, 200);
    assert_eq!(found[0]["code"], 751, "{found}");
    assert_eq!(found.as_array().map(Vec::len), Some(1));
}

fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .expect("encode")
}
