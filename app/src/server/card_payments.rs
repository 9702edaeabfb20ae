//! A booking's card payment through the studio's own Stripe account: opening its
//! PaymentIntent, paying it with the student's card, and settling it once Stripe says it is
//! paid. The student's page, the webhook and the reconciliation all settle through here, so
//! whichever comes first confirms the booking and the others find it done.

use crate::instructor::stripe_settings::server::opened_secret_key;
use crate::server::state::AppState;
use crate::server::stripe::{IntentStatus, StripeProblem};
use crate::shared::error::AppError;
use domain::card_payments::{CardToken, IntentPlan, intent_plan, may_pay_by_card};
use domain::stripe_keys::StripeSecretKey;
use store::{Booking, CardPayment, NewCardPayment, PaidIntent, SettleOutcome, StudioId};

/// Where a card payment stands after the student's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentStep {
    /// Paid and settled: the booking is confirmed.
    Paid,
    /// The bank asks for 3-D Secure: the page completes it with Stripe.js and this secret.
    Authenticate { client_secret: String },
    /// Stripe has not decided yet; the webhook or the reconciliation will settle it.
    Processing,
}

/// Pays the booking's open PaymentIntent (made now if it has none) with the card behind
/// `token`. A declined card is a field error with the bank's reason, and the student may try
/// another card on the same PaymentIntent until the payment deadline.
pub async fn pay_by_card(
    state: &AppState,
    booking: &Booking,
    amount: domain::money::Money,
    token: &CardToken,
) -> Result<PaymentStep, AppError> {
    if !may_pay(state, booking)? {
        return Ok(PaymentStep::Paid);
    }
    let secret = studio_secret_key(state, booking.studio_id).await?;
    let payment = open_payment(state, booking, amount, &secret).await?;
    // A repeated tap, or a payment that went through while the answer was lost, is not
    // paid twice: Stripe's own word comes first.
    match intent_status(state, &secret, &payment.payment_intent).await? {
        IntentStatus::NeedsCard { .. } => {}
        status => return step_of(state, booking, &payment, status).await,
    }
    let status = state
        .stripe
        .pay_with_card_token(&secret, &payment.payment_intent, token)
        .await
        .map_err(|problem| payment_error(booking, problem))?;
    step_of(state, booking, &payment, status).await
}

/// Asks Stripe how the booking's open payment went (after 3-D Secure, or when the student
/// comes back), and settles it if it is paid. The browser's word is never taken for it.
pub async fn check_card_payment(
    state: &AppState,
    booking: &Booking,
) -> Result<PaymentStep, AppError> {
    if !may_pay(state, booking)? {
        return Ok(PaymentStep::Paid);
    }
    let payments = state.store.card_payments_of_booking(booking.id).await?;
    let Some(payment) = payments
        .into_iter()
        .filter(|payment| payment.status == domain::card_payments::CardPaymentStatus::Pending)
        .max_by_key(|payment| payment.attempt)
    else {
        return Err(AppError::field("card", "Enter your card details to pay."));
    };
    let secret = studio_secret_key(state, booking.studio_id).await?;
    let status = intent_status(state, &secret, &payment.payment_intent).await?;
    step_of(state, booking, &payment, status).await
}

/// Settles a PaymentIntent Stripe reports as succeeded, once, whoever reports it.
pub async fn settle_paid(
    state: &AppState,
    studio_id: StudioId,
    payment_intent: &str,
    event_id: Option<&str>,
) -> Result<SettleOutcome, AppError> {
    let confirmed = crate::server::jobs::follow_ups_in(
        state,
        studio_id,
        domain::jobs::BookingChange::PaymentConfirmed,
    )
    .await?;
    Ok(state
        .store
        .settle_paid_intent(
            &PaidIntent {
                studio_id,
                payment_intent,
                event_id,
                now: state.now(),
            },
            &confirmed,
        )
        .await?)
}

