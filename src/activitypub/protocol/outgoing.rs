//! The activities Fucina sends, one type each, built in one place each (their
//! `new`). What arrives is read as the loose `activities::Activity`; what
//! leaves is typed, so that a `Join` or a `Like` has one shape whoever sends
//! it. `tests/suite/outgoing.rs` round-trips each against fixtures.

use activitypub_federation::kinds::activity::{
    AcceptType, AddType, AnnounceType, BlockType, CreateType, DeleteType, FlagType, FollowType, InviteType, JoinType,
    LikeType, RejectType, RemoveType, UndoType, UpdateType,
};
use activitypub_federation::kinds::kind;
use activitypub_federation::kinds::object::TombstoneType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::activitypub::protocol::activities::InterestTerms;
use crate::activitypub::protocol::actor::Actor;
use crate::activitypub::protocol::object::{Note, ids};

kind!(LockType, Lock);

/// Who an activity is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audience {
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "ids")]
    pub to: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "ids")]
    pub cc: Vec<String>,
}

impl Audience {
    pub fn to(to: impl IntoIterator<Item = String>) -> Self {
        Self {
            to: to.into_iter().collect(),
            cc: Vec::new(),
        }
    }

    pub fn to_cc(to: impl IntoIterator<Item = String>, cc: impl IntoIterator<Item = String>) -> Self {
        Self {
            to: to.into_iter().collect(),
            cc: cc.into_iter().collect(),
        }
    }

    /// Nobody in particular: the activity goes where its sender sends it.
    pub fn none() -> Self {
        Self::default()
    }
}

/// `Follow`: of an actor, or (a Mastodon-style relay) of the public collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Follow {
    #[serde(rename = "type")]
    pub kind: FollowType,
    pub id: String,
    pub actor: String,
    pub object: String,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Follow {
    pub fn new(id: String, actor: &str, object: &str) -> Self {
        Self {
            kind: FollowType::Follow,
            id,
            actor: actor.to_owned(),
            object: object.to_owned(),
            audience: Audience::none(),
        }
    }
}

/// What an `Accept` or a `Reject` answers: a follow or an expression of interest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answered {
    Follow(Follow),
    Join(Join),
}

/// `Accept` of a `Follow` or a `Join`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accept {
    #[serde(rename = "type")]
    pub kind: AcceptType,
    pub id: String,
    pub actor: String,
    pub object: Answered,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Accept {
    pub fn new(id: String, actor: &str, object: Answered, audience: Audience) -> Self {
        Self {
            kind: AcceptType::Accept,
            id,
            actor: actor.to_owned(),
            object,
            audience,
        }
    }
}

/// `Reject` of a `Follow` (also: removing a follower) or of a `Join`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    #[serde(rename = "type")]
    pub kind: RejectType,
    pub id: String,
    pub actor: String,
    pub object: Answered,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Reject {
    pub fn new(id: String, actor: &str, object: Answered, audience: Audience) -> Self {
        Self {
            kind: RejectType::Reject,
            id,
            actor: actor.to_owned(),
            object,
            audience,
        }
    }
}

/// What an `Undo` takes back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Undone {
    Follow(Follow),
    Like(Like),
    Announce(Box<Announce>),
    Block(Block),
    Join(Join),
    Lock(Lock),
}

/// `Undo` of one of our earlier activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Undo {
    #[serde(rename = "type")]
    pub kind: UndoType,
    pub id: String,
    pub actor: String,
    pub object: Undone,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Undo {
    pub fn new(id: String, actor: &str, object: Undone, audience: Audience) -> Self {
        Self {
            kind: UndoType::Undo,
            id,
            actor: actor.to_owned(),
            object,
            audience,
        }
    }
}

/// `Create` of a post, addressed as the post is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Create {
    #[serde(rename = "type")]
    pub kind: CreateType,
    pub id: String,
    pub actor: String,
    pub published: DateTime<Utc>,
    #[serde(flatten)]
    pub audience: Audience,
    pub object: Box<Note>,
}

impl Create {
    /// The post's Create, at `<post>/activity`.
    pub fn new(actor: &str, note: Note, published: DateTime<Utc>) -> Self {
        Self {
            kind: CreateType::Create,
            id: format!("{}/activity", note.id),
            actor: actor.to_owned(),
            published,
            audience: Audience::to_cc(note.to.clone(), note.cc.clone()),
            object: Box::new(note),
        }
    }
}

/// What an `Update` brings: a post's new version, or an actor's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Updated {
    Note(Box<Note>),
    Actor(Box<Actor>),
}

/// An activity that carries a whole object (or its id) on behalf of `actor`:
/// an `Update` or an `Announce`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Carrying<K, O> {
    #[serde(rename = "type")]
    pub kind: K,
    pub id: String,
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub audience: Audience,
    pub object: O,
}

/// `Update` of a post (an edit, or new counts or state) or of an actor.
pub type Update = Carrying<UpdateType, Updated>;

