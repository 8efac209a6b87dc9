//! Monitoring (monitorering): pseudonymised monthly person-level data, the seven KPIs of
//! the announcement, and the milestone facts rates 2 and 3 are paid on.
//!
//! A national ID number (CPR) never leaves `file`/`pseudonym`: it is validated and
//! replaced by a keyed hash on the way in.

pub mod cpr;
pub mod drop;
pub mod file;
pub mod kpi;
pub mod milestones;
pub mod pseudonym;

use serde::Serialize;

use super::municipality::MunicipalityCode;

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Month {
    pub year: i32,
    /// 1–12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// "2018-02"
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// 201802: how the database stores a month, so that months order as numbers.
    pub fn yyyymm(self) -> i32 {
        self.year * 100 + self.month as i32
    }

    /// The month of a stored 201802; `None` for a number that is no month.
    pub fn from_yyyymm(n: i32) -> Option<Month> {
        Month::new(n / 100, u32::try_from(n % 100).ok()?)
    }
}

/// Assessment group (visitation) of a citizen in the gross target group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Group {
    /// Gruppe 1, indsatsgruppen: personal job broker, towards ordinary hours.
    Intervention,
    /// Gruppe 2: flex job, resource course or disability pension; rehabilitation team.
    Rehabilitation,
    /// Gruppe 3: very serious social or health problems; social services.
    Social,
    /// Not yet assessed.
    NotAssessed,
}

impl Group {
    /// 1, 2, 3, or 0 for not yet assessed: how the file and the database store it.
    pub fn code(self) -> i16 {
        match self {
            Group::Intervention => 1,
            Group::Rehabilitation => 2,
            Group::Social => 3,
            Group::NotAssessed => 0,
        }
    }

    pub fn from_code(code: i16) -> Option<Group> {
        match code {
            1 => Some(Group::Intervention),
            2 => Some(Group::Rehabilitation),
            3 => Some(Group::Social),
            0 => Some(Group::NotAssessed),
            _ => None,
        }
    }

    pub fn is_assessed(self) -> bool {
        self != Group::NotAssessed
    }
}

/// What a citizen went into, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Outcome {
    Job,
    Education,
    FlexJob,
    None,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Job => "job",
            Outcome::Education => "education",
            Outcome::FlexJob => "flexjob",
            Outcome::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        [
            Outcome::Job,
            Outcome::Education,
            Outcome::FlexJob,
            Outcome::None,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

/// One person in one month, pseudonymised. Ordinary hours are kept in hundredths of an
/// hour so that "30 ordinary hours" is compared exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonMonth {
    pub person: pseudonym::Pseudonym,
    pub municipality: MunicipalityCode,
    pub month: Month,
    pub group: Group,
    pub job_broker: bool,
    pub company_offer: bool,
    pub ordinary_centihours: u32,
    pub outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::Month;

    #[test]
    fn a_month_is_stored_as_yyyymm_and_read_back() {
        let m = Month::new(2018, 2).unwrap();
        assert_eq!(m.yyyymm(), 201802);
        assert_eq!(Month::from_yyyymm(201802), Some(m));
        assert_eq!(Month::from_yyyymm(201813), None);
        assert_eq!(Month::from_yyyymm(201800), None);
        assert_eq!(Month::from_yyyymm(-201802), None);
    }
}
