//! The booking operations both sides share: who may see and book a type, a booking with its
//! studio and type, the month view and free times (listing, holding, booking and moving all go
//! through the one decision function), and the parsing of a booking form.

use crate::server::auth::signed_in_user;
use crate::server::convert;
use crate::server::links::LinkPurpose;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use crate::shared::views::{BookingOptionsView, CalendarDay, MonthView, SessionTypeView, SlotView};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::availability::{Offering, OpeningHours, Refusal, Schedule, TakenSeats, check_booking};
use domain::session_type::AccessLevel;

/// The booking rules of a stored session type, as the decision function takes them.
pub fn offering_of(session_type: &store::SessionType) -> Offering {
    let spec = &session_type.spec;
    Offering {
        buffer: spec.buffer.as_chrono(),
        min_lead: spec.min_lead.as_chrono(),
        max_lead: spec.max_lead.as_chrono(),
        max_per_day: spec.max_per_day.limit(),
        step: spec.start_interval.step(spec.duration),
        ..Offering::simple(session_type.id, spec.duration, spec.capacity)
    }
}

/// The opening hours and the seats taken at `now` between two local dates, one query each.
pub async fn schedule_parts(
    state: &AppState,
    studio: &store::Studio,
    (first_day, last_day): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<(OpeningHours, Vec<TakenSeats>), AppError> {
    let hours = state.store.opening_hours(studio.id).await?;
    // A day's local midnight is within 14 hours of UTC midnight; a day's margin covers every zone.
    let from = Utc.from_utc_datetime(
        &(first_day - chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN),
    );
    let to = Utc.from_utc_datetime(
        &(last_day + chrono::Duration::days(2)).and_time(chrono::NaiveTime::MIN),
    );
    let taken = state.store.taken_seats(studio.id, from, to, now).await?;
    Ok((hours, taken))
}

/// The seats taken without the one `booking` keeps, so a booking being moved never competes
/// with itself for a time.
pub fn without_seat_of(taken: Vec<TakenSeats>, booking: &store::Booking) -> Vec<TakenSeats> {
    taken
        .into_iter()
        .filter_map(|mut seats| {
            if seats.session_type_id == booking.session_type_id && seats.start == booking.start {
                seats.seats = seats.seats.saturating_sub(1);
            }
            (seats.seats > 0).then_some(seats)
        })
        .collect()
}

/// How a type's seats are decided: by the studio's opening hours, or by a mini session's spots.
pub enum SeatRule {
    Hours {
        hours: Box<OpeningHours>,
        offering: Offering,
    },
    Spots {
        session_type_id: i64,
        session: domain::mini_session::MiniSession,
        /// Reservations not used by a booking.
        reserved: Vec<domain::mini_session::SpotPlace>,
        /// The reserved spot whose direct link the client came with.
        pass: Option<domain::mini_session::SpotPlace>,
    },
}

/// The check run inside the booking transaction: the same decision that lists the slots (or
/// a mini session's spots).
pub fn seat_check(
    studio: &store::Studio,
    rule: SeatRule,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> impl Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync + use<> {
    let zone = studio.settings.timezone;
    move |taken: &[TakenSeats]| match &rule {
        SeatRule::Hours { hours, offering } => {
            let schedule = Schedule::new(&zone, hours, taken, &[], now);
            check_booking(&schedule, offering, start).map(|_| ())
        }
        SeatRule::Spots {
            session_type_id,
            session,
            reserved,
            pass,
        } => {
            let of_this_mini: Vec<TakenSeats> = taken
                .iter()
                .filter(|seats| seats.session_type_id == *session_type_id)
                .copied()
                .collect();
            domain::mini_session::SpotRules {
                session,
                zone: &zone,
                taken: &of_this_mini,
                reserved,
                now,
            }
            .check(start, *pass)
            .map(|_| ())
        }
    }
}

/// What taking a seat at a requested start needs, for a hold, a booking or a move alike.
pub struct SeatRequest<C> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub now: DateTime<Utc>,
    /// Run by the store inside its transaction: the same decision that lists the slots.
    pub check: C,
}

/// Takes a 15-minute (or as configured) hold of the requested seat for this viewer, and sends
/// them to the booking's own page, where they fill in their details.
pub(crate) async fn hold_seat<C>(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    viewer: &Viewer,
    seat: SeatRequest<C>,
) -> Result<store::Booking, AppError>
where
    C: Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync,
{
    let hold = store::NewHold {
        studio_id: studio.id,
        session_type_id: session_type.id,
        start: seat.start,
        end: seat.end,
        public_token: crate::server::tokens::random_token(),
        created_at: seat.now,
        expires_at: seat.now + state.hold_length,
        user_id: viewer.booking_account().map(|user| user.id),
        preview: viewer.is_owner,
    };
    state
        .store
        .hold(&hold, &seat.check)
        .await
        .map_err(booking_error)
}

/// Reads the requested start (an RFC 3339 instant picked from the list) and prepares the check
/// of the type's rules that the store runs where the seat is taken. `pass` is the reserved
/// spot whose link a mini session's client came with.
pub async fn seat_request(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    start: &str,
    pass: Option<domain::mini_session::SpotPlace>,
) -> Result<
    SeatRequest<impl Fn(&[TakenSeats]) -> Result<(), Refusal> + Send + Sync + use<>>,
    AppError,
> {
    let start = parse_start(start)?;
    let now = state.now();
    let (end, rule) = match &session_type.spec.mini {
        None => (
            start + session_type.spec.duration.as_chrono(),
            SeatRule::Hours {
                hours: Box::new(state.store.opening_hours(studio.id).await?),
                offering: offering_of(session_type),
            },
        ),
        Some(session) => {
            let (_, spot) = session
                .spot_starting(&studio.settings.timezone, start)
                .ok_or_else(|| AppError::Unavailable(refusal_message(Refusal::NotASpot)))?;
            let reserved = unused_reservations(state, studio, session_type, now).await?;
            (
                spot.end,
                SeatRule::Spots {
                    session_type_id: session_type.id,
                    session: session.clone(),
                    reserved,
                    pass,
                },
            )
        }
    };
    Ok(SeatRequest {
        start,
        end,
        now,
        check: seat_check(studio, rule, start, now),
    })
}

/// The reservation a booking (or the hold being filled in) was made through, if any.
pub async fn reservation_of(
    state: &AppState,
    booking: &store::Booking,
) -> Result<Option<domain::mini_session::Reservation>, AppError> {
    Ok(state
        .store
        .reservations(booking.studio_id, booking.session_type_id, state.now())
        .await?
        .into_iter()
        .find(|kept| kept.used_by == Some(booking.id))
        .map(|kept| kept.reservation))
}

/// The seats a mini session's own bookings and holds keep at `now` on its local dates from
/// `first` to `last`, and the window read.
pub async fn seats_of_mini(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    (first, last): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<(Vec<TakenSeats>, (DateTime<Utc>, DateTime<Utc>)), AppError> {
    let zone = studio.settings.timezone;
    let hour = chrono::Duration::hours(1);
    let from = zone.start_of_day(first) - hour;
    let to = zone.start_of_day(last + chrono::Duration::days(1)) + hour;
    let taken = state
        .store
        .taken_seats(studio.id, from, to, now)
        .await?
        .into_iter()
        .filter(|seats| seats.session_type_id == mini.id)
        .collect();
    Ok((taken, (from, to)))
}

/// The spots of a mini session kept by reservations that no booking uses at `now`.
pub async fn unused_reservations(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    now: DateTime<Utc>,
) -> Result<Vec<domain::mini_session::SpotPlace>, AppError> {
    Ok(state
        .store
        .reservations(studio.id, session_type.id, now)
        .await?
        .into_iter()
        .filter(|kept| kept.used_by.is_none())
        .map(|kept| kept.reservation.place)
        .collect())
}

pub fn refusal_message(refusal: Refusal) -> String {
    format!("{refusal} Please pick another time.")
}

/// Who is looking at a studio's pages.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<store::User>,
    /// Signed in with an email on the studio's member list.
    pub is_member: bool,
    /// The studio's own instructor, whose holds and bookings are Client View previews.
    pub is_owner: bool,
}

impl Viewer {
    /// The account a booking is made under: the signed-in student's, but none for the
    /// studio's own previews, which are filled in as a client would.
    pub fn booking_account(&self) -> Option<&store::User> {
        self.user.as_ref().filter(|_| !self.is_owner)
    }
}

pub async fn viewer_of(state: &AppState, studio: &store::Studio) -> Result<Viewer, AppError> {
    let user = signed_in_user(state).await?;
    let is_member = match &user {
        Some(user) => state.store.is_member(studio.id, &user.email).await?,
        None => false,
    };
    let is_owner = user.as_ref().is_some_and(|user| user.id == studio.owner_id);
    Ok(Viewer {
        user,
        is_member,
        is_owner,
    })
}

/// Whether a type is reached only through its share link (access level Private).
pub fn is_link_only(
    offerings: &domain::offerings::Offerings,
    session_type: &store::SessionType,
) -> bool {
    offerings.access_of(session_type.spec.access_override) == AccessLevel::Private
}

/// The share link path of a private type.
pub fn share_path(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
) -> String {
    format!(
        "/s/{}/{}?share={}",
        studio.settings.slug,
        session_type.id,
        share_token(state, session_type)
    )
}

/// The signed token of a private type's share link; a renewed share token changes it.
pub fn share_token(state: &AppState, session_type: &store::SessionType) -> String {
    state.links.sign(
        LinkPurpose::PrivateType,
        session_type.id,
        &session_type.share_token,
    )
}

/// A type this viewer may book. A private type without its valid share link answers exactly
/// like a type that does not exist, so its existence never leaks.
pub async fn bookable_type(
    state: &AppState,
    studio: &store::Studio,
    id: i64,
    share: Option<&str>,
    viewer: &Viewer,
) -> Result<store::SessionType, AppError> {
    let not_open = || AppError::NotFound("This session type is not open for booking.".to_owned());
    // The studio's own instructor previews any type that is not archived (Client View of a
    // draft included); what they book is a preview.
    if viewer.is_owner {
        return state
            .store
            .session_type(studio.id, id)
            .await?
            .filter(|session_type| {
                session_type.spec.status != domain::session_type::SessionStatus::Archived
            })
            .ok_or_else(not_open);
    }
    let offerings = state.store.offerings(studio.id).await?;
    let session_type = state
        .store
        .session_type(studio.id, id)
        .await?
        .filter(|session_type| offerings.offers(&session_type.spec))
        .ok_or_else(not_open)?;
    let has_share_link = share.is_some_and(|link| {
        state.links.verify(
            LinkPurpose::PrivateType,
            link,
            session_type.id,
            &session_type.share_token,
        )
    });
    if offerings.bookable_by(&session_type.spec, viewer.is_member, has_share_link) {
        return Ok(session_type);
    }
    match offerings.access_of(session_type.spec.access_override) {
        AccessLevel::MembersOnly => Err(AppError::Forbidden(
            "This session is for members only. Sign in with the email address your studio has \
             on its member list to book it."
                .to_owned(),
        )),
        AccessLevel::Private | AccessLevel::Public => Err(not_open()),
    }
}

/// The studio and the session type a booking belongs to. Neither is ever deleted (types are
/// archived), so a booking without them is a fault of ours.
pub async fn studio_and_type_of(
    state: &AppState,
    booking: &store::Booking,
) -> Result<(store::Studio, store::SessionType), AppError> {
    let studio = state
        .store
        .studio(booking.studio_id)
        .await?
        .ok_or(AppError::Internal)?;
    let session_type = session_type_of(state, &studio, booking).await?;
    Ok((studio, session_type))
}

/// The session type of one of a studio's bookings.
pub async fn session_type_of(
    state: &AppState,
    studio: &store::Studio,
    booking: &store::Booking,
) -> Result<store::SessionType, AppError> {
    state
        .store
        .session_type(studio.id, booking.session_type_id)
        .await?
        .ok_or(AppError::Internal)
}

/// How many months ahead the month view looks when a type sets no shorter limit.
pub(crate) const CALENDAR_MONTHS_AHEAD: u32 = 12;

/// A type's view priced for this viewer: the member price for signed-in members.
pub(crate) fn priced_view(session_type: &store::SessionType, viewer: &Viewer) -> SessionTypeView {
    SessionTypeView {
        price_label: session_type.spec.price_label_for(viewer.is_member),
        ..convert::session_type_view(session_type)
    }
}

pub(crate) fn parse_month(raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::field("month", "Pick a month from the calendar.")),
    }
}

