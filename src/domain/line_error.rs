//! A problem at a line (and column) of a file users upload: the monitoring file, the
//! questionnaire's answer file and its question-set file share this shape, and each
//! file's own kinds say what went wrong.

use std::fmt;

/// What went wrong, without where: a catalogue key and the arguments it carries.
pub trait LineErrorKind: fmt::Display {
    /// The catalogue key of the whole message.
    fn key(&self) -> &'static str;
    /// The arguments the kind carries (besides the line and field).
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// One problem at a 1-based line. `field` is a column name, or `""` when the problem is
/// the whole line. Nothing here holds any of the line's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineError<K> {
    pub line: usize,
    pub field: &'static str,
    pub kind: K,
}

impl<K: fmt::Display> fmt::Display for LineError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.kind)
        } else {
            write!(f, "line {}, field {}: {}", self.line, self.field, self.kind)
        }
    }
}

impl<K: fmt::Debug + fmt::Display> std::error::Error for LineError<K> {}

impl<K: LineErrorKind> LineError<K> {
    /// The catalogue key of the whole message; its arguments are [`LineError::args`].
    pub fn key(&self) -> &'static str {
        self.kind.key()
    }

    /// The message arguments: always `line`, `field` for a field's error, and what the
    /// kind carries.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = vec![("line", self.line.to_string())];
        if !self.field.is_empty() {
            args.push(("field", self.field.to_owned()));
        }
        args.extend(self.kind.args());
        args
    }
}
