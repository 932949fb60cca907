//! `twohats man`: the manual page generated from the clap definitions
//! (roff). Printed to stdout as one page that lists every command's flags;
//! with `--out DIR`, one page per command instead (twohats.1,
//! twohats-week.1, ...).

use crate::cli::{self, ManArgs};
use anyhow::{Context, Result};
use clap_mangen::Man;
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
            let page = one_page(command)?;
            let mut out = std::io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
        }
    }
    Ok(0)
}

/// twohats.1 with a section per command holding its flags, so one file
/// documents every flag.
fn one_page(mut command: clap::Command) -> std::io::Result<Vec<u8>> {
    command.build();
    let top = Man::new(command.clone());
    let mut page = Vec::new();
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;
    top.render_subcommands_section(&mut page)?;
    for sub in command.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        // The flags under a heading naming the command: "TWOHATS WEEK".
        let heading = format!("{} {}", command.get_name(), sub.get_name());
        let sub = sub.clone().mut_args(|a| a.help_heading(heading.clone()));
        Man::new(sub).render_options_section(&mut page)?;
    }
    top.render_version_section(&mut page)?;
    Ok(page)
}
