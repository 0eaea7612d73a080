//! "Your data": the archive of my account (asked for, built in the
//! background, downloaded here) and the lists I bring from another server.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::services::{export, import};
use crate::state::AppState;
use crate::web::context::{CsrfForm, CsrfMultipart, SignedIn, redirect_with_flash};
use crate::web::templates::{FormErrors, SettingsDataTemplate, render_with_status};
use crate::web::views::human_size;
use crate::web::views::{ExportView, ImportView};

async fn data_view(
    state: &AppState,
    signed_in: &SignedIn,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let when = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M UTC").to_string();
    let exports = export::list(state, &signed_in.account)
        .await?
        .into_iter()
        .map(|e| ExportView {
            id: e.id,
            when: when(e.created_at),
            state: tr.t(&format!("export-state-{}", e.state)),
            ready: e.file_key.is_some(),
            size: human_size(e.size_bytes),
        })
        .collect();
    let imports = import::list(state, &signed_in.account)
        .await?
        .into_iter()
        .map(|i| ImportView {
            what: tr.t(&format!("import-kind-{}", i.kind)),
            when: when(i.created_at),
            done: i.state == "done",
            progress: tr.t_args(
                "import-progress",
                &[("imported", i.imported.into()), ("total", i.total.into())],
            ),
            failed: i.failed,
        })
        .collect();
    Ok(render_with_status(
        status,
        &SettingsDataTemplate {
            page: signed_in.viewer.page(state),
            section: "data",
            errors,
            exports,
            imports,
        },
    ))
}

/// `GET /settings/data`
pub async fn page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    data_view(&state, &signed_in, FormErrors::default(), StatusCode::OK).await
}

/// `POST /settings/data/export`: asks for a new archive.
pub async fn request_export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(_): CsrfForm<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    match export::request(&state, &signed_in.account).await {
        Ok(_) => Ok(redirect_with_flash("/settings/data", "flash-export-requested")),
        Err(AppError::Conflict(message)) => {
            let errors = FormErrors::general(message.render(&signed_in.viewer.translator()));
            data_view(&state, &signed_in, errors, StatusCode::CONFLICT).await
        }
        Err(other) => Err(other),
    }
}

/// `GET /settings/data/export/{id}`: my archive, to its owner only.
pub async fn download(State(state): State<AppState>, signed_in: SignedIn, Path(id): Path<i64>) -> AppResult<Response> {
    let (path, name) = export::download(&state, &signed_in.account, id).await?;
    let file = tokio::fs::File::open(&path).await.map_err(|_| AppError::NotFound)?;
    let length = file.metadata().await.map(|m| m.len()).unwrap_or_default();
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// `POST /settings/data/import`: a CSV list, its kind and whether it
/// replaces what I have.
pub async fn start_import(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfMultipart(form): CsrfMultipart,
) -> AppResult<Response> {
    let kind = import::Kind::parse(form.field("kind")).ok_or_else(|| AppError::bad_request("error-form-invalid"))?;
    let overwrite = form.field("mode") == "overwrite";
    let bytes = form.file.map(|f| f.bytes).unwrap_or_default();
    match import::start(&state, &signed_in.account, kind, overwrite, &bytes).await {
        Ok(_) => Ok(redirect_with_flash("/settings/data", "flash-import-started")),
        Err(AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &signed_in.viewer.translator());
            data_view(&state, &signed_in, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}
