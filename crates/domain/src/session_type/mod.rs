//! Session types: the templates students book (seed 000).

mod limits;
pub use limits::{
    AccessLevel, BufferTime, ChangeCutoffHours, CoverImage, ImageFormat, MaxLeadDays, MaxPerDay,
    MinLeadHours, PaymentWindowHours, Pricing, StartInterval,
};

use crate::money::{Currency, Money};
use crate::questions::{RegistrationQuestionInput, RegistrationQuestions};
use crate::text::{Description, Location, SessionTypeName};
use crate::video_link::VideoLink;
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// How long a session lasts; only the lengths the product offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct SessionDuration(u16);

impl SessionDuration {
    pub const ALLOWED_MINUTES: [u16; 8] = [15, 30, 45, 60, 75, 90, 105, 120];

    pub fn from_minutes(minutes: u16) -> Option<Self> {
        Self::ALLOWED_MINUTES
            .contains(&minutes)
            .then_some(Self(minutes))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let refuse = || {
            FieldError::new(
                field,
                "Choose a duration of 15, 30, 45, 60, 75, 90, 105 or 120 minutes.",
            )
        };
        raw.trim()
            .parse::<u16>()
            .ok()
            .and_then(Self::from_minutes)
            .ok_or_else(refuse)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.0))
    }

    /// "1 h 15 min", "45 min".
    pub fn label(self) -> String {
        match (self.0 / 60, self.0 % 60) {
            (0, minutes) => format!("{minutes} min"),
            (hours, 0) => format!("{hours} h"),
            (hours, minutes) => format!("{hours} h {minutes} min"),
        }
    }
}

impl TryFrom<u16> for SessionDuration {
    type Error = String;
    fn try_from(minutes: u16) -> Result<Self, Self::Error> {
        Self::from_minutes(minutes).ok_or_else(|| format!("{minutes} is not an offered duration"))
    }
}

impl From<SessionDuration> for u16 {
    fn from(value: SessionDuration) -> u16 {
        value.0
    }
}

/// Students per session: 1 is a private lesson, 2 or more a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Capacity(u32);

impl Capacity {
    pub const MAX: u32 = 500;

    pub fn new(seats: u32) -> Option<Self> {
        (1..=Self::MAX).contains(&seats).then_some(Self(seats))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let refuse = || {
            FieldError::new(
                field,
                format!(
                    "Capacity must be a whole number from 1 (private) to {}.",
                    Self::MAX
                ),
            )
        };
        raw.trim()
            .parse::<u32>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(refuse)
    }

    pub fn seats(self) -> u32 {
        self.0
    }

    pub fn is_private(self) -> bool {
        self.0 == 1
    }
}

impl TryFrom<u32> for Capacity {
    type Error = String;
    fn try_from(seats: u32) -> Result<Self, Self::Error> {
        Self::new(seats).ok_or_else(|| format!("{seats} is not a valid capacity"))
    }
}

impl From<Capacity> for u32 {
    fn from(value: Capacity) -> u32 {
        value.0
    }
}

/// Only Active session types are visible to students and bookable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Draft,
    Active,
    Paused,
    Archived,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Draft,
        SessionStatus::Active,
        SessionStatus::Paused,
        SessionStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Draft => "draft",
            SessionStatus::Active => "active",
            SessionStatus::Paused => "paused",
            SessionStatus::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Draft => "Draft",
            SessionStatus::Active => "Active",
            SessionStatus::Paused => "Paused",
            SessionStatus::Archived => "Archived",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| FieldError::new(field, "Choose Draft, Active, Paused or Archived."))
    }

    pub fn is_bookable(self) -> bool {
        self == SessionStatus::Active
    }
}

