//! Consultations: a poll posted in a theme is a `Question` and a Mastodon poll;
//! votes from local users, from Mastodon-shaped servers and from another
//! Fucina instance count once per person, and the counts travel back.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{PASSWORD, TestApp, schema, wait_until};
use crate::federation::Client;

const WAIT: Duration = Duration::from_secs(20);

async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(wait_until(WAIT, condition).await, "timed out waiting until {what}");
}

async fn theme_id(client: &Client<'_>, key: &str) -> String {
    let (_, groups) = client.get("/api/fucina/v1/groups").await;
    groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["theme_key"] == key)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn poll_of(status: &Value) -> Value {
    status["poll"].clone()
}

#[tokio::test]
async fn a_consultation_in_a_theme_is_a_question_and_a_mastodon_poll() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let anna = Client::new(&app, "anna").await;
    let theme = theme_id(&anna, "health").await;

    // A bad poll is refused with the reason, and nothing is stored.
    let (status, error) = anna
        .post(
            "/api/v1/statuses",
            json!({"status": "Which day?", "group_id": theme, "poll": {"options": ["Monday"], "expires_in": 3600}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["details"]["poll[options]"][0]["error"], "ERR_INVALID", "{error}");
    assert_eq!(app.count("statuses").await, 0);

    // Form-encoded, as Mastodon apps send it.
    let response = app
        .client()
        .post(app.url("/api/v1/statuses"))
        .bearer_auth(&anna.token)
        .form(&[
            ("status", "Which day suits the next health working table?"),
            ("group_id", theme.as_str()),
            ("poll[options][]", "Monday"),
            ("poll[options][]", "Thursday"),
            ("poll[expires_in]", "86400"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let created: Value = response.json().await.unwrap();
    schema::assert_matches("Status", &created);
    let poll = poll_of(&created);
    schema::assert_matches("Poll", &poll);
    assert_eq!(poll["options"][1]["title"], "Thursday");
    assert_eq!(poll["multiple"], false);
    assert_eq!(poll["expired"], false);
    assert_eq!(poll["voted"], false);

    // On the wire: a Question with oneOf, endTime and votersCount, as Mastodon publishes one.
    let question: Value = app
        .client()
        .get(created["uri"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(question["type"], "Question");
    assert_eq!(question["oneOf"][0]["type"], "Note");
    assert_eq!(question["oneOf"][0]["name"], "Monday");
    assert_eq!(question["oneOf"][0]["replies"]["totalItems"], 0);
    assert!(question["endTime"].is_string());
    assert_eq!(question["votersCount"], 0);
    assert!(question["audience"].as_str().unwrap().ends_with("/health"));

    // Ben votes through the API, once.
    let ben = Client::new(&app, "ben").await;
    let id = created["id"].as_str().unwrap();
    let (status, voted) = ben
        .post(&format!("/api/v1/polls/{id}/votes"), json!({"choices": ["1"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{voted}");
    schema::assert_matches("Poll", &voted);
    assert_eq!(voted["options"][1]["votes_count"], 1);
    assert_eq!(voted["own_votes"], json!([1]));
    let (status, again) = ben
        .post(&format!("/api/v1/polls/{id}/votes"), json!({"choices": ["0"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    let (status, _) = anna
        .post(&format!("/api/v1/polls/{id}/votes"), json!({"choices": ["0", "1"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one answer only");
    let (_, seen) = anna.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(seen["votes_count"], 1);
    assert_eq!(seen["voters_count"], 1);

    // In the browser: Carla sees the options, votes, then sees the results.
    app.create_user("carla").await;
    let carla = app.browser();
    carla.log_in("carla", PASSWORD).await;
    let thread = format!("/@anna/{id}");
    let page = carla.get(&thread).await;
    assert!(page.contains("Choose one answer"), "{}", page.body);
    assert!(
        !page.contains("1 vote") && !page.contains("one vote"),
        "no results before voting"
    );
    let voted = carla
        .post(
            &format!("/statuses/{id}/vote"),
            &[("choices", "0"), ("next", thread.as_str())],
        )
        .await;
    assert_eq!(voted.status, StatusCode::SEE_OTHER, "{}", voted.body);
    let page = carla.get(&thread).await;
    assert!(page.contains("2 people voted"), "{}", page.body);
    assert!(page.contains("50%"));
}

#[tokio::test]
async fn votes_from_a_mastodon_server_count_once_per_person_and_voters_get_the_counts() {
    let app = TestApp::spawn().await;
    let anna = Client::new(&app, "anna").await;
    let remote = FakeServer::start().await;
    let gus = remote.person("gus");
    let gus_id = gus["id"].as_str().unwrap().to_owned();
    let key = format!("{gus_id}#main-key");
    let created = anna
        .post_status(
            json!({"status": "Shall we meet in Trieste?", "poll": {"options": ["Yes", "No"], "expires_in": 3600}}),
        )
        .await;
    let question = created["uri"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    // Mastodon's vote: a Create of a Note named after the option, in reply to the Question.
    let vote = |n: u32, option: &str| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "type": "Create",
            "id": remote.url(&format!("/users/gus#votes/{n}/activity")),
            "actor": gus_id,
            "to": [format!("{}/users/anna", app.base_url)],
            "object": {
                "type": "Note",
                "id": remote.url(&format!("/users/gus#votes/{n}")),
                "attributedTo": gus_id,
                "to": [format!("{}/users/anna", app.base_url)],
                "inReplyTo": question,
                "name": option,
            },
        })
    };
    let inbox = app.url("/users/anna/inbox");
    assert_eq!(
        remote.post_signed(&inbox, &key, &vote(1, "Yes")).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        remote.post_signed(&inbox, &key, &vote(2, "No")).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        remote.post_signed(&inbox, &key, &vote(3, "Maybe")).await.status(),
        StatusCode::ACCEPTED
    );
    let (_, poll) = anna.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(poll["options"][0]["votes_count"], 1, "{poll}");
    assert_eq!(
        poll["options"][1]["votes_count"], 0,
        "a second answer to a one-answer poll is not counted"
    );
    assert_eq!(poll["voters_count"], 1);
    assert_eq!(app.count("statuses").await, 1, "votes are not stored as replies");
    // The voter's server gets the new counts.
    eventually("the voter gets an Update of the Question", || async {
        remote.received().iter().any(|d| {
            d.body["type"] == "Update"
                && d.body["object"]["type"] == "Question"
                && d.body["object"]["oneOf"][0]["replies"]["totalItems"] == 1
        })
    })
    .await;
}

#[tokio::test]
async fn a_burst_of_votes_sends_the_counts_once_not_once_per_vote() {
    let app = TestApp::spawn().await;
    let anna = Client::new(&app, "anna").await;
    let remote = FakeServer::start().await;
    let created = anna
        .post_status(
            json!({"status": "Which days?", "poll": {"options": ["Mon", "Tue"], "expires_in": 3600, "multiple": true}}),
        )
        .await;
    let question = created["uri"].as_str().unwrap().to_owned();
    let voters = ["v1", "v2", "v3", "v4", "v5", "v6"];
    for (n, name) in voters.iter().enumerate() {
        let person = remote.person(name);
        let id = person["id"].as_str().unwrap().to_owned();
        let vote = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "type": "Create", "id": format!("{id}#votes/{n}/activity"), "actor": id,
            "to": [app.url("/users/anna")],
            "object": {
                "type": "Note", "id": format!("{id}#votes/{n}"), "attributedTo": id,
                "to": [app.url("/users/anna")], "inReplyTo": question, "name": "Tue",
            },
        });
        let answer = remote
            .post_signed(&app.url("/users/anna/inbox"), &format!("{id}#main-key"), &vote)
            .await;
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
    }
    let updates = || {
        let mut ids: Vec<String> = remote
            .received()
            .iter()
            .filter(|d| d.body["type"] == "Update" && d.body["object"]["type"] == "Question")
            .map(|d| d.body["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    eventually("the voters get the final counts", || async {
        remote.received().iter().any(|d| {
            d.body["type"] == "Update" && d.body["object"]["anyOf"][1]["replies"]["totalItems"] == voters.len()
        })
    })
    .await;
    let sent = updates();
    assert!(
        sent.len() <= 2,
        "six votes, at most the first one's Update and one for the rest: {sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_from_another_fucina_instance_reaches_the_author_and_the_counts_come_back() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let anna = Client::new(&a, "anna").await;
    let ben = Client::new(&b, "ben").await;
    let anna_on_b = ben.follow(&anna.handle()).await;
    let anna_on_b_id = anna_on_b["id"].as_str().unwrap().to_owned();
    eventually("Ben follows Anna", || async {
        ben.relationship(&anna_on_b_id).await["following"] == true
    })
    .await;
    let created = anna
        .post_status(json!({"status": "Which tools do you use?", "poll": {"options": ["CAD", "CAE", "PLM"], "expires_in": 3600, "multiple": true}}))
        .await;
    let uri = created["uri"].as_str().unwrap().to_owned();
    eventually("the poll reaches Ben", || async {
        ben.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    let on_b = ben.home().await.into_iter().find(|s| s["uri"] == uri.as_str()).unwrap();
    let poll = poll_of(&on_b);
    schema::assert_matches("Poll", &poll);
    assert_eq!(poll["multiple"], true);
    assert_eq!(poll["options"].as_array().unwrap().len(), 3);
    let poll_on_b = poll["id"].as_str().unwrap().to_owned();
    let (status, voted) = ben
        .post(&format!("/api/v1/polls/{poll_on_b}/votes"), json!({"choices": [0, 2]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{voted}");
    assert_eq!(voted["own_votes"], json!([0, 2]));
    let id = created["id"].as_str().unwrap().to_owned();
    eventually("A counts both of Ben's answers, from one person", || async {
        let (_, poll) = anna.get(&format!("/api/v1/polls/{id}")).await;
        poll["options"][0]["votes_count"] == 1 && poll["options"][2]["votes_count"] == 1 && poll["voters_count"] == 1
    })
    .await;
    // Carla on A votes too; B learns the new counts from A's Update.
    let carla = Client::new(&a, "carla").await;
    carla
        .post(&format!("/api/v1/polls/{id}/votes"), json!({"choices": [2]}))
        .await;
    eventually("B has A's counts", || async {
        let (_, poll) = ben.get(&format!("/api/v1/polls/{poll_on_b}")).await;
        poll["options"][2]["votes_count"] == 2 && poll["voters_count"] == 2
    })
    .await;
}
