//! The student side: a studio's page, the month view and its slots, the hold, the booking and
//! everything its signed link allows (view, cancel, reschedule, calendar), and member sign-in.

use super::{QuestionView, SessionTypeView};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::convert;
#[cfg(feature = "ssr")]
use crate::booking_engine::{Viewer, bookable_type, viewer_of};
#[cfg(feature = "ssr")]
use crate::state::{AppState, app_state, now};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStudioView {
    pub name: String,
    pub slug: String,
    pub timezone: String,
    /// "Show on landing page": the types are listed on the studio's landing page itself.
    pub featured: bool,
    /// The types this visitor may see, priced for them.
    pub session_types: Vec<SessionTypeView>,
    /// Some members-only types are hidden because the visitor is not a signed-in member.
    pub members_only_hidden: bool,
    /// The signed-in visitor's email.
    pub signed_in_as: Option<String>,
    pub is_member: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// ISO date, e.g. "2026-11-24".
    pub date: String,
    pub day_number: u32,
    /// Bookable times left that day (0 outside the booking window).
    pub free_slots: usize,
    pub label: String,
}

/// One month of the booking calendar, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthView {
    /// "2026-11".
    pub month: String,
    pub label: String,
    /// Empty cells before the 1st.
    pub leading_blanks: u32,
    pub days: Vec<CalendarDay>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// RFC 3339 UTC instant, the slot's identity.
    pub start: String,
    pub time_label: String,
    /// The studio zone's name for the offset at that time, e.g. "CET".
    pub zone: String,
    pub seats_left: u32,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOptionsView {
    pub studio_name: String,
    pub studio_slug: String,
    pub timezone: String,
    pub session_type: SessionTypeView,
    /// The private share link's token, carried along when the type is reached through it.
    pub share: Option<String>,
    pub month: MonthView,
    pub selected_date: Option<String>,
    pub selected_date_label: Option<String>,
    pub slots: Vec<SlotView>,
    pub questions: Vec<QuestionView>,
    /// Names this wording and order of the questions; the booking form sends it back so
    /// answers are never filed under questions the instructor changed meanwhile.
    pub questions_version: String,
}

/// The booking form of a live hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldView {
    /// Seconds until the hold runs out, as of this answer.
    pub seconds_left: i64,
    pub questions: Vec<QuestionView>,
    pub questions_version: String,
    /// (value, label) of each way to pay on offer; empty when nothing is due.
    pub payment_choices: Vec<(String, String)>,
    /// The signed-in student books under their account's email.
    pub signed_in_as: Option<String>,
}

/// A booking as its signed link shows it, in whatever state it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPageView {
    pub link: String,
    /// `held`, `payment_pending`, `confirmed`, `completed`, `no_show`, `cancelled`, `rejected`
    /// or `expired`.
    pub status: String,
    pub status_label: String,
    pub studio_name: String,
    pub studio_slug: String,
    pub session_type_id: i64,
    pub session_type_name: String,
    /// The private share link's token, to pick another time of a private type.
    pub share: Option<String>,
    pub date_label: String,
    /// "09:00–10:00 CET", or "02:30 CEST – 02:00 CET" across a clock change.
    pub time_range: String,
    /// The studio's IANA zone.
    pub timezone: String,
    /// The session's date in the studio's zone, ISO.
    pub studio_date: String,
    /// RFC 3339 UTC instants of the start and the end.
    pub start: String,
    pub end: String,
    /// Where it takes place, as students read it.
    pub place: String,
    pub video_link: Option<String>,
    pub price_label: String,
    pub student_name: Option<String>,
    pub student_email: Option<String>,
    /// (question, answer) in the order asked.
    pub answers: Vec<(String, String)>,
    pub payment_label: Option<String>,
    /// The instructor's message when they cancelled or rejected it.
    pub message: Option<String>,
    /// Present while the booking is a hold being filled in.
    pub hold: Option<HoldView>,
    /// The student may still cancel or reschedule it online.
    pub can_change: bool,
    /// "Saturday 27 March 2027, 02:00 CET": until when changes are possible online.
    pub change_until: Option<String>,
    /// The same instant, RFC 3339, for showing it in the student's own zone.
    pub change_until_at: Option<String>,
    pub calendar_path: String,
    pub google_calendar_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBookingView {
    pub link: String,
    pub studio_name: String,
    pub session_type_name: String,
    pub when: String,
    pub status_label: String,
}

