//! Short texts typed by people: names, emails, slugs.

use crate::FieldError;
use serde::{Deserialize, Serialize};

pub(crate) fn bounded_text(
    field: &str,
    label: &str,
    raw: &str,
    max_chars: usize,
) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    let length = trimmed.chars().count();
    if length > max_chars {
        return Err(FieldError::new(
            field,
            format!("{label} must be at most {max_chars} characters (it has {length})."),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            format!("{label} cannot contain control characters."),
        ));
    }
    Ok(trimmed.to_owned())
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
    /// Where a session takes place: an address, a room or "Online".
    Location, "Location", 200
);

/// A free-text description; may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description(String);

impl Description {
    pub const MAX_CHARS: usize = 2000;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
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
        Ok(Self(trimmed.to_owned()))
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
        let trimmed = raw.trim();
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
