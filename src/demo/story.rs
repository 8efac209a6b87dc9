//! The demo's story of "Flere skal med", August 2017 to August 2019: every applicant has
//! its commitment and its own course (how fast it assesses its gross target group, how
//! active its intervention group is), uploads its monitoring month by month as a
//! municipality would, submits its interim account; the officers review the accounts and
//! pay the rates whose conditions the app finds met, as the municipalities ask for them.
//! Nothing is paid by decree: every request and payout goes through the app's own gate
//! at its (back-dated) instant, so the pages, the queue and the ledger tell one story.
//! See docs/rates.md, "The demo's story".

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{at, illustrative_counts, national, POOL_NAME};
use crate::app::accounts::{self, AccountDraft, AccountKey, LineDraft, Upload};
use crate::app::applications::Mail;
use crate::app::payouts::{self, batches};
use crate::db::audit::Actor;
use crate::db::DbConn;
use crate::domain::accounts::{AccountKind, DocumentPurpose};
use crate::domain::monitoring::file::{self, DemoCourse, DemoMunicipality};
use crate::domain::monitoring::pseudonym::Pseudonymizer;
use crate::domain::monitoring::Month;
use crate::domain::payout_gate::RateState;
use crate::error::AppError;

/// The first month of the demo's monitoring (index 0).
pub const FIRST_MONTH: (i32, u32) = (2017, 8);
/// August 2017 to August 2019, the end of the grant period.
pub const MONTHS: usize = 25;
/// The seed of the monitoring sample (`file::demo_rows`).
const SEED: u64 = 2017;

/// What becomes of a municipality's interim account (the management-certified account of
/// rate 1 that rate 2 waits for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interim {
    /// Submitted in February 2018 (Horsens in March) and approved in March (April).
    Approved,
    /// Submitted late, in June 2019; the officer has started the review.
    InReview,
    /// A draft saved in May 2019, not submitted.
    Draft,
    /// Not begun.
    NotStarted,
}

/// What the municipality and the officers do once a rate is payable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// The municipality asks for it at once; the officers prepare, approve, batch and pay.
    Paid,
    /// The municipality asks for it; the request waits for an officer.
    Requested,
    /// Nobody asks: it stays payable, not requested.
    Waits,
}

/// One municipality of the story.
#[derive(Clone, Copy, Debug)]
pub struct Character {
    pub code: i32,
    pub course: DemoCourse,
    pub interim: Interim,
    pub rate2: Follow,
    pub rate3: Follow,
}

/// A course that assesses its whole gross target group from month `complete`, with an
/// intervention group that is active enough for rate 3 from month `active` (if any).
fn course(complete: Option<usize>, ceiling: u64, pace: u64, active: Option<usize>) -> DemoCourse {
    DemoCourse {
        ceiling,
        pace,
        complete_from: complete,
        offer: 220,
        hours: 50,
        active_from: active,
        active_offer: 420,
    }
}

