//! Links with other instances and relay subscriptions.
//!
//! A link is two follows between instance actors (`Application`s): ours of
//! theirs (`outgoing`) and theirs of ours (`incoming`). An administrator links
//! a domain; the other side accepts when its administrator links back, or at
//! once when its `federation.accept_links` is `automatic` (then it also
//! follows back). Over an established link each instance actor `Announce`s
//! its public proposals, news and public theme posts; the receiving side files
//! them in "From linked instances" and, for proposals, under the matching
//! themes. Unlinking is an `Undo` of our follow and a `Reject` of theirs.
//! Every change is written to the instance's moderation log.
//!
//! Relays come in two styles. LitePub's is followed at its actor, like an
//! instance, and we announce our public posts to it. Mastodon's is given by
//! its inbox: we send there a `Follow` of the public collection, learn the
//! relay's actor from its `Accept`, and send it our public posts' `Create`s,
//! as Mastodon does. Either way what a relay announces goes to the public
//! timeline only.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::context::with_context;
use crate::activitypub::protocol::outgoing::{Announce, Announced, Answered, Audience, Follow, Outgoing, Undone};
use crate::activitypub::{delivery, fetch};
use crate::db::actors::{self, DbActor};
use crate::db::federation::{self as store, DbLink, NewLink};
use crate::db::statuses::DbStatus;
use crate::domain::federation::{Severity, normalize_domain};
use crate::domain::visibility::PUBLIC;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::{instance, outbox};
use crate::state::AppState;
use crate::state::FedData;

pub(crate) fn invalid_domain() -> AppError {
    AppError::Validation(vec![FieldError::new(
        "domain",
        "ERR_INVALID",
        Message::new("error-federation-domain"),
    )])
}

/// A domain an administrator typed, checked: a domain, not ours.
pub(crate) fn domain_of(state: &AppState, input: &str) -> AppResult<String> {
    let domain = normalize_domain(input).ok_or_else(invalid_domain)?;
    if domain == state.config.server.domain {
        return Err(invalid_domain());
    }
    Ok(domain)
}

