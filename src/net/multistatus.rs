//! A WebDAV multistatus (RFC 4918 §13) read into plain data: each
//! response's href, and the properties a server found for it. The body is
//! untrusted: malformed XML, unknown elements and deep nesting are errors or
//! ignored, never a panic. Namespaces are resolved, so any prefix works.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

pub const DAV: &str = "DAV:";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CALSERVER: &str = "http://calendarserver.org/ns/";

/// Nesting deeper than this is not a server's answer.
const MAX_DEPTH: usize = 64;

/// One `<response>`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DavResponse {
    pub href: String,
    /// The response-level `<status>` (when it has one instead of propstats).
    pub status: Option<u16>,
    /// Properties found (propstat status 2xx).
    pub props: Vec<Prop>,
}

/// One property found: `(namespace, name)`, its text, the hrefs inside it,
/// and the names of the elements inside it (e.g. `calendar` in
/// `resourcetype`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Prop {
    pub ns: String,
    pub name: String,
    pub text: String,
    pub hrefs: Vec<String>,
    pub children: Vec<(String, String)>,
}

impl DavResponse {
    pub fn prop(&self, ns: &str, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.ns == ns && p.name == name)
    }
}

impl Prop {
    pub fn has_child(&self, ns: &str, name: &str) -> bool {
        self.children.iter().any(|(n, l)| n == ns && l == name)
    }
}

/// Where the reader is inside the document.
#[derive(Default)]
struct State {
    /// (namespace, local name) of each open element.
    stack: Vec<(String, String)>,
    responses: Vec<DavResponse>,
    current: Option<DavResponse>,
    /// Properties of the propstat being read, kept once its status is known.
    pending: Vec<Prop>,
    propstat_status: Option<u16>,
    prop: Option<Prop>,
    text: String,
}

/// Parses a multistatus body. Errors say what is wrong, in one line.
pub fn parse(body: &[u8]) -> Result<Vec<DavResponse>, String> {
    let mut reader = NsReader::from_reader(body);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut st = State::default();
    let mut saw_multistatus = false;
    loop {
        // quick-xml's own message quotes the answer (a tag may swallow an
        // href, a secret): only the place is told.
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok(read) => read,
            Err(_) => return Err(malformed(reader.error_position())),
        };
        let ns = namespace(&ns);
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                saw_multistatus |= st.stack.is_empty() && ns == DAV && name == "multistatus";
                st.open(ns, name)?;
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                saw_multistatus |= st.stack.is_empty() && ns == DAV && name == "multistatus";
                st.open(ns, name)?;
                st.close();
            }
            Event::End(_) => st.close(),
            Event::Text(t) => st.text(&t.xml10_content().map_err(|_| not_utf8())?),
            Event::CData(t) => st.text(&t.xml10_content().map_err(|_| not_utf8())?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|_| not_utf8())?;
                let bad_ref = |_| "a bad character reference".to_string();
                let resolved = match r.resolve_char_ref().map_err(bad_ref)? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| "an unknown entity".to_string())?
                        .to_string(),
                };
                st.text(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !st.stack.is_empty() {
        return Err("the answer ends in the middle of its XML".to_string());
    }
    if !saw_multistatus {
        return Err("not a WebDAV multistatus answer".to_string());
    }
    Ok(st.responses)
}

fn namespace(ns: &ResolveResult) -> String {
    match ns {
        ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
        _ => String::new(),
    }
}

