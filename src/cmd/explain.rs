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
    let (_, data) = setup.gather(&weeks, false)?;
    let explanations: Vec<Explanation> = setup
        .managers
        .iter()
        .zip(&data)
        .flat_map(|(m, d)| {
            weeks
                .iter()
                .map(move |&week| Explanation::of(m.identity(), d, week))
        })
        .collect();
    let mut out = anstream::stdout().lock();
    out.write_all(&explain::render(&explanations, args.format)?)?;
    out.flush()?;
    Ok(0)
}
