//! The instance rules: written by administrators in each language, shown at
//! sign-up, in the report form and in `/api/v1/instance/rules`, and named by
//! reports that say a rule was broken.

use serde_json::{Map, Value, json};

use crate::db::moderation::{self as store, DbRule};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::moderators::By;
use crate::state::AppState;

/// The longest rule, and the longest hint under it.
pub const MAX_TEXT: usize = 300;
pub const MAX_HINT: usize = 1_000;

/// A rule's words in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleText {
    pub text: String,
    pub hint: String,
}

/// The rule in `language`, or in the first language it was written in.
pub fn words(rule: &DbRule, language: Language) -> RuleText {
    written_in(rule, language)
        .or_else(|| Language::ALL.iter().find_map(|l| written_in(rule, *l)))
        .unwrap_or_default()
}

/// The rule as written in `language`, if it was.
pub fn written_in(rule: &DbRule, language: Language) -> Option<RuleText> {
    let v = rule.texts.get(language.code())?;
    let text = v["text"].as_str().unwrap_or_default().to_owned();
    let hint = v["hint"].as_str().unwrap_or_default().to_owned();
    Some(RuleText { text, hint }).filter(|t| !t.text.is_empty())
}

/// The rules, in order.
pub async fn list(state: &AppState) -> AppResult<Vec<DbRule>> {
    let mut conn = state.db.get().await?;
    Ok(store::rules(&mut conn).await?)
}

fn refuse(field: &'static str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, "ERR_INVALID", Message::new(key))])
}

/// Checks a rule's words and gives them as stored: a rule needs its text in at
/// least one language.
fn texts(input: &[(Language, RuleText)]) -> AppResult<Value> {
    let mut texts = Map::new();
    for (language, words) in input {
        let (text, hint) = (words.text.trim(), words.hint.trim());
        if text.chars().count() > MAX_TEXT || hint.chars().count() > MAX_HINT {
            return Err(refuse("text", "error-rule-long"));
        }
        if !text.is_empty() {
            texts.insert(language.code().to_owned(), json!({ "text": text, "hint": hint }));
        }
    }
    if texts.is_empty() {
        return Err(refuse("text", "error-rule-blank"));
    }
    Ok(Value::Object(texts))
}

/// Adds a rule (`id` None) or rewrites one; administrators only, logged.
pub async fn save(
    state: &AppState,
    by: By<'_>,
    id: Option<i64>,
    position: i32,
    words: &[(Language, RuleText)],
) -> AppResult<DbRule> {
    by.require_admin()?;
    let texts = texts(words)?;
    let admin = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    let rule = match id {
        Some(id) => store::update_rule(&mut conn, id, position, &texts)
            .await?
            .ok_or(AppError::NotFound)?,
        None => store::insert_rule(&mut conn, position, &texts).await?,
    };
    let note = format!("rule {}", rule.id);
    crate::db::groups::log(&mut conn, None, admin, "rule_save", None, None, &note).await?;
    Ok(rule)
}

/// Removes a rule; administrators only, logged.
pub async fn delete(state: &AppState, by: By<'_>, id: i64) -> AppResult<()> {
    by.require_admin()?;
    let admin = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    if !store::delete_rule(&mut conn, id).await? {
        return Err(AppError::NotFound);
    }
    crate::db::groups::log(&mut conn, None, admin, "rule_delete", None, None, &format!("rule {id}")).await?;
    Ok(())
}
