//! Escaping names, bands and warnings for the two markup languages a report
//! is written in (and Markdown's list of warnings, which both Markdown
//! pages write). They differ: HTML needs quotes escaped (text goes into
//! attributes too); Markdown needs its own markup characters and line
//! breaks escaped, so a name cannot break a pipe table.

use std::io::{self, Write};

/// Text as HTML: `<`, `>`, `&` and quotes escaped.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what Markdown (and the HTML GitHub allows in it) would read as
/// markup, so a name like `A|B <x>` shows as written and cannot break a
/// table.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown "Warnings" section (none without warnings), each kind once
/// with its count, escaped: for `report.md` and the groups-only page.
pub fn markdown_warnings(out: &mut dyn Write, warnings: &[crate::Warning]) -> std::io::Result<()> {
    let warnings = crate::warning::deduplicate(warnings);
    if !warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Warnings")?;
        writeln!(out)?;
        for (w, count) in warnings {
            let line = crate::warning::with_count(&w, count);
            writeln!(out, "- {}", markdown(&line))?;
        }
    }
    Ok(())
}

/// A writer of JSON as the text of a `<script type="application/json">`
/// element: the element ends at the first `</script` whatever the quotes,
/// and HTML entities are not decoded there, so `<`, `>` and `&` (only ever
/// inside JSON strings) reach `out` as `\u003c`, `\u003e`, `\u0026`, which
/// any JSON reader turns back into the same characters. U+2028 and U+2029
/// are escaped too, as older JavaScript parsers end a line there. Correct
/// however the writes cut the JSON (those two are three bytes each; a
/// write that ends part-way through one is held back).
pub struct ScriptJson<W: Write> {
    out: W,
    /// The start of a character a write ended in: `E2` or `E2 80`.
    pending: Vec<u8>,
}

impl<W: Write> ScriptJson<W> {
    pub fn new(out: W) -> ScriptJson<W> {
        ScriptJson {
            out,
            pending: Vec::new(),
        }
    }

    /// Writes what was held back and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.pending)?;
        Ok(self.out)
    }

    fn escape(&mut self, bytes: &[u8]) -> io::Result<()> {
        let held = match bytes {
            [.., 0xE2, 0x80] => 2,
            [.., 0xE2] => 1,
            _ => 0,
        };
        let (bytes, rest) = bytes.split_at(bytes.len() - held);
        self.pending = rest.to_vec();
        let (mut from, mut i) = (0, 0);
        while i < bytes.len() {
            let escaped: Option<(&[u8], usize)> = match &bytes[i..] {
                [b'<', ..] => Some((b"\\u003c", 1)),
                [b'>', ..] => Some((b"\\u003e", 1)),
                [b'&', ..] => Some((b"\\u0026", 1)),
                [0xE2, 0x80, 0xA8, ..] => Some((b"\\u2028", 3)),
                [0xE2, 0x80, 0xA9, ..] => Some((b"\\u2029", 3)),
                _ => None,
            };
            match escaped {
                Some((text, len)) => {
                    self.out.write_all(&bytes[from..i])?;
                    self.out.write_all(text)?;
                    i += len;
                    from = i;
                }
                None => i += 1,
            }
        }
        self.out.write_all(&bytes[from..])
    }
}

impl<W: Write> Write for ScriptJson<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            self.escape(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.escape(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_in_script(json: &str) -> String {
        let mut out = ScriptJson::new(Vec::new());
        out.write_all(json.as_bytes()).unwrap();
        String::from_utf8(out.finish().unwrap()).unwrap()
    }

    #[test]
    fn json_cannot_end_its_script_element() {
        let json = serde_json::to_string("Eve </script><b>&amp;</b>").unwrap();
        let escaped = json_in_script(&json);
        assert_eq!(
            escaped,
            "\"Eve \\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\""
        );
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "Eve </script><b>&amp;</b>");
    }

    #[test]
    fn a_line_separator_cut_between_writes_is_still_escaped() {
        // U+2028 is E2 80 A8; every cut of "a\u{2028}b<" into two writes.
        let json = serde_json::to_string("a\u{2028}b<").unwrap();
        for cut in 0..=json.len() {
            let mut out = ScriptJson::new(Vec::new());
            out.write_all(&json.as_bytes()[..cut]).unwrap();
            out.write_all(&json.as_bytes()[cut..]).unwrap();
            let text = String::from_utf8(out.finish().unwrap()).unwrap();
            assert_eq!(text, "\"a\\u2028b\\u003c\"", "cut at {cut}");
        }
    }

    #[test]
    fn names_are_escaped_for_html() {
        assert_eq!(
            html("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn names_cannot_break_a_markdown_table() {
        assert_eq!(markdown("A|B <b>x</b>"), "A\\|B &lt;b&gt;x&lt;/b&gt;");
        assert_eq!(markdown("snake_case *bold*"), "snake\\_case \\*bold\\*");
    }
}
