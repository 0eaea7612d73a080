//! Every activity Fucina sends has one type, built in one place: each is
//! built here as the services build it and compared with its fixture
//! (tests/fixtures/activitypub/fucina), each fixture is read back into its
//! type and written out unchanged, and what Mastodon sends of the same kinds
//! reads into the same types.

use chrono::{DateTime, Utc};
use serde_json::Value;
use url::Url;

use fucina::activitypub::protocol::activities::InterestTerms;
use fucina::activitypub::protocol::object::Note;
use fucina::activitypub::protocol::outgoing::{
    Accept, Add, Announce, Announced, Answered, Audience, Block, Create, Delete, Flag, Follow, Invite, Join, Like,
    Lock, Outgoing, Reject, Remove, Undo, Undone, Update,
};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/activitypub/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn public_and(followers: &str) -> Audience {
    Audience::to_cc([PUBLIC.to_owned()], [followers.to_owned()])
}

fn note(content: &str, updated: Option<&str>) -> Note {
    let mut note = Note::new(
        "Note",
        url("https://a.example/users/ada/statuses/11"),
        url("https://a.example/users/ada"),
    );
    note.to = vec![PUBLIC.to_owned()];
    note.cc = vec!["https://a.example/users/ada/followers".to_owned()];
    note.content = Some(content.to_owned());
    note.published = Some(at("2026-12-07T10:00:00Z"));
    note.updated = updated.map(at);
    note
}

fn follow() -> Follow {
    Follow::new(
        "https://a.example/users/ada#follow/1".into(),
        "https://a.example/users/ada",
        "https://b.example/users/bo",
    )
}

fn like(to: &str, post: &str) -> Like {
    let audience = if to.is_empty() {
        Audience::none()
    } else {
        Audience::to([to.to_owned()])
    };
    Like::new(
        "https://a.example/users/ada#like/5".into(),
        "https://a.example/users/ada",
        post,
        audience,
    )
}

/// Each activity as the services build it.
fn built() -> Vec<(&'static str, Outgoing)> {
    let bo_post = "https://b.example/users/bo/statuses/9";
    let local_post = "https://a.example/users/bo/statuses/9";
    let to_ada = Audience::to(["https://a.example/users/ada".to_owned()]);
    let in_group = Audience::to_cc([PUBLIC.to_owned()], ["https://a.example/users/agrifood".to_owned()]);
    let featured = "https://a.example/users/agrifood/featured";
    vec![
        ("follow", follow().into()),
        (
            "accept",
            Accept::new(
                "https://b.example/users/bo#accept/2".into(),
                "https://b.example/users/bo",
                Answered::Follow(follow()),
                to_ada.clone(),
            )
            .into(),
        ),
        (
            "reject",
            Reject::new(
                "https://b.example/users/bo#reject/3".into(),
                "https://b.example/users/bo",
                Answered::Join(Join::reference(
                    "https://a.example/interests/7".into(),
                    "https://a.example/users/ada",
                    bo_post,
                )),
                to_ada,
            )
            .into(),
        ),
        (
            "undo",
            Undo::new(
                "https://a.example/users/ada#undo/4".into(),
                "https://a.example/users/ada",
                Undone::Like(like("", bo_post)),
                Audience::to(["https://b.example/users/bo".to_owned()]),
            )
            .into(),
        ),
        (
            "create",
            Create::new(
                "https://a.example/users/ada",
                note("<p>Sensors for vineyards</p>", None),
                at("2026-12-07T10:00:00Z"),
            )
            .into(),
        ),
        (
            "update",
            Update::of_post(
                "https://a.example/users/ada/statuses/11#update/12".into(),
                "https://a.example/users/ada",
                note("<p>Sensors for vineyards, edited</p>", Some("2026-12-07T11:00:00Z")),
                Some(at("2026-12-07T11:00:00Z")),
            )
            .into(),
        ),
        (
            "delete",
            Delete::of_post(
                "https://a.example/users/ada#delete/13".into(),
                "https://a.example/users/ada",
                "https://a.example/users/ada/statuses/11",
                public_and("https://a.example/users/ada/followers"),
            )
            .into(),
        ),
        ("like", like("https://b.example/users/bo", bo_post).into()),
        (
            "announce",
            Announce::new(
                "https://a.example/users/agrifood#announce/14".into(),
                "https://a.example/users/agrifood",
                Announced::Ours(Box::new(like("", local_post).into())),
                public_and("https://a.example/users/agrifood/followers"),
            )
            .into(),
        ),
        (
            "join",
            Join::new(
                "https://a.example/interests/7".into(),
                "https://a.example/users/ada",
                bo_post,
                "https://b.example/users/bo",
                Some(at("2026-12-07T09:00:00Z")),
                "<p>Vineyards for your field trials.</p>".into(),
                InterestTerms {
                    interest_offer: "Vineyards for your field trials.".into(),
                    interest_about: Some("Agronomist in Trentino".into()),
                    interest_questions: Some(String::new()),
                    on_behalf_of: Some(String::new()),
                    team_consent: Some(true),
                    attachment: vec![serde_json::json!({
                        "type": "Document", "mediaType": "application/pdf",
                        "url": "https://a.example/media/k3y/plan.pdf", "name": "plan.pdf",
                    })],
                },
            )
            .into(),
        ),
        (
            "flag",
            Flag::new(
                "https://a.example/flags/15".into(),
                "https://a.example/actor",
                vec!["https://b.example/users/bo".into(), bo_post.into()],
                "Spam in the agri-food theme",
                "https://b.example/actor",
            )
            .into(),
        ),
        (
            "add",
            Add::new(
                "https://a.example/users/ada#pin/16".into(),
                "https://a.example/users/ada",
                local_post,
                featured,
                in_group.clone(),
            )
            .into(),
        ),
        (
            "remove",
            Remove::new(
                "https://a.example/users/ada#unpin/17".into(),
                "https://a.example/users/ada",
                local_post,
                featured,
                in_group.clone(),
            )
            .into(),
        ),
        (
            "block",
            Block::new(
                "https://a.example/blocks/18".into(),
                "https://a.example/users/ada",
                "https://b.example/users/troll",
            )
            .into(),
        ),
        (
            "lock",
            Lock::new(
                "https://a.example/users/ada#lock/19".into(),
                "https://a.example/users/ada",
                local_post,
                "Off topic",
                in_group,
            )
            .into(),
        ),
        (
            "invite",
            Invite::new(
                "https://a.example/users/inner_lab#invite/20".into(),
                "https://a.example/users/inner_lab",
                "https://b.example/users/bo",
            )
            .into(),
        ),
    ]
}

