//! No CPR number reaches the disk, not even when the server dies in the middle of an
//! upload: the real `tilskud serve` receives half of a large monitoring file over a raw
//! socket, is killed with SIGKILL, and every file under its folder (the SQLite database
//! and its journal, the upload folder) is searched for the file's CPR numbers. Started
//! again, it leaves nothing in the upload folder, not even an older version's leftover.

#![cfg(unix)]

use std::collections::HashSet;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tilskud::domain::monitoring::file::HEADER;

use crate::helpers::TEST_PSEUDONYM_KEY;
use crate::monitoring::files_under;

const PASSWORD: &str = "crash-test-password-2017";

/// `tilskud` with its own SQLite database and data folder under `root/data`.
fn tilskud(root: &Path, args: &[&str]) -> Command {
    let data = root.join("data");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tilskud"));
    cmd.args(args)
        .current_dir(root)
        .env_remove("TILSKUD_CONFIG")
        .env_remove("DATABASE_URL")
        .env(
            "TILSKUD_DATABASE_URL",
            format!("sqlite://{}", data.join("tilskud.db").display()),
        )
        .env("TILSKUD_DATA_DIR", &data)
        .env("TILSKUD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        .env("TILSKUD_LOG", "warn")
        .env("TILSKUD_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    cmd
}

/// A running `tilskud serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(root: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = tilskud(root, &["serve"])
            .env("TILSKUD_BIND", format!("127.0.0.1:{port}"))
            .spawn()
            .expect("start tilskud serve");
        let mut server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            if let Some(status) = server.child.try_wait().expect("wait") {
                panic!("tilskud serve exited: {status}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn kill(&mut self) {
        // SIGKILL: nothing of the server's own clean-up runs.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A distinct, date-valid CPR number for each `i`, with a dash for every other one.
fn cpr(i: usize) -> String {
    let (day, month, year, serial) = (
        1 + i % 28,
        1 + i / 28 % 12,
        i / 336 % 100,
        1000 + i / 33_600,
    );
    if i % 2 == 0 {
        format!("{day:02}{month:02}{year:02}-{serial:04}")
    } else {
        format!("{day:02}{month:02}{year:02}{serial:04}")
    }
}

/// Every CPR number of `text` found in `bytes`, as ten digits, with or without a dash.
fn cprs_in(bytes: &[u8], known: &HashSet<Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for i in 0..bytes.len() {
        let plain = bytes
            .get(i..i + 10)
            .filter(|w| w.iter().all(u8::is_ascii_digit));
        if let Some(w) = plain.filter(|w| known.contains(*w)) {
            found.push(String::from_utf8_lossy(w).into_owned());
        }
        let dashed = bytes
            .get(i..i + 11)
            .filter(|w| w[6] == b'-' && w[..6].iter().chain(&w[7..]).all(u8::is_ascii_digit));
        if let Some(w) = dashed {
            let digits: Vec<u8> = w[..6].iter().chain(&w[7..]).copied().collect();
            if known.contains(&digits) {
                found.push(String::from_utf8_lossy(w).into_owned());
            }
        }
    }
    found
}

/// Logs in through the API: the session cookie and the CSRF token.
fn login(server: &Server) -> (String, String) {
    let res = reqwest::blocking::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({ "username": "officer", "password": PASSWORD }))
        .send()
        .expect("login");
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tilskud="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    let me: serde_json::Value = res.json().expect("json");
    let csrf = me["csrf_token"].as_str().expect("csrf").to_string();
    (cookie, csrf)
}

/// The server's open file in the upload folder (the spool of the upload under way),
/// waited for until it holds data: its `/proc` link and what the link names.
#[cfg(target_os = "linux")]
fn spool_of(server: &Server, uploads: &Path) -> (PathBuf, String) {
    let fds = PathBuf::from(format!("/proc/{}/fd", server.child.id()));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        for entry in std::fs::read_dir(&fds).expect("fds").flatten() {
            let target = std::fs::read_link(entry.path()).unwrap_or_default();
            let filled = std::fs::metadata(entry.path()).is_ok_and(|m| m.len() > 0);
            if target.starts_with(uploads) && filled {
                return (entry.path(), target.display().to_string());
            }
        }
        assert!(Instant::now() < deadline, "the upload was never spooled");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_killed_during_an_upload_leaves_no_cpr_number_on_disk() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let uploads = data.join("uploads");
    let out = tilskud(
        root.path(),
        &[
            "users",
            "add",
            "--username",
            "officer",
            "--role",
            "officer",
            "--name",
            "Officer",
        ],
    )
    .output()
    .expect("users add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // 200,000 lines, about 8 MB, of distinct CPR numbers.
    let count = 200_000;
    let mut body = format!("{HEADER}\n");
    for i in 0..count {
        body.push_str(&format!("{},615,2018-01,1,ja,nej,0,ingen\n", cpr(i)));
    }
    let known: HashSet<Vec<u8>> = (0..count)
        .map(|i| cpr(i).replace('-', "").into_bytes())
        .collect();
    assert_eq!(known.len(), count, "the numbers are distinct");
    let half = body.len() / 2;
    assert!(
        cprs_in(&body.as_bytes()[..1000], &known).len() > 20,
        "the search finds them"
    );

    let mut server = Server::start(root.path());
    let (cookie, csrf) = login(&server);
    let mut socket = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        socket,
        "PUT /api/v1/monitoring HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\n\
         X-CSRF-Token: {csrf}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        server.port,
        body.len()
    )
    .expect("headers");
    socket
        .write_all(&body.as_bytes()[..half])
        .expect("half the body");
    socket.flush().expect("flush");

    #[cfg(target_os = "linux")]
    {
        // The upload is under way: its spool exists, has no name, is the server's own,
        // and holds no CPR number while it is being written.
        use std::os::unix::fs::PermissionsExt;
        let (link, target) = spool_of(&server, &uploads);
        assert!(
            target.ends_with(" (deleted)"),
            "the spool has a name: {target}"
        );
        let mode = std::fs::metadata(&link)
            .expect("spool")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the spool's mode");
        let spooled = std::fs::read(&link).expect("read the spool");
        assert!(spooled.len() > 1000);
        assert_eq!(cprs_in(&spooled, &known), Vec::<String>::new());
    }
    #[cfg(not(target_os = "linux"))]
    std::thread::sleep(Duration::from_secs(2));

    server.kill();
    drop(socket);
    let files = files_under(root.path());
    assert!(files.iter().any(|f| f.ends_with("tilskud.db")), "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let found = cprs_in(&bytes, &known);
        assert!(
            found.is_empty(),
            "{} holds {} CPR numbers, e.g. {}",
            f.display(),
            found.len(),
            found[0]
        );
    }

    // What an older version left behind, CPR numbers included, is gone once the server
    // is back.
    std::fs::create_dir_all(&uploads).expect("uploads");
    std::fs::write(uploads.join("upload-0123abcd.csv"), &body[..half]).expect("leftover");
    let mut again = Server::start(root.path());
    let left: Vec<PathBuf> = files_under(&uploads);
    assert!(left.is_empty(), "left in the upload folder: {left:?}");
    again.kill();
}
