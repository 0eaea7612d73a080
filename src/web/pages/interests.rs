//! Pages of expressions of interest: one's own (`/interests`), their
//! actions (send, withdraw, accept, decline), and files added to a draft
//! proposal or interest, after which the proposal's page is shown again.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::db::attachments::Owner;
use crate::db::proposals::{self};
use crate::error::{AppError, AppResult};
use crate::services::attachments as attachment_service;
use crate::services::proposals::{self as service};
use crate::state::AppState;
use crate::state::FedData;
use crate::web::context::{CsrfForm, CsrfMultipart, SignedIn, redirect_with_flash};
use crate::web::forms::InterestForm;
use crate::web::pages::proposals::proposal_page;
use crate::web::templates::{FormErrors, InterestsTemplate, render};
use crate::web::views::interest_line;

/// Re-renders the proposal page after a refused upload or removal, with the
/// reason beside the upload form; anything else is the error page.
async fn after_file_change(
    state: &AppState,
    signed_in: &SignedIn,
    proposal_id: i64,
    outcome: AppResult<&'static str>,
) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let (errors, status) = match outcome {
        Ok(flash) => return Ok(redirect_with_flash(&format!("/proposals/{proposal_id}"), flash)),
        Err(AppError::Validation(fields)) => (FormErrors::new(&fields, &tr), StatusCode::UNPROCESSABLE_ENTITY),
        Err(error @ (AppError::Conflict(_) | AppError::PayloadTooLarge)) => {
            (FormErrors::general(error.public_message().render(&tr)), error.status())
        }
        Err(other) => return Err(other),
    };
    proposal_page(
        state,
        &signed_in.viewer,
        proposal_id,
        InterestForm::default(),
        errors,
        status,
    )
    .await
}

/// `POST /proposals/{id}/attachments`: a file for the author's draft.
pub async fn attach_to_proposal(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfMultipart(form): CsrfMultipart,
) -> AppResult<Response> {
    let upload = form.file.unwrap_or_default();
    let outcome = attachment_service::attach(&state, &signed_in.account, Owner::Proposal(id), upload)
        .await
        .map(|_| "flash-attachment-added");
    after_file_change(&state, &signed_in, id, outcome).await
}

/// `POST /interests/{id}/attachments`: a file for the sender's draft interest.
pub async fn attach_to_interest(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfMultipart(form): CsrfMultipart,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let (interest, _) = service::interest_for(&mut conn, &signed_in.account, id).await?;
    drop(conn);
    let upload = form.file.unwrap_or_default();
    let outcome = attachment_service::attach(&state, &signed_in.account, Owner::Interest(id), upload)
        .await
        .map(|_| "flash-attachment-added");
    after_file_change(&state, &signed_in, interest.proposal_id, outcome).await
}

/// `POST /attachments/{id}/delete`: removes a file from a draft.
pub async fn remove_attachment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let removed = attachment_service::remove(&state, &signed_in.account, id).await?;
    let proposal_id = match attachment_service::owner_of(&removed) {
        Some(Owner::Proposal(id)) => id,
        Some(Owner::Interest(id)) => {
            let mut conn = state.db.get().await?;
            proposals::find_interest(&mut conn, id)
                .await?
                .map(|i| i.proposal_id)
                .ok_or(AppError::NotFound)?
        }
        Some(Owner::Status(_)) | None => return Err(AppError::NotFound),
    };
    Ok(redirect_with_flash(
        &format!("/proposals/{proposal_id}"),
        "flash-attachment-removed",
    ))
}

/// `POST /interests/{id}/{action}`: accept, decline (the author), send, withdraw (the sender).
pub async fn interest_action(
    data: FedData,
    signed_in: SignedIn,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let account = &signed_in.account;
    let interest = match action.as_str() {
        "accept" => service::decide(&data, account, id, true).await?,
        "decline" => service::decide(&data, account, id, false).await?,
        "send" => service::send_draft(&data, account, id).await?,
        "withdraw" => service::withdraw(&data, account, id).await?,
        _ => return Err(AppError::NotFound),
    };
    let flash = match action.as_str() {
        "accept" => "flash-interest-accepted",
        "decline" => "flash-interest-declined",
        "send" => "flash-interest-sent",
        _ => "flash-interest-withdrawn",
    };
    Ok(redirect_with_flash(
        &format!("/proposals/{}", interest.proposal_id),
        flash,
    ))
}

/// `/interests`: the caller's expressions of interest.
pub async fn my_interests(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let mut conn = state.db.get().await?;
    let rows = proposals::sent_by(&mut conn, signed_in.account.actor.id).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for interest in &rows {
        let mut line = interest_line(&tr, interest, &signed_in.account.actor);
        if let Some(proposal) = proposals::find(&mut conn, interest.proposal_id).await? {
            line.proposal_title = proposal.title;
        }
        lines.push(line);
    }
    Ok(render(&InterestsTemplate {
        page: signed_in.viewer.page(&state),
        lines,
    }))
}
