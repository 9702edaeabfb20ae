//! The emails a booking sends, through the durable job queue, with the app's clock moved
//! instead of waiting: confirmations to both sides, reminders a day and an hour before, the
//! survey after the session, and the notices of a move, a cancellation and an expired payment,
//! each exactly once.

mod support;

use app::server::clock::Clock;
use chrono::{DateTime, Duration, Utc};
use support::{Client, Mail, TestApp, days_from_today, link_of};

/// A studio in UTC open around the clock with a one-hour lesson that asks one question.
async fn studio_with_lesson(app: &TestApp, fields: &[(&str, &str)]) -> (Client, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let mut all = vec![
        ("video_link", "https://meet.example.com/maple"),
        ("questions[0][prompt]", "Anything we should know?"),
        ("questions[0][kind]", "long_text"),
    ];
    all.extend_from_slice(fields);
    let id = instructor.session_type_with(&all).await;
    (instructor, id)
}

/// 10:00 UTC three days after the app's today.
fn three_days_ahead() -> String {
    format!("{}T10:00:00Z", days_from_today("UTC", 3))
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("instant")
        .with_timezone(&Utc)
}

/// Ada books `start` as a guest, answering the question; returns her booking's link.
async fn book(app: &TestApp, id: &str, start: &str) -> String {
    book_with(app, id, start, &[]).await
}

/// The same with `extra` form fields, e.g. the zone her browser reports.
async fn book_with(app: &TestApp, id: &str, start: &str, extra: &[(&str, &str)]) -> String {
    let mut form = vec![
        ("slug", "maple-yoga"),
        ("session_type_id", id),
        ("start", start),
        ("student_name", "Ada <Lovelace>"),
        ("student_email", "ada@example.com"),
        ("answers[0]", "Bad knee & a <b>sore</b> back"),
    ];
    form.extend_from_slice(extra);
    let booked = app.visitor().call("book_session", &form).await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    link_of(&booked)
}

/// Moves the app's clock to `at` and gives its worker time to send what became due.
async fn move_clock_to(app: &TestApp, at: DateTime<Utc>) {
    let now = app.clock.now();
    assert!(at >= now, "the clock only moves forward in these tests");
    app.clock.advance(at - now);
}

/// An email of `mails` sent to `address`; `what` names it when there is none.
fn mail_to<'a>(mails: &'a [impl std::borrow::Borrow<Mail>], address: &str, what: &str) -> &'a Mail {
    mails
        .iter()
        .map(std::borrow::Borrow::borrow)
        .find(|mail| mail.to == address)
        .unwrap_or_else(|| panic!("{what}: no email to {address}"))
}

fn subjects(mails: &[Mail]) -> Vec<String> {
    let mut subjects: Vec<String> = mails
        .iter()
        .map(|mail| format!("{} -> {}", mail.subject, mail.to))
        .collect();
    subjects.sort();
    subjects
}