/// How many days ahead the month view looks when a type sets no shorter limit.
#[cfg(feature = "ssr")]
const CALENDAR_MONTHS_AHEAD: u32 = 12;

#[cfg(feature = "ssr")]
async fn public_studio_record(state: &AppState, slug: &str) -> Result<store::Studio, AppError> {
    let not_found = || AppError::NotFound("There is no studio at this address.".to_owned());
    let slug = domain::text::Slug::parse("slug", slug).map_err(|_| not_found())?;
    state
        .store
        .studio_by_slug(&slug)
        .await?
        .ok_or_else(not_found)
}

/// A type's view priced for this viewer: the member price for signed-in members.
#[cfg(feature = "ssr")]
fn priced_view(session_type: &store::SessionType, viewer: &Viewer) -> SessionTypeView {
    SessionTypeView {
        price_label: session_type.spec.price_label_for(viewer.is_member),
        ..convert::session_type_view(session_type)
    }
}

#[server(endpoint = "public_studio")]
pub async fn public_studio(slug: String) -> Result<PublicStudioView, AppError> {
    use crate::booking_engine::{access_of, listed_for};
    use domain::session_type::AccessLevel;
    let state = app_state()?;
    let studio = public_studio_record(&state, &slug).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let types = state.store.session_types(studio.id).await?;
    let offerings = state.store.offerings(studio.id).await?;
    let members_only_hidden = !viewer.is_member
        && offerings.personal_sessions
        && types.iter().any(|session_type| {
            session_type.spec.status.is_bookable()
                && access_of(&offerings, session_type) == AccessLevel::MembersOnly
        });
    Ok(PublicStudioView {
        name: studio.settings.name.to_string(),
        slug: studio.settings.slug.to_string(),
        timezone: studio.settings.timezone.name().to_owned(),
        featured: offerings.show_on_landing,
        session_types: types
            .iter()
            .filter(|session_type| listed_for(&offerings, session_type, &viewer))
            .map(|session_type| priced_view(session_type, &viewer))
            .collect(),
        members_only_hidden,
        signed_in_as: viewer.user.as_ref().map(|user| user.email.to_string()),
        is_member: viewer.is_member,
    })
}

#[cfg(feature = "ssr")]
fn parse_month(raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::field("month", "Pick a month from the calendar.")),
    }
}

#[cfg(feature = "ssr")]
fn parse_date(raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::field("date", "Pick a date from the calendar.")),
    }
}

#[cfg(feature = "ssr")]
fn first_of_month(date: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    date.with_day(1).unwrap_or(date)
}

#[cfg(feature = "ssr")]
fn add_months(month: chrono::NaiveDate, months: i32) -> chrono::NaiveDate {
    let shifted = if months >= 0 {
        month.checked_add_months(chrono::Months::new(months.unsigned_abs()))
    } else {
        month.checked_sub_months(chrono::Months::new(months.unsigned_abs()))
    };
    shifted.unwrap_or(month)
}

/// The month view, the chosen day's slots and the questions of a type, for a booking (when it
/// is being moved, its own seat does not count against it).
#[cfg(feature = "ssr")]
pub(crate) async fn booking_options_for(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    viewer: &Viewer,
    (month, date): (Option<&str>, Option<&str>),
    moving: Option<&store::Booking>,
) -> Result<BookingOptionsView, AppError> {
    use crate::booking_engine::{offering_of, schedule_parts, without_seat_of};
    use chrono::Datelike;
    use domain::availability::{Schedule, days_with_room, slots_on};
    let zone = studio.settings.timezone;
    let now = now();
    let today = zone.local(now).date_naive();
    let horizon = today
        + chrono::Duration::days(
            i64::from(session_type.spec.max_lead.days()).min(i64::from(CALENDAR_MONTHS_AHEAD) * 31),
        );
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
    let shown = match parse_month(month)? {
        Some(month) => month.clamp(first_month, last_month),
        None => selected.map_or(first_month, first_of_month),
    };
    let next_month = add_months(shown, 1);
    let (hours, taken) = schedule_parts(state, studio, (shown, next_month), now).await?;
    let taken = match moving {
        Some(booking) => without_seat_of(taken, booking),
        None => taken,
    };
    let schedule = Schedule::new(&zone, &hours, &taken, &[], now);
    let offering = offering_of(session_type);
    let days_in_month = u32::try_from((next_month - shown).num_days()).unwrap_or(31);
    let days = days_with_room(&schedule, &offering, shown, days_in_month)
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
    let slots = selected
        .map(|date| slots_on(&schedule, &offering, date))
        .unwrap_or_default();
    let questions = convert::questions(&session_type.spec);
    Ok(BookingOptionsView {
        studio_name: studio.settings.name.to_string(),
        studio_slug: studio.settings.slug.to_string(),
        timezone: zone.name().to_owned(),
        session_type: priced_view(session_type, viewer),
        share: None,
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
        questions_version: convert::questions_version(&questions),
        questions,
    })
}

