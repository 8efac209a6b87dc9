//! Reminders before and after an account's deadline (`docs/accounts.md`, "Deadlines and
//! reminders").

use chrono::NaiveDate;

/// A pool's reminder offsets, in days from a deadline (negative: before it), as stored:
/// comma-separated, e.g. "-14,0,7". Sorted, without repeats; `None` if a part is not a
/// whole number of days within a year of the deadline.
pub fn parse_reminder_offsets(text: &str) -> Option<Vec<i32>> {
    let mut offsets = text
        .split(',')
        .map(|part| part.trim().parse::<i32>().ok().filter(|d| d.abs() <= 366))
        .collect::<Option<Vec<i32>>>()?;
    offsets.sort_unstable();
    offsets.dedup();
    Some(offsets)
}

/// The reminder due on `today` for an account due on `deadline`: the latest offset whose
/// day has come. Earlier offsets that were missed (no instance ran) are skipped rather
/// than sent late in a burst; `None` before the first.
pub fn due_reminder(deadline: NaiveDate, offsets: &[i32], today: NaiveDate) -> Option<i32> {
    let days_past = (today - deadline).num_days();
    offsets
        .iter()
        .copied()
        .filter(|offset| i64::from(*offset) <= days_past)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reminder_offsets_are_read_sorted_and_without_repeats() {
        assert_eq!(parse_reminder_offsets("-14,0,7"), Some(vec![-14, 0, 7]));
        assert_eq!(
            parse_reminder_offsets(" 7, -14 ,0,7"),
            Some(vec![-14, 0, 7])
        );
        assert_eq!(parse_reminder_offsets("-14,,7"), None);
        assert_eq!(parse_reminder_offsets("14 dage"), None);
        assert_eq!(parse_reminder_offsets("400"), None);
    }

    #[test]
    fn the_latest_reminder_whose_day_has_come_is_the_one_due() {
        let deadline = day(2018, 4, 1);
        let offsets = [-14, 0, 7];
        assert_eq!(due_reminder(deadline, &offsets, day(2018, 3, 17)), None);
        assert_eq!(
            due_reminder(deadline, &offsets, day(2018, 3, 18)),
            Some(-14)
        );
        assert_eq!(
            due_reminder(deadline, &offsets, day(2018, 3, 31)),
            Some(-14)
        );
        assert_eq!(due_reminder(deadline, &offsets, day(2018, 4, 1)), Some(0));
        assert_eq!(due_reminder(deadline, &offsets, day(2018, 4, 8)), Some(7));
        assert_eq!(due_reminder(deadline, &offsets, day(2019, 1, 1)), Some(7));
        assert_eq!(due_reminder(deadline, &[], day(2019, 1, 1)), None);
    }
}