async fn a_booking_three_days_ahead_is_confirmed_to_both_reminded_a_day_and_an_hour_before_and_asked_about_it_after(
    app: TestApp,
) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    let start = three_days_ahead();
    let link = book(&app, &id, &start).await;

    let mails = app.mails(2).await;
    assert_eq!(mails.len(), 2, "{:?}", subjects(&mails));
    let student = mail_to(&mails, "ada@example.com", "the student's confirmation");
    let instructor = mail_to(&mails, "maple-yoga@example.com", "the instructor's notice");

    assert!(
        student.subject.starts_with("Booked: Lesson on "),
        "{}",
        student.subject
    );
    assert_eq!(
        student.from_name, "Maple Yoga",
        "sent under the studio's name"
    );
    assert_eq!(
        student.reply_to, "maple-yoga@example.com",
        "replies reach the instructor"
    );
    assert!(student.text.contains("10:00–11:00 UTC"), "{}", student.text);
    assert!(
        student.text.contains("https://meet.example.com/maple"),
        "{}",
        student.text
    );
    assert!(
        student
            .detail("Price")
            .is_some_and(|price| price.contains("45")),
        "{}",
        student.text
    );
    assert!(
        student
            .text
            .contains(&format!("{}/booking/{link}", app.base_url)),
        "the student's keeps the signed self-service link: {}",
        student.text
    );
    assert!(
        student
            .text
            .contains("write to Maple Yoga at maple-yoga@example.com")
    );
    assert!(
        student
            .html
            .contains("Bad knee &amp; a &lt;b&gt;sore&lt;/b&gt; back"),
        "the student's words are escaped in the HTML part: {}",
        student.html
    );
    assert!(
        student.html.contains("Hello Ada &lt;Lovelace&gt;,"),
        "{}",
        student.html
    );
    let (file, content_type, ics) = student.calendar().expect("an .ics attachment");
    assert_eq!(file, "booking.ics");
    assert!(content_type.contains("method=REQUEST"), "{content_type}");
    assert!(
        ics.contains("METHOD:REQUEST") && ics.contains("SEQUENCE:0"),
        "{ics}"
    );
    assert!(
        ics.contains("ORGANIZER;CN=\"Maple Yoga\":mailto:maple-yoga@example.com"),
        "{ics}"
    );

    assert!(
        instructor
            .subject
            .starts_with("New booking: Ada <Lovelace>, Lesson on "),
        "{}",
        instructor.subject
    );
    assert_eq!(
        instructor.reply_to, "ada@example.com",
        "replies reach the student"
    );
    assert!(
        instructor
            .text
            .contains("Anything we should know?: Bad knee & a <b>sore</b> back"),
        "the instructor's notice carries the answers: {}",
        instructor.text
    );
    assert!(
        instructor.text.contains("/dashboard/bookings/"),
        "{}",
        instructor.text
    );
    assert!(instructor.calendar().is_some());

    let start = instant(&start);
    move_clock_to(&app, start - Duration::hours(24) - Duration::minutes(1)).await;
    assert_eq!(
        app.mails_after_a_while().await.len(),
        2,
        "nothing before its time"
    );

    move_clock_to(&app, start - Duration::hours(24)).await;
    let mails = app.mails(3).await;
    assert_eq!(mails.len(), 3, "{:?}", subjects(&mails));
    assert!(
        mails
            .iter()
            .any(|mail| mail.subject == "Tomorrow: Lesson at 10:00" && mail.to == "ada@example.com"),
        "{:?}",
        subjects(&mails)
    );

    move_clock_to(&app, start - Duration::hours(1)).await;
    let mails = app.mails(4).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.subject == "In one hour: Lesson at 10:00"),
        "{:?}",
        subjects(&mails)
    );

    // The lesson ends at 11:00; the survey follows an hour later.
    let end = start + Duration::hours(1);
    move_clock_to(&app, end + Duration::minutes(59)).await;
    assert_eq!(app.mails_after_a_while().await.len(), 4, "no survey yet");
    move_clock_to(&app, end + Duration::hours(1)).await;
    let mails = app.mails(5).await;
    let survey = mails
        .iter()
        .find(|mail| mail.subject == "How was your Lesson?")
        .unwrap_or_else(|| panic!("the survey: {:?}", subjects(&mails)));
    assert_eq!(survey.to, "ada@example.com");
    assert!(
        survey
            .text
            .contains(&format!("{}/booking/{link}/survey", app.base_url)),
        "{}",
        survey.text
    );

    move_clock_to(&app, end + Duration::days(2)).await;
    let mails = app.mails_after_a_while().await;
    assert_eq!(
        mails.len(),
        5,
        "each email went out exactly once: {:?}",
        subjects(&mails)
    );
    let ids: std::collections::HashSet<&str> =
        mails.iter().map(|mail| mail.message_id.as_str()).collect();
    assert_eq!(ids.len(), 5, "each job has its own message id");
}

/// The booking page's answer, with its survey part.
async fn survey_of(student: &Client, link: &str) -> support::Reply {
    student.call("booking_page", &[("link", link)]).await
}

/// Saves Settings > Emails with the survey `hours` after the end, or none.
async fn save_survey_setting(instructor: &Client, hours: Option<&str>) -> support::Reply {
    let mut fields = vec![
        ("nudge_after_booking", "1, 24"),
        ("nudge_before_deadline", "24"),
    ];
    if let Some(hours) = hours {
        fields.push(("send_survey", "on"));
        fields.push(("survey_delay_hours", hours));
    }
    instructor.call("save_message_settings", &fields).await
}