/// The instance actor of `domain`: `/actor`, as Fucina and Mastodon publish it
/// (over https; over http too where private addresses are allowed, for tests).
async fn their_instance_actor(data: &FedData, domain: &str) -> AppResult<DbActor> {
    let mut last_error = AppError::NotFound;
    let schemes: &[&str] = if data.config.federation.allow_private_addresses {
        &["https", "http"]
    } else {
        &["https"]
    };
    for scheme in schemes {
        match fetch::actor(data, &format!("{scheme}://{domain}/actor")).await {
            Ok(actor) if actor.domain.as_deref() == Some(domain) => return Ok(actor),
            Ok(_) => last_error = AppError::Remote(format!("{domain}/actor belongs to another server")),
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

/// Links with `domain` (or accepts its request to link): our instance actor
/// follows theirs. `kind` is `instance` or `relay`.
pub async fn link(data: &FedData, moderator: Option<i64>, input: &str) -> AppResult<DbLink> {
    link_as(data, moderator, input, "instance").await
}

/// Subscribes to a relay: by its domain, a LitePub-style relay (our instance
/// actor follows the relay's actor at `/actor`); by its inbox URL
/// (`https://relay.example/inbox`, what Mastodon's relay settings ask for), a
/// Mastodon-style one. The relay answers `Accept` and then `Announce`s other
/// servers' public posts, which go to the public timeline only.
pub async fn subscribe_relay(data: &FedData, moderator: Option<i64>, input: &str) -> AppResult<DbLink> {
    match relay_inbox_of(data, input)? {
        Some(inbox) => subscribe_relay_inbox(data, moderator, inbox).await,
        None => link_as(data, moderator, input, "relay").await,
    }
}

/// A relay's inbox, when the administrator gave a URL with a path.
fn relay_inbox_of(state: &AppState, input: &str) -> AppResult<Option<url::Url>> {
    let input = input.trim();
    if !(input.starts_with("https://") || input.starts_with("http://")) {
        return Ok(None);
    }
    let Ok(url) = url::Url::parse(input) else {
        return Ok(None);
    };
    if matches!(url.path(), "" | "/") {
        return Ok(None);
    }
    let reachable = crate::activitypub::egress::check(&url, state.config.federation.allow_private_addresses).is_ok();
    if !reachable || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid_domain());
    }
    Ok(Some(url))
}

fn refuse_suspended(blocks: &[store::DbInstanceBlock], domain: &str) -> AppResult<()> {
    if blocks
        .iter()
        .any(|b| b.host == domain && b.severity == Severity::Suspend.as_str())
    {
        return Err(AppError::Conflict(Message::new("error-federation-suspended")));
    }
    Ok(())
}

/// A Mastodon-style relay: a `Follow` of the public collection, sent to its inbox.
async fn subscribe_relay_inbox(data: &FedData, moderator: Option<i64>, inbox: url::Url) -> AppResult<DbLink> {
    let state: &AppState = data;
    let host = crate::activitypub::objects::actor::host_of(&inbox).ok_or_else(invalid_domain)?;
    let domain = domain_of(state, &host)?;
    let ours = instance::ensure_instance_actor(state).await?;
    let mut conn = state.db.get().await?;
    refuse_suspended(&store::instance_blocks(&mut conn).await?, &domain)?;
    let saved = conn
        .transaction::<_, AppError, _>(async |conn| {
            let current = store::link(conn, &domain).await?;
            if let Some(link) = current.as_ref().filter(|l| !is_ended(l)) {
                if link.relay_inbox.as_deref() == Some(inbox.as_str()) {
                    return Ok(link.clone());
                }
                return Err(AppError::Conflict(Message::new("error-federation-linked-already")));
            }
            let id = outbox::activity_id(&ours, "Follow");
            let follow: Outgoing = Follow::new(id.clone(), &ours.ap_id, PUBLIC).into();
            delivery::enqueue(conn, state, &ours, &with_context(follow.to_json()), [inbox.to_string()]).await?;
            let saved = store::save_link(
                conn,
                &NewLink {
                    host: &domain,
                    kind: "relay",
                    actor_id: None,
                    outgoing: "pending",
                    incoming: "none",
                    follow_ap_id: Some(&id),
                    incoming_follow_ap_id: None,
                    relay_inbox: Some(inbox.as_str()),
                },
            )
            .await?;
            store::log(conn, moderator, "relay_subscribe", Some(&domain), "").await?;
            Ok(saved)
        })
        .await?;
    state.policy.forget();
    delivery::wake(state);
    Ok(saved)
}

async fn link_as(data: &FedData, moderator: Option<i64>, input: &str, kind: &str) -> AppResult<DbLink> {
    let state: &AppState = data;
    let domain = domain_of(state, input)?;
    let mut conn = state.db.get().await?;
    refuse_suspended(&store::instance_blocks(&mut conn).await?, &domain)?;
    let existing = store::link(&mut conn, &domain).await?;
    if existing
        .as_ref()
        .is_some_and(|l| l.relay_inbox.is_some() && !is_ended(l))
    {
        return Err(AppError::Conflict(Message::new("error-federation-linked-already")));
    }
    // Recorded first, so that a linked-only policy lets us fetch their actor.
    let recorded_now = existing.as_ref().is_none_or(|l| l.outgoing == "none");
    if recorded_now {
        store::save_link(
            &mut conn,
            &NewLink {
                host: &domain,
                kind,
                actor_id: existing.as_ref().and_then(|l| l.actor_id),
                outgoing: "pending",
                incoming: existing.as_ref().map_or("none", DbLink::incoming_str),
                follow_ap_id: None,
                incoming_follow_ap_id: existing.as_ref().and_then(|l| l.incoming_follow_ap_id.as_deref()),
                relay_inbox: None,
            },
        )
        .await?;
        state.policy.forget();
    }
    drop(conn);
    let theirs = match their_instance_actor(data, &domain).await {
        Ok(actor) => actor,
        Err(error) => {
            if recorded_now {
                let mut conn = state.db.get().await?;
                match &existing {
                    None => {
                        store::delete_link(&mut conn, &domain).await?;
                    }
                    Some(before) => {
                        store::save_link(&mut conn, &before.as_new()).await?;
                    }
                }
                state.policy.forget();
            }
            return Err(error);
        }
    };
    let ours = instance::ensure_instance_actor(state).await?;
    let mut conn = state.db.get().await?;
    let saved = conn
        .transaction::<_, AppError, _>(async |conn| {
            let current = store::link(conn, &domain).await?;
            let (outgoing, follow_id) = match &current {
                Some(link) if link.outgoing == "accepted" => ("accepted", link.follow_ap_id.clone()),
                _ => {
                    let id = outbox::activity_id(&ours, "Follow");
                    let mut follow = Follow::new(id.clone(), &ours.ap_id, &theirs.ap_id);
                    follow.audience = Audience::to([theirs.ap_id.clone()]);
                    outbox::send_to_one(conn, state, &ours, follow, &theirs).await?;
                    ("pending", Some(id))
                }
            };
            let incoming = match &current {
                // They asked first: linking back accepts.
                Some(link) if link.incoming == "pending" => {
                    accept_their_follow(conn, state, &ours, &theirs, link.incoming_follow_ap_id.as_deref()).await?;
                    "accepted"
                }
                Some(link) => link.incoming_str(),
                None => "none",
            };
            let saved = store::save_link(
                conn,
                &NewLink {
                    host: &domain,
                    kind,
                    actor_id: Some(theirs.id),
                    outgoing,
                    incoming,
                    follow_ap_id: follow_id.as_deref(),
                    incoming_follow_ap_id: current.as_ref().and_then(|l| l.incoming_follow_ap_id.as_deref()),
                    relay_inbox: None,
                },
            )
            .await?;
            let action = if kind == "relay" { "relay_subscribe" } else { "link" };
            store::log(conn, moderator, action, Some(&domain), "").await?;
            learn_people_once_linked(conn, &domain).await?;
            Ok(saved)
        })
        .await?;
    state.policy.forget();
    delivery::wake(state);
    crate::services::jobs::wake(state);
    Ok(saved)
}

/// Once a link with another instance is established, learns who there could
/// join proposals here (a job, queued in the transaction that established it).
async fn learn_people_once_linked(conn: &mut AsyncPgConnection, host: &str) -> AppResult<()> {
    if let Some(link) = store::link(conn, host).await?
        && link.kind == "instance"
        && link.established()
    {
        let job = crate::services::jobs::Job::LearnPeople { host: host.to_owned() };
        crate::services::jobs::enqueue(conn, &job, Some(host)).await?;
    }
    Ok(())
}

async fn accept_their_follow(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    ours: &DbActor,
    theirs: &DbActor,
    follow_id: Option<&str>,
) -> AppResult<()> {
    let follow = Follow::new(follow_id.unwrap_or_default().to_owned(), &theirs.ap_id, &ours.ap_id);
    let accept = outbox::accept(ours, Answered::Follow(follow), &theirs.ap_id);
    outbox::send_to_one(conn, state, ours, accept, theirs).await?;
    Ok(())
}

/// Unlinks `domain` (or unsubscribes from the relay there).
pub async fn unlink(data: &FedData, moderator: Option<i64>, input: &str) -> AppResult<()> {
    let state: &AppState = data;
    let domain = domain_of(state, input)?;
    let ours = instance::ensure_instance_actor(state).await?;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let link = store::link(conn, &domain)
            .await?
            .filter(|l| !is_ended(l))
            .ok_or(AppError::NotFound)?;
        let theirs = match link.actor_id {
            Some(id) => actors::find(conn, id).await?,
            None => None,
        };
        if let Some(inbox) = &link.relay_inbox {
            if link.outgoing != "none" {
                let follow = Follow::new(link.follow_ap_id.clone().unwrap_or_default(), &ours.ap_id, PUBLIC);
                let undo: Outgoing = outbox::undo(&ours, Undone::Follow(follow), PUBLIC).into();
                delivery::enqueue(conn, state, &ours, &with_context(undo.to_json()), [inbox.clone()]).await?;
            }
        } else if let Some(theirs) = &theirs {
            if link.outgoing != "none" {
                let follow = Follow::new(
                    link.follow_ap_id.clone().unwrap_or_default(),
                    &ours.ap_id,
                    &theirs.ap_id,
                );
                let undo = outbox::undo(&ours, Undone::Follow(follow), &theirs.ap_id);
                outbox::send_to_one(conn, state, &ours, undo, theirs).await?;
            }
            if link.incoming != "none" {
                let follow = Follow::new(
                    link.incoming_follow_ap_id.clone().unwrap_or_default(),
                    &theirs.ap_id,
                    &ours.ap_id,
                );
                let reject = outbox::reject(&ours, Answered::Follow(follow), &theirs.ap_id);
                outbox::send_to_one(conn, state, &ours, reject, theirs).await?;
            }
        }
        // Kept, with both follows gone, so that the Undo and the Reject
        // above are still delivered in linked-only mode (for an hour).
        store::save_link(
            conn,
            &NewLink {
                outgoing: "none",
                incoming: "none",
                follow_ap_id: None,
                incoming_follow_ap_id: None,
                ..link.as_new()
            },
        )
        .await?;
        let action = if link.kind == "relay" {
            "relay_unsubscribe"
        } else {
            "unlink"
        };
        store::log(conn, moderator, action, Some(&domain), "").await?;
        Ok(())
    })
    .await?;
    // The activities above go out before the policy forgets the host.
    delivery::wake(state);
    state.policy.forget();
    Ok(())
}

