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