async fn a_student_rates_a_session_once_after_it_and_the_instructor_sees_the_rating(app: TestApp) {
    let (instructor, id) = studio_with_lesson(&app, &[]).await;
    let start = instant(&three_days_ahead());
    let link = book(&app, &id, &start.to_rfc3339()).await;
    let student = app.visitor();

    let early = survey_of(&student, &link).await;
    assert_eq!(early.status, 200, "{}", early.body);
    assert_eq!(
        early.json()["survey"]["closed"],
        "The survey opens once your session is over."
    );
    let too_early = student
        .call("answer_survey", &[("link", &link), ("rating", "5")])
        .await;
    assert_eq!(too_early.status, 409, "{}", too_early.body);

    move_clock_to(&app, start + Duration::hours(2)).await;
    let open = survey_of(&student, &link).await.json();
    assert_eq!(open["survey"]["closed"], serde_json::Value::Null);
    assert_eq!(open["survey"]["rating"], serde_json::Value::Null);
    let forged = survey_of(&student, "1.AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(forged.status, 404, "{}", forged.body);
    let unrated = student
        .call(
            "answer_survey",
            &[("link", &link), ("rating", "9"), ("comment", "")],
        )
        .await;
    assert_eq!(unrated.status, 422, "{}", unrated.body);
    assert_eq!(
        unrated.field_message("rating").as_deref(),
        Some("Choose a rating from 1 to 5.")
    );
    let answered = student
        .call(
            "answer_survey",
            &[
                ("link", &link),
                ("rating", "4"),
                ("comment", "Great class, <b>thanks</b>"),
            ],
        )
        .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    let again = student
        .call("answer_survey", &[("link", &link), ("rating", "1")])
        .await;
    assert_eq!(again.status, 409, "answered once: {}", again.body);
    let shown = survey_of(&student, &link).await.json();
    assert_eq!(shown["survey"]["rating"], 4);
    assert_eq!(shown["survey"]["comment"], "Great class, <b>thanks</b>");

    let list = instructor.call("bookings", &[]).await.json();
    let booking = list[0]["id"].to_string();
    let detail = instructor
        .call("booking_detail", &[("id", &booking)])
        .await
        .json();
    assert_eq!(detail["survey"]["rating_label"], "4 out of 5");
    assert_eq!(detail["survey"]["comment"], "Great class, <b>thanks</b>");
    let ratings = instructor.call("session_type_ratings", &[]).await.json();
    assert_eq!(ratings[0]["session_type_id"].to_string(), id);
    assert_eq!(ratings[0]["label"], "Rated 4.0 out of 5 by 1 student");
}

async fn the_studio_chooses_when_the_survey_goes_or_that_none_does(app: TestApp) {
    let (instructor, id) = studio_with_lesson(&app, &[]).await;
    let refused = save_survey_setting(&instructor, Some("a week")).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.field_message("survey_delay_hours").is_some());
    assert_eq!(
        save_survey_setting(&instructor, Some("24")).await.status,
        200
    );

    let start = instant(&three_days_ahead());
    book(&app, &id, &start.to_rfc3339()).await;
    move_clock_to(&app, start + Duration::hours(23)).await;
    let mails = app.mails_after_a_while().await;
    assert!(
        !mails.iter().any(|mail| mail.subject.starts_with("How was")),
        "not an hour after: {:?}",
        subjects(&mails)
    );
    move_clock_to(&app, start + Duration::hours(25)).await;
    let mails = app.mails(5).await;
    assert_eq!(
        mails
            .iter()
            .filter(|mail| mail.subject.starts_with("How was"))
            .count(),
        1,
        "a day after the end: {:?}",
        subjects(&mails)
    );

    // Booked while the survey is on, and turned off before it is due.
    let queued = start + Duration::days(1) + Duration::hours(5);
    let queued_link = book(&app, &id, &queued.to_rfc3339()).await;
    assert_eq!(save_survey_setting(&instructor, None).await.status, 200);
    let shown = instructor.call("message_settings", &[]).await.json();
    assert_eq!(shown["send_survey"], false);
    let next = queued + Duration::hours(2);
    book(&app, &id, &next.to_rfc3339()).await;
    move_clock_to(&app, next + Duration::days(3)).await;
    let mails = app.mails_after_a_while().await;
    assert_eq!(
        mails
            .iter()
            .filter(|mail| mail.subject.starts_with("How was"))
            .count(),
        1,
        "no survey once turned off, not even one queued before: {:?}",
        subjects(&mails)
    );
    let refused = app
        .visitor()
        .call("answer_survey", &[("link", &queued_link), ("rating", "5")])
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("This studio does not ask for ratings."),
        "{}",
        refused.body
    );
}

