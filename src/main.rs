//! The binary: parse the command line, run the command, map errors to exit
//! codes (0 success, 1 `--fail-on` tripped, 2 bad usage or unreadable input).

use clap::Parser;
use std::process::ExitCode;
use twohats::cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match twohats::cmd::run(cli.command) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            // One line: the error and its causes.
            let message = e
                .chain()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(": ");
            anstream::eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
