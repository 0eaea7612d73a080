//! Queries on the OAuth tables: applications, authorization codes and tokens.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    BoolExpressionMethods, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{oauth_access_tokens, oauth_applications, oauth_authorization_codes};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = oauth_applications)]
pub struct DbApplication {
    pub id: i64,
    pub name: String,
    pub website: Option<String>,
    /// One per line.
    pub redirect_uris: String,
    pub scopes: String,
    pub client_id: String,
    pub client_secret_hash: String,
    pub created_at: DateTime<Utc>,
}

impl DbApplication {
    pub fn redirect_uris(&self) -> impl Iterator<Item = &str> {
        self.redirect_uris.lines().map(str::trim).filter(|uri| !uri.is_empty())
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = oauth_applications)]
pub struct NewApplication<'a> {
    pub name: &'a str,
    pub website: Option<&'a str>,
    pub redirect_uris: &'a str,
    pub scopes: &'a str,
    pub client_id: &'a str,
    pub client_secret_hash: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_authorization_codes)]
pub struct DbAuthorizationCode {
    pub code_hash: String,
    pub application_id: i64,
    pub user_id: i64,
    pub scopes: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = oauth_access_tokens)]
pub struct DbAccessToken {
    pub id: i64,
    pub token_hash: String,
    pub refresh_token_hash: Option<String>,
    pub application_id: i64,
    pub user_id: Option<i64>,
    pub scopes: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = oauth_access_tokens)]
pub struct NewAccessToken<'a> {
    pub token_hash: &'a str,
    pub refresh_token_hash: Option<&'a str>,
    pub application_id: i64,
    pub user_id: Option<i64>,
    pub scopes: &'a str,
}

