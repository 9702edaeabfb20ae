//! Requests a browser sends from another website cannot change anything (CSRF).

mod support;

use support::{PASSWORD, TestApp};

on_both_backends!(
    a_form_posted_from_another_website_is_refused_with_a_reason,
    the_apps_own_pages_and_programs_without_an_origin_may_write,
    pages_served_through_a_proxy_from_the_public_address_may_write,
);

async fn a_form_posted_from_another_website_is_refused_with_a_reason(app: TestApp) {
    app.visitor().sign_up("ada@example.com").await;
    let instructor = app.visitor();
    instructor
        .call(
            "sign_in",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let response = instructor
            .http
            .post(format!("{}/api/save_studio", app.base_url))
            .header(header, value)
            .form(&[
                ("name", "Hijacked"),
                ("slug", "hijacked"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 403, "{header}: {value}");
        let reason = response.text().await.expect("body");
        assert!(reason.contains("another website"), "{reason}");
    }
    let account = instructor.call("account", &[]).await.json();
    assert_eq!(
        account["studio"],
        serde_json::Value::Null,
        "nothing was saved"
    );
}

async fn the_apps_own_pages_and_programs_without_an_origin_may_write(app: TestApp) {
    let instructor = app.visitor();
    instructor.sign_up("ada@example.com").await;
    let same_site = instructor
        .http
        .post(format!("{}/api/save_studio", app.base_url))
        .header("origin", &app.base_url)
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("name", "Maple"),
            ("slug", "maple"),
            ("timezone", "UTC"),
            ("currency", "USD"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(same_site.status().as_u16(), 200);
    let without_origin = instructor
        .call(
            "save_studio",
            &[
                ("name", "Maple Yoga"),
                ("slug", "maple"),
                ("timezone", "UTC"),
                ("currency", "USD"),
            ],
        )
        .await;
    assert_eq!(without_origin.status, 200, "{}", without_origin.body);
}

async fn pages_served_through_a_proxy_from_the_public_address_may_write(app: TestApp) {
    let instructor = app.visitor();
    instructor.sign_up("ada@example.com").await;
    // A proxy that passes its upstream address as Host; the page came from the public URL,
    // which the test server takes to be its own address.
    let proxied = instructor
        .http
        .post(format!("{}/api/save_studio", app.base_url))
        .header("host", "backend.internal:8080")
        .header("origin", &app.base_url)
        .form(&[
            ("name", "Maple"),
            ("slug", "maple"),
            ("timezone", "UTC"),
            ("currency", "USD"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(proxied.status().as_u16(), 200);
}
