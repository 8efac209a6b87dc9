//! Email through an outbox (udgående post). A change that causes an email writes an
//! outbox row in its own audited transaction (`enqueue`), so the email exists exactly when
//! the change committed. The worker (`spawn_worker`) sends due rows later and retries
//! with back-off; any number of instances may run it against one database, because a row
//! is claimed with a guarded `UPDATE … WHERE status = 'pending'` that only one wins.

pub mod outbox;
pub mod transport;
pub mod worker;

use chrono::{NaiveDateTime, Timelike};
use diesel::prelude::*;
use lettre::message::Mailbox;

use crate::db::schema::outbox as ob;
use crate::db::DbConn;
use crate::error::Msg;

pub use outbox::{OutboxRow, Status};
pub use worker::spawn_worker;

/// An email address, optionally with a display name (`Horsens Kommune <tilskud@horsens.dk>`),
/// checked with lettre's parser. Only built by parsing, so an outbox row always has an
/// address the worker can send to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address(Mailbox);

/// Why an email address was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("no email address was given")]
    Empty,
    #[error("{0:?} is not an email address")]
    Invalid(String),
}

impl AddressError {
    /// The catalogue message, for a field error on the form or JSON property it came from.
    pub fn msg(&self) -> Msg {
        match self {
            AddressError::Empty => Msg::new("mail-address-empty"),
            AddressError::Invalid(a) => Msg::new("mail-address-invalid").arg("address", a),
        }
    }
}

impl From<AddressError> for Msg {
    fn from(e: AddressError) -> Msg {
        e.msg()
    }
}

impl Address {
    pub fn parse(input: &str) -> Result<Address, AddressError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(AddressError::Empty);
        }
        text.parse::<Mailbox>()
            .map(Address)
            .map_err(|_| AddressError::Invalid(text.to_string()))
    }

    pub fn mailbox(&self) -> &Mailbox {
        &self.0
    }
}

impl std::str::FromStr for Address {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Address, AddressError> {
        Address::parse(s)
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An email to send once the caller's transaction commits.
#[derive(Clone, Debug)]
pub struct NewEmail {
    /// What the email is, e.g. `commitment-letter`; shown on the outbox page.
    pub kind: &'static str,
    pub to: Address,
    pub subject: String,
    pub body_text: String,
    /// An HTML alternative to `body_text`, if any.
    pub body_html: Option<String>,
    /// The entity the email is about, as in the audit log (`commitment`, `42`).
    pub related_entity: &'static str,
    pub related_id: String,
}

/// Queues an email, due at once. Call it inside the `audit::write` transaction of the
/// change that causes it: if that transaction rolls back, the email was never queued.
/// The outbox row itself needs no audit entry; the change it belongs to has one.
pub fn enqueue(conn: &mut DbConn, now: NaiveDateTime, email: &NewEmail) -> QueryResult<i64> {
    let now = stored(now);
    diesel::insert_into(ob::table)
        .values((
            ob::kind.eq(email.kind),
            ob::to_addr.eq(email.to.to_string()),
            ob::subject.eq(&email.subject),
            ob::body_text.eq(&email.body_text),
            ob::body_html.eq(&email.body_html),
            ob::status.eq(Status::Pending.as_str()),
            ob::attempts.eq(0),
            ob::next_attempt_at.eq(now),
            ob::created_at.eq(now),
            ob::related_entity.eq(email.related_entity),
            ob::related_id.eq(&email.related_id),
        ))
        .returning(ob::id)
        .get_result(conn)
}

/// Queues `email` unless an email with the same `key` was queued before (a reminder that
/// two instances, or a rerun of the same day, both decide to send). Returns the new row,
/// or `None` when the key was taken. Call it inside an `audit::write` transaction: that
/// transaction holds the audit head's lock, which serialises writers on both databases,
/// so the check and the insert cannot interleave with another instance's; the key's
/// primary key is the database's own guard behind that.
pub fn enqueue_once(
    conn: &mut DbConn,
    now: NaiveDateTime,
    email: &NewEmail,
    key: &str,
) -> QueryResult<Option<i64>> {
    use crate::db::schema::outbox_keys as keys;
    let taken: i64 = keys::table
        .filter(keys::dedup_key.eq(key))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(None);
    }
    let id = enqueue(conn, now, email)?;
    diesel::insert_into(keys::table)
        .values((keys::dedup_key.eq(key), keys::outbox_id.eq(id)))
        .execute(conn)?;
    Ok(Some(id))
}

/// A time as both databases keep it (PostgreSQL to the microsecond), cut rather than
/// rounded, so a row written at `now` is already due at `now`.
fn stored(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_may_carry_a_display_name_with_danish_letters() {
        let a = Address::parse(" Ærø Kommune <tilskud@aeroe.dk> ").unwrap();
        assert_eq!(a.mailbox().email.to_string(), "tilskud@aeroe.dk");
        assert_eq!(a.mailbox().name.as_deref(), Some("Ærø Kommune"));
        assert_eq!(
            Address::parse(&a.to_string()).unwrap(),
            a,
            "stored form parses back"
        );
    }

    #[test]
    fn a_malformed_address_is_refused_with_a_catalogue_message() {
        assert_eq!(Address::parse("  "), Err(AddressError::Empty));
        for bad in ["horsens.dk", "a@", "@b.dk", "a b@c.dk", "x@y.dk, z@w.dk"] {
            let err = Address::parse(bad).unwrap_err();
            assert_eq!(err.msg().key, "mail-address-invalid", "{bad}");
        }
    }
}
