//! Queries on `users`: local accounts that sign in.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::schema::{actors, users};

/// A user row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct DbUser {
    pub id: i64,
    pub actor_id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub approval: String,
    pub sign_up_reason: String,
    pub locale: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Moderators turned its login off.
    pub disabled: bool,
    /// Kept out of public timelines and search since then.
    pub silenced_at: Option<DateTime<Utc>>,
    /// Its media shown as sensitive since then.
    pub sensitized_at: Option<DateTime<Utc>>,
    /// Suspended since then: hidden, signed out, purged 30 days later.
    pub suspended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub actor_id: i64,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub approval: &'a str,
    pub sign_up_reason: &'a str,
    pub locale: Option<&'a str>,
    pub terms_accepted_at: Option<DateTime<Utc>>,
}

/// A user together with their actor: what most pages and API calls need.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: DbUser,
    pub actor: DbActor,
}

impl Account {
    /// Whether it may sign in and use its sessions and tokens: approved, and
    /// neither disabled nor suspended.
    pub fn may_sign_in(&self) -> bool {
        self.user.approval == "approved" && !self.user.disabled && self.user.suspended_at.is_none()
    }

    /// Suspended: signed in to the pages only to read why, appeal, take its
    /// data or delete itself, until the suspension is lifted or purged.
    pub fn is_restricted(&self) -> bool {
        self.user.suspended_at.is_some()
    }

    /// Whether a browser session of it still works (restricted or not).
    pub fn may_use_pages(&self) -> bool {
        self.user.approval == "approved" && !self.user.disabled
    }
}

pub async fn insert(conn: &mut AsyncPgConnection, user: &NewUser<'_>) -> diesel::QueryResult<DbUser> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(DbUser::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_account(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<Option<Account>> {
    users::table
        .inner_join(actors::table)
        .filter(users::id.eq(user_id))
        .select((DbUser::as_select(), DbActor::as_select()))
        .first(conn)
        .await
        .optional()
        .map(|row| row.map(|(user, actor)| Account { user, actor }))
}

/// The account of a local actor, if it is a person with one.
pub async fn find_account_by_actor(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
) -> diesel::QueryResult<Option<Account>> {
    users::table
        .inner_join(actors::table)
        .filter(users::actor_id.eq(actor_id))
        .select((DbUser::as_select(), DbActor::as_select()))
        .first(conn)
        .await
        .optional()
        .map(|row| row.map(|(user, actor)| Account { user, actor }))
}

/// The account whose username or e-mail is `login`, case-insensitively.
pub async fn find_account_by_login(conn: &mut AsyncPgConnection, login: &str) -> diesel::QueryResult<Option<Account>> {
    let login = login.trim().trim_start_matches('@').to_lowercase();
    let query = users::table
        .inner_join(actors::table)
        .select((DbUser::as_select(), DbActor::as_select()));
    let row = if login.contains('@') {
        query
            .filter(crate::db::lower(users::email).eq(login))
            .first(conn)
            .await
            .optional()?
    } else {
        query
            .filter(actors::domain.is_null())
            .filter(crate::db::lower(actors::username).eq(login))
            .first(conn)
            .await
            .optional()?
    };
    Ok(row.map(|(user, actor)| Account { user, actor }))
}

pub async fn list_accounts(conn: &mut AsyncPgConnection, approval: Option<&str>) -> diesel::QueryResult<Vec<Account>> {
    let mut query = users::table
        .inner_join(actors::table)
        .select((DbUser::as_select(), DbActor::as_select()))
        .order(users::created_at.asc())
        .into_boxed();
    if let Some(approval) = approval {
        query = query.filter(users::approval.eq(approval.to_owned()));
    }
    Ok(query
        .load::<(DbUser, DbActor)>(conn)
        .await?
        .into_iter()
        .map(|(user, actor)| Account { user, actor })
        .collect())
}

pub async fn count(conn: &mut AsyncPgConnection) -> diesel::QueryResult<i64> {
    users::table
        .filter(users::approval.eq("approved"))
        .count()
        .get_result(conn)
        .await
}

pub async fn set_password_hash(conn: &mut AsyncPgConnection, user_id: i64, hash: &str) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_locale(conn: &mut AsyncPgConnection, user_id: i64, locale: Option<&str>) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::locale.eq(locale), users::updated_at.eq(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_role(conn: &mut AsyncPgConnection, user_id: i64, role: &str) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::role.eq(role), users::updated_at.eq(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_approval(conn: &mut AsyncPgConnection, user_id: i64, approval: &str) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::approval.eq(approval), users::updated_at.eq(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn touch_sign_in(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::last_sign_in_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}

/// Stores a password-reset secret (its digest) for a user, good until `expires_at`.
pub async fn insert_password_reset(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    diesel::sql_query("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind::<diesel::sql_types::Text, _>(token_hash)
        .bind::<diesel::sql_types::BigInt, _>(user_id)
        .bind::<diesel::sql_types::Timestamptz, _>(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes a password-reset secret: the user it was for, if it is unexpired.
/// Every secret of that user goes with it, so each works once.
pub async fn take_password_reset(conn: &mut AsyncPgConnection, token_hash: &str) -> diesel::QueryResult<Option<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Taken {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        user_id: i64,
    }
    let taken: Vec<Taken> = diesel::sql_query(
        "DELETE FROM password_resets WHERE user_id = \
           (SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_at > now()) \
         RETURNING user_id",
    )
    .bind::<diesel::sql_types::Text, _>(token_hash)
    .load(conn)
    .await?;
    Ok(taken.into_iter().next().map(|t| t.user_id))
}

/// Whether a password-reset secret is known and unexpired (the form is shown only then).
pub async fn password_reset_is_live(conn: &mut AsyncPgConnection, token_hash: &str) -> diesel::QueryResult<bool> {
    #[derive(diesel::QueryableByName)]
    struct Live {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        live: bool,
    }
    let row: Live = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM password_resets WHERE token_hash = $1 AND expires_at > now()) AS live",
    )
    .bind::<diesel::sql_types::Text, _>(token_hash)
    .get_result(conn)
    .await?;
    Ok(row.live)
}

/// Removes password-reset secrets that have expired.
pub async fn delete_expired_password_resets(conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
    diesel::sql_query("DELETE FROM password_resets WHERE expires_at < now()")
        .execute(conn)
        .await
}

/// Locks a user's row until the transaction ends (to serialise one person's
/// requests that must not overlap).
pub async fn lock(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<()> {
    users::table
        .find(id)
        .select(users::id)
        .for_update()
        .first::<i64>(conn)
        .await?;
    Ok(())
}

/// One week of the instance's activity.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct WeekActivity {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub week: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub statuses: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub logins: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub registrations: i64,
}

/// The last twelve weeks (starting on Monday, UTC), newest first.
pub async fn weekly_activity(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<WeekActivity>> {
    diesel::sql_query(
        "SELECT extract(epoch FROM w.start)::bigint AS week, \
                (SELECT count(*) FROM statuses s WHERE s.local AND s.reblog_of_id IS NULL \
                   AND s.created_at >= w.start AND s.created_at < w.start + interval '7 days') AS statuses, \
                (SELECT count(*) FROM users u WHERE u.last_sign_in_at >= w.start \
                   AND u.last_sign_in_at < w.start + interval '7 days') AS logins, \
                (SELECT count(*) FROM users u WHERE u.created_at >= w.start \
                   AND u.created_at < w.start + interval '7 days') AS registrations \
         FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', \
                              date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '11 weeks', \
                              interval '-1 week') AS w(start) \
         ORDER BY w.start DESC",
    )
    .load(conn)
    .await
}
