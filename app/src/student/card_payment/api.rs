//! Paying a booking by card through its signed link: the card section's data and the two
//! calls its script makes.

#[cfg(feature = "ssr")]
use super::server::booking_price;
#[cfg(feature = "ssr")]
use crate::server::card_payments::{self, PaymentStep};
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the booking page needs to take a card payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPaymentView {
    /// The studio's publishable key, for Stripe.js.
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub js_url: String,
    /// "€45.00": what the card is charged.
    pub amount_label: String,
    /// "Amount: €45.00", or the retainer and the balance left for the session.
    pub amount_line: String,
}

/// Where the payment stands after the student's step; the script reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardPaymentStep {
    /// Paid: the booking is confirmed.
    Paid,
    /// The bank asks for 3-D Secure, which Stripe.js completes with this secret.
    Authenticate { client_secret: String },
    /// Stripe has not decided yet: the page checks again shortly.
    Processing,
}

#[cfg(feature = "ssr")]
impl From<PaymentStep> for CardPaymentStep {
    fn from(step: PaymentStep) -> Self {
        match step {
            PaymentStep::Paid => CardPaymentStep::Paid,
            PaymentStep::Authenticate { client_secret } => {
                CardPaymentStep::Authenticate { client_secret }
            }
            PaymentStep::Processing => CardPaymentStep::Processing,
        }
    }
}

/// Pays the booking with the card behind a Stripe.js token. A declined card is an error on
/// the `card` field with the bank's reason, and another card may be tried.
#[server(endpoint = "pay_by_card")]
pub async fn pay_by_card(
    link: String,
    #[server(default)] token: String,
) -> Result<CardPaymentStep, AppError> {
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let booking = state.booking_of_link(&link).await?;
    let token = domain::card_payments::CardToken::parse(&token)?;
    let amount = booking_price(&state, &booking).await?.due_at_booking;
    Ok(card_payments::pay_by_card(&state, &booking, amount, &token)
        .await?
        .into())
}

/// Asks Stripe how the booking's payment went (after 3-D Secure, or on coming back) and
/// confirms the booking if it is paid; what the browser says is never taken for it.
#[server(endpoint = "check_card_payment")]
pub async fn check_card_payment(link: String) -> Result<CardPaymentStep, AppError> {
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let booking = state.booking_of_link(&link).await?;
    Ok(card_payments::check_card_payment(&state, &booking)
        .await?
        .into())
}
