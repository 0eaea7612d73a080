//! Fucina's endpoints for proposals and expressions of interest
//! (`/api/fucina/v1/proposals`, `/api/fucina/v1/interests`). A proposal from
//! another instance has a local id like any other; `GET
//! /api/fucina/v1/statuses/{id}/proposal` finds it from the status that
//! `/api/v2/search?resolve=true` returned. Interests are answered only to
//! their sender, the proposal's author and facilitators; to anyone else they
//! do not exist (404).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::{Account, timestamp};
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::actors::DbActor;
use crate::db::attachments::{DbAttachment, Owner};
use crate::db::proposals::{self, DbProposal, Filter};
use crate::db::users::Account as UserAccount;
use crate::domain::proposal::{ProposalInput, ProposalTexts};
use crate::error::{AppError, AppResult};
use crate::services::attachments as attachment_service;
use crate::services::proposals::{self as service, ResultsInput};
use crate::state::AppState;
use crate::state::FedData;

/// A theme or community a proposal belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalGroup {
    pub id: String,
    pub acct: String,
    pub display_name: String,
}

/// The viewer's own interest in a proposal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OwnInterest {
    pub id: String,
    pub state: String,
}

/// A file attached to a proposal or an interest.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attachment {
    pub id: String,
    pub file_name: String,
    /// Its media type, e.g. `application/pdf`.
    pub content_type: String,
    /// Its size in bytes (0 when it lives on another server).
    pub size: i64,
    pub description: String,
    /// Where it can be downloaded: here, or on the server it comes from.
    pub url: String,
    /// Whether the file lives on another server.
    pub remote: bool,
}

pub(crate) fn attachment_entity(state: &AppState, file: &DbAttachment) -> Attachment {
    Attachment {
        id: file.id.to_string(),
        file_name: file.file_name.clone(),
        content_type: file.content_type.split(';').next().unwrap_or_default().to_string(),
        size: file.size_bytes,
        description: file.description.clone(),
        url: attachment_service::url_of(&state.config, file),
        remote: file.key.is_none(),
    }
}

/// A collaborative proposal, here or on another instance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Proposal {
    pub id: String,
    /// The published `Page` as a status (null while a draft).
    pub status_id: Option<String>,
    pub uri: Option<String>,
    pub url: Option<String>,
    /// `draft`, `submitted`, `open`, `closed`, `expired` or `completed`.
    pub state: String,
    pub local: bool,
    /// The instance it comes from.
    pub instance: String,
    #[serde(flatten)]
    pub texts: ProposalTexts,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: Vec<String>,
    pub foreign_partners: bool,
    pub competences: Vec<String>,
    pub expires_at: Option<String>,
    pub author: Account,
    pub groups: Vec<ProposalGroup>,
    /// The accepted partners who agreed to be listed.
    pub team: Vec<Account>,
    pub team_group_id: Option<String>,
    pub results_status_id: Option<String>,
    /// A facilitator's reason for sending it back: for the author and facilitators only.
    pub review_note: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    /// The viewer's interest, if they expressed one.
    pub interest: Option<OwnInterest>,
    /// Its files (up to five).
    pub attachments: Vec<Attachment>,
}

pub(crate) fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// Who reads: proposals, with their drafts and interests, are read with `read:statuses`.
fn viewer_of(token: &MaybeToken) -> AppResult<Option<&UserAccount>> {
    token.reader(&["read:statuses"])
}

async fn proposal_entity(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    proposal: &DbProposal,
    viewer: Option<&UserAccount>,
) -> AppResult<Proposal> {
    let related = proposals::related(conn, std::slice::from_ref(proposal), viewer.map(|v| v.actor.id)).await?;
    entity_from(state, proposal, &related, viewer)
}

/// Many proposals, with what they show loaded once for all of them.
pub(crate) async fn proposal_entities(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    rows: &[DbProposal],
    viewer: Option<&UserAccount>,
) -> AppResult<Vec<Proposal>> {
    let related = proposals::related(conn, rows, viewer.map(|v| v.actor.id)).await?;
    rows.iter()
        .map(|row| entity_from(state, row, &related, viewer))
        .collect()
}

