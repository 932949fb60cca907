//! `weeks.parquet`: the week-figures frame as Parquet, with its column
//! types (dates as dates, hours as floats, counts as integers).

use super::Exporter;
use crate::figures::{frame, Report};
use polars::prelude::ParquetWriter;

pub struct Parquet;

impl Exporter for Parquet {
    fn file_name(&self) -> &'static str {
        "weeks.parquet"
    }

    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut df = frame::weeks_frame(report)?;
        let mut out = Vec::new();
        ParquetWriter::new(&mut out).finish(&mut df)?;
        Ok(out)
    }
}
