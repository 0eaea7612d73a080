//! The JSON API: Mastodon's client API (so Mastodon apps work unchanged), OAuth,
//! and Fucina's own endpoints under /api/fucina/v1, described by OpenAPI at
//! /api/openapi.json. Handlers call `services` and read through `db`; they never
//! import `web` or `federation`.

pub mod accounts;
pub mod admin_accounts;
pub mod auth;
pub mod discovery;
pub mod entities;
pub mod federation;
pub mod groups;
pub mod instance;
pub mod interests;
pub mod markers;
pub mod matching;
pub mod media;
pub mod notifications;
pub mod oauth;
pub mod pagination;
pub mod params;
pub mod polls;
pub mod proposals;
pub mod reactions;
pub mod reports;
pub mod search;
pub mod statuses;
pub mod timelines;
pub mod views;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;

use crate::error::AppError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Fucina API", description = "Mastodon's client API as Fucina implements it, OAuth, and Fucina's own endpoints.", license(name = "AGPL-3.0-or-later")),
    paths(
        oauth::create_app, oauth::verify_app, oauth::token, oauth::revoke, oauth::metadata,
        accounts::verify_credentials, accounts::register, accounts::update_credentials,
        accounts::get_account, accounts::lookup, accounts::change_password,
        accounts::relationships, accounts::follow, accounts::unfollow, accounts::block, accounts::unblock,
        accounts::mute, accounts::unmute, search::accounts, accounts::mutes, timelines::favourites, timelines::bookmarks,
        statuses::bookmark, statuses::unbookmark,
        accounts::followers, accounts::following, accounts::statuses,
        accounts::follow_requests, accounts::authorize_request, accounts::reject_request,
        statuses::create, statuses::get, statuses::context, statuses::edit, statuses::history, statuses::source,
        statuses::delete, statuses::favourite, statuses::unfavourite, statuses::reblog, statuses::unreblog,
        timelines::home, timelines::public, timelines::tag,
        notifications::list, notifications::get, notifications::dismiss, notifications::clear, markers::get, markers::save, markers::unread_count, reactions::favourited_by, reactions::reblogged_by, statuses::pin, statuses::unpin, instance::peers, instance::activity, instance::extended_description, discovery::directory, discovery::familiar_followers,
        search::search,
        instance::v1, instance::v2, instance::preferences,
        groups::list, groups::create, groups::get, groups::update, groups::join, groups::leave, groups::members,
        groups::requests, groups::decide, groups::invite, groups::bans, groups::ban, groups::unban, groups::set_role,
        groups::log, groups::group_statuses, groups::moderate,
        polls::get, polls::vote, matching::complete, matching::own, matching::set_own, matching::proposals, matching::dismiss, matching::people, matching::invite, matching::directory, reports::create, reports::queue, reports::show, reports::handle, reports::add_note, admin_accounts::show, admin_accounts::action, admin_accounts::lift, admin_accounts::purge, admin_accounts::appeals, admin_accounts::decide_appeal, admin_accounts::remove_status, instance::rules_list, accounts::email_notifications, accounts::set_email_notifications,
        proposals::create, proposals::update, proposals::list, proposals::mine, proposals::queue, proposals::get,
        proposals::of_status, proposals::submit, proposals::publish, proposals::send_back, proposals::close,
        proposals::results, proposals::team, interests::express, interests::received, interests::mine_interests,
        interests::get_interest, interests::send, interests::accept, interests::decline, interests::withdraw,
        proposals::attach_to_proposal, proposals::attach_to_interest, proposals::remove_attachment,
        federation::linked, federation::get_policy, federation::change_policy, federation::directory,
        media::upload_v2, media::upload_v1, media::get, media::update, media::delete,
        health, metrics,
    ),
    components(schemas(entities::Account, entities::CredentialAccount, entities::Application,
        entities::CredentialApplication, entities::Token, entities::Field, entities::Source, entities::Role,
        entities::Status, entities::Relationship, entities::Notification, entities::Context, entities::StatusEdit,
        entities::StatusSource, entities::Tag, entities::Mention, entities::StatusTag,
        groups::Group, groups::Membership, groups::LogEntry, groups::CreateGroupParams, groups::UpdateGroupParams,
        groups::AccountParams, groups::ModerateParams,
        entities::Poll, entities::PollOption, reports::Report, reports::ReportSummary, reports::ReportParams, reports::AdminReport, admin_accounts::AdminAccount, admin_accounts::ActionParams, admin_accounts::RemovalParams, instance::Rule, entities::AccountWarning, entities::Appeal, polls::VoteParams, accounts::EmailNotificationsParams,
        proposals::Proposal, proposals::ProposalGroup, proposals::OwnInterest, interests::Interest,
        proposals::ProposalParams, proposals::SendBackParams, proposals::ResultsParams, proposals::TeamParams,
        interests::InterestParams, proposals::Attachment, proposals::AttachmentUpload,
        federation::Link, federation::InstanceBlock, federation::LogEntry, federation::FederationPolicy,
        federation::PolicyParams, federation::DirectoryEntry,
        entities::MediaAttachment, media::MediaUpload, media::UpdateMediaParams)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Browser apps call the API from other origins; tokens, not cookies, authorise them.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::LINK, HeaderName::from_static("x-ratelimit-remaining")])
}

