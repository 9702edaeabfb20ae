//! Short texts typed by people: names, emails, slugs.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Whether typed text may span several lines (a description, a long answer) or not (a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multiple,
}

/// Formatting characters that are never wanted in what people type: they are invisible and can
/// hide text or reorder it on screen (zero-width spaces, byte-order marks, soft hyphens and the
/// direction marks, embeddings, overrides and isolates used to spoof names).
fn is_removed_format_character(character: char) -> bool {
    matches!(
        character,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
    )
}

/// Characters that take no visible room of their own: spaces, joiners (kept, since scripts and
/// emoji need them), variation selectors, fillers and tags.
fn is_invisible(character: char) -> bool {
    character.is_whitespace()
        || is_removed_format_character(character)
        || matches!(
            character,
            '\u{034f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{200c}'
                | '\u{200d}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{ffa0}'
                | '\u{e0000}'..='\u{e007f}'
                | '\u{e0100}'..='\u{e01ef}'
        )
}

/// Typed text made fit to store and show: the removed formatting characters taken out, line
/// breaks made `\n`, surrounding space trimmed. Refuses text with control characters, or with
/// U+FFFD, which stands for bytes that were not valid text (e.g. `%FF` in a form). The result
/// may be empty.
pub fn cleaned(field: &str, label: &str, raw: &str, lines: Lines) -> Result<String, FieldError> {
    if raw.contains('\u{fffd}') {
        return Err(FieldError::new(
            field,
            format!(
                "{label} contains characters that could not be read (shown as \u{fffd}); type it again."
            ),
        ));
    }
    let text: String = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|character| !is_removed_format_character(*character))
        .collect();
    let allowed = |character: char| match lines {
        Lines::Single => !character.is_control(),
        Lines::Multiple => !character.is_control() || character == '\n' || character == '\t',
    };
    if !text.chars().all(allowed) {
        return Err(FieldError::new(
            field,
            match (lines, text.contains('\n')) {
                (Lines::Single, true) => format!("{label} must be a single line."),
                _ => format!("{label} cannot contain control characters."),
            },
        ));
    }
    Ok(text.trim().to_owned())
}

/// Whether some character of the text can be seen.
pub fn has_visible_characters(text: &str) -> bool {
    text.chars().any(|character| !is_invisible(character))
}

pub(crate) fn bounded_text(
    field: &str,
    label: &str,
    raw: &str,
    max_chars: usize,
) -> Result<String, FieldError> {
    let text = cleaned(field, label, raw, Lines::Single)?;
    if text.is_empty() && raw.trim().is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    if !has_visible_characters(&text) {
        return Err(FieldError::new(
            field,
            format!("{label} has no visible characters; type it with letters or digits."),
        ));
    }
    let length = text.chars().count();
    if length > max_chars {
        return Err(FieldError::new(
            field,
            format!("{label} must be at most {max_chars} characters (it has {length})."),
        ));
    }
    Ok(text)
}

