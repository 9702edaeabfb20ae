//! One behaviour suite for every backend. A backend's test file calls
//! [`conformance_suite!`](crate::conformance_suite) with a function that makes a fresh store.

use crate::{
    Booking, BookingDetails, BookingError, BookingMove, BookingQuery, Conflict, Job, JobPlan,
    JobState, MembersAdded, NewBooking, NewHold, NewJob, Store, StoreError, Studio,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::availability::{Refusal, TakenSeats, WeeklyHours};
use domain::booking::{Booker, BookingStatus, PaymentChoice};
use domain::invoices::InvoiceSource;
use domain::jobs::{DedupeKey, JobKind, MAX_ATTEMPTS, MessageSettings, Recipient, next_attempt_at};
use domain::lifecycle::{BookingState, Party};
use domain::members::NewMember;
use domain::money::Currency;
use domain::offerings::{Offerings, PaymentMethods};
use domain::questions::{Answers, RegistrationQuestionInput};
use domain::session_type::{AccessLevel, SessionTypeInput, SessionTypeSpec};
use domain::studio::{StudioSettings, StudioSettingsInput};
use domain::text::{Email, PersonName, Slug};

/// Generates one `#[tokio::test]` per behaviour for a backend. `$make` is an async function
/// returning `Option<impl Deref<Target = impl Store>>`; `None` skips (e.g. no database URL).
#[macro_export]
macro_rules! conformance_suite {
    ($make:path) => {
        $crate::conformance_suite!(@each $make;
            a_user_is_found_by_email_after_sign_up,
            an_email_can_register_only_once,
            a_session_token_finds_its_user_until_it_expires,
            a_signed_out_session_no_longer_finds_its_user,
            a_reset_link_works_once_and_only_before_it_expires,
            racing_uses_of_one_reset_link_let_exactly_one_through,
            a_new_password_ends_every_session_and_unused_reset_link,
            a_studio_is_created_then_updated_in_place,
            a_slug_belongs_to_one_studio,
            session_types_are_kept_per_studio,
            weekly_hours_are_replaced_as_a_whole,
            a_booking_is_stored_and_found_by_its_id,
            a_refused_check_stores_nothing,
            the_check_sees_the_seats_already_taken,
            the_same_person_cannot_take_the_same_slot_twice,
            bookings_are_listed_soonest_first_with_their_type,
            concurrent_bookings_never_oversell_a_slot,
            every_session_type_setting_is_kept,
            taken_seats_carry_their_types_buffer,
            a_session_type_is_updated_only_within_its_studio,
            date_overrides_close_days_or_change_their_hours,
            offerings_start_at_the_defaults_and_are_saved_per_studio,
            members_are_added_listed_by_name_and_removed_within_their_studio,
            adding_an_existing_member_skips_and_reports_it,
            is_member_matches_the_stored_email,
            video_link_and_questions_of_a_session_type_are_kept,
            a_booking_keeps_the_students_answers,
            a_booking_and_a_filled_in_hold_keep_the_students_time_zone,
            a_hold_keeps_its_seat_until_it_runs_out,
            a_hold_is_filled_in_once_and_never_after_it_runs_out,
            concurrent_holds_never_oversell_a_slot,
            a_state_changes_only_from_the_state_it_was_read_in,
            a_booking_moves_only_where_the_check_allows,
            overdue_holds_and_payments_expire_once_however_many_sweep,
            bookings_are_filtered_by_status_type_dates_and_search,
            a_students_bookings_are_found_through_their_account,
            a_secret_is_created_once_and_then_shared,
            a_sign_in_link_works_once_and_only_before_it_expires,
            a_currency_change_relabels_every_price_of_the_studio,
            packages_and_a_bookings_package_and_discount_are_kept_and_relabelled,
            a_new_share_token_replaces_the_old_one_within_its_studio,
            a_job_is_enqueued_once_per_dedupe_key,
            only_due_jobs_are_claimed,
            racing_workers_never_claim_one_job_twice,
            a_lapsed_lease_makes_a_job_claimable_again_and_fences_the_old_worker,
            a_failed_attempt_retries_later_and_ends_as_failed,
            cancelling_a_bookings_jobs_leaves_sent_ones_alone,
            a_booking_commits_with_its_follow_up_jobs_or_not_at_all,
            a_move_and_a_state_change_replan_jobs_in_their_transaction,
            expiring_plans_each_expired_bookings_follow_ups_once,
            message_settings_start_at_the_defaults_and_are_saved_per_studio,
            a_survey_is_answered_once_and_tallied_per_session_type,
            a_session_types_email_wording_is_kept_per_kind_replaced_and_reset,
            a_stripe_account_is_kept_per_studio_and_replaced_whole,
            disconnecting_stripe_stops_card_payments_unless_they_are_the_only_way_to_pay,
            a_bookings_payment_intent_is_recorded_once_per_attempt,
            a_paid_intent_confirms_its_pending_booking_once_however_often_reported,
            racing_reports_of_one_paid_intent_confirm_the_booking_once,
            a_payment_after_its_booking_ended_is_kept_for_refund_and_the_booking_stays_ended,
            an_unknown_payment_intent_is_acknowledged_and_other_events_taken_once,
            only_payments_still_pending_are_reconciled,
            a_checked_payment_waits_its_turn_and_a_cancelled_one_is_closed_once,
            a_late_payments_refund_is_recorded_once_with_its_messages,
            an_ended_bookings_open_payment_is_checked_at_once,
            a_rejected_bookings_open_payment_is_checked_at_once,
            stripe_stays_connected_while_a_card_payment_is_open,
            a_bookings_price_and_a_types_retainer_are_kept_as_saved,
            a_refund_is_recorded_only_within_what_its_payment_took,
            racing_refunds_never_give_back_more_than_was_paid,
            a_cancellation_records_its_refunds_in_its_own_transaction,
            a_due_refund_is_tried_until_made_and_recorded_once,
            a_recorded_payment_confirms_a_pending_booking_and_never_passes_its_price,
            racing_recorded_payments_never_pass_the_price,
            card_payments_less_their_refunds_count_against_the_price,
            the_ledger_holds_the_money_one_studio_moved_in_its_window,
            every_payment_and_refund_is_invoiced_once_under_the_studios_next_number,
            a_late_payment_and_its_refund_get_an_invoice_each,
            racing_payments_of_one_studio_never_share_or_skip_a_number,
            a_studios_invoice_details_are_kept_as_saved,
            a_mini_sessions_dates_are_kept_with_the_type,
            a_reservation_is_kept_changed_and_used_while_its_booking_keeps_the_seat,
            a_reservation_belongs_to_its_studio,
            a_studios_library_keeps_contracts_and_questionnaires,
            a_removed_form_is_detached_from_the_types_that_asked_for_it,
            a_library_form_belongs_to_its_studio,
            a_signature_is_kept_word_for_word_with_the_completed_booking,
        );
    };
    (@each $make:path; $($behaviour:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $behaviour() {
                let Some(store) = $make().await else { return };
                $crate::conformance::$behaviour(&*store).await;
            }
        )*
    };
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 6, 3, hour, 0, 0)
        .single()
        .expect("valid instant")
}

fn email(text: &str) -> Email {
    Email::parse("email", text).expect("valid email")
}

fn settings(slug: &str) -> StudioSettings {
    StudioSettings::parse(&StudioSettingsInput {
        name: format!("Studio {slug}"),
        slug: slug.into(),
        timezone: "Europe/Berlin".into(),
        currency: "EUR".into(),
    })
    .expect("valid settings")
}

fn input_of(name: &str, capacity: u32) -> SessionTypeInput {
    SessionTypeInput {
        name: name.into(),
        description: "A session.".into(),
        duration_minutes: "60".into(),
        capacity: capacity.to_string(),
        price: "45.50".into(),
        status: "active".into(),
        location: "Room 1".into(),
        ..SessionTypeInput::default()
    }
}

fn spec(name: &str, capacity: u32) -> SessionTypeSpec {
    SessionTypeSpec::parse(&input_of(name, capacity), Currency::Eur).expect("valid spec")
}

async fn owned_studio(store: &dyn Store, slug: &str) -> Studio {
    let owner = store
        .create_user(&email(&format!("{slug}@example.com")), "hash", at(0))
        .await
        .expect("user");
    store
        .save_studio(owner.id, &settings(slug))
        .await
        .expect("studio")
}

async fn studio_with_type(store: &dyn Store, slug: &str, capacity: u32) -> (i64, i64) {
    let studio = owned_studio(store, slug).await;
    let session_type = store
        .create_session_type(studio.id, &spec("Lesson", capacity))
        .await
        .expect("type");
    (studio.id, session_type.id)
}

fn details(who: &str) -> BookingDetails {
    BookingDetails {
        booker: Booker::parse(who, &format!("{}@example.com", who.to_lowercase())).expect("booker"),
        answers: Answers::default(),
        payment: Some(PaymentChoice::AtSession),
        state: BookingState::Confirmed,
        user_id: None,
        student_zone: None,
        price: None,
        package: None,
        signature: None,
    }
}

fn new_booking(studio_id: i64, session_type_id: i64, hour: u32, who: &str) -> NewBooking {
    NewBooking {
        studio_id,
        session_type_id,
        start: at(hour),
        end: at(hour) + Duration::minutes(60),
        public_token: format!("token-{studio_id}-{hour}-{who}"),
        created_at: at(0),
        details: details(who),
    }
}

/// A hold taken at `at(0)` plus `minute` minutes, for 15 minutes.
fn new_hold(studio_id: i64, session_type_id: i64, hour: u32, minute: i64) -> NewHold {
    let created_at = at(0) + Duration::minutes(minute);
    NewHold {
        studio_id,
        session_type_id,
        start: at(hour),
        end: at(hour) + Duration::minutes(60),
        public_token: format!("hold-{studio_id}-{hour}-{minute}"),
        created_at,
        expires_at: created_at + Duration::minutes(15),
        user_id: None,
        preview: false,
    }
}

fn booker_name(summary: &crate::BookingSummary) -> &str {
    summary
        .booking
        .booker
        .as_ref()
        .map_or("", |booker| booker.name.as_str())
}

fn member(name: &str, address: &str) -> NewMember {
    NewMember {
        name: PersonName::parse("name", name).expect("valid name"),
        email: email(address),
    }
}

fn question(prompt: &str, kind: &str, options: &str, required: bool) -> RegistrationQuestionInput {
    RegistrationQuestionInput {
        prompt: prompt.into(),
        kind: kind.into(),
        options: options.into(),
        required,
    }
}

/// An online session type with a video link and registration questions.
fn online_spec(video_link: &str, questions: Vec<RegistrationQuestionInput>) -> SessionTypeSpec {
    SessionTypeSpec::parse(
        &SessionTypeInput {
            name: "Online lesson".into(),
            duration_minutes: "60".into(),
            capacity: "4".into(),
            price: "20".into(),
            status: "active".into(),
            video_link: video_link.into(),
            questions,
            ..SessionTypeInput::default()
        },
        Currency::Eur,
    )
    .expect("valid spec")
}

fn level_question() -> RegistrationQuestionInput {
    question(
        "Your level",
        "single_choice",
        "Beginner\nIntermediate\nAdvanced",
        true,
    )
}

fn always_room(_: &[TakenSeats]) -> Result<(), Refusal> {
    Ok(())
}

pub async fn a_user_is_found_by_email_after_sign_up(store: &dyn Store) {
    let created = store
        .create_user(&email("ada@example.com"), "argon-hash", at(0))
        .await
        .expect("created");
    let found = store
        .user_by_email(&email("ada@example.com"))
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found, created);
    assert_eq!(found.password_hash, "argon-hash");
    assert!(
        store
            .user_by_email(&email("bob@example.com"))
            .await
            .expect("query")
            .is_none()
    );
}

pub async fn an_email_can_register_only_once(store: &dyn Store) {
    store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("first");
    let second = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await;
    assert!(
        matches!(second, Err(StoreError::Conflict(Conflict::EmailTaken))),
        "{second:?}"
    );
}

pub async fn a_session_token_finds_its_user_until_it_expires(store: &dyn Store) {
    let user = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    store
        .create_auth_session(user.id, "token-hash", at(12))
        .await
        .expect("session");
    let during = store
        .user_for_session("token-hash", at(11))
        .await
        .expect("query");
    assert_eq!(during.map(|u| u.id), Some(user.id));
    assert!(
        store
            .user_for_session("token-hash", at(12))
            .await
            .expect("query")
            .is_none()
    );
    assert!(
        store
            .user_for_session("other", at(1))
            .await
            .expect("query")
            .is_none()
    );
}

pub async fn a_signed_out_session_no_longer_finds_its_user(store: &dyn Store) {
    let user = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    store
        .create_auth_session(user.id, "token-hash", at(12))
        .await
        .expect("session");
    store
        .delete_auth_session("token-hash")
        .await
        .expect("deleted");
    assert!(
        store
            .user_for_session("token-hash", at(1))
            .await
            .expect("query")
            .is_none()
    );
}

pub async fn a_reset_link_works_once_and_only_before_it_expires(store: &dyn Store) {
    let user = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    for (hash, expires) in [("fresh", at(2)), ("stale", at(1))] {
        store
            .create_password_reset(user.id, hash, expires)
            .await
            .expect("reset link");
    }
    let reset =
        |hash: &'static str, password: &'static str| store.reset_password(hash, at(1), password);
    assert_eq!(reset("fresh", "new").await.expect("query"), Some(user.id));
    assert_eq!(
        reset("fresh", "again").await.expect("query"),
        None,
        "used twice"
    );
    assert_eq!(
        reset("stale", "again").await.expect("query"),
        None,
        "expired"
    );
    assert_eq!(
        reset("unknown", "again").await.expect("query"),
        None,
        "unknown"
    );
    let stored = store
        .user_by_email(&email("ada@example.com"))
        .await
        .expect("query");
    assert_eq!(
        stored.map(|user| user.password_hash),
        Some("new".to_owned())
    );
}

pub async fn racing_uses_of_one_reset_link_let_exactly_one_through(store: &dyn Store) {
    let user = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    store
        .create_password_reset(user.id, "link", at(5))
        .await
        .expect("reset link");
    let attempts =
        futures::future::join_all((0..8).map(|_| store.reset_password("link", at(1), "raced")))
            .await;
    let winners = attempts
        .into_iter()
        .map(|attempt| attempt.expect("query"))
        .filter(Option::is_some)
        .count();
    assert_eq!(winners, 1);
}

pub async fn a_new_password_ends_every_session_and_unused_reset_link(store: &dyn Store) {
    let ada = store
        .create_user(&email("ada@example.com"), "old", at(0))
        .await
        .expect("user");
    let bob = store
        .create_user(&email("bob@example.com"), "bob's", at(0))
        .await
        .expect("user");
    for (user, token) in [
        (ada.id, "ada-laptop"),
        (ada.id, "ada-phone"),
        (bob.id, "bob"),
    ] {
        store
            .create_auth_session(user, token, at(12))
            .await
            .expect("session");
    }
    store
        .create_password_reset(ada.id, "ada-link", at(12))
        .await
        .expect("reset link");
    store
        .replace_password(ada.id, "new")
        .await
        .expect("replaced");

    for token in ["ada-laptop", "ada-phone"] {
        assert!(
            store
                .user_for_session(token, at(1))
                .await
                .expect("query")
                .is_none()
        );
    }
    assert!(
        store
            .reset_password("ada-link", at(1), "from the old link")
            .await
            .expect("query")
            .is_none()
    );
    let bob_session = store.user_for_session("bob", at(1)).await.expect("query");
    assert_eq!(
        bob_session.map(|user| user.password_hash),
        Some("bob's".to_owned())
    );
    let ada = store
        .user_by_email(&email("ada@example.com"))
        .await
        .expect("query");
    assert_eq!(ada.map(|user| user.password_hash), Some("new".to_owned()));
}

pub async fn a_studio_is_created_then_updated_in_place(store: &dyn Store) {
    let owner = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    assert!(
        store
            .studio_of_owner(owner.id)
            .await
            .expect("query")
            .is_none()
    );
    let created = store
        .save_studio(owner.id, &settings("maple-yoga"))
        .await
        .expect("created");
    let updated = store
        .save_studio(owner.id, &settings("maple-pilates"))
        .await
        .expect("updated");
    assert_eq!(created.id, updated.id);
    assert_eq!(
        store.studio_of_owner(owner.id).await.expect("query"),
        Some(updated.clone())
    );
    let by_slug = store
        .studio_by_slug(&Slug::parse("slug", "maple-pilates").expect("slug"))
        .await
        .expect("query");
    assert_eq!(by_slug, Some(updated.clone()));
    let unknown_id = updated.id + 1000;
    assert!(store.studio(unknown_id).await.expect("query").is_none());
    assert_eq!(
        store.studio(updated.id).await.expect("query"),
        Some(updated)
    );
    let old = store
        .studio_by_slug(&Slug::parse("slug", "maple-yoga").expect("slug"))
        .await
        .expect("query");
    assert!(old.is_none());

    // The time zone and the currency change only in Settings (save_offerings).
    let elsewhere = StudioSettings::parse(&StudioSettingsInput {
        name: "Maple".into(),
        slug: "maple-pilates".into(),
        timezone: "Asia/Tokyo".into(),
        currency: "JPY".into(),
    })
    .expect("valid settings");
    let renamed = store
        .save_studio(owner.id, &elsewhere)
        .await
        .expect("renamed");
    assert_eq!(renamed.settings.name.as_str(), "Maple");
    assert_eq!(renamed.settings.timezone.name(), "Europe/Berlin");
    assert_eq!(renamed.settings.currency, Currency::Eur);
}

pub async fn a_slug_belongs_to_one_studio(store: &dyn Store) {
    let ada = store
        .create_user(&email("ada@example.com"), "h", at(0))
        .await
        .expect("user");
    let bob = store
        .create_user(&email("bob@example.com"), "h", at(0))
        .await
        .expect("user");
    store
        .save_studio(ada.id, &settings("maple-yoga"))
        .await
        .expect("ada's studio");
    let taken = store.save_studio(bob.id, &settings("maple-yoga")).await;
    assert!(
        matches!(taken, Err(StoreError::Conflict(Conflict::SlugTaken))),
        "{taken:?}"
    );
}

