//! One module per subcommand, as xsv does: each wires settings, figures and
//! an exporter together. What they share (config and flags merged, sources
//! read, warnings, exit codes) is in `crate::settings`.

pub mod completions;
pub mod doctor;
pub mod explain;
pub mod init;
pub mod man;
pub mod report;
pub mod share;
pub mod week;

use crate::cli::Command;
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
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
