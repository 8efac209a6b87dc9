//! Accessibility, checked in a real browser: axe-core (vendored in `tests/vendor/axe-core`,
//! never served by the app) runs in headless Chromium on every page each role reaches,
//! found by following the links from the role's start page, plus the pages its forms
//! answer with when sent empty, once at 1366 px and once at 390 px wide. A `serious` or
//! `critical` violation fails the test with its page, rule, help text and the first
//! elements it found; so does a page wider than the window (WCAG 1.4.10, reflow).
//!
//! Also the screenshots of each role's main page at both widths: into `docs/images` when
//! `TILSKUD_SCREENSHOTS=refresh`, else into `target/screenshots` to compare by eye.
//!
//! Skipped with a message when ChromeDriver is not installed, except in CI.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::Instant;

use fantoccini::{Client, Locator};
use reqwest::Url;
use serde_json::{json, Value};

use crate::browser::{click_and_wait, driver_or_skip, login, park_mouse, runtime, session, Driver};
use crate::helpers::*;
use crate::spawn_app;

/// axe-core's browser build, injected into each page by WebDriver.
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// Pages checked per role at most.
const MAX_PAGES: usize = 80;
/// Pages checked per route pattern (`/municipalities/{n}`): the same template with other
/// data rarely breaks differently, and 98 municipality pages would take minutes.
const PER_PATTERN: usize = 2;

const WIDE: u32 = 1366;
const NARROW: u32 = 390;
const HEIGHT: u32 = 900;

struct Role {
    name: &'static str,
    user: Option<(&'static str, &'static str)>,
    start: &'static str,
    /// Forms sent as they are, mostly empty, for the page with their error summary (or
    /// their answer), as (page, button label).
    forms: &'static [(&'static str, &'static str)],
}

const ROLES: [Role; 6] = [
    Role {
        name: "anonymous",
        user: None,
        start: "/login",
        forms: &[("/login", "Log ind")],
    },
    Role {
        name: "officer",
        user: Some(OFFICER),
        start: "/",
        forms: &[
            ("/pools/new", "Gem"),
            ("/pools/1", "Beregn ny version"),
            ("/pools/1/ledger", "Vis prognosen"),
            ("/finance-acts", "Registrér finansloven"),
            ("/users/new", "Gem"),
        ],
    },
    Role {
        name: "finance",
        user: Some(FINANCE),
        start: "/",
        forms: &[("/pools/2/applications/615", "Indsend ansøgning")],
    },
    Role {
        name: "committee",
        user: Some(COMMITTEE),
        start: "/",
        forms: &[],
    },
    Role {
        name: "admin",
        user: Some(ADMIN),
        start: "/",
        forms: &[("/users/new", "Gem")],
    },
    Role {
        name: "caseworker",
        user: Some(CASEWORKER),
        start: "/",
        forms: &[("/pools/1/questionnaire/615/new", "Gem måling")],
    },
];

/// What the pages of one run broke.
#[derive(Default)]
struct Findings {
    violations: Vec<Violation>,
    /// Pages wider than the window: (role, page, width in px).
    too_wide: Vec<(&'static str, String, u64)>,
}

/// One axe rule broken on one page.
struct Violation {
    role: &'static str,
    page: String,
    rule: String,
    impact: String,
    help: String,
    /// The first few elements, as CSS selectors.
    targets: Vec<String>,
    nodes: usize,
}

/// One browser, one app: both widths in turn (in parallel, on two cores, they took
/// longer than one after the other).
#[test]
fn every_page_of_every_role_passes_axe_at_1366_and_390_px() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let app = spawn_app!();
    upload_monitoring(&app);
    questionnaire_set(&app);
    let downloads = tempfile::tempdir().expect("download dir");
    let base = Url::parse(&app.base).expect("base url");
    runtime().block_on(async {
        let started = Instant::now();
        let c = session(&driver, downloads.path()).await;
        // Loaded into every page as it opens: once through ChromeDriver, not per page.
        devtools(
            &driver,
            &c,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": AXE }),
        )
        .await;
        let mut found = Findings::default();
        for width in [WIDE, NARROW] {
            set_viewport(&driver, &c, width, HEIGHT).await;
            for role in &ROLES {
                let role_started = Instant::now();
                c.delete_all_cookies().await.expect("delete cookies");
                if let Some(user) = role.user {
                    login(&c, base.as_str().trim_end_matches('/'), user).await;
                }
                let mut visited = crawl(&c, &base, width, role, &mut found).await;
                visited.extend(send_forms(&c, &base, width, role, &mut found).await);
                eprintln!(
                    "a11y {width} px, {}: {} pages in {:.1?}: {}",
                    role.name,
                    visited.len(),
                    role_started.elapsed(),
                    visited.join(" ")
                );
            }
        }
        c.close().await.expect("close session");
        eprintln!("a11y took {:.1?}", started.elapsed());
        // Reflow (WCAG 1.4.10): a wide table scrolls sideways in its own region, the page
        // itself never does.
        let too_wide: Vec<String> = found
            .too_wide
            .iter()
            .map(|(role, page, px)| format!("- {page} ({role}): {px} px wide"))
            .collect();
        assert!(
            found.violations.is_empty() && too_wide.is_empty(),
            "{} serious or critical accessibility violations:\n{}\n\
             {} pages wider than the window:\n{}",
            found.violations.len(),
            report(&found.violations),
            too_wide.len(),
            too_wide.join("\n")
        );
    });
}