pub fn router(upload_limit: usize) -> Router<AppState> {
    let mastodon = Router::new()
        .route("/api/v1/apps", post(oauth::create_app))
        .route("/api/v1/apps/verify_credentials", get(oauth::verify_app))
        .route("/api/v1/accounts", post(accounts::register))
        .route("/api/v1/accounts/verify_credentials", get(accounts::verify_credentials))
        .route(
            "/api/v1/accounts/update_credentials",
            axum::routing::patch(accounts::update_credentials),
        )
        .route("/api/v1/accounts/lookup", get(accounts::lookup))
        .route("/api/v1/accounts/search", get(search::accounts))
        .route("/api/v1/accounts/relationships", get(accounts::relationships))
        .route("/api/v1/accounts/{id}", get(accounts::get_account))
        .route("/api/v1/accounts/{id}/follow", post(accounts::follow))
        .route("/api/v1/accounts/{id}/unfollow", post(accounts::unfollow))
        .route("/api/v1/accounts/{id}/block", post(accounts::block))
        .route("/api/v1/accounts/{id}/unblock", post(accounts::unblock))
        .route("/api/v1/accounts/{id}/mute", post(accounts::mute))
        .route("/api/v1/accounts/{id}/unmute", post(accounts::unmute))
        .route(
            "/api/v1/accounts/{id}/remove_from_followers",
            post(accounts::remove_from_followers),
        )
        .route("/api/v1/accounts/{id}/followers", get(accounts::followers))
        .route("/api/v1/accounts/{id}/following", get(accounts::following))
        .route("/api/v1/accounts/{id}/statuses", get(accounts::statuses))
        .route("/api/v1/follow_requests", get(accounts::follow_requests))
        .route(
            "/api/v1/follow_requests/{id}/authorize",
            post(accounts::authorize_request),
        )
        .route("/api/v1/follow_requests/{id}/reject", post(accounts::reject_request))
        .route("/api/v1/blocks", get(accounts::blocks))
        .route("/api/v1/statuses", post(statuses::create))
        .route(
            "/api/v1/statuses/{id}",
            get(statuses::get).put(statuses::edit).delete(statuses::delete),
        )
        .route("/api/v1/statuses/{id}/context", get(statuses::context))
        .route("/api/v1/statuses/{id}/history", get(statuses::history))
        .route("/api/v1/statuses/{id}/source", get(statuses::source))
        .route("/api/v1/statuses/{id}/favourite", post(statuses::favourite))
        .route("/api/v1/statuses/{id}/unfavourite", post(statuses::unfavourite))
        .route("/api/v1/statuses/{id}/bookmark", post(statuses::bookmark))
        .route("/api/v1/statuses/{id}/unbookmark", post(statuses::unbookmark))
        .route("/api/v1/statuses/{id}/reblog", post(statuses::reblog))
        .route("/api/v1/statuses/{id}/unreblog", post(statuses::unreblog))
        .route("/api/v1/timelines/home", get(timelines::home))
        .route("/api/v1/timelines/public", get(timelines::public))
        .route("/api/v1/timelines/tag/{hashtag}", get(timelines::tag))
        .route("/api/v1/notifications", get(notifications::list))
        .route("/api/v1/notifications/clear", post(notifications::clear))
        .route("/api/v1/directory", get(discovery::directory))
        .route(
            "/api/v1/accounts/familiar_followers",
            get(discovery::familiar_followers),
        )
        .route("/api/v1/statuses/{id}/favourited_by", get(reactions::favourited_by))
        .route("/api/v1/statuses/{id}/pin", post(statuses::pin))
        .route("/api/v1/statuses/{id}/unpin", post(statuses::unpin))
        .route("/api/v1/statuses/{id}/reblogged_by", get(reactions::reblogged_by))
        .route("/api/v1/notifications/unread_count", get(markers::unread_count))
        .route("/api/v2/notifications/unread_count", get(markers::unread_count))
        .route("/api/v1/notifications/{id}", get(notifications::get))
        .route("/api/v1/notifications/{id}/dismiss", post(notifications::dismiss))
        .route("/api/v2/search", get(search::search))
        .route("/api/v1/mutes", get(accounts::mutes))
        .route("/api/v1/bookmarks", get(timelines::bookmarks))
        .route("/api/v1/favourites", get(timelines::favourites))
        .route("/api/v1/conversations", get(instance::empty_user_list))
        .route("/api/v1/instance", get(instance::v1))
        .route("/api/v2/instance", get(instance::v2))
        .route("/api/v1/instance/rules", get(instance::rules_list))
        .route("/api/v1/instance/peers", get(instance::peers))
        .route("/api/v1/instance/activity", get(instance::activity))
        .route(
            "/api/v1/instance/extended_description",
            get(instance::extended_description),
        )
        .route("/api/v1/preferences", get(instance::preferences))
        .route("/api/v1/custom_emojis", get(instance::empty_list))
        .route("/api/v1/filters", get(instance::empty_user_list))
        .route("/api/v2/filters", get(instance::empty_user_list))
        .route("/api/v1/markers", get(markers::get).post(markers::save))
        .route("/api/v1/announcements", get(instance::empty_user_list))
        .route("/api/v1/lists", get(instance::empty_user_list))
        .route("/api/v1/followed_tags", get(instance::empty_user_list))
        .route("/api/v1/trends/tags", get(instance::empty_list))
        .route("/api/v1/trends/statuses", get(instance::empty_list))
        .route("/api/v1/trends/links", get(instance::empty_list))
        .route("/api/fucina/v1/account/password", post(accounts::change_password))
        .route(
            "/api/fucina/v1/account/email_notifications",
            get(accounts::email_notifications).post(accounts::set_email_notifications),
        )
        .route("/api/fucina/v1/groups", get(groups::list).post(groups::create))
        .route("/api/fucina/v1/groups/{id}", get(groups::get).patch(groups::update))
        .route("/api/fucina/v1/groups/{id}/join", post(groups::join))
        .route("/api/fucina/v1/groups/{id}/leave", post(groups::leave))
        .route("/api/fucina/v1/groups/{id}/members", get(groups::members))
        .route("/api/fucina/v1/groups/{id}/statuses", get(groups::group_statuses))
        .route("/api/fucina/v1/groups/{id}/requests", get(groups::requests))
        .route(
            "/api/fucina/v1/groups/{id}/requests/{account_id}/{decision}",
            post(groups::decide),
        )
        .route("/api/fucina/v1/groups/{id}/invitations", post(groups::invite))
        .route("/api/fucina/v1/groups/{id}/bans", get(groups::bans).post(groups::ban))
        .route(
            "/api/fucina/v1/groups/{id}/bans/{account_id}",
            axum::routing::delete(groups::unban),
        )
        .route("/api/fucina/v1/groups/{id}/roles", post(groups::set_role))
        .route("/api/fucina/v1/groups/{id}/log", get(groups::log))
        .route("/api/fucina/v1/statuses/{id}/moderate", post(groups::moderate))
        .route("/api/v1/polls/{id}", get(polls::get))
        .route("/api/fucina/v1/competences", get(matching::complete))
        .route("/api/fucina/v1/people", get(matching::directory))
        .route(
            "/api/fucina/v1/account/competences",
            get(matching::own).put(matching::set_own),
        )
        .route("/api/fucina/v1/suggestions/proposals", get(matching::proposals))
        .route(
            "/api/fucina/v1/suggestions/proposals/{id}/dismiss",
            post(matching::dismiss),
        )
        .route("/api/fucina/v1/proposals/{id}/suggested_people", get(matching::people))
        .route(
            "/api/fucina/v1/proposals/{id}/suggested_people/{account_id}/invite",
            post(matching::invite),
        )
        .route("/api/v1/reports", post(reports::create))
        .route("/api/v1/admin/reports", get(reports::queue))
        .route("/api/v1/admin/reports/{id}", get(reports::show))
        .route("/api/v1/admin/reports/{id}/{action}", post(reports::handle))
        .route("/api/fucina/v1/admin/reports/{id}/notes", post(reports::add_note))
        .route(
            "/api/v1/admin/accounts/{id}",
            get(admin_accounts::show).delete(admin_accounts::purge),
        )
        .route("/api/v1/admin/accounts/{id}/action", post(admin_accounts::action))
        .route("/api/v1/admin/accounts/{id}/{lift}", post(admin_accounts::lift))
        .route("/api/fucina/v1/admin/appeals", get(admin_accounts::appeals))
        .route(
            "/api/fucina/v1/admin/statuses/{id}/remove",
            post(admin_accounts::remove_status),
        )
        .route(
            "/api/fucina/v1/admin/appeals/{id}/{decision}",
            post(admin_accounts::decide_appeal),
        )
        .route("/api/v1/polls/{id}/votes", post(polls::vote))
        .route("/api/fucina/v1/statuses/{id}/proposal", get(proposals::of_status))
        .route("/api/fucina/v1/proposals", get(proposals::list).post(proposals::create))
        .route("/api/fucina/v1/proposals/mine", get(proposals::mine))
        .route("/api/fucina/v1/proposals/queue", get(proposals::queue))
        .route(
            "/api/fucina/v1/proposals/{id}",
            get(proposals::get).put(proposals::update).patch(proposals::update),
        )
        .route("/api/fucina/v1/proposals/{id}/submit", post(proposals::submit))
        .route("/api/fucina/v1/proposals/{id}/publish", post(proposals::publish))
        .route("/api/fucina/v1/proposals/{id}/send_back", post(proposals::send_back))
        .route("/api/fucina/v1/proposals/{id}/close", post(proposals::close))
        .route("/api/fucina/v1/proposals/{id}/results", post(proposals::results))
        .route("/api/fucina/v1/proposals/{id}/team", post(proposals::team))
        .route(
            "/api/fucina/v1/proposals/{id}/interests",
            get(interests::received).post(interests::express),
        )
        .route(
            "/api/fucina/v1/proposals/{id}/attachments",
            post(proposals::attach_to_proposal).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/fucina/v1/interests/{id}/attachments",
            post(proposals::attach_to_interest).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/fucina/v1/attachments/{id}",
            axum::routing::delete(proposals::remove_attachment),
        )
        .route(
            "/api/v2/media",
            post(media::upload_v2).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/media",
            post(media::upload_v1).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/media/{id}",
            get(media::get).put(media::update).delete(media::delete),
        )
        .route("/api/fucina/v1/timelines/linked", get(federation::linked))
        .route("/api/fucina/v1/directory", get(federation::directory))
        .route("/api/fucina/v1/admin/federation", get(federation::get_policy))
        .route(
            "/api/fucina/v1/admin/federation/{action}",
            post(federation::change_policy),
        )
        .route("/api/fucina/v1/interests", get(interests::mine_interests))
        .route("/api/fucina/v1/interests/{id}", get(interests::get_interest))
        .route("/api/fucina/v1/interests/{id}/send", post(interests::send))
        .route("/api/fucina/v1/interests/{id}/accept", post(interests::accept))
        .route("/api/fucina/v1/interests/{id}/decline", post(interests::decline))
        .route("/api/fucina/v1/interests/{id}/withdraw", post(interests::withdraw))
        .route("/api/openapi.json", get(openapi))
        .route("/api/{*rest}", axum::routing::any(api_not_found));
    let oauth_json = Router::new()
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/revoke", post(oauth::revoke))
        .route("/.well-known/oauth-authorization-server", get(oauth::metadata));
    Router::new()
        .merge(mastodon)
        .merge(oauth_json)
        .layer(cors())
        .route("/health", get(health))
        .route("/metrics", get(metrics))
}