/// Closes the booking's open card payments at Stripe before the instructor records a payment
/// made another way, so the student's card cannot be charged as well. A payment Stripe took
/// meanwhile is settled instead, and the instructor is told there is nothing to record.
pub async fn close_open_payments(state: &AppState, booking: &Booking) -> Result<(), AppError> {
    use domain::card_payments::CardPaymentStatus;
    let open: Vec<CardPayment> = state
        .store
        .card_payments_of_booking(booking.id)
        .await?
        .into_iter()
        .filter(|payment| payment.status == CardPaymentStatus::Pending)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let secret = studio_secret_key(state, booking.studio_id).await?;
    for payment in open {
        let status = state
            .stripe
            .cancel_payment_intent(&secret, &payment.payment_intent)
            .await
            .map_err(|problem| {
                tracing::warn!(%problem, "cancelling a PaymentIntent failed");
                AppError::Unavailable(
                    "Stripe could not be reached to close the student's card payment, so nothing \
                     was recorded. Try again in a minute."
                        .to_owned(),
                )
            })?;
        match status {
            IntentStatus::Canceled => {
                state
                    .store
                    .cancel_card_payment(payment.id, state.now())
                    .await?;
            }
            IntentStatus::Succeeded => {
                settle_paid(state, booking.studio_id, &payment.payment_intent, None).await?;
                return Err(AppError::Unavailable(
                    "The student has just paid this booking by card, so it is confirmed: there is \
                     no payment to record. Reload the page to see it."
                        .to_owned(),
                ));
            }
            _ => {
                return Err(AppError::Unavailable(
                    "The student's card payment is being processed by their bank, so nothing was \
                     recorded. Look again in a few minutes."
                        .to_owned(),
                ));
            }
        }
    }
    Ok(())
}

/// `Ok(true)` when the booking waits for its card payment; `Ok(false)` when it is paid already
/// (a second tap, or the webhook got there first), which the page shows as paid.
fn may_pay(state: &AppState, booking: &Booking) -> Result<bool, AppError> {
    match may_pay_by_card(booking.payment, booking.state, state.now()) {
        Ok(()) => Ok(true),
        Err(domain::card_payments::PayRefusal::AlreadyPaid) => Ok(false),
        Err(refusal) => Err(AppError::Unavailable(refusal.to_string())),
    }
}

pub(crate) async fn studio_secret_key(
    state: &AppState,
    studio_id: StudioId,
) -> Result<StripeSecretKey, AppError> {
    opened_secret_key(state, studio_id).await?.ok_or_else(|| {
        AppError::Unavailable(
            "The studio does not take card payments at the moment. Contact them to pay another way."
                .to_owned(),
        )
    })
}

/// The booking's PaymentIntent still open at Stripe, or a new one under the next attempt's
/// idempotency key (a create repeated after a lost answer gets the same PaymentIntent back).
async fn open_payment(
    state: &AppState,
    booking: &Booking,
    amount: domain::money::Money,
    secret: &StripeSecretKey,
) -> Result<CardPayment, AppError> {
    let payments = state.store.card_payments_of_booking(booking.id).await?;
    let so_far: Vec<_> = payments
        .iter()
        .map(|payment| (payment.attempt, payment.status))
        .collect();
    let attempt = match intent_plan(&so_far) {
        IntentPlan::Reuse { attempt } => {
            if let Some(payment) = payments
                .into_iter()
                .find(|payment| payment.attempt == attempt)
            {
                return Ok(payment);
            }
            attempt
        }
        IntentPlan::Create { attempt } => attempt,
    };
    let installation = installation_id(state).await?;
    let key = domain::card_payments::payment_intent_key(&installation, booking.id, attempt);
    let created = state
        .stripe
        .create_payment_intent(secret, amount, &key, booking.id)
        .await
        .map_err(|problem| payment_error(booking, problem))?;
    Ok(state
        .store
        .add_card_payment(&NewCardPayment {
            studio_id: booking.studio_id,
            booking_id: booking.id,
            attempt,
            payment_intent: created.id,
            amount,
            created_at: state.now(),
        })
        .await?)
}

/// This installation's id, made once and kept in the database: part of every idempotency key,
/// so two installations on one Stripe account never share one.
pub(crate) async fn installation_id(state: &AppState) -> Result<String, AppError> {
    Ok(state
        .store
        .secret(
            "installation-id",
            &crate::server::tokens::random_token()[..16],
        )
        .await?)
}

