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
    let (_, rows) = setup.gather_keeping(&weeks, false, |read| {
        (weeks.iter())
            .map(|&week| Explanation::of(read.manager.identity(), read.data, week).rows)
            .collect::<Vec<_>>()
    })?;
    let explanations: Vec<Explanation> = (setup.managers.iter())
        .zip(rows)
        .flat_map(|(m, rows)| {
            (weeks.iter().zip(rows)).map(move |(&week, rows)| Explanation {
                manager: m.identity(),
                week,
                rows,
            })
        })
        .collect();
    let mut out = anstream::stdout().lock();
    out.write_all(&explain::render(&explanations, args.format)?)?;
    out.flush()?;
    Ok(0)
}
