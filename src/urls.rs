//! The URLs of local things. One place decides them, because once other servers
//! have seen an ActivityPub id it must never change.

use crate::config::ServerConfig;

/// URLs of this instance, relative to `server.base_url`.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    server: &'a ServerConfig,
}

impl<'a> Urls<'a> {
    pub fn new(server: &'a ServerConfig) -> Self {
        Self { server }
    }

    pub fn absolute(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// A local person's ActivityPub id.
    pub fn person(&self, username: &str) -> String {
        self.absolute(&format!("/users/{username}"))
    }

    /// A local person's profile page.
    pub fn profile_page(&self, username: &str) -> String {
        self.absolute(&format!("/@{username}"))
    }

    pub fn inbox(&self, actor_id: &str) -> String {
        format!("{actor_id}/inbox")
    }

    pub fn outbox(&self, actor_id: &str) -> String {
        format!("{actor_id}/outbox")
    }

    pub fn followers(&self, actor_id: &str) -> String {
        format!("{actor_id}/followers")
    }

    pub fn following(&self, actor_id: &str) -> String {
        format!("{actor_id}/following")
    }

    /// A local file, by its secret key, with its name as the last segment.
    pub fn media(&self, key: &str, file_name: &str) -> String {
        self.absolute(&format!("/media/{key}/{}", url_segment(file_name)))
    }

    /// A group's pinned posts (Mastodon's and Lemmy's `featured`).
    pub fn featured(&self, actor_id: &str) -> String {
        format!("{actor_id}/featured")
    }

    /// A group's managers and moderators (Lemmy reads them from `attributedTo`).
    pub fn moderators(&self, actor_id: &str) -> String {
        format!("{actor_id}/moderators")
    }

    /// The icon of a theme (by key) or of communities (`None`).
    pub fn group_icon(&self, theme_key: Option<&str>) -> String {
        match theme_key {
            Some(key) if crate::domain::group::DEFAULT_THEMES.iter().any(|t| t.key == key) => {
                self.absolute(&format!("/static/themes/{key}.png"))
            }
            _ => self.absolute("/static/themes/community.png"),
        }
    }

    pub fn main_key(&self, actor_id: &str) -> String {
        format!("{actor_id}#main-key")
    }

    /// The instance actor's id.
    pub fn instance_actor(&self) -> String {
        self.absolute("/actor")
    }

    pub fn shared_inbox(&self) -> String {
        self.absolute("/inbox")
    }

    /// The image served for actors without an avatar: apps expect a real image.
    pub fn default_avatar(&self) -> String {
        self.absolute("/static/avatar.png")
    }

    pub fn default_header(&self) -> String {
        self.absolute("/static/header.png")
    }
}

/// Percent-encodes a file name for the last segment of its URL.
pub fn url_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
