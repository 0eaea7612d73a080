//! Pictures on posts (Mastodon's media API): which pictures are accepted,
//! their size in pixels read from their header, and focal points.
//!
//! A picture is recognised by its first bytes, not by its name: Mastodon apps
//! often send names such as `image` or `blob`. Its name then gets the
//! extension of what it is. Only pictures are accepted here; documents go on
//! proposals, and video and sound are not stored by Fucina.

use crate::domain::attachment::clean_file_name;
use crate::error::FieldError;
use crate::i18n::Message;

/// The most pictures one post may carry (as on Mastodon).
pub const MAX_PER_POST: usize = 4;

/// The picture kinds accepted: extension, media type.
const PICTURES: [(&str, &str); 4] = [
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
];

/// The media types accepted, for the instance's configuration.
pub fn accepted_types() -> Vec<&'static str> {
    PICTURES.iter().map(|(_, t)| *t).collect()
}

/// A picture that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMedia {
    pub file_name: String,
    pub content_type: &'static str,
    pub description: String,
    pub size: Option<(u32, u32)>,
    pub focus: Option<(f32, f32)>,
}

/// Which picture kind the bytes are, if any (index into `PICTURES`).
fn sniff(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(0)
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(1)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(2)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(3)
    } else {
        None
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?])))
}

fn le16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?])))
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *bytes.get(at)?,
        *bytes.get(at + 1)?,
        *bytes.get(at + 2)?,
        0,
    ]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A JPEG's size, from its first start-of-frame segment.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    while at + 3 < bytes.len() {
        if bytes[at] != 0xff {
            return None;
        }
        let marker = bytes[at + 1];
        match marker {
            // Fill bytes, and markers that stand alone.
            0xff => at += 1,
            0x01 | 0xd0..=0xd9 => at += 2,
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                return Some((be16(bytes, at + 7)?, be16(bytes, at + 5)?));
            }
            _ => at += 2 + usize::try_from(be16(bytes, at + 2)?).ok()?,
        }
    }
    None
}

/// A WebP's size, from its first chunk (lossy, lossless or extended).
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => Some((le16(bytes, 26)? & 0x3fff, le16(bytes, 28)? & 0x3fff)),
        b"VP8L" => {
            let b = bytes.get(21..25)?;
            let (b0, b1, b2, b3) = (u32::from(b[0]), u32::from(b[1]), u32::from(b[2]), u32::from(b[3]));
            Some((
                1 + (((b1 & 0x3f) << 8) | b0),
                1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)),
            ))
        }
        b"VP8X" => Some((1 + le24(bytes, 24)?, 1 + le24(bytes, 27)?)),
        _ => None,
    }
}

/// A picture's width and height in pixels, read from its header.
pub fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let size = match sniff(bytes)? {
        0 => Some((be32(bytes, 16)?, be32(bytes, 20)?)),
        1 => jpeg_size(bytes),
        2 => Some((le16(bytes, 6)?, le16(bytes, 8)?)),
        _ => webp_size(bytes),
    }?;
    (size.0 > 0 && size.1 > 0).then_some(size)
}

/// Mastodon's `focus`: `x,y`, each from -1.0 to 1.0. Empty means none.
pub fn parse_focus(raw: &str) -> Result<Option<(f32, f32)>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || FieldError::new("focus", "ERR_INVALID", Message::new("error-media-focus"));
    let (x, y) = raw.split_once(',').ok_or_else(invalid)?;
    let x: f32 = x.trim().parse().map_err(|_| invalid())?;
    let y: f32 = y.trim().parse().map_err(|_| invalid())?;
    if !(-1.0..=1.0).contains(&x) || !(-1.0..=1.0).contains(&y) {
        return Err(invalid());
    }
    Ok(Some((x, y)))
}

/// Checks a picture uploaded for a post: a PNG, JPEG, GIF or WebP by its
/// bytes, not empty, at most `max_bytes`, with a description of at most 500
/// characters and a valid focal point.
pub fn validate(
    raw_name: &str,
    bytes: &[u8],
    description: &str,
    focus: &str,
    max_bytes: usize,
) -> Result<ValidMedia, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = sniff(bytes);
    if bytes.is_empty() {
        errors.push(FieldError::new(
            "file",
            "ERR_BLANK",
            Message::new("error-attachment-empty"),
        ));
    } else if bytes.len() > max_bytes {
        errors.push(FieldError::new(
            "file",
            "ERR_TOO_LONG",
            Message::new("error-attachment-too-large").with("megabytes", (max_bytes / (1024 * 1024)).to_string()),
        ));
    } else if kind.is_none() {
        errors.push(FieldError::new("file", "ERR_INVALID", Message::new("error-media-kind")));
    }
    let description = crate::domain::attachment::checked_description(description, &mut errors);
    let focus = parse_focus(focus).map_err(|e| errors.push(e)).ok().flatten();
    let Some((extension, content_type)) = kind.map(|k| PICTURES[k]).filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    // The name keeps its stem and gets the extension of what the file is.
    let cleaned = clean_file_name(raw_name);
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem.to_string(),
        None => cleaned,
    };
    let stem = if stem.is_empty() { "image".to_string() } else { stem };
    Ok(ValidMedia {
        file_name: format!("{stem}.{extension}"),
        content_type,
        description,
        size: pixel_size(bytes),
        focus,
    })
}

