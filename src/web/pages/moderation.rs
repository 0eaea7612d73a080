//! The moderators' pages: the queue of reports and appeals, the actions
//! taken from it, and the instance rules (administrators write them).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use serde::Deserialize;

use crate::db::actors::{self, DbActor};
use crate::db::moderation::DbRule;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::legal::{self, Document};
use crate::services::moderation::{self, AccountAction, ActionInput, By};
use crate::services::reports::{self, Handling};
use crate::services::rules::{self, RuleText};
use crate::state::AppState;
use crate::web::context::{AdminViewer, CsrfForm, SignedIn, Viewer, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{
    AdminLegalTemplate, AdminRulesTemplate, FormErrors, LegalTemplate, ModerationTemplate, RuleRow, render_with_status,
};
use crate::web::views::{AppealRow, ReportRow};

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

/// The moderators' queue: open reports with what they name, and appeals.
pub async fn queue_page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let me = By::Moderator(&signed_in.account);
    let open = reports::queue(&state, &signed_in.account, false, None, 100).await?;
    // Facilitators and group moderators work their reports; accounts and
    // appeals are for the instance's moderators.
    let can_act = me.check().is_ok();
    let appeals = if can_act {
        moderation::pending_appeals(&state, me).await?
    } else {
        Vec::new()
    };
    let tr = signed_in.viewer.translator();
    let all_rules = rules::list(&state).await?;
    let mut ids: Vec<i64> = open
        .iter()
        .flat_map(|r| [Some(r.target_account_id), r.reporter_id, r.assigned_account_id])
        .flatten()
        .collect();
    ids.extend(appeals.iter().map(|w| w.target_account_id));
    let mut conn = state.db.get().await?;
    let report_ids: Vec<i64> = open.iter().map(|r| r.id).collect();
    let notes = crate::db::reports::notes_of(&mut conn, &report_ids).await?;
    let mut histories = HashMap::new();
    for report in &open {
        histories.insert(report.id, crate::db::reports::history(&mut conn, report).await?);
    }
    ids.extend(notes.iter().filter_map(|n| n.author_id));
    ids.extend(histories.values().flatten().filter_map(|h| h.moderator_id));
    let people: HashMap<i64, DbActor> = actors::find_many(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    drop(conn);
    let acct = |id: Option<i64>| id.and_then(|id| people.get(&id)).map(DbActor::acct);
    let reports = open
        .iter()
        .map(|r| ReportRow {
            id: r.id,
            target_id: r.target_account_id,
            target_acct: acct(Some(r.target_account_id)).unwrap_or_default(),
            target_local: people.get(&r.target_account_id).is_some_and(DbActor::is_local),
            reporter: acct(r.reporter_id).unwrap_or_else(|| tr.t("moderation-reporter-gone")),
            category: tr.t(&format!("report-category-{}", r.category)),
            comment: r.comment.clone(),
            rules: all_rules
                .iter()
                .filter(|rule| r.rule_ids.contains(&rule.id))
                .map(|rule| rules::words(rule, signed_in.viewer.language).text)
                .collect(),
            posts: r
                .snapshot
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let id = p["id"].as_str()?.parse().ok()?;
                    Some((id, p["content"].as_str().unwrap_or_default().to_owned()))
                })
                .collect(),
            assigned: acct(r.assigned_account_id),
            created: r.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            notes: notes
                .iter()
                .filter(|n| n.report_id == r.id)
                .map(|n| {
                    let who = acct(n.author_id).unwrap_or_else(|| tr.t("moderation-reporter-gone"));
                    (
                        who,
                        n.text.clone(),
                        n.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    )
                })
                .collect(),
            history: histories
                .get(&r.id)
                .into_iter()
                .flatten()
                .map(|h| {
                    let when = h.created_at.format("%Y-%m-%d %H:%M UTC").to_string();
                    let who = acct(h.moderator_id).unwrap_or_else(|| tr.t("moderation-console"));
                    let key = format!("log-action-{}", h.action.replace('_', "-"));
                    let what = if tr.has(&key) { tr.t(&key) } else { h.action.clone() };
                    (when, who, what)
                })
                .collect(),
        })
        .collect();
    let appeals = appeals
        .iter()
        .map(|w| AppealRow {
            id: w.id,
            acct: acct(Some(w.target_account_id)).unwrap_or_default(),
            action: tr.t(&format!("warning-action-{}", w.action.replace('_', "-"))),
            text: w.text.clone(),
            appeal: w.appeal_text.clone().unwrap_or_default(),
        })
        .collect();
    let actions = ["none", "sensitive", "disable", "silence", "suspend"]
        .into_iter()
        .map(|a| (a, tr.t(&format!("warning-action-{a}"))))
        .collect();
    Ok(render_with_status(
        StatusCode::OK,
        &ModerationTemplate {
            page: signed_in.viewer.page(&state),
            reports,
            appeals,
            actions,
            can_act,
        },
    ))
}

