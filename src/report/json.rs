//! `report.json`: the SPEC's `twohats/v1` schema.

use super::Exporter;
use crate::figures::{hours, pct, ManagerFigures, Report, WeekFigures};
use serde_json::{json, Map, Value};

pub struct Json;

impl Exporter for Json {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(&to_value(report))?;
        out.push(b'\n');
        Ok(out)
    }
}

pub fn to_value(report: &Report) -> Value {
    json!({
        "schema": "twohats/v1",
        "weeks": report.weeks.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        "managers": report.managers.iter().map(manager).collect::<Vec<_>>(),
        "warnings": crate::warning::deduplicate(&report.warnings).into_iter().map(|(w, count)| {
            let mut v = serde_json::to_value(&w).expect("a warning serialises");
            if count > 1 {
                v["count"] = json!(count);
            }
            v
        }).collect::<Vec<_>>(),
    })
}

fn manager(m: &ManagerFigures) -> Value {
    let s = &m.summary;
    json!({
        "name": m.name,
        "reports": m.reports,
        "band": m.band,
        "limit_pct": m.limit_pct,
        "timezone": m.timezone,
        "weeks": m.weeks.iter().map(week).collect::<Vec<_>>(),
        "summary": {
            "weeks": s.weeks,
            "weeks_with_data": s.weeks_with_data,
            "weeks_over": s.weeks_over,
            "weeks_watch": s.weeks_watch,
            "coding_share_pct": pct(s.coding_share_pct),
            "sustained_over": s.sustained_over,
        },
    })
}

fn week(w: &WeekFigures) -> Value {
    let categories: Map<String, Value> = w
        .categories
        .iter()
        .map(|(k, v)| (k.clone(), json!(hours(*v))))
        .collect();
    json!({
        "week": w.week.to_string(),
        "start": w.week.monday().to_string(),
        "hours": {
            "coding": hours(w.coding),
            "people": hours(w.people),
            "other": hours(w.other),
            "tracked": hours(w.tracked),
        },
        "coding_share_pct": pct(w.coding_share_pct),
        "verdict": w.verdict.as_str(),
        "categories": categories,
        "after_hours_coding": hours(w.after_hours_coding),
        "commits": w.commits,
        "sessions": w.sessions,
        "events": w.events,
    })
}
