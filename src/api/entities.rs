//! Mastodon's API entities, as apps expect them: ids as strings, dates in
//! RFC 3339 with milliseconds, images never empty. Built from rows in one place
//! per entity (`*::from_*`), so every endpoint shows the same shape.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::config::{Config, RegistrationMode};
use crate::db::actors::DbActor;
use crate::db::oauth::DbApplication;
use crate::db::users::Account as UserAccount;
use crate::db::views::{StatusView, fields_of};
use crate::domain::account::Role as UserRole;
use crate::i18n::{Language, Translator};
use crate::services::accounts;
use crate::services::oauth::IssuedToken;
use crate::urls::Urls;

/// The version string apps parse to decide which features to use.
pub fn mastodon_compatible_version() -> String {
    format!(
        "{} (compatible; Fucina {})",
        crate::domain::federation::MASTODON_API_VERSION,
        env!("CARGO_PKG_VERSION")
    )
}

/// RFC 3339, UTC, milliseconds: the only date format some apps can parse.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub verified_at: Option<String>,
}

/// Mastodon's `Account`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub acct: String,
    pub display_name: String,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    pub indexable: bool,
    pub group: bool,
    pub created_at: String,
    pub note: String,
    pub url: String,
    pub uri: String,
    pub avatar: String,
    pub avatar_static: String,
    pub header: String,
    pub header_static: String,
    pub followers_count: i64,
    pub following_count: i64,
    pub statuses_count: i64,
    pub last_status_at: Option<String>,
    pub hide_collections: bool,
    pub noindex: bool,
    #[schema(value_type = Vec<Object>)]
    pub emojis: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub roles: Vec<serde_json::Value>,
    pub fields: Vec<Field>,
}

