//! The statuses of an application, a commitment and a rate, stored as the same strings
//! as ever (`as_str`/`parse`), compared as enums; and the status a rate is shown with,
//! which also depends on the day.

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

/// A stored status the code does not know (the database's checks make this impossible).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {kind} status {value:?}")]
pub struct UnknownStatus {
    pub kind: &'static str,
    pub value: String,
}

/// Declares a status enum with its stored strings.
macro_rules! status_enum {
    ($(#[$doc:meta])* $name:ident, $kind:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::status::UnknownStatus;

            fn try_from(s: String) -> Result<$name, Self::Error> {
                $name::parse(&s).ok_or($crate::domain::status::UnknownStatus { kind: $kind, value: s })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use status_enum;

status_enum! {
    /// Where an application (ansøgning) is in its life.
    ApplicationStatus, "application" {
        /// Being written by the municipality; never submitted.
        Draft => "draft",
        /// Submitted and frozen, awaiting the officer's decision.
        Submitted => "submitted",
        /// Sent back by the officer; the municipality may change and resubmit it.
        ChangesRequested => "changes_requested",
        Rejected => "rejected",
        /// A commitment was given.
        Approved => "approved",
        /// The municipality withdrew.
        Withdrawn => "withdrawn",
    }
}

impl ApplicationStatus {
    /// The municipality may change its application only as a draft or when changes were
    /// asked for.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Draft | ApplicationStatus::ChangesRequested
        )
    }

    /// Whether the municipality can still withdraw: not once it was rejected or withdrawn.
    pub fn can_withdraw(self) -> bool {
        !matches!(
            self,
            ApplicationStatus::Rejected | ApplicationStatus::Withdrawn
        )
    }
}

status_enum! {
    /// A commitment (tilsagn): active once whole; withdrawn with its application.
    CommitmentStatus, "commitment" {
        /// Only inside the approving transaction, before its parts are checked.
        Draft => "draft",
        Active => "active",
        Withdrawn => "withdrawn",
    }
}

status_enum! {
    /// A rate of a commitment as stored.
    RateStatus, "rate" {
        /// Not paid yet (payable from its earliest date).
        Pending => "pending",
        Paid => "paid",
        /// Not to be paid: the commitment was withdrawn before.
        Cancelled => "cancelled",
    }
}

status_enum! {
    /// Where an account (regnskab) is in its life (`docs/accounts.md`). Due and overdue
    /// are not statuses: they are the deadline against the day for an account that is
    /// still with the municipality.
    AccountStatus, "account" {
        /// Nothing submitted yet: the municipality writes its draft version.
        Draft => "draft",
        /// A version was submitted and frozen; no officer has started its review.
        Submitted => "submitted",
        /// An officer is reviewing the submitted version.
        InReview => "in_review",
        /// The officer sent it back with a reason; the municipality submits a new version.
        SentBack => "sent_back",
        /// Approved by the officer; final (the final account's approval settles the grant).
        Approved => "approved",
        /// No longer required: the commitment was withdrawn before it was approved.
        Cancelled => "cancelled",
    }
}

impl AccountStatus {
    /// The municipality may change its draft version only before it submits and after
    /// the officer sent it back.
    pub fn is_with_municipality(self) -> bool {
        matches!(self, AccountStatus::Draft | AccountStatus::SentBack)
    }

    /// The moves an account may make: submit (from draft or sent back), start the review,
    /// approve or send back (from review), cancel (anything not yet approved or
    /// cancelled). Approved and cancelled are final.
    pub fn can_become(self, next: AccountStatus) -> bool {
        use AccountStatus::*;
        match next {
            Submitted => self.is_with_municipality(),
            InReview => self == Submitted,
            Approved | SentBack => self == InReview,
            Cancelled => !matches!(self, Approved | Cancelled),
            Draft => false,
        }
    }
}

/// How a rate is shown: its stored status, with a pending rate whose earliest date is
/// still to come shown as not due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RateShown {
    #[serde(rename = "paid")]
    Paid,
    #[serde(rename = "cancelled")]
    Cancelled,
    /// Pending and payable now.
    #[serde(rename = "pending")]
    Pending,
    /// Pending, but its earliest date is in the future.
    #[serde(rename = "not-due")]
    NotDue,
}

impl RateShown {
    /// paid, cancelled, pending or not-due (the API's and the catalogue's word).
    pub fn as_str(self) -> &'static str {
        match self {
            RateShown::Paid => "paid",
            RateShown::Cancelled => "cancelled",
            RateShown::Pending => "pending",
            RateShown::NotDue => "not-due",
        }
    }

    /// A rate is due on its earliest date in Denmark: `today` is the Copenhagen date.
    pub fn of(status: RateStatus, earliest: Option<NaiveDate>, today: NaiveDate) -> RateShown {
        match status {
            RateStatus::Paid => RateShown::Paid,
            RateStatus::Cancelled => RateShown::Cancelled,
            RateStatus::Pending if earliest.is_some_and(|d| d > today) => RateShown::NotDue,
            RateStatus::Pending => RateShown::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn statuses_are_stored_as_the_same_strings_as_before() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(*s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
        assert_eq!(
            ApplicationStatus::ChangesRequested.as_str(),
            "changes_requested"
        );
        assert_eq!(
            CommitmentStatus::parse("active"),
            Some(CommitmentStatus::Active)
        );
        assert_eq!(RateStatus::parse("cancelled"), Some(RateStatus::Cancelled));
        assert!(RateStatus::try_from("due".to_string()).is_err());
    }

    #[test]
    fn an_account_moves_from_draft_through_review_to_approved_and_nowhere_after() {
        use AccountStatus::*;
        let allowed: Vec<(AccountStatus, AccountStatus)> = AccountStatus::ALL
            .iter()
            .flat_map(|a| AccountStatus::ALL.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Draft, Submitted),
                (Draft, Cancelled),
                (Submitted, InReview),
                (Submitted, Cancelled),
                (InReview, SentBack),
                (InReview, Approved),
                (InReview, Cancelled),
                (SentBack, Submitted),
                (SentBack, Cancelled),
            ]
        );
        assert!(Draft.is_with_municipality() && SentBack.is_with_municipality());
        assert!(!Submitted.is_with_municipality() && !Approved.is_with_municipality());
        assert_eq!(AccountStatus::parse("in_review"), Some(InReview));
        assert_eq!(SentBack.as_str(), "sent_back");
        assert!(AccountStatus::try_from("due".to_string()).is_err());
    }

    #[test]
    fn a_pending_rate_is_not_due_before_its_earliest_date_and_due_on_it() {
        let earliest = Some(day(2018, 1, 1));
        let shown = |today| RateShown::of(RateStatus::Pending, earliest, today);
        assert_eq!(shown(day(2017, 12, 31)), RateShown::NotDue);
        assert_eq!(shown(day(2018, 1, 1)), RateShown::Pending);
        assert_eq!(
            RateShown::of(RateStatus::Pending, None, day(2000, 1, 1)),
            RateShown::Pending
        );
    }

    #[test]
    fn paid_and_cancelled_rates_are_shown_as_they_are_whatever_the_date() {
        let early = day(2000, 1, 1);
        let earliest = Some(day(2018, 1, 1));
        assert_eq!(
            RateShown::of(RateStatus::Paid, earliest, early),
            RateShown::Paid
        );
        assert_eq!(
            RateShown::of(RateStatus::Cancelled, earliest, early),
            RateShown::Cancelled
        );
        assert_eq!(RateShown::NotDue.as_str(), "not-due");
    }
}
