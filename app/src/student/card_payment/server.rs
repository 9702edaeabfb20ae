//! What a booking's card payment charges, and whether its page offers one.

use super::api::CardPaymentView;
use crate::server::booking_ops::studio_and_type_of;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use crate::student::booking::server::booked_as_member;

/// The booking's price for its student (the member price when booked as a member).
pub(crate) async fn amount_due(
    state: &AppState,
    booking: &store::Booking,
) -> Result<domain::money::Money, AppError> {
    let (_, session_type) = studio_and_type_of(state, booking).await?;
    let is_member = booked_as_member(state, booking).await?;
    Ok(session_type.spec.pricing.price_for(is_member))
}

/// The card section of a booking waiting for its card payment, while it may still be paid
/// and the studio's Stripe account is connected.
pub(crate) async fn card_payment_view(
    state: &AppState,
    booking: &store::Booking,
) -> Result<Option<CardPaymentView>, AppError> {
    if domain::card_payments::may_pay_by_card(booking.payment, booking.state, state.now()).is_err()
    {
        return Ok(None);
    }
    let Some(account) = state.store.stripe_account(booking.studio_id).await? else {
        return Ok(None);
    };
    Ok(Some(CardPaymentView {
        publishable_key: account.publishable_key.as_str().to_owned(),
        js_url: state.stripe.js_url().to_owned(),
        amount_label: amount_due(state, booking).await?.to_string(),
    }))
}

/// The booking as it stands once a card payment Stripe already took is counted: a student
/// coming back to the page (after closing it mid-payment, say) finds it confirmed even if the
/// webhook has not arrived. A booking without an open payment, or Stripe being unreachable,
/// leaves the booking as it was read.
pub(crate) async fn settled_on_return(state: &AppState, booking: store::Booking) -> store::Booking {
    if domain::card_payments::may_pay_by_card(booking.payment, booking.state, state.now()).is_err()
    {
        return booking;
    }
    match crate::server::card_payments::check_card_payment(state, &booking).await {
        Ok(crate::server::card_payments::PaymentStep::Paid) => {
            match state.store.booking_by_id(booking.id).await {
                Ok(Some(settled)) => settled,
                _ => booking,
            }
        }
        Ok(_) | Err(AppError::Invalid(_)) => booking,
        Err(error) => {
            tracing::warn!(%error, booking = booking.id, "checking the booking's card payment failed");
            booking
        }
    }
}
