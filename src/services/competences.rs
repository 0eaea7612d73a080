//! Find and match: the shared competence vocabulary, what each person knows,
//! proposals suggested to a person and people suggested for a proposal, each
//! with the reasons it was suggested.

use diesel_async::AsyncConnection;

use crate::db::actors::DbActor;
use crate::db::competences::{self, DbCompetence};
use crate::db::proposals::{self, DbProposal};
use crate::db::users::Account;
use crate::domain::proposal::{ProposalKind, Stage, normalize_competence, normalize_language};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::moderators::By;
use crate::state::AppState;

/// The most competences a profile lists.
pub const MAX_PER_PERSON: usize = crate::domain::profile::MAX_COMPETENCES;

/// A competence as people read it: its key and its label in `language`
/// (else in English, else the key with spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competence {
    pub key: String,
    pub label: String,
}

pub fn label(entry: Option<&DbCompetence>, key: &str, language: Language) -> String {
    entry
        .and_then(|e| {
            e.labels
                .get(language.code())
                .or_else(|| e.labels.get("en"))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| key.replace('_', " "))
}

/// Keys with their labels.
pub async fn labelled(state: &AppState, keys: &[String], language: Language) -> AppResult<Vec<Competence>> {
    let mut conn = state.db.get().await?;
    let entries = competences::find_many(&mut conn, keys).await?;
    Ok(keys
        .iter()
        .map(|k| Competence {
            key: k.clone(),
            label: label(entries.iter().find(|e| e.key == *k), k, language),
        })
        .collect())
}

/// Vocabulary entries starting with what was typed, for autocomplete.
pub async fn complete(state: &AppState, typed: &str, language: Language) -> AppResult<Vec<Competence>> {
    let prefix = normalize_competence(typed);
    let mut conn = state.db.get().await?;
    let entries = competences::starting_with(&mut conn, &prefix, 20).await?;
    Ok(entries
        .iter()
        .map(|e| Competence {
            key: e.key.clone(),
            label: label(Some(e), &e.key, language),
        })
        .collect())
}

/// What a person knows, the languages they work in, and the kinds and
/// stages of proposal they follow.
#[derive(Debug, Clone, Default)]
pub struct Interests {
    pub competences: Vec<String>,
    pub languages: Vec<String>,
    pub kinds: Vec<String>,
    pub stages: Vec<String>,
}

/// What `account` knows, works in and follows.
pub async fn own(state: &AppState, account: &Account) -> AppResult<Interests> {
    let mut conn = state.db.get().await?;
    let competences = competences::of_actor(&mut conn, account.actor.id).await?;
    let languages = competences::languages_of(&mut conn, account.actor.id).await?;
    let (kinds, stages) = competences::followed_of(&mut conn, account.actor.id).await?;
    Ok(Interests {
        competences,
        languages,
        kinds,
        stages,
    })
}

/// What a person changes: competences typed freely (folded into the
/// vocabulary); the rest only when given.
#[derive(Debug, Clone, Default)]
pub struct InterestChanges {
    pub competences: Vec<String>,
    pub languages: Option<Vec<String>>,
    pub kinds: Option<Vec<String>>,
    pub stages: Option<Vec<String>>,
}

/// Values of a closed vocabulary, each once; one outside it is refused.
fn closed(field: &'static str, given: &[String], parse: fn(&str) -> bool) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for value in given
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        if !parse(value) {
            return Err(AppError::field(field, "ERR_INCLUSION", "error-field-choice"));
        }
        if !out.iter().any(|v| v == value) {
            out.push(value.to_owned());
        }
    }
    Ok(out)
}

