//! Themes and communities: creating and configuring them, membership (joining,
//! requests, invitations, leaving), roles, bans, and moderation — here and, for
//! our groups' members on other servers, across the federation (FEP-1b12).

pub mod relay;

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;

use crate::activitypub::delivery;
use crate::activitypub::objects::actor::group_to_activitypub;
use crate::activitypub::protocol::activities::Activity;
use crate::crypto;
use crate::db::actors::{self, DbActor, NewActor};
use crate::db::follows::{self, DbFollow};
use crate::db::groups::{self, DbGroup, GroupChanges, LocalGroup};
use crate::db::statuses::{self, DbStatus};
use crate::db::{notifications, users::Account};
use crate::domain::account::Role;
use crate::domain::group::{
    DEFAULT_THEMES, GroupKind, GroupRole, JoinMode, Translations, parse_group_name, parse_title,
};
use crate::domain::visibility::PUBLIC;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::{accounts, follows as follow_service, outbox};
use crate::state::AppState;

/// Creates the local actor of a new group, with its key pair.
async fn new_group_actor(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    name: &str,
    title: &str,
    theme_key: Option<&str>,
    approves_members: bool,
) -> AppResult<DbActor> {
    let keys = crypto::generate_key_pair().await?;
    let urls = state.urls();
    let id = urls.person(name);
    let actor = actors::insert(
        conn,
        &NewActor {
            actor_type: "Group",
            username: name,
            domain: None,
            display_name: title,
            ap_id: &id,
            url: Some(&urls.profile_page(name)),
            inbox_url: &urls.inbox(&id),
            shared_inbox_url: Some(&urls.shared_inbox()),
            outbox_url: Some(&urls.outbox(&id)),
            followers_url: Some(&urls.followers(&id)),
            following_url: Some(&urls.following(&id)),
            public_key_id: &urls.main_key(&id),
            public_key_pem: &keys.public_key_pem,
            private_key_pem: Some(&keys.private_key_pem),
        },
    )
    .await?;
    Ok(actors::set_group_details(
        conn,
        actor.id,
        &urls.featured(&id),
        &urls.moderators(&id),
        approves_members,
        &urls.group_icon(theme_key),
    )
    .await?)
}

