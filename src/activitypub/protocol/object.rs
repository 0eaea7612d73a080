//! Posts (Note, Page, Article, Question), their tags, and the lenient readers
//! that accept what real servers send (a string or a list, an id or an object).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use url::Url;

/// A Mention, Hashtag or Emoji in `tag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What the author typed, as Misskey and others publish it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// A post of any of the kinds Fucina understands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    #[serde(deserialize_with = "first_id")]
    pub attributed_to: Url,
    #[serde(default, deserialize_with = "ids")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "ids")]
    pub cc: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_id")]
    pub in_reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub content_map: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub sensitive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_list")]
    pub tag: Vec<Tag>,
    /// The thread (`context`, or Mastodon's older `conversation`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_id")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_id")]
    pub conversation: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_list")]
    pub attachment: Vec<Value>,
    /// The group it was posted in (FEP-1b12, Lemmy).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_id")]
    pub audience: Option<String>,
    /// A poll's options: one answer (`oneOf`) or several (`anyOf`).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_list")]
    pub one_of: Vec<PollOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_list")]
    pub any_of: Vec<PollOption>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub voters_count: Option<i64>,
    /// A collaborative proposal's terms (Fucina's namespace), when the post is one.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<ProposalTerms>,
}

impl Note {
    /// A post with nothing in it but its kind, id and author, for the rest to be filled in.
    pub fn new(kind: &str, id: Url, attributed_to: Url) -> Self {
        Self {
            kind: kind.to_owned(),
            id,
            attributed_to,
            to: Vec::new(),
            cc: Vec::new(),
            in_reply_to: None,
            name: None,
            summary: None,
            content: None,
            content_map: None,
            source: None,
            sensitive: None,
            published: None,
            updated: None,
            url: None,
            tag: Vec::new(),
            context: None,
            conversation: None,
            attachment: Vec::new(),
            audience: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            end_time: None,
            voters_count: None,
            proposal: None,
        }
    }

    /// A vote on a poll, as Mastodon sends one: a `Note` to the poll's
    /// author alone, replying to the poll, whose `name` is the option chosen.
    pub fn vote(id: Url, voter: Url, poll: &str, author: &str, option: &str) -> Self {
        let mut note = Self::new("Note", id, voter);
        note.to = vec![author.to_owned()];
        note.in_reply_to = Some(poll.to_owned());
        note.name = Some(option.to_owned());
        note
    }
}

/// One answer of a `Question`, with its count as Mastodon publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PollOption {
    #[serde(rename = "type", default = "note_type")]
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub replies: Option<PollReplies>,
}

fn note_type() -> String {
    "Note".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PollReplies {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(rename = "totalItems", default)]
    pub total_items: i64,
}

/// What makes a `Page` a collaborative proposal for another Fucina instance.
/// Values are the wire names of `domain::proposal`'s vocabularies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalTerms {
    /// `open`, `closed`, `expired` or `completed`.
    pub proposal_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub proposal_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub development_stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub intellectual_property: Option<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub sought_competences: Vec<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub working_languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub open_to_foreign_partners: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub expires: Option<DateTime<Utc>>,
    /// The full description, as plain text (`content` has every section as HTML).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub proposal_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub innovation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub partner_contribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub contact_person: Option<String>,
    /// The accepted partners who agreed to be listed (actor ids).
    #[serde(default, deserialize_with = "ids")]
    pub team: Vec<String>,
    /// The results report (an `Article`), once completed.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_id")]
    pub results: Option<String>,
    /// The stable keys of the themes it is filed under (`agrifood`, …), the
    /// same on every Fucina instance.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_list")]
    pub proposal_themes: Vec<String>,
}

impl Note {
    /// The post's text: `content`, else the first entry of `contentMap`.
    pub fn content_html(&self) -> String {
        self.content
            .clone()
            .or_else(|| self.content_map.as_ref().and_then(|m| m.values().next().cloned()))
            .unwrap_or_default()
    }

