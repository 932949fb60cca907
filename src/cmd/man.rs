//! `twohats man`: the manual page generated from the clap definitions
//! (roff), printed to stdout, or with `--out DIR` one page per command.

use crate::cli::{self, ManArgs};
use anyhow::{Context, Result};
use std::io::Write;

pub fn run(args: ManArgs) -> Result<i32> {
    let command = cli::command();
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create '{}'", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write the manual pages to '{}'", dir.display()))?;
            println!("wrote the manual pages to {}", dir.display());
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            let mut out = std::io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
        }
    }
    Ok(0)
}
