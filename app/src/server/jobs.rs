//! The worker every server process runs: it sweeps overdue holds and payments, and sends the
//! booking emails that changes enqueued in their own transactions (the store's job queue).
//! Several processes on one database share the queue; each job is claimed by one at a time.

use crate::server::notices::{self, BookingFacts};
use crate::server::state::AppState;
use chrono::{DateTime, Utc};
use domain::jobs::{
    BookingChange, JobPayload, MessageSettings, PlannedBooking, next_attempt_at, plan_messages,
    still_worth_sending,
};
use store::{Job, JobPlan, NewJob};

/// How a process's worker runs.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// How often it looks for due jobs.
    pub poll_every: std::time::Duration,
    /// How often it marks overdue holds and payments expired.
    pub sweep_every: std::time::Duration,
    /// How long a claimed job is this worker's; longer than the SMTP timeout, so that a job
    /// is claimed again only when its worker has died.
    pub lease: chrono::Duration,
    /// How many jobs it claims at once.
    pub batch: u32,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            poll_every: std::time::Duration::from_secs(1),
            sweep_every: std::time::Duration::from_secs(30),
            lease: chrono::Duration::minutes(5),
            batch: 20,
        }
    }
}

/// The jobs a change to one of the studio's bookings brings, with the studio's email settings.
pub async fn follow_ups_in(
    state: &AppState,
    studio_id: store::StudioId,
    change: BookingChange,
) -> Result<impl Fn(&store::Booking) -> JobPlan + Send + Sync + use<>, store::StoreError> {
    let settings = state.store.message_settings(studio_id).await?;
    Ok(follow_ups(change, state.now(), settings))
}

/// The jobs a change brings to the booking it wrote, planned by the domain's rules; a hold
/// without a booker brings none.
pub fn follow_ups(
    change: BookingChange,
    now: DateTime<Utc>,
    settings: MessageSettings,
) -> impl Fn(&store::Booking) -> JobPlan + Send + Sync + use<> {
    move |booking: &store::Booking| {
        if booking.booker.is_none() {
            return JobPlan::default();
        }
        let plan = plan_messages(
            change,
            PlannedBooking {
                start: booking.start,
                end: booking.end,
                version: booking.moves,
                booked_at: booking.created_at,
                payment_deadline: match booking.state {
                    domain::lifecycle::BookingState::PaymentPending { deadline } => Some(deadline),
                    _ => None,
                },
            },
            now,
            &settings,
        );
        JobPlan {
            cancel: plan.cancel,
            enqueue: plan
                .send
                .into_iter()
                .map(|message| NewJob {
                    studio_id: booking.studio_id,
                    booking_id: Some(booking.id),
                    kind: message.kind,
                    dedupe_key: message.dedupe_key(booking.id),
                    payload: message.payload.to_json(),
                    run_at: message.run_at,
                    created_at: now,
                })
                .collect(),
        }
    }
}

/// Starts this process's worker and sweeper; they run until the process ends.
pub fn spawn_worker(state: AppState, settings: WorkerSettings) {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        crate::server::tokens::random_token()
    );
    let sweeper_state = state.clone();
    let sweep_every = settings.sweep_every;
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(sweep_every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            sweep(&sweeper_state).await;
        }
    });
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(settings.poll_every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            // A full batch means more may be due: keep going before waiting again.
            while run_due_jobs(&state, &worker, &settings).await == settings.batch as usize {}
        }
    });
}

/// Settles card payments whose webhook was lost and refunds those that came too late, then
/// marks overdue holds and payments expired, each with its messages: a payment Stripe took in
/// time is counted before its booking could expire for want of it.
pub async fn sweep(state: &AppState) {
    let settled = crate::server::card_payments::reconcile_pending_payments(state).await;
    if settled > 0 {
        tracing::info!(
            count = settled,
            "card payments settled by the reconciliation"
        );
    }
    let refunded = crate::server::card_payments::refund_late_payments(state).await;
    if refunded > 0 {
        tracing::info!(count = refunded, "late card payments refunded");
    }
    let made = crate::server::refunds::make_due_refunds(state).await;
    if made > 0 {
        tracing::info!(count = made, "refunds made at Stripe");
    }
    let now = state.now();
    // An ending plans no reminders, so no studio's settings matter here.
    let plan = follow_ups(BookingChange::Expired, now, MessageSettings::default());
    match state.store.expire_overdue(now, &plan).await {
        Ok(expired) if !expired.is_empty() => {
            tracing::info!(count = expired.len(), "expired holds and overdue payments");
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "sweeping expired holds failed"),
    }
}

/// Claims the jobs due now and runs them; returns how many were claimed.
pub async fn run_due_jobs(state: &AppState, worker: &str, settings: &WorkerSettings) -> usize {
    let jobs = match state
        .store
        .claim_jobs(worker, state.now(), settings.lease, settings.batch)
        .await
    {
        Ok(jobs) => jobs,
        Err(error) => {
            tracing::error!(%error, "claiming jobs failed");
            return 0;
        }
    };
    let claimed = jobs.len();
    // The batch's messages go out side by side, over the mailer's pool of connections: one
    // SMTP exchange waits on the network most of its time.
    let mut running = tokio::task::JoinSet::new();
    for job in jobs {
        let (state, worker) = (state.clone(), worker.to_owned());
        running.spawn(async move { run(&state, &worker, job).await });
    }
    while let Some(finished) = running.join_next().await {
        if let Err(error) = finished {
            tracing::error!(%error, "a job's task failed");
        }
    }
    claimed
}