#[server(endpoint = "booking_options")]
pub async fn booking_options(
    slug: String,
    session_type_id: i64,
    #[server(default)] share: Option<String>,
    #[server(default)] month: Option<String>,
    #[server(default)] date: Option<String>,
) -> Result<BookingOptionsView, AppError> {
    let state = app_state()?;
    let studio = public_studio_record(&state, &slug).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let share = share.filter(|share| !share.trim().is_empty());
    let session_type =
        bookable_type(&state, &studio, session_type_id, share.as_deref(), &viewer).await?;
    let options = booking_options_for(
        &state,
        &studio,
        &session_type,
        &viewer,
        (month.as_deref(), date.as_deref()),
        None,
    )
    .await?;
    Ok(BookingOptionsView { share, ..options })
}

#[cfg(feature = "ssr")]
fn rfc3339(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(feature = "ssr")]
fn parse_start(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    chrono::DateTime::parse_from_rfc3339(raw.trim())
        .map(|start| start.with_timezone(&chrono::Utc))
        .map_err(|_| AppError::field("start", "Pick a time from the list."))
}

#[cfg(feature = "ssr")]
fn booking_error(error: store::BookingError) -> AppError {
    use store::BookingError;
    match error {
        BookingError::Refused(refusal) => {
            AppError::Unavailable(crate::booking_engine::refusal_message(refusal))
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

/// Holds the picked time for the student (15 minutes unless configured otherwise) and sends
/// them to the booking's own page, where they fill in their details.
#[server(endpoint = "hold_slot")]
pub async fn hold_slot(
    slug: String,
    session_type_id: i64,
    start: String,
    #[server(default)] share: Option<String>,
) -> Result<String, AppError> {
    use crate::booking_engine::{offering_of, seat_check};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::Booking, None)?;
    let studio = public_studio_record(&state, &slug).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let session_type =
        bookable_type(&state, &studio, session_type_id, share.as_deref(), &viewer).await?;
    let start = parse_start(&start)?;
    let now = now();
    let hours = state.store.opening_hours(studio.id).await?;
    let check = seat_check(&studio, hours, offering_of(&session_type), start, now);
    let hold = store::NewHold {
        studio_id: studio.id,
        session_type_id: session_type.id,
        start,
        end: start + session_type.spec.duration.as_chrono(),
        public_token: crate::state::random_token(),
        created_at: now,
        expires_at: now + state.hold_length,
        user_id: viewer.user.as_ref().map(|user| user.id),
    };
    let held = state
        .store
        .hold(&hold, &check)
        .await
        .map_err(booking_error)?;
    let path = state.booking_path(&held);
    leptos_axum::redirect(&path);
    Ok(path)
}

#[cfg(feature = "ssr")]
fn parse_answers(
    questions: &domain::questions::RegistrationQuestions,
    raw: std::collections::BTreeMap<String, String>,
) -> Result<domain::questions::Answers, domain::FieldErrors> {
    let mut indexed = Vec::with_capacity(raw.len());
    for (key, value) in raw {
        let index = key.parse::<usize>().map_err(|_| {
            domain::FieldError::new(format!("answers[{key}]"), "This question does not exist.")
        })?;
        indexed.push((index, value));
    }
    domain::questions::Answers::parse(questions, &indexed)
}

/// The booking form as sent, checked against the type: booker, answers and payment.
#[cfg(feature = "ssr")]
struct FormInput {
    student_name: String,
    student_email: String,
    answers: std::collections::BTreeMap<String, String>,
    payment_method: String,
    questions_version: String,
}

#[cfg(feature = "ssr")]
async fn parse_details(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    viewer: &Viewer,
    form: FormInput,
) -> Result<
    (
        domain::booking::Booker,
        domain::questions::Answers,
        Option<domain::booking::PaymentChoice>,
    ),
    AppError,
> {
    let version = form.questions_version.trim();
    if !version.is_empty()
        && version != convert::questions_version(&convert::questions(&session_type.spec))
    {
        return Err(AppError::Unavailable(
            "The questions of this session changed while you were booking. Reload the page to \
             see them; nothing was booked."
                .to_owned(),
        ));
    }
    // A signed-in student books under their account's (verified) email address.
    let email = viewer
        .user
        .as_ref()
        .map_or(form.student_email, |user| user.email.to_string());
    let mut errors = domain::FieldErrors::new();
    let booker = errors.take_all(domain::booking::Booker::parse(&form.student_name, &email));
    let answers = errors.take_all(parse_answers(&session_type.spec.questions, form.answers));
    let payment = if session_type
        .spec
        .pricing
        .price_for(viewer.is_member)
        .is_zero()
    {
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
    match (booker, answers, payment) {
        (Some(booker), Some(answers), Some(payment)) => Ok((booker, answers, payment)),
        _ => Err(errors.into()),
    }
}

#[cfg(feature = "ssr")]
fn confirmation_email(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
) {
    let Some(booker) = &booking.booker else {
        return;
    };
    let zone = studio.settings.timezone;
    let link = format!("{}{}", state.public_url, state.booking_path(booking));
    let status = match booking.state {
        domain::lifecycle::BookingState::PaymentPending { .. } => {
            "Your spot is reserved; it is confirmed once the studio receives your payment."
        }
        _ => "You're booked.",
    };
    let mut body = format!(
        "Hello {name},\n\n{status}\n\n{kind} with {studio_name}\n{date}, {range} ({zone})\n",
        name = booker.name,
        kind = session_type.spec.name,
        studio_name = studio.settings.name,
        date = zone.long_date(booking.start),
        range = zone.time_range(booking.start, booking.end),
        zone = zone.name(),
    );
    if let Some(location) = &session_type.spec.location {
        body.push_str(&format!("Location: {location}\n"));
    }
    if let Some(video) = &session_type.spec.video_link {
        body.push_str(&format!("Video call: {}\n", video.as_str()));
    }
    for answer in booking.answers.as_slice() {
        body.push_str(&format!("{}: {}\n", answer.prompt(), answer.value()));
    }
    body.push_str(&format!(
        "\nView, add to your calendar, reschedule or cancel your booking here:\n{link}\n\n\
         Keep this link to yourself: it gives access to your booking.\n"
    ));
    state.send_in_background(crate::mail::OutgoingEmail {
        to: booker.email.clone(),
        subject: format!(
            "Booking: {} on {}",
            session_type.spec.name,
            zone.long_date(booking.start)
        ),
        body,
    });
}

/// Fills in a live hold: the student's details, answers and way to pay.
#[server(endpoint = "complete_booking")]
pub async fn complete_booking(
    link: String,
    student_name: String,
    #[server(default)] student_email: String,
    /// Answers by question index, sent as `answers[0]`, `answers[1]`…
    #[server(default)]
    answers: std::collections::BTreeMap<String, String>,
    #[server(default)] payment_method: String,
    #[server(default)] questions_version: String,
) -> Result<String, AppError> {
    use domain::lifecycle::{BookingEvent, BookingState, IllegalTransition, Moment};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::Booking, None)?;
    let hold = state.booking_of_link(&link).await?;
    let expired = || {
        AppError::Unavailable(
            "Your hold ran out and the time was released for others. Pick a time again.".to_owned(),
        )
    };
    match hold.state {
        BookingState::Held { .. } => {}
        BookingState::Expired { .. } => return Err(expired()),
        // A repeated submit (a double tap, a resent form) of a booking already made leads
        // to its confirmation.
        _ => return Ok(to_booking_page(&state, &hold)),
    }
    let studio = state
        .store
        .studio(hold.studio_id)
        .await?
        .ok_or(AppError::Internal)?;
    let session_type = state
        .store
        .session_type(studio.id, hold.session_type_id)
        .await?
        .ok_or_else(|| AppError::NotFound("This session type no longer exists.".to_owned()))?;
    let viewer = viewer_of(&state, &studio).await?;
    let form = FormInput {
        student_name,
        student_email,
        answers,
        payment_method,
        questions_version,
    };
    let (booker, answers, payment) =
        parse_details(&state, &studio, &session_type, &viewer, form).await?;
    state.limit_account(crate::rate_limit::Limited::Booking, booker.email.as_str())?;
    let now = now();
    let next = hold
        .state
        .apply(
            BookingEvent::DetailsSubmitted {
                payment_deadline: payment.and_then(|choice| choice.payment_deadline(hold.start)),
            },
            Moment {
                now,
                session_start: hold.start,
            },
        )
        .map_err(|error| match error {
            IllegalTransition::HoldExpired => expired(),
            other => AppError::Unavailable(format!("This booking cannot be completed: {other}.")),
        })?;
    let details = store::BookingDetails {
        booker,
        answers,
        payment,
        state: next,
        user_id: viewer.user.as_ref().map(|user| user.id),
    };
    let booking = match state.store.complete_hold(hold.id, &details, now).await {
        Ok(booking) => booking,
        Err(store::BookingError::Changed) => {
            // Another submit of the same form got there first: the booking is made, and this
            // one leads to it too. Only a hold that really ran out is reported as such.
            return match state.store.booking_by_id(hold.id).await? {
                Some(done) if done.booker.is_some() => Ok(to_booking_page(&state, &done)),
                _ => Err(expired()),
            };
        }
        Err(other) => return Err(booking_error(other)),
    };
    confirmation_email(&state, &studio, &session_type, &booking);
    Ok(to_booking_page(&state, &booking))
}

/// Sends the browser to the booking's own page, and answers with its path.
#[cfg(feature = "ssr")]
fn to_booking_page(state: &AppState, booking: &store::Booking) -> String {
    let path = state.booking_path(booking);
    leptos_axum::redirect(&path);
    path
}

/// The optional parts of a one-request booking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingExtras {
    #[serde(default)]
    pub payment_method: String,
    /// The `questions_version` the form was shown with; blank skips the check.
    #[serde(default)]
    pub questions_version: String,
    /// A private type's share token.
    #[serde(default)]
    pub share: Option<String>,
}

/// Books a time in one request, without a hold: for forms and integrations that send
/// everything at once.
#[server(endpoint = "book_session")]
pub async fn book_session(
    slug: String,
    session_type_id: i64,
    start: String,
    student_name: String,
    #[server(default)] student_email: String,
    /// Answers by question index, sent as `answers[0]`, `answers[1]`…
    #[server(default)]
    answers: std::collections::BTreeMap<String, String>,
    #[server(flatten)]
    #[server(default)]
    extras: BookingExtras,
) -> Result<String, AppError> {
    let BookingExtras {
        payment_method,
        questions_version,
        share,
    } = extras;
    use crate::booking_engine::{offering_of, seat_check};
    use domain::lifecycle::BookingState;
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::Booking, None)?;
    let studio = public_studio_record(&state, &slug).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let session_type =
        bookable_type(&state, &studio, session_type_id, share.as_deref(), &viewer).await?;
    let form = FormInput {
        student_name,
        student_email,
        answers,
        payment_method,
        questions_version,
    };
    let (booker, answers, payment) =
        parse_details(&state, &studio, &session_type, &viewer, form).await?;
    state.limit_account(crate::rate_limit::Limited::Booking, booker.email.as_str())?;
    let start = parse_start(&start)?;
    let now = now();
    let hours = state.store.opening_hours(studio.id).await?;
    let check = seat_check(&studio, hours, offering_of(&session_type), start, now);
    let request = store::NewBooking {
        studio_id: studio.id,
        session_type_id: session_type.id,
        start,
        end: start + session_type.spec.duration.as_chrono(),
        public_token: crate::state::random_token(),
        created_at: now,
        details: store::BookingDetails {
            booker,
            answers,
            payment,
            state: match payment.and_then(|choice| choice.payment_deadline(start)) {
                Some(deadline) => BookingState::PaymentPending { deadline },
                None => BookingState::Confirmed,
            },
            user_id: viewer.user.as_ref().map(|user| user.id),
        },
    };
    let booking = state
        .store
        .book(&request, &check)
        .await
        .map_err(booking_error)?;
    confirmation_email(&state, &studio, &session_type, &booking);
    let path = state.booking_path(&booking);
    leptos_axum::redirect(&path);
    Ok(path)
}

