//! Exporters: one file per format behind one small trait, and one registry
//! mapping a format to its exporter, as hyperfine's `src/export/` does.
//! Exporters only format: every figure, verdict, standing and rank is
//! decided in `figures/` before them.

mod bitmap_text;
pub mod charts;
pub mod colours;
pub mod csv;
pub mod doctor;
pub mod escape;
pub mod explain;
pub mod folder;
pub mod groups;
pub mod html;
pub mod json;
pub mod markdown;
pub mod parquet;
pub mod redact;
pub mod table;
pub mod text;
pub mod week_view;

pub use folder::write_folder;
pub use redact::redact;
pub use text::{
    advice_cells, limit_text, margin_text, mean_share_text, period_text, reports_text, slug, slugs,
    week_advice_cells, week_cells,
};

use crate::cli::Format;
use crate::figures::Report;
use std::io::Write;

/// Writes a report in one output format.
pub trait Exporter: Sync {
    /// The file name in a report folder, e.g. `report.json`. The terminal
    /// views, which the folder does not hold, name the file they would be.
    fn file_name(&self) -> &'static str;

    /// Writes the report to `out` as it is formatted: the big formats
    /// (JSON, CSV, Parquet) never hold the whole output in memory, so an
    /// org of thousands costs no more than its figures.
    fn write(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()>;

    /// The whole output as bytes, for small outputs and tests.
    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write(report, &mut out)?;
        Ok(out)
    }
}

/// What `--format table` shows: `week`'s one-week view, or `report`'s
/// ranked tables drawn in a style.
#[derive(Debug, Clone, Copy)]
pub enum TableView {
    Week,
    Report(table::Style),
}

/// The exporter of a format on stdout: the one place a format picks its
/// exporter (`report --groups-only` picks from its own three, in
/// `groups::groups_only`).
pub fn exporter(format: Format, table_view: TableView) -> Box<dyn Exporter> {
    match (format, table_view) {
        (Format::Table, TableView::Week) => Box::new(week_view::WeekView),
        (Format::Table, TableView::Report(style)) => Box::new(table::Tables(style)),
        (Format::Markdown, _) => Box::new(markdown::Markdown),
        (Format::Csv, _) => Box::new(csv::Csv),
        (Format::Json, _) => Box::new(json::Json),
    }
}

/// Standard output for a report in `format`. anstream takes colour codes
/// out, byte by byte, when stdout is not a terminal; JSON holds none
/// (serde_json escapes every control character), so it goes straight out.
pub fn stdout_for(format: Format) -> std::io::BufWriter<Box<dyn Write>> {
    let out: Box<dyn Write> = match format {
        Format::Json => Box::new(std::io::stdout().lock()),
        _ => Box::new(anstream::stdout().lock()),
    };
    std::io::BufWriter::new(out)
}

/// The exporters whose files a report folder holds, in the order they are
/// written. The page embeds the org chart already drawn for its own file.
pub fn folder_exporters(org_svg: &str) -> [Box<dyn Exporter + '_>; 5] {
    [
        Box::new(markdown::Markdown),
        Box::new(json::Json),
        Box::new(csv::Csv),
        Box::new(parquet::Parquet),
        Box::new(html::HtmlWithCharts { org_svg }),
    ]
}
