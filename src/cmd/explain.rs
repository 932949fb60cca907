//! `twohats explain`: every interval of a week with its kind, category, the
//! rule that decided it, its source, and the hours it finally counted — so a
//! user can see why a meeting hid a coding session. Dropped occurrences are
//! listed too, with the reason.

use crate::cli::{ExplainArgs, ExplainFormat};
use crate::figures::hours;
use crate::figures::touches;
use crate::intervals::{Manager, ManagerData, Origin};
use crate::period::Week;
use crate::settings::Setup;
use crate::timeline::{self, Piece};
use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::io::Write;

/// One line of the explanation.
struct Row {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    kind: String,
    category: String,
    rule: String,
    counted: i64,
    title: String,
    dropped: Option<String>,
    source: Value,
    source_text: String,
}

pub fn run(args: ExplainArgs) -> Result<i32> {
    let mut setup = Setup::from_sources(&args.sources)?;
    if let Some(name) = &args.manager {
        setup.managers.retain(|m| m.name.eq_ignore_ascii_case(name));
        if setup.managers.is_empty() {
            bail!("no manager named '{name}' in the config");
        }
    }
    let weeks = setup.weeks(args.period())?;
    let (_, data) = setup.gather(&weeks, false)?;

    let mut out = anstream::stdout().lock();
    let mut all_json = Vec::new();
    for (m, d) in setup.managers.iter().zip(&data) {
        // Resolved once per manager, then cut at each week's bounds.
        let pieces = timeline::resolve(&d.intervals);
        for &week in &weeks {
            let rows = rows(m, d, &pieces, week);
            match args.format {
                ExplainFormat::Json => all_json.extend(rows.iter().map(|r| {
                    let mut v = json!({
                        "manager": m.name,
                        "week": week.to_string(),
                        "start": r.start.with_timezone(&m.zone).to_rfc3339(),
                        "end": r.end.with_timezone(&m.zone).to_rfc3339(),
                        "kind": r.kind,
                        "category": r.category,
                        "rule": r.rule,
                        "source": r.source,
                        "counted_hours": hours(r.counted),
                        "title": r.title,
                    });
                    if let Some(reason) = &r.dropped {
                        v["dropped"] = json!(reason);
                    }
                    v
                })),
                ExplainFormat::Table => write_table(&mut out, m, week, &rows)?,
            }
        }
    }
    if args.format == ExplainFormat::Json {
        serde_json::to_writer_pretty(&mut out, &all_json)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}

fn rows(m: &Manager, d: &ManagerData, pieces: &[Piece], week: Week) -> Vec<Row> {
    let (from, to) = week.bounds(m.zone);
    let mut counted = vec![0i64; d.intervals.len()];
    for p in pieces {
        let (a, b) = (p.start.max(from), p.end.min(to));
        if a < b {
            counted[p.owner] += (b - a).num_seconds();
        }
    }
    let overlaps = |s, e| touches(s, e, from, to);
    let mut rows = Vec::new();
    for (i, (iv, origin)) in d.intervals.iter().zip(&d.origins).enumerate() {
        if !overlaps(iv.start, iv.end) {
            continue;
        }
        let (title, source, source_text) = describe(d, *origin);
        rows.push(Row {
            start: iv.start,
            end: iv.end,
            kind: iv.kind.to_string(),
            category: iv.category.clone(),
            rule: d.rule_of(*origin),
            counted: counted[i],
            title,
            dropped: None,
            source,
            source_text,
        });
    }
    for (i, occ) in d.occurrences.iter().enumerate() {
        let Some(reason) = occ.dropped else { continue };
        if !overlaps(occ.start, occ.end) {
            continue;
        }
        let (title, source, source_text) = describe(d, Origin::Occurrence(i));
        rows.push(Row {
            start: occ.start,
            end: occ.end,
            kind: "-".into(),
            category: "-".into(),
            rule: "-".into(),
            counted: 0,
            title,
            dropped: Some(reason.to_string()),
            source,
            source_text,
        });
    }
    rows.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    rows
}

fn describe(d: &ManagerData, origin: Origin) -> (String, Value, String) {
    match origin {
        Origin::Occurrence(i) => {
            let o = &d.occurrences[i];
            let s = &o.source;
            (
                o.title.to_string(),
                json!({"file": &*s.file, "line": s.line, "uid": &*s.uid}),
                format!("{}:{} {}", s.file, s.line, s.uid),
            )
        }
        Origin::Session(i) => {
            let s = &d.sessions[i];
            let hashes: Vec<&str> = s
                .commits
                .iter()
                .map(|&c| d.commits[c].hash.as_str())
                .collect();
            let repo = s
                .commits
                .first()
                .map(|&c| d.commits[c].source.to_string())
                .unwrap_or_default();
            let short: Vec<&str> = hashes.iter().map(|h| &h[..h.len().min(8)]).collect();
            (
                format!(
                    "{} commit{}",
                    hashes.len(),
                    if hashes.len() == 1 { "" } else { "s" }
                ),
                json!({"repo": repo, "commits": hashes}),
                format!("{repo} {}", short.join(" ")),
            )
        }
    }
}

fn write_table(out: &mut impl Write, m: &Manager, week: Week, rows: &[Row]) -> Result<()> {
    let local = |t: DateTime<Utc>, z: Tz| t.with_timezone(&z);
    writeln!(out, "{} · {} · {}", m.name, week, m.zone.name())?;
    if rows.is_empty() {
        writeln!(out, "  (nothing in this week)")?;
    }
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_header([
        "start", "end", "kind", "category", "rule", "counted", "title", "source",
    ]);
    for r in rows {
        let (s, e) = (local(r.start, m.zone), local(r.end, m.zone));
        let end = if s.date_naive() == e.date_naive() {
            e.format("%H:%M").to_string()
        } else {
            e.format("%a %d %H:%M").to_string()
        };
        let counted = match &r.dropped {
            Some(reason) => format!("dropped: {reason}"),
            None => format!("{:.2} h", hours(r.counted)),
        };
        table.add_row([
            s.format("%a %d %H:%M").to_string(),
            end,
            r.kind.clone(),
            r.category.clone(),
            r.rule.clone(),
            counted,
            r.title.clone(),
            r.source_text.clone(),
        ]);
    }
    if !rows.is_empty() {
        writeln!(out, "{table}")?;
    }
    Ok(())
}
