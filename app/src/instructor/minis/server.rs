//! Server-side helpers of mini sessions: a studio's own mini, its overview, and the rule that
//! a date keeps the spots its bookings sit at.

use super::api::{
    MiniDateForm, MiniDateView, MiniOverviewView, MiniRosterView, ReservationView, RosterBooking,
    RosterRow, SpotView,
};
use crate::server::state::AppState;
use crate::shared::error::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::availability::TakenSeats;
use domain::lifecycle::BookingState;
use domain::mini_session::{MiniSession, MiniSessionDay, SpotStatus, spots};
use domain::session_type::{AccessLevel, SessionStatus, SessionTypeInput, SessionTypeSpec};

/// A new mini session: a draft, reachable only by its link once shared, with no dates yet.
pub(crate) fn new_mini_spec(
    name: &str,
    currency: domain::money::Currency,
) -> Result<SessionTypeSpec, AppError> {
    let mut spec = SessionTypeSpec::parse(
        &SessionTypeInput {
            name: name.to_owned(),
            // A mini's spots set their own lengths; the type's duration is never used.
            duration_minutes: "30".to_owned(),
            capacity: "1".to_owned(),
            price: "0".to_owned(),
            status: SessionStatus::Draft.as_str().to_owned(),
            access_level: AccessLevel::Private.as_str().to_owned(),
            ..SessionTypeInput::default()
        },
        currency,
    )?;
    spec.mini = Some(MiniSession::default());
    Ok(spec)
}

/// A mini session of this studio; a personal type or another studio's answers as missing.
pub(crate) async fn owned_mini(
    state: &AppState,
    studio: &store::Studio,
    id: i64,
) -> Result<store::SessionType, AppError> {
    state
        .store
        .session_type(studio.id, id)
        .await?
        .filter(|session_type| session_type.spec.mini.is_some())
        .ok_or_else(|| AppError::NotFound("This mini session does not exist.".to_owned()))
}

/// The seats kept at `now` on one date of a mini, by start: (kept in all, booked).
async fn seats_on(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, u32, u32)>, AppError> {
    let (taken, booked) = seats_between(state, studio, mini, (date, date), now).await?;
    Ok(taken
        .iter()
        .map(|seats| {
            let booked_here = booked.iter().filter(|start| **start == seats.start).count();
            (
                seats.start,
                seats.seats,
                u32::try_from(booked_here).unwrap_or(u32::MAX),
            )
        })
        .collect())
}

