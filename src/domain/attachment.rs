//! Files attached to proposals and expressions of interest: which kinds are
//! accepted, how a file proves it is what its name says, and how names and
//! descriptions are tidied. The kind comes from the file's extension and is
//! checked against its first bytes; what the uploader's browser claims is
//! ignored, so a page cannot be passed off as a picture.

use crate::error::FieldError;
use crate::i18n::Message;

/// How many files one proposal or one interest may carry.
pub const MAX_PER_ITEM: usize = 5;
/// The longest description (alternative text), in characters.
pub const MAX_DESCRIPTION: usize = 500;
/// The longest file name kept, in characters.
const MAX_NAME: usize = 120;

/// How a file's first bytes show its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// A zip container: OpenDocument and Office Open XML files.
    Zip,
    /// The old Office formats (OLE compound files).
    Ole,
    /// UTF-8 text.
    Text,
}

/// Each accepted extension, its media type and its magic.
const KINDS: [(&str, &str, Magic); 16] = [
    ("pdf", "application/pdf", Magic::Pdf),
    ("png", "image/png", Magic::Png),
    ("jpg", "image/jpeg", Magic::Jpeg),
    ("jpeg", "image/jpeg", Magic::Jpeg),
    ("gif", "image/gif", Magic::Gif),
    ("webp", "image/webp", Magic::Webp),
    ("odt", "application/vnd.oasis.opendocument.text", Magic::Zip),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet", Magic::Zip),
    ("odp", "application/vnd.oasis.opendocument.presentation", Magic::Zip),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Magic::Zip,
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Magic::Zip,
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Magic::Zip,
    ),
    ("doc", "application/msword", Magic::Ole),
    ("txt", "text/plain; charset=utf-8", Magic::Text),
    ("csv", "text/csv; charset=utf-8", Magic::Text),
    ("md", "text/markdown; charset=utf-8", Magic::Text),
];

/// The extensions accepted, for the forms' `accept` attribute and the docs.
pub fn accepted_extensions() -> String {
    KINDS
        .iter()
        .map(|(ext, _, _)| format!(".{ext}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A file that passed every check, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUpload {
    pub file_name: String,
    pub content_type: &'static str,
    pub description: String,
}

impl ValidUpload {
    /// Whether a browser may show it in place (pictures and PDFs); anything
    /// else is offered as a download.
    pub fn inline(content_type: &str) -> bool {
        content_type.starts_with("image/") || content_type == "application/pdf"
    }
}

fn matches(magic: Magic, bytes: &[u8]) -> bool {
    match magic {
        Magic::Pdf => bytes.starts_with(b"%PDF-"),
        Magic::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        Magic::Jpeg => bytes.starts_with(b"\xff\xd8\xff"),
        Magic::Gif => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        Magic::Webp => bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP",
        Magic::Zip => bytes.starts_with(b"PK\x03\x04"),
        Magic::Ole => bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        Magic::Text => std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0),
    }
}

/// A file name safe to show and to put in a header: no path, no control
/// characters, no quotes, at most 120 characters, keeping its extension.
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '?' | '*' | ':' | '|' | '%'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.chars().count() <= MAX_NAME {
        return cleaned;
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 5 => (stem.to_string(), format!(".{ext}")),
        _ => (cleaned.clone(), String::new()),
    };
    let keep = MAX_NAME - ext.chars().count();
    format!("{}{ext}", stem.chars().take(keep).collect::<String>())
}

fn refuse(key: &'static str) -> FieldError {
    FieldError::new("file", "ERR_INVALID", Message::new(key))
}

