//! Queries on `notifications`.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    BoolExpressionMethods, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{mutes, notifications};
use crate::db::statuses::Page;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct DbNotification {
    pub id: i64,
    pub recipient_id: i64,
    pub from_actor_id: i64,
    pub kind: String,
    pub status_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// The group it is about (invitations, join requests).
    pub group_id: Option<i64>,
    /// The proposal it is about.
    pub proposal_id: Option<i64>,
    /// The expression of interest it is about (only its sender, the author and facilitators get these).
    pub interest_id: Option<i64>,
    /// The moderator's decision it is about (`moderation_warning`).
    pub warning_id: Option<i64>,
}

/// A notification to store: about a post, or a proposal and maybe one of its interests.
#[derive(Debug, Insertable)]
#[diesel(table_name = notifications)]
struct NewNotification<'a> {
    recipient_id: i64,
    from_actor_id: i64,
    kind: &'a str,
    status_id: Option<i64>,
    proposal_id: Option<i64>,
    interest_id: Option<i64>,
    warning_id: Option<i64>,
}

impl<'a> NewNotification<'a> {
    fn new(recipient_id: i64, from_actor_id: i64, kind: &'a str) -> Self {
        Self {
            recipient_id,
            from_actor_id,
            kind,
            status_id: None,
            proposal_id: None,
            interest_id: None,
            warning_id: None,
        }
    }
}

/// Tells an account of a moderator's decision about it (`moderation_warning`).
pub async fn insert_warning(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    from_actor_id: i64,
    warning_id: i64,
) -> diesel::QueryResult<()> {
    let row = NewNotification {
        warning_id: Some(warning_id),
        ..NewNotification::new(recipient_id, from_actor_id, "moderation_warning")
    };
    insert_row(conn, &row).await
}

async fn insert_row(conn: &mut AsyncPgConnection, row: &NewNotification<'_>) -> diesel::QueryResult<()> {
    diesel::insert_into(notifications::table)
        .values(row)
        .execute(conn)
        .await
        .map(drop)
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    from_actor_id: i64,
    kind: &str,
    status_id: Option<i64>,
) -> diesel::QueryResult<()> {
    let row = NewNotification {
        status_id,
        ..NewNotification::new(recipient_id, from_actor_id, kind)
    };
    insert_row(conn, &row).await
}

/// Tells the people here who boosted a post that it was edited (Mastodon's
/// `update`), from its author.
pub async fn insert_for_boosters(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    author_id: i64,
) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO notifications (recipient_id, from_actor_id, kind, status_id) \
         SELECT DISTINCT r.actor_id, $2, 'update', $1 FROM statuses r JOIN users u ON u.actor_id = r.actor_id \
         WHERE r.reblog_of_id = $1 AND r.deleted_at IS NULL AND r.actor_id <> $2",
    )
    .bind::<diesel::sql_types::BigInt, _>(status_id)
    .bind::<diesel::sql_types::BigInt, _>(author_id)
    .execute(conn)
    .await
}

