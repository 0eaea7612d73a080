//! Files on the wire: ActivityStreams `Document`s, as Mastodon writes them for
//! pictures (`name` the description, `width`, `height`, `focalPoint`) and as
//! Fucina writes them for a proposal's or an interest's files (`name` the
//! description, or the file name). Ours are built from attachment rows;
//! other servers' are read into a `RemoteDocument`, whatever shape their
//! `url` takes, and kept as links.

use diesel_async::AsyncPgConnection;
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::activitypub::protocol::object::Note;
use crate::config::Config;
use crate::db::attachments::{self, DbAttachment, Owner};
use crate::db::statuses::DbStatus;
use crate::error::AppError;
use crate::urls::Urls;

/// One of our files as a `Document`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub media_type: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focal_point: Option<[f32; 2]>,
}

impl Document {
    /// A post's picture: described by its alternative text, if any.
    pub fn of_picture(config: &Config, row: &DbAttachment) -> Self {
        Self {
            name: Some(row.description.clone()).filter(|d| !d.is_empty()),
            width: row.width.filter(|_| row.height.is_some()),
            height: row.height.filter(|_| row.width.is_some()),
            focal_point: row.focus_x.zip(row.focus_y).map(|(x, y)| [x, y]),
            ..Self::bare(config, row)
        }
    }

    /// A proposal's or an interest's file: named by its description, else its
    /// file name (Mastodon shows `name` as the alternative text).
    pub fn of_file(config: &Config, row: &DbAttachment) -> Self {
        let name = if row.description.is_empty() {
            &row.file_name
        } else {
            &row.description
        };
        Self {
            name: Some(name.clone()),
            ..Self::bare(config, row)
        }
    }

    fn bare(config: &Config, row: &DbAttachment) -> Self {
        Self {
            kind: "Document",
            media_type: row.content_type.split(';').next().unwrap_or_default().to_owned(),
            url: url_of(config, row),
            name: None,
            width: None,
            height: None,
            focal_point: None,
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Puts a local post's pictures on its object. A proposal's `Page` carries
/// the proposal's files instead (already set), and other servers' posts are
/// theirs to describe.
pub async fn decorate_post(
    conn: &mut AsyncPgConnection,
    config: &Config,
    status: &DbStatus,
    note: &mut Note,
) -> Result<(), AppError> {
    if !status.local || (status.object_type == "Page" && !note.attachment.is_empty()) {
        return Ok(());
    }
    let media = attachments::of(conn, Owner::Status(status.id)).await?;
    if !media.is_empty() {
        note.attachment = media
            .iter()
            .map(|m| Document::of_picture(config, m).to_json())
            .collect();
    }
    Ok(())
}

/// Where a file can be downloaded: here, or on its own server.
pub fn url_of(config: &Config, row: &DbAttachment) -> String {
    match (&row.key, &row.remote_url) {
        (Some(key), _) => Urls::new(&config.server).media(key, &row.file_name),
        (None, Some(remote)) => remote.clone(),
        (None, None) => String::new(),
    }
}

/// Another server's `Document` (or `Image`, `Video`…), as far as Fucina keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteDocument {
    /// An http(s) URL of at most 2 KiB.
    pub url: Url,
    pub media_type: Option<String>,
    /// Its `name`, without control characters (new lines kept).
    pub name: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Mastodon's `focalPoint`, when both coordinates are within −1…1.
    pub focus: Option<(f32, f32)>,
}

impl RemoteDocument {
    /// Reads a document; `None` when it has no usable URL.
    pub fn parse(document: &Value) -> Option<Self> {
        let url = match document.get("url") {
            Some(Value::String(url)) => Some(url.as_str()),
            Some(Value::Object(link)) => link.get("href").and_then(Value::as_str),
            Some(Value::Array(links)) => links.iter().find_map(|l| match l {
                Value::String(url) => Some(url.as_str()),
                other => other.get("href").and_then(Value::as_str),
            }),
            _ => None,
        }?;
        let url = Url::parse(url).ok().filter(|_| url.len() <= 2048)?;
        if !matches!(url.scheme(), "https" | "http") {
            return None;
        }
        let integer = |key: &str| {
            document
                .get(key)
                .and_then(Value::as_i64)
                .and_then(|n| i32::try_from(n).ok())
                .filter(|n| *n > 0)
        };
        #[allow(clippy::cast_possible_truncation, reason = "within -1..=1")]
        let focus = document
            .get("focalPoint")
            .and_then(Value::as_array)
            .and_then(|p| Some((p.first()?.as_f64()?, p.get(1)?.as_f64()?)))
            .filter(|(x, y)| (-1.0..=1.0).contains(x) && (-1.0..=1.0).contains(y))
            .map(|(x, y)| (x as f32, y as f32));
        Some(Self {
            url,
            media_type: document.get("mediaType").and_then(Value::as_str).map(str::to_owned),
            name: document
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect(),
            width: integer("width"),
            height: integer("height"),
            focus,
        })
    }

    /// The last segment of its URL, percent-decoded: the file's name.
    pub fn file_name(&self) -> String {
        let segment = self
            .url
            .path_segments()
            .and_then(|mut segments| segments.next_back().map(str::to_owned))
            .unwrap_or_default();
        percent_decode(&segment)
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{RemoteDocument, percent_decode};
    use crate::urls::url_segment;

    #[test]
    fn a_file_name_survives_the_round_trip_through_its_url() {
        let name = "Piano di lavoro (v2) è.pdf";
        let segment = url_segment(name);
        assert!(
            segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"%._-".contains(&b))
        );
        assert_eq!(percent_decode(&segment), name);
    }

    #[test]
    fn remote_documents_are_read_from_every_shape_of_url() {
        let cases = [
            json!({"type": "Document", "url": "https://a.example/f/plan%20v2.pdf", "mediaType": "application/pdf"}),
            json!({"type": "Image", "url": {"type": "Link", "href": "https://a.example/f/plan%20v2.pdf"}}),
            json!({"type": "Video", "url": [{"href": "https://a.example/f/plan%20v2.pdf"}, "https://b.example/x"]}),
        ];
        for document in cases {
            let read = RemoteDocument::parse(&document).unwrap();
            assert_eq!(read.url.as_str(), "https://a.example/f/plan%20v2.pdf");
            assert_eq!(read.file_name(), "plan v2.pdf");
        }
        for refused in [
            json!({"url": "javascript:alert(1)"}),
            json!({"url": "/relative"}),
            json!({"url": 5}),
            json!({}),
        ] {
            assert_eq!(RemoteDocument::parse(&refused), None, "{refused}");
        }
        let picture = RemoteDocument::parse(&json!({
            "url": "https://a.example/p.png", "name": "A\u{7}chart\nof yields",
            "width": 640, "height": -3, "focalPoint": [0.5, -2.0],
        }))
        .unwrap();
        assert_eq!(picture.name, "Achart\nof yields");
        assert_eq!((picture.width, picture.height, picture.focus), (Some(640), None, None));
    }
}
