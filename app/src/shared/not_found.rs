//! The page for an address nothing answers: a 404, on either side. Each side's bundle knows
//! only its own routes, so when the browser navigates to a page of the other side, this is what
//! it would render: it loads that page from the server instead.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    #[cfg(feature = "hydrate")]
    load_from_the_server_after_navigation();
    view! {
        <main class="page narrow">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. "<a href="/" rel="external">"Go to the start page"</a></p>
        </main>
    }
}

/// A page already hydrated that navigates here reached an address of the other side (or one
/// that does not exist): the server answers it, with the right bundle or a real 404. The
/// router's location is the address navigated to (the window's may not have changed yet).
#[cfg(feature = "hydrate")]
fn load_from_the_server_after_navigation() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigated = window
        .document()
        .and_then(|document| document.body())
        .is_some_and(|body| body.has_attribute("data-hydrated"));
    if !navigated {
        return;
    }
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let hash = location.hash.get_untracked();
    let mut target = location.pathname.get_untracked();
    if !search.is_empty() {
        target.push_str(if search.starts_with('?') { "" } else { "?" });
        target.push_str(&search);
    }
    if !hash.is_empty() {
        target.push_str(if hash.starts_with('#') { "" } else { "#" });
        target.push_str(&hash);
    }
    let _ = window.location().replace(&target);
}