/// A session type form as typed, before parsing. Blank advanced fields take their defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeInput {
    pub name: String,
    pub description: String,
    pub duration_minutes: String,
    pub capacity: String,
    /// The flat price, or the member price when a non-member price is given.
    pub price: String,
    pub non_member_price: String,
    pub status: String,
    pub location: String,
    /// Blank keeps the studio's default access level.
    pub access_level: String,
    pub buffer_minutes: String,
    /// Blank or "duration" starts a session every session length.
    #[serde(default)]
    pub start_every_minutes: String,
    pub min_lead_hours: String,
    pub max_lead_days: String,
    pub max_per_day: String,
    /// Blank keeps the default of 24 hours.
    #[serde(default)]
    pub change_cutoff_hours: String,
    /// Blank: a payment still due is due by the start.
    #[serde(default)]
    pub payment_due_hours: String,
    /// What a card payment takes at booking: `full` (or blank) or `retainer`.
    #[serde(default)]
    pub card_collection: String,
    /// The retainer, an amount or a percentage ("25%"), when `card_collection` is `retainer`.
    #[serde(default)]
    pub retainer: String,
    /// The "Collect payment outside Bookable" box: any value when ticked.
    #[serde(default)]
    pub collect_outside: String,
    /// Hours before the start until which a cancellation gets everything back (blank: 24).
    #[serde(default)]
    pub full_refund_hours: String,
    /// What a later cancellation by the student gets back: `keep_retainer` (all but the
    /// retainer) or `keep_everything` (nothing).
    #[serde(default)]
    pub late_refund: String,
    pub cover_image: String,
    /// Blank for sessions without a video call.
    pub video_link: String,
    pub questions: Vec<RegistrationQuestionInput>,
    /// The price options students pick from; rows left blank are ignored.
    #[serde(default)]
    pub packages: Vec<crate::packages::PackageInput>,
    /// The library's contract to sign at booking, by id; blank for none.
    #[serde(default)]
    pub contract_id: String,
    /// The library's questionnaire to answer at booking, by id; blank for none.
    #[serde(default)]
    pub questionnaire_id: String,
}

/// A session type whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTypeSpec {
    pub name: SessionTypeName,
    pub description: Description,
    pub duration: SessionDuration,
    pub capacity: Capacity,
    pub pricing: Pricing,
    pub status: SessionStatus,
    pub location: Option<Location>,
    /// `None` follows the studio's default.
    pub access_override: Option<AccessLevel>,
    pub buffer: BufferTime,
    /// How far apart start times are.
    #[serde(default)]
    pub start_interval: StartInterval,
    pub min_lead: MinLeadHours,
    pub max_lead: MaxLeadDays,
    pub max_per_day: MaxPerDay,
    /// Students may cancel or reschedule online until this long before the start.
    pub change_cutoff: ChangeCutoffHours,
    /// A payment still due must arrive this long after booking (and by the start at the
    /// latest); `None`: by the start.
    #[serde(default)]
    pub payment_window: Option<PaymentWindowHours>,
    /// What a card payment takes at booking: the whole price or a retainer.
    #[serde(default)]
    pub card_collection: crate::fees::CardCollection,
    /// The studio collects the fee outside Bookable: clients book without a way to pay.
    #[serde(default)]
    pub collect_outside: bool,
    /// What a cancelled booking's card payments give back.
    #[serde(default)]
    pub refund_policy: crate::refunds::RefundPolicy,
    pub cover_image: Option<CoverImage>,
    pub video_link: Option<VideoLink>,
    /// Asked of students when they book.
    pub questions: RegistrationQuestions,
    /// When offered, the student picks one and its price is the booking's.
    #[serde(default)]
    pub packages: crate::packages::Packages,
    /// A mini session (seed 003) is booked at the spots of its dates instead of in the
    /// studio's opening hours; `None` for a personal session type.
    #[serde(default)]
    pub mini: Option<crate::mini_session::MiniSession>,
    /// The library's contract and questionnaire of its booking form.
    #[serde(default)]
    pub forms: crate::forms::AttachedForms,
}

fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

