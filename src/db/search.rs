//! Full-text search: posts, people and groups by any word, ranked, with the
//! words found marked in an extract. The vectors are generated columns
//! (migration `000021_search`): Italian and English stems, accents folded,
//! title over summary over body. A query is read in both languages
//! (`fucina_query`), so "riciclare" finds "riciclo" and "recycled" "recycling".
//! Ranking is `ts_rank` (weights and frequency): `ts_rank_cd`'s cover
//! density cost twice as much for every match and changed little for the
//! short queries people type.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::statuses::DbStatus;

/// Marks around the words found in an extract, replaced once it is escaped.
pub const MARK_START: char = '\u{1}';
pub const MARK_END: char = '\u{2}';

/// `ts_headline`'s options: short extracts with the sentinel marks.
pub const HEADLINE: &str =
    "StartSel=\u{1}, StopSel=\u{2}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

/// A post found, with its extract.
#[derive(Debug, Clone, QueryableByName)]
pub struct FoundStatus {
    #[diesel(embed)]
    pub status: DbStatus,
    #[diesel(sql_type = Text)]
    pub headline: String,
}

/// Which posts a search may return to the viewer (`$4`, NULL for a
/// visitor): public ones, and the viewer's own. Never direct, followers-only,
/// members-only or unlisted posts of anyone else (what their authors did not
/// put up for discovery), nor posts of people the viewer blocks or is blocked
/// by, nor of blocked instances. The exclusions are hashed sets built once
/// per query, not probes for every match.
const FINDABLE: &str = "s.deleted_at IS NULL AND s.reblog_of_id IS NULL AND (s.visibility = 'public' OR s.actor_id = $4) \
     AND s.actor_id NOT IN (SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = $4 \
                            UNION ALL SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = $4) \
     AND s.actor_id NOT IN (SELECT sa.id FROM actors sa JOIN instance_blocks ib ON ib.host = sa.domain)";

/// Posts with `q`'s words, best first. The statement's text is the same for
/// every query and viewer (all values are bound), so it is prepared once per
/// connection.
pub async fn statuses(
    conn: &mut AsyncPgConnection,
    viewer: Option<i64>,
    q: &str,
    account_id: Option<i64>,
    following_only: bool,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<FoundStatus>> {
    let sql = format!(
        "SELECT s.*, ts_headline(CASE WHEN s.language LIKE 'en%' THEN 'public.fucina_en'::regconfig \
                ELSE 'public.fucina_it'::regconfig END, \
                concat_ws(' — ', s.name, fucina_plain(s.content)), q.query, '{HEADLINE}') AS headline \
         FROM statuses s, fucina_query($1) AS q(query) \
         WHERE s.search @@ q.query AND {FINDABLE} \
           AND ($5::bigint IS NULL OR s.actor_id = $5) \
           AND (NOT $6 OR s.actor_id = $4 \
                OR s.actor_id IN (SELECT followed_id FROM follows WHERE follower_id = $4 AND state = 'accepted')) \
         ORDER BY ts_rank(s.search, q.query) DESC, s.id DESC OFFSET $2 LIMIT $3"
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(q)
        .bind::<BigInt, _>(offset.max(0))
        .bind::<BigInt, _>(limit)
        .bind::<Nullable<BigInt>, _>(viewer)
        .bind::<Nullable<BigInt>, _>(account_id)
        .bind::<diesel::sql_types::Bool, _>(following_only && viewer.is_some())
        .load(conn)
        .await
}

/// A person or group found, with its extract.
#[derive(Debug, Clone, QueryableByName)]
pub struct FoundActor {
    #[diesel(embed)]
    pub actor: DbActor,
    #[diesel(sql_type = Nullable<Text>)]
    pub headline: Option<String>,
}

/// What kind of actor is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// People (and bots): what Mastodon's account search returns, groups too.
    Accounts,
    People,
    Groups,
}

/// Discoverable people or groups whose name or handle starts with `q`, or
/// whose name, organisation, role, skills or bio have its words; name matches
/// first, then the best. `following_of`: only those that account follows.
pub async fn actors(
    conn: &mut AsyncPgConnection,
    q: &str,
    kind: ActorKind,
    following_of: Option<i64>,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<FoundActor>> {
    let prefix = format!(
        "{}%",
        q.trim()
            .trim_start_matches(['@', '!'])
            .replace(['%', '_', '\\'], "")
            .to_lowercase()
    );
    let kind = match kind {
        ActorKind::Accounts => "a.actor_type <> 'Application'",
        ActorKind::People => "a.actor_type IN ('Person', 'Service')",
        ActorKind::Groups => "a.actor_type = 'Group'",
    };
    let following = following_of
        .map(|me| {
            format!(" AND a.id IN (SELECT followed_id FROM follows WHERE follower_id = {me} AND state = 'accepted')")
        })
        .unwrap_or_default();
    let sql = format!(
        "SELECT a.*, CASE WHEN a.search @@ q.query THEN ts_headline('public.fucina_it'::regconfig, \
                concat_ws(' · ', nullif(a.organisation, ''), nullif(a.role_title, ''), nullif(a.skills, ''), \
                fucina_plain(a.summary)), q.query, '{HEADLINE}') END AS headline \
         FROM actors a, fucina_query($1) AS q(query) \
         WHERE a.deleted_at IS NULL AND a.discoverable AND {kind}{following} \
           AND (lower(a.username) LIKE $2 OR lower(a.display_name) LIKE $2 OR a.search @@ q.query) \
           AND NOT EXISTS (SELECT 1 FROM instance_blocks ib WHERE ib.host = a.domain) \
         ORDER BY (lower(a.username) LIKE $2 OR lower(a.display_name) LIKE $2) DESC, \
                  ts_rank(a.search, q.query) DESC, a.domain IS NOT NULL, a.username \
         OFFSET $3 LIMIT $4"
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(q)
        .bind::<Text, _>(prefix)
        .bind::<BigInt, _>(offset.max(0))
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await
}

/// An extract with the marks turned into `<mark>` and everything else escaped.
pub fn highlighted(extract: &str) -> String {
    crate::domain::text::escape_html(extract)
        .replace(MARK_START, "<mark>")
        .replace(MARK_END, "</mark>")
}