impl State {
    fn open(&mut self, ns: String, name: String) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("XML nested deeper than {MAX_DEPTH} elements"));
        }
        let dav = ns == DAV;
        let parent_is = |want: &str| {
            self.stack
                .last()
                .is_some_and(|(n, l)| n == DAV && l == want)
        };
        if dav && name == "response" {
            self.current = Some(DavResponse::default());
        } else if parent_is("prop") && self.current.is_some() {
            self.prop = Some(Prop {
                ns: ns.clone(),
                name: name.clone(),
                ..Prop::default()
            });
        } else if let Some(prop) = &mut self.prop {
            prop.children.push((ns.clone(), name.clone()));
        }
        self.text.clear();
        self.stack.push((ns, name));
        Ok(())
    }

    fn text(&mut self, t: &str) {
        self.text.push_str(t);
        if let Some(prop) = &mut self.prop {
            if !(self
                .stack
                .last()
                .is_some_and(|(n, l)| n == DAV && l == "href"))
            {
                prop.text.push_str(t);
            }
        }
    }

    fn close(&mut self) {
        let Some((ns, name)) = self.stack.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        let dav = ns == DAV;
        let in_prop = self.prop.is_some();
        let parent = self.stack.last().map(|(n, l)| (n.as_str(), l.as_str()));
        match (dav, name.as_str()) {
            (true, "href") if in_prop => {
                if let Some(p) = &mut self.prop {
                    p.hrefs.push(text.trim().to_string());
                }
            }
            (true, "href") if parent == Some((DAV, "response")) => {
                if let Some(r) = &mut self.current {
                    r.href = text.trim().to_string();
                }
            }
            (true, "status") if parent == Some((DAV, "propstat")) => {
                self.propstat_status = status_code(&text);
            }
            (true, "status") if parent == Some((DAV, "response")) => {
                if let Some(r) = &mut self.current {
                    r.status = status_code(&text);
                }
            }
            (true, "propstat") => {
                let props = std::mem::take(&mut self.pending);
                let ok = self
                    .propstat_status
                    .take()
                    .is_some_and(|s| (200..300).contains(&s));
                if let (true, Some(r)) = (ok, &mut self.current) {
                    r.props.extend(props);
                }
            }
            (true, "response") => {
                if let Some(r) = self.current.take() {
                    self.responses.push(r);
                }
            }
            _ if parent == Some((DAV, "prop")) && in_prop => {
                if let Some(p) = self.prop.take() {
                    self.pending.push(p);
                }
            }
            _ => {}
        }
    }
}

fn not_utf8() -> String {
    "text that is not UTF-8".to_string()
}

fn malformed(at: u64) -> String {
    format!("malformed XML at byte {at}")
}

/// `HTTP/1.1 200 OK` → 200.
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_responses_props_and_statuses() {
        let body = br#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">
 <d:response><d:href>/u/work/</d:href>
  <d:propstat><d:prop>
    <d:resourcetype><d:collection/><c:calendar/></d:resourcetype>
    <cs:getctag>"ab&amp;c"</cs:getctag>
  </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:displayname/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
 </d:response>
 <response xmlns="DAV:"><href>/u/work/a.ics</href><propstat><prop>
   <C:calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav"><![CDATA[BEGIN:VCALENDAR
END:VCALENDAR]]></C:calendar-data>
   <current-user-principal><href>/p/u/</href></current-user-principal>
 </prop><status>HTTP/1.1 200 OK</status></propstat></response>
</d:multistatus>"#;
        let r = parse(body).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].href, "/u/work/");
        let rt = r[0].prop(DAV, "resourcetype").unwrap();
        assert!(rt.has_child(CALDAV, "calendar"));
        assert_eq!(
            r[0].prop(CALSERVER, "getctag").unwrap().text.trim(),
            "\"ab&c\""
        );
        assert!(
            r[0].prop(DAV, "displayname").is_none(),
            "404 propstat dropped"
        );
        let data = r[1].prop(CALDAV, "calendar-data").unwrap();
        assert_eq!(data.text, "BEGIN:VCALENDAR\nEND:VCALENDAR");
        assert_eq!(
            r[1].prop(DAV, "current-user-principal").unwrap().hrefs,
            ["/p/u/"]
        );
    }

    #[test]
    fn refuses_what_is_not_a_multistatus() {
        assert!(parse(b"<html><body>Sign in</body></html>").is_err());
        assert!(parse(b"<d:multistatus xmlns:d=\"DAV:\"><d:response>").is_err());
        assert!(parse(b"<d:multistatus xmlns:d=\"DAV:\"></d:other>").is_err());
        let deep = "<a>".repeat(1000);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
