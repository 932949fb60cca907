//! `twohats explain`: every interval of a week, why it counted what it did
//! (rendered by `report::explain`).

use crate::cli::ExplainArgs;
use crate::figures::coverage::Team;
use crate::gather;
use crate::report::explain::{self, Explanation};
use crate::settings::Setup;
use anyhow::Result;
use std::io::Write;

pub fn run(args: ExplainArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    if let Some(name) = &args.manager {
        setup.keep_manager(name)?;
    }
    let weeks = setup.weeks(args.period())?;
    // Team members are named only when one manager is explained.
    let own = setup.managers.len() == 1;
    // Each manager's rows are made as they are read; the sources are not
    // kept.
    let timestamp = setup.config.git.timestamp;
    let (report, rows) = gather::report_keeping(&setup, &weeks, false, |read| {
        let team = Team::new(&read.manager.team, &read.manager.emails);
        let team = own.then_some(&team);
        // A week that has not ended is explained as it is counted: from
        // what is known at now.
        let known = explain::Known {
            now: setup.now(read.manager.zone),
            as_of: read.as_of.map(|a| explain::Cut {
                intervals: a.intervals(),
                pieces: a.pieces(),
            }),
            timestamp,
        };
        explain::rows_by_week(read.manager.identity(), read.data, (&weeks, known), team)
    })?;
    crate::warning::emit(&report.warnings, setup.strict)?;
    let explanations: Vec<Explanation> = (setup.managers.iter())
        .zip(rows)
        .flat_map(|(m, rows)| {
            (weeks.iter().zip(rows)).map(move |(&week, rows)| Explanation {
                manager: m.identity(),
                week,
                rows,
                shared_from: (!m.figures.is_empty()).then(|| m.figures.clone()),
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
