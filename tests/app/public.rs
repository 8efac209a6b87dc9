//! The operator's published files (`public_dir`): read once at start-up, served as they
//! are under `/public/{name}` to anyone, and nothing but the folder's own files.

use tilskud::config::Config;
use tilskud::startup::Application;

use crate::helpers::*;

const GUIDE: &[u8] = b"%PDF-1.4 vejledning til ansogere";

fn public_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("vejledning.pdf"), GUIDE).expect("pdf");
    std::fs::write(
        dir.path().join("privatliv.html"),
        "<p>Privatlivspolitik</p>",
    )
    .expect("html");
    std::fs::write(dir.path().join(".skjult"), "hidden").expect("hidden");
    std::fs::create_dir(dir.path().join("arkiv")).expect("subfolder");
    std::fs::write(dir.path().join("arkiv").join("gammel.pdf"), "old").expect("old");
    dir
}

fn header(res: &reqwest::blocking::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn published_files_are_served_as_they_are_to_anyone() {
    let folder = public_folder();
    let Some(app) = TestApp::spawn_with(|c| c.public_dir = Some(folder.path().into())) else {
        return;
    };
    let c = app.client();
    let res = c
        .get(app.url("/public/vejledning.pdf"))
        .send()
        .expect("pdf");
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert_eq!(header(&res, "cache-control"), "public, max-age=3600");
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert!(
        res.headers().get("set-cookie").is_none(),
        "no session for a file"
    );
    assert_eq!(res.bytes().expect("body").as_ref(), GUIDE);
    let res = c
        .get(app.url("/public/privatliv.html"))
        .send()
        .expect("html");
    assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
    assert_eq!(res.text().expect("body"), "<p>Privatlivspolitik</p>");

    // Read once at start-up: a file added later is not served until a restart.
    std::fs::write(folder.path().join("ny.pdf"), "new").expect("new");
    for path in [
        "/public/ny.pdf",
        "/public/findes-ikke.pdf",
        "/public/.skjult",
        "/public/arkiv",
        "/public/arkiv/gammel.pdf",
        "/public/arkiv%2Fgammel.pdf",
        "/public/..%2F..%2Fetc%2Fpasswd",
        "/public/..%2Fvejledning.pdf",
        "/public/",
    ] {
        let res = c.get(app.url(path)).send().expect("404");
        assert_eq!(res.status(), 404, "{path}");
    }
}

#[test]
fn without_a_public_folder_nothing_is_published() {
    let app = crate::spawn_app!();
    let res = app
        .client()
        .get(app.url("/public/vejledning.pdf"))
        .send()
        .expect("404");
    assert_eq!(res.status(), 404);
}

#[test]
fn a_public_folder_that_cannot_be_read_stops_the_start() {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.path().into(),
        public_dir: Some(dir.path().join("findes-ikke")),
        ..Config::default()
    };
    let err = Application::build(&config).err().expect("refused");
    assert!(err.to_string().contains("TILSKUD_PUBLIC_DIR"), "{err}");
}
