//! Queries on proposals, the groups they belong to, and expressions of
//! interest. Interests are read only through functions that take the viewer,
//! or by their sender, author or id inside services that have checked access.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::NullableExpressionMethods;
use diesel::prelude::{
    AsChangeset, ExpressionMethods, Insertable, JoinOnDsl, OptionalExtension, PgArrayExpressionMethods, QueryDsl,
    Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::attachments::DbAttachment;
use crate::db::schema::{actors, interests, proposal_groups, proposals, statuses};
use crate::db::statuses::{DbStatus, Page};
use crate::domain::proposal::{InterestState, ProposalState, ProposalTexts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
pub struct DbProposal {
    pub id: i64,
    pub author_id: i64,
    pub status_id: Option<i64>,
    pub local: bool,
    #[diesel(deserialize_as = String)]
    pub state: ProposalState,
    pub title: String,
    pub short_description: String,
    pub description: String,
    pub innovation: String,
    pub contribution: String,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: Vec<Option<String>>,
    pub foreign_partners: bool,
    pub competences: Vec<Option<String>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub contact: String,
    pub facilitator_id: Option<i64>,
    pub review_note: String,
    pub results_status_id: Option<i64>,
    pub remote_team: Vec<Option<String>>,
    pub team_group_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl DbProposal {
    /// Its words, as its author wrote them.
    pub fn texts(&self) -> ProposalTexts {
        ProposalTexts {
            title: self.title.clone(),
            short_description: self.short_description.clone(),
            description: self.description.clone(),
            innovation: self.innovation.clone(),
            contribution: self.contribution.clone(),
            contact: self.contact.clone(),
        }
    }

    pub fn language_list(&self) -> Vec<String> {
        self.languages.iter().flatten().cloned().collect()
    }

    pub fn competence_list(&self) -> Vec<String> {
        self.competences.iter().flatten().cloned().collect()
    }
}

/// The fields a proposal's author writes (and a remote copy is refreshed with).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = proposals)]
pub struct ProposalFields {
    pub title: String,
    pub short_description: String,
    pub description: String,
    pub innovation: String,
    pub contribution: String,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: Vec<Option<String>>,
    pub foreign_partners: bool,
    pub competences: Vec<Option<String>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub contact: String,
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    author_id: i64,
    local: bool,
    state: ProposalState,
    status_id: Option<i64>,
    fields: &ProposalFields,
) -> diesel::QueryResult<DbProposal> {
    diesel::insert_into(proposals::table)
        .values((
            proposals::author_id.eq(author_id),
            proposals::local.eq(local),
            proposals::state.eq(state.as_str()),
            proposals::status_id.eq(status_id),
            fields,
        ))
        .returning(DbProposal::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_fields(
    conn: &mut AsyncPgConnection,
    id: i64,
    fields: &ProposalFields,
) -> diesel::QueryResult<DbProposal> {
    diesel::update(proposals::table.find(id))
        .set((fields, proposals::updated_at.eq(Utc::now())))
        .returning(DbProposal::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbProposal>> {
    proposals::table
        .find(id)
        .select(DbProposal::as_select())
        .first(conn)
        .await
        .optional()
}

/// Locks the row for the rest of the transaction (state changes race otherwise).
pub async fn find_for_update(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbProposal>> {
    proposals::table
        .find(id)
        .select(DbProposal::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn find_by_status(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<Option<DbProposal>> {
    proposals::table
        .filter(proposals::status_id.eq(status_id))
        .select(DbProposal::as_select())
        .first(conn)
        .await
        .optional()
}

/// The proposals behind some statuses, by status id.
pub async fn for_statuses(conn: &mut AsyncPgConnection, status_ids: &[i64]) -> diesel::QueryResult<Vec<DbProposal>> {
    if status_ids.is_empty() {
        return Ok(Vec::new());
    }
    proposals::table
        .filter(proposals::status_id.eq_any(status_ids))
        .select(DbProposal::as_select())
        .load(conn)
        .await
}

pub async fn find_by_ap_id(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<Option<DbProposal>> {
    proposals::table
        .inner_join(statuses::table.on(statuses::id.nullable().eq(proposals::status_id)))
        .filter(statuses::ap_id.eq(ap_id))
        .select(DbProposal::as_select())
        .first(conn)
        .await
        .optional()
}

/// What a state change sets besides the state.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = proposals)]
pub struct StateChange {
    pub status_id: Option<Option<i64>>,
    pub facilitator_id: Option<Option<i64>>,
    pub review_note: Option<String>,
    pub results_status_id: Option<Option<i64>>,
    pub team_group_id: Option<Option<i64>>,
    pub submitted_at: Option<Option<DateTime<Utc>>>,
    pub published_at: Option<Option<DateTime<Utc>>>,
    pub closed_at: Option<Option<DateTime<Utc>>>,
}

pub async fn set_state(
    conn: &mut AsyncPgConnection,
    id: i64,
    state: ProposalState,
    change: &StateChange,
) -> diesel::QueryResult<DbProposal> {
    diesel::update(proposals::table.find(id))
        .set((
            proposals::state.eq(state.as_str()),
            proposals::updated_at.eq(Utc::now()),
            change,
        ))
        .returning(DbProposal::as_returning())
        .get_result(conn)
        .await
}

/// Records the team's community without touching the state.
pub async fn set_team_group(conn: &mut AsyncPgConnection, id: i64, group_id: i64) -> diesel::QueryResult<()> {
    diesel::update(proposals::table.find(id))
        .set(proposals::team_group_id.eq(Some(group_id)))
        .execute(conn)
        .await
        .map(drop)
}

/// Open local proposals past their expiry date, locked for the caller's
/// transaction (and skipped by any other process doing the same).
pub async fn due_for_expiry(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> diesel::QueryResult<Vec<DbProposal>> {
    proposals::table
        .filter(proposals::state.eq(ProposalState::Open.as_str()))
        .filter(proposals::local.eq(true))
        .filter(proposals::expires_at.lt(now))
        .order(proposals::expires_at.asc())
        .limit(limit)
        .select(DbProposal::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

pub async fn set_groups(conn: &mut AsyncPgConnection, proposal_id: i64, group_ids: &[i64]) -> diesel::QueryResult<()> {
    diesel::delete(proposal_groups::table.filter(proposal_groups::proposal_id.eq(proposal_id)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = group_ids
        .iter()
        .map(|g| {
            (
                proposal_groups::proposal_id.eq(proposal_id),
                proposal_groups::group_id.eq(*g),
            )
        })
        .collect();
    diesel::insert_into(proposal_groups::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(drop)
}

pub async fn groups_of(conn: &mut AsyncPgConnection, proposal_id: i64) -> diesel::QueryResult<Vec<DbActor>> {
    proposal_groups::table
        .inner_join(actors::table.on(actors::id.eq(proposal_groups::group_id)))
        .filter(proposal_groups::proposal_id.eq(proposal_id))
        .order(actors::username.asc())
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// Filters of proposal lists; all optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub group_id: Option<i64>,
    pub kind: Option<String>,
    pub stage: Option<String>,
    /// One state; by default the open ones.
    pub state: Option<String>,
    pub language: Option<String>,
    pub competence: Option<String>,
    /// `local`, or a remote domain.
    pub instance: Option<String>,
    pub author_id: Option<i64>,
    /// Words to find (in any text field, competences or kind): the list is
    /// then ranked, best first, and paged by `offset` rather than by id.
    pub q: Option<String>,
    pub offset: i64,
}

/// Published proposals matching `filter`, newest first (best first with `q`).
pub async fn list(conn: &mut AsyncPgConnection, filter: &Filter, page: &Page) -> diesel::QueryResult<Vec<DbProposal>> {
    let mut query = proposals::table
        .inner_join(actors::table.on(actors::id.eq(proposals::author_id)))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            statuses::table
                .filter(statuses::id.nullable().eq(proposals::status_id))
                .filter(statuses::deleted_at.is_not_null()),
        )))
        .select(DbProposal::as_select())
        .limit(page.limit)
        .into_boxed();
    match filter.state.as_deref() {
        Some(state) => query = query.filter(proposals::state.eq(state.to_owned())),
        None => query = query.filter(proposals::state.eq(ProposalState::Open.as_str())),
    }
    if let Some(group_id) = filter.group_id {
        query = query.filter(
            proposals::id.eq_any(
                proposal_groups::table
                    .filter(proposal_groups::group_id.eq(group_id))
                    .select(proposal_groups::proposal_id),
            ),
        );
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(proposals::kind.eq(kind.clone()));
    }
    if let Some(stage) = &filter.stage {
        query = query.filter(proposals::stage.eq(stage.clone()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(proposals::languages.contains(vec![Some(language.clone())]));
    }
    if let Some(competence) = &filter.competence {
        query = query.filter(proposals::competences.contains(vec![Some(competence.clone())]));
    }
    match filter.instance.as_deref() {
        Some("local") => query = query.filter(proposals::local.eq(true)),
        Some(domain) => query = query.filter(actors::domain.eq(domain.to_owned())),
        None => {}
    }
    if let Some(author_id) = filter.author_id {
        query = query.filter(proposals::author_id.eq(author_id));
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        use diesel::sql_types::{Bool, Float, Text};
        let matches = diesel::dsl::sql::<Bool>("proposals.search @@ fucina_query(")
            .bind::<Text, _>(q.to_owned())
            .sql(")");
        let rank = diesel::dsl::sql::<Float>("ts_rank(proposals.search, fucina_query(")
            .bind::<Text, _>(q.to_owned())
            .sql("))");
        let query = query
            .filter(matches)
            .order((rank.desc(), proposals::id.desc()))
            .offset(filter.offset.max(0));
        return query.load(conn).await;
    }
    if let Some(max) = page.max_id {
        query = query.filter(proposals::id.lt(max));
    }
    if let Some(since) = page.since_id {
        query = query.filter(proposals::id.gt(since));
    }
    if let Some(min) = page.min_id {
        query = query.filter(proposals::id.gt(min)).order(proposals::id.asc());
    } else {
        query = query.order(proposals::id.desc());
    }
    Ok(page.finish(query.load(conn).await?))
}

/// An extract of each proposal's summary and description with `q`'s words marked.
pub async fn headlines(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
    q: &str,
) -> diesel::QueryResult<HashMap<i64, String>> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        headline: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT p.id, CASE WHEN ts_headline('public.fucina_it'::regconfig, t.body, q.query, $3) LIKE '%' || chr(1) || '%' \
                THEN ts_headline('public.fucina_it'::regconfig, t.body, q.query, $3) \
                ELSE ts_headline('public.fucina_en'::regconfig, t.body, q.query, $3) END AS headline \
         FROM proposals p, fucina_query($2) AS q(query), \
              LATERAL (SELECT concat_ws(' — ', p.short_description, p.description) AS body) t \
         WHERE p.id = ANY ($1)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(ids)
    .bind::<diesel::sql_types::Text, _>(q)
    .bind::<diesel::sql_types::Text, _>(crate::db::search::HEADLINE)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.headline)).collect())
}

/// Every proposal of one author, whatever its state, newest first.
pub async fn by_author(conn: &mut AsyncPgConnection, author_id: i64) -> diesel::QueryResult<Vec<DbProposal>> {
    proposals::table
        .filter(proposals::author_id.eq(author_id))
        .order(proposals::id.desc())
        .limit(200)
        .select(DbProposal::as_select())
        .load(conn)
        .await
}

/// Local proposals waiting for a facilitator, oldest first.
pub async fn submitted(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbProposal>> {
    proposals::table
        .filter(proposals::state.eq(ProposalState::Submitted.as_str()))
        .filter(proposals::local.eq(true))
        .order(proposals::submitted_at.asc())
        .limit(200)
        .select(DbProposal::as_select())
        .load(conn)
        .await
}

/// How many of this instance's own proposals are open.
pub async fn count_all_open(conn: &mut AsyncPgConnection) -> diesel::QueryResult<i64> {
    proposals::table
        .filter(proposals::local.eq(true))
        .filter(proposals::state.eq(ProposalState::Open.as_str()))
        .count()
        .get_result(conn)
        .await
}

/// How many open proposals from authors on `host` this instance knows.
pub async fn count_open_from(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<i64> {
    proposals::table
        .inner_join(actors::table.on(actors::id.eq(proposals::author_id)))
        .filter(actors::domain.eq(host))
        .filter(proposals::state.eq(ProposalState::Open.as_str()))
        .count()
        .get_result(conn)
        .await
}

pub async fn count_open(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<i64> {
    proposals::table
        .filter(proposals::state.eq(ProposalState::Open.as_str()))
        .filter(
            proposals::id.eq_any(
                proposal_groups::table
                    .filter(proposal_groups::group_id.eq(group_id))
                    .select(proposal_groups::proposal_id),
            ),
        )
        .count()
        .get_result(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interests)]
pub struct DbInterest {
    pub id: i64,
    pub proposal_id: i64,
    pub sender_id: i64,
    pub ap_id: Option<String>,
    #[diesel(deserialize_as = String)]
    pub state: InterestState,
    pub offer: String,
    pub about: String,
    pub questions: String,
    pub on_behalf_of: String,
    pub team_consent: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = interests)]
pub struct NewInterest<'a> {
    pub proposal_id: i64,
    pub sender_id: i64,
    pub ap_id: Option<&'a str>,
    #[diesel(serialize_as = String)]
    pub state: InterestState,
    pub offer: &'a str,
    pub about: &'a str,
    pub questions: &'a str,
    pub on_behalf_of: &'a str,
    pub team_consent: bool,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Inserts an interest; `None` when the sender already has one on this proposal.
pub async fn insert_interest(
    conn: &mut AsyncPgConnection,
    interest: &NewInterest<'_>,
) -> diesel::QueryResult<Option<DbInterest>> {
    // ON CONFLICT leaves the caller's transaction usable, as a unique violation would not.
    diesel::insert_into(interests::table)
        .values(interest.clone())
        .on_conflict_do_nothing()
        .returning(DbInterest::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn find_interest(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbInterest>> {
    interests::table
        .find(id)
        .select(DbInterest::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn find_interest_by_ap_id(
    conn: &mut AsyncPgConnection,
    ap_id: &str,
) -> diesel::QueryResult<Option<DbInterest>> {
    interests::table
        .filter(interests::ap_id.eq(ap_id))
        .select(DbInterest::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The sender's current (not withdrawn) interest in a proposal.
pub async fn current_interest(
    conn: &mut AsyncPgConnection,
    proposal_id: i64,
    sender_id: i64,
) -> diesel::QueryResult<Option<DbInterest>> {
    interests::table
        .filter(interests::proposal_id.eq(proposal_id))
        .filter(interests::sender_id.eq(sender_id))
        .filter(interests::state.ne(InterestState::Withdrawn.as_str()))
        .select(DbInterest::as_select())
        .first(conn)
        .await
        .optional()
}

/// The interests a proposal received (drafts stay with their sender), with their senders.
pub async fn received(
    conn: &mut AsyncPgConnection,
    proposal_id: i64,
) -> diesel::QueryResult<Vec<(DbInterest, DbActor)>> {
    interests::table
        .inner_join(actors::table.on(actors::id.eq(interests::sender_id)))
        .filter(interests::proposal_id.eq(proposal_id))
        .filter(interests::state.ne(InterestState::Draft.as_str()))
        .order(interests::id.desc())
        .select((DbInterest::as_select(), DbActor::as_select()))
        .load(conn)
        .await
}

/// A sender's interests, newest first.
pub async fn sent_by(conn: &mut AsyncPgConnection, sender_id: i64) -> diesel::QueryResult<Vec<DbInterest>> {
    interests::table
        .filter(interests::sender_id.eq(sender_id))
        .order(interests::id.desc())
        .limit(200)
        .select(DbInterest::as_select())
        .load(conn)
        .await
}

pub async fn set_interest_state(
    conn: &mut AsyncPgConnection,
    id: i64,
    state: InterestState,
    decided: bool,
) -> diesel::QueryResult<DbInterest> {
    let now = Utc::now();
    diesel::update(interests::table.find(id))
        .set((
            interests::state.eq(state.as_str()),
            interests::updated_at.eq(now),
            interests::decided_at.eq(decided.then_some(now)),
        ))
        .returning(DbInterest::as_returning())
        .get_result(conn)
        .await
}

/// Sends a draft: it gets its activity id and its time.
pub async fn mark_sent(conn: &mut AsyncPgConnection, id: i64, ap_id: &str) -> diesel::QueryResult<DbInterest> {
    let now = Utc::now();
    diesel::update(interests::table.find(id))
        .set((
            interests::state.eq(InterestState::Sent.as_str()),
            interests::ap_id.eq(Some(ap_id)),
            interests::sent_at.eq(Some(now)),
            interests::updated_at.eq(now),
        ))
        .returning(DbInterest::as_returning())
        .get_result(conn)
        .await
}

/// The accepted senders: the proposal's team. `listed_only`: those who agreed to be listed.
pub async fn team(
    conn: &mut AsyncPgConnection,
    proposal_id: i64,
    listed_only: bool,
) -> diesel::QueryResult<Vec<DbActor>> {
    let mut query = interests::table
        .inner_join(actors::table.on(actors::id.eq(interests::sender_id)))
        .filter(interests::proposal_id.eq(proposal_id))
        .filter(interests::state.eq("accepted"))
        .order(interests::decided_at.asc())
        .select(DbActor::as_select())
        .into_boxed();
    if listed_only {
        query = query.filter(interests::team_consent.eq(true));
    }
    query.load(conn).await
}

/// The actors of the local accounts that facilitate (facilitators, moderators, administrators).
pub async fn facilitators(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<i64>> {
    use crate::db::schema::users;
    users::table
        .filter(users::role.eq_any(["facilitator", "moderator", "admin"]))
        .filter(users::approval.eq("approved"))
        .select(users::actor_id)
        .load(conn)
        .await
}

/// Tells the local members of `group_ids` (but `except`) about a new proposal, in one statement.
pub async fn notify_members(
    conn: &mut AsyncPgConnection,
    group_ids: &[i64],
    from_actor_id: i64,
    proposal_id: i64,
    except: i64,
) -> diesel::QueryResult<usize> {
    use diesel::sql_types::{Array, BigInt};
    diesel::sql_query(
        "INSERT INTO notifications (recipient_id, from_actor_id, kind, proposal_id)
         SELECT DISTINCT f.follower_id, $2, 'proposal_new', $3
         FROM follows f JOIN actors a ON a.id = f.follower_id
         WHERE f.followed_id = ANY($1) AND f.state = 'accepted' AND a.domain IS NULL AND f.follower_id <> $4",
    )
    .bind::<Array<BigInt>, _>(group_ids)
    .bind::<BigInt, _>(from_actor_id)
    .bind::<BigInt, _>(proposal_id)
    .bind::<BigInt, _>(except)
    .execute(conn)
    .await
}

/// Records a remote proposal's listed team (actor ids), as its instance publishes it.
pub async fn set_remote_team(conn: &mut AsyncPgConnection, id: i64, team: &[String]) -> diesel::QueryResult<()> {
    let team: Vec<Option<String>> = team.iter().cloned().map(Some).collect();
    diesel::update(proposals::table.find(id))
        .set(proposals::remote_team.eq(team))
        .execute(conn)
        .await
        .map(drop)
}

/// The listed team: the accepted partners who agreed to be listed (for a local
/// proposal), or those its instance lists that are known here (for a remote one).
pub async fn listed_team(conn: &mut AsyncPgConnection, proposal: &DbProposal) -> diesel::QueryResult<Vec<DbActor>> {
    if proposal.local {
        return team(conn, proposal.id, true).await;
    }
    let ids: Vec<String> = proposal.remote_team.iter().flatten().take(200).cloned().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    actors::table
        .filter(actors::ap_id.eq_any(ids))
        .select(DbActor::as_select())
        .load(conn)
        .await
}

/// Everything a list of proposals shows, loaded in a few queries for the whole list.
#[derive(Debug, Default)]
pub struct Related {
    pub authors: HashMap<i64, DbActor>,
    pub statuses: HashMap<i64, DbStatus>,
    pub groups: HashMap<i64, Vec<DbActor>>,
    pub teams: HashMap<i64, Vec<DbActor>>,
    /// The viewer's own current interest in each.
    pub own: HashMap<i64, DbInterest>,
    pub attachments: HashMap<i64, Vec<DbAttachment>>,
}

pub async fn related(
    conn: &mut AsyncPgConnection,
    rows: &[DbProposal],
    viewer: Option<i64>,
) -> diesel::QueryResult<Related> {
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let author_ids: Vec<i64> = rows.iter().map(|p| p.author_id).collect();
    let status_ids: Vec<i64> = rows.iter().filter_map(|p| p.status_id).collect();
    let mut related = Related {
        authors: crate::db::actors::find_many(conn, &author_ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect(),
        statuses: crate::db::statuses::find_many(conn, &status_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect(),
        ..Related::default()
    };
    let filed: Vec<(i64, DbActor)> = proposal_groups::table
        .inner_join(actors::table.on(actors::id.eq(proposal_groups::group_id)))
        .filter(proposal_groups::proposal_id.eq_any(&ids))
        .order(actors::username.asc())
        .select((proposal_groups::proposal_id, DbActor::as_select()))
        .load(conn)
        .await?;
    for (proposal_id, group) in filed {
        related.groups.entry(proposal_id).or_default().push(group);
    }
    let local_ids: Vec<i64> = rows.iter().filter(|p| p.local).map(|p| p.id).collect();
    let members: Vec<(i64, DbActor)> = interests::table
        .inner_join(actors::table.on(actors::id.eq(interests::sender_id)))
        .filter(interests::proposal_id.eq_any(&local_ids))
        .filter(interests::state.eq("accepted"))
        .filter(interests::team_consent.eq(true))
        .order(interests::decided_at.asc())
        .select((interests::proposal_id, DbActor::as_select()))
        .load(conn)
        .await?;
    for (proposal_id, member) in members {
        related.teams.entry(proposal_id).or_default().push(member);
    }
    for proposal in rows.iter().filter(|p| !p.local && !p.remote_team.is_empty()) {
        related.teams.insert(proposal.id, listed_team(conn, proposal).await?);
    }
    for file in crate::db::attachments::of_many(conn, crate::db::attachments::Owners::Proposals(&ids)).await? {
        if let Some(proposal_id) = file.proposal_id {
            related.attachments.entry(proposal_id).or_default().push(file);
        }
    }
    if let Some(viewer) = viewer {
        let own: Vec<DbInterest> = interests::table
            .filter(interests::proposal_id.eq_any(&ids))
            .filter(interests::sender_id.eq(viewer))
            .filter(interests::state.ne(InterestState::Withdrawn.as_str()))
            .select(DbInterest::as_select())
            .load(conn)
            .await?;
        related.own = own.into_iter().map(|i| (i.proposal_id, i)).collect();
    }
    Ok(related)
}

/// Proposals by id, in no particular order.
pub async fn find_many(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbProposal>> {
    proposals::table
        .filter(proposals::id.eq_any(ids))
        .select(DbProposal::as_select())
        .load(conn)
        .await
}
