//! The competence vocabulary, what people know, and the matching of people
//! and proposals by it.

use diesel::prelude::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel::sql_types::{Array, BigInt, Text};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::proposals::DbProposal;
use crate::db::schema::{actor_competences, actors, competences, proposal_dismissals, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = competences)]
pub struct DbCompetence {
    pub key: String,
    /// `{lang: label}`.
    pub labels: serde_json::Value,
    pub merged_into: Option<String>,
}

/// Adds the keys not in the vocabulary yet; returns each key as it is to be
/// stored (a merged synonym gives the key it was merged into), once each.
pub async fn canonical(conn: &mut AsyncPgConnection, keys: &[String]) -> diesel::QueryResult<Vec<String>> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys.iter().filter(|k| !k.is_empty()) {
        diesel::insert_into(competences::table)
            .values(competences::key.eq(key))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        let merged: Option<Option<String>> = competences::table
            .find(key)
            .select(competences::merged_into)
            .first(conn)
            .await
            .optional()?;
        let kept = merged.flatten().unwrap_or_else(|| key.clone());
        if !out.contains(&kept) {
            out.push(kept);
        }
    }
    Ok(out)
}

/// The vocabulary entries for these keys.
pub async fn find_many(conn: &mut AsyncPgConnection, keys: &[String]) -> diesel::QueryResult<Vec<DbCompetence>> {
    competences::table
        .filter(competences::key.eq_any(keys))
        .select(DbCompetence::as_select())
        .load(conn)
        .await
}

/// Entries whose key or a label starts with `prefix` (for autocomplete), at most `limit`.
pub async fn starting_with(
    conn: &mut AsyncPgConnection,
    prefix: &str,
    limit: i64,
) -> diesel::QueryResult<Vec<DbCompetence>> {
    diesel::sql_query(
        "SELECT key, labels, merged_into FROM competences WHERE merged_into IS NULL AND \
         (key LIKE $1 || '%' OR EXISTS (SELECT 1 FROM jsonb_each_text(labels) l WHERE lower(l.value) LIKE $1 || '%')) \
         ORDER BY key LIMIT $2",
    )
    .bind::<Text, _>(prefix)
    .bind::<BigInt, _>(limit)
    .load::<VocabularyRow>(conn)
    .await
    .map(|rows| rows.into_iter().map(VocabularyRow::into_competence).collect())
}

#[derive(QueryableByName)]
struct VocabularyRow {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    labels: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    merged_into: Option<String>,
}

impl VocabularyRow {
    fn into_competence(self) -> DbCompetence {
        DbCompetence {
            key: self.key,
            labels: self.labels,
            merged_into: self.merged_into,
        }
    }
}

/// What an actor knows (keys).
pub async fn of_actor(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    actor_competences::table
        .filter(actor_competences::actor_id.eq(actor_id))
        .order(actor_competences::competence.asc())
        .select(actor_competences::competence)
        .load(conn)
        .await
}

