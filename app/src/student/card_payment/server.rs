//! What a booking's card payment charges, and whether its page offers one.

use super::api::CardPaymentView;
use crate::server::booking_ops::studio_and_type_of;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use crate::student::booking::server::booked_as_member;

/// What the booking's card payment takes: what was due at booking as the booking keeps it, or
/// for a booking made before prices were kept, its student's price as it is now.
pub(crate) async fn booking_price(
    state: &AppState,
    booking: &store::Booking,
) -> Result<domain::fees::BookingPrice, AppError> {
    if let Some(price) = booking.price {
        return Ok(price);
    }
    let (_, session_type) = studio_and_type_of(state, booking).await?;
    let price = session_type
        .spec
        .pricing
        .price_for(booked_as_member(state, booking).await?);
    Ok(domain::fees::BookingPrice {
        total: price,
        due_at_booking: price,
        discount: None,
    })
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
    let price = booking_price(state, booking).await?;
    Ok(Some(CardPaymentView {
        publishable_key: account.publishable_key.as_str().to_owned(),
        js_url: state.stripe.js_url().to_owned(),
        amount_label: price.due_at_booking.to_string(),
        amount_line: price.card_amount_line(),
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
