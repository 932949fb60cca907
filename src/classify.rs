//! Rules → category and kind for each calendar occurrence (SPEC step 3).
//!
//! User rules run first, in config order, then the default table below. A
//! default keyword matches the title as a whole word, case-insensitively; a
//! space in a keyword matches any run of white space.

use crate::calendar::Occurrence;
use crate::config::{AttendeeCount, Rule};
use crate::timeline::Kind;
use regex::Regex;
use std::fmt;
use std::path::Path;

/// The default rules, in order: category, kind, title keywords.
pub const DEFAULT_KEYWORDS: &[(&str, Kind, &[&str])] = &[
    (
        "personal",
        Kind::Ignore,
        &[
            "lunch",
            "commute",
            "travel",
            "gym",
            "personal",
            "doctor",
            "out of office",
            "OOO",
            "vacation",
            "holiday",
            "holidays",
            "PTO",
        ],
    ),
    (
        "coding",
        Kind::Coding,
        &[
            "focus",
            "focus time",
            "deep work",
            "heads-down",
            "heads down",
            "coding",
            "hack",
            "hacking",
            "hackathon",
            "pairing",
            "pair programming",
            "mob programming",
            "code review",
            "code reviews",
        ],
    ),
    (
        "one-on-ones",
        Kind::People,
        &[
            "1:1",
            "1:1s",
            "1-1",
            "1on1",
            "1on1s",
            "one-on-one",
            "one-on-ones",
            "skip-level",
            "check-in",
            "check-ins",
        ],
    ),
    (
        "hiring",
        Kind::People,
        &[
            "interview",
            "interviews",
            "debrief",
            "debriefs",
            "hiring",
            "candidate",
            "candidates",
            "phone screen",
            "phone screens",
            "onsite",
            "onsites",
            "recruit",
            "recruiting",
            "recruiter",
        ],
    ),
    (
        "growth & performance",
        Kind::People,
        &[
            "performance",
            "perf review",
            "perf reviews",
            "calibration",
            "calibrations",
            "promo",
            "promos",
            "promotion",
            "promotions",
            "career",
            "feedback",
            "coaching",
            "mentor",
            "mentoring",
            "mentorship",
        ],
    ),
    (
        "team rituals",
        Kind::People,
        &[
            "standup",
            "standups",
            "stand-up",
            "stand-ups",
            "retro",
            "retros",
            "retrospective",
            "retrospectives",
            "sprint planning",
            "sprint review",
            "sprint reviews",
            "team sync",
            "team meeting",
            "team meetings",
            "all-hands",
            "offsite",
            "offsites",
        ],
    ),
    (
        "technical leadership",
        Kind::Other,
        &[
            "design review",
            "design reviews",
            "architecture",
            "RFC",
            "RFCs",
            "tech review",
            "tech reviews",
            "incident",
            "incidents",
            "postmortem",
            "postmortems",
            "post-mortem",
            "post-mortems",
        ],
    ),
];

/// The regex of one default row: whole words, case-insensitive, a space
/// matching any run of white space.
pub fn keyword_regex(keywords: &[&str]) -> String {
    let alternatives: Vec<String> = keywords
        .iter()
        .map(|k| {
            k.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    // `\b` is Unicode-aware: a keyword is neither preceded nor followed by a
    // letter, digit or underscore (every keyword starts and ends with one).
    format!(r"(?i)\b(?:{})\b", alternatives.join("|"))
}

/// Which rule decided an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    /// The n-th `[[rule]]` of the config, 1-based.
    User(usize),
    /// A row of the default table, by category.
    Default(&'static str),
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleRef::User(n) => write!(f, "{n}"),
            RuleRef::Default(c) => write!(f, "default:{c}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub kind: Kind,
    pub category: String,
    pub rule: RuleRef,
}

/// User rules, then (optionally) the defaults, compiled once.
pub struct Classifier {
    user: Vec<Rule>,
    defaults: Vec<(&'static str, Kind, Regex)>,
}

impl Classifier {
    pub fn new(user: Vec<Rule>, use_default_rules: bool) -> Classifier {
        let defaults = if use_default_rules {
            DEFAULT_KEYWORDS
                .iter()
                .map(|(category, kind, words)| {
                    (
                        *category,
                        *kind,
                        Regex::new(&keyword_regex(words)).expect("the default keywords compile"),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        Classifier { user, defaults }
    }

    pub fn classify(&self, occ: &Occurrence) -> Classification {
        for (i, rule) in self.user.iter().enumerate() {
            if rule_matches(rule, occ) {
                return Classification {
                    kind: rule.kind,
                    category: rule.category.clone(),
                    rule: RuleRef::User(i + 1),
                };
            }
        }
        let row = |category: &'static str, kind| Classification {
            kind,
            category: category.to_string(),
            rule: RuleRef::Default(category),
        };
        if !self.defaults.is_empty() {
            for (category, kind, regex) in &self.defaults {
                if regex.is_match(&occ.title) {
                    return row(category, *kind);
                }
            }
            match occ.attendees.len() {
                2 => return row("one-on-ones", Kind::People),
                n if n >= 3 => return row("meetings", Kind::Other),
                _ => {}
            }
        }
        // Nothing is lost: what no rule matches is a block of other time.
        row("blocks", Kind::Other)
    }
}

fn rule_matches(rule: &Rule, occ: &Occurrence) -> bool {
    let search = |re: &Option<Regex>, text: &str| re.as_ref().is_none_or(|r| r.is_match(text));
    search(&rule.title, &occ.title)
        && search(&rule.description, &occ.description)
        && search(&rule.location, &occ.location)
        && rule
            .categories
            .as_ref()
            .is_none_or(|r| occ.categories.iter().any(|c| r.is_match(c)))
        && rule
            .attendees
            .is_none_or(|a: AttendeeCount| a.matches(occ.attendees.len()))
        && rule
            .organizer_is_me
            .is_none_or(|want| want == (occ.organizer.is_some() && occ.organizer_is_me))
        && rule
            .calendar
            .as_ref()
            .is_none_or(|r| calendar_names(occ).any(|name| r.is_match(name)))
}

/// What a `calendar` condition is tried on: the source file's name, the path
/// as given, and X-WR-CALNAME.
fn calendar_names(occ: &Occurrence) -> impl Iterator<Item = &str> {
    let path: &str = &occ.source.file;
    let file_name = Path::new(path).file_name().and_then(|n| n.to_str());
    file_name
        .into_iter()
        .chain(std::iter::once(path))
        .chain(occ.source.calendar_name.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_matches(keywords: &[&str], title: &str) -> bool {
        Regex::new(&keyword_regex(keywords))
            .unwrap()
            .is_match(title)
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert!(title_matches(&["hack"], "Hack on the parser"));
        assert!(!title_matches(&["hack"], "Hackathon kickoff"));
        assert!(title_matches(&["1:1"], "Ada / Grace 1:1"));
        assert!(!title_matches(&["1:1"], "11:15 sync"));
        assert!(title_matches(&["focus time"], "FOCUS   TIME"));
        assert!(title_matches(&["OOO"], "ooo - dentist"));
        assert!(!title_matches(&["retro"], "retro_board"));
        assert!(title_matches(&["RFC"], "RFC: new storage"));
    }
}