fn translations(entries: &[(Language, String)]) -> serde_json::Value {
    serde_json::Value::Object(
        entries
            .iter()
            .map(|(l, v)| (l.code().to_owned(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

/// Creates the eight default themes (names and descriptions from the locale
/// files, in every language) and the operator's own from the configuration;
/// existing themes are left as the operator made them.
pub async fn ensure_themes(state: &AppState) -> AppResult<()> {
    let mut wanted: Vec<(String, serde_json::Value, serde_json::Value)> = Vec::new();
    if state.config.themes.create_defaults {
        for theme in DEFAULT_THEMES {
            let names: Vec<(Language, String)> = Language::ALL
                .iter()
                .map(|l| (*l, l.translator().t(&theme.name_key())))
                .collect();
            let descriptions: Vec<(Language, String)> = Language::ALL
                .iter()
                .map(|l| (*l, l.translator().t(&theme.description_key())))
                .collect();
            wanted.push((theme.key.to_owned(), translations(&names), translations(&descriptions)));
        }
    }
    for custom in &state.config.themes.custom {
        wanted.push((custom.key.clone(), custom.names.clone(), custom.descriptions.clone()));
    }
    let mut conn = state.db.get().await?;
    for (key, names, descriptions) in wanted {
        if groups::find_by_theme_key(&mut conn, &key).await?.is_some() {
            continue;
        }
        let title = Translations::from_json(&names)
            .get(state.config.i18n.default_language)
            .unwrap_or(&key)
            .to_owned();
        let description_html = crate::domain::text::plain_to_html(
            Translations::from_json(&descriptions)
                .get(state.config.i18n.default_language)
                .unwrap_or_default(),
        );
        let created = conn
            .transaction::<_, AppError, _>(async |conn| {
                let actor = new_group_actor(conn, state, &key, &title, Some(&key), false).await?;
                actors::update_profile(conn, actor.id, &title, "", &description_html).await?;
                groups::insert(
                    conn,
                    &DbGroup {
                        actor_id: actor.id,
                        kind: GroupKind::Theme.as_str().into(),
                        theme_key: Some(key.clone()),
                        join_mode: JoinMode::Open.as_str().into(),
                        listed: true,
                        parent_id: None,
                        names: names.clone(),
                        descriptions: descriptions.clone(),
                        languages: Vec::new(),
                        hide_members: false,
                        posting_restricted: false,
                        retired_at: None,
                        created_by: None,
                        created_at: Utc::now(),
                    },
                )
                .await?;
                Ok(())
            })
            .await;
        match created {
            Ok(()) => tracing::info!(theme = %key, "created a theme"),
            // Another process made it at the same moment.
            Err(AppError::Internal(e))
                if e.downcast_ref::<diesel::result::Error>()
                    .is_some_and(|d| crate::db::unique_violation(d).is_some()) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// What someone fills in to create a community.
#[derive(Debug, Clone, Default)]
pub struct NewCommunity {
    pub name: String,
    pub title: String,
    pub description: String,
    pub join_mode: String,
    pub listed: bool,
    pub parent: Option<i64>,
    pub languages: Vec<String>,
}

/// Creates a community; its creator becomes its manager and first member.
pub async fn create_community(state: &AppState, creator: &Account, input: NewCommunity) -> AppResult<LocalGroup> {
    let mut errors = Vec::new();
    let name = parse_group_name(&input.name).map_err(|e| errors.push(e)).ok();
    let title = parse_title(&input.title).map_err(|e| errors.push(e)).ok();
    let description = crate::domain::account::parse_note(&input.description)
        .map_err(|e| errors.push(e))
        .ok();
    let join_mode = JoinMode::parse(&input.join_mode);
    if join_mode.is_none() {
        errors.push(FieldError::new(
            "join_mode",
            "ERR_INVALID",
            Message::new("error-join-mode"),
        ));
    }
    let mut conn = state.db.get().await?;
    if let Some(name) = &name
        && actors::find_local_by_username(&mut conn, name).await?.is_some()
    {
        errors.push(FieldError::new(
            "name",
            "ERR_TAKEN",
            Message::new("error-username-taken"),
        ));
    }
    if let Some(parent) = input.parent
        && groups::find(&mut conn, parent).await?.is_none()
    {
        errors.push(FieldError::new(
            "parent",
            "ERR_INVALID",
            Message::new("error-group-parent"),
        ));
    }
    let (Some(name), Some(title), Some(description), Some(join_mode), true) =
        (name, title, description, join_mode, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let languages: Vec<String> = input
        .languages
        .iter()
        .filter_map(|l| Language::from_code(l))
        .map(|l| l.code().to_owned())
        .collect();
    let description_html = crate::domain::text::plain_to_html(&description);
    let language = accounts::language_of(creator).unwrap_or(state.config.i18n.default_language);
    let group = conn
        .transaction::<_, AppError, _>(async |conn| {
            let actor = new_group_actor(conn, state, &name, &title, None, !join_mode.is_open()).await?;
            let actor = actors::update_profile(conn, actor.id, &title, &description, &description_html).await?;
            let group = groups::insert(
                conn,
                &DbGroup {
                    actor_id: actor.id,
                    kind: GroupKind::Community.as_str().into(),
                    theme_key: None,
                    join_mode: join_mode.as_str().into(),
                    listed: input.listed && !join_mode.members_only(),
                    parent_id: input.parent,
                    names: translations(&[(language, title.clone())]),
                    descriptions: translations(&[(language, description.clone())]),
                    languages: languages.iter().map(|l| Some(l.clone())).collect(),
                    hide_members: join_mode.members_only(),
                    posting_restricted: false,
                    retired_at: None,
                    created_by: Some(creator.actor.id),
                    created_at: Utc::now(),
                },
            )
            .await?;
            groups::set_role(
                conn,
                actor.id,
                creator.actor.id,
                Some(GroupRole::Manager.as_str()),
                None,
            )
            .await?;
            let follow_id = outbox::activity_id(&creator.actor, "Follow");
            follows::insert(conn, creator.actor.id, actor.id, "accepted", &follow_id).await?;
            actors::bump_counters(conn, actor.id, 1, 0, 0).await?;
            actors::bump_counters(conn, creator.actor.id, 0, 1, 0).await?;
            groups::log(conn, Some(actor.id), creator.actor.id, "create", None, None, "").await?;
            let actor = actors::find(conn, actor.id).await?.ok_or(AppError::NotFound)?;
            Ok(LocalGroup { group, actor })
        })
        .await;
    match group {
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(|d| crate::db::unique_violation(d).is_some()) =>
        {
            Err(AppError::Validation(vec![FieldError::new(
                "name",
                "ERR_TAKEN",
                Message::new("error-username-taken"),
            )]))
        }
        other => other,
    }
}

/// A local group by its actor id (404 for remote or unknown ones).
pub async fn local_group(state: &AppState, group_id: i64) -> AppResult<LocalGroup> {
    let mut conn = state.db.get().await?;
    groups::find(&mut conn, group_id).await?.ok_or(AppError::NotFound)
}

/// An actor's role in a local group: a manager or moderator by appointment, a
/// member by membership, none otherwise. Instance administrators act as managers.
pub async fn role_in(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    actor: &DbActor,
) -> AppResult<Option<GroupRole>> {
    if let Some(role) = groups::role_of(conn, group.actor.id, actor.id).await? {
        return Ok(GroupRole::parse(&role));
    }
    if actor.is_local()
        && let Some(user) = crate::db::users::find_account_by_actor(conn, actor.id).await?
        && accounts::role_of(&user) == Role::Admin
    {
        return Ok(Some(GroupRole::Manager));
    }
    Ok(groups::is_member(conn, group.actor.id, actor.id)
        .await?
        .then_some(GroupRole::Member))
}

async fn require_role(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    actor: &DbActor,
    needed: GroupRole,
) -> AppResult<()> {
    match role_in(conn, group, actor).await? {
        Some(role) if role >= needed => Ok(()),
        _ => Err(AppError::forbidden("error-group-not-allowed")),
    }
}

/// What a manager may change about a group.
#[derive(Debug, Clone, Default)]
pub struct GroupEdit {
    pub title: String,
    pub description: String,
    pub join_mode: String,
    pub listed: bool,
    pub hide_members: bool,
    pub posting_restricted: bool,
    pub languages: Vec<String>,
}

/// Edits a group (in the editor's language); followers' servers get an Update.
pub async fn update_group(state: &AppState, editor: &Account, group_id: i64, edit: GroupEdit) -> AppResult<LocalGroup> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, &editor.actor, GroupRole::Manager).await?;
    let mut errors = Vec::new();
    let title = parse_title(&edit.title).map_err(|e| errors.push(e)).ok();
    let description = crate::domain::account::parse_note(&edit.description)
        .map_err(|e| errors.push(e))
        .ok();
    let join_mode = JoinMode::parse(&edit.join_mode);
    if join_mode.is_none() {
        errors.push(FieldError::new(
            "join_mode",
            "ERR_INVALID",
            Message::new("error-join-mode"),
        ));
    }
    let (Some(title), Some(description), Some(join_mode), true) = (title, description, join_mode, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let language = accounts::language_of(editor).unwrap_or(state.config.i18n.default_language);
    let mut names = Translations::from_json(&group.group.names);
    names.0.insert(language.code().to_owned(), title.clone());
    let mut descriptions = Translations::from_json(&group.group.descriptions);
    descriptions.0.insert(language.code().to_owned(), description.clone());
    let shown_title = names
        .get(state.config.i18n.default_language)
        .unwrap_or(&title)
        .to_owned();
    let shown_description = descriptions
        .get(state.config.i18n.default_language)
        .unwrap_or(&description)
        .to_owned();
    let languages: Vec<String> = edit
        .languages
        .iter()
        .filter_map(|l| Language::from_code(l))
        .map(|l| l.code().to_owned())
        .collect();
    let updated = conn
        .transaction::<_, AppError, _>(async |conn| {
            let group_row = groups::update(
                conn,
                group_id,
                &GroupChanges {
                    names: &names.to_json(),
                    descriptions: &descriptions.to_json(),
                    join_mode: join_mode.as_str(),
                    listed: edit.listed && !join_mode.members_only(),
                    hide_members: edit.hide_members || join_mode.members_only(),
                    posting_restricted: edit.posting_restricted,
                    languages: &languages,
                },
            )
            .await?;
            let actor = actors::update_profile(
                conn,
                group_id,
                &shown_title,
                &shown_description,
                &crate::domain::text::plain_to_html(&shown_description),
            )
            .await?;
            let actor = actors::set_manually_approves(conn, actor.id, !join_mode.is_open()).await?;
            groups::log(conn, Some(group_id), editor.actor.id, "edit", None, None, "").await?;
            let updated = LocalGroup {
                group: group_row,
                actor,
            };
            let document = group_to_activitypub(&updated, state);
            let update = json!({
                "type": "Update",
                "id": outbox::activity_id(&updated.actor, "Update"),
                "actor": updated.actor.ap_id,
                "to": [PUBLIC],
                "cc": [updated.actor.followers_url],
                "object": document,
            });
            outbox::send_to_followers(conn, state, &updated.actor, update, &[]).await?;
            Ok(updated)
        })
        .await?;
    delivery::wake(state);
    Ok(updated)
}

/// Joins a group. Local groups decide by their join mode: open ones accept at
/// once, approval ones keep a request, invitation ones accept the invited only.
/// Remote groups get a Follow and answer later.
pub async fn join(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<DbFollow> {
    if group.actor_type != "Group" {
        return Err(AppError::NotFound);
    }
    if !group.is_local() {
        return follow_service::follow(state, member, group).await;
    }
    join_local(state, member, group).await
}

/// Joins one of our groups (what `join` and following it both come to).
pub async fn join_local(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<DbFollow> {
    let local = local_group(state, group.id).await?;
    let mut conn = state.db.get().await?;
    if local.group.retired_at.is_some() {
        return Err(AppError::forbidden("error-group-retired"));
    }
    if groups::is_banned(&mut conn, group.id, member.id).await? {
        return Err(AppError::forbidden("error-group-banned"));
    }
    let mode = JoinMode::parse(&local.group.join_mode).unwrap_or(JoinMode::Open);
    let invited = groups::is_invited(&mut conn, group.id, member.id).await?;
    if mode == JoinMode::Invitation && !invited {
        return Err(AppError::forbidden("error-group-invitation-only"));
    }
    let accept_now = mode == JoinMode::Open || invited;
    let ap_id = outbox::activity_id(member, "Follow");
    let follow = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (follow, created) = follows::insert(
                conn,
                member.id,
                group.id,
                if accept_now { "accepted" } else { "pending" },
                &ap_id,
            )
            .await?;
            if created && follow.is_accepted() {
                actors::bump_counters(conn, group.id, 1, 0, 0).await?;
                actors::bump_counters(conn, member.id, 0, 1, 0).await?;
            }
            if created && !follow.is_accepted() {
                notify_staff(conn, &local, member.id, "group_request").await?;
            }
            Ok(follow)
        })
        .await?;
    Ok(follow)
}

/// Tells a group's managers and moderators.
async fn notify_staff(conn: &mut AsyncPgConnection, group: &LocalGroup, from: i64, kind: &str) -> AppResult<()> {
    for (_, staff) in groups::staff(conn, group.actor.id)
        .await?
        .into_iter()
        .filter(|(_, a)| a.is_local())
    {
        notifications::insert_for_group(conn, staff.id, from, kind, group.actor.id).await?;
    }
    Ok(())
}

/// Leaves a group (or withdraws a request).
pub async fn leave(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<()> {
    follow_service::unfollow(state, member, group).await
}

/// A remote actor's Follow of a local group: the group's join mode decides.
pub async fn receive_follow(
    state: &AppState,
    follower: &DbActor,
    group: &LocalGroup,
    activity: &Activity,
) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let mode = JoinMode::parse(&group.group.join_mode).unwrap_or(JoinMode::Open);
    let refused = group.group.retired_at.is_some()
        || groups::is_banned(&mut conn, group.actor.id, follower.id).await?
        || (mode == JoinMode::Invitation && !groups::is_invited(&mut conn, group.actor.id, follower.id).await?);
    let follow_document =
        json!({ "type": "Follow", "id": activity.id, "actor": follower.ap_id, "object": group.actor.ap_id });
    if refused {
        let reject = outbox::simple("Reject", &group.actor, follow_document, &follower.ap_id);
        outbox::send_to(&mut conn, state, &group.actor, reject, &[follower]).await?;
        delivery::wake(state);
        return Ok(());
    }
    let invited = groups::is_invited(&mut conn, group.actor.id, follower.id).await?;
    let accept_now = mode == JoinMode::Open || invited;
    conn.transaction::<_, AppError, _>(async |conn| {
        let (follow, created) = follows::insert(
            conn,
            follower.id,
            group.actor.id,
            if accept_now { "accepted" } else { "pending" },
            activity.id.as_str(),
        )
        .await?;
        if created && follow.is_accepted() {
            actors::bump_counters(conn, group.actor.id, 1, 0, 0).await?;
        }
        if created && !follow.is_accepted() {
            notify_staff(conn, group, follower.id, "group_request").await?;
        }
        if follow.is_accepted() {
            let accept = outbox::simple("Accept", &group.actor, follow_document, &follower.ap_id);
            outbox::send_to(conn, state, &group.actor, accept, &[follower]).await?;
        }
        Ok(())
    })
    .await?;
    delivery::wake(state);
    Ok(())
}

/// A manager or moderator accepts or refuses a join request.
pub async fn decide_request(
    state: &AppState,
    moderator: &DbActor,
    group_id: i64,
    member: &DbActor,
    approve: bool,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    drop(conn);
    if approve {
        follow_service::authorize(state, &group.actor, member).await?;
    } else {
        follow_service::reject(state, &group.actor, member).await?;
    }
    let mut conn = state.db.get().await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        if approve { "approve_member" } else { "reject_member" },
        Some(member.id),
        None,
        "",
    )
    .await?;
    Ok(())
}

/// Invites someone (here or elsewhere) into a group; they may then join even
/// when it is invitation-only. Remote invitees get an `Invite`.
pub async fn invite(state: &AppState, moderator: &DbActor, group_id: i64, invitee: &DbActor) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        groups::invite(conn, group_id, invitee.id, moderator.id).await?;
        groups::log(conn, Some(group_id), moderator.id, "invite", Some(invitee.id), None, "").await?;
        if invitee.is_local() {
            notifications::insert_for_group(conn, invitee.id, moderator.id, "group_invitation", group_id).await?;
        } else {
            let invitation = json!({
                "type": "Invite",
                "id": outbox::activity_id(&group.actor, "Invite"),
                "actor": group.actor.ap_id,
                "object": group.actor.ap_id,
                "target": invitee.ap_id,
                "to": [invitee.ap_id],
            });
            outbox::send_to(conn, state, &group.actor, invitation, &[invitee]).await?;
        }
        Ok(())
    })
    .await?;
    delivery::wake(state);
    Ok(())
}

/// A remote group invites a local actor: they are told.
pub async fn receive_invite(state: &AppState, group: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(target) = activity
        .target
        .as_ref()
        .and_then(|t| crate::activitypub::protocol::object::id_of(t))
        .map(str::to_owned)
    else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    if let Some(invitee) = actors::find_by_ap_id(&mut conn, &target)
        .await?
        .filter(DbActor::is_local)
    {
        notifications::insert_for_group(&mut conn, invitee.id, group.id, "group_invitation", group.id).await?;
    }
    Ok(())
}

/// A manager appoints or dismisses a moderator or manager (`None`: plain member).
pub async fn set_role(
    state: &AppState,
    manager: &DbActor,
    group_id: i64,
    target: &DbActor,
    role: Option<GroupRole>,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, manager, GroupRole::Manager).await?;
    if !groups::is_member(&mut conn, group_id, target.id).await? {
        return Err(AppError::bad_request("error-group-not-member"));
    }
    let stored = role.filter(|r| *r != GroupRole::Member).map(GroupRole::as_str);
    conn.transaction::<_, AppError, _>(async |conn| {
        groups::set_role(conn, group_id, target.id, stored, Some(manager.id)).await?;
        groups::log(
            conn,
            Some(group_id),
            manager.id,
            &format!("role:{}", role.unwrap_or(GroupRole::Member).as_str()),
            Some(target.id),
            None,
            "",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Bans a member: their membership ends, they cannot rejoin or post.
pub async fn ban(
    state: &AppState,
    moderator: &DbActor,
    group_id: i64,
    target: &DbActor,
    reason: &str,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    if groups::role_of(&mut conn, group_id, target.id).await?.is_some() {
        return Err(AppError::forbidden("error-group-ban-staff"));
    }
    drop(conn);
    match follow_service::reject(state, &group.actor, target).await {
        Ok(()) | Err(AppError::NotFound) => {}
        Err(other) => return Err(other),
    }
    let mut conn = state.db.get().await?;
    let reason: String = reason.trim().chars().take(500).collect();
    groups::ban(&mut conn, group_id, target.id, moderator.id, &reason).await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        "ban",
        Some(target.id),
        None,
        &reason,
    )
    .await?;
    Ok(())
}

pub async fn unban(state: &AppState, moderator: &DbActor, group_id: i64, target: &DbActor) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    groups::unban(&mut conn, group_id, target.id).await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        "unban",
        Some(target.id),
        None,
        "",
    )
    .await?;
    Ok(())
}

/// A moderation action on a post in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostAction {
    Remove,
    Lock,
    Unlock,
    Pin,
    Unpin,
}

impl PostAction {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "remove" => Some(PostAction::Remove),
            "lock" => Some(PostAction::Lock),
            "unlock" => Some(PostAction::Unlock),
            "pin" => Some(PostAction::Pin),
            "unpin" => Some(PostAction::Unpin),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            PostAction::Remove => "remove",
            PostAction::Lock => "lock",
            PostAction::Unlock => "unlock",
            PostAction::Pin => "pin",
            PostAction::Unpin => "unpin",
        }
    }
}

/// Removes, locks or pins a post of a local group; the group announces the
/// moderator's act to its followers (in Lemmy's shape), and the author's server
/// hears of a removal.
pub async fn moderate(
    state: &AppState,
    moderator: &DbActor,
    status_id: i64,
    action: PostAction,
    reason: &str,
) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    let group_id = status
        .group_id
        .ok_or_else(|| AppError::bad_request("error-group-not-in-group"))?;
    let group = groups::find(&mut conn, group_id).await?.ok_or(AppError::NotFound)?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    if matches!(
        action,
        PostAction::Lock | PostAction::Unlock | PostAction::Pin | PostAction::Unpin
    ) && status.in_reply_to_id.is_some()
    {
        return Err(AppError::bad_request("error-group-thread-only"));
    }
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason: String = reason.trim().chars().take(500).collect();
    let updated = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (inner, recipients_extra): (serde_json::Value, Vec<&DbActor>) = match action {
                PostAction::Remove => {
                    statuses::mark_deleted(conn, status.id).await?;
                    if let Some(parent) = status.in_reply_to_id {
                        statuses::bump(conn, parent, -1, 0, 0).await?;
                    }
                    (
                        json!({ "type": "Delete", "actor": moderator.ap_id, "object": status.ap_id, "summary": reason,
                                "to": [PUBLIC], "cc": [group.actor.ap_id] }),
                        vec![&author],
                    )
                }
                PostAction::Lock | PostAction::Unlock => {
                    statuses::set_locked(conn, status.id, action == PostAction::Lock).await?;
                    let lock = json!({ "type": "Lock", "id": outbox::activity_id(moderator, "Lock"), "actor": moderator.ap_id,
                                       "object": status.ap_id, "summary": reason, "to": [PUBLIC], "cc": [group.actor.ap_id] });
                    if action == PostAction::Lock {
                        (lock, Vec::new())
                    } else {
                        (json!({ "type": "Undo", "actor": moderator.ap_id, "object": lock, "to": [PUBLIC], "cc": [group.actor.ap_id] }), Vec::new())
                    }
                }
                PostAction::Pin | PostAction::Unpin => {
                    statuses::set_pinned(conn, status.id, action == PostAction::Pin).await?;
                    let featured = state.urls().featured(&group.actor.ap_id);
                    (
                        json!({ "type": if action == PostAction::Pin { "Add" } else { "Remove" }, "actor": moderator.ap_id,
                                "object": status.ap_id, "target": featured, "to": [PUBLIC], "cc": [group.actor.ap_id] }),
                        Vec::new(),
                    )
                }
            };
            let mut inner = inner;
            if inner.get("id").is_none() {
                inner["id"] = json!(outbox::activity_id(moderator, action.as_str()));
            }
            groups::log(conn, Some(group.actor.id), moderator.id, action.as_str(), Some(author.id), Some(status.id), &reason).await?;
            let announce = outbox::announce(&group.actor, inner, members_only(&group));
            outbox::send_to_followers(conn, state, &group.actor, announce, &recipients_extra).await?;
            statuses::find(conn, status.id).await?.ok_or(AppError::NotFound)
        })
        .await?;
    delivery::wake(state);
    Ok(updated)
}

