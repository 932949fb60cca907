//! `twohats week`: one week's figures and verdict per manager (the terminal
//! view is `report::week_view`).

use super::{exit_code, Setup};
use crate::cli::WeekArgs;
use crate::report::{self, TableView};
use anyhow::Result;
use std::io::Write;

pub fn run(args: WeekArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let week = setup.week(args.week.as_deref())?;
    let (report, _) = setup.gather(&[week], false)?;
    let bytes = report::exporter(args.format, TableView::Week).render(&report)?;
    // anstream strips the colour codes when stdout is not a terminal.
    let mut out = anstream::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(exit_code(&report, args.fail_on))
}