/// Visits `role`'s pages breadth-first from its start page and runs axe on each; returns
/// the paths visited.
async fn crawl(
    c: &Client,
    base: &Url,
    width: u32,
    role: &Role,
    found: &mut Findings,
) -> Vec<String> {
    let mut queue = VecDeque::from([base.join(role.start).expect("start url")]);
    let mut seen: HashSet<String> = HashSet::new();
    let mut per_pattern: HashMap<String, usize> = HashMap::new();
    let mut visited = Vec::new();
    seen.insert(page_key(&queue[0]));
    per_pattern.insert(pattern(&queue[0]), 1);
    while let Some(url) = queue.pop_front() {
        if visited.len() >= MAX_PAGES {
            break;
        }
        c.goto(url.as_str()).await.expect("visit page");
        // A redirect (`/` to `/pools`) lands on a page that may be queued or seen already.
        let here = c.current_url().await.expect("url");
        let key = page_key(&here);
        if here != url {
            if !seen.insert(key.clone()) {
                continue;
            }
            *per_pattern.entry(pattern(&here)).or_default() += 1;
        }
        visited.push(key.clone());

        check_page(c, width, role.name, &key, found).await;

        let links = c
            .execute(
                "return Array.from(document.querySelectorAll('a[href]:not([download])'), a => a.href)",
                vec![],
            )
            .await
            .expect("links");
        for href in links
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let Some(link) = worth_visiting(base, href) else {
                continue;
            };
            // Counted when queued, so the many links of one pattern queue only a few.
            let of_pattern = per_pattern.entry(pattern(&link)).or_default();
            if *of_pattern < PER_PATTERN && seen.insert(page_key(&link)) {
                *of_pattern += 1;
                queue.push_back(link);
            }
        }
    }
    visited
}

/// The pages a role sees after sending its forms as they are (most are refused, with
/// their error summary), and the page for an address that does not exist; returns what
/// was checked.
async fn send_forms(
    c: &Client,
    base: &Url,
    width: u32,
    role: &Role,
    found: &mut Findings,
) -> Vec<String> {
    let mut checked = Vec::new();
    for (path, label) in role.forms {
        c.goto(base.join(path).expect("url").as_str())
            .await
            .expect("form page");
        let button = format!("//main//button[@type='submit' and normalize-space(.)='{label}']");
        click_and_wait(c, Locator::XPath(&button)).await;
        let page = format!("{path} sent as it is ({label})");
        check_page(c, width, role.name, &page, found).await;
        checked.push(page);
    }
    let missing = "/pools/999999";
    c.goto(base.join(missing).expect("url").as_str())
        .await
        .expect("missing page");
    check_page(c, width, role.name, missing, found).await;
    checked.push(missing.into());
    checked
}

/// Runs axe on the current page and measures it against the window.
async fn check_page(c: &Client, width: u32, role: &'static str, page: &str, found: &mut Findings) {
    let page = format!("{page} at {width} px");
    for v in run_axe(c).await {
        found.violations.push(Violation {
            role,
            page: page.clone(),
            ..v
        });
    }
    // The layout viewport (the window less a desktop scroll bar) and what the page needs.
    let widths = c
        .execute(
            "return [document.documentElement.clientWidth, document.documentElement.scrollWidth]",
            vec![],
        )
        .await
        .expect("page width");
    let (client, scroll) = (widths[0].as_u64().unwrap_or(0), widths[1].as_u64());
    assert!(
        (u64::from(width) - 20..=u64::from(width)).contains(&client),
        "the viewport of {page} is {client} px wide, not {width} px"
    );
    if let Some(scroll) = scroll.filter(|s| *s > client) {
        found.too_wide.push((role, page, scroll));
    }
}