async fn a_booking_made_less_than_a_day_ahead_gets_only_the_hour_before_reminder(app: TestApp) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    let start = (app.clock.now() + Duration::hours(5))
        .format("%Y-%m-%dT%H:00:00Z")
        .to_string();
    book(&app, &id, &start).await;
    assert_eq!(app.mails(2).await.len(), 2);
    move_clock_to(&app, instant(&start) + Duration::hours(2)).await;
    let mails = app.mails(3).await;
    let reminders: Vec<&str> = mails
        .iter()
        .map(|mail| mail.subject.as_str())
        .filter(|subject| subject.starts_with("Tomorrow") || subject.starts_with("In one hour"))
        .collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert!(reminders[0].starts_with("In one hour"), "{reminders:?}");
}

async fn a_reschedule_moves_the_reminders_and_tells_both_sides(app: TestApp) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    let first = three_days_ahead();
    let link = book(&app, &id, &first).await;
    assert_eq!(app.mails(2).await.len(), 2);
    let later = format!("{}T15:00:00Z", days_from_today("UTC", 4));
    let moved = app
        .visitor()
        .call(
            "reschedule_my_booking",
            &[("link", &link), ("start", &later)],
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let mails = app.mails(4).await;
    let notices: Vec<&Mail> = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Moved: "))
        .collect();
    assert_eq!(notices.len(), 2, "{:?}", subjects(&mails));
    let student = mail_to(&notices, "ada@example.com", "the student's notice");
    assert!(student.text.contains("from "), "{}", student.text);
    assert!(student.text.contains("15:00–16:00 UTC"), "{}", student.text);
    let (_, content_type, ics) = student.calendar().expect("the updated event");
    assert!(content_type.contains("method=REQUEST"));
    assert!(
        ics.contains("SEQUENCE:1"),
        "a move raises the SEQUENCE: {ics}"
    );

    // The first time's reminders are gone; the new time's come at their own times.
    move_clock_to(&app, instant(&first) - Duration::hours(1)).await;
    let mails = app.mails_after_a_while().await;
    assert_eq!(mails.len(), 4, "{:?}", subjects(&mails));
    move_clock_to(&app, instant(&later) - Duration::hours(1)).await;
    let mails = app.mails(6).await;
    let mut reminders: Vec<&str> = mails
        .iter()
        .map(|mail| mail.subject.as_str())
        .filter(|subject| subject.starts_with("Tomorrow") || subject.starts_with("In one hour"))
        .collect();
    reminders.sort_unstable();
    assert_eq!(
        reminders,
        ["In one hour: Lesson at 15:00", "Tomorrow: Lesson at 15:00"],
        "only the new time is reminded of"
    );
    move_clock_to(&app, instant(&later) + Duration::hours(2)).await;
    let mails = app.mails(7).await;
    let surveys = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("How was"))
        .count();
    assert_eq!(
        surveys,
        1,
        "one survey, after the new time: {:?}",
        subjects(&mails)
    );
}

async fn a_cancellation_tells_both_sides_and_removes_the_reminders(app: TestApp) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    let start = three_days_ahead();
    let link = book(&app, &id, &start).await;
    assert_eq!(app.mails(2).await.len(), 2);
    let cancelled = app
        .visitor()
        .call("cancel_my_booking", &[("link", &link)])
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let mails = app.mails(4).await;
    let notices: Vec<&Mail> = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Cancelled: "))
        .collect();
    assert_eq!(notices.len(), 2, "{:?}", subjects(&mails));
    for notice in &notices {
        let (file, content_type, ics) = notice.calendar().expect("the cancellation");
        assert_eq!(file, "cancelled.ics");
        assert!(content_type.contains("method=CANCEL"), "{content_type}");
        assert!(
            ics.contains("STATUS:CANCELLED") && ics.contains("SEQUENCE:1"),
            "{ics}"
        );
    }
    move_clock_to(&app, instant(&start) + Duration::hours(3)).await;
    let mails = app.mails_after_a_while().await;
    assert_eq!(
        mails.len(),
        4,
        "no reminders and no survey: {:?}",
        subjects(&mails)
    );
}

