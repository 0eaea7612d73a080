//! Turning what people type into safe HTML. Plain text in, escaped HTML out:
//! paragraphs, line breaks and http(s) links; nothing the writer typed can become markup.

/// Escapes the five characters that matter in HTML text and attributes.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs from blank lines, `<br>` from single newlines, links from URLs.
pub fn plain_to_html(input: &str) -> String {
    let normalised = input.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(linkify).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

/// Escapes a line and turns http(s) URLs in it into links.
fn linkify(line: &str) -> String {
    let mut out = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Trailing punctuation belongs to the sentence, not the URL.
        let trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        let is_url = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
            && trimmed.len() > "https://".len()
            && url::Url::parse(trimmed).is_ok();
        if is_url {
            let href = escape_html(trimmed);
            let shown = escape_html(
                trimmed
                    .trim_start_matches("https://")
                    .trim_start_matches("http://"),
            );
            out.push_str(&format!(
                "<a href=\"{href}\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">{shown}</a>"
            ));
            out.push_str(&escape_html(&word[trimmed.len()..]));
        } else {
            out.push_str(&escape_html(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_safe_html() {
        let cases = [
            ("hello", "<p>hello</p>"),
            ("a\nb", "<p>a<br>b</p>"),
            ("a\n\n\nb", "<p>a</p><p>b</p>"),
            (
                "<script>x</script>",
                "<p>&lt;script&gt;x&lt;/script&gt;</p>",
            ),
            ("\"q\" & 'a'", "<p>&quot;q&quot; &amp; &#39;a&#39;</p>"),
            (
                "see https://example.org/a?b=1&c=2.",
                "<p>see <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">example.org/a?b=1&amp;c=2</a>.</p>",
            ),
            ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(plain_to_html(input), expected, "{input:?}");
        }
    }
}
