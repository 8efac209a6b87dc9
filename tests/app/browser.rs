//! A real browser (headless Chromium through ChromeDriver and fantoccini) walks the main
//! flows: the officer recalculates, approves and downloads the CSV; a committee member
//! sees their own municipality's amount and cannot run an allocation. Then the
//! application flow: finance staff apply to the open demo pool, the officer approves,
//! the letter states the commitment, and the committee sees it. Then the final account:
//! finance staff fill it in and submit it, the officer reviews and approves it, and the
//! committee sees the repayment claim and its letter. These tests also take the
//! screenshots in `docs/images/` that the getting-started guides show.
//!
//! Skipped with a message when ChromeDriver is not installed, except in CI.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::*;
use crate::spawn_app;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// ChromeDriver's path: the Debian location, else `chromedriver` on `PATH`.
fn find_chromedriver() -> Option<PathBuf> {
    if Path::new(CHROMEDRIVER).is_file() {
        return Some(CHROMEDRIVER.into());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

/// ChromeDriver in its own process group; dropping it kills the whole group, so no
/// Chromium is left behind when a test panics.
pub(crate) struct Driver {
    child: Child,
    pub(crate) url: String,
}

impl Driver {
    fn start(path: &Path) -> Driver {
        use std::os::unix::process::CommandExt;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// Starts ChromeDriver; `None` (with a message) when it is missing outside CI.
pub(crate) fn driver_or_skip() -> Option<Driver> {
    match find_chromedriver() {
        Some(path) => Some(Driver::start(&path)),
        None if in_ci() => panic!("chromedriver is required in CI but not installed"),
        None => {
            eprintln!("SKIPPED: chromedriver not found at {CHROMEDRIVER} or on PATH");
            None
        }
    }
}

/// Starts ChromeDriver, or returns from the test when it is missing outside CI.
macro_rules! start_driver {
    () => {
        match driver_or_skip() {
            Some(driver) => driver,
            None => return,
        }
    };
}

pub(crate) async fn session(driver: &Driver, download_dir: &Path) -> Client {
    let mut chrome = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
        "prefs": {
            "download.default_directory": download_dir.to_str().expect("utf-8 path"),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
        },
    });
    if Path::new(CHROMIUM).is_file() {
        chrome["binary"] = json!(CHROMIUM);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), chrome);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("browser session")
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

pub(crate) async fn login(c: &Client, base: &str, (user, pw): (&str, &str)) {
    c.goto(&format!("{base}/login")).await.expect("login page");
    c.find(Locator::Id("username"))
        .await
        .expect("username field")
        .send_keys(user)
        .await
        .expect("type username");
    c.find(Locator::Id("password"))
        .await
        .expect("password field")
        .send_keys(pw)
        .await
        .expect("type password");
    click_and_wait(c, Locator::Css("main form button[type=submit]")).await;
    let url = c.current_url().await.expect("url");
    assert_ne!(
        url.path(),
        "/login",
        "still on the login page after logging in as {user}"
    );
}

async fn text_of(c: &Client, locator: Locator<'_>) -> String {
    c.find(locator)
        .await
        .unwrap_or_else(|e| panic!("{locator:?} not found: {e}"))
        .text()
        .await
        .expect("element text")
}

/// Clicks `locator` and waits until the browser has replaced the page: ChromeDriver's
/// click does not always wait for a form post's navigation to finish.
pub(crate) async fn click_and_wait(c: &Client, locator: Locator<'_>) {
    let old = c.find(Locator::Css("html")).await.expect("document");
    c.find(locator)
        .await
        .unwrap_or_else(|e| panic!("{locator:?} not found: {e}"))
        .click()
        .await
        .expect("click");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match old.tag_name().await {
            Err(e) if e.is_stale_element_reference() => break,
            _ if Instant::now() > deadline => panic!("no new page after clicking {locator:?}"),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    loop {
        let state = c
            .execute("return document.readyState", vec![])
            .await
            .expect("readyState");
        if state == "complete" {
            break;
        }
        assert!(Instant::now() < deadline, "page did not finish loading");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Clicks the submit button in `main` that reads `label` and waits for the next page.
async fn click_button(c: &Client, label: &str) {
    let xpath = format!("//main//button[normalize-space(.)='{label}']");
    click_and_wait(c, Locator::XPath(&xpath)).await;
}

/// Waits for a finished download (no `.crdownload` partial) in `dir`.
async fn wait_for_download(dir: &Path, ext: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let done = std::fs::read_dir(dir)
            .expect("download dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext));
        if let Some(p) = done {
            return p;
        }
        assert!(
            Instant::now() < deadline,
            "no .{ext} file downloaded to {} within 10 s",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The allocation as CSV for Danish Excel: a byte order mark, `;`, Danish headers.
fn check_csv(csv: &str) {
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a byte order mark for Excel");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Kommunekode;Kommune;Målgruppe;Nøjagtig andel (kr.);Beløb (kr.)")
    );
    let data: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert_eq!(data.len(), 89, "one line per applicant municipality");
    // Names have no commas in the demo data; the amount is the last field.
    let sum: i64 = data
        .iter()
        .map(|l| {
            l.rsplit(';')
                .next()
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or_else(|| panic!("amount in {l:?}"))
        })
        .sum();
    assert_eq!(sum, 257_000_000, "amounts sum to the pool");
}

fn screenshot_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir.join(name)
}

#[test]
fn officer_recalculates_approves_and_downloads_and_committee_sees_own_amount() {
    let driver = start_driver!();
    let app = spawn_app!();
    let downloads = tempfile::tempdir().expect("download dir");
    let base = app.base.clone();
    runtime().block_on(async {
        let started = Instant::now();
        let c = session(&driver, downloads.path()).await;
        eprintln!("browser session in {:?}", started.elapsed());

        // Flow 1: the officer.
        login(&c, &base, OFFICER).await;
        assert_eq!(c.current_url().await.expect("url").path(), "/pools");
        assert_eq!(text_of(&c, Locator::Css("main h1")).await, "Puljer");

        click_and_wait(&c, Locator::LinkText("Flere skal med")).await;
        assert_eq!(c.current_url().await.expect("url").path(), "/pools/1");

        c.find(Locator::Id("reason"))
            .await
            .expect("Begrundelse field")
            .send_keys("Browser-test: ny beregning")
            .await
            .expect("type reason");
        click_button(&c, "Beregn ny version").await;

        let heading = text_of(&c, Locator::Css("main h1")).await;
        assert_eq!(heading, "Fordeling, version 2 – Flere skal med");
        let total = text_of(&c, Locator::Id("total")).await;
        assert_eq!(total, "257.000.000 kr.");

        click_button(&c, "Godkend denne version").await;
        // The confirmation names what it replaces; then the approval.
        let heading = text_of(&c, Locator::Css("main h1")).await;
        assert_eq!(heading, "Godkend fordeling, version 2 – Flere skal med");
        click_button(&c, "Godkend version 2").await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            "/pools/1/allocation"
        );
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("Version 2"), "{main}");

        // Tall enough to show the download buttons and the top of the table.
        c.set_window_size(1280, 1400).await.expect("resize");
        let png = c.screenshot().await.expect("screenshot");
        c.set_window_size(1280, 900).await.expect("resize back");
        let shot = screenshot_path("allocation.png");
        std::fs::write(&shot, png).expect("write screenshot");
        eprintln!("screenshot: {}", shot.display());

        // A real browser download: the link serves the file as an attachment.
        c.find(Locator::LinkText("Hent som CSV til Excel"))
            .await
            .expect("CSV link")
            .click()
            .await
            .expect("download CSV");
        let file = wait_for_download(downloads.path(), "csv").await;
        assert_eq!(
            file.file_name().and_then(|n| n.to_str()),
            Some("fordeling-flere-skal-med-v2-excel.csv")
        );
        check_csv(&std::fs::read_to_string(&file).expect("read CSV"));

        // Flow 2: a committee member, in the same browser with the cookies gone.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, COMMITTEE).await;
        click_and_wait(&c, Locator::LinkText("Min kommune")).await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/municipalities/{OWN_CODE}")
        );
        let amount = text_of(&c, Locator::Id("approved-amount")).await;
        assert!(amount.contains("kr."), "{amount}");
        // Pool 2, not applied for: the allocation key's expected amount, never "granted".
        assert!(amount.contains("Forventet tilskud"), "{amount}");
        assert!(amount.contains("ikke bevilget"), "{amount}");

        c.goto(&format!("{base}/pools/1")).await.expect("pool 1");
        let page = c.source().await.expect("source");
        assert!(page.contains("Flere skal med"), "pool page shown");
        assert!(!page.contains("Beregn fordeling"), "no run heading");
        let fields = c.find_all(Locator::Id("reason")).await.expect("find_all");
        assert!(fields.is_empty(), "no reason field for the committee");

        c.close().await.expect("close session");
        eprintln!("browser test took {:?}", started.elapsed());
    });
}

/// Where the screenshots go: `target/screenshots` on every run, and the documentation's
/// `docs/images` when `TILSKUD_SCREENSHOTS=refresh` (as `a11y`'s screenshots; the older
/// `TILSKUD_DOCS_SCREENSHOTS=1` still works) (they show dates, so refreshing the
/// committed images is a deliberate step, not a side effect of `cargo test`).
pub(crate) fn docs_image_path(name: &str) -> PathBuf {
    let sub = if std::env::var("TILSKUD_SCREENSHOTS").is_ok_and(|v| v == "refresh")
        || std::env::var("TILSKUD_DOCS_SCREENSHOTS").is_ok_and(|v| v == "1")
    {
        "docs/images"
    } else {
        "target/screenshots"
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(sub);
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir.join(name)
}

/// The tallest screenshot for the docs, in CSS pixels.
const SHOT_MAX_HEIGHT: u32 = 2400;

/// A screenshot of the current page for the docs: 1280 px wide and as tall as the page,
/// at most [`SHOT_MAX_HEIGHT`]. A taller page is shown from the top, or, with `focus`
/// (a CSS selector), from as high up as still shows all of that element. The window is
/// put back to 1280 × 900 afterwards.
async fn docs_screenshot(c: &Client, name: &str, focus: Option<&str>) {
    // The window's height includes what the browser draws around the page.
    let js = "const el = arguments[0] ? document.querySelector(arguments[0]) : null; \
              const r = el ? el.getBoundingClientRect() : null; \
              return [document.documentElement.scrollHeight, \
                      window.outerHeight - window.innerHeight, \
                      r ? Math.floor(r.top + window.scrollY) : 0, \
                      r ? Math.ceil(r.bottom + window.scrollY) : 0]";
    let measured = c
        .execute(js, vec![json!(focus)])
        .await
        .expect("page height");
    let px = |i: usize| {
        measured[i]
            .as_u64()
            .and_then(|h| u32::try_from(h).ok())
            .unwrap_or(0)
    };
    let (page, chrome, top, bottom) = (px(0), px(1), px(2), px(3));
    if let Some(sel) = focus {
        assert!(bottom > 0, "{sel} not on the page for {name}");
    }
    let height = page.clamp(600, SHOT_MAX_HEIGHT);
    // Enough above the focus to end 24 px below it, but never past its top.
    let scroll = (bottom + 24)
        .saturating_sub(height)
        .min(top.saturating_sub(24))
        .min(page.saturating_sub(height));
    c.set_window_size(1280, height + chrome)
        .await
        .expect("resize");
    c.execute(&format!("window.scrollTo(0, {scroll})"), vec![])
        .await
        .expect("scroll");
    let png = c.screenshot().await.expect("screenshot");
    c.set_window_size(1280, 900).await.expect("resize back");
    let path = docs_image_path(name);
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!(
        "screenshot: {} (page {page} px, shown from {scroll} px)",
        path.display()
    );
}

/// Whole kroner as a person types them: 3622871 → "3.622.871".
fn dotted(kr: i64) -> String {
    let digits = kr.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// "3.622.871 kr." → 3622871 (whole kroner only).
fn parse_kroner(text: &str) -> i64 {
    text.trim()
        .strip_suffix(" kr.")
        .filter(|t| !t.contains(','))
        .and_then(|t| t.replace('.', "").parse().ok())
        .unwrap_or_else(|| panic!("not whole kroner: {text:?}"))
}

async fn type_into(c: &Client, id: &str, text: &str) {
    let field = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("field #{id} not found: {e}"));
    field.clear().await.expect("clear field");
    field.send_keys(text).await.expect("type");
}

async fn value_of(c: &Client, id: &str) -> String {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("field #{id} not found: {e}"))
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// "… modtaget 05.06.2026 14:03:12 (dansk tid)": a date and a time to the second.
fn has_time_to_the_second(receipt: &str) -> bool {
    receipt.split_once("modtaget ").is_some_and(|(_, rest)| {
        let b = rest.as_bytes();
        b.len() >= 19
            && b[..19].iter().enumerate().all(|(i, ch)| match i {
                2 | 5 => *ch == b'.',
                10 => *ch == b' ',
                13 | 16 => *ch == b':',
                _ => ch.is_ascii_digit(),
            })
    })
}

#[test]
fn finance_applies_officer_approves_and_committee_sees_the_commitment() {
    let driver = start_driver!();
    let app = spawn_app!();
    let downloads = tempfile::tempdir().expect("download dir");
    let base = app.base.clone();
    runtime().block_on(async {
        let started = Instant::now();
        let c = session(&driver, downloads.path()).await;

        // Horsens' finance staff fill in the application to the open demo pool.
        login(&c, &base, FINANCE).await;
        c.goto(&format!("{base}/pools/2")).await.expect("pool 2");
        click_and_wait(&c, Locator::LinkText("Kommunens ansøgning")).await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/2/applications/{OWN_CODE}")
        );
        let expected_text = text_of(&c, Locator::Id("expected")).await;
        let expected = parse_kroner(&expected_text);
        assert!(expected > 1_000_000, "{expected_text}");

        // 40 % in 2026; in 2027 project management (10 %) and the rest as salaries, so
        // the budget equals the expected grant exactly and keeps within the pool's cap.
        let salaries_2026 = expected * 40 / 100;
        let management_2027 = expected / 10;
        let salaries_2027 = expected - salaries_2026 - management_2027;
        for (id, kr) in [
            ("amount_caseworker-salaries_2026", salaries_2026),
            ("amount_caseworker-salaries_2027", salaries_2027),
            ("amount_project-management_2027", management_2027),
        ] {
            type_into(&c, id, &dotted(kr)).await;
        }
        type_into(
            &c,
            "description_caseworker-salaries",
            "Personlige jobformidlere og virksomhedskonsulenter",
        )
        .await;
        type_into(&c, "description_project-management", "Projektleder, 2027").await;
        type_into(&c, "contact_name", "Mette Jensen").await;
        type_into(
            &c,
            "contact_title",
            "Projektleder, reference til jobcenterchefen",
        )
        .await;
        type_into(&c, "contact_email", "mette.jensen@horsens.example").await;
        type_into(&c, "contact_phone", "76 29 29 29").await;
        // DKFDS draws its own checkbox over the hidden input: click the label, as a person.
        let boxes = c
            .find_all(Locator::Css("input[name=obligations]"))
            .await
            .expect("obligations");
        assert_eq!(boxes.len(), 5, "five obligations");
        for b in &boxes {
            let id = b.attr("id").await.expect("id").expect("checkbox id");
            assert!(id.starts_with("obligation_"), "{id}");
            c.find(Locator::Css(&format!("label[for='{id}']")))
                .await
                .expect("checkbox label")
                .click()
                .await
                .expect("tick");
            assert!(b.is_selected().await.expect("checked"), "{id} ticked");
        }

        click_button(&c, "Gem kladde").await;
        let flash = text_of(&c, Locator::Id("flash")).await;
        assert!(flash.contains("Kladden er gemt"), "{flash}");
        assert!(text_of(&c, Locator::Id("status")).await.contains("Kladde"));
        assert_eq!(
            text_of(&c, Locator::Id("budget-total")).await,
            expected_text,
            "the saved budget adds up to the expected grant"
        );
        let difference = text_of(&c, Locator::Id("difference")).await;
        assert!(difference.contains("svarer præcis"), "{difference}");
        assert_eq!(
            value_of(&c, "amount_project-management_2027").await,
            dotted(management_2027),
            "the draft keeps what was typed"
        );
        docs_screenshot(&c, "application-form.png", Some("button[formaction]")).await;

        click_button(&c, "Indsend ansøgning").await;
        // The review: what will be submitted, read only; then submit it.
        let heading = text_of(&c, Locator::Css("main h1")).await;
        assert!(heading.starts_with("Kontrollér ansøgningen"), "{heading}");
        docs_screenshot(&c, "application-review.png", None).await;
        click_button(&c, "Indsend ansøgning").await;
        // The receipt: its number to the second and what happens next.
        let receipt_no = text_of(&c, Locator::Id("receipt-no")).await;
        assert_eq!(receipt_no, format!("A2-{OWN_CODE}-1"));
        let at = text_of(&c, Locator::Id("receipt-at")).await;
        assert!(
            has_time_to_the_second(&format!("modtaget {at}")),
            "receipt time: {at}"
        );
        docs_screenshot(&c, "application-receipt.png", None).await;
        click_and_wait(&c, Locator::LinkText("Gå til ansøgningen")).await;
        let status = text_of(&c, Locator::Id("status")).await;
        assert!(status.contains("Indsendt"), "{status}");
        let receipt = text_of(&c, Locator::Id("receipt")).await;
        assert!(
            receipt.contains(&format!("A2-{OWN_CODE}-1")),
            "receipt number: {receipt}"
        );
        assert!(has_time_to_the_second(&receipt), "receipt time: {receipt}");
        let fields = c
            .find_all(Locator::Id("contact_name"))
            .await
            .expect("find_all");
        assert!(fields.is_empty(), "a submitted application is read only");
        docs_screenshot(&c, "application-submitted.png", None).await;

        // The officer approves it.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, OFFICER).await;
        c.goto(&format!("{base}/pools/2/applications"))
            .await
            .expect("applications");
        let list = text_of(&c, Locator::Css("main")).await;
        assert!(list.contains("Indsendt (v1)"), "{list}");
        docs_screenshot(&c, "officer-applications.png", None).await;

        click_and_wait(&c, Locator::LinkText("Horsens")).await;
        let amount = text_of(&c, Locator::Id("commitment-amount")).await;
        assert!(amount.contains(&expected_text), "{amount}");
        let split_2026 = value_of(&c, "year_2026").await;
        let split_2027 = value_of(&c, "year_2027").await;
        assert_eq!(
            parse_kroner(&format!("{split_2026} kr.")) + parse_kroner(&format!("{split_2027} kr.")),
            expected,
            "the proposed split adds up: {split_2026} + {split_2027}"
        );
        assert!(!value_of(&c, "account_deadline").await.is_empty());
        assert!(value_of(&c, "reservation").await.contains("2027"));
        docs_screenshot(
            &c,
            "officer-approve.png",
            Some("form[action$='/approve#fejl-tilsagn']"),
        )
        .await;

        click_button(&c, "Godkend og send tilsagnsbrev").await;
        let status = text_of(&c, Locator::Id("status")).await;
        assert!(status.contains("Godkendt"), "{status}");
        let commitment = text_of(&c, Locator::Id("commitment")).await;
        assert!(commitment.contains(&expected_text), "{commitment}");

        click_and_wait(&c, Locator::LinkText("Vis tilsagnsbrev")).await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/2/applications/{OWN_CODE}/letter")
        );
        assert_eq!(
            text_of(&c, Locator::Id("letter-amount")).await,
            expected_text
        );
        docs_screenshot(&c, "commitment-letter.png", None).await;

        // A committee member of Horsens sees the commitment.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, COMMITTEE).await;
        c.goto(&format!("{base}/municipalities/{OWN_CODE}"))
            .await
            .expect("municipality page");
        let page = text_of(&c, Locator::Css("main")).await;
        assert!(page.contains(&expected_text), "{page}");
        docs_screenshot(&c, "committee-page.png", None).await;

        c.close().await.expect("close session");
        eprintln!("application browser test took {:?}", started.elapsed());
    });
}

/// Horsens' monitoring file for January to March 2018: 10 persons in group 1 each month,
/// 5 of them in a company-oriented offer (50 %), with `bad` as an extra last line.
fn monitoring_file(bad: Option<&str>) -> String {
    let mut s = format!("{}\n", tilskud::domain::monitoring::file::HEADER);
    for month in ["2018-01", "2018-02", "2018-03"] {
        for i in 0..10u32 {
            let offer = if i < 5 { "ja" } else { "nej" };
            s.push_str(&format!(
                "{:02}0190{:04},{OWN_CODE},{month},1,ja,{offer},0,ingen\n",
                i + 1,
                1000 + i
            ));
        }
    }
    if let Some(line) = bad {
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// Chooses `path` in the page's file field (`#file`).
async fn choose_file(c: &Client, path: &Path) {
    choose_file_in(c, "file", path).await;
}

/// Chooses `path` in the file field `id`.
async fn choose_file_in(c: &Client, id: &str, path: &Path) {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("file field #{id} not found: {e}"))
        .send_keys(path.to_str().expect("utf-8 path"))
        .await
        .expect("choose file");
}

#[test]
fn finance_uploads_monitoring_data_and_sees_the_kpis_and_facts() {
    let driver = start_driver!();
    let app = spawn_app!();
    let dir = tempfile::tempdir().expect("dir");
    let base = app.base.clone();
    let bad = dir.path().join("forkert.csv");
    std::fs::write(
        &bad,
        monitoring_file(Some("3213901234,615,2018-03,1,ja,ja,0,ingen")),
    )
    .expect("write");
    let good = dir.path().join("horsens.csv");
    std::fs::write(&good, monitoring_file(None)).expect("write");
    runtime().block_on(async {
        let c = session(&driver, dir.path()).await;
        login(&c, &base, FINANCE).await;
        let page = format!("{base}/municipalities/{OWN_CODE}/monitoring");
        c.goto(&page).await.expect("monitoring page");

        // A file with a bad line: nothing is read in, the line and field are named, the
        // CPR number is not shown.
        choose_file(&c, &bad).await;
        click_button(&c, "Indlæs").await;
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("Filen blev ikke indlæst"), "{main}");
        assert!(main.contains("Linje 32"), "{main}");
        assert!(!main.contains("3213901234"), "{main}");
        assert!(!main.contains("0101901000"), "{main}");

        // The good file: the KPIs, a chart per KPI, and rate 3's fact met from March.
        c.goto(&page).await.expect("monitoring page");
        choose_file(&c, &good).await;
        click_button(&c, "Indlæs").await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/municipalities/{OWN_CODE}/monitoring")
        );
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("Opfyldt fra 2018-03"), "{main}");
        let charts = c.find_all(Locator::Css("main svg")).await.expect("charts");
        assert!(charts.len() >= 7, "{} charts", charts.len());
        docs_screenshot(&c, "monitoring-page.png", None).await;
        c.close().await.expect("close session");
    });
}

