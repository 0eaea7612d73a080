//! The home page: what this instance is, for visitors and members.

use axum::extract::State;
use axum::response::Response;

use crate::db::users;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::context::Viewer;
use crate::web::templates::{HomeTemplate, render};

pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Query(query): axum::extract::Query<crate::web::pages::social::ListQuery>,
) -> AppResult<Response> {
    if let Some(account) = viewer.account.clone() {
        let signed_in = crate::web::context::SignedIn { viewer, account };
        return crate::web::pages::social::home_timeline(&state, &signed_in, &query).await;
    }
    let mut conn = state.db.get().await?;
    let users = users::count(&mut conn).await?;
    Ok(render(&HomeTemplate {
        page: viewer.page(&state),
        description: state.config.server.instance_description.clone(),
        domain: state.config.server.domain.clone(),
        users,
    }))
}