/// Sets what `account` knows, works in and follows.
pub async fn set_own(state: &AppState, account: &Account, changes: InterestChanges) -> AppResult<Vec<String>> {
    let mut keys: Vec<String> = changes
        .competences
        .iter()
        .flat_map(|t| t.split(','))
        .map(normalize_competence)
        .filter(|k| !k.is_empty())
        .collect();
    keys.dedup();
    if keys.len() > MAX_PER_PERSON {
        return Err(AppError::Validation(vec![FieldError::new(
            "competences",
            "ERR_TOO_LONG",
            Message::new("error-competences-too-many").with("max", MAX_PER_PERSON.to_string()),
        )]));
    }
    let languages: Option<Vec<String>> = changes.languages.map(|l| {
        l.iter()
            .flat_map(|c| c.split(','))
            .filter_map(normalize_language)
            .collect()
    });
    let kinds = match &changes.kinds {
        Some(given) => Some(closed("kinds", given, |v| ProposalKind::parse(v).is_some())?),
        None => None,
    };
    let stages = match &changes.stages {
        Some(given) => Some(closed("stages", given, |v| Stage::parse(v).is_some())?),
        None => None,
    };
    let mut conn = state.db.get().await?;
    let stored = conn
        .transaction::<_, AppError, _>(async |conn| {
            let keys = competences::canonical(conn, &keys).await?;
            competences::set_actor(conn, account.actor.id, &keys, languages.as_deref()).await?;
            if kinds.is_some() || stages.is_some() {
                let (old_kinds, old_stages) = competences::followed_of(conn, account.actor.id).await?;
                competences::set_followed(
                    conn,
                    account.actor.id,
                    kinds.as_deref().unwrap_or(&old_kinds),
                    stages.as_deref().unwrap_or(&old_stages),
                )
                .await?;
            }
            // Followers' servers keep a copy of the profile, competences included.
            let person = crate::activitypub::objects::actor::person_document(conn, state, &account.actor).await?;
            crate::services::outbox::send_profile_update(conn, state, &account.actor, person).await?;
            Ok(keys)
        })
        .await;
    crate::activitypub::delivery::wake_after(state, stored)
}

/// A proposal suggested to someone, and why.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub proposal: DbProposal,
    pub reasons: Vec<Message>,
}

/// Open proposals for `account` from here and linked instances, best first, each with why.
pub async fn suggestions(state: &AppState, account: &Account, limit: i64) -> AppResult<Vec<Suggestion>> {
    let mut conn = state.db.get().await?;
    let seeker = competences::seeker(&mut conn, account.actor.id).await?;
    let rows = competences::suggestions(&mut conn, account.actor.id, &seeker, limit.clamp(1, 40)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.proposal_id).collect();
    let found = proposals::find_many(&mut conn, &ids).await?;
    let keys: Vec<String> = rows.iter().flat_map(|r| r.shared.clone()).collect();
    let entries = competences::find_many(&mut conn, &keys).await?;
    let language = crate::services::accounts::language_of(account).unwrap_or(state.config.i18n.default_language);
    let tr = language.translator();
    let names = |list: &[String]| list.join(", ");
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let proposal = found.iter().find(|p| p.id == row.proposal_id)?.clone();
            let mut reasons = Vec::new();
            if !row.shared.is_empty() {
                let labels: Vec<String> = row
                    .shared
                    .iter()
                    .map(|k| label(entries.iter().find(|e| e.key == *k), k, language))
                    .collect();
                reasons.push(Message::new("suggestion-needs").with("competences", names(&labels)));
            }
            if !row.themes.is_empty() {
                reasons.push(Message::new("suggestion-theme").with("themes", names(&row.themes)));
            }
            if !row.languages.is_empty() {
                reasons.push(Message::new("suggestion-language").with("languages", names(&row.languages)));
            }
            if row.kind_followed {
                let kind = tr.t(&format!("proposal-kind-{}", proposal.kind.replace('_', "-")));
                reasons.push(Message::new("suggestion-kind").with("kind", kind));
            }
            if row.stage_followed {
                let stage = tr.t(&format!("proposal-stage-{}", proposal.stage.replace('_', "-")));
                reasons.push(Message::new("suggestion-stage").with("stage", stage));
            }
            Some(Suggestion { proposal, reasons })
        })
        .collect())
}

/// Sets a suggested proposal aside: it is not suggested again.
pub async fn dismiss(state: &AppState, account: &Account, proposal_id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    proposals::find(&mut conn, proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    competences::dismiss(&mut conn, account.actor.id, proposal_id).await?;
    Ok(())
}

/// A person who could join, and why.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub actor: DbActor,
    pub reasons: Vec<Message>,
}

