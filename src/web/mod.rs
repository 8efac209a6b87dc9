//! The HTML interface: form structs parsed at the edge, the operations in `app`, view
//! models rendered by the templates crate.

pub mod account_list;
pub mod account_reviews;
pub mod allocations;
pub mod applications;
pub mod assets;
pub mod audit;
pub mod finance_acts;
pub mod ledger;
pub mod login;
pub mod monitoring;
pub mod municipal_accounts;
pub mod municipalities;
pub mod ops;
pub mod outbox;
pub mod pools;
pub mod questionnaire;
pub mod rates;
pub mod routes;
pub mod users;

pub use crate::http::{
    attachment, date, errors_text, html, html_invalid, local, local_long, long_date,
    long_date_text, money_text, AppState,
};

/// The three forms a table is downloaded in, each with its content type and file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Download {
    /// For other programs: `,` and `.` decimals (`export`).
    Csv,
    /// For Danish Excel: `;`, a byte order mark, decimal commas (`export::danish_csv`).
    ExcelCsv,
    Xlsx,
}

impl Download {
    pub fn content_type(self) -> &'static str {
        match self {
            Download::Csv | Download::ExcelCsv => "text/csv; charset=utf-8",
            Download::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file's name after `stem`: `stem.csv`, `stem-excel.csv` or `stem.xlsx`.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Download::Csv => format!("{stem}.csv"),
            Download::ExcelCsv => format!("{stem}-excel.csv"),
            Download::Xlsx => format!("{stem}.xlsx"),
        }
    }
}
