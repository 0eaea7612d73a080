//! Notifications and follow requests.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use diesel_async::AsyncPgConnection;

use crate::db::actors::DbActor;
use crate::db::statuses::{self, Page};
use crate::db::{actors, follows, notifications, views};
use crate::error::{AppError, AppResult};
use crate::services::follows as follow_service;
use crate::state::AppState;
use crate::web::context::{CsrfForm, SignedIn};
use crate::web::forms::EmptyForm;
use crate::web::templates::{FollowRequestsTemplate, NotificationsTemplate, render};
use crate::web::views::{AccountLine, NotificationLine, StatusCard, actor_link, display_name};

/// The actors with these ids, by id.
async fn actors_by_id(conn: &mut AsyncPgConnection, ids: &[i64]) -> AppResult<HashMap<i64, DbActor>> {
    Ok(actors::find_many(conn, ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

pub async fn notifications_page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let me = signed_in.account.actor.id;
    let tr = signed_in.viewer.translator();
    let mut conn = state.db.get().await?;
    let rows = notifications::list(
        &mut conn,
        me,
        &[],
        &[],
        &Page {
            limit: 40,
            ..Page::default()
        },
    )
    .await?;
    crate::services::notifications::mark_all_read(&state, me).await?;
    let pending_requests = follows::count_pending(&mut conn, me).await?;
    let actor_ids: Vec<i64> = rows.iter().map(|n| n.from_actor_id).collect();
    let actors = actors_by_id(&mut conn, &actor_ids).await?;
    let group_ids: Vec<i64> = rows.iter().filter_map(|n| n.group_id).collect();
    let groups = actors_by_id(&mut conn, &group_ids).await?;
    let mut titles: HashMap<i64, String> = HashMap::new();
    for id in rows.iter().filter_map(|n| n.proposal_id) {
        if !titles.contains_key(&id)
            && let Some(proposal) = crate::db::proposals::find(&mut conn, id).await?
        {
            titles.insert(id, proposal.title);
        }
    }
    let status_ids: Vec<i64> = rows.iter().filter_map(|n| n.status_id).collect();
    let status_rows = statuses::find_many_live(&mut conn, &status_ids).await?;
    let cards: HashMap<i64, StatusCard> = views::statuses(&mut conn, Some(me), status_rows)
        .await?
        .iter()
        .map(|v| (v.status.id, StatusCard::from_view(v, &state, &tr, Some(me))))
        .collect();
    let items = rows
        .iter()
        .filter_map(|n| {
            let actor = actors.get(&n.from_actor_id)?;
            let key = match n.kind.as_str() {
                "follow" => "notification-follow",
                "follow_request" => "notification-follow-request",
                "mention" => "notification-mention",
                "reblog" => "notification-reblog",
                "favourite" => "notification-favourite",
                "update" => "notification-update",
                "group_invitation" => "notification-group-invitation",
                "group_request" => "notification-group-request",
                "proposal_submitted" => "notification-proposal-submitted",
                "proposal_published" => "notification-proposal-published",
                "proposal_sent_back" => "notification-proposal-sent-back",
                "proposal_new" => "notification-proposal-new",
                "proposal_completed" => "notification-proposal-completed",
                "proposal_expired" => "notification-proposal-expired",
                "interest_received" => "notification-interest-received",
                "interest_accepted" => "notification-interest-accepted",
                "interest_declined" => "notification-interest-declined",
                "interest_withdrawn" => "notification-interest-withdrawn",
                "moderation_warning" => "notification-moderation-warning",
                "report_resolved" => "notification-report-resolved",
                _ => "notification-other",
            };
            let target = match (n.group_id.and_then(|id| groups.get(&id)), n.proposal_id) {
                (Some(g), _) => Some((display_name(g), actor_link(g))),
                (None, Some(id)) => titles.get(&id).map(|title| (title.clone(), format!("/proposals/{id}"))),
                (None, None) if n.warning_id.is_some() => {
                    Some((tr.t("settings-moderation"), "/settings/moderation".to_owned()))
                }
                (None, None) => None,
            };
            Some(NotificationLine {
                actor_name: display_name(actor),
                actor_link: actor_link(actor),
                text: tr.t(key),
                target,
                when: n.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                status: n.status_id.and_then(|id| cards.get(&id).cloned()),
            })
        })
        .collect();
    Ok(render(&NotificationsTemplate {
        page: signed_in.viewer.page(&state),
        items,
        pending_requests,
    }))
}

pub async fn follow_requests(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = follows::listing(
        &mut conn,
        follows::Listing::Requests,
        signed_in.account.actor.id,
        None,
        100,
    )
    .await?;
    Ok(render(&FollowRequestsTemplate {
        page: signed_in.viewer.page(&state),
        requests: rows.iter().map(|(_, a)| AccountLine::new(a)).collect(),
    }))
}

pub async fn decide_request(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((follower_id, decision)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let follower = actors::find(&mut conn, follower_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    match decision.as_str() {
        "authorize" => follow_service::authorize(&state, &signed_in.account.actor, &follower).await?,
        "reject" => follow_service::reject(&state, &signed_in.account.actor, &follower).await?,
        _ => return Err(AppError::NotFound),
    }
    Ok(Redirect::to("/follow_requests").into_response())
}
