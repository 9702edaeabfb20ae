//! Server-side parts of the email editor: the wording in force and the sample booking a
//! preview is written for.

use super::api::PreviewView;
use crate::server::notices::{self, BookingFacts};
use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::jobs::{JobKind, JobPayload, Recipient};
use domain::lifecycle::BookingState;
use domain::templates::MessageTemplate;

/// The type's wording of `kind`, or the standard one; and whether it is the type's own.
pub(super) fn template_of(
    worded: &[(JobKind, MessageTemplate)],
    kind: JobKind,
) -> (MessageTemplate, bool) {
    match worded.iter().find(|(each, _)| *each == kind) {
        Some((_, template)) => (template.clone(), true),
        None => (
            notices::standard_template(kind)
                .unwrap_or_else(|| unreachable!("every customizable kind has a standard wording")),
            false,
        ),
    }
}

/// The email `template` writes for a sample booking of the type a week from now (a payment
/// reminder's still waiting for payment).
pub(super) async fn preview(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    kind: JobKind,
    template: MessageTemplate,
) -> Result<PreviewView, AppError> {
    let now = state.now();
    let start = studio.settings.timezone.start_of_day(
        (studio.settings.timezone.local(now) + chrono::Duration::days(7)).date_naive(),
    ) + chrono::Duration::hours(10);
    let sample_booker = domain::booking::Booker::parse("Ada Lovelace", "ada@example.com")
        .map_err(|_| AppError::Internal)?;
    let booking = store::Booking {
        id: 0,
        studio_id: studio.id,
        session_type_id: session_type.id,
        start,
        end: start + session_type.spec.duration.as_chrono(),
        booker: Some(sample_booker),
        state: match kind {
            JobKind::PaymentNudge => BookingState::PaymentPending { deadline: start },
            _ => BookingState::Confirmed,
        },
        public_token: "sample".to_owned(),
        created_at: now,
        answers: Default::default(),
        payment: None,
        user_id: None,
        message: None,
        moves: 0,
        student_zone: None,
        price: None,
        package: None,
        preview: false,
    };
    let settings = state.store.message_settings(studio.id).await?;
    let instructor_email = crate::server::jobs::instructor_contact(state, studio, &settings)
        .await?
        .ok_or(AppError::Internal)?;
    let facts = BookingFacts {
        studio,
        session_type,
        booking: &booking,
        instructor_email: &instructor_email,
        manage_link: format!("{}/booking/sample", state.public_url),
        dashboard_link: format!("{}/dashboard/bookings", state.public_url),
        price_label: session_type.spec.price_label_for(false),
        now,
        template: Some(template),
        zone: studio.settings.timezone,
        refund: None,
        receipt: None,
    };
    let payload = JobPayload {
        to: Recipient::Student,
        version: 0,
        previous_start: None,
        step: None,
        refund: None,
        invoice: None,
    };
    let email = notices::booking_message(kind, &payload, &facts).ok_or(AppError::Internal)?;
    Ok(PreviewView {
        subject: email.subject,
        text: email.body,
    })
}
