//! E-mail notifications: immediate messages in the recipient's language with a
//! plain-text part and a one-click unsubscribe, digests, "off", and a mailer
//! that mails each notification once however many run.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{PASSWORD, TestApp, wait_until};
use crate::federation::Client;

const WAIT: Duration = Duration::from_secs(20);

async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(wait_until(WAIT, condition).await, "timed out waiting until {what}");
}

fn to(mail: &str, address: &str) -> bool {
    mail.lines().any(|l| l.starts_with("To:") && l.contains(address))
}

#[tokio::test]
async fn an_interest_is_mailed_at_once_in_the_authors_language_without_its_text() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    // Anna reads Italian.
    let (status, _) = anna
        .patch(
            "/api/v1/accounts/update_credentials",
            json!({"source": {"language": "it"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, groups) = anna.get("/api/fucina/v1/groups").await;
    let theme = groups[0]["id"].as_str().unwrap().to_owned();
    let (_, proposal) = anna
        .post(
            "/api/fucina/v1/proposals",
            json!({"title": "Droni per vigneti", "short_description": "Droni.", "description": "Cerchiamo partner.",
                   "kind": "research", "stage": "idea", "ip": "none", "group_ids": [theme], "submit": true}),
        )
        .await;
    assert_eq!(proposal["state"], "open", "{proposal}");
    let (status, _) = ben
        .post(
            &format!(
                "/api/fucina/v1/proposals/{}/interests",
                proposal["id"].as_str().unwrap()
            ),
            json!({"offer": "Secret field trial terms"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    eventually("Anna gets an e-mail", || async {
        app.mails().iter().any(|m| to(m, "anna@fucina.example"))
    })
    .await;
    let mails = app.mails();
    let mail = mails.iter().find(|m| to(m, "anna@fucina.example")).unwrap();
    assert!(mail.contains("Content-Type: text/plain"), "{mail}");
    assert!(mail.contains("Content-Type: text/html"));
    assert!(mail.contains("List-Unsubscribe: <"), "{mail}");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(mail.contains("Ciao"), "in Anna's language: {mail}");
    assert!(mail.contains("Droni per vigneti"));
    assert!(
        !mail.contains("Secret field trial terms"),
        "the interest's text stays on the site"
    );
    assert!(
        !mails.iter().any(|m| m.contains("Secret field trial terms")),
        "no one is mailed the interest"
    );

    // The unsubscribe link works with one click (RFC 8058), without signing in.
    let unsubscribe = mail
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .unwrap()
        .trim_end_matches('>')
        .to_owned();
    let page = reqwest::get(&unsubscribe).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let done = reqwest::Client::new()
        .post(&unsubscribe)
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let (_, preference) = anna.get("/api/fucina/v1/account/email_notifications").await;
    assert_eq!(preference["email_notifications"], "off");
    let bogus = reqwest::Client::new()
        .post(app.url("/unsubscribe/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_daily_digest_gathers_notifications_and_the_mailer_sends_each_once() {
    let app = TestApp::builder().with("email.send_every_seconds", 3600).spawn().await;
    let carla = Client::new(&app, "carla").await;
    let (status, _) = carla
        .post(
            "/api/fucina/v1/account/email_notifications",
            json!({"email_notifications": "daily"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = carla
        .post(
            "/api/fucina/v1/account/email_notifications",
            json!({"email_notifications": "hourly"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    for name in ["dario", "elena"] {
        let someone = Client::new(&app, name).await;
        someone.follow(&carla.handle()).await;
    }
    // Two runs race (as two server processes would): one digest, with both follows.
    let state = app.state();
    let (first, second) = tokio::join!(
        fucina::services::mail::send_due(state),
        fucina::services::mail::send_due(state)
    );
    assert_eq!(first.unwrap() + second.unwrap(), 1);
    let mails: Vec<String> = app
        .mails()
        .into_iter()
        .filter(|m| to(m, "carla@fucina.example"))
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("2 new notifications"), "{}", mails[0]);
    assert!(mails[0].contains("DARIO") || mails[0].contains("dario"));
    assert!(mails[0].contains("elena"));
    // The next run finds nothing due: the digest went out today.
    Client::new(&app, "fabio").await.follow(&carla.handle()).await;
    assert_eq!(fucina::services::mail::send_due(state).await.unwrap(), 0);
}

#[tokio::test]
async fn favourites_and_people_who_chose_off_get_no_mail() {
    let app = TestApp::builder().with("email.send_every_seconds", 3600).spawn().await;
    let gina = Client::new(&app, "gina").await;
    let hugo = Client::new(&app, "hugo").await;
    let post = gina.post_status(json!({"status": "Hello"})).await;
    hugo.post(
        &format!("/api/v1/statuses/{}/favourite", post["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    assert_eq!(fucina::services::mail::send_due(app.state()).await.unwrap(), 0);
    // Off in the settings page: a follow sends nothing either.
    let browser = app.browser();
    browser.log_in("gina", PASSWORD).await;
    let page = browser.get("/settings/notifications").await;
    assert!(page.contains("In a weekly digest"));
    let saved = browser
        .post("/settings/notifications", &[("email_notifications", "off")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    hugo.follow(&gina.handle()).await;
    assert_eq!(fucina::services::mail::send_due(app.state()).await.unwrap(), 0);
    assert!(app.mails().is_empty());
}
