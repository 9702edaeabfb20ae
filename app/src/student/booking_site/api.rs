//! The studio's page and a type's booking calendar: server functions and their wire types.

#[cfg(feature = "ssr")]
use super::server::{PublicSeat, public_seat, public_studio_record};
#[cfg(feature = "ssr")]
use crate::server::booking_ops::{
    FormInput, bookable_type, booking_error, booking_options_for, parse_details, priced_view,
    viewer_of,
};
#[cfg(feature = "ssr")]
use crate::server::jobs::follow_ups_in;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::views::{BookingOptionsView, SessionTypeView};
#[cfg(feature = "ssr")]
use domain::jobs::BookingChange;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

#[server(endpoint = "public_studio")]
pub async fn public_studio(slug: String) -> Result<PublicStudioView, AppError> {
    let state = app_state()?;
    let studio = public_studio_record(&state, &slug).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let types = state.store.session_types(studio.id).await?;
    let offerings = state.store.offerings(studio.id).await?;
    let specs: Vec<_> = types
        .iter()
        .map(|session_type| &session_type.spec)
        .collect();
    let members_only_hidden = offerings.hides_members_only_from(&specs, viewer.is_member);
    Ok(PublicStudioView {
        name: studio.settings.name.to_string(),
        slug: studio.settings.slug.to_string(),
        timezone: studio.settings.timezone.name().to_owned(),
        featured: offerings.show_on_landing,
        session_types: types
            .iter()
            .filter(|session_type| offerings.lists_for(&session_type.spec, viewer.is_member))
            .map(|session_type| priced_view(session_type, &viewer))
            .collect(),
        members_only_hidden,
        signed_in_as: viewer.user.as_ref().map(|user| user.email.to_string()),
        is_member: viewer.is_member,
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
    use crate::student::minis::server::{MiniAccess, mini_access, reserved_token};
    let state = app_state()?;
    let share = share.filter(|share| !share.trim().is_empty());
    let (studio, viewer, session_type, pass) = if reserved_token(share.as_deref()).is_some() {
        let MiniAccess {
            studio,
            viewer,
            mini,
            pass,
            ..
        } = mini_access(&state, &slug, session_type_id, share.clone()).await?;
        (studio, viewer, mini, pass)
    } else {
        let studio = public_studio_record(&state, &slug).await?;
        let viewer = viewer_of(&state, &studio).await?;
        let session_type =
            bookable_type(&state, &studio, session_type_id, share.as_deref(), &viewer).await?;
        (studio, viewer, session_type, None)
    };
    let options = booking_options_for(
        &state,
        &studio,
        &session_type,
        &viewer,
        (month.as_deref(), date.as_deref()),
        None,
        pass,
    )
    .await?;
    Ok(BookingOptionsView { share, ..options })
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
    if crate::student::minis::server::reserved_token(share.as_deref()).is_some() {
        return crate::student::minis::api::hold_spot(slug, session_type_id, start, share).await;
    }
    let state = app_state()?;
    let PublicSeat {
        studio,
        viewer,
        session_type,
        seat,
    } = public_seat(&state, &slug, session_type_id, share.as_deref(), &start).await?;
    let held = crate::server::booking_ops::hold_seat(&state, &studio, &session_type, &viewer, seat)
        .await?;
    let path = state.booking_path(&held);
    leptos_axum::redirect(&path);
    Ok(path)
}

/// The optional parts of a one-request booking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingExtras {
    /// The full name typed to sign the type's contract.
    #[serde(default)]
    pub contract_name: String,
    /// The contract's "I agree" box: any value when ticked.
    #[serde(default)]
    pub contract_agreed: String,

    #[serde(default)]
    pub payment_method: String,
    /// The name of the package picked, when the type offers packages.
    #[serde(default)]
    pub package: String,
    /// The `questions_version` the form was shown with; blank skips the check.
    #[serde(default)]
    pub questions_version: String,
    /// A private type's share token.
    #[serde(default)]
    pub share: Option<String>,
    /// The student's own IANA time zone, for their emails; an unknown one is left out.
    #[serde(default)]
    pub student_zone: String,
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
        package,
        questions_version,
        share,
        student_zone,
        contract_name,
        contract_agreed,
    } = extras;
    use domain::lifecycle::BookingState;
    let state = app_state()?;
    let PublicSeat {
        studio,
        viewer,
        session_type,
        seat,
    } = public_seat(&state, &slug, session_type_id, share.as_deref(), &start).await?;
    let form = FormInput {
        student_name,
        student_email,
        answers,
        package,
        payment_method,
        questions_version,
        contract_name,
        contract_agreed,
    };
    // A one-request booking is never made through a reserved spot's link.
    let form = parse_details(&state, &studio, &session_type, &viewer, form, None).await?;
    let price = form.price(&session_type, viewer.is_member);
    let payment = form.payment;
    let signature = form.signature.as_ref().map(|(contract, signature)| {
        crate::server::contracts::ContractFacts {
            studio: &studio,
            session_type: &session_type,
            start: seat.start,
            end: seat.end,
        }
        .signed(contract, signature, form.booker.name.as_str(), seat.now)
    });
    let request = store::NewBooking {
        studio_id: studio.id,
        session_type_id: session_type.id,
        start: seat.start,
        end: seat.end,
        public_token: crate::server::tokens::random_token(),
        created_at: seat.now,
        details: store::BookingDetails {
            booker: form.booker,
            answers: form.answers,
            payment,
            state: BookingState::first(payment.and_then(|choice| {
                choice.payment_deadline(seat.now, seat.start, session_type.spec.payment_window)
            })),
            user_id: viewer.booking_account().map(|user| user.id),
            student_zone: crate::server::booking_ops::student_zone_of(&student_zone),
            price: Some(price),
            package: form.package.map(|package| package.name),
            signature,
        },
    };
    let booking = state
        .store
        .book(
            &request,
            &seat.check,
            &follow_ups_in(&state, studio.id, BookingChange::Booked).await?,
        )
        .await
        .map_err(booking_error)?;
    let path = state.booking_path(&booking);
    leptos_axum::redirect(&path);
    Ok(path)
}