/// Mastodon's attachment type for a media type: `image`, `gifv`, `video`,
/// `audio` or `unknown`.
pub fn kind_of(content_type: &str) -> &'static str {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence.split('/').next() {
        Some("image") => "image",
        Some("video") => "video",
        Some("audio") => "audio",
        _ => "unknown",
    }
}

/// The media type of another server's post media, if Fucina links to it:
/// pictures, video and sound, by a well-formed type.
pub fn remote_type(media_type: &str) -> Option<String> {
    let essence = crate::domain::attachment::essence(media_type);
    let (top, sub) = essence.split_once('/')?;
    let sub_ok = !sub.is_empty()
        && sub.len() <= 60
        && sub
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'));
    (matches!(top, "image" | "video" | "audio") && sub_ok && essence != "image/svg+xml").then_some(essence)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1024 * 1024;

    /// A 3×2 PNG header (what `pixel_size` reads).
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn a_picture_is_known_by_its_bytes_and_named_for_what_it_is() {
        let valid = validate("blob", &png(3, 2), " A chart ", "", MB).expect("valid");
        assert_eq!(valid.content_type, "image/png");
        assert_eq!(valid.file_name, "blob.png");
        assert_eq!(valid.description, "A chart");
        assert_eq!(valid.size, Some((3, 2)));
        let renamed = validate("photo.jpg", &png(1, 1), "", "", MB).expect("valid");
        assert_eq!(renamed.file_name, "photo.png");
        assert_eq!(
            validate("", &png(1, 1), "", "", MB).expect("valid").file_name,
            "image.png"
        );
    }

    #[test]
    fn anything_but_a_picture_is_refused() {
        let errors = validate("plan.pdf", b"%PDF-1.7", "", "", MB).expect_err("refused");
        assert_eq!(errors[0].message.key, "error-media-kind");
        let errors = validate("a.png", b"", "", "", MB).expect_err("empty");
        assert_eq!(errors[0].code, "ERR_BLANK");
        let errors = validate("a.png", &png(1, 1), "", "", 10).expect_err("large");
        assert_eq!(errors[0].code, "ERR_TOO_LONG");
    }

    #[test]
    fn focal_points_are_two_numbers_between_minus_one_and_one() {
        assert_eq!(parse_focus("0.5,-0.25").expect("valid"), Some((0.5, -0.25)));
        assert_eq!(parse_focus(" ").expect("none"), None);
        for bad in ["2,0", "0", "a,b", "0,-1.5"] {
            assert!(parse_focus(bad).is_err(), "{bad}");
        }
        let errors = validate("a.png", &png(1, 1), "", "x", MB).expect_err("focus");
        assert_eq!(errors[0].field, "focus");
    }

    #[test]
    fn sizes_are_read_from_gif_jpeg_and_webp_headers() {
        let gif = b"GIF89a\x40\x01\xf0\x00rest";
        assert_eq!(pixel_size(gif), Some((320, 240)));
        // SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
        jpeg.extend([0u8; 14]);
        jpeg.extend([0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03]);
        assert_eq!(pixel_size(&jpeg), Some((640, 480)));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend([0x7f, 0x02, 0x00, 0xdf, 0x01, 0x00]);
        assert_eq!(pixel_size(&webp), Some((640, 480)));
    }

    #[test]
    fn remote_media_are_pictures_video_and_sound() {
        assert_eq!(remote_type("image/jpeg").as_deref(), Some("image/jpeg"));
        assert_eq!(remote_type("Video/MP4; codecs=x").as_deref(), Some("video/mp4"));
        assert_eq!(remote_type("image/svg+xml"), None);
        assert_eq!(remote_type("text/html"), None);
        assert_eq!(remote_type("image/"), None);
        assert_eq!(kind_of("video/mp4"), "video");
        assert_eq!(kind_of("application/pdf"), "unknown");
    }
}
