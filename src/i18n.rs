//! Languages and translations. Every user-visible string is a Fluent message in
//! src/locales/<code>/*.ftl, built into the binary; this module picks the language
//! and looks messages up. It knows nothing of HTTP or the database.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    // Immutable, compiled-in data (like the embedded migrations), not program state.
    static LOCALES = {
        locales: "./src/locales",
        fallback_language: "en",
        // Isolation marks around arguments confuse e-mail clients and tests; every
        // language we ship is written left to right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language Fucina is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    It,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::It];

    /// The BCP 47 code, as in `<html lang>` and the `lang` cookie.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::It => "it",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::It => "Italiano",
        }
    }

    /// `it`, `IT`, `it-IT` and `it_CH` all mean Italian.
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best of our languages for an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut candidates: Vec<(f32, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                let language = Self::from_code(tag)?;
                (quality > 0.0).then_some((quality, position, language))
            })
            .collect();
        // Highest quality first; among equals, the order the browser gave.
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2)
    }

    fn identifier(self) -> LanguageIdentifier {
        match self {
            Language::En => fluent_templates::langid!("en"),
            Language::It => fluent_templates::langid!("it"),
        }
    }

    /// A translator for this language.
    pub fn translator(self) -> Translator {
        Translator {
            language: self,
            id: self.identifier(),
        }
    }
}

/// Looks messages up in one language. Cheap to clone; templates hold one.
#[derive(Debug, Clone)]
pub struct Translator {
    language: Language,
    id: LanguageIdentifier,
}

impl Translator {
    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `key`; an unknown key comes back as itself, so a gap shows rather than breaks.
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&self.id, key).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn t_args(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A message with one argument, the common case (and the one templates use).
    pub fn t1(&self, key: &str, name: &str, value: impl ToFluent) -> String {
        self.t_args(key, &[(name, value.to_fluent())])
    }

    /// Whether `key` exists in this language (for tests and fallbacks).
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.id, key).is_some()
    }
}

/// Values that can fill a Fluent placeable.
pub trait ToFluent {
    fn to_fluent(&self) -> FluentValue<'static>;
}

impl ToFluent for str {
    fn to_fluent(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_owned())
    }
}

impl ToFluent for String {
    fn to_fluent(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl<T: ToFluent + ?Sized> ToFluent for &T {
    fn to_fluent(&self) -> FluentValue<'static> {
        (**self).to_fluent()
    }
}

impl ToFluent for i64 {
    fn to_fluent(&self) -> FluentValue<'static> {
        FluentValue::from(*self)
    }
}

impl ToFluent for i32 {
    fn to_fluent(&self) -> FluentValue<'static> {
        FluentValue::from(*self)
    }
}

impl ToFluent for usize {
    fn to_fluent(&self) -> FluentValue<'static> {
        FluentValue::from(*self)
    }
}

/// A message key with its arguments, resolved later in whichever language the
/// reader needs: how domain and service errors carry user-facing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub const fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn render(&self, translator: &Translator) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.to_fluent()))
            .collect();
        translator.t_args(self.key, &args)
    }

    /// In English: for logs and API errors.
    pub fn english(&self) -> String {
        self.render(&Language::En.translator())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_negotiated_by_quality_then_order() {
        let cases = [
            ("it-IT,it;q=0.9,en;q=0.8", Some(Language::It)),
            ("en-GB,it;q=0.5", Some(Language::En)),
            ("de-DE,de;q=0.9,it;q=0.4,en;q=0.3", Some(Language::It)),
            ("fr, en;q=0.1, it;q=0.2", Some(Language::It)),
            ("de, fr", None),
            ("it;q=0", None),
            ("", None),
            ("*", None),
        ];
        for (header, expected) in cases {
            assert_eq!(Language::from_accept_language(header), expected, "{header}");
        }
    }

    #[test]
    fn codes_are_read_leniently() {
        assert_eq!(Language::from_code("IT"), Some(Language::It));
        assert_eq!(Language::from_code("it_CH"), Some(Language::It));
        assert_eq!(Language::from_code("en-US"), Some(Language::En));
        assert_eq!(Language::from_code("eng"), None);
    }

    #[test]
    fn messages_are_looked_up_with_arguments() {
        let it = Language::It.translator();
        let en = Language::En.translator();
        assert_ne!(it.t("nav-login"), en.t("nav-login"));
        let message = Message::new("error-password-too-short").with("min", "10");
        assert!(message.render(&it).contains("10"));
        assert!(message.english().contains("10"));
    }

    /// Every message exists in every language, and every key the code or the
    /// templates use exists in the English file.
    #[test]
    fn every_language_has_every_message_the_code_uses() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ids = |language: Language| -> std::collections::BTreeSet<String> {
            let dir = root.join("src/locales").join(language.code());
            let mut ids = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((id, _)) = line.split_once(" =")
                        && !id.starts_with([' ', '#', '.', '-'])
                        && !id.is_empty()
                    {
                        ids.insert(id.trim().to_owned());
                    }
                }
            }
            ids
        };
        let english = ids(Language::En);
        for language in Language::ALL {
            let other = ids(language);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{language:?} has unknown {extra:?}");
        }

        // Keys written in code as t("key"), t1("key", t_args("key", Message::new("key")
        // and in templates as tr.t("key"): they must all exist.
        let pattern = regex::Regex::new(
            r#"(?:\bt|\bt1|\bt_args|Message::new|message_key|forbidden|bad_request|unauthorized)\(\s*"([a-z0-9-]+)""#,
        )
        .unwrap();
        let literal = regex::Regex::new(
            r#""((?:flash|group|groups|notification|visibility|status|timeline)-[a-z0-9-]*[a-z0-9])""#,
        )
        .unwrap();
        let mut used = std::collections::BTreeSet::new();
        let mut stack = vec![root.join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html" || e == "txt") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for capture in pattern.captures_iter(&text) {
                        used.insert((capture[1].to_owned(), path.display().to_string()));
                    }
                    // Keys chosen in code (`tr.t(if … { "a" } else { "b" })`, flashes).
                    if path.extension().is_some_and(|e| e == "rs") {
                        for capture in literal.captures_iter(&text) {
                            used.insert((capture[1].to_owned(), path.display().to_string()));
                        }
                    }
                }
            }
        }
        let unknown: Vec<_> = used
            .iter()
            .filter(|(key, _)| !english.contains(key) && key != "key" && key != "status-link")
            .collect();
        assert!(unknown.is_empty(), "messages used but not defined: {unknown:?}");
    }
}