/// An amount as the pages show it: whole kroner without øre ("670.522 kr."), otherwise
/// with them ("418.271,75 kr.").
fn kroner_text(ore: i64) -> String {
    assert!(ore >= 0, "negative amount {ore}");
    if ore % 100 == 0 {
        format!("{} kr.", dotted(ore / 100))
    } else {
        format!("{},{:02} kr.", dotted(ore / 100), ore % 100)
    }
}

/// A small valid PDF (it starts with `%PDF-`, which is all the server checks).
fn write_pdf(dir: &Path, name: &str, title: &str) -> PathBuf {
    let path = dir.join(name);
    let body = format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
         % {title}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    );
    std::fs::write(&path, body).expect("write PDF");
    path
}

/// Sets a date field (`<input type=date>`) to an ISO date: what a person picks in the
/// browser's date picker, whose typed form depends on the browser's locale.
async fn set_date(c: &Client, id: &str, iso: &str) {
    let field = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("date field #{id} not found: {e}"));
    c.execute(
        "arguments[0].value = arguments[1]",
        vec![serde_json::to_value(&field).expect("element"), json!(iso)],
    )
    .await
    .expect("set date");
}

/// Ticks a checkbox by clicking its label, as a person does (DKFDS draws the box).
async fn tick(c: &Client, id: &str) {
    c.find(Locator::Css(&format!("label[for='{id}']")))
        .await
        .unwrap_or_else(|e| panic!("label of #{id} not found: {e}"))
        .click()
        .await
        .expect("tick");
    let checked = c
        .find(Locator::Id(id))
        .await
        .expect("checkbox")
        .is_selected()
        .await
        .expect("checked");
    assert!(checked, "#{id} ticked");
}