impl Update {
    /// A post's new version, addressed as the post is.
    pub fn of_post(id: String, actor: &str, note: Note, published: Option<DateTime<Utc>>) -> Self {
        Self {
            kind: UpdateType::Update,
            id,
            actor: actor.to_owned(),
            published,
            audience: Audience::to_cc(note.to.clone(), note.cc.clone()),
            object: Updated::Note(Box::new(note)),
        }
    }

    /// An actor's new profile, for everyone.
    pub fn of_actor(id: String, document: Actor, audience: Audience) -> Self {
        Self {
            kind: UpdateType::Update,
            id,
            actor: document.id.to_string(),
            published: None,
            audience,
            object: Updated::Actor(Box::new(document)),
        }
    }
}

/// What is left of a deleted post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tombstone {
    #[serde(rename = "type")]
    pub kind: TombstoneType,
    pub id: String,
}

/// What a `Delete` removes: a post (as a `Tombstone`), or something named by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Deleted {
    Tombstone(Tombstone),
    Id(String),
}

/// `Delete` of a post by its author, or of a post in a group by a moderator
/// (with the reason in `summary`, as Lemmy writes it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delete {
    #[serde(rename = "type")]
    pub kind: DeleteType,
    pub id: String,
    pub actor: String,
    #[serde(flatten)]
    pub audience: Audience,
    pub object: Deleted,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl Delete {
    /// The author's own post, leaving a `Tombstone`.
    pub fn of_post(id: String, actor: &str, post: &str, audience: Audience) -> Self {
        Self {
            kind: DeleteType::Delete,
            id,
            actor: actor.to_owned(),
            audience,
            object: Deleted::Tombstone(Tombstone {
                kind: TombstoneType::Tombstone,
                id: post.to_owned(),
            }),
            summary: None,
        }
    }

    /// A moderator's removal, with its reason.
    pub fn removal(id: String, moderator: &str, post: &str, reason: &str, audience: Audience) -> Self {
        Self {
            kind: DeleteType::Delete,
            id,
            actor: moderator.to_owned(),
            audience,
            object: Deleted::Id(post.to_owned()),
            summary: Some(reason.to_owned()).filter(|r| !r.is_empty()),
        }
    }

    /// An actor's own account, gone.
    pub fn of_actor(id: String, actor: &str, audience: Audience) -> Self {
        Self {
            kind: DeleteType::Delete,
            id,
            actor: actor.to_owned(),
            audience,
            object: Deleted::Id(actor.to_owned()),
            summary: None,
        }
    }
}

/// `Like` of a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Like {
    #[serde(rename = "type")]
    pub kind: LikeType,
    pub id: String,
    pub actor: String,
    pub object: String,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Like {
    pub fn new(id: String, actor: &str, post: &str, audience: Audience) -> Self {
        Self {
            kind: LikeType::Like,
            id,
            actor: actor.to_owned(),
            object: post.to_owned(),
            audience,
        }
    }
}

/// What an `Announce` passes on: a post by its id, one of our activities, or
/// an activity as another server sent it (a group relaying its members').
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Announced {
    Id(String),
    Ours(Box<Outgoing>),
    Theirs(Value),
}

/// `Announce`: a boost, a group passing on what is posted in it (FEP-1b12),
/// an instance actor passing a post over a link.
pub type Announce = Carrying<AnnounceType, Announced>;

impl Announce {
    pub fn new(id: String, actor: &str, object: Announced, audience: Audience) -> Self {
        Self {
            kind: AnnounceType::Announce,
            id,
            actor: actor.to_owned(),
            published: None,
            audience,
            object,
        }
    }
}

/// `Join` of a proposal: an expression of interest, with its fields in
/// Fucina's namespace (`interestOffer`…), sent to the author alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Join {
    #[serde(rename = "type")]
    pub kind: JoinType,
    pub id: String,
    pub actor: String,
    pub object: String,
    #[serde(flatten)]
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<InterestTerms>,
}

impl Join {
    /// An interest in `proposal`, sent to its author alone.
    pub fn new(
        id: String,
        sender: &str,
        proposal: &str,
        author: &str,
        sent: Option<DateTime<Utc>>,
        content: String,
        terms: InterestTerms,
    ) -> Self {
        Self {
            kind: JoinType::Join,
            id,
            actor: sender.to_owned(),
            object: proposal.to_owned(),
            audience: Audience::to([author.to_owned()]),
            published: sent,
            content: Some(content),
            terms: Some(terms),
        }
    }

    /// The interest named by its id alone, as an `Accept`, `Reject` or `Undo` names it.
    pub fn reference(id: String, sender: &str, proposal: &str) -> Self {
        Self {
            kind: JoinType::Join,
            id,
            actor: sender.to_owned(),
            object: proposal.to_owned(),
            audience: Audience::none(),
            published: None,
            content: None,
            terms: None,
        }
    }
}

