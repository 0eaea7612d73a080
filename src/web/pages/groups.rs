//! Themes and communities: the directory, a group's page with its discussions
//! and news, its members, creating a community, and the managers' and
//! moderators' page (settings, requests, invitations, roles, bans, log).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::actors::{self, DbActor};
use crate::db::group_posts::GroupSection;
use crate::db::groups::{self, LocalGroup};
use crate::db::statuses::{Page, Viewer as Seen};
use crate::db::{follows, views};
use crate::domain::group::{GroupKind, GroupRole, Translations};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::groups::{self as group_service, GroupEdit, NewCommunity, PostAction};
use crate::state::AppState;
use crate::state::FedData;
use crate::web::context::{CsrfForm, SignedIn, Viewer, handle, redirect_with_flash};
use crate::web::templates::{
    ComposeForm, FormErrors, GroupDirectoryTemplate, GroupManageTemplate, GroupMembersTemplate, GroupNewTemplate,
    GroupTemplate, render, render_with_status,
};
use crate::web::views::{AccountLine, DirectoryEntry, GroupView, LogLine, RelationView, StatusCard};

const PAGE_SIZE: i64 = 20;

fn viewer_id(viewer: &Viewer) -> Option<i64> {
    viewer.account.as_ref().map(|a| a.actor.id)
}

