//! `twohats week`: one week's figures and verdict per manager (the terminal
//! view is `report::week_view`).

use crate::cli::WeekArgs;
use crate::cmd::exit_code;
use crate::gather;
use crate::report::{self, TableView};
use crate::settings::Setup;
use anyhow::Result;
use std::io::Write;

pub fn run(args: WeekArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let weeks = setup.weeks(args.period())?;
    let mut report = gather::report(&setup, &weeks, false)?;
    if report.managers.len() > 1 {
        // A director's view of several managers names no event, repository
        // or team member: those belong to each manager's own view.
        report::redact::for_several_managers(&mut report);
    }
    crate::warning::emit(&report.warnings, setup.strict)?;
    let mut out = report::stdout_for(args.format);
    report::exporter(args.format, TableView::Week).write(&report, &mut out)?;
    out.flush()?;
    Ok(exit_code(&report, args.fail_on, true))
}