/// `Flag`: a report, sent by our instance actor, naming the account and the
/// posts reported and never the person who reported them (as Mastodon does).
/// To a group, as Lemmy reads it: one post as `object`, the reason in
/// `summary` too, and the group as `audience`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    #[serde(rename = "type")]
    pub kind: FlagType,
    pub id: String,
    pub actor: String,
    /// A list of ids (Mastodon's shape), or one id (Lemmy's).
    pub object: serde_json::Value,
    #[serde(default)]
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, rename = "audience", skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Flag {
    pub fn new(id: String, instance_actor: &str, objects: Vec<String>, comment: &str, to: &str) -> Self {
        Self {
            kind: FlagType::Flag,
            id,
            actor: instance_actor.to_owned(),
            object: serde_json::Value::from(objects),
            content: comment.to_owned(),
            summary: None,
            group: None,
            audience: Audience::to([to.to_owned()]),
        }
    }

    /// A report of one post to the group it was posted in.
    pub fn to_group(id: String, instance_actor: &str, post: &str, comment: &str, group: &str) -> Self {
        Self {
            object: serde_json::Value::from(post),
            summary: Some(comment.to_owned()),
            group: Some(group.to_owned()),
            ..Self::new(id, instance_actor, Vec::new(), comment, group)
        }
    }
}

/// `Add` to or `Remove` from a collection: a group's pinned posts (`featured`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionChange<K> {
    #[serde(rename = "type")]
    pub kind: K,
    pub id: String,
    pub actor: String,
    pub object: String,
    pub target: String,
    #[serde(flatten)]
    pub audience: Audience,
}

/// Pinning: `object` joins the `target` collection.
pub type Add = CollectionChange<AddType>;
/// Unpinning: `object` leaves the `target` collection.
pub type Remove = CollectionChange<RemoveType>;

impl<K: Default> CollectionChange<K> {
    pub fn new(id: String, actor: &str, object: &str, target: &str, audience: Audience) -> Self {
        Self {
            kind: K::default(),
            id,
            actor: actor.to_owned(),
            object: object.to_owned(),
            target: target.to_owned(),
            audience,
        }
    }
}

/// `Block` of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    #[serde(rename = "type")]
    pub kind: BlockType,
    pub id: String,
    pub actor: String,
    pub object: String,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Block {
    pub fn new(id: String, actor: &str, blocked: &str) -> Self {
        Self {
            kind: BlockType::Block,
            id,
            actor: actor.to_owned(),
            object: blocked.to_owned(),
            audience: Audience::to([blocked.to_owned()]),
        }
    }
}

/// `Lock` of a thread (Lemmy's term): no more replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lock {
    #[serde(rename = "type")]
    pub kind: LockType,
    pub id: String,
    pub actor: String,
    pub object: String,
    #[serde(flatten)]
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl Lock {
    pub fn new(id: String, actor: &str, post: &str, reason: &str, audience: Audience) -> Self {
        Self {
            kind: LockType::Lock,
            id,
            actor: actor.to_owned(),
            object: post.to_owned(),
            audience,
            summary: Some(reason.to_owned()).filter(|r| !r.is_empty()),
        }
    }
}

/// `Invite` into a group: the group (`object`) invites an actor (`target`),
/// who may then join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    #[serde(rename = "type")]
    pub kind: InviteType,
    pub id: String,
    pub actor: String,
    pub object: String,
    pub target: String,
    #[serde(flatten)]
    pub audience: Audience,
}

impl Invite {
    pub fn new(id: String, group: &str, invitee: &str) -> Self {
        Self {
            kind: InviteType::Invite,
            id,
            actor: group.to_owned(),
            object: group.to_owned(),
            target: invitee.to_owned(),
            audience: Audience::to([invitee.to_owned()]),
        }
    }
}

/// Any activity we send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outgoing {
    Follow(Follow),
    Accept(Accept),
    Reject(Reject),
    Undo(Undo),
    Create(Create),
    Update(Update),
    Delete(Delete),
    Like(Like),
    Announce(Announce),
    Join(Join),
    Flag(Flag),
    Add(Add),
    Remove(Remove),
    Block(Block),
    Lock(Lock),
    Invite(Invite),
}

impl Outgoing {
    /// Its JSON (without `@context`, which the queue adds).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    pub fn id(&self) -> &str {
        match self {
            Outgoing::Follow(a) => &a.id,
            Outgoing::Accept(a) => &a.id,
            Outgoing::Reject(a) => &a.id,
            Outgoing::Undo(a) => &a.id,
            Outgoing::Create(a) => &a.id,
            Outgoing::Update(a) => &a.id,
            Outgoing::Delete(a) => &a.id,
            Outgoing::Like(a) => &a.id,
            Outgoing::Announce(a) => &a.id,
            Outgoing::Join(a) => &a.id,
            Outgoing::Flag(a) => &a.id,
            Outgoing::Add(a) => &a.id,
            Outgoing::Remove(a) => &a.id,
            Outgoing::Block(a) => &a.id,
            Outgoing::Lock(a) => &a.id,
            Outgoing::Invite(a) => &a.id,
        }
    }
}

/// Each type goes into `Outgoing` as itself.
macro_rules! into_outgoing {
    ($($kind:ident),*) => {
        $(impl From<$kind> for Outgoing {
            fn from(activity: $kind) -> Self {
                Outgoing::$kind(activity)
            }
        })*
    };
}

into_outgoing!(
    Follow, Accept, Reject, Undo, Create, Update, Delete, Like, Announce, Join, Flag, Add, Remove, Block, Lock, Invite
);
