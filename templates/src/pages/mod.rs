//! Pages: each takes a view model (plain data, already translated where it is free text)
//! and returns the body that `layout::page` wraps.

pub mod account;
pub mod account_review;
pub mod allocation;
pub mod application;
pub mod audit;
pub mod claim_letter;
pub mod finance_acts;
pub mod ledger;
pub mod letter;
pub mod login;
pub mod monitoring;
pub mod municipality;
pub mod outbox;
pub mod pools;
pub mod rates;
pub mod users;

/// Field errors, translated: (field name, message).
pub type Errors = Vec<(String, String)>;

pub(crate) fn err(errors: &Errors, field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.clone())
}

/// An amount in Danish notation: whole kroner without decimals ("1.234.567 kr."),
/// otherwise with øre ("1.234,50 kr.").
pub fn money(ore: i64) -> String {
    if ore % 100 == 0 {
        crate::fmt::kroner(ore / 100)
    } else {
        crate::fmt::ore(ore)
    }
}