fn entity_from(
    state: &AppState,
    proposal: &DbProposal,
    related: &proposals::Related,
    viewer: Option<&UserAccount>,
) -> AppResult<Proposal> {
    let author = related.authors.get(&proposal.author_id).ok_or(AppError::NotFound)?;
    let status = proposal.status_id.and_then(|id| related.statuses.get(&id));
    let groups = related.groups.get(&proposal.id).map(Vec::as_slice).unwrap_or_default();
    let team = related.teams.get(&proposal.id).map(Vec::as_slice).unwrap_or_default();
    let interest = related.own.get(&proposal.id);
    let sees_review = viewer.is_some_and(|v| v.actor.id == proposal.author_id || service::facilitates(v));
    let account = |actor: &DbActor| views::account(state, actor);
    Ok(Proposal {
        id: proposal.id.to_string(),
        status_id: status.map(|s| s.id.to_string()),
        uri: status.map(|s| s.ap_id.clone()),
        url: match proposal.local {
            true => Some(state.urls().absolute(&format!("/proposals/{}", proposal.id))),
            false => status.and_then(|s| s.url.clone().or_else(|| Some(s.ap_id.clone()))),
        },
        state: proposal.state.as_str().to_owned(),
        local: proposal.local,
        instance: author
            .domain
            .clone()
            .unwrap_or_else(|| state.config.server.domain.clone()),
        texts: proposal.texts(),
        kind: proposal.kind.clone(),
        stage: proposal.stage.clone(),
        ip: proposal.ip.clone(),
        languages: proposal.language_list(),
        foreign_partners: proposal.foreign_partners,
        competences: proposal.competence_list(),
        expires_at: proposal.expires_at.map(timestamp),
        author: account(author),
        groups: groups
            .iter()
            .map(|g| ProposalGroup {
                id: g.id.to_string(),
                acct: g.acct(),
                display_name: g.display_name.clone(),
            })
            .collect(),
        team: team.iter().map(account).collect(),
        team_group_id: proposal.team_group_id.map(|i| i.to_string()),
        results_status_id: proposal.results_status_id.map(|i| i.to_string()),
        review_note: sees_review.then(|| proposal.review_note.clone()),
        created_at: timestamp(proposal.created_at),
        published_at: proposal.published_at.map(timestamp),
        closed_at: proposal.closed_at.map(timestamp),
        interest: interest.map(|i| OwnInterest {
            id: i.id.to_string(),
            state: i.state.as_str().to_owned(),
        }),
        attachments: related
            .attachments
            .get(&proposal.id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|file| attachment_entity(state, file))
            .collect(),
    })
}

