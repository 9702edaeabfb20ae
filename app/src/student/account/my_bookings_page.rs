//! `/my-bookings`: the signed-in student's bookings.

use super::api::my_bookings;
use crate::shared::components::{ErrorBox, Loading};
use leptos::either::EitherOf3;
use leptos_meta::Title;

use leptos::prelude::*;

/// A signed-in student's bookings.
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let bookings = Resource::new(|| (), |()| my_bookings());
    view! {
        <main class="page student">
            <Title text="My bookings"/>
            <h1>"My bookings"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match bookings.await {
                        Ok(bookings) if bookings.is_empty() => EitherOf3::A(view! { <p class="empty">"You have no bookings yet."</p> }),
                        Ok(bookings) => EitherOf3::B(view! {
                            <ul class="my-bookings" role="list">
                                {bookings.into_iter().map(|booking| view! {
                                    <li class="type-card">
                                        <h2>{booking.session_type_name.clone()}</h2>
                                        <p class="meta">{booking.studio_name.clone()}" · "{booking.when.clone()}</p>
                                        <p>"Status: "{booking.status_label.clone()}</p>
                                        <a class="button" href=booking.link.clone()>"Open booking"</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}
