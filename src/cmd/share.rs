//! `twohats share`: one manager's figures, and nothing else, as a
//! `twohats-share/v1` file for a director's report (`crate::share`).

use crate::cli::ShareArgs;
use crate::gather;
use crate::period::Status;
use crate::settings::Setup;
use anyhow::{bail, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: ShareArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    // A share holds no trends: the 3 weeks before the range go in as weeks
    // of their own (below), for the director's report to compute them.
    setup.trends = false;
    if let Some(name) = &args.manager {
        setup.keep_manager(name)?;
    }
    if setup.managers.len() > 1 {
        bail!(
            "a share holds one manager's figures and the config has {}: choose one with --manager NAME",
            setup.managers.len()
        );
    }
    let asked = setup.weeks(args.period())?;
    // A share holds complete weeks only: a week in progress or ahead is a
    // plan, not figures to hand over.
    let zone = setup.managers[0].zone;
    let now = setup.now(zone);
    let weeks: Vec<_> = (asked.iter().copied())
        .filter(|&w| Status::of(w, zone, now) == Status::Complete)
        .collect();
    if weeks.is_empty() {
        bail!(
            "no complete week to share: {} to {} has not ended yet (a share holds complete weeks only)",
            asked[0],
            asked[asked.len() - 1]
        );
    }
    let left_out = asked.len() - weeks.len();
    // The 3 weeks before the range go in too, so a director's report of the
    // same range has the trends (docs/model.md, "Advice figures").
    let lead = crate::figures::advice::lead_weeks(weeks[0]);
    let shared_weeks: Vec<_> = lead.iter().chain(&weeks).copied().collect();
    let report = gather::report(&setup, &shared_weeks, false)?;
    crate::warning::emit(&report.warnings, setup.strict)?;
    let bytes = crate::share::render(&report.managers[0], &report.warnings, chrono::Utc::now());
    let mut stdout = anstream::stdout().lock();
    match &args.out {
        Some(out) => {
            refuse_inputs(out, &setup.inputs())?;
            crate::atomic_write::write_atomically(out, &bytes)?;
            writeln!(
                stdout,
                "wrote {}'s figures for {} week(s), and the {} before them for the trends, to {}",
                report.managers[0].name,
                weeks.len(),
                lead.len(),
                out.display()
            )?;
            if left_out > 0 {
                writeln!(
                    stdout,
                    "left out {left_out} week(s) not complete yet (from {}): shares hold complete weeks only",
                    asked[weeks.len()]
                )?;
            }
        }
        None => {
            stdout.write_all(&bytes)?;
            if left_out > 0 {
                eprintln!(
                    "note: left out {left_out} week(s) not complete yet (from {}): shares hold complete weeks only",
                    asked[weeks.len()]
                );
            }
        }
    }
    stdout.flush()?;
    Ok(0)
}

/// The share may not be written over a file it is read from.
fn refuse_inputs(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(out_resolved) = out.canonicalize() else {
        return Ok(()); // not there yet: no input can be it
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|i| i == out_resolved) {
            bail!(
                "refusing to write the share over the input '{}'; choose another --out file",
                input.display()
            );
        }
    }
    Ok(())
}
