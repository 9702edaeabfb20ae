//! Every email text and the calendar event of a booking, rendered from data.

use crate::server::mail::OutgoingEmail;
use crate::server::state::{AppState, now};
use domain::text::Email;

/// A booking's session as every email names it.
pub struct SessionFacts {
    pub type_name: String,
    pub studio_name: String,
    /// "Tuesday 1 December 2026, 09:00–10:00 CET (Europe/Berlin)".
    pub when: String,
}

impl SessionFacts {
    pub fn of(studio: &store::Studio, type_name: &str, booking: &store::Booking) -> Self {
        let zone = studio.settings.timezone;
        Self {
            type_name: type_name.to_owned(),
            studio_name: studio.settings.name.to_string(),
            when: format!(
                "{}, {} ({})",
                zone.long_date(booking.start),
                zone.time_range(booking.start, booking.end),
                zone.name()
            ),
        }
    }
}

/// What the instructor decided about a booking, as the student is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Cancelled,
    Declined,
    PaymentConfirmed,
}

pub fn password_reset(to: Email, link: &str, hours: i64) -> OutgoingEmail {
    OutgoingEmail {
        to,
        subject: "Reset your Bookable password".to_owned(),
        body: format!(
            "Someone (hopefully you) asked to reset the password of your Bookable account.\n\n\
             Choose a new password here; the link works once, for {hours} hour:\n{link}\n\n\
             If you did not ask for this, ignore this email: your password stays as it is.\n"
        ),
    }
}

pub fn sign_in_link(to: Email, link: &str, minutes: i64) -> OutgoingEmail {
    OutgoingEmail {
        to,
        subject: "Your sign-in link".to_owned(),
        body: format!(
            "Open this link to sign in; it works once, for {minutes} minutes:\n{link}\n\n\
             If you did not ask for it, ignore this email.\n"
        ),
    }
}

/// The student's confirmation of a booking just made; `None` for a hold without a booker.
pub fn booking_confirmation(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
) -> Option<OutgoingEmail> {
    let booker = booking.booker.as_ref()?;
    let facts = SessionFacts::of(studio, session_type.spec.name.as_str(), booking);
    let link = format!("{}{}", state.public_url, state.booking_path(booking));
    let status = match booking.state {
        domain::lifecycle::BookingState::PaymentPending { .. } => {
            "Your spot is reserved; it is confirmed once the studio receives your payment."
        }
        _ => "You're booked.",
    };
    let mut body = format!(
        "Hello {name},\n\n{status}\n\n{kind} with {studio_name}\n{when}\n",
        name = booker.name,
        kind = facts.type_name,
        studio_name = facts.studio_name,
        when = facts.when,
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
    Some(OutgoingEmail {
        to: booker.email.clone(),
        subject: format!(
            "Booking: {} on {}",
            facts.type_name,
            studio.settings.timezone.long_date(booking.start)
        ),
        body,
    })
}

/// The student cancelled their own booking.
pub fn cancelled_by_student(to: Email, facts: &SessionFacts) -> OutgoingEmail {
    OutgoingEmail {
        to,
        subject: format!("Cancelled: {}", facts.type_name),
        body: format!(
            "Your booking of {} on {}, is cancelled.\n",
            facts.type_name, facts.when
        ),
    }
}

/// The booking moved to another time; `link` is the booking's own page.
pub fn moved(to: Email, facts: &SessionFacts, link: &str) -> OutgoingEmail {
    OutgoingEmail {
        to,
        subject: format!("Moved: {}", facts.type_name),
        body: format!(
            "Your booking of {} now takes place on {}.\n\nYour booking: {link}\n",
            facts.type_name, facts.when
        ),
    }
}

/// The instructor cancelled, declined or confirmed the payment of a booking, with their words.
pub fn instructor_decision(
    to: Email,
    student_name: &str,
    facts: &SessionFacts,
    decision: Decision,
    message: Option<&str>,
) -> OutgoingEmail {
    let (what, subject) = match decision {
        Decision::Cancelled => ("cancelled", "Cancelled"),
        Decision::Declined => ("declined", "Declined"),
        Decision::PaymentConfirmed => ("confirmed: your payment arrived", "Confirmed"),
    };
    let mut body = format!(
        "Hello {student_name},\n\n{} has {what} your booking of {} on {}.\n",
        facts.studio_name, facts.type_name, facts.when
    );
    if let Some(text) = message {
        body.push_str(&format!("\nMessage from {}:\n{text}\n", facts.studio_name));
    }
    OutgoingEmail {
        to,
        subject: format!("{subject}: {}", facts.type_name),
        body,
    }
}

/// The calendar event of a booking, as the .ics download and the Google link carry it.
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
