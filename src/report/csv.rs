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

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        // A frame of a few managers at a time; the header once.
        for (i, df) in frame::weeks_frames(report).enumerate() {
            CsvWriter::new(&mut *out)
                .include_header(i == 0)
                .finish(&mut df?)?;
        }
        Ok(())
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
             sessions,events,reviews,coding_over_limit_hours,one_on_one_hours,\
             one_on_one_hours_per_report,people_hours_per_report,one_on_ones_thin,\
             rolling_share_pct,share_change_pp,status,coding_budget_hours,hours_done_coding,\
             hours_done_tracked,hours_planned_coding,hours_planned_tracked,\
             category:coding,category:commits,"
        ));
        // Ada, 2026-W47 (Monday 16 November): 12.5 + 20 + 8 = 40.5 h,
        // 12.5 / 40.5 = 30.9%, over; 3 h after hours; 14 commits, 5
        // sessions, 23 events, no reviews; coding 2 h, commits 10.5 h, hiring 0,
        // meetings 8, one-on-ones 6, team rituals 14, tech leadership 0.
        // Advice (`sample::ada_w47_advice`): 12.5 − 8.1 = 4.4 h over; 6 h
        // of 1:1s, 6 / 7 = 0.86 h and 20 / 7 = 2.86 h per report, not
        // thin; 4-week share 26.4%, +5.9 points. A complete week: no
        // budget, done or planned hours, in every report (one shape).
        assert_eq!(
            lines[3],
            "Ada Lovelace,2026-W47,2026-11-16,Europe/London,7,medium,20.0,12.5,20.0,8.0,40.5,\
             30.9,over,3.0,14,5,23,0,4.4,6.0,0.86,2.86,false,26.4,5.9,complete,,,,,,\
             2.0,10.5,0.0,8.0,6.0,14.0,0.0"
        );
        // Barbara has no report count: the per-report figures are empty.
        assert!(lines[10].contains(",0.0,0.0,,,false,,,"), "{}", lines[10]);
    }

    #[test]
    fn the_csv_of_a_large_org_has_one_header() {
        // Written a frame of 64 managers at a time: 130 managers × 3 weeks.
        let text = String::from_utf8(Csv.render(&sample::org_of(130)).unwrap()).unwrap();
        assert_eq!(text.lines().count(), 1 + 390);
        assert_eq!(text.matches("manager,week,start").count(), 1);
        assert!(text.lines().nth(390).unwrap().starts_with("Manager 129,"));
    }
}
