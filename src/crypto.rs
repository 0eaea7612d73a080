//! Secrets: random tokens, their digests, password hashes and actor key pairs.
//! CPU-heavy work (argon2, RSA key generation) runs on the blocking pool so it
//! never stalls the async workers, and at most `HEAVY_AT_ONCE` such jobs run at
//! once: a flood of logins or sign-ups waits its turn instead of taking 19 MiB
//! of memory per argon2 hash without bound. The semaphore is process-wide, as
//! the blocking pool and the memory it protects are.

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64: session cookies, OAuth codes and tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 in hex: how tokens are stored, so a database leak does not leak them.
pub fn sha256_hex(input: &str) -> String {
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// Constant-time equality for secrets.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// How many argon2 hashes or RSA key generations run at once in this process.
const HEAVY_AT_ONCE: usize = 2;

static HEAVY: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HEAVY_AT_ONCE);

/// Runs CPU-heavy `work` on the blocking pool, when one of the few permits is free.
async fn heavy<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let _permit = HEAVY.acquire().await.context("the heavy-work semaphore is closed")?;
    tokio::task::spawn_blocking(work).await.context("a CPU-heavy task")
}

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with argon2id and a random salt (PHC string format).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    heavy(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await?
}

/// Whether `password` matches `hash`. A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> anyhow::Result<bool> {
    heavy(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        argon2().verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
}

/// A hash that no password matches, verified against when a login names no
/// account, so that the answer takes as long as for a real one.
pub const DUMMY_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Gq9b9TH7d1K5o6wm0wq6T0v6o9VqJ4u1hJbYtq0o0Q";

/// An RSA key pair for an actor, as PKCS#8 private and SPKI public PEM.
#[derive(Clone)]
pub struct KeyPair {
    pub private_key_pem: String,
    pub public_key_pem: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyPair(…)")
    }
}

/// Generates an RSA-2048 key pair, the size every fediverse server accepts.
pub async fn generate_key_pair() -> anyhow::Result<KeyPair> {
    heavy(|| {
        let private = rsa::RsaPrivateKey::new(&mut OsRng, 2048).context("generating an RSA key")?;
        let public = rsa::RsaPublicKey::from(&private);
        Ok(KeyPair {
            private_key_pem: private
                .to_pkcs8_pem(LineEnding::LF)
                .context("encoding the private key")?
                .to_string(),
            public_key_pem: public
                .to_public_key_pem(LineEnding::LF)
                .context("encoding the public key")?,
        })
    })
    .await?
}

/// PKCE (RFC 7636): whether `verifier` answers `challenge` by `method`.
pub fn pkce_verifies(verifier: &str, challenge: &str, method: &str) -> bool {
    // RFC 7636 §4.1: 43–128 characters of the unreserved set.
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed {
        return false;
    }
    match method {
        "S256" => {
            let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            secrets_equal(&computed, challenge)
        }
        // `plain` is refused at authorization; a code made with it never verifies.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), hash.clone()).await.unwrap());
        assert!(!verify_password("wrong horse".into(), hash).await.unwrap());
        assert!(!verify_password("x".into(), "not a hash".into()).await.unwrap());
        assert!(!verify_password("x".into(), DUMMY_PASSWORD_HASH.into()).await.unwrap());
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(sha256_hex("abc").len(), 64);
    }

    #[test]
    fn pkce_s256_matches_the_rfc_example() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_verifies(verifier, challenge, "S256"));
        assert!(!pkce_verifies(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXx",
            challenge,
            "S256"
        ));
        assert!(!pkce_verifies("short", "short", "plain"));
        assert!(!pkce_verifies(verifier, verifier, "plain"));
        assert!(!pkce_verifies(verifier, challenge, "S512"));
    }

    #[tokio::test]
    async fn key_pairs_are_pem_encoded() {
        let pair = generate_key_pair().await.unwrap();
        assert!(pair.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(pair.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    }
}
