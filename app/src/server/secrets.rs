//! Secrets studios hand us (their Stripe secret key and webhook signing secret), sealed at rest
//! with the server's secrets key: the database alone, or a backup of it, does not reveal them.
//!
//! Sealing is XChaCha20-Poly1305 with a random nonce; what a sealed value is for (e.g. "the
//! secret key of studio 12") is bound in as associated data, so a sealed value copied to another
//! studio or another column does not open. The key itself is configured by the operator or
//! generated on first start (see the server's `--secrets-key-file`), never stored in the
//! database.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;
/// Names the scheme, so a later one can be told apart from values sealed with this one.
const VERSION: &str = "v1.";

#[derive(Clone)]
pub struct SecretsKey([u8; KEY_BYTES]);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SecretsKey(<hidden>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsKeyError {
    #[error("a secrets key is 32 bytes written in base64 (44 characters); this one is not")]
    Malformed,
}

/// A sealed value that this key cannot open: sealed with another key, for another purpose,
/// or altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the sealed secret cannot be opened with this server's secrets key")]
pub struct Unsealable;

impl SecretsKey {
    pub fn generate() -> Self {
        let mut key = [0_u8; KEY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// Reads a key as [`to_base64`](Self::to_base64) writes it; surrounding whitespace (a
    /// file's last newline) is ignored.
    pub fn from_base64(text: &str) -> Result<Self, SecretsKeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SecretsKeyError::Malformed)?;
        let key: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| SecretsKeyError::Malformed)?;
        Ok(Self(key))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// `secret` sealed for `purpose`: `v1.` and the nonce and ciphertext in base64.
    pub fn seal(&self, purpose: &str, secret: &str) -> String {
        let mut nonce = [0_u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: purpose.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any message under 256 GiB");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{VERSION}{}", STANDARD.encode(bytes))
    }

    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String, Unsealable> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|body| STANDARD.decode(body).ok())
            .ok_or(Unsealable)?;
        if bytes.len() < NONCE_BYTES {
            return Err(Unsealable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let opened = self
            .cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| Unsealable)?;
        String::from_utf8(opened).map_err(|_| Unsealable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_for_its_purpose_only() {
        let key = SecretsKey::generate();
        let sealed = key.seal("stripe-secret-key:7", "sk_test_abcdefgh1234");
        assert!(!sealed.contains("sk_test"), "{sealed}");
        assert_eq!(
            key.open("stripe-secret-key:7", &sealed).as_deref(),
            Ok("sk_test_abcdefgh1234")
        );
        assert_eq!(key.open("stripe-secret-key:8", &sealed), Err(Unsealable));
        assert_eq!(
            SecretsKey::generate().open("stripe-secret-key:7", &sealed),
            Err(Unsealable),
            "another server's key"
        );
    }

    #[test]
    fn sealing_twice_gives_two_different_values() {
        let key = SecretsKey::generate();
        assert_ne!(key.seal("p", "same"), key.seal("p", "same"));
    }

    #[test]
    fn an_altered_or_truncated_value_does_not_open() {
        let key = SecretsKey::generate();
        let sealed = key.seal("p", "whsec_abcdefgh");
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 3;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).expect("ascii");
        for broken in [altered.as_str(), &sealed[..10], "v1.", "plain text", ""] {
            assert_eq!(key.open("p", broken), Err(Unsealable), "{broken}");
        }
    }

    #[test]
    fn a_key_is_read_back_as_written_and_a_malformed_one_is_refused() {
        let key = SecretsKey::generate();
        let again = SecretsKey::from_base64(&format!("{}\n", key.to_base64())).expect("read");
        let sealed = key.seal("p", "secret");
        assert_eq!(again.open("p", &sealed).as_deref(), Ok("secret"));
        assert_eq!(
            SecretsKey::from_base64("c2hvcnQ=").err(),
            Some(SecretsKeyError::Malformed)
        );
        assert!(SecretsKey::from_base64("not base64!").is_err());
        assert!(!format!("{key:?}").contains(&key.to_base64()));
    }
}
