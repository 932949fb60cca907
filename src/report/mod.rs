//! Exporters: one file per format behind one small trait, as hyperfine's
//! `src/export/` does. Exporters only format; the figures are computed
//! before them.

pub mod json;

use crate::figures::Report;

/// Turns a report into the bytes of one output format.
pub trait Exporter {
    /// The file name in a report folder, e.g. `report.json`.
    fn file_name(&self) -> &'static str;
    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>>;
}
