//! Creating a community (an actor of type `Group` with its key pair) and
//! changing what it is: names, descriptions, join mode, who may start threads.

use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::activitypub::delivery;
use crate::activitypub::objects::actor::group_to_activitypub;
use crate::db::actors::{self};
use crate::db::follows::{self};
use crate::db::groups::{self, DbGroup, GroupChanges, LocalGroup};
use crate::db::users::Account;
use crate::domain::group::{GroupKind, GroupRole, JoinMode, Translations, parse_group_name, parse_title};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::groups::{local_group, new_group_actor, require_role, translations};
use crate::services::{accounts, outbox};
use crate::state::AppState;

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
    let outcome = conn
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
            let shown_html = crate::domain::text::plain_to_html(&shown_description);
            let profile = actors::ActorChanges {
                display_name: Some(&shown_title),
                summary_source: Some(&shown_description),
                summary: Some(&shown_html),
                manually_approves_followers: Some(!join_mode.is_open()),
                ..actors::ActorChanges::default()
            };
            let actor = actors::change(conn, group_id, &profile).await?;
            groups::log(conn, Some(group_id), editor.actor.id, "edit", None, None, "").await?;
            let updated = LocalGroup {
                group: group_row,
                actor,
            };
            let document = group_to_activitypub(&updated, state);
            outbox::send_profile_update(conn, state, &updated.actor, document).await?;
            Ok(updated)
        })
        .await;
    delivery::wake_after(state, outcome)
}