/// A moderator elsewhere locks, unlocks, pins or unpins a post of one of our
/// groups (Lemmy sends these to the group). Their role here decides.
pub async fn receive_moderation(
    state: &AppState,
    signer: &DbActor,
    activity: &Activity,
    action: PostAction,
) -> AppResult<()> {
    use crate::activitypub::protocol::object::id_of;
    let object_id = match action {
        PostAction::Unlock => activity.object.get("object").and_then(id_of),
        _ => activity.object_id(),
    };
    let Some(object_id) = object_id else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id).await? else {
        return Ok(());
    };
    let Some(group) = status.group_id else {
        return Ok(());
    };
    let Some(group) = groups::find(&mut conn, group).await? else {
        return Ok(());
    };
    if matches!(action, PostAction::Pin | PostAction::Unpin) {
        let target = activity.target.as_ref().and_then(id_of);
        if target != group.actor.featured_url.as_deref() {
            return Ok(());
        }
    }
    drop(conn);
    moderate(
        state,
        signer,
        status.id,
        action,
        activity.summary.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(())
}

/// Whether a group's content is for its members only.
pub fn members_only(group: &LocalGroup) -> bool {
    JoinMode::parse(&group.group.join_mode).is_some_and(JoinMode::members_only)
}

/// Whether `author` may post in `group` (a reply when `reply` is set). Refusals say why.
pub async fn check_can_post(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    author: &DbActor,
    reply_to: Option<&DbStatus>,
    article: bool,
) -> AppResult<()> {
    if group.group.retired_at.is_some() {
        return Err(AppError::forbidden("error-group-retired"));
    }
    if groups::is_banned(conn, group.actor.id, author.id).await? {
        return Err(AppError::forbidden("error-group-banned"));
    }
    if let Some(parent) = reply_to {
        let root_locked = parent.locked || thread_locked(conn, parent).await?;
        if root_locked {
            return Err(AppError::forbidden("error-group-locked"));
        }
    }
    let role = role_in(conn, group, author).await?;
    let mode = JoinMode::parse(&group.group.join_mode).unwrap_or(JoinMode::Open);
    if !mode.is_open() && role.is_none() {
        return Err(AppError::forbidden("error-group-members-only"));
    }
    let staff = role.is_some_and(GroupRole::can_moderate);
    if article && !staff {
        return Err(AppError::forbidden("error-group-news-staff"));
    }
    if group.group.posting_restricted && reply_to.is_none() && !staff {
        return Err(AppError::forbidden("error-group-news-staff"));
    }
    Ok(())
}