/// Checks an upload: an accepted kind whose bytes agree with its extension,
/// not empty, not larger than `max_bytes`; a description of at most 500
/// characters.
pub fn validate(
    raw_name: &str,
    bytes: &[u8],
    description: &str,
    max_bytes: usize,
) -> Result<ValidUpload, Vec<FieldError>> {
    let mut errors = Vec::new();
    let file_name = clean_file_name(raw_name);
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = KINDS.iter().find(|(ext, _, _)| *ext == extension);
    if bytes.is_empty() || file_name.is_empty() {
        errors.push(refuse("error-attachment-empty"));
    } else if bytes.len() > max_bytes {
        errors.push(FieldError::new(
            "file",
            "ERR_TOO_LONG",
            Message::new("error-attachment-too-large").with("megabytes", (max_bytes / (1024 * 1024)).to_string()),
        ));
    } else {
        match kind {
            None => errors.push(refuse("error-attachment-kind")),
            Some((_, _, magic)) if !matches(*magic, bytes) => errors.push(refuse("error-attachment-mismatch")),
            Some(_) => {}
        }
    }
    let description = checked_description(description, &mut errors);
    match (errors.is_empty(), kind) {
        (true, Some((_, content_type, _))) => Ok(ValidUpload {
            file_name,
            content_type,
            description,
        }),
        _ => Err(errors),
    }
}

/// A media type without its parameters, in lower case (`Text/HTML; charset=x` is `text/html`).
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The media type a remote `Document` declares, if it is one Fucina links to
/// (pictures, PDFs, office files, text); `None` for anything else.
pub fn remote_type(media_type: &str) -> Option<&'static str> {
    let essence = essence(media_type);
    KINDS
        .iter()
        .map(|(_, content_type, _)| *content_type)
        .find(|known| known.split(';').next() == Some(essence.as_str()))
}

/// A file's description, trimmed; too long a one is refused in `errors`.
pub(crate) fn checked_description(description: &str, errors: &mut Vec<FieldError>) -> String {
    let description = description.trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldError::new(
            "description",
            "ERR_TOO_LONG",
            Message::new("error-attachment-description-long"),
        ));
    }
    description
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1024 * 1024;

    #[test]
    fn a_pdf_with_its_magic_is_accepted_with_the_type_its_extension_gives() {
        let valid = validate("plan.PDF", b"%PDF-1.7 rest", "  The plan  ", MB).expect("valid");
        assert_eq!(valid.content_type, "application/pdf");
        assert_eq!(valid.file_name, "plan.PDF");
        assert_eq!(valid.description, "The plan");
    }

    #[test]
    fn bytes_that_disagree_with_the_extension_are_refused() {
        let errors = validate("photo.png", b"<html><script>", "", MB).expect_err("refused");
        assert_eq!(errors[0].message.key, "error-attachment-mismatch");
        let errors = validate("notes.txt", b"a\0b", "", MB).expect_err("refused");
        assert_eq!(errors[0].message.key, "error-attachment-mismatch");
    }

    #[test]
    fn unknown_kinds_empty_files_and_large_ones_are_refused() {
        assert_eq!(
            validate("tool.exe", b"MZ", "", MB).expect_err("kind")[0].message.key,
            "error-attachment-kind"
        );
        assert_eq!(
            validate("page.html", b"<p>", "", MB).expect_err("kind")[0].message.key,
            "error-attachment-kind"
        );
        assert_eq!(
            validate("a.pdf", b"", "", MB).expect_err("empty")[0].message.key,
            "error-attachment-empty"
        );
        let big = vec![b'a'; MB + 1];
        let errors = validate("a.txt", &big, "", MB).expect_err("large");
        assert_eq!(errors[0].code, "ERR_TOO_LONG");
    }

    #[test]
    fn a_long_description_is_refused_with_the_field_named() {
        let errors = validate("a.txt", b"hello", &"x".repeat(501), MB).expect_err("long");
        assert_eq!(errors[0].field, "description");
    }

    #[test]
    fn file_names_lose_paths_and_dangerous_characters_and_keep_their_extension() {
        assert_eq!(clean_file_name("C:\\Users\\me\\report.pdf"), "report.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b<c>\n.pdf"), "abc.pdf");
        assert_eq!(clean_file_name(".hidden.txt"), "hidden.txt");
        let long = format!("{}.docx", "n".repeat(300));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), 120);
        assert!(cleaned.ends_with(".docx"));
    }

    #[test]
    fn remote_types_are_matched_on_their_essence() {
        assert_eq!(remote_type("application/pdf"), Some("application/pdf"));
        assert_eq!(remote_type("IMAGE/PNG"), Some("image/png"));
        assert_eq!(remote_type("text/plain"), Some("text/plain; charset=utf-8"));
        assert_eq!(remote_type("text/html"), None);
        assert_eq!(remote_type("application/x-msdownload"), None);
    }
}
