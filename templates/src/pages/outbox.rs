//! The outbox (udgående post): emails the system has queued or sent, newest first.

use maud::{html, Markup};

use crate::components::{data_table_quiet, link_button, ButtonKind};
use crate::i18n::{t, Lang};

/// One email. Times are already formatted; `status` is the outbox status code.
pub struct OutboxRow {
    pub id: i64,
    pub created: String,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    /// Only while the email waits for another attempt.
    pub next_attempt: Option<String>,
    pub last_error: Option<String>,
    pub sent: Option<String>,
}

fn status_label(lang: Lang, status: &str) -> String {
    match status {
        "pending" => t(lang, "outbox-status-pending"),
        "sending" => t(lang, "outbox-status-sending"),
        "sent" => t(lang, "outbox-status-sent"),
        "failed" => t(lang, "outbox-status-failed"),
        other => other.to_string(),
    }
}

/// The kinds of mail the app sends, each with its label `outbox-kind-{kind}`.
const KINDS: [&str; 9] = [
    "application-receipt",
    "commitment-letter",
    "account-receipt",
    "account-approved",
    "account-sent-back",
    "account-deadline",
    "account-reminder",
    "repayment-claim",
    "rate-paid",
];

/// What a mail is, in words ("Tilsagnsbrev"); an unknown kind is shown as stored.
fn kind_label(lang: Lang, kind: &str) -> String {
    if KINDS.contains(&kind) {
        t(lang, &format!("outbox-kind-{kind}"))
    } else {
        kind.to_string()
    }
}

pub fn list(lang: Lang, rows: &[OutboxRow], older_href: Option<&str>) -> Markup {
    html! {
        h1 { (t(lang, "outbox-heading")) }
        p { (t(lang, "outbox-intro")) }
        @if rows.is_empty() {
            p { (t(lang, "outbox-empty")) }
        } @else {
            (data_table_quiet(lang, &t(lang, "outbox-heading"), html! {
                tr {
                    th scope="col" { "#" }
                    th scope="col" { (t(lang, "outbox-created")) }
                    th scope="col" { (t(lang, "outbox-kind")) }
                    th scope="col" { (t(lang, "outbox-to")) }
                    th scope="col" { (t(lang, "outbox-subject")) }
                    th scope="col" { (t(lang, "outbox-status")) }
                    th scope="col" .text-align-right { (t(lang, "outbox-attempts")) }
                    th scope="col" { (t(lang, "outbox-next-attempt")) }
                    th scope="col" { (t(lang, "outbox-last-error")) }
                    th scope="col" { (t(lang, "outbox-sent-at")) }
                }
            }, html! {
                @for r in rows {
                    tr data-status=(r.status) {
                        td { (r.id) }
                        td { (r.created) }
                        td { (kind_label(lang, &r.kind)) }
                        td { (r.to) }
                        td { (r.subject) }
                        td { (status_label(lang, &r.status)) }
                        td .text-align-right { (r.attempts) }
                        td { (r.next_attempt.as_deref().unwrap_or("–")) }
                        td { (r.last_error.as_deref().unwrap_or("–")) }
                        td { (r.sent.as_deref().unwrap_or("–")) }
                    }
                }
            }))
        }
        @if let Some(h) = older_href {
            p { (link_button(ButtonKind::Secondary, &t(lang, "outbox-older"), h)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outbox_text_exists_in_both_languages() {
        let src = include_str!("outbox.rs");
        let keys: Vec<&str> = src
            .match_indices("\"outbox-")
            .filter_map(|(i, _)| src[i + 1..].split('"').next())
            .filter(|k| !k.ends_with('-') && !k.contains('{'))
            .collect();
        assert!(keys.len() >= 15, "found {keys:?}");
        for lang in Lang::ALL {
            for key in &keys {
                assert_ne!(&t(lang, key), key, "{key} missing in {lang:?}");
            }
            for kind in KINDS {
                assert_ne!(
                    kind_label(lang, kind),
                    kind,
                    "{kind} has no label in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn a_failed_email_shows_its_error_and_no_next_attempt() {
        let row = OutboxRow {
            id: 7,
            created: "23-11-2026 16:00".into(),
            kind: "commitment-letter".into(),
            to: "tilskud@horsens.dk".into(),
            subject: "Tilsagn om tilskud – Horsens".into(),
            status: "failed".into(),
            attempts: 10,
            next_attempt: None,
            last_error: Some("550 no such user".into()),
            sent: None,
        };
        let html = list(Lang::Da, &[row], None).into_string();
        assert!(html.contains("Fejlet"));
        assert!(html.contains("550 no such user"));
        assert!(html.contains("Tilsagn om tilskud – Horsens"));
        let empty = list(Lang::En, &[], None).into_string();
        assert!(empty.contains(&t(Lang::En, "outbox-empty")));
    }
}
