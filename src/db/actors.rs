//! Queries on `actors`: every ActivityPub actor, local or remote.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    BoolExpressionMethods, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper, TextExpressionMethods,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{actors, instance_blocks};

/// An actor row.
#[derive(Debug, Clone, Queryable, diesel::QueryableByName, Selectable)]
#[diesel(table_name = actors)]
pub struct DbActor {
    pub id: i64,
    pub actor_type: String,
    pub username: String,
    pub domain: Option<String>,
    pub display_name: String,
    pub summary: String,
    pub summary_source: String,
    pub ap_id: String,
    pub url: Option<String>,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    pub following_url: Option<String>,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub avatar_url: Option<String>,
    pub header_url: Option<String>,
    pub published_at: DateTime<Utc>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub featured_url: Option<String>,
    pub hide_collections: bool,
    pub fields: serde_json::Value,
    pub organisation: String,
    pub role_title: String,
    pub skills: String,
    pub website: String,
    pub followers_count: i64,
    pub following_count: i64,
    pub statuses_count: i64,
    pub last_status_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub moderators_url: Option<String>,
    pub posting_restricted: bool,
    /// A Fucina group's theme key (remote themes: from their `themeKey`).
    pub theme_key: Option<String>,
}

impl DbActor {
    pub fn is_local(&self) -> bool {
        self.domain.is_none()
    }

    /// `name` for local actors, `name@domain` for remote ones, as Mastodon's `acct`.
    pub fn acct(&self) -> String {
        match &self.domain {
            None => self.username.clone(),
            Some(domain) => format!("{}@{domain}", self.username),
        }
    }
}

/// A new actor row.
#[derive(Debug, Insertable)]
#[diesel(table_name = actors)]
pub struct NewActor<'a> {
    pub actor_type: &'a str,
    pub username: &'a str,
    pub domain: Option<&'a str>,
    pub display_name: &'a str,
    pub ap_id: &'a str,
    pub url: Option<&'a str>,
    pub inbox_url: &'a str,
    pub shared_inbox_url: Option<&'a str>,
    pub outbox_url: Option<&'a str>,
    pub followers_url: Option<&'a str>,
    pub following_url: Option<&'a str>,
    pub public_key_id: &'a str,
    pub public_key_pem: &'a str,
    pub private_key_pem: Option<&'a str>,
}