impl Account {
    pub fn from_actor(actor: &DbActor, urls: &Urls<'_>, tr: &Translator) -> Self {
        let avatar = actor.avatar_url.clone().unwrap_or_else(|| urls.default_avatar());
        let header = actor.header_url.clone().unwrap_or_else(|| urls.default_header());
        // Mastodon shows the day an account was made, not the second.
        let created_day = actor
            .published_at
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(actor.published_at);
        Self {
            id: actor.id.to_string(),
            username: actor.username.clone(),
            acct: actor.acct(),
            display_name: if actor.deleted_at.is_some() {
                tr.t("account-deleted")
            } else {
                actor.display_name.clone()
            },
            locked: actor.manually_approves_followers,
            bot: matches!(actor.actor_type.as_str(), "Service" | "Application"),
            discoverable: actor.discoverable,
            indexable: actor.discoverable,
            group: actor.actor_type == "Group",
            created_at: timestamp(created_day),
            note: actor.summary.clone(),
            url: actor
                .url
                .as_deref()
                .and_then(crate::domain::text::web_url)
                .unwrap_or_else(|| actor.ap_id.clone()),
            uri: actor.ap_id.clone(),
            avatar_static: avatar.clone(),
            avatar,
            header_static: header.clone(),
            header,
            followers_count: actor.followers_count,
            following_count: actor.following_count,
            statuses_count: actor.statuses_count,
            last_status_at: actor.last_status_at.map(|t| t.format("%Y-%m-%d").to_string()),
            hide_collections: actor.hide_collections,
            noindex: !actor.discoverable,
            emojis: Vec::new(),
            roles: Vec::new(),
            fields: fields_of(actor, tr)
                .into_iter()
                .map(|f| Field {
                    name: f.name,
                    value: f.value_html,
                    verified_at: None,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Source {
    pub privacy: &'static str,
    pub sensitive: bool,
    pub language: Option<String>,
    pub note: String,
    pub fields: Vec<Field>,
    pub follow_requests_count: i64,
    pub hide_collections: bool,
    pub discoverable: bool,
    pub indexable: bool,
    pub attribution_domains: Vec<String>,
}

/// Mastodon's `Role`, as on a `CredentialAccount`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub color: String,
    /// A bit field of permissions, as a string.
    pub permissions: String,
    pub highlighted: bool,
}

impl Role {
    pub(crate) fn from_role(role: UserRole) -> Self {
        // Mastodon's bits: 0x1 administrator; 0x10 manage reports; 0x400 manage users.
        let (id, name, permissions) = match role {
            UserRole::User => ("-99", "", "0"),
            UserRole::Facilitator => ("3", "Facilitator", "0"),
            UserRole::Moderator => ("1", "Moderator", "1040"),
            UserRole::Admin => ("2", "Admin", "1"),
        };
        Self {
            id: id.into(),
            name: name.into(),
            color: String::new(),
            permissions: permissions.into(),
            highlighted: role != UserRole::User,
        }
    }
}

/// Mastodon's `CredentialAccount`: the signed-in user's own account.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CredentialAccount {
    #[serde(flatten)]
    pub account: Account,
    pub source: Source,
    pub role: Role,
}

impl CredentialAccount {
    pub fn from_account(account: &UserAccount, urls: &Urls<'_>, tr: &Translator, follow_requests: i64) -> Self {
        let actor = &account.actor;
        let source_fields = fields_of(actor, tr)
            .into_iter()
            .map(|f| Field {
                name: f.name,
                value: crate::domain::text::html_to_text(&f.value_html),
                verified_at: None,
            })
            .collect();
        Self {
            account: Account::from_actor(actor, urls, tr),
            source: Source {
                privacy: "public",
                sensitive: false,
                language: accounts::language_of(account).map(|l| l.code().to_owned()),
                note: actor.summary_source.clone(),
                fields: source_fields,
                follow_requests_count: follow_requests,
                hide_collections: actor.hide_collections,
                discoverable: actor.discoverable,
                indexable: actor.discoverable,
                attribution_domains: Vec::new(),
            },
            role: Role::from_role(accounts::role_of(account)),
        }
    }
}

/// Mastodon's `Application`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Application {
    pub id: String,
    pub name: String,
    pub website: Option<String>,
    pub scopes: Vec<String>,
    /// The registered URIs, one per line (the older field).
    pub redirect_uri: String,
    pub redirect_uris: Vec<String>,
    /// Web Push is not offered; apps read an empty key as "no push".
    pub vapid_key: String,
}

impl Application {
    pub fn from_row(app: &DbApplication) -> Self {
        Self {
            id: app.id.to_string(),
            name: app.name.clone(),
            website: app.website.clone(),
            scopes: app.scopes.split(' ').map(str::to_owned).collect(),
            redirect_uri: app.redirect_uris().collect::<Vec<_>>().join("\n"),
            redirect_uris: app.redirect_uris().map(str::to_owned).collect(),
            vapid_key: String::new(),
        }
    }
}

/// Mastodon's `CredentialApplication`: an application with its credentials, once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CredentialApplication {
    #[serde(flatten)]
    pub application: Application,
    pub client_id: String,
    pub client_secret: String,
    pub client_secret_expires_at: i64,
}

/// Mastodon's `Token`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Token {
    pub access_token: String,
    pub token_type: &'static str,
    pub scope: String,
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl Token {
    pub fn from_issued(token: IssuedToken) -> Self {
        Self {
            access_token: token.access_token,
            token_type: "Bearer",
            scope: token.scopes,
            created_at: token.created_at,
            refresh_token: token.refresh_token,
        }
    }
}

/// The limits Fucina announces to apps.
pub mod limits {
    pub const MAX_STATUS_CHARACTERS: i64 = 5000;
    pub const MAX_MEDIA_ATTACHMENTS: i64 = 4;
    pub const CHARACTERS_PER_URL: i64 = 23;
    pub const MAX_POLL_OPTIONS: i64 = 10;
    pub const MAX_POLL_OPTION_CHARACTERS: i64 = 100;
    pub const MIN_POLL_EXPIRATION: i64 = 300;
    pub const MAX_POLL_EXPIRATION: i64 = 2_629_746;
    pub const IMAGE_SIZE_LIMIT: i64 = 10 * 1024 * 1024;
    pub const IMAGE_MATRIX_LIMIT: i64 = 16_777_216;
    pub const MAX_DISPLAY_NAME: i64 = 100;
    pub const MAX_NOTE: i64 = 2000;
}

fn supported_mime_types() -> Vec<String> {
    crate::domain::media::accepted_types()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn languages() -> Vec<String> {
    Language::ALL.iter().map(|l| l.code().to_owned()).collect()
}

/// The limits on posts, as both instance entities give them.
fn statuses_configuration() -> serde_json::Value {
    serde_json::json!({
        "max_characters": limits::MAX_STATUS_CHARACTERS,
        "max_media_attachments": limits::MAX_MEDIA_ATTACHMENTS,
        "characters_reserved_per_url": limits::CHARACTERS_PER_URL
    })
}

/// The limits on media, as both instance entities give them; the newer one
/// also says how long a description may be.
fn media_configuration(description_limit: Option<usize>) -> serde_json::Value {
    let mut media = serde_json::json!({
        "supported_mime_types": supported_mime_types(),
        "image_size_limit": limits::IMAGE_SIZE_LIMIT,
        "image_matrix_limit": limits::IMAGE_MATRIX_LIMIT,
        "video_size_limit": 0,
        "video_frame_rate_limit": 0,
        "video_matrix_limit": 0
    });
    if let (Some(limit), Some(fields)) = (description_limit, media.as_object_mut()) {
        fields.insert("description_limit".to_owned(), limit.into());
    }
    media
}

/// The limits on polls, as both instance entities give them.
fn polls_configuration() -> serde_json::Value {
    serde_json::json!({
        "max_options": limits::MAX_POLL_OPTIONS,
        "max_characters_per_option": limits::MAX_POLL_OPTION_CHARACTERS,
        "min_expiration": limits::MIN_POLL_EXPIRATION,
        "max_expiration": limits::MAX_POLL_EXPIRATION
    })
}

/// `GET /api/v2/instance`.
pub fn instance_v2(config: &Config, urls: &Urls<'_>, active_users: i64) -> serde_json::Value {
    let server = &config.server;
    serde_json::json!({
        "domain": server.domain,
        "title": server.instance_name,
        "version": mastodon_compatible_version(),
        "source_url": server.source_url.clone().unwrap_or_else(|| urls.absolute("/")),
        "description": server.instance_description,
        "usage": { "users": { "active_month": active_users } },
        "thumbnail": { "url": urls.default_header() },
        "icon": [ { "src": urls.default_avatar(), "size": "120x120" } ],
        "languages": languages(),
        "configuration": {
            "urls": { "streaming": null, "status": null, "about": urls.absolute("/"), "privacy_policy": urls.absolute("/privacy"), "terms_of_service": urls.absolute("/terms") },
            "vapid": { "public_key": "" },
            "accounts": {
                "max_featured_tags": 0, "max_pinned_statuses": 5,
                "max_display_name_length": limits::MAX_DISPLAY_NAME, "max_note_length": limits::MAX_NOTE,
                "max_profile_fields": 4, "profile_field_name_limit": 255, "profile_field_value_limit": 255
            },
            "statuses": statuses_configuration(),
            "media_attachments": media_configuration(Some(crate::domain::attachment::MAX_DESCRIPTION)),
            "polls": polls_configuration(),
            "translation": { "enabled": false }
        },
        "registrations": {
            "enabled": config.registration.mode != RegistrationMode::Closed,
            "approval_required": config.registration.mode == RegistrationMode::Approval,
            "message": null,
            "url": null
        },
        "api_versions": { "mastodon": 2 },
        "contact": { "email": server.contact_email, "account": null },
        "rules": []
    })
}

/// `GET /api/v1/instance`, the older shape some apps still read first.
pub fn instance_v1(config: &Config, users: i64, statuses: i64, domains: i64) -> serde_json::Value {
    let server = &config.server;
    serde_json::json!({
        "uri": server.domain,
        "title": server.instance_name,
        "short_description": server.instance_description,
        "description": server.instance_description,
        "email": server.contact_email,
        "version": mastodon_compatible_version(),
        "urls": { "streaming_api": server.url("").replacen("http", "ws", 1) },
        "stats": { "user_count": users, "status_count": statuses, "domain_count": domains },
        "thumbnail": server.url("/static/header.png"),
        "languages": languages(),
        "registrations": config.registration.mode != RegistrationMode::Closed,
        "approval_required": config.registration.mode == RegistrationMode::Approval,
        "invites_enabled": false,
        "configuration": {
            "accounts": { "max_featured_tags": 0 },
            "statuses": statuses_configuration(),
            "media_attachments": media_configuration(None),
            "polls": polls_configuration()
        },
        "contact_account": null,
        "rules": []
    })
}

/// A mention in a status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Mention {
    pub id: String,
    pub username: String,
    pub acct: String,
    pub url: String,
}

/// A hashtag in a status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusTag {
    pub name: String,
    pub url: String,
}

