//! One module per subcommand, as xsv does: each wires settings, the reading
//! stage, figures and an exporter together. What they share: config and
//! flags merged in `crate::settings`, sources read in `crate::gather`, and
//! the `--fail-on` exit code here.

pub mod completions;
pub mod doctor;
pub mod explain;
pub mod init;
pub mod login;
pub mod man;
pub mod report;
pub mod share;
pub mod week;

use crate::cli::{Command, FailOn};
use crate::figures::{Report, Verdict};
use crate::period::Status;
use anyhow::Result;

/// Runs a command; the result is the exit code (0, or 1 for `--fail-on`).
/// Errors become exit code 2 in `main`.
pub fn run(command: Command) -> Result<i32> {
    match command {
        Command::Week(args) => week::run(args),
        Command::Report(args) => report::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Share(args) => share::run(args),
        Command::Init(args) => init::run(args),
        Command::Login(args) => login::run(args),
        Command::Logout(args) => login::logout(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Exit code for `--fail-on`: 1 when some complete manager-week has that
/// verdict or worse; insufficient data never fails, nor does a week in
/// progress or ahead (its verdict is on a plan). Failing, it says on
/// stderr which weeks failed, so a CI log shows why: each manager-week
/// when `named`, else their number (a skip-level view names no one).
pub fn exit_code(report: &Report, fail_on: Option<FailOn>, named: bool) -> i32 {
    let Some(fail_on) = fail_on else { return 0 };
    let (threshold, flag) = match fail_on {
        FailOn::Watch => (Verdict::Watch, "watch"),
        FailOn::Over => (Verdict::Over, "over"),
    };
    let failing: Vec<String> = (report.managers.iter())
        .flat_map(|m| m.weeks.iter().map(move |w| (m, w)))
        .filter(|(_, w)| w.status == Status::Complete && w.verdict >= threshold)
        .map(|(m, w)| {
            let share = crate::figures::pct(w.coding_share_pct);
            let name = crate::warning::one_line(&m.name);
            format!(
                "  {name} {}: {}, coding {share:.1}% (limit {}%)",
                w.week, w.verdict, m.limit_pct
            )
        })
        .collect();
    if failing.is_empty() {
        return 0;
    }
    if !named {
        // A count would give away the weeks of a group the view folds.
        eprintln!("--fail-on {flag}: weeks at {flag} or worse");
        return 1;
    }
    let weeks = match failing.len() {
        1 => "1 week".to_string(),
        n => format!("{n} weeks"),
    };
    eprintln!("--fail-on {flag}: {weeks} at {flag} or worse:");
    eprintln!("{}", failing.join("\n"));
    1
}