/// Whether a booking's member price applies: it was made signed in, under the account's email,
/// and that email is on the member list.
#[cfg(feature = "ssr")]
async fn booked_as_member(state: &AppState, booking: &store::Booking) -> Result<bool, AppError> {
    match (&booking.user_id, &booking.booker) {
        (Some(_), Some(booker)) => Ok(state
            .store
            .is_member(booking.studio_id, &booker.email)
            .await?),
        _ => Ok(false),
    }
}

/// The calendar event of a booking, as the .ics download and the Google link carry it.
#[cfg(feature = "ssr")]
pub fn calendar_event_text(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
) -> (String, String) {
    let link = format!("{}{}", state.public_url, state.booking_path(booking));
    let title = format!("{} with {}", session_type.spec.name, studio.settings.name);
    let mut description = String::new();
    if let Some(video) = &session_type.spec.video_link {
        description.push_str(&format!("Video call: {}\n", video.as_str()));
    }
    description.push_str(&format!("Your booking: {link}"));
    let uid = format!("{}@bookable", booking.public_token);
    let event = domain::calendar::CalendarEvent {
        uid: &uid,
        title: &title,
        start: booking.start,
        end: booking.end,
        location: session_type
            .spec
            .location
            .as_ref()
            .map(|location| location.as_str()),
        description: &description,
        stamp: now(),
        sequence: booking.moves,
    };
    (event.to_ics(), event.google_calendar_url())
}

