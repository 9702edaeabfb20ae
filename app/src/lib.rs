//! Bookable's pages and server functions, rendered on the server and hydrated in the browser.
// Deep view types of whole pages exceed the default limit when the browser build computes
// their layouts.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
pub mod security;

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
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around the app; the server renders it for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security::send_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
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
        <Title text="Bookable"/>
        // Every page is rendered whole before it is sent, so a page can answer with the status
        // of what it found (404 for a missing studio, type or booking).
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=pages::auth::SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/signin") view=pages::auth::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=pages::auth::ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/reset-password") view=pages::auth::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard") view=pages::dashboard::StudioSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/session-types") view=pages::dashboard::SessionTypesPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/session-types/:id") view=pages::dashboard::EditSessionTypePage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/availability") view=pages::dashboard::AvailabilityPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/bookings") view=pages::bookings::BookingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/account") view=pages::dashboard::AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/settings") view=pages::dashboard::SettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/members") view=pages::dashboard::MembersPage ssr=SsrMode::Async/>
                <Route path=path!("/s/:slug") view=pages::booking::StudioPage ssr=SsrMode::Async/>
                <Route path=path!("/s/:slug/:session_type_id") view=pages::booking::BookSessionPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/:link") view=pages::booking::BookingPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/:link/reschedule") view=pages::booking::ReschedulePage ssr=SsrMode::Async/>
                <Route path=path!("/signin/email") view=pages::booking::EmailSignInPage ssr=SsrMode::Async/>
                <Route path=path!("/signin/link") view=pages::booking::SignInLinkPage ssr=SsrMode::Async/>
                <Route path=path!("/my-bookings") view=pages::booking::MyBookingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/bookings/:id") view=pages::bookings::BookingDetailPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
