//! `weeks.csv`: the week-figures frame as CSV, one row per manager-week.
//! Also the output of `week --format csv`.

use super::Exporter;
use crate::figures::{frame, Report};
use polars::prelude::{CsvWriter, SerWriter};

pub struct Csv;

impl Exporter for Csv {
    fn file_name(&self) -> &'static str {
        "weeks.csv"
    }

    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut df = frame::weeks_frame(report)?;
        let mut out = Vec::new();
        CsvWriter::new(&mut out)
            .include_header(true)
            .finish(&mut df)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn header_and_a_row_a_user_would_check() {
        let text = String::from_utf8(Csv.render(&sample::report()).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 12);
        assert!(lines[0].starts_with(
            "manager,week,start,timezone,reports,band,limit_pct,hours_coding,hours_people,\
             hours_other,hours_tracked,coding_share_pct,verdict,after_hours_coding,commits,\
             sessions,events,category:coding,category:commits,"
        ));
        // Ada, 2026-W47 (Monday 16 November): 12.5 + 20 + 8 = 40.5 h,
        // 12.5 / 40.5 = 30.9%, over; 3 h after hours; 14 commits, 5
        // sessions, 23 events; coding 2 h, commits 10.5 h, hiring 0,
        // meetings 8, one-on-ones 6, team rituals 14, tech leadership 0.
        assert_eq!(
            lines[3],
            "Ada Lovelace,2026-W47,2026-11-16,Europe/London,7,medium,20.0,12.5,20.0,8.0,40.5,\
             30.9,over,3.0,14,5,23,2.0,10.5,0.0,8.0,6.0,14.0,0.0"
        );
    }
}
