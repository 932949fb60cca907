//! Rules → category and kind for each calendar occurrence (docs/model.md,
//! step 3).
//!
//! User rules run first, in config order, then the built-in rules below. A
//! built-in keyword matches the title as a whole word, case-insensitively;
//! a space in a keyword matches any run of white space. The config holds
//! each rule's patterns compiled (`config::Pattern`); the classifier shares
//! them.

use crate::calendar::EventDetails;
use crate::config::{AttendeeCount, Pattern, Rule, RuleKind};
use crate::timeline::Kind;
use regex::Regex;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// One built-in rule: a category and kind for the events it matches.
#[derive(Debug)]
pub struct DefaultRule {
    pub category: &'static str,
    pub kind: RuleKind,
    pub when: When,
    /// Why the rule is there, for the starter config.
    pub note: Option<&'static str>,
}

/// What a built-in rule looks at.
#[derive(Debug)]
pub enum When {
    /// Any of these words or phrases in the title (see [`keyword_regex`]).
    TitleWords(&'static [&'static str]),
    /// This many attendees.
    Attendees(AttendeeCount),
    /// An API event of one of these types (Graph `showAs`, Google
    /// `eventType`), exactly.
    EventType(&'static [&'static str]),
}

impl DefaultRule {
    /// The built-in rule as a config rule would say it.
    pub fn rule(&self) -> Rule {
        let (mut title, mut attendees, mut event_type) = (None, None, None);
        match self.when {
            When::TitleWords(words) => {
                title =
                    Some(Pattern::new(keyword_regex(words)).expect("the built-in keywords compile"))
            }
            When::Attendees(count) => attendees = Some(count),
            When::EventType(types) => {
                event_type =
                    Some(Pattern::new(event_type_regex(types)).expect("the built-in types compile"))
            }
        }
        Rule {
            category: self.category.to_string(),
            kind: self.kind,
            title,
            description: None,
            location: None,
            categories: None,
            attendees,
            organizer_is_me: None,
            calendar: None,
            event_type,
        }
    }
}

/// The built-in rules as config rules, in order.
pub fn default_rules() -> Vec<Rule> {
    DEFAULT_RULES.iter().map(DefaultRule::rule).collect()
}

/// The built-in rules, in order: the one place they are written. `init`
/// writes them out as `[[rule]]` blocks; `Classifier` runs them after the
/// user's rules unless `use_default_rules = false`.
pub const DEFAULT_RULES: &[DefaultRule] = &[
    DefaultRule {
        category: "personal",
        kind: RuleKind::Ignore,
        when: When::EventType(&["oof", "outOfOffice"]),
        note: Some("an out-of-office event (Microsoft 365, Google Workspace)"),
    },
    DefaultRule {
        category: "coding",
        kind: RuleKind::Coding,
        when: When::EventType(&["focusTime"]),
        note: Some("a Google Calendar focus-time block"),
    },
    DefaultRule {
        category: "working location",
        kind: RuleKind::Ignore,
        when: When::EventType(&["workingLocation"]),
        note: Some("where the manager works that day: claims no time"),
    },
    DefaultRule {
        category: "birthdays",
        kind: RuleKind::Ignore,
        when: When::EventType(&["birthday"]),
        note: Some("a contact's birthday: claims no time"),
    },
    DefaultRule {
        category: "personal",
        kind: RuleKind::Ignore,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "coding",
        kind: RuleKind::Coding,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "one-on-ones",
        kind: RuleKind::People,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "hiring",
        kind: RuleKind::People,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "growth & performance",
        kind: RuleKind::People,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "team rituals",
        kind: RuleKind::People,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "technical leadership",
        kind: RuleKind::Other,
        when: When::TitleWords(&[
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
        ]),
        note: None,
    },
    DefaultRule {
        category: "one-on-ones",
        kind: RuleKind::People,
        when: When::Attendees(AttendeeCount { min: 2, max: 2 }),
        note: Some("no keyword matched, exactly 2 attendees"),
    },
    DefaultRule {
        category: "meetings",
        kind: RuleKind::Other,
        when: When::Attendees(AttendeeCount {
            min: 3,
            max: u32::MAX,
        }),
        note: Some("no keyword matched, 3 or more attendees"),
    },
];

/// The regex of a built-in keyword list: whole words, case-insensitive, a space
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

