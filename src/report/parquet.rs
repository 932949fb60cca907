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

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        // One row group per frame of a few managers: the whole table is
        // never in memory.
        let mut frames = frame::weeks_frames(report);
        let first = frames.next().expect("at least one frame")?;
        let mut writer = ParquetWriter::new(out).batched(first.schema())?;
        writer.write_batch(&first)?;
        for df in frames {
            writer.write_batch(&df?)?;
        }
        writer.finish()?;
        Ok(())
    }
}