/// Chooses `path` in the file field `id` and the document's purpose, then uploads it.
async fn attach_document(c: &Client, purpose: &str, path: &Path) {
    c.find(Locator::Id("purpose"))
        .await
        .expect("purpose select")
        .select_by_value(purpose)
        .await
        .expect("choose purpose");
    choose_file_in(c, "document-file", path).await;
    click_button(c, "Vedhæft").await;
    let flash = text_of(c, Locator::Id("flash")).await;
    assert!(flash.contains("Dokumentet er vedhæftet"), "{flash}");
}

#[test]
fn finance_submits_the_final_account_officer_approves_and_sees_the_repayment_claim() {
    let driver = start_driver!();
    let app = spawn_app!();
    let dir = tempfile::tempdir().expect("dir");
    let base = app.base.clone();
    // What the demo paid Horsens in pool 1 (rate 1), read through the API.
    let (status, commitment) = app.login(FINANCE).get_json(&format!(
        "/api/v1/pools/1/applications/{OWN_CODE}/commitment"
    ));
    assert_eq!(status, 200, "{commitment}");
    let rates = commitment["rates"].as_array().expect("rates");
    assert_eq!(rates[0]["status"], "paid", "{commitment}");
    let paid = rates[0]["amount_ore"].as_i64().expect("rate 1");
    assert_eq!(
        commitment["paid_ore"].as_i64(),
        Some(paid),
        "only rate 1 is paid"
    );
    let grant = commitment["amount_ore"].as_i64().expect("grant");
    assert!(grant > 50_000_000, "auditor-certified: over 500.000 kr.");
    let auditor_report = write_pdf(dir.path(), "revisorerklaering.pdf", "Revisorerklæring");
    let final_report = write_pdf(dir.path(), "slutrapport.pdf", "Slutrapport");

    // Spent on the lines (øre), each far below its budget, so each needs a comment.
    let spent: [(&str, i64, &str); 4] = [
        (
            "caseworker-salaries_2017",
            25_000_050,
            "Projektet kom sent i gang",
        ),
        (
            "caseworker-salaries_2018",
            15_025_025,
            "To stillinger stod ubesat",
        ),
        ("caseworker-salaries_2019", 0, "Projektet sluttede i 2018"),
        (
            "project-management_2019",
            4_000_000,
            "Projektlederen gik ned i tid",
        ),
    ];
    let actual: i64 = spent.iter().map(|s| s.1).sum();
    let ineligible: i64 = 250_025;
    let eligible = actual - ineligible;
    assert!(eligible < paid, "a claim: spent less than rate 1");
    let claim = paid - eligible;
    let claim_text = kroner_text(claim);

    runtime().block_on(async {
        let started = Instant::now();
        let c = session(&driver, dir.path()).await;
        let account = format!("{base}/pools/1/accounts/{OWN_CODE}/final");

        // Horsens' finance staff open the final account: the page says the rule.
        login(&c, &base, FINANCE).await;
        c.goto(&account).await.expect("account page");
        let rule = text_of(&c, Locator::Id("certification-rule")).await;
        assert_eq!(
            rule,
            format!(
                "Tilsagn på {} er over 500.000 kr.: revisorpåtegnet regnskab.",
                kroner_text(grant)
            )
        );
        let required = text_of(&c, Locator::Id("required")).await;
        assert!(
            required.contains("Revisorerklæring") && required.contains("Slutrapport"),
            "{required}"
        );

        // A tired user's amount: "12,5,0". Nothing is saved, the field is named, and
        // everything else typed is kept.
        for (line, ore, comment) in spent {
            let typed = if line == "caseworker-salaries_2018" {
                "12,5,0".to_string()
            } else {
                kroner_input(ore)
            };
            type_into(&c, &format!("actual_{line}"), &typed).await;
            type_into(&c, &format!("comment_{line}"), comment).await;
        }
        type_into(&c, "audit_firm", "Revisionsfirmaet Horsens A/S").await;
        type_into(&c, "signer_name", "Statsaut. revisor Lene Holm").await;
        set_date(&c, "signed_on", "2020-03-02").await;
        click_button(&c, "Gem kladde").await;
        let summary = text_of(&c, Locator::Css("main [data-module=error-summary]")).await;
        assert!(summary.contains("Der er problemer"), "{summary}");
        let link = c
            .find(Locator::Css("main [data-module=error-summary] a"))
            .await
            .expect("a link in the summary");
        assert_eq!(
            link.attr("href").await.expect("href").as_deref(),
            Some("#actual_caseworker-salaries_2018"),
            "the summary links the field"
        );
        assert!(
            summary.contains("Løn til sagsbehandlere") && summary.contains("2018"),
            "the summary names the field: {summary}"
        );
        assert_eq!(
            value_of(&c, "actual_caseworker-salaries_2018").await,
            "12,5,0"
        );
        assert_eq!(
            value_of(&c, "actual_caseworker-salaries_2017").await,
            "250.000,50",
            "the rest is kept"
        );
        assert_eq!(
            value_of(&c, "audit_firm").await,
            "Revisionsfirmaet Horsens A/S"
        );
        assert_eq!(value_of(&c, "signed_on").await, "2020-03-02");
        let summary_link = c
            .find(Locator::Css("main [data-module=error-summary] a"))
            .await
            .expect("summary link");
        assert!(summary_link.is_displayed().await.expect("shown"));

        // Corrected and saved.
        type_into(&c, "actual_caseworker-salaries_2018", "150.250,25").await;
        click_button(&c, "Gem kladde").await;
        let flash = text_of(&c, Locator::Id("flash")).await;
        assert!(flash.contains("Kladden er gemt"), "{flash}");
        assert_eq!(
            text_of(&c, Locator::Id("actual-total")).await,
            kroner_text(actual)
        );
        let deviating = c.find_all(Locator::Css("tr.deviates")).await.expect("rows");
        assert_eq!(deviating.len(), 4, "every line spent is off its budget");

        attach_document(&c, "auditor_report", &auditor_report).await;
        attach_document(&c, "final_report", &final_report).await;
        let documents = text_of(&c, Locator::Id("documents")).await;
        assert!(
            documents.contains("revisorerklaering.pdf") && documents.contains("slutrapport.pdf"),
            "{documents}"
        );
        park_mouse(&c).await;
        docs_screenshot(
            &c,
            "account-form.png",
            Some("main form[action$='/save#fejl']"),
        )
        .await;

        // Save and submit, through the confirmation.
        click_button(&c, "Gem og indsend …").await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/1/accounts/{OWN_CODE}/final/submit")
        );
        let freeze = text_of(&c, Locator::Id("freeze")).await;
        assert!(freeze.contains("version 1"), "{freeze}");
        click_button(&c, "Indsend regnskabet").await;
        let receipt = text_of(&c, Locator::Id("receipt")).await;
        assert!(
            receipt.contains(&format!("R1-{OWN_CODE}-F1")),
            "receipt number: {receipt}"
        );
        assert!(has_time_to_the_second(&receipt), "receipt time: {receipt}");
        assert!(text_of(&c, Locator::Id("status"))
            .await
            .contains("Indsendt"));
        assert!(
            c.find_all(Locator::Id("audit_firm"))
                .await
                .expect("find_all")
                .is_empty(),
            "a submitted account is read only"
        );
        let active = text_of(&c, Locator::Css("header .mainmenu li.active")).await;
        assert_eq!(
            active, "Min kommune",
            "the account belongs to the municipality"
        );
        let signature = text_of(&c, Locator::Id("signature")).await;
        assert!(signature.contains("2. marts 2020"), "{signature}");
        docs_screenshot(&c, "account-receipt.png", None).await;

        // The officer finds it in the list of accounts and reviews it.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, OFFICER).await;
        click_and_wait(&c, Locator::LinkText("Regnskaber")).await;
        assert_eq!(c.current_url().await.expect("url").path(), "/accounts");
        let row = c
            .find(Locator::XPath(
                "//main//tr[td[starts-with(normalize-space(.), 'Horsens')]]\
                 [td/a[normalize-space(.)='Slutregnskab']]",
            ))
            .await
            .expect("Horsens' final account in the list");
        let row_text = row.text().await.expect("row");
        assert!(row_text.contains("Indsendt"), "{row_text}");
        docs_screenshot(&c, "officer-accounts.png", None).await;
        row.find(Locator::LinkText("Slutregnskab"))
            .await
            .expect("link")
            .click()
            .await
            .expect("open review");
        wait_for_path(&c, &format!("/pools/1/accounts/{OWN_CODE}/final/review")).await;

        let version = text_of(&c, Locator::Id("review-version")).await;
        assert!(
            has_time_to_the_second(&version.replacen("indsendt ", "modtaget ", 1)),
            "submitted to the second: {version}"
        );
        let active = text_of(&c, Locator::Css("header .mainmenu li.active")).await;
        assert_eq!(active, "Regnskaber", "the review belongs to the accounts");
        click_button(&c, "Start behandlingen").await;
        assert!(text_of(&c, Locator::Id("account-status"))
            .await
            .contains("Under behandling"));
        type_into(&c, "ineligible_caseworker-salaries_2017", "2.500,25").await;
        type_into(
            &c,
            "ineligible_reason_caseworker-salaries_2017",
            "Reception for samarbejdspartnere er ikke tilskudsberettiget",
        )
        .await;
        tick(&c, "figures_checked").await;
        tick(&c, "content_checked").await;
        click_button(&c, "Gem gennemgangen").await;
        assert_eq!(
            value_of(&c, "ineligible_caseworker-salaries_2017").await,
            "2.500,25",
            "the ineligible amount is saved"
        );
        docs_screenshot(
            &c,
            "account-review.png",
            Some("main form[action$='/review/save#fejl']"),
        )
        .await;

        // Approving goes through a confirmation with the settlement's figures.
        click_button(&c, "Godkend regnskabet").await;
        let heading = text_of(&c, Locator::Css("main h1")).await;
        assert_eq!(
            heading,
            "Godkend slutregnskabet for Flere skal med – Horsens"
        );
        let settlement = text_of(&c, Locator::Id("settlement")).await;
        for figure in [grant, actual, ineligible, eligible, paid] {
            assert!(
                settlement.contains(&kroner_text(figure)),
                "{} in {settlement}",
                kroner_text(figure)
            );
        }
        assert_eq!(
            text_of(&c, Locator::Id("settlement-claim")).await,
            claim_text
        );
        docs_screenshot(&c, "account-approve.png", None).await;
        click_button(&c, "Ja, godkend regnskabet").await;
        assert!(text_of(&c, Locator::Id("account-status"))
            .await
            .contains("Godkendt"));
        assert_eq!(
            text_of(&c, Locator::Id("settlement-claim")).await,
            claim_text
        );
        let claim_line = text_of(&c, Locator::Id("claim")).await;
        assert!(
            claim_line.contains(&format!("TB1-{OWN_CODE}")) && claim_line.contains(&claim_text),
            "{claim_line}"
        );

        // The committee member sees the claim on the municipality's page and its letter.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, COMMITTEE).await;
        c.goto(&format!("{base}/municipalities/{OWN_CODE}"))
            .await
            .expect("municipality page");
        let page = text_of(&c, Locator::Css("main")).await;
        assert!(
            page.contains(&format!("Krav TB1-{OWN_CODE} på {claim_text}")),
            "{page}"
        );
        click_and_wait(&c, Locator::LinkText("Se brevet om tilbagebetalingskravet")).await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/1/accounts/{OWN_CODE}/final/claim")
        );
        assert_eq!(
            text_of(&c, Locator::Id("claim-no")).await,
            format!("TB1-{OWN_CODE}")
        );
        assert_eq!(text_of(&c, Locator::Id("claim-amount")).await, claim_text);
        let today = tilskud::domain::time::to_local(chrono::Utc::now()).date_naive();
        let due = today + chrono::Days::new(30);
        assert_eq!(
            text_of(&c, Locator::Id("claim-due")).await,
            tilskud_templates::fmt::date_long(
                tilskud_templates::i18n::Lang::Da,
                chrono::Datelike::year(&due),
                chrono::Datelike::month(&due),
                chrono::Datelike::day(&due)
            )
        );
        docs_screenshot(&c, "claim-letter.png", None).await;

        c.close().await.expect("close session");
        eprintln!("account browser test took {:?}", started.elapsed());
    });
}

