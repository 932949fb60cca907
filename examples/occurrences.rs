//! Dumps the calendar reader's occurrences as JSON lines: what the oracle
//! comparison (`scripts/oracle/`) and the calendar benchmark
//! (`scripts/bench_calendar.sh`) run.
//!
//! ```text
//! cargo run --release --example occurrences -- \
//!     --tz Europe/Berlin --from 2026-01-01 --to 2026-12-31 [--me ada@example.com] FILE...
//! ```
//!
//! One line per occurrence overlapping the window, kept or dropped:
//! `{"start":"…Z","end":"…Z","all_day":false,"title":"…","uid":"…","file":"…","line":12,"dropped":null}`.
//! The window is `--from` 00:00 to the day after `--to` 00:00 in `--tz`
//! (both dates inclusive, as twohats' own `--from/--to`). Warnings and a
//! summary line (count and elapsed time of `calendar::read`) go to stderr.

use anyhow::{Context, Result};
use chrono::{Days, NaiveDate, SecondsFormat};
use chrono_tz::Tz;
use clap::Parser;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::time::Instant;
use twohats::calendar::{self, CalendarOptions};
use twohats::period::{local_midnight, parse_date};

#[derive(Parser)]
#[command(about = "Print the calendar reader's occurrences as JSON lines")]
struct Args {
    /// The manager's zone (IANA): floating times, all-day dates, the window.
    #[arg(long)]
    tz: Tz,
    /// First day of the window (inclusive).
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// Last day of the window (inclusive).
    #[arg(long, value_parser = parse_date)]
    to: NaiveDate,
    /// The manager's addresses (repeatable), for declined/tentative.
    #[arg(long)]
    me: Vec<String>,
    /// Print only the summary line (for benchmarks: no output cost).
    #[arg(long)]
    summary_only: bool,
    /// Calendars: files, folders, Google export zips, `-` for stdin.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Serialize)]
struct Line<'a> {
    start: String,
    end: String,
    all_day: bool,
    title: &'a str,
    uid: &'a str,
    file: &'a str,
    line: u64,
    dropped: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    occurrences: usize,
    dropped: usize,
    warnings: usize,
    elapsed_seconds: f64,
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        // One line, as the tool's own errors are (no backtrace).
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}

fn run(args: Args) -> Result<()> {
    let day_after_to = args
        .to
        .checked_add_days(Days::new(1))
        .context("--to is out of range")?;
    let opts = CalendarOptions {
        me: args.me.iter().map(|m| normalise_address(m)).collect(),
        zone: args.tz,
        from: local_midnight(args.from, args.tz),
        to: local_midnight(day_after_to, args.tz),
        count_tentative: true,
        count_transparent: false,
        max_event_hours: 12.0,
        // No description, location or category is printed: left out, as a
        // run with the default rules leaves them out.
        rule_texts: false,
    };

    let mut warnings = Vec::new();
    let started = Instant::now();
    let occurrences = calendar::read(&args.files, &opts, &mut warnings)?;
    let elapsed = started.elapsed();

    if !args.summary_only {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        for occ in &occurrences {
            let line = Line {
                start: occ.start.to_rfc3339_opts(SecondsFormat::Secs, true),
                end: occ.end.to_rfc3339_opts(SecondsFormat::Secs, true),
                all_day: occ.all_day,
                title: &occ.event.title,
                uid: &occ.event.source.uid,
                file: &occ.event.source.file,
                line: occ.event.source.line,
                dropped: occ.dropped.map(|d| d.to_string()),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }

    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in &warnings {
        writeln!(err, "warning: {w}")?;
    }
    let summary = Summary {
        occurrences: occurrences.len(),
        dropped: occurrences.iter().filter(|o| o.dropped.is_some()).count(),
        warnings: warnings.len(),
        elapsed_seconds: elapsed.as_secs_f64(),
    };
    writeln!(err, "summary: {}", serde_json::to_string(&summary)?)?;
    Ok(())
}

/// The reader expects addresses lower-case without `mailto:`.
fn normalise_address(address: &str) -> String {
    let lower = address.trim().to_lowercase();
    lower
        .strip_prefix("mailto:")
        .map(str::to_owned)
        .unwrap_or(lower)
}
