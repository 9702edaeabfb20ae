//! The advanced settings of a session type (seed 000): buffer, lead times, daily maximum,
//! access level, split pricing and the cover image reference.

use crate::FieldError;
use crate::field::whole_number_in;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};

/// Free time before and after each session: none, 5, 10, 15, 30, 45 or 60 minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct BufferTime(u16);

impl BufferTime {
    pub const ALLOWED_MINUTES: [u16; 7] = [0, 5, 10, 15, 30, 45, 60];

    pub fn from_minutes(minutes: u16) -> Option<Self> {
        Self::ALLOWED_MINUTES
            .contains(&minutes)
            .then_some(Self(minutes))
    }

    /// Blank means none.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(Self(0));
        }
        text.parse::<u16>()
            .ok()
            .and_then(Self::from_minutes)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    "Choose a buffer of none, 5, 10, 15, 30, 45 or 60 minutes.",
                )
            })
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.0))
    }
}

impl TryFrom<u16> for BufferTime {
    type Error = String;
    fn try_from(minutes: u16) -> Result<Self, Self::Error> {
        Self::from_minutes(minutes).ok_or_else(|| format!("{minutes} is not an offered buffer"))
    }
}

impl From<BufferTime> for u16 {
    fn from(value: BufferTime) -> u16 {
        value.0
    }
}

/// How many hours ahead a student must book at least (0 = up to the start).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinLeadHours(u32);

impl MinLeadHours {
    pub const MAX: u32 = 24 * 365;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Ok(Self(0));
        }
        whole_number_in(field, raw, 0..=Self::MAX, "Minimum lead time (hours)").map(Self)
    }

    pub fn hours(self) -> u32 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.0))
    }
}

/// How many days ahead students can book at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaxLeadDays(u32);

impl MaxLeadDays {
    pub const DEFAULT: u32 = 60;
    pub const MAX: u32 = 730;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Ok(Self(Self::DEFAULT));
        }
        whole_number_in(field, raw, 1..=Self::MAX, "Maximum lead time (days)").map(Self)
    }

    pub fn days(self) -> u32 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.0))
    }
}

impl Default for MaxLeadDays {
    fn default() -> Self {
        Self(Self::DEFAULT)
    }
}

/// Sessions of a type a day at most; blank is unlimited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaxPerDay(Option<u32>);

impl MaxPerDay {
    pub const MAX: u32 = 100;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Ok(Self(None));
        }
        whole_number_in(field, raw, 1..=Self::MAX, "Maximum sessions per day")
            .map(|max| Self(Some(max)))
    }

    pub fn limit(self) -> Option<u32> {
        self.0
    }
}

/// Who can see and book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccessLevel {
    Public,
    MembersOnly,
    /// Never listed; reachable only through its share link.
    Private,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 3] = [
        AccessLevel::Public,
        AccessLevel::MembersOnly,
        AccessLevel::Private,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Public => "public",
            AccessLevel::MembersOnly => "members_only",
            AccessLevel::Private => "private",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccessLevel::Public => "Public",
            AccessLevel::MembersOnly => "Members only",
            AccessLevel::Private => "Private (link only)",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|level| level.as_str() == wanted)
            .ok_or_else(|| FieldError::new(field, "Choose public, members only or private."))
    }

    /// A type's own level, or the studio's default when it has none.
    pub fn effective(
        override_level: Option<AccessLevel>,
        studio_default: AccessLevel,
    ) -> AccessLevel {
        override_level.unwrap_or(studio_default)
    }

    /// Whether a visitor may see the type in listings.
    pub fn listed_for(self, is_member: bool) -> bool {
        match self {
            AccessLevel::Public => true,
            AccessLevel::MembersOnly => is_member,
            AccessLevel::Private => false,
        }
    }

    /// Whether a visitor may book, given whether they came through the private share link.
    pub fn bookable_by(self, is_member: bool, has_share_link: bool) -> bool {
        match self {
            AccessLevel::Public => true,
            AccessLevel::MembersOnly => is_member,
            AccessLevel::Private => has_share_link,
        }
    }
}

/// A flat price, or different prices for members and everyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pricing {
    Flat(Money),
    MemberSplit { member: Money, non_member: Money },
}

