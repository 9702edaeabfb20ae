//! Passwords: changing one, and resetting a forgotten one through an emailed link.

mod support;

use support::{PASSWORD, TestApp, decoded_email, link_in};

on_both_backends!(
    a_forgotten_password_is_reset_through_the_emailed_link,
    a_reset_link_works_only_once,
    a_reset_signs_out_every_other_session,
    asking_for_an_unknown_email_answers_the_same_and_sends_nothing,
    a_reset_with_a_weak_password_keeps_the_link_usable,
    changing_the_password_needs_the_current_one,
    changing_the_password_signs_out_other_sessions_but_not_this_one,
    visitors_without_a_session_are_sent_from_the_dashboard_to_sign_in,
);

const NEW_PASSWORD: &str = "a much better passphrase";

/// Asks for a reset link for `email` and returns the token from the emailed link.
async fn emailed_reset_token(app: &TestApp, email: &str) -> String {
    let asked = app
        .visitor()
        .call("request_password_reset", &[("email", email)])
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let emails = app.emails(1).await;
    assert_eq!(emails.len(), 1, "one email in the outbox");
    let email_text = decoded_email(&emails[0]);
    assert!(email_text.contains(&format!("To: {email}")), "{email_text}");
    assert!(
        email_text.contains("Subject: Reset your Bookable password"),
        "{email_text}"
    );
    let link = link_in(
        &email_text,
        &format!("{}/reset-password?token=", app.base_url),
    )
    .expect("a reset link in the email");
    link.split_once("token=").expect("token").1.to_owned()
}

async fn a_forgotten_password_is_reset_through_the_emailed_link(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let token = emailed_reset_token(&app, "ada@example.com").await;

    let visitor = app.visitor();
    let page = visitor.get(&format!("/reset-password?token={token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Choose a new password"));
    let reset = visitor
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(reset.status < 400, "{} {}", reset.status, reset.body);
    let account = visitor.call("account", &[]).await.json();
    assert_eq!(
        account["email"], "ada@example.com",
        "signed in after the reset"
    );

    let old = app
        .visitor()
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status, 401, "the old password no longer works");
    let new = app
        .visitor()
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(new.status < 400, "{} {}", new.status, new.body);
}

async fn a_reset_link_works_only_once(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let token = emailed_reset_token(&app, "ada@example.com").await;
    let first = app
        .visitor()
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(first.status < 400, "{}", first.body);
    let second = app
        .visitor()
        .call(
            "reset_password",
            &[("token", &token), ("password", "yet another passphrase")],
        )
        .await;
    assert_eq!(second.status, 409, "{}", second.body);
    assert!(
        second.body.contains("expired or was already used"),
        "{}",
        second.body
    );
    let forged = app
        .visitor()
        .call(
            "reset_password",
            &[("token", "made-up"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, 409, "{}", forged.body);
}

async fn a_reset_signs_out_every_other_session(app: TestApp) {
    let laptop = app.visitor();
    laptop.sign_up("ada@example.com").await;
    let token = emailed_reset_token(&app, "ada@example.com").await;
    app.visitor()
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    let account = laptop.call("account", &[]).await;
    assert_eq!(account.json(), serde_json::Value::Null, "{}", account.body);
}

async fn asking_for_an_unknown_email_answers_the_same_and_sends_nothing(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let unknown = app
        .visitor()
        .call("request_password_reset", &[("email", "nobody@example.com")])
        .await;
    assert_eq!(unknown.status, 200, "{}", unknown.body);
    assert!(app.emails(1).await.is_empty());
    let malformed = app
        .visitor()
        .call("request_password_reset", &[("email", "not an email")])
        .await;
    assert_eq!(malformed.status, 422);
    assert!(
        malformed.field_message("email").is_some(),
        "{}",
        malformed.body
    );
}

async fn a_reset_with_a_weak_password_keeps_the_link_usable(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let token = emailed_reset_token(&app, "ada@example.com").await;
    let weak = app
        .visitor()
        .call(
            "reset_password",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert!(weak.field_message("password").is_some(), "{}", weak.body);
    let strong = app
        .visitor()
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(strong.status < 400, "{}", strong.body);
}

async fn changing_the_password_needs_the_current_one(app: TestApp) {
    let ada = app.visitor();
    ada.sign_up("ada@example.com").await;
    let wrong = ada
        .call(
            "change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        wrong.field_message("current_password").as_deref(),
        Some("This is not your current password.")
    );
    let weak = ada
        .call(
            "change_password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert!(
        weak.field_message("new_password").is_some(),
        "{}",
        weak.body
    );
    let signed_out = app
        .visitor()
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(signed_out.status, 401);
}

async fn changing_the_password_signs_out_other_sessions_but_not_this_one(app: TestApp) {
    let laptop = app.visitor();
    laptop.sign_up("ada@example.com").await;
    let phone = app.visitor();
    let signed_in = phone
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert!(signed_in.status < 400, "{}", signed_in.body);

    let changed = laptop
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        laptop.call("account", &[]).await.json()["email"],
        "ada@example.com"
    );
    assert_eq!(
        phone.call("account", &[]).await.json(),
        serde_json::Value::Null
    );
    let with_new = app
        .visitor()
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(with_new.status < 400, "{}", with_new.body);
}

async fn visitors_without_a_session_are_sent_from_the_dashboard_to_sign_in(app: TestApp) {
    for path in [
        "/dashboard",
        "/dashboard/availability",
        "/dashboard/account",
    ] {
        let visit = app.visitor().get(path).await;
        assert_eq!(visit.status, 303, "{path}");
        assert_eq!(visit.headers["location"], "/signin", "{path}");
    }
    let ada = app.visitor();
    ada.sign_up("ada@example.com").await;
    assert_eq!(ada.get("/dashboard/account").await.status, 200);
}
