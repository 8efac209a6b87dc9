//! Builds the table of embedded static files from `static/`, so the list can never drift
//! from what `static/update-dkfds.sh` vendored, and derives a content hash for
//! cache-busting. Only the Rust standard library is used.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Extensions that are served; everything else under static/ (licences, VERSION, the
/// update script) is kept in the repository but not embedded.
const SERVED: &[&str] = &["css", "svg", "png", "woff2", "woff", "ttf", "eot", "js"];

fn main() -> io::Result<()> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let root = manifest.join("static");
    println!("cargo:rerun-if-changed=static");

    let mut files = Vec::new();
    collect(&root, &root, &mut files)?;
    files.sort();

    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut table = String::from("pub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        let bytes = fs::read(abs)?;
        for b in rel.as_bytes().iter().chain(&[0u8]).chain(bytes.iter()) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let abs = abs
            .to_str()
            .ok_or_else(|| io::Error::other("non-UTF-8 path"))?;
        writeln!(table, "    ({rel:?}, include_bytes!({abs:?})),").map_err(io::Error::other)?;
    }
    table.push_str("];\n");

    let version = fs::read_to_string(root.join("dkfds/VERSION"))?;
    let version = version.trim();
    writeln!(table, "pub const DKFDS_VERSION: &str = {version:?};").map_err(io::Error::other)?;
    let asset_version = format!("{version}-{:08x}", hash >> 32);
    writeln!(table, "pub const ASSET_VERSION: &str = {asset_version:?};")
        .map_err(io::Error::other)?;

    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(out.join("assets.rs"), table)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        let served = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SERVED.contains(&e));
        if !served {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, path));
    }
    Ok(())
}
