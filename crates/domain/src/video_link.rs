//! The video-call link of an online session type (Zoom, Meet, Teams...), sent to students
//! who book.
//!
//! Parsed by hand rather than with a URL crate: the rules are few and the browser build stays
//! small. Only `https://` links with a dotted host are accepted, because the link goes out in
//! confirmation emails and a plain-text or look-alike link would teach students to trust it.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// An absolute `https://` link whose scheme and host are lower-cased; the rest is kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VideoLink(String);

impl VideoLink {
    pub const MAX_CHARS: usize = 500;

    /// Trims the link and refuses anything but an absolute `https://` URL.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let refuse = |message: String| FieldError::new(field, message);
        let link = raw.trim();
        if link.is_empty() {
            return Err(refuse("Video link is required.".to_owned()));
        }
        let length = link.chars().count();
        if length > Self::MAX_CHARS {
            return Err(refuse(format!(
                "Video link must be at most {} characters (it has {length}).",
                Self::MAX_CHARS
            )));
        }
        if link.chars().any(char::is_whitespace) {
            return Err(refuse("Video link cannot contain spaces.".to_owned()));
        }
        if link.chars().any(char::is_control) {
            return Err(refuse(
                "Video link cannot contain control characters.".to_owned(),
            ));
        }
        // Characters a link never needs; refusing them keeps the link inert in HTML emails.
        if let Some(c) = link.chars().find(|c| matches!(c, '"' | '<' | '>' | '\\')) {
            return Err(refuse(format!("Video link cannot contain {c}.")));
        }
        let Some((scheme, rest)) = link.split_once("://") else {
            return Err(refuse(
                "Enter the whole link, starting with https://, e.g. https://zoom.us/j/123."
                    .to_owned(),
            ));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "https" => {}
            "http" => {
                return Err(refuse(
                    "Video link must use https:// (a secure link), not http://.".to_owned(),
                ));
            }
            _ => return Err(refuse("Video link must start with https://.".to_owned())),
        }
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        // "https://zoom.us@evil.example" opens evil.example: a user name only misleads.
        if authority.contains('@') {
            return Err(refuse(
                "Video link cannot contain a user name or password before the host.".to_owned(),
            ));
        }
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(refuse(
                "Video link needs a host after https://, e.g. https://zoom.us/j/123.".to_owned(),
            ));
        }
        if !host_is_valid(host) {
            return Err(refuse(format!(
                "\"{host}\" is not a valid host; a video link looks like https://zoom.us/j/123."
            )));
        }
        if let Some(port) = port {
            let valid = !port.is_empty()
                && port.len() <= 5
                && port.chars().all(|c| c.is_ascii_digit())
                && port
                    .parse::<u32>()
                    .is_ok_and(|port| (1..=65535).contains(&port));
            if !valid {
                return Err(refuse(format!(
                    "\"{port}\" is not a valid port in the video link."
                )));
            }
        }
        let mut normalised = format!("https://{}", host.to_lowercase());
        if let Some(port) = port {
            normalised.push(':');
            normalised.push_str(port);
        }
        normalised.push_str(path);
        Ok(Self(normalised))
    }

    /// A blank field means the session type has no video link.
    pub fn parse_optional(field: &str, raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(field, raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Dot-separated labels of letters, digits and inner hyphens, at least two of them.
fn host_is_valid(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && host.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

impl TryFrom<String> for VideoLink {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse("video_link", &raw)
    }
}

impl From<VideoLink> for String {
    fn from(value: VideoLink) -> String {
        value.0
    }
}

impl std::fmt::Display for VideoLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        VideoLink::parse("video_link", raw).unwrap_err().message
    }

    #[test]
    fn a_meeting_link_is_kept_as_typed_apart_from_surrounding_spaces() {
        let link = VideoLink::parse(
            "video_link",
            "  https://us02web.zoom.us/j/8123456789?pwd=AbC.dEf#success ",
        )
        .unwrap();
        assert_eq!(
            link.as_str(),
            "https://us02web.zoom.us/j/8123456789?pwd=AbC.dEf#success"
        );
    }

    #[test]
    fn the_scheme_and_host_are_lower_cased_but_the_path_is_not() {
        let link = VideoLink::parse("video_link", "HTTPS://Meet.Google.COM/Abc-Defg-Hij").unwrap();
        assert_eq!(link.as_str(), "https://meet.google.com/Abc-Defg-Hij");
    }

    #[test]
    fn a_link_without_a_path_and_a_link_with_a_port_are_accepted() {
        assert_eq!(
            VideoLink::parse("video_link", "https://whereby.com")
                .unwrap()
                .as_str(),
            "https://whereby.com"
        );
        assert_eq!(
            VideoLink::parse("video_link", "https://meet.example.org:8443/room")
                .unwrap()
                .as_str(),
            "https://meet.example.org:8443/room"
        );
    }

    #[test]
    fn a_plain_http_link_is_refused_saying_https_is_required() {
        let error = VideoLink::parse("video_link", "http://zoom.us/j/123").unwrap_err();
        assert_eq!(error.field, "video_link");
        assert!(error.message.contains("https://"), "{}", error.message);
        assert!(error.message.contains("not http://"), "{}", error.message);
    }

    #[test]
    fn a_link_without_a_scheme_asks_for_the_whole_link() {
        assert!(message("zoom.us/j/123").starts_with("Enter the whole link"));
    }

    #[test]
    fn other_schemes_are_refused() {
        for raw in [
            "javascript://alert(1)",
            "ftp://files.example.com/x",
            "zoommtg://zoom.us/join",
        ] {
            assert_eq!(
                message(raw),
                "Video link must start with https://.",
                "{raw}"
            );
        }
    }

    #[test]
    fn the_host_must_contain_a_dot() {
        assert!(message("https://localhost/room").contains("not a valid host"));
        assert!(message("https://zoom/j/1").contains("not a valid host"));
    }

    #[test]
    fn malformed_hosts_are_refused() {
        for raw in [
            "https:///j/123",
            "https://zoom..us/j/1",
            "https://.zoom.us",
            "https://zoom.us./j/1",
            "https://-zoom.us",
            "https://zoom_us.com",
            "https://[::1]/room",
        ] {
            assert!(VideoLink::parse("video_link", raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn a_user_name_before_the_host_is_refused() {
        assert!(message("https://zoom.us@evil.example/j/1").contains("user name"));
    }

    #[test]
    fn a_port_must_be_a_number_from_1_to_65535() {
        for raw in [
            "https://zoom.us:/j",
            "https://zoom.us:0/j",
            "https://zoom.us:65536",
            "https://zoom.us:https",
        ] {
            assert!(message(raw).contains("not a valid port"), "{raw}");
        }
    }

    #[test]
    fn spaces_and_control_characters_inside_the_link_are_refused() {
        assert_eq!(
            message("https://zoom.us/j/1 23"),
            "Video link cannot contain spaces."
        );
        assert_eq!(
            message("https://zoom.us/j/1\u{7}"),
            "Video link cannot contain control characters."
        );
    }

    #[test]
    fn characters_that_could_break_out_of_html_are_refused() {
        assert_eq!(
            message("https://zoom.us/j/\"onmouseover=x"),
            "Video link cannot contain \"."
        );
        assert!(VideoLink::parse("video_link", "https://zoom.us/<script>").is_err());
        assert!(VideoLink::parse("video_link", "https://evil.example\\@zoom.us").is_err());
    }

    #[test]
    fn a_500_character_link_is_accepted_and_a_501_character_link_is_not() {
        let prefix = "https://zoom.us/";
        let at_limit = format!("{prefix}{}", "a".repeat(500 - prefix.len()));
        assert!(VideoLink::parse("video_link", &at_limit).is_ok());
        assert_eq!(
            message(&format!("{at_limit}a")),
            "Video link must be at most 500 characters (it has 501)."
        );
    }

    #[test]
    fn a_blank_optional_link_is_none_and_a_blank_required_link_is_refused() {
        assert_eq!(VideoLink::parse_optional("video_link", "  ").unwrap(), None);
        assert!(
            VideoLink::parse_optional("video_link", "https://zoom.us/j/1")
                .unwrap()
                .is_some()
        );
        assert!(VideoLink::parse_optional("video_link", "http://zoom.us/j/1").is_err());
        assert_eq!(message(""), "Video link is required.");
    }

    #[test]
    fn a_stored_link_deserializes_only_when_valid() {
        let link: VideoLink = serde_json::from_str("\"https://zoom.us/j/1\"").unwrap();
        assert_eq!(
            serde_json::to_string(&link).unwrap(),
            "\"https://zoom.us/j/1\""
        );
        assert!(serde_json::from_str::<VideoLink>("\"http://zoom.us/j/1\"").is_err());
    }
}
