//! `twohats doctor`: whether the inputs can be trusted (the model is in
//! `crate::doctor`, the rendering in `report::doctor`).

use crate::cli::DoctorArgs;
use crate::doctor::{self, Findings};
use crate::gather;
use crate::report;
use crate::settings::Setup;
use anyhow::Result;
use std::io::Write;

/// Exit 0 whatever was found; a source that cannot be read is an error
/// (exit 2), also one the others' figures were read without; with
/// `--strict`, so is any warning. Of several managers, those whose sources were read are shown
/// first, then one error line for each of the others.
pub fn run(args: DoctorArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    // Doctor counts every commit and author of a repository.
    setup.whole_git_history = true;
    let weeks = setup.weeks(args.period())?;
    // Each manager is examined as read; the sources are not kept.
    let reads = gather::managers(&setup, &weeks, false, |read| {
        let zone = read.manager.zone;
        let from = weeks.first().expect("at least one week").bounds(zone).0;
        let to = weeks.last().expect("at least one week").bounds(zone).1;
        let unread = read.warnings.iter().any(|w| w.unread_source);
        let warned = read.warnings.len();
        let findings = doctor::examine(
            read.manager,
            read.data,
            read.figures,
            read.warnings,
            (from, to),
        );
        (findings, unread, warned)
    });
    let several = setup.managers.len() > 1;
    let mut managers = Vec::with_capacity(reads.len());
    let mut unread = Vec::new();
    // A source left out with a warning (a URL or a forge that did not
    // answer) is a source that cannot be read all the same.
    let mut some_source_unread = false;
    let mut warnings = 0;
    for (m, read) in setup.managers.iter().zip(reads) {
        match read {
            Ok(read) => {
                let (findings, unread, warned) = read.kept;
                some_source_unread |= unread;
                warnings += warned;
                managers.push(findings);
            }
            Err(e) if several => unread.push(format!("manager '{}': {e:#}", m.name)),
            Err(e) => return Err(e),
        }
    }
    let findings = Findings { weeks, managers };
    let mut out = anstream::stdout().lock();
    out.write_all(&report::doctor::render(&findings, args.format)?)?;
    out.flush()?;
    for line in &unread {
        eprintln!("error: {}", crate::warning::one_line(line));
    }
    // The warnings are in the findings; --strict makes them fail the run.
    if setup.strict && warnings > 0 {
        eprintln!("error: --strict: {warnings} warning(s) above");
        return Ok(2);
    }
    Ok(if unread.is_empty() && !some_source_unread {
        0
    } else {
        2
    })
}
