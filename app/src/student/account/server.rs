//! Server-side helpers of the student's account.

/// How long an emailed sign-in link works.
pub(crate) const SIGN_IN_LINK_MINUTES: i64 = 30;

/// Only paths on this site may be returned to after signing in.
pub(crate) fn local_path(next: &str) -> String {
    let next = next.trim();
    let plain = next.chars().all(|character| {
        !character.is_control() && !character.is_whitespace() && character != '\\'
    });
    if plain && next.starts_with('/') && !next.starts_with("//") {
        next.to_owned()
    } else {
        "/my-bookings".to_owned()
    }
}