async fn intent_status(
    state: &AppState,
    secret: &StripeSecretKey,
    payment_intent: &str,
) -> Result<IntentStatus, AppError> {
    state
        .stripe
        .intent_status(secret, payment_intent)
        .await
        .map_err(|problem| {
            tracing::warn!(%problem, payment_intent, "reading a PaymentIntent failed");
            unavailable_now()
        })
}

async fn step_of(
    state: &AppState,
    booking: &Booking,
    payment: &CardPayment,
    status: IntentStatus,
) -> Result<PaymentStep, AppError> {
    match status {
        IntentStatus::Succeeded => {
            settle_paid(state, booking.studio_id, &payment.payment_intent, None).await?;
            Ok(PaymentStep::Paid)
        }
        IntentStatus::RequiresAction { client_secret } => {
            Ok(PaymentStep::Authenticate { client_secret })
        }
        IntentStatus::Processing => Ok(PaymentStep::Processing),
        IntentStatus::NeedsCard { last_error } => Err(AppError::field(
            "card",
            last_error.unwrap_or_else(|| {
                "The payment was not completed. Check your card details, or try another card."
                    .to_owned()
            }),
        )),
        IntentStatus::Canceled => {
            tracing::warn!(
                booking = booking.id,
                payment_intent = %payment.payment_intent,
                "the booking's PaymentIntent was cancelled at Stripe"
            );
            Err(AppError::Unavailable(
                "This payment was cancelled at Stripe. Contact the studio to pay another way."
                    .to_owned(),
            ))
        }
    }
}

fn unavailable_now() -> AppError {
    AppError::Unavailable(
        "Stripe could not be reached just now. Try again in a minute: a payment that went through is never taken twice."
            .to_owned(),
    )
}

/// What the student reads when Stripe did not take the payment: the bank's reason for a
/// declined card, next to the card field; the rest is logged and said plainly.
fn payment_error(booking: &Booking, problem: StripeProblem) -> AppError {
    match problem {
        StripeProblem::CardDeclined(reason) => AppError::field("card", reason),
        StripeProblem::Unreachable => unavailable_now(),
        StripeProblem::KeyRefused(_)
        | StripeProblem::Refused(_)
        | StripeProblem::AlreadyRefunded => {
            tracing::error!(booking = booking.id, %problem, "Stripe refused a card payment call");
            AppError::Unavailable(
                "The studio's card payments are not working at the moment. Contact them, or try again later."
                    .to_owned(),
            )
        }
    }
}

/// How many pending payments one reconciliation round asks Stripe about.
const RECONCILED_PER_ROUND: u32 = 20;