async fn api_not_found() -> AppError {
    AppError::NotFound
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Queue and inbox figures in Prometheus' text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text")))]
pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    use crate::state::Metrics;
    if let Some(expected) = &state.config.server.metrics_token {
        let given = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !crate::crypto::secrets_equal(given.trim(), expected) {
            return AppError::unauthorized("error-token-invalid").into_response();
        }
    }
    let mut conn = match state.db.get().await {
        Ok(conn) => conn,
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    };
    let queue = crate::db::deliveries::figures(&mut conn).await.unwrap_or_default();
    let oldest_age = queue
        .oldest_pending
        .map(|t| (chrono::Utc::now() - t).num_seconds())
        .unwrap_or(0);
    let m = &state.metrics;
    let lines = [
        (
            "fucina_delivery_pending",
            "gauge",
            "Deliveries waiting in the queue.",
            queue.pending as u64,
        ),
        ("fucina_delivery_due", "gauge", "Deliveries due now.", queue.due as u64),
        (
            "fucina_delivery_dead",
            "gauge",
            "Deliveries given up and kept for inspection.",
            queue.dead as u64,
        ),
        (
            "fucina_delivery_oldest_pending_seconds",
            "gauge",
            "Age of the oldest waiting delivery.",
            oldest_age.max(0) as u64,
        ),
        (
            "fucina_instances_paused",
            "gauge",
            "Servers paused after repeated failures.",
            queue.paused_instances as u64,
        ),
        (
            "fucina_deliveries_succeeded_total",
            "counter",
            "Deliveries accepted by their receiver (this process).",
            Metrics::read(&m.deliveries_succeeded),
        ),
        (
            "fucina_deliveries_retried_total",
            "counter",
            "Delivery attempts that failed and will be retried (this process).",
            Metrics::read(&m.deliveries_retried),
        ),
        (
            "fucina_deliveries_given_up_total",
            "counter",
            "Deliveries refused or expired (this process).",
            Metrics::read(&m.deliveries_given_up),
        ),
        (
            "fucina_inbox_accepted_total",
            "counter",
            "Inbox activities verified and processed (this process).",
            Metrics::read(&m.inbox_accepted),
        ),
        (
            "fucina_inbox_duplicates_total",
            "counter",
            "Inbox activities seen before (this process).",
            Metrics::read(&m.inbox_duplicates),
        ),
        (
            "fucina_inbox_rejected_total",
            "counter",
            "Inbox posts refused (this process).",
            Metrics::read(&m.inbox_rejected),
        ),
    ];
    let mut body = String::new();
    for (name, kind, help, value) in lines {
        body.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"));
    }
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Serving"), (status = 503, description = "The database does not answer")))]
pub async fn health(State(state): State<AppState>) -> Response {
    if crate::db::ping(&state.db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}
