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
pub mod municipalities;
pub mod municipality;
pub mod outbox;
pub mod pools;
pub mod questionnaire;
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

/// The error summary's lines: each message led by the name of its field ("Budget,
/// Projektledelse 2027: …"), as `label` names it; a message about the whole form as it is.
pub(crate) fn labelled_summary(
    lang: crate::i18n::Lang,
    errors: &Errors,
    label: impl Fn(&str) -> Option<String>,
) -> Errors {
    errors
        .iter()
        .map(|(field, message)| {
            let text = match label(field) {
                Some(l) => crate::i18n::t_args(
                    lang,
                    "account-field-error",
                    &[
                        ("field", crate::i18n::Arg::from(l)),
                        ("message", crate::i18n::Arg::from(message.clone())),
                    ],
                ),
                None => message.clone(),
            };
            (field.clone(), text)
        })
        .collect()
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

/// The breadcrumbs of a page below a pool: Puljer › the pool › this page.
pub fn pool_trail(
    lang: crate::i18n::Lang,
    pool_id: i64,
    pool_name: &str,
    current: &str,
) -> maud::Markup {
    let pool_href = format!("/pools/{pool_id}");
    crate::components::breadcrumbs(
        lang,
        &[
            (&crate::i18n::t(lang, "nav-pools"), "/pools"),
            (pool_name, &pool_href),
        ],
        current,
    )
}
