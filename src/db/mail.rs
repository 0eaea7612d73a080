//! Queries for the mailer: notifications due to be mailed, with their
//! recipients' addresses and preferences, and the marks that they were.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// Who a message goes to, with what it needs about them.
#[derive(Debug, Clone, QueryableByName)]
pub struct MailRecipient {
    #[diesel(sql_type = BigInt)]
    pub recipient_id: i64,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub locale: Option<String>,
    #[diesel(sql_type = Text)]
    pub username: String,
    #[diesel(sql_type = Text)]
    pub display_name: String,
    #[diesel(sql_type = Text)]
    pub unsubscribe_token: String,
}

/// A notification to mail, with its recipient.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueNotification {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = BigInt)]
    pub from_actor_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub status_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub group_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub proposal_id: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(embed)]
    pub recipient: MailRecipient,
}

const SELECT: &str = "SELECT n.id, n.kind, n.from_actor_id, n.status_id, n.group_id, n.proposal_id, n.created_at,
        u.actor_id AS recipient_id, u.email, u.locale, a.username, a.display_name, u.unsubscribe_token
    FROM notifications n
    JOIN users u ON u.actor_id = n.recipient_id
    JOIN actors a ON a.id = u.actor_id
    WHERE n.emailed_at IS NULL AND u.approval = 'approved' AND n.kind = ANY($1)";

/// Notifications for people who want each at once; locked, skipping those
/// another process is mailing.
pub async fn due_immediate(
    conn: &mut AsyncPgConnection,
    kinds: &[&str],
    limit: i64,
) -> diesel::QueryResult<Vec<DueNotification>> {
    diesel::sql_query(format!(
        "{SELECT} AND u.email_notifications = 'immediate' ORDER BY n.id LIMIT $2 FOR UPDATE OF n SKIP LOCKED"
    ))
    .bind::<Array<Text>, _>(kinds)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Notifications for people whose daily or weekly digest is due.
pub async fn due_digests(
    conn: &mut AsyncPgConnection,
    kinds: &[&str],
    limit: i64,
) -> diesel::QueryResult<Vec<DueNotification>> {
    diesel::sql_query(format!(
        "{SELECT} AND ((u.email_notifications = 'daily'
                  AND (u.digest_sent_at IS NULL OR u.digest_sent_at <= now() - interval '1 day'))
              OR (u.email_notifications = 'weekly'
                  AND (u.digest_sent_at IS NULL OR u.digest_sent_at <= now() - interval '7 days')))
         ORDER BY u.actor_id, n.id LIMIT $2 FOR UPDATE OF n SKIP LOCKED"
    ))
    .bind::<Array<Text>, _>(kinds)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Marks what will never be mailed: kinds that are not, and people who chose "off".
pub async fn skip_unmailed(conn: &mut AsyncPgConnection, kinds: &[&str]) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "UPDATE notifications n SET emailed_at = now() FROM users u
         WHERE u.actor_id = n.recipient_id AND n.emailed_at IS NULL
           AND (u.email_notifications = 'off' OR NOT (n.kind = ANY($1)))",
    )
    .bind::<Array<Text>, _>(kinds)
    .execute(conn)
    .await
}

pub async fn mark_mailed(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<usize> {
    diesel::sql_query("UPDATE notifications SET emailed_at = now() WHERE id = ANY($1)")
        .bind::<Array<BigInt>, _>(ids)
        .execute(conn)
        .await
}

pub async fn mark_digest_sent(conn: &mut AsyncPgConnection, actor_ids: &[i64]) -> diesel::QueryResult<usize> {
    diesel::sql_query("UPDATE users SET digest_sent_at = now() WHERE actor_id = ANY($1)")
        .bind::<Array<BigInt>, _>(actor_ids)
        .execute(conn)
        .await
}

/// Someone's preference and unsubscribe secret.
#[derive(Debug, Clone, QueryableByName)]
pub struct Preference {
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub email_notifications: String,
    #[diesel(sql_type = Text)]
    pub unsubscribe_token: String,
}

pub async fn preference(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<Option<Preference>> {
    use diesel::OptionalExtension;
    diesel::sql_query("SELECT id AS user_id, email_notifications, unsubscribe_token FROM users WHERE id = $1")
        .bind::<BigInt, _>(user_id)
        .get_result(conn)
        .await
        .optional()
}

pub async fn set_preference(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    preference: &str,
) -> diesel::QueryResult<usize> {
    diesel::sql_query("UPDATE users SET email_notifications = $2, updated_at = now() WHERE id = $1")
        .bind::<BigInt, _>(user_id)
        .bind::<Text, _>(preference)
        .execute(conn)
        .await
}

/// Turns mail off for the holder of an unsubscribe secret; `false` if no one holds it.
pub async fn unsubscribe(conn: &mut AsyncPgConnection, token: &str) -> diesel::QueryResult<bool> {
    diesel::sql_query("UPDATE users SET email_notifications = 'off', updated_at = now() WHERE unsubscribe_token = $1")
        .bind::<Text, _>(token)
        .execute(conn)
        .await
        .map(|n| n > 0)
}

pub async fn preference_by_token(conn: &mut AsyncPgConnection, token: &str) -> diesel::QueryResult<Option<Preference>> {
    use diesel::OptionalExtension;
    diesel::sql_query(
        "SELECT id AS user_id, email_notifications, unsubscribe_token FROM users WHERE unsubscribe_token = $1",
    )
    .bind::<Text, _>(token)
    .get_result(conn)
    .await
    .optional()
}
