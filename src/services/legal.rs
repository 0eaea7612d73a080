//! The instance's terms of service and privacy policy: written by
//! administrators in each language, shown on their own pages, and accepted
//! at sign-up.

use chrono::{DateTime, Utc};

use crate::db::federation as settings;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::moderators::By;
use crate::state::AppState;

/// The longest document.
pub const MAX_LENGTH: usize = 100_000;

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Terms,
    Privacy,
}

impl Document {
    pub const ALL: [Document; 2] = [Document::Terms, Document::Privacy];

    pub fn name(self) -> &'static str {
        match self {
            Document::Terms => "terms",
            Document::Privacy => "privacy",
        }
    }

    fn key(self, language: Language) -> String {
        format!("{}_{}", self.name(), language.code())
    }
}

/// A document in one language, when it was last changed.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub body: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The document as written in `language` (blank when it is not).
pub async fn written_in(state: &AppState, document: Document, language: Language) -> AppResult<Text> {
    let mut conn = state.db.get().await?;
    let row = settings::setting_with_date(&mut conn, &document.key(language)).await?;
    Ok(row.map_or_else(Text::default, |(body, updated_at)| Text {
        body,
        updated_at: Some(updated_at),
    }))
}

/// The document in `language`, or in the first language it was written in.
pub async fn read(state: &AppState, document: Document, language: Language) -> AppResult<Text> {
    let own = written_in(state, document, language).await?;
    if !own.body.trim().is_empty() {
        return Ok(own);
    }
    for other in Language::ALL {
        let text = written_in(state, document, other).await?;
        if !text.body.trim().is_empty() {
            return Ok(text);
        }
    }
    Ok(Text::default())
}

/// An administrator rewrites a document in the given languages; logged.
pub async fn save(state: &AppState, by: By<'_>, document: Document, texts: &[(Language, String)]) -> AppResult<()> {
    by.require_admin()?;
    if texts.iter().any(|(_, t)| t.chars().count() > MAX_LENGTH) {
        return Err(AppError::Validation(vec![FieldError::new(
            document.name(),
            "ERR_TOO_LONG",
            Message::new("error-document-long"),
        )]));
    }
    let admin = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    for (language, text) in texts {
        settings::set_setting(&mut conn, &document.key(*language), text.trim()).await?;
    }
    let action = format!("{}_save", document.name());
    crate::db::groups::log(&mut conn, None, admin, &action, None, None, "").await?;
    Ok(())
}

/// A document as paragraphs, for the pages (blank lines separate them).
pub fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
