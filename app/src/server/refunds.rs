//! Money given back to a student's card: what a cancellation's refund policy gives (recorded in
//! the cancellation's own transaction), what the instructor gives back of their own accord
//! (never more than was paid), and the sweep that makes the recorded refunds at Stripe.

use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::money::Money;
use domain::refunds::{RefundReason, split_refund};
use store::{Booking, NewRefund};

/// Gives `amount` back to the student's card by the instructor's choice: refused, next to the
/// amount, when it is more than the booking's card payments have left to give back.
pub async fn refund_by_instructor(
    state: &AppState,
    booking: &Booking,
    money: &crate::server::money::BookingMoney,
    amount: Money,
) -> Result<(), AppError> {
    let parts = split_refund(amount, &money.card_payments)
        .map_err(|refusal| AppError::field("amount", refusal.to_string()))?;
    state
        .store
        .add_refunds(
            booking.id,
            &new_refunds(state, parts, RefundReason::ByInstructor),
        )
        .await?;
    Ok(())
}

pub(crate) fn new_refunds(
    state: &AppState,
    parts: Vec<(i64, Money)>,
    reason: RefundReason,
) -> Vec<NewRefund> {
    parts
        .into_iter()
        .map(|(card_payment_id, amount)| NewRefund {
            card_payment_id,
            amount,
            reason,
            created_at: state.now(),
        })
        .collect()
}

/// How many due refunds one sweep asks Stripe to make.
const REFUNDS_PER_ROUND: u32 = 20;

/// Makes the recorded refunds at Stripe, each under its own idempotency key (made once however
/// often it is asked, by however many processes), and tells the student once it is made. One
/// Stripe does not make is tried again later and later. Returns how many were made.
pub async fn make_due_refunds(state: &AppState) -> usize {
    let refunds = match state
        .store
        .refunds_due(state.now(), REFUNDS_PER_ROUND)
        .await
    {
        Ok(refunds) => refunds,
        Err(error) => {
            tracing::error!(%error, "listing the refunds due failed");
            return 0;
        }
    };
    let mut made = 0;
    for refund in refunds {
        let outcome = async {
            let payments = state
                .store
                .card_payments_of_booking(refund.booking_id)
                .await?;
            let payment = payments
                .iter()
                .find(|payment| payment.id == refund.card_payment_id)
                .ok_or_else(|| AppError::Unavailable("the refund's payment is gone".to_owned()))?;
            let secret =
                crate::server::card_payments::studio_secret_key(state, refund.studio_id).await?;
            let key = domain::card_payments::refund_key_of(
                &crate::server::card_payments::installation_id(state).await?,
                refund.id,
            );
            state
                .stripe
                .refund(&secret, &payment.payment_intent, Some(refund.amount), &key)
                .await
                .map_err(|problem| {
                    tracing::warn!(%problem, refund = refund.id, "Stripe did not make a refund");
                    AppError::Unavailable(problem.to_string())
                })?;
            let told = crate::server::jobs::follow_ups_in(
                state,
                refund.studio_id,
                domain::jobs::BookingChange::Refunded {
                    refund_id: refund.id,
                },
            )
            .await?;
            Ok::<bool, AppError>(
                state
                    .store
                    .record_refund_made(refund.id, state.now(), &told)
                    .await?,
            )
        }
        .await;
        match outcome {
            Ok(true) => made += 1,
            Ok(false) => {}
            Err(error) => {
                let next_try = domain::card_payments::next_refund_try(refund.tries, state.now());
                tracing::warn!(%error, refund = refund.id, %next_try, "a refund is still to be made");
                if let Err(error) = state.store.put_off_refund_try(refund.id, next_try).await {
                    tracing::error!(%error, "putting off a refund failed");
                }
            }
        }
    }
    made
}
