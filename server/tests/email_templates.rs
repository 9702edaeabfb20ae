//! A session type's emails to students in the instructor's own words: refused with the
//! unknown placeholder's name, previewed from a sample booking, used for the next booking
//! (with the student's words escaped in the HTML part), and reset to the standard text.

mod support;

use support::{Client, TestApp, days_from_today};

on_both_backends!(
    a_template_with_an_unknown_placeholder_is_refused_with_its_name,
    a_template_is_previewed_from_a_sample_booking_without_being_saved,
    a_saved_template_words_the_next_confirmation_of_its_type_only,
    a_reset_template_gives_back_the_standard_email,
    another_studios_instructor_can_neither_read_nor_word_a_types_emails,
    a_duplicated_type_words_its_emails_as_the_original,
    a_worded_confirmation_still_says_that_a_payment_is_due,
);

/// Sends the editor's form for the studio's type `id`.
async fn edit(
    instructor: &Client,
    id: &str,
    kind: &str,
    subject: &str,
    body: &str,
    intent: &str,
) -> support::Reply {
    instructor
        .call(
            "edit_message_template",
            &[
                ("id", id),
                ("kind", kind),
                ("subject", subject),
                ("body", body),
                ("intent", intent),
            ],
        )
        .await
}

/// The student's email among the two a booking sends.
fn students_confirmation(mails: &[support::Mail]) -> &support::Mail {
    mails
        .iter()
        .find(|mail| mail.to == "ada@example.com")
        .expect("the student's confirmation")
}

/// The editor of the type's email of `kind` (blank: the confirmation), as its page reads it.
async fn editor_of(instructor: &Client, id: &str, kind: &str) -> serde_json::Value {
    instructor
        .call("message_template_editor", &[("id", id), ("kind", kind)])
        .await
        .json()
}

const SUBJECT: &str = "See you on {date}, {student_name}!";
const BODY: &str = "Dear {student_name},\n\nBring a mat to {location}.\nDoors open 10 minutes early.\n\nCall {contact_email} if you are late.";

async fn studio_with_two_types(app: &TestApp) -> (Client, String, String) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type_with(&[]).await;
    let workshop = instructor.session_type_with(&[("name", "Workshop")]).await;
    (instructor, lesson, workshop)
}

