//! The advanced settings of a session type (seed 000): buffer, lead times, daily maximum,
//! access level, split pricing and the cover image reference.

use crate::field::whole_number_in;
use crate::money::{Currency, Money};
use crate::{FieldError, FieldErrors};
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

/// Until how many hours before the start students may cancel or reschedule on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCutoffHours(u32);

impl ChangeCutoffHours {
    pub const DEFAULT: u32 = 24;
    pub const MAX: u32 = 24 * 60;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Ok(Self(Self::DEFAULT));
        }
        whole_number_in(field, raw, 0..=Self::MAX, "Cancellation cut-off (hours)").map(Self)
    }

    pub fn hours(self) -> u32 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.0))
    }
}

impl Default for ChangeCutoffHours {
    fn default() -> Self {
        Self(Self::DEFAULT)
    }
}

/// How many hours after booking a payment still due must arrive; without it, by the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentWindowHours(u32);

impl PaymentWindowHours {
    pub const MAX: u32 = 24 * 30;

    /// Blank is no window of its own: the payment is due by the start.
    pub fn parse_optional(field: &str, raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        whole_number_in(field, raw, 1..=Self::MAX, "Payment due within (hours)")
            .map(|hours| Some(Self(hours)))
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

/// How far apart a type's start times are: every 15, 30 or 60 minutes, or every session length
/// (the default, so a 90-minute lesson starts at 09:00, 10:30, 12:00).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StartInterval {
    #[default]
    Duration,
    Minutes(u16),
}

impl StartInterval {
    pub const ALLOWED_MINUTES: [u16; 3] = [15, 30, 60];
    /// The form's value for "every session length".
    pub const DURATION: &'static str = "duration";

    pub fn from_minutes(minutes: Option<u16>) -> Option<Self> {
        match minutes {
            None => Some(Self::Duration),
            Some(minutes) => Self::ALLOWED_MINUTES
                .contains(&minutes)
                .then_some(Self::Minutes(minutes)),
        }
    }

    /// Blank or "duration" means every session length.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        if text.is_empty() || text.eq_ignore_ascii_case(Self::DURATION) {
            return Ok(Self::Duration);
        }
        text.parse::<u16>()
            .ok()
            .and_then(|minutes| Self::from_minutes(Some(minutes)))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    "Choose start times every 15, 30 or 60 minutes, or every session length.",
                )
            })
    }

    /// The stored minutes; `None` for every session length.
    pub fn minutes(self) -> Option<u16> {
        match self {
            Self::Duration => None,
            Self::Minutes(minutes) => Some(minutes),
        }
    }

    /// The form's value: "15", "30", "60" or "duration".
    pub fn form_value(self) -> String {
        self.minutes()
            .map_or_else(|| Self::DURATION.to_owned(), |minutes| minutes.to_string())
    }

    /// The distance between two starts of a session of `length`.
    pub fn step(self, length: super::SessionDuration) -> chrono::Duration {
        match self {
            Self::Duration => length.as_chrono(),
            Self::Minutes(minutes) => chrono::Duration::minutes(i64::from(minutes)),
        }
    }
}

