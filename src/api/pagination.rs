//! Mastodon's pagination: `max_id`, `since_id`, `min_id` and `limit` in, a
//! `Link` header with `next` and `prev` out.

use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::api::params::lenient;
use crate::db::statuses::Page;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageParams {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub max_id: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub since_id: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub min_id: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub limit: Option<i64>,
}

impl PageParams {
    /// The page, with `limit` clamped to 1..=`max` (default `default`).
    pub fn page(&self, default: i64, max: i64) -> Page {
        Page {
            max_id: self.max_id,
            since_id: self.since_id,
            min_id: self.min_id,
            limit: self.limit.unwrap_or(default).clamp(1, max),
        }
    }

    /// The size of a page of accounts: 40 by default, 80 at most, as Mastodon.
    pub fn account_limit(&self) -> i64 {
        self.limit.unwrap_or(40).clamp(1, 80)
    }
}

/// A JSON list with `Link` pointing at the pages before and after it. `ids` are
/// the cursors of the items, newest first.
pub fn paginated<T: serde::Serialize>(items: Vec<T>, ids: &[i64], uri: &Uri, base_url: &str) -> Response {
    let mut response = axum::Json(items).into_response();
    if let (Some(newest), Some(oldest)) = (ids.first(), ids.last()) {
        let link = |param: &str, value: i64| -> String {
            let kept: Vec<(String, String)> = uri
                .query()
                .map(|q| {
                    url::form_urlencoded::parse(q.as_bytes())
                        .into_owned()
                        .collect::<Vec<(String, String)>>()
                })
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "max_id" | "since_id" | "min_id"))
                .collect();
            let mut serializer = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in kept {
                serializer.append_pair(&k, &v);
            }
            serializer.append_pair(param, &value.to_string());
            format!(
                "{}{}?{}",
                base_url.trim_end_matches('/'),
                uri.path(),
                serializer.finish()
            )
        };
        let value = format!(
            "<{}>; rel=\"next\", <{}>; rel=\"prev\"",
            link("max_id", *oldest),
            link("min_id", *newest)
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}
