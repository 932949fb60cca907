//! twohats: how an engineering manager's week splits between coding and
//! people work.
//!
//! Data flows one way; each stage is one module:
//!
//! ```text
//! sources ──► intervals ──► timeline ──► week figures ──► reports
//! calendar/, git/  classify    timeline    figures/        report/
//! ```

pub mod atomic_write;
pub mod calendar;
pub mod classify;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod contained;
pub mod doctor;
pub mod figures;
pub mod forge;
pub mod gather;
pub mod git;
pub mod intervals;
pub mod net;
pub mod period;
pub mod report;
pub mod saved_json;
pub mod settings;
pub mod share;
pub mod timeline;
pub mod user_dirs;
pub mod warning;

pub use warning::Warning;