    /// The language, when `contentMap` names exactly one.
    pub fn language(&self) -> Option<String> {
        let map = self.content_map.as_ref()?;
        (map.len() == 1).then(|| map.keys().next().cloned()).flatten()
    }

    pub fn thread(&self) -> Option<String> {
        self.context.clone().or_else(|| self.conversation.clone())
    }

    pub fn page_url(&self) -> Option<String> {
        first_href(self.url.as_ref()?)
    }
}

/// The first `href` of a URL value: a string, a Link object, or a list of them.
pub fn first_href(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("href").and_then(Value::as_str).map(str::to_owned),
        Value::Array(items) => {
            // Prefer an HTML link when several are given.
            items
                .iter()
                .find(|i| i.get("mediaType").and_then(Value::as_str) == Some("text/html"))
                .or_else(|| items.first())
                .and_then(first_href)
        }
        _ => None,
    }
}

/// The id of a value that may be an id or an object with one.
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// Deserialises `T`, or `None` when the value has another shape.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// A list of `T` from a list or a single value, skipping entries of another shape.
pub fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|i| serde_json::from_value(i).ok())
            .collect(),
        Value::Null => Vec::new(),
        single => serde_json::from_value(single).ok().into_iter().collect(),
    })
}

/// Ids from a string, an object, or a list of either.
pub fn ids<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(match &value {
        Value::Array(items) => items.iter().filter_map(id_of).map(str::to_owned).collect(),
        other => id_of(other).map(str::to_owned).into_iter().collect(),
    })
}

fn optional_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(match &value {
        Value::Array(items) => items.iter().find_map(id_of).map(str::to_owned),
        other => id_of(other).map(str::to_owned),
    })
}

/// The first id of a value (`attributedTo` may be a list, with a Person first).
pub fn first_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Url, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let id = match &value {
        Value::Array(items) => items
            .iter()
            .find(|i| {
                i.get("type").and_then(Value::as_str).is_none_or(|t| {
                    t == "Person" || t == "Service" || t == "Group" || t == "Application" || t == "Organization"
                })
            })
            .and_then(id_of),
        other => id_of(other),
    };
    id.and_then(|s| Url::parse(s).ok())
        .ok_or_else(|| serde::de::Error::custom("attributedTo names no actor"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notes_are_read_from_every_common_shape() {
        let note: Note = serde_json::from_value(json!({
            "type": "Note",
            "id": "https://mastodon.example/users/a/statuses/1",
            "attributedTo": [{"type": "Person", "id": "https://mastodon.example/users/a"}],
            "to": "https://www.w3.org/ns/activitystreams#Public",
            "cc": [{"id": "https://mastodon.example/users/a/followers"}],
            "inReplyTo": {"id": "https://other.example/notes/9", "type": "Note"},
            "contentMap": {"it": "<p>ciao</p>"},
            "tag": {"type": "Hashtag", "name": "#rust", "href": "https://mastodon.example/tags/rust"},
            "url": [{"type": "Link", "mediaType": "text/html", "href": "https://mastodon.example/@a/1"}],
            "sensitive": "not a bool",
            "attachment": []
        }))
        .unwrap();
        assert_eq!(note.attributed_to.as_str(), "https://mastodon.example/users/a");
        assert_eq!(note.to, vec!["https://www.w3.org/ns/activitystreams#Public"]);
        assert_eq!(note.cc, vec!["https://mastodon.example/users/a/followers"]);
        assert_eq!(note.in_reply_to.as_deref(), Some("https://other.example/notes/9"));
        assert_eq!(note.content_html(), "<p>ciao</p>");
        assert_eq!(note.language().as_deref(), Some("it"));
        assert_eq!(note.tag.len(), 1);
        assert_eq!(note.page_url().as_deref(), Some("https://mastodon.example/@a/1"));
        assert_eq!(note.sensitive, None, "a malformed field is ignored, not fatal");
    }
}
