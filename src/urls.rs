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