/// Every link and relay subscription.
pub async fn links(state: &AppState) -> AppResult<Vec<DbLink>> {
    let mut conn = state.db.get().await?;
    Ok(store::links(&mut conn).await?)
}

/// Whether a link is over (unlinked, or refused both ways).
pub fn is_ended(link: &DbLink) -> bool {
    link.outgoing == "none" && link.incoming == "none"
}

// ---------------------------------------------------------------------------
// From other servers

/// Whether an activity is about our instance actor's follows: a `Follow` of
/// it, or an `Accept`, `Reject` or `Undo` of a follow between instance actors.
pub async fn concerns_link(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<bool> {
    // Only other servers' own actors link or relay; people's follows never ask the database here.
    if !is_server_actor(signer) {
        return Ok(false);
    }
    let ours = state.urls().instance_actor();
    let object = &activity.object;
    let target = match activity.kind.as_str() {
        "Follow" => activity.object_id().map(str::to_owned),
        _ => object.get("object").and_then(|o| {
            o.as_str()
                .map(str::to_owned)
                .or_else(|| o.get("id").and_then(|i| i.as_str()).map(str::to_owned))
        }),
    };
    if target.as_deref() == Some(ours.as_str()) {
        return Ok(true);
    }
    // An Accept or Reject that names our Follow only by id.
    let Some(host) = signer.domain.as_deref() else {
        return Ok(false);
    };
    let mut conn = state.db.get().await?;
    Ok(match store::link_of_server(&mut conn, host, signer.id).await? {
        Some(link) => {
            let id = activity.object_id();
            id.is_some() && (id == link.follow_ap_id.as_deref() || id == link.incoming_follow_ap_id.as_deref())
        }
        None => false,
    })
}

/// Whether an actor speaks for a whole server (an instance actor or a relay):
/// only those link, and a person following our instance actor is ignored.
fn is_server_actor(actor: &DbActor) -> bool {
    matches!(actor.actor_type.as_str(), "Application" | "Service")
}

/// Another instance's actor follows ours: it asks to link (or answers our request).
pub async fn receive_follow(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let state: &AppState = data;
    let Some(domain) = signer.domain.clone() else {
        return Ok(());
    };
    let ours = instance::ensure_instance_actor(state).await?;
    let automatic = state.config.federation.accept_links_automatically;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let current = store::link(conn, &domain).await?;
        let we_asked = current.as_ref().is_some_and(|l| l.outgoing != "none");
        let accept = we_asked || automatic;
        let mut outgoing = current.as_ref().map_or("none", DbLink::outgoing_str);
        let mut follow_id = current.as_ref().and_then(|l| l.follow_ap_id.clone());
        if accept {
            accept_their_follow(conn, state, &ours, signer, Some(activity.id.as_str())).await?;
            if outgoing == "none" {
                // Automatic linking is mutual: follow back.
                let id = outbox::activity_id(&ours, "Follow");
                let mut follow = Follow::new(id.clone(), &ours.ap_id, &signer.ap_id);
                follow.audience = Audience::to([signer.ap_id.clone()]);
                outbox::send_to_one(conn, state, &ours, follow, signer).await?;
                outgoing = "pending";
                follow_id = Some(id);
            }
        }
        store::save_link(
            conn,
            &NewLink {
                host: &domain,
                kind: current.as_ref().map_or("instance", |l| l.kind.as_str()),
                actor_id: Some(signer.id),
                outgoing,
                incoming: if accept { "accepted" } else { "pending" },
                follow_ap_id: follow_id.as_deref(),
                incoming_follow_ap_id: Some(activity.id.as_str()),
                relay_inbox: current.as_ref().and_then(|l| l.relay_inbox.as_deref()),
            },
        )
        .await?;
        let action = if accept { "link_accepted" } else { "link_requested" };
        store::log(conn, None, action, Some(&domain), "").await?;
        learn_people_once_linked(conn, &domain).await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    delivery::wake(state);
    crate::services::jobs::wake(state);
    Ok(())
}

/// Their answer to our Follow (`accepted`), their Reject of it, or their
/// Undo of their own follow of us.
pub async fn receive_answer(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let state: &AppState = data;
    let Some(host) = signer.domain.clone() else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let Some(link) = store::link_of_server(conn, &host, signer.id).await? else {
            return Ok(());
        };
        let (outgoing, incoming) = match activity.kind.as_str() {
            "Accept" => ("accepted", link.incoming_str()),
            "Reject" => ("none", link.incoming_str()),
            "Undo" => (link.outgoing_str(), "none"),
            _ => return Ok(()),
        };
        store::save_link(
            conn,
            &NewLink {
                host: &link.host,
                kind: &link.kind,
                // A relay subscribed by its inbox: its actor is who answered.
                actor_id: link.actor_id.or(Some(signer.id)),
                outgoing,
                incoming,
                follow_ap_id: link.follow_ap_id.as_deref(),
                incoming_follow_ap_id: link.incoming_follow_ap_id.as_deref(),
                relay_inbox: link.relay_inbox.as_deref(),
            },
        )
        .await?;
        let action = match activity.kind.as_str() {
            "Accept" => "link_established",
            "Reject" => "link_refused",
            _ => "link_undone",
        };
        store::log(conn, None, action, Some(&link.host), "").await?;
        learn_people_once_linked(conn, &link.host).await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    crate::services::jobs::wake(state);
    Ok(())
}

/// Whether `signer` is an instance (or relay) we follow over a link, so its
/// `Announce`s are what flows over the link.
pub async fn announces_over_link(state: &AppState, signer: &DbActor) -> AppResult<Option<DbLink>> {
    // Groups' and people's Announces (most of them) never ask the database here.
    let Some(host) = signer.domain.as_deref().filter(|_| is_server_actor(signer)) else {
        return Ok(None);
    };
    let mut conn = state.db.get().await?;
    Ok(store::link_of_server(&mut conn, host, signer.id)
        .await?
        .filter(|l| l.outgoing == "accepted"))
}

/// Files a post a linked instance announced under "From linked instances"
/// and, when it was posted in one of their themes, on our theme of the same
/// key or the one mapped to it (relays' posts go only to the public timeline).
pub async fn file_linked(state: &AppState, link: &DbLink, status: &DbStatus) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    if link.kind == "instance" {
        let theme = our_theme_for(&mut conn, status).await?;
        store::add_linked_post(&mut conn, status.id, &link.host, theme).await?;
    }
    store::touch_link(&mut conn, &link.host).await?;
    Ok(())
}