/// An amount as a person types it: "250.000,50", "40.000".
fn kroner_input(ore: i64) -> String {
    kroner_text(ore).trim_end_matches(" kr.").to_string()
}

/// Waits until the browser is at `path` and the page has loaded (after a plain click on
/// a link, which ChromeDriver does not always wait for).
async fn wait_for_path(c: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let here = c.current_url().await.expect("url");
        let state = c
            .execute("return document.readyState", vec![])
            .await
            .expect("readyState");
        if here.path() == path && state == "complete" {
            return;
        }
        assert!(Instant::now() < deadline, "not at {path} but {here}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Aarhus' finance staff: their rate 1 in "Flere skal med" is payable in the demo.
const AARHUS_FINANCE: (&str, &str) = ("aarhus.finance", "demo-aarhus-2017");
const AARHUS: i32 = 751;

/// Moves the mouse to the window's top left corner, so that a screenshot shows no hover:
/// after a click, the pointer stays where the button was, over whatever the next page
/// has there.
pub(crate) async fn park_mouse(c: &Client) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    let park = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(park).await.expect("move the mouse");
}

/// The state cell of rate `rate_no` of pool 1 on the municipality's page.
async fn rate_cell(c: &Client, rate_no: i32) -> String {
    let href = format!("/pools/1/rates/{AARHUS}/{rate_no}");
    let xpath = format!("//main//td[a[@href='{href}']]");
    text_of(c, Locator::XPath(&xpath)).await
}

#[test]
fn finance_requests_a_rate_two_officers_pay_it_and_the_municipality_sees_it_paid() {
    let driver = start_driver!();
    let app = spawn_app!();
    // The demo's time, so the screenshots show the same dates on every run.
    app.clock.set_local("2017-07-03 10:00");
    let downloads = tempfile::tempdir().expect("download dir");
    let base = app.base.clone();
    let rate_page = format!("/pools/1/rates/{AARHUS}/1");
    runtime().block_on(async {
        let started = Instant::now();
        let c = session(&driver, downloads.path()).await;

        // Aarhus' finance staff see rate 1 payable, with its conditions.
        login(&c, &base, AARHUS_FINANCE).await;
        c.goto(&format!("{base}/municipalities/{AARHUS}"))
            .await
            .expect("municipality page");
        let cell = rate_cell(&c, 1).await;
        assert!(cell.starts_with("Kan udbetales"), "{cell}");
        let conditions = c
            .find_all(Locator::XPath(&format!(
                "//main//td[a[@href='{rate_page}']]//ul[contains(@class, 'rate-conditions')]/li"
            )))
            .await
            .expect("conditions");
        assert!(
            !conditions.is_empty(),
            "rate 1 lists its conditions: {cell}"
        );
        assert!(cell.contains("Se rate 1"), "{cell}");

        // The rate's page: the request with a note and no attachment.
        click_and_wait(&c, Locator::Css(&format!("main a[href='{rate_page}']"))).await;
        assert_eq!(c.current_url().await.expect("url").path(), rate_page);
        assert_eq!(
            text_of(&c, Locator::Id("rate-state")).await,
            "Kan udbetales"
        );
        let conditions = text_of(&c, Locator::Id("conditions")).await;
        assert!(!conditions.is_empty(), "the conditions are stated");
        type_into(
            &c,
            "note",
            "Rate 1 efter tilsagnet. Projektet er gået i gang.",
        )
        .await;
        docs_screenshot(&c, "rate-request.png", Some("main form[enctype]")).await;
        click_button(&c, "Anmod om udbetaling").await;
        let main = text_of(&c, Locator::Css("main")).await;
        assert_eq!(
            c.current_url().await.expect("url").path(),
            rate_page,
            "{main}"
        );
        assert_eq!(
            text_of(&c, Locator::Id("rate-state")).await,
            "Anmodet om udbetaling"
        );
        let history = text_of(&c, Locator::Id("history")).await;
        assert!(history.contains("Projektet er gået i gang"), "{history}");
        assert!(
            c.find_all(Locator::Id("note"))
                .await
                .expect("find_all")
                .is_empty(),
            "no second request"
        );

        // The officer finds the request in the pool's queue and prepares the payout.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, OFFICER).await;
        c.goto(&format!("{base}/pools/1/payouts"))
            .await
            .expect("payout queue");
        let requested = text_of(&c, Locator::Id("requested")).await;
        assert!(
            requested.contains(&format!("Aarhus ({AARHUS})")),
            "{requested}"
        );
        park_mouse(&c).await;
        docs_screenshot(&c, "payout-queue.png", None).await;
        click_and_wait(
            &c,
            Locator::Css(&format!("#requested a[href='{rate_page}']")),
        )
        .await;
        assert_eq!(c.current_url().await.expect("url").path(), rate_page);
        click_button(&c, "Forbered udbetaling").await;
        assert_eq!(
            text_of(&c, Locator::Id("rate-state")).await,
            "Forberedt, afventer godkendelse"
        );
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(
            main.contains("kan ikke selv godkende den"),
            "the preparer is told why: {main}"
        );
        assert!(
            c.find_all(Locator::XPath(
                "//main//button[normalize-space(.)='Godkend udbetaling']"
            ))
            .await
            .expect("find_all")
            .is_empty(),
            "no approve button for the one who prepared"
        );

        // The second officer approves it.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, APPROVER).await;
        c.goto(&format!("{base}{rate_page}"))
            .await
            .expect("rate page");
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("forberedte udbetalingen"), "{main}");
        docs_screenshot(
            &c,
            "rate-approve.png",
            Some("form[action$='/approve#fejl']"),
        )
        .await;
        click_button(&c, "Godkend udbetaling").await;
        assert_eq!(
            text_of(&c, Locator::Id("rate-state")).await,
            "Godkendt, afventer udbetaling"
        );

        // The officer makes a batch, downloads its CSV and marks it paid.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, OFFICER).await;
        c.goto(&format!("{base}/pools/1/payouts"))
            .await
            .expect("payout queue");
        let approved = text_of(&c, Locator::Id("approved")).await;
        assert!(
            approved.contains(&format!("Aarhus ({AARHUS})")),
            "{approved}"
        );
        click_button(&c, "Dan udbetalingsbunke").await;
        let path = c.current_url().await.expect("url").path().to_string();
        assert!(path.starts_with("/pools/1/payouts/batches/"), "{path}");
        assert_eq!(
            text_of(&c, Locator::Id("batch-paid")).await,
            "Ikke udbetalt endnu"
        );
        let lines = text_of(&c, Locator::Css("main table")).await;
        assert!(lines.contains("T1-751-R1"), "{lines}");

        set_date(&c, "paid_on", "2017-07-03").await;
        park_mouse(&c).await;
        docs_screenshot(&c, "payout-batch.png", None).await;

        c.find(Locator::LinkText("Hent som CSV"))
            .await
            .expect("CSV link")
            .click()
            .await
            .expect("download CSV");
        let file = wait_for_download(downloads.path(), "csv").await;
        let bytes = std::fs::read(&file).expect("read CSV");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let csv = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        let header = csv.lines().next().expect("header");
        assert!(header.contains(';'), "semicolons: {header}");
        assert!(
            csv.lines().any(|l| l.contains("T1-751-R1")),
            "Aarhus' line: {csv}"
        );

        click_button(&c, "Markér som udbetalt").await;
        assert_eq!(c.current_url().await.expect("url").path(), path);
        let paid = text_of(&c, Locator::Id("batch-paid")).await;
        assert!(paid.contains("2017"), "{paid}");
        c.goto(&format!("{base}{rate_page}"))
            .await
            .expect("rate page");
        assert_eq!(text_of(&c, Locator::Id("rate-state")).await, "Udbetalt");

        // The pool's ledger shows the payment, and a what-if dates Aarhus' rate 3.
        c.goto(&format!("{base}/pools/1")).await.expect("pool page");
        click_and_wait(&c, Locator::LinkText("Regnskab og prognose")).await;
        wait_for_path(&c, "/pools/1/ledger").await;
        let years = text_of(&c, Locator::Css("#years table")).await;
        assert!(years.contains("2017"), "{years}");
        c.find(Locator::Css("#code option[value='751']"))
            .await
            .expect("Aarhus in the what-if")
            .click()
            .await
            .expect("choose Aarhus");
        c.find(Locator::Css("#rate option[value='3']"))
            .await
            .expect("rate 3")
            .click()
            .await
            .expect("choose rate 3");
        set_date(&c, "month", "2027-03").await;
        click_button(&c, "Vis prognosen").await;
        let result = text_of(&c, Locator::Id("what-if-result")).await;
        assert!(
            result.contains("Aarhus") && result.contains("marts 2027"),
            "{result}"
        );
        park_mouse(&c).await;
        docs_screenshot(&c, "pool-ledger.png", Some("#forecast")).await;

        // Aarhus' finance staff see rate 1 paid.
        c.delete_all_cookies().await.expect("delete cookies");
        login(&c, &base, AARHUS_FINANCE).await;
        c.goto(&format!("{base}/municipalities/{AARHUS}"))
            .await
            .expect("municipality page");
        let cell = rate_cell(&c, 1).await;
        assert!(cell.starts_with("Udbetalt"), "{cell}");
        park_mouse(&c).await;
        docs_screenshot(&c, "municipality-rates.png", Some("#paid")).await;

        c.close().await.expect("close session");
        eprintln!("payout browser test took {:?}", started.elapsed());
    });
}