/// Whether the thread a post belongs to was locked (at its first post).
async fn thread_locked(conn: &mut AsyncPgConnection, status: &DbStatus) -> AppResult<bool> {
    let ancestors = statuses::ancestors(conn, statuses::Viewer::Actor(status.actor_id), status).await?;
    Ok(ancestors.first().is_some_and(|root| root.locked))
}

/// The group a post is addressed to, if it is one of ours: `audience`, the
/// recipients, a mention, or the thread it replies in.
pub async fn addressed_local_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    candidates: &[String],
    parent: Option<&DbStatus>,
) -> AppResult<Option<LocalGroup>> {
    if let Some(group_id) = parent.and_then(|p| p.group_id) {
        return Ok(groups::find(conn, group_id).await?);
    }
    let own = state.urls().absolute("/users/");
    for candidate in candidates.iter().filter(|c| c.starts_with(&own)) {
        // Most posts address people: remembered, they cost no query.
        if state.local_actor_kinds.is_group(candidate) == Some(false) {
            continue;
        }
        let Some(actor) = actors::find_by_ap_id(conn, candidate).await?.filter(DbActor::is_local) else {
            continue;
        };
        let is_group = actor.actor_type == "Group";
        state.local_actor_kinds.remember(candidate, is_group);
        if is_group {
            return Ok(groups::find(conn, actor.id).await?);
        }
    }
    Ok(None)
}

