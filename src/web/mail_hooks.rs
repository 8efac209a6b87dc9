//! The emails that state changes send, queued in the outbox inside the change's own
//! transaction (so an email exists exactly when its change committed).

use tilskud_templates::i18n::Lang;

use crate::db::queries::applications::{ApplicationInput, Receipt};
use crate::db::queries::commitments::Full;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::mail::{self, Address, NewEmail};

/// The receipt of a submitted application, to the contact person.
pub fn receipt(
    c: &mut DbConn,
    _lang: Lang,
    pool_id: i64,
    code: i32,
    input: &ApplicationInput,
    r: &Receipt,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let to = Address::parse(&input.contact_email)
        .map_err(|e| AppError::field("contact_email", e.msg()))?;
    let pool = crate::db::queries::pools::get(c, pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = crate::db::queries::municipalities::get(c, code)?
        .map(|m| m.name)
        .unwrap_or_default();
    let at = super::applications::local_seconds(r.submitted_at);
    let body = format!(
        "Kære {name}\n\n\
         Styrelsen for Arbejdsmarked og Rekruttering har modtaget {municipality} Kommunes ansøgning \
         til puljen \"{pool}\".\n\n\
         Kvitteringsnummer: {no}\n\
         Modtaget: {at} (dansk tid)\n\
         Version: {version}\n\
         Budget i alt: {total}\n\n\
         Ansøgningen kan ikke ændres, mens den behandles. Styrelsen vender tilbage med en \
         afgørelse.\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        name = input.contact_name,
        pool = pool.name,
        no = r.receipt_no,
        version = r.version_no,
        total = super::money_text(input.total()),
    );
    let email = NewEmail {
        kind: "application-receipt",
        to,
        subject: format!(
            "Kvittering for ansøgning til \"{}\" ({})",
            pool.name, r.receipt_no
        ),
        body_text: body,
        body_html: None,
        related_entity: "application",
        related_id: r.application_id.to_string(),
    };
    mail::enqueue(c, now, &email)?;
    Ok(())
}

/// The commitment letter, to the contact person of the approved application.
pub fn letter(
    c: &mut DbConn,
    pool_id: i64,
    code: i32,
    full: &Full,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let view = super::applications::letter_view(c, pool_id, code)?;
    let version = crate::db::queries::applications::get_version(c, full.commitment.version_id)?
        .ok_or(AppError::NotFound)?;
    let to = Address::parse(&version.contact_email).map_err(|e| AppError::Conflict(e.msg()))?;
    let email = NewEmail {
        kind: "commitment-letter",
        to,
        subject: tilskud_templates::pages::letter::subject(&view),
        body_text: tilskud_templates::pages::letter::letter_text(&view),
        body_html: None,
        related_entity: "commitment",
        related_id: full.commitment.id.to_string(),
    };
    mail::enqueue(c, now, &email)?;
    Ok(())
}
