//! `twohats report`: several weeks for many managers; with `--out`, the
//! whole report folder.

use super::{exit_code, Setup};
use crate::cli::ReportArgs;
use crate::period;
use crate::report::{self, table, TableView};
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

pub fn run(args: ReportArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let weeks = match (args.from, args.to) {
        (Some(from), Some(to)) => period::weeks_between(from, to)?,
        _ => period::last_weeks(setup.today, args.weeks.unwrap_or(4))?,
    };
    let (report, _) = setup.gather(&weeks, true)?;
    let report = if args.redact {
        report::redact(&report)
    } else {
        report
    };
    let code = exit_code(&report, args.fail_on);

    let mut stdout = anstream::stdout().lock();
    if let Some(out) = &args.out {
        let written = report::write_folder(out, &report, &inputs(&setup, &args))?;
        writeln!(stdout, "wrote {} files to {}", written.len(), out.display())?;
        for path in written
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "md"))
        {
            writeln!(stdout, "  {}", path.display())?;
        }
    } else {
        let view = TableView::Report(table::Style::for_stdout());
        stdout.write_all(&report::exporter(args.format, view).render(&report)?)?;
    }
    stdout.flush()?;
    Ok(code)
}

/// Every path the report was read from: the folder may not be one of them.
fn inputs(setup: &Setup, args: &ReportArgs) -> Vec<PathBuf> {
    let sources = setup
        .managers
        .iter()
        .flat_map(|m| m.calendars.iter().chain(&m.repos).chain(&m.git_logs));
    args.sources
        .config
        .iter()
        .cloned()
        .chain(sources.filter(|p| p.as_str() != "-").map(PathBuf::from))
        .collect()
}
