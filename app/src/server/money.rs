//! A booking's books: what its card payments took and gave back, what the instructor recorded
//! as received outside the app, and what is still owed. Read once per page or action, so every
//! figure of it agrees with the others.

use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::card_payments::CardPaymentStatus;
use domain::lifecycle::Party;
use domain::manual_payments::{PaidSoFar, ReceivedPayment, ReceivedPaymentForm, balance_due};
use domain::money::{Currency, Money};
use domain::refunds::{Payments, RefundReason, RefundStatus, RefundablePayment, total_of};
use store::{Booking, CardPayment, ManualPayment, NewRefund, Refund};

/// What a booking's card payments took, and what of it went back or is on its way.
pub struct CardMoney {
    pub paid: Money,
    pub refunded: Money,
    pub on_its_way: Money,
    /// What can still be given back.
    pub refundable: Money,
}

/// One booking's payments and refunds, as the store keeps them.
pub struct BookingMoney {
    /// The booking's price's currency (the studio's for a booking made before prices were kept).
    pub currency: Currency,
    /// Each paid card payment with what it gave back so far.
    pub card_payments: Vec<RefundablePayment>,
    pub refunds: Vec<Refund>,
    /// Payments the instructor recorded, first recorded first.
    pub received: Vec<ManualPayment>,
}

impl BookingMoney {
    /// Reads the booking's books; `studio_currency` counts when the booking kept no price.
    pub async fn of(
        state: &AppState,
        booking: &Booking,
        studio_currency: Currency,
    ) -> Result<Self, AppError> {
        Ok(Self::with_card_payments(state, booking, studio_currency)
            .await?
            .0)
    }

    /// The books, and the booking's card payments as they were read for them: for a caller that
    /// also needs the payments themselves (an invoice names their cards).
    pub async fn with_card_payments(
        state: &AppState,
        booking: &Booking,
        studio_currency: Currency,
    ) -> Result<(Self, Vec<CardPayment>), AppError> {
        let payments = state.store.card_payments_of_booking(booking.id).await?;
        let refunds = state.store.refunds_of_booking(booking.id).await?;
        let received = state.store.manual_payments_of_booking(booking.id).await?;
        let currency = booking
            .price
            .map_or(studio_currency, |price| price.total.currency());
        let card_payments = payments
            .iter()
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
                        refunded: money(given_back, payment.amount.currency()),
                    },
                }
            })
            .collect();
        Ok((
            Self {
                currency,
                card_payments,
                refunds,
                received,
            },
            payments,
        ))
    }

    pub fn card(&self) -> CardMoney {
        let totals = total_of(&self.card_payments, self.currency);
        let on_its_way: i64 = self
            .refunds
            .iter()
            .filter(|refund| refund.status == RefundStatus::Due)
            .map(|refund| refund.amount.minor_units())
            .sum();
        CardMoney {
            paid: totals.paid,
            refunded: money(totals.refunded.minor_units() - on_its_way, self.currency),
            on_its_way: money(on_its_way, self.currency),
            refundable: totals.refundable(),
        }
    }

    /// What the instructor recorded as received.
    pub fn received_total(&self) -> Money {
        money(
            self.received
                .iter()
                .map(|payment| payment.amount.minor_units())
                .sum(),
            self.currency,
        )
    }

    /// What the student still owes of the booking's price; `None` when no price was kept.
    pub fn balance(&self, booking: &Booking) -> Option<Money> {
        let card = total_of(&self.card_payments, self.currency);
        booking.price.map(|price| {
            balance_due(
                price,
                PaidSoFar {
                    by_card: card.refundable(),
                    received: self.received_total(),
                },
            )
        })
    }

    /// The refunds a cancellation by `by` now gives, by the session type's refund policy: to
    /// be recorded with the cancellation, in its transaction.
    pub fn refunds_on_cancel(
        &self,
        state: &AppState,
        booking: &Booking,
        policy: domain::refunds::RefundPolicy,
        by: Party,
    ) -> Result<Vec<NewRefund>, AppError> {
        if self.card_payments.is_empty() {
            return Ok(Vec::new());
        }
        let retainer = booking
            .price
            .filter(|price| price.is_retainer())
            .map_or_else(|| Money::zero(self.currency), |price| price.due_at_booking);
        let back = policy.refund_on_cancel(
            total_of(&self.card_payments, self.currency),
            retainer,
            by,
            booking.start,
            state.now(),
        );
        if back.is_zero() {
            return Ok(Vec::new());
        }
        let parts = domain::refunds::split_refund(back, &self.card_payments)
            .map_err(|refusal| AppError::field("amount", refusal.to_string()))?;
        Ok(crate::server::refunds::new_refunds(
            state,
            parts,
            RefundReason::Cancelled,
        ))
    }
}

impl BookingMoney {
    /// What a cancellation by `by` now gives back in all, as the booking pages show it before.
    pub fn back_on_cancel(
        &self,
        state: &AppState,
        booking: &Booking,
        policy: domain::refunds::RefundPolicy,
        by: Party,
    ) -> Result<Money, AppError> {
        let back = self
            .refunds_on_cancel(state, booking, policy, by)?
            .iter()
            .map(|refund| refund.amount.minor_units())
            .sum();
        Ok(money(back, self.currency))
    }
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::from_minor_units(minor, currency).unwrap_or_else(|| Money::zero(currency))
}

/// Records money the instructor received outside the app on one of their bookings: it confirms
/// a pending booking (and tells the student, as a card payment would), and otherwise only
/// lowers the balance. Refused next to its field when it is more than is still owed.
pub async fn record_received_payment(
    state: &AppState,
    studio: &store::Studio,
    booking: &Booking,
    form: ReceivedPaymentForm<'_>,
) -> Result<store::ManualPayment, AppError> {
    use domain::lifecycle::{BookingState, Moment};
    let now = state.now();
    let next = booking
        .state
        .after_payment_received(Moment {
            now,
            session_start: booking.start,
        })
        .map_err(|_| {
            AppError::Unavailable(match booking.state {
                BookingState::PaymentPending { .. } => {
                    "This booking's payment deadline has passed and its seat was given up: it \
                     takes no payment now."
                        .to_owned()
                }
                _ => format!(
                    "This booking is {}: it takes no payment.",
                    booking.status().label().to_lowercase()
                ),
            })
        })?;
    let money = BookingMoney::of(state, booking, studio.settings.currency).await?;
    let today = studio.settings.timezone.local(now).date_naive();
    let payment = ReceivedPayment::parse(form, money.currency, money.balance(booking), today)?;
    let confirms = matches!(booking.state, BookingState::PaymentPending { .. });
    if confirms {
        crate::server::card_payments::close_open_payments(state, booking).await?;
    }
    let told = if confirms {
        Some(
            crate::server::jobs::follow_ups_in(
                state,
                studio.id,
                domain::jobs::BookingChange::PaymentConfirmed,
            )
            .await?,
        )
    } else {
        None
    };
    let follow_ups: store::FollowUps<'_> = match &told {
        Some(plan) => plan,
        None => store::NO_FOLLOW_UPS,
    };
    state
        .store
        .record_manual_payment(
            &store::NewManualPayment {
                booking_id: booking.id,
                from: booking.state,
                to: next,
                payment,
                recorded_at: now,
            },
            follow_ups,
        )
        .await?
        .ok_or_else(|| {
            AppError::Unavailable(
                "This booking changed meanwhile. Reload the page to see it as it is now."
                    .to_owned(),
            )
        })
}
