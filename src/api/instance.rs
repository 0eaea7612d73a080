//! The instance's description and the endpoints apps call at login that Fucina
//! answers with empty but well-formed data (custom emojis, filters, markers…).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::{instance_v1, instance_v2};
use crate::db::users;
use crate::error::AppResult;
use crate::i18n::Language;
use crate::services::rules;
use crate::state::AppState;

/// Mastodon's `Rule`: in the caller's language, with every translation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rule {
    pub id: String,
    pub text: String,
    pub hint: String,
    /// `{lang: {"text", "hint"}}`, as written by the administrators.
    pub translations: Value,
}

impl Rule {
    pub fn of(rule: &crate::db::moderation::DbRule, language: Language) -> Self {
        let words = rules::words(rule, language);
        Rule {
            id: rule.id.to_string(),
            text: words.text,
            hint: words.hint,
            translations: rule.texts.clone(),
        }
    }
}

/// The rules in the language the request asks for (else the instance's).
async fn rule_entities(state: &AppState, headers: &HeaderMap) -> AppResult<Vec<Rule>> {
    let language = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::from_accept_language)
        .unwrap_or(state.config.i18n.default_language);
    Ok(rules::list(state)
        .await?
        .iter()
        .map(|rule| Rule::of(rule, language))
        .collect())
}

/// The instance rules.
#[utoipa::path(get, path = "/api/v1/instance/rules", tag = "instance", responses((status = 200, body = [Rule])))]
pub async fn rules_list(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Json<Vec<Rule>>> {
    Ok(Json(rule_entities(&state, &headers).await?))
}

/// The instance, Mastodon 4 shape.
#[utoipa::path(get, path = "/api/v2/instance", tag = "instance", responses((status = 200, description = "Instance")))]
pub async fn v2(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Json<Value>> {
    let mut conn = state.db.get().await?;
    let users = users::count(&mut conn).await?;
    drop(conn);
    let mut instance = instance_v2(&state.config, &state.urls(), users);
    instance["rules"] = json!(rule_entities(&state, &headers).await?);
    Ok(Json(instance))
}

/// The instance, the older shape.
#[utoipa::path(get, path = "/api/v1/instance", tag = "instance", responses((status = 200, description = "V1Instance")))]
pub async fn v1(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Json<Value>> {
    let mut conn = state.db.get().await?;
    let users = users::count(&mut conn).await?;
    drop(conn);
    let mut instance = instance_v1(&state.config, users, 0, 0);
    instance["rules"] = json!(rule_entities(&state, &headers).await?);
    Ok(Json(instance))
}

/// The signed-in user's posting and reading preferences.
#[utoipa::path(get, path = "/api/v1/preferences", tag = "accounts", security(("bearer" = ["read:accounts"])),
    responses((status = 200, description = "Preferences")))]
pub async fn preferences(token: Token) -> AppResult<Json<Value>> {
    let account = token.user(&["read:accounts"])?;
    Ok(Json(json!({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": account.user.locale,
        "posting:default:quote_policy": "nobody",
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
        "reading:autoplay:gifs": false,
    })))
}

/// An empty list: a feature Fucina does not offer (yet), answered so apps do not fail.
pub async fn empty_list() -> Json<Value> {
    Json(json!([]))
}

/// An empty object, for the same reason.
pub async fn empty_object() -> Json<Value> {
    Json(json!({}))
}

/// An empty list of the caller's own things (bookmarks, lists, filters…):
/// a token that may read is needed, as it would be for real data.
pub async fn empty_user_list(token: crate::api::auth::Token) -> crate::error::AppResult<Json<Value>> {
    token.user(&["read"])?;
    Ok(Json(json!([])))
}

/// The servers this one knows people of.
#[utoipa::path(get, path = "/api/v1/instance/peers", tag = "instance", responses((status = 200, body = [String])))]
pub async fn peers(State(state): State<AppState>) -> AppResult<Json<Vec<String>>> {
    Ok(Json(crate::services::instance::peers(&state).await?))
}

/// The last twelve weeks: posts written here, sign-ins and sign-ups, as Mastodon gives them (numbers as strings).
#[utoipa::path(get, path = "/api/v1/instance/activity", tag = "instance", responses((status = 200, description = "Weeks, newest first")))]
pub async fn activity(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let weeks = crate::services::instance::weekly_activity(&state).await?;
    Ok(Json(Value::Array(
        weeks
            .iter()
            .map(|w| {
                json!({
                    "week": w.week.to_string(),
                    "statuses": w.statuses.to_string(),
                    "logins": w.logins.to_string(),
                    "registrations": w.registrations.to_string(),
                })
            })
            .collect(),
    )))
}

/// The instance's description, as the "about" page's HTML.
#[utoipa::path(get, path = "/api/v1/instance/extended_description", tag = "instance", responses((status = 200, description = "{updated_at, content}")))]
pub async fn extended_description(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let actor = crate::services::instance::ensure_instance_actor(&state).await?;
    let content: String = state
        .config
        .server
        .instance_description
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", crate::domain::text::escape_html(p)))
        .collect();
    Ok(Json(json!({
        "updated_at": crate::api::entities::timestamp(actor.updated_at),
        "content": content,
    })))
}
