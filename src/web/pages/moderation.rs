//! The moderators' pages: the instance rules (administrators write them).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::db::moderation::DbRule;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::moderation::By;
use crate::services::rules::{self, RuleText};
use crate::state::AppState;
use crate::web::context::{AdminViewer, CsrfForm, SignedIn, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{AdminRulesTemplate, FormErrors, RuleRow, render_with_status};

/// A rule's row: its words in every language (blank where not written).
fn row(id: i64, position: i32, words: impl Fn(Language) -> RuleText) -> RuleRow {
    RuleRow {
        id,
        position,
        texts: Language::ALL
            .iter()
            .map(|l| {
                let w = words(*l);
                (l.code(), l.native_name(), w.text, w.hint)
            })
            .collect(),
    }
}

fn stored_row(rule: &DbRule) -> RuleRow {
    row(rule.id, rule.position, |l| {
        rules::written_in(rule, l).unwrap_or_default()
    })
}

async fn rules_view(
    state: &AppState,
    admin: &SignedIn,
    errors: FormErrors,
    new_rule: RuleRow,
    status: StatusCode,
) -> AppResult<Response> {
    let all = rules::list(state).await?;
    Ok(render_with_status(
        status,
        &AdminRulesTemplate {
            page: admin.viewer.page(state),
            section: "rules",
            errors,
            rules: all.iter().map(stored_row).collect(),
            new_rule,
        },
    ))
}

pub async fn rules_page(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    let blank = row(0, 0, |_| RuleText::default());
    rules_view(&state, &admin, FormErrors::default(), blank, StatusCode::OK).await
}

/// A rule as the form posts it: `position`, and `text_<lang>`, `hint_<lang>`.
fn posted(form: &HashMap<String, String>) -> (i32, Vec<(Language, RuleText)>) {
    let field = |name: String| form.get(&name).cloned().unwrap_or_default();
    let position = form.get("position").and_then(|p| p.trim().parse().ok()).unwrap_or(0);
    let words = Language::ALL
        .iter()
        .map(|l| {
            let text = field(format!("text_{}", l.code()));
            let hint = field(format!("hint_{}", l.code()));
            (*l, RuleText { text, hint })
        })
        .collect();
    (position, words)
}

async fn save(
    state: &AppState,
    admin: &SignedIn,
    id: Option<i64>,
    form: &HashMap<String, String>,
) -> AppResult<Response> {
    let (position, words) = posted(form);
    match rules::save(state, By::Moderator(&admin.account), id, position, &words).await {
        Ok(_) => Ok(redirect_with_flash("/admin/rules", "flash-rule-saved")),
        Err(AppError::Validation(errors)) => {
            let typed = row(id.unwrap_or(0), position, |l| {
                words
                    .iter()
                    .find(|(w, _)| *w == l)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default()
            });
            let errors = FormErrors::new(&errors, &admin.viewer.translator());
            rules_view(state, admin, errors, typed, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}

pub async fn add_rule(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    save(&state, &admin, None, &form).await
}

pub async fn update_rule(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    save(&state, &admin, Some(id), &form).await
}

pub async fn delete_rule(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    rules::delete(&state, By::Moderator(&admin.account), id).await?;
    Ok(redirect_with_flash("/admin/rules", "flash-rule-deleted"))
}