/// Replaces what an actor knows, and the languages they work in.
pub async fn set_actor(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    keys: &[String],
    languages: Option<&[String]>,
) -> diesel::QueryResult<()> {
    diesel::delete(actor_competences::table.filter(actor_competences::actor_id.eq(actor_id)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = keys
        .iter()
        .map(|k| {
            (
                actor_competences::actor_id.eq(actor_id),
                actor_competences::competence.eq(k),
            )
        })
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(actor_competences::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    if let Some(languages) = languages {
        diesel::update(actors::table.find(actor_id))
            .set(actors::working_languages.eq(languages))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The languages an actor works in.
pub async fn languages_of(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    actors::table
        .find(actor_id)
        .select(actors::working_languages)
        .first(conn)
        .await
}

/// The kinds and stages of proposal a local person follows.
pub async fn followed_of(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
) -> diesel::QueryResult<(Vec<String>, Vec<String>)> {
    users::table
        .filter(users::actor_id.eq(actor_id))
        .select((users::followed_kinds, users::followed_stages))
        .first(conn)
        .await
}

/// Sets the kinds and stages of proposal a local person follows.
pub async fn set_followed(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    kinds: &[String],
    stages: &[String],
) -> diesel::QueryResult<()> {
    diesel::update(users::table.filter(users::actor_id.eq(actor_id)))
        .set((users::followed_kinds.eq(kinds), users::followed_stages.eq(stages)))
        .execute(conn)
        .await?;
    Ok(())
}

/// The ids of local people who are discoverable and list what they know,
/// newest first: what linked instances learn to suggest them.
pub async fn discoverable_people(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        ap_id: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT a.ap_id FROM actors a \
         WHERE a.domain IS NULL AND a.actor_type = 'Person' AND a.discoverable AND a.deleted_at IS NULL \
           AND EXISTS (SELECT 1 FROM actor_competences ac WHERE ac.actor_id = a.id) \
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.actor_id = a.id AND (u.suspended_at IS NOT NULL OR u.disabled)) \
         ORDER BY a.id DESC LIMIT $1",
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.ap_id).collect())
}

/// Sets a suggestion aside for good.
pub async fn dismiss(conn: &mut AsyncPgConnection, actor_id: i64, proposal_id: i64) -> diesel::QueryResult<()> {
    diesel::insert_into(proposal_dismissals::table)
        .values((
            proposal_dismissals::actor_id.eq(actor_id),
            proposal_dismissals::proposal_id.eq(proposal_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// An open proposal suggested to someone, with what matched.
#[derive(Debug, Clone, QueryableByName)]
pub struct Suggested {
    #[diesel(sql_type = BigInt)]
    pub proposal_id: i64,
    /// Sought competences the person knows.
    #[diesel(sql_type = Array<Text>)]
    pub shared: Vec<String>,
    /// The person's themes the proposal is in (their names).
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
    /// Working languages in common.
    #[diesel(sql_type = Array<Text>)]
    pub languages: Vec<String>,
    /// Of a kind the person follows.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub kind_followed: bool,
    /// At a stage the person follows.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub stage_followed: bool,
}

/// The conditions for proposal `p` (its author `pa`) to be suggested to the
/// person whose id is the SQL expression `me`: open, someone else's, from
/// here or from a linked instance, not removed, not answered, not set aside.
fn suggestible(me: &str) -> String {
    format!(
        "p.state = 'open' AND p.author_id <> {me} AND pa.deleted_at IS NULL \
         AND (p.local OR EXISTS (SELECT 1 FROM instance_links il WHERE il.host = pa.domain AND il.kind = 'instance' \
                                 AND il.outgoing = 'accepted' AND il.incoming = 'accepted')) \
         AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.id = p.status_id AND s.deleted_at IS NOT NULL) \
         AND NOT EXISTS (SELECT 1 FROM interests i WHERE i.proposal_id = p.id AND i.sender_id = {me}) \
         AND NOT EXISTS (SELECT 1 FROM proposal_dismissals d WHERE d.proposal_id = p.id AND d.actor_id = {me})"
    )
}

/// What suggestions for a person are made of: what they know, the languages
/// they work in, the themes they follow (ids and names), and the kinds and
/// stages of proposal they follow.
#[derive(Debug, Clone, Default)]
pub struct Seeker {
    pub competences: Vec<String>,
    pub languages: Vec<String>,
    pub themes: Vec<(i64, String)>,
    pub kinds: Vec<String>,
    pub stages: Vec<String>,
}

/// Reads what `me` knows, works in and follows.
pub async fn seeker(conn: &mut AsyncPgConnection, me: i64) -> diesel::QueryResult<Seeker> {
    use crate::db::schema::follows;
    use diesel::JoinOnDsl;
    let competences = of_actor(conn, me).await?;
    let languages = languages_of(conn, me).await?;
    let (kinds, stages) = followed_of(conn, me).await.optional()?.unwrap_or_default();
    let themes = follows::table
        .inner_join(actors::table.on(actors::id.eq(follows::followed_id)))
        .filter(follows::follower_id.eq(me))
        .filter(follows::state.eq("accepted"))
        .filter(actors::actor_type.eq("Group"))
        .select((actors::id, actors::display_name))
        .load(conn)
        .await?;
    Ok(Seeker {
        competences,
        languages,
        themes,
        kinds,
        stages,
    })
}

/// Open proposals for `me`, from here and from linked instances: those that
/// need something they know, are in a theme they follow or are of a kind
/// they follow, best first (competences weigh most, then themes, then kind,
/// stage and languages), leaving out their own, those they answered and
/// those they set aside.
pub async fn suggestions(
    conn: &mut AsyncPgConnection,
    me: i64,
    seeker: &Seeker,
    limit: i64,
) -> diesel::QueryResult<Vec<Suggested>> {
    let theme_ids: Vec<i64> = seeker.themes.iter().map(|(id, _)| *id).collect();
    let theme_names: Vec<String> = seeker.themes.iter().map(|(_, name)| name.clone()).collect();
    // The pool: the newest open proposals of each kind of match, a bounded
    // number of each, found through indexes newest first: one walk per theme
    // and per kind followed (so a popular theme is never sorted whole), and
    // for competences the newest proposals that overlap (the array is a
    // bound value, so the planner weighs how common each competence is, and
    // an empty one makes the arm a one-time false filter). Only the pool is
    // ranked, so the cost does not grow with the catalogue.
    diesel::sql_query(format!(
        "WITH pool AS ((SELECT p.id FROM proposals p WHERE cardinality($2) > 0 AND p.state = 'open' AND p.competences && $2 \
                          ORDER BY p.id DESC LIMIT {POOL}) \
                       UNION (SELECT x.id FROM unnest($4) AS t(group_id), \
                                LATERAL (SELECT pg.proposal_id AS id FROM proposal_groups pg JOIN proposals p ON p.id = pg.proposal_id \
                                         WHERE pg.group_id = t.group_id AND p.state = 'open' \
                                         ORDER BY pg.proposal_id DESC LIMIT {POOL}) x \
                              ORDER BY x.id DESC LIMIT {POOL}) \
                       UNION (SELECT x.id FROM unnest($6) AS k(kind), \
                                LATERAL (SELECT p.id FROM proposals p WHERE p.state = 'open' AND p.kind = k.kind \
                                         ORDER BY p.id DESC LIMIT {POOL}) x \
                              ORDER BY x.id DESC LIMIT {POOL})), \
              scored AS (SELECT p.id, p.published_at, \
                ARRAY(SELECT c FROM unnest(p.competences) c WHERE c = ANY ($2)) AS shared, \
                ARRAY(SELECT $5[i] FROM generate_subscripts($4, 1) i \
                      WHERE EXISTS (SELECT 1 FROM proposal_groups pg WHERE pg.proposal_id = p.id AND pg.group_id = $4[i])) AS themes, \
                ARRAY(SELECT l FROM unnest(p.languages) l WHERE l = ANY ($3)) AS languages, \
                p.kind = ANY ($6) AS kind_followed, p.stage = ANY ($7) AS stage_followed \
              FROM proposals p JOIN pool ON pool.id = p.id JOIN actors pa ON pa.id = p.author_id \
              WHERE {}) \
         SELECT id AS proposal_id, shared, themes, languages, kind_followed, stage_followed FROM scored \
         ORDER BY cardinality(shared) * 4 + cardinality(themes) * 2 + kind_followed::int * 2 + stage_followed::int \
                  + least(cardinality(languages), 1) DESC, published_at DESC NULLS LAST \
         LIMIT $8",
        suggestible("$1")
    ))
    .bind::<BigInt, _>(me)
    .bind::<Array<Text>, _>(&seeker.competences)
    .bind::<Array<Text>, _>(&seeker.languages)
    .bind::<Array<BigInt>, _>(&theme_ids)
    .bind::<Array<Text>, _>(&theme_names)
    .bind::<Array<Text>, _>(&seeker.kinds)
    .bind::<Array<Text>, _>(&seeker.stages)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// How many of the newest proposals of each kind of match are ranked.
const POOL: i64 = 200;

/// Someone whose e-mail digest is due, with how many open proposals that
/// need what they know were published since they were last told.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueMatches {
    #[diesel(embed)]
    pub recipient: crate::db::mail::MailRecipient,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

/// People with a daily or weekly digest due who list competences and were
/// not looked at for new matches within their digest's period (locked,
/// skipping those another process is mailing), with the count of proposals
/// published since then that they would be suggested.
pub async fn due_matches(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<DueMatches>> {
    diesel::sql_query(format!(
        "WITH due AS (SELECT u.actor_id, u.email, u.locale, u.unsubscribe_token, \
                  coalesce(u.matches_checked_at, now() - CASE u.email_notifications WHEN 'weekly' THEN interval '7 days' \
                                                         ELSE interval '1 day' END) AS since \
              FROM users u \
              WHERE u.approval = 'approved' AND u.suspended_at IS NULL AND NOT u.disabled \
                AND ((u.email_notifications = 'daily' AND (u.digest_sent_at IS NULL OR u.digest_sent_at <= now() - interval '1 day') \
                      AND (u.matches_checked_at IS NULL OR u.matches_checked_at <= now() - interval '1 day')) \
                  OR (u.email_notifications = 'weekly' AND (u.digest_sent_at IS NULL OR u.digest_sent_at <= now() - interval '7 days') \
                      AND (u.matches_checked_at IS NULL OR u.matches_checked_at <= now() - interval '7 days'))) \
                AND EXISTS (SELECT 1 FROM actor_competences ac WHERE ac.actor_id = u.actor_id) \
              ORDER BY u.actor_id LIMIT $1 FOR UPDATE OF u SKIP LOCKED) \
         SELECT due.actor_id AS recipient_id, due.email, due.locale, a.username, a.display_name, due.unsubscribe_token, \
                (SELECT count(*) FROM proposals p JOIN actors pa ON pa.id = p.author_id \
                 WHERE p.published_at > due.since AND {} \
                   AND p.competences && ARRAY(SELECT ac.competence FROM actor_competences ac WHERE ac.actor_id = due.actor_id)) AS count \
         FROM due JOIN actors a ON a.id = due.actor_id ORDER BY due.actor_id",
        suggestible("due.actor_id")
    ))
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Marks these people as looked at for new matches now.
pub async fn mark_matches_checked(conn: &mut AsyncPgConnection, actor_ids: &[i64]) -> diesel::QueryResult<usize> {
    diesel::sql_query("UPDATE users SET matches_checked_at = now() WHERE actor_id = ANY($1)")
        .bind::<Array<BigInt>, _>(actor_ids)
        .execute(conn)
        .await
}

/// A person who could join a proposal, with what matched.
#[derive(Debug, Clone, QueryableByName)]
pub struct Candidate {
    #[diesel(embed)]
    pub actor: DbActor,
    #[diesel(sql_type = Array<Text>)]
    pub shared: Vec<String>,
}

/// Discoverable people here and on linked instances who know what
/// `proposal` seeks, the most matches first; never its author or its team.
pub async fn candidates(
    conn: &mut AsyncPgConnection,
    proposal: &DbProposal,
    limit: i64,
) -> diesel::QueryResult<Vec<Candidate>> {
    diesel::sql_query(
        "SELECT a.*, ARRAY(SELECT ac.competence FROM actor_competences ac WHERE ac.actor_id = a.id \
                           AND ac.competence = ANY ($1) ORDER BY ac.competence) AS shared \
         FROM actors a \
         WHERE a.actor_type = 'Person' AND a.discoverable AND a.deleted_at IS NULL AND a.id <> $2 \
           AND (a.domain IS NULL OR EXISTS (SELECT 1 FROM instance_links il WHERE il.host = a.domain AND il.kind = 'instance' AND il.outgoing = 'accepted' AND il.incoming = 'accepted')) \
           AND EXISTS (SELECT 1 FROM actor_competences ac WHERE ac.actor_id = a.id AND ac.competence = ANY ($1)) \
           AND NOT EXISTS (SELECT 1 FROM interests i WHERE i.proposal_id = $3 AND i.sender_id = a.id AND i.state = 'accepted') \
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.actor_id = a.id AND u.suspended_at IS NOT NULL) \
         ORDER BY cardinality(ARRAY(SELECT 1 FROM actor_competences ac WHERE ac.actor_id = a.id AND ac.competence = ANY ($1))) DESC, \
                  a.domain IS NOT NULL, a.username \
         LIMIT $4",
    )
    .bind::<Array<Text>, _>(proposal.competence_list())
    .bind::<BigInt, _>(proposal.author_id)
    .bind::<BigInt, _>(proposal.id)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// A vocabulary entry with how many proposals and people use it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Usage {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub labels: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    pub merged_into: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub proposals: i64,
    #[diesel(sql_type = BigInt)]
    pub people: i64,
}

/// The whole vocabulary, most used first.
pub async fn usage(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<Usage>> {
    diesel::sql_query(
        "SELECT * FROM (SELECT c.key, c.labels, c.merged_into, \
                (SELECT count(*) FROM proposals p WHERE c.key = ANY (p.competences)) AS proposals, \
                (SELECT count(*) FROM actor_competences ac WHERE ac.competence = c.key) AS people \
         FROM competences c) u ORDER BY u.merged_into IS NOT NULL, u.proposals + u.people DESC, u.key LIMIT 1000",
    )
    .load(conn)
    .await
}

/// Sets the labels of a key; `false` if there is no such key.
pub async fn set_labels(
    conn: &mut AsyncPgConnection,
    key: &str,
    labels: &serde_json::Value,
) -> diesel::QueryResult<bool> {
    let changed = diesel::update(competences::table.find(key))
        .set(competences::labels.eq(labels))
        .execute(conn)
        .await?;
    Ok(changed > 0)
}

/// Merges the synonym `from` into `into`: every proposal and person that
/// listed `from` lists `into` (once), and `from` is kept only to point there.
pub async fn merge(conn: &mut AsyncPgConnection, from: &str, into: &str) -> diesel::QueryResult<()> {
    diesel::insert_into(competences::table)
        .values(competences::key.eq(into))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    for sql in [
        "UPDATE competences SET merged_into = $2 WHERE key = $1 OR merged_into = $1",
        "UPDATE proposals SET competences = ARRAY(SELECT DISTINCT unnest(array_replace(competences, $1, $2))) \
         WHERE $1 = ANY (competences)",
        "DELETE FROM actor_competences a WHERE a.competence = $1 \
         AND EXISTS (SELECT 1 FROM actor_competences b WHERE b.actor_id = a.actor_id AND b.competence = $2)",
        "UPDATE actor_competences SET competence = $2 WHERE competence = $1",
    ] {
        diesel::sql_query(sql)
            .bind::<Text, _>(from)
            .bind::<Text, _>(into)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Filters of the directory of innovators; all optional.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// A folded competence key.
    pub competence: Option<String>,
    /// A theme or community they follow (its actor id).
    pub theme_id: Option<i64>,
    /// Words of their organisation's name.
    pub organisation: Option<String>,
    /// `local`, or a remote domain.
    pub instance: Option<String>,
}

/// Discoverable people matching `filter`, local first, by name.
pub async fn people(
    conn: &mut AsyncPgConnection,
    filter: &PeopleFilter,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<DbActor>> {
    diesel::sql_query(
        "SELECT a.* FROM actors a \
         WHERE a.actor_type = 'Person' AND a.discoverable AND a.deleted_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM instance_blocks ib WHERE ib.host = a.domain) \
           AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM actor_competences ac WHERE ac.actor_id = a.id AND ac.competence = $1)) \
           AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = a.id AND f.followed_id = $2 AND f.state = 'accepted')) \
           AND ($3::text IS NULL OR a.organisation ILIKE '%' || $3 || '%') \
           AND ($4::text IS NULL OR ($4 = 'local' AND a.domain IS NULL) OR a.domain = $4) \
         ORDER BY a.domain IS NOT NULL, lower(coalesce(nullif(a.display_name, ''), a.username)) \
         OFFSET $5 LIMIT $6",
    )
    .bind::<diesel::sql_types::Nullable<Text>, _>(filter.competence.as_deref())
    .bind::<diesel::sql_types::Nullable<BigInt>, _>(filter.theme_id)
    .bind::<diesel::sql_types::Nullable<Text>, _>(
        filter.organisation.as_deref().map(|o| o.replace(['%', '_', '\\'], "")),
    )
    .bind::<diesel::sql_types::Nullable<Text>, _>(filter.instance.as_deref())
    .bind::<BigInt, _>(offset.max(0))
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}
