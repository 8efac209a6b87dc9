//! Views for tilskud: the DKFDS page frame, components, the message catalogue, Danish
//! formatting and the embedded static files. Plain data in, HTML out; this crate does
//! not know the app's domain types.

pub mod assets;
pub mod components;
pub mod error_page;
pub mod fmt;
mod href;
pub mod i18n;
pub mod layout;
pub mod pages;

/// The markup type every view returns. Writing views needs `maud` as a direct
/// dependency: `html!` expands to paths under `::maud`.
pub use maud::{Markup, PreEscaped};