/// Announces a post of a group to the group's followers, twice as Lemmy and
/// Mastodon each expect: the Create (for FEP-1b12 groups), and the object (for
/// Mastodon, which shows announced posts).
pub async fn announce_post(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    group: &LocalGroup,
    create: serde_json::Value,
    object_id: &str,
) -> AppResult<()> {
    let members_only = members_only(group);
    let announce_create = outbox::announce(&group.actor, create, members_only);
    outbox::send_to_followers(conn, state, &group.actor, announce_create, &[]).await?;
    let announce_object = outbox::announce(&group.actor, json!(object_id), members_only);
    outbox::send_to_followers(conn, state, &group.actor, announce_object, &[]).await?;
    Ok(())
}

/// Retires a theme (or brings it back): it keeps its posts and members but
/// takes no new ones, and leaves the directory.
pub async fn set_theme_retired(state: &AppState, admin: &DbActor, group_id: i64, retired: bool) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, admin, GroupRole::Manager).await?;
    groups::set_retired(&mut conn, group_id, retired).await?;
    groups::log(
        &mut conn,
        Some(group_id),
        admin.id,
        if retired { "retire" } else { "restore" },
        None,
        None,
        "",
    )
    .await?;
    Ok(())
}

/// Adds a theme from the admin area.
pub async fn create_theme(
    state: &AppState,
    admin: &Account,
    key: &str,
    names: Vec<(Language, String)>,
) -> AppResult<LocalGroup> {
    if accounts::role_of(admin) != Role::Admin {
        return Err(AppError::forbidden("error-admins-only"));
    }
    let key = parse_group_name(key).map_err(|e| AppError::Validation(vec![e]))?;
    let names: Vec<(Language, String)> = names.into_iter().filter(|(_, n)| !n.trim().is_empty()).collect();
    if names.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new(
            "title",
            "ERR_BLANK",
            Message::new("error-group-title-blank"),
        )]));
    }
    let mut conn = state.db.get().await?;
    if actors::find_local_by_username(&mut conn, &key).await?.is_some() {
        return Err(AppError::Validation(vec![FieldError::new(
            "name",
            "ERR_TAKEN",
            Message::new("error-username-taken"),
        )]));
    }
    let names_json = translations(&names);
    let title = Translations::from_json(&names_json)
        .get(state.config.i18n.default_language)
        .unwrap_or(&key)
        .to_owned();
    conn.transaction::<_, AppError, _>(async |conn| {
        let actor = new_group_actor(conn, state, &key, &title, Some(&key), false).await?;
        let group = groups::insert(
            conn,
            &DbGroup {
                actor_id: actor.id,
                kind: GroupKind::Theme.as_str().into(),
                theme_key: Some(key.clone()),
                join_mode: JoinMode::Open.as_str().into(),
                listed: true,
                parent_id: None,
                names: names_json.clone(),
                descriptions: json!({}),
                languages: Vec::new(),
                hide_members: false,
                posting_restricted: false,
                retired_at: None,
                created_by: Some(admin.actor.id),
                created_at: Utc::now(),
            },
        )
        .await?;
        groups::log(conn, Some(actor.id), admin.actor.id, "create", None, None, "").await?;
        Ok(LocalGroup { group, actor })
    })
    .await
}

