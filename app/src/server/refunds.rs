//! Money given back to a student's card: what a cancellation's refund policy gives (recorded in
//! the cancellation's own transaction), what the instructor gives back of their own accord
//! (never more than was paid), and the sweep that makes the recorded refunds at Stripe.

use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::card_payments::CardPaymentStatus;
use domain::lifecycle::Party;
use domain::money::Money;
use domain::refunds::{Payments, RefundReason, RefundablePayment, split_refund, total_of};
use store::{Booking, NewRefund};

/// What a booking's card payments took and gave back: one line per paid payment.
pub async fn refundable_payments(
    state: &AppState,
    booking: &Booking,
) -> Result<Vec<RefundablePayment>, AppError> {
    let payments = state.store.card_payments_of_booking(booking.id).await?;
    let refunds = state.store.refunds_of_booking(booking.id).await?;
    Ok(payments
        .into_iter()
        .filter(|payment| payment.status == CardPaymentStatus::Succeeded)
        .map(|payment| {
            let given_back: i64 = refunds
                .iter()
                .filter(|refund| refund.card_payment_id == payment.id)
                .map(|refund| refund.amount.minor_units())
                .sum();
            RefundablePayment {
                id: payment.id,
                paid: Payments {
                    paid: payment.amount,
                    refunded: Money::from_minor_units(given_back, payment.amount.currency())
                        .unwrap_or_else(|| Money::zero(payment.amount.currency())),
                },
            }
        })
        .collect())
}

/// What a booking's card payments took, and what of it went back or is on its way.
pub struct CardMoney {
    pub paid: Money,
    pub refunded: Money,
    pub on_its_way: Money,
    /// What can still be given back.
    pub refundable: Money,
}

pub async fn card_money(
    state: &AppState,
    booking: &Booking,
    currency: domain::money::Currency,
) -> Result<CardMoney, AppError> {
    let payments = refundable_payments(state, booking).await?;
    let totals = total_of(&payments, currency);
    let on_its_way: i64 = state
        .store
        .refunds_of_booking(booking.id)
        .await?
        .iter()
        .filter(|refund| refund.status == domain::refunds::RefundStatus::Due)
        .map(|refund| refund.amount.minor_units())
        .sum();
    let money = |minor: i64| {
        Money::from_minor_units(minor, currency).unwrap_or_else(|| Money::zero(currency))
    };
    Ok(CardMoney {
        paid: totals.paid,
        refunded: money(totals.refunded.minor_units() - on_its_way),
        on_its_way: money(on_its_way),
        refundable: totals.refundable(),
    })
}

/// The refunds a cancellation by `by` now gives, by the session type's refund policy: to be
/// recorded with the cancellation, in its transaction.
pub async fn refunds_on_cancel(
    state: &AppState,
    booking: &Booking,
    policy: domain::refunds::RefundPolicy,
    by: Party,
) -> Result<Vec<NewRefund>, AppError> {
    let payments = refundable_payments(state, booking).await?;
    let Some(first) = payments.first() else {
        return Ok(Vec::new());
    };
    let currency = first.paid.paid.currency();
    let retainer = booking
        .price
        .filter(|price| price.is_retainer())
        .map_or_else(|| Money::zero(currency), |price| price.due_at_booking);
    let back = policy.refund_on_cancel(
        total_of(&payments, currency),
        retainer,
        by,
        booking.start,
        state.now(),
    );
    if back.is_zero() {
        return Ok(Vec::new());
    }
    let parts = split_refund(back, &payments)
        .map_err(|refusal| AppError::field("amount", refusal.to_string()))?;
    Ok(new_refunds(state, parts, RefundReason::Cancelled))
}

/// Gives `amount` back to the student's card by the instructor's choice: refused, next to the
/// amount, when it is more than the booking's card payments have left to give back.
pub async fn refund_by_instructor(
    state: &AppState,
    booking: &Booking,
    amount: Money,
) -> Result<(), AppError> {
    let payments = refundable_payments(state, booking).await?;
    let parts = split_refund(amount, &payments)
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

fn new_refunds(state: &AppState, parts: Vec<(i64, Money)>, reason: RefundReason) -> Vec<NewRefund> {
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