/// Monitoring for Horsens and Aarhus, August 2017 – July 2018, uploaded by the officer:
/// the tests' demo has none, and the monitoring pages' tables and figures are checked
/// with data in them.
fn upload_monitoring(app: &TestApp) {
    use tilskud::domain::monitoring::file::{demo_rows, HEADER};
    use tilskud::domain::monitoring::Month;
    use tilskud::domain::municipality::MunicipalityCode;
    let code = |c: &str| MunicipalityCode::parse(c).expect("code");
    let municipalities = [(code("615"), 320), (code("751"), 300)];
    let mut months = vec![Month::new(2017, 8).expect("month")];
    while months.len() < 12 {
        months.push(months[months.len() - 1].next());
    }
    let mut text = format!("{HEADER}\n");
    for line in demo_rows(7, &municipalities, &months) {
        text.push_str(&line);
        text.push('\n');
    }
    let s = app.login_html(OFFICER);
    let part = reqwest::blocking::multipart::Part::bytes(text.into_bytes())
        .file_name("monitorering.csv")
        .mime_str("text/csv")
        .expect("mime");
    let form = reqwest::blocking::multipart::Form::new().part("file", part);
    let res = s
        .client
        .post(s.url(&format!("/monitoring/upload?csrf_token={}", s.csrf)))
        .multipart(form)
        .send()
        .expect("upload");
    assert_eq!(res.status().as_u16(), 303, "monitoring upload");
}

/// The demo's question set on pool 1: the tests' demo has none, and the questionnaire's
/// pages are checked with their questions, forms and charts.
fn questionnaire_set(app: &TestApp) {
    let now = chrono::Utc::now().naive_utc();
    tilskud::app::questionnaire::save_set(
        &mut app.db(),
        &tilskud::db::audit::Actor::system("a11y"),
        now,
        1,
        &tilskud::domain::questionnaire::set::illustration(),
        true,
    )
    .expect("question set");
}

/// A same-origin page worth checking, without its fragment; `None` for downloads, the
/// language switch, logout, static files and other sites.
fn worth_visiting(base: &Url, href: &str) -> Option<Url> {
    let mut url = Url::parse(href).ok()?;
    if url.origin() != base.origin() {
        return None;
    }
    url.set_fragment(None);
    if url.query_pairs().any(|(k, _)| k == "lang") {
        return None;
    }
    let path = url.path();
    let last = path.rsplit('/').next().unwrap_or("");
    let download = [".csv", ".xlsx", ".pdf", ".json", ".zip", ".txt"]
        .iter()
        .any(|ext| last.ends_with(ext))
        || matches!(last, "csv" | "xlsx" | "pdf");
    let skipped = ["/static/", "/public/", "/api/", "/logout"]
        .iter()
        .any(|p| path.starts_with(p))
        // The ledger's files and an account's uploaded documents are downloads.
        || path.contains("/ledger/")
        || path.contains("/documents/");
    (!download && !skipped).then_some(url)
}

/// The path and query: one page.
fn page_key(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// The route a page belongs to: numbers and hashes in the path stand for any, and the
/// query counts by its parameter names (`/municipalities/{}?sort`).
fn pattern(url: &Url) -> String {
    let path: Vec<&str> = url
        .path()
        .split('/')
        .map(|seg| {
            let is_id = !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit());
            let is_hash = seg.len() >= 32 && seg.bytes().all(|b| b.is_ascii_hexdigit());
            if is_id || is_hash {
                "{}"
            } else {
                seg
            }
        })
        .collect();
    let params: BTreeSet<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    let params: Vec<String> = params.into_iter().collect();
    format!("{}?{}", path.join("/"), params.join("&"))
}

/// Runs axe (loaded with the page) on the current page and returns its serious and
/// critical violations.
async fn run_axe(c: &Client) -> Vec<Violation> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        if (typeof axe === 'undefined') { done({ error: 'axe-core is not loaded' }); return; }
        axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({
                    rule: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.length,
                    targets: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
                }))))
            .catch(e => done({ error: String(e) }));
    "#;
    let result = c.execute_async(script, vec![]).await.expect("run axe");
    if let Some(err) = result.get("error") {
        panic!("axe failed: {err}");
    }
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    result
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| Violation {
            role: "",
            page: String::new(),
            rule: text(v, "rule"),
            impact: text(v, "impact"),
            help: text(v, "help"),
            targets: v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            nodes: v["nodes"].as_u64().unwrap_or(0) as usize,
        })
        .collect()
}

