//! Activities: one shape for every incoming activity (dispatched by `type`), and
//! builders for the ones Fucina sends.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use url::Url;

use crate::activitypub::protocol::object::{id_of, ids};

/// Any activity, as received. `object` stays raw until its type is known.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Activity {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    #[serde(deserialize_with = "crate::activitypub::protocol::object::first_id")]
    pub actor: Url,
    #[serde(default)]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Value>,
    #[serde(default, deserialize_with = "ids")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "ids")]
    pub cc: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// A moderator's reason (Lemmy's removals and locks).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Value>,
    /// An expression of interest's message, when the activity is the `Join` of a proposal.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestTerms>,
}

/// The fields of an expression of interest, in Fucina's namespace.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestTerms {
    pub interest_offer: String,
    #[serde(default, deserialize_with = "crate::activitypub::protocol::object::lenient")]
    pub interest_about: Option<String>,
    #[serde(default, deserialize_with = "crate::activitypub::protocol::object::lenient")]
    pub interest_questions: Option<String>,
    #[serde(default, deserialize_with = "crate::activitypub::protocol::object::lenient")]
    pub on_behalf_of: Option<String>,
    #[serde(default, deserialize_with = "crate::activitypub::protocol::object::lenient")]
    pub team_consent: Option<bool>,
    /// Files the sender attached, as `Document`s.
    #[serde(default, deserialize_with = "crate::activitypub::protocol::object::lenient_list")]
    pub attachment: Vec<Value>,
}

impl Activity {
    /// The id of the object, whether it was sent by reference or embedded.
    pub fn object_id(&self) -> Option<&str> {
        id_of(&self.object)
    }

    /// The embedded object's type, when the object is embedded.
    pub fn object_type(&self) -> Option<&str> {
        self.object.get("type").and_then(Value::as_str)
    }
}

/// `{type, id, actor, object}` plus addressing: the skeleton of every activity we send.
pub fn build(kind: &str, id: &str, actor: &str, object: Value, to: &[String], cc: &[String]) -> Value {
    let mut activity = json!({
        "type": kind,
        "id": id,
        "actor": actor,
        "object": object,
    });
    if !to.is_empty() {
        activity["to"] = json!(to);
    }
    if !cc.is_empty() {
        activity["cc"] = json!(cc);
    }
    activity
}