pub async fn insert(conn: &mut AsyncPgConnection, actor: &NewActor<'_>) -> diesel::QueryResult<DbActor> {
    diesel::insert_into(actors::table)
        .values(actor)
        .returning(DbActor::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbActor>> {
    actors::table
        .find(id)
        .select(DbActor::as_select())
        .first(conn)
        .await
        .optional()
}

/// A local actor by username, case-insensitively.
pub async fn find_local_by_username(
    conn: &mut AsyncPgConnection,
    username: &str,
) -> diesel::QueryResult<Option<DbActor>> {
    actors::table
        .filter(actors::domain.is_null())
        .filter(crate::db::lower(actors::username).eq(username.to_lowercase()))
        .select(DbActor::as_select())
        .first(conn)
        .await
        .optional()
}

/// A local actor's display name and summary (its source and its HTML).
pub async fn update_profile(
    conn: &mut AsyncPgConnection,
    id: i64,
    display_name: &str,
    summary_source: &str,
    summary_html: &str,
) -> diesel::QueryResult<DbActor> {
    let changes = ActorChanges {
        display_name: Some(display_name),
        summary_source: Some(summary_source),
        summary: Some(summary_html),
        ..ActorChanges::default()
    };
    change(conn, id, &changes).await
}

pub async fn find_by_ap_id(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<Option<DbActor>> {
    actors::table
        .filter(actors::ap_id.eq(ap_id))
        .select(DbActor::as_select())
        .first(conn)
        .await
        .optional()
}

/// A remote actor by `name@domain`, case-insensitively.
pub async fn find_remote_by_handle(
    conn: &mut AsyncPgConnection,
    username: &str,
    domain: &str,
) -> diesel::QueryResult<Option<DbActor>> {
    actors::table
        .filter(crate::db::lower(actors::username).eq(username.to_lowercase()))
        .filter(actors::domain.is_not_null())
        .filter(crate::db::lower(crate::db::coalesce_text(actors::domain, "")).eq(domain.to_lowercase()))
        .select(DbActor::as_select())
        .first(conn)
        .await
        .optional()
}

/// Everything we keep of a remote actor, as fetched.
#[derive(Debug, Clone, Insertable, diesel::AsChangeset)]
#[diesel(table_name = actors, treat_none_as_null = true)]
pub struct RemoteActor {
    pub actor_type: String,
    pub username: String,
    pub domain: Option<String>,
    pub display_name: String,
    pub summary: String,
    pub ap_id: String,
    pub url: Option<String>,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    pub following_url: Option<String>,
    pub featured_url: Option<String>,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub avatar_url: Option<String>,
    pub header_url: Option<String>,
    pub fields: serde_json::Value,
    pub published_at: DateTime<Utc>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub moderators_url: Option<String>,
    pub posting_restricted: bool,
    pub theme_key: Option<String>,
}

/// Inserts or refreshes a remote actor by its ActivityPub id.
pub async fn upsert_remote(conn: &mut AsyncPgConnection, actor: &RemoteActor) -> diesel::QueryResult<DbActor> {
    diesel::insert_into(actors::table)
        .values(actor)
        .on_conflict(actors::ap_id)
        .do_update()
        .set((actor, actors::deleted_at.eq(None::<DateTime<Utc>>)))
        .returning(DbActor::as_returning())
        .get_result(conn)
        .await
}

pub async fn mark_deleted(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<()> {
    diesel::update(actors::table.find(id))
        .set(actors::deleted_at.eq(Some(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

/// The instance actor, if it has been created.
pub async fn find_instance_actor(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Option<DbActor>> {
    actors::table
        .filter(actors::domain.is_null())
        .filter(actors::actor_type.eq("Application"))
        .select(DbActor::as_select())
        .first(conn)
        .await
        .optional()
}

/// Adds `delta` to an actor's follower, following or status counter.
pub async fn bump_counters(
    conn: &mut AsyncPgConnection,
    id: i64,
    followers: i64,
    following: i64,
    statuses: i64,
) -> diesel::QueryResult<()> {
    diesel::update(actors::table.find(id))
        .set((
            actors::followers_count.eq(
                diesel::dsl::sql::<diesel::sql_types::BigInt>("greatest(0, followers_count + ")
                    .bind::<diesel::sql_types::BigInt, _>(followers)
                    .sql(")"),
            ),
            actors::following_count.eq(
                diesel::dsl::sql::<diesel::sql_types::BigInt>("greatest(0, following_count + ")
                    .bind::<diesel::sql_types::BigInt, _>(following)
                    .sql(")"),
            ),
            actors::statuses_count.eq(
                diesel::dsl::sql::<diesel::sql_types::BigInt>("greatest(0, statuses_count + ")
                    .bind::<diesel::sql_types::BigInt, _>(statuses)
                    .sql(")"),
            ),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Records that an actor just posted.
pub async fn touch_last_status(conn: &mut AsyncPgConnection, id: i64, at: DateTime<Utc>) -> diesel::QueryResult<()> {
    diesel::update(actors::table.find(id))
        .set(actors::last_status_at.eq(Some(at)))
        .execute(conn)
        .await
        .map(drop)
}

/// Changes to a local actor's row; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, diesel::AsChangeset)]
#[diesel(table_name = actors)]
pub struct ActorChanges<'a> {
    pub display_name: Option<&'a str>,
    pub summary_source: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// The profile fields that federate as PropertyValues.
    pub organisation: Option<&'a str>,
    pub role_title: Option<&'a str>,
    pub skills: Option<&'a str>,
    pub website: Option<&'a str>,
    pub manually_approves_followers: Option<bool>,
    pub hide_collections: Option<bool>,
    pub discoverable: Option<bool>,
    pub featured_url: Option<&'a str>,
    pub moderators_url: Option<&'a str>,
    pub avatar_url: Option<&'a str>,
}

/// Applies `changes` to a local actor.
pub async fn change(conn: &mut AsyncPgConnection, id: i64, changes: &ActorChanges<'_>) -> diesel::QueryResult<DbActor> {
    diesel::update(actors::table.find(id))
        .set((changes, actors::updated_at.eq(Utc::now())))
        .returning(DbActor::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_many(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbActor>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    actors::table
        .filter(actors::id.eq_any(ids))
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// Counts of local Person actors and of distinct remote domains, for NodeInfo and the instance.
pub async fn count_remote_domains(conn: &mut AsyncPgConnection) -> diesel::QueryResult<i64> {
    actors::table
        .filter(actors::domain.is_not_null())
        .select(diesel::dsl::sql::<diesel::sql_types::BigInt>("count(DISTINCT domain)"))
        .get_result(conn)
        .await
}

/// Searches actors by handle or display name (prefix), local first.
pub async fn search(conn: &mut AsyncPgConnection, query: &str, limit: i64) -> diesel::QueryResult<Vec<DbActor>> {
    let pattern = format!(
        "{}%",
        query
            .trim()
            .trim_start_matches('@')
            .replace(['%', '_', '\\'], "")
            .to_lowercase()
    );
    actors::table
        .filter(actors::deleted_at.is_null())
        .filter(actors::discoverable.eq(true))
        // Silenced instances' accounts are found only by their exact handle (resolved elsewhere).
        .filter(diesel::dsl::not(diesel::dsl::exists(
            instance_blocks::table
                .filter(diesel::NullableExpressionMethods::nullable(instance_blocks::host).eq(actors::domain))
                .filter(instance_blocks::severity.eq("silence")),
        )))
        .filter(
            crate::db::lower(actors::username)
                .like(pattern.clone())
                .or(crate::db::lower(actors::display_name).like(pattern)),
        )
        .order((actors::domain.is_not_null(), actors::username))
        .limit(limit)
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// The known actors among these ActivityPub ids: their ids and ActivityPub ids.
pub async fn known_among(conn: &mut AsyncPgConnection, ap_ids: &[String]) -> diesel::QueryResult<Vec<(i64, String)>> {
    actors::table
        .filter(actors::ap_id.eq_any(ap_ids))
        .select((actors::id, actors::ap_id))
        .load(conn)
        .await
}

/// The ids of the known actors among these ActivityPub ids.
pub async fn ids_by_ap_ids(conn: &mut AsyncPgConnection, ap_ids: &[String]) -> diesel::QueryResult<Vec<i64>> {
    Ok(known_among(conn, ap_ids).await?.into_iter().map(|(id, _)| id).collect())
}

/// Which of these ActivityPub ids are actors known here.
pub async fn known_ap_ids(conn: &mut AsyncPgConnection, ap_ids: &[String]) -> diesel::QueryResult<Vec<String>> {
    Ok(known_among(conn, ap_ids)
        .await?
        .into_iter()
        .map(|(_, ap_id)| ap_id)
        .collect())
}

/// One inbox on every other server this instance knows (a shared inbox where
/// there is one): where an account's deletion must be heard.
pub async fn known_server_inboxes(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<String>> {
    #[derive(diesel::QueryableByName)]
    struct Inbox {
        #[diesel(sql_type = diesel::sql_types::Text)]
        inbox: String,
    }
    let rows: Vec<Inbox> = diesel::sql_query(
        "SELECT DISTINCT ON (domain) coalesce(shared_inbox_url, inbox_url) AS inbox FROM actors \
         WHERE domain IS NOT NULL AND deleted_at IS NULL ORDER BY domain, shared_inbox_url IS NULL, id",
    )
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.inbox).collect())
}

/// The other servers this one knows actors of, less the suspended ones, by name.
pub async fn known_domains(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<String>> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        domain: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT DISTINCT a.domain FROM actors a WHERE a.domain IS NOT NULL AND a.deleted_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM instance_blocks ib WHERE ib.host = a.domain AND ib.severity = 'suspend') \
         ORDER BY a.domain LIMIT $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.domain).collect())
}

/// Discoverable people for Mastodon's profile directory: here only or
/// everywhere, the newest accounts or the most recently active first.
pub async fn directory(
    conn: &mut AsyncPgConnection,
    local_only: bool,
    newest: bool,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<DbActor>> {
    let order = if newest {
        "a.id DESC"
    } else {
        "(SELECT max(s.id) FROM statuses s WHERE s.actor_id = a.id AND s.deleted_at IS NULL) DESC NULLS LAST, a.id DESC"
    };
    diesel::sql_query(format!(
        "SELECT a.* FROM actors a \
         WHERE a.actor_type = 'Person' AND a.discoverable AND a.deleted_at IS NULL AND ($1 = false OR a.domain IS NULL) \
           AND NOT EXISTS (SELECT 1 FROM instance_blocks ib WHERE ib.host = a.domain) \
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.actor_id = a.id AND (u.suspended_at IS NOT NULL OR u.approval <> 'approved')) \
         ORDER BY {order} OFFSET $2 LIMIT $3"
    ))
    .bind::<diesel::sql_types::Bool, _>(local_only)
    .bind::<diesel::sql_types::BigInt, _>(offset.max(0))
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await
}
