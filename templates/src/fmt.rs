//! Danish number, money and date formatting for display.
//!
//! Amounts are Danish kroner and are shown in the Danish format in every language:
//! `.` groups thousands, `,` separates decimals, the unit is `kr.`. Inputs are plain
//! integers and strings (øre as `i64`, decimals as their `Display` text, dates as
//! year/month/day numbers), so this crate needs neither a decimal nor a date library.

use crate::i18n::Lang;

/// Whole kroner: `1234567` → `"1.234.567 kr."`, `-1234` → `"-1.234 kr."`.
pub fn kroner(kr: i64) -> String {
    format!("{} kr.", number(kr))
}

/// Øre shown as kroner with two decimals: `123456789` → `"1.234.567,89 kr."`,
/// `-50` → `"-0,50 kr."`. Always two decimals, `",00"` included, so columns align.
pub fn ore(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{},{:02} kr.", group(abs / 100), abs % 100)
}

/// A whole number with thousands separators: `25000` → `"25.000"`.
pub fn number(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(n.unsigned_abs()))
}

/// A decimal's text (as `rust_decimal::Decimal` displays it) in Danish format:
/// `"2887640.449438"` → `"2.887.640,449438"`, `"-0.5"` → `"-0,5"`. All digits are kept.
/// Text that is not a plain decimal is returned unchanged rather than guessed at.
pub fn decimal_str(s: &str) -> String {
    let (sign, unsigned) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || frac.is_some_and(|f| f.is_empty() || !digits(f)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    out.push_str(sign);
    out.push_str(&group_digits(int));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// Numeric Danish date: `date_da(2025, 3, 7)` → `"07.03.2025"`.
pub fn date_da(year: i32, month: u32, day: u32) -> String {
    format!("{day:02}.{month:02}.{year:04}")
}

/// Numeric Danish date and time (24-hour clock): `"07.03.2025 14:05"`.
pub fn datetime_da(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{} {hour:02}:{minute:02}", date_da(year, month, day))
}

/// A date and time as people read them in text: `"2. juni 2017 kl. 12.00"` (Danish
/// writes the time with a full stop) / `"2 June 2017 at 12:00"`.
pub fn datetime_long(
    lang: Lang,
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
) -> String {
    let date = date_long(lang, year, month, day);
    match lang {
        Lang::Da => format!("{date} kl. {hour:02}.{minute:02}"),
        Lang::En => format!("{date} at {hour:02}:{minute:02}"),
    }
}

/// A month as Danish people read it: `"februar 2018"` / `"February 2018"`. A month
/// outside 1–12 falls back to `"2018-13"` instead of failing.
pub fn month_long(lang: Lang, year: i32, month: u32) -> String {
    match month
        .checked_sub(1)
        .and_then(|i| month_names(lang).get(i as usize))
    {
        Some(name) => format!("{name} {year}"),
        None => format!("{year:04}-{month:02}"),
    }
}

/// A month key `"2018-02"` (as `Month::key` writes it) in words (`month_long`); any
/// other text is returned as it is.
pub fn month_key_long(lang: Lang, key: &str) -> String {
    match parse_month_key(key) {
        Some((y, m)) => month_long(lang, y, m),
        None => key.to_string(),
    }
}

/// A month in the few characters a chart's axis has room for: `"feb. 18"` /
/// `"Feb 18"` (CLDR's abbreviations; "maj" is not shortened, so it has no full stop).
/// A month outside 1–12 falls back to `"2018-13"`.
pub fn month_short(lang: Lang, year: i32, month: u32) -> String {
    const DA: [&str; 12] = [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let names = match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    };
    match month.checked_sub(1).and_then(|i| names.get(i as usize)) {
        Some(name) => format!("{name} {:02}", year.rem_euclid(100)),
        None => format!("{year:04}-{month:02}"),
    }
}

/// A month key `"2018-02"` in its short form (`month_short`); any other text is
/// returned as it is.
pub fn month_key_short(lang: Lang, key: &str) -> String {
    match parse_month_key(key) {
        Some((y, m)) => month_short(lang, y, m),
        None => key.to_string(),
    }
}

/// The year and month of a key `"2018-02"`, as `Month::key` writes it.
pub fn parse_month_key(key: &str) -> Option<(i32, u32)> {
    if key.len() != 7 {
        return None;
    }
    let (y, m) = key.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

fn month_names(lang: Lang) -> &'static [&'static str; 12] {
    const DA: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// Date with the month written out: `"7. marts 2025"` / `"7 March 2025"`.
/// A month outside 1–12 falls back to the numeric form instead of failing.
pub fn date_long(lang: Lang, year: i32, month: u32, day: u32) -> String {
    let names = month_names(lang);
    let Some(name) = month.checked_sub(1).and_then(|i| names.get(i as usize)) else {
        return date_da(year, month, day);
    };
    match lang {
        Lang::Da => format!("{day}. {name} {year}"),
        Lang::En => format!("{day} {name} {year}"),
    }
}

fn group(n: u64) -> String {
    group_digits(&n.to_string())
}

/// Inserts `.` every three digits from the right; `digits` is ASCII digits only.
fn group_digits(digits: &str) -> String {
    let len = digits.len();
    // Length of the leading group: 1–3 digits, so every later group has exactly 3.
    let head = match len % 3 {
        0 => len.min(3),
        r => r,
    };
    let mut out = String::with_capacity(len + len / 3);
    out.push_str(&digits[..head]);
    let mut rest = &digits[head..];
    while !rest.is_empty() {
        out.push('.');
        out.push_str(&rest[..3]);
        rest = &rest[3..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_written_in_words_and_a_bad_one_falls_back() {
        assert_eq!(month_long(Lang::Da, 2018, 2), "februar 2018");
        assert_eq!(month_long(Lang::En, 2019, 12), "December 2019");
        assert_eq!(month_long(Lang::Da, 2018, 13), "2018-13");
        assert_eq!(month_key_long(Lang::Da, "2018-06"), "juni 2018");
        assert_eq!(month_key_long(Lang::Da, "juni"), "juni");
    }

    #[test]
    fn a_chart_writes_months_short_in_danish_or_english() {
        assert_eq!(month_short(Lang::Da, 2018, 1), "jan. 18");
        assert_eq!(month_short(Lang::Da, 2018, 5), "maj 18");
        assert_eq!(month_short(Lang::Da, 2019, 10), "okt. 19");
        assert_eq!(month_short(Lang::Da, 2009, 12), "dec. 09");
        assert_eq!(month_short(Lang::En, 2018, 5), "May 18");
        assert_eq!(month_short(Lang::En, 2017, 10), "Oct 17");
        assert_eq!(month_short(Lang::Da, 2018, 0), "2018-00");
        assert_eq!(month_key_short(Lang::Da, "2017-08"), "aug. 17");
        assert_eq!(month_key_short(Lang::En, "2017-08"), "Aug 17");
        assert_eq!(month_key_short(Lang::Da, "2017-8"), "2017-8");
        assert_eq!(parse_month_key("2018-02"), Some((2018, 2)));
        assert_eq!(parse_month_key("februar"), None);
    }

    #[test]
    fn kroner_group_thousands_with_dots_and_end_in_kr() {
        assert_eq!(kroner(1_234_567), "1.234.567 kr.");
        assert_eq!(kroner(-1_234), "-1.234 kr.");
        assert_eq!(kroner(0), "0 kr.");
        assert_eq!(kroner(999), "999 kr.");
        assert_eq!(kroner(1_000), "1.000 kr.");
        assert_eq!(kroner(i64::MIN), "-9.223.372.036.854.775.808 kr.");
    }

    #[test]
    fn ore_always_show_two_decimals() {
        assert_eq!(ore(123_456_789), "1.234.567,89 kr.");
        assert_eq!(ore(100), "1,00 kr.");
        assert_eq!(ore(5), "0,05 kr.");
        assert_eq!(ore(0), "0,00 kr.");
        assert_eq!(ore(-50), "-0,50 kr.");
        assert_eq!(ore(-123_456), "-1.234,56 kr.");
        assert_eq!(ore(i64::MAX), "92.233.720.368.547.758,07 kr.");
        assert_eq!(ore(i64::MIN), "-92.233.720.368.547.758,08 kr.");
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(number(25_000), "25.000");
        assert_eq!(number(98), "98");
        assert_eq!(number(-100_000), "-100.000");
        assert_eq!(number(1_000_000), "1.000.000");
    }

    #[test]
    fn grouping_keeps_every_digit_in_groups_of_three() {
        let mut samples = vec![0, 1, -1, i64::MAX, i64::MIN];
        let mut p: i64 = 1;
        while let Some(next) = p.checked_mul(10) {
            samples.extend([p - 1, p, p + 1, -p, next / 3]);
            p = next;
        }
        for n in samples {
            let s = number(n);
            assert_eq!(s.replace('.', ""), n.to_string(), "{n}");
            let groups: Vec<&str> = s.trim_start_matches('-').split('.').collect();
            assert!((1..=3).contains(&groups[0].len()), "{s}");
            assert!(groups[1..].iter().all(|g| g.len() == 3), "{s}");
            let back: i128 = ore(n)
                .trim_end_matches(" kr.")
                .replace(['.', ','], "")
                .parse()
                .unwrap();
            assert_eq!(back, i128::from(n), "{n}");
        }
    }

    #[test]
    fn decimal_text_becomes_danish_and_keeps_every_digit() {
        assert_eq!(decimal_str("2887640.449438"), "2.887.640,449438");
        assert_eq!(decimal_str("-0.5"), "-0,5");
        assert_eq!(decimal_str("+1234"), "1.234");
        assert_eq!(decimal_str("100"), "100");
        assert_eq!(decimal_str("0.000001"), "0,000001");
    }

    #[test]
    fn text_that_is_not_a_decimal_is_returned_unchanged() {
        for s in ["", "-", "abc", "1.2.3", "1e5", "1.", ".5", "1 000", "1,5"] {
            assert_eq!(decimal_str(s), s);
        }
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date_da(2025, 3, 7), "07.03.2025");
        assert_eq!(datetime_da(2025, 12, 24, 9, 5), "24.12.2025 09:05");
        assert_eq!(date_long(Lang::Da, 2025, 3, 7), "7. marts 2025");
        assert_eq!(date_long(Lang::En, 2025, 12, 24), "24 December 2025");
        assert_eq!(date_long(Lang::Da, 2025, 13, 1), "01.13.2025");
        assert_eq!(date_long(Lang::En, 2025, 0, 1), "01.00.2025");
        assert_eq!(
            datetime_long(Lang::Da, 2017, 6, 2, 12, 0),
            "2. juni 2017 kl. 12.00"
        );
        assert_eq!(
            datetime_long(Lang::En, 2017, 6, 2, 9, 5),
            "2 June 2017 at 09:05"
        );
    }
}

/// A key that sorts names in Danish alphabetical order: Æ, Ø, Å after Z, and the old
/// spelling "Aa" as Å (Aabenraa, Aalborg and Aarhus come last, as Danish readers expect).
pub fn danish_sort_key(name: &str) -> Vec<u32> {
    let lower = name.to_lowercase();
    let mut key = Vec::with_capacity(lower.len());
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        let k = match c {
            'a' if chars.peek() == Some(&'a') => {
                chars.next();
                u32::from('z') + 3
            }
            'æ' | 'ä' => u32::from('z') + 1,
            'ø' | 'ö' => u32::from('z') + 2,
            'å' => u32::from('z') + 3,
            'é' | 'è' => u32::from('e'),
            'ü' => u32::from('y'),
            c => u32::from(c),
        };
        key.push(k);
    }
    key
}

#[cfg(test)]
mod danish_order_tests {
    use super::danish_sort_key;

    #[test]
    fn aa_sorts_as_the_last_letter_after_ae_and_oe() {
        let mut names = vec![
            "Aarhus",
            "Ærø",
            "Odense",
            "Aabenraa",
            "Ølstykke",
            "Albertslund",
            "Vejle",
        ];
        names.sort_by_key(|n| danish_sort_key(n));
        assert_eq!(
            names,
            [
                "Albertslund",
                "Odense",
                "Vejle",
                "Ærø",
                "Ølstykke",
                "Aabenraa",
                "Aarhus"
            ]
        );
    }
}
