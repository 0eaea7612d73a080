//! Queries on the files attached to proposals, interests and posts (and on
//! pictures uploaded for a post not written yet).

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
    pub status_id: Option<i64>,
    /// Its place among a post's media.
    pub position: i16,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub focus_x: Option<f32>,
    pub focus_y: Option<f32>,
}

impl DbAttachment {
    /// A post's picture, or one uploaded for a post (not a proposal's or an
    /// interest's file).
    pub fn is_media(&self) -> bool {
        self.proposal_id.is_none() && self.interest_id.is_none()
    }

    /// Uploaded through the media API and not attached to a post yet.
    pub fn is_unattached(&self) -> bool {
        self.is_media() && self.status_id.is_none()
    }
}

/// What an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Proposal(i64),
    Interest(i64),
    Status(i64),
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
    pub status_id: Option<i64>,
    pub position: i16,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub focus_x: Option<f32>,
    pub focus_y: Option<f32>,
}

impl<'a> NewAttachment<'a> {
    pub fn of(owner: Owner, uploader_id: i64, file_name: &'a str, content_type: &'a str) -> Self {
        let mut new = Self::unattached(uploader_id, file_name, content_type);
        match owner {
            Owner::Proposal(id) => new.proposal_id = Some(id),
            Owner::Interest(id) => new.interest_id = Some(id),
            Owner::Status(id) => new.status_id = Some(id),
        }
        new
    }

    /// A picture uploaded for a post not written yet.
    pub fn unattached(uploader_id: i64, file_name: &'a str, content_type: &'a str) -> Self {
        Self {
            proposal_id: None,
            interest_id: None,
            status_id: None,
            position: 0,
            width: None,
            height: None,
            focus_x: None,
            focus_y: None,
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
        Owner::Status(id) => {
            query
                .filter(attachments::status_id.eq(id))
                .order(attachments::position.asc())
                .load(conn)
                .await
        }
    }
}

/// The media of several posts at once, each post's in order.
pub async fn of_statuses(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbAttachment>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    attachments::table
        .filter(attachments::status_id.eq_any(ids))
        .select(DbAttachment::as_select())
        .order((
            attachments::status_id.asc(),
            attachments::position.asc(),
            attachments::id.asc(),
        ))
        .load(conn)
        .await
}

/// Puts media on a post, in the order given (locks them first).
pub async fn attach_to_status(conn: &mut AsyncPgConnection, status_id: i64, ids: &[i64]) -> diesel::QueryResult<()> {
    for (position, id) in ids.iter().enumerate() {
        diesel::update(attachments::table.find(id))
            .set((
                attachments::status_id.eq(status_id),
                attachments::position.eq(i16::try_from(position).unwrap_or(i16::MAX)),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Takes a deleted post's pictures off it: uploads again, for a day, so that
/// "delete and redraft" can attach them to the new post.
pub async fn detach_from_status(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<usize> {
    diesel::update(attachments::table.filter(attachments::status_id.eq(status_id)))
        .set((
            attachments::status_id.eq(None::<i64>),
            attachments::position.eq(0),
            attachments::created_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
}

/// Several attachments, locked for the caller's transaction.
pub async fn find_many_for_update(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbAttachment>> {
    attachments::table
        .filter(attachments::id.eq_any(ids))
        .select(DbAttachment::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Changes a picture's description and focal point.
pub async fn describe(
    conn: &mut AsyncPgConnection,
    id: i64,
    description: &str,
    focus: Option<(f32, f32)>,
) -> diesel::QueryResult<DbAttachment> {
    diesel::update(attachments::table.find(id))
        .set((
            attachments::description.eq(description),
            attachments::focus_x.eq(focus.map(|f| f.0)),
            attachments::focus_y.eq(focus.map(|f| f.1)),
        ))
        .returning(DbAttachment::as_returning())
        .get_result(conn)
        .await
}

/// Uploads never attached to a post and older than `hours`: their keys, once
/// their rows are gone.
pub async fn delete_unattached_before(conn: &mut AsyncPgConnection, hours: i64) -> diesel::QueryResult<Vec<String>> {
    let keys: Vec<Option<String>> = diesel::delete(
        attachments::table
            .filter(attachments::proposal_id.is_null())
            .filter(attachments::interest_id.is_null())
            .filter(attachments::status_id.is_null())
            .filter(attachments::created_at.lt(Utc::now() - chrono::Duration::hours(hours))),
    )
    .returning(attachments::key)
    .get_results(conn)
    .await?;
    Ok(keys.into_iter().flatten().collect())
}

/// What files belong to.
#[derive(Debug, Clone, Copy)]
pub enum Owners<'a> {
    Proposals(&'a [i64]),
    Interests(&'a [i64]),
}

/// The files of several proposals or interests at once.
pub async fn of_many(conn: &mut AsyncPgConnection, owners: Owners<'_>) -> diesel::QueryResult<Vec<DbAttachment>> {
    let query = attachments::table
        .select(DbAttachment::as_select())
        .order(attachments::id.asc())
        .into_boxed();
    let query = match owners {
        Owners::Proposals(ids) => query.filter(attachments::proposal_id.eq_any(ids)),
        Owners::Interests(ids) => query.filter(attachments::interest_id.eq_any(ids)),
    };
    query.load(conn).await
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

/// Whether anyone may read what a file belongs to: a public or unlisted post
/// that is not deleted, or a published proposal whose post is such. Only
/// those files may be kept by shared caches.
pub async fn belongs_to_public(conn: &mut AsyncPgConnection, file: &DbAttachment) -> diesel::QueryResult<bool> {
    #[derive(diesel::QueryableByName)]
    struct Public {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        public: bool,
    }
    if file.interest_id.is_some() {
        return Ok(false);
    }
    let row: Public = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM statuses s \
           WHERE s.deleted_at IS NULL AND s.visibility IN ('public', 'unlisted') \
             AND (s.id = $1 OR s.id = (SELECT p.status_id FROM proposals p \
                  WHERE p.id = $2 AND p.state NOT IN ('draft', 'submitted')))) AS public",
    )
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>, _>(file.status_id)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>, _>(file.proposal_id)
    .get_result(conn)
    .await?;
    Ok(row.public)
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
        Owner::Status(id) => {
            diesel::delete(remote.filter(attachments::status_id.eq(id)))
                .execute(conn)
                .await
        }
    }
}