macro_rules! bounded_text_type {
    ($(#[$doc:meta])* $name:ident, $label:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// Trims the text and refuses it when empty or longer than the limit.
            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                bounded_text(field, $label, raw, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(stringify!($name), &raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

bounded_text_type!(
    /// The name of a person booking or teaching.
    PersonName, "Name", 100
);
bounded_text_type!(
    /// The public name of a studio.
    StudioName, "Studio name", 100
);
bounded_text_type!(
    /// What students see when browsing session types.
    SessionTypeName, "Session name", 100
);
bounded_text_type!(
    /// A package's name as students pick it, e.g. "Family – 10 photos".
    PackageName, "Package name", 80
);
bounded_text_type!(
    /// Where a session takes place: an address, a room or "Online".
    Location, "Location", 200
);
bounded_text_type!(
    /// The title of a contract or a questionnaire of the studio's library.
    FormTitle, "Title", 100
);

/// A free-text description; may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description(String);

impl Description {
    pub const MAX_CHARS: usize = 2000;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let trimmed = cleaned(field, "Description", raw, Lines::Multiple)?;
        let trimmed = if has_visible_characters(&trimmed) {
            trimmed
        } else {
            String::new()
        };
        let length = trimmed.chars().count();
        if length > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!(
                    "Description must be at most {} characters (it has {length}).",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(trimmed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address, lower-cased, in the plain `local@domain.tld` form people type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let cleaned = cleaned(field, "Email", raw, Lines::Single)?;
        let trimmed = cleaned.as_str();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, "Email is required."));
        }
        if trimmed.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("Email must be at most {} characters.", Self::MAX_CHARS),
            ));
        }
        let invalid = || {
            FieldError::new(
                field,
                "Enter an email address like name@example.com.".to_owned(),
            )
        };
        let (local, domain) = trimmed.split_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2);
        if local_ok && domain_ok {
            Ok(Self(trimmed.to_lowercase()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse("email", &raw)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> String {
        value.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The URL part of a studio's public page: lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 40;
    const RESERVED: [&'static str; 8] = [
        "api",
        "pkg",
        "admin",
        "dashboard",
        "signin",
        "signup",
        "static",
        "assets",
    ];

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let slug = raw.trim().to_lowercase();
        if slug.is_empty() {
            return Err(FieldError::new(field, "URL slug is required."));
        }
        let length = slug.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&length) {
            return Err(FieldError::new(
                field,
                format!(
                    "URL slug must be {} to {} characters long.",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS
                ),
            ));
        }
        let charset_ok = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !charset_ok || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(FieldError::new(
                field,
                "Use lower-case letters, digits and single hyphens, e.g. maple-yoga.",
            ));
        }
        if Self::RESERVED.contains(&slug.as_str()) {
            return Err(FieldError::new(
                field,
                format!("\"{slug}\" is reserved; choose another URL slug."),
            ));
        }
        Ok(Self(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse("slug", &raw)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> String {
        value.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed() {
        let name = PersonName::parse("name", "  Ada Lovelace ").unwrap();
        assert_eq!(name.as_str(), "Ada Lovelace");
    }

    #[test]
    fn an_empty_name_is_refused_with_the_field_named() {
        let error = PersonName::parse("student_name", "   ").unwrap_err();
        assert_eq!(error.field, "student_name");
        assert_eq!(error.message, "Name is required.");
    }

    #[test]
    fn a_500_character_name_is_refused() {
        let error = SessionTypeName::parse("name", &"x".repeat(500)).unwrap_err();
        assert!(error.message.contains("at most 100"), "{}", error.message);
    }

    #[test]
    fn a_100_character_name_is_accepted() {
        assert!(SessionTypeName::parse("name", &"é".repeat(100)).is_ok());
    }

    #[test]
    fn an_email_is_lower_cased() {
        let email = Email::parse("email", " Ada@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "ada@example.com");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for raw in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada example@x.com",
            "ada@-x.com",
            "a..b@x.com",
            "ada@x.c0m",
        ] {
            assert!(Email::parse("email", raw).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn a_slug_is_lower_case_letters_digits_and_hyphens() {
        assert_eq!(
            Slug::parse("slug", "Maple-Yoga-2").unwrap().as_str(),
            "maple-yoga-2"
        );
        for raw in ["ab", "maple yoga", "-maple", "maple--yoga", "api", "mäple"] {
            assert!(Slug::parse("slug", raw).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn a_name_of_invisible_characters_only_is_refused() {
        for raw in [
            "\u{200b}",
            "\u{feff}\u{200b}\u{200b}",
            "\u{202e}\u{202c}",
            "\u{200d}\u{200c}",
            "\u{3164}",
            " \u{2066}\u{2069} ",
        ] {
            let error = PersonName::parse("student_name", raw).unwrap_err();
            assert_eq!(error.field, "student_name");
            assert!(
                error.message.contains("Name is required")
                    || error.message.contains("no visible characters"),
                "{raw:?}: {}",
                error.message
            );
        }
    }

    #[test]
    fn direction_overrides_and_zero_width_spaces_are_taken_out_of_names() {
        let name =
            PersonName::parse("name", "\u{feff}Ada\u{202e}ecalevoL\u{202c} \u{200b}X").unwrap();
        assert_eq!(name.as_str(), "AdaecalevoL X");
        // Joiners are kept: emoji sequences and several scripts need them.
        let family = PersonName::parse("name", "Ana \u{1f468}\u{200d}\u{1f469}").unwrap();
        assert_eq!(family.as_str(), "Ana \u{1f468}\u{200d}\u{1f469}");
    }

    #[test]
    fn text_with_unreadable_bytes_is_refused() {
        let error = PersonName::parse("student_name", "Ada \u{fffd}").unwrap_err();
        assert!(
            error.message.contains("could not be read"),
            "{}",
            error.message
        );
        assert!(Description::parse("description", "ok\u{fffd}").is_err());
        assert!(Email::parse("email", "ada\u{fffd}@example.com").is_err());
    }

    #[test]
    fn an_email_pasted_with_a_byte_order_mark_is_read() {
        let email = Email::parse("email", "\u{feff}ada@example.com\u{200b}").unwrap();
        assert_eq!(email.as_str(), "ada@example.com");
    }

    #[test]
    fn a_description_keeps_its_lines_but_not_overrides() {
        let description = Description::parse("description", "One\r\nTwo\u{202e}").unwrap();
        assert_eq!(description.as_str(), "One\nTwo");
        assert_eq!(
            Description::parse("description", "\u{200b}\u{feff}")
                .unwrap()
                .as_str(),
            ""
        );
    }

    #[test]
    fn a_description_may_be_empty_but_not_endless() {
        assert!(Description::parse("description", "").is_ok());
        assert!(Description::parse("description", &"x".repeat(2001)).is_err());
    }
}

/// A password chosen at sign-up: 10 to 128 characters, not only spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let length = raw.chars().count();
        if raw.trim().is_empty() {
            return Err(FieldError::new(field, "Password is required."));
        }
        if length < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("Use at least {} characters.", Self::MIN_CHARS),
            ));
        }
        if length > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("Use at most {} characters.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

#[cfg(test)]
mod password_tests {
    use super::*;

    #[test]
    fn passwords_need_ten_to_128_characters() {
        assert!(NewPassword::parse("password", "short").is_err());
        assert!(NewPassword::parse("password", "          ").is_err());
        assert!(NewPassword::parse("password", &"x".repeat(129)).is_err());
        assert!(NewPassword::parse("password", "correct horse").is_ok());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = NewPassword::parse("password", "correct horse").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