async fn an_unpaid_booking_is_nudged_then_expires_at_its_deadline_and_both_are_told(app: TestApp) {
    let (instructor, id) = studio_with_lesson(&app, &[]).await;
    instructor.offer_payment_methods(&["pay_by_check"]).await;
    let booked_at = app.clock.now();
    let start = three_days_ahead();
    book(&app, &id, &start).await;
    let mails = app.mails(2).await;
    let student = mail_to(&mails, "ada@example.com", "the student's email");
    assert!(
        student.subject.starts_with("Reserved, payment due: "),
        "{}",
        student.subject
    );
    assert!(
        student.text.contains("By check, not received yet"),
        "{}",
        student.text
    );
    let notice = mail_to(&mails, "maple-yoga@example.com", "the instructor's notice");
    assert!(
        notice.text.contains("The payment is still due"),
        "{}",
        notice.text
    );

    // Nudged an hour and a day after booking, and a day before the deadline (the start).
    let nudges = |mails: &[Mail]| {
        mails
            .iter()
            .filter(|mail| {
                mail.subject.starts_with("Payment due: ") && mail.to == "ada@example.com"
            })
            .count()
    };
    move_clock_to(&app, booked_at + Duration::minutes(59)).await;
    assert_eq!(
        nudges(&app.mails_after_a_while().await),
        0,
        "not before its time"
    );
    move_clock_to(&app, booked_at + Duration::hours(1)).await;
    let mails = app.mails(3).await;
    assert_eq!(nudges(&mails), 1, "{:?}", subjects(&mails));
    let nudge = mails
        .iter()
        .find(|mail| mail.subject.starts_with("Payment due: "))
        .expect("the nudge");
    assert!(nudge.text.contains("the booking expires"), "{}", nudge.text);
    move_clock_to(&app, booked_at + Duration::hours(24)).await;
    assert_eq!(nudges(&app.mails(4).await), 2);
    // The last nudge and both reminders still go while the spot is reserved.
    move_clock_to(&app, instant(&start) - Duration::minutes(30)).await;
    let mails = app.mails(7).await;
    assert_eq!(nudges(&mails), 3, "{:?}", subjects(&mails));
    // A check is due by the start; after it the sweep expires the booking and tells both.
    move_clock_to(&app, instant(&start) + Duration::minutes(1)).await;
    let mails = app.mails(9).await;
    let expired: Vec<&Mail> = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Expired: "))
        .collect();
    assert_eq!(expired.len(), 2, "{:?}", subjects(&mails));
    let mails = app.mails_after_a_while().await;
    assert_eq!(mails.len(), 9, "each told once: {:?}", subjects(&mails));
}

