//! Pure rules of the grant pools: no I/O, no clock, no framework. Everything that
//! decides money lives here so it can be tested exhaustively without a database.

pub mod accounts;
pub mod allocation;
pub mod budget;
pub mod counts_csv;
mod csv_lines;
pub mod ledger;
pub mod line_error;
pub mod money;
pub mod monitoring;
pub mod municipality;
pub mod payout_gate;
pub mod questionnaire;
pub mod rates;
pub mod role;
pub mod status;
pub mod text;
pub mod time;