/// Picks, for each question of `set`, the radio of the `pick`-th value (1-based, clamped
/// to the question's choices) or types `number` into a number question.
async fn answer_all(
    c: &Client,
    set: &tilskud::domain::questionnaire::QuestionSet,
    pick: usize,
    number: &str,
) {
    for q in &set.questions {
        let id = format!("q-{}", q.code);
        match q.values() {
            Some(values) => {
                let i = pick.clamp(1, values.len());
                let radio = if i == 1 { id } else { format!("{id}-{i}") };
                tick_radio(c, &radio).await;
            }
            None => type_into(c, &id, number).await,
        }
    }
}

#[test]
fn a_caseworker_enters_a_baseline_and_a_follow_up_and_the_officer_sees_the_change() {
    let driver = start_driver!();
    let app = spawn_app!();
    let set = tilskud::domain::questionnaire::set::illustration();
    {
        let mut c = app.db();
        tilskud::app::questionnaire::save_set(
            &mut c,
            &tilskud::db::audit::Actor::system("test"),
            chrono::Utc::now().naive_utc(),
            1,
            &set,
            true,
        )
        .expect("set");
    }
    app.clock.set_local("2018-02-20 10:00");
    let dir = tempfile::tempdir().expect("dir");
    let base = app.base.clone();
    runtime().block_on(async {
        let c = session(&driver, dir.path()).await;
        login(&c, &base, CASEWORKER).await;
        // The caseworker's front page is the municipality's questionnaire.
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/1/questionnaire/{OWN_CODE}")
        );
        c.goto(&format!("{base}/pools/1/questionnaire/{OWN_CODE}/new"))
            .await
            .expect("form");
        type_into(&c, "cpr", "010190-1234").await;
        tick_radio(&c, "kind").await;
        set_date(&c, "date", "2018-02-14").await;
        answer_all(&c, &set, 1, "5").await;
        click_button(&c, "Gem måling").await;
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(
            !main.contains("0101901234") && !main.contains("010190-1234"),
            "{main}"
        );
        assert_eq!(
            c.current_url().await.expect("url").path(),
            format!("/pools/1/questionnaire/{OWN_CODE}")
        );

        c.close().await.expect("close session");

        // A year later (a new login) the person is due: the list's link opens the form.
        app.clock.set_local("2019-02-18 10:00");
        let c = session(&driver, dir.path()).await;
        login(&c, &base, CASEWORKER).await;
        c.goto(&format!("{base}/pools/1/questionnaire/{OWN_CODE}"))
            .await
            .expect("page");
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("Opfølgning denne måned (1)"), "{main}");
        click_and_wait(
            &c,
            Locator::XPath("//main//table//a[starts-with(normalize-space(.),'Registrér')]"),
        )
        .await;
        set_date(&c, "date", "2019-02-18").await;
        answer_all(&c, &set, 5, "20").await;
        docs_screenshot(&c, "questionnaire-form.png", None).await;
        click_button(&c, "Gem måling").await;
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(main.contains("Opfølgning denne måned (0)"), "{main}");
        c.close().await.expect("close session");

        // The officer sees the change in the national results.
        let c = session(&driver, dir.path()).await;
        login(&c, &base, OFFICER).await;
        c.goto(&format!("{base}/pools/1/questionnaire/results"))
            .await
            .expect("results");
        let main = text_of(&c, Locator::Css("main")).await;
        assert!(
            main.contains("Af de 1 borgere med begge målinger svarede 1 højere"),
            "{main}"
        );
        let charts = c.find_all(Locator::Css("main svg")).await.expect("charts");
        assert!(!charts.is_empty(), "no chart");
        docs_screenshot(&c, "questionnaire-results.png", None).await;
        c.close().await.expect("close session");
    });
}

/// Chooses a radio button (scrolled into view and clicked, as a person does; DKFDS
/// draws the button over its label's start, so the label itself is not clicked).
async fn tick_radio(c: &Client, id: &str) {
    let radio = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("radio #{id} not found: {e}"));
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
        vec![serde_json::to_value(&radio).expect("element")],
    )
    .await
    .expect("choose");
    assert!(radio.is_selected().await.expect("selected"), "#{id} chosen");
}