/// The seats this mini keeps between two local dates, and the starts of its filled-in
/// bookings that keep a seat at `now` (holds are the difference).
async fn seats_between(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    (first, last): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<(Vec<TakenSeats>, Vec<DateTime<Utc>>), AppError> {
    let (taken, (from, to)) =
        crate::server::booking_ops::seats_of_mini(state, studio, mini, (first, last), now).await?;
    let booked = booked_between(state, studio, mini, (from, to), now)
        .await?
        .into_iter()
        .map(|summary| summary.booking.start)
        .collect();
    Ok((taken, booked))
}

/// The mini's filled-in bookings starting between two instants that keep a seat at `now`.
async fn booked_between(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<Vec<store::BookingSummary>, AppError> {
    Ok(state
        .store
        .bookings(
            studio.id,
            &store::BookingQuery {
                session_type_id: Some(mini.id),
                from: Some(from),
                to: Some(to),
                ..store::BookingQuery::default()
            },
        )
        .await?
        .into_iter()
        .filter(|summary| match summary.booking.state {
            BookingState::Confirmed | BookingState::Completed | BookingState::NoShow => true,
            BookingState::PaymentPending { deadline } => deadline > now,
            _ => false,
        })
        .collect())
}

/// Refuses to drop (`changed` = `None`) or re-lay a date when a booking or a hold sits at a
/// time the new layout no longer has a spot at, or has fewer seats at than are kept there.
pub(crate) async fn date_keeps_its_booked_spots(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    date: NaiveDate,
    changed: Option<&MiniSessionDay>,
) -> Result<(), AppError> {
    let kept = seats_on(state, studio, mini, date, state.now()).await?;
    if kept.is_empty() {
        return Ok(());
    }
    let Some(day) = changed else {
        return Err(AppError::Unavailable(
            "This date has bookings: cancel them or move them to another date first.".to_owned(),
        ));
    };
    let layout = spots(day, &studio.settings.timezone)?;
    let lost = kept.iter().any(|(start, seats, _)| {
        !layout
            .iter()
            .any(|spot| spot.start == *start && spot.seats >= *seats)
    });
    if lost || day.date != date {
        return Err(AppError::Unavailable(
            "This date has bookings at its spots: keep the booked spots' times (add spots or \
             change the free ones), or move those clients first."
                .to_owned(),
        ));
    }
    Ok(())
}

pub(crate) async fn overview_of(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
) -> Result<MiniOverviewView, AppError> {
    let zone = studio.settings.timezone;
    let now = state.now();
    let session = mini.spec.mini.clone().unwrap_or_default();
    let reservations = state.store.reservations(studio.id, mini.id, now).await?;
    let (taken, booked) = match (session.days.first(), session.days.last()) {
        (Some(first), Some(last)) => {
            seats_between(state, studio, mini, (first.date, last.date), now).await?
        }
        _ => (Vec::new(), Vec::new()),
    };
    let share_path = crate::server::booking_ops::share_path(state, studio, mini);
    let dates = session
        .days
        .iter()
        .map(|day| {
            let laid_out = spots(day, &zone).unwrap_or_default();
            MiniDateView {
                date: day.date.format("%Y-%m-%d").to_string(),
                heading: day.date.format("%A %-d %B %Y").to_string(),
                location: day
                    .location
                    .as_ref()
                    .map(|location| location.as_str().to_owned()),
                form: MiniDateForm::of(day.input()),
                spots: laid_out
                    .iter()
                    .map(|spot| {
                        let kept: u32 = taken
                            .iter()
                            .filter(|seats| seats.start == spot.start)
                            .map(|seats| seats.seats)
                            .sum();
                        let booked_here = u32::try_from(
                            booked.iter().filter(|start| **start == spot.start).count(),
                        )
                        .unwrap_or(u32::MAX);
                        let reservation = reservations.iter().find(|kept| {
                            kept.reservation.place.date == day.date
                                && kept.reservation.place.number == spot.number
                        });
                        let unused_reservations =
                            u32::from(reservation.is_some_and(|kept| kept.used_by.is_none()));
                        SpotView {
                            number: spot.number,
                            time: zone.time_range(spot.start, spot.end),
                            seats: spot.seats,
                            booked: booked_here,
                            status: SpotStatus::of(
                                spot.seats,
                                booked_here,
                                kept.saturating_sub(booked_here),
                                unused_reservations,
                            ),
                            reservation: reservation.map(|kept| ReservationView {
                                id: kept.id,
                                note: kept.reservation.note.clone(),
                                discount: kept
                                    .reservation
                                    .discount
                                    .map(|discount| discount.label()),
                                discount_field: kept
                                    .reservation
                                    .discount
                                    .map(|discount| discount.field_text())
                                    .unwrap_or_default(),
                                pay_outside: kept.reservation.pay_outside,
                                link: format!(
                                    "{}/s/{}/{}?share={}{}",
                                    state.public_url,
                                    studio.settings.slug,
                                    mini.id,
                                    crate::student::minis::server::RESERVED_SPOT_SHARE,
                                    kept.token
                                ),
                                used: kept.used_by.is_some(),
                            }),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let shared = mini.spec.status == SessionStatus::Active;
    let published = shared && mini.spec.access_override == Some(AccessLevel::Public);
    Ok(MiniOverviewView {
        id: mini.id,
        title: mini.spec.name.as_str().to_owned(),
        status: if published {
            "Published"
        } else if shared {
            "Shared"
        } else {
            "Draft"
        }
        .to_owned(),
        shared,
        published,
        client_view_url: share_path.clone(),
        share_url: format!("{}{share_path}", state.public_url),
        bio_link_url: format!(
            "{}{}",
            state.public_url,
            crate::student::booking_site::bio_link::bio_link_path(studio.settings.slug.as_str())
        ),
        zone: domain::zone::ZoneTransitions::capture(
            zone.name(),
            &zone,
            now - Duration::days(2),
            now + Duration::days(2 * 366),
        ),
        dates,
    })
}

/// The roster of one of the mini's dates: each spot in order, with the bookings sitting there
/// (several at a same-start date) and a row for its free seats.
pub(crate) async fn roster_of(
    state: &AppState,
    studio: &store::Studio,
    mini: &store::SessionType,
    date: NaiveDate,
) -> Result<MiniRosterView, AppError> {
    let zone = studio.settings.timezone;
    let now = state.now();
    let no_such_date = || AppError::NotFound("This mini session has no such date.".to_owned());
    let day = mini
        .spec
        .mini
        .as_ref()
        .and_then(|session| session.days.iter().find(|day| day.date == date))
        .ok_or_else(no_such_date)?;
    let overview = overview_of(state, studio, mini).await?;
    let iso = date.format("%Y-%m-%d").to_string();
    let shown = overview
        .dates
        .into_iter()
        .find(|shown| shown.date == iso)
        .ok_or_else(no_such_date)?;
    let summaries = booked_between(
        state,
        studio,
        mini,
        (
            zone.start_of_day(date),
            zone.start_of_day(date + Duration::days(1)),
        ),
        now,
    )
    .await?;
    let items = crate::instructor::bookings::server::list_items(state, studio, &summaries).await?;
    let asks_contract = mini.spec.forms.contract.is_some();
    let asks_questions = mini.spec.forms.questionnaire.is_some() || !mini.spec.questions.is_empty();
    let mut booked = Vec::new();
    for (summary, item) in summaries.iter().zip(items) {
        let signed = state
            .store
            .signed_contract(summary.booking.id)
            .await?
            .is_some();
        let owed = crate::server::money::BookingMoney::of(
            state,
            &summary.booking,
            studio.settings.currency,
        )
        .await?
        .balance(&summary.booking);
        // A retainer's label already says what is due at the session.
        let payment = item.payment_label.map(|label| match owed {
            Some(owed) if label.contains(&owed.to_string()) => label,
            Some(owed) if !owed.is_zero() => format!("{label} · {owed} owed"),
            Some(_) => format!("{label} · paid"),
            None => label,
        });
        booked.push((
            summary.booking.start,
            item.status.label().to_owned(),
            RosterBooking {
                id: item.id,
                client: item.student_name,
                email: item.student_email,
                package: summary.booking.package.as_ref().map(ToString::to_string),
                payment,
                contract: match (signed, asks_contract) {
                    (true, _) => "Signed",
                    (false, true) => "Not signed",
                    (false, false) => "None asked",
                }
                .to_owned(),
                questionnaire: match (!summary.booking.answers.is_empty(), asks_questions) {
                    (true, _) => "Answered",
                    (false, true) => "Not answered",
                    (false, false) => "None asked",
                }
                .to_owned(),
            },
        ));
    }
    let mut rows = Vec::new();
    for (spot, view) in spots(day, &zone)?.iter().zip(&shown.spots) {
        let here: Vec<_> = booked
            .iter()
            .filter(|(start, ..)| *start == spot.start)
            .collect();
        for (_, status, booking) in &here {
            rows.push(RosterRow {
                spot: spot.number,
                time: view.time.clone(),
                status: status.clone(),
                booking: Some(booking.clone()),
            });
        }
        if u32::try_from(here.len()).unwrap_or(u32::MAX) < spot.seats {
            rows.push(RosterRow {
                spot: spot.number,
                time: view.time.clone(),
                status: view.status.label().to_owned(),
                booking: None,
            });
        }
    }
    Ok(MiniRosterView {
        mini_id: mini.id,
        title: mini.spec.name.to_string(),
        heading: shown.heading,
        location: shown.location,
        rows,
    })
}