/// Mastodon's `Status`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Status {
    pub id: String,
    pub uri: String,
    pub url: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub account: Account,
    pub content: String,
    pub text: Option<String>,
    pub visibility: String,
    pub sensitive: bool,
    pub spoiler_text: String,
    pub in_reply_to_id: Option<String>,
    pub in_reply_to_account_id: Option<String>,
    #[schema(no_recursion)]
    pub reblog: Option<Box<Status>>,
    pub language: Option<String>,
    pub replies_count: i64,
    pub reblogs_count: i64,
    pub favourites_count: i64,
    pub favourited: bool,
    pub reblogged: bool,
    pub muted: bool,
    pub bookmarked: bool,
    pub pinned: bool,
    pub media_attachments: Vec<MediaAttachment>,
    pub mentions: Vec<Mention>,
    pub tags: Vec<StatusTag>,
    #[schema(value_type = Vec<Object>)]
    pub emojis: Vec<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub card: Option<serde_json::Value>,
    pub poll: Option<Poll>,
    #[schema(value_type = Option<Object>)]
    pub application: Option<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub filtered: Vec<serde_json::Value>,
}

impl Status {
    pub fn from_view(view: &StatusView, urls: &Urls<'_>, tr: &Translator, own_source: bool) -> Self {
        let status = &view.status;
        // A titled discussion reads as its title above its text, as Mastodon shows a Page.
        let content = match &status.name {
            Some(title) if !title.is_empty() => format!(
                "<p><strong>{}</strong></p>{}",
                crate::domain::text::escape_html(title),
                status.content
            ),
            _ => status.content.clone(),
        };
        Self {
            id: status.id.to_string(),
            uri: status.ap_id.clone(),
            url: status.url.clone().or_else(|| Some(status.ap_id.clone())),
            created_at: timestamp(status.published_at),
            edited_at: status.edited_at.map(timestamp),
            account: Account::from_actor(&view.author, urls, tr),
            content,
            text: own_source.then(|| status.source.clone()),
            visibility: status.visibility.clone(),
            sensitive: status.sensitive,
            spoiler_text: status.summary.clone(),
            in_reply_to_id: status.in_reply_to_id.map(|i| i.to_string()),
            in_reply_to_account_id: status.in_reply_to_actor_id.map(|i| i.to_string()),
            reblog: view
                .reblog
                .as_ref()
                .map(|original| Box::new(Status::from_view(original, urls, tr, false))),
            language: status.language.clone(),
            replies_count: status.replies_count,
            reblogs_count: status.reblogs_count,
            favourites_count: status.favourites_count,
            favourited: view.favourited,
            reblogged: view.reblogged,
            muted: false,
            bookmarked: view.bookmarked,
            pinned: own_source && status.featured_at.is_some(),
            media_attachments: view.media.iter().map(|m| MediaAttachment::from_row(m, urls)).collect(),
            mentions: view
                .mentions
                .iter()
                .map(|a| Mention {
                    id: a.id.to_string(),
                    username: a.username.clone(),
                    acct: a.acct(),
                    url: a.url.clone().unwrap_or_else(|| a.ap_id.clone()),
                })
                .collect(),
            tags: view
                .tags
                .iter()
                .map(|t| StatusTag {
                    name: t.clone(),
                    url: urls.absolute(&format!("/tags/{t}")),
                })
                .collect(),
            emojis: Vec::new(),
            card: None,
            poll: view.poll.as_ref().map(|p| Poll::from_row(p, &view.own_votes)),
            application: None,
            filtered: Vec::new(),
        }
    }
}

