//! Who may do what: the route table walked with every role, plus the rules a wrong entry
//! in that table must not slip past (municipal users see only their own municipality, a
//! committee member changes nothing, every write needs the session's CSRF token and must
//! come from this site).

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::Method;
use tilskud::auth::Access;
use tilskud::http::routes::RouteSpec;
use tilskud::startup::route_specs as specs;

use crate::helpers::*;
use crate::spawn_app;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Officer,
    Finance,
    Committee,
    Admin,
    Caseworker,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Officer,
    Who::Finance,
    Who::Committee,
    Who::Admin,
    Who::Caseworker,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allow,
    LogIn,
    Forbidden,
}

/// The rule book's access table, written out here rather than taken from
/// `Access::decide`, so the test and the product have to agree.
fn expected(access: Access, who: Who, code: Option<i32>) -> Expect {
    if who == Who::Anonymous {
        return if access == Access::Public {
            Expect::Allow
        } else {
            Expect::LogIn
        };
    }
    let allowed = match access {
        Access::Public | Access::Session => true,
        // The caseworker's access is the questionnaire alone.
        Access::AnyUser => who != Who::Caseworker,
        Access::Officer => who == Who::Officer,
        Access::OfficerOrAdmin => matches!(who, Who::Officer | Who::Admin),
        Access::OwnMunicipality => match who {
            Who::Officer | Who::Admin => true,
            Who::Finance | Who::Committee => code == Some(OWN_CODE),
            Who::Anonymous | Who::Caseworker => false,
        },
        Access::OwnMunicipalityAll => match who {
            Who::Officer | Who::Admin => true,
            Who::Finance | Who::Committee | Who::Caseworker => code == Some(OWN_CODE),
            Who::Anonymous => false,
        },
        Access::QuestionnaireEntry => {
            matches!(who, Who::Finance | Who::Caseworker) && code == Some(OWN_CODE)
        }
        Access::MunicipalFinance => who == Who::Finance && code == Some(OWN_CODE),
        // The municipality's own users and nobody else: not STAR, not administrators.
        Access::OwnMunicipalityOnly => {
            matches!(who, Who::Finance | Who::Committee) && code == Some(OWN_CODE)
        }
    };
    if allowed {
        Expect::Allow
    } else {
        Expect::Forbidden
    }
}

fn creds(who: Who) -> Option<(&'static str, &'static str)> {
    match who {
        Who::Anonymous => None,
        Who::Officer => Some(OFFICER),
        Who::Finance => Some(FINANCE),
        Who::Committee => Some(COMMITTEE),
        Who::Admin => Some(ADMIN),
        Who::Caseworker => Some(CASEWORKER),
    }
}

/// The concrete paths to try for a route: parameters filled in, and a `{code}` route
/// tried both with someone else's municipality and with the demo users' own.
fn concrete(spec: &RouteSpec) -> Vec<(String, Option<i32>)> {
    // The fixture's draft and PDF are on the interim account (versions, documents); the
    // claim and the settlement belong to the final account.
    let kind = if spec.path.contains("{n}") || spec.path.contains("{sha256}") {
        "interim"
    } else {
        "final"
    };
    let base = spec
        .path
        .replace("{pool}", "1")
        .replace("{id}", "1")
        .replace("{year}", "2018")
        .replace("{kind}", kind)
        .replace("{path:.*}", "app.css")
        .replace("{name}", PUBLISHED)
        .replace("{n}", "1")
        .replace("{rate}", "1")
        .replace("{sha256}", &fixture_sha())
        .replace("{file}", "years.csv");
    assert!(
        !base.replace("{code}", "").contains('{'),
        "a route parameter the access test does not know how to fill: {}",
        spec.path
    );
    if base.contains("{code}") {
        [OTHER_CODE, OWN_CODE]
            .into_iter()
            .map(|c| (base.replace("{code}", &c.to_string()), Some(c)))
            .collect()
    } else {
        vec![(base, None)]
    }
}

fn method(spec: &RouteSpec) -> Method {
    Method::from_bytes(spec.method.as_bytes()).expect("method")
}