pub async fn session_types_are_kept_per_studio(store: &dyn Store) {
    let (studio, first) = studio_with_type(store, "first-studio", 1).await;
    let (other_studio, other_type) = studio_with_type(store, "other-studio", 1).await;
    let second = store
        .create_session_type(studio, &spec("Group class", 8))
        .await
        .expect("second");
    let listed = store.session_types(studio).await.expect("list");
    assert_eq!(
        listed.iter().map(|t| t.id).collect::<Vec<_>>(),
        [first, second.id]
    );
    assert_eq!(listed[1].spec, spec("Group class", 8));
    assert_eq!(
        store.session_type(studio, second.id).await.expect("query"),
        Some(second)
    );
    assert!(
        store
            .session_type(studio, other_type)
            .await
            .expect("query")
            .is_none()
    );
    assert!(
        store
            .session_type(other_studio, first)
            .await
            .expect("query")
            .is_none()
    );
}

pub async fn weekly_hours_are_replaced_as_a_whole(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "hours-studio", 1).await;
    assert!(store.weekly_hours(studio).await.expect("query").is_empty());
    let first = WeeklyHours::parse([
        "09:00-12:00, 13:00-17:00",
        "",
        "10:00-11:00",
        "",
        "",
        "",
        "",
    ])
    .expect("hours");
    store
        .save_weekly_hours(studio, &first)
        .await
        .expect("saved");
    assert_eq!(store.weekly_hours(studio).await.expect("query"), first);
    let second = WeeklyHours::parse(["", "", "", "", "", "08:00-24:00", ""]).expect("hours");
    store
        .save_weekly_hours(studio, &second)
        .await
        .expect("saved");
    assert_eq!(store.weekly_hours(studio).await.expect("query"), second);
}

pub async fn a_booking_is_stored_and_found_by_its_id(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "token-studio", 1).await;
    let request = new_booking(studio, session_type, 9, "Ada");
    let booking = store
        .book(&request, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("booked");
    assert_eq!(booking.state, BookingState::Confirmed);
    assert_eq!(booking.start, request.start);
    assert_eq!(booking.booker.as_ref(), Some(&request.details.booker));
    assert_eq!(booking.payment, Some(PaymentChoice::AtSession));
    assert_eq!(booking.public_token, request.public_token);
    let found = store.booking_by_id(booking.id).await.expect("query");
    assert_eq!(found, Some(booking.clone()));
    assert!(
        store
            .booking_by_id(booking.id + 1000)
            .await
            .expect("query")
            .is_none()
    );
    let (other_studio, _) = studio_with_type(store, "token-other-studio", 1).await;
    assert!(
        store
            .booking(other_studio, booking.id)
            .await
            .expect("query")
            .is_none()
    );
    assert_eq!(
        store
            .booking(studio, booking.id)
            .await
            .expect("query")
            .map(|summary| summary.booking),
        Some(booking)
    );
}

pub async fn a_refused_check_stores_nothing(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "refused-studio", 1).await;
    let refuse = |_: &[TakenSeats]| Err(Refusal::OutsideHours);
    let result = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &refuse,
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(
        matches!(result, Err(BookingError::Refused(Refusal::OutsideHours))),
        "{result:?}"
    );
    assert!(
        store
            .bookings(studio, &BookingQuery::default())
            .await
            .expect("list")
            .is_empty()
    );
}

pub async fn the_check_sees_the_seats_already_taken(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "seen-studio", 3).await;
    store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("first");
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |taken: &[TakenSeats]| {
        seen.lock().expect("lock").extend_from_slice(taken);
        Ok(())
    };
    store
        .book(
            &new_booking(studio, session_type, 9, "Bob"),
            &record,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("second");
    let seen = seen.into_inner().expect("lock");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].start, at(9));
    assert_eq!(seen[0].session_type_id, session_type);
    let taken = store
        .taken_seats(studio, at(8), at(11), at(0))
        .await
        .expect("taken");
    assert_eq!(taken.len(), 1, "seats of one session are counted together");
    assert_eq!(taken[0].seats, 2);
    assert!(
        store
            .taken_seats(studio, at(10), at(11), at(0))
            .await
            .expect("taken")
            .is_empty()
    );
}

pub async fn the_same_person_cannot_take_the_same_slot_twice(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "twice-studio", 5).await;
    store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("first");
    let mut again = new_booking(studio, session_type, 9, "Ada");
    again.public_token = "another-token".into();
    let result = store.book(&again, &always_room, crate::NO_FOLLOW_UPS).await;
    assert!(
        matches!(result, Err(BookingError::AlreadyBooked)),
        "{result:?}"
    );
}

pub async fn bookings_are_listed_soonest_first_with_their_type(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "listed-studio", 1).await;
    let (other_studio, other_type) = studio_with_type(store, "unlisted-studio", 1).await;
    store
        .book(
            &new_booking(studio, session_type, 15, "Late"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("late");
    store
        .book(
            &new_booking(studio, session_type, 9, "Early"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("early");
    store
        .book(
            &new_booking(other_studio, other_type, 10, "Else"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("else");
    let listed = store
        .bookings(studio, &BookingQuery::default())
        .await
        .expect("list");
    let names: Vec<&str> = listed.iter().map(booker_name).collect();
    assert_eq!(names, ["Early", "Late"]);
    assert_eq!(listed[0].session_type_name, "Lesson");
}

pub async fn concurrent_bookings_never_oversell_a_slot(store: &dyn Store) {
    const CAPACITY: u32 = 3;
    let (studio, session_type) = studio_with_type(store, "race-studio", CAPACITY).await;
    let check = move |taken: &[TakenSeats]| {
        let used: u32 = taken.iter().map(|t| t.seats).sum();
        if used < CAPACITY {
            Ok(())
        } else {
            Err(Refusal::Full)
        }
    };
    let attempts = (0..20).map(|n| {
        let request = new_booking(studio, session_type, 9, &format!("Student{n}"));
        let check = &check;
        async move { store.book(&request, check, crate::NO_FOLLOW_UPS).await }
    });
    let results = futures::future::join_all(attempts).await;
    let booked = results.iter().filter(|r| r.is_ok()).count();
    let full = results
        .iter()
        .filter(|r| matches!(r, Err(BookingError::Refused(Refusal::Full))))
        .count();
    assert_eq!(booked, CAPACITY as usize, "{results:?}");
    assert_eq!(full, 20 - CAPACITY as usize, "{results:?}");
}

pub async fn every_session_type_setting_is_kept(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "settings-studio", 1).await;
    let full = SessionTypeSpec::parse(
        &SessionTypeInput {
            name: "Everything set".into(),
            description: "All the advanced settings.".into(),
            duration_minutes: "90".into(),
            capacity: "6".into(),
            price: "40".into(),
            non_member_price: "55.50".into(),
            status: "paused".into(),
            location: "Hall B".into(),
            access_level: "members_only".into(),
            buffer_minutes: "15".into(),
            start_every_minutes: "30".into(),
            min_lead_hours: "12".into(),
            max_lead_days: "30".into(),
            max_per_day: "3".into(),
            change_cutoff_hours: "6".into(),
            cover_image: "covers/hall-b.webp".into(),
            ..SessionTypeInput::default()
        },
        Currency::Eur,
    )
    .expect("valid spec");
    let created = store
        .create_session_type(studio, &full)
        .await
        .expect("created");
    assert_eq!(created.spec, full);
    let found = store
        .session_type(studio, created.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.spec, full);
}

pub async fn taken_seats_carry_their_types_buffer(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "buffer-studio", 1).await;
    let buffered = SessionTypeSpec::parse(
        &SessionTypeInput {
            name: "Buffered".into(),
            duration_minutes: "60".into(),
            capacity: "1".into(),
            price: "10".into(),
            status: "active".into(),
            buffer_minutes: "30".into(),
            ..SessionTypeInput::default()
        },
        Currency::Eur,
    )
    .expect("valid spec");
    let session_type = store
        .create_session_type(studio, &buffered)
        .await
        .expect("created");
    store
        .book(
            &new_booking(studio, session_type.id, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    let taken = store
        .taken_seats(studio, at(8), at(11), at(0))
        .await
        .expect("taken");
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].buffer_minutes, 30);
}

pub async fn a_session_type_is_updated_only_within_its_studio(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "update-studio", 1).await;
    let (other_studio, _) = studio_with_type(store, "other-update-studio", 1).await;
    let renamed = spec("Renamed lesson", 4);
    let updated = store
        .update_session_type(studio, session_type, &renamed)
        .await
        .expect("update")
        .expect("found");
    assert_eq!(
        (updated.id, updated.spec.clone()),
        (session_type, renamed.clone())
    );
    assert_eq!(
        store
            .session_type(studio, session_type)
            .await
            .expect("query")
            .map(|t| t.spec),
        Some(renamed)
    );
    let foreign = store
        .update_session_type(other_studio, session_type, &spec("Hijacked", 1))
        .await
        .expect("update");
    assert!(foreign.is_none());
    assert_eq!(
        store
            .session_type(studio, session_type)
            .await
            .expect("query")
            .map(|t| t.spec.name.to_string()),
        Some("Renamed lesson".to_owned())
    );
}

pub async fn date_overrides_close_days_or_change_their_hours(store: &dyn Store) {
    use chrono::NaiveDate;
    use domain::availability::{TimeRange, WallMinute};
    let (studio, _) = studio_with_type(store, "override-studio", 1).await;
    let (other_studio, _) = studio_with_type(store, "other-override-studio", 1).await;
    let weekly = WeeklyHours::parse(["09:00-17:00"; 7]).expect("hours");
    store
        .save_weekly_hours(studio, &weekly)
        .await
        .expect("saved");
    let christmas = NaiveDate::from_ymd_opt(2030, 12, 25).expect("date");
    let eve = NaiveDate::from_ymd_opt(2030, 12, 24).expect("date");
    let range = |from: u16, to: u16| {
        TimeRange::new(
            WallMinute::new(from).expect("minute"),
            WallMinute::new(to).expect("minute"),
        )
        .expect("range")
    };
    store
        .save_date_override(studio, christmas, &[])
        .await
        .expect("closed");
    store
        .save_date_override(studio, eve, &[range(600, 720), range(780, 840)])
        .await
        .expect("short day");
    store
        .save_date_override(other_studio, eve, &[])
        .await
        .expect("other studio");
    let hours = store.opening_hours(studio).await.expect("hours");
    assert!(hours.ranges_on(christmas).is_empty());
    assert_eq!(hours.ranges_on(eve), [range(600, 720), range(780, 840)]);
    assert_eq!(
        hours.ranges_on(NaiveDate::from_ymd_opt(2030, 12, 23).expect("date")),
        [range(540, 1020)]
    );

    store
        .save_date_override(studio, eve, &[range(480, 540)])
        .await
        .expect("replaced");
    assert_eq!(
        store
            .opening_hours(studio)
            .await
            .expect("hours")
            .ranges_on(eve),
        [range(480, 540)]
    );
    store
        .remove_date_override(studio, christmas)
        .await
        .expect("removed");
    assert_eq!(
        store
            .opening_hours(studio)
            .await
            .expect("hours")
            .ranges_on(christmas),
        [range(540, 1020)]
    );
    assert_eq!(
        store
            .opening_hours(studio)
            .await
            .expect("hours")
            .overrides()
            .count(),
        1
    );
}

pub async fn offerings_start_at_the_defaults_and_are_saved_per_studio(store: &dyn Store) {
    let studio = owned_studio(store, "offerings-studio").await;
    let other = owned_studio(store, "other-offerings-studio").await;
    assert_eq!(
        store.offerings(studio.id).await.expect("query"),
        Offerings::default()
    );
    let chosen = Offerings {
        personal_sessions: false,
        show_on_landing: false,
        default_access: AccessLevel::MembersOnly,
        payments: PaymentMethods::new(false, true, true, true).expect("payments"),
    };
    let tokyo = domain::timezone::StudioTimezone::parse("timezone", "Asia/Tokyo").expect("zone");
    store
        .save_offerings(studio.id, &chosen, tokyo, Currency::Jpy)
        .await
        .expect("saved");
    assert_eq!(store.offerings(studio.id).await.expect("query"), chosen);
    let saved = store
        .studio(studio.id)
        .await
        .expect("query")
        .expect("studio");
    assert_eq!(
        saved.settings.timezone, tokyo,
        "the time zone is saved with them"
    );
    assert_eq!(saved.settings.currency, Currency::Jpy);
    assert_eq!(
        saved.settings.name, studio.settings.name,
        "the name is left alone"
    );
    assert_eq!(
        store.offerings(other.id).await.expect("query"),
        Offerings::default()
    );

    // Saving the studio's settings leaves its offerings as they were.
    store
        .save_studio(studio.owner_id, &settings("renamed-offerings-studio"))
        .await
        .expect("studio saved");
    assert_eq!(store.offerings(studio.id).await.expect("query"), chosen);

    let changed = Offerings {
        personal_sessions: true,
        default_access: AccessLevel::Private,
        payments: PaymentMethods::new(true, false, false, false).expect("payments"),
        ..chosen
    };
    store
        .save_offerings(studio.id, &changed, tokyo, Currency::Eur)
        .await
        .expect("saved again");
    assert_eq!(store.offerings(studio.id).await.expect("query"), changed);
}

pub async fn members_are_added_listed_by_name_and_removed_within_their_studio(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "members-studio", 1).await;
    let (other_studio, _) = studio_with_type(store, "other-members-studio", 1).await;
    assert!(store.members(studio).await.expect("list").is_empty());
    let added = store
        .add_members(
            studio,
            &[
                member("bob", "bob@example.com"),
                member("Ada", "ada.z@example.com"),
                member("Carl", "carl@example.com"),
                member("ada", "ada.a@example.com"),
            ],
            at(1),
        )
        .await
        .expect("added");
    assert_eq!(
        added,
        MembersAdded {
            added: 4,
            already_members: Vec::new()
        }
    );
    store
        .add_members(other_studio, &[member("Zed", "zed@example.com")], at(1))
        .await
        .expect("added elsewhere");

    let listed = store.members(studio).await.expect("list");
    let entries: Vec<(&str, &str)> = listed
        .iter()
        .map(|m| (m.name.as_str(), m.email.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("ada", "ada.a@example.com"),
            ("Ada", "ada.z@example.com"),
            ("bob", "bob@example.com"),
            ("Carl", "carl@example.com"),
        ]
    );
    assert!(listed.iter().all(|m| m.studio_id == studio));

    let bob = listed[2].id;
    assert!(
        !store
            .remove_member(other_studio, bob)
            .await
            .expect("remove elsewhere")
    );
    assert_eq!(store.members(studio).await.expect("list").len(), 4);
    let zed = store.members(other_studio).await.expect("list")[0].id;
    assert!(!store.remove_member(studio, zed).await.expect("remove"));
    assert_eq!(store.members(other_studio).await.expect("list").len(), 1);

    assert!(store.remove_member(studio, bob).await.expect("remove"));
    assert!(
        !store
            .remove_member(studio, bob)
            .await
            .expect("remove again")
    );
    let remaining: Vec<String> = store
        .members(studio)
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.email.as_str().to_owned())
        .collect();
    assert_eq!(
        remaining,
        ["ada.a@example.com", "ada.z@example.com", "carl@example.com"]
    );
}

pub async fn adding_an_existing_member_skips_and_reports_it(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "existing-members-studio", 1).await;
    let (other_studio, _) = studio_with_type(store, "other-existing-studio", 1).await;
    store
        .add_members(
            studio,
            &[
                member("Ada", "ada@example.com"),
                member("Bob", "bob@example.com"),
            ],
            at(1),
        )
        .await
        .expect("first import");
    let outcome = store
        .add_members(
            studio,
            &[
                member("Carl", "carl@example.com"),
                member("Ada Again", "ada@example.com"),
                member("Carl Twice", "carl@example.com"),
                member("Dan", "dan@example.com"),
            ],
            at(2),
        )
        .await
        .expect("second import");
    assert_eq!(
        outcome,
        MembersAdded {
            added: 2,
            already_members: vec![email("ada@example.com"), email("carl@example.com")],
        }
    );
    let names: Vec<String> = store
        .members(studio)
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.name.as_str().to_owned())
        .collect();
    assert_eq!(names, ["Ada", "Bob", "Carl", "Dan"], "never overwritten");

    let elsewhere = store
        .add_members(
            other_studio,
            &[member("Ada Elsewhere", "ada@example.com")],
            at(3),
        )
        .await
        .expect("other studio");
    assert_eq!(
        elsewhere,
        MembersAdded {
            added: 1,
            already_members: Vec::new()
        }
    );
    assert_eq!(store.members(studio).await.expect("list").len(), 4);
}

pub async fn is_member_matches_the_stored_email(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "is-member-studio", 1).await;
    let (other_studio, _) = studio_with_type(store, "not-member-studio", 1).await;
    store
        .add_members(studio, &[member("Ada", "ada@example.com")], at(1))
        .await
        .expect("added");
    let typed = email("  Ada@Example.COM ");
    assert!(store.is_member(studio, &typed).await.expect("query"));
    assert!(
        !store
            .is_member(studio, &email("adam@example.com"))
            .await
            .expect("query")
    );
    assert!(!store.is_member(other_studio, &typed).await.expect("query"));
    let ada = store.members(studio).await.expect("list")[0].id;
    assert!(store.remove_member(studio, ada).await.expect("removed"));
    assert!(!store.is_member(studio, &typed).await.expect("query"));
}

