//! Queries on the federation policy: run-time settings, links and relay
//! subscriptions, instance and actor blocks, the linked feed and theme mappings.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::{
    BoolExpressionMethods, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{
    actor_blocks, instance_blocks, instance_links, instance_settings, linked_posts, moderation_log, theme_mappings,
};
use crate::domain::federation::{Mode, Policy};

pub const MODE_KEY: &str = "federation_mode";

pub async fn setting(conn: &mut AsyncPgConnection, key: &str) -> diesel::QueryResult<Option<String>> {
    instance_settings::table
        .find(key)
        .select(instance_settings::value)
        .first(conn)
        .await
        .optional()
}

/// A setting with the time it was last changed.
pub async fn setting_with_date(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> diesel::QueryResult<Option<(String, chrono::DateTime<chrono::Utc>)>> {
    instance_settings::table
        .find(key)
        .select((instance_settings::value, instance_settings::updated_at))
        .first(conn)
        .await
        .optional()
}

pub async fn set_setting(conn: &mut AsyncPgConnection, key: &str, value: &str) -> diesel::QueryResult<()> {
    diesel::insert_into(instance_settings::table)
        .values((instance_settings::key.eq(key), instance_settings::value.eq(value)))
        .on_conflict(instance_settings::key)
        .do_update()
        .set((
            instance_settings::value.eq(excluded(instance_settings::value)),
            instance_settings::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = instance_links)]
pub struct DbLink {
    pub host: String,
    /// `instance` or `relay`.
    pub kind: String,
    /// Their instance actor (or the relay's actor).
    pub actor_id: Option<i64>,
    /// Our Follow of them: `none`, `pending`, `accepted`.
    pub outgoing: String,
    /// Their Follow of us.
    pub incoming: String,
    pub follow_ap_id: Option<String>,
    pub incoming_follow_ap_id: Option<String>,
    pub last_received_at: Option<DateTime<Utc>>,
    /// Their NodeInfo, as last fetched.
    pub info: Option<serde_json::Value>,
    pub info_fetched_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A Mastodon-style relay's inbox, where our Follow of the public
    /// collection went (LitePub-style relays are followed at their actor).
    pub relay_inbox: Option<String>,
}

impl DbLink {
    /// Both instance actors follow each other (for a relay: it accepted us).
    pub fn established(&self) -> bool {
        self.outgoing == "accepted" && (self.kind == "relay" || self.incoming == "accepted")
    }

    fn state_str(state: &str) -> &'static str {
        match state {
            "accepted" => "accepted",
            "pending" => "pending",
            _ => "none",
        }
    }

    /// The link's state in one word: `linked`, `pending` (waiting for them),
    /// `requested` (they asked) or, for a relay, `subscribed`.
    pub fn state(&self) -> &'static str {
        match (self.kind.as_str(), self.outgoing.as_str(), self.incoming.as_str()) {
            ("relay", "accepted", _) => "subscribed",
            (_, "accepted", "accepted") => "linked",
            (_, _, "pending") => "requested",
            _ => "pending",
        }
    }

    /// The row as it would be saved again.
    pub fn as_new(&self) -> NewLink<'_> {
        NewLink {
            host: &self.host,
            kind: &self.kind,
            actor_id: self.actor_id,
            outgoing: self.outgoing_str(),
            incoming: self.incoming_str(),
            follow_ap_id: self.follow_ap_id.as_deref(),
            incoming_follow_ap_id: self.incoming_follow_ap_id.as_deref(),
            relay_inbox: self.relay_inbox.as_deref(),
        }
    }

    pub fn outgoing_str(&self) -> &'static str {
        Self::state_str(&self.outgoing)
    }

    pub fn incoming_str(&self) -> &'static str {
        Self::state_str(&self.incoming)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = instance_links)]
