//! `twohats completions SHELL`: a completion script generated from the
//! clap definitions, printed to stdout.

use crate::cli::{self, CompletionsArgs};
use anyhow::Result;
use std::io::Write;

pub fn run(args: CompletionsArgs) -> Result<i32> {
    let mut command = cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "twohats", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(0)
}
