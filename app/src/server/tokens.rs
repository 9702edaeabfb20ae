//! Random tokens for links and sessions, and the hashes they are stored under.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A random 256-bit token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}
