//! The social pages, used as a browser uses them: writing, reading threads,
//! profiles, following (here and across instances), notifications, requests.

use std::time::Duration;

use reqwest::StatusCode;

use crate::common::{Browser, PASSWORD, TestApp, wait_until};

async fn signed_in(app: &TestApp, name: &str) -> Browser {
    app.create_user(name).await;
    let browser = app.browser();
    browser.log_in(name, PASSWORD).await;
    browser
}

#[tokio::test]
async fn a_member_posts_from_the_compose_form_and_others_reply_in_the_thread() {
    let app = TestApp::spawn().await;
    let alice = signed_in(&app, "alice").await;
    alice.get("/").await;
    let posted = alice
        .post(
            "/compose",
            &[
                ("status", "Seeking a partner for #composites <recycling>"),
                ("title", "Recycled fibre"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let home = alice.follow(&posted).await;
    assert!(home.contains("Recycled fibre"), "{}", home.body);
    assert!(home.contains("&lt;recycling&gt;"), "typed text is escaped");
    assert!(home.contains("href=\"/tags/composites\""));

    let link = home
        .body
        .split("href=\"/@alice/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let bob = signed_in(&app, "bob").await;
    let thread = bob.get(&format!("/@alice/{link}")).await;
    assert_eq!(thread.status, StatusCode::OK);
    assert!(
        thread.contains(">@alice </textarea>"),
        "the reply form starts with a mention"
    );
    let id = link.clone();
    let reply = bob
        .post(
            "/compose",
            &[
                ("status", "@alice count me in"),
                ("in_reply_to_id", &id),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let thread = bob.follow(&reply).await;
    let thread = if thread.status == StatusCode::SEE_OTHER {
        bob.follow(&thread).await
    } else {
        thread
    };
    assert!(thread.contains("count me in"), "{}", thread.body);

    let notifications = alice.get("/notifications").await;
    assert!(notifications.contains("mentioned you"));

    // An empty post comes back with the reason.
    bob.get("/").await;
    let empty = bob
        .post("/compose", &[("status", "   "), ("visibility", "public")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("Write something first."));
}

#[tokio::test]
async fn profiles_show_posts_and_follow_buttons_and_followers_only_posts_stay_private() {
    let app = TestApp::spawn().await;
    let carla = signed_in(&app, "carla").await;
    carla.get("/").await;
    carla
        .post("/compose", &[("status", "A public idea"), ("visibility", "public")])
        .await;
    carla
        .post(
            "/compose",
            &[("status", "For my followers only"), ("visibility", "private")],
        )
        .await;

    let visitor = app.browser();
    let profile = visitor.get("/@carla").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(profile.contains("A public idea"));
    assert!(
        !profile.contains("For my followers only"),
        "a visitor does not see followers-only posts"
    );
    assert!(
        profile.contains("action=\"/remote_follow\""),
        "visitors can follow from their own server"
    );

    let dario = signed_in(&app, "dario").await;
    let page = dario.get("/@carla").await;
    assert!(!page.contains("For my followers only"));
    let followed = dario.post("/@carla/follow", &[]).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER);
    let page = dario.follow(&followed).await;
    assert!(page.contains("Unfollow"));
    assert!(page.contains("For my followers only"), "now a follower, Dario sees it");
    assert!(carla.get("/notifications").await.contains("followed you"));
    assert_eq!(visitor.get("/@nobody").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_locked_account_decides_follow_requests_on_its_page() {
    let app = TestApp::spawn().await;
    let elena = signed_in(&app, "elena").await;
    let form = elena.get("/settings/profile").await;
    assert!(form.contains("name=\"locked\""));
    elena
        .post(
            "/settings/profile",
            &[
                ("display_name", "Elena"),
                ("note", ""),
                ("locale", ""),
                ("locked", "on"),
            ],
        )
        .await;
    let fabio = signed_in(&app, "fabio").await;
    fabio.get("/@elena").await;
    let requested = fabio.post("/@elena/follow", &[]).await;
    let page = fabio.follow(&requested).await;
    assert!(page.contains("Withdraw request"));

    let requests = elena.get("/follow_requests").await;
    assert!(requests.contains("@fabio"));
    let fabio_id = requests
        .body
        .split("/follow_requests/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let accepted = elena.post(&format!("/follow_requests/{fabio_id}/authorize"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert!(fabio.get("/@elena").await.contains("Unfollow"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_finds_and_follows_someone_on_another_instance_from_the_web() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let gina = signed_in(&a, "gina").await;
    let hugo = signed_in(&b, "hugo").await;
    hugo.get("/").await;
    hugo.post(
        "/compose",
        &[
            ("status", "Open call for #smartcommunities pilots"),
            ("visibility", "public"),
        ],
    )
    .await;

    let handle = format!("@hugo@{}", b.domain);
    let found = gina
        .get(&format!(
            "/search?q={}",
            url::form_urlencoded::byte_serialize(handle.as_bytes()).collect::<String>()
        ))
        .await;
    assert_eq!(found.status, StatusCode::SEE_OTHER, "{}", found.body);
    let profile_path = found.location.clone().unwrap();
    assert_eq!(profile_path, format!("/@hugo@{}", b.domain));
    let profile = gina.follow(&found).await;
    assert!(profile.contains("See the original profile"));
    gina.post(&format!("{profile_path}/follow"), &[]).await;
    assert!(
        wait_until(Duration::from_secs(15), || async {
            gina.get(&profile_path).await.contains("Unfollow")
        })
        .await,
        "the follow is accepted across instances"
    );
    hugo.get("/").await;
    hugo.post(
        "/compose",
        &[("status", "Second call: sensors wanted"), ("visibility", "public")],
    )
    .await;
    assert!(
        wait_until(Duration::from_secs(15), || async {
            gina.get("/").await.contains("sensors wanted")
        })
        .await,
        "new posts reach Gina's home"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_follows_from_their_own_server() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    a.create_user("ilaria").await;
    let visitor_from_b = signed_in(&b, "luca").await;
    // On A's profile page, as a visitor, Luca writes his B address…
    let handle = format!("luca@{}", b.domain);
    let on_a = a.browser();
    let sent = on_a
        .get(&format!(
            "/remote_follow?acct=ilaria&handle={}",
            url::form_urlencoded::byte_serialize(handle.as_bytes()).collect::<String>()
        ))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let location = sent.location.unwrap();
    assert!(
        location.starts_with(&b.url("/authorize_interaction?uri=")),
        "{location}"
    );
    // …and lands, signed in on B, on Ilaria's profile as B shows it.
    let interaction = visitor_from_b.get(&location).await;
    assert_eq!(interaction.status, StatusCode::SEE_OTHER);
    assert_eq!(
        interaction.location.as_deref(),
        Some(format!("/@ilaria@{}", a.domain).as_str())
    );
    let profile = visitor_from_b.follow(&interaction).await;
    assert!(profile.contains("Follow"));

    let unknown = on_a
        .get("/remote_follow?acct=ilaria&handle=nobody%40nowhere.invalid")
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.contains("could not be found"));
}

#[tokio::test]
async fn social_pages_are_translated() {
    let app = TestApp::spawn().await;
    let mut maria = signed_in(&app, "maria").await;
    maria.accept_language = Some("it".into());
    maria.post("/language", &[("lang", "it"), ("next", "/")]).await;
    let home = maria.get("/").await;
    assert_eq!(home.html_lang().as_deref(), Some("it"));
    assert!(home.contains("A cosa stai lavorando?"));
    let profile = maria.get("/@maria").await;
    assert!(profile.contains("Modifica il profilo"));
    let public = maria.get("/public").await;
    assert!(public.contains("Questa istanza"));
}
