//! Reporting an account, and some of its posts, from the pages.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::db::actors::DbActor;
use crate::db::statuses::{self, Viewer as StatusViewer};
use crate::error::{AppError, AppResult};
use crate::services::reports::{self, CATEGORIES, ReportInput};
use crate::services::rules;
use crate::state::{AppState, FedData};
use crate::web::context::{CsrfForm, SignedIn, redirect_with_flash};
use crate::web::pages::social::actor_by_acct;
use crate::web::templates::{FormErrors, ReportTemplate, render_with_status};

/// The report form as posted (and as the page opens it: `account`, `status`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    account: String,
    status: Option<i64>,
    status_ids: Vec<i64>,
    category: String,
    rule_ids: Vec<i64>,
    comment: String,
    forward: Option<String>,
}

async fn report_view(
    state: &AppState,
    signed_in: &SignedIn,
    target: &DbActor,
    form: &ReportForm,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let mut conn = state.db.get().await?;
    let mut posts = Vec::new();
    let mut groups = Vec::new();
    for post in statuses::find_many_live(&mut conn, &form.status_ids).await? {
        if post.actor_id == target.id
            && statuses::visible_to(&mut conn, StatusViewer::Actor(signed_in.account.actor.id), post.id).await?
        {
            groups.extend(post.group_id);
            posts.push((post.id, post.content));
        }
    }
    // Another server hears of it: the account's, or that of a group the posts are in.
    let remote = !target.is_local()
        || crate::db::actors::find_many(&mut conn, &groups)
            .await?
            .iter()
            .any(|g| !g.is_local());
    drop(conn);
    let chosen = if form.category.is_empty() {
        "other"
    } else {
        form.category.as_str()
    };
    Ok(render_with_status(
        status,
        &ReportTemplate {
            page: signed_in.viewer.page(state),
            errors,
            acct: target.acct(),
            name: crate::web::views::display_name(target),
            remote,
            posts,
            categories: CATEGORIES
                .iter()
                .map(|c| (*c, tr.t(&format!("report-category-{c}")), *c == chosen))
                .collect(),
            rules: rules::list(state)
                .await?
                .iter()
                .map(|r| {
                    (
                        r.id,
                        rules::words(r, signed_in.viewer.language).text,
                        form.rule_ids.contains(&r.id),
                    )
                })
                .collect(),
            comment: form.comment.clone(),
            forward: form.forward.is_some(),
        },
    ))
}

/// The report form, about an account and maybe one of its posts.
pub async fn report_form(
    data: FedData,
    signed_in: SignedIn,
    Query(mut form): Query<ReportForm>,
) -> AppResult<Response> {
    let target = actor_by_acct(&data, &signed_in.viewer, &form.account).await?;
    form.status_ids.extend(form.status);
    report_view(&data, &signed_in, &target, &form, FormErrors::default(), StatusCode::OK).await
}

/// Files the report; a refused one comes back with the reason and what was typed.
pub async fn report(data: FedData, signed_in: SignedIn, CsrfForm(form): CsrfForm<ReportForm>) -> AppResult<Response> {
    let target = actor_by_acct(&data, &signed_in.viewer, &form.account).await?;
    let input = ReportInput {
        target_id: target.id,
        status_ids: form.status_ids.clone(),
        comment: form.comment.clone(),
        category: form.category.clone(),
        forward: form.forward.is_some(),
        rule_ids: form.rule_ids.clone(),
    };
    match reports::file(&data, &signed_in.account, input).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/@{}", target.acct()),
            "flash-report-sent",
        )),
        Err(AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &signed_in.viewer.translator());
            report_view(
                &data,
                &signed_in,
                &target,
                &form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other),
    }
}