/// Mastodon's `Relationship`.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Relationship {
    pub id: String,
    pub following: bool,
    pub showing_reblogs: bool,
    pub notifying: bool,
    pub followed_by: bool,
    pub blocking: bool,
    pub blocked_by: bool,
    pub muting: bool,
    pub muting_notifications: bool,
    pub requested: bool,
    pub requested_by: bool,
    pub domain_blocking: bool,
    pub endorsed: bool,
    pub note: String,
    pub languages: Option<Vec<String>>,
}

/// Mastodon's `Notification`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notification {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub group_key: String,
    pub created_at: String,
    pub account: Account,
    pub status: Option<Status>,
    /// Fucina: the proposal it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal_id: Option<String>,
    /// Fucina: the expression of interest it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest_id: Option<String>,
    /// The moderator's decision, for `moderation_warning`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderation_warning: Option<AccountWarning>,
}

/// Mastodon's `AccountWarning`: a moderator's decision, as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountWarning {
    pub id: String,
    /// `none`, `disable`, `sensitive`, `silence`, `suspend` or `delete_statuses`.
    pub action: String,
    pub text: String,
    pub status_ids: Vec<String>,
    pub target_account: Account,
    pub appeal: Option<Appeal>,
    pub created_at: String,
}

/// Mastodon's `Appeal`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Appeal {
    pub text: String,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
}

