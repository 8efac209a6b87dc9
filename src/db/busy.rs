//! How a SQLite connection waits for the writer. SQLite's own `busy_timeout` handler
//! sleeps ever longer between attempts (1, 2, 5, 10, … up to 100 ms): a login waiting
//! behind an import's short transactions (`app::monitoring::import`) wakes at moments
//! that mostly fall inside the next one, and can wait for seconds although the writer
//! was free every 20 ms. This handler tries again every millisecond for up to
//! `TIMEOUT`, so a waiting writer takes the lock in the pause the import leaves between
//! its transactions. Installed on every SQLite connection the process opens
//! (`sqlite3_auto_extension`), in place of `PRAGMA busy_timeout`.

use std::os::raw::{c_char, c_int, c_void};
use std::sync::Once;
use std::time::Duration;

/// How long a statement waits for the writer before "database is locked".
pub const TIMEOUT: Duration = Duration::from_secs(10);

const POLL: Duration = Duration::from_millis(1);

/// Tries again (`1`) every `POLL` until about `TIMEOUT` has passed. `count` is the number
/// of times it was called for this lock.
unsafe extern "C" fn wait(_: *mut c_void, count: c_int) -> c_int {
    let tries = TIMEOUT.as_millis() / POLL.as_millis();
    if u128::try_from(count).unwrap_or(u128::MAX) >= tries {
        return 0;
    }
    std::thread::sleep(POLL);
    1
}

unsafe extern "C" fn on_open(
    db: *mut libsqlite3_sys::sqlite3,
    _: *mut *mut c_char,
    _: *const libsqlite3_sys::sqlite3_api_routines,
) -> c_int {
    // SAFETY: SQLite calls this with the connection it is opening; the handler has no
    // state to outlive it.
    unsafe { libsqlite3_sys::sqlite3_busy_handler(db, Some(wait), std::ptr::null_mut()) }
}

/// Installs the handler for every SQLite connection opened from now on (once per
/// process).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: registers a function with the signature SQLite expects of an entry
        // point; it only sets the connection's busy handler.
        let rc = unsafe { libsqlite3_sys::sqlite3_auto_extension(Some(on_open)) };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::warn!("the SQLite busy handler could not be installed ({rc})");
        }
    });
}
