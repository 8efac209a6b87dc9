//! What the agency writes to a municipality: the receipt of a submitted application and
//! the commitment letter (the printable page and the email are one view), with the
//! formats their dates and times are shown in. Composed here, with the templates crate
//! (the leaf that renders letters and emails), because the operations queue the emails
//! in their own transactions; the pages and the API show the same times the same way.
//! Every date is the Copenhagen date, also just after midnight.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use tilskud_templates::pages::letter::{self as view, LetterRate, LetterView, YearAmount};

use super::applications::{ApplicationInput, Receipt};
use super::commitments::Letter;
use crate::domain::accounts::{self, Certification};
use crate::domain::money::Ore;
use crate::domain::status::CommitmentStatus;
use crate::domain::time::to_local;
use crate::error::{AppError, AppResult};
use crate::mail::{Address, NewEmail};

/// A date as the letter shows it: "02.12.2026".
pub fn date_text(d: NaiveDate) -> String {
    tilskud_templates::fmt::date_da(d.year(), d.month(), d.day())
}

/// The Copenhagen date of a UTC instant, as the letter shows it.
pub fn local_date_text(t: NaiveDateTime) -> String {
    date_text(to_local(t.and_utc()).date_naive())
}

/// A date as a Danish letter writes it: "31. december 2019".
pub fn long_date_text(d: NaiveDate) -> String {
    tilskud_templates::fmt::date_long(
        tilskud_templates::i18n::Lang::Da,
        d.year(),
        d.month(),
        d.day(),
    )
}

/// The Copenhagen date of a UTC instant, as a Danish letter writes it.
pub fn local_long_date_text(t: NaiveDateTime) -> String {
    long_date_text(to_local(t.and_utc()).date_naive())
}

/// A UTC instant in Danish time to the second, "02.06.2017 11:59:59": submission times
/// are shown to the second, because the deadline is judged to the second.
pub fn seconds_text(t: NaiveDateTime) -> String {
    to_local(t.and_utc())
        .format("%d.%m.%Y %H:%M:%S")
        .to_string()
}

/// A share in basis points as a percentage without the sign: "30", "12,50".
pub fn share_text(bp: i32) -> String {
    crate::app::pools::format_bp(bp)
}

/// The receipt of a submitted application, to its contact person.
pub fn receipt_email(
    pool_name: &str,
    municipality: &str,
    input: &ApplicationInput,
    r: &Receipt,
) -> AppResult<NewEmail> {
    let to = Address::parse(&input.contact_email)
        .map_err(|e| AppError::field("contact_email", e.msg()))?;
    let body = format!(
        "Kære {name}\n\n\
         Styrelsen for Arbejdsmarked og Rekruttering har modtaget {municipality} Kommunes ansøgning \
         til puljen \"{pool_name}\".\n\n\
         Kvitteringsnummer: {no}\n\
         Modtaget: {at} (dansk tid)\n\
         Version: {version}\n\
         Budget i alt: {total}\n\n\
         Ansøgningen kan ikke ændres, mens den behandles. Styrelsen vender tilbage med en \
         afgørelse.\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        name = input.contact_name,
        no = r.receipt_no,
        at = seconds_text(r.submitted_at),
        version = r.version_no,
        total = tilskud_templates::pages::money(input.total()),
    );
    Ok(NewEmail {
        kind: "application-receipt",
        to,
        subject: format!(
            "Kvittering for ansøgning til \"{pool_name}\" ({})",
            r.receipt_no
        ),
        body_text: body,
        body_html: None,
        related_entity: "application",
        related_id: r.application_id.to_string(),
    })
}

/// The letter's view model: every figure of the commitment, dated with the Copenhagen
/// date of the approval.
pub fn letter_view(l: &Letter) -> LetterView {
    let c = &l.full.commitment;
    let grant = Ore::from_ore(c.amount_ore).unwrap_or(Ore::ZERO);
    let threshold = Ore::from_ore(l.pool.auditor_threshold_ore).unwrap_or(Ore::ZERO);
    LetterView {
        letter_no: c.letter_no.clone(),
        date: local_date_text(c.approved_at),
        municipality: l.municipality.clone(),
        contact_name: l.version.contact_name.clone(),
        contact_title: l.version.contact_title.clone(),
        pool_name: l.pool.name.clone(),
        finance_account: l.pool.finance_account.clone(),
        amount_ore: c.amount_ore,
        period: format!(
            "{} – {}",
            date_text(c.period_start),
            date_text(c.period_end)
        ),
        receipt_no: l.version.receipt_no.clone().unwrap_or_default(),
        submitted_at: l.version.submitted_at.map(seconds_text).unwrap_or_default(),
        years: l
            .full
            .years
            .iter()
            .map(|(year, amount_ore)| YearAmount {
                year: *year,
                amount_ore: *amount_ore,
            })
            .collect(),
        rates: l
            .full
            .rates
            .iter()
            .map(|r| LetterRate {
                number: r.rate_no,
                share: share_text(r.share_bp),
                earliest: r.earliest_date.map(date_text).unwrap_or_default(),
                amount_ore: r.amount_ore,
            })
            .collect(),
        account_deadline: date_text(c.account_deadline),
        auditor_certified: accounts::certification(grant, threshold) == Certification::Auditor,
        threshold_ore: l.pool.auditor_threshold_ore,
        reservation: c.reservation.clone(),
        officer: l.officer.clone(),
        withdrawn: c.status == CommitmentStatus::Withdrawn,
    }
}

/// The commitment letter as an email, to the contact person of the approved version.
pub fn letter_email(l: &Letter) -> AppResult<NewEmail> {
    let v = letter_view(l);
    let to = Address::parse(&l.version.contact_email).map_err(|e| AppError::Conflict(e.msg()))?;
    Ok(NewEmail {
        kind: "commitment-letter",
        to,
        subject: view::subject(&v),
        body_text: view::letter_text(&v),
        body_html: None,
        related_entity: "commitment",
        related_id: l.full.commitment.id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn just_after_midnight_in_denmark_is_already_the_next_day_in_winter_and_summer() {
        // 00:24 on 2 December is 23:24 UTC on 1 December (CET, UTC+1).
        assert_eq!(local_date_text(utc("2026-12-01 23:24:00")), "02.12.2026");
        // 00:30 on 2 June is 22:30 UTC on 1 June (CEST, UTC+2).
        assert_eq!(local_date_text(utc("2027-06-01 22:30:00")), "02.06.2027");
        assert_eq!(local_date_text(utc("2027-06-01 21:59:59")), "01.06.2027");
    }

    #[test]
    fn submission_times_are_danish_time_to_the_second() {
        assert_eq!(
            seconds_text(utc("2017-06-02 09:59:59")),
            "02.06.2017 11:59:59"
        );
    }
}