/// The regex of a built-in event-type list: the whole type, exactly.
pub fn event_type_regex(types: &[&str]) -> String {
    let alternatives: Vec<String> = types.iter().map(|t| regex::escape(t)).collect();
    format!("^(?:{})$", alternatives.join("|"))
}

/// Which rule decided an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    /// The n-th `[[rule]]` of the config, 1-based.
    User(usize),
    /// A built-in rule, by category.
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
    /// Shared with the rule: every interval of a category holds one string.
    pub category: Arc<str>,
    pub rule: RuleRef,
}

/// The timeline's kind for a rule's kind.
pub fn kind_of(kind: RuleKind) -> Kind {
    match kind {
        RuleKind::Coding => Kind::Coding,
        RuleKind::People => Kind::People,
        RuleKind::Other => Kind::Other,
        RuleKind::Ignore => Kind::Ignore,
    }
}

/// A rule compiled: every condition given must hold.
struct Matcher {
    rule: RuleRef,
    category: Arc<str>,
    kind: Kind,
    title: Option<Regex>,
    description: Option<Regex>,
    location: Option<Regex>,
    categories: Option<Regex>,
    attendees: Option<AttendeeCount>,
    organizer_is_me: Option<bool>,
    calendar: Option<Regex>,
    event_type: Option<Regex>,
}

impl Matcher {
    fn new(rule: &Rule, named: RuleRef) -> Matcher {
        // A `Pattern` is compiled when it is made.
        let compile = |p: &Option<Pattern>| p.as_ref().map(|p| p.regex().clone());
        Matcher {
            rule: named,
            category: Arc::from(rule.category.as_str()),
            kind: kind_of(rule.kind),
            title: compile(&rule.title),
            description: compile(&rule.description),
            location: compile(&rule.location),
            categories: compile(&rule.categories),
            attendees: rule.attendees,
            organizer_is_me: rule.organizer_is_me,
            calendar: compile(&rule.calendar),
            event_type: compile(&rule.event_type),
        }
    }

    fn matches(&self, event: &Look<'_>) -> bool {
        let search = |re: &Option<Regex>, text: &str| re.as_ref().is_none_or(|r| r.is_match(text));
        search(&self.title, event.title)
            && search(&self.description, event.description)
            && search(&self.location, event.location)
            && (self.categories.as_ref())
                .is_none_or(|r| event.categories.iter().any(|c| r.is_match(c)))
            && (self.attendees).is_none_or(|a| a.matches(event.attendees))
            && (self.organizer_is_me).is_none_or(|want| want == event.organizer_is_me)
            && (self.calendar.as_ref())
                .is_none_or(|r| calendar_names(event).any(|name| r.is_match(name)))
            && search(&self.event_type, event.event_type.unwrap_or(""))
    }
}

/// What a rule can look at in an event, and nothing more: events that
/// look alike (a series re-planned, its moved instances) get the same
/// rule, found once.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Look<'a> {
    title: &'a str,
    description: &'a str,
    location: &'a str,
    categories: &'a [String],
    attendees: usize,
    /// There is an organizer, and it is the manager.
    organizer_is_me: bool,
    file: &'a str,
    calendar_name: Option<&'a str>,
    event_type: Option<&'a str>,
}

impl<'a> Look<'a> {
    fn of(event: &'a EventDetails) -> Self {
        Look {
            title: &event.title,
            description: &event.description,
            location: &event.location,
            categories: &event.categories,
            attendees: event.attendees.len(),
            organizer_is_me: event.organizer.is_some() && event.organizer_is_me,
            file: &event.source.file,
            calendar_name: event.source.calendar_name.as_deref(),
            event_type: event.event_type.as_deref(),
        }
    }
}

/// The catch-all category of what no rule matches ("other" time).
pub const CATCH_ALL: &str = "blocks";

/// User rules, then (optionally) the built-in ones, compiled once.
pub struct Classifier {
    rules: Vec<Matcher>,
    /// [`CATCH_ALL`], shared by every interval of it.
    blocks: Arc<str>,
}