/// An administrator renames or translates a theme: its name and description in
/// each language (blank ones are dropped; one name at least). Followers'
/// servers get an Update with the name in the instance's language.
pub async fn set_theme_texts(
    state: &AppState,
    admin: &Account,
    group_id: i64,
    names: Vec<(Language, String)>,
    descriptions: Vec<(Language, String)>,
) -> AppResult<LocalGroup> {
    if accounts::role_of(admin) != Role::Admin {
        return Err(AppError::forbidden("error-admins-only"));
    }
    let group = local_group(state, group_id).await?;
    let names: Vec<(Language, String)> = names
        .into_iter()
        .map(|(l, n)| (l, n.trim().to_owned()))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let mut errors = Vec::new();
    if names.is_empty() {
        errors.push(FieldError::new(
            "title",
            "ERR_BLANK",
            Message::new("error-group-title-blank"),
        ));
    }
    for (_, name) in &names {
        if let Err(e) = parse_title(name) {
            errors.push(e);
        }
    }
    let descriptions: Vec<(Language, String)> = descriptions
        .into_iter()
        .map(|(l, d)| (l, d.trim().to_owned()))
        .filter(|(_, d)| !d.is_empty())
        .collect();
    for (_, description) in &descriptions {
        if let Err(e) = crate::domain::account::parse_note(description) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let names_json = translations(&names);
    let descriptions_json = translations(&descriptions);
    let language = state.config.i18n.default_language;
    let title = Translations::from_json(&names_json)
        .get(language)
        .unwrap_or_default()
        .to_owned();
    let description = Translations::from_json(&descriptions_json)
        .get(language)
        .unwrap_or_default()
        .to_owned();
    let languages: Vec<String> = group.group.languages.iter().flatten().cloned().collect();
    let updated = {
        let mut conn = state.db.get().await?;
        conn.transaction::<_, AppError, _>(async |conn| {
            let row = groups::update(
                conn,
                group_id,
                &GroupChanges {
                    names: &names_json,
                    descriptions: &descriptions_json,
                    join_mode: &group.group.join_mode,
                    listed: group.group.listed,
                    hide_members: group.group.hide_members,
                    posting_restricted: group.group.posting_restricted,
                    languages: &languages,
                },
            )
            .await?;
            let actor = actors::update_profile(
                conn,
                group_id,
                &title,
                &description,
                &crate::domain::text::plain_to_html(&description),
            )
            .await?;
            groups::log(conn, Some(group_id), admin.actor.id, "edit", None, None, "").await?;
            let updated = LocalGroup { group: row, actor };
            let update = json!({
                "type": "Update",
                "id": outbox::activity_id(&updated.actor, "Update"),
                "actor": updated.actor.ap_id,
                "to": [PUBLIC],
                "cc": [updated.actor.followers_url],
                "object": group_to_activitypub(&updated, state),
            });
            outbox::send_to_followers(conn, state, &updated.actor, update, &[]).await?;
            Ok(updated)
        })
        .await?
    };
    delivery::wake(state);
    Ok(updated)
}
