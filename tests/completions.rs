//! Shell completions and the manual page, generated from the same clap
//! definitions the binary parses with.

mod common;

use common::{twohats, Run};

fn twohats_stdout(args: &[&str]) -> String {
    let run = Run::of(twohats().args(args));
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.text().to_owned()
}

#[test]
fn bash_completion_knows_the_commands_and_flags() {
    let script = twohats_stdout(&["completions", "bash"]);
    assert!(script.contains("--ics"), "{script}");
    // The subcommand's own case, not a flag that contains its name (--reports).
    assert!(script.contains("twohats,report)"), "{script}");
    assert!(script.contains("--fail-on"), "{script}");
    assert!(script.contains("--github"), "{script}");
}

#[test]
fn every_shell_gets_a_script() {
    // fish names a long flag `-l ics`; the others write `--ics`. Each
    // shell names the `report` subcommand in its own way (a bare "report"
    // would be met by the --reports flag).
    for (shell, flag, subcommand) in [
        ("bash", "--ics", "twohats,report)"),
        ("zsh", "--ics", "(report)"),
        ("fish", "-l ics", "-a \"report\""),
        ("powershell", "--ics", "'twohats;report'"),
    ] {
        let script = twohats_stdout(&["completions", shell]);
        assert!(script.contains(flag), "{shell}: {script}");
        assert!(script.contains(subcommand), "{shell}: {script}");
    }
}

#[test]
fn the_man_page_documents_every_commands_flags() {
    let page = twohats_stdout(&["man"]);
    assert!(page.contains(".TH twohats 1"), "{page}");
    // roff writes a hyphen as `\-`: this is `--fail-on`.
    assert!(page.contains(r"\fB\-\-fail\-on\fR"), "{page}");
    assert!(page.contains(r"\fB\-\-ics\fR"), "{page}");
    for command in ["WEEK", "REPORT", "EXPLAIN", "INIT"] {
        assert!(
            page.contains(&format!(".SH \"TWOHATS {command}\"")),
            "{page}"
        );
    }
    // The bands in the description come from the defaults.
    assert!(page.contains("30% for up to 5 reports"), "{page}");
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    twohats_stdout(&["man", "--out", out.to_str().unwrap()]);
    for name in ["twohats.1", "twohats-week.1", "twohats-report.1"] {
        let page = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(page.contains(".TH"), "{name}");
    }
    // README tells users of `twohats man`: --help lists it.
    let help = twohats_stdout(&["--help"]);
    assert!(help.contains("\n  man "), "{help}");
}
