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

#[cfg(test)]
mod tests {
    use super::*;

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