/// A booking as its signed link shows it.
#[server(endpoint = "booking_page")]
pub async fn booking_page(link: String) -> Result<BookingPageView, AppError> {
    use domain::booking::{BookingStatus, change_deadline, student_may_change};
    use domain::lifecycle::BookingState;
    use domain::session_type::AccessLevel;
    let state = app_state()?;
    let booking = state.booking_of_link(&link).await?;
    let studio = state
        .store
        .studio(booking.studio_id)
        .await?
        .ok_or(AppError::Internal)?;
    let session_type = state
        .store
        .session_type(studio.id, booking.session_type_id)
        .await?
        .ok_or(AppError::Internal)?;
    let zone = studio.settings.timezone;
    let now = now();
    // A hold past its time is shown as expired even before the sweeper records it.
    let status = match booking.state {
        BookingState::Held { expires_at } if expires_at <= now => BookingStatus::Expired,
        other => BookingStatus::of(other),
    };
    let is_member = match &booking.booker {
        Some(_) => booked_as_member(&state, &booking).await?,
        None => viewer_of(&state, &studio).await?.is_member,
    };
    let hold = match (status, booking.state) {
        (BookingStatus::Held, BookingState::Held { expires_at }) => {
            let viewer = viewer_of(&state, &studio).await?;
            let offerings = state.store.offerings(studio.id).await?;
            let questions = convert::questions(&session_type.spec);
            let due = !session_type
                .spec
                .pricing
                .price_for(viewer.is_member)
                .is_zero();
            Some(HoldView {
                // Rounded up, so the page never calls the hold over before the server does.
                seconds_left: ((expires_at - now).num_milliseconds().max(0) + 999) / 1000,
                questions_version: convert::questions_version(&questions),
                questions,
                payment_choices: if due {
                    domain::booking::PaymentChoice::offered(offerings.payments)
                        .into_iter()
                        .map(|choice| (choice.as_str().to_owned(), choice.label().to_owned()))
                        .collect()
                } else {
                    Vec::new()
                },
                signed_in_as: viewer.user.map(|user| user.email.to_string()),
            })
        }
        _ => None,
    };
    let cutoff = session_type.spec.change_cutoff.as_chrono();
    let can_change = student_may_change(booking.state, booking.start, cutoff, now).is_ok();
    let offerings = state.store.offerings(studio.id).await?;
    let share = (crate::booking_engine::access_of(&offerings, &session_type)
        == AccessLevel::Private)
        .then(|| crate::booking_engine::share_token(&state, &session_type));
    let (_, google_calendar_url) = calendar_event_text(&state, &studio, &session_type, &booking);
    let deadline = change_deadline(booking.start, cutoff);
    Ok(BookingPageView {
        link: link.trim().to_owned(),
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        studio_name: studio.settings.name.to_string(),
        studio_slug: studio.settings.slug.to_string(),
        session_type_id: session_type.id,
        session_type_name: session_type.spec.name.to_string(),
        share,
        date_label: zone.long_date(booking.start),
        time_range: zone.time_range(booking.start, booking.end),
        timezone: zone.name().to_owned(),
        studio_date: domain::dates::iso_date(zone.local(booking.start).date_naive()),
        start: rfc3339(booking.start),
        end: rfc3339(booking.end),
        place: convert::session_type_view(&session_type).place_label(),
        video_link: session_type
            .spec
            .video_link
            .as_ref()
            .map(|link| link.as_str().to_owned()),
        price_label: session_type.spec.price_label_for(is_member),
        student_name: booking
            .booker
            .as_ref()
            .map(|booker| booker.name.to_string()),
        student_email: booking
            .booker
            .as_ref()
            .map(|booker| booker.email.to_string()),
        answers: convert::answer_pairs(&booking.answers),
        payment_label: booking.payment.map(|choice| choice.label().to_owned()),
        message: booking.message.clone(),
        hold,
        can_change,
        change_until: can_change.then(|| zone.moment(deadline).date_time_with_zone()),
        change_until_at: can_change.then(|| rfc3339(deadline)),
        calendar_path: format!("/booking/{}/calendar.ics", link.trim()),
        google_calendar_url,
    })
}