impl SessionTypeSpec {
    /// Parses every field and reports all problems at once, each under its field name.
    pub fn parse(input: &SessionTypeInput, currency: Currency) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(SessionTypeName::parse("name", &input.name));
        let description = errors.take(Description::parse("description", &input.description));
        let duration = errors.take(SessionDuration::parse(
            "duration_minutes",
            &input.duration_minutes,
        ));
        let capacity = errors.take(Capacity::parse("capacity", &input.capacity));
        let pricing = errors.take_all(Pricing::parse(
            &input.price,
            &input.non_member_price,
            currency,
        ));
        let status = errors.take(SessionStatus::parse("status", &input.status));
        let location = errors.take(optional(&input.location, |raw| {
            Location::parse("location", raw)
        }));
        let access_override = errors.take(optional(&input.access_level, |raw| {
            AccessLevel::parse("access_level", raw)
        }));
        let buffer = errors.take(BufferTime::parse("buffer_minutes", &input.buffer_minutes));
        let start_interval = errors.take(StartInterval::parse(
            "start_every_minutes",
            &input.start_every_minutes,
        ));
        let min_lead = errors.take(MinLeadHours::parse("min_lead_hours", &input.min_lead_hours));
        let max_lead = errors.take(MaxLeadDays::parse("max_lead_days", &input.max_lead_days));
        let max_per_day = errors.take(MaxPerDay::parse("max_per_day", &input.max_per_day));
        let change_cutoff = errors.take(ChangeCutoffHours::parse(
            "change_cutoff_hours",
            &input.change_cutoff_hours,
        ));
        let payment_window = errors.take(PaymentWindowHours::parse_optional(
            "payment_due_hours",
            &input.payment_due_hours,
        ));
        let card_collection = errors.take(crate::fees::CardCollection::parse(
            &input.card_collection,
            &input.retainer,
            currency,
        ));
        let refund_policy = errors.take(crate::refunds::RefundPolicy::parse_form(
            &input.full_refund_hours,
            &input.late_refund,
        ));
        let cover_image = errors.take(optional(&input.cover_image, |raw| {
            CoverImage::parse("cover_image", raw)
        }));
        let video_link = errors.take(VideoLink::parse_optional("video_link", &input.video_link));
        let questions = errors.take_all(RegistrationQuestions::parse(&input.questions));
        let packages = errors.take_all(crate::packages::Packages::parse(&input.packages, currency));
        let forms = errors.take_all(crate::forms::AttachedForms::parse(
            &input.contract_id,
            &input.questionnaire_id,
        ));
        let (
            Some(name),
            Some(description),
            Some(duration),
            Some(capacity),
            Some(pricing),
            Some(status),
            Some(location),
            Some(access_override),
            Some(buffer),
            Some(start_interval),
            Some(min_lead),
            Some(max_lead),
            Some(max_per_day),
            Some(change_cutoff),
            Some(payment_window),
            Some(card_collection),
            Some(refund_policy),
            Some(cover_image),
            Some(video_link),
            Some(questions),
            Some(packages),
            Some(forms),
        ) = (
            name,
            description,
            duration,
            capacity,
            pricing,
            status,
            location,
            access_override,
            buffer,
            start_interval,
            min_lead,
            max_lead,
            max_per_day,
            change_cutoff,
            payment_window,
            card_collection,
            refund_policy,
            cover_image,
            video_link,
            questions,
            packages,
            forms,
        )
        else {
            return Err(errors);
        };
        Ok(Self {
            name,
            description,
            duration,
            capacity,
            pricing,
            status,
            location,
            access_override,
            buffer,
            start_interval,
            min_lead,
            max_lead,
            max_per_day,
            change_cutoff,
            payment_window,
            card_collection,
            collect_outside: !input.collect_outside.trim().is_empty(),
            refund_policy,
            cover_image,
            video_link,
            questions,
            packages,
            mini: None,
            forms,
        })
    }

    /// The price label students see, e.g. "$40.00 members · $55.00", "Free", or "From
    /// $150.00" when packages set the price.
    pub fn price_label(&self) -> String {
        if let Some(lowest) = self.packages.lowest_price() {
            return format!("From {lowest}");
        }
        let label = |money: Money| {
            if money.is_zero() {
                "Free".to_owned()
            } else {
                money.to_string()
            }
        };
        match self.pricing {
            Pricing::Flat(price) => label(price),
            Pricing::MemberSplit { member, non_member } => {
                format!("{} members · {}", label(member), label(non_member))
            }
        }
    }

    /// What one booker pays, e.g. "$40.00 (member price)" for a member of a split-priced type.
    pub fn price_label_for(&self, is_member: bool) -> String {
        if !self.packages.is_empty() {
            return self.price_label();
        }
        self.booked_price_label(self.pricing.price_for(is_member), is_member, None)
    }

    /// What one booker pays for the package they picked (`None` when none is offered): a
    /// package's price is everyone's; otherwise members may pay their member price.
    pub fn priced(
        &self,
        is_member: bool,
        package: Option<&crate::packages::Package>,
    ) -> crate::fees::Priced {
        match package {
            Some(package) => crate::fees::Priced::undiscounted(package.price),
            None => self.pricing.priced_for(is_member),
        }
    }

    /// Where a session starting at `start` happens: a mini session's date may name its own
    /// place, which comes before the type's.
    pub fn location_at<Z: crate::zone::ZoneRules>(
        &self,
        zone: &Z,
        start: chrono::DateTime<chrono::Utc>,
    ) -> Option<&Location> {
        let date = zone.wall_time(start).date();
        self.mini
            .as_ref()
            .and_then(|mini| mini.days.iter().find(|day| day.date == date))
            .and_then(|day| day.location.as_ref())
            .or(self.location.as_ref())
    }

    /// The label of a price a booking keeps (what it was when booked): the package picked
    /// ("All photos: $250.00"), or the member price named as such as
    /// [`Self::price_label_for`] names it.
    pub fn booked_price_label(
        &self,
        price: Money,
        is_member: bool,
        package: Option<&crate::packages::PackageName>,
    ) -> String {
        let amount = if price.is_zero() {
            "Free".to_owned()
        } else {
            price.to_string()
        };
        match (package, self.pricing) {
            (Some(package), _) => format!("{package}: {amount}"),
            (None, Pricing::MemberSplit { .. }) if is_member => format!("{amount} (member price)"),
            (None, _) => amount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_see_the_member_price_and_others_the_non_member_price() {
        let input = SessionTypeInput {
            name: "Lesson".into(),
            duration_minutes: "60".into(),
            capacity: "1".into(),
            price: "40".into(),
            non_member_price: "55".into(),
            status: "active".into(),
            ..SessionTypeInput::default()
        };
        let split = SessionTypeSpec::parse(&input, Currency::Usd).expect("valid");
        assert_eq!(split.price_label_for(true), "$40.00 (member price)");
        assert_eq!(split.price_label_for(false), "$55.00");
        let flat = SessionTypeSpec::parse(
            &SessionTypeInput {
                non_member_price: String::new(),
                ..input
            },
            Currency::Usd,
        )
        .expect("valid");
        assert_eq!(flat.price_label_for(true), "$40.00");
    }

    fn valid_input() -> SessionTypeInput {
        SessionTypeInput {
            name: "Private Mahjong Lesson".into(),
            description: "Learn the basics.".into(),
            duration_minutes: "60".into(),
            capacity: "1".into(),
            price: "45".into(),
            status: "active".into(),
            location: "Studio A".into(),
            ..SessionTypeInput::default()
        }
    }

    #[test]
    fn payment_is_collected_outside_only_when_the_box_is_ticked() {
        let ticked = SessionTypeInput {
            collect_outside: "on".into(),
            ..valid_input()
        };
        assert!(
            SessionTypeSpec::parse(&ticked, Currency::Usd)
                .unwrap()
                .collect_outside
        );
        assert!(
            !SessionTypeSpec::parse(&valid_input(), Currency::Usd)
                .unwrap()
                .collect_outside
        );
    }

    #[test]
    fn every_advanced_field_parses() {
        let input = SessionTypeInput {
            non_member_price: "55".into(),
            access_level: "members_only".into(),
            buffer_minutes: "15".into(),
            start_every_minutes: "30".into(),
            min_lead_hours: "12".into(),
            max_lead_days: "30".into(),
            max_per_day: "4".into(),
            change_cutoff_hours: "48".into(),
            cover_image: "covers/mahjong.webp".into(),
            ..valid_input()
        };
        let spec = SessionTypeSpec::parse(&input, Currency::Usd).unwrap();
        assert_eq!(spec.pricing.price_for(false).minor_units(), 5500);
        assert_eq!(spec.access_override, Some(AccessLevel::MembersOnly));
        assert_eq!(spec.buffer.minutes(), 15);
        assert_eq!(spec.start_interval, StartInterval::Minutes(30));
        assert_eq!(spec.min_lead.hours(), 12);
        assert_eq!(spec.max_lead.days(), 30);
        assert_eq!(spec.max_per_day.limit(), Some(4));
        assert_eq!(spec.change_cutoff.hours(), 48);
        assert_eq!(spec.cover_image.unwrap().as_str(), "covers/mahjong.webp");
        let split = SessionTypeSpec::parse(
            &SessionTypeInput {
                non_member_price: "55".into(),
                ..valid_input()
            },
            Currency::Usd,
        )
        .unwrap();
        assert_eq!(split.price_label(), "$45.00 members · $55.00");
    }

    #[test]
    fn bad_advanced_fields_are_named() {
        let input = SessionTypeInput {
            non_member_price: "-2".into(),
            access_level: "friends".into(),
            buffer_minutes: "20".into(),
            start_every_minutes: "20".into(),
            min_lead_hours: "-1".into(),
            max_lead_days: "0".into(),
            max_per_day: "0".into(),
            change_cutoff_hours: "soon".into(),
            cover_image: "../x.exe".into(),
            ..valid_input()
        };
        let errors = SessionTypeSpec::parse(&input, Currency::Usd).unwrap_err();
        for field in [
            "non_member_price",
            "access_level",
            "buffer_minutes",
            "start_every_minutes",
            "min_lead_hours",
            "max_lead_days",
            "max_per_day",
            "change_cutoff_hours",
            "cover_image",
        ] {
            assert!(errors.message_for(field).is_some(), "{field} not reported");
        }
    }

    #[test]
    fn only_the_offered_durations_exist() {
        for minutes in SessionDuration::ALLOWED_MINUTES {
            assert!(SessionDuration::from_minutes(minutes).is_some());
        }
        for minutes in [0, 10, 20, 50, 61, 135, 240] {
            assert!(
                SessionDuration::from_minutes(minutes).is_none(),
                "{minutes}"
            );
        }
        assert_eq!(
            SessionDuration::parse("duration_minutes", "50")
                .unwrap_err()
                .field,
            "duration_minutes"
        );
    }

    #[test]
    fn durations_have_readable_labels() {
        assert_eq!(SessionDuration::from_minutes(45).unwrap().label(), "45 min");
        assert_eq!(SessionDuration::from_minutes(60).unwrap().label(), "1 h");
        assert_eq!(
            SessionDuration::from_minutes(75).unwrap().label(),
            "1 h 15 min"
        );
    }

    #[test]
    fn capacity_is_at_least_one() {
        assert!(Capacity::parse("capacity", "0").is_err());
        assert!(Capacity::parse("capacity", "-2").is_err());
        assert!(Capacity::parse("capacity", "1.5").is_err());
        assert!(Capacity::parse("capacity", "1").unwrap().is_private());
        assert_eq!(Capacity::parse("capacity", "12").unwrap().seats(), 12);
    }

    #[test]
    fn a_valid_form_parses() {
        let spec = SessionTypeSpec::parse(&valid_input(), Currency::Usd).unwrap();
        assert_eq!(spec.name.as_str(), "Private Mahjong Lesson");
        assert_eq!(
            spec.pricing,
            Pricing::Flat(Money::parse("price", "45", Currency::Usd).unwrap())
        );
        assert_eq!(spec.status, SessionStatus::Active);
        assert_eq!(spec.access_override, None);
        assert_eq!(spec.buffer.minutes(), 0);
        assert_eq!(spec.start_interval, StartInterval::Duration);
        assert_eq!(spec.max_lead.days(), MaxLeadDays::DEFAULT);
        assert_eq!(spec.max_per_day.limit(), None);
        assert_eq!(spec.price_label(), "$45.00");
    }

    #[test]
    fn every_bad_field_is_reported_by_name() {
        let input = SessionTypeInput {
            name: String::new(),
            description: String::new(),
            duration_minutes: "50".into(),
            capacity: "0".into(),
            price: "-3".into(),
            status: "live".into(),
            location: String::new(),
            ..SessionTypeInput::default()
        };
        let errors = SessionTypeSpec::parse(&input, Currency::Usd).unwrap_err();
        for field in ["name", "duration_minutes", "capacity", "price", "status"] {
            assert!(errors.message_for(field).is_some(), "{field} not reported");
        }
        assert!(errors.message_for("description").is_none());
        assert!(errors.message_for("location").is_none());
    }

    #[test]
    fn only_active_types_are_bookable() {
        assert!(SessionStatus::Active.is_bookable());
        for status in [
            SessionStatus::Draft,
            SessionStatus::Paused,
            SessionStatus::Archived,
        ] {
            assert!(!status.is_bookable());
        }
    }
}