async fn one(state: &AppState, proposal: &DbProposal, viewer: Option<&UserAccount>) -> AppResult<Json<Proposal>> {
    let mut conn = state.db.get().await?;
    Ok(Json(proposal_entity(&mut conn, state, proposal, viewer).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ProposalParams {
    /// The title (200 characters at most), the short description (400), the
    /// description, innovation, contribution and contact.
    #[serde(flatten)]
    texts: ProposalTexts,
    /// `technology_offer`, `technology_request`, `business_offer`, `business_request`,
    /// `rd_cooperation`, `research`, `technical_collaboration`, `licence_agreement`,
    /// `joint_venture` or `subcontracting`.
    kind: String,
    /// `idea`, `lab_tested`, `demonstrable` or `on_market`.
    stage: String,
    /// `secret`, `patent_pending`, `patent_granted` or `none`.
    ip: String,
    /// Language codes.
    #[serde(deserialize_with = "lenient::string_or_list")]
    languages: Vec<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    foreign_partners: Option<bool>,
    /// Sought competences (tags).
    #[serde(deserialize_with = "lenient::string_or_list")]
    competences: Vec<String>,
    /// A date or an RFC 3339 time.
    expires_at: Option<String>,
    /// The themes and communities (their account ids).
    #[serde(deserialize_with = "lenient::string_or_list")]
    group_ids: Vec<String>,
    /// Submit at once (create only).
    #[serde(deserialize_with = "lenient::opt_bool")]
    submit: Option<bool>,
}

impl ProposalParams {
    /// The input, or every problem at once when the expiry does not parse.
    fn input(&self) -> AppResult<ProposalInput> {
        let input = ProposalInput {
            texts: self.texts.clone(),
            kind: self.kind.clone(),
            stage: self.stage.clone(),
            ip: self.ip.clone(),
            languages: self.languages.clone(),
            foreign_partners: self.foreign_partners.unwrap_or(true),
            competences: self.competences.clone(),
            expires_at: None,
            groups: self
                .group_ids
                .iter()
                .flat_map(|g| g.split(','))
                .filter_map(|g| g.trim().parse().ok())
                .collect(),
        };
        input
            .expiring(self.expires_at.as_deref().unwrap_or_default())
            .map_err(AppError::Validation)
    }
}

/// Creates a draft (or, with `submit`, submits it at once).
#[utoipa::path(post, path = "/api/fucina/v1/proposals", tag = "fucina", request_body = ProposalParams,
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 422, description = "Invalid fields, each with its reason")))]
pub async fn create(data: FedData, token: Token, Params(params): Params<ProposalParams>) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let mut proposal = service::create(&data, account, params.input()?).await?;
    if params.submit == Some(true) {
        proposal = service::submit(&data, account, proposal.id).await?;
    }
    one(&data, &proposal, Some(account)).await
}

/// Changes a draft.
#[utoipa::path(put, path = "/api/fucina/v1/proposals/{id}", tag = "fucina", params(("id" = String, Path)),
    request_body = ProposalParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 409, description = "Not a draft"), (status = 422, description = "Invalid fields")))]
pub async fn update(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<ProposalParams>,
) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::edit(&state, account, parse_id(&id)?, params.input()?).await?;
    one(&state, &proposal, Some(account)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    #[serde(flatten)]
    page: PageParams,
    group_id: Option<String>,
    kind: Option<String>,
    stage: Option<String>,
    state: Option<String>,
    language: Option<String>,
    competence: Option<String>,
    /// `local` or a domain.
    instance: Option<String>,
    author_id: Option<String>,
    /// Words to find; results are then best first, paged by `offset`.
    q: Option<String>,
    #[serde(deserialize_with = "crate::api::params::lenient::opt_i64")]
    offset: Option<i64>,
}

fn filter_of(query: &ListQuery) -> Filter {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    Filter {
        group_id: text(&query.group_id).and_then(|g| g.parse().ok()),
        kind: text(&query.kind),
        stage: text(&query.stage),
        // Only published states are listed.
        state: text(&query.state).filter(|s| matches!(s.as_str(), "open" | "closed" | "expired" | "completed")),
        language: text(&query.language).map(|l| l.to_ascii_lowercase()),
        competence: text(&query.competence).map(|c| crate::domain::proposal::normalize_competence(&c)),
        instance: text(&query.instance),
        author_id: text(&query.author_id).and_then(|a| a.parse().ok()),
        q: text(&query.q),
        offset: query.offset.unwrap_or(0),
    }
}

/// Published proposals, newest first, by theme or community, kind, stage,
/// state (open by default), language, sought competence, instance or author;
/// with `q`, those with its words (Italian or English, any inflection), best first.
#[utoipa::path(get, path = "/api/fucina/v1/proposals", tag = "fucina",
    params(("group_id" = Option<String>, Query), ("kind" = Option<String>, Query), ("stage" = Option<String>, Query),
        ("state" = Option<String>, Query), ("language" = Option<String>, Query), ("competence" = Option<String>, Query),
        ("instance" = Option<String>, Query, description = "`local` or a domain"), ("author_id" = Option<String>, Query),
        ("q" = Option<String>, Query, description = "words to find; ranked, paged by `offset`"), ("offset" = Option<i64>, Query)),
    responses((status = 200, body = [Proposal])))]