/// Asks Stripe about the pending payments whose check is due: a paid one is settled (its
/// webhook was lost or is late), one whose booking ended is cancelled at Stripe so no card is
/// charged later, and the rest are asked about again later. Every process runs it; settling
/// and closing are each done once whoever gets there first. Returns how many were settled.
pub async fn reconcile_pending_payments(state: &AppState) -> usize {
    use domain::card_payments::{IntentSeen, Reconciliation, next_check, reconcile};
    let now = state.now();
    let payments = match state
        .store
        .pending_card_payments(now, RECONCILED_PER_ROUND)
        .await
    {
        Ok(payments) => payments,
        Err(error) => {
            tracing::error!(%error, "listing the card payments to reconcile failed");
            return 0;
        }
    };
    let mut settled = 0;
    for payment in payments {
        let booking = match state.store.booking_by_id(payment.booking_id).await {
            Ok(booking) => booking,
            Err(error) => {
                tracing::error!(%error, payment = payment.id, "reading a payment's booking failed");
                continue;
            }
        };
        let deadline = match booking.as_ref().map(|booking| booking.state) {
            Some(domain::lifecycle::BookingState::PaymentPending { deadline }) => Some(deadline),
            _ => None,
        };
        let later = next_check(payment.created_at, now, deadline);
        let payable = booking
            .as_ref()
            .is_some_and(|booking| may_pay_by_card(booking.payment, booking.state, now).is_ok());
        let outcome = async {
            let secret = studio_secret_key(state, payment.studio_id).await?;
            let seen = match intent_status(state, &secret, &payment.payment_intent).await? {
                IntentStatus::Succeeded => IntentSeen::Succeeded,
                IntentStatus::Canceled => IntentSeen::Canceled,
                IntentStatus::Processing => IntentSeen::Processing,
                IntentStatus::RequiresAction { .. } | IntentStatus::NeedsCard { .. } => {
                    IntentSeen::Open
                }
            };
            match reconcile(seen, payable) {
                Reconciliation::Settle => {
                    settle_paid(state, payment.studio_id, &payment.payment_intent, None).await?;
                    Ok::<bool, AppError>(true)
                }
                Reconciliation::MarkCanceled => {
                    state.store.cancel_card_payment(payment.id, now).await?;
                    Ok(false)
                }
                Reconciliation::CancelAtStripe => {
                    let status = state
                        .stripe
                        .cancel_payment_intent(&secret, &payment.payment_intent)
                        .await
                        .map_err(|problem| {
                            tracing::warn!(%problem, "cancelling a PaymentIntent failed");
                            unavailable_now()
                        })?;
                    match status {
                        IntentStatus::Canceled => {
                            state.store.cancel_card_payment(payment.id, now).await?;
                            Ok(false)
                        }
                        // Paid just before it could be cancelled: settled (and refunded, as
                        // its booking ended) like any late payment.
                        IntentStatus::Succeeded => {
                            settle_paid(state, payment.studio_id, &payment.payment_intent, None)
                                .await?;
                            Ok(true)
                        }
                        _ => {
                            state
                                .store
                                .check_card_payment_later(payment.id, later)
                                .await?;
                            Ok(false)
                        }
                    }
                }
                Reconciliation::CheckLater => {
                    state
                        .store
                        .check_card_payment_later(payment.id, later)
                        .await?;
                    Ok(false)
                }
            }
        }
        .await;
        match outcome {
            Ok(true) => settled += 1,
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(
                    %error,
                    payment = payment.id,
                    payment_intent = %payment.payment_intent,
                    "reconciling a card payment failed; it is asked about again later"
                );
                if let Err(error) = state
                    .store
                    .check_card_payment_later(payment.id, later)
                    .await
                {
                    tracing::error!(%error, "putting off a card payment's check failed");
                }
            }
        }
    }
    settled
}

/// Refunds in full the card payments that arrived after their booking had ended (expired,
/// rejected or cancelled), and tells both sides. The refund's idempotency key is the payment's,
/// so a refund repeated after a lost answer, or by two processes at once, returns the money
/// once; the record and its emails are made once. A refund Stripe does not make is tried again
/// later and later, so one that keeps failing never holds up the others. Returns how many
/// were refunded.
pub async fn refund_late_payments(state: &AppState) -> usize {
    let payments = match state
        .store
        .card_payments_due_refund(state.now(), RECONCILED_PER_ROUND)
        .await
    {
        Ok(payments) => payments,
        Err(error) => {
            tracing::error!(%error, "listing the card payments to refund failed");
            return 0;
        }
    };
    let mut refunded = 0;
    for payment in payments {
        let outcome = async {
            let secret = studio_secret_key(state, payment.studio_id).await?;
            let key = domain::card_payments::refund_key(&installation_id(state).await?, payment.id);
            state
                .stripe
                .refund(&secret, &payment.payment_intent, None, &key)
                .await
                .map_err(|problem| {
                    tracing::warn!(%problem, "refunding a late card payment failed");
                    unavailable_now()
                })?;
            let told = crate::server::jobs::follow_ups_in(
                state,
                payment.studio_id,
                domain::jobs::BookingChange::LatePaymentRefunded,
            )
            .await?;
            Ok::<bool, AppError>(
                state
                    .store
                    .record_card_refund(payment.id, state.now(), &told)
                    .await?,
            )
        }
        .await;
        match outcome {
            Ok(true) => refunded += 1,
            Ok(false) => {}
            Err(error) => {
                let next_try =
                    domain::card_payments::next_refund_try(payment.refund_tries, state.now());
                tracing::warn!(
                    %error,
                    payment = payment.id,
                    tries = payment.refund_tries + 1,
                    %next_try,
                    "a late card payment is still to be refunded"
                );
                if let Err(error) = state.store.put_off_refund(payment.id, next_try).await {
                    tracing::error!(%error, "putting off a refund failed");
                }
            }
        }
    }
    refunded
}
