//! What the municipality's account pages and the API read about an account (its budget
//! per cost item and year, its versions with lines and documents, why it was sent back,
//! a repayment claim), the lines uploaded as CSV, the CSV template, and the receipt
//! email. The changes themselves are `app::accounts`.

use chrono::NaiveDateTime;
use serde::Serialize;
use tilskud_templates::i18n::{t, Lang};

use super::accounts::{AccountKey, AccountReceipt, LineDraft};
use super::applications::amount_text;
use super::documents::seconds_text;
use crate::db::models::PoolRow;
use crate::db::queries::account_reads::{self as reads, ClaimRow};
use crate::db::queries::accounts::{
    self as rows, AccountRow, DocumentLinkRow, LineRow, VersionRow,
};
use crate::db::queries::applications as app_rows;
use crate::db::queries::{commitments, municipalities, pools};
use crate::db::DbConn;
use crate::domain::accounts::{self, AccountKind, Tolerance};
use crate::domain::budget::CostItem;
use crate::domain::money::Ore;
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::mail::{Address, NewEmail};

/// A budget line of the approved application within the account's years.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct BudgetCell {
    pub item: CostItem,
    pub year: i32,
    pub budget_ore: i64,
}

/// An account with everything its page shows.
#[derive(Clone, Debug)]
pub struct AccountDossier {
    pub pool: PoolRow,
    pub code: i32,
    pub municipality: String,
    pub account: AccountRow,
    pub tolerance: Tolerance,
    /// One cell per cost item and year of the account (a budget of 0 where the
    /// application had none), items in the application's order.
    pub budget: Vec<BudgetCell>,
    /// Every version, oldest first.
    pub versions: Vec<VersionRow>,
    /// The version shown (the one asked for, else the latest), with its lines and
    /// documents.
    pub shown: Option<VersionRow>,
    pub lines: Vec<LineRow>,
    pub documents: Vec<DocumentLinkRow>,
    /// The officer's reason, when the account was sent back.
    pub sent_back_reason: Option<String>,
    pub claim: Option<ClaimRow>,
    /// The deadline's moves by STAR, oldest first, with their reasons.
    pub deadline_moves: Vec<super::account_reviews::DeadlineMove>,
}

impl AccountDossier {
    pub fn key(&self) -> AccountKey {
        AccountKey {
            pool_id: self.pool.id,
            code: self.code,
            kind: self.account.kind,
        }
    }

    /// Whether the version shown is the open draft (not submitted).
    pub fn shows_draft(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|v| v.submitted_at.is_none())
    }

    /// Whether the version shown is the newest one.
    pub fn shows_latest(&self) -> bool {
        match (&self.shown, self.versions.last()) {
            (Some(s), Some(l)) => s.id == l.id,
            (None, _) => true,
            _ => false,
        }
    }

    /// The budget of a cell, 0 where the application had none.
    pub fn budget_of(&self, item: CostItem, year: i32) -> i64 {
        self.budget
            .iter()
            .find(|b| b.item == item && b.year == year)
            .map_or(0, |b| b.budget_ore)
    }

    /// Whether an actual spend is off its budget by more than the pool's tolerance.
    pub fn deviates(&self, item: CostItem, year: i32, actual_ore: i64) -> bool {
        let budget = Ore::from_ore(self.budget_of(item, year)).unwrap_or(Ore::ZERO);
        let actual = Ore::from_ore(actual_ore).unwrap_or(Ore::ZERO);
        accounts::deviates(budget, actual, self.tolerance)
    }

    pub fn tolerance_text(&self) -> String {
        super::accounts::format_percent(self.tolerance)
    }

    /// The account's years, first to last.
    pub fn years(&self) -> Vec<i32> {
        (self.account.first_year..=self.account.last_year).collect()
    }
}

/// The cache key of `read`.
pub fn read_key(key: AccountKey, version: Option<i32>) -> String {
    format!(
        "account/{}/{}/{}/{version:?}",
        key.pool_id, key.code, key.kind
    )
}

