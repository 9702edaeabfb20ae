//! `/booking/{link}/reschedule`: picking another time for a booking.

use super::api::{RescheduleMyBooking, reschedule_options};
use crate::shared::components::{ErrorBox, FormAlert, Loading, form_error_of, param, query_value};
use crate::student::calendar::{MonthCalendar, SlotPicker, use_browser_zone};
use leptos::either::Either;
use leptos_meta::Title;

use leptos::prelude::*;

/// Picking another time for a booking, through its signed link.
#[component]
pub fn ReschedulePage() -> impl IntoView {
    let link = param("link");
    let month = query_value("month");
    let date = query_value("date");
    let reschedule = ServerAction::<RescheduleMyBooking>::new();
    let options = Resource::new(
        move || (link(), month(), date()),
        |(link, month, date)| reschedule_options(link, month, date),
    );
    let browser_zone = use_browser_zone();
    let alert = form_error_of(reschedule.value());
    view! {
        <main class="page student">
            <Title text="Reschedule"/>
            <p class="crumb"><a href=move || format!("/booking/{}", link())>"Back to your booking"</a></p>
            <h1>"Pick a new time"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => Either::Left(view! {
                            <p class="meta">{options.session_type.name.clone()}" with "{options.studio_name.clone()}</p>
                            <MonthCalendar month=options.month.clone() selected=options.selected_date.clone()
                                base=format!("/booking/{}/reschedule", link()) share_query=String::new()/>
                            {options.selected_date_label.clone().map(|label| view! {
                                <section aria-labelledby="time-heading">
                                    <h2 id="time-heading">"Move to a time on "{label}</h2>
                                    <p class="muted">"Times in "{options.timezone.clone()}"."</p>
                                    <FormAlert message=alert/>
                                    <ActionForm action=reschedule attr:class="slot-form">
                                        <SlotPicker slots=options.slots.clone() zone=options.timezone.clone()
                                            date=options.selected_date.clone().unwrap_or_default() browser_zone>
                                            <input type="hidden" name="link" value=link()/>
                                        </SlotPicker>
                                    </ActionForm>
                                </section>
                            })}
                        }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}
