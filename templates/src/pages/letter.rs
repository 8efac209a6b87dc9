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
    pub years: Vec<YearAmount>,
    pub rates: Vec<LetterRate>,
    pub account_deadline: String,
    pub auditor_certified: bool,
    pub threshold_ore: i64,
    pub reservation: String,
    pub officer: String,
    /// The municipality withdrew: the commitment has lapsed.
    pub withdrawn: bool,
}

/// A year's part of an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearAmount {
    pub year: i32,
    pub amount_ore: i64,
}

/// A rate as the letter states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterRate {
    pub number: i32,
    /// The share as a percentage without the sign: "30", "12,50".
    pub share: String,
    /// The earliest date of payment; empty when it is paid on the commitment.
    pub earliest: String,
    pub amount_ore: i64,
}

/// The sum of a split by year.
pub fn years_total(years: &[YearAmount]) -> i64 {
    years.iter().map(|y| y.amount_ore).sum()
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

fn rate_line(r: &LetterRate) -> String {
    let when = if r.earliest.is_empty() {
        "udbetales, når tilsagnet er givet".to_string()
    } else {
        format!(
            "udbetales tidligst {}, når betingelserne for raten er opfyldt",
            r.earliest
        )
    };
    format!(
        "Rate {}: {} % = {} – {when}.",
        r.number,
        r.share,
        money(r.amount_ore)
    )
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
            body .letter { (letter_body(v)) }
        }
    }
}

/// The letter's title, e.g. "Tilsagn om tilskud – Flere skal med".
pub fn title(v: &LetterView) -> String {
    subject(v)
}

/// The letter itself (sender, recipient, text, signature), for a page to frame: always
/// in Danish, as it was sent.
pub fn letter_body(v: &LetterView) -> Markup {
    html! {
                header {
                    p .sender { strong { "Styrelsen for Arbejdsmarked og Rekruttering" } }
                    p .meta { "Dato: " (v.date) br; "J.nr.: " (v.letter_no) }
                    p .recipient { (v.municipality) " Kommune" br; "Att.: " (v.contact_name) ", " (v.contact_title) }
                }
                @if v.withdrawn { p .withdrawn { "Tilsagnet er bortfaldet, fordi kommunen har trukket sig fra puljen." } }
                h1 { (subject(v)) }
                p { "Styrelsen for Arbejdsmarked og Rekruttering giver hermed " (v.municipality) " Kommune tilsagn om tilskud på "
                    strong #letter-amount { (money(v.amount_ore)) } " fra puljen \"" (v.pool_name) "\" (" (v.finance_account) ") til projektperioden " (v.period) "." }
                p { "Tilsagnet gives på grundlag af kommunens ansøgning med kvitteringsnummer " (v.receipt_no) ", modtaget " (v.submitted_at) "." }
                h2 { "Tilskuddet fordelt på år" }
                table {
                    thead { tr { th scope="col" { "År" } th scope="col" .num { "Beløb" } } }
                    tbody {
                        @for y in &v.years { tr { td { (y.year) } td .num { (money(y.amount_ore)) } } }
                        tr .sum { th scope="row" { "I alt" } td .num { (money(years_total(&v.years))) } }
                    }
                }
                h2 { "Udbetaling i rater" }
                ul { @for r in &v.rates { li { (rate_line(r)) } } }
                p { "Raterne summer til tilskuddet; afrundingen til hele kroner er lagt på sidste rate." }
                h2 { "Regnskab" }
                p { "Kommunen skal aflægge regnskab for hele projektperioden senest " (v.account_deadline) ". " (certification(v)) " Midler, der ikke er brugt til projektet, skal betales tilbage." }
                @if !v.reservation.is_empty() { h2 { "Forbehold" } p { (v.reservation) } }
                p .signature { "Med venlig hilsen" br; (v.officer) br; "Styrelsen for Arbejdsmarked og Rekruttering" }
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
    for y in &v.years {
        line(&format!("  {}: {}", y.year, money(y.amount_ore)));
    }
    line(&format!("  I alt: {}", money(years_total(&v.years))));
    line("");
    line("Udbetaling i rater:");
    for r in &v.rates {
        line(&format!("  {}", rate_line(r)));
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
