//! The HTML interface: server-rendered pages that work without JavaScript.
//! Handlers call `services` to change things and `db` to read; they never build
//! SQL and never import `api` or `federation`.

pub mod context;
pub mod forms;
pub mod pages;
pub mod templates;
pub mod views;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::AppError;
use crate::state::AppState;
use pages::{
    account, admin, auth, data, groups, home, interests, matching, moderation, notifications, oauth, proposals, report,
    search, settings, social,
};

pub fn router(state: AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(home::home))
        .route("/signup", get(auth::signup_form).post(auth::signup))
        .route("/login", get(auth::login_form).post(auth::login))
        .route(
            "/password/reset",
            get(auth::password_reset_form).post(auth::password_reset_request),
        )
        .route(
            "/password/reset/{token}",
            get(auth::password_reset_new_form).post(auth::password_reset),
        )
        .route("/logout", post(auth::logout))
        .route("/language", post(auth::set_language))
        .route("/settings", get(settings::index))
        .route(
            "/settings/profile",
            get(settings::profile_form).post(settings::update_profile),
        )
        .route(
            "/settings/password",
            get(settings::password_form).post(settings::change_password),
        )
        .route(
            "/settings/notifications",
            get(settings::notifications_form).post(settings::update_notifications),
        )
        .route(
            "/unsubscribe/{token}",
            get(settings::unsubscribe_page).post(settings::unsubscribe),
        )
        .route("/settings/moderation", get(account::moderation_page))
        .route("/settings/moderation/{id}/appeal", post(account::appeal))
        .route(
            "/settings/delete",
            get(account::delete_form).post(account::delete_account),
        )
        .route("/settings/data", get(data::page))
        .route("/settings/data/export", post(data::request_export))
        .route("/settings/data/export/{id}", get(data::download))
        .route("/settings/data/import", post(data::start_import))
        .route("/settings/apps", get(settings::apps))
        .route("/settings/apps/{id}/revoke", post(settings::revoke_app))
        .route("/oauth/authorize", get(oauth::authorize_form).post(oauth::authorize))
        .route("/public", get(social::public))
        .route("/linked", get(social::linked))
        .route("/directory", get(social::directory))
        .route("/tags/{tag}", get(social::tag))
        .route(
            "/compose",
            post(social::compose).layer(DefaultBodyLimit::max(state.config.upload_limit())),
        )
        .route("/statuses/{id}", get(social::status_redirect))
        .route("/statuses/{id}/vote", post(social::vote))
        .route("/statuses/{id}/{action}", post(social::status_action))
        .route("/proposals", get(proposals::list).post(proposals::create))
        .route("/proposals/new", get(proposals::new_form))
        .route("/proposals/mine", get(proposals::mine))
        .route("/proposals/queue", get(proposals::queue))
        .route("/proposals/{id}", get(proposals::show))
        .route("/proposals/{id}/edit", get(proposals::edit_form).post(proposals::edit))
        .route("/proposals/{id}/{action}", post(proposals::action))
        .route(
            "/proposals/{id}/attachments",
            post(interests::attach_to_proposal).layer(DefaultBodyLimit::max(state.config.upload_limit())),
        )
        .route(
            "/interests/{id}/attachments",
            post(interests::attach_to_interest).layer(DefaultBodyLimit::max(state.config.upload_limit())),
        )
        .route("/attachments/{id}/delete", post(interests::remove_attachment))
        .route("/interests", get(interests::my_interests))
        .route("/interests/{id}/{action}", post(interests::interest_action))
        .route("/themes", get(groups::directory))
        .route("/groups/new", get(groups::new_form))
        .route("/groups", post(groups::create))
        .route("/{acct}/members", get(groups::members))
        .route("/{acct}/manage", get(groups::manage))
        .route("/{acct}/manage/{action}", post(groups::manage_action))
        .route("/{acct}", get(social::profile))
        .route("/{acct}/{action}", get(social::thread).post(social::account_action))
        .route("/notifications", get(notifications::notifications_page))
        .route("/follow_requests", get(notifications::follow_requests))
        .route("/follow_requests/{id}/{decision}", post(notifications::decide_request))
        .route("/search", get(search::search))
        .route("/for-you", get(matching::page))
        .route("/people", get(matching::people))
        .route("/proposals/{id}/invite/{actor_id}", post(matching::invite))
        .route("/admin/competences", get(matching::vocabulary))
        .route("/admin/competences/{key}", post(matching::label))
        .route("/admin/competences/{key}/merge", post(matching::merge))
        .route("/for-you/{id}/dismiss", post(matching::dismiss))
        .route("/remote_follow", get(search::remote_follow))
        .route("/authorize_interaction", get(search::authorize_interaction))
        .route("/admin", get(admin::index))
        .route("/admin/accounts", get(admin::accounts_page))
        .route("/admin/rules", get(moderation::rules_page).post(moderation::add_rule))
        .route("/report", get(report::report_form).post(report::report))
        .route("/terms", get(moderation::terms_page))
        .route("/privacy", get(moderation::privacy_page))
        .route(
            "/admin/legal",
            get(moderation::legal_admin).post(moderation::save_legal),
        )
        .route("/moderation", get(moderation::queue_page))
        .route("/moderation/reports/{id}/notes", post(moderation::add_note))
        .route("/moderation/reports/{id}/{what}", post(moderation::handle_report))
        .route("/moderation/accounts/{id}/action", post(moderation::account_action))
        .route("/moderation/statuses/{id}/remove", post(moderation::remove_post))
        .route("/moderation/appeals/{id}/{decision}", post(moderation::decide_appeal))
        .route("/admin/rules/{id}", post(moderation::update_rule))
        .route("/admin/rules/{id}/delete", post(moderation::delete_rule))
        .route("/admin/federation", get(admin::federation_page))
        .route("/admin/federation/{action}", post(admin::federation_action))
        .route("/admin/themes", get(admin::themes))
        .route("/admin/themes/{*action}", post(admin::theme_action))
        .route("/admin/accounts/{id}/approve", post(admin::approve))
        .route("/admin/accounts/{id}/reject", post(admin::reject))
        .route("/admin/accounts/{id}/role", post(admin::set_role))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state, context::resolve_viewer));
    Router::new()
        .route("/static/{file}", get(static_file))
        .route("/static/themes/{file}", get(theme_icon))
        .route("/media/{key}/{name}", get(media))
        .merge(pages)
}