/// Mastodon's `Context`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Context {
    pub ancestors: Vec<Status>,
    pub descendants: Vec<Status>,
}

/// Mastodon's `StatusEdit`: one version of a post.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusEdit {
    pub content: String,
    pub spoiler_text: String,
    pub sensitive: bool,
    pub created_at: String,
    pub account: Account,
    #[schema(value_type = Option<Object>)]
    pub poll: Option<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub media_attachments: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub emojis: Vec<serde_json::Value>,
}

/// Mastodon's `StatusSource`: what the author typed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusSource {
    pub id: String,
    pub text: String,
    pub spoiler_text: String,
}

/// Mastodon's `Tag`, for search results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Tag {
    pub id: String,
    pub name: String,
    pub url: String,
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
    pub following: bool,
}

/// Mastodon's `PollOption`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PollOption {
    pub title: String,
    pub votes_count: Option<i64>,
}

/// Mastodon's `MediaAttachment`: a picture here, or media on another server
/// (then `url` and `remote_url` both point there: Fucina does not copy them).
/// No preview is made: `preview_url` is the picture itself.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediaAttachment {
    pub id: String,
    /// `image`, `gifv`, `video`, `audio` or `unknown`.
    #[serde(rename = "type")]
    pub kind: String,
    pub url: Option<String>,
    pub preview_url: Option<String>,
    pub remote_url: Option<String>,
    pub preview_remote_url: Option<String>,
    pub text_url: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub meta: Option<serde_json::Value>,
    pub description: Option<String>,
    pub blurhash: Option<String>,
}

impl MediaAttachment {
    pub fn from_row(row: &crate::db::attachments::DbAttachment, urls: &Urls<'_>) -> Self {
        let url = match (&row.key, &row.remote_url) {
            (Some(key), _) => urls.absolute(&format!("/media/{key}/{}", crate::urls::url_segment(&row.file_name))),
            (None, Some(remote)) => remote.clone(),
            (None, None) => String::new(),
        };
        let mut meta = serde_json::Map::new();
        if let (Some(width), Some(height)) = (row.width, row.height) {
            let details = serde_json::json!({
                "width": width,
                "height": height,
                "size": format!("{width}x{height}"),
                "aspect": f64::from(width) / f64::from(height),
            });
            meta.insert("original".into(), details.clone());
            meta.insert("small".into(), details);
        }
        if let (Some(x), Some(y)) = (row.focus_x, row.focus_y) {
            meta.insert("focus".into(), serde_json::json!({"x": x, "y": y}));
        }
        Self {
            id: row.id.to_string(),
            kind: crate::domain::media::kind_of(&row.content_type).to_owned(),
            preview_url: Some(url.clone()),
            remote_url: row.remote_url.clone(),
            preview_remote_url: None,
            text_url: None,
            meta: (!meta.is_empty()).then_some(serde_json::Value::Object(meta)),
            description: Some(row.description.clone()).filter(|d| !d.is_empty()),
            blurhash: None,
            url: Some(url),
        }
    }
}

/// Mastodon's `Poll`; its id is its status's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Poll {
    pub id: String,
    pub expires_at: Option<String>,
    pub expired: bool,
    pub multiple: bool,
    pub votes_count: i64,
    pub voters_count: Option<i64>,
    pub options: Vec<PollOption>,
    #[schema(value_type = Vec<Object>)]
    pub emojis: Vec<serde_json::Value>,
    pub voted: Option<bool>,
    pub own_votes: Option<Vec<i64>>,
}

impl Poll {
    pub fn from_row(poll: &crate::db::polls::DbPoll, own_votes: &[i32]) -> Self {
        Self {
            id: poll.status_id.to_string(),
            expires_at: poll.expires_at.map(timestamp),
            expired: poll.expired(chrono::Utc::now()),
            multiple: poll.multiple,
            votes_count: poll.votes_count(),
            voters_count: Some(poll.voters_count),
            options: poll
                .option_titles()
                .into_iter()
                .enumerate()
                .map(|(i, title)| PollOption {
                    title,
                    votes_count: Some(poll.count_of(i)),
                })
                .collect(),
            emojis: Vec::new(),
            voted: Some(!own_votes.is_empty()),
            own_votes: Some(own_votes.iter().map(|c| i64::from(*c)).collect()),
        }
    }
}