/// The type's own name, as its variant.
fn kind_of(activity: &Outgoing) -> &'static str {
    match activity {
        Outgoing::Follow(_) => "Follow",
        Outgoing::Accept(_) => "Accept",
        Outgoing::Reject(_) => "Reject",
        Outgoing::Undo(_) => "Undo",
        Outgoing::Create(_) => "Create",
        Outgoing::Update(_) => "Update",
        Outgoing::Delete(_) => "Delete",
        Outgoing::Like(_) => "Like",
        Outgoing::Announce(_) => "Announce",
        Outgoing::Join(_) => "Join",
        Outgoing::Flag(_) => "Flag",
        Outgoing::Add(_) => "Add",
        Outgoing::Remove(_) => "Remove",
        Outgoing::Block(_) => "Block",
        Outgoing::Lock(_) => "Lock",
        Outgoing::Invite(_) => "Invite",
    }
}

#[test]
fn each_activity_we_send_is_built_as_its_fixture_says() {
    let all = built();
    assert_eq!(all.len(), 16, "one of each kind we send");
    for (name, activity) in all {
        assert_eq!(
            activity.to_json(),
            fixture(&format!("fucina/{name}")),
            "{name} as built differs from its fixture"
        );
    }
}

#[test]
fn each_fixture_reads_back_into_its_type_and_writes_out_unchanged() {
    for (name, built) in built() {
        let json = fixture(&format!("fucina/{name}"));
        let read: Outgoing = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(kind_of(&read), kind_of(&built), "{name} read as another kind");
        assert_eq!(kind_of(&read), json["type"], "{name}");
        assert_eq!(read.to_json(), json, "{name} did not survive the round trip");
        assert_eq!(read, built, "{name}");
    }
}

#[test]
fn what_mastodon_sends_of_the_same_kinds_reads_into_our_types() {
    for (name, kind) in [
        ("follow", "Follow"),
        ("like", "Like"),
        ("announce", "Announce"),
        ("delete", "Delete"),
        ("create_note", "Create"),
        ("update_note", "Update"),
    ] {
        let text = serde_json::to_string(&fixture(&format!("mastodon/{name}")))
            .unwrap()
            .replace("{{base}}", "https://mastodon.example")
            .replace("{{host}}", "mastodon.example")
            .replace("{{target}}", "https://a.example/users/ada")
            .replace("{{target_post}}", "https://a.example/users/ada/statuses/11")
            .replace("{{now}}", "2026-12-07T10:00:00Z")
            .replace("{{earlier}}", "2026-12-07T09:00:00Z");
        let read: Outgoing = serde_json::from_str(&text).unwrap_or_else(|e| panic!("mastodon/{name}: {e}"));
        assert_eq!(kind_of(&read), kind, "mastodon/{name}");
    }
}
