//! The instructor's side: the home page, accounts and the dashboard. Its own WASM bundle
//! hydrates these routes; students never download it.

pub mod auth;
pub mod availability;
pub mod bookings;
mod dashboard;
pub mod forms;
pub mod home_page;
pub mod members;
pub mod message_templates;
pub mod minis;
pub mod payments;
pub mod session_types;
pub mod stripe_settings;
pub mod studio;

use crate::shared::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document of an instructor page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::document(options, crate::Side::Instructor, view! { <InstructorApp/> })
}

#[component]
pub fn InstructorApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Bookable"/>
        // Rendered whole before sending, so error pages answer with their status.
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=home_page::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=auth::sign_up_page::SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/signin") view=auth::sign_in_page::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=auth::forgot_password_page::ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/reset-password") view=auth::reset_password_page::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard") view=studio::studio_page::StudioSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/settings") view=studio::settings_page::SettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/settings/payments") view=stripe_settings::stripe_settings_page::StripeSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/payments") view=payments::payments_page::PaymentsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/account") view=auth::account_page::AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/session-types") view=session_types::list_page::SessionTypesPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/minis/:id") view=minis::overview_page::MiniOverviewPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/minis/:id/roster/:date") view=minis::roster_page::MiniRosterPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/session-types/:id") view=session_types::edit_page::EditSessionTypePage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/session-types/:id/emails") view=message_templates::templates_page::MessageTemplatesPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/forms") view=forms::library_page::FormsLibraryPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/forms/:id") view=forms::editor_page::FormEditorPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/availability") view=availability::availability_page::AvailabilityPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/members") view=members::members_page::MembersPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/bookings") view=bookings::bookings_page::BookingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/bookings/:id") view=bookings::booking_detail_page::BookingDetailPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
