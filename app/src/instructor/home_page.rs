//! `/`: what Bookable is, and the way in for instructors.

use leptos_meta::Title;

use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Bookable: bookings for instructors"/>
        <main class="page narrow home">
            <h1>"Bookable"</h1>
            <p class="lead">
                "Let students book your lessons and sessions online: every time shown right in every time zone, and no spot ever sold twice."
            </p>
            <p class="actions">
                <a class="button primary" href="/signup">"Create an instructor account"</a>
                <a class="button" href="/signin">"Sign in"</a>
            </p>
        </main>
    }
}
