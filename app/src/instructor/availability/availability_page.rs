//! `/dashboard/availability`: weekly hours, date overrides, the preview.

use super::api::{
    DateOverrideView, RemoveDateOverride, SaveDateOverride, SaveWeeklyHours, SlotPreview,
    WeeklyHoursView, availability_preview, date_overrides, weekly_hours,
};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    DateField, ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid,
    succeeded,
};
use crate::shared::error::AppError;
use domain::FieldErrors;
use leptos::either::{Either, EitherOf3};

use leptos::prelude::*;

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let save_hours = ServerAction::<SaveWeeklyHours>::new();
    let save_override = ServerAction::<SaveDateOverride>::new();
    let remove_override = ServerAction::<RemoveDateOverride>::new();
    let hours = Resource::new(|| (), |()| weekly_hours());
    let overrides = Resource::new(
        move || {
            (
                save_override.version().get(),
                remove_override.version().get(),
            )
        },
        |_| date_overrides(),
    );
    let (chosen_type, choose_type) = signal(None::<i64>);
    let preview = Resource::new(
        move || {
            (
                chosen_type.get(),
                save_hours.version().get(),
                save_override.version().get(),
                remove_override.version().get(),
            )
        },
        |(chosen, ..)| availability_preview(chosen),
    );
    view! {
        <Dashboard title="Availability">
            <WeeklyHoursForm hours action=save_hours/>
            <DateOverrides overrides save=save_override remove=remove_override/>
            <SlotPreviewSection preview choose_type/>
        </Dashboard>
    }
}

/// The text of every day of the week, editable, with "copy to other days".
#[derive(Clone, Copy)]
struct DayHours {
    field: &'static str,
    label: &'static str,
    ranges: RwSignal<String>,
}

const WEEKDAY_FIELDS: [(&str, &str); 7] = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
];