/// Why a job did not get its message out.
#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error(transparent)]
    Payload(#[from] domain::jobs::PayloadError),
    #[error("its booking, studio, type or instructor is missing")]
    Missing,
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Mail(#[from] crate::server::mail::MailError),
}

async fn run(state: &AppState, worker: &str, job: Job) {
    let outcome = send(state, &job).await;
    let now = state.now();
    let recorded = match &outcome {
        Ok(()) => state.store.finish_job(job.id, worker, now).await,
        Err(error) => {
            let retry_at = next_attempt_at(job.attempts, now);
            tracing::warn!(
                job = job.id,
                kind = %job.kind,
                attempt = job.attempts,
                %error,
                gives_up = retry_at.is_none(),
                "a job failed"
            );
            state
                .store
                .fail_job(job.id, worker, &error.to_string(), retry_at)
                .await
        }
    };
    match recorded {
        Ok(true) => {}
        Ok(false) => tracing::warn!(job = job.id, "a job's lease ran out before it was recorded"),
        Err(error) => tracing::error!(job = job.id, %error, "recording a job failed"),
    }
}

/// Sends a job's message, unless it has nothing left to say (a reminder of a booking that was
/// cancelled or moved meanwhile).
async fn send(state: &AppState, job: &Job) -> Result<(), JobError> {
    let payload = JobPayload::from_json(&job.payload)?;
    let booking_id = job.booking_id.ok_or(JobError::Missing)?;
    let booking = state
        .store
        .booking_by_id(booking_id)
        .await?
        .ok_or(JobError::Missing)?;
    let settings = state.store.message_settings(booking.studio_id).await?;
    if !still_worth_sending(
        job.kind,
        &payload,
        booking.state,
        booking.moves,
        state.now(),
        &settings,
    ) {
        return Ok(());
    }
    let studio = state
        .store
        .studio(booking.studio_id)
        .await?
        .ok_or(JobError::Missing)?;
    let session_type = state
        .store
        .session_type(studio.id, booking.session_type_id)
        .await?
        .ok_or(JobError::Missing)?;
    let instructor_email = instructor_contact(state, &studio, &settings)
        .await?
        .ok_or(JobError::Missing)?;
    let is_member = match &booking.booker {
        Some(booker) => state.store.is_member(studio.id, &booker.email).await?,
        None => false,
    };
    // The instructor words emails to students only.
    let template = match payload.to {
        domain::jobs::Recipient::Student => state
            .store
            .message_templates(session_type.id)
            .await?
            .into_iter()
            .find(|(kind, _)| *kind == job.kind)
            .map(|(_, template)| template),
        domain::jobs::Recipient::Instructor => None,
    };
    let refund = match payload.refund {
        Some(refund_id) => state
            .store
            .refunds_of_booking(booking.id)
            .await?
            .into_iter()
            .find(|refund| refund.id == refund_id)
            .map(|refund| refund.amount),
        None => None,
    };
    let invoice = match payload.invoice {
        Some(invoice_id) => state
            .store
            .invoice_by_id(invoice_id)
            .await?
            .filter(|invoice| invoice.booking_id == booking.id),
        None => None,
    };
    if let Some(invoice) = &invoice {
        crate::server::invoices::learn_card(state, invoice).await;
    }
    let receipt = invoice.map(|invoice| notices::ReceiptFacts {
        number: invoice.number,
        amount: invoice.amount,
        refund: invoice.source.is_refund(),
        link: format!(
            "{}{}",
            state.public_url,
            crate::server::invoices::invoice_path(state, &invoice, &booking)
        ),
    });
    let facts = BookingFacts {
        studio: &studio,
        session_type: &session_type,
        booking: &booking,
        instructor_email: &instructor_email,
        manage_link: format!("{}{}", state.public_url, state.booking_path(&booking)),
        dashboard_link: format!("{}/dashboard/bookings/{}", state.public_url, booking.id),
        price_label: match booking.price {
            Some(price) => session_type.spec.booked_price_label(
                price.total,
                is_member,
                booking.package.as_ref(),
            ),
            None => session_type.spec.price_label_for(is_member),
        },
        now: state.now(),
        template,
        refund,
        receipt,
        zone: match payload.to {
            domain::jobs::Recipient::Student => {
                booking.student_zone.unwrap_or(studio.settings.timezone)
            }
            domain::jobs::Recipient::Instructor => studio.settings.timezone,
        },
    };
    let Some(mut email) = notices::booking_message(job.kind, &payload, &facts) else {
        tracing::warn!(job = job.id, kind = %job.kind, "no message for this job");
        return Ok(());
    };
    email.message_id = Some(message_id(job, &state.public_url));
    state.mailer.send(email).await?;
    Ok(())
}

/// Where the instructor's emails go: the studio's contact email, or else the owner's account's.
pub async fn instructor_contact(
    state: &AppState,
    studio: &store::Studio,
    settings: &MessageSettings,
) -> Result<Option<domain::text::Email>, store::StoreError> {
    if let Some(email) = &settings.contact_email {
        return Ok(Some(email.clone()));
    }
    Ok(state
        .store
        .user(studio.owner_id)
        .await?
        .map(|user| user.email))
}

/// The same for every attempt of a job, so that a message sent twice (accepted by the mail
/// server just before the worker died) is shown once by mail programs that group by id.
fn message_id(job: &Job, public_url: &str) -> String {
    let host = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .filter(|host| !host.is_empty())
        .unwrap_or("bookable");
    let local: String = job
        .dedupe_key
        .as_str()
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' || character == '_' {
                character
            } else {
                '.'
            }
        })
        .collect();
    format!("<{local}@{host}>")
}
