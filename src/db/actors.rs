//! Queries on `actors`: every ActivityPub actor, local or remote.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::actors;

/// An actor row.
#[derive(Debug, Clone, Queryable, Selectable)]
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

pub async fn insert(
    conn: &mut AsyncPgConnection,
    actor: &NewActor<'_>,
) -> diesel::QueryResult<DbActor> {
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

/// Updates the profile fields a local user edits.
pub async fn update_profile(
    conn: &mut AsyncPgConnection,
    id: i64,
    display_name: &str,
    summary_source: &str,
    summary_html: &str,
) -> diesel::QueryResult<DbActor> {
    diesel::update(actors::table.find(id))
        .set((
            actors::display_name.eq(display_name),
            actors::summary_source.eq(summary_source),
            actors::summary.eq(summary_html),
            actors::updated_at.eq(Utc::now()),
        ))
        .returning(DbActor::as_returning())
        .get_result(conn)
        .await
}
