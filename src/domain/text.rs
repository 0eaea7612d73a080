//! Turning what people type into safe HTML, and what other servers send into
//! HTML that is safe to show. Plain text in, escaped HTML out: paragraphs, line
//! breaks, links, mentions and hashtags; nothing a writer typed becomes markup.

/// `input` as a link a page may carry: an absolute `http` or `https` URL,
/// normalised; anything else (`javascript:`, `data:`, relative paths) is `None`.
/// Every link that comes from outside (another server, an app, a person's
/// profile) passes through here before it is stored or shown.
pub fn web_url(input: &str) -> Option<String> {
    let parsed = url::Url::parse(input.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()).then(|| parsed.to_string())
}

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
            let shown = escape_html(trimmed.trim_start_matches("https://").trim_start_matches("http://"));
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

/// A mention in typed text: `@name` (local) or `@name@domain`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MentionRef {
    pub username: String,
    pub domain: Option<String>,
}

impl MentionRef {
    /// `name` or `name@domain`, lowercased: the key a renderer looks mentions up by.
    pub fn key(&self) -> String {
        match &self.domain {
            Some(domain) => format!("{}@{}", self.username.to_lowercase(), domain.to_lowercase()),
            None => self.username.to_lowercase(),
        }
    }
}

/// What a post's text refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scanned {
    pub mentions: Vec<MentionRef>,
    /// Lowercased, without `#`, each once.
    pub hashtags: Vec<String>,
}

/// The mentions and hashtags in typed text.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    for word in text.split_whitespace() {
        match classify(word).1 {
            Token::Mention(mention) if !scanned.mentions.contains(&mention) => scanned.mentions.push(mention),
            Token::Hashtag(tag) => {
                let tag = tag.to_lowercase();
                if !scanned.hashtags.contains(&tag) {
                    scanned.hashtags.push(tag);
                }
            }
            _ => {}
        }
    }
    scanned
}

enum Token {
    Url(String),
    Mention(MentionRef),
    Hashtag(String),
    Text,
}

/// Splits a word into leading punctuation, a token, and trailing punctuation.
fn classify(word: &str) -> (&str, Token, &str) {
    let start = word.len() - word.trim_start_matches(['(', '"', '\'', '[']).len();
    let core_and_tail = &word[start..];
    let core = core_and_tail.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', ']']);
    let tail = &core_and_tail[core.len()..];
    let lead = &word[..start];
    if (core.starts_with("https://") || core.starts_with("http://")) && url::Url::parse(core).is_ok() {
        return (lead, Token::Url(core.to_owned()), tail);
    }
    if let Some(rest) = core.strip_prefix('@') {
        let (name, domain) = match rest.split_once('@') {
            Some((name, domain)) => (name, Some(domain)),
            None => (rest, None),
        };
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
        let domain_ok = domain.is_none_or(|d| {
            d.contains('.') || d.contains(':') || d == "localhost"
        } && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':'));
        if name_ok && domain_ok {
            return (
                lead,
                Token::Mention(MentionRef {
                    username: name.to_owned(),
                    domain: domain.map(str::to_ascii_lowercase),
                }),
                tail,
            );
        }
    }
    if let Some(tag) = core.strip_prefix('#')
        && !tag.is_empty()
        && tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        && tag.chars().any(char::is_alphabetic)
    {
        return (lead, Token::Hashtag(tag.to_owned()), tail);
    }
    (lead, Token::Text, tail)
}

/// A resolved mention: where its link points and how it reads.
#[derive(Debug, Clone)]
pub struct MentionLink {
    pub url: String,
    pub username: String,
}

