//! The student's side: a studio's pages, a booking's own pages and the student's account. Its
//! own WASM bundle hydrates these routes and nothing else.

pub mod account;
pub mod booking;
pub mod booking_site;
mod calendar;
pub mod card_payment;
pub mod minis;
pub mod survey;

use crate::shared::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document of a student page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::document(options, crate::Side::Student, view! { <StudentApp/> })
}

#[component]
pub fn StudentApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Bookable"/>
        // Every page is rendered whole before it is sent, so a page can answer with the status
        // of what it found (404 for a missing studio, type or booking).
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/s/:slug") view=booking_site::studio_page::StudioPage ssr=SsrMode::Async/>
                <Route path=path!("/s/:slug/:session_type_id") view=booking_site::type_page::BookSessionPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/:link") view=booking::booking_page::BookingPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/:link/reschedule") view=booking::reschedule_page::ReschedulePage ssr=SsrMode::Async/>
                <Route path=path!("/booking/:link/survey") view=booking::booking_page::BookingPage ssr=SsrMode::Async/>
                <Route path=path!("/signin/email") view=account::email_sign_in_page::EmailSignInPage ssr=SsrMode::Async/>
                <Route path=path!("/signin/link") view=account::sign_in_link_page::SignInLinkPage ssr=SsrMode::Async/>
                <Route path=path!("/my-bookings") view=account::my_bookings_page::MyBookingsPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
