//! Queries on local groups, their roles, bans, invitations and moderation log,
//! and on group membership (the group's followers).

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, JoinOnDsl, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::schema::{actors, follows, group_bans, group_invitations, group_roles, groups, moderation_log};

// `groups` has several keys into `actors`, so the schema does not declare the join.
diesel::joinable!(groups -> actors (actor_id));

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = groups)]
pub struct DbGroup {
    pub actor_id: i64,
    pub kind: String,
    pub theme_key: Option<String>,
    pub join_mode: String,
    pub listed: bool,
    pub parent_id: Option<i64>,
    pub names: serde_json::Value,
    pub descriptions: serde_json::Value,
    pub languages: Vec<Option<String>>,
    pub hide_members: bool,
    pub posting_restricted: bool,
    pub retired_at: Option<DateTime<Utc>>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A local group with its actor.
#[derive(Debug, Clone)]
pub struct LocalGroup {
    pub group: DbGroup,
    pub actor: DbActor,
}

pub async fn insert(conn: &mut AsyncPgConnection, group: &DbGroup) -> diesel::QueryResult<DbGroup> {
    diesel::insert_into(groups::table)
        .values(group)
        .returning(DbGroup::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Option<LocalGroup>> {
    groups::table
        .inner_join(actors::table)
        .filter(groups::actor_id.eq(actor_id))
        .select((DbGroup::as_select(), DbActor::as_select()))
        .first(conn)
        .await
        .optional()
        .map(|row| row.map(|(group, actor)| LocalGroup { group, actor }))
}

pub async fn find_by_theme_key(conn: &mut AsyncPgConnection, key: &str) -> diesel::QueryResult<Option<LocalGroup>> {
    groups::table
        .inner_join(actors::table)
        .filter(groups::theme_key.eq(key))
        .select((DbGroup::as_select(), DbActor::as_select()))
        .first(conn)
        .await
        .optional()
        .map(|row| row.map(|(group, actor)| LocalGroup { group, actor }))
}

/// Local groups: themes first, then communities; listed only unless asked.
pub async fn list_local(
    conn: &mut AsyncPgConnection,
    include_unlisted: bool,
    include_retired: bool,
) -> diesel::QueryResult<Vec<LocalGroup>> {
    let mut query = groups::table
        .inner_join(actors::table)
        .select((DbGroup::as_select(), DbActor::as_select()))
        .order((groups::kind.desc(), actors::username))
        .into_boxed();
    if !include_unlisted {
        query = query.filter(groups::listed.eq(true));
    }
    if !include_retired {
        query = query.filter(groups::retired_at.is_null());
    }
    Ok(query
        .load(conn)
        .await?
        .into_iter()
        .map(|(group, actor)| LocalGroup { group, actor })
        .collect())
}

/// Remote groups that someone here follows.
pub async fn followed_remote(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbActor>> {
    actors::table
        .filter(actors::actor_type.eq("Group"))
        .filter(actors::domain.is_not_null())
        .filter(actors::deleted_at.is_null())
        .filter(diesel::dsl::exists(
            follows::table
                .filter(follows::followed_id.eq(actors::id))
                .filter(follows::state.eq("accepted")),
        ))
        .order(actors::username)
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// The groups (local or remote) an actor is a member of.
pub async fn memberships(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<DbActor>> {
    follows::table
        .inner_join(actors::table.on(actors::id.eq(follows::followed_id)))
        .filter(follows::follower_id.eq(actor_id))
        .filter(follows::state.eq("accepted"))
        .filter(actors::actor_type.eq("Group"))
        .order(actors::username)
        .select(DbActor::as_select())
        .load(conn)
        .await
}

pub struct GroupChanges<'a> {
    pub names: &'a serde_json::Value,
    pub descriptions: &'a serde_json::Value,
    pub join_mode: &'a str,
    pub listed: bool,
    pub hide_members: bool,
    pub posting_restricted: bool,
    pub languages: &'a [String],
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    changes: &GroupChanges<'_>,
) -> diesel::QueryResult<DbGroup> {
    diesel::update(groups::table.find(actor_id))
        .set((
            groups::names.eq(changes.names),
            groups::descriptions.eq(changes.descriptions),
            groups::join_mode.eq(changes.join_mode),
            groups::listed.eq(changes.listed),
            groups::hide_members.eq(changes.hide_members),
            groups::posting_restricted.eq(changes.posting_restricted),
            groups::languages.eq(changes.languages.iter().map(|l| Some(l.clone())).collect::<Vec<_>>()),
        ))
        .returning(DbGroup::as_returning())
        .get_result(conn)
        .await
}

pub async fn set_retired(conn: &mut AsyncPgConnection, actor_id: i64, retired: bool) -> diesel::QueryResult<()> {
    diesel::update(groups::table.find(actor_id))
        .set(groups::retired_at.eq(retired.then(Utc::now)))
        .execute(conn)
        .await
        .map(drop)
}

/// An actor's role in a local group, if it has one beyond membership.
pub async fn role_of(
    conn: &mut AsyncPgConnection,
    group_id: i64,
    actor_id: i64,
) -> diesel::QueryResult<Option<String>> {
    group_roles::table
        .filter(group_roles::group_id.eq(group_id))
        .filter(group_roles::actor_id.eq(actor_id))
        .select(group_roles::role)
        .first(conn)
        .await
        .optional()
}

pub async fn set_role(
    conn: &mut AsyncPgConnection,
    group_id: i64,
    actor_id: i64,
    role: Option<&str>,
    granted_by: Option<i64>,
) -> diesel::QueryResult<()> {
    match role {
        Some(role) => diesel::insert_into(group_roles::table)
            .values((
                group_roles::group_id.eq(group_id),
                group_roles::actor_id.eq(actor_id),
                group_roles::role.eq(role),
                group_roles::granted_by.eq(granted_by),
            ))
            .on_conflict((group_roles::group_id, group_roles::actor_id))
            .do_update()
            .set(group_roles::role.eq(role))
            .execute(conn)
            .await
            .map(drop),
        None => diesel::delete(
            group_roles::table
                .filter(group_roles::group_id.eq(group_id))
                .filter(group_roles::actor_id.eq(actor_id)),
        )
        .execute(conn)
        .await
        .map(drop),
    }
}

/// The managers and moderators of a group.
pub async fn staff(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<Vec<(String, DbActor)>> {
    group_roles::table
        .inner_join(actors::table.on(actors::id.eq(group_roles::actor_id)))
        .filter(group_roles::group_id.eq(group_id))
        .order(group_roles::created_at)
        .select((group_roles::role, DbActor::as_select()))
        .load(conn)
        .await
}

pub async fn is_banned(conn: &mut AsyncPgConnection, group_id: i64, actor_id: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        group_bans::table
            .filter(group_bans::group_id.eq(group_id))
            .filter(group_bans::actor_id.eq(actor_id)),
    ))
    .get_result(conn)
    .await
}

pub async fn ban(
    conn: &mut AsyncPgConnection,
    group_id: i64,
    actor_id: i64,
    banned_by: i64,
    reason: &str,
) -> diesel::QueryResult<()> {
    diesel::insert_into(group_bans::table)
        .values((
            group_bans::group_id.eq(group_id),
            group_bans::actor_id.eq(actor_id),
            group_bans::banned_by.eq(banned_by),
            group_bans::reason.eq(reason),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(drop)
}

pub async fn unban(conn: &mut AsyncPgConnection, group_id: i64, actor_id: i64) -> diesel::QueryResult<usize> {
    diesel::delete(
        group_bans::table
            .filter(group_bans::group_id.eq(group_id))
            .filter(group_bans::actor_id.eq(actor_id)),
    )
    .execute(conn)
    .await
}

pub async fn bans(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<Vec<(String, DbActor)>> {
    group_bans::table
        .inner_join(actors::table.on(actors::id.eq(group_bans::actor_id)))
        .filter(group_bans::group_id.eq(group_id))
        .select((group_bans::reason, DbActor::as_select()))
        .load(conn)
        .await
}

pub async fn invite(
    conn: &mut AsyncPgConnection,
    group_id: i64,
    actor_id: i64,
    invited_by: i64,
) -> diesel::QueryResult<()> {
    diesel::insert_into(group_invitations::table)
        .values((
            group_invitations::group_id.eq(group_id),
            group_invitations::actor_id.eq(actor_id),
            group_invitations::invited_by.eq(invited_by),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(drop)
}

pub async fn is_invited(conn: &mut AsyncPgConnection, group_id: i64, actor_id: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        group_invitations::table
            .filter(group_invitations::group_id.eq(group_id))
            .filter(group_invitations::actor_id.eq(actor_id)),
    ))
    .get_result(conn)
    .await
}

pub async fn invitations(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<Vec<DbActor>> {
    group_invitations::table
        .inner_join(actors::table.on(actors::id.eq(group_invitations::actor_id)))
        .filter(group_invitations::group_id.eq(group_id))
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// Whether an actor is an accepted member (follower) of a group.
pub async fn is_member(conn: &mut AsyncPgConnection, group_id: i64, actor_id: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        follows::table
            .filter(follows::followed_id.eq(group_id))
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq("accepted")),
    ))
    .get_result(conn)
    .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = moderation_log)]
pub struct DbModerationEntry {
    pub id: i64,
    pub group_id: Option<i64>,
    pub moderator_id: Option<i64>,
    pub action: String,
    pub target_actor_id: Option<i64>,
    pub target_status_id: Option<i64>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

pub async fn log(
    conn: &mut AsyncPgConnection,
    group_id: Option<i64>,
    moderator_id: i64,
    action: &str,
    target_actor_id: Option<i64>,
    target_status_id: Option<i64>,
    reason: &str,
) -> diesel::QueryResult<()> {
    diesel::insert_into(moderation_log::table)
        .values((
            moderation_log::group_id.eq(group_id),
            moderation_log::moderator_id.eq(moderator_id),
            moderation_log::action.eq(action),
            moderation_log::target_actor_id.eq(target_actor_id),
            moderation_log::target_status_id.eq(target_status_id),
            moderation_log::reason.eq(reason),
        ))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn log_entries(
    conn: &mut AsyncPgConnection,
    group_id: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<DbModerationEntry>> {
    moderation_log::table
        .filter(moderation_log::group_id.eq(group_id))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select(DbModerationEntry::as_select())
        .load(conn)
        .await
}

/// How many accepted members a group has.
pub async fn member_count(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<i64> {
    follows::table
        .filter(follows::followed_id.eq(group_id))
        .filter(follows::state.eq("accepted"))
        .count()
        .get_result(conn)
        .await
}
