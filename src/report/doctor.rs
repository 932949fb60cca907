//! `twohats doctor`'s findings as a table for a person or as JSON. Only
//! formats: what was found is decided in `crate::doctor`.

use crate::cli::ExplainFormat;
use crate::doctor::{
    CalendarFindings, Findings, ForgeFindings, GitFindings, ManagerFindings, TeamFindings,
    Unclassified, FREE_BUSY_SHARE,
};
use crate::figures::{hours, tenths};
use crate::warning::with_count;
use crate::Warning;
use serde_json::{json, Value};
use std::fmt::Write;

/// The findings in `format`.
pub fn render(findings: &Findings, format: ExplainFormat) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ExplainFormat::Table => table(findings).into_bytes(),
        ExplainFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&document(findings))?;
            bytes.push(b'\n');
            bytes
        }
    })
}

// ---- table ----

fn table(f: &Findings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "twohats doctor · {}", weeks_text(f));
    for m in &f.managers {
        out.push('\n');
        manager_table(&mut out, m);
    }
    out
}

fn weeks_text(f: &Findings) -> String {
    match (f.weeks.first(), f.weeks.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn manager_table(out: &mut String, m: &ManagerFindings) {
    let emails = match (m.emails.is_empty(), m.shares.is_empty()) {
        (false, _) => m.emails.join(", "),
        (true, false) => format!("figures from {}", m.shares.join(", ")),
        (true, true) => "no address given (--me)".to_string(),
    };
    let _ = writeln!(out, "{} · {emails}", m.name);
    for c in &m.calendars {
        calendar_table(out, c);
    }
    unclassified_table(out, &m.unclassified);
    for g in &m.git {
        git_table(out, g);
    }
    for f in &m.forges {
        forge_table(out, f);
    }
    if !m.likely_missing.is_empty() {
        let _ = writeln!(out, "  likely missing --me (same name, another address):");
        for a in &m.likely_missing {
            let _ = writeln!(out, "    {} <{}>: {} commits", a.name, a.email, a.commits);
        }
    }
    if let Some(t) = &m.team {
        team_table(out, t);
    }
    warnings_table(out, "  ", &m.other_warnings);
}

fn team_table(out: &mut String, t: &TeamFindings) {
    let _ = writeln!(
        out,
        "  team        {} members; {} never seen, {} 1:1s with no member",
        t.members,
        t.never_seen.len(),
        t.unmatched.len()
    );
    for (address, name) in &t.never_seen {
        let who = if name == address {
            address.clone()
        } else {
            format!("{name} <{address}>")
        };
        let _ = writeln!(
            out,
            "    never seen  {who}: in no event of the weeks read; is the address right?"
        );
    }
    for (start, title) in &t.unmatched {
        let when = start.with_timezone(&t.zone).format("%a %d %b %H:%M");
        let _ = writeln!(
            out,
            "    no member   {when} \"{title}\" (a 1:1 with no team member)"
        );
    }
}

fn calendar_table(out: &mut String, c: &CalendarFindings) {
    let n = &c.counts;
    let _ = writeln!(out, "  calendar {}", n.file);
    let _ = writeln!(out, "    read        {}", read_text(c));
    let dropped = if c.dropped.is_empty() {
        "none dropped".to_string()
    } else {
        let parts: Vec<String> = (c.dropped.iter())
            .map(|(r, k)| format!("{k} {r}"))
            .collect();
        format!("dropped {}", parts.join(", "))
    };
    let _ = writeln!(
        out,
        "    in weeks    {} instances, {} kept; {dropped}",
        c.instances, c.kept
    );
    for t in &n.tzids {
        // The empty TZID (Exchange 2010 writes `TZID=`), and the zone its
        // own VTIMEZONE is named by, would show as nothing.
        let shown = |name: &str| {
            if name.is_empty() {
                "''".to_string()
            } else {
                name.to_string()
            }
        };
        let _ = writeln!(
            out,
            "    TZID        {} → {} ({})",
            shown(&t.tzid),
            shown(&t.zone),
            t.resolution.as_str()
        );
    }
    if !n.repairs.is_empty() {
        let parts: Vec<String> = (n.repairs.iter())
            .map(|(kind, k)| format!("{k} {kind}"))
            .collect();
        let _ = writeln!(out, "    repaired    {}", parts.join(", "));
    }
    let t = &c.titles;
    let verdict = if t.looks_free_busy() {
        "LOOKS LIKE A FREE/BUSY EXPORT: publish or export it with its titles"
    } else {
        "titles readable"
    };
    let _ = writeln!(
        out,
        "    titles      {} of {} kept are Busy/Free/Private/Tentative/Out of Office or empty (free/busy at {:.0}%): {verdict}",
        t.placeholders,
        t.kept,
        FREE_BUSY_SHARE * 100.0
    );
    warnings_table(out, "    ", &c.warnings);
}

/// What was read of a calendar: a file's events, series and overrides, or
/// an API calendar's events, pages and types (the APIs give instances:
/// their series are counted, not read).
fn read_text(c: &CalendarFindings) -> String {
    let n = &c.counts;
    match &c.api {
        Some(a) => {
            let types: Vec<String> = (a.by_type.iter())
                .map(|(t, k)| format!("{t} {k}"))
                .collect();
            let by_type = match types.is_empty() {
                true => String::new(),
                false => format!("; by type: {}", types.join(", ")),
            };
            format!(
                "{} events from {} API pages, instances of {} series{by_type}",
                n.events, a.pages, a.series,
            )
        }
        None => format!(
            "{} events: {} series, {} overrides, {} single",
            n.events,
            n.series,
            n.overrides,
            n.events - n.series - n.overrides
        ),
    }
}

fn unclassified_table(out: &mut String, u: &Unclassified) {
    let share = share_pct(u);
    let flag = if u.mostly {
        " — MOSTLY UNCLASSIFIED"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  unclassified {:.1} of {:.1} tracked hours ({share:.1}%) in \"blocks\"{flag}",
        tenths(u.blocks),
        tenths(u.tracked)
    );
    for (title, seconds) in &u.top {
        let shown = if title.is_empty() {
            "(no title)"
        } else {
            title
        };
        let _ = writeln!(out, "    {:>7.2} h  {shown}", hours(*seconds));
    }
    if let Some(rule) = &u.starter_rule {
        let _ = writeln!(out, "    a rule to start from (add to the config):");
        for line in rule.lines() {
            let _ = writeln!(out, "      {line}");
        }
    }
}

fn git_table(out: &mut String, g: &GitFindings) {
    let _ = writeln!(out, "  git {}", g.source);
    let _ = writeln!(out, "    read        {} commits", g.commits_read);
    for (email, n) in &g.matched {
        let _ = writeln!(out, "    matched     {email}: {n}");
    }
    if g.already_read > 0 {
        let _ = writeln!(
            out,
            "    of them     {} already read from an earlier source (counted once)",
            g.already_read
        );
    }
    if g.none_of_the_manager() {
        let _ = writeln!(
            out,
            "    NO COMMIT OF THE MANAGER here: check --me / emails"
        );
    }
    warnings_table(out, "    ", &g.warnings);
}

fn forge_table(out: &mut String, f: &ForgeFindings) {
    let c = &f.counts;
    let _ = writeln!(out, "  forge {}", c.source);
    let _ = writeln!(
        out,
        "    read        {} pull requests, {} reviews, {} review comments, {} commits",
        c.pull_requests, c.reviews, c.comments, c.commits
    );
    if c.pages > 0 {
        let _ = writeln!(
            out,
            "    pages       {} API pages (from the server or the cache)",
            c.pages
        );
    }
    if c.outside > 0 {
        let _ = writeln!(
            out,
            "    outside     {} review events outside the weeks asked for (not counted in them)",
            c.outside
        );
    }
    warnings_table(out, "    ", &f.warnings);
}

fn warnings_table(out: &mut String, indent: &str, warnings: &[(Warning, usize)]) {
    for (w, count) in warnings {
        let _ = writeln!(out, "{indent}warning: {}", with_count(w, *count));
    }
}

fn share_pct(u: &Unclassified) -> f64 {
    if u.tracked > 0 {
        crate::figures::pct(100.0 * u.blocks as f64 / u.tracked as f64)
    } else {
        0.0
    }
}

// ---- JSON ----

fn document(f: &Findings) -> Value {
    json!({
        "schema": "twohats/doctor/v1",
        "weeks": f.weeks.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        "managers": f.managers.iter().map(manager_json).collect::<Vec<_>>(),
    })
}

fn manager_json(m: &ManagerFindings) -> Value {
    let u = &m.unclassified;
    json!({
        "name": m.name,
        "emails": m.emails,
        "calendars": m.calendars.iter().map(calendar_json).collect::<Vec<_>>(),
        "unclassified": {
            "blocks_hours": hours(u.blocks),
            "tracked_hours": hours(u.tracked),
            "share_pct": share_pct(u),
            "mostly_unclassified": u.mostly,
            "top_titles": u.top.iter().map(|(t, s)| json!({"title": t, "hours": hours(*s)})).collect::<Vec<_>>(),
            "starter_rule": u.starter_rule,
        },
        "git": m.git.iter().map(git_json).collect::<Vec<_>>(),
        "forges": m.forges.iter().map(forge_json).collect::<Vec<_>>(),
        "likely_missing": m.likely_missing.iter().map(|a| json!({"name": a.name, "email": a.email, "commits": a.commits})).collect::<Vec<_>>(),
        "warnings": warnings_json(&m.other_warnings),
        "team": m.team.as_ref().map(|t| json!({
            "members": t.members,
            "never_seen": t.never_seen.iter().map(|(a, n)| json!({"member": a, "name": n})).collect::<Vec<_>>(),
            "one_on_ones_with_no_member": t.unmatched.iter().map(|(s, title)| json!({"start": s.with_timezone(&t.zone).to_rfc3339(), "title": title})).collect::<Vec<_>>(),
        })),
    })
}

fn calendar_json(c: &CalendarFindings) -> Value {
    let n = &c.counts;
    let dropped: serde_json::Map<String, Value> = (c.dropped.iter())
        .map(|(r, k)| (r.to_string(), json!(k)))
        .collect();
    json!({
        "file": &*n.file,
        "events": n.events,
        "series": n.series,
        "overrides": n.overrides,
        "instances": c.instances,
        "kept": c.kept,
        "dropped": dropped,
        "tzids": n.tzids.iter().map(|t| json!({
            "tzid": t.tzid, "resolved_as": t.resolution.as_str(), "zone": t.zone,
        })).collect::<Vec<_>>(),
        "repairs": (n.repairs.iter())
            .map(|(kind, k)| (kind.key().to_string(), json!(k)))
            .collect::<serde_json::Map<String, Value>>(),
        "api": c.api.as_ref().map(|a| json!({
            "pages": a.pages,
            "series": a.series,
            "by_type": a.by_type,
        })),
        "placeholder_titles": c.titles.placeholders,
        "looks_free_busy": c.titles.looks_free_busy(),
        "warnings": warnings_json(&c.warnings),
    })
}

fn git_json(g: &GitFindings) -> Value {
    let matched: serde_json::Map<String, Value> = (g.matched.iter())
        .map(|(e, n)| (e.clone(), json!(n)))
        .collect();
    json!({
        "source": g.source,
        "commits_read": g.commits_read,
        "matched": matched,
        "already_read": g.already_read,
        "no_commit_of_the_manager": g.none_of_the_manager(),
        "authors": g.authors.iter().map(|a| json!({"name": a.name, "email": a.email, "commits": a.commits})).collect::<Vec<_>>(),
        "warnings": warnings_json(&g.warnings),
    })
}

fn forge_json(f: &ForgeFindings) -> Value {
    let c = &f.counts;
    json!({
        "source": c.source,
        "pull_requests": c.pull_requests,
        "reviews": c.reviews,
        "review_comments": c.comments,
        "commits": c.commits,
        "pages": c.pages,
        "events_outside_weeks": c.outside,
        "warnings": warnings_json(&f.warnings),
    })
}

fn warnings_json(warnings: &[(Warning, usize)]) -> Vec<Value> {
    (warnings.iter())
        .map(|(w, count)| {
            let mut v = json!({"source": w.source, "message": w.message});
            if let Some(line) = w.line {
                v["line"] = json!(line);
            }
            if *count > 1 {
                v["count"] = json!(count);
            }
            v
        })
        .collect()
}