pub(crate) fn parse_date(raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::field("date", "Pick a date from the calendar.")),
    }
}

pub(crate) fn first_of_month(date: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    date.with_day(1).unwrap_or(date)
}

pub(crate) fn add_months(month: chrono::NaiveDate, months: i32) -> chrono::NaiveDate {
    let shifted = if months >= 0 {
        month.checked_add_months(chrono::Months::new(months.unsigned_abs()))
    } else {
        month.checked_sub_months(chrono::Months::new(months.unsigned_abs()))
    };
    shifted.unwrap_or(month)
}

/// The month view, the chosen day's slots and the questions of a type, for a booking (when it
/// is being moved, its own seat does not count against it).
pub(crate) async fn booking_options_for(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    viewer: &Viewer,
    (month, date): (Option<&str>, Option<&str>),
    moving: Option<&store::Booking>,
    pass: Option<domain::mini_session::SpotPlace>,
) -> Result<BookingOptionsView, AppError> {
    use crate::server::booking_ops::{offering_of, schedule_parts, without_seat_of};
    use chrono::Datelike;
    use domain::availability::{Schedule, days_with_room, slots_on};
    let zone = studio.settings.timezone;
    let now = state.now();
    let today = zone.local(now).date_naive();
    let calendar_days = i64::from(CALENDAR_MONTHS_AHEAD) * 31;
    let mini = session_type.spec.mini.as_ref();
    // A mini session's own dates are its booking window.
    let horizon = today
        + chrono::Duration::days(match mini {
            Some(_) => calendar_days,
            None => i64::from(session_type.spec.max_lead.days()).min(calendar_days),
        });
    let selected = parse_date(date)?;
    let calendar_end = today + chrono::Duration::days(i64::from(CALENDAR_MONTHS_AHEAD) * 31);
    if let Some(date) = selected
        && (date < today || date > calendar_end)
    {
        return Err(AppError::field(
            "date",
            "That date is outside the booking window.",
        ));
    }
    let first_month = first_of_month(today);
    let last_month = first_of_month(horizon);
    let first_mini_date = mini.and_then(|session| {
        session
            .days
            .iter()
            .map(|day| day.date)
            .find(|date| *date >= today)
    });
    let shown = match parse_month(month)? {
        Some(month) => month.clamp(first_month, last_month),
        None => selected
            .or(first_mini_date)
            .map_or(first_month, first_of_month)
            .clamp(first_month, last_month),
    };
    let next_month = add_months(shown, 1);
    let (hours, taken) = schedule_parts(state, studio, (shown, next_month), now).await?;
    let taken = match moving {
        Some(booking) => without_seat_of(taken, booking),
        None => taken,
    };
    let days_in_month = u32::try_from((next_month - shown).num_days()).unwrap_or(31);
    let (days, slots) = match mini {
        None => {
            let schedule = Schedule::new(&zone, &hours, &taken, &[], now);
            let offering = offering_of(session_type);
            (
                days_with_room(&schedule, &offering, shown, days_in_month),
                selected
                    .map(|date| slots_on(&schedule, &offering, date))
                    .unwrap_or_default(),
            )
        }
        Some(session) => {
            let reserved = unused_reservations(state, studio, session_type, now).await?;
            let of_this_mini: Vec<TakenSeats> = taken
                .iter()
                .filter(|seats| seats.session_type_id == session_type.id)
                .copied()
                .collect();
            let open = domain::mini_session::SpotRules {
                session,
                zone: &zone,
                taken: &of_this_mini,
                reserved: &reserved,
                now,
            }
            .open_spots(pass);
            let days = shown
                .iter_days()
                .take(days_in_month as usize)
                .map(|day| {
                    (
                        day,
                        open.iter().filter(|spot| spot.place.date == day).count(),
                    )
                })
                .collect();
            let slots = open
                .iter()
                .filter(|spot| Some(spot.place.date) == selected)
                .map(|spot| domain::availability::Slot {
                    start: spot.spot.start,
                    end: spot.spot.end,
                    seats_left: spot.seats_left,
                    capacity: spot.spot.seats,
                })
                .collect();
            (days, slots)
        }
    };
    let days = days
        .into_iter()
        .map(|(day, free_slots)| CalendarDay {
            date: day.format("%Y-%m-%d").to_string(),
            day_number: day.day(),
            free_slots: if day < today || day > horizon {
                0
            } else {
                free_slots
            },
            label: day.format("%A %-d %B").to_string(),
        })
        .collect();
    let questions =
        convert::questions(&crate::server::contracts::asked_questions(state, session_type).await?);
    let contract = crate::server::contracts::attached_contract(state, session_type).await?;
    Ok(BookingOptionsView {
        studio_name: studio.settings.name.to_string(),
        studio_slug: studio.settings.slug.to_string(),
        timezone: zone.name().to_owned(),
        session_type: priced_view(session_type, viewer),
        share: None,
        notice: viewer
            .is_owner
            .then(|| crate::server::client_view::PREVIEW_NOTICE.to_owned()),
        month: MonthView {
            month: shown.format("%Y-%m").to_string(),
            label: shown.format("%B %Y").to_string(),
            leading_blanks: shown.weekday().num_days_from_monday(),
            days,
            previous: (shown > first_month)
                .then(|| add_months(shown, -1).format("%Y-%m").to_string()),
            next: (shown < last_month).then(|| next_month.format("%Y-%m").to_string()),
        },
        selected_date: selected.map(|date| date.format("%Y-%m-%d").to_string()),
        selected_date_label: selected.map(|date| date.format("%A %-d %B").to_string()),
        slots: slots
            .into_iter()
            .map(|slot| {
                let moment = zone.moment(slot.start);
                SlotView {
                    start: rfc3339(slot.start),
                    time_label: moment.time(),
                    zone: moment.zone,
                    seats_left: slot.seats_left,
                    capacity: slot.capacity,
                }
            })
            .collect(),
        questions_version: convert::questions_version(&questions, contract.as_ref()),
        questions,
    })
}

