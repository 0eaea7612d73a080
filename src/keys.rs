//! Keys in memory: the parsed private keys of local actors (each decoded
//! once) and the remote actors that recently signed inbox POSTs, with their
//! parsed public keys. Both are bounded; entries go when their actor changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;

use crate::db::actors::DbActor;

/// Parsed private keys of local actors, so each is decoded once.
#[derive(Default)]
pub struct SigningKeys {
    keys: Mutex<HashMap<i64, Arc<RsaPrivateKey>>>,
}

impl SigningKeys {
    pub fn get(&self, actor: &DbActor) -> anyhow::Result<Arc<RsaPrivateKey>> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = keys.get(&actor.id) {
            return Ok(key.clone());
        }
        let pem = actor
            .private_key_pem
            .as_deref()
            .context("a remote actor has no private key")?;
        let key = Arc::new(
            RsaPrivateKey::from_pkcs8_pem(pem)
                .or_else(|_| <RsaPrivateKey as rsa::pkcs1::DecodeRsaPrivateKey>::from_pkcs1_pem(pem))
                .context("reading a private key")?,
        );
        if keys.len() > 10_000 {
            keys.clear();
        }
        keys.insert(actor.id, key.clone());
        Ok(key)
    }
}

/// Recently verified signers, by key owner: the actor row and its parsed key.
/// Saves a database read and a PEM parse on every inbox POST; entries live five
/// minutes, and go at once when their actor is updated or deleted.
#[derive(Default)]
pub struct SignerCache {
    entries: Mutex<HashMap<String, (std::time::Instant, Arc<Signer>)>>,
}

/// A remote actor and its parsed public key.
pub type Signer = (DbActor, rsa::RsaPublicKey);

impl SignerCache {
    const TTL: Duration = Duration::from_secs(300);

    pub fn get(&self, key_owner: &str) -> Option<Arc<Signer>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key_owner)
            .filter(|(at, _)| at.elapsed() < Self::TTL)
            .map(|(_, entry)| entry.clone())
    }

    pub fn put(&self, key_owner: &str, actor: DbActor, key: rsa::RsaPublicKey) -> Arc<Signer> {
        let entry = Arc::new((actor, key));
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > 50_000 {
            entries.retain(|_, (at, _)| at.elapsed() < Self::TTL);
        }
        entries.insert(key_owner.to_owned(), (std::time::Instant::now(), entry.clone()));
        entry
    }

    /// Forgets an actor (its profile or key changed, or it was deleted).
    pub fn forget(&self, ap_id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|_, (_, entry)| entry.0.ap_id != ap_id);
    }
}