async fn a_types_payment_window_and_the_studios_nudge_steps_decide_when_an_unpaid_booking_is_nudged_and_expires(
    app: TestApp,
) {
    let (instructor, id) = studio_with_lesson(&app, &[("payment_due_hours", "6")]).await;
    instructor.offer_payment_methods(&["pay_by_check"]).await;
    let steps = instructor
        .call(
            "save_message_settings",
            &[
                ("send_survey", "on"),
                ("survey_delay_hours", "1"),
                ("nudge_after_booking", "1"),
                ("nudge_before_deadline", "2"),
            ],
        )
        .await;
    assert_eq!(steps.status, 200, "{}", steps.body);
    let booked_at = app.clock.now();
    let start = three_days_ahead();
    book(&app, &id, &start).await;
    let mails = app.mails(2).await;
    let notice = mail_to(&mails, "maple-yoga@example.com", "the instructor's notice");
    let deadline = booked_at + Duration::hours(6);
    let due = format!(
        "If it has not arrived by {}",
        deadline.format("%A %-d %B %Y, %H:%M UTC")
    );
    assert!(
        notice.text.contains(&due),
        "due six hours after booking, not at the start: {due}\n{}",
        notice.text
    );

    let nudges = |mails: &[Mail]| {
        mails
            .iter()
            .filter(|mail| mail.subject.starts_with("Payment due: "))
            .count()
    };
    move_clock_to(&app, booked_at + Duration::hours(1)).await;
    assert_eq!(nudges(&app.mails(3).await), 1, "an hour after booking");
    move_clock_to(&app, booked_at + Duration::hours(3) + Duration::minutes(59)).await;
    assert_eq!(nudges(&app.mails_after_a_while().await), 1);
    move_clock_to(&app, booked_at + Duration::hours(4)).await;
    assert_eq!(
        nudges(&app.mails(4).await),
        2,
        "two hours before the deadline"
    );
    move_clock_to(&app, deadline + Duration::minutes(1)).await;
    let mails = app.mails(6).await;
    let expired = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Expired: "))
        .count();
    assert_eq!(expired, 2, "{:?}", subjects(&mails));
    let free = app
        .visitor()
        .slots("maple-yoga", &id, &start[..10])
        .await
        .iter()
        .any(|slot| slot["start"] == start.as_str());
    assert!(free, "the expired booking's seat is free again");
}

async fn a_students_emails_give_their_own_time_and_the_instructors_the_studios(app: TestApp) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    let start = three_days_ahead();
    book_with(&app, &id, &start, &[("student_zone", "Asia/Tokyo")]).await;
    let mails = app.mails(2).await;
    let student = mail_to(&mails, "ada@example.com", "the student's confirmation");
    let when = student.detail("When").unwrap_or_default();
    assert!(
        when.contains("19:00–20:00") && when.ends_with("(Asia/Tokyo)"),
        "{}",
        student.text
    );
    let studio_time = student.detail("Studio time").unwrap_or_default();
    assert!(studio_time.contains("10:00–11:00 UTC"), "{}", student.text);
    let instructor = mail_to(&mails, "maple-yoga@example.com", "the instructor's notice");
    assert!(
        instructor.text.contains("10:00–11:00 UTC (UTC)") && !instructor.text.contains("Tokyo"),
        "{}",
        instructor.text
    );
    move_clock_to(&app, instant(&start) - Duration::hours(24)).await;
    let mails = app.mails(3).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.subject == "Tomorrow: Lesson at 19:00"),
        "the reminder gives the student's time: {:?}",
        subjects(&mails)
    );
}

async fn a_zone_the_browser_gets_wrong_leaves_the_studios_time(app: TestApp) {
    let (_, id) = studio_with_lesson(&app, &[]).await;
    book_with(
        &app,
        &id,
        &three_days_ahead(),
        &[("student_zone", "Mars/Olympus_Mons")],
    )
    .await;
    let mails = app.mails(2).await;
    let student = mail_to(&mails, "ada@example.com", "the student's confirmation");
    assert!(
        student.text.contains("10:00–11:00 UTC (UTC)") && !student.text.contains("Studio time"),
        "{}",
        student.text
    );
}

async fn a_recorded_payment_confirms_the_booking_to_the_student_and_stops_the_nudges(app: TestApp) {
    let (instructor, id) = studio_with_lesson(&app, &[]).await;
    instructor.offer_payment_methods(&["pay_by_check"]).await;
    let booked_at = app.clock.now();
    book(&app, &id, &three_days_ahead()).await;
    assert_eq!(app.mails(2).await.len(), 2);
    let list = instructor.call("bookings", &[]).await.json();
    let booking = list[0]["id"].to_string();
    let paid = instructor.record_payment(&booking, "45", "check").await;
    assert_eq!(paid.status, 200, "{}", paid.body);
    let mails = app.mails(4).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.subject.starts_with("Confirmed: ") && mail.to == "ada@example.com"),
        "{:?}",
        subjects(&mails)
    );
    assert!(
        mails
            .iter()
            .any(|mail| mail.subject.starts_with("Receipt: $45.00 paid to ")
                && mail.to == "ada@example.com"),
        "{:?}",
        subjects(&mails)
    );
    move_clock_to(&app, booked_at + Duration::hours(25)).await;
    let mails = app.mails_after_a_while().await;
    assert_eq!(
        mails.len(),
        4,
        "no nudges once paid: {:?}",
        subjects(&mails)
    );
}