/// Who does what, by municipality code. Horsens (615, the demo's municipal login) has
/// rate 2 paid in April 2018 and rate 3 payable, for its finance user to request; Aarhus
/// (751) assessed its large target group only in October 2018 and its request for rate
/// 2 waits for the officer. The others are spread over the roles in a fixed order that
/// has nothing to do with their codes' size.
pub fn characters() -> Vec<Character> {
    let mut others: Vec<i32> = illustrative_counts()
        .iter()
        .map(|a| i32::from(a.code.as_u16()))
        .filter(|c| *c != 615 && *c != 751)
        .collect();
    others.sort_by_key(|c| (c.unsigned_abs() * 7_919) % 1_009);
    let mut all = vec![
        Character {
            code: 615,
            course: course(Some(5), 930, 1, Some(12)),
            interim: Interim::Approved,
            rate2: Follow::Paid,
            rate3: Follow::Waits,
        },
        Character {
            code: 751,
            course: course(Some(14), 930, 2, None),
            interim: Interim::Approved,
            rate2: Follow::Requested,
            rate3: Follow::Waits,
        },
    ];
    for (k, code) in others.into_iter().enumerate() {
        let ceiling = 910 + (k as u64 * 37) % 60;
        let pace = 1 + k as u64 % 2;
        let (course, interim, rate2, rate3) = match k {
            // Rate 2 paid in 2018; four of them also rate 3 in 2019, five more have
            // rate 3 payable and have not asked.
            0..=3 => (
                course(Some(3 + k % 7), 940, 1, Some(8 + k)),
                Interim::Approved,
                Follow::Paid,
                Follow::Paid,
            ),
            4..=8 => (
                course(Some(3 + k % 7), 940, 1, Some(9 + k % 4)),
                Interim::Approved,
                Follow::Paid,
                Follow::Waits,
            ),
            9..=31 => (
                course(Some(3 + k % 7), 940, 1, None),
                Interim::Approved,
                Follow::Paid,
                Follow::Waits,
            ),
            // The whole group assessed late; the request waits for the officer.
            32..=35 => (
                course(Some(12 + (k - 32) * 2), ceiling, pace, None),
                Interim::Approved,
                Follow::Requested,
                Follow::Waits,
            ),
            // Payable, not requested.
            36..=40 => (
                course(Some(10 + (k - 36) * 3), ceiling, pace, None),
                Interim::Approved,
                Follow::Waits,
                Follow::Waits,
            ),
            // Everyone assessed, but the interim account is missing or in review.
            41..=44 => (
                course(Some(8 + k % 5), ceiling, pace, None),
                Interim::InReview,
                Follow::Paid,
                Follow::Waits,
            ),
            45..=48 => (
                course(Some(6 + k % 5), ceiling, pace, None),
                if k < 47 {
                    Interim::Draft
                } else {
                    Interim::NotStarted
                },
                Follow::Paid,
                Follow::Waits,
            ),
            // Never the whole group: rate 2's milestone not met.
            _ => (
                course(None, ceiling, pace, None),
                Interim::Approved,
                Follow::Paid,
                Follow::Waits,
            ),
        };
        all.push(Character {
            code,
            course,
            interim,
            rate2,
            rate3,
        });
    }
    all
}

/// The monitoring month of index `i` (0 is August 2017).
pub fn month(i: usize) -> Option<Month> {
    let mut m = Month::new(FIRST_MONTH.0, FIRST_MONTH.1)?;
    for _ in 0..i {
        m = m.next();
    }
    Some(m)
}

/// What a first load added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Told {
    pub commitments: usize,
    pub monitoring_rows: u64,
}

/// Tells the story once (after `super::load`), if no monitoring is stored yet: the
/// commitments that are missing and the whole story, in one transaction (all or nothing).
/// `key` pseudonymises the sample's CPR numbers, as any upload.
pub fn load(conn: &mut DbConn, key: &str) -> Result<Told, AppError> {
    let pseudonymizer = Pseudonymizer::new(key.as_bytes())
        .map_err(|e| AppError::internal(format!("pseudonym key: {e:?}")))?;
    conn.transaction(|c| {
        // Monitoring stored: the story was told, or this is an older demo's database,
        // which keeps the history it has.
        let stored: i64 = crate::db::schema::monitoring_rows::table
            .count()
            .get_result(c)?;
        if stored > 0 {
            return Ok(Told::default());
        }
        let commitments = national::load(c)?;
        let monitoring_rows = Story::new(c, &pseudonymizer)?.tell(c)?;
        Ok(Told {
            commitments,
            monitoring_rows,
        })
    })
}

/// An event of the story, in the order of its instant.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// Every municipality uploads month `i`.
    Upload(usize),
    /// The interim account is saved, signed and submitted.
    Submit(i32),
    /// Saved as a draft only.
    Draft(i32),
    StartReview(i32),
    /// Both checks ticked, approved.
    Approve(i32),
    /// The municipalities ask for what is payable, the officers pay what is asked.
    Payday,
}

struct Story<'a> {
    pool_id: i64,
    officer: Actor,
    approver: Actor,
    people: Vec<(Character, DemoMunicipality, Actor)>,
    pseudonymizer: &'a Pseudonymizer,
}

fn finance_username(code: i32) -> String {
    match code {
        615 => "horsens.finance".into(),
        751 => "aarhus.finance".into(),
        _ => format!("demo-{code}.finance"),
    }
}

/// `(y, m, d)` at `h`:`min` UTC.
fn when((y, m, d): (i32, u32, u32), h: u32, min: u32) -> NaiveDateTime {
    at(y, m, d, h) + chrono::Duration::minutes(i64::from(min))
}