pub struct NewLink<'a> {
    pub host: &'a str,
    pub kind: &'a str,
    pub actor_id: Option<i64>,
    pub outgoing: &'a str,
    pub incoming: &'a str,
    pub follow_ap_id: Option<&'a str>,
    pub incoming_follow_ap_id: Option<&'a str>,
    pub relay_inbox: Option<&'a str>,
}

pub async fn link(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<Option<DbLink>> {
    instance_links::table
        .find(host)
        .select(DbLink::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The link with `host` if `actor_id` is the actor it is with, or if it is a
/// relay subscribed by its inbox whose actor we have yet to learn.
pub async fn link_of_server(
    conn: &mut AsyncPgConnection,
    host: &str,
    actor_id: i64,
) -> diesel::QueryResult<Option<DbLink>> {
    Ok(link(conn, host).await?.filter(|l| match l.actor_id {
        Some(id) => id == actor_id,
        None => l.relay_inbox.is_some(),
    }))
}

/// The links in force or asked for (ended ones are left out).
pub async fn links(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbLink>> {
    instance_links::table
        .filter(
            instance_links::outgoing
                .ne("none")
                .or(instance_links::incoming.ne("none")),
        )
        .select(DbLink::as_select())
        .order(instance_links::host.asc())
        .load(conn)
        .await
}

/// Inserts or replaces a link's row.
pub async fn save_link(conn: &mut AsyncPgConnection, new: &NewLink<'_>) -> diesel::QueryResult<DbLink> {
    diesel::insert_into(instance_links::table)
        .values(new)
        .on_conflict(instance_links::host)
        .do_update()
        .set((
            instance_links::kind.eq(excluded(instance_links::kind)),
            instance_links::actor_id.eq(excluded(instance_links::actor_id)),
            instance_links::outgoing.eq(excluded(instance_links::outgoing)),
            instance_links::incoming.eq(excluded(instance_links::incoming)),
            instance_links::follow_ap_id.eq(excluded(instance_links::follow_ap_id)),
            instance_links::incoming_follow_ap_id.eq(excluded(instance_links::incoming_follow_ap_id)),
            instance_links::relay_inbox.eq(excluded(instance_links::relay_inbox)),
            instance_links::updated_at.eq(diesel::dsl::now),
        ))
        .returning(DbLink::as_returning())
        .get_result(conn)
        .await
}

pub async fn delete_link(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<usize> {
    diesel::delete(instance_links::table.find(host)).execute(conn).await
}

/// Notes that something arrived over the link (at most once a minute).
pub async fn touch_link(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<()> {
    diesel::update(
        instance_links::table.find(host).filter(
            instance_links::last_received_at
                .is_null()
                .or(instance_links::last_received_at.lt(Utc::now() - chrono::Duration::minutes(1))),
        ),
    )
    .set(instance_links::last_received_at.eq(diesel::dsl::now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps what a linked instance's NodeInfo said.
pub async fn set_info(conn: &mut AsyncPgConnection, host: &str, info: &serde_json::Value) -> diesel::QueryResult<()> {
    diesel::update(instance_links::table.find(host))
        .set((
            instance_links::info.eq(info),
            instance_links::info_fetched_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = instance_blocks)]
pub struct DbInstanceBlock {
    pub host: String,
    pub severity: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

pub async fn instance_blocks(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbInstanceBlock>> {
    instance_blocks::table
        .select(DbInstanceBlock::as_select())
        .order(instance_blocks::host.asc())
        .load(conn)
        .await
}

pub async fn block_instance(
    conn: &mut AsyncPgConnection,
    host: &str,
    severity: &str,
    reason: &str,
) -> diesel::QueryResult<()> {
    diesel::insert_into(instance_blocks::table)
        .values((
            instance_blocks::host.eq(host),
            instance_blocks::severity.eq(severity),
            instance_blocks::reason.eq(reason),
        ))
        .on_conflict(instance_blocks::host)
        .do_update()
        .set((
            instance_blocks::severity.eq(excluded(instance_blocks::severity)),
            instance_blocks::reason.eq(excluded(instance_blocks::reason)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn unblock_instance(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<usize> {
    diesel::delete(instance_blocks::table.find(host)).execute(conn).await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = actor_blocks)]
pub struct DbActorBlock {
    pub ap_id: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

pub async fn actor_blocks(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbActorBlock>> {
    actor_blocks::table
        .select(DbActorBlock::as_select())
        .order(actor_blocks::ap_id.asc())
        .load(conn)
        .await
}

pub async fn block_actor(conn: &mut AsyncPgConnection, ap_id: &str, reason: &str) -> diesel::QueryResult<()> {
    diesel::insert_into(actor_blocks::table)
        .values((actor_blocks::ap_id.eq(ap_id), actor_blocks::reason.eq(reason)))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn unblock_actor(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<usize> {
    diesel::delete(actor_blocks::table.find(ap_id)).execute(conn).await
}

/// The policy in force, read whole (the tables are small).
pub async fn load_policy(conn: &mut AsyncPgConnection, configured: Mode) -> diesel::QueryResult<Policy> {
    let mode = setting(conn, MODE_KEY)
        .await?
        .as_deref()
        .and_then(Mode::parse)
        .unwrap_or(configured);
    let linked: HashSet<String> = instance_links::table
        .filter(
            instance_links::outgoing
                .ne("none")
                .or(instance_links::incoming.eq("accepted")),
        )
        .select(instance_links::host)
        .load(conn)
        .await?
        .into_iter()
        .collect();
    let departing: HashSet<String> = instance_links::table
        .filter(instance_links::outgoing.eq("none"))
        .filter(instance_links::incoming.eq("none"))
        .filter(instance_links::updated_at.gt(Utc::now() - chrono::Duration::hours(1)))
        .select(instance_links::host)
        .load(conn)
        .await?
        .into_iter()
        .collect();
    let mut policy = Policy {
        mode,
        linked,
        departing,
        ..Policy::default()
    };
    for block in instance_blocks(conn).await? {
        match block.severity.as_str() {
            "suspend" => policy.suspended.insert(block.host),
            _ => policy.silenced.insert(block.host),
        };
    }
    policy.blocked_actors = actor_blocks::table
        .select(actor_blocks::ap_id)
        .load(conn)
        .await?
        .into_iter()
        .collect();
    Ok(policy)
}

/// Files a post under the "From linked instances" feed, and on one of our
/// themes when it belongs to a theme of theirs.
pub async fn add_linked_post(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    host: &str,
    theme_id: Option<i64>,
) -> diesel::QueryResult<()> {
    diesel::insert_into(linked_posts::table)
        .values((
            linked_posts::status_id.eq(status_id),
            linked_posts::host.eq(host),
            linked_posts::theme_id.eq(theme_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Maps a linked instance's theme key to a local group.
pub async fn map_theme(
    conn: &mut AsyncPgConnection,
    host: &str,
    remote_key: &str,
    group_id: i64,
) -> diesel::QueryResult<()> {
    diesel::insert_into(theme_mappings::table)
        .values((
            theme_mappings::host.eq(host),
            theme_mappings::remote_key.eq(remote_key),
            theme_mappings::group_id.eq(group_id),
        ))
        .on_conflict((theme_mappings::host, theme_mappings::remote_key))
        .do_update()
        .set(theme_mappings::group_id.eq(excluded(theme_mappings::group_id)))
        .execute(conn)
        .await?;
    Ok(())
}

/// The local groups mapped to `host`'s theme keys.
async fn mapped_groups(conn: &mut AsyncPgConnection, host: &str, keys: &[String]) -> diesel::QueryResult<Vec<i64>> {
    theme_mappings::table
        .filter(theme_mappings::host.eq(host))
        .filter(theme_mappings::remote_key.eq_any(keys))
        .select(theme_mappings::group_id)
        .load(conn)
        .await
}

/// Our themes for `host`'s theme keys: the one an operator mapped each key
/// to, or else ours of the same key (the default themes' keys are shared by
/// every Fucina instance).
pub async fn local_themes_for(
    conn: &mut AsyncPgConnection,
    host: &str,
    keys: &[String],
) -> diesel::QueryResult<Vec<i64>> {
    let mut themes = mapped_groups(conn, host, keys).await?;
    let mapped = mapped_keys(conn, host, keys).await?;
    for key in keys.iter().filter(|k| !mapped.contains(k)) {
        if let Some(theme) = crate::db::groups::find_by_theme_key(conn, key).await? {
            themes.push(theme.actor.id);
        }
    }
    Ok(themes)
}

/// Which of `host`'s theme keys are mapped.
async fn mapped_keys(conn: &mut AsyncPgConnection, host: &str, keys: &[String]) -> diesel::QueryResult<Vec<String>> {
    theme_mappings::table
        .filter(theme_mappings::host.eq(host))
        .filter(theme_mappings::remote_key.eq_any(keys))
        .select(theme_mappings::remote_key)
        .load(conn)
        .await
}

/// Logs an instance-wide policy change.
pub async fn log(
    conn: &mut AsyncPgConnection,
    moderator_id: Option<i64>,
    action: &str,
    host: Option<&str>,
    reason: &str,
) -> diesel::QueryResult<()> {
    diesel::insert_into(moderation_log::table)
        .values((
            moderation_log::moderator_id.eq(moderator_id),
            moderation_log::action.eq(action),
            moderation_log::target_host.eq(host),
            moderation_log::reason.eq(reason),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// One entry of the instance's moderation log.
#[derive(Debug, Clone, Queryable)]
pub struct LogEntry {
    pub action: String,
    pub target_host: Option<String>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// The instance-wide entries of the moderation log, newest first.
pub async fn instance_log(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<LogEntry>> {
    moderation_log::table
        .filter(moderation_log::group_id.is_null())
        .order(moderation_log::id.desc())
        .limit(limit)
        .select((
            moderation_log::action,
            moderation_log::target_host,
            moderation_log::reason,
            moderation_log::created_at,
        ))
        .load(conn)
        .await
}

/// Removes what this instance keeps of the actors `actor_filter` selects (a
/// SQL condition on `actors`, bound to `$1`): their posts and every follow to
/// or from them; local accounts' follower counts are counted again.
async fn purge(conn: &mut AsyncPgConnection, actor_filter: &str, value: &str) -> diesel::QueryResult<usize> {
    use diesel::sql_types::Text;
    let removed = diesel::sql_query(format!(
        "DELETE FROM statuses WHERE actor_id IN (SELECT id FROM actors WHERE {actor_filter})"
    ))
    .bind::<Text, _>(value)
    .execute(conn)
    .await?;
    diesel::sql_query(format!(
        "DELETE FROM follows WHERE follower_id IN (SELECT id FROM actors WHERE {actor_filter}) \
         OR followed_id IN (SELECT id FROM actors WHERE {actor_filter})"
    ))
    .bind::<Text, _>(value)
    .execute(conn)
    .await?;
    diesel::sql_query(
        "UPDATE actors SET \
           followers_count = (SELECT count(*) FROM follows f WHERE f.followed_id = actors.id AND f.state = 'accepted'), \
           following_count = (SELECT count(*) FROM follows f WHERE f.follower_id = actors.id AND f.state = 'accepted') \
         WHERE domain IS NULL",
    )
    .execute(conn)
    .await?;
    Ok(removed)
}

/// Removes a suspended instance's posts and follows; returns how many posts went.
pub async fn purge_instance(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<usize> {
    purge(conn, "domain = $1", host).await
}

/// Removes a blocked actor's posts and follows.
pub async fn purge_actor(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<usize> {
    purge(conn, "ap_id = $1", ap_id).await
}