fn report(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| {
            let more = v.nodes.saturating_sub(v.targets.len());
            let more = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            format!(
                "- {} ({}): {} [{}] {}\n    {}{more}",
                v.page,
                v.role,
                v.rule,
                v.impact,
                v.help,
                v.targets.join(" | ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Makes the page's viewport `width` × `height` CSS pixels, as a phone's below 600 px.
/// Chrome keeps a window at least 500 px wide, so the viewport is emulated; it holds
/// across navigations.
async fn set_viewport(driver: &Driver, c: &Client, width: u32, height: u32) {
    let params = json!({
        "width": width,
        "height": height,
        "deviceScaleFactor": 1,
        "mobile": width < 600,
    });
    devtools(driver, c, "Emulation.setDeviceMetricsOverride", params).await;
}

/// Sends a DevTools protocol command to the session's page through ChromeDriver
/// (`goog/cdp/execute`).
async fn devtools(driver: &Driver, c: &Client, cmd: &str, params: Value) -> Value {
    let session = c
        .session_id()
        .await
        .expect("session id")
        .expect("a session");
    let response = reqwest::Client::new()
        .post(format!("{}/session/{session}/goog/cdp/execute", driver.url))
        .json(&json!({ "cmd": cmd, "params": params }))
        .send()
        .await
        .expect("DevTools command");
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    assert!(status.is_success(), "{cmd}: {status} {body}");
    body
}

/// Where a main-page screenshot goes: as every docs screenshot
/// (`browser::docs_image_path`), the committed `docs/images` only on request.
fn main_shot_path(name: &str) -> PathBuf {
    crate::browser::docs_image_path(name)
}

/// The tallest main-page screenshot, in CSS pixels: the top of a long page.
const SHOT_MAX_HEIGHT: u32 = 4800;

/// The current page at `width`, as tall as the page up to [`SHOT_MAX_HEIGHT`].
async fn main_screenshot(driver: &Driver, c: &Client, name: &str, width: u32) {
    set_viewport(driver, c, width, HEIGHT).await;
    let page = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .expect("page height")
        .as_u64()
        .unwrap_or(u64::from(HEIGHT)) as u32;
    let height = page.clamp(600, SHOT_MAX_HEIGHT);
    set_viewport(driver, c, width, height).await;
    c.execute("window.scrollTo(0, 0)", vec![])
        .await
        .expect("scroll");
    let png = c.screenshot().await.expect("screenshot");
    let path = main_shot_path(&format!("{name}-{width}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!("screenshot: {} (page {page} px)", path.display());
}

#[test]
fn each_role_s_main_page_is_photographed_at_1366_and_390_px() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let app = spawn_app!();
    upload_monitoring(&app);
    questionnaire_set(&app);
    let downloads = tempfile::tempdir().expect("download dir");
    let base = app.base.clone();
    let own = format!("/municipalities/{OWN_CODE}");
    let questionnaire = format!("/pools/1/questionnaire/{OWN_CODE}");
    let shots: [(&str, (&str, &str), &str); 7] = [
        ("main-officer", OFFICER, "/pools"),
        ("main-finance", FINANCE, &own),
        ("main-committee", COMMITTEE, &own),
        ("main-admin", ADMIN, "/users"),
        ("main-monitoring", OFFICER, "/monitoring"),
        ("main-caseworker", CASEWORKER, &questionnaire),
        (
            "main-questionnaire-results",
            FINANCE,
            "/pools/1/questionnaire/results",
        ),
    ];
    runtime().block_on(async {
        let c = session(&driver, downloads.path()).await;
        for (name, user, path) in shots {
            c.delete_all_cookies().await.expect("delete cookies");
            login(&c, &base, user).await;
            c.goto(&format!("{base}{path}")).await.expect("main page");
            park_mouse(&c).await;
            for width in [WIDE, NARROW] {
                main_screenshot(&driver, &c, name, width).await;
            }
        }
        c.close().await.expect("close session");
    });
}

#[test]
fn the_crawl_keeps_to_pages_of_this_site() {
    let base = Url::parse("http://127.0.0.1:8080").expect("url");
    let ok = |href: &str| worth_visiting(&base, href).map(|u| page_key(&u));
    assert_eq!(
        ok("http://127.0.0.1:8080/pools/1#fejl").as_deref(),
        Some("/pools/1")
    );
    assert_eq!(ok("http://127.0.0.1:8080/pools?lang=en"), None);
    assert_eq!(ok("http://127.0.0.1:8080/pools/1/allocation.csv"), None);
    assert_eq!(
        ok("http://127.0.0.1:8080/pools/1/payouts/batches/3/xlsx"),
        None
    );
    assert_eq!(ok("http://127.0.0.1:8080/pools/1/ledger/2017.csv"), None);
    assert_eq!(ok("https://www.borger.dk/"), None);
    let pat = |href: &str| pattern(&Url::parse(href).expect("url"));
    assert_eq!(
        pat("http://h/municipalities/615?sort=name&dir=asc"),
        "/municipalities/{}?dir&sort"
    );
    assert_eq!(
        pat("http://h/pools/1/accounts/615/final"),
        "/pools/{}/accounts/{}/final?"
    );
}