impl<'a> Story<'a> {
    fn new(c: &mut DbConn, pseudonymizer: &'a Pseudonymizer) -> Result<Story<'a>, AppError> {
        use crate::db::schema::pools;
        let pool_id: i64 = pools::table
            .filter(pools::name.eq(POOL_NAME))
            .select(pools::id)
            .first(c)?;
        let characters: BTreeMap<i32, Character> =
            characters().into_iter().map(|ch| (ch.code, ch)).collect();
        let mut people = Vec::new();
        let mut first_person = 0u64;
        // Persons are numbered in the order of `illustrative_counts`, as `demo_rows`
        // numbers them: the same citizens as before the story.
        for a in illustrative_counts() {
            let code = i32::from(a.code.as_u16());
            let count = u32::try_from(a.target_group).unwrap_or(0);
            let ch = characters.get(&code).copied().ok_or(AppError::NotFound)?;
            let m = DemoMunicipality {
                code: a.code,
                first_person,
                count,
                course: ch.course,
            };
            first_person += u64::from(count);
            people.push((ch, m, national::actor(c, &finance_username(code))?));
        }
        Ok(Story {
            pool_id,
            officer: national::actor(c, "officer")?,
            approver: super::approver(c)?,
            people,
            pseudonymizer,
        })
    }

    fn events(&self) -> Vec<(NaiveDateTime, Event)> {
        let mut events = Vec::new();
        for i in 0..MONTHS {
            if let Some(m) = month(i + 1) {
                let (y, mo) = (m.yyyymm() / 100, m.yyyymm() % 100);
                events.push((when((y, mo as u32, 10), 8, 0), Event::Upload(i)));
            }
        }
        for (y, m) in (1..=12)
            .map(|m| (2018, m))
            .chain((1..=9).map(|m| (2019, m)))
        {
            events.push((when((y, m, 12), 8, 0), Event::Payday));
        }
        for (k, (ch, _, _)) in self.people.iter().enumerate() {
            let code = ch.code;
            let k = k as u32;
            match (ch.interim, code) {
                (Interim::Approved, 615) => {
                    events.push((when((2018, 3, 20), 9, 0), Event::Submit(code)));
                    events.push((when((2018, 3, 22), 8, 0), Event::StartReview(code)));
                    events.push((when((2018, 4, 4), 9, 0), Event::Approve(code)));
                }
                (Interim::Approved, _) => {
                    events.push((when((2018, 2, 1 + k % 8), 9, k), Event::Submit(code)));
                    let review = (2018, 3, 20 + k % 9);
                    events.push((when(review, 8, k), Event::StartReview(code)));
                    events.push((when(review, 12, k), Event::Approve(code)));
                }
                (Interim::InReview, _) => {
                    events.push((when((2019, 6, 3 + k % 5), 9, 0), Event::Submit(code)));
                    let review = (2019, 6, 24 + k % 4);
                    events.push((when(review, 8, 0), Event::StartReview(code)));
                }
                (Interim::Draft, _) => {
                    events.push((when((2019, 5, 6 + k % 3), 9, 0), Event::Draft(code)));
                }
                (Interim::NotStarted, _) => {}
            }
        }
        events.sort_by_key(|(t, _)| *t);
        events
    }

    /// The whole story; returns the monitoring rows uploaded.
    fn tell(&self, c: &mut DbConn) -> Result<u64, AppError> {
        self.rate_1(c)?;
        let mut rows = 0;
        for (t, event) in self.events() {
            match event {
                Event::Upload(i) => rows += self.upload(c, t, i)?,
                Event::Submit(code) => self.interim(c, t, code, true)?,
                Event::Draft(code) => self.interim(c, t, code, false)?,
                Event::StartReview(code) => {
                    crate::app::account_reviews::start(c, &self.officer, t, self.key(code))?;
                }
                Event::Approve(code) => self.approve(c, t, code)?,
                Event::Payday => self.payday(c, t)?,
            }
        }
        Ok(rows)
    }

    fn key(&self, code: i32) -> AccountKey {
        AccountKey {
            pool_id: self.pool_id,
            code,
            kind: AccountKind::Interim,
        }
    }

    fn finance(&self, code: i32) -> Result<&Actor, AppError> {
        self.people
            .iter()
            .find(|(ch, _, _)| ch.code == code)
            .map(|(_, _, a)| a)
            .ok_or(AppError::NotFound)
    }

    /// Rate 1 of every commitment, on commitment: prepared, approved by the second officer
    /// and paid in one batch at the end of June 2017 (Horsens's was paid on its own
    /// before).
    fn rate_1(&self, c: &mut DbConn) -> Result<(), AppError> {
        let mut approved = 0;
        for rates in payouts::pool_rates(c, self.pool_id, at(2017, 6, 26, 8))? {
            if rates.rate(1).map(|r| r.state) != Some(RateState::Payable) {
                continue;
            }
            let p = payouts::prepare(
                c,
                &self.officer,
                at(2017, 6, 26, 10),
                (rates.commitment_id, 1),
            )?;
            payouts::approve(c, &self.approver, at(2017, 6, 27, 10), p.id)?;
            approved += 1;
        }
        if approved > 0 {
            self.batch(c, at(2017, 6, 28, 9), at(2017, 6, 30, 9))?;
        }
        Ok(())
    }

    fn batch(
        &self,
        c: &mut DbConn,
        made: NaiveDateTime,
        paid: NaiveDateTime,
    ) -> Result<(), AppError> {
        let batch = batches::create(c, &self.officer, made, self.pool_id)?;
        batches::mark_paid(c, &self.officer, paid, (batch.id, paid.date()), Mail::Skip)?;
        Ok(())
    }

    /// Month `i` uploaded by each municipality on its own, at `t`.
    fn upload(&self, c: &mut DbConn, t: NaiveDateTime, i: usize) -> Result<u64, AppError> {
        use crate::app::monitoring::import;
        let m = month(i).ok_or(AppError::NotFound)?;
        let mut rows = 0;
        for (ch, who, finance) in &self.people {
            let mut text = String::with_capacity(64 * who.count as usize + 100);
            text.push_str(file::HEADER);
            text.push('\n');
            for line in file::demo_month(SEED, *who, m, i) {
                text.push_str(&line);
                text.push('\n');
            }
            let reader = file::Reader::new(std::io::Cursor::new(text), self.pseudonymizer);
            let summary = import::import(
                c,
                finance,
                t,
                import::rows_from(reader),
                Some(ch.code),
                "demo",
                &mut |_| {},
            )
            .map_err(|e| e.into_app_error())?;
            rows += summary.rows;
        }
        Ok(rows)
    }

    /// The interim account: the spend of 2017 (most of rate 1), signed by the director,
    /// with the management's declaration; submitted, or saved as a draft.
    fn interim(
        &self,
        c: &mut DbConn,
        t: NaiveDateTime,
        code: i32,
        submit: bool,
    ) -> Result<(), AppError> {
        let key = self.key(code);
        let account =
            crate::db::queries::accounts::find(c, self.pool_id, code, AccountKind::Interim)?
                .ok_or(AppError::NotFound)?;
        let actual = if code == 615 {
            95_500_000
        } else {
            let rate_1 = payouts::for_municipality(c, (self.pool_id, code), t)?
                .rate(1)
                .map(|r| r.rate.amount_ore)
                .unwrap_or(0);
            // 86–99 % of rate 1, in whole thousands of kroner.
            rate_1 / 100 * (86 + i64::from(code) % 14) / 100_000 * 100_000
        };
        let signed = t.date() - chrono::Days::new(1);
        let draft = AccountDraft {
            signer_name: if code == 615 {
                "Birgitte Lund".into()
            } else {
                format!("Direktør, kommune {code}")
            },
            signer_title: "Direktør for Arbejdsmarked".into(),
            audit_firm: String::new(),
            signed_on: signed.format("%Y-%m-%d").to_string(),
            lines: vec![LineDraft {
                item: "caseworker-salaries".into(),
                year: 2017,
                actual: crate::app::applications::amount_text(actual),
                comment: "Lønninger juni–december 2017".into(),
            }],
        };
        let input = draft
            .parse((account.first_year, account.last_year))
            .map_err(AppError::Invalid)?;
        let finance = self.finance(code)?;
        accounts::save(c, finance, t, key, &input)?;
        if !submit {
            return Ok(());
        }
        let pdf = b"%PDF-1.4\n% Ledelseserklaering (demo)\n%%EOF\n";
        let upload = Upload {
            purpose: DocumentPurpose::Declaration,
            filename: "ledelseserklaering.pdf",
            bytes: pdf,
        };
        accounts::attach(c, finance, t, key, &upload, 1024 * 1024)?;
        accounts::submit(c, finance, t, key, &input)?;
        Ok(())
    }

    fn approve(&self, c: &mut DbConn, t: NaiveDateTime, code: i32) -> Result<(), AppError> {
        use crate::app::account_reviews::{self as reviews, ReviewDraft};
        let draft = ReviewDraft {
            figures_checked: true,
            content_checked: true,
            lines: Vec::new(),
        };
        reviews::save(c, &self.officer, t, self.key(code), &draft)?;
        reviews::approve(c, &self.officer, t, self.key(code))?;
        Ok(())
    }

    /// On the 12th the municipalities ask for what the app finds payable (as their
    /// character does); on the 14th the officer prepares what is asked of those the
    /// officers pay and the second officer approves it; on the 15th it goes in a batch,
    /// paid on the 17th.
    fn payday(&self, c: &mut DbConn, t: NaiveDateTime) -> Result<(), AppError> {
        use chrono::Datelike;
        let day = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(t.year(), t.month(), d)
                .and_then(|date| date.and_hms_opt(h, 0, 0))
                .unwrap_or(t)
        };
        let by_code: BTreeMap<i32, Character> = self
            .people
            .iter()
            .map(|(ch, _, _)| (ch.code, *ch))
            .collect();
        let mut to_pay = Vec::new();
        for rates in payouts::pool_rates(c, self.pool_id, t)? {
            let Some(ch) = by_code.get(&rates.municipality_code) else {
                continue;
            };
            for (rate_no, follow) in [(2, ch.rate2), (3, ch.rate3)] {
                let Some(view) = rates.rate(rate_no) else {
                    continue;
                };
                if view.state == RateState::Payable && follow != Follow::Waits {
                    payouts::request(
                        c,
                        self.finance(ch.code)?,
                        day(12, 9),
                        (self.pool_id, ch.code, rate_no),
                        &request_note(rate_no),
                        (&[], 1),
                    )?;
                    if follow == Follow::Paid {
                        to_pay.push((rates.commitment_id, rate_no));
                    }
                }
            }
        }
        for (i, key) in to_pay.iter().enumerate() {
            let minute = chrono::Duration::minutes(i as i64);
            let p = payouts::prepare(c, &self.officer, day(14, 9) + minute, *key)?;
            payouts::approve(c, &self.approver, day(14, 13) + minute, p.id)?;
        }
        if !to_pay.is_empty() {
            self.batch(c, day(15, 9), day(17, 9))?;
        }
        Ok(())
    }
}

