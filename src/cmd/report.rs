//! `twohats report`: several weeks for many managers; with `--out`, the
//! whole report folder.

use crate::cli::ReportArgs;
use crate::cmd::exit_code;
use crate::gather;
use crate::report::{self, table, TableView};
use crate::settings::Setup;
use anyhow::Result;
use std::io::Write;

pub fn run(args: ReportArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let weeks = setup.weeks(args.period())?;
    let mut report = gather::report(&setup, &weeks, true)?;
    if report.managers.len() > 1 {
        // A report of several managers names no event, repository or team
        // member, in its files or in its warnings.
        report::redact::for_several_managers(&mut report);
    }
    if args.redact {
        report::redact::in_place(&mut report);
    }
    // A skip-level view names no manager, on stderr or in its files: not
    // even by pseudonym (one the reader could work out from a roster).
    if args.groups_only {
        if !args.redact {
            report.warnings = report::redact::warnings(&report);
        }
        for w in &mut report.warnings {
            if crate::warning::is_manager_source(&w.source) {
                w.source = "a manager".to_string();
            }
        }
    }
    crate::warning::emit(&report.warnings, setup.strict)?;
    let code = exit_code(&report, args.fail_on, !args.groups_only);

    let mut stdout = report::stdout_for(args.format);
    if args.groups_only {
        write_groups_only(&args, &report, &setup, &mut stdout)?;
    } else if let Some(out) = &args.out {
        let written = report::write_folder(out, &report, &setup.inputs())?;
        writeln!(stdout, "wrote {} files to {}", written.len(), out.display())?;
        for path in written
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "md"))
        {
            writeln!(stdout, "  {}", path.display())?;
        }
    } else {
        let view = TableView::Report(table::Style::for_stdout());
        report::exporter(args.format, view).write(&report, &mut stdout)?;
    }
    stdout.flush()?;
    Ok(code)
}

/// `--groups-only`: only the folded group figures, printed or written.
fn write_groups_only(
    args: &ReportArgs,
    report: &crate::figures::Report,
    setup: &Setup,
    stdout: &mut impl Write,
) -> Result<()> {
    match &args.out {
        Some(out) => {
            let written = report::folder::write_groups_folder(out, report, &setup.inputs())?;
            writeln!(stdout, "wrote {} files to {}", written.len(), out.display())?;
        }
        None => {
            let style = table::Style::for_stdout();
            let exporter = report::groups::groups_only(args.format, style);
            exporter.write(report, stdout)?;
        }
    }
    Ok(())
}
