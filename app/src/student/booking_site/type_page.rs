//! `/s/{slug}/{type}`: a type's description, the month view and the times of a day.

use super::api::{HoldSlot, booking_options};
use crate::shared::components::{ErrorBox, FormAlert, Loading, form_error_of, param, query_value};
use crate::shared::views::BookingOptionsView;
use crate::student::calendar::{MonthCalendar, SlotPicker, use_browser_zone};
use leptos::either::Either;
use leptos_meta::Title;

use leptos::prelude::*;

#[component]
pub fn BookSessionPage() -> impl IntoView {
    let slug = param("slug");
    let id = param("session_type_id");
    let share = query_value("share");
    let month = query_value("month");
    let date = query_value("date");
    let hold = ServerAction::<HoldSlot>::new();
    let options = Resource::new(
        move || {
            (
                slug(),
                id().parse::<i64>().unwrap_or(0),
                share(),
                month(),
                date(),
            )
        },
        |(slug, id, share, month, date)| booking_options(slug, id, share, month, date),
    );
    let browser_zone = use_browser_zone();
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => Either::Left(view! { <BookingSteps options hold browser_zone/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn BookingSteps(
    options: BookingOptionsView,
    hold: ServerAction<HoldSlot>,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let share_query = options
        .share
        .as_ref()
        .map(|share| format!("&share={share}"))
        .unwrap_or_default();
    let base = format!("/s/{}/{}", options.studio_slug, options.session_type.id);
    let session_type = options.session_type.clone();
    let alert = form_error_of(hold.value());
    view! {
        <Title text=format!("Book {} · {}", session_type.name, options.studio_name)/>
        <p class="crumb"><a href=format!("/s/{}", options.studio_slug)>{options.studio_name.clone()}</a></p>
        {options.notice.clone().map(|notice| view! { <p class="preview-banner" role="status">{notice}</p> })}
        {session_type.cover_url.clone().map(|src| view! {
            <img class="cover" src=src alt=format!("Cover image of {}", session_type.name) width="640" height="360" decoding="async"/>
        })}
        <h1>{session_type.name.clone()}</h1>
        <p class="meta">
            {session_type.duration_label.clone()}" · "{session_type.capacity_label()}" · "{session_type.price_label.clone()}
        </p>
        <p class="meta place">{session_type.place_label()}</p>
        {(!session_type.description.is_empty()).then(|| view! {
            <p class="description">{session_type.description.clone()}</p>
        })}
        <MonthCalendar month=options.month.clone() selected=options.selected_date.clone() base=base.clone() share_query=share_query.clone()/>
        {options.selected_date_label.clone().map(|date_label| {
            let slots = options.slots.clone();
            let zone = options.timezone.clone();
            let date = options.selected_date.clone().unwrap_or_default();
            view! {
                <section aria-labelledby="time-heading">
                    <h2 id="time-heading">"Choose a time on "{date_label}</h2>
                    <p class="muted">"Times in "{zone.clone()}". Picking one holds it for you while you fill in your details."</p>
                    <FormAlert message=alert/>
                    <ActionForm action=hold attr:class="slot-form">
                        <SlotPicker slots zone date browser_zone>
                            <input type="hidden" name="slug" value=options.studio_slug.clone()/>
                            <input type="hidden" name="session_type_id" value=options.session_type.id.to_string()/>
                            {options.share.clone().map(|share| view! { <input type="hidden" name="share" value=share/> })}
                        </SlotPicker>
                    </ActionForm>
                </section>
            }
        })}
    }
}