pub async fn list(
    State(state): State<AppState>,
    token: MaybeToken,
    uri: Uri,
    Params(query): Params<ListQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = proposals::list(&mut conn, &filter_of(&query), &query.page.page(20, 40)).await?;
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let out = proposal_entities(&mut conn, &state, &rows, viewer_of(&token)?).await?;
    Ok(paginated(out, &ids, &uri, state.config.server.base_url.as_str()))
}

/// The caller's proposals, in every state.
#[utoipa::path(get, path = "/api/fucina/v1/proposals/mine", tag = "fucina", security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = [Proposal])))]
pub async fn mine(State(state): State<AppState>, token: Token) -> AppResult<Json<Vec<Proposal>>> {
    let account = token.user(&["read:statuses"])?;
    let mut conn = state.db.get().await?;
    let rows = proposals::by_author(&mut conn, account.actor.id).await?;
    Ok(Json(proposal_entities(&mut conn, &state, &rows, Some(account)).await?))
}

/// The facilitators' queue: submitted proposals, oldest first.
#[utoipa::path(get, path = "/api/fucina/v1/proposals/queue", tag = "fucina", security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = [Proposal]), (status = 403, description = "Not a facilitator")))]
pub async fn queue(State(state): State<AppState>, token: Token) -> AppResult<Json<Vec<Proposal>>> {
    let account = token.user(&["read:statuses"])?;
    if !service::facilitates(account) {
        return Err(AppError::forbidden("error-proposal-facilitators-only"));
    }
    let mut conn = state.db.get().await?;
    let rows = proposals::submitted(&mut conn).await?;
    Ok(Json(proposal_entities(&mut conn, &state, &rows, Some(account)).await?))
}

/// One proposal: published ones for anyone; drafts and submissions for their author and facilitators.
#[utoipa::path(get, path = "/api/fucina/v1/proposals/{id}", tag = "fucina", params(("id" = String, Path)),
    responses((status = 200, body = Proposal), (status = 404, description = "No such proposal, or not yours to see")))]
pub async fn get(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
) -> AppResult<Json<Proposal>> {
    let mut conn = state.db.get().await?;
    let proposal = service::readable(&mut conn, viewer_of(&token)?, parse_id(&id)?).await?;
    Ok(Json(
        proposal_entity(&mut conn, &state, &proposal, viewer_of(&token)?).await?,
    ))
}

/// The proposal a status carries (a proposal found by search is a status first).
#[utoipa::path(get, path = "/api/fucina/v1/statuses/{id}/proposal", tag = "fucina", params(("id" = String, Path)),
    responses((status = 200, body = Proposal), (status = 404, description = "The status is not a proposal")))]
pub async fn of_status(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
) -> AppResult<Json<Proposal>> {
    let mut conn = state.db.get().await?;
    let proposal = proposals::find_by_status(&mut conn, parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let proposal = service::readable(&mut conn, viewer_of(&token)?, proposal.id).await?;
    Ok(Json(
        proposal_entity(&mut conn, &state, &proposal, viewer_of(&token)?).await?,
    ))
}

/// Submits a draft to the facilitators (or publishes it, where no review is needed).
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/submit", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 409, description = "Not a draft")))]
pub async fn submit(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::submit(&data, account, parse_id(&id)?).await?;
    one(&data, &proposal, Some(account)).await
}

/// A facilitator publishes a submitted proposal.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/publish", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 403, description = "Not a facilitator"), (status = 409, description = "Not submitted")))]
pub async fn publish(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::publish(&data, account, parse_id(&id)?).await?;
    one(&data, &proposal, Some(account)).await
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SendBackParams {
    /// Why: shown to the author.
    reason: String,
}

/// A facilitator sends a submitted proposal back to its author, with a reason.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/send_back", tag = "fucina", params(("id" = String, Path)),
    request_body = SendBackParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 403, description = "Not a facilitator"), (status = 422, description = "No reason")))]
