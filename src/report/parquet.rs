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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;
    use polars::prelude::{ParquetReader, SerReader};

    #[test]
    fn an_org_written_a_frame_at_a_time_reads_back_whole() {
        // Larger than one frame of 64 managers.
        let report = sample::org_of(130);
        let bytes = Parquet.render(&report).unwrap();
        let table = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        // 130 managers × 3 weeks, the same rows as the whole frame.
        assert_eq!(table.height(), 390);
        assert!(table.equals_missing(&frame::weeks_frame(&report).unwrap()));
        let names = table.column("manager").unwrap();
        assert_eq!(names.get(389).unwrap().get_str(), Some("Manager 129"));
    }
}
