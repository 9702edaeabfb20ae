//! Bookable's pages and server functions, rendered on the server and hydrated in the browser.
//!
//! Two apps share this crate: the student's pages (`student`) and the instructor's
//! (`instructor`), each hydrated by a WASM bundle of its own, so a phone booking a lesson never
//! downloads the dashboard. Moving between the two is a full page load.
// Deep view types of whole pages exceed the default limit when the browser build computes
// their layouts.
#![recursion_limit = "256"]

pub mod instructor;
#[cfg(feature = "ssr")]
pub mod server;
pub mod shared;
pub mod student;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

/// Which app a document holds: the student's pages may take card payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Student,
    Instructor,
}

/// The HTML document around either app; the server renders it for every page.
pub fn document(options: LeptosOptions, side: Side, app: impl IntoView + 'static) -> impl IntoView {
    #[cfg(feature = "ssr")]
    server::security::send_page_policy(side == Side::Student);
    #[cfg(not(feature = "ssr"))]
    let _ = side;
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
                {app}
            </body>
        </html>
    }
}