async fn the_studios_contact_email_gets_the_notices_and_replies_and_can_be_reminded_too(
    app: TestApp,
) {
    let (instructor, id) = studio_with_lesson(&app, &[]).await;
    let refused = instructor
        .call(
            "save_message_settings",
            &[
                ("contact_email", "desk at maple"),
                ("remind_instructor", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.field_message("contact_email").is_some(),
        "{}",
        refused.body
    );
    let saved = instructor
        .call(
            "save_message_settings",
            &[
                ("contact_email", "Desk@Maple.example"),
                ("remind_instructor", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let shown = instructor.call("message_settings", &[]).await.json();
    assert_eq!(shown["contact_email"], "desk@maple.example");
    assert_eq!(shown["remind_instructor"], true);
    assert_eq!(
        (
            &shown["nudge_after_booking"],
            &shown["nudge_before_deadline"]
        ),
        (&serde_json::json!(""), &serde_json::json!("")),
        "the form's fields sent blank (or not at all) mean no payment reminders"
    );
    assert_eq!(shown["send_survey"], false, "an unticked box is off");

    let start = three_days_ahead();
    book(&app, &id, &start).await;
    let mails = app.mails(2).await;
    let student = mail_to(&mails, "ada@example.com", "the student's confirmation");
    assert_eq!(student.reply_to, "desk@maple.example");
    assert!(
        student
            .text
            .contains("write to Maple Yoga at desk@maple.example"),
        "{}",
        student.text
    );
    assert!(
        mails.iter().any(
            |mail| mail.to == "desk@maple.example" && mail.subject.starts_with("New booking: ")
        ),
        "{:?}",
        subjects(&mails)
    );

    move_clock_to(&app, instant(&start) - Duration::hours(24)).await;
    let mails = app.mails(4).await;
    let reminded: Vec<&str> = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Tomorrow: "))
        .map(|mail| mail.to.as_str())
        .collect();
    assert_eq!(reminded.len(), 2, "{:?}", subjects(&mails));
    assert!(reminded.contains(&"desk@maple.example") && reminded.contains(&"ada@example.com"));
}

/// Each behaviour on SQLite and on PostgreSQL, with the sweep of overdue payments every second.
macro_rules! on_both_backends_with_quick_sweeps {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let started = crate::support::TestApp::start_with(
                        crate::support::Backend::Sqlite,
                        crate::quick_sweeps,
                    );
                    if let Some(app) = started.await {
                        super::$name(app).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let started = crate::support::TestApp::start_with(
                        crate::support::Backend::Postgres,
                        crate::quick_sweeps,
                    );
                    if let Some(app) = started.await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

fn quick_sweeps(config: &mut bookable::Config) {
    config.rate_limit_factor = 1000;
    config.sweep_seconds = 1;
}

on_both_backends_with_quick_sweeps!(
    a_booking_three_days_ahead_is_confirmed_to_both_reminded_a_day_and_an_hour_before_and_asked_about_it_after,
    a_student_rates_a_session_once_after_it_and_the_instructor_sees_the_rating,
    the_studio_chooses_when_the_survey_goes_or_that_none_does,
    a_booking_made_less_than_a_day_ahead_gets_only_the_hour_before_reminder,
    a_reschedule_moves_the_reminders_and_tells_both_sides,
    a_cancellation_tells_both_sides_and_removes_the_reminders,
    an_unpaid_booking_is_nudged_then_expires_at_its_deadline_and_both_are_told,
    a_recorded_payment_confirms_the_booking_to_the_student_and_stops_the_nudges,
    a_types_payment_window_and_the_studios_nudge_steps_decide_when_an_unpaid_booking_is_nudged_and_expires,
    the_studios_contact_email_gets_the_notices_and_replies_and_can_be_reminded_too,
    a_students_emails_give_their_own_time_and_the_instructors_the_studios,
    a_zone_the_browser_gets_wrong_leaves_the_studios_time,
);
