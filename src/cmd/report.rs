//! `twohats report`: several weeks for many managers; with `--out`, the
//! whole report folder.

use super::{exit_code, Setup};
use crate::cli::{Format, ReportArgs};
use crate::period;
use crate::report::{json::Json, Exporter};
use anyhow::{bail, Result};
use std::io::Write;

pub fn run(args: ReportArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let weeks = match (args.from, args.to) {
        (Some(from), Some(to)) => period::weeks_between(from, to)?,
        _ => period::last_weeks(setup.today, args.weeks.unwrap_or(4))?,
    };
    let (report, _) = setup.gather(&weeks, true)?;
    let code = exit_code(&report, args.fail_on);
    if args.out.is_some() || args.redact {
        bail!("--out and --redact are not built yet");
    }
    let bytes = match args.format {
        Format::Table => super::week::render_table(&report).into_bytes(),
        other => exporter(other).render(&report)?,
    };
    let mut out = anstream::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(code)
}

/// The exporter printing a format to stdout.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Json => Box::new(Json),
        _ => Box::new(Json),
    }
}