/// Checks that the student may still change the booking themselves.
#[cfg(feature = "ssr")]
async fn changeable_booking(
    state: &AppState,
    link: &str,
) -> Result<(store::Booking, store::Studio, store::SessionType), AppError> {
    let booking = state.booking_of_link(link).await?;
    let studio = state
        .store
        .studio(booking.studio_id)
        .await?
        .ok_or(AppError::Internal)?;
    let session_type = state
        .store
        .session_type(studio.id, booking.session_type_id)
        .await?
        .ok_or(AppError::Internal)?;
    domain::booking::student_may_change(
        booking.state,
        booking.start,
        session_type.spec.change_cutoff.as_chrono(),
        now(),
    )
    .map_err(|error| AppError::Unavailable(capitalized_sentence(&error.to_string())))?;
    Ok((booking, studio, session_type))
}

#[cfg(feature = "ssr")]
fn capitalized_sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut sentence: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

#[cfg(feature = "ssr")]
fn notify_student(state: &AppState, booking: &store::Booking, subject: String, body: String) {
    if let Some(booker) = &booking.booker {
        state.send_in_background(crate::mail::OutgoingEmail {
            to: booker.email.clone(),
            subject,
            body,
        });
    }
}

/// The student cancels their own booking, before the type's cut-off.
#[server(endpoint = "cancel_my_booking")]
pub async fn cancel_my_booking(link: String) -> Result<(), AppError> {
    use domain::lifecycle::{BookingEvent, Moment, Party};
    let state = app_state()?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    let now = now();
    let cancelled = booking
        .state
        .apply(
            BookingEvent::Cancel { by: Party::Student },
            Moment {
                now,
                session_start: booking.start,
            },
        )
        .map_err(|error| AppError::Unavailable(capitalized_sentence(&error.to_string())))?;
    if !state
        .store
        .change_state(booking.id, booking.state, cancelled, None)
        .await?
    {
        return Err(booking_error(store::BookingError::Changed));
    }
    let zone = studio.settings.timezone;
    notify_student(
        &state,
        &booking,
        format!("Cancelled: {}", session_type.spec.name),
        format!(
            "Your booking of {} on {}, {} ({}), is cancelled.\n",
            session_type.spec.name,
            zone.long_date(booking.start),
            zone.time_range(booking.start, booking.end),
            zone.name()
        ),
    );
    Ok(())
}