pub(crate) fn rfc3339(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn parse_start(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    chrono::DateTime::parse_from_rfc3339(raw.trim())
        .map(|start| start.with_timezone(&chrono::Utc))
        .map_err(|_| AppError::field("start", "Pick a time from the list."))
}

pub(crate) fn booking_error(error: store::BookingError) -> AppError {
    use store::BookingError;
    match error {
        BookingError::Refused(refusal) => {
            AppError::Unavailable(crate::server::booking_ops::refusal_message(refusal))
        }
        BookingError::AlreadyBooked => AppError::Unavailable(
            "You have already booked this time with this email address.".to_owned(),
        ),
        BookingError::Changed => AppError::Unavailable(
            "This booking changed while you were looking at it. Reload the page to see it as it \
             is now."
                .to_owned(),
        ),
        BookingError::Store(error) => error.into(),
    }
}

pub(crate) fn parse_answers(
    questions: &domain::questions::RegistrationQuestions,
    raw: std::collections::BTreeMap<String, String>,
) -> Result<domain::questions::Answers, domain::FieldErrors> {
    let mut indexed = Vec::with_capacity(raw.len());
    for (key, value) in raw {
        let index = key.parse::<usize>().map_err(|_| {
            domain::FieldError::new(format!("answers[{key}]"), "This question does not exist.")
        })?;
        // A ticked box's answer is its option's text.
        let answer = match domain::questions::tick_of_key(index) {
            None => (index, value),
            Some((question, option)) => questions
                .as_slice()
                .get(question)
                .and_then(|asked| asked.kind.options())
                .and_then(|options| options.as_slice().get(option))
                .map(|text| (question, text.clone()))
                .ok_or_else(|| {
                    domain::FieldError::new(
                        "answers",
                        "A ticked box is for an option that no longer exists; reload the page and try again.",
                    )
                })?,
        };
        indexed.push(answer);
    }
    domain::questions::Answers::parse(questions, &indexed)
}

/// The booking form as sent, checked against the type: booker, answers, package and payment.
pub(crate) struct FormInput {
    pub(crate) student_name: String,
    pub(crate) student_email: String,
    pub(crate) answers: std::collections::BTreeMap<String, String>,
    /// The full name typed to sign the type's contract, and its ticked "I agree" box.
    pub(crate) contract_name: String,
    pub(crate) contract_agreed: String,
    /// The name of the package picked; blank when the type offers none.
    pub(crate) package: String,
    pub(crate) payment_method: String,
    pub(crate) questions_version: String,
}

/// The booking form once every field is valid.
pub(crate) struct BookingForm {
    pub(crate) booker: domain::booking::Booker,
    pub(crate) answers: domain::questions::Answers,
    pub(crate) package: Option<domain::packages::Package>,
    /// `None` when nothing is to be paid.
    pub(crate) payment: Option<domain::booking::PaymentChoice>,
    /// The discount of the reserved spot the booking was made through.
    pub(crate) reserved_discount: Option<domain::fees::Discount>,
    /// The contract the type asks for, with the client's signature of it.
    pub(crate) signature: Option<(domain::forms::Contract, domain::forms::Signature)>,
}

impl BookingForm {
    /// What the booking costs, kept with it: this booker's price for their package, and what
    /// their way of paying takes at booking (a card takes the full price or the retainer).
    pub(crate) fn price(
        &self,
        session_type: &store::SessionType,
        is_member: bool,
    ) -> domain::fees::BookingPrice {
        let priced = session_type.spec.priced(is_member, self.package.as_ref());
        domain::fees::BookingPrice::of_priced(
            match self.reserved_discount {
                Some(discount) => priced.less(discount),
                None => priced,
            },
            self.payment == Some(domain::booking::PaymentChoice::Card),
            session_type.spec.card_collection,
        )
    }
}

pub(crate) async fn parse_details(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    viewer: &Viewer,
    form: FormInput,
    reserved: Option<&domain::mini_session::Reservation>,
) -> Result<BookingForm, AppError> {
    let reserved_discount = reserved.and_then(|reservation| reservation.discount);
    // A type, or a reserved spot, whose fee the studio collects outside asks for no way to pay.
    let paid_outside = session_type.spec.collect_outside
        || reserved.is_some_and(|reservation| reservation.pay_outside);
    let asked = crate::server::contracts::asked_questions(state, session_type).await?;
    let contract = crate::server::contracts::attached_contract(state, session_type).await?;
    let version = form.questions_version.trim();
    if !version.is_empty()
        && version != convert::questions_version(&convert::questions(&asked), contract.as_ref())
    {
        return Err(AppError::Unavailable(
            "The questions or the contract of this session changed while you were booking. \
             Reload the page to see them; nothing was booked."
                .to_owned(),
        ));
    }

    // A signed-in student books under their account's (verified) email address.
    let email = viewer
        .booking_account()
        .map_or(form.student_email, |user| user.email.to_string());
    let spec = &session_type.spec;
    let mut errors = domain::FieldErrors::new();
    let booker = errors.take_all(domain::booking::Booker::parse(&form.student_name, &email));
    let answers = errors.take_all(parse_answers(&asked, form.answers));
    let signature = match contract {
        Some(contract) => errors
            .take(domain::forms::Signature::parse(
                &form.contract_name,
                !form.contract_agreed.trim().is_empty(),
            ))
            .map(|signature| Some((contract, signature))),
        None => Some(None),
    };
    let package = errors.take(
        spec.packages
            .choose(&form.package)
            .map(Option::<&_>::cloned),
    );
    let free = match &package {
        Some(package) => {
            let priced = spec.priced(viewer.is_member, package.as_ref());
            reserved_discount
                .map_or(priced, |discount| priced.less(discount))
                .price
                .is_zero()
        }
        None => !spec.packages.any_priced(),
    };
    let payment = if free || paid_outside {
        Some(None)
    } else {
        let offerings = state.store.offerings(studio.id).await?;
        errors
            .take(domain::booking::PaymentChoice::parse(
                offerings.payments,
                &form.payment_method,
            ))
            .map(Some)
    };
    match (booker, answers, package, payment, signature) {
        (Some(booker), Some(answers), Some(package), Some(payment), Some(signature)) => {
            state.limit_account(
                crate::server::rate_limit::Limited::Booking,
                booker.email.as_str(),
            )?;
            Ok(BookingForm {
                booker,
                answers,
                package,
                payment,
                reserved_discount,
                signature,
            })
        }
        _ => Err(errors.into()),
    }
}

/// Sends the browser to the booking's own page, and answers with its path.
pub(crate) fn to_booking_page(state: &AppState, booking: &store::Booking) -> String {
    let path = state.booking_path(booking);
    leptos_axum::redirect(&path);
    path
}

/// "Monday" for "monday".
pub(crate) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The zone a student's browser reported, when it is one the time zone database knows: it only
/// adds the student's own time to their emails, so a missing or odd one never stops a booking.
pub(crate) fn student_zone_of(raw: &str) -> Option<domain::timezone::StudioTimezone> {
    domain::timezone::StudioTimezone::parse("student_zone", raw).ok()
}

/// A message fragment (a domain error's text) as a sentence: capital first, full stop last.
pub(crate) fn capitalized_sentence(text: &str) -> String {
    let mut sentence = capitalized(text);
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

/// Moves a booking to another free time of its type, under the same rules as booking it.
pub(crate) async fn move_to(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
    start: &str,
) -> Result<store::Booking, AppError> {
    use domain::lifecycle::BookingState;
    let SeatRequest {
        start,
        end,
        now,
        check,
    } = seat_request(state, studio, session_type, start, None).await?;
    let state_after = match booking.state {
        BookingState::PaymentPending { deadline } => BookingState::PaymentPending {
            deadline: domain::booking::moved_payment_deadline(deadline, booking.start, start),
        },
        other => other,
    };
    let moved = state
        .store
        .move_booking(
            booking.id,
            &store::BookingMove {
                from_start: booking.start,
                to: (start, end),
                state: state_after,
            },
            now,
            &check,
            &crate::server::jobs::follow_ups_in(
                state,
                studio.id,
                domain::jobs::BookingChange::Moved {
                    previous_start: booking.start,
                },
            )
            .await?,
        )
        .await
        .map_err(booking_error)?;
    Ok(moved)
}
