//! `twohats share`: one manager's figures, and nothing else, as a
//! `twohats-share/v1` file for a director's report (`crate::share`).

use crate::cli::ShareArgs;
use crate::gather;
use crate::period::Status;
use crate::report::folder::resolve;
use crate::settings::Setup;
use anyhow::{bail, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: ShareArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    // A share holds no trends: the 3 weeks before the range go in as weeks
    // of their own (below), for the director's report to compute them.
    setup.trends = false;
    // Every manager's inputs, taken before the others are left out: the
    // share may go over none of them.
    let inputs = setup.inputs();
    let repos: Vec<PathBuf> = (setup.managers.iter())
        .flat_map(|m| m.repos.iter().map(PathBuf::from))
        .collect();
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
            refuse_inputs(out, &inputs, &repos)?;
            crate::atomic_write::write_atomically(out, &bytes)?;
            say_written(&mut stdout, &report.managers[0], (&weeks, &lead), out)?;
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

/// What a share written to `out` holds: the weeks (and the lead weeks
/// before them) some source or share held; shares re-shared leave out
/// the weeks no share held, and say which.
fn say_written(
    stdout: &mut impl Write,
    m: &crate::figures::ManagerFigures,
    (weeks, lead): (&[crate::period::Week], &[crate::period::Week]),
    out: &Path,
) -> Result<()> {
    let held = |ws: &[crate::period::Week]| ws.iter().filter(|&&w| !m.not_shared(w)).count();
    writeln!(
        stdout,
        "wrote {}'s figures for {} week(s), and the {} before them for the trends, to {}",
        m.name,
        held(weeks),
        held(lead),
        out.display()
    )?;
    let unheld: Vec<String> = (weeks.iter().filter(|&&w| m.not_shared(w)))
        .map(|w| w.to_string())
        .collect();
    if !unheld.is_empty() {
        writeln!(
            stdout,
            "left out {} week(s) no share held: {}",
            unheld.len(),
            unheld.join(", ")
        )?;
    }
    Ok(())
}

/// The share may not be written over a file it is read from, nor into a
/// folder read for calendars or shares (it would be read from there next
/// time). A repository's folder is not read as files: a share may go there.
/// Paths are compared after resolving `..` and symbolic links.
fn refuse_inputs(out: &Path, inputs: &[PathBuf], repos: &[PathBuf]) -> Result<()> {
    let Ok(out_resolved) = resolve(out) else {
        return Ok(()); // no part of it exists: no input can be it
    };
    for input in inputs {
        let Ok(input_resolved) = input.canonicalize() else {
            continue; // an input that is not there cannot be written over
        };
        let over = input_resolved == out_resolved;
        let inside = !over
            && input_resolved.is_dir()
            && !repos.contains(input)
            && out_resolved.starts_with(&input_resolved);
        if over {
            bail!(
                "refusing to write the share over the input '{}'; choose another --out file",
                input.display()
            );
        }
        if inside {
            bail!(
                "refusing to write the share into '{}': that folder is read as input; choose an --out file outside it",
                input.display()
            );
        }
    }
    Ok(())
}
