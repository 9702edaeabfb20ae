//! Bookable's pages and server functions, rendered on the server and hydrated in the browser.
// Deep view types of whole pages exceed the default limit when the browser build computes
// their layouts.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod booking_engine;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around the app; the server renders it for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/bookable.css"/>
        <Title text="Bookable"/>
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::home::HomePage/>
                <Route path=path!("/signup") view=pages::auth::SignUpPage/>
                <Route path=path!("/signin") view=pages::auth::SignInPage/>
                <Route path=path!("/forgot-password") view=pages::auth::ForgotPasswordPage/>
                <Route path=path!("/reset-password") view=pages::auth::ResetPasswordPage/>
                <Route path=path!("/dashboard") view=pages::dashboard::StudioSettingsPage/>
                <Route path=path!("/dashboard/session-types") view=pages::dashboard::SessionTypesPage/>
                <Route path=path!("/dashboard/session-types/:id") view=pages::dashboard::EditSessionTypePage/>
                <Route path=path!("/dashboard/availability") view=pages::dashboard::AvailabilityPage/>
                <Route path=path!("/dashboard/bookings") view=pages::bookings::BookingsPage/>
                <Route path=path!("/dashboard/account") view=pages::dashboard::AccountPage/>
                <Route path=path!("/dashboard/settings") view=pages::dashboard::SettingsPage/>
                <Route path=path!("/dashboard/members") view=pages::dashboard::MembersPage/>
                <Route path=path!("/s/:slug") view=pages::booking::StudioPage/>
                <Route path=path!("/s/:slug/:session_type_id") view=pages::booking::BookSessionPage/>
                <Route path=path!("/booking/:link") view=pages::booking::BookingPage/>
                <Route path=path!("/booking/:link/reschedule") view=pages::booking::ReschedulePage/>
                <Route path=path!("/signin/email") view=pages::booking::EmailSignInPage/>
                <Route path=path!("/signin/link") view=pages::booking::SignInLinkPage/>
                <Route path=path!("/my-bookings") view=pages::booking::MyBookingsPage/>
                <Route path=path!("/dashboard/bookings/:id") view=pages::bookings::BookingDetailPage/>
            </Routes>
        </Router>
    }
}