/// A request with a harmless body: an empty form or `{}`, with the CSRF token when there
/// is a session, so that what is tested is the access decision.
fn request(
    client: &Client,
    base: &str,
    spec: &RouteSpec,
    path: &str,
    csrf: Option<&str>,
) -> RequestBuilder {
    let m = method(spec);
    let rb = client.request(m.clone(), format!("{base}{path}"));
    if m == Method::GET {
        return rb;
    }
    if spec.is_api() {
        let rb = rb.json(&serde_json::json!({}));
        match csrf {
            Some(t) => rb.header("X-CSRF-Token", t),
            None => rb,
        }
    } else {
        let fields: Vec<(&str, &str)> = csrf.map(|t| ("csrf_token", t)).into_iter().collect();
        rb.form(&fields)
    }
}

fn is_session_ending(spec: &RouteSpec) -> bool {
    matches!(
        (spec.method, spec.path),
        ("POST", "/logout") | ("DELETE", "/api/v1/session")
    )
}

/// What went wrong with one request, or nothing.
fn judge(spec: &RouteSpec, path: &str, who: Who, expect: Expect, res: Response) -> Option<String> {
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let what = format!("{} {path} as {who:?} (expected {expect:?})", spec.method);
    match expect {
        Expect::Allow => {
            if matches!(status, 401 | 403 | 404 | 405) {
                return Some(format!("{what}: got {status}"));
            }
        }
        Expect::Forbidden => {
            if status != 403 {
                return Some(format!("{what}: got {status}"));
            }
        }
        Expect::LogIn => {
            if !spec.is_api() && spec.method == "GET" {
                if status != 303 {
                    return Some(format!("{what}: got {status}, not 303 to the login page"));
                }
                let url = reqwest::Url::parse(&format!("http://x{location}")).ok();
                let next = url.as_ref().and_then(|u| {
                    u.query_pairs()
                        .find(|(k, _)| k == "next")
                        .map(|(_, v)| v.to_string())
                });
                if url.as_ref().map(|u| u.path()) != Some("/login") || next.as_deref() != Some(path)
                {
                    return Some(format!("{what}: redirected to {location:?}"));
                }
            } else if status != 401 {
                return Some(format!("{what}: got {status}, not 401"));
            }
        }
    }
    None
}

/// The file the access test publishes, so `/public/{name}` has something to serve.
const PUBLISHED: &str = "vejledning.pdf";

/// The PDF the access test attaches to both municipalities' interim accounts, so that
/// `…/versions/{n}` and `…/documents/{sha256}` have something to serve.
const FIXTURE_PDF: &[u8] = b"%PDF-1.7\n% access test\n%%EOF\n";

fn fixture_sha() -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(FIXTURE_PDF)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A draft version with the fixture PDF on each municipality's interim account.
fn account_fixtures(app: &TestApp) {
    use diesel::prelude::*;
    use tilskud::app::accounts::{self, AccountDraft, AccountKey, Upload};
    use tilskud::domain::accounts::{AccountKind, DocumentPurpose};
    let mut conn = app.db();
    for (code, username) in [
        (OWN_CODE, "horsens.finance"),
        (OTHER_CODE, "aarhus.finance"),
    ] {
        let id: i64 = tilskud::db::schema::users::table
            .filter(tilskud::db::schema::users::username.eq(username))
            .select(tilskud::db::schema::users::id)
            .first(&mut conn)
            .expect("user");
        let actor = tilskud::db::audit::Actor {
            user_id: Some(id),
            label: username.into(),
        };
        let key = AccountKey {
            pool_id: 1,
            code,
            kind: AccountKind::Interim,
        };
        let now = chrono::Utc::now().naive_utc();
        let input = AccountDraft::default().parse((2017, 2017)).expect("empty");
        accounts::save(&mut conn, &actor, now, key, &input).expect("draft");
        let upload = Upload {
            purpose: DocumentPurpose::Declaration,
            filename: "erklaering.pdf",
            bytes: FIXTURE_PDF,
        };
        accounts::attach(&mut conn, &actor, now, key, &upload, 1 << 20).expect("pdf");
    }
}