impl Pricing {
    /// Parses the price fields; a blank non-member price means one flat price.
    pub fn parse(
        price: &str,
        non_member_price: &str,
        currency: Currency,
    ) -> Result<Self, FieldError> {
        let price = Money::parse("price", price, currency)?;
        if non_member_price.trim().is_empty() {
            return Ok(Pricing::Flat(price));
        }
        let non_member = Money::parse("non_member_price", non_member_price, currency)?;
        Ok(Pricing::MemberSplit {
            member: price,
            non_member,
        })
    }

    pub fn price_for(self, is_member: bool) -> Money {
        match self {
            Pricing::Flat(price) => price,
            Pricing::MemberSplit { member, .. } if is_member => member,
            Pricing::MemberSplit { non_member, .. } => non_member,
        }
    }
}

/// A stored cover image: a file name the app gave it, e.g. `covers/3f9a.webp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverImage(String);

impl CoverImage {
    pub const EXTENSIONS: [&'static str; 4] = ["jpg", "jpeg", "png", "webp"];

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        let extension = name
            .rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase());
        let safe = !name.is_empty()
            && name.len() <= 200
            && !name.starts_with('/')
            && !name
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if safe && extension.is_some_and(|extension| Self::EXTENSIONS.contains(&extension.as_str()))
        {
            Ok(Self(name.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "The cover image must be a JPEG, PNG or WebP file stored by Bookable.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_one_of_the_offered_lengths_and_blank_is_none() {
        assert_eq!(BufferTime::parse("buffer", "").unwrap().minutes(), 0);
        assert_eq!(BufferTime::parse("buffer", "45").unwrap().minutes(), 45);
        for raw in ["20", "-5", "90", "ten"] {
            assert_eq!(
                BufferTime::parse("buffer", raw).unwrap_err().field,
                "buffer",
                "{raw}"
            );
        }
    }

    #[test]
    fn lead_times_and_daily_maximum_parse_with_defaults() {
        assert_eq!(
            MinLeadHours::parse("min_lead_hours", "").unwrap().hours(),
            0
        );
        assert_eq!(
            MinLeadHours::parse("min_lead_hours", "24").unwrap().hours(),
            24
        );
        assert!(MinLeadHours::parse("min_lead_hours", "-1").is_err());
        assert_eq!(
            MaxLeadDays::parse("max_lead_days", "").unwrap().days(),
            MaxLeadDays::DEFAULT
        );
        assert!(MaxLeadDays::parse("max_lead_days", "0").is_err());
        assert!(MaxLeadDays::parse("max_lead_days", "731").is_err());
        assert_eq!(MaxPerDay::parse("max_per_day", "").unwrap().limit(), None);
        assert_eq!(
            MaxPerDay::parse("max_per_day", "3").unwrap().limit(),
            Some(3)
        );
        assert!(MaxPerDay::parse("max_per_day", "0").is_err());
    }

    #[test]
    fn access_levels_decide_listing_and_booking() {
        assert!(AccessLevel::Public.listed_for(false));
        assert!(!AccessLevel::MembersOnly.listed_for(false));
        assert!(AccessLevel::MembersOnly.listed_for(true));
        assert!(!AccessLevel::Private.listed_for(true));
        assert!(AccessLevel::Private.bookable_by(false, true));
        assert!(!AccessLevel::Private.bookable_by(true, false));
        assert_eq!(
            AccessLevel::effective(None, AccessLevel::MembersOnly),
            AccessLevel::MembersOnly
        );
        assert_eq!(
            AccessLevel::effective(Some(AccessLevel::Public), AccessLevel::MembersOnly),
            AccessLevel::Public
        );
    }

    #[test]
    fn members_pay_the_member_price() {
        let pricing = Pricing::parse("40", "55", Currency::Usd).unwrap();
        assert_eq!(pricing.price_for(true).minor_units(), 4000);
        assert_eq!(pricing.price_for(false).minor_units(), 5500);
        let flat = Pricing::parse("40", " ", Currency::Usd).unwrap();
        assert_eq!(flat.price_for(false).minor_units(), 4000);
        assert_eq!(
            Pricing::parse("40", "-1", Currency::Usd).unwrap_err().field,
            "non_member_price"
        );
    }

    #[test]
    fn cover_images_are_safe_relative_names_of_image_files() {
        assert!(CoverImage::parse("cover_image", "covers/3f9a.webp").is_ok());
        for raw in [
            "../etc/passwd.png",
            "/abs.png",
            "covers/x.gif",
            "covers//x.png",
            "x y.png",
            "",
        ] {
            assert!(CoverImage::parse("cover_image", raw).is_err(), "{raw}");
        }
    }
}
