//! Free text as people type it: what a name or a note may hold.

/// Whether `text` holds a control character (Unicode category Cc: NUL, ESC, DEL, the C1
/// controls …), which no name has and which would reach letters, CSV files and logs
/// unseen. A multi-line text (a note, a reason) may hold line breaks and tabs.
pub fn has_control(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// The catalogue's message for a text with a control character.
pub const CONTROL_KEY: &str = "text-control-chars";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_no_control_characters_and_notes_take_line_breaks() {
        for bad in [
            "Ann\0a",
            "Ann\u{1b}[31m",
            "A\u{7f}",
            "A\u{85}",
            "Anna\n",
            "A\tB",
        ] {
            assert!(has_control(bad, false), "{bad:?}");
        }
        assert!(!has_control("Anna Ødegård-Æbelø", false));
        assert!(!has_control("first line\r\nsecond\tline", true));
        assert!(has_control("note\0", true));
    }
}