/// Times the booking could move to: the same calendar, without its own seat.
#[server(endpoint = "reschedule_options")]
pub async fn reschedule_options(
    link: String,
    #[server(default)] month: Option<String>,
    #[server(default)] date: Option<String>,
) -> Result<BookingOptionsView, AppError> {
    let state = app_state()?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    let viewer = viewer_of(&state, &studio).await?;
    booking_options_for(
        &state,
        &studio,
        &session_type,
        &viewer,
        (month.as_deref(), date.as_deref()),
        Some(&booking),
    )
    .await
}

/// Moves a booking to another free time of its type, under the same rules as booking it.
#[cfg(feature = "ssr")]
pub(crate) async fn move_to(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
    start: &str,
) -> Result<store::Booking, AppError> {
    use crate::booking_engine::{offering_of, seat_check};
    use domain::lifecycle::BookingState;
    let start = parse_start(start)?;
    let now = now();
    let hours = state.store.opening_hours(studio.id).await?;
    let check = seat_check(studio, hours, offering_of(session_type), start, now);
    let end = start + session_type.spec.duration.as_chrono();
    // A pending payment stays due by the new start.
    let state_after = match booking.state {
        BookingState::PaymentPending { .. } => BookingState::PaymentPending {
            deadline: booking
                .payment
                .and_then(|choice| choice.payment_deadline(start))
                .unwrap_or(start),
        },
        other => other,
    };
    let moved = state
        .store
        .move_booking(
            booking.id,
            booking.start,
            (start, end),
            state_after,
            now,
            &check,
        )
        .await
        .map_err(booking_error)?;
    let zone = studio.settings.timezone;
    notify_student(
        state,
        &moved,
        format!("Moved: {}", session_type.spec.name),
        format!(
            "Your booking of {} now takes place on {}, {} ({}).\n\nYour booking: {}{}\n",
            session_type.spec.name,
            zone.long_date(moved.start),
            zone.time_range(moved.start, moved.end),
            zone.name(),
            state.public_url,
            state.booking_path(&moved)
        ),
    );
    Ok(moved)
}