/// The note of a municipality's request (their words, kept as typed).
fn request_note(rate_no: i32) -> String {
    match rate_no {
        2 => "Anmodning om 2. rate: hele bruttomålgruppen er visiteret, og mellemregnskabet \
              er godkendt."
            .into(),
        _ => "Anmodning om 3. rate: mindst 40 % af indsatsgruppen i virksomhedsrettet \
              indsats eller ordinære timer i tre måneder."
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_applicant_has_one_character_and_the_mix_is_the_documented_one() {
        let all = characters();
        assert_eq!(all.len(), 89);
        let codes: std::collections::BTreeSet<i32> = all.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), 89);
        let n = |f: &dyn Fn(&Character) -> bool| all.iter().filter(|c| f(c)).count();
        let complete = |c: &Character| c.course.complete_from.is_some();
        // Rate 2 can be met only by those who assess everyone and have the account.
        assert_eq!(
            n(&|c| complete(c) && c.interim == Interim::Approved),
            33 + 5 + 5
        );
        assert_eq!(n(&|c| !complete(c)), 38);
        assert_eq!(n(&|c| complete(c) && c.rate2 == Follow::Requested), 5);
        assert_eq!(n(&|c| c.course.active_from.is_some()), 4 + 6);
        assert_eq!(
            n(&|c| c.course.active_from.is_some() && c.rate3 == Follow::Paid),
            4
        );
        let horsens = all.iter().find(|c| c.code == 615).expect("Horsens");
        assert_eq!(
            (horsens.rate2, horsens.rate3),
            (Follow::Paid, Follow::Waits)
        );
        assert_eq!(month(0).map(Month::key).as_deref(), Some("2017-08"));
        assert_eq!(
            month(MONTHS - 1).map(Month::key).as_deref(),
            Some("2019-08")
        );
    }
}