/// A recipient's notifications, newest first, optionally of some kinds only.
pub async fn list(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    types: &[String],
    exclude: &[String],
    page: &Page,
) -> diesel::QueryResult<Vec<DbNotification>> {
    // Muting an account (with its notifications) hides what it caused.
    let muted = mutes::table
        .filter(mutes::actor_id.eq(recipient_id))
        .filter(mutes::target_id.eq(notifications::from_actor_id))
        .filter(mutes::notifications)
        .filter(mutes::expires_at.is_null().or(mutes::expires_at.gt(Utc::now())));
    let mut query = notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(muted)))
        .select(DbNotification::as_select())
        .limit(page.limit)
        .into_boxed();
    if !types.is_empty() {
        query = query.filter(notifications::kind.eq_any(types.to_vec()));
    }
    if !exclude.is_empty() {
        query = query.filter(notifications::kind.ne_all(exclude.to_vec()));
    }
    if let Some(max) = page.max_id {
        query = query.filter(notifications::id.lt(max));
    }
    if let Some(since) = page.since_id {
        query = query.filter(notifications::id.gt(since));
    }
    if let Some(min) = page.min_id {
        query = query.filter(notifications::id.gt(min)).order(notifications::id.asc());
    } else {
        query = query.order(notifications::id.desc());
    }
    Ok(page.finish(query.load(conn).await?))
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    id: i64,
) -> diesel::QueryResult<Option<DbNotification>> {
    notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .filter(notifications::id.eq(id))
        .select(DbNotification::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn dismiss(conn: &mut AsyncPgConnection, recipient_id: i64, id: i64) -> diesel::QueryResult<usize> {
    diesel::delete(
        notifications::table
            .filter(notifications::recipient_id.eq(recipient_id))
            .filter(notifications::id.eq(id)),
    )
    .execute(conn)
    .await
}

pub async fn clear(conn: &mut AsyncPgConnection, recipient_id: i64) -> diesel::QueryResult<usize> {
    diesel::delete(notifications::table.filter(notifications::recipient_id.eq(recipient_id)))
        .execute(conn)
        .await
}

pub async fn count_unread(conn: &mut AsyncPgConnection, recipient_id: i64) -> diesel::QueryResult<i64> {
    notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Marks read the notifications up to `last_read_id` (an app's marker).
pub async fn mark_read_up_to(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    last_read_id: i64,
) -> diesel::QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::recipient_id.eq(recipient_id))
            .filter(notifications::id.le(last_read_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(Utc::now())))
    .execute(conn)
    .await
}

/// How many notifications are unread, counting no further than `cap`.
pub async fn count_unread_capped(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    cap: i64,
) -> diesel::QueryResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM (SELECT 1 FROM notifications \
         WHERE recipient_id = $1 AND read_at IS NULL LIMIT $2) unread",
    )
    .bind::<diesel::sql_types::BigInt, _>(recipient_id)
    .bind::<diesel::sql_types::BigInt, _>(cap)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// The newest notification's id.
pub async fn newest_id(conn: &mut AsyncPgConnection, recipient_id: i64) -> diesel::QueryResult<Option<i64>> {
    notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .select(diesel::dsl::max(notifications::id))
        .first(conn)
        .await
}

pub async fn mark_all_read(conn: &mut AsyncPgConnection, recipient_id: i64) -> diesel::QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::recipient_id.eq(recipient_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(Utc::now())))
    .execute(conn)
    .await
}

/// Removes the notifications an undone action had caused.
pub async fn delete_for(
    conn: &mut AsyncPgConnection,
    from_actor_id: i64,
    kind: &str,
    status_id: Option<i64>,
    recipient_id: Option<i64>,
) -> diesel::QueryResult<usize> {
    let mut query = diesel::delete(notifications::table)
        .filter(notifications::from_actor_id.eq(from_actor_id))
        .filter(notifications::kind.eq(kind))
        .into_boxed();
    if let Some(status_id) = status_id {
        query = query.filter(notifications::status_id.eq(status_id));
    }
    if let Some(recipient_id) = recipient_id {
        query = query.filter(notifications::recipient_id.eq(recipient_id));
    }
    query.execute(conn).await
}

/// A notification about a group (an invitation, a join request).
pub async fn insert_for_group(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    from_actor_id: i64,
    kind: &str,
    group_id: i64,
) -> diesel::QueryResult<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::recipient_id.eq(recipient_id),
            notifications::from_actor_id.eq(from_actor_id),
            notifications::kind.eq(kind),
            notifications::group_id.eq(Some(group_id)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// A notification about a proposal, and maybe one of its interests.
pub async fn insert_about_proposal(
    conn: &mut AsyncPgConnection,
    recipient_id: i64,
    from_actor_id: i64,
    kind: &str,
    proposal_id: i64,
    interest_id: Option<i64>,
) -> diesel::QueryResult<()> {
    let row = NewNotification {
        proposal_id: Some(proposal_id),
        interest_id,
        ..NewNotification::new(recipient_id, from_actor_id, kind)
    };
    insert_row(conn, &row).await
}
