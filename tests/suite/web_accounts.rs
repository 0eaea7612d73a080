//! Sign-up, login, logout and settings through the HTML forms, as a browser uses them.

use fucina::domain::account::Role;
use reqwest::StatusCode;

use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn a_visitor_signs_up_logs_out_and_logs_back_in() {
    let app = TestApp::spawn().await;
    let browser = app.browser();

    let form = browser.get("/signup").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("name=\"csrf_token\""));
    let created = browser
        .post(
            "/signup",
            &[
                ("username", "Carla_R"),
                ("email", "carla@regione.example"),
                ("password", PASSWORD),
                ("agreement", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let home = browser.follow(&created).await;
    assert!(home.contains("Welcome! Your account is ready."), "{}", home.body);
    assert!(
        home.contains("action=\"/compose\""),
        "members see their timeline and the compose form"
    );
    assert!(home.contains("action=\"/logout\""));

    let logout = browser.post("/logout", &[]).await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    let home = browser.follow(&logout).await;
    assert!(home.contains("You have logged out."));
    assert!(!home.contains("action=\"/logout\""));

    browser.get("/login").await;
    let wrong = browser
        .post("/login", &[("login", "carla_r"), ("password", "not the password")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.contains("Invalid username, e-mail address or password."));

    let login = browser
        .post(
            "/login",
            &[
                ("login", "CARLA@regione.example"),
                ("password", PASSWORD),
                ("next", "/settings/profile"),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(login.location.as_deref(), Some("/settings/profile"));
    let settings = browser.follow(&login).await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(settings.contains("action=\"/logout\""));
}

#[tokio::test]
async fn bad_sign_ups_show_the_form_again_with_the_reason_and_store_nothing() {
    let app = TestApp::spawn().await;
    app.create_user("taken").await;
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "taken",
            "new@fucina.example",
            PASSWORD,
            "This username is already taken.",
        ),
        (
            "TAKEN",
            "new@fucina.example",
            PASSWORD,
            "This username is already taken.",
        ),
        (
            "fresh",
            "taken@fucina.example",
            PASSWORD,
            "An account with this e-mail address already exists.",
        ),
        (
            "fresh",
            "not-an-address",
            PASSWORD,
            "This does not look like an e-mail address.",
        ),
        (
            "fresh",
            "fresh@fucina.example",
            "short",
            "The password must have at least 10 characters.",
        ),
        ("admin", "fresh@fucina.example", PASSWORD, "This username is reserved."),
        ("inbox", "fresh@fucina.example", PASSWORD, "This username is reserved."),
        (
            "bad name",
            "fresh@fucina.example",
            PASSWORD,
            "A username can contain only letters a–z, digits and underscores.",
        ),
        ("", "fresh@fucina.example", PASSWORD, "Choose a username."),
    ];
    let users_before = app.count("users").await;
    let actors_before = app.count("actors").await;
    for (username, email, password, reason) in cases {
        let browser = app.browser();
        browser.get("/signup").await;
        let page = browser
            .post(
                "/signup",
                &[
                    ("username", username),
                    ("email", email),
                    ("password", password),
                    ("agreement", "1"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{username} {email}");
        assert!(page.contains(reason), "{username} {email}: expected {reason:?}");
        assert!(page.contains("aria-invalid=\"true\""), "the field is marked invalid");
        assert!(
            !page.contains(&format!("value=\"{password}\"")),
            "the password is not echoed"
        );
        assert!(
            page.contains("<form method=\"post\" action=\"/signup\""),
            "the form is shown again"
        );
    }
    assert_eq!(app.count("users").await, users_before);
    assert_eq!(app.count("actors").await, actors_before);
}

#[tokio::test]
async fn several_problems_are_reported_together() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    browser.get("/signup").await;
    let page = browser
        .post("/signup", &[("username", "root"), ("email", "x"), ("password", "123")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for reason in [
        "This username is reserved.",
        "This does not look like an e-mail address.",
        "at least 10 characters",
    ] {
        assert!(page.contains(reason), "{reason}");
    }
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    browser.get("/signup").await;
    let fields = [
        ("username", "mallory"),
        ("email", "mallory@fucina.example"),
        ("password", PASSWORD),
    ];
    let missing = browser.post_raw("/signup", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.contains("The form has expired or did not come from this site."));
    let mut forged = vec![("csrf_token", "forged-token-forged-token-forged-token-xxxx")];
    forged.extend_from_slice(&fields);
    let wrong = browser.post_raw("/signup", &forged).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // Another browser's valid token is no good either: it must match this browser's cookie.
    let other = app.browser();
    other.get("/signup").await;
    let page = other.get("/signup").await;
    let token = page
        .body
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let mut stolen = vec![("csrf_token", token.as_str())];
    stolen.extend_from_slice(&fields);
    assert_eq!(browser.post_raw("/signup", &stolen).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site_lax() {
    let app = TestApp::spawn().await;
    app.create_user("dario").await;
    let browser = app.browser();
    browser.get("/login").await;
    let login = browser
        .post("/login", &[("login", "dario"), ("password", PASSWORD)])
        .await;
    let cookie = login
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("fucina_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag ({cookie})");
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let app = TestApp::builder().host("localhost").spawn().await;
    // Same server, but told its public URL is https (as behind a TLS proxy).
    let https = TestApp::builder()
        .with("server.base_url", format!("https://localhost:{}", app.port + 1))
        .spawn()
        .await;
    let response = https.client().get(https.url("/login")).send().await.unwrap();
    let csrf = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("fucina_csrf="))
        .unwrap();
    assert!(csrf.contains("Secure"), "{csrf}");
    assert!(csrf.contains("HttpOnly"), "{csrf}");
}

#[tokio::test]
async fn with_approval_required_a_sign_up_waits_for_an_administrator() {
    let app = TestApp::builder().with("registration.mode", "approval").spawn().await;
    app.create_user_with_role("boss", Role::Admin).await;

    let visitor = app.browser();
    let form = visitor.get("/signup").await;
    assert!(form.contains("an administrator approves each new account"));
    let created = visitor
        .post(
            "/signup",
            &[
                ("username", "elena"),
                ("email", "elena@fucina.example"),
                ("password", PASSWORD),
                ("agreement", "1"),
                ("reason", "I run a lab in Trieste"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    assert!(
        visitor
            .follow(&created)
            .await
            .contains("An administrator will review your sign-up")
    );

    visitor.get("/login").await;
    let refused = visitor
        .post("/login", &[("login", "elena"), ("password", PASSWORD)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.contains("awaiting approval"));

    let admin = app.browser();
    admin.log_in("boss", PASSWORD).await;
    let queue = admin.get("/admin/accounts").await;
    assert!(queue.contains("I run a lab in Trieste"), "{}", queue.body);
    let elena = {
        let mut conn = app.state().db.get().await.unwrap();
        fucina::db::users::find_account_by_login(&mut conn, "elena")
            .await
            .unwrap()
            .unwrap()
    };
    let approved = admin
        .post(&format!("/admin/accounts/{}/approve", elena.user.id), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    visitor.get("/login").await;
    let login = visitor
        .post("/login", &[("login", "elena"), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
}

#[tokio::test]
async fn only_administrators_open_the_admin_area() {
    let app = TestApp::spawn().await;
    app.create_user("member").await;
    let browser = app.browser();
    let anonymous = browser.get("/admin/accounts").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location.unwrap().starts_with("/login?next="));
    browser.log_in("member", PASSWORD).await;
    let member = browser.get("/admin/accounts").await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);
    assert!(member.contains("Only administrators can open this page."));
}

#[tokio::test]
async fn with_registrations_closed_no_one_signs_up_from_the_web() {
    let app = TestApp::builder().with("registration.mode", "closed").spawn().await;
    let browser = app.browser();
    let form = browser.get("/signup").await;
    assert!(form.contains("New accounts are created by the administrators"));
    assert!(!form.contains("action=\"/signup\""));
    let page = browser
        .post(
            "/signup",
            &[
                ("username", "sneaky"),
                ("email", "sneaky@fucina.example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    app.create_user("fabio").await;
    let laptop = app.browser();
    laptop.log_in("fabio", PASSWORD).await;
    let phone = app.browser();
    phone.log_in("fabio", PASSWORD).await;

    laptop.get("/settings/password").await;
    let wrong = laptop
        .post(
            "/settings/password",
            &[
                ("current_password", "nope nope nope"),
                ("password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("The current password is not correct."));
    let short = laptop
        .post(
            "/settings/password",
            &[("current_password", PASSWORD), ("password", "short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);

    let changed = laptop
        .post(
            "/settings/password",
            &[("current_password", PASSWORD), ("password", "a brand new secret")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert!(
        laptop
            .follow(&changed)
            .await
            .contains("Your password has been changed.")
    );

    // The laptop stays signed in, the phone is signed out.
    assert_eq!(laptop.get("/settings/profile").await.status, StatusCode::OK);
    assert_eq!(phone.get("/settings/profile").await.status, StatusCode::SEE_OTHER);

    let again = app.browser();
    again.get("/login").await;
    assert_eq!(
        again
            .post("/login", &[("login", "fabio"), ("password", PASSWORD)])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again
            .post("/login", &[("login", "fabio"), ("password", "a brand new secret")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_profile_is_edited_and_a_bad_value_is_explained() {
    let app = TestApp::spawn().await;
    app.create_user("gina").await;
    let browser = app.browser();
    browser.log_in("gina", PASSWORD).await;
    browser.get("/settings/profile").await;
    let long = "x".repeat(101);
    let refused = browser
        .post(
            "/settings/profile",
            &[("display_name", &long), ("note", "hi"), ("locale", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("The display name can have at most 100 characters."));

    let saved = browser
        .post(
            "/settings/profile",
            &[
                ("display_name", "Gina Rossi"),
                ("note", "Materials <b>science</b>"),
                ("locale", "it"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = browser.follow(&saved).await;
    assert_eq!(
        page.html_lang().as_deref(),
        Some("it"),
        "the chosen language applies at once"
    );
    assert!(page.contains("Il profilo è stato salvato."));
    let mut conn = app.state().db.get().await.unwrap();
    let account = fucina::db::users::find_account_by_login(&mut conn, "gina")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.actor.display_name, "Gina Rossi");
    assert_eq!(
        account.actor.summary, "<p>Materials &lt;b&gt;science&lt;/b&gt;</p>",
        "typed text never becomes markup"
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_are_slowed_down() {
    let app = TestApp::spawn().await;
    app.create_user("hugo").await;
    let browser = app.browser();
    browser.get("/login").await;
    for _ in 0..10 {
        let page = browser
            .post("/login", &[("login", "hugo"), ("password", "guess guess guess")])
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let limited = browser
        .post("/login", &[("login", "hugo"), ("password", PASSWORD)])
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.contains("Too many attempts"));
}

#[tokio::test]
async fn unknown_pages_get_a_translated_not_found_page() {
    let app = TestApp::spawn().await;
    let mut browser = app.browser();
    browser.accept_language = Some("it".into());
    let page = browser.get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.contains("Pagina non trovata"));
    assert_eq!(page.html_lang().as_deref(), Some("it"));
}