impl Classifier {
    pub fn new(user: &[Rule], use_default_rules: bool) -> Classifier {
        use rayon::prelude::*;
        let user = (user.iter().enumerate()).map(|(i, r)| Matcher::new(r, RuleRef::User(i + 1)));
        // The built-in keyword regexes take milliseconds to compile (Unicode
        // case folding and word boundaries): on every core at once.
        let defaults: Vec<Matcher> = (DEFAULT_RULES.par_iter())
            .filter(|_| use_default_rules)
            .map(|d| Matcher::new(&d.rule(), RuleRef::Default(d.category)))
            .collect();
        Classifier {
            rules: user.chain(defaults).collect(),
            blocks: Arc::from(CATCH_ALL),
        }
    }

    /// Every category an occurrence can count time in: those of the rules
    /// that are not `ignore`, and the catch-all.
    pub fn categories_with_time(&self) -> impl Iterator<Item = &str> {
        (self.rules.iter())
            .filter(|m| m.kind != Kind::Ignore)
            .map(|m| &*m.category)
            .chain(std::iter::once(&*self.blocks))
    }

    /// The first rule that matches `event`: rules look only at what all
    /// occurrences of an event share.
    pub fn classify(&self, event: &EventDetails) -> Classification {
        self.classify_look(&Look::of(event))
    }

    /// [`Classifier::classify`] of each of `events`, each distinct look
    /// once (on every core: a few regex searches each).
    pub fn classify_each(&self, events: &[&EventDetails]) -> Vec<Classification> {
        use rayon::prelude::*;
        let mut index: foldhash::HashMap<Look<'_>, usize> = foldhash::HashMap::default();
        let mut looks = Vec::new();
        let which: Vec<usize> = (events.iter())
            .map(|e| {
                let look = Look::of(e);
                *index.entry(look).or_insert_with_key(|look| {
                    looks.push(*look);
                    looks.len() - 1
                })
            })
            .collect();
        let classes: Vec<Classification> =
            (looks.par_iter()).map(|l| self.classify_look(l)).collect();
        which.into_iter().map(|i| classes[i].clone()).collect()
    }

    fn classify_look(&self, event: &Look<'_>) -> Classification {
        match self.rules.iter().find(|m| m.matches(event)) {
            Some(m) => Classification {
                kind: m.kind,
                category: m.category.clone(),
                rule: m.rule,
            },
            // Nothing is lost: what no rule matches is a block of other time.
            None => Classification {
                kind: Kind::Other,
                category: self.blocks.clone(),
                rule: RuleRef::Default(CATCH_ALL),
            },
        }
    }
}

/// What a `calendar` condition is tried on: the source file's name, the path
/// as given, and X-WR-CALNAME.
fn calendar_names<'a>(event: &Look<'a>) -> impl Iterator<Item = &'a str> {
    let path: &'a str = event.file;
    let file_name = Path::new(path).file_name().and_then(|n| n.to_str());
    file_name
        .into_iter()
        .chain(std::iter::once(path))
        .chain(event.calendar_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(title: &str, attendees: &[&str]) -> EventDetails {
        use crate::calendar::{EventSource, Participation};
        EventDetails {
            title: Arc::from(title),
            description: Arc::from(""),
            location: Arc::from(""),
            categories: Arc::from([]),
            attendees: attendees.iter().map(|a| a.to_string()).collect(),
            declined: Arc::from([]),
            organizer: None,
            organizer_is_me: false,
            participation: Participation::NotInvited,
            event_type: None,
            source: EventSource {
                file: Arc::from("cal.ics"),
                line: 1,
                uid: Arc::from("x"),
                calendar_name: None,
            },
        }
    }

    #[test]
    fn events_that_look_alike_get_one_rule_and_others_their_own() {
        let classifier = Classifier::new(&[], true);
        let sync = |people: &[&str]| event("Weekly sync", people);
        let (two, three) = (["a@x.org", "b@x.org"], ["a@x.org", "b@x.org", "c@x.org"]);
        let events = [
            sync(&two),
            event("Focus time", &[]),
            sync(&three),
            sync(&two),
        ];
        let refs: Vec<&EventDetails> = events.iter().collect();
        let categories: Vec<String> = (classifier.classify_each(&refs).iter())
            .map(|c| c.category.to_string())
            .collect();
        // No keyword in "Weekly sync": two people make a 1:1, three a
        // meeting; "focus" is a coding keyword.
        assert_eq!(
            categories,
            ["one-on-ones", "coding", "meetings", "one-on-ones"]
        );
    }

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
