//! The competence vocabulary, what people know, and the matching of people
//! and proposals by it.

use diesel::prelude::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel::sql_types::{Array, BigInt, Text};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::proposals::DbProposal;
use crate::db::schema::{actor_competences, actors, competences, proposal_dismissals};

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
}

/// Open proposals for `me`, from here and from linked instances: those that
/// need something they know or are in a theme they follow, best first
/// (competences weigh most, then themes, then languages), leaving out their
/// own, those they answered and those they set aside.
pub async fn suggestions(conn: &mut AsyncPgConnection, me: i64, limit: i64) -> diesel::QueryResult<Vec<Suggested>> {
    // The pool: the newest open proposals that need what they know or are in
    // a theme they follow (a bounded number of each, found through indexes);
    // only the pool is ranked, so the cost does not grow with the catalogue.
    diesel::sql_query(
        "WITH mine AS (SELECT coalesce(array_agg(competence), '{}') AS keys FROM actor_competences WHERE actor_id = $1), \
              langs AS (SELECT working_languages AS codes FROM actors WHERE id = $1), \
              themes AS (SELECT f.followed_id AS id, g.display_name AS name FROM follows f \
                         JOIN actors g ON g.id = f.followed_id AND g.actor_type = 'Group' \
                         WHERE f.follower_id = $1 AND f.state = 'accepted'), \
              pool AS ((SELECT p.id FROM proposals p WHERE p.state = 'open' \
                          AND p.competences && (SELECT keys FROM mine) ORDER BY p.published_at DESC NULLS LAST LIMIT 400) \
                       UNION (SELECT pg.proposal_id FROM proposal_groups pg JOIN proposals p ON p.id = pg.proposal_id \
                          WHERE pg.group_id IN (SELECT id FROM themes) AND p.state = 'open' \
                          ORDER BY p.published_at DESC NULLS LAST LIMIT 400)), \
              scored AS (SELECT p.id, p.published_at, \
                ARRAY(SELECT c FROM unnest(p.competences) c WHERE c = ANY ((SELECT keys FROM mine)::text[])) AS shared, \
                ARRAY(SELECT t.name FROM themes t JOIN proposal_groups pg ON pg.group_id = t.id AND pg.proposal_id = p.id) AS themes, \
                ARRAY(SELECT l FROM unnest(p.languages) l WHERE l = ANY ((SELECT codes FROM langs)::text[])) AS languages \
              FROM proposals p JOIN pool ON pool.id = p.id JOIN actors a ON a.id = p.author_id \
              WHERE p.author_id <> $1 AND a.deleted_at IS NULL \
                AND (p.local OR EXISTS (SELECT 1 FROM instance_links il WHERE il.host = a.domain AND il.kind = 'instance' \
                                        AND il.outgoing = 'accepted' AND il.incoming = 'accepted')) \
                AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.id = p.status_id AND s.deleted_at IS NOT NULL) \
                AND NOT EXISTS (SELECT 1 FROM interests i WHERE i.proposal_id = p.id AND i.sender_id = $1) \
                AND NOT EXISTS (SELECT 1 FROM proposal_dismissals d WHERE d.proposal_id = p.id AND d.actor_id = $1)) \
         SELECT id AS proposal_id, shared, themes, languages FROM scored \
         ORDER BY cardinality(shared) * 4 + cardinality(themes) * 2 + cardinality(languages) DESC, \
                  published_at DESC NULLS LAST \
         LIMIT $2",
    )
    .bind::<BigInt, _>(me)
    .bind::<BigInt, _>(limit)
    .load(conn)
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
