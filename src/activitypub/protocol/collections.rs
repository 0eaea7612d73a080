//! Ordered collections and their pages (outbox, followers, following, replies).

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollection {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub total_items: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollectionPage {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub part_of: String,
    pub total_items: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    pub ordered_items: Vec<Value>,
}

impl OrderedCollection {
    pub fn new(id: String, total_items: i64, first: Option<String>) -> Self {
        Self {
            kind: "OrderedCollection".into(),
            id,
            total_items,
            first,
            last: None,
        }
    }
}

impl OrderedCollectionPage {
    pub fn new(
        id: String,
        part_of: String,
        total_items: i64,
        items: Vec<Value>,
        next: Option<String>,
        prev: Option<String>,
    ) -> Self {
        Self {
            kind: "OrderedCollectionPage".into(),
            id,
            part_of,
            total_items,
            next,
            prev,
            ordered_items: items,
        }
    }
}
