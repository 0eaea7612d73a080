//! Reading a `multipart/form-data` body: its text fields and at most one file
//! (the field named `file`). Shared by the pages and the API, which both
//! accept uploads; what the file may be is the domain's business.

use std::collections::HashMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;

use crate::error::AppError;

/// A file as it arrived in a form or an API call.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub description: String,
}

/// The text fields of a multipart form, and its file if one was chosen.
#[derive(Debug, Default)]
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub file: Option<Upload>,
}

impl MultipartForm {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }
}

fn refusal(error: &MultipartError) -> AppError {
    match error.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::bad_request("error-form-invalid"),
    }
}

/// Reads every part; a second file, or a text field over 64 KiB, is refused.
pub async fn read(mut multipart: Multipart) -> Result<MultipartForm, AppError> {
    let mut form = MultipartForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| refusal(&e))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|e| refusal(&e))?;
            // A form whose file input was left empty sends an empty, nameless part.
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if form.file.is_some() {
                return Err(AppError::bad_request("error-form-invalid"));
            }
            form.file = Some(Upload {
                file_name,
                bytes: bytes.to_vec(),
                description: String::new(),
            });
        } else {
            let text = field.text().await.map_err(|e| refusal(&e))?;
            if text.len() > 64 * 1024 {
                return Err(AppError::PayloadTooLarge);
            }
            form.fields.insert(name, text);
        }
    }
    if let Some(file) = form.file.as_mut() {
        file.description = form.fields.get("description").cloned().unwrap_or_default();
    }
    Ok(form)
}
