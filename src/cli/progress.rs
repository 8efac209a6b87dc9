//! A one-line progress bar on stderr, drawn only when stderr is a terminal.

use std::io::{IsTerminal, Write};

pub struct Progress {
    label: String,
    total: usize,
    tty: bool,
}

impl Progress {
    pub fn new(label: &str, total: usize) -> Progress {
        Progress {
            label: label.to_string(),
            total,
            tty: std::io::stderr().is_terminal(),
        }
    }

    pub fn set(&self, done: usize) {
        if !self.tty || self.total == 0 {
            return;
        }
        const WIDTH: usize = 30;
        let filled = done.min(self.total) * WIDTH / self.total;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {done}/{}",
            self.label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total
        );
        if done >= self.total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
