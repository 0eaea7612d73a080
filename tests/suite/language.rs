//! Which language a page is in: the user's setting, else the switcher's cookie,
//! else Accept-Language, else the instance's default.

use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn the_browsers_accept_language_chooses_the_language() {
    let app = TestApp::spawn().await;
    let mut browser = app.browser();
    browser.accept_language = Some("it-IT,it;q=0.9,en;q=0.5".into());
    let page = browser.get("/").await;
    assert_eq!(page.html_lang().as_deref(), Some("it"));
    assert!(page.contains("Accedi"));
    browser.accept_language = Some("de-DE,en;q=0.5".into());
    let page = browser.get("/").await;
    assert_eq!(page.html_lang().as_deref(), Some("en"));
    assert!(page.contains("Log in"));
}

#[tokio::test]
async fn without_a_preference_the_instance_default_applies() {
    let app = TestApp::builder().with("i18n.default_language", "it").spawn().await;
    let mut browser = app.browser();
    let page = browser.get("/").await;
    assert_eq!(page.html_lang().as_deref(), Some("it"));
    browser.accept_language = Some("fr".into());
    assert_eq!(browser.get("/").await.html_lang().as_deref(), Some("it"));
}

#[tokio::test]
async fn the_switcher_overrides_the_browser_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let mut browser = app.browser();
    browser.accept_language = Some("en".into());
    browser.get("/login?next=/settings").await;
    let switched = browser
        .post("/language", &[("lang", "it"), ("next", "/login?next=/settings")])
        .await;
    assert_eq!(switched.status, reqwest::StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some("/login?next=/settings"));
    let page = browser.follow(&switched).await;
    assert_eq!(page.html_lang().as_deref(), Some("it"));
    assert!(page.contains("Nome utente o indirizzo e-mail"));
    // An outside address for `next` is ignored.
    let outside = browser
        .post("/language", &[("lang", "en"), ("next", "https://evil.example/")])
        .await;
    assert_eq!(outside.location.as_deref(), Some("/"));
}

#[tokio::test]
async fn a_signed_in_users_setting_wins_over_cookie_and_browser() {
    let app = TestApp::spawn().await;
    app.create_user("ivo").await;
    let mut browser = app.browser();
    browser.accept_language = Some("en".into());
    browser.log_in("ivo", PASSWORD).await;
    browser.get("/").await;
    // Switching while signed in stores the choice in the account.
    browser.post("/language", &[("lang", "it"), ("next", "/")]).await;

    let mut other_device = app.browser();
    other_device.accept_language = Some("en".into());
    other_device.log_in("ivo", PASSWORD).await;
    let page = other_device.get("/settings/profile").await;
    assert_eq!(page.html_lang().as_deref(), Some("it"), "the account remembers Italian");
}

#[tokio::test]
async fn every_page_a_visitor_sees_is_fully_translated() {
    let app = TestApp::spawn().await;
    for path in ["/", "/login", "/signup", "/nothing-here"] {
        let mut english = app.browser();
        english.accept_language = Some("en".into());
        let en = english.get(path).await;
        let mut italian = app.browser();
        italian.accept_language = Some("it".into());
        let it = italian.get(path).await;
        assert_ne!(en.body, it.body, "{path} differs by language");
        // ("Password" is Italian too.)
        for english_word in ["Log in", "Sign up", "Language", "Skip to content", "Username"] {
            assert!(
                !it.body.contains(english_word),
                "{path} in Italian still says {english_word:?}"
            );
        }
    }
}

/// Every message key the code and the templates name exists in English and in
/// Italian, and the two catalogues have the same keys: no visible string is left
/// untranslated.
#[test]
fn every_message_the_code_names_is_translated_in_every_language() {
    use std::collections::BTreeSet;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue = |code: &str| -> BTreeSet<String> {
        let text = std::fs::read_to_string(root.join(format!("src/locales/{code}/main.ftl"))).unwrap();
        regex::Regex::new(r"(?m)^([a-z][a-z0-9-]*) =")
            .unwrap()
            .captures_iter(&text)
            .map(|c| c[1].to_owned())
            .collect()
    };
    let english = catalogue("en");
    let italian = catalogue("it");
    assert_eq!(
        english.symmetric_difference(&italian).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "keys in one catalogue only"
    );
    let prefixes: BTreeSet<&str> = english.iter().filter_map(|k| k.split('-').next()).collect();
    let in_rust = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
    let in_templates = regex::Regex::new(r#"\bt1?\("([a-z0-9-]+)""#).unwrap();
    let mut missing = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let pattern = match path.extension().and_then(|e| e.to_str()) {
                Some("rs") => &in_rust,
                Some("html") => &in_templates,
                _ => continue,
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for capture in pattern.captures_iter(&text) {
                let key = &capture[1];
                let looks_like_a_key = key.split('-').next().is_some_and(|p| prefixes.contains(p));
                // A prefix that code completes (`proposal-kind-` + a value) is checked where it is completed.
                let composed = english.iter().any(|k| k.starts_with(&format!("{key}-")));
                // Strings that only look like keys: an HTML class, an HTTP header value.
                let not_a_key = ["status-link", "no-referrer"].contains(&key);
                if looks_like_a_key && !composed && !english.contains(key) && !not_a_key {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "untranslated messages:\n{}", missing.join("\n"));
}