pub async fn insert_application(
    conn: &mut AsyncPgConnection,
    app: &NewApplication<'_>,
) -> diesel::QueryResult<DbApplication> {
    diesel::insert_into(oauth_applications::table)
        .values(app)
        .returning(DbApplication::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_application(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbApplication>> {
    oauth_applications::table
        .find(id)
        .select(DbApplication::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_application_by_client_id(
    conn: &mut AsyncPgConnection,
    client_id: &str,
) -> diesel::QueryResult<Option<DbApplication>> {
    oauth_applications::table
        .filter(oauth_applications::client_id.eq(client_id))
        .select(DbApplication::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn insert_code(conn: &mut AsyncPgConnection, code: &DbAuthorizationCode) -> diesel::QueryResult<()> {
    diesel::insert_into(oauth_authorization_codes::table)
        .values(code)
        .execute(conn)
        .await
        .map(drop)
}

/// Removes and returns a code: a code is good for one exchange, whatever its outcome.
pub async fn take_code(
    conn: &mut AsyncPgConnection,
    code_hash: &str,
) -> diesel::QueryResult<Option<DbAuthorizationCode>> {
    diesel::delete(oauth_authorization_codes::table.filter(oauth_authorization_codes::code_hash.eq(code_hash)))
        .returning(DbAuthorizationCode::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn insert_token(
    conn: &mut AsyncPgConnection,
    token: &NewAccessToken<'_>,
) -> diesel::QueryResult<DbAccessToken> {
    diesel::insert_into(oauth_access_tokens::table)
        .values(token)
        .returning(DbAccessToken::as_returning())
        .get_result(conn)
        .await
}

/// A live (unrevoked) token by the hash of its access token.
pub async fn find_live_token(
    conn: &mut AsyncPgConnection,
    token_hash: &str,
) -> diesel::QueryResult<Option<DbAccessToken>> {
    oauth_access_tokens::table
        .filter(oauth_access_tokens::token_hash.eq(token_hash))
        .filter(oauth_access_tokens::revoked_at.is_null())
        .select(DbAccessToken::as_select())
        .first(conn)
        .await
        .optional()
}

/// Revokes the live token whose refresh token hashes to `refresh_hash`, returning it.
pub async fn revoke_by_refresh(
    conn: &mut AsyncPgConnection,
    refresh_hash: &str,
) -> diesel::QueryResult<Option<DbAccessToken>> {
    diesel::update(
        oauth_access_tokens::table
            .filter(oauth_access_tokens::refresh_token_hash.eq(refresh_hash))
            .filter(oauth_access_tokens::revoked_at.is_null()),
    )
    .set(oauth_access_tokens::revoked_at.eq(Utc::now()))
    .returning(DbAccessToken::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Revokes the token of `application_id` whose access or refresh token hashes to `hash`.
pub async fn revoke_by_hash(
    conn: &mut AsyncPgConnection,
    application_id: i64,
    hash: &str,
) -> diesel::QueryResult<usize> {
    diesel::update(
        oauth_access_tokens::table
            .filter(oauth_access_tokens::application_id.eq(application_id))
            .filter(
                oauth_access_tokens::token_hash
                    .eq(hash)
                    .or(oauth_access_tokens::refresh_token_hash.eq(hash)),
            )
            .filter(oauth_access_tokens::revoked_at.is_null()),
    )
    .set(oauth_access_tokens::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await
}

/// Revokes every live token a user gave to one application.
pub async fn revoke_for_user_and_application(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    application_id: i64,
) -> diesel::QueryResult<usize> {
    diesel::update(
        oauth_access_tokens::table
            .filter(oauth_access_tokens::user_id.eq(user_id))
            .filter(oauth_access_tokens::application_id.eq(application_id))
            .filter(oauth_access_tokens::revoked_at.is_null()),
    )
    .set(oauth_access_tokens::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await
}

/// Revokes every live token of a user but `except` (the one in use, if any).
pub async fn revoke_all_for_user(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    except: Option<i64>,
) -> diesel::QueryResult<usize> {
    diesel::update(
        oauth_access_tokens::table
            .filter(oauth_access_tokens::user_id.eq(user_id))
            .filter(oauth_access_tokens::id.ne(except.unwrap_or(0)))
            .filter(oauth_access_tokens::revoked_at.is_null()),
    )
    .set(oauth_access_tokens::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await
}

pub async fn touch_token(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<()> {
    diesel::update(oauth_access_tokens::table.find(id))
        .set(oauth_access_tokens::last_used_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}

/// An application a user has authorised, with when they last used it.
#[derive(Debug, Clone)]
pub struct AuthorizedApplication {
    pub application: DbApplication,
    pub scopes: String,
    pub authorized_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The applications holding live tokens of a user, newest first.
pub async fn authorized_applications(
    conn: &mut AsyncPgConnection,
    user_id: i64,
) -> diesel::QueryResult<Vec<AuthorizedApplication>> {
    let rows: Vec<(DbAccessToken, DbApplication)> = oauth_access_tokens::table
        .inner_join(oauth_applications::table)
        .filter(oauth_access_tokens::user_id.eq(user_id))
        .filter(oauth_access_tokens::revoked_at.is_null())
        .order(oauth_access_tokens::created_at.desc())
        .select((DbAccessToken::as_select(), DbApplication::as_select()))
        .load(conn)
        .await?;
    let mut apps: Vec<AuthorizedApplication> = Vec::new();
    for (token, application) in rows {
        match apps.iter_mut().find(|a| a.application.id == application.id) {
            Some(existing) => {
                existing.last_used_at = existing.last_used_at.max(token.last_used_at);
            }
            None => apps.push(AuthorizedApplication {
                scopes: token.scopes,
                authorized_at: token.created_at,
                last_used_at: token.last_used_at,
                application,
            }),
        }
    }
    Ok(apps)
}

pub async fn delete_expired_codes(conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
    diesel::delete(oauth_authorization_codes::table.filter(oauth_authorization_codes::expires_at.le(Utc::now())))
        .execute(conn)
        .await
}
