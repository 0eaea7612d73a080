//! "For you": open proposals that need what the person knows, each with why,
//! and setting one aside.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::error::AppResult;
use crate::services::competences;
use crate::state::AppState;
use crate::web::context::{CsrfForm, SignedIn, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{ForYouTemplate, render};
use crate::web::views::SuggestionCard;

/// The first `limit` proposals suggested to the person, as cards.
pub async fn suggestion_cards(state: &AppState, signed_in: &SignedIn, limit: i64) -> AppResult<Vec<SuggestionCard>> {
    let tr = signed_in.viewer.translator();
    Ok(competences::suggestions(state, &signed_in.account, limit)
        .await?
        .into_iter()
        .map(|s| SuggestionCard {
            id: s.proposal.id,
            title: s.proposal.title.clone(),
            short_description: s.proposal.short_description.clone(),
            reasons: s.reasons.iter().map(|r| r.render(&tr)).collect(),
        })
        .collect())
}

/// `GET /for-you`
pub async fn page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let suggestions = suggestion_cards(&state, &signed_in, 20).await?;
    Ok(render(&ForYouTemplate {
        page: signed_in.viewer.page(&state),
        suggestions,
    }))
}

/// `POST /for-you/{id}/dismiss`
pub async fn dismiss(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    competences::dismiss(&state, &signed_in.account, id).await?;
    Ok(redirect_with_flash("/for-you", "flash-suggestion-dismissed"))
}