async fn book(app: &TestApp, id: &str, hour: u32) {
    let start = format!("{}T{hour:02}:00:00Z", days_from_today("UTC", 3));
    let booked = app
        .visitor()
        .call(
            "book_session",
            &[
                ("slug", "maple-yoga"),
                ("session_type_id", id),
                ("start", &start),
                ("student_name", "Ada <Lovelace>"),
                ("student_email", "ada@example.com"),
            ],
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
}

async fn a_template_with_an_unknown_placeholder_is_refused_with_its_name(app: TestApp) {
    let (instructor, lesson, _) = studio_with_two_types(&app).await;
    let refused = edit(
        &instructor,
        &lesson,
        "confirmation",
        "Hi {studnet_name}",
        "Hello {first_name}",
        "save",
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let subject = refused
        .field_message("subject")
        .expect("the subject's error");
    assert!(
        subject.starts_with("There is no placeholder {studnet_name}. Use one of {student_name},"),
        "{subject}"
    );
    let body = refused.field_message("body").expect("the body's error");
    assert!(
        body.starts_with("There is no placeholder {first_name}."),
        "{body}"
    );
    let open = edit(
        &instructor,
        &lesson,
        "confirmation",
        "Hi {student_name",
        "x",
        "save",
    )
    .await;
    assert_eq!(open.status, 422, "{}", open.body);
    let editor = editor_of(&instructor, &lesson, "confirmation").await;
    assert_eq!(editor["custom"], false, "nothing was saved");
    let unknown_kind = edit(&instructor, &lesson, "cancelled", "Hi", "Hi", "save").await;
    assert_eq!(unknown_kind.status, 404, "{}", unknown_kind.body);
}

async fn another_studios_instructor_can_neither_read_nor_word_a_types_emails(app: TestApp) {
    let (_, lesson, _) = studio_with_two_types(&app).await;
    let stranger = app.instructor_with_studio("other-studio", "UTC").await;
    let read = stranger
        .call("message_template_editor", &[("id", &lesson)])
        .await;
    assert_eq!(read.status, 404, "{}", read.body);
    let written = edit(&stranger, &lesson, "confirmation", SUBJECT, BODY, "save").await;
    assert_eq!(written.status, 404, "{}", written.body);
    let signed_out = edit(
        &app.visitor(),
        &lesson,
        "confirmation",
        SUBJECT,
        BODY,
        "save",
    )
    .await;
    assert_eq!(signed_out.status, 401, "{}", signed_out.body);
}

async fn a_template_is_previewed_from_a_sample_booking_without_being_saved(app: TestApp) {
    let (instructor, lesson, _) = studio_with_two_types(&app).await;
    let previewed = edit(
        &instructor,
        &lesson,
        "reminder_24h",
        "Tomorrow at {time}: {session_name}",
        BODY,
        "preview",
    )
    .await;
    assert_eq!(previewed.status, 200, "{}", previewed.body);
    let preview = &previewed.json()["preview"];
    assert_eq!(preview["subject"], "Tomorrow at 10:00: Lesson");
    let text = preview["text"].as_str().expect("text");
    assert!(text.starts_with("Dear Ada Lovelace,\n\n"), "{text}");
    assert!(
        text.contains("Bring a mat to Studio A.\nDoors open 10 minutes early."),
        "{text}"
    );
    assert!(
        text.contains("Call maple-yoga@example.com if you are late."),
        "{text}"
    );
    let editor = editor_of(&instructor, &lesson, "reminder_24h").await;
    assert_eq!(editor["custom"], false, "a preview saves nothing");
    assert_eq!(editor["subject"], "Tomorrow: {session_name} at {time}");
}

async fn a_saved_template_words_the_next_confirmation_of_its_type_only(app: TestApp) {
    let (instructor, lesson, workshop) = studio_with_two_types(&app).await;
    let saved = edit(&instructor, &lesson, "confirmation", SUBJECT, BODY, "save").await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let editor = editor_of(&instructor, &lesson, "").await;
    assert_eq!(editor["custom"], true);
    assert_eq!(editor["subject"], SUBJECT);

    book(&app, &lesson, 10).await;
    let mails = app.mails(2).await;
    let student = students_confirmation(&mails);
    assert!(
        student.subject.starts_with("See you on ")
            && student.subject.ends_with(", Ada <Lovelace>!"),
        "{}",
        student.subject
    );
    assert!(
        student.text.starts_with("Dear Ada <Lovelace>,"),
        "{}",
        student.text
    );
    assert!(
        student.text.contains("Bring a mat to Studio A."),
        "{}",
        student.text
    );
    assert!(
        student.text.contains("/booking/"),
        "the booking's link still follows: {}",
        student.text
    );
    assert!(
        student.calendar().is_some(),
        "the calendar invitation stays"
    );
    assert!(
        student.html.contains("Dear Ada &lt;Lovelace&gt;,"),
        "the student's words are escaped in the HTML part: {}",
        student.html
    );
    assert!(
        student
            .html
            .contains("Bring a mat to Studio A.<br>Doors open 10 minutes early."),
        "{}",
        student.html
    );
    let instructor_notice = mails
        .iter()
        .find(|mail| mail.to == "maple-yoga@example.com")
        .expect("the instructor's notice");
    assert!(
        instructor_notice.subject.starts_with("New booking: "),
        "the instructor's own notice keeps its wording: {}",
        instructor_notice.subject
    );

    book(&app, &workshop, 14).await;
    let mails = app.mails(4).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.to == "ada@example.com"
                && mail.subject.starts_with("Booked: Workshop on ")),
        "another type keeps the standard email: {:?}",
        mails.iter().map(|mail| &mail.subject).collect::<Vec<_>>()
    );
}

async fn a_reset_template_gives_back_the_standard_email(app: TestApp) {
    let (instructor, lesson, _) = studio_with_two_types(&app).await;
    assert_eq!(
        edit(&instructor, &lesson, "confirmation", SUBJECT, BODY, "save")
            .await
            .status,
        200
    );
    let reset = edit(&instructor, &lesson, "confirmation", "", "", "reset").await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let editor = editor_of(&instructor, &lesson, "").await;
    assert_eq!(editor["custom"], false);
    assert_eq!(editor["subject"], "Booked: {session_name} on {date}");
    book(&app, &lesson, 10).await;
    let mails = app.mails(2).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.to == "ada@example.com"
                && mail.subject.starts_with("Booked: Lesson on ")),
        "{:?}",
        mails.iter().map(|mail| &mail.subject).collect::<Vec<_>>()
    );
}

async fn a_duplicated_type_words_its_emails_as_the_original(app: TestApp) {
    let (instructor, lesson, _) = studio_with_two_types(&app).await;
    assert_eq!(
        edit(&instructor, &lesson, "survey", SUBJECT, BODY, "save")
            .await
            .status,
        200
    );
    let copy = instructor
        .call("duplicate_session_type", &[("id", &lesson)])
        .await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    let copy_id = copy.json()["id"].to_string();
    let editor = editor_of(&instructor, &copy_id, "survey").await;
    assert_eq!(editor["custom"], true, "{editor}");
    assert_eq!(editor["subject"], SUBJECT);
}

async fn a_worded_confirmation_still_says_that_a_payment_is_due(app: TestApp) {
    let (instructor, lesson, _) = studio_with_two_types(&app).await;
    instructor.offer_payment_methods(&["pay_by_check"]).await;
    assert_eq!(
        edit(&instructor, &lesson, "confirmation", SUBJECT, BODY, "save")
            .await
            .status,
        200
    );
    book(&app, &lesson, 10).await;
    let mails = app.mails(2).await;
    let student = students_confirmation(&mails);
    assert!(
        student.text.contains("Bring a mat to Studio A.")
            && student.text.contains(
                "Your spot is reserved. It is confirmed once Maple Yoga receives your payment."
            ),
        "{}",
        student.text
    );
}