/// Renders a post as Mastodon does: `<p>` paragraphs, `<br>`, links, and
/// h-card mentions and hashtag links. Unresolved mentions stay plain text.
pub fn render_post(
    text: &str,
    mentions: &std::collections::HashMap<String, MentionLink>,
    tag_url: &dyn Fn(&str) -> String,
) -> String {
    let normalised = text.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph
                .lines()
                .map(|line| {
                    line.split(' ')
                        .map(|word| render_word(word, mentions, tag_url))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

fn render_word(
    word: &str,
    mentions: &std::collections::HashMap<String, MentionLink>,
    tag_url: &dyn Fn(&str) -> String,
) -> String {
    let (lead, token, tail) = classify(word);
    let inner = match token {
        Token::Url(url) => {
            let shown = url.trim_start_matches("https://").trim_start_matches("http://");
            format!(
                "<a href=\"{}\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">{}</a>",
                escape_html(&url),
                escape_html(shown)
            )
        }
        Token::Mention(mention) => match mentions.get(&mention.key()) {
            Some(link) => format!(
                "<span class=\"h-card\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span>",
                escape_html(&link.url),
                escape_html(&link.username)
            ),
            None => return escape_html(word),
        },
        Token::Hashtag(tag) => format!(
            "<a href=\"{}\" class=\"mention hashtag\" rel=\"tag\">#<span>{}</span></a>",
            escape_html(&tag_url(&tag.to_lowercase())),
            escape_html(&tag)
        ),
        Token::Text => return escape_html(word),
    };
    format!("{}{inner}{}", escape_html(lead), escape_html(tail))
}

/// Cleans HTML from another server: only text formatting, links (http and
/// https, made `nofollow`), and Mastodon's mention and hashtag classes survive.
pub fn sanitize_html(html: &str) -> String {
    use std::collections::HashSet;
    let tags: HashSet<&str> = [
        "p",
        "br",
        "a",
        "span",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "sup",
        "sub",
    ]
    .into_iter()
    .collect();
    let mut classes = std::collections::HashMap::new();
    classes.insert(
        "a",
        ["mention", "hashtag", "u-url", "status-link", "unhandled-link"]
            .into_iter()
            .collect::<HashSet<_>>(),
    );
    classes.insert(
        "span",
        ["h-card", "invisible", "ellipsis", "quote-inline"]
            .into_iter()
            .collect::<HashSet<_>>(),
    );
    ammonia::Builder::default()
        .tags(tags)
        .add_tag_attributes("a", &["href", "title"])
        .allowed_classes(classes)
        .url_schemes(["http", "https"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// The text of some HTML, for places that show plain text (titles, summaries, notifications).
pub fn html_to_text(html: &str) -> String {
    let cleaned = ammonia::Builder::empty()
        .clean(&html.replace("<br>", "\n").replace("</p><p>", "\n\n"))
        .to_string();
    cleaned
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_are_web_links() {
        let cases = [
            ("https://example.org/@ada", Some("https://example.org/@ada")),
            ("  http://example.org  ", Some("http://example.org/")),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("data:text/html,<script>alert(1)</script>", None),
            ("vbscript:msgbox", None),
            ("/relative/path", None),
            ("//example.org/x", None),
            ("ftp://example.org/file", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(web_url(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn plain_text_becomes_safe_html() {
        let cases = [
            ("hello", "<p>hello</p>"),
            ("a\nb", "<p>a<br>b</p>"),
            ("a\n\n\nb", "<p>a</p><p>b</p>"),
            ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
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

    #[test]
    fn mentions_and_hashtags_are_found() {
        let scanned = scan("Hi @alice and @Bob@Mastodon.example, (see #Rust #rust #2024 #IA_2025!) mail@me");
        assert_eq!(
            scanned.mentions,
            vec![
                MentionRef {
                    username: "alice".into(),
                    domain: None
                },
                MentionRef {
                    username: "Bob".into(),
                    domain: Some("mastodon.example".into())
                },
            ]
        );
        assert_eq!(scanned.hashtags, vec!["rust".to_owned(), "ia_2025".to_owned()]);
    }

    #[test]
    fn posts_render_mentions_hashtags_and_links() {
        let mut mentions = std::collections::HashMap::new();
        mentions.insert(
            "bob@remote.example".to_owned(),
            MentionLink {
                url: "https://remote.example/@bob".into(),
                username: "bob".into(),
            },
        );
        let html = render_post(
            "Hey @bob@remote.example, #Rust <3 https://x.example/a.\n@ghost",
            &mentions,
            &|t| format!("https://here.example/tags/{t}"),
        );
        assert_eq!(
            html,
            "<p>Hey <span class=\"h-card\"><a href=\"https://remote.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span>, \
             <a href=\"https://here.example/tags/rust\" class=\"mention hashtag\" rel=\"tag\">#<span>Rust</span></a> &lt;3 \
             <a href=\"https://x.example/a\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">x.example/a</a>.<br>@ghost</p>"
        );
    }

    #[test]
    fn remote_html_is_sanitised() {
        let dirty = r#"<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a> <a href="https://ok.example" class="mention evil">@ok</a><img src=x onerror=y><iframe></iframe></p>"#;
        let clean = sanitize_html(dirty);
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(!clean.contains("<img"), "{clean}");
        assert!(!clean.contains("iframe"), "{clean}");
        assert!(!clean.contains("evil"), "{clean}");
        assert!(clean.contains(r#"class="mention""#), "{clean}");
        assert!(clean.contains(r#"rel="nofollow noopener noreferrer""#), "{clean}");
        assert_eq!(html_to_text("<p>a &amp; b</p><p>c<br>d</p>"), "a & b\n\nc\nd");
    }
}
