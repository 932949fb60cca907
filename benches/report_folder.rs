//! The report folder for a large org, library side: 500 managers × 52
//! weeks of generated figures (deterministic), each output timed alone and
//! the whole `write_folder` end to end. Another org size as an argument:
//!
//!     cargo bench --bench report_folder
//!     cargo bench --bench report_folder -- 5000
//!
//! The figures are made up (a fixed pseudo-random sequence); only their
//! volume matters here. End-to-end timings from calendars and git logs
//! (orgs made by scripts/generate_org.py) are in scripts/bench-scale.sh.

use std::time::Instant;
use twohats::figures::{CategorySeconds, ManagerFigures, Report, Summary, Verdict, WeekFigures};
use twohats::period::Week;
use twohats::report::{charts, csv::Csv, html::Html, json::Json, markdown::Markdown};
use twohats::report::{parquet::Parquet, write_folder, Exporter};

/// Managers when no size is given.
const MANAGERS: usize = 500;
const WEEKS: usize = 52;

/// A fixed linear congruential sequence: the same org every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn org(managers: usize) -> Report {
    const FIRST: [&str; 20] = [
        "Ada",
        "Grace",
        "Linus",
        "Barbara",
        "Ken",
        "Margaret",
        "Dennis",
        "Frances",
        "Alan",
        "Radia",
        "Edsger",
        "Katherine",
        "Donald",
        "Shafi",
        "Tony",
        "Sophie",
        "John",
        "Hedy",
        "Niklaus",
        "Jean",
    ];
    const LAST: [&str; 25] = [
        "Lovelace",
        "Hopper",
        "Torvalds",
        "Liskov",
        "Thompson",
        "Hamilton",
        "Ritchie",
        "Allen",
        "Turing",
        "Perlman",
        "Dijkstra",
        "Johnson",
        "Knuth",
        "Goldwasser",
        "Hoare",
        "Wilson",
        "Backus",
        "Lamarr",
        "Wirth",
        "Sammet",
        "Kay",
        "Lamport",
        "Cerf",
        "Kahn",
        "Milner",
    ];
    let mut rng = Lcg(47);
    let last_week: Week = "2026-W47".parse().unwrap();
    let mut weeks = vec![last_week];
    while weeks.len() < WEEKS {
        let before = weeks.last().unwrap().previous();
        weeks.push(before);
    }
    weeks.reverse();
    let managers = (0..managers)
        .map(|i| {
            let reports = rng.next(16) as u32;
            let (band, limit) = match reports {
                0..=5 => ("small", 30.0),
                6..=10 => ("medium", 20.0),
                _ => ("large", 10.0),
            };
            let figures: Vec<WeekFigures> = weeks
                .iter()
                .map(|&week| {
                    let coding = rng.next(20 * 3600) as i64;
                    let people = rng.next(30 * 3600) as i64;
                    let other = rng.next(10 * 3600) as i64;
                    let tracked = coding + people + other;
                    let share = 100.0 * coding as f64 / tracked.max(1) as f64;
                    let categories: CategorySeconds = [
                        ("commits".into(), coding),
                        ("one-on-ones".into(), people / 2),
                        ("team rituals".into(), people - people / 2),
                        ("meetings".into(), other),
                    ]
                    .into_iter()
                    .collect();
                    WeekFigures {
                        week,
                        coding,
                        people,
                        other,
                        tracked,
                        categories,
                        after_hours_coding: coding / 5,
                        commits: rng.next(40) as u32,
                        sessions: rng.next(10) as u32,
                        events: rng.next(40) as u32,
                        reviews: rng.next(12) as u32,
                        coding_share_pct: share,
                        verdict: if tracked < 10 * 3600 {
                            Verdict::InsufficientData
                        } else if share > limit {
                            Verdict::Over
                        } else if share > limit - 5.0 {
                            Verdict::Watch
                        } else {
                            Verdict::Ok
                        },
                        advice: Default::default(),
                        coverage: None,
                        status: Default::default(),
                        progress: None,
                    }
                })
                .collect();
            let with_data: Vec<&WeekFigures> = figures
                .iter()
                .filter(|w| w.verdict != Verdict::InsufficientData)
                .collect();
            let coding: i64 = with_data.iter().map(|w| w.coding).sum();
            let tracked: i64 = with_data.iter().map(|w| w.tracked).sum();
            let summary = Summary {
                weeks: WEEKS as u32,
                weeks_with_data: with_data.len() as u32,
                weeks_over: with_data
                    .iter()
                    .filter(|w| w.verdict == Verdict::Over)
                    .count() as u32,
                weeks_watch: with_data
                    .iter()
                    .filter(|w| w.verdict == Verdict::Watch)
                    .count() as u32,
                coding_share_pct: 100.0 * coding as f64 / tracked.max(1) as f64,
                sustained_over: with_data
                    .iter()
                    .rev()
                    .take(4)
                    .filter(|w| w.verdict == Verdict::Over)
                    .count()
                    >= 3,
            };
            ManagerFigures {
                name: format!("{} {} {}", FIRST[i % 20], LAST[(i / 20) % 25], i / 500 + 1),
                reports: Some(reports),
                band: band.to_string(),
                limit_pct: limit,
                timezone: "Europe/Berlin".to_string(),
                weeks: figures,
                summary,
                group: None,
                source: Default::default(),
            }
        })
        .collect();
    Report {
        weeks,
        bands: twohats::config::Config::default().thresholds.bands,
        categories: Vec::new(),
        managers,
        warnings: vec![],
    }
}

/// CPU seconds of this process so far, all threads (user + system), from
/// /proc/self/stat in clock ticks of 1/100 s: the machine may be shared,
/// so wall time alone says little.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15; index 11 and 12 after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let value = f();
    println!(
        "{label:<34} {:>9.1} ms wall {:>9.0} ms cpu",
        start.elapsed().as_secs_f64() * 1000.0,
        (cpu_seconds() - cpu) * 1000.0
    );
    value
}

fn main() {
    // `cargo bench` passes `--bench`; the org size is the first number.
    let n = (std::env::args().skip(1))
        .find_map(|a| a.parse().ok())
        .unwrap_or(MANAGERS);
    let report = time(&format!("generate {n} × {WEEKS} figures"), || org(n));
    let exporters: [&dyn Exporter; 5] = [&Markdown, &Json, &Csv, &Parquet, &Html];
    for exporter in exporters {
        let bytes = time(&format!("render {}", exporter.file_name()), || {
            exporter.render(&report).unwrap()
        });
        println!(
            "{:<34} {:>9.1} KiB",
            format!("  size of {}", exporter.file_name()),
            bytes.len() as f64 / 1024.0
        );
    }
    time(&format!("{n} manager charts, SVG"), || {
        for m in &report.managers {
            charts::manager_svg(m).unwrap();
        }
    });
    time(&format!("{n} manager charts, PNG"), || {
        for m in &report.managers {
            charts::manager_png(m).unwrap();
        }
    });
    time("org chart, SVG + PNG", || {
        charts::org_svg(&report).unwrap();
        charts::org_png(&report).unwrap();
    });
    let out = std::env::temp_dir().join(format!("twohats-bench-{}", std::process::id()));
    let files = time("write_folder (all files)", || {
        write_folder(&out, &report, &[]).unwrap()
    });
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "{:<34} {:>9} files, {:.1} MiB",
        "  written",
        files.len(),
        bytes as f64 / 1048576.0
    );
    match std::env::var_os("TWOHATS_BENCH_KEEP") {
        Some(_) => println!("kept {}", out.display()),
        None => std::fs::remove_dir_all(&out).unwrap(),
    }
}