#[component]
fn WeeklyHoursForm(
    hours: Resource<Result<WeeklyHoursView, AppError>>,
    action: ServerAction<SaveWeeklyHours>,
) -> impl IntoView {
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    view! {
        <section class="panel" aria-labelledby="weekly-heading">
            <h2 id="weekly-heading">"Weekly hours"</h2>
            <p class="intro">"In your studio's time zone. Write one or more ranges per day, like "<code>"09:00-12:00, 13:00-17:00"</code>"; leave a day empty when closed."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match hours.await {
                        Ok(hours) => {
                            let days: Vec<DayHours> = WEEKDAY_FIELDS
                                .into_iter()
                                .map(|(field, label)| {
                                    let text = hours
                                        .days
                                        .iter()
                                        .find(|(name, _, _)| name == field)
                                        .map(|(_, _, ranges)| ranges.clone())
                                        .unwrap_or_default();
                                    DayHours { field, label, ranges: RwSignal::new(text) }
                                })
                                .collect();
                            Either::Left(view! {
                                <ActionForm action=action attr:class="form weekly" attr:novalidate=true>
                                    <FormAlert message=alert/>
                                    {days.iter().map(|day| view! { <DayRow day=*day days=days.clone() errors/> }).collect_view()}
                                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Save hours"</button>
                                    <Show when=move || saved.get()>
                                        <p class="saved" role="status">"Hours saved."</p>
                                    </Show>
                                </ActionForm>
                            })
                        }
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One day's ranges and a "Copy to…" disclosure that copies them into other days' fields
/// (saved with the rest of the week).
#[component]
fn DayRow(day: DayHours, days: Vec<DayHours>, errors: Signal<FieldErrors>) -> impl IntoView {
    let DayHours {
        field,
        label,
        ranges,
    } = day;
    let others: Vec<(DayHours, RwSignal<bool>)> = days
        .into_iter()
        .filter(|other| other.field != field)
        .map(|other| (other, RwSignal::new(false)))
        .collect();
    let copied = RwSignal::new(None::<String>);
    let apply = {
        let others = others.clone();
        move |_| {
            let text = ranges.get_untracked();
            let targets: Vec<&str> = others
                .iter()
                .filter(|(_, ticked)| ticked.get_untracked())
                .map(|(other, _)| {
                    other.ranges.set(text.clone());
                    other.label
                })
                .collect();
            copied.set(Some(if targets.is_empty() {
                "Tick the days to copy to.".to_owned()
            } else {
                format!("Copied to {}. Save hours to keep it.", targets.join(", "))
            }));
        }
    };
    view! {
        <div class="day-row">
            <label for=field>{label}</label>
            <input id=field name=field value=ranges.get_untracked() bind:value=ranges placeholder="Closed"
                aria-describedby=format!("{field}-error") aria-invalid=invalid(errors, field)/>
            <details class="copy-day">
                <summary aria-label=format!("Copy {label}'s hours to other days")>"Copy to…"</summary>
                <fieldset>
                    <legend>{format!("Copy {label}'s hours to")}</legend>
                    {others.into_iter().map(|(other, ticked)| view! {
                        <label class="check">
                            <input type="checkbox" bind:checked=ticked/>
                            {&other.label[..3]}
                        </label>
                    }).collect_view()}
                    <button type="button" class="small" on:click=apply>"Apply"</button>
                    <p class="hint" role="status">{move || copied.get()}</p>
                </fieldset>
            </details>
            <FieldMessage errors field/>
        </div>
    }
}

#[component]
fn DateOverrides(
    overrides: Resource<Result<Vec<DateOverrideView>, AppError>>,
    save: ServerAction<SaveDateOverride>,
    remove: ServerAction<RemoveDateOverride>,
) -> impl IntoView {
    let errors = field_errors_of(save.value());
    let alert = form_error_of(save.value());
    let saved = succeeded(save.value());
    let remove_alert = form_error_of(remove.value());
    let closed = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="overrides-heading">
            <h2 id="overrides-heading">"Date overrides"</h2>
            <p class="intro">"Close a single date, or give it other hours than the weekly ones."</p>
            <FormAlert message=remove_alert/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match overrides.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! {
                            <p class="empty">"No date overrides: every date follows the weekly hours."</p>
                        }),
                        Ok(list) => EitherOf3::B(view! {
                            <ul class="override-list">
                                {list.into_iter().map(|item| view! {
                                    <li>
                                        <span class="override-date">{item.date_label.clone()}</span>
                                        <span class="override-hours">{item.hours.clone()}</span>
                                        <ActionForm action=remove attr:class="inline">
                                            <input type="hidden" name="date" value=item.date.clone()/>
                                            <button type="submit" class="small" aria-label=format!("Remove the override on {}", item.date_label)>"Remove"</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
            <ActionForm action=save attr:class="form override-form" attr:novalidate=true>
                <FormAlert message=alert/>
                <div class="row">
                    <div>
                        <DateField id="override-date" name="date" label="Date" errors/>
                    </div>
                    <div>
                        <label for="override-hours">"Hours on that date"</label>
                        <input id="override-hours" name="hours" placeholder="10:00-14:00"
                            disabled=move || closed.get()
                            aria-describedby="hours-error" aria-invalid=invalid(errors, "hours")/>
                        <FieldMessage errors field="hours"/>
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" name="closed" value="on" bind:checked=closed/>
                    "Closed all day"
                </label>
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save date"</button>
                <Show when=move || saved.get()>
                    <p class="saved" role="status">"Date saved."</p>
                </Show>
            </ActionForm>
        </section>
    }
}

/// The next two weeks as students will see them, from the same engine as the booking page.
#[component]
fn SlotPreviewSection(
    preview: Resource<Result<SlotPreview, AppError>>,
    choose_type: WriteSignal<Option<i64>>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview: the next two weeks"</h2>
            <p class="intro">"The times students can book, counting bookings, buffers and lead times. Draft and paused types can be previewed too."</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) if preview.session_types.is_empty() => EitherOf3::A(view! {
                            <p class="empty">"Create a session type to preview its slots."</p>
                        }),
                        Ok(preview) => EitherOf3::B(view! {
                            <div class="preview">
                                <p class="muted">"Times in "{preview.timezone.clone()}"."</p>
                                <label for="preview-type">"Session type"</label>
                                <select id="preview-type"
                                    on:change=move |event| choose_type.set(event_target_value(&event).parse().ok())>
                                    {preview.session_types.iter().map(|(id, name)| view! {
                                        <option value=id.to_string() selected=Some(*id) == preview.chosen>{name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <ol class="preview-days" aria-label="Slots by day">
                                    {preview.days.into_iter().map(|day| {
                                        let empty = day.slots.is_empty();
                                        view! {
                                            <li class="preview-day">
                                                <h3>{day.date_label}</h3>
                                                {if empty {
                                                    Either::Left(view! { <p class="muted">"No slots"</p> })
                                                } else {
                                                    Either::Right(view! {
                                                        <ul class="slot-chips">
                                                            {day.slots.into_iter().map(|slot| view! { <li>{slot}</li> }).collect_view()}
                                                        </ul>
                                                    })
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            </div>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </section>
    }
}
