//! `twohats explain`: every interval of a week, why it counted what it did
//! (rendered by `report::explain`).

use crate::cli::ExplainArgs;
use crate::report::explain::{self, Explanation};
use crate::settings::Setup;
use anyhow::{bail, Result};
use std::io::Write;

pub fn run(args: ExplainArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    if let Some(name) = &args.manager {
        setup.managers.retain(|m| m.name.eq_ignore_ascii_case(name));
        if setup.managers.is_empty() {
            bail!("no manager named '{name}' in the config");
        }
    }
    let weeks = setup.weeks(args.period())?;
    // Each manager's rows are made as they are read; the sources are not
    // kept.
    let (report, rows) = setup.gather_keeping(&weeks, false, |read| {
        explain::rows_by_week(read.manager.identity(), read.data, &weeks)
    })?;
    let explanations: Vec<Explanation> = (setup.managers.iter())
        .zip(rows)
        .zip(&report.managers)
        .flat_map(|((m, rows), f)| {
            (weeks.iter().zip(rows)).map(move |(&week, rows)| {
                let mut manager = m.identity();
                // A shared manager's weeks are cut in the share's zone.
                manager.zone = f.timezone.parse().unwrap_or(manager.zone);
                Explanation {
                    manager,
                    week,
                    rows,
                    shared_from: (!m.figures.is_empty()).then(|| m.figures.clone()),
                }
            })
        })
        .collect();
    for m in setup.managers.iter().filter(|m| !m.figures.is_empty()) {
        if args.format == crate::cli::ExplainFormat::Json {
            eprintln!(
                "note: {}'s figures came from a share; a share holds no intervals to list",
                m.name
            );
        }
    }
    let mut out = anstream::stdout().lock();
    out.write_all(&explain::render(&explanations, args.format)?)?;
    out.flush()?;
    Ok(0)
}
