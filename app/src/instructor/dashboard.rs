//! The frame of every dashboard page: navigation, the current page marked, and the title.

use crate::instructor::auth::api::SignOut;
use crate::instructor::studio::api::offerings;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use leptos::prelude::*;

/// The dashboard's frame: navigation and the page title.
///
/// The children render straight away, outside any `Suspense`, so every resource a page
/// creates exists before the first await: a resource created inside a `Suspend` is created
/// in a different order on the server and in the browser and breaks hydration. Each section
/// shows its own "sign in" error; the server redirects visitors without a session cookie.
#[component]
pub(crate) fn Dashboard(
    title: &'static str,
    /// Changes when a page saves the offerings, so the navigation follows at once.
    #[prop(optional, into)]
    offerings_version: Option<Signal<usize>>,
    children: Children,
) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let offered = Resource::new(
        move || offerings_version.map(|version| version.get()),
        |_| offerings(),
    );
    let path = use_location().pathname;
    // The page a link leads to is marked as the current one, for the eye and for screen readers.
    let current = move |href: &'static str| {
        move || {
            path.with(|path| {
                let here = if href == "/dashboard" {
                    path == href
                } else {
                    path == href || path.starts_with(&format!("{href}/"))
                };
                here.then_some("page")
            })
        }
    };
    view! {
        <Title text=format!("{title} · Bookable")/>
        <div class="dashboard">
            <header class="dashboard-header">
                <a class="brand" href="/dashboard">"Bookable"</a>
                <nav aria-label="Dashboard">
                    <a href="/dashboard" aria-current=current("/dashboard")>"Studio"</a>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            // Personal sessions switched off hide their pages; while unknown, show them.
                            let shown = offered.await.map(|offered| offered.personal_sessions).unwrap_or(true);
                            shown.then(|| view! {
                                <span class="nav-group">
                                    <a href="/dashboard/session-types" aria-current=current("/dashboard/session-types")>"Session types"</a>
                                    <a href="/dashboard/availability" aria-current=current("/dashboard/availability")>"Availability"</a>
                                </span>
                            })
                        })}
                    </Transition>
                    <a href="/dashboard/forms" aria-current=current("/dashboard/forms")>"Forms"</a>
                    <a href="/dashboard/members" aria-current=current("/dashboard/members")>"Members"</a>
                    <a href="/dashboard/bookings" aria-current=current("/dashboard/bookings")>"Bookings"</a>
                    <a href="/dashboard/payments" aria-current=current("/dashboard/payments")>"Payments"</a>
                    <a href="/dashboard/settings" aria-current=current("/dashboard/settings")>"Settings"</a>
                    <a href="/dashboard/account" aria-current=current("/dashboard/account")>"Account"</a>
                </nav>
                <ActionForm action=sign_out attr:class="sign-out">
                    <button type="submit" class="link">"Sign out"</button>
                </ActionForm>
            </header>
            <main class="dashboard-main">
                <h1>{title}</h1>
                {children()}
            </main>
        </div>
    }
}