/// Who can see and book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Parses the price fields, reporting both when both are wrong; a blank non-member price
    /// means one flat price.
    pub fn parse(
        price: &str,
        non_member_price: &str,
        currency: Currency,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let price = errors.take(Money::parse("price", price, currency));
        let non_member = if non_member_price.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take(Money::parse("non_member_price", non_member_price, currency))
                .map(Some)
        };
        match (price, non_member) {
            (Some(price), Some(None)) => Ok(Pricing::Flat(price)),
            (Some(member), Some(Some(non_member))) => {
                Ok(Pricing::MemberSplit { member, non_member })
            }
            _ => Err(errors),
        }
    }

    pub fn price_for(self, is_member: bool) -> Money {
        self.priced_for(is_member).price
    }

    /// A member's price below everyone else's is their discount.
    pub fn priced_for(self, is_member: bool) -> crate::fees::Priced {
        use crate::fees::{DiscountReason, Priced, Reduction};
        match self {
            Pricing::MemberSplit { member, non_member }
                if is_member && member.minor_units() < non_member.minor_units() =>
            {
                Priced {
                    price: member,
                    discount: Money::from_minor_units(
                        non_member.minor_units() - member.minor_units(),
                        member.currency(),
                    )
                    .map(|amount| Reduction {
                        reason: DiscountReason::MemberPrice,
                        amount,
                    }),
                }
            }
            Pricing::MemberSplit { member, .. } if is_member => Priced::undiscounted(member),
            Pricing::MemberSplit { non_member, .. } => Priced::undiscounted(non_member),
            Pricing::Flat(price) => Priced::undiscounted(price),
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

/// The image formats a cover may be, told by the file's first bytes, never by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
    Webp,
}

impl ImageFormat {
    /// Larger files make the booking page slow on a phone.
    pub const MAX_COVER_BYTES: usize = 5 * 1024 * 1024;

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Webp => "webp",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Webp => "image/webp",
        }
    }

    /// Checks an uploaded cover's size and reads its format from its signature.
    pub fn of_cover(field: &str, bytes: &[u8]) -> Result<Self, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new(field, "The file is empty."));
        }
        if bytes.len() > Self::MAX_COVER_BYTES {
            return Err(FieldError::new(
                field,
                format!(
                    "The image is {:.1} MB; covers can be at most 5 MB.",
                    bytes.len() as f64 / (1024.0 * 1024.0)
                ),
            ));
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(ImageFormat::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Ok(ImageFormat::Webp)
        } else {
            Err(FieldError::new(
                field,
                "Covers must be JPEG, PNG or WebP images.",
            ))
        }
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
    fn a_member_price_below_the_others_is_a_member_discount() {
        let pricing = Pricing::parse("40", "55", Currency::Usd).unwrap();
        let priced = pricing.priced_for(true);
        assert_eq!(priced.price.to_string(), "$40.00");
        let discount = priced.discount.unwrap();
        assert_eq!(discount.amount.to_string(), "$15.00");
        assert_eq!(discount.reason.label(), "Member discount");
        assert_eq!(pricing.priced_for(false).discount, None);
        let dearer = Pricing::parse("60", "55", Currency::Usd).unwrap();
        assert_eq!(dearer.priced_for(true).discount, None);
    }

    #[test]
    fn members_pay_the_member_price() {
        let pricing = Pricing::parse("40", "55", Currency::Usd).unwrap();
        assert_eq!(pricing.price_for(true).minor_units(), 4000);
        assert_eq!(pricing.price_for(false).minor_units(), 5500);
        let flat = Pricing::parse("40", " ", Currency::Usd).unwrap();
        assert_eq!(flat.price_for(false).minor_units(), 4000);
        let wrong_non_member = Pricing::parse("40", "-1", Currency::Usd).unwrap_err();
        assert!(wrong_non_member.message_for("non_member_price").is_some());
        assert!(wrong_non_member.message_for("price").is_none());
        let both_wrong = Pricing::parse("-1", "lots", Currency::Usd).unwrap_err();
        assert!(both_wrong.message_for("price").is_some());
        assert!(both_wrong.message_for("non_member_price").is_some());
    }

    #[test]
    fn a_cover_upload_is_told_apart_by_its_bytes_and_size() {
        let png = b"\x89PNG\r\n\x1a\n rest of the file";
        assert_eq!(ImageFormat::of_cover("cover", png), Ok(ImageFormat::Png));
        assert_eq!(
            ImageFormat::of_cover("cover", &[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Ok(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::of_cover("cover", b"RIFF\0\0\0\0WEBPVP8 "),
            Ok(ImageFormat::Webp)
        );
        let gif = ImageFormat::of_cover("cover", b"GIF89a....").unwrap_err();
        assert_eq!(gif.message, "Covers must be JPEG, PNG or WebP images.");
        let html_named_png = ImageFormat::of_cover("cover", b"<html>").unwrap_err();
        assert_eq!(html_named_png.field, "cover");
        assert!(ImageFormat::of_cover("cover", b"").is_err());
        let mut huge = png.to_vec();
        huge.resize(ImageFormat::MAX_COVER_BYTES + 1, 0);
        let too_big = ImageFormat::of_cover("cover", &huge).unwrap_err();
        assert!(
            too_big.message.contains("at most 5 MB"),
            "{}",
            too_big.message
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
