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