#[server(endpoint = "reschedule_my_booking")]
pub async fn reschedule_my_booking(link: String, start: String) -> Result<(), AppError> {
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::Booking, None)?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    move_to(&state, &studio, &session_type, &booking, &start).await?;
    leptos_axum::redirect(&format!("/booking/{}", link.trim()));
    Ok(())
}

/// How long an emailed sign-in link works.
#[cfg(feature = "ssr")]
const SIGN_IN_LINK_MINUTES: i64 = 30;

/// Only paths on this site may be returned to after signing in.
#[cfg(feature = "ssr")]
fn local_path(next: &str) -> String {
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

/// Emails a one-time sign-in link: students prove their address instead of keeping a password.
/// The answer is the same whatever the address, so it tells nobody who has an account.
#[server(endpoint = "request_sign_in_link")]
pub async fn request_sign_in_link(
    email: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::state::{random_token, token_hash};
    let state = app_state()?;
    let email = domain::text::Email::parse("email", &email)?;
    state.limit(crate::rate_limit::Limited::EmailLink, Some(email.as_str()))?;
    let token = random_token();
    state
        .store
        .create_sign_in_link(
            &email,
            &token_hash(&token),
            now() + chrono::Duration::minutes(SIGN_IN_LINK_MINUTES),
        )
        .await?;
    let link = format!(
        "{}/signin/link?token={token}&next={}",
        state.public_url,
        domain::calendar::percent_encoded(&local_path(&next))
    );
    state.send_in_background(crate::mail::OutgoingEmail {
        to: email,
        subject: "Your sign-in link".to_owned(),
        body: format!(
            "Open this link to sign in; it works once, for {SIGN_IN_LINK_MINUTES} minutes:\n{link}\n\n\
             If you did not ask for it, ignore this email.\n"
        ),
    });
    Ok(())
}

/// Uses an emailed sign-in link: signs the student in (creating their account the first time).
#[server(endpoint = "sign_in_with_link")]
pub async fn sign_in_with_link(
    token: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::state::{start_session, token_hash};
    let state = app_state()?;
    state.limit(crate::rate_limit::Limited::SignIn, None)?;
    let email = state
        .store
        .use_sign_in_link(&token_hash(token.trim()), now())
        .await?
        .ok_or_else(|| {
            AppError::NotFound(
                "This sign-in link has expired or was already used. Ask for a new one.".to_owned(),
            )
        })?;
    let user = match state.store.user_by_email(&email).await? {
        Some(user) => user,
        // No password yet: "!" is no valid hash, so only links (or a reset) sign this account in.
        None => state.store.create_user(&email, "!", now()).await?,
    };
    start_session(&state, user.id).await?;
    leptos_axum::redirect(&local_path(&next));
    Ok(())
}

/// The signed-in student's bookings in every studio, soonest first.
#[server(endpoint = "my_bookings")]
pub async fn my_bookings() -> Result<Vec<MyBookingView>, AppError> {
    let state = app_state()?;
    let user = crate::state::require_user(&state).await?;
    let bookings = state.store.bookings_of_user(user.id).await?;
    let mut views = Vec::with_capacity(bookings.len());
    for summary in bookings {
        let booking = &summary.booking;
        let Some(studio) = state.store.studio(booking.studio_id).await? else {
            continue;
        };
        let zone = studio.settings.timezone;
        views.push(MyBookingView {
            link: state.booking_path(booking),
            studio_name: summary.studio_name.clone(),
            session_type_name: summary.session_type_name.clone(),
            when: format!(
                "{}, {} ({})",
                zone.long_date(booking.start),
                zone.time_range(booking.start, booking.end),
                zone.name()
            ),
            status_label: booking.status().label().to_owned(),
        });
    }
    Ok(views)
}
