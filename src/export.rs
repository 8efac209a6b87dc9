//! Downloads of the approved allocation: CSV (for machines; same columns as
//! `tilskud allocate`) and XLSX (for people, with numbers as numbers).

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
            v.row.status
        ),
    )?;
    let header = [
        t(lang, "municipality-code"),
        t(lang, "municipality"),
        t(lang, "target-group"),
        t(lang, "allocation-exact-quota"),
        t(lang, "allocation-amount-kr"),
    ];
    for (col, h) in header.iter().enumerate() {
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
