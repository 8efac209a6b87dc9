//! The commitment letter (tilsagnsbrev): a printable A4 HTML page and the same text for
//! the email. Danish, as STAR writes to municipalities. Every figure of the commitment.

use maud::{html, Markup, DOCTYPE};

use super::money;

pub struct LetterView {
    pub letter_no: String,
    pub date: String,
    pub municipality: String,
    pub contact_name: String,
    pub contact_title: String,
    pub pool_name: String,
    pub finance_account: String,
    pub amount_ore: i64,
    pub period: String,
    pub receipt_no: String,
    pub submitted_at: String,
    /// (year, amount)
    pub years: Vec<(i32, i64)>,
    /// (rate number, share text, earliest date text, amount)
    pub rates: Vec<(i32, String, String, i64)>,
    pub account_deadline: String,
    pub auditor_certified: bool,
    pub threshold_ore: i64,
    pub reservation: String,
    pub officer: String,
    pub status: String,
}

fn certification(v: &LetterView) -> String {
    if v.auditor_certified {
        format!(
            "Da tilskuddet er over {}, skal slutregnskabet være revisorpåtegnet.",
            money(v.threshold_ore)
        )
    } else {
        format!(
            "Da tilskuddet er højst {}, skal slutregnskabet være ledelsespåtegnet.",
            money(v.threshold_ore)
        )
    }
}

fn rate_line(share: &str, earliest: &str, amount: i64, n: i32) -> String {
    let when = if earliest.is_empty() {
        "udbetales, når tilsagnet er givet".to_string()
    } else {
        format!("udbetales tidligst {earliest}, når betingelserne for raten er opfyldt")
    };
    format!("Rate {n}: {share} % = {} – {when}.", money(amount))
}

pub fn subject(v: &LetterView) -> String {
    format!(
        "Tilsagn om tilskud fra puljen \"{}\" – {} ({})",
        v.pool_name, v.municipality, v.letter_no
    )
}

/// The letter as a complete, printable HTML document (A4, print CSS).
pub fn letter(v: &LetterView, stylesheet: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                title { (subject(v)) }
                link rel="stylesheet" href=(stylesheet);
            }
            body .letter {
                header {
                    p .sender { strong { "Styrelsen for Arbejdsmarked og Rekruttering" } }
                    p .meta { "Dato: " (v.date) br; "J.nr.: " (v.letter_no) }
                    p .recipient { (v.municipality) " Kommune" br; "Att.: " (v.contact_name) ", " (v.contact_title) }
                }
                @if v.status == "withdrawn" { p .withdrawn { "Tilsagnet er bortfaldet, fordi kommunen har trukket sig fra puljen." } }
                h1 { (subject(v)) }
                p { "Styrelsen for Arbejdsmarked og Rekruttering giver hermed " (v.municipality) " Kommune tilsagn om tilskud på "
                    strong #letter-amount { (money(v.amount_ore)) } " fra puljen \"" (v.pool_name) "\" (" (v.finance_account) ") til projektperioden " (v.period) "." }
                p { "Tilsagnet gives på grundlag af kommunens ansøgning med kvitteringsnummer " (v.receipt_no) ", modtaget " (v.submitted_at) "." }
                h2 { "Tilskuddet fordelt på år" }
                table {
                    thead { tr { th scope="col" { "År" } th scope="col" .num { "Beløb" } } }
                    tbody {
                        @for (y, a) in &v.years { tr { td { (y) } td .num { (money(*a)) } } }
                        tr .sum { th scope="row" { "I alt" } td .num { (money(v.years.iter().map(|y| y.1).sum())) } }
                    }
                }
                h2 { "Udbetaling i rater" }
                ul { @for (n, share, earliest, amount) in &v.rates { li { (rate_line(share, earliest, *amount, *n)) } } }
                p { "Raterne summer til tilskuddet; afrundingen til hele kroner er lagt på sidste rate." }
                h2 { "Regnskab" }
                p { "Kommunen skal aflægge regnskab for hele projektperioden senest " (v.account_deadline) ". " (certification(v)) " Midler, der ikke er brugt til projektet, skal betales tilbage." }
                @if !v.reservation.is_empty() { h2 { "Forbehold" } p { (v.reservation) } }
                p .signature { "Med venlig hilsen" br; (v.officer) br; "Styrelsen for Arbejdsmarked og Rekruttering" }
            }
        }
    }
}

/// The same letter as plain text, for the email.
pub fn letter_text(v: &LetterView) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line("Styrelsen for Arbejdsmarked og Rekruttering");
    line(&format!("Dato: {}   J.nr.: {}", v.date, v.letter_no));
    line(&format!(
        "Til: {} Kommune, att. {}, {}",
        v.municipality, v.contact_name, v.contact_title
    ));
    line("");
    line(&subject(v));
    line("");
    line(&format!(
        "Styrelsen for Arbejdsmarked og Rekruttering giver hermed {} Kommune tilsagn om tilskud på {} fra puljen \"{}\" ({}) til projektperioden {}.",
        v.municipality,
        money(v.amount_ore),
        v.pool_name,
        v.finance_account,
        v.period
    ));
    line(&format!(
        "Tilsagnet gives på grundlag af kommunens ansøgning med kvitteringsnummer {}, modtaget {}.",
        v.receipt_no, v.submitted_at
    ));
    line("");
    line("Tilskuddet fordelt på år:");
    for (y, a) in &v.years {
        line(&format!("  {y}: {}", money(*a)));
    }
    line(&format!(
        "  I alt: {}",
        money(v.years.iter().map(|y| y.1).sum())
    ));
    line("");
    line("Udbetaling i rater:");
    for (n, share, earliest, amount) in &v.rates {
        line(&format!("  {}", rate_line(share, earliest, *amount, *n)));
    }
    line("Raterne summer til tilskuddet; afrundingen til hele kroner er lagt på sidste rate.");
    line("");
    line(&format!(
        "Regnskab: Kommunen skal aflægge regnskab for hele projektperioden senest {}. {} Midler, der ikke er brugt til projektet, skal betales tilbage.",
        v.account_deadline,
        certification(v)
    ));
    if !v.reservation.is_empty() {
        line("");
        line(&format!("Forbehold: {}", v.reservation));
    }
    line("");
    line("Med venlig hilsen");
    line(&v.officer);
    line("Styrelsen for Arbejdsmarked og Rekruttering");
    out
}
