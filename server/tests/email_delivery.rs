//! Delivery under faults, against a real SMTP peer on loopback: a mail server that is down
//! for a while, a worker process killed in the middle of its batch, and two server processes
//! sharing one database. Time moves by the app's clock, never by sleeping until it passes.

mod support;

use app::server::clock::Clock;
use chrono::Duration;
use std::collections::{HashMap, HashSet};
use support::{Backend, Client, SmtpSink, TestApp, days_from_today};

/// The app on a fresh database, sending its email over SMTP to `smtp_url`.
async fn app_sending_to(smtp_url: String, backend: Backend) -> Option<TestApp> {
    TestApp::start_with(backend, |config| {
        config.rate_limit_factor = 1000;
        config.smtp_url = Some(smtp_url);
    })
    .await
}

/// A studio in UTC open around the clock, with a one-hour lesson for one; returns its id.
async fn lesson(app: &TestApp) -> String {
    studio_with_lesson(app).await.1
}

/// The signed-in instructor of a studio in UTC open around the clock, and its lesson's id.
async fn studio_with_lesson(app: &TestApp) -> (Client, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let id = instructor.session_type("Lesson", 1, "active").await;
    (instructor, id)
}

/// The booking's emails as its detail page lists them.
async fn message_log(instructor: &Client, booking: &str) -> Vec<serde_json::Value> {
    let detail = instructor.call("booking_detail", &[("id", booking)]).await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    detail.json()["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Books `count` lessons three days ahead, an hour apart, through the server at `base_url`.
async fn book_lessons(base_url: &str, id: &str, count: usize) {
    let date = days_from_today("UTC", 3);
    for hour in 0..count {
        let start = format!("{date}T{hour:02}:00:00Z");
        let email = format!("student{hour}@example.com");
        let booked = Client::of(base_url)
            .book("maple-yoga", id, &start, "Ada", &email)
            .await;
        assert_eq!(booked.status, 200, "{}", booked.body);
    }
}

fn message_ids(mails: &[support::Mail]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for mail in mails {
        *counts.entry(mail.message_id.clone()).or_insert(0) += 1;
    }
    counts
}

async fn a_mail_server_that_is_down_gets_the_email_once_it_is_back(backend: Backend) {
    let port = SmtpSink::free_port();
    let Some(app) = app_sending_to(SmtpSink::url(port), backend).await else {
        return;
    };
    let (instructor, id) = studio_with_lesson(&app).await;
    book_lessons(&app.base_url, &id, 1).await;

    // Nothing listens: each attempt is refused, and the job waits for its retry.
    let store = app.store().await;
    let mut attempted = Vec::new();
    for _ in 0..100 {
        attempted = store.jobs_of_booking(1).await.expect("jobs");
        let failed_once = attempted
            .iter()
            .filter(|job| job.attempts == 1 && job.state == store::JobState::Pending)
            .count();
        if failed_once >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let confirmations: Vec<_> = attempted
        .iter()
        .filter(|job| job.kind == domain::jobs::JobKind::Confirmation)
        .collect();
    assert_eq!(confirmations.len(), 2, "{attempted:?}");
    for job in &confirmations {
        assert_eq!(job.attempts, 1, "{job:?}");
        assert_eq!(job.state, store::JobState::Pending, "waiting for its retry");
        assert!(job.last_error.is_some(), "the failure is recorded: {job:?}");
        let wait = (job.run_at - app.clock.now()).num_seconds();
        assert!((29..=30).contains(&wait), "retried after 30 s: {wait}");
    }

    let log = message_log(&instructor, "1").await;
    let retrying: Vec<&serde_json::Value> = log
        .iter()
        .filter(|message| message["what"] == "Booking confirmation")
        .collect();
    assert_eq!(retrying.len(), 2, "{log:?}");
    for message in retrying {
        assert_eq!(message["state_label"], "Retrying", "{message}");
        assert!(
            message["last_error"]
                .as_str()
                .is_some_and(|error| !error.is_empty()),
            "the instructor sees why: {message}"
        );
    }

    let sink = SmtpSink::start(port, std::time::Duration::ZERO).await;
    app.clock.advance(Duration::seconds(29));
    assert!(
        app.mails_after_a_while().await.is_empty() && sink.messages().is_empty(),
        "not before the retry is due"
    );
    app.clock.advance(Duration::seconds(1));
    let delivered = sink.wait_for(2).await;
    assert_eq!(delivered.len(), 2);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 2, "each delivered once");
    let jobs = store.jobs_of_booking(1).await.expect("jobs");
    for job in jobs
        .iter()
        .filter(|job| job.kind == domain::jobs::JobKind::Confirmation)
    {
        assert_eq!(job.state, store::JobState::Done, "{job:?}");
        assert_eq!(job.attempts, 2, "{job:?}");
    }

    // The instructor sends the student's confirmation again from the booking's log.
    let log = message_log(&instructor, "1").await;
    let sent = log
        .iter()
        .find(|message| {
            message["what"] == "Booking confirmation"
                && message["to"]
                    .as_str()
                    .is_some_and(|to| to.starts_with("Student"))
        })
        .expect("the student's confirmation");
    assert_eq!(sent["state_label"], "Sent", "{sent}");
    let message_id = sent["id"].to_string();
    let resent = instructor
        .call(
            "resend_message",
            &[("id", "1"), ("message_id", &message_id)],
        )
        .await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    let delivered = sink.wait_for(3).await;
    assert_eq!(delivered.len(), 3);
    assert_eq!(
        delivered
            .iter()
            .filter(|mail| mail.to == "student0@example.com")
            .count(),
        2
    );
    let waiting = store.jobs_of_booking(1).await.expect("jobs");
    let reminder = waiting
        .iter()
        .find(|job| job.state == store::JobState::Pending)
        .expect("a reminder still to come");
    let early = instructor
        .call(
            "resend_message",
            &[("id", "1"), ("message_id", &reminder.id.to_string())],
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(
        early.body.contains("has not gone out yet"),
        "{}",
        early.body
    );
}

async fn an_email_that_never_gets_through_ends_as_failed_after_its_last_attempt(backend: Backend) {
    let Some(app) = app_sending_to(SmtpSink::url(SmtpSink::free_port()), backend).await else {
        return;
    };
    let (instructor, id) = studio_with_lesson(&app).await;
    book_lessons(&app.base_url, &id, 1).await;
    let store = app.store().await;
    let confirmation_attempts = || async {
        store
            .jobs_of_booking(1)
            .await
            .expect("jobs")
            .into_iter()
            .filter(|job| job.kind == domain::jobs::JobKind::Confirmation)
            .map(|job| (job.attempts, job.state))
            .collect::<Vec<_>>()
    };
    for attempt in 1..=domain::jobs::MAX_ATTEMPTS {
        let mut seen = Vec::new();
        for _ in 0..100 {
            seen = confirmation_attempts().await;
            if seen
                .iter()
                .all(|(attempts, state)| *attempts == attempt && *state != store::JobState::Running)
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(
            seen.iter().all(|(attempts, _)| *attempts == attempt),
            "attempt {attempt}: {seen:?}"
        );
        // No wait is longer than an hour.
        app.clock.advance(Duration::hours(1));
    }
    let finally = confirmation_attempts().await;
    assert_eq!(
        finally,
        vec![(domain::jobs::MAX_ATTEMPTS, store::JobState::Failed); 2],
        "failed for good after the last attempt"
    );
    let log = message_log(&instructor, "1").await;
    assert!(
        log.iter()
            .filter(|message| message["what"] == "Booking confirmation")
            .all(|message| message["state_label"] == "Failed" && message["can_resend"] == true),
        "{log:?}"
    );
}

async fn a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
    backend: Backend,
) {
    // The mail server answers two messages and then holds the rest unanswered: the worker is
    // killed in the middle of its batch, with messages handed over but not acknowledged.
    let sink = SmtpSink::holding_after(2).await;
    let Some(app) = app_sending_to(SmtpSink::url(sink.port), backend).await else {
        return;
    };
    // This process's clock runs an hour behind, so that its worker leaves the jobs to the
    // other process until the test moves it on.
    let real_start = app.clock.now();
    app.clock.advance(-Duration::hours(1));
    let id = lesson(&app).await;
    let worker = app
        .another_process_with(&[
            "--smtp-url",
            &SmtpSink::url(sink.port),
            "--job-poll-millis",
            "50",
        ])
        .await;
    book_lessons(&worker.base_url, &id, 6).await;
    let before_the_crash = sink.wait_for(2).await.len();
    // Give the worker time to hand over the rest of its batch, then kill it while it waits.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    worker.kill().await;
    assert_eq!(
        before_the_crash, 2,
        "the mail server answered two, then held the rest"
    );
    // The held messages were received in full: the server keeps them, though their sender is
    // gone and never heard back.
    sink.release();
    // What the killed worker had recorded as sent, and what it had claimed but not recorded.
    let store = app.store().await;
    let mut recorded_sent = HashSet::new();
    let mut in_flight = HashSet::new();
    for booking in 1..=6 {
        for job in store.jobs_of_booking(booking).await.expect("jobs") {
            let message_id = format!("{}@127.0.0.1", job.dedupe_key.as_str().replace(':', "."));
            match job.state {
                store::JobState::Done => recorded_sent.insert(message_id),
                store::JobState::Running => in_flight.insert(message_id),
                _ => false,
            };
        }
    }

    assert!(
        !in_flight.is_empty(),
        "the worker was killed with messages in flight"
    );
    // The killed worker's lease runs out; this process takes its jobs over.
    app.clock.set(real_start + Duration::minutes(6));
    let mut ids = HashMap::new();
    for _ in 0..200 {
        ids = message_ids(&sink.messages());
        if ids.len() >= 12 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(ids.len(), 12, "nothing lost: {ids:?}");
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let delivered = sink.messages();
    let repeated: Vec<(String, usize)> = message_ids(&delivered)
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .collect();
    for (message_id, count) in &repeated {
        assert_eq!(*count, 2, "{message_id} went out {count} times");
        assert!(
            in_flight.contains(message_id) && !recorded_sent.contains(message_id),
            "only a message in flight at the crash goes twice, under its own id: {message_id}, \
             in flight {in_flight:?}"
        );
    }
    assert_eq!(delivered.len(), 12 + repeated.len());
}

async fn two_server_processes_on_one_database_send_each_email_once(backend: Backend) {
    let sink = SmtpSink::start(0, std::time::Duration::ZERO).await;
    let Some(app) = app_sending_to(SmtpSink::url(sink.port), backend).await else {
        return;
    };
    let id = lesson(&app).await;
    let other = app
        .another_process_with(&[
            "--smtp-url",
            &SmtpSink::url(sink.port),
            "--job-poll-millis",
            "10",
        ])
        .await;
    // Half the bookings through each process; both workers poll the one queue.
    book_lessons(&app.base_url, &id, 5).await;
    let date = days_from_today("UTC", 3);
    for hour in 10..15 {
        let booked = Client::of(&other.base_url)
            .book(
                "maple-yoga",
                &id,
                &format!("{date}T{hour:02}:00:00Z"),
                "Bob",
                &format!("bob{hour}@example.com"),
            )
            .await;
        assert_eq!(booked.status, 200, "{}", booked.body);
    }
    let delivered = sink.wait_for(20).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let delivered_later = sink.messages();
    assert_eq!(delivered.len(), 20);
    assert_eq!(delivered_later.len(), 20, "no email twice");
    let ids: HashSet<String> = delivered_later
        .iter()
        .map(|mail| mail.message_id.clone())
        .collect();
    assert_eq!(ids.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_a_mail_server_that_is_down_gets_the_email_once_it_is_back() {
    a_mail_server_that_is_down_gets_the_email_once_it_is_back(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_mail_server_that_is_down_gets_the_email_once_it_is_back() {
    a_mail_server_that_is_down_gets_the_email_once_it_is_back(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_an_email_that_never_gets_through_ends_as_failed_after_its_last_attempt() {
    an_email_that_never_gets_through_ends_as_failed_after_its_last_attempt(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_an_email_that_never_gets_through_ends_as_failed_after_its_last_attempt() {
    an_email_that_never_gets_through_ends_as_failed_after_its_last_attempt(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight()
 {
    a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight()
 {
    a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
        Backend::Postgres,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_two_server_processes_on_one_database_send_each_email_once() {
    two_server_processes_on_one_database_send_each_email_once(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_two_server_processes_on_one_database_send_each_email_once() {
    two_server_processes_on_one_database_send_each_email_once(Backend::Sqlite).await;
}
