//! The directory of linked instances: what each one's NodeInfo says (name,
//! description, members, languages, themes, open proposals), read by a
//! background job at most every six hours and shown from what was read.

use crate::db::actors::{self};
use crate::db::federation::{self as store};
use crate::error::AppResult;
use crate::state::AppState;

/// A linked instance, as the public directory lists it.
#[derive(Debug, Clone)]
pub struct DirectoryEntry {
    pub domain: String,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub linked_since: chrono::DateTime<chrono::Utc>,
    pub open_proposals: i64,
    /// Local accounts, as its NodeInfo counts them.
    pub users: Option<i64>,
    /// The languages it is used in.
    pub languages: Vec<String>,
    /// The names of its themes.
    pub themes: Vec<String>,
}

/// How long what a linked instance's NodeInfo said is trusted.
const INFO_MAX_AGE_HOURS: i64 = 6;

/// Fetches a linked instance's NodeInfo (through `/.well-known/nodeinfo`),
/// within five seconds; `None` when it does not answer.
async fn fetch_nodeinfo(state: &AppState, scheme: &str, host: &str) -> Option<serde_json::Value> {
    let client = crate::activitypub::http_client(state).ok()?;
    let private = state.config.federation.allow_private_addresses;
    let timeout = std::time::Duration::from_secs(5);
    let get = |url: String| {
        let client = client.clone();
        async move { crate::activitypub::egress::get_json(&client, &url, private, timeout).await }
    };
    let index = get(format!("{scheme}://{host}/.well-known/nodeinfo")).await?;
    let prefix = format!("{scheme}://{host}/");
    // The newest schema version it offers, on its own host.
    let href = index
        .get("links")?
        .as_array()?
        .iter()
        .filter_map(|l| Some((l.get("rel")?.as_str()?, l.get("href")?.as_str()?)))
        .filter(|(rel, href)| rel.contains("nodeinfo.diaspora.software/ns/schema/") && href.starts_with(&prefix))
        .max_by(|a, b| a.0.cmp(b.0))?
        .1
        .to_owned();
    get(href).await
}

/// Refreshes what a linked instance's NodeInfo says (a job: never inside a
/// visitor's request). When it does not answer, what was known is kept and
/// the next try waits as long as a fresh answer would.
pub async fn refresh_link_info(state: &AppState, host: &str) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let Some(link) = store::link(&mut conn, host).await? else {
        return Ok(());
    };
    let actor = match link.actor_id {
        Some(id) => actors::find(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let scheme = actor
        .as_ref()
        .and_then(|a| url::Url::parse(&a.ap_id).ok())
        .map_or_else(|| "https".to_owned(), |u| u.scheme().to_owned());
    let fresh = fetch_nodeinfo(state, &scheme, host).await;
    let mut conn = state.db.get().await?;
    match fresh {
        Some(info) => store::set_info(&mut conn, host, &info).await?,
        None => {
            let known = link.info.unwrap_or_default();
            store::set_info(&mut conn, host, &known).await?;
        }
    }
    Ok(())
}

/// The instances this one is linked with (established links only), with
/// what their instance actor says of them.
pub async fn directory(state: &AppState) -> AppResult<Vec<DirectoryEntry>> {
    let mut conn = state.db.get().await?;
    let mut entries = Vec::new();
    for link in store::links(&mut conn)
        .await?
        .into_iter()
        .filter(|l| l.kind == "instance" && l.established())
    {
        let actor = match link.actor_id {
            Some(id) => actors::find(&mut conn, id).await?,
            None => None,
        };
        let stale = link
            .info_fetched_at
            .is_none_or(|at| chrono::Utc::now() - at > chrono::Duration::hours(INFO_MAX_AGE_HOURS));
        if stale {
            let job = crate::services::jobs::Job::RefreshLinkInfo {
                host: link.host.clone(),
            };
            crate::services::jobs::enqueue(&mut conn, &job, Some(&link.host)).await?;
            crate::services::jobs::wake(state);
        }
        let info = link.info.clone().unwrap_or_default();
        let metadata = &info["metadata"];
        let known_open = crate::db::proposals::count_open_from(&mut conn, &link.host).await?;
        let text = |value: &serde_json::Value| value.as_str().map(str::to_owned).filter(|s| !s.is_empty());
        let names = |list: &serde_json::Value, field: Option<&str>| -> Vec<String> {
            list.as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| field.map_or(v, |f| &v[f]).as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        entries.push(DirectoryEntry {
            users: info["usage"]["users"]["total"].as_i64(),
            languages: names(&metadata["fucina"]["languages"], None),
            themes: names(&metadata["fucina"]["themes"], Some("name")),
            open_proposals: metadata["fucina"]["openProposals"].as_i64().unwrap_or(known_open),
            name: text(&metadata["nodeName"])
                .or_else(|| actor.as_ref().map(|a| a.display_name.clone()).filter(|n| !n.is_empty()))
                .unwrap_or_else(|| link.host.clone()),
            description: text(&metadata["nodeDescription"])
                .or_else(|| actor.as_ref().map(|a| crate::domain::text::html_to_text(&a.summary)))
                .unwrap_or_default(),
            url: actor
                .as_ref()
                .and_then(|a| a.url.as_deref())
                .and_then(crate::domain::text::web_url),
            domain: link.host,
            linked_since: link.updated_at,
        });
    }
    Ok(entries)
}

/// The most people learnt from one linked instance at a time.
const PEOPLE_LIMIT: usize = 1000;

/// Learns the discoverable people of a linked instance (its instance actor's
/// `people` collection: their ids, on that instance only), fetching the
/// profiles not known yet, so that they can be suggested for proposals here
/// without having met anyone here. Profiles already known stay fresh by the
/// `Update`s linked instances send.
pub async fn learn_people(data: &crate::state::FedData, host: &str) -> AppResult<()> {
    let mut conn = data.db.get().await?;
    let Some(link) = store::link(&mut conn, host).await? else {
        return Ok(());
    };
    let instance_actor = match link.actor_id {
        Some(id) if link.kind == "instance" && link.established() => actors::find(&mut conn, id).await?,
        _ => None,
    };
    let Some(instance_actor) = instance_actor else {
        return Ok(());
    };
    drop(conn);
    let collection = format!("{}/people", instance_actor.ap_id.trim_end_matches('/'));
    let ids: Vec<String> = crate::activitypub::fetch::collection_ids(data, &collection)
        .await?
        .into_iter()
        .filter(|id| {
            url::Url::parse(id)
                .ok()
                .and_then(|u| crate::activitypub::objects::actor::host_of(&u))
                .is_some_and(|h| h == host)
        })
        .take(PEOPLE_LIMIT)
        .collect();
    let known = {
        let mut conn = data.db.get().await?;
        actors::known_ap_ids(&mut conn, &ids).await?
    };
    for id in ids.iter().filter(|id| !known.contains(id)) {
        if let Err(error) = crate::activitypub::fetch::actor(data, id).await {
            tracing::debug!(%error, actor = %id, "a linked instance's person could not be fetched");
        }
    }
    Ok(())
}