/// Takes, resolves or reopens a report.
pub async fn handle_report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, what)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    let handling = match what.as_str() {
        "resolve" => Handling::Resolve,
        "reopen" => Handling::Reopen,
        "assign" => Handling::AssignToSelf,
        _ => return Err(AppError::NotFound),
    };
    reports::handle(&state, &signed_in.account, id, handling).await?;
    Ok(redirect_with_flash("/moderation", "flash-moderation-done"))
}

/// Writes a note on a report.
pub async fn add_note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> AppResult<Response> {
    match reports::add_note(&state, &signed_in.account, id, &form.text).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/moderation#report-{id}"),
            "flash-note-added",
        )),
        Err(AppError::Validation(_)) => Ok(redirect_with_flash(
            &format!("/moderation#report-{id}"),
            "flash-note-blank",
        )),
        Err(other) => Err(other),
    }
}

/// What the queue's forms post: an action and its reason, or a removal's reason.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModerationForm {
    action: String,
    text: String,
    report_id: Option<i64>,
}

pub async fn account_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(actor_id): Path<i64>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> AppResult<Response> {
    let action = AccountAction::parse(&form.action).ok_or_else(|| AppError::bad_request("error-field-choice"))?;
    let input = ActionInput {
        action,
        text: form.text,
        report_id: form.report_id,
    };
    moderation::act(&state, By::Moderator(&signed_in.account), actor_id, input).await?;
    Ok(redirect_with_flash("/moderation", "flash-moderation-done"))
}

pub async fn remove_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(status_id): Path<i64>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> AppResult<Response> {
    moderation::remove_post(&state, By::Moderator(&signed_in.account), status_id, &form.text).await?;
    Ok(redirect_with_flash("/moderation", "flash-moderation-done"))
}

pub async fn decide_appeal(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, decision)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    moderation::decide_appeal(&state, By::Moderator(&signed_in.account), id, approve).await?;
    Ok(redirect_with_flash("/moderation", "flash-moderation-done"))
}

fn document_label(document: Document, tr: &crate::i18n::Translator) -> String {
    tr.t(match document {
        Document::Terms => "legal-terms",
        Document::Privacy => "legal-privacy",
    })
}

/// The terms or the privacy policy, in the visitor's language.
async fn legal_page(state: &AppState, viewer: &Viewer, document: Document) -> AppResult<Response> {
    let text = legal::read(state, document, viewer.language).await?;
    let tr = viewer.translator();
    Ok(render_with_status(
        StatusCode::OK,
        &LegalTemplate {
            page: viewer.page(state),
            title: document_label(document, &tr),
            paragraphs: legal::paragraphs(&text.body),
            updated: text.updated_at.map(|t| t.format("%Y-%m-%d").to_string()),
        },
    ))
}

pub async fn terms_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    legal_page(&state, &viewer, Document::Terms).await
}

pub async fn privacy_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    legal_page(&state, &viewer, Document::Privacy).await
}

/// The documents' editor: one text area per document and language.
pub async fn legal_admin(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    let tr = admin.viewer.translator();
    let mut fields = Vec::new();
    for document in Document::ALL {
        for language in Language::ALL {
            let text = legal::written_in(&state, document, language).await?;
            let name = format!("{}_{}", document.name(), language.code());
            fields.push((name, language.native_name(), document_label(document, &tr), text.body));
        }
    }
    Ok(render_with_status(
        StatusCode::OK,
        &AdminLegalTemplate {
            page: admin.viewer.page(&state),
            section: "legal",
            errors: FormErrors::default(),
            fields,
        },
    ))
}

pub async fn save_legal(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    for document in Document::ALL {
        let texts: Vec<(Language, String)> = Language::ALL
            .iter()
            .filter_map(|l| Some((*l, form.get(&format!("{}_{}", document.name(), l.code()))?.clone())))
            .collect();
        legal::save(&state, By::Moderator(&admin.account), document, &texts).await?;
    }
    Ok(redirect_with_flash("/admin/legal", "flash-legal-saved"))
}