pub async fn video_link_and_questions_of_a_session_type_are_kept(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "online-studio", 1).await;
    let online = online_spec(
        "https://Zoom.US/j/123?pwd=Abc",
        vec![
            level_question(),
            question("Anything we should know?", "long_text", "", false),
        ],
    );
    let created = store
        .create_session_type(studio, &online)
        .await
        .expect("created");
    assert_eq!(created.spec, online);
    let found = store
        .session_type(studio, created.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.spec, online);
    assert_eq!(
        found.spec.video_link.as_ref().map(|link| link.as_str()),
        Some("https://zoom.us/j/123?pwd=Abc")
    );
    let level = &found.spec.questions.as_slice()[0];
    assert!(level.required);
    assert_eq!(level.kind.as_str(), "single_choice");

    let reworded = online_spec(
        "https://meet.google.com/abc-defg-hij",
        vec![question("What should we call you?", "short_text", "", true)],
    );
    let updated = store
        .update_session_type(studio, created.id, &reworded)
        .await
        .expect("update")
        .expect("found");
    assert_eq!(updated.spec, reworded);
    let listed = store.session_types(studio).await.expect("list");
    assert_eq!(
        listed.iter().find(|t| t.id == created.id).map(|t| &t.spec),
        Some(&reworded)
    );

    let plain = online_spec("", Vec::new());
    let cleared = store
        .update_session_type(studio, created.id, &plain)
        .await
        .expect("update")
        .expect("found");
    assert_eq!(cleared.spec.video_link, None);
    assert!(cleared.spec.questions.is_empty());
    assert_eq!(
        store
            .session_type(studio, created.id)
            .await
            .expect("query")
            .map(|t| t.spec),
        Some(plain)
    );
}

