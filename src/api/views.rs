//! Rows to Mastodon entities in batches, for every endpoint that returns statuses.

use axum::http::Uri;
use axum::response::Response;
use diesel_async::AsyncPgConnection;

use crate::api::entities::{Account, AccountWarning, Appeal, Status};
use crate::api::pagination::paginated;
use crate::db::actors::DbActor;
use crate::db::moderation::DbWarning;
use crate::db::statuses::DbStatus;
use crate::db::views;
use crate::error::AppResult;
use crate::i18n::Translator;
use crate::state::AppState;

/// The language profile field names are shown in: the instance's.
pub fn translator(state: &AppState) -> Translator {
    state.config.i18n.default_language.translator()
}

pub fn account(state: &AppState, actor: &DbActor) -> Account {
    Account::from_actor(actor, &state.urls(), &translator(state))
}

/// A moderator's decision about `target`, as its owner sees it.
pub fn warning(state: &AppState, warning: &DbWarning, target: &DbActor) -> AccountWarning {
    AccountWarning {
        id: warning.id.to_string(),
        action: warning.action.clone(),
        text: warning.text.clone(),
        status_ids: warning.status_ids.iter().map(i64::to_string).collect(),
        target_account: account(state, target),
        appeal: match (&warning.appeal_text, &warning.appeal_state) {
            (Some(text), Some(state)) => Some(Appeal {
                text: text.clone(),
                state: state.clone(),
            }),
            _ => None,
        },
        created_at: crate::api::entities::timestamp(warning.created_at),
    }
}

/// Statuses as the viewer sees them (favourited, reblogged…), in the given order.
pub async fn statuses(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    viewer: Option<i64>,
    rows: Vec<DbStatus>,
) -> AppResult<Vec<Status>> {
    let tr = translator(state);
    let urls = state.urls();
    Ok(views::statuses(conn, viewer, rows)
        .await?
        .iter()
        .map(|view| Status::from_view(view, &urls, &tr, Some(view.status.actor_id) == viewer))
        .collect())
}

pub async fn status(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    viewer: Option<i64>,
    row: DbStatus,
) -> AppResult<Status> {
    statuses(conn, state, viewer, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or(crate::error::AppError::NotFound)
}

/// One page of accounts, each with the id of the row (follow, block) that pages it.
pub fn account_page<'a>(state: &AppState, uri: &Uri, rows: impl Iterator<Item = (i64, &'a DbActor)>) -> Response {
    let (ids, accounts): (Vec<i64>, Vec<Account>) = rows.map(|(id, a)| (id, account(state, a))).unzip();
    paginated(accounts, &ids, uri, state.config.server.base_url.as_str())
}
