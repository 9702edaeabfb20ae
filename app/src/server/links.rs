//! Signed links: a student's booking link, a private session type's share link and an
//! invoice's link.
//!
//! A link names its record and carries an HMAC-SHA256 signature made with a key every server
//! process shares (kept in the database). Links cannot be guessed or altered, a forged one is
//! refused before any lookup, and a booking's link also covers its random public token, so a
//! new token would revoke every earlier link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// 128 bits of the signature are kept: far beyond guessing, and the links stay short.
pub(crate) const SIGNATURE_BYTES: usize = 16;

#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("LinkSigner { key: <hidden> }")
    }
}

/// What a link opens; a signature for one purpose is worthless for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// The student's own booking: view, cancel, reschedule (and a hold being filled in).
    Booking,
    /// A private session type's booking page.
    PrivateType,
    /// An invoice's printable page.
    Invoice,
}

impl LinkPurpose {
    fn label(self) -> &'static str {
        match self {
            LinkPurpose::Booking => "booking",
            LinkPurpose::PrivateType => "private-type",
            LinkPurpose::Invoice => "invoice",
        }
    }
}

impl LinkSigner {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    fn mac(&self, purpose: LinkPurpose, id: i64, bound: &str) -> Hmac<Sha256> {
        // A key of any length is accepted by HMAC, so this never fails.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.label().as_bytes());
        mac.update(b":");
        mac.update(id.to_string().as_bytes());
        mac.update(b":");
        mac.update(bound.as_bytes());
        mac
    }

    /// `"{id}.{signature}"`; `bound` is signed along (a booking's public token).
    pub fn sign(&self, purpose: LinkPurpose, id: i64, bound: &str) -> String {
        let digest = self.mac(purpose, id, bound).finalize().into_bytes();
        format!(
            "{id}.{}",
            URL_SAFE_NO_PAD.encode(&digest[..SIGNATURE_BYTES])
        )
    }

    /// The id a link names, without checking it: look the record up, then [`verify`](Self::verify).
    pub fn id_of(link: &str) -> Option<i64> {
        let (id, _) = link.trim().split_once('.')?;
        id.parse().ok().filter(|id| *id > 0)
    }

    /// Whether `link` is the one [`sign`](Self::sign) makes for these values (constant time).
    pub fn verify(&self, purpose: LinkPurpose, link: &str, id: i64, bound: &str) -> bool {
        let Some((link_id, signature)) = link.trim().split_once('.') else {
            return false;
        };
        let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        link_id == id.to_string()
            && signature.len() == SIGNATURE_BYTES
            && self
                .mac(purpose, id, bound)
                .verify_truncated_left(&signature)
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_link_verifies_for_its_own_record_and_purpose_only() {
        let signer = LinkSigner::new(b"a shared key");
        let link = signer.sign(LinkPurpose::Booking, 42, "token");
        assert_eq!(LinkSigner::id_of(&link), Some(42));
        assert!(signer.verify(LinkPurpose::Booking, &link, 42, "token"));
        assert!(!signer.verify(LinkPurpose::Booking, &link, 43, "token"));
        assert!(!signer.verify(LinkPurpose::Booking, &link, 42, "other token"));
        assert!(!signer.verify(LinkPurpose::PrivateType, &link, 42, "token"));
        assert!(!LinkSigner::new(b"another key").verify(LinkPurpose::Booking, &link, 42, "token"));
    }

    #[test]
    fn altered_or_malformed_links_are_refused() {
        let signer = LinkSigner::new(b"a shared key");
        let link = signer.sign(LinkPurpose::Booking, 7, "token");
        let altered = link.replacen("7.", "8.", 1);
        assert!(!signer.verify(LinkPurpose::Booking, &altered, 8, "token"));
        for bad in ["", "7", "7.", "x.abc", "7.!!!", &format!("{link}A")] {
            assert!(
                !signer.verify(LinkPurpose::Booking, bad, 7, "token"),
                "{bad}"
            );
        }
        assert_eq!(LinkSigner::id_of("-3.abc"), None);
    }
}
