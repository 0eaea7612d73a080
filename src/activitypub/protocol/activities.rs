//! Activities as they arrive: one loose shape for every incoming activity,
//! dispatched by `type` (what Fucina sends is typed in `outgoing`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use crate::activitypub::protocol::object::{id_of, ids};

/// Any activity, as received. `object` stays raw until its type is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
