//! Downloads of the approved allocation and of the monitoring KPIs: CSV for Danish Excel
//! (`danish_csv`: `;`, a byte order mark, the page's column names, decimal commas), CSV
//! for machines (commas and `.` decimals, the allocation with the same columns as
//! `tilskud allocate`) and XLSX (for people, with counts and amounts as numbers).

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use tilskud_templates::i18n::{t, Lang};

use crate::db::models::PoolRow;
use crate::db::queries::allocations::{LineView, VersionView};

pub fn allocation_csv(lines: &[LineView]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(crate::domain::counts_csv::EXPORT_HEADER)?;
    let mut sorted: Vec<&LineView> = lines.iter().collect();
    sorted.sort_by_key(|l| l.code);
    for l in sorted {
        w.write_record([
            l.code.to_string(),
            l.name.clone(),
            l.target_group.to_string(),
            l.exact_quota.clone(),
            (l.amount_ore / 100).to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The allocation's column names in `lang` (the page's and the spreadsheet's).
fn allocation_header(lang: Lang) -> Vec<String> {
    vec![
        t(lang, "municipality-code"),
        t(lang, "municipality"),
        t(lang, "target-group"),
        t(lang, "allocation-exact-quota"),
        t(lang, "allocation-amount-kr"),
    ]
}

/// The approved allocation for Danish Excel (`danish_csv`): the column names in `lang`,
/// by code, the exact quota with a decimal comma, whole kroner as plain digits (a
/// number in any Excel).
pub fn allocation_csv_excel(lang: Lang, lines: &[LineView]) -> Result<Vec<u8>, csv::Error> {
    let mut sorted: Vec<&LineView> = lines.iter().collect();
    sorted.sort_by_key(|l| l.code);
    let rows: Vec<Vec<String>> = sorted
        .into_iter()
        .map(|l| {
            vec![
                l.code.to_string(),
                l.name.clone(),
                l.target_group.to_string(),
                l.exact_quota.replace('.', ","),
                (l.amount_ore / 100).to_string(),
            ]
        })
        .collect();
    danish_csv(&allocation_header(lang), &rows)
}

pub fn allocation_xlsx(
    lang: Lang,
    pool: &PoolRow,
    v: &VersionView,
    lines: &[LineView],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Fordeling")?;
    let bold = Format::new().set_bold();
    let kroner = Format::new().set_num_format("#,##0");
    let quota = Format::new().set_align(rust_xlsxwriter::FormatAlign::Right);
    sheet.write_string_with_format(0, 0, &pool.name, &bold)?;
    sheet.write_string(1, 0, &pool.finance_account)?;
    sheet.write_string(
        2,
        0,
        format!(
            "{} {} ({})",
            t(lang, "allocation-version"),
            v.row.version_no,
            v.row.status.as_str()
        ),
    )?;
    for (col, h) in allocation_header(lang).iter().enumerate() {
        sheet.write_string_with_format(4, col as u16, h, &bold)?;
    }
    let mut sorted: Vec<&LineView> = lines.iter().collect();
    sorted.sort_by_key(|l| l.code);
    let mut row = 5u32;
    for l in sorted {
        sheet.write_number(row, 0, f64::from(l.code))?;
        sheet.write_string(row, 1, &l.name)?;
        // Whole numbers below 2^53 are exact in a spreadsheet cell.
        sheet.write_number(row, 2, l.target_group as f64)?;
        // The exact quota stays text: as a spreadsheet number it would be a binary float.
        sheet.write_string_with_format(row, 3, &l.exact_quota, &quota)?;
        sheet.write_number_with_format(row, 4, (l.amount_ore / 100) as f64, &kroner)?;
        row += 1;
    }
    let total: i64 = lines.iter().map(|l| l.amount_ore).sum::<i64>() / 100;
    sheet.write_string_with_format(row, 1, t(lang, "total"), &bold)?;
    sheet.write_number_with_format(row, 4, total as f64, &kroner)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(3, 20)?;
    sheet.set_column_width(4, 16)?;
    book.save_to_buffer()
}

/// One KPI in one month, as exported: the KPI's name in the reader's language, its
/// counts, and the share in tenths of a percent (`None` when the denominator is 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiRow {
    /// YYYY-MM
    pub month: String,
    pub kpi: String,
    pub numerator: u64,
    pub denominator: u64,
    pub tenths: Option<u64>,
}

/// The header of the KPI CSV.
pub const KPI_HEADER: [&str; 5] = ["month", "kpi", "numerator", "denominator", "share_percent"];

/// A share with one decimal and `point` as the decimal sign: 405 -> "40.5"; empty when
/// undefined.
fn tenths_text(tenths: Option<u64>, point: char) -> String {
    tenths
        .map(|t| format!("{}{point}{}", t / 10, t % 10))
        .unwrap_or_default()
}

pub fn kpi_csv(rows: &[KpiRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(KPI_HEADER)?;
    for r in rows {
        w.write_record([
            r.month.clone(),
            r.kpi.clone(),
            r.numerator.to_string(),
            r.denominator.to_string(),
            tenths_text(r.tenths, '.'),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The KPI table's column names in `lang` (the spreadsheet's).
fn kpi_header(lang: Lang) -> Vec<String> {
    vec![
        t(lang, "monitoring-month"),
        t(lang, "monitoring-kpi"),
        t(lang, "monitoring-count"),
        t(lang, "monitoring-of"),
        t(lang, "monitoring-share-percent"),
    ]
}

/// The KPIs for Danish Excel (`danish_csv`): the column names in `lang`, the share with
/// a decimal comma.
pub fn kpi_csv_excel(lang: Lang, rows: &[KpiRow]) -> Result<Vec<u8>, csv::Error> {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.month.clone(),
                r.kpi.clone(),
                r.numerator.to_string(),
                r.denominator.to_string(),
                tenths_text(r.tenths, ','),
            ]
        })
        .collect();
    danish_csv(&kpi_header(lang), &body)
}

pub fn kpi_xlsx(lang: Lang, title: &str, rows: &[KpiRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "monitoring-kpi"))?;
    let bold = Format::new().set_bold();
    let right = Format::new().set_align(rust_xlsxwriter::FormatAlign::Right);
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (col, h) in kpi_header(lang).iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, h, &bold)?;
    }
    let point = match lang {
        Lang::Da => ',',
        Lang::En => '.',
    };
    for (row, r) in (3u32..).zip(rows) {
        sheet.write_string(row, 0, &r.month)?;
        sheet.write_string(row, 1, &r.kpi)?;
        // Whole numbers below 2^53 are exact in a spreadsheet cell.
        sheet.write_number(row, 2, r.numerator as f64)?;
        sheet.write_number(row, 3, r.denominator as f64)?;
        // The share stays text, as on the page: as a number it would be a binary float.
        sheet.write_string_with_format(row, 4, tenths_text(r.tenths, point), &right)?;
    }
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(4, 12)?;
    book.save_to_buffer()
}

/// The never-assessed persons of a municipality: full pseudonym (64 hex digits), first
/// and last month reported, and the number of months.
pub fn unassessed_csv(
    persons: &[crate::db::queries::monitoring::UnassessedPerson],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["pseudonym", "first_month", "last_month", "months"])?;
    for p in persons {
        w.write_record([
            hex(&p.person),
            month_text(p.first_month),
            month_text(p.last_month),
            p.months.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Lowercase hexadecimal digits of a stored pseudonym.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// YYYYMM as "YYYY-MM".
pub fn month_text(m: i32) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

/// A table as CSV for Danish Excel: `;` between fields, UTF-8 with a byte order mark,
/// the cells as people read them (decimal comma in amounts).
pub fn danish_csv(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    out.extend(
        w.into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?,
    );
    Ok(out)
}

/// A table as one XLSX sheet: a bold title and header, the cells as text except the
/// columns in `numbers`, written as whole numbers.
pub fn table_xlsx(
    title: &str,
    header: &[String],
    rows: &[Vec<String>],
    numbers: &[usize],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (col, h) in (0u16..).zip(header) {
        sheet.write_string_with_format(2, col, h, &bold)?;
    }
    for (row, cells) in (3u32..).zip(rows) {
        for (i, (col, cell)) in (0u16..).zip(cells).enumerate() {
            match cell.parse::<i64>() {
                // Whole numbers below 2^53 are exact in a spreadsheet cell.
                Ok(n) if numbers.contains(&i) => sheet.write_number(row, col, n as f64)?,
                _ => sheet.write_string(row, col, cell)?,
            };
        }
    }
    book.save_to_buffer()
}

/// A table of amounts as one XLSX sheet: like `table_xlsx`, and the columns in `kroner`
/// hold øre (as the CSV's source integers) written as kroner with two decimals. The
/// file format stores every number as a double; an amount in øre below 2^53 divided by
/// 100 shows exactly at two decimals, and every figure was summed in øre before.
pub fn amounts_xlsx(
    title: &str,
    header: &[String],
    rows: &[Vec<String>],
    kroner: &[usize],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    let amount = Format::new().set_num_format("#,##0.00");
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (col, h) in (0u16..).zip(header) {
        sheet.write_string_with_format(2, col, h, &bold)?;
        sheet.set_column_width(
            col,
            if kroner.contains(&usize::from(col)) {
                16
            } else {
                22
            },
        )?;
    }
    for (row, cells) in (3u32..).zip(rows) {
        for (i, (col, cell)) in (0u16..).zip(cells).enumerate() {
            match cell.parse::<i64>() {
                Ok(ore) if kroner.contains(&i) => {
                    let kr = rust_decimal::Decimal::new(ore, 2);
                    let value = rust_decimal::prelude::ToPrimitive::to_f64(&kr).unwrap_or(0.0);
                    sheet.write_number_with_format(row, col, value, &amount)?
                }
                _ => sheet.write_string(row, col, cell)?,
            };
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(month: &str, num: u64, den: u64, tenths: Option<u64>) -> KpiRow {
        KpiRow {
            month: month.into(),
            kpi: "Andel, med komma".into(),
            numerator: num,
            denominator: den,
            tenths,
        }
    }

    #[test]
    fn the_kpi_csv_has_one_decimal_with_a_point_and_nothing_for_an_empty_month() {
        let csv = kpi_csv(&[
            row("2018-01", 2, 5, Some(400)),
            row("2018-02", 1, 3, Some(333)),
            row("2018-03", 0, 0, None),
        ])
        .unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "month,kpi,numerator,denominator,share_percent\n\
             2018-01,\"Andel, med komma\",2,5,40.0\n\
             2018-02,\"Andel, med komma\",1,3,33.3\n\
             2018-03,\"Andel, med komma\",0,0,\n"
        );
    }

    #[test]
    fn the_kpi_workbook_is_a_readable_xlsx() {
        let bytes = kpi_xlsx(Lang::Da, "Horsens", &[row("2018-01", 2, 5, Some(400))]).unwrap();
        assert_eq!(&bytes[..2], b"PK", "a zip container");
    }

    #[test]
    fn pseudonyms_are_written_whole_in_lowercase_hex() {
        let p = crate::db::queries::monitoring::UnassessedPerson {
            person: (0u8..32).collect(),
            first_month: 201801,
            last_month: 201803,
            months: 3,
        };
        let text = String::from_utf8(unassessed_csv(&[p]).unwrap()).unwrap();
        assert_eq!(
            text,
            "pseudonym,first_month,last_month,months\n\
             000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,2018-01,2018-03,3\n"
        );
    }
}