pub async fn send_back(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<SendBackParams>,
) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::send_back(&state, account, parse_id(&id)?, &params.reason).await?;
    one(&state, &proposal, Some(account)).await
}

/// The author or a facilitator closes an open proposal.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/close", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 409, description = "Not open")))]
pub async fn close(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::close(&data, account, parse_id(&id)?).await?;
    one(&data, &proposal, Some(account)).await
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ResultsParams {
    /// Defaults to "Results: <title>".
    title: String,
    /// The report.
    text: String,
}

/// The author publishes the results: the proposal is completed.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/results", tag = "fucina", params(("id" = String, Path)),
    request_body = ResultsParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 409, description = "Not published, or completed already"), (status = 422, description = "No report")))]
pub async fn results(
    data: FedData,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<ResultsParams>,
) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let proposal = service::complete(
        &data,
        account,
        parse_id(&id)?,
        ResultsInput {
            title: params.title,
            text: params.text,
        },
    )
    .await?;
    one(&data, &proposal, Some(account)).await
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TeamParams {
    /// The community's handle (3–30 of a-z, 0-9 and _).
    name: String,
}

/// Turns the team into an invitation-only community; its members are invited.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/team", tag = "fucina", params(("id" = String, Path)),
    request_body = TeamParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Proposal), (status = 409, description = "No team yet, or a community already")))]
pub async fn team(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<TeamParams>,
) -> AppResult<Json<Proposal>> {
    let account = token.user(&["write:statuses"])?;
    let id = parse_id(&id)?;
    service::form_team(&state, account, id, &params.name).await?;
    let mut conn = state.db.get().await?;
    let proposal = proposals::find(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(
        proposal_entity(&mut conn, &state, &proposal, Some(account)).await?,
    ))
}

/// The upload of an attachment: a `multipart/form-data` body.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct AttachmentUpload {
    /// The file: PDF, PNG, JPEG, GIF, WebP, OpenDocument, Office (docx, xlsx, pptx, doc), text, CSV or Markdown.
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// What it is (alternative text for pictures); at most 500 characters.
    description: Option<String>,
}

async fn upload(
    state: &AppState,
    token: &Token,
    owner: Owner,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<Attachment>> {
    let account = token.user(&["write:statuses"])?;
    let form = crate::upload::read(multipart).await?;
    let file = form.file.unwrap_or_default();
    let stored = attachment_service::attach(state, account, owner, file).await?;
    Ok(Json(attachment_entity(state, &stored)))
}

/// Attaches a file to a draft proposal of the caller (at most five files).
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/attachments", tag = "fucina", params(("id" = String, Path)),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Attachment), (status = 409, description = "Not a draft any more"),
        (status = 413, description = "Larger than the instance accepts"),
        (status = 422, description = "No file, a kind not accepted, bytes that disagree with the extension, or a sixth file")))]
pub async fn attach_to_proposal(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<Attachment>> {
    upload(&state, &token, Owner::Proposal(parse_id(&id)?), multipart).await
}

/// Attaches a file to a draft interest of the caller (at most five files).
#[utoipa::path(post, path = "/api/fucina/v1/interests/{id}/attachments", tag = "fucina", params(("id" = String, Path)),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Attachment), (status = 409, description = "Sent already"),
        (status = 413, description = "Larger than the instance accepts"),
        (status = 422, description = "No file, a kind not accepted, bytes that disagree with the extension, or a sixth file")))]
pub async fn attach_to_interest(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<Attachment>> {
    upload(&state, &token, Owner::Interest(parse_id(&id)?), multipart).await
}

/// Removes a file from a draft proposal or draft interest of the caller.
#[utoipa::path(delete, path = "/api/fucina/v1/attachments/{id}", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Attachment), (status = 404, description = "No such file, or not the caller's"),
        (status = 409, description = "What it is attached to is not a draft any more")))]
pub async fn remove_attachment(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Attachment>> {
    let account = token.user(&["write:statuses"])?;
    let removed = attachment_service::remove(&state, account, parse_id(&id)?).await?;
    Ok(Json(attachment_entity(&state, &removed)))
}