#[test]
fn every_route_in_the_table_admits_exactly_the_roles_its_access_rule_names() {
    let public = tempfile::tempdir().expect("dir");
    std::fs::write(public.path().join(PUBLISHED), "%PDF-1.4").expect("file");
    let Some(app) = TestApp::spawn_with(|c| c.public_dir = Some(public.path().into())) else {
        return;
    };
    account_fixtures(&app);
    let table = specs();
    assert!(table.len() > 40, "the whole route table is walked");
    let mut failures = Vec::new();
    let mut checked = 0;
    for who in EVERYONE {
        let session = creds(who).map(|c| app.login(c));
        let (client, csrf) = match &session {
            Some(s) => (s.client.clone(), Some(s.csrf.as_str())),
            None => (app.client(), None),
        };
        for spec in table.iter().filter(|s| !is_session_ending(s)) {
            for (path, code) in concrete(spec) {
                let expect = expected(spec.access, who, code);
                let res = request(&client, &app.base, spec, &path, csrf)
                    .send()
                    .expect("request");
                failures.extend(judge(spec, &path, who, expect, res));
                checked += 1;
            }
        }
    }
    // Ending a session last, each with a session of its own.
    for spec in table.iter().filter(|s| is_session_ending(s)) {
        for who in EVERYONE {
            let session = creds(who).map(|c| app.login(c));
            let (client, csrf) = match &session {
                Some(s) => (s.client.clone(), Some(s.csrf.as_str())),
                None => (app.client(), None),
            };
            for (path, code) in concrete(spec) {
                let expect = expected(spec.access, who, code);
                let res = request(&client, &app.base, spec, &path, csrf)
                    .send()
                    .expect("request");
                failures.extend(judge(spec, &path, who, expect, res));
                checked += 1;
            }
        }
    }
    assert!(checked > 5 * 50, "{checked} requests");
    assert!(
        failures.is_empty(),
        "{} of {checked} requests broke the access rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_route_table_grants_what_the_rule_book_says() {
    // A second, hand-written account of the sensitive entries: a wrong `Access` in the
    // route table is caught here even though the matrix above follows the table.
    let expect: &[(&str, &str, Access)] = &[
        ("GET", "/pools/new", Access::Officer),
        ("GET", "/accounts", Access::Officer),
        ("GET", "/accounts.csv", Access::Officer),
        (
            "POST",
            "/pools/{pool}/accounts/{code}/{kind}/review/approve",
            Access::Officer,
        ),
        (
            "GET",
            "/pools/{pool}/accounts/{code}/{kind}/claim",
            Access::OwnMunicipality,
        ),
        (
            "POST",
            "/pools/{pool}/accounts/{code}/{kind}/claim/write-off",
            Access::Officer,
        ),
        ("POST", "/pools", Access::Officer),
        ("POST", "/pools/{pool}", Access::Officer),
        (
            "POST",
            "/pools/{pool}/target-groups/import",
            Access::Officer,
        ),
        (
            "POST",
            "/pools/{pool}/target-groups/applied",
            Access::Officer,
        ),
        ("POST", "/pools/{pool}/allocations", Access::Officer),
        ("POST", "/allocations/{id}/approve", Access::Officer),
        (
            "GET",
            "/pools/{pool}/applications/{code}/receipt",
            Access::OwnMunicipality,
        ),
        ("GET", "/pools/{pool}/allocation", Access::AnyUser),
        ("GET", "/pools/{pool}/allocation.csv", Access::AnyUser),
        ("GET", "/pools/{pool}/allocation-excel.csv", Access::AnyUser),
        // STAR's officers find any municipality in the list; a municipality's people
        // reach only their own.
        ("GET", "/municipalities", Access::Officer),
        ("GET", "/municipalities/{code}", Access::OwnMunicipality),
        (
            "GET",
            "/api/v1/municipalities/{code}",
            Access::OwnMunicipality,
        ),
        ("GET", "/users", Access::OfficerOrAdmin),
        ("POST", "/users", Access::OfficerOrAdmin),
        ("POST", "/users/{id}", Access::OfficerOrAdmin),
        ("POST", "/api/v1/users", Access::OfficerOrAdmin),
        ("PUT", "/api/v1/users/{id}", Access::OfficerOrAdmin),
        // STAR's officers and the system administrators read the audit log.
        ("GET", "/audit", Access::OfficerOrAdmin),
        ("GET", "/api/v1/audit", Access::OfficerOrAdmin),
        ("POST", "/api/v1/allocations/{id}/approve", Access::Officer),
        ("PUT", "/api/v1/pools/{pool}/target-groups", Access::Officer),
        ("GET", "/monitoring/kpis.csv", Access::AnyUser),
        ("GET", "/monitoring/kpis.xlsx", Access::AnyUser),
        ("GET", "/monitoring/kpis-excel.csv", Access::AnyUser),
        (
            "GET",
            "/municipalities/{code}/monitoring/kpis-excel.csv",
            Access::OwnMunicipality,
        ),
        (
            "GET",
            "/municipalities/{code}/monitoring/kpis.csv",
            Access::OwnMunicipality,
        ),
        (
            "GET",
            "/municipalities/{code}/monitoring/kpis.xlsx",
            Access::OwnMunicipality,
        ),
        // A municipality's accounts: its own people and STAR read them, its finance staff
        // alone writes them.
        (
            "GET",
            "/pools/{pool}/accounts/{code}/{kind}",
            Access::OwnMunicipality,
        ),
        (
            "POST",
            "/pools/{pool}/accounts/{code}/{kind}/submit",
            Access::MunicipalFinance,
        ),
        (
            "POST",
            "/pools/{pool}/accounts/{code}/{kind}/documents",
            Access::MunicipalFinance,
        ),
        (
            "GET",
            "/pools/{pool}/accounts/{code}/{kind}/documents/{sha256}",
            Access::OwnMunicipality,
        ),
        (
            "PUT",
            "/api/v1/pools/{pool}/accounts/{code}/{kind}",
            Access::MunicipalFinance,
        ),
        // Finance acts: STAR's officers alone read and register them (not administrators,
        // not the municipalities).
        ("GET", "/finance-acts", Access::Officer),
        ("POST", "/finance-acts", Access::Officer),
        ("GET", "/finance-acts/{year}/edit", Access::Officer),
        ("POST", "/finance-acts/{year}", Access::Officer),
        ("GET", "/api/v1/finance-acts", Access::Officer),
        ("POST", "/api/v1/finance-acts", Access::Officer),
        ("PUT", "/api/v1/finance-acts/{year}", Access::Officer),
        // Rates and payouts: STAR and the municipality's own users read its rates; its
        // finance staff alone ask for one; every step that moves money is an officer's.
        (
            "GET",
            "/api/v1/pools/{pool}/municipalities/{code}/rates",
            Access::OwnMunicipality,
        ),
        (
            "POST",
            "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/request",
            Access::MunicipalFinance,
        ),
        (
            "POST",
            "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/request/documents",
            Access::MunicipalFinance,
        ),
        (
            "POST",
            "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/prepare",
            Access::Officer,
        ),
        (
            "POST",
            "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/cancel",
            Access::Officer,
        ),
        (
            "POST",
            "/api/v1/pools/{pool}/municipalities/{code}/rates/{n}/overrides",
            Access::Officer,
        ),
        ("POST", "/api/v1/rate-requests/{id}/refuse", Access::Officer),
        ("POST", "/api/v1/payouts/{id}/approve", Access::Officer),
        ("POST", "/api/v1/payouts/{id}/reject", Access::Officer),
        (
            "POST",
            "/api/v1/rate-overrides/{id}/decide",
            Access::Officer,
        ),
        ("GET", "/api/v1/pools/{pool}/payouts", Access::Officer),
        // The pool's ledger and forecast: the whole pool's money, STAR's officers alone.
        ("GET", "/pools/{pool}/ledger", Access::Officer),
        ("GET", "/pools/{pool}/ledger/{file}", Access::Officer),
        ("GET", "/api/v1/pools/{pool}/ledger", Access::Officer),
        (
            "POST",
            "/api/v1/pools/{pool}/payout-batches",
            Access::Officer,
        ),
        ("GET", "/api/v1/payout-batches/{id}", Access::Officer),
        ("GET", "/api/v1/payout-batches/{id}/csv", Access::Officer),
        ("GET", "/api/v1/payout-batches/{id}/xlsx", Access::Officer),
        ("POST", "/api/v1/payout-batches/{id}/paid", Access::Officer),
        // The questionnaire: the officer keeps the set, the window and the delivery; a
        // municipality's finance staff and caseworkers enter its measurements and see who
        // is due (by pseudonym); its results are for STAR and all its own users.
        ("GET", "/pools/{pool}/questionnaire", Access::AnyUser),
        (
            "GET",
            "/pools/{pool}/questionnaire/set.csv",
            Access::AnyUser,
        ),
        ("POST", "/pools/{pool}/questionnaire/set", Access::Officer),
        (
            "POST",
            "/pools/{pool}/questionnaire/window",
            Access::Officer,
        ),
        (
            "GET",
            "/pools/{pool}/questionnaire/results",
            Access::AnyUser,
        ),
        (
            "POST",
            "/pools/{pool}/questionnaire/delivery",
            Access::Officer,
        ),
        (
            "GET",
            "/pools/{pool}/questionnaire/{code}",
            Access::QuestionnaireEntry,
        ),
        (
            "GET",
            "/pools/{pool}/questionnaire/{code}/new",
            Access::QuestionnaireEntry,
        ),
        (
            "POST",
            "/pools/{pool}/questionnaire/{code}/measurements",
            Access::QuestionnaireEntry,
        ),
        (
            "POST",
            "/pools/{pool}/questionnaire/{code}/import",
            Access::QuestionnaireEntry,
        ),
        (
            "GET",
            "/pools/{pool}/questionnaire/{code}/results",
            Access::OwnMunicipalityAll,
        ),
        // Who is still to be assessed, by pseudonym: the municipality's own users only.
        (
            "GET",
            "/municipalities/{code}/monitoring/unassessed.csv",
            Access::OwnMunicipalityOnly,
        ),
    ];
    let table = specs();
    for (m, p, access) in expect {
        let spec = table
            .iter()
            .find(|s| s.method == *m && s.path == *p)
            .unwrap_or_else(|| panic!("{m} {p} is in the route table"));
        assert_eq!(spec.access, *access, "{m} {p}");
    }
    // Only these are open to anyone.
    let mut public: Vec<String> = table
        .iter()
        .filter(|s| s.access == Access::Public)
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    public.sort();
    assert_eq!(
        public,
        [
            "GET /api/v1/openapi.json",
            "GET /health",
            "GET /login",
            "GET /metrics",
            "GET /public/{name}",
            "GET /ready",
            "GET /static/{path:.*}",
            "POST /api/v1/session",
            "POST /login",
        ]
    );
}

#[test]
fn a_municipal_user_reads_their_own_municipality_but_not_another() {
    let app = spawn_app!();
    for who in [FINANCE, COMMITTEE] {
        let s = app.login(who);
        for path in [
            format!("/municipalities/{OTHER_CODE}"),
            format!("/api/v1/municipalities/{OTHER_CODE}"),
        ] {
            assert_eq!(s.get(&path).status(), 403, "{} on {path}", who.0);
        }
        let (status, page) = s.get_text(&format!("/municipalities/{OWN_CODE}"));
        assert_eq!(status, 200, "{} on own page", who.0);
        assert!(page.contains("Horsens"));
        let (status, json) = s.get_json(&format!("/api/v1/municipalities/{OWN_CODE}"));
        assert_eq!(status, 200, "{} on own API", who.0);
        assert_eq!(json["code"], OWN_CODE);
        assert_eq!(json["name"], "Horsens");
        // A code that is not a number is nobody's own.
        assert_eq!(s.get("/api/v1/municipalities/abc").status(), 403);
    }
    let officer = app.login(OFFICER);
    assert_eq!(
        officer
            .get(&format!("/api/v1/municipalities/{OTHER_CODE}"))
            .status(),
        200
    );
}

#[test]
fn a_committee_member_cannot_change_anything() {
    let app = spawn_app!();
    let s = app.login(COMMITTEE);
    let mut tried = 0;
    for spec in specs() {
        if spec.method == "GET"
            || matches!(
                (spec.method, spec.path),
                ("POST", "/logout")
                    | ("DELETE", "/api/v1/session")
                    | ("POST", "/login")
                    | ("POST", "/api/v1/session")
            )
        {
            continue;
        }
        for (path, _) in concrete(&spec) {
            let res = request(&s.client, &app.base, &spec, &path, Some(&s.csrf))
                .send()
                .expect("request");
            assert_eq!(res.status(), 403, "{} {path} as committee", spec.method);
            tried += 1;
        }
    }
    assert!(tried > 15, "{tried}");
    // Still logged in, and the approved allocation is still the demo's version 1.
    let (status, me) = s.get_json("/api/v1/me");
    assert_eq!(status, 200);
    assert_eq!(me["role"], "committee");
    let (_, approved) = s.get_json("/api/v1/pools/1/allocation");
    assert_eq!(approved["version_no"], 1);
}

#[test]
fn municipal_users_cannot_reach_user_management_or_the_audit_log() {
    let app = spawn_app!();
    for who in [FINANCE, COMMITTEE] {
        let s = app.login(who);
        for path in [
            "/users",
            "/users/new",
            "/users/1/edit",
            "/audit",
            "/api/v1/users",
            "/api/v1/audit",
        ] {
            assert_eq!(s.get(path).status(), 403, "{} on {path}", who.0);
        }
    }
    let admin = app.login(ADMIN);
    assert_eq!(admin.get("/api/v1/users").status(), 200);
    assert_eq!(admin.get("/api/v1/audit").status(), 200);
    // ...but administrators do not touch pools or allocations.
    assert_eq!(admin.get("/pools/new").status(), 403);
    let (status, _) = admin.send_json(
        Method::POST,
        "/api/v1/pools/1/allocations",
        &serde_json::json!({ "reason": "administrator" }),
    );
    assert_eq!(status, 403);
}

#[test]
fn only_officers_reach_the_finance_acts() {
    let app = spawn_app!();
    let pages = [
        "/finance-acts",
        "/finance-acts/2018/edit",
        "/api/v1/finance-acts",
    ];
    for who in [FINANCE, COMMITTEE, ADMIN] {
        let s = app.login(who);
        for path in pages {
            assert_eq!(s.get(path).status(), 403, "{} on {path}", who.0);
        }
        let res = s.post_form(
            "/finance-acts",
            &[
                ("year", "2020"),
                ("passed_on", "17.12.2019"),
                ("reference", "FL 2020"),
            ],
        );
        assert_eq!(res.status(), 403, "{} registers", who.0);
        let (status, _) = s.send_json(
            Method::PUT,
            "/api/v1/finance-acts/2018",
            &serde_json::json!({ "passed_on": "2017-12-19", "reference": "FL 2018" }),
        );
        assert_eq!(status, 403, "{} corrects", who.0);
    }
    let res = app
        .client()
        .get(app.url("/finance-acts"))
        .send()
        .expect("get");
    assert_eq!(res.status(), 303, "to the login page");
    let officer = app.login(OFFICER);
    for path in pages {
        assert_eq!(officer.get(path).status(), 200, "officer on {path}");
    }
}

/// The main menu's links on a page, in order.
fn menu(page: &str) -> Vec<String> {
    page.split("class=\"nav-link\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_menu_shows_each_role_exactly_the_pages_it_may_open() {
    let app = spawn_app!();
    // The questionnaire's entry leads to the pool that has a question set (pool 1).
    let officer = [
        "/pools",
        "/accounts",
        "/finance-acts",
        "/monitoring",
        "/pools/1/questionnaire",
        "/municipalities",
        "/users",
        "/audit",
        "/outbox",
    ];
    let star = [
        "/pools",
        "/monitoring",
        "/pools/1/questionnaire",
        "/users",
        "/audit",
        "/outbox",
    ];
    let own = format!("/municipalities/{OWN_CODE}");
    let municipal = [
        "/pools",
        "/monitoring",
        "/pools/1/questionnaire",
        own.as_str(),
    ];
    for (who, expected) in [
        (OFFICER, &officer[..]),
        (ADMIN, &star[..]),
        (FINANCE, &municipal[..]),
        (COMMITTEE, &municipal[..]),
    ] {
        let s = app.login(who);
        let (status, page) = s.get_text("/monitoring");
        assert_eq!(status, 200);
        let links = menu(&page);
        assert_eq!(links, expected, "{}", who.0);
        assert!(
            page.contains("class=\"active current\"><a class=\"nav-link\" href=\"/monitoring\""),
            "the current page is marked for {}",
            who.0
        );
        for link in links {
            assert_eq!(s.get(&link).status(), 200, "{} opens {link}", who.0);
        }
    }
    // The caseworker's whole menu is their municipality's questionnaire, and the front
    // page leads there.
    let s = app.login(CASEWORKER);
    let questionnaire = format!("/pools/1/questionnaire/{OWN_CODE}");
    let (status, page) = s.get_text(&questionnaire);
    assert_eq!(status, 200);
    assert_eq!(menu(&page), [questionnaire.as_str()]);
    assert!(page.contains(&format!(
        "class=\"active current\"><a class=\"nav-link\" href=\"{questionnaire}\""
    )));
    let home = s.get("/");
    assert_eq!(home.status(), 303);
    assert_eq!(
        home.headers().get("location").and_then(|v| v.to_str().ok()),
        Some(questionnaire.as_str())
    );
    // Below the questionnaire its entry is the active one, not the pools'.
    let finance = app.login(FINANCE);
    let (_, page) = finance.get_text("/pools/1/questionnaire/results");
    let active: Vec<&str> = page
        .split("<li class=\"active\"><a class=\"nav-link\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(active, ["/pools/1/questionnaire"]);
    let login = app.client().get(app.url("/login")).send().expect("login");
    assert!(
        menu(&login.text().expect("text")).is_empty(),
        "no menu before login"
    );
}

#[test]
fn every_unsafe_route_refuses_a_request_without_the_csrf_token() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    // Routes only a municipality's finance staff (or its caseworkers) may use are tried
    // by Horsens's, on Horsens's own application, so that it is the token that is refused.
    let finance = app.login(FINANCE);
    let mut tried = 0;
    for spec in specs().into_iter().filter(RouteSpec::needs_csrf) {
        let own = matches!(
            spec.access,
            Access::MunicipalFinance | Access::QuestionnaireEntry
        );
        let client = if own { &finance.client } else { &s.client };
        for (path, code) in concrete(&spec) {
            if own && code != Some(OWN_CODE) {
                continue;
            }
            for token in [None, Some("not-the-token")] {
                let res = request(client, &app.base, &spec, &path, token)
                    .send()
                    .expect("request");
                assert_eq!(
                    res.status(),
                    403,
                    "{} {path} with token {token:?}",
                    spec.method
                );
                if spec.is_api() {
                    let body: serde_json::Value = res.json().unwrap_or_default();
                    assert_eq!(body["error"], "csrf_rejected", "{} {path}", spec.method);
                }
                tried += 1;
            }
        }
    }
    assert!(tried >= 2 * 15, "{tried}");
    // The token under another header name does not count.
    let res = s
        .client
        .post(s.url("/api/v1/pools/1/allocations"))
        .header("X-Not-CSRF", &s.csrf)
        .json(&serde_json::json!({ "reason": "no token" }))
        .send()
        .expect("request");
    assert_eq!(res.status(), 403);
    // Neither logout without the token ended the session nor did anything get written.
    assert_eq!(s.get("/api/v1/me").status(), 200);
    let (_, versions) = s.get_json("/api/v1/pools/1/allocations");
    assert_eq!(versions.as_array().map(Vec::len), Some(1));
}

#[test]
fn every_unsafe_request_from_another_site_is_refused() {
    let app = spawn_app!();
    let s = app.login(OFFICER);
    let mut tried = 0;
    for spec in specs().into_iter().filter(|s| s.method != "GET") {
        for (path, _) in concrete(&spec) {
            for origin in ["https://evil.example", "null"] {
                let res = request(&s.client, &app.base, &spec, &path, Some(&s.csrf))
                    .header("Origin", origin)
                    .send()
                    .expect("request");
                assert_eq!(res.status(), 403, "{} {path} from {origin}", spec.method);
                tried += 1;
            }
        }
    }
    assert!(tried >= 2 * 17, "{tried}");
    // Not even a login with the right password (login CSRF).
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("Origin", "https://evil.example")
        .json(&serde_json::json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none(), "no session");
    // The same requests from this site are accepted.
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("Origin", &app.base)
        .json(&serde_json::json!({ "username": OFFICER.0, "password": OFFICER.1 }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 200);
    let res = s
        .client
        .post(s.url("/api/v1/pools/1/allocations"))
        .header("Origin", &app.base)
        .header("X-CSRF-Token", &s.csrf)
        .json(&serde_json::json!({ "reason": "same site" }))
        .send()
        .expect("run");
    assert_eq!(res.status(), 201);
}
