//! Statuses with everything needed to show them (author, boosted original,
//! mentions, tags, the viewer's favourites and boosts), loaded in a few batched
//! queries. Both the API and the pages present these.

use std::collections::HashMap;

use diesel_async::AsyncPgConnection;

use crate::db::actors::{self, DbActor};
use crate::db::polls::{self, DbPoll};
use crate::db::statuses::{self, DbStatus};
use crate::domain::profile::{ProfileField, local_fields, stored_fields};
use crate::i18n::Translator;

#[derive(Debug, Clone)]
pub struct StatusView {
    pub status: DbStatus,
    pub author: DbActor,
    /// For a boost: the boosted post.
    pub reblog: Option<Box<StatusView>>,
    pub mentions: Vec<DbActor>,
    pub tags: Vec<String>,
    pub favourited: bool,
    pub reblogged: bool,
    pub bookmarked: bool,
    /// A consultation's poll, and the options the viewer chose.
    pub poll: Option<DbPoll>,
    pub own_votes: Vec<i32>,
    /// Its pictures (and other servers' media), in order.
    pub media: Vec<crate::db::attachments::DbAttachment>,
}

/// Loads views for `rows` in order, skipping boosts whose original is gone.
pub async fn statuses(
    conn: &mut AsyncPgConnection,
    viewer: Option<i64>,
    rows: Vec<DbStatus>,
) -> diesel::QueryResult<Vec<StatusView>> {
    let original_ids: Vec<i64> = rows.iter().filter_map(|s| s.reblog_of_id).collect();
    let originals: HashMap<i64, DbStatus> = statuses::find_many(conn, &original_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let all: Vec<&DbStatus> = rows.iter().chain(originals.values()).collect();
    let status_ids: Vec<i64> = all.iter().map(|s| s.id).collect();

    let mentions = statuses::mentions_of(conn, &status_ids).await?;
    let mut actor_ids: Vec<i64> = all.iter().map(|s| s.actor_id).collect();
    actor_ids.extend(mentions.iter().map(|(_, a)| *a));
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors: HashMap<i64, DbActor> = actors::find_many(conn, &actor_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (status_id, tag) in statuses::tags_of(conn, &status_ids).await? {
        tags.entry(status_id).or_default().push(tag);
    }
    let mut mentioned: HashMap<i64, Vec<DbActor>> = HashMap::new();
    for (status_id, actor_id) in mentions {
        if let Some(actor) = actors.get(&actor_id) {
            mentioned.entry(status_id).or_default().push(actor.clone());
        }
    }
    let (favourited, reblogged, bookmarked) = match viewer {
        Some(me) => (
            crate::db::favourites::favourited_by(conn, me, &status_ids).await?,
            crate::db::favourites::reblogged_by(conn, me, &status_ids).await?,
            crate::db::favourites::bookmarked_by(conn, me, &status_ids).await?,
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };

    let question_ids: Vec<i64> = all
        .iter()
        .filter(|s| s.object_type == "Question")
        .map(|s| s.id)
        .collect();
    let polls: HashMap<i64, DbPoll> = polls::find_many(conn, &question_ids)
        .await?
        .into_iter()
        .map(|p| (p.status_id, p))
        .collect();
    let mut own_votes: HashMap<i64, Vec<i32>> = HashMap::new();
    if let Some(me) = viewer {
        for (status_id, choice) in polls::choices_of(conn, me, &question_ids).await? {
            own_votes.entry(status_id).or_default().push(choice);
        }
    }

    let mut media: HashMap<i64, Vec<crate::db::attachments::DbAttachment>> = HashMap::new();
    for item in crate::db::attachments::of_statuses(conn, &status_ids).await? {
        if let Some(status_id) = item.status_id {
            media.entry(status_id).or_default().push(item);
        }
    }

    let view = |status: &DbStatus| -> Option<StatusView> {
        Some(StatusView {
            author: actors.get(&status.actor_id)?.clone(),
            reblog: None,
            mentions: mentioned.get(&status.id).cloned().unwrap_or_default(),
            tags: tags.get(&status.id).cloned().unwrap_or_default(),
            favourited: favourited.contains(&status.id),
            reblogged: reblogged.contains(&status.id),
            bookmarked: bookmarked.contains(&status.id),
            poll: polls.get(&status.id).cloned(),
            own_votes: own_votes.get(&status.id).cloned().unwrap_or_default(),
            media: media.get(&status.id).cloned().unwrap_or_default(),
            status: status.clone(),
        })
    };
    Ok(rows
        .iter()
        .filter_map(|status| {
            let mut built = view(status)?;
            if let Some(original_id) = status.reblog_of_id {
                let original = originals.get(&original_id).filter(|o| !o.is_deleted())?;
                built.reblog = Some(Box::new(view(original)?));
            }
            Some(built)
        })
        .collect())
}

/// One status's view.
pub async fn status(
    conn: &mut AsyncPgConnection,
    viewer: Option<i64>,
    row: DbStatus,
) -> diesel::QueryResult<Option<StatusView>> {
    Ok(statuses(conn, viewer, vec![row]).await?.into_iter().next())
}

/// An actor's profile fields: from its columns when local, as stored when remote.
pub fn fields_of(actor: &DbActor, tr: &Translator) -> Vec<ProfileField> {
    if actor.is_local() {
        local_fields(
            &actor.organisation,
            &actor.role_title,
            &actor.skills,
            &actor.website,
            tr,
        )
    } else {
        stored_fields(&actor.fields)
    }
}