/// People here and on linked instances who know what a proposal seeks, for
/// its author and the facilitators (404 for anyone else).
pub async fn suggested_people(state: &AppState, viewer: &Account, proposal_id: i64) -> AppResult<Vec<Candidate>> {
    let mut conn = state.db.get().await?;
    let proposal = proposals::find(&mut conn, proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = proposal.author_id == viewer.actor.id || crate::services::proposals::facilitates(viewer);
    if !allowed {
        return Err(AppError::NotFound);
    }
    let rows = competences::candidates(&mut conn, &proposal, 20).await?;
    let keys: Vec<String> = rows.iter().flat_map(|r| r.shared.clone()).collect();
    let entries = competences::find_many(&mut conn, &keys).await?;
    let language = crate::services::accounts::language_of(viewer).unwrap_or(state.config.i18n.default_language);
    Ok(rows
        .into_iter()
        .map(|row| {
            let labels: Vec<String> = row
                .shared
                .iter()
                .map(|k| label(entries.iter().find(|e| e.key == *k), k, language))
                .collect();
            Candidate {
                reasons: vec![Message::new("suggestion-knows").with("competences", labels.join(", "))],
                actor: row.actor,
            }
        })
        .collect())
}

/// The vocabulary with its use, for administrators.
pub async fn vocabulary(state: &AppState, by: By<'_>) -> AppResult<Vec<competences::Usage>> {
    by.require_admin()?;
    let mut conn = state.db.get().await?;
    Ok(competences::usage(&mut conn).await?)
}

/// An administrator names a competence in English and Italian.
pub async fn set_labels(state: &AppState, by: By<'_>, key: &str, en: &str, it: &str) -> AppResult<()> {
    by.require_admin()?;
    let key = normalize_competence(key);
    let mut labels = serde_json::Map::new();
    for (language, label) in [("en", en.trim()), ("it", it.trim())] {
        if label.chars().count() > 100 {
            return Err(AppError::Validation(vec![FieldError::new(
                language,
                "ERR_TOO_LONG",
                Message::new("error-competence-label-long"),
            )]));
        }
        if !label.is_empty() {
            labels.insert(language.into(), serde_json::Value::String(label.to_owned()));
        }
    }
    let mut conn = state.db.get().await?;
    if !competences::set_labels(&mut conn, &key, &serde_json::Value::Object(labels)).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// An administrator merges a synonym into another competence: proposals and
/// profiles that listed it list the other, and new ones are folded into it.
pub async fn merge(state: &AppState, by: By<'_>, from: &str, into: &str) -> AppResult<()> {
    by.require_admin()?;
    let (from, into) = (normalize_competence(from), normalize_competence(into));
    if from.is_empty() || into.is_empty() || from == into {
        return Err(AppError::Validation(vec![FieldError::new(
            "into",
            "ERR_INVALID",
            Message::new("error-competence-merge"),
        )]));
    }
    let moderator = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        competences::find_many(conn, std::slice::from_ref(&from))
            .await?
            .first()
            .ok_or(AppError::NotFound)?;
        competences::merge(conn, &from, &into).await?;
        let note = format!("{from} → {into}");
        crate::db::groups::log(conn, None, moderator, "competence_merge", None, None, &note).await?;
        Ok(())
    })
    .await
}

/// Invites someone suggested for a proposal: a direct message from the
/// inviter that names them, with the proposal's title and link (delivered
/// to their server like any mention).
pub async fn invite(
    data: &crate::state::FedData,
    inviter: &Account,
    proposal_id: i64,
    actor_id: i64,
) -> AppResult<crate::db::statuses::DbStatus> {
    let candidates = suggested_people(data, inviter, proposal_id).await?;
    let person = candidates
        .iter()
        .find(|c| c.actor.id == actor_id)
        .ok_or(AppError::NotFound)?;
    let mut conn = data.db.get().await?;
    let proposal = proposals::find(&mut conn, proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let tr = crate::services::accounts::language_of(inviter)
        .unwrap_or(data.config.i18n.default_language)
        .translator();
    let link = data.urls().absolute(&format!("/proposals/{}", proposal.id));
    let words = Message::new("invitation-text")
        .with("title", proposal.title.clone())
        .with("link", link)
        .render(&tr);
    let post = crate::services::statuses::NewPost {
        text: format!("@{} {words}", person.actor.acct()),
        visibility: Some(crate::domain::visibility::Visibility::Direct),
        ..Default::default()
    };
    crate::services::statuses::create(data, inviter, post).await
}

/// The directory of innovators: discoverable people here and elsewhere,
/// filtered by competence (as typed: folded), theme, organisation and instance.
pub async fn directory(
    state: &AppState,
    mut filter: competences::PeopleFilter,
    offset: i64,
    limit: i64,
) -> AppResult<Vec<DbActor>> {
    filter.competence = filter
        .competence
        .as_deref()
        .map(normalize_competence)
        .filter(|k| !k.is_empty());
    let mut conn = state.db.get().await?;
    Ok(competences::people(&mut conn, &filter, offset, limit.clamp(1, 80)).await?)
}