/// `/themes`: the themes, the listed communities, and the groups elsewhere
/// that people here follow.
pub async fn directory(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let tr = viewer.translator();
    let mut conn = state.db.get().await?;
    let local = groups::list_local(&mut conn, false, false).await?;
    let remote = groups::followed_remote(&mut conn).await?;
    let ids: Vec<i64> = local
        .iter()
        .map(|g| g.actor.id)
        .chain(remote.iter().map(|a| a.id))
        .collect();
    let relations = match viewer_id(&viewer) {
        Some(me) => follows::between(&mut conn, me, &ids).await?,
        None => Vec::new(),
    };
    let me = viewer_id(&viewer);
    let entry = |group: GroupView| {
        let mine = relations
            .iter()
            .find(|f| Some(f.follower_id) == me && f.followed_id == group.id);
        DirectoryEntry {
            member: mine.is_some_and(|f| f.is_accepted()),
            requested: mine.is_some_and(|f| !f.is_accepted()),
            group,
        }
    };
    let (themes, communities): (Vec<_>, Vec<_>) = local
        .iter()
        .map(|g| entry(GroupView::local(g, &state, &tr, viewer.language)))
        .partition(|e| e.group.theme);
    let elsewhere = remote
        .iter()
        .map(|a| entry(GroupView::remote(a, &state, &tr)))
        .collect();
    Ok(render(&GroupDirectoryTemplate {
        page: viewer.page(&state),
        themes,
        communities,
        elsewhere,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupQuery {
    pub max_id: Option<i64>,
    pub section: Option<String>,
    pub lang: Option<String>,
}

/// A theme's or community's page: what it is, joining, its threads (pinned
/// first) or its news, in one language or all, and a form to post in it.
pub async fn group_page(data: &FedData, viewer: &Viewer, actor: DbActor, query: GroupQuery) -> AppResult<Response> {
    let tr = viewer.translator();
    let me = viewer_id(viewer);
    let seen = me.map_or(Seen::Anonymous, Seen::Actor);
    let mut conn = data.db.get().await?;
    let local = if actor.is_local() {
        groups::find(&mut conn, actor.id).await?
    } else {
        None
    };
    let role = match (&local, &viewer.account) {
        (Some(group), Some(account)) => group_service::role_in(&mut conn, group, &account.actor).await?,
        _ => None,
    };
    let relation = match me {
        Some(me) => {
            let between = follows::between(&mut conn, me, &[actor.id]).await?;
            let mine = between.iter().find(|f| f.follower_id == me);
            RelationView {
                following: mine.is_some_and(|f| f.is_accepted()),
                requested: mine.is_some_and(|f| !f.is_accepted()),
                ..RelationView::default()
            }
        }
        None => RelationView::default(),
    };
    let section = match query.section.as_deref() {
        Some("news") => GroupSection::News,
        _ => GroupSection::Discussions,
    };
    let language = query.lang.as_deref().and_then(Language::from_code);
    let page = Page {
        max_id: query.max_id,
        limit: PAGE_SIZE,
        ..Page::default()
    };
    let rows = crate::db::group_posts::in_group(
        &mut conn,
        seen,
        actor.id,
        section,
        language.map(Language::code),
        local.is_some(),
        &page,
    )
    .await?;
    let posts = crate::db::group_posts::count_in_group(&mut conn, actor.id).await?;
    let staff = role.is_some_and(GroupRole::can_moderate);
    let members_visible = local.as_ref().is_none_or(|g| !g.group.hide_members) || role.is_some();
    let base = format!(
        "/@{}?section={}{}",
        actor.acct(),
        if section == GroupSection::News {
            "news"
        } else {
            "discussions"
        },
        language.map(|l| format!("&lang={}", l.code())).unwrap_or_default()
    );
    let older = (rows.len() as i64 == PAGE_SIZE)
        .then(|| rows.last().map(|s| format!("{base}&max_id={}", s.id)))
        .flatten();
    let statuses = views::statuses(&mut conn, me, rows)
        .await?
        .iter()
        .map(|v| StatusCard::from_view(v, data, &tr, me).with_moderation(staff))
        .collect();
    // Its open proposals: the latest few, with the count, linking to the full list.
    let open_proposals = crate::db::proposals::count_open(&mut conn, actor.id).await?;
    let latest = crate::db::proposals::list(
        &mut conn,
        &crate::db::proposals::Filter {
            group_id: Some(actor.id),
            ..Default::default()
        },
        &Page {
            limit: 3,
            ..Page::default()
        },
    )
    .await?;
    let proposals = crate::web::pages::proposals::cards(&mut conn, data, &latest, viewer).await?;
    drop(conn);
    let group = match &local {
        Some(local) => GroupView::local(local, data, &tr, viewer.language),
        None => GroupView::remote(&actor, data, &tr),
    };
    let retired = group.retired;
    let compose = viewer
        .account
        .as_ref()
        .filter(|_| !retired && (section == GroupSection::Discussions || staff))
        .map(|_| ComposeForm {
            group_id: Some(actor.id),
            news: section == GroupSection::News,
            in_group: true,
            ..ComposeForm::default()
        });
    Ok(render(&GroupTemplate {
        page: viewer.page(data),
        group,
        relation,
        staff,
        members_visible,
        posts,
        news: section == GroupSection::News,
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), Some(*l) == language))
            .collect(),
        compose,
        statuses,
        older,
        open_proposals,
        proposals,
    }))
}

/// A local group by the handle in the address, or 404.
async fn local_by_acct(state: &AppState, acct: &str) -> AppResult<LocalGroup> {
    let name = acct.trim_start_matches('@');
    let name = name
        .strip_suffix(&format!("@{}", state.config.server.domain))
        .unwrap_or(name);
    let mut conn = state.db.get().await?;
    let actor = actors::find_local_by_username(&mut conn, name)
        .await?
        .filter(|a| a.actor_type == "Group")
        .ok_or(AppError::NotFound)?;
    groups::find(&mut conn, actor.id).await?.ok_or(AppError::NotFound)
}

/// `/@name/members`: who is in a group (managers and moderators first), unless
/// the group keeps its members to itself.
pub async fn members(State(state): State<AppState>, viewer: Viewer, Path(acct): Path<String>) -> AppResult<Response> {
    let group = local_by_acct(&state, handle(&acct)?).await?;
    let tr = viewer.translator();
    let mut conn = state.db.get().await?;
    let role = match &viewer.account {
        Some(account) => group_service::role_in(&mut conn, &group, &account.actor).await?,
        None => None,
    };
    if group.group.hide_members && role.is_none() {
        return Err(AppError::forbidden("error-group-members-hidden"));
    }
    let staff = groups::staff(&mut conn, group.actor.id).await?;
    let members = follows::listing(&mut conn, follows::Listing::Followers, group.actor.id, None, 500).await?;
    drop(conn);
    let staff_lines: Vec<(AccountLine, String)> = staff
        .iter()
        .map(|(role, actor)| {
            (
                AccountLine::new(actor),
                tr.t(if role == "manager" {
                    "group-role-manager"
                } else {
                    "group-role-moderator"
                }),
            )
        })
        .collect();
    let member_lines = members
        .iter()
        .filter(|(_, a)| !staff.iter().any(|(_, s)| s.id == a.id))
        .map(|(_, a)| AccountLine::new(a))
        .collect();
    Ok(render(&GroupMembersTemplate {
        page: viewer.page(&state),
        group: GroupView::local(&group, &state, &tr, viewer.language),
        staff: staff_lines,
        members: member_lines,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewCommunityForm {
    name: String,
    title: String,
    description: String,
    join_mode: String,
    listed: Option<String>,
    parent: Option<i64>,
    languages: Vec<String>,
}

async fn theme_choices(state: &AppState, viewer: &Viewer) -> AppResult<Vec<(i64, String)>> {
    let tr = viewer.translator();
    let mut conn = state.db.get().await?;
    Ok(groups::list_local(&mut conn, false, false)
        .await?
        .iter()
        .filter(|g| g.group.kind == GroupKind::Theme.as_str())
        .map(|g| {
            let view = GroupView::local(g, state, &tr, viewer.language);
            (view.id, view.name)
        })
        .collect())
}

/// Every language, with whether it is among `chosen`: the choices of a group's
/// languages.
fn language_choices(chosen: &[String]) -> Vec<(&'static str, &'static str, bool)> {
    Language::ALL
        .iter()
        .map(|l| (l.code(), l.native_name(), chosen.iter().any(|c| c == l.code())))
        .collect()
}

/// `/groups/new`: the form to create a community.
pub async fn new_form(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let community = NewCommunity {
        join_mode: "open".into(),
        listed: true,
        ..NewCommunity::default()
    };
    new_page(&state, &signed_in, community, FormErrors::default(), StatusCode::OK).await
}

/// The form to create a community, filled in with `community`.
async fn new_page(
    state: &AppState,
    signed_in: &SignedIn,
    community: NewCommunity,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let themes = theme_choices(state, &signed_in.viewer).await?;
    let languages = language_choices(&community.languages);
    Ok(render_with_status(
        status,
        &GroupNewTemplate {
            page: signed_in.viewer.page(state),
            errors,
            community,
            themes,
            languages,
        },
    ))
}

/// Creates a community; its creator manages it.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<NewCommunityForm>,
) -> AppResult<Response> {
    let community = NewCommunity {
        name: form.name,
        title: form.title,
        description: form.description,
        join_mode: form.join_mode,
        listed: form.listed.is_some(),
        parent: form.parent,
        languages: form.languages,
    };
    match group_service::create_community(&state, &signed_in.account, community.clone()).await {
        Ok(group) => Ok(redirect_with_flash(
            &format!("/@{}", group.actor.username),
            "flash-group-created",
        )),
        Err(AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &signed_in.viewer.translator());
            new_page(&state, &signed_in, community, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}

/// `/@name/manage`: for the group's managers and moderators.
pub async fn manage(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(acct): Path<String>,
) -> AppResult<Response> {
    manage_page(
        &state,
        &signed_in,
        handle(&acct)?,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn manage_page(
    state: &AppState,
    signed_in: &SignedIn,
    acct: &str,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let group = local_by_acct(state, acct).await?;
    let viewer = &signed_in.viewer;
    let tr = viewer.translator();
    let mut conn = state.db.get().await?;
    let role = group_service::role_in(&mut conn, &group, &signed_in.account.actor).await?;
    if !role.is_some_and(GroupRole::can_moderate) {
        return Err(AppError::forbidden("error-group-not-allowed"));
    }
    let requests = follows::listing(&mut conn, follows::Listing::Requests, group.actor.id, None, 200).await?;
    let invitations = groups::invitations(&mut conn, group.actor.id).await?;
    let bans = groups::bans(&mut conn, group.actor.id).await?;
    let staff = groups::staff(&mut conn, group.actor.id).await?;
    let entries = groups::log_entries(&mut conn, group.actor.id, 100).await?;
    let mut people: Vec<i64> = entries
        .iter()
        .flat_map(|e| [e.moderator_id, e.target_actor_id])
        .flatten()
        .collect();
    people.sort_unstable();
    people.dedup();
    let known = actors::find_many(&mut conn, &people).await?;
    drop(conn);
    let name_of = |id: Option<i64>| {
        id.and_then(|id| known.iter().find(|a| a.id == id))
            .map(|a| format!("@{}", a.acct()))
            .unwrap_or_default()
    };
    let log = entries
        .iter()
        .map(|e| LogLine {
            when: e.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            moderator: name_of(e.moderator_id),
            action: tr.t(&format!("group-log-{}", e.action.replace([':', '_'], "-"))),
            target: name_of(e.target_actor_id),
            reason: e.reason.clone(),
        })
        .collect();
    let names = Translations::from_json(&group.group.names);
    let descriptions = Translations::from_json(&group.group.descriptions);
    let manager = role == Some(GroupRole::Manager);
    let settings = GroupEdit {
        title: names.get(viewer.language).unwrap_or_default().to_owned(),
        description: descriptions.get(viewer.language).unwrap_or_default().to_owned(),
        join_mode: group.group.join_mode.clone(),
        listed: group.group.listed,
        hide_members: group.group.hide_members,
        posting_restricted: group.group.posting_restricted,
        languages: group.group.languages.iter().flatten().cloned().collect(),
    };
    Ok(render_with_status(
        status,
        &GroupManageTemplate {
            page: viewer.page(state),
            group: GroupView::local(&group, state, &tr, viewer.language),
            errors,
            manager,
            languages: language_choices(&settings.languages),
            settings,
            requests: requests.iter().map(|(_, a)| AccountLine::new(a)).collect(),
            invitations: invitations.iter().map(AccountLine::new).collect(),
            bans: bans
                .iter()
                .map(|(reason, a)| (AccountLine::new(a), reason.clone()))
                .collect(),
            staff: staff
                .iter()
                .map(|(role, a)| {
                    (
                        AccountLine::new(a),
                        tr.t(if role == "manager" {
                            "group-role-manager"
                        } else {
                            "group-role-moderator"
                        }),
                    )
                })
                .collect(),
            log,
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ManageForm {
    // Settings.
    title: String,
    description: String,
    join_mode: String,
    listed: Option<String>,
    hide_members: Option<String>,
    posting_restricted: Option<String>,
    languages: Vec<String>,
    // About someone.
    account_id: Option<i64>,
    handle: String,
    role: String,
    reason: String,
}

/// The forms of the manage page.
pub async fn manage_action(
    data: FedData,
    signed_in: SignedIn,
    Path((acct, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ManageForm>,
) -> AppResult<Response> {
    let group = local_by_acct(&data, &acct).await?;
    let me = &signed_in.account.actor;
    let back = format!("/@{}/manage", group.actor.username);
    let target = async |conn_state: &FedData| -> AppResult<DbActor> {
        if let Some(id) = form.account_id {
            let mut conn = conn_state.db.get().await?;
            return actors::find(&mut conn, id).await?.ok_or(AppError::NotFound);
        }
        let handle = form.handle.trim().trim_start_matches('@');
        if handle.is_empty() {
            return Err(AppError::bad_request("error-group-handle-needed"));
        }
        crate::services::lookup::actor_by_handle(conn_state, handle).await
    };
    let result: AppResult<&'static str> = match action.as_str() {
        "edit" => {
            let edit = GroupEdit {
                title: form.title.clone(),
                description: form.description.clone(),
                join_mode: form.join_mode.clone(),
                listed: form.listed.is_some(),
                hide_members: form.hide_members.is_some(),
                posting_restricted: form.posting_restricted.is_some(),
                languages: form.languages.clone(),
            };
            group_service::update_group(&data, &signed_in.account, group.actor.id, edit)
                .await
                .map(|_| "flash-group-saved")
        }
        "approve" | "reject" => match target(&data).await {
            Ok(member) => group_service::decide_request(&data, me, group.actor.id, &member, action == "approve")
                .await
                .map(|()| "flash-group-saved"),
            Err(e) => Err(e),
        },
        "invite" => match target(&data).await {
            Ok(invitee) => group_service::invite(&data, me, group.actor.id, &invitee)
                .await
                .map(|()| "flash-group-invited"),
            Err(e) => Err(e),
        },
        "ban" => match target(&data).await {
            Ok(member) => group_service::ban(&data, me, group.actor.id, &member, &form.reason)
                .await
                .map(|()| "flash-group-saved"),
            Err(e) => Err(e),
        },
        "unban" => match target(&data).await {
            Ok(member) => group_service::unban(&data, me, group.actor.id, &member)
                .await
                .map(|()| "flash-group-saved"),
            Err(e) => Err(e),
        },
        "role" => match target(&data).await {
            Ok(member) => {
                let role = GroupRole::parse(&form.role);
                group_service::set_role(&data, me, group.actor.id, &member, role)
                    .await
                    .map(|()| "flash-group-saved")
            }
            Err(e) => Err(e),
        },
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok(flash) => Ok(redirect_with_flash(&back, flash)),
        Err(AppError::Validation(errors)) => {
            let tr = signed_in.viewer.translator();
            manage_page(
                &data,
                &signed_in,
                &acct,
                FormErrors::new(&errors, &tr),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error @ (AppError::BadRequest(_) | AppError::Forbidden(_) | AppError::NotFound | AppError::Remote(_)))
            if action != "edit" =>
        {
            let tr = signed_in.viewer.translator();
            let message = match &error {
                AppError::BadRequest(message) | AppError::Forbidden(message) => message.render(&tr),
                _ => tr.t("error-group-account-unknown"),
            };
            manage_page(
                &data,
                &signed_in,
                &acct,
                FormErrors::general(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// The moderation buttons on a post: remove, lock, unlock, pin, unpin.
pub async fn moderate(
    state: &AppState,
    signed_in: &SignedIn,
    status_id: i64,
    action: &str,
    next: &str,
) -> AppResult<Response> {
    let action = PostAction::parse(action).ok_or(AppError::NotFound)?;
    group_service::moderate(state, &signed_in.account.actor, status_id, action, "").await?;
    Ok(Redirect::to(next).into_response())
}