/// Our theme for a linked instance's discussion or news in one of its themes.
/// Proposals are filed under themes by their `proposalThemes` instead.
async fn our_theme_for(conn: &mut AsyncPgConnection, status: &DbStatus) -> AppResult<Option<i64>> {
    let Some(group_id) = status.group_id else {
        return Ok(None);
    };
    if crate::db::proposals::find_by_status(conn, status.id).await?.is_some() {
        return Ok(None);
    }
    let Some(group) = actors::find(conn, group_id).await?.filter(|g| !g.is_local()) else {
        return Ok(None);
    };
    let (Some(host), Some(key)) = (group.domain.as_deref(), group.theme_key.as_deref()) else {
        return Ok(None);
    };
    Ok(store::local_themes_for(conn, host, &[key.to_owned()])
        .await?
        .first()
        .copied())
}

// ---------------------------------------------------------------------------
// To linked instances

/// Whether a new local post flows over links: a public proposal (`Page`),
/// news (`Article`) or a public top-level post in a public group.
fn flows_over_links(status: &DbStatus, in_public_group: bool) -> bool {
    status.visibility == "public"
        && status.local
        && status.reblog_of_id.is_none()
        && (matches!(status.object_type.as_str(), "Page" | "Article")
            || (in_public_group && status.in_reply_to_id.is_none()))
}

