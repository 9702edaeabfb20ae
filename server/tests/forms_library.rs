//! The forms library (seed 003): an instructor writes contracts and questionnaires once,
//! attaches them to session types and minis, and clients sign and answer them when they book;
//! what was signed is kept word for word, printable by both sides.

mod support;

use serde_json::Value;
use support::{Client, TestApp, day_after_tomorrow, link_of};

on_both_backends!(
    an_instructor_writes_forms_and_attaches_them_to_a_type,
    bad_forms_and_bad_attachments_are_named_next_to_their_fields,
    a_client_signs_the_contract_and_answers_the_questionnaire_at_booking,
    a_missing_signature_and_bad_answers_are_named_next_to_their_fields,
    a_contract_changed_while_booking_asks_the_client_to_reload,
    another_studio_and_a_signed_out_caller_cannot_touch_a_form,
    a_signed_copy_keeps_its_text_after_the_library_contract_changes,
);

const SLUG: &str = "fern-photo";
const RELEASE: &str = "I, {student_name}, book {session_name} with {studio_name} on {date} at {time}.\n\nPhotos may be shared online.";

async fn save_form(instructor: &Client, fields: &[(&str, &str)]) -> support::Reply {
    instructor.call("save_library_form", fields).await
}

async fn library(instructor: &Client) -> Vec<Value> {
    let reply = instructor.call("forms_library", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().cloned().expect("a list")
}

/// The id of the library's form titled `title`.
async fn form_id(instructor: &Client, title: &str) -> String {
    library(instructor)
        .await
        .iter()
        .find(|entry| entry["title"] == title)
        .map(|entry| entry["id"].to_string())
        .unwrap_or_else(|| panic!("no form titled {title}"))
}

/// A studio with a release contract and a family questionnaire attached to an Active type.
async fn studio_with_forms(app: &TestApp) -> (Client, String, String) {
    let instructor = app.instructor_with_studio(SLUG, "UTC").await;
    let contract = save_form(
        &instructor,
        &[
            ("kind", "contract"),
            ("title", "Model release"),
            ("body", RELEASE),
        ],
    )
    .await;
    assert!(contract.status < 400, "{}", contract.body);
    let questionnaire = save_form(
        &instructor,
        &[
            ("kind", "questionnaire"),
            ("title", "Family details"),
            ("questions[0][prompt]", "Who is in the photo?"),
            ("questions[0][kind]", "checkboxes"),
            ("questions[0][options]", "Parents\nChildren\nPets"),
            ("questions[0][required]", "on"),
            ("questions[1][prompt]", "Youngest's birthday"),
            ("questions[1][kind]", "date"),
            ("questions[2][prompt]", "Mobile"),
            ("questions[2][kind]", "phone"),
        ],
    )
    .await;
    assert!(questionnaire.status < 400, "{}", questionnaire.body);
    let contract_id = form_id(&instructor, "Model release").await;
    let questionnaire_id = form_id(&instructor, "Family details").await;
    let type_id = instructor
        .session_type_with(&[
            ("name", "Family portraits"),
            ("price", "0"),
            ("contract_id", &contract_id),
            ("questionnaire_id", &questionnaire_id),
            ("questions[0][prompt]", "Anything we should know?"),
            ("questions[0][kind]", "long_text"),
        ])
        .await;
    (instructor, type_id, contract_id)
}

async fn held_link(app: &TestApp, type_id: &str, hour: u32) -> (Client, String) {
    let client = app.visitor();
    let start = format!("{}T{hour:02}:00:00Z", day_after_tomorrow("UTC"));
    let held = client
        .call(
            "hold_slot",
            &[
                ("slug", SLUG),
                ("session_type_id", type_id),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(held.status, 200, "{}", held.body);
    let link = link_of(&held);
    (client, link)
}

fn signed_form<'a>(link: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("link", link),
        ("student_name", "Ada Lovelace"),
        ("student_email", "ada@example.com"),
        ("contract_name", "Ada King Lovelace"),
        ("contract_agreed", "yes"),
        ("answers[300]", "Pets"),
        ("answers[100]", "Parents"),
    ];
    form.extend_from_slice(extra);
    form
}

async fn an_instructor_writes_forms_and_attaches_them_to_a_type(app: TestApp) {
    let (instructor, type_id, contract_id) = studio_with_forms(&app).await;
    let entries = library(&instructor).await;
    let titles: Vec<&str> = entries
        .iter()
        .map(|entry| entry["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        ["Model release", "Family details"],
        "contracts first"
    );
    assert_eq!(entries[0]["kind_label"], "Contract");
    assert_eq!(entries[1]["summary"], "3 questions");
    assert_eq!(
        entries[0]["used_by"],
        serde_json::json!(["Family portraits"])
    );

    let settings = instructor
        .call("session_type_settings", &[("id", &type_id)])
        .await
        .json();
    assert_eq!(settings["contract_id"].as_str(), Some(contract_id.as_str()));

    let editor = instructor
        .call("library_form_editor", &[("id", &contract_id), ("kind", "")])
        .await
        .json();
    assert_eq!(editor["body"].as_str(), Some(RELEASE));
    assert!(
        editor["placeholders"]
            .as_str()
            .is_some_and(|names| names.contains("{student_name}") && !names.contains("{price}")),
        "{editor}"
    );

    let choices = instructor.call("form_choices", &[]).await.json();
    assert_eq!(choices["contracts"][0][1], "Model release");
    assert_eq!(choices["questionnaires"][0][1], "Family details");
}

async fn bad_forms_and_bad_attachments_are_named_next_to_their_fields(app: TestApp) {
    let instructor = app.instructor_with_studio(SLUG, "UTC").await;
    let unknown = save_form(
        &instructor,
        &[
            ("kind", "contract"),
            ("title", " "),
            ("body", "Pay {price} by {payment_deadline}."),
        ],
    )
    .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    assert_eq!(
        unknown.field_message("title").as_deref(),
        Some("Title is required.")
    );
    assert!(
        unknown
            .field_message("body")
            .is_some_and(|message| message.starts_with("There is no placeholder {price}.")),
        "{}",
        unknown.body
    );
    let empty = save_form(
        &instructor,
        &[("kind", "questionnaire"), ("title", "Family details")],
    )
    .await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert_eq!(
        empty.field_message("questions").as_deref(),
        Some("Add at least one question to the questionnaire.")
    );
    let choice_without_options = save_form(
        &instructor,
        &[
            ("kind", "questionnaire"),
            ("title", "Family details"),
            ("questions[0][prompt]", "Who is in the photo?"),
            ("questions[0][kind]", "checkboxes"),
            ("questions[0][options]", "Only one"),
        ],
    )
    .await;
    assert_eq!(
        choice_without_options
            .field_message("questions[0].options")
            .as_deref(),
        Some("Give at least 2 options, one per line (there is 1).")
    );
    let no_kind = save_form(&instructor, &[("kind", "poem"), ("title", "Ode")]).await;
    assert_eq!(no_kind.status, 400, "{}", no_kind.body);

    let other = app.instructor_with_studio("other-photo", "UTC").await;
    let theirs = save_form(
        &other,
        &[
            ("kind", "contract"),
            ("title", "Theirs"),
            ("body", "Signed."),
        ],
    )
    .await;
    assert!(theirs.status < 400, "{}", theirs.body);
    let their_contract = form_id(&other, "Theirs").await;
    let attached = instructor
        .call(
            "create_session_type",
            &[
                ("name", "Lesson"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "45"),
                ("status", "active"),
                ("contract_id", &their_contract),
                ("questionnaire_id", "seven"),
            ],
        )
        .await;
    assert_eq!(attached.status, 422, "{}", attached.body);
    assert_eq!(
        attached.field_message("questionnaire_id").as_deref(),
        Some("Choose a questionnaire of your library, or none.")
    );
    let stolen = instructor
        .call(
            "create_session_type",
            &[
                ("name", "Lesson"),
                ("duration_minutes", "60"),
                ("capacity", "1"),
                ("price", "45"),
                ("status", "active"),
                ("contract_id", &their_contract),
            ],
        )
        .await;
    assert_eq!(stolen.status, 422, "{}", stolen.body);
    assert_eq!(
        stolen.field_message("contract_id").as_deref(),
        Some("This contract is not in your library any more; choose another.")
    );
}

async fn a_client_signs_the_contract_and_answers_the_questionnaire_at_booking(app: TestApp) {
    let (instructor, type_id, _) = studio_with_forms(&app).await;
    let (client, link) = held_link(&app, &type_id, 9).await;
    let page = client.booking_page(&link).await;
    let hold = &page["hold"];
    let contract = hold["contract_html"].as_str().expect("a contract to sign");
    assert!(
        contract.contains("<h3 id=\"contract-heading\">Model release</h3>"),
        "{contract}"
    );
    assert!(
        contract.contains("I, <mark>[your name]</mark>, book Family portraits with ")
            && contract.contains(" at 09:00."),
        "the booking's facts filled in, the client's name marked: {contract}"
    );
    assert!(contract.contains("name=\"contract_name\""), "{contract}");
    assert!(contract.contains("name=\"contract_agreed\""), "{contract}");
    let prompts: Vec<&str> = hold["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|question| question["prompt"].as_str().expect("prompt"))
        .collect();
    assert_eq!(
        prompts,
        [
            "Who is in the photo?",
            "Youngest's birthday",
            "Mobile",
            "Anything we should know?"
        ],
        "the questionnaire, then the type's own question"
    );
    let version = hold["questions_version"].as_str().expect("version");

    let completed = client
        .call(
            "complete_booking",
            &signed_form(
                &link,
                &[
                    ("questions_version", version),
                    ("answers[1]", "2019-02-28"),
                    ("answers[2]", "+44 20 7946 0958"),
                ],
            ),
        )
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let done = client.booking_page(&link).await;
    assert_eq!(done["status"], "confirmed");
    let answers: Vec<(String, String)> = done["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("prompt").to_owned(),
                pair[1].as_str().expect("answer").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        answers[0],
        (
            "Who is in the photo?".to_owned(),
            "Parents, Pets".to_owned()
        )
    );
    assert_eq!(answers[1].1, "2019-02-28");
    let copy_path = done["contract_path"]
        .as_str()
        .expect("a signed copy")
        .to_owned();
    assert_eq!(copy_path, format!("/booking/{link}/contract"));

    let copy = client.get(&copy_path).await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    assert!(
        copy.body.contains("I, Ada Lovelace, book Family portraits"),
        "{}",
        copy.body
    );
    assert!(
        copy.body.contains("Signed by</dt><dd>Ada King Lovelace"),
        "{}",
        copy.body
    );
    assert!(
        copy.body.contains("Text fingerprint (SHA-256)"),
        "{}",
        copy.body
    );

    let bookings = instructor.call("bookings", &[]).await.json();
    let booking_id = bookings[0]["id"].to_string();
    let detail = instructor
        .call("booking_detail", &[("id", &booking_id)])
        .await
        .json();
    let (label, path) = (
        detail["signed_contract"][0].as_str().expect("label"),
        detail["signed_contract"][1].as_str().expect("path"),
    );
    assert!(
        label.starts_with("Model release · signed by Ada King Lovelace on "),
        "{label}"
    );
    assert_eq!(path, copy_path, "both sides open the same copy");

    let forged = client.get(&format!("/booking/{}x/contract", link)).await;
    assert_eq!(forged.status, 404, "{}", forged.body);
}

async fn a_missing_signature_and_bad_answers_are_named_next_to_their_fields(app: TestApp) {
    let (_, type_id, _) = studio_with_forms(&app).await;
    let (client, link) = held_link(&app, &type_id, 10).await;
    let unsigned = client
        .call(
            "complete_booking",
            &[
                ("link", link.as_str()),
                ("student_name", "Ada Lovelace"),
                ("student_email", "ada@example.com"),
                ("answers[0]", "Grandparents"),
                ("answers[1]", "2019-02-30"),
                ("answers[2]", "call me"),
            ],
        )
        .await;
    assert_eq!(unsigned.status, 422, "{}", unsigned.body);
    assert_eq!(
        unsigned.field_message("contract_name").as_deref(),
        Some("Type your full name and tick the box to sign the contract.")
    );
    assert_eq!(
        unsigned.field_message("answers[0]").as_deref(),
        Some("\"Grandparents\" is not one of the options for \"Who is in the photo?\".")
    );
    assert_eq!(
        unsigned.field_message("answers[1]").as_deref(),
        Some("Give a date for \"Youngest's birthday\", such as 2027-05-01.")
    );
    assert!(
        unsigned
            .field_message("answers[2]")
            .is_some_and(|message| message.starts_with("Give a phone number for \"Mobile\"")),
        "{}",
        unsigned.body
    );
    let stale_box = client
        .call(
            "complete_booking",
            &signed_form(&link, &[("answers[800]", "Grandparents")]),
        )
        .await;
    assert_eq!(stale_box.status, 422, "{}", stale_box.body);
    assert_eq!(
        stale_box.field_message("answers").as_deref(),
        Some("A ticked box is for an option that no longer exists; reload the page and try again.")
    );
    let page = client.booking_page(&link).await;
    assert_eq!(page["status"], "held", "nothing was booked");
    assert!(page["contract_path"].is_null());
}

async fn a_contract_changed_while_booking_asks_the_client_to_reload(app: TestApp) {
    let (instructor, type_id, contract_id) = studio_with_forms(&app).await;
    let (client, link) = held_link(&app, &type_id, 11).await;
    let version = client.booking_page(&link).await["hold"]["questions_version"]
        .as_str()
        .expect("version")
        .to_owned();
    let reworded = save_form(
        &instructor,
        &[
            ("id", &contract_id),
            ("kind", "contract"),
            ("title", "Model release"),
            (
                "body",
                "I, {student_name}, also agree to a cancellation fee.",
            ),
        ],
    )
    .await;
    assert!(reworded.status < 400, "{}", reworded.body);
    let stale = client
        .call(
            "complete_booking",
            &signed_form(&link, &[("questions_version", &version)]),
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(
        stale.body.contains("the contract of this session changed"),
        "{}",
        stale.body
    );
}

async fn another_studio_and_a_signed_out_caller_cannot_touch_a_form(app: TestApp) {
    let (_, _, contract_id) = studio_with_forms(&app).await;
    let other = app.instructor_with_studio("other-photo", "UTC").await;
    let read = other
        .call("library_form_editor", &[("id", &contract_id), ("kind", "")])
        .await;
    assert_eq!(read.status, 404, "{}", read.body);
    let overwrite = save_form(
        &other,
        &[
            ("id", &contract_id),
            ("kind", "contract"),
            ("title", "Mine now"),
            ("body", "Signed."),
        ],
    )
    .await;
    assert_eq!(overwrite.status, 404, "{}", overwrite.body);
    let removed = other
        .call("remove_library_form", &[("id", &contract_id)])
        .await;
    assert_eq!(removed.status, 404, "{}", removed.body);
    assert!(library(&other).await.is_empty());
    let visitor = app.visitor();
    for (endpoint, form) in [
        ("forms_library", vec![]),
        ("form_choices", vec![]),
        ("remove_library_form", vec![("id", contract_id.as_str())]),
    ] {
        let reply = visitor.call(endpoint, &form).await;
        assert_eq!(reply.status, 401, "{endpoint}: {}", reply.body);
    }
}

async fn a_signed_copy_keeps_its_text_after_the_library_contract_changes(app: TestApp) {
    let (instructor, type_id, contract_id) = studio_with_forms(&app).await;
    let (client, link) = held_link(&app, &type_id, 12).await;
    let completed = client
        .call("complete_booking", &signed_form(&link, &[]))
        .await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    let reworded = save_form(
        &instructor,
        &[
            ("id", &contract_id),
            ("kind", "contract"),
            ("title", "New release"),
            ("body", "Entirely new terms for {student_name}."),
        ],
    )
    .await;
    assert!(reworded.status < 400, "{}", reworded.body);
    let removed = instructor
        .call("remove_library_form", &[("id", &contract_id)])
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let copy = client.get(&format!("/booking/{link}/contract")).await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    assert!(
        copy.body.contains("<h1>Model release</h1>"),
        "{}",
        copy.body
    );
    assert!(
        copy.body.contains("Photos may be shared online."),
        "{}",
        copy.body
    );
    assert!(!copy.body.contains("Entirely new terms"), "{}", copy.body);
    let settings = instructor
        .call("session_type_settings", &[("id", &type_id)])
        .await
        .json();
    assert_eq!(
        settings["contract_id"], "",
        "a removed contract is detached"
    );
}
