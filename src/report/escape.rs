//! Escaping names, bands and warnings for the two markup languages a report
//! is written in. They differ: HTML needs quotes escaped (text goes into
//! attributes too); Markdown needs its own markup characters and line
//! breaks escaped, so a name cannot break a pipe table.

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

/// JSON as the text of a `<script type="application/json">` element: the
/// element ends at the first `</script` whatever the quotes, and HTML
/// entities are not decoded there, so `<`, `>` and `&` (only ever inside
/// JSON strings) are written as `\u003c`, `\u003e`, `\u0026`, which any
/// JSON reader turns back into the same characters. U+2028 and U+2029 are
/// escaped too, as older JavaScript parsers end a line there.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