/// A new local post goes out over links and to relays: what `flows_over_links`
/// to the linked instances, and every public post to the relays (as relays
/// are for filling public timelines). Linked instances and LitePub-style
/// relays follow our instance actor, which announces the post to them;
/// Mastodon-style relays get the post's `Create` from its author, as Mastodon
/// sends it.
pub async fn send_to_links(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
    in_public_group: bool,
    author: &DbActor,
    create: &Outgoing,
) -> AppResult<()> {
    let to_links = flows_over_links(status, in_public_group);
    let to_relays = status.visibility == "public" && status.local && status.reblog_of_id.is_none();
    // Most instances have no links: the cached policy says so without a query.
    if !(to_links || to_relays) || state.policy().await.linked.is_empty() {
        return Ok(());
    }
    let links = store::links(conn).await?;
    let relay_inboxes: Vec<String> = links
        .iter()
        .filter(|l| to_relays && l.kind == "relay" && l.outgoing == "accepted")
        .filter_map(|l| l.relay_inbox.clone())
        .collect();
    if !relay_inboxes.is_empty() {
        delivery::enqueue(conn, state, author, &with_context(create.to_json()), relay_inboxes).await?;
    }
    let followers: Vec<i64> = links
        .into_iter()
        .filter(|l| match l.kind.as_str() {
            "instance" => to_links && l.incoming == "accepted",
            _ => to_relays && l.outgoing == "accepted" && l.relay_inbox.is_none(),
        })
        .filter_map(|l| l.actor_id)
        .collect();
    if followers.is_empty() {
        return Ok(());
    }
    let Some(ours) = actors::find_instance_actor(conn).await? else {
        return Ok(());
    };
    let recipients = actors::find_many(conn, &followers).await?;
    let announce = Announce::new(
        outbox::activity_id(&ours, "Announce"),
        &ours.ap_id,
        Announced::Id(status.ap_id.clone()),
        Audience::to_cc([PUBLIC.to_owned()], ours.followers_url.clone()),
    );
    outbox::send_to(conn, state, &ours, announce, &recipients.iter().collect::<Vec<_>>()).await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Blocks

// ---------------------------------------------------------------------------
// Directory
