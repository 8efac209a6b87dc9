//! The repayment claim letter (krav om tilbagebetaling): a printable A4 HTML page and the
//! same text for the email, Danish like the commitment letter (`letter.rs`, same style
//! sheet). Every figure of the settlement it comes from.

use maud::{html, Markup, DOCTYPE};

use super::money;
use crate::i18n::{t, Lang};

pub struct ClaimLetterView {
    pub claim_no: String,
    /// The Copenhagen date of the settlement.
    pub date: String,
    pub municipality: String,
    pub contact_name: String,
    pub contact_title: String,
    pub pool_name: String,
    pub finance_account: String,
    /// The commitment letter's number.
    pub letter_no: String,
    pub commitment_ore: i64,
    pub paid_ore: i64,
    pub actual_ore: i64,
    pub ineligible_ore: i64,
    pub eligible_ore: i64,
    pub claim_ore: i64,
    pub due_date: String,
    pub ineligible: Vec<IneligibleLine>,
    /// open, received or written_off.
    pub status: String,
    pub received_on: String,
    pub officer: String,
}

/// An ineligible amount the officer found: cost item key, year, amount, reason.
pub struct IneligibleLine {
    pub item: String,
    pub year: i32,
    pub amount_ore: i64,
    pub reason: String,
}

pub fn subject(v: &ClaimLetterView) -> String {
    format!(
        "Krav om tilbagebetaling af tilskud fra puljen \"{}\" – {} ({})",
        v.pool_name, v.municipality, v.claim_no
    )
}

fn item_label(key: &str) -> String {
    t(Lang::Da, &format!("cost-item-{key}"))
}

fn figures(v: &ClaimLetterView) -> Vec<(&'static str, i64)> {
    vec![
        ("Tilsagn", v.commitment_ore),
        (
            "Afholdte udgifter ifølge det godkendte slutregnskab",
            v.actual_ore,
        ),
        ("Heraf ikke tilskudsberettigede udgifter", v.ineligible_ore),
        (
            "Tilskudsberettigede udgifter (højst tilsagnet)",
            v.eligible_ore,
        ),
        ("Udbetalt tilskud", v.paid_ore),
    ]
}

/// The letter as a complete, printable HTML document (A4, print CSS).
pub fn letter(v: &ClaimLetterView, stylesheet: &str) -> Markup {
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

/// The letter's title.
pub fn title(v: &ClaimLetterView) -> String {
    subject(v)
}

/// The claim letter itself, for a page to frame: always in Danish, as it was sent.
pub fn letter_body(v: &ClaimLetterView) -> Markup {
    html! {
                header {
                    p .sender { strong { "Styrelsen for Arbejdsmarked og Rekruttering" } }
                    p .meta { "Dato: " (v.date) br; "Kravnr.: " span #claim-no { (v.claim_no) } br; "Tilsagn: " (v.letter_no) }
                    p .recipient { (v.municipality) " Kommune" br; "Att.: " (v.contact_name) ", " (v.contact_title) }
                }
                @if v.status == "received" { p .withdrawn { "Beløbet er modtaget " (v.received_on) "." } }
                @if v.status == "written_off" { p .withdrawn { "Kravet er afskrevet." } }
                h1 { (subject(v)) }
                p { "Styrelsen har godkendt " (v.municipality) " Kommunes slutregnskab for tilskuddet fra puljen \""
                    (v.pool_name) "\" (" (v.finance_account) "). Der er udbetalt mere, end der er afholdt tilskudsberettigede udgifter for." }
                h2 { "Opgørelse" }
                table {
                    tbody {
                        @for (label, amount) in figures(v) { tr { th scope="row" { (label) } td .num { (money(amount)) } } }
                        tr .sum { th scope="row" { "Krav om tilbagebetaling" } td .num #claim-amount { (money(v.claim_ore)) } }
                    }
                }
                @if !v.ineligible.is_empty() {
                    h2 { "Ikke tilskudsberettigede udgifter" }
                    table {
                        thead { tr { th scope="col" { "Udgiftspost" } th scope="col" { "År" } th scope="col" .num { "Beløb" } th scope="col" { "Begrundelse" } } }
                        tbody {
                            @for i in &v.ineligible { tr { td { (item_label(&i.item)) } td { (i.year) } td .num { (money(i.amount_ore)) } td { (i.reason) } } }
                        }
                    }
                }
                h2 { "Betaling" }
                p { "Beløbet " strong .nowrap { (money(v.claim_ore)) } " skal indbetales til Styrelsen for Arbejdsmarked og Rekruttering senest "
                    strong #claim-due .nowrap { (v.due_date) } ". Angiv kravnummer " (v.claim_no) " ved betalingen." }
                p .signature { "Med venlig hilsen" br; (v.officer) br; "Styrelsen for Arbejdsmarked og Rekruttering" }
    }
}

/// The same letter as plain text, for the email.
pub fn letter_text(v: &ClaimLetterView) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line("Styrelsen for Arbejdsmarked og Rekruttering");
    line(&format!(
        "Dato: {}   Kravnr.: {}   Tilsagn: {}",
        v.date, v.claim_no, v.letter_no
    ));
    line(&format!(
        "Til: {} Kommune, att. {}, {}",
        v.municipality, v.contact_name, v.contact_title
    ));
    line("");
    line(&subject(v));
    line("");
    line(&format!(
        "Styrelsen har godkendt {} Kommunes slutregnskab for tilskuddet fra puljen \"{}\" ({}). Der er udbetalt mere, end der er afholdt tilskudsberettigede udgifter for.",
        v.municipality, v.pool_name, v.finance_account
    ));
    line("");
    line("Opgørelse:");
    for (label, amount) in figures(v) {
        line(&format!("  {label}: {}", money(amount)));
    }
    line(&format!(
        "  Krav om tilbagebetaling: {}",
        money(v.claim_ore)
    ));
    if !v.ineligible.is_empty() {
        line("");
        line("Ikke tilskudsberettigede udgifter:");
        for i in &v.ineligible {
            line(&format!(
                "  {} {}: {} ({})",
                item_label(&i.item),
                i.year,
                money(i.amount_ore),
                i.reason
            ));
        }
    }
    line("");
    line(&format!(
        "Beløbet {} skal indbetales til Styrelsen for Arbejdsmarked og Rekruttering senest {}. Angiv kravnummer {} ved betalingen.",
        money(v.claim_ore),
        v.due_date,
        v.claim_no
    ));
    line("");
    line("Med venlig hilsen");
    line(&v.officer);
    line("Styrelsen for Arbejdsmarked og Rekruttering");
    out
}
