//! The booking calendar of the student's pages: the month view, a day's times as buttons, and
//! each time in the student's own zone.

use crate::shared::views::{MonthView, SlotView};
use leptos::either::Either;

use leptos::prelude::*;

/// The browser's own time zone, known only after hydration.
pub(crate) fn use_browser_zone() -> ReadSignal<Option<String>> {
    let (zone, set_zone) = signal(None::<String>);
    Effect::new(move |_| set_zone.set(browser::time_zone()));
    zone
}

#[cfg(feature = "hydrate")]
pub(crate) mod browser {
    use domain::zone::{Moment, offset_label, place_time_label};
    use wasm_bindgen::JsValue;

    pub fn time_zone() -> Option<String> {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
            .ok()?
            .as_string()
    }

    /// An RFC 3339 instant on the browser's clock, named by the browser's zone.
    pub fn moment(instant: &str, zone_name: &str) -> Option<Moment> {
        let date = js_sys::Date::new(&JsValue::from_str(instant));
        let millis = date.get_time();
        if millis.is_nan() {
            return None;
        }
        // getTimezoneOffset is UTC minus local time, in minutes, at that instant.
        let offset_seconds = -(date.get_timezone_offset() * 60.0) as i32;
        let utc = chrono::DateTime::from_timestamp_millis(millis as i64)?;
        Some(Moment {
            wall: utc.naive_utc() + chrono::Duration::seconds(i64::from(offset_seconds)),
            zone: place_time_label(zone_name).unwrap_or_else(|| offset_label(offset_seconds)),
            offset_seconds,
        })
    }
}

#[cfg(not(feature = "hydrate"))]
pub(crate) mod browser {
    pub fn time_zone() -> Option<String> {
        None
    }

    pub fn moment(_instant: &str, _zone_name: &str) -> Option<domain::zone::Moment> {
        None
    }
}

/// A time (or a session's start and end) in the student's own zone when it differs from the
/// studio's, always naming that zone, with its date when that differs from the studio's:
/// "your time: 20:00–21:00 New York time, Saturday 27 March". Without `studio_date` the date
/// is always shown.
#[component]
pub(crate) fn YourTime(
    start: String,
    #[prop(optional)] end: Option<String>,
    #[prop(optional)] studio_date: Option<String>,
    studio_zone: String,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    use domain::zone::{other_zone_range, other_zone_time};
    move || {
        let zone = browser_zone.get().filter(|zone| *zone != studio_zone)?;
        let studio_date = studio_date
            .as_deref()
            .and_then(|date| chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
            .unwrap_or(chrono::NaiveDate::MIN);
        let first = browser::moment(&start, &zone)?;
        let text = match &end {
            Some(end) => other_zone_range(studio_date, &first, &browser::moment(end, &zone)?),
            None => other_zone_time(studio_date, &first),
        };
        Some(view! { <span class="your-time">{format!("your time: {text}")}</span> })
    }
}

/// The times of a day as buttons of one form: the pressed one sends its start.
#[component]
pub(crate) fn SlotPicker(
    slots: Vec<SlotView>,
    zone: String,
    /// The day shown, ISO, in the studio's zone.
    date: String,
    browser_zone: ReadSignal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        {children()}
        {if slots.is_empty() {
            Either::Left(view! { <p class="empty">"No free times on this day."</p> })
        } else {
            Either::Right(view! {
                <ul class="slots" role="list">
                    {slots.into_iter().map(|slot| {
                        let seats = (slot.capacity > 1).then(|| {
                            let noun = if slot.seats_left == 1 { "seat" } else { "seats" };
                            format!("{} {noun} left", slot.seats_left)
                        });
                        view! {
                            <li>
                                <button type="submit" class="slot" name="start" value=slot.start.clone()>
                                    <span class="time"><span class="clock">{slot.time_label.clone()}</span>" "<small class="zone">{slot.zone.clone()}</small></span>
                                    {seats.map(|seats| view! { <span class="seats">{seats}</span> })}
                                    <YourTime start=slot.start.clone() studio_date=date.clone() studio_zone=zone.clone() browser_zone/>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

/// A month, Monday first: days with room are links, the others are marked full.
#[component]
pub(crate) fn MonthCalendar(
    month: MonthView,
    selected: Option<String>,
    base: String,
    share_query: String,
) -> impl IntoView {
    let month_link = {
        let base = base.clone();
        let share_query = share_query.clone();
        move |month: &str| format!("{base}?month={month}{share_query}")
    };
    view! {
        <section aria-labelledby="month-heading" class="month">
            <div class="month-head">
                {month.previous.as_ref().map(|previous| view! {
                    <a class="month-nav" href=month_link(previous) aria-label="Previous month">"‹"</a>
                })}
                <h2 id="month-heading">{month.label.clone()}</h2>
                {month.next.as_ref().map(|next| view! {
                    <a class="month-nav" href=month_link(next) aria-label="Next month">"›"</a>
                })}
            </div>
            <ol class="calendar" role="list">
                {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].into_iter().map(|day| view! {
                    <li class="weekday" aria-hidden="true">{day}</li>
                }).collect_view()}
                {(0..month.leading_blanks).map(|_| view! { <li class="blank" aria-hidden="true"></li> }).collect_view()}
                {month.days.iter().map(|day| {
                    let is_selected = selected.as_deref() == Some(day.date.as_str());
                    if day.free_slots == 0 {
                        Either::Left(view! {
                            <li><span class="day full" aria-label=format!("{}: no free times", day.label)>{day.day_number}</span></li>
                        })
                    } else {
                        let href = format!("{base}?month={}&date={}{share_query}", month.month, day.date);
                        let times = if day.free_slots == 1 { "time" } else { "times" };
                        Either::Right(view! {
                            <li><a class="day" class:selected=is_selected href=href
                                aria-current=if is_selected { Some("date") } else { None }
                                aria-label=format!("{}: {} free {times}", day.label, day.free_slots)>{day.day_number}</a></li>
                        })
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