/// An attached file, by the secret key in its URL. Served so that it can
/// never act as a page of this site: its stored type, no sniffing, a
/// sandbox, and a download unless it is a picture or a PDF. Only files of
/// public posts and published proposals may be kept by shared caches; none
/// is indexed.
async fn media(State(state): State<AppState>, Path((key, _name)): Path<(String, String)>) -> Response {
    let served = match crate::services::attachments::file(&state, &key).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let (file, bytes) = (served.attachment, served.bytes);
    let disposition = if crate::domain::attachment::ValidUpload::inline(&file.content_type) {
        "inline"
    } else {
        "attachment"
    };
    let ascii_name: String = file
        .file_name
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .collect();
    let encoded = crate::urls::url_segment(&file.file_name);
    // Shared caches keep only files of what everyone may read.
    let cache = if served.public {
        "public, max-age=86400"
    } else {
        "private, no-store"
    };
    let headers = [
        (header::CONTENT_TYPE, file.content_type.clone()),
        (
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".into()),
        (header::REFERRER_POLICY, "no-referrer".into()),
        (header::CACHE_CONTROL, cache.into()),
        (HeaderName::from_static("x-robots-tag"), "noindex, nofollow".into()),
    ];
    (headers, bytes).into_response()
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// The stylesheet and default images, compiled into the binary.
async fn static_file(Path(file): Path<String>) -> Response {
    let (body, content_type): (&'static [u8], &str) = match file.as_str() {
        "fucina.css" => (include_bytes!("static/fucina.css"), "text/css; charset=utf-8"),
        "avatar.png" => (include_bytes!("static/avatar.png"), "image/png"),
        "header.png" => (include_bytes!("static/header.png"), "image/png"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    cached(body, content_type)
}

/// The icons of the default themes, and of communities.
async fn theme_icon(Path(file): Path<String>) -> Response {
    let body: &'static [u8] = match file.as_str() {
        "aerospace.png" => include_bytes!("static/themes/aerospace.png"),
        "agrifood.png" => include_bytes!("static/themes/agrifood.png"),
        "eco_industries.png" => include_bytes!("static/themes/eco_industries.png"),
        "creative_industries.png" => include_bytes!("static/themes/creative_industries.png"),
        "health.png" => include_bytes!("static/themes/health.png"),
        "advanced_manufacturing.png" => include_bytes!("static/themes/advanced_manufacturing.png"),
        "sustainable_mobility.png" => include_bytes!("static/themes/sustainable_mobility.png"),
        "smart_communities.png" => include_bytes!("static/themes/smart_communities.png"),
        "community.png" => include_bytes!("static/themes/community.png"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    cached(body, "image/png")
}

fn cached(body: &'static [u8], content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400")),
        ],
        body,
    )
        .into_response()
}