/// The account `key`, showing version `version` (else the latest).
pub fn read(c: &mut DbConn, key: AccountKey, version: Option<i32>) -> AppResult<AccountDossier> {
    let account = rows::find(c, key.pool_id, key.code, key.kind)?.ok_or(AppError::NotFound)?;
    let pool = pools::get(c, key.pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = municipalities::get(c, key.code)?
        .map(|m| m.name)
        .unwrap_or_default();
    let commitment = commitments::get(c, account.commitment_id)?
        .ok_or(AppError::NotFound)?
        .commitment;
    let years = account.first_year..=account.last_year;
    let stored = app_rows::version_lines(c, commitment.version_id)?;
    let mut budget = Vec::new();
    for item in CostItem::ALL {
        for year in years.clone() {
            let budget_ore = stored
                .iter()
                .filter(|l| l.cost_item == item.key() && l.year == year)
                .map(|l| l.amount_ore)
                .sum();
            budget.push(BudgetCell {
                item,
                year,
                budget_ore,
            });
        }
    }
    let tolerance = rows::settings_of(c, pool.id)?
        .and_then(|s| Tolerance::from_basis_points(i64::from(s.tolerance_bp)))
        .unwrap_or(Tolerance::DEFAULT);
    let versions = reads::versions_of(c, account.id)?;
    let shown = match version {
        Some(n) => Some(
            versions
                .iter()
                .find(|v| v.version_no == n)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => versions.last().cloned(),
    };
    let (lines, documents) = match &shown {
        Some(v) => (rows::lines_of(c, v.id)?, rows::documents_of(c, v.id)?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(AccountDossier {
        sent_back_reason: reads::sent_back_reason(c, account.id)?,
        deadline_moves: super::account_reviews::deadline_moves(c, account.id)?,
        claim: reads::claim_of(c, account.id)?,
        pool,
        code: key.code,
        municipality,
        account,
        tolerance,
        budget,
        versions,
        shown,
        lines,
        documents,
    })
}

/// A document of the account (any of its versions): bytes and file name.
pub fn document(c: &mut DbConn, key: AccountKey, sha256: &str) -> AppResult<(Vec<u8>, String)> {
    let account = rows::find(c, key.pool_id, key.code, key.kind)?.ok_or(AppError::NotFound)?;
    reads::document_of(c, account.id, sha256)?.ok_or(AppError::NotFound)
}

/// An account as the overview pages list it.
#[derive(Clone, Debug)]
pub struct AccountSummary {
    pub account: AccountRow,
    pub claim: Option<ClaimRow>,
}

/// A commitment's accounts with their repayment claims, interim first.
pub fn summaries(c: &mut DbConn, commitment_id: i64) -> AppResult<Vec<AccountSummary>> {
    let mut out = Vec::new();
    for account in rows::of_commitment(c, commitment_id)? {
        let claim = reads::claim_of(c, account.id)?;
        out.push(AccountSummary { account, claim });
    }
    Ok(out)
}

/// The CSV columns of an account's lines, as the template names them.
const CSV_HEADER: [&str; 5] = ["Omkostning", "År", "Budget", "Faktisk forbrug", "Kommentar"];

fn item_from_text(text: &str) -> Option<CostItem> {
    let text = text.trim();
    CostItem::parse(text).or_else(|| {
        CostItem::ALL.into_iter().find(|i| {
            [Lang::Da, Lang::En]
                .iter()
                .any(|l| t(*l, &format!("cost-item-{}", i.key())).eq_ignore_ascii_case(text))
        })
    })
}

/// Reads the lines of an account from a CSV in the template's shape: `;`-separated,
/// UTF-8 with or without BOM; cost item (key or label); year; actual in Danish
/// notation; comment. A header line is recognised and skipped; a fifth column "budget"
/// of the template is skipped too (the template has item; year; budget; actual;
/// comment). Errors name the line and the column; the lines come back only without any.
pub fn lines_from_csv(
    bytes: &[u8],
    (first, last): (i32, i32),
) -> Result<Vec<LineDraft>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}'),
        Err(_) => {
            errors.add("csv", Msg::new("account-csv-not-utf8"));
            return Err(errors);
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line_no = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.add(
                    "csv",
                    Msg::new("account-csv-unreadable").arg("line", line_no),
                );
                continue;
            }
        };
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let is_header = item_from_text(cells[0]).is_none()
            && cells.get(1).is_some_and(|y| y.parse::<i32>().is_err());
        if line_no == 1 && is_header {
            continue;
        }
        // The template's shape has the budget as its third column.
        let (actual_col, comment_col) = if cells.len() >= 5 { (3, 4) } else { (2, 3) };
        let cell_err = |errors: &mut FieldErrors, col: usize, key: &'static str| {
            errors.add(
                "csv",
                Msg::new(key).arg("line", line_no).arg("column", col + 1),
            );
        };
        let item = item_from_text(cells[0]);
        if item.is_none() {
            cell_err(&mut errors, 0, "account-csv-item");
        }
        let year = cells.get(1).and_then(|y| y.parse::<i32>().ok());
        match year {
            None => cell_err(&mut errors, 1, "account-csv-year"),
            Some(y) if !(first..=last).contains(&y) => {
                cell_err(&mut errors, 1, "account-csv-year-outside")
            }
            _ => {}
        }
        let actual = cells.get(actual_col).copied().unwrap_or("");
        if !actual.is_empty() && crate::domain::money::parse_kroner_input(actual).is_err() {
            cell_err(&mut errors, actual_col, "account-csv-amount");
        }
        let comment = cells.get(comment_col).copied().unwrap_or("");
        if comment.chars().count() > 2000 {
            cell_err(&mut errors, comment_col, "account-csv-comment");
        }
        if let (Some(item), Some(year)) = (item, year) {
            if lines
                .iter()
                .any(|l: &LineDraft| l.item == item.key() && l.year == year)
            {
                cell_err(&mut errors, 0, "account-csv-repeated");
            }
            lines.push(LineDraft {
                item: item.key().to_string(),
                year,
                actual: actual.to_string(),
                comment: comment.to_string(),
            });
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// The CSV template of an account's lines, for Danish Excel: `;`, UTF-8 with BOM, Danish
/// headers, the budget filled in, and the actual spend and comments of the version shown.
pub fn lines_template_csv(d: &AccountDossier) -> Result<Vec<u8>, csv::Error> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(CSV_HEADER)?;
        for cell in &d.budget {
            let line = d
                .lines
                .iter()
                .find(|l| l.cost_item == cell.item.key() && l.year == cell.year);
            w.write_record([
                t(Lang::Da, &format!("cost-item-{}", cell.item.key())),
                cell.year.to_string(),
                amount_text(cell.budget_ore),
                line.map(|l| amount_text(l.actual_ore)).unwrap_or_default(),
                line.map(|l| l.comment.clone()).unwrap_or_default(),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The receipt email of an account's submission, to the contact person of the approved
/// application; `None` when the stored address does not read.
pub(crate) fn receipt_email(
    c: &mut DbConn,
    account: &AccountRow,
    r: &AccountReceipt,
) -> AppResult<Option<NewEmail>> {
    let commitment = commitments::get(c, account.commitment_id)?
        .ok_or(AppError::NotFound)?
        .commitment;
    let version = app_rows::get_version(c, commitment.version_id)?.ok_or(AppError::NotFound)?;
    let Ok(to) = Address::parse(&version.contact_email) else {
        tracing::warn!(
            account = account.id,
            "the contact person's address does not read; no receipt mailed"
        );
        return Ok(None);
    };
    let pool = pools::get(c, commitment.pool_id)?.ok_or(AppError::NotFound)?;
    let municipality = municipalities::get(c, commitment.municipality_code)?
        .map(|m| m.name)
        .unwrap_or_default();
    let what = match account.kind {
        AccountKind::Interim => "mellemregnskab",
        AccountKind::Final => "slutregnskab",
    };
    let body = format!(
        "Kære {name}\n\n\
         Styrelsen for Arbejdsmarked og Rekruttering har modtaget {municipality} Kommunes \
         {what} for tilsagnet fra puljen \"{pool_name}\".\n\n\
         Kvitteringsnummer: {no}\n\
         Modtaget: {at} (dansk tid)\n\
         Version: {version_no}\n\n\
         Regnskabet kan ikke ændres, mens det behandles. Styrelsen vender tilbage, når det \
         er gennemgået.\n\n\
         Med venlig hilsen\n\
         Styrelsen for Arbejdsmarked og Rekruttering\n",
        name = version.contact_name,
        pool_name = pool.name,
        no = r.receipt_no,
        at = seconds_text(r.submitted_at),
        version_no = r.version_no,
    );
    Ok(Some(NewEmail {
        kind: "account-receipt",
        to,
        subject: format!(
            "Kvittering for {what} til \"{}\" ({})",
            pool.name, r.receipt_no
        ),
        body_text: body,
        body_html: None,
        related_entity: "account",
        related_id: account.id.to_string(),
    }))
}

/// When a submission was received, as the receipt says it ("02-06-2017 12:00:05").
pub fn received_text(at: NaiveDateTime) -> String {
    seconds_text(at)
}

/// Puts lines read from a CSV into the account's draft in place of its lines, keeping
/// the signature typed before. Nothing is stored when a line does not read.
pub fn save_lines(
    c: &mut DbConn,
    actor: &crate::db::audit::Actor,
    now: NaiveDateTime,
    key: AccountKey,
    lines: Vec<LineDraft>,
) -> AppResult<i64> {
    let account = rows::find(c, key.pool_id, key.code, key.kind)?.ok_or(AppError::NotFound)?;
    let mut draft = match rows::latest_version(c, account.id)? {
        Some(v) => super::accounts::AccountDraft::from_version(&v, &[]),
        None => super::accounts::AccountDraft::default(),
    };
    draft.lines = lines;
    let input = draft
        .parse((account.first_year, account.last_year))
        .map_err(AppError::Invalid)?;
    super::accounts::save(c, actor, now, key, &input)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each error's key and where it says it is: "Linje 2, kolonne 1".
    fn keys(e: &FieldErrors) -> Vec<(&'static str, String)> {
        e.0.iter()
            .map(|(_, m)| {
                let text = m.text(Lang::Da);
                let place = text.split(':').next().unwrap_or_default().to_string();
                (m.key, place)
            })
            .collect()
    }

    #[test]
    fn the_template_shape_and_the_short_shape_both_read_with_or_without_bom() {
        let template = "\u{feff}Omkostning;År;Budget;Faktisk forbrug;Kommentar\n\
                        Projektledelse;2017;10.000;12.345,67;Ny leder\n\
                        other;2017;0;;\n";
        let lines = lines_from_csv(template.as_bytes(), (2017, 2017)).expect("reads");
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[0].item.as_str(),
                lines[0].actual.as_str(),
                lines[0].comment.as_str()
            ),
            ("project-management", "12.345,67", "Ny leder")
        );
        let short = "caseworker-salaries;2017;1.000.000,50;Udskudt\n";
        let lines = lines_from_csv(short.as_bytes(), (2017, 2017)).expect("reads");
        assert_eq!(lines[0].actual, "1.000.000,50");
    }

    #[test]
    fn every_bad_cell_is_named_by_its_line_and_column() {
        let csv = "Omkostning;År;Faktisk forbrug;Kommentar\n\
                   Ukendt;2017;5;\n\
                   other;2016;5;\n\
                   other;2017;1,234;\n\
                   other;to;5;\n";
        let e = lines_from_csv(csv.as_bytes(), (2017, 2017)).expect_err("four problems");
        assert_eq!(
            keys(&e),
            [
                ("account-csv-item", "Linje 2, kolonne 1".to_string()),
                ("account-csv-year-outside", "Linje 3, kolonne 2".to_string()),
                ("account-csv-amount", "Linje 4, kolonne 3".to_string()),
                ("account-csv-year", "Linje 5, kolonne 2".to_string()),
            ]
        );
        let latin1 = b"Andet;2017;5;Bem\xe6rkning\n";
        let e = lines_from_csv(latin1, (2017, 2017)).expect_err("not UTF-8");
        assert_eq!(e.0[0].1.key, "account-csv-not-utf8");
    }
}