pub async fn a_booking_and_a_filled_in_hold_keep_the_students_time_zone(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "zone-studio", 2).await;
    let tokyo =
        Some(domain::timezone::StudioTimezone::parse("student_zone", "Asia/Tokyo").expect("zone"));
    let mut request = new_booking(studio, session_type, 9, "Ada");
    request.details.student_zone = tokyo;
    let booked = store
        .book(&request, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("booked");
    assert_eq!(booked.student_zone, tokyo);
    let read = store
        .booking_by_id(booked.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(read.student_zone, tokyo);

    let hold = store
        .hold(&new_hold(studio, session_type, 11, 0), &always_room)
        .await
        .expect("held");
    assert_eq!(hold.student_zone, None, "a hold knows no student yet");
    let lima = Some(
        domain::timezone::StudioTimezone::parse("student_zone", "America/Lima").expect("zone"),
    );
    let filled = store
        .complete_hold(
            hold.id,
            &BookingDetails {
                student_zone: lima,
                ..details("Bea")
            },
            at(0) + Duration::minutes(1),
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("filled in");
    assert_eq!(filled.student_zone, lima);
    let unknown = store
        .book(
            &new_booking(studio, session_type, 13, "Cy"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    assert_eq!(unknown.student_zone, None);
}

pub async fn a_booking_keeps_the_students_answers(store: &dyn Store) {
    let (studio, _) = studio_with_type(store, "answers-studio", 1).await;
    let spec = online_spec(
        "https://zoom.us/j/1",
        vec![
            level_question(),
            question("Anything we should know?", "long_text", "", false),
        ],
    );
    let session_type = store
        .create_session_type(studio, &spec)
        .await
        .expect("created");
    let answers = Answers::parse(
        &spec.questions,
        &[
            (0, "Intermediate".to_owned()),
            (1, "A sore knee,\nleft side.".to_owned()),
        ],
    )
    .expect("valid answers");
    let mut request = new_booking(studio, session_type.id, 9, "Ada");
    request.details.answers = answers.clone();
    let booking = store
        .book(&request, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("booked");
    assert_eq!(booking.answers, answers);
    assert_eq!(booking.answers.as_slice()[0].prompt(), "Your level");
    assert_eq!(
        booking.answers.as_slice()[1].value(),
        "A sore knee,\nleft side."
    );
    let found = store
        .booking_by_id(booking.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.answers, answers);

    let unanswered = new_booking(studio, session_type.id, 11, "Bob");
    store
        .book(&unanswered, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("booked without answers");
    let listed = store
        .bookings(studio, &BookingQuery::default())
        .await
        .expect("list");
    let by_name: Vec<(&str, &Answers)> = listed
        .iter()
        .map(|b| (booker_name(b), &b.booking.answers))
        .collect();
    assert_eq!(by_name, [("Ada", &answers), ("Bob", &Answers::default())]);
}

pub async fn a_hold_keeps_its_seat_until_it_runs_out(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "hold-studio", 1).await;
    let hold = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    assert_eq!(
        hold.state,
        BookingState::Held {
            expires_at: at(0) + Duration::minutes(15)
        }
    );
    assert_eq!(hold.booker, None);
    let seats_at =
        |minute: i64| store.taken_seats(studio, at(8), at(11), at(0) + Duration::minutes(minute));
    assert_eq!(
        seats_at(14).await.expect("taken").len(),
        1,
        "kept while it runs"
    );
    assert!(
        seats_at(15).await.expect("taken").is_empty(),
        "released when it runs out"
    );
    assert!(
        store
            .bookings(studio, &BookingQuery::default())
            .await
            .expect("list")
            .is_empty(),
        "a hold nobody filled in is not a booking yet"
    );
}

pub async fn a_hold_is_filled_in_once_and_never_after_it_runs_out(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "fill-studio", 2).await;
    let hold = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    let deadline = at(9);
    let pending = BookingDetails {
        payment: Some(PaymentChoice::ByCheck),
        state: BookingState::PaymentPending { deadline },
        ..details("Ada")
    };
    let filled = store
        .complete_hold(
            hold.id,
            &pending,
            at(0) + Duration::minutes(10),
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("filled in");
    assert_eq!(filled.state, BookingState::PaymentPending { deadline });
    assert_eq!(filled.payment, Some(PaymentChoice::ByCheck));
    assert_eq!(filled.booker.as_ref().map(|b| b.name.as_str()), Some("Ada"));
    let again = store
        .complete_hold(
            hold.id,
            &details("Ada"),
            at(0) + Duration::minutes(11),
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(matches!(again, Err(BookingError::Changed)), "{again:?}");

    let late = store
        .hold(&new_hold(studio, session_type, 9, 1), &always_room)
        .await
        .expect("held");
    let result = store
        .complete_hold(
            late.id,
            &details("Bob"),
            at(0) + Duration::minutes(16),
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(matches!(result, Err(BookingError::Changed)), "{result:?}");

    let same_person = store
        .hold(&new_hold(studio, session_type, 9, 2), &always_room)
        .await
        .expect("held");
    let result = store
        .complete_hold(
            same_person.id,
            &details("Ada"),
            at(0) + Duration::minutes(3),
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(
        matches!(result, Err(BookingError::AlreadyBooked)),
        "{result:?}"
    );
}

pub async fn concurrent_holds_never_oversell_a_slot(store: &dyn Store) {
    const CAPACITY: u32 = 2;
    let (studio, session_type) = studio_with_type(store, "hold-race-studio", CAPACITY).await;
    let check = move |taken: &[TakenSeats]| {
        let used: u32 = taken.iter().map(|t| t.seats).sum();
        if used < CAPACITY {
            Ok(())
        } else {
            Err(Refusal::Full)
        }
    };
    let attempts = (0..12).map(|n| {
        let mut request = new_hold(studio, session_type, 9, 0);
        request.public_token = format!("race-hold-{n}");
        let check = &check;
        async move { store.hold(&request, check).await }
    });
    let results = futures::future::join_all(attempts).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        CAPACITY as usize,
        "{results:?}"
    );
}

pub async fn a_state_changes_only_from_the_state_it_was_read_in(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "state-studio", 1).await;
    let booking = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    let cancelled = BookingState::Cancelled {
        by: Party::Instructor,
        at: at(1),
    };
    assert!(
        store
            .change_state(
                booking.id,
                BookingState::Confirmed,
                cancelled,
                Some("Studio closed"),
                crate::NO_FOLLOW_UPS
            )
            .await
            .expect("changed")
    );
    assert!(
        !store
            .change_state(
                booking.id,
                BookingState::Confirmed,
                BookingState::Completed,
                None,
                crate::NO_FOLLOW_UPS
            )
            .await
            .expect("query"),
        "the booking is no longer confirmed"
    );
    let found = store
        .booking_by_id(booking.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.state, cancelled);
    assert_eq!(found.message.as_deref(), Some("Studio closed"));
    assert!(
        store
            .taken_seats(studio, at(8), at(11), at(0))
            .await
            .expect("taken")
            .is_empty(),
        "a cancelled booking frees its seat"
    );
}

pub async fn a_booking_moves_only_where_the_check_allows(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "move-studio", 1).await;
    let booking = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |taken: &[TakenSeats]| {
        seen.lock().expect("lock").extend_from_slice(taken);
        Ok(())
    };
    let moved = store
        .move_booking(
            booking.id,
            &BookingMove {
                from_start: at(9),
                to: (at(10), at(11)),
                state: BookingState::Confirmed,
            },
            at(0),
            &record,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("moved");
    assert_eq!((moved.start, moved.end, moved.moves), (at(10), at(11), 1));
    assert!(
        seen.into_inner().expect("lock").is_empty(),
        "the booking's own seat is not counted against its move"
    );
    let stale = store
        .move_booking(
            booking.id,
            &BookingMove {
                from_start: at(9),
                to: (at(12), at(13)),
                state: BookingState::Confirmed,
            },
            at(0),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(matches!(stale, Err(BookingError::Changed)), "{stale:?}");
    let refuse = |_: &[TakenSeats]| Err(Refusal::Taken);
    let refused = store
        .move_booking(
            booking.id,
            &BookingMove {
                from_start: at(10),
                to: (at(12), at(13)),
                state: BookingState::Confirmed,
            },
            at(0),
            &refuse,
            crate::NO_FOLLOW_UPS,
        )
        .await;
    assert!(
        matches!(refused, Err(BookingError::Refused(Refusal::Taken))),
        "{refused:?}"
    );
    let found = store
        .booking_by_id(booking.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.start, at(10));
}

/// Pat's booking at 9, waiting for a check due at 00:05.
async fn payment_due_by_five_past(store: &dyn Store, studio: i64, session_type: i64) -> Booking {
    pending_by_check(store, (studio, session_type), None).await
}

/// Pat's booking at 09:00, to be paid by check by `at(0)` + 5 minutes.
async fn pending_by_check(
    store: &dyn Store,
    (studio, session_type): (i64, i64),
    price: Option<domain::fees::BookingPrice>,
) -> Booking {
    let pending = NewBooking {
        details: BookingDetails {
            state: BookingState::PaymentPending {
                deadline: at(0) + Duration::minutes(5),
            },
            payment: Some(PaymentChoice::ByCheck),
            price,
            ..details("Pat")
        },
        ..new_booking(studio, session_type, 9, "Pat")
    };
    store
        .book(&pending, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("pending")
}

pub async fn overdue_holds_and_payments_expire_once_however_many_sweep(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "sweep-studio", 5).await;
    let running_out = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    let still_running = store
        .hold(&new_hold(studio, session_type, 9, 10), &always_room)
        .await
        .expect("held");
    let pending = payment_due_by_five_past(store, studio, session_type).await;
    let now = at(0) + Duration::minutes(20);
    let sweeps = (0..4).map(|_| store.expire_overdue(now, crate::NO_FOLLOW_UPS));
    let swept: Vec<i64> = futures::future::join_all(sweeps)
        .await
        .into_iter()
        .flat_map(|result| result.expect("swept"))
        .map(|booking| booking.id)
        .collect();
    let mut sorted = swept.clone();
    sorted.sort_unstable();
    let mut expected = vec![running_out.id, pending.id];
    expected.sort_unstable();
    assert_eq!(
        sorted, expected,
        "each overdue booking is returned exactly once"
    );
    let kept = store
        .booking_by_id(still_running.id)
        .await
        .expect("query")
        .expect("found");
    assert!(matches!(kept.state, BookingState::Held { .. }));
    let expired = store
        .booking_by_id(pending.id)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(expired.state, BookingState::Expired { at: now });
}

pub async fn bookings_are_filtered_by_status_type_dates_and_search(store: &dyn Store) {
    let (studio, lesson) = studio_with_type(store, "filter-studio", 1).await;
    let workshop = store
        .create_session_type(studio, &spec("Workshop", 4))
        .await
        .expect("type")
        .id;
    store
        .book(
            &new_booking(studio, lesson, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("ada");
    let bob = store
        .book(
            &new_booking(studio, workshop, 12, "Bob"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("bob");
    store
        .book(
            &new_booking(studio, lesson, 15, "Cy_Lee"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("cy");
    store
        .change_state(
            bob.id,
            BookingState::Confirmed,
            BookingState::Cancelled {
                by: Party::Student,
                at: at(1),
            },
            None,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("cancelled");
    let names = |query: BookingQuery| async move {
        store
            .bookings(studio, &query)
            .await
            .expect("list")
            .iter()
            .map(|summary| booker_name(summary).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(BookingQuery::default()).await,
        ["Ada", "Bob", "Cy_Lee"]
    );
    assert_eq!(
        names(BookingQuery {
            status: Some(BookingStatus::Cancelled),
            ..BookingQuery::default()
        })
        .await,
        ["Bob"]
    );
    assert_eq!(
        names(BookingQuery {
            session_type_id: Some(lesson),
            ..BookingQuery::default()
        })
        .await,
        ["Ada", "Cy_Lee"]
    );
    assert_eq!(
        names(BookingQuery {
            from: Some(at(10)),
            to: Some(at(15)),
            ..BookingQuery::default()
        })
        .await,
        ["Bob"]
    );
    assert_eq!(
        names(BookingQuery {
            search: Some("ADA@EXAMPLE".into()),
            ..BookingQuery::default()
        })
        .await,
        ["Ada"]
    );
    assert_eq!(
        names(BookingQuery {
            search: Some("_".into()),
            ..BookingQuery::default()
        })
        .await,
        ["Cy_Lee"],
        "an underscore matches itself, not any character"
    );
}

pub async fn a_students_bookings_are_found_through_their_account(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "mine-studio", 3).await;
    let student = store
        .create_user(&email("student@example.com"), "hash", at(0))
        .await
        .expect("student");
    let mut mine = new_booking(studio, session_type, 9, "Ada");
    mine.details.user_id = Some(student.id);
    store
        .book(&mine, &always_room, crate::NO_FOLLOW_UPS)
        .await
        .expect("mine");
    store
        .book(
            &new_booking(studio, session_type, 9, "Bob"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("someone else's");
    let listed = store.bookings_of_user(student.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(booker_name(&listed[0]), "Ada");
    assert_eq!(listed[0].studio_name, "Studio mine-studio");
}

pub async fn a_secret_is_created_once_and_then_shared(store: &dyn Store) {
    let first = store
        .secret("links", "first-candidate")
        .await
        .expect("secret");
    let second = store
        .secret("links", "second-candidate")
        .await
        .expect("secret");
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("first-candidate", "first-candidate")
    );
}

pub async fn a_sign_in_link_works_once_and_only_before_it_expires(store: &dyn Store) {
    let address = email("member@example.com");
    store
        .create_sign_in_link(&address, "link-hash", at(1))
        .await
        .expect("created");
    store
        .create_sign_in_link(&address, "late-hash", at(1))
        .await
        .expect("created");
    assert_eq!(
        store
            .use_sign_in_link("link-hash", at(0))
            .await
            .expect("used"),
        Some(address)
    );
    assert_eq!(
        store
            .use_sign_in_link("link-hash", at(0))
            .await
            .expect("query"),
        None
    );
    assert_eq!(
        store
            .use_sign_in_link("late-hash", at(1))
            .await
            .expect("query"),
        None
    );
    assert_eq!(
        store
            .use_sign_in_link("unknown", at(0))
            .await
            .expect("query"),
        None
    );
}

pub async fn packages_and_a_bookings_package_and_discount_are_kept_and_relabelled(
    store: &dyn Store,
) {
    use domain::packages::PackageInput;
    let studio = owned_studio(store, "packages-studio").await;
    let package = |name: &str, price: &str| PackageInput {
        name: name.into(),
        description: "Edited by hand.".into(),
        included: "Online gallery\nPrint release".into(),
        price: price.into(),
    };
    let with_packages = SessionTypeSpec::parse(
        &SessionTypeInput {
            packages: vec![package("5 photos", "150"), package("All photos", "250.50")],
            // A whole price, so that only the package's cents stand in the way of yen.
            price: "45".into(),
            ..input_of("Portraits", 1)
        },
        Currency::Eur,
    )
    .expect("valid spec");
    let created = store
        .create_session_type(studio.id, &with_packages)
        .await
        .expect("type");
    assert_eq!(created.spec.packages, with_packages.packages);
    let read = store
        .session_type(studio.id, created.id)
        .await
        .expect("query")
        .expect("type");
    assert_eq!(read.spec.packages.as_slice().len(), 2);
    assert_eq!(read.spec.packages.as_slice()[1].price, eur(25_050));
    assert_eq!(
        read.spec.packages.as_slice()[0].included,
        ["Online gallery", "Print release"]
    );

    let chosen = read.spec.packages.as_slice()[1].clone();
    let discount = domain::fees::Reduction {
        reason: domain::fees::DiscountReason::MemberPrice,
        amount: eur(1_500),
    };
    let booked = store
        .book(
            &NewBooking {
                details: BookingDetails {
                    price: Some(domain::fees::BookingPrice {
                        total: eur(23_550),
                        due_at_booking: eur(0),
                        discount: Some(discount),
                    }),
                    package: Some(chosen.name.clone()),
                    ..details("Ada")
                },
                ..new_booking(studio.id, created.id, 9, "Ada")
            },
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    let kept = store
        .booking_by_id(booked.id)
        .await
        .expect("query")
        .expect("booking");
    assert_eq!(kept.package, Some(chosen.name));
    assert_eq!(kept.price.and_then(|price| price.discount), Some(discount));

    let offerings = Offerings::default();
    let zone = studio.settings.timezone;
    let refused = store
        .save_offerings(studio.id, &offerings, zone, Currency::Jpy)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Conflict(Conflict::PricesNeedCents))
        ),
        "a package of 250.50 has cents that yen lack: {refused:?}"
    );
    store
        .save_offerings(studio.id, &offerings, zone, Currency::Usd)
        .await
        .expect("relabelled");
    let relabelled = store
        .session_type(studio.id, created.id)
        .await
        .expect("query")
        .expect("type");
    let prices: Vec<String> = relabelled
        .spec
        .packages
        .as_slice()
        .iter()
        .map(|package| package.price.to_string())
        .collect();
    assert_eq!(prices, ["$150.00", "$250.50"], "the figures are kept");
}

pub async fn a_currency_change_relabels_every_price_of_the_studio(store: &dyn Store) {
    let studio = owned_studio(store, "currency-studio").await;
    let other = owned_studio(store, "other-currency-studio").await;
    let with_cents = store
        .create_session_type(studio.id, &spec("Lesson", 1))
        .await
        .expect("type");
    let split = SessionTypeSpec::parse(
        &SessionTypeInput {
            price: "40".into(),
            non_member_price: "55".into(),
            ..input_of("Split", 1)
        },
        Currency::Eur,
    )
    .expect("valid spec");
    let whole = store
        .create_session_type(studio.id, &split)
        .await
        .expect("type");
    let untouched = store
        .create_session_type(other.id, &spec("Lesson", 1))
        .await
        .expect("type");
    let zone = studio.settings.timezone;
    let offerings = Offerings::default();
    let price_of =
        |session_type: &crate::SessionType| session_type.spec.pricing.price_for(false).to_string();

    store
        .save_offerings(studio.id, &offerings, zone, Currency::Usd)
        .await
        .expect("relabelled");
    let relabelled = store.session_types(studio.id).await.expect("types");
    assert_eq!(price_of(&relabelled[0]), "$45.50", "the figure is kept");
    assert_eq!(
        relabelled[1].spec.pricing,
        domain::session_type::Pricing::MemberSplit {
            member: domain::money::Money::parse("price", "40", Currency::Usd).expect("money"),
            non_member: domain::money::Money::parse("price", "55", Currency::Usd).expect("money"),
        }
    );

    let refused = store
        .save_offerings(studio.id, &offerings, zone, Currency::Jpy)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Conflict(Conflict::PricesNeedCents))
        ),
        "45.50 has cents that yen lack: {refused:?}"
    );
    let unchanged = store
        .studio(studio.id)
        .await
        .expect("query")
        .expect("studio");
    assert_eq!(
        unchanged.settings.currency,
        Currency::Usd,
        "nothing was saved"
    );
    assert_eq!(
        price_of(&store.session_types(studio.id).await.expect("types")[0]),
        "$45.50"
    );

    let mut rounded = with_cents.spec.clone();
    rounded.pricing = domain::session_type::Pricing::Flat(
        domain::money::Money::parse("price", "45", Currency::Usd).expect("money"),
    );
    store
        .update_session_type(studio.id, with_cents.id, &rounded)
        .await
        .expect("updated");
    store
        .save_offerings(studio.id, &offerings, zone, Currency::Jpy)
        .await
        .expect("whole prices move to yen");
    let in_yen = store.session_types(studio.id).await.expect("types");
    assert_eq!(price_of(&in_yen[0]), "¥45");
    assert_eq!(in_yen[1].spec.pricing.price_for(false).minor_units(), 55);
    assert_eq!(whole.id, in_yen[1].id);
    assert_eq!(
        store
            .session_type(other.id, untouched.id)
            .await
            .expect("query")
            .expect("type")
            .spec
            .pricing
            .price_for(false)
            .currency(),
        Currency::Eur,
        "another studio's prices are its own"
    );
}

pub async fn a_new_share_token_replaces_the_old_one_within_its_studio(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "share-studio", 1).await;
    let other = owned_studio(store, "other-share-studio").await;
    let created = store
        .session_type(studio, session_type)
        .await
        .expect("query")
        .expect("type");
    assert_eq!(
        created.share_token, "",
        "links made before tokens existed stay valid"
    );
    let renewed = store
        .renew_share_token(studio, session_type, "fresh-token")
        .await
        .expect("renewed")
        .expect("found");
    assert_eq!(renewed.share_token, "fresh-token");
    assert_eq!(renewed.spec, created.spec, "the settings are left alone");
    assert!(
        store
            .renew_share_token(other.id, session_type, "stolen")
            .await
            .expect("query")
            .is_none(),
        "another studio cannot renew it"
    );
    let found = store
        .session_type(studio, session_type)
        .await
        .expect("query")
        .expect("type");
    assert_eq!(found.share_token, "fresh-token");
}

/// A studio with one booking at `at(9)`: (studio id, booking id).
async fn studio_with_booking(store: &dyn Store, slug: &str) -> (i64, i64) {
    let (studio, session_type) = studio_with_type(store, slug, 5).await;
    let booking = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    (studio, booking.id)
}

/// A job of the booking, enqueued at `at(0)`, to run at `run_at`.
fn new_job(studio_id: i64, booking_id: i64, kind: JobKind, run_at: DateTime<Utc>) -> NewJob {
    NewJob {
        studio_id,
        booking_id: Some(booking_id),
        kind,
        dedupe_key: DedupeKey::for_booking(kind, Recipient::Student, booking_id, 0),
        payload: "{}".into(),
        run_at,
        created_at: at(0),
    }
}

fn ids(jobs: &[Job]) -> Vec<i64> {
    let mut ids: Vec<i64> = jobs.iter().map(|job| job.id).collect();
    ids.sort_unstable();
    ids
}

fn states(jobs: &[Job]) -> Vec<(JobKind, JobState)> {
    jobs.iter().map(|job| (job.kind, job.state)).collect()
}

pub async fn a_job_is_enqueued_once_per_dedupe_key(store: &dyn Store) {
    let (studio, booking) = studio_with_booking(store, "enqueue-studio").await;
    let reminder = NewJob {
        payload: r#"{"note":"first"}"#.into(),
        ..new_job(studio, booking, JobKind::Reminder1h, at(8))
    };
    let confirmation = new_job(studio, booking, JobKind::Confirmation, at(0));
    assert_eq!(
        store
            .enqueue_jobs(&[reminder.clone(), confirmation.clone(), reminder.clone()])
            .await
            .expect("enqueued"),
        2,
        "a key repeated within one call is enqueued once"
    );
    let again = NewJob {
        payload: r#"{"note":"second"}"#.into(),
        run_at: at(7),
        ..reminder.clone()
    };
    assert_eq!(
        store
            .enqueue_jobs(&[again, confirmation])
            .await
            .expect("enqueued"),
        0,
        "existing keys are skipped"
    );
    let next_version = NewJob {
        dedupe_key: DedupeKey::for_booking(JobKind::Reminder1h, Recipient::Student, booking, 1),
        run_at: at(10),
        ..reminder
    };
    assert_eq!(
        store.enqueue_jobs(&[next_version]).await.expect("enqueued"),
        1
    );
    assert_eq!(store.enqueue_jobs(&[]).await.expect("nothing"), 0);

    let jobs = store.jobs_of_booking(booking).await.expect("jobs");
    assert_eq!(jobs.len(), 3);
    let keys: Vec<&str> = jobs.iter().map(|job| job.dedupe_key.as_str()).collect();
    let expected_keys = vec![
        format!("confirmation:student:{booking}:0"),
        format!("reminder_1h:student:{booking}:0"),
        format!("reminder_1h:student:{booking}:1"),
    ];
    assert_eq!(keys, expected_keys, "listed by run_at");
    let first = &jobs[1];
    assert_eq!(
        first.payload, r#"{"note":"first"}"#,
        "the first one is kept"
    );
    assert_eq!(first.run_at, at(8));
    assert_eq!(first.studio_id, studio);
    assert_eq!(first.booking_id, Some(booking));
    assert_eq!(first.state, JobState::Pending);
    assert_eq!(first.attempts, 0);
    assert_eq!(first.locked_by, None);
    assert_eq!(first.locked_until, None);
    assert_eq!(first.last_error, None);
    assert_eq!(first.created_at, at(0));
    assert_eq!(first.done_at, None);
}

pub async fn only_due_jobs_are_claimed(store: &dyn Store) {
    let (studio, booking) = studio_with_booking(store, "due-studio").await;
    store
        .enqueue_jobs(&[
            new_job(studio, booking, JobKind::Reminder24h, at(3)),
            new_job(studio, booking, JobKind::Confirmation, at(1)),
            new_job(studio, booking, JobKind::Reminder1h, at(8)),
            new_job(studio, booking, JobKind::Moved, at(2)),
        ])
        .await
        .expect("enqueued");
    let lease = Duration::minutes(5);
    assert!(
        store
            .claim_jobs("early", at(0), lease, 10)
            .await
            .expect("claimed")
            .is_empty(),
        "nothing is due yet"
    );

    let claimed = store
        .claim_jobs("worker-a", at(3), lease, 2)
        .await
        .expect("claimed");
    assert_eq!(
        claimed.iter().map(|job| job.kind).collect::<Vec<_>>(),
        vec![JobKind::Confirmation, JobKind::Moved],
        "the earliest due first, up to the limit"
    );
    for job in &claimed {
        assert_eq!(job.state, JobState::Running);
        assert_eq!(job.attempts, 1);
        assert_eq!(job.locked_by.as_deref(), Some("worker-a"));
        assert_eq!(job.locked_until, Some(at(3) + lease));
    }

    let rest = store
        .claim_jobs("worker-b", at(3), lease, 10)
        .await
        .expect("claimed");
    assert_eq!(
        rest.iter().map(|job| job.kind).collect::<Vec<_>>(),
        vec![JobKind::Reminder24h],
        "due exactly now counts; running jobs under lease and later jobs do not"
    );
    assert!(
        store
            .claim_jobs("worker-c", at(3), lease, 10)
            .await
            .expect("claimed")
            .is_empty()
    );
    for job in claimed.iter().chain(&rest) {
        let worker = job.locked_by.as_deref().expect("locked");
        assert!(
            store
                .finish_job(job.id, worker, at(3))
                .await
                .expect("finished")
        );
    }
    let later = store
        .claim_jobs("worker-c", at(8), lease, 10)
        .await
        .expect("claimed");
    assert_eq!(
        later.iter().map(|job| job.kind).collect::<Vec<_>>(),
        vec![JobKind::Reminder1h],
        "finished jobs are never claimed again"
    );
    let jobs = store.jobs_of_booking(booking).await.expect("jobs");
    assert_eq!(
        states(&jobs),
        vec![
            (JobKind::Confirmation, JobState::Done),
            (JobKind::Moved, JobState::Done),
            (JobKind::Reminder24h, JobState::Done),
            (JobKind::Reminder1h, JobState::Running),
        ]
    );
    assert!(
        jobs[..3]
            .iter()
            .all(|job| job.done_at == Some(at(3)) && job.attempts == 1)
    );
}

pub async fn racing_workers_never_claim_one_job_twice(store: &dyn Store) {
    let (studio, booking) = studio_with_booking(store, "race-jobs-studio").await;
    let jobs: Vec<NewJob> = (0..40)
        .map(|index| NewJob {
            dedupe_key: DedupeKey::parse(&format!("race:{booking}:{index}")).expect("valid key"),
            run_at: at(1) + Duration::seconds(index),
            ..new_job(studio, booking, JobKind::Survey, at(1))
        })
        .collect();
    assert_eq!(store.enqueue_jobs(&jobs).await.expect("enqueued"), 40);
    let now = at(2);
    let workers = (0..8).map(|worker| async move {
        let name = format!("worker-{worker}");
        let mut mine = Vec::new();
        loop {
            let claimed = store
                .claim_jobs(&name, now, Duration::minutes(10), 3)
                .await
                .expect("claimed");
            if claimed.is_empty() {
                break;
            }
            assert!(claimed.len() <= 3, "the limit holds");
            for job in &claimed {
                assert_eq!(job.locked_by.as_deref(), Some(name.as_str()));
                assert_eq!(job.attempts, 1, "no job is claimed a second time");
            }
            mine.extend(claimed.into_iter().map(|job| (job.id, name.clone())));
        }
        mine
    });
    let claims: Vec<(i64, String)> = futures::future::join_all(workers)
        .await
        .into_iter()
        .flatten()
        .collect();
    let mut claimed_ids: Vec<i64> = claims.iter().map(|(id, _)| *id).collect();
    claimed_ids.sort_unstable();
    let stored = store.jobs_of_booking(booking).await.expect("jobs");
    assert_eq!(stored.len(), 40);
    assert_eq!(
        claimed_ids,
        ids(&stored),
        "every job is claimed exactly once"
    );
    for (id, worker) in &claims {
        let job = stored.iter().find(|job| job.id == *id).expect("stored");
        assert_eq!(job.state, JobState::Running);
        assert_eq!(job.attempts, 1);
        assert_eq!(job.locked_by.as_deref(), Some(worker.as_str()));
    }
}

pub async fn a_lapsed_lease_makes_a_job_claimable_again_and_fences_the_old_worker(
    store: &dyn Store,
) {
    let (studio, booking) = studio_with_booking(store, "lease-studio").await;
    store
        .enqueue_jobs(&[new_job(studio, booking, JobKind::Reminder24h, at(1))])
        .await
        .expect("enqueued");
    let lease = Duration::minutes(5);
    let first = store
        .claim_jobs("old", at(1), lease, 10)
        .await
        .expect("claimed");
    assert_eq!(first.len(), 1);
    let id = first[0].id;
    assert!(
        store
            .claim_jobs("new", at(1) + lease, lease, 10)
            .await
            .expect("claimed")
            .is_empty(),
        "a lease holds until its end"
    );
    let later = at(1) + lease + Duration::seconds(1);
    let second = store
        .claim_jobs("new", later, lease, 10)
        .await
        .expect("claimed");
    assert_eq!(ids(&second), vec![id], "a lapsed lease is taken over");
    assert_eq!(second[0].attempts, 2, "the lost attempt counts");
    assert_eq!(second[0].locked_by.as_deref(), Some("new"));
    assert_eq!(second[0].locked_until, Some(later + lease));

    assert!(
        !store.finish_job(id, "old", later).await.expect("finish"),
        "the old worker lost the job"
    );
    assert!(
        !store
            .fail_job(id, "old", "timed out", None)
            .await
            .expect("fail"),
        "the old worker cannot fail it either"
    );
    let job = &store.jobs_of_booking(booking).await.expect("jobs")[0];
    assert_eq!(job.state, JobState::Running);
    assert_eq!(job.locked_by.as_deref(), Some("new"));
    assert_eq!(job.last_error, None);

    assert!(store.finish_job(id, "new", later).await.expect("finish"));
    assert!(
        !store.finish_job(id, "new", later).await.expect("finish"),
        "a job is finished once"
    );
    let job = &store.jobs_of_booking(booking).await.expect("jobs")[0];
    assert_eq!(job.state, JobState::Done);
    assert_eq!(job.done_at, Some(later));
    assert!(
        store
            .claim_jobs("third", at(12), lease, 10)
            .await
            .expect("claimed")
            .is_empty(),
        "a done job is never claimed again"
    );
}

pub async fn a_failed_attempt_retries_later_and_ends_as_failed(store: &dyn Store) {
    let (studio, booking) = studio_with_booking(store, "retry-studio").await;
    store
        .enqueue_jobs(&[new_job(studio, booking, JobKind::Confirmation, at(1))])
        .await
        .expect("enqueued");
    let lease = Duration::minutes(5);
    let mut now = at(1);
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = store
            .claim_jobs("worker", now, lease, 10)
            .await
            .expect("claimed");
        assert_eq!(claimed.len(), 1, "attempt {attempt} is claimed when due");
        let job = &claimed[0];
        assert_eq!(job.attempts, attempt);
        let retry_at = next_attempt_at(job.attempts, now);
        assert!(
            store
                .fail_job(job.id, "worker", &format!("smtp down {attempt}"), retry_at)
                .await
                .expect("failed")
        );
        let stored = &store.jobs_of_booking(booking).await.expect("jobs")[0];
        assert_eq!(stored.last_error, Some(format!("smtp down {attempt}")));
        assert_eq!(stored.locked_until, None);
        match retry_at {
            Some(retry_at) => {
                assert!(attempt < MAX_ATTEMPTS);
                assert_eq!(stored.state, JobState::Pending);
                assert_eq!(stored.run_at, retry_at);
                assert!(
                    store
                        .claim_jobs("worker", retry_at - Duration::seconds(1), lease, 10)
                        .await
                        .expect("claimed")
                        .is_empty(),
                    "not retried before its time"
                );
                now = retry_at;
            }
            None => {
                assert_eq!(attempt, MAX_ATTEMPTS);
                assert_eq!(stored.state, JobState::Failed);
                assert_eq!(stored.attempts, MAX_ATTEMPTS);
            }
        }
    }
    assert!(
        store
            .claim_jobs("worker", now + Duration::days(30), lease, 10)
            .await
            .expect("claimed")
            .is_empty(),
        "a failed job is never claimed again"
    );
    let stored = &store.jobs_of_booking(booking).await.expect("jobs")[0];
    assert_eq!(stored.state, JobState::Failed);
    assert_eq!(stored.done_at, None);
}

pub async fn cancelling_a_bookings_jobs_leaves_sent_ones_alone(store: &dyn Store) {
    let (studio, booking) = studio_with_booking(store, "cancel-jobs-studio").await;
    let (other_studio, other_booking) = studio_with_booking(store, "other-jobs-studio").await;
    store
        .enqueue_jobs(&[
            new_job(studio, booking, JobKind::Confirmation, at(0)),
            new_job(studio, booking, JobKind::Moved, at(0)),
            new_job(studio, booking, JobKind::Reminder24h, at(2)),
            new_job(studio, booking, JobKind::Reminder1h, at(8)),
            new_job(studio, booking, JobKind::Survey, at(11)),
            new_job(other_studio, other_booking, JobKind::Reminder1h, at(8)),
        ])
        .await
        .expect("enqueued");
    let claimed = store
        .claim_jobs("worker", at(0), Duration::minutes(5), 10)
        .await
        .expect("claimed");
    assert_eq!(claimed.len(), 2);
    let confirmation = claimed
        .iter()
        .find(|job| job.kind == JobKind::Confirmation)
        .expect("claimed");
    assert!(
        store
            .finish_job(confirmation.id, "worker", at(0))
            .await
            .expect("finished")
    );
    // The instructor's notice is still running.

    let cancelled = store
        .cancel_jobs_of_booking(
            booking,
            &[
                JobKind::Confirmation,
                JobKind::Moved,
                JobKind::Reminder24h,
                JobKind::Reminder1h,
            ],
        )
        .await
        .expect("cancelled");
    assert_eq!(cancelled, 2, "only the pending reminders");
    assert_eq!(
        states(&store.jobs_of_booking(booking).await.expect("jobs")),
        vec![
            (JobKind::Confirmation, JobState::Done),
            (JobKind::Moved, JobState::Running),
            (JobKind::Reminder24h, JobState::Cancelled),
            (JobKind::Reminder1h, JobState::Cancelled),
            (JobKind::Survey, JobState::Pending),
        ]
    );
    assert_eq!(
        states(&store.jobs_of_booking(other_booking).await.expect("jobs")),
        vec![(JobKind::Reminder1h, JobState::Pending)],
        "another booking's jobs are left alone"
    );
    assert_eq!(
        store
            .cancel_jobs_of_booking(booking, &[JobKind::Reminder1h])
            .await
            .expect("cancelled"),
        0,
        "cancelling again changes nothing"
    );
    assert_eq!(
        store
            .cancel_jobs_of_booking(booking, &[])
            .await
            .expect("cancelled"),
        0,
        "no kinds cancel nothing"
    );
    let due = store
        .claim_jobs("worker", at(12), Duration::minutes(5), 10)
        .await
        .expect("claimed");
    assert_eq!(
        due.iter()
            .map(|job| (job.booking_id, job.kind))
            .collect::<Vec<_>>(),
        vec![
            (Some(booking), JobKind::Moved),
            (Some(other_booking), JobKind::Reminder1h),
            (Some(booking), JobKind::Survey),
        ],
        "cancelled jobs are never claimed; the notice's lease has lapsed"
    );
}

/// A job of `kind` to the student of `booking` at `version`, due at its start.
fn job_of(booking: &Booking, kind: JobKind, version: u32) -> NewJob {
    NewJob {
        studio_id: booking.studio_id,
        booking_id: Some(booking.id),
        kind,
        dedupe_key: DedupeKey::for_booking(kind, Recipient::Student, booking.id, version),
        payload: "{}".into(),
        run_at: booking.start,
        created_at: at(0),
    }
}

/// Every job of the store, claimed far in the future (each store of the suite is fresh).
async fn every_job(store: &dyn Store) -> Vec<Job> {
    store
        .claim_jobs(
            "probe",
            at(0) + Duration::days(3650),
            Duration::minutes(1),
            1000,
        )
        .await
        .expect("claimed")
}

pub async fn a_booking_commits_with_its_follow_up_jobs_or_not_at_all(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "outbox-studio", 1).await;
    let confirm = |booking: &Booking| JobPlan {
        cancel: Vec::new(),
        enqueue: vec![job_of(booking, JobKind::Confirmation, 0)],
    };
    let refuse = |_: &[TakenSeats]| Err(Refusal::Full);
    let refused = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &refuse,
            &confirm,
        )
        .await;
    assert!(
        matches!(refused, Err(BookingError::Refused(_))),
        "{refused:?}"
    );
    assert!(
        every_job(store).await.is_empty(),
        "a refused booking leaves no job"
    );

    // A follow-up that cannot be stored (its studio does not exist) takes the booking with it.
    let unstorable = |booking: &Booking| JobPlan {
        cancel: Vec::new(),
        enqueue: vec![NewJob {
            studio_id: studio + 1000,
            ..job_of(booking, JobKind::Confirmation, 0)
        }],
    };
    let failed = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            &unstorable,
        )
        .await;
    assert!(matches!(failed, Err(BookingError::Store(_))), "{failed:?}");
    let listed = store
        .bookings(studio, &BookingQuery::default())
        .await
        .expect("listed");
    assert!(
        listed.is_empty(),
        "the booking was rolled back with its job"
    );

    let held = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    assert!(every_job(store).await.is_empty(), "a hold brings no job");
    let booked = store
        .complete_hold(held.id, &details("Ada"), at(0), &confirm)
        .await
        .expect("filled in");
    let jobs = store.jobs_of_booking(booked.id).await.expect("jobs");
    assert_eq!(states(&jobs), [(JobKind::Confirmation, JobState::Pending)]);
    assert_eq!(
        jobs[0].dedupe_key.as_str(),
        format!("confirmation:student:{}:0", booked.id),
        "the plan saw the booking as written, with its id"
    );
}

pub async fn a_move_and_a_state_change_replan_jobs_in_their_transaction(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "replan-studio", 1).await;
    let remind = |booking: &Booking| JobPlan {
        cancel: vec![JobKind::Reminder1h],
        enqueue: vec![job_of(booking, JobKind::Reminder1h, booking.moves)],
    };
    let booking = store
        .book(
            &new_booking(studio, session_type, 9, "Ada"),
            &always_room,
            &remind,
        )
        .await
        .expect("booked");
    let refuse = |_: &[TakenSeats]| Err(Refusal::Taken);
    let refused = store
        .move_booking(
            booking.id,
            &BookingMove {
                from_start: at(9),
                to: (at(12), at(13)),
                state: BookingState::Confirmed,
            },
            at(0),
            &refuse,
            &remind,
        )
        .await;
    assert!(refused.is_err());
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    assert_eq!(
        states(&jobs),
        [(JobKind::Reminder1h, JobState::Pending)],
        "a refused move leaves the reminders as they were"
    );
    let moved = store
        .move_booking(
            booking.id,
            &BookingMove {
                from_start: at(9),
                to: (at(10), at(11)),
                state: BookingState::Confirmed,
            },
            at(0),
            &always_room,
            &remind,
        )
        .await
        .expect("moved");
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    let summary: Vec<(String, JobState, DateTime<Utc>)> = jobs
        .iter()
        .map(|job| (job.dedupe_key.to_string(), job.state, job.run_at))
        .collect();
    assert_eq!(
        summary,
        [
            (
                format!("reminder_1h:student:{}:0", booking.id),
                JobState::Cancelled,
                at(9)
            ),
            (
                format!("reminder_1h:student:{}:1", booking.id),
                JobState::Pending,
                moved.start
            ),
        ]
    );

    let cancel = |booking: &Booking| JobPlan {
        cancel: vec![JobKind::Reminder1h],
        enqueue: vec![job_of(booking, JobKind::Cancelled, booking.moves)],
    };
    let cancelled = BookingState::Cancelled {
        by: Party::Student,
        at: at(1),
    };
    let stale = store
        .change_state(
            booking.id,
            BookingState::PaymentPending { deadline: at(9) },
            cancelled,
            None,
            &cancel,
        )
        .await
        .expect("changed");
    assert!(!stale);
    assert_eq!(
        store.jobs_of_booking(booking.id).await.expect("jobs").len(),
        2,
        "a change from a state the booking is not in plans nothing"
    );
    let changed = store
        .change_state(
            booking.id,
            BookingState::Confirmed,
            cancelled,
            None,
            &cancel,
        )
        .await
        .expect("changed");
    assert!(changed);
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    let mut kinds = states(&jobs);
    kinds.sort_by_key(|(kind, state)| (kind.as_str(), state.as_str()));
    assert_eq!(
        kinds,
        [
            (JobKind::Cancelled, JobState::Pending),
            (JobKind::Reminder1h, JobState::Cancelled),
            (JobKind::Reminder1h, JobState::Cancelled),
        ]
    );
}

pub async fn expiring_plans_each_expired_bookings_follow_ups_once(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "expiry-jobs-studio", 5).await;
    let hold = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    let pending = payment_due_by_five_past(store, studio, session_type).await;
    let planned = std::sync::Mutex::new(Vec::new());
    let tell = |booking: &Booking| {
        planned.lock().expect("lock").push(booking.id);
        JobPlan {
            cancel: Vec::new(),
            enqueue: vec![job_of(booking, JobKind::Expired, 0)],
        }
    };
    let now = at(0) + Duration::minutes(20);
    let sweeps = (0..4).map(|_| store.expire_overdue(now, &tell));
    for result in futures::future::join_all(sweeps).await {
        result.expect("swept");
    }
    let mut planned = planned.into_inner().expect("lock");
    planned.sort_unstable();
    let mut expected = vec![hold.id, pending.id];
    expected.sort_unstable();
    assert_eq!(
        planned, expected,
        "each expired booking is planned for once"
    );
    for id in expected {
        let jobs = store.jobs_of_booking(id).await.expect("jobs");
        assert_eq!(states(&jobs), [(JobKind::Expired, JobState::Pending)]);
    }
}

pub async fn message_settings_start_at_the_defaults_and_are_saved_per_studio(store: &dyn Store) {
    let first = owned_studio(store, "emails-first").await;
    let second = owned_studio(store, "emails-second").await;
    assert_eq!(
        store.message_settings(first.id).await.expect("read"),
        MessageSettings::default()
    );
    let chosen = MessageSettings {
        contact_email: Some(email("hello@first.example")),
        remind_instructor: true,
        survey_after: domain::jobs::SurveyDelay::from_hours(48),
        nudges: domain::jobs::NudgeSteps {
            after_booking: vec![2, 12],
            before_deadline: Vec::new(),
        },
    };
    store
        .save_message_settings(first.id, &chosen)
        .await
        .expect("saved");
    assert_eq!(
        store.message_settings(first.id).await.expect("read"),
        chosen
    );
    assert_eq!(
        store.message_settings(second.id).await.expect("read"),
        MessageSettings::default(),
        "another studio's are its own"
    );
    let no_survey = MessageSettings {
        survey_after: None,
        ..chosen
    };
    store
        .save_message_settings(first.id, &no_survey)
        .await
        .expect("saved");
    assert_eq!(
        store.message_settings(first.id).await.expect("read"),
        no_survey
    );
    store
        .save_message_settings(first.id, &MessageSettings::default())
        .await
        .expect("cleared");
    assert_eq!(
        store.message_settings(first.id).await.expect("read"),
        MessageSettings::default()
    );
}

pub async fn a_survey_is_answered_once_and_tallied_per_session_type(store: &dyn Store) {
    let (studio, lesson) = studio_with_type(store, "survey-studio", 5).await;
    let workshop = store
        .create_session_type(studio, &spec("Workshop", 5))
        .await
        .expect("type")
        .id;
    let book = |session_type: i64, hour: u32, who: &'static str| async move {
        store
            .book(
                &new_booking(studio, session_type, hour, who),
                &always_room,
                crate::NO_FOLLOW_UPS,
            )
            .await
            .expect("booked")
            .id
    };
    let (ada, bob, cy) = (
        book(lesson, 9, "Ada").await,
        book(lesson, 10, "Bob").await,
        book(workshop, 11, "Cy").await,
    );
    let answer = |rating: &str, comment: &str| {
        domain::survey::SurveyAnswer::parse(rating, comment).expect("valid answer")
    };
    assert_eq!(store.survey_answer(ada).await.expect("read"), None);
    assert!(
        store
            .rating_tallies(studio)
            .await
            .expect("tallies")
            .is_empty()
    );

    let racing = (0..4).map(|attempt| {
        let rating = if attempt == 0 { "5" } else { "1" };
        let given = answer(rating, "Great teacher.");
        async move { store.answer_survey(ada, &given, at(12)).await }
    });
    let stored = futures::future::join_all(racing)
        .await
        .into_iter()
        .filter(|result| *result.as_ref().expect("answered"))
        .count();
    assert_eq!(stored, 1, "racing answers keep one");
    let (kept, answered_at) = store
        .survey_answer(ada)
        .await
        .expect("read")
        .expect("answered");
    assert_eq!(kept.comment, "Great teacher.");
    assert_eq!(answered_at, at(12));
    let again = store
        .answer_survey(ada, &answer("2", "Changed my mind."), at(13))
        .await
        .expect("answered");
    assert!(!again, "a booking is answered once");
    assert_eq!(
        store
            .survey_answer(ada)
            .await
            .expect("read")
            .expect("answered")
            .0,
        kept,
        "the first answer is kept"
    );

    assert!(
        store
            .answer_survey(bob, &answer("4", ""), at(12))
            .await
            .expect("answered")
    );
    assert!(
        store
            .answer_survey(cy, &answer("3", "Too short."), at(12))
            .await
            .expect("answered")
    );
    let tallies = store.rating_tallies(studio).await.expect("tallies");
    let lesson_total = u32::from(kept.rating.value()) + 4;
    assert_eq!(
        tallies,
        [
            (
                lesson,
                domain::survey::RatingTally {
                    answers: 2,
                    total: lesson_total
                }
            ),
            (
                workshop,
                domain::survey::RatingTally {
                    answers: 1,
                    total: 3
                }
            ),
        ]
    );
    let (elsewhere, _) = studio_with_type(store, "survey-elsewhere", 5).await;
    assert!(
        store
            .rating_tallies(elsewhere)
            .await
            .expect("tallies")
            .is_empty(),
        "another studio's answers are its own"
    );
}

pub async fn a_session_types_email_wording_is_kept_per_kind_replaced_and_reset(store: &dyn Store) {
    use domain::templates::MessageTemplate;
    let (studio, lesson) = studio_with_type(store, "template-studio", 1).await;
    let other = store
        .create_session_type(studio, &spec("Workshop", 5))
        .await
        .expect("type")
        .id;
    assert!(
        store
            .message_templates(lesson)
            .await
            .expect("read")
            .is_empty(),
        "standard texts until worded"
    );
    let welcome =
        MessageTemplate::parse("Welcome, {student_name}", "See you on {date}.").expect("template");
    let nudge = MessageTemplate::parse("Payment for {session_name}", "Please pay {price}.")
        .expect("template");
    store
        .save_message_template(lesson, JobKind::Confirmation, &welcome)
        .await
        .expect("saved");
    store
        .save_message_template(lesson, JobKind::PaymentNudge, &nudge)
        .await
        .expect("saved");
    let mut saved = store.message_templates(lesson).await.expect("read");
    saved.sort_by_key(|(kind, _)| kind.as_str());
    assert_eq!(
        saved,
        [
            (JobKind::Confirmation, welcome.clone()),
            (JobKind::PaymentNudge, nudge.clone())
        ]
    );
    assert!(
        store
            .message_templates(other)
            .await
            .expect("read")
            .is_empty(),
        "another type's are its own"
    );

    let reworded =
        MessageTemplate::parse("Booked: {session_name}", "Hi {student_name}").expect("template");
    store
        .save_message_template(lesson, JobKind::Confirmation, &reworded)
        .await
        .expect("replaced");
    let confirmation = store
        .message_templates(lesson)
        .await
        .expect("read")
        .into_iter()
        .find(|(kind, _)| *kind == JobKind::Confirmation)
        .map(|(_, template)| template);
    assert_eq!(confirmation, Some(reworded));

    assert!(
        store
            .reset_message_template(lesson, JobKind::Confirmation)
            .await
            .expect("reset")
    );
    assert!(
        !store
            .reset_message_template(lesson, JobKind::Confirmation)
            .await
            .expect("reset twice"),
        "nothing left to reset"
    );
    assert_eq!(
        store.message_templates(lesson).await.expect("read"),
        [(JobKind::PaymentNudge, nudge)]
    );
}

fn stripe_account(studio: &Studio, secret_sealed: &str) -> crate::StripeAccount {
    crate::StripeAccount {
        studio_id: studio.id,
        mode: domain::stripe_keys::StripeMode::Test,
        publishable_key: domain::stripe_keys::StripePublishableKey::parse(
            "pk_test_51Abcdefghijklmnop",
        )
        .expect("valid key"),
        secret_key_sealed: secret_sealed.to_owned(),
        secret_key_hint: "sk_test_…WXYZ".to_owned(),
        webhook_secret_sealed: format!("{secret_sealed}-webhook"),
        connected_at: at(9),
    }
}

pub async fn a_stripe_account_is_kept_per_studio_and_replaced_whole(store: &dyn Store) {
    let first = owned_studio(store, "stripe-first").await;
    let second = owned_studio(store, "stripe-second").await;
    assert_eq!(store.stripe_account(first.id).await.expect("read"), None);
    let account = stripe_account(&first, "v1.sealed-one");
    store.save_stripe_account(&account).await.expect("saved");
    assert_eq!(
        store.stripe_account(first.id).await.expect("read"),
        Some(account)
    );
    assert_eq!(
        store.stripe_account(second.id).await.expect("read"),
        None,
        "another studio's stays unconnected"
    );
    let replaced = crate::StripeAccount {
        mode: domain::stripe_keys::StripeMode::Live,
        publishable_key: domain::stripe_keys::StripePublishableKey::parse(
            "pk_live_51Zyxwvutsrqponml",
        )
        .expect("valid key"),
        connected_at: at(11),
        ..stripe_account(&first, "v1.sealed-two")
    };
    store
        .save_stripe_account(&replaced)
        .await
        .expect("replaced");
    assert_eq!(
        store.stripe_account(first.id).await.expect("read"),
        Some(replaced)
    );
}

pub async fn disconnecting_stripe_stops_card_payments_unless_they_are_the_only_way_to_pay(
    store: &dyn Store,
) {
    let studio = owned_studio(store, "stripe-off").await;
    store
        .save_stripe_account(&stripe_account(&studio, "v1.sealed"))
        .await
        .expect("connected");
    let offer = |at_session: bool| Offerings {
        payments: PaymentMethods::new(at_session, false, true, true).expect("valid methods"),
        ..Offerings::default()
    };
    store
        .save_offerings(
            studio.id,
            &offer(false),
            studio.settings.timezone,
            studio.settings.currency,
        )
        .await
        .expect("cards only");
    assert!(matches!(
        store.disconnect_stripe(studio.id).await,
        Err(StoreError::Conflict(Conflict::StripeIsTheOnlyPaymentMethod))
    ));
    assert!(
        store
            .stripe_account(studio.id)
            .await
            .expect("read")
            .is_some(),
        "still connected"
    );
    store
        .save_offerings(
            studio.id,
            &offer(true),
            studio.settings.timezone,
            studio.settings.currency,
        )
        .await
        .expect("cash as well");
    assert!(
        store
            .disconnect_stripe(studio.id)
            .await
            .expect("disconnected")
    );
    assert_eq!(store.stripe_account(studio.id).await.expect("read"), None);
    let payments = store.offerings(studio.id).await.expect("read").payments;
    assert!(
        payments.at_session() && !payments.stripe(),
        "cards are no longer offered: {payments:?}"
    );
    assert!(
        !store.disconnect_stripe(studio.id).await.expect("again"),
        "nothing left to disconnect"
    );
}

fn card_payment(
    booking: &Booking,
    attempt: u32,
    intent: &str,
    created_at: DateTime<Utc>,
) -> crate::NewCardPayment {
    crate::NewCardPayment {
        studio_id: booking.studio_id,
        booking_id: booking.id,
        attempt,
        payment_intent: intent.to_owned(),
        amount: domain::money::Money::from_minor_units(4500, Currency::Eur).expect("an amount"),
        created_at,
    }
}

/// Reported at 00:02, before the 00:05 deadline of `payment_due_by_five_past`.
fn paid<'a>(studio_id: i64, intent: &'a str, event_id: Option<&'a str>) -> crate::PaidIntent<'a> {
    crate::PaidIntent {
        studio_id,
        payment_intent: intent,
        event_id,
        now: at(0) + Duration::minutes(2),
    }
}

/// The confirmation a settled payment brings, as a job.
fn payment_confirmed(booking: &Booking) -> crate::JobPlan {
    crate::JobPlan {
        cancel: Vec::new(),
        enqueue: vec![job_of(booking, JobKind::PaymentConfirmed, 0)],
    }
}

fn settled_as(outcome: &crate::SettleOutcome) -> Option<domain::card_payments::Settlement> {
    match outcome {
        crate::SettleOutcome::Settled { settlement, .. } => Some(*settlement),
        _ => None,
    }
}

pub async fn a_bookings_payment_intent_is_recorded_once_per_attempt(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "card-attempts", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    let first = store
        .add_card_payment(&card_payment(&booking, 1, "pi_first", at(0)))
        .await
        .expect("recorded");
    assert_eq!(
        (first.status, first.amount.minor_units(), first.settled_at),
        (
            domain::card_payments::CardPaymentStatus::Pending,
            4500,
            None
        )
    );
    let again = store
        .add_card_payment(&card_payment(&booking, 1, "pi_first", at(0)))
        .await
        .expect("the same");
    assert_eq!(again, first, "a repeated request answers the first record");
    let second = store
        .add_card_payment(&card_payment(&booking, 2, "pi_second", at(1)))
        .await
        .expect("a second attempt");
    assert_ne!(second.id, first.id);
    let listed = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("listed");
    assert_eq!(listed, [first, second]);
}

pub async fn a_paid_intent_confirms_its_pending_booking_once_however_often_reported(
    store: &dyn Store,
) {
    use domain::card_payments::{CardPaymentStatus, Settlement};
    let (studio, session_type) = studio_with_type(store, "card-settles", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_paid", at(0)))
        .await
        .expect("recorded");
    let outcome = store
        .settle_paid_intent(&paid(studio, "pi_paid", Some("evt_1")), &payment_confirmed)
        .await
        .expect("settled");
    let crate::SettleOutcome::Settled {
        settlement,
        booking: confirmed,
    } = outcome
    else {
        panic!("not settled: {outcome:?}");
    };
    assert_eq!(settlement, Settlement::ConfirmsBooking);
    assert_eq!(confirmed.state, BookingState::Confirmed);
    for again in [Some("evt_1"), Some("evt_2"), None] {
        let outcome = store
            .settle_paid_intent(&paid(studio, "pi_paid", again), &payment_confirmed)
            .await
            .expect("reported again");
        let expected = if again == Some("evt_1") {
            crate::SettleOutcome::RepeatedEvent
        } else {
            crate::SettleOutcome::Settled {
                settlement: Settlement::AlreadySettled,
                booking: confirmed.clone(),
            }
        };
        assert_eq!(outcome, expected, "{again:?}");
    }
    let payments = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("read");
    assert_eq!(
        (payments[0].status, payments[0].settled_at),
        (
            CardPaymentStatus::Succeeded,
            Some(at(0) + Duration::minutes(2))
        )
    );
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    assert_eq!(
        states(&besides_receipts(&jobs)),
        [(JobKind::PaymentConfirmed, JobState::Pending)],
        "one confirmation email"
    );
    assert_eq!(receipts(&jobs), 1, "one receipt");
}

/// A booking's jobs other than receipts (every payment and refund has one).
fn besides_receipts(jobs: &[Job]) -> Vec<Job> {
    jobs.iter()
        .filter(|job| job.kind != JobKind::Receipt)
        .cloned()
        .collect()
}

fn receipts(jobs: &[Job]) -> usize {
    jobs.iter()
        .filter(|job| job.kind == JobKind::Receipt)
        .count()
}

pub async fn racing_reports_of_one_paid_intent_confirm_the_booking_once(store: &dyn Store) {
    use domain::card_payments::Settlement;
    let (studio, session_type) = studio_with_type(store, "card-races", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_raced", at(0)))
        .await
        .expect("recorded");
    // Ten replays of one webhook and ten returns of the student's browser, all at once.
    let reports = (0..20).map(|turn| async move {
        let event = (turn % 2 == 0).then_some("evt_raced");
        store
            .settle_paid_intent(&paid(studio, "pi_raced", event), &payment_confirmed)
            .await
            .expect("reported")
    });
    let outcomes = futures::future::join_all(reports).await;
    let confirmed = outcomes
        .iter()
        .filter(|outcome| settled_as(outcome) == Some(Settlement::ConfirmsBooking))
        .count();
    assert_eq!(confirmed, 1, "{outcomes:?}");
    assert_eq!(
        outcomes
            .iter()
            .filter(|outcome| **outcome == crate::SettleOutcome::RepeatedEvent)
            .count(),
        9,
        "the webhook's replays find its event taken"
    );
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    assert_eq!(
        (besides_receipts(&jobs).len(), receipts(&jobs)),
        (1, 1),
        "one confirmation email, one receipt"
    );
}

pub async fn a_payment_after_its_booking_ended_is_kept_for_refund_and_the_booking_stays_ended(
    store: &dyn Store,
) {
    use domain::card_payments::{CardPaymentStatus, Settlement};
    let (studio, session_type) = studio_with_type(store, "card-late", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_late", at(0)))
        .await
        .expect("recorded");
    let expired = store
        .expire_overdue(at(0) + Duration::minutes(6), crate::NO_FOLLOW_UPS)
        .await
        .expect("swept");
    assert_eq!(expired.len(), 1);
    let outcome = store
        .settle_paid_intent(
            &paid(studio, "pi_late", Some("evt_late")),
            &payment_confirmed,
        )
        .await
        .expect("settled");
    assert_eq!(settled_as(&outcome), Some(Settlement::RefundsLatePayment));
    let now = store
        .booking_by_id(booking.id)
        .await
        .expect("read")
        .expect("found");
    assert!(
        matches!(now.state, BookingState::Expired { .. }),
        "{:?}",
        now.state
    );
    let payments = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("read");
    assert_eq!(payments[0].status, CardPaymentStatus::RefundDue);
    assert!(
        besides_receipts(&store.jobs_of_booking(booking.id).await.expect("jobs")).is_empty(),
        "no confirmation for an ended booking (the money that came in has its receipt)"
    );
    // Past its deadline but not swept yet: its seat is free already, so it is not confirmed.
    let overdue = store
        .book(
            &NewBooking {
                details: BookingDetails {
                    state: BookingState::PaymentPending { deadline: at(2) },
                    payment: Some(PaymentChoice::ByCheck),
                    ..details("Quinn")
                },
                ..new_booking(studio, session_type, 10, "Quinn")
            },
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("pending");
    store
        .add_card_payment(&card_payment(&overdue, 1, "pi_overdue", at(0)))
        .await
        .expect("recorded");
    let outcome = store
        .settle_paid_intent(
            &crate::PaidIntent {
                now: at(2),
                ..paid(studio, "pi_overdue", None)
            },
            &payment_confirmed,
        )
        .await
        .expect("settled");
    assert_eq!(settled_as(&outcome), Some(Settlement::RefundsLatePayment));
    let kept = store
        .booking_by_id(overdue.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(kept.state, overdue.state, "left for the sweep to expire");
}

pub async fn an_unknown_payment_intent_is_acknowledged_and_other_events_taken_once(
    store: &dyn Store,
) {
    let (studio, session_type) = studio_with_type(store, "card-unknown", 1).await;
    let (other, _) = studio_with_type(store, "card-other", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_theirs", at(0)))
        .await
        .expect("recorded");
    let unknown = store
        .settle_paid_intent(
            &paid(studio, "pi_nobody", Some("evt_a")),
            &payment_confirmed,
        )
        .await
        .expect("acknowledged");
    assert_eq!(unknown, crate::SettleOutcome::UnknownPaymentIntent);
    let elsewhere = store
        .settle_paid_intent(&paid(other, "pi_theirs", None), &payment_confirmed)
        .await
        .expect("acknowledged");
    assert_eq!(
        elsewhere,
        crate::SettleOutcome::UnknownPaymentIntent,
        "another studio's event cannot settle this studio's payment"
    );
    let again = store
        .settle_paid_intent(
            &paid(studio, "pi_nobody", Some("evt_a")),
            &payment_confirmed,
        )
        .await
        .expect("acknowledged");
    assert_eq!(
        again,
        crate::SettleOutcome::UnknownPaymentIntent,
        "an unknown PaymentIntent's event is not remembered: a resend after its payment is \
         recorded still settles it"
    );
    assert!(
        store
            .record_stripe_event(studio, "evt_declined", at(1))
            .await
            .expect("recorded")
    );
    assert!(
        !store
            .record_stripe_event(studio, "evt_declined", at(1))
            .await
            .expect("again")
    );
    assert!(
        store
            .record_stripe_event(other, "evt_declined", at(1))
            .await
            .expect("elsewhere"),
        "event ids are kept per studio"
    );
}

pub async fn only_payments_still_pending_are_reconciled(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "card-reconcile", 5).await;
    let first = payment_due_by_five_past(store, studio, session_type).await;
    let second = store
        .book(
            &NewBooking {
                details: BookingDetails {
                    state: BookingState::PaymentPending { deadline: at(8) },
                    payment: Some(PaymentChoice::ByCheck),
                    ..details("Quinn")
                },
                ..new_booking(studio, session_type, 9, "Quinn")
            },
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("pending");
    let old = store
        .add_card_payment(&card_payment(&first, 1, "pi_old", at(0)))
        .await
        .expect("recorded");
    store
        .add_card_payment(&card_payment(&second, 1, "pi_settled", at(0)))
        .await
        .expect("recorded");
    store
        .settle_paid_intent(&paid(studio, "pi_settled", None), &payment_confirmed)
        .await
        .expect("settled");
    store
        .add_card_payment(&card_payment(&second, 2, "pi_new", at(2)))
        .await
        .expect("recorded");
    let pending = store
        .pending_card_payments(at(1), 10)
        .await
        .expect("listed");
    assert_eq!(pending, [old], "settled and newer payments are left alone");
}

pub async fn a_checked_payment_waits_its_turn_and_a_cancelled_one_is_closed_once(
    store: &dyn Store,
) {
    let (studio, session_type) = studio_with_type(store, "card-checks", 5).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    let first = store
        .add_card_payment(&card_payment(&booking, 1, "pi_checked", at(0)))
        .await
        .expect("recorded");
    let due = |by| async move {
        store
            .pending_card_payments(by, 10)
            .await
            .expect("listed")
            .into_iter()
            .map(|payment| payment.payment_intent)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        due(at(0)).await,
        ["pi_checked"],
        "due as soon as it is made"
    );
    store
        .check_card_payment_later(first.id, at(3))
        .await
        .expect("put off");
    assert!(
        due(at(2)).await.is_empty(),
        "not asked again before its time"
    );
    assert_eq!(due(at(3)).await, ["pi_checked"]);
    assert!(
        store
            .cancel_card_payment(first.id, at(3))
            .await
            .expect("closed")
    );
    assert!(
        !store
            .cancel_card_payment(first.id, at(4))
            .await
            .expect("read"),
        "closed once"
    );
    assert!(
        due(at(9)).await.is_empty(),
        "a closed payment is never asked about"
    );
    let payments = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("read");
    assert_eq!(
        payments[0].status,
        domain::card_payments::CardPaymentStatus::Canceled
    );
    assert_eq!(payments[0].settled_at, Some(at(3)));
}

pub async fn a_late_payments_refund_is_recorded_once_with_its_messages(store: &dyn Store) {
    use domain::card_payments::CardPaymentStatus;
    let (studio, session_type) = studio_with_type(store, "card-refund", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_refunded", at(0)))
        .await
        .expect("recorded");
    store
        .expire_overdue(at(0) + Duration::minutes(6), crate::NO_FOLLOW_UPS)
        .await
        .expect("swept");
    let due = |by| async move {
        store
            .card_payments_due_refund(by, 10)
            .await
            .expect("listed")
    };
    assert!(
        due(at(1)).await.is_empty(),
        "nothing to refund before the late payment arrives"
    );
    store
        .settle_paid_intent(&paid(studio, "pi_refunded", None), &payment_confirmed)
        .await
        .expect("settled");
    let marked = due(at(0) + Duration::minutes(2)).await;
    assert_eq!(marked.len(), 1, "due as soon as it is marked");
    store
        .put_off_refund(marked[0].id, at(3))
        .await
        .expect("put off");
    assert!(
        due(at(2)).await.is_empty(),
        "a failed refund waits for its next try"
    );
    let due = due(at(3)).await;
    assert_eq!(due[0].refund_tries, 1);
    let refunded = |booking: &Booking| crate::JobPlan {
        cancel: Vec::new(),
        enqueue: vec![job_of(booking, JobKind::LatePaymentRefunded, 0)],
    };
    assert!(
        store
            .record_card_refund(due[0].id, at(1), &refunded)
            .await
            .expect("recorded")
    );
    assert!(
        !store
            .record_card_refund(due[0].id, at(2), &refunded)
            .await
            .expect("read"),
        "recorded once"
    );
    let jobs = store.jobs_of_booking(booking.id).await.expect("jobs");
    assert_eq!(
        besides_receipts(&jobs)
            .iter()
            .map(|job| job.kind)
            .collect::<Vec<_>>(),
        [JobKind::LatePaymentRefunded]
    );
    assert_eq!(receipts(&jobs), 2, "the payment's and its refund's");
    let payments = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("read");
    assert_eq!(payments[0].status, CardPaymentStatus::Refunded);
    assert!(
        store
            .card_payments_due_refund(at(9), 10)
            .await
            .expect("listed")
            .is_empty()
    );
}

pub async fn an_ended_bookings_open_payment_is_checked_at_once(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "card-ended", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    let payment = store
        .add_card_payment(&card_payment(&booking, 1, "pi_ended", at(0)))
        .await
        .expect("recorded");
    store
        .check_card_payment_later(payment.id, at(6))
        .await
        .expect("put off");
    let expired_at = at(0) + Duration::minutes(6);
    store
        .expire_overdue(expired_at, crate::NO_FOLLOW_UPS)
        .await
        .expect("swept");
    let due = store
        .pending_card_payments(expired_at, 10)
        .await
        .expect("listed");
    assert_eq!(
        due.iter()
            .map(|payment| payment.payment_intent.as_str())
            .collect::<Vec<_>>(),
        ["pi_ended"],
        "its booking expired, so it is cancelled at Stripe now, not hours later"
    );
}

pub async fn a_rejected_bookings_open_payment_is_checked_at_once(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "card-rejected", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    let payment = store
        .add_card_payment(&card_payment(&booking, 1, "pi_rejected", at(0)))
        .await
        .expect("recorded");
    store
        .check_card_payment_later(payment.id, at(6))
        .await
        .expect("put off");
    let rejected_at = at(0) + Duration::minutes(1);
    assert!(
        store
            .change_state(
                booking.id,
                booking.state,
                BookingState::Rejected { at: rejected_at },
                None,
                crate::NO_FOLLOW_UPS,
            )
            .await
            .expect("rejected")
    );
    let due = store
        .pending_card_payments(rejected_at, 10)
        .await
        .expect("listed");
    assert_eq!(due.len(), 1, "due when its booking was rejected");
}

pub async fn stripe_stays_connected_while_a_card_payment_is_open(store: &dyn Store) {
    let studio = owned_studio(store, "card-open").await;
    let studio_id = studio.id;
    let session_type = store
        .create_session_type(studio_id, &spec("Lesson", 1))
        .await
        .expect("type")
        .id;
    store
        .save_stripe_account(&stripe_account(&studio, "v1.sealed"))
        .await
        .expect("connected");
    let booking = payment_due_by_five_past(store, studio_id, session_type).await;
    let payment = store
        .add_card_payment(&card_payment(&booking, 1, "pi_open", at(0)))
        .await
        .expect("recorded");
    assert!(matches!(
        store.disconnect_stripe(studio_id).await,
        Err(StoreError::Conflict(Conflict::CardPaymentsInProgress))
    ));
    assert!(
        store
            .stripe_account(studio_id)
            .await
            .expect("read")
            .is_some(),
        "still connected"
    );
    store
        .cancel_card_payment(payment.id, at(1))
        .await
        .expect("closed");
    assert!(
        store
            .disconnect_stripe(studio_id)
            .await
            .expect("disconnected")
    );
}

pub async fn a_bookings_price_and_a_types_retainer_are_kept_as_saved(store: &dyn Store) {
    use domain::fees::{BookingPrice, CardCollection, Percent, Retainer};
    let studio = owned_studio(store, "retainers").await;
    let eur =
        |cents| domain::money::Money::from_minor_units(cents, Currency::Eur).expect("an amount");
    let mut with_retainer = spec("Portrait", 1);
    for collection in [
        CardCollection::Retainer(Retainer::Percent(Percent::new(30).expect("a percentage"))),
        CardCollection::Retainer(Retainer::Fixed(eur(5_000))),
        CardCollection::FullFee,
    ] {
        with_retainer.card_collection = collection;
        let saved = store
            .create_session_type(studio.id, &with_retainer)
            .await
            .expect("saved");
        assert_eq!(saved.spec.card_collection, collection);
        let read = store
            .session_type(studio.id, saved.id)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(read.spec.card_collection, collection);
    }
    with_retainer.collect_outside = true;
    let outside = store
        .create_session_type(studio.id, &with_retainer)
        .await
        .expect("saved");
    let read = store
        .session_type(studio.id, outside.id)
        .await
        .expect("read")
        .expect("found");
    assert!(read.spec.collect_outside, "collected outside Bookable");
    let price = BookingPrice {
        total: eur(15_000),
        due_at_booking: eur(4_500),
        discount: None,
    };
    let booked = store
        .book(
            &NewBooking {
                details: BookingDetails {
                    price: Some(price),
                    ..details("Ines")
                },
                ..new_booking(studio.id, store_type_id(store, studio.id).await, 9, "Ines")
            },
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("booked");
    assert_eq!(booked.price, Some(price));
    assert_eq!(
        store
            .booking_by_id(booked.id)
            .await
            .expect("read")
            .expect("found")
            .price,
        Some(price)
    );
}

async fn store_type_id(store: &dyn Store, studio_id: i64) -> i64 {
    store
        .session_types(studio_id)
        .await
        .expect("listed")
        .first()
        .expect("a session type")
        .id
}

/// A booking paid by card (€45.00, settled at `at(0)` + 2 minutes): the booking and its payment.
async fn paid_by_card(store: &dyn Store, slug: &str) -> (Booking, crate::CardPayment) {
    let (studio, session_type) = studio_with_type(store, slug, 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    let intent = format!("pi_{slug}");
    store
        .add_card_payment(&card_payment(&booking, 1, &intent, at(0)))
        .await
        .expect("recorded");
    store
        .settle_paid_intent(&paid(studio, &intent, None), &payment_confirmed)
        .await
        .expect("settled");
    let payment = store
        .card_payments_of_booking(booking.id)
        .await
        .expect("read")
        .remove(0);
    let booking = store
        .booking_by_id(booking.id)
        .await
        .expect("read")
        .expect("found");
    (booking, payment)
}

fn refund_of(payment: &crate::CardPayment, cents: i64) -> crate::NewRefund {
    crate::NewRefund {
        card_payment_id: payment.id,
        amount: domain::money::Money::from_minor_units(cents, Currency::Eur).expect("an amount"),
        reason: domain::refunds::RefundReason::ByInstructor,
        created_at: at(1),
    }
}

pub async fn a_refund_is_recorded_only_within_what_its_payment_took(store: &dyn Store) {
    let (booking, payment) = paid_by_card(store, "refund-bound").await;
    let first = store
        .add_refunds(booking.id, &[refund_of(&payment, 3_000)])
        .await
        .expect("recorded");
    assert_eq!(first[0].status, domain::refunds::RefundStatus::Due);
    assert!(matches!(
        store
            .add_refunds(booking.id, &[refund_of(&payment, 1_501)])
            .await,
        Err(StoreError::Conflict(Conflict::RefundExceedsPayment))
    ));
    store
        .add_refunds(booking.id, &[refund_of(&payment, 1_500)])
        .await
        .expect("the rest");
    let amounts: Vec<i64> = store
        .refunds_of_booking(booking.id)
        .await
        .expect("read")
        .iter()
        .map(|refund| refund.amount.minor_units())
        .collect();
    assert_eq!(amounts, [3_000, 1_500]);
    let (other, _) = paid_by_card(store, "refund-other").await;
    assert!(
        matches!(
            store
                .add_refunds(other.id, &[refund_of(&payment, 100)])
                .await,
            Err(StoreError::Conflict(Conflict::RefundExceedsPayment))
        ),
        "a payment of another booking gives nothing back here"
    );
}

pub async fn racing_refunds_never_give_back_more_than_was_paid(store: &dyn Store) {
    let (booking, payment) = paid_by_card(store, "refund-race").await;
    let attempts = (0..10).map(|_| {
        let refund = [refund_of(&payment, 1_000)];
        async move { store.add_refunds(booking.id, &refund).await.is_ok() }
    });
    let made = futures::future::join_all(attempts)
        .await
        .into_iter()
        .filter(|made| *made)
        .count();
    assert_eq!(made, 4, "€45.00 holds four refunds of €10.00, not five");
}

pub async fn a_cancellation_records_its_refunds_in_its_own_transaction(store: &dyn Store) {
    let (booking, payment) = paid_by_card(store, "refund-cancel").await;
    let cancelled = BookingState::Cancelled {
        at: at(1),
        by: Party::Instructor,
    };
    assert!(matches!(
        store
            .change_state_with_refunds(
                booking.id,
                booking.state,
                cancelled,
                None,
                &[refund_of(&payment, 4_501)],
                crate::NO_FOLLOW_UPS,
            )
            .await,
        Err(StoreError::Conflict(Conflict::RefundExceedsPayment))
    ));
    assert_eq!(
        store
            .booking_by_id(booking.id)
            .await
            .expect("read")
            .expect("found")
            .state,
        booking.state,
        "a refund refused leaves the booking as it was"
    );
    assert!(
        store
            .change_state_with_refunds(
                booking.id,
                booking.state,
                cancelled,
                None,
                &[refund_of(&payment, 4_500)],
                crate::NO_FOLLOW_UPS,
            )
            .await
            .expect("cancelled")
    );
    let refunds = store.refunds_of_booking(booking.id).await.expect("read");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount.minor_units(), 4_500);
}

pub async fn a_due_refund_is_tried_until_made_and_recorded_once(store: &dyn Store) {
    let (booking, payment) = paid_by_card(store, "refund-made").await;
    let refund = store
        .add_refunds(booking.id, &[refund_of(&payment, 2_000)])
        .await
        .expect("recorded")
        .remove(0);
    let due = |by| async move {
        store
            .refunds_due(by, 10)
            .await
            .expect("listed")
            .into_iter()
            .map(|refund| refund.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        due(at(1)).await,
        [refund.id],
        "due as soon as it is recorded"
    );
    store
        .put_off_refund_try(refund.id, at(3))
        .await
        .expect("put off");
    assert!(due(at(2)).await.is_empty(), "waits for its next try");
    assert_eq!(due(at(3)).await, [refund.id]);
    let told = |booking: &Booking| crate::JobPlan {
        cancel: Vec::new(),
        enqueue: vec![job_of(booking, JobKind::PaymentConfirmed, 7)],
    };
    assert!(
        store
            .record_refund_made(refund.id, at(3), &told)
            .await
            .expect("recorded")
    );
    assert!(
        !store
            .record_refund_made(refund.id, at(4), &told)
            .await
            .expect("read"),
        "made once"
    );
    let refunds = store.refunds_of_booking(booking.id).await.expect("read");
    assert_eq!(refunds[0].status, domain::refunds::RefundStatus::Refunded);
    assert_eq!(refunds[0].refunded_at, Some(at(3)));
    assert_eq!(refunds[0].tries, 1);
    assert!(due(at(9)).await.is_empty());
}

fn eur(cents: i64) -> domain::money::Money {
    domain::money::Money::from_minor_units(cents, Currency::Eur).expect("an amount")
}

/// A booking priced at `cents`, waiting until `at(0)` + 5 minutes for its payment by check.
async fn priced_pending(store: &dyn Store, slug: &str, cents: i64) -> Booking {
    let price = domain::fees::BookingPrice {
        total: eur(cents),
        due_at_booking: eur(0),
        discount: None,
    };
    pending_by_check(store, studio_with_type(store, slug, 1).await, Some(price)).await
}

fn received(
    booking: &Booking,
    to: BookingState,
    cents: i64,
    method: domain::manual_payments::ManualMethod,
) -> crate::NewManualPayment {
    crate::NewManualPayment {
        booking_id: booking.id,
        from: booking.state,
        to,
        payment: domain::manual_payments::ReceivedPayment {
            amount: eur(cents),
            method,
            received_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a day"),
            note: Some(format!("{cents} received")),
        },
        recorded_at: at(0) + Duration::minutes(1),
    }
}

pub async fn a_recorded_payment_confirms_a_pending_booking_and_never_passes_its_price(
    store: &dyn Store,
) {
    use domain::manual_payments::ManualMethod;
    let pending = priced_pending(store, "cash-confirms", 10_000).await;
    let first = store
        .record_manual_payment(
            &received(&pending, BookingState::Confirmed, 4_000, ManualMethod::Cash),
            &payment_confirmed,
        )
        .await
        .expect("recorded")
        .expect("the booking was still pending");
    assert_eq!(
        (first.amount, first.method, first.note.as_deref()),
        (eur(4_000), ManualMethod::Cash, Some("4000 received"))
    );
    let confirmed = store
        .booking_by_id(pending.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(confirmed.state, BookingState::Confirmed);
    let jobs = store.jobs_of_booking(pending.id).await.expect("jobs");
    assert_eq!(
        (besides_receipts(&jobs).len(), receipts(&jobs)),
        (1, 1),
        "the confirmation and the receipt are planned"
    );
    assert_eq!(
        store
            .record_manual_payment(
                &received(&pending, BookingState::Confirmed, 1_000, ManualMethod::Cash),
                crate::NO_FOLLOW_UPS,
            )
            .await
            .expect("read"),
        None,
        "a recording made for the pending booking finds it changed and records nothing"
    );
    let same = BookingState::Confirmed;
    assert!(matches!(
        store
            .record_manual_payment(
                &received(&confirmed, same, 6_001, ManualMethod::Check),
                crate::NO_FOLLOW_UPS,
            )
            .await,
        Err(StoreError::Conflict(Conflict::PaymentExceedsBalance))
    ));
    store
        .record_manual_payment(
            &received(&confirmed, same, 6_000, ManualMethod::Check),
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("recorded")
        .expect("still confirmed");
    let recorded: Vec<(i64, ManualMethod)> = store
        .manual_payments_of_booking(pending.id)
        .await
        .expect("read")
        .iter()
        .map(|payment| (payment.amount.minor_units(), payment.method))
        .collect();
    assert_eq!(
        recorded,
        [(4_000, ManualMethod::Cash), (6_000, ManualMethod::Check)]
    );
}

pub async fn racing_recorded_payments_never_pass_the_price(store: &dyn Store) {
    let pending = priced_pending(store, "cash-race", 10_000).await;
    let confirmed = store
        .change_state(
            pending.id,
            pending.state,
            BookingState::Confirmed,
            None,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("confirmed");
    assert!(confirmed);
    let booking = Booking {
        state: BookingState::Confirmed,
        ..pending
    };
    let attempts = (0..10).map(|_| {
        let new = received(
            &booking,
            BookingState::Confirmed,
            3_000,
            domain::manual_payments::ManualMethod::Cash,
        );
        async move {
            matches!(
                store
                    .record_manual_payment(&new, crate::NO_FOLLOW_UPS)
                    .await,
                Ok(Some(_))
            )
        }
    });
    let recorded = futures::future::join_all(attempts)
        .await
        .into_iter()
        .filter(|recorded| *recorded)
        .count();
    assert_eq!(
        recorded, 3,
        "€100.00 holds three payments of €30.00, not four"
    );
}

pub async fn card_payments_less_their_refunds_count_against_the_price(store: &dyn Store) {
    let pending = priced_pending(store, "cash-after-card", 4_500).await;
    let intent = "pi_cash_after_card";
    store
        .add_card_payment(&card_payment(&pending, 1, intent, at(0)))
        .await
        .expect("recorded");
    store
        .settle_paid_intent(&paid(pending.studio_id, intent, None), &payment_confirmed)
        .await
        .expect("settled");
    let paid = store
        .booking_by_id(pending.id)
        .await
        .expect("read")
        .expect("found");
    let cash = |cents| {
        received(
            &paid,
            BookingState::Confirmed,
            cents,
            domain::manual_payments::ManualMethod::Cash,
        )
    };
    assert!(matches!(
        store
            .record_manual_payment(&cash(100), crate::NO_FOLLOW_UPS)
            .await,
        Err(StoreError::Conflict(Conflict::PaymentExceedsBalance))
    ));
    let payment = store
        .card_payments_of_booking(pending.id)
        .await
        .expect("read")
        .remove(0);
    store
        .add_refunds(pending.id, &[refund_of(&payment, 2_000)])
        .await
        .expect("refunded");
    assert!(matches!(
        store
            .record_manual_payment(&cash(2_001), crate::NO_FOLLOW_UPS)
            .await,
        Err(StoreError::Conflict(Conflict::PaymentExceedsBalance))
    ));
    assert!(
        store
            .record_manual_payment(&cash(2_000), crate::NO_FOLLOW_UPS)
            .await
            .expect("recorded")
            .is_some()
    );
}

pub async fn the_ledger_holds_the_money_one_studio_moved_in_its_window(store: &dyn Store) {
    use crate::LedgerWhen::{At, On};
    use domain::ledger::{EntryKind, RefundCause};
    use domain::manual_payments::ManualMethod;
    let (paid_booking, payment) = paid_by_card(store, "ledger").await;
    let studio = paid_booking.studio_id;
    let session_type = paid_booking.session_type_id;
    let refund = store
        .add_refunds(paid_booking.id, &[refund_of(&payment, 2_000)])
        .await
        .expect("recorded")
        .remove(0);
    store
        .record_refund_made(refund.id, at(3), crate::NO_FOLLOW_UPS)
        .await
        .expect("made");
    store
        .add_refunds(paid_booking.id, &[refund_of(&payment, 500)])
        .await
        .expect("due, not yet made");

    let pending_for = |who: &'static str, hour: u32, cents: Option<i64>| NewBooking {
        details: BookingDetails {
            state: BookingState::PaymentPending {
                deadline: at(0) + Duration::minutes(5),
            },
            payment: Some(PaymentChoice::ByCheck),
            price: cents.map(|cents| domain::fees::BookingPrice {
                total: eur(cents),
                due_at_booking: eur(0),
                discount: None,
            }),
            ..details(who)
        },
        ..new_booking(studio, session_type, hour, who)
    };
    let by_cash = store
        .book(
            &pending_for("Lee", 11, Some(8_000)),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("pending");
    let day = at(0).date_naive();
    for (received_on, cents) in [(day, 3_000), (day - Duration::days(1), 1_000)] {
        store
            .record_manual_payment(
                &crate::NewManualPayment {
                    booking_id: by_cash.id,
                    from: by_cash.state,
                    to: BookingState::Confirmed,
                    payment: domain::manual_payments::ReceivedPayment {
                        amount: eur(cents),
                        method: ManualMethod::Cash,
                        received_on,
                        note: Some("at the door".into()),
                    },
                    recorded_at: at(0) + Duration::minutes(1),
                },
                crate::NO_FOLLOW_UPS,
            )
            .await
            .expect("recorded");
    }

    let paid_late = store
        .book(
            &pending_for("Kim", 10, None),
            &always_room,
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("pending");
    store
        .add_card_payment(&card_payment(&paid_late, 1, "pi_ledger_late", at(0)))
        .await
        .expect("recorded");
    store
        .expire_overdue(at(0) + Duration::minutes(6), crate::NO_FOLLOW_UPS)
        .await
        .expect("swept");
    store
        .settle_paid_intent(&paid(studio, "pi_ledger_late", None), &payment_confirmed)
        .await
        .expect("settled");
    let late = store
        .card_payments_due_refund(at(9), 10)
        .await
        .expect("listed")
        .into_iter()
        .find(|payment| payment.booking_id == paid_late.id)
        .expect("due a refund");
    store
        .record_card_refund(late.id, at(4), crate::NO_FOLLOW_UPS)
        .await
        .expect("refunded");
    paid_by_card(store, "ledger-elsewhere").await;

    let read = |from: DateTime<Utc>| async move {
        let mut items: Vec<(i64, EntryKind, i64, crate::LedgerWhen)> = store
            .ledger(&crate::LedgerQuery {
                studio_id: studio,
                from,
                to: at(0) + Duration::days(1),
                first_day: day,
                last_day: day,
            })
            .await
            .expect("read")
            .into_iter()
            .map(|item| {
                (
                    item.booking_id,
                    item.kind,
                    item.amount.minor_units(),
                    item.when,
                )
            })
            .collect();
        items.sort_by_key(|(booking, kind, cents, _)| (*booking, *cents, kind.is_refund()));
        items
    };
    let paid_at = at(0) + Duration::minutes(2);
    let mut expected = vec![
        (
            paid_booking.id,
            EntryKind::Refund(RefundCause::ByInstructor),
            2_000,
            At(at(3)),
        ),
        (paid_booking.id, EntryKind::CardPayment, 4_500, At(paid_at)),
        (paid_late.id, EntryKind::CardPayment, 4_500, At(paid_at)),
        (
            paid_late.id,
            EntryKind::Refund(RefundCause::LatePayment),
            4_500,
            At(at(4)),
        ),
        (
            by_cash.id,
            EntryKind::Received(ManualMethod::Cash),
            3_000,
            On(day),
        ),
    ];
    expected.sort_by_key(|(booking, kind, cents, _)| (*booking, *cents, kind.is_refund()));
    assert_eq!(
        read(at(0)).await,
        expected,
        "a refund still due, a payment on another day and another studio's are not in the books"
    );
    let later: Vec<_> = expected
        .iter()
        .filter(|(_, _, _, when)| *when != At(paid_at))
        .cloned()
        .collect();
    assert_eq!(
        read(at(3)).await,
        later,
        "the window starts at its first instant"
    );
    let first_hour = store
        .ledger(&crate::LedgerQuery {
            studio_id: studio,
            from: at(0),
            to: at(1),
            first_day: day,
            last_day: day,
        })
        .await
        .expect("read");
    let mut named: Vec<(&str, &str, DateTime<Utc>)> = first_hour
        .iter()
        .filter(|item| item.kind == EntryKind::CardPayment)
        .map(|item| {
            (
                item.student_name.as_str(),
                item.session_type_name.as_str(),
                item.session_start,
            )
        })
        .collect();
    named.sort();
    assert_eq!(
        named,
        [("Kim", "Lesson", at(10)), ("Pat", "Lesson", at(9))],
        "each entry names its student, session type and session"
    );
}

/// The (number, source) of each of a booking's invoices.
async fn invoiced(store: &dyn Store, booking_id: i64) -> Vec<(u32, InvoiceSource, i64)> {
    store
        .invoices_of_booking(booking_id)
        .await
        .expect("read")
        .iter()
        .map(|invoice| {
            (
                invoice.number.value(),
                invoice.source,
                invoice.amount.minor_units(),
            )
        })
        .collect()
}

pub async fn every_payment_and_refund_is_invoiced_once_under_the_studios_next_number(
    store: &dyn Store,
) {
    let (booking, payment) = paid_by_card(store, "invoices").await;
    assert_eq!(
        invoiced(store, booking.id).await,
        [(1, InvoiceSource::CardPayment, 4_500)]
    );
    let refund = store
        .add_refunds(booking.id, &[refund_of(&payment, 2_000)])
        .await
        .expect("recorded")
        .remove(0);
    assert_eq!(
        invoiced(store, booking.id).await.len(),
        1,
        "a refund still due has no invoice yet"
    );
    store
        .record_refund_made(refund.id, at(3), crate::NO_FOLLOW_UPS)
        .await
        .expect("made");
    store
        .record_refund_made(refund.id, at(4), crate::NO_FOLLOW_UPS)
        .await
        .expect("read");
    let cash = received(
        &store
            .booking_by_id(booking.id)
            .await
            .expect("read")
            .expect("found"),
        BookingState::Confirmed,
        1_500,
        domain::manual_payments::ManualMethod::Cash,
    );
    store
        .record_manual_payment(&cash, crate::NO_FOLLOW_UPS)
        .await
        .expect("recorded")
        .expect("the booking went ahead");
    assert_eq!(
        invoiced(store, booking.id).await,
        [
            (1, InvoiceSource::CardPayment, 4_500),
            (2, InvoiceSource::Refund, 2_000),
            (3, InvoiceSource::ManualPayment, 1_500),
        ],
        "a refund made twice is invoiced once"
    );
    let (elsewhere, _) = paid_by_card(store, "invoices-elsewhere").await;
    assert_eq!(
        invoiced(store, elsewhere.id).await,
        [(1, InvoiceSource::CardPayment, 4_500)],
        "each studio counts from one"
    );
    let first = store
        .invoices_of_booking(booking.id)
        .await
        .expect("read")
        .remove(0);
    assert_eq!(
        store.invoice_by_id(first.id).await.expect("read"),
        Some(first.clone())
    );
    assert_eq!(first.issued_at, at(0) + Duration::minutes(2));
    assert_eq!(
        store.invoice_by_id(first.id + 1_000).await.expect("read"),
        None
    );
}

pub async fn a_late_payment_and_its_refund_get_an_invoice_each(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "invoice-late", 1).await;
    let booking = payment_due_by_five_past(store, studio, session_type).await;
    store
        .add_card_payment(&card_payment(&booking, 1, "pi_invoice_late", at(0)))
        .await
        .expect("recorded");
    store
        .expire_overdue(at(0) + Duration::minutes(6), crate::NO_FOLLOW_UPS)
        .await
        .expect("swept");
    store
        .settle_paid_intent(&paid(studio, "pi_invoice_late", None), &payment_confirmed)
        .await
        .expect("settled");
    let late = store
        .card_payments_due_refund(at(9), 10)
        .await
        .expect("listed")
        .remove(0);
    store
        .record_card_refund(late.id, at(4), crate::NO_FOLLOW_UPS)
        .await
        .expect("refunded");
    assert_eq!(
        invoiced(store, booking.id).await,
        [
            (1, InvoiceSource::CardPayment, 4_500),
            (2, InvoiceSource::LatePaymentRefund, 4_500),
        ]
    );
}

pub async fn racing_payments_of_one_studio_never_share_or_skip_a_number(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "invoice-race", 10).await;
    let mut bookings = Vec::new();
    for (hour, who) in ["Ada", "Bea", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]
        .into_iter()
        .enumerate()
    {
        let hour = u32::try_from(hour).expect("a few") + 9;
        let new = NewBooking {
            details: BookingDetails {
                price: Some(domain::fees::BookingPrice {
                    total: eur(3_000),
                    due_at_booking: eur(0),
                    discount: None,
                }),
                ..details(who)
            },
            ..new_booking(studio, session_type, hour, who)
        };
        bookings.push(
            store
                .book(&new, &always_room, crate::NO_FOLLOW_UPS)
                .await
                .expect("booked"),
        );
    }
    let payments = bookings.iter().map(|booking| async move {
        let cash = received(
            booking,
            BookingState::Confirmed,
            3_000,
            domain::manual_payments::ManualMethod::Cash,
        );
        store
            .record_manual_payment(&cash, crate::NO_FOLLOW_UPS)
            .await
            .expect("recorded")
            .expect("recorded once");
    });
    futures::future::join_all(payments).await;
    let mut numbers = Vec::new();
    for booking in &bookings {
        numbers.extend(
            invoiced(store, booking.id)
                .await
                .into_iter()
                .map(|(number, _, _)| number),
        );
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<u32>>());
}

pub async fn a_studios_invoice_details_are_kept_as_saved(store: &dyn Store) {
    use domain::invoices::InvoiceDetails;
    let studio = owned_studio(store, "invoice-details").await;
    assert_eq!(
        store.invoice_details(studio.id).await.expect("read"),
        InvoiceDetails::default()
    );
    let details = InvoiceDetails::parse("12 Rue Oberkampf\n75011 Paris", "hello@maple.example")
        .expect("valid");
    store
        .save_invoice_details(studio.id, &details)
        .await
        .expect("saved");
    assert_eq!(
        store.invoice_details(studio.id).await.expect("read"),
        details
    );
    let other = owned_studio(store, "invoice-details-other").await;
    assert_eq!(
        store.invoice_details(other.id).await.expect("read"),
        InvoiceDetails::default()
    );
}

fn mini_spec(name: &str) -> SessionTypeSpec {
    use domain::mini_session::{MiniSession, MiniSessionDay, MiniSessionDayInput};
    let day = MiniSessionDay::parse(&MiniSessionDayInput {
        date: "2030-06-08".into(),
        start: "09:00".into(),
        spots: "6".into(),
        spot_minutes: "20".into(),
        gap_minutes: "10".into(),
        breaks: vec![domain::mini_session::BreakInput {
            after_spot: "3".into(),
            minutes: "30".into(),
        }],
        same_start_for_all: false,
        location: "Rose garden, north gate".into(),
    })
    .expect("valid date");
    SessionTypeSpec {
        mini: Some(MiniSession { days: vec![day] }),
        ..spec(name, 1)
    }
}

fn reservation(
    number: u16,
    discount: Option<domain::fees::Discount>,
) -> domain::mini_session::Reservation {
    domain::mini_session::Reservation {
        place: domain::mini_session::SpotPlace {
            date: chrono::NaiveDate::from_ymd_opt(2030, 6, 8).expect("date"),
            number,
        },
        note: "The Jones family".into(),
        discount,
        pay_outside: false,
    }
}

pub async fn a_mini_sessions_dates_are_kept_with_the_type(store: &dyn Store) {
    let studio = owned_studio(store, "mini-dates-studio").await;
    let fall_minis = mini_spec("Fall minis");
    let created = store
        .create_session_type(studio.id, &fall_minis)
        .await
        .expect("created");
    assert_eq!(created.spec, fall_minis);
    let mut two_dates = fall_minis.clone();
    let mut second = two_dates.mini.as_ref().expect("mini").days[0].clone();
    second.date = chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date");
    second.same_start_for_all = true;
    two_dates.mini.as_mut().expect("mini").days.push(second);
    store
        .update_session_type(studio.id, created.id, &two_dates)
        .await
        .expect("updated");
    let read = store
        .session_type(studio.id, created.id)
        .await
        .expect("query")
        .expect("type");
    assert_eq!(read.spec, two_dates);
    let personal = store
        .create_session_type(studio.id, &spec("Lesson", 1))
        .await
        .expect("personal type");
    assert_eq!(personal.spec.mini, None);
}

pub async fn a_reservation_is_kept_changed_and_used_while_its_booking_keeps_the_seat(
    store: &dyn Store,
) {
    use domain::fees::{Discount, Percent};
    let studio = owned_studio(store, "reserving-studio").await;
    let minis = store
        .create_session_type(studio.id, &mini_spec("Spring minis"))
        .await
        .expect("mini");
    let ten_percent = Some(Discount::Percent(Percent::new(10).expect("percent")));
    let kept = store
        .add_reservation(
            studio.id,
            minis.id,
            &reservation(2, ten_percent),
            "link-secret-1",
            at(1),
        )
        .await
        .expect("reserved");
    assert_eq!(kept.reservation, reservation(2, ten_percent));
    assert_eq!(kept.token, "link-secret-1");
    assert_eq!(kept.used_by, None);
    let fifteen_off = Some(Discount::Amount(
        domain::money::Money::from_minor_units(1500, Currency::Eur).expect("money"),
    ));
    let changed = domain::mini_session::Reservation {
        pay_outside: true,
        ..reservation(4, fifteen_off)
    };
    let updated = store
        .update_reservation(studio.id, kept.id, &changed, at(1))
        .await
        .expect("query")
        .expect("updated");
    assert_eq!(updated.reservation, changed);
    assert_eq!(updated.token, "link-secret-1", "the link stays the same");

    let hold = store
        .hold(
            &new_hold(studio.id, minis.id, 9, 0),
            &|_: &[TakenSeats]| Ok(()),
        )
        .await
        .expect("hold");
    store.use_reservation(kept.id, hold.id).await.expect("used");
    let while_held = store
        .reservation_by_token("link-secret-1", at(0) + Duration::minutes(5))
        .await
        .expect("query")
        .expect("found");
    assert_eq!(while_held.used_by, Some(hold.id));
    let after_the_hold = store
        .reservations(studio.id, minis.id, at(0) + Duration::minutes(16))
        .await
        .expect("query");
    assert_eq!(after_the_hold.len(), 1);
    assert_eq!(
        after_the_hold[0].used_by, None,
        "a hold that ran out gives the spot back to its reservation"
    );
    assert!(
        store
            .remove_reservation(studio.id, kept.id)
            .await
            .expect("removed")
    );
    assert!(
        !store
            .remove_reservation(studio.id, kept.id)
            .await
            .expect("query")
    );
    assert_eq!(
        store
            .reservation_by_token("link-secret-1", at(1))
            .await
            .expect("query"),
        None
    );
}

pub async fn a_reservation_belongs_to_its_studio(store: &dyn Store) {
    let studio = owned_studio(store, "reservation-owner").await;
    let other = owned_studio(store, "reservation-other").await;
    let minis = store
        .create_session_type(studio.id, &mini_spec("Beach minis"))
        .await
        .expect("mini");
    let kept = store
        .add_reservation(
            studio.id,
            minis.id,
            &reservation(1, None),
            "link-secret-2",
            at(1),
        )
        .await
        .expect("reserved");
    assert!(
        store
            .add_reservation(
                other.id,
                minis.id,
                &reservation(3, None),
                "link-secret-3",
                at(1)
            )
            .await
            .is_err(),
        "another studio cannot reserve a spot of this mini"
    );
    assert_eq!(
        store
            .update_reservation(other.id, kept.id, &reservation(5, None), at(1))
            .await
            .expect("query"),
        None
    );
    assert!(
        !store
            .remove_reservation(other.id, kept.id)
            .await
            .expect("query")
    );
    assert_eq!(
        store
            .reservations(other.id, minis.id, at(1))
            .await
            .expect("query"),
        Vec::new()
    );
    assert_eq!(
        store
            .reservations(studio.id, minis.id, at(1))
            .await
            .expect("query")[0]
            .reservation,
        reservation(1, None)
    );
}

fn contract(title: &str, body: &str) -> domain::forms::LibraryForm {
    domain::forms::LibraryForm::Contract(
        domain::forms::Contract::parse(title, body).expect("valid contract"),
    )
}

fn questionnaire(title: &str) -> domain::forms::LibraryForm {
    domain::forms::LibraryForm::Questionnaire(
        domain::forms::Questionnaire::parse(
            title,
            &[
                question(
                    "Who is in the photo?",
                    "checkboxes",
                    "Parents\nChildren",
                    true,
                ),
                question("Mobile", "phone", "", false),
            ],
        )
        .expect("valid questionnaire"),
    )
}

pub async fn a_studios_library_keeps_contracts_and_questionnaires(store: &dyn Store) {
    let studio = owned_studio(store, "library-studio").await;
    let family = store
        .add_library_form(studio.id, &questionnaire("Family details"), at(0))
        .await
        .expect("added");
    let release = store
        .add_library_form(
            studio.id,
            &contract("Model release", "I, {student_name}, agree."),
            at(0),
        )
        .await
        .expect("added");
    assert_eq!(
        release.form,
        contract("Model release", "I, {student_name}, agree.")
    );
    let listed: Vec<_> = store
        .library_forms(studio.id)
        .await
        .expect("listed")
        .into_iter()
        .map(|stored| stored.id)
        .collect();
    assert_eq!(listed, [release.id, family.id], "contracts come first");

    let reworded = contract(
        "Model release",
        "I, {student_name}, agree to {session_name}.",
    );
    let updated = store
        .update_library_form(studio.id, release.id, &reworded, at(1))
        .await
        .expect("updated")
        .expect("found");
    assert_eq!(updated.form, reworded);
    assert_eq!(updated.updated_at, at(1));
    assert_eq!(
        store
            .update_library_form(
                studio.id,
                release.id,
                &questionnaire("Not a contract"),
                at(2)
            )
            .await
            .expect("read"),
        None,
        "a contract stays a contract"
    );
    assert_eq!(
        store
            .library_form(studio.id, family.id)
            .await
            .expect("read")
            .map(|stored| stored.form),
        Some(questionnaire("Family details"))
    );
}

pub async fn a_removed_form_is_detached_from_the_types_that_asked_for_it(store: &dyn Store) {
    let studio = owned_studio(store, "detach-studio").await;
    let release = store
        .add_library_form(studio.id, &contract("Release", "Signed."), at(0))
        .await
        .expect("added");
    let family = store
        .add_library_form(studio.id, &questionnaire("Family"), at(0))
        .await
        .expect("added");
    let asking = SessionTypeSpec {
        forms: domain::forms::AttachedForms {
            contract: Some(release.id),
            questionnaire: Some(family.id),
        },
        ..spec("Minis", 1)
    };
    let created = store
        .create_session_type(studio.id, &asking)
        .await
        .expect("created");
    assert_eq!(created.spec.forms, asking.forms);
    assert!(
        store
            .remove_library_form(studio.id, release.id)
            .await
            .expect("removed")
    );
    let after = store
        .session_type(studio.id, created.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(
        after.spec.forms,
        domain::forms::AttachedForms {
            contract: None,
            questionnaire: Some(family.id),
        }
    );
}

pub async fn a_library_form_belongs_to_its_studio(store: &dyn Store) {
    let owner = owned_studio(store, "form-owner").await;
    let other = owned_studio(store, "form-other").await;
    let release = store
        .add_library_form(owner.id, &contract("Release", "Signed."), at(0))
        .await
        .expect("added");
    assert_eq!(
        store
            .library_form(other.id, release.id)
            .await
            .expect("read"),
        None
    );
    assert!(
        store
            .library_forms(other.id)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(
        store
            .update_library_form(other.id, release.id, &contract("Mine", "Now."), at(1))
            .await
            .expect("read"),
        None
    );
    assert!(
        !store
            .remove_library_form(other.id, release.id)
            .await
            .expect("read")
    );
    assert!(
        store
            .library_form(owner.id, release.id)
            .await
            .expect("read")
            .is_some()
    );
}

pub async fn a_signature_is_kept_word_for_word_with_the_completed_booking(store: &dyn Store) {
    let (studio, session_type) = studio_with_type(store, "signing-studio", 2).await;
    let signature = crate::SignedContract {
        title: "Model release".into(),
        text: "I, Ada Lovelace, agree.\nPhotos may be shared.".into(),
        text_sha256: "0f".repeat(32),
        signed_name: "Ada Lovelace".into(),
        signed_at: at(0) + Duration::minutes(5),
        ip: "203.0.113.7".into(),
        user_agent: "Mozilla/5.0 (iPhone)".into(),
    };
    let hold = store
        .hold(&new_hold(studio, session_type, 9, 0), &always_room)
        .await
        .expect("held");
    let signed = store
        .complete_hold(
            hold.id,
            &BookingDetails {
                signature: Some(signature.clone()),
                ..details("Ada")
            },
            at(0) + Duration::minutes(5),
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("filled in");
    assert_eq!(
        store.signed_contract(signed.id).await.expect("read"),
        Some(signature)
    );

    let unsigned = store
        .hold(&new_hold(studio, session_type, 10, 0), &always_room)
        .await
        .expect("held");
    store
        .complete_hold(
            unsigned.id,
            &details("Bea"),
            at(0) + Duration::minutes(5),
            crate::NO_FOLLOW_UPS,
        )
        .await
        .expect("filled in");
    assert_eq!(
        store.signed_contract(unsigned.id).await.expect("read"),
        None
    );
}
