//! Queries on the files attached to proposals and interests.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::attachments;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct DbAttachment {
    pub id: i64,
    pub proposal_id: Option<i64>,
    pub interest_id: Option<i64>,
    pub uploader_id: i64,
    /// A local file's secret name under `<data_dir>/media`.
    pub key: Option<String>,
    /// A remote file's address on its own server.
    pub remote_url: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

/// What an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Proposal(i64),
    Interest(i64),
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = attachments)]
pub struct NewAttachment<'a> {
    pub proposal_id: Option<i64>,
    pub interest_id: Option<i64>,
    pub uploader_id: i64,
    pub key: Option<&'a str>,
    pub remote_url: Option<&'a str>,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub description: &'a str,
}

impl<'a> NewAttachment<'a> {
    pub fn of(owner: Owner, uploader_id: i64, file_name: &'a str, content_type: &'a str) -> Self {
        let (proposal_id, interest_id) = match owner {
            Owner::Proposal(id) => (Some(id), None),
            Owner::Interest(id) => (None, Some(id)),
        };
        Self {
            proposal_id,
            interest_id,
            uploader_id,
            key: None,
            remote_url: None,
            file_name,
            content_type,
            size_bytes: 0,
            description: "",
        }
    }
}

pub async fn insert(conn: &mut AsyncPgConnection, new: &NewAttachment<'_>) -> diesel::QueryResult<DbAttachment> {
    diesel::insert_into(attachments::table)
        .values(new)
        .returning(DbAttachment::as_returning())
        .get_result(conn)
        .await
}

/// The files of one proposal or interest, oldest first.
pub async fn of(conn: &mut AsyncPgConnection, owner: Owner) -> diesel::QueryResult<Vec<DbAttachment>> {
    let query = attachments::table
        .select(DbAttachment::as_select())
        .order(attachments::id.asc())
        .into_boxed();
    match owner {
        Owner::Proposal(id) => query.filter(attachments::proposal_id.eq(id)).load(conn).await,
        Owner::Interest(id) => query.filter(attachments::interest_id.eq(id)).load(conn).await,
    }
}

/// The files of several proposals at once.
pub async fn of_proposals(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbAttachment>> {
    attachments::table
        .filter(attachments::proposal_id.eq_any(ids))
        .select(DbAttachment::as_select())
        .order(attachments::id.asc())
        .load(conn)
        .await
}

/// The files of several interests at once.
pub async fn of_interests(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbAttachment>> {
    attachments::table
        .filter(attachments::interest_id.eq_any(ids))
        .select(DbAttachment::as_select())
        .order(attachments::id.asc())
        .load(conn)
        .await
}

/// A local file by its secret key.
pub async fn by_key(conn: &mut AsyncPgConnection, key: &str) -> diesel::QueryResult<Option<DbAttachment>> {
    attachments::table
        .filter(attachments::key.eq(key))
        .select(DbAttachment::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbAttachment>> {
    attachments::table
        .find(id)
        .select(DbAttachment::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn delete(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<usize> {
    diesel::delete(attachments::table.find(id)).execute(conn).await
}

/// Removes the remote links of one proposal or interest (before they are stored afresh).
pub async fn delete_remote(conn: &mut AsyncPgConnection, owner: Owner) -> diesel::QueryResult<usize> {
    let remote = attachments::table.filter(attachments::remote_url.is_not_null());
    match owner {
        Owner::Proposal(id) => {
            diesel::delete(remote.filter(attachments::proposal_id.eq(id)))
                .execute(conn)
                .await
        }
        Owner::Interest(id) => {
            diesel::delete(remote.filter(attachments::interest_id.eq(id)))
                .execute(conn)
                .await
        }
    }
}
