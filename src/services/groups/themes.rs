//! Themes: the eight default ones created at first start (from the locale
//! files), the operator's own, and their names, descriptions and retirement.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;

use crate::activitypub::delivery;
use crate::activitypub::objects::actor::group_to_activitypub;
use crate::db::actors::{self, DbActor};
use crate::db::groups::{self, DbGroup, GroupChanges, LocalGroup};
use crate::db::users::Account;
use crate::domain::account::Role;
use crate::domain::group::{
    DEFAULT_THEMES, GroupKind, GroupRole, JoinMode, Translations, parse_group_name, parse_title,
};
use crate::domain::text::plain_to_html;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::groups::{local_group, new_group_actor, require_role, translations};
use crate::services::{accounts, outbox};
use crate::state::AppState;

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
        let created = conn
            .transaction::<_, AppError, _>(async |conn| {
                insert_theme(conn, state, &key, &names, &descriptions, None).await?;
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
    let names = translations(&names);
    conn.transaction::<_, AppError, _>(async |conn| {
        let theme = insert_theme(conn, state, &key, &names, &json!({}), Some(admin.actor.id)).await?;
        groups::log(conn, Some(theme.actor.id), admin.actor.id, "create", None, None, "").await?;
        Ok(theme)
    })
    .await
}

/// Inserts a theme: its actor, named and described in the instance's
/// language, and its group row with every translation.
async fn insert_theme(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    key: &str,
    names: &serde_json::Value,
    descriptions: &serde_json::Value,
    created_by: Option<i64>,
) -> AppResult<LocalGroup> {
    let language = state.config.i18n.default_language;
    let title = Translations::from_json(names).get(language).unwrap_or(key).to_owned();
    let description = plain_to_html(Translations::from_json(descriptions).get(language).unwrap_or_default());
    let actor = new_group_actor(conn, state, key, &title, Some(key), false).await?;
    let actor = actors::update_profile(conn, actor.id, &title, "", &description).await?;
    let row = DbGroup {
        actor_id: actor.id,
        kind: GroupKind::Theme.as_str().into(),
        theme_key: Some(key.to_owned()),
        join_mode: JoinMode::Open.as_str().into(),
        listed: true,
        parent_id: None,
        names: names.clone(),
        descriptions: descriptions.clone(),
        languages: Vec::new(),
        hide_members: false,
        posting_restricted: false,
        retired_at: None,
        created_by,
        created_at: Utc::now(),
    };
    let group = groups::insert(conn, &row).await?;
    Ok(LocalGroup { group, actor })
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
            outbox::send_profile_update(conn, state, &updated.actor, group_to_activitypub(&updated, state)).await?;
            Ok(updated)
        })
        .await?
    };
    delivery::wake(state);
    Ok(updated)
}
