//! `/dashboard/minis/{id}`: a mini session's overview. Its dates with their spots (reserve a
//! spot, see "Booking…" while a client fills in the form), a date form whose preview of spots
//! is computed in the browser, and Client View, Share and Publish.

use super::api::{
    MiniDateForm, MiniDateView, MiniOverviewView, RemoveMiniDate, RemoveReservation, ReserveSpot,
    SaveMiniDate, SetMiniVisibility, SpotView, mini_overview,
};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    CopyableLink, ErrorBox, FormAlert, Loading, field_errors_of, form_error_of, successes,
};
use domain::FieldErrors;
use domain::mini_session::{BreakInput, MiniSessionDay, SpotStatus, spots};
use domain::zone::ZoneTransitions;
use leptos::either::Either;
use leptos_router::hooks::use_params_map;

use leptos::prelude::*;

#[component]
pub fn MiniOverviewPage() -> impl IntoView {
    view! {
        <Dashboard title="Mini session">
            <Overview/>
        </Dashboard>
    }
}

/// The actions of the page; each success reloads the overview.
#[derive(Clone, Copy)]
struct Actions {
    save_date: ServerAction<SaveMiniDate>,
    remove_date: ServerAction<RemoveMiniDate>,
    reserve: ServerAction<ReserveSpot>,
    unreserve: ServerAction<RemoveReservation>,
    visibility: ServerAction<SetMiniVisibility>,
    /// The spot picked on the overview (date, number): it stays picked when the overview
    /// reloads after a change, so a confirmed reservation shows its link at once.
    picked: RwSignal<Option<(String, u16)>>,
}

#[component]
fn Overview() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|params| {
            params
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let actions = Actions {
        save_date: ServerAction::new(),
        remove_date: ServerAction::new(),
        reserve: ServerAction::new(),
        unreserve: ServerAction::new(),
        visibility: ServerAction::new(),
        picked: RwSignal::new(None),
    };
    let changes = (
        successes(actions.save_date.value()),
        successes(actions.remove_date.value()),
        successes(actions.reserve.value()),
        successes(actions.unreserve.value()),
        successes(actions.visibility.value()),
    );
    let overview = Resource::new(
        move || {
            (
                id.get(),
                changes.0.get(),
                changes.1.get(),
                changes.2.get(),
                changes.3.get(),
                changes.4.get(),
            )
        },
        |(id, ..)| mini_overview(id),
    );
    let alert = Signal::derive(move || {
        form_error_of(actions.remove_date.value())
            .get()
            .or_else(|| form_error_of(actions.unreserve.value()).get())
            .or_else(|| form_error_of(actions.visibility.value()).get())
    });
    view! {
        <p class="crumb"><a href="/dashboard/session-types">"All sessions"</a></p>
        <FormAlert message=alert/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(mini) => Either::Left(view! { <MiniOverviewView mini actions/> }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn MiniOverviewView(mini: MiniOverviewView, actions: Actions) -> impl IntoView {
    let share_open = RwSignal::new(false);
    let id = mini.id;
    let zone = StoredValue::new(mini.zone.clone());
    let share_url = mini.share_url.clone();
    let bio_link = mini.bio_link_url.clone();
    let title = mini.title.clone();
    let no_dates = mini.dates.is_empty();
    // The first date's form is open from the start; later ones open with a button.
    let adding = RwSignal::new(no_dates);
    view! {
        <header class="mini-header">
            <h2>{mini.title.clone()}</h2>
            <p class="status">"Status: "<strong>{mini.status.clone()}</strong></p>
            <nav class="actions" aria-label="Mini session">
                <a class="button" href=format!("/dashboard/session-types/{id}")>"+ Add session details"</a>
                <a class="button" href=format!("/dashboard/session-types/{id}/emails")>"Email communication"</a>
                <a class="button" href=mini.client_view_url.clone() target="_blank" rel="external noopener">"Client View"</a>
                <button type="button" on:click=move |_| share_open.update(|open| *open = !*open) aria-expanded=move || share_open.get().to_string()>"Share"</button>
            </nav>
        </header>
        <Show when=move || share_open.get()>
            <section class="share-panel" aria-labelledby="share-heading">
                <h3 id="share-heading">"Share"</h3>
                {if mini.shared {
                    Either::Left(view! {
                        <p>"The unique link to this mini session: put it on your website, share it on social media or send it to clients."</p>
                        <CopyableLink label=format!("Link to {title}") link=share_url.clone()/>
                    })
                } else {
                    Either::Right(view! {
                        <p>"The link works once you share the mini session."</p>
                        <ActionForm action=actions.visibility>
                            <input type="hidden" name="session_type_id" value=id/>
                            <input type="hidden" name="visibility" value="shared"/>
                            <button type="submit" class="primary">"Share this mini session"</button>
                        </ActionForm>
                    })
                }}
                <ActionForm action=actions.visibility>
                    <input type="hidden" name="session_type_id" value=id/>
                    <input type="hidden" name="visibility" value=if mini.published { "shared" } else { "published" }/>
                    <button type="submit">{if mini.published { "Unpublish from Booking Site and Bio Link" } else { "Publish to Booking Site and Bio Link" }}</button>
                </ActionForm>
                {mini.published.then(|| view! {
                    <p>"Published: listed on your booking site and on your Bio Link, the page for the link in your social-media profile."</p>
                    <CopyableLink label="Your Bio Link".to_owned() link=bio_link.clone()/>
                })}
            </section>
        </Show>
        <section aria-labelledby="dates-heading">
            <h3 id="dates-heading">"Dates, times and location"</h3>
            {no_dates.then(|| view! { <p class="empty">"No dates yet. Add the first one: its date, spots, start time and length."</p> })}
            {mini.dates.into_iter().map(|date| view! { <MiniDate id date actions zone/> }).collect_view()}
            <section class="add-date" aria-label="New date">
                <Show
                    when=move || adding.get()
                    fallback=move || view! {
                        <button type="button" on:click=move |_| adding.set(true)>"Add another date to this session"</button>
                    }
                >
                    <h4>"New date"</h4>
                    <DateForm id initial=MiniDateForm { spots: "6".into(), spot_minutes: "20".into(), gap_minutes: "10".into(), ..MiniDateForm::default() } replacing=String::new() actions zone/>
                </Show>
            </section>
        </section>
    }
}

#[component]
fn MiniDate(
    id: i64,
    date: MiniDateView,
    actions: Actions,
    zone: StoredValue<ZoneTransitions>,
) -> impl IntoView {
    let picked = actions.picked;
    let date_text = date.date.clone();
    let this_date = StoredValue::new(date.date.clone());
    let picked_here = move || {
        picked.with(|picked| {
            picked
                .as_ref()
                .filter(|(date, _)| this_date.with_value(|this| this == date))
                .map(|(_, number)| *number)
        })
    };
    let roster_link = format!("/dashboard/minis/{id}/roster/{}", date.date);
    let spot_list = StoredValue::new(date.spots.clone());
    let spots_view = date
        .spots
        .into_iter()
        .map(|spot| {
            let number = spot.number;
            view! {
                <li class=format!("spot spot-{}", status_class(spot.status))>
                    <button type="button" class="spot-time" on:click=move |_| picked.set(Some((this_date.get_value(), number)))
                        aria-pressed=move || (picked_here() == Some(number)).to_string()>
                        {format!("Spot {} · {}", spot.number, spot.time)}
                    </button>
                    <span class="spot-status">{spot_status_text(&spot)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="mini-date" aria-label=date.heading.clone()>
            <h4>{date.heading.clone()}</h4>
            {date.location.clone().map(|location| view! { <p class="location">{location}</p> })}
            <ul class="spots">{spots_view}</ul>
            <p><a href=roster_link>"Roster of this date (printable)"</a></p>
            {move || picked_here().and_then(|number| {
                spot_list.with_value(|spots| spots.iter().find(|spot| spot.number == number).cloned())
            }).map(|spot| view! { <SpotPanel id date=date_text.clone() spot actions/> })}
            <details>
                <summary>"Edit this date"</summary>
                <DateForm id initial=date.form.clone() replacing=date.date.clone() actions zone/>
                <ActionForm action=actions.remove_date>
                    <input type="hidden" name="session_type_id" value=id/>
                    <input type="hidden" name="date" value=date.date.clone()/>
                    <button type="submit" class="danger">"Remove this date"</button>
                </ActionForm>
            </details>
        </article>
    }
}

fn status_class(status: SpotStatus) -> &'static str {
    match status {
        SpotStatus::Open => "open",
        SpotStatus::Booking => "booking",
        SpotStatus::Reserved => "reserved",
        SpotStatus::Booked => "booked",
    }
}

fn spot_status_text(spot: &SpotView) -> String {
    let mut text = spot.status.label().to_owned();
    if spot.seats > 1 {
        text.push_str(&format!(
            " · {} of {} seats booked",
            spot.booked, spot.seats
        ));
    }
    text
}

/// A picked spot: its reservation with the direct link, Edit and Remove; or the form that
/// reserves it.
#[component]
fn SpotPanel(id: i64, date: String, spot: SpotView, actions: Actions) -> impl IntoView {
    let date = StoredValue::new(date);
    let errors = field_errors_of(actions.reserve.value());
    let alert = form_error_of(actions.reserve.value());
    let editing = RwSignal::new(spot.reservation.is_none());
    let reservation = spot.reservation.clone();
    let form_reservation = StoredValue::new(spot.reservation.clone());
    let form_value = move |read: fn(&super::api::ReservationView) -> String| {
        form_reservation.with_value(|kept| kept.as_ref().map(read).unwrap_or_default())
    };
    view! {
        <section class="spot-panel" aria-label=format!("Spot {} at {}", spot.number, spot.time)>
            <p class="picked">{format!("Spot {} · {}", spot.number, spot.time)}</p>
            {reservation.map(|kept| view! {
                <div class="reservation">
                    <p>"Reserved. Send your client this direct link:"</p>
                    <CopyableLink label=format!("Direct link to spot {}", spot.number) link=kept.link.clone()/>
                    {(!kept.note.is_empty()).then(|| view! { <p class="note">"Note: "{kept.note.clone()}</p> })}
                    {kept.discount.clone().map(|discount| view! { <p>"Discount: "{discount}</p> })}
                    {kept.pay_outside.then(|| view! { <p>"Payment collected outside Bookable"</p> })}
                    {kept.used.then(|| view! { <p>"Booked through the link"</p> })}
                    <button type="button" on:click=move |_| editing.set(true)>"Edit"</button>
                    <ActionForm action=actions.unreserve>
                        <input type="hidden" name="session_type_id" value=id/>
                        <input type="hidden" name="reservation_id" value=kept.id/>
                        <button type="submit" class="danger">"Remove reservation"</button>
                    </ActionForm>
                </div>
            })}
            <Show when=move || editing.get()>
                <ActionForm action=actions.reserve attr:class="form" attr:novalidate=true>
                    <FormAlert message=alert/>
                    <input type="hidden" name="session_type_id" value=id/>
                    <input type="hidden" name="reservation_id" value=form_value(|kept| kept.id.to_string())/>
                    <input type="hidden" name="date" value=date.get_value()/>
                    <input type="hidden" name="spot" value=spot.number/>
                    <p class="field-error" aria-live="polite">{move || errors.with(|errors| errors.message_for("spot").map(str::to_owned))}</p>
                    <label>"Reservation note (only you see it)"
                        <textarea name="note" maxlength="500">{form_value(|kept| kept.note.clone())}</textarea>
                    </label>
                    <p class="field-error" aria-live="polite">{move || errors.with(|errors| errors.message_for("note").map(str::to_owned))}</p>
                    <label>"Discount (optional: an amount, or a percentage such as 10%)"
                        <input name="discount" value=form_value(|kept| kept.discount_field.clone())/>
                    </label>
                    <p class="field-error" aria-live="polite">{move || errors.with(|errors| errors.message_for("discount").map(str::to_owned))}</p>
                    <label class="check">
                        <input type="checkbox" name="pay_outside" value="on"
                            checked=form_reservation.with_value(|kept| kept.as_ref().is_some_and(|kept| kept.pay_outside))/>
                        "Collect payment outside Bookable (the client books without paying online)"
                    </label>
                    <button type="submit" class="primary">"Confirm Reservation"</button>
                </ActionForm>
            </Show>
        </section>
    }
}

/// One break row; `key` tells rows apart when others are removed.
#[derive(Clone, Copy)]
struct BreakRow {
    key: usize,
    after_spot: RwSignal<String>,
    minutes: RwSignal<String>,
}

/// A date's settings with the preview of its spots, laid out in the browser by the same
/// domain function the server books by, as the instructor types.
#[component]
fn DateForm(
    id: i64,
    initial: MiniDateForm,
    replacing: String,
    actions: Actions,
    zone: StoredValue<ZoneTransitions>,
) -> impl IntoView {
    let errors: Signal<FieldErrors> = field_errors_of(actions.save_date.value());
    let alert = form_error_of(actions.save_date.value());
    let date = RwSignal::new(initial.date.clone());
    let start = RwSignal::new(initial.start.clone());
    let spot_count = RwSignal::new(initial.spots.clone());
    let spot_minutes = RwSignal::new(initial.spot_minutes.clone());
    let gap_minutes = RwSignal::new(initial.gap_minutes.clone());
    let same_start = RwSignal::new(initial.same_start_for_all.is_some());
    let location = RwSignal::new(initial.location.clone());
    let next_key = StoredValue::new(initial.breaks.len());
    let breaks = RwSignal::new(
        initial
            .breaks
            .iter()
            .enumerate()
            .map(|(key, pause)| BreakRow {
                key,
                after_spot: RwSignal::new(pause.after_spot.clone()),
                minutes: RwSignal::new(pause.minutes.clone()),
            })
            .collect::<Vec<_>>(),
    );
    let preview = Memo::new(move |_| {
        let form = MiniDateForm {
            date: date.get(),
            start: start.get(),
            spots: spot_count.get(),
            spot_minutes: spot_minutes.get(),
            gap_minutes: gap_minutes.get(),
            breaks: breaks.with(|rows| {
                rows.iter()
                    .map(|row| BreakInput {
                        after_spot: row.after_spot.get(),
                        minutes: row.minutes.get(),
                    })
                    .collect()
            }),
            same_start_for_all: same_start.get().then(|| "on".to_owned()),
            location: location.get(),
        };
        let day = MiniSessionDay::parse(&form.input()).map_err(|errors| {
            errors
                .0
                .first()
                .map(|error| error.message.clone())
                .unwrap_or_default()
        })?;
        zone.with_value(|zone| {
            spots(&day, zone)
                .map(|layout| {
                    layout
                        .iter()
                        .map(|spot| {
                            let time = domain::zone::time_range(zone, spot.start, spot.end);
                            if spot.seats > 1 {
                                format!("{time} · {} seats", spot.seats)
                            } else {
                                time
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .map_err(|error| error.message)
        })
    });
    let field_error = move |field: &'static str| {
        move || errors.with(|errors| errors.message_for(field).map(str::to_owned))
    };
    let add_break = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        breaks.update(|rows| {
            rows.push(BreakRow {
                key,
                after_spot: RwSignal::new(String::new()),
                minutes: RwSignal::new("15".to_owned()),
            })
        });
    };
    view! {
        <ActionForm action=actions.save_date attr:class="form date-form" attr:novalidate=true>
            <FormAlert message=alert/>
            <input type="hidden" name="session_type_id" value=id/>
            <input type="hidden" name="replacing" value=replacing/>
            <label>"Date"<input type="date" name="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("date")}</p>
            <label>"Number of spots"<input type="number" min="1" max="200" name="spots" prop:value=spot_count on:input=move |ev| spot_count.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("spots")}</p>
            <label>"Start time"<input type="time" name="start" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("start")}</p>
            <label>"Duration (minutes)"<input type="number" min="5" max="480" name="spot_minutes" prop:value=spot_minutes on:input=move |ev| spot_minutes.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("spot_minutes")}</p>
            <label>"Gap between spots (minutes)"<input type="number" min="0" max="240" name="gap_minutes" prop:value=gap_minutes on:input=move |ev| gap_minutes.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("gap_minutes")}</p>
            <label class="check">
                <input type="checkbox" name="same_start_for_all" prop:checked=same_start on:change=move |ev| same_start.set(event_target_checked(&ev))/>
                "Same start time for all clients (classes, workshops, group events)"
            </label>
            <label>"Location (optional)"<input name="location" maxlength="200" prop:value=location on:input=move |ev| location.set(event_target_value(&ev))/></label>
            <p class="field-error" aria-live="polite">{field_error("location")}</p>
            <fieldset class="breaks">
                <legend>"Breaks (optional)"</legend>
                <For
                    each={move || breaks.get().into_iter().enumerate().collect::<Vec<(usize, BreakRow)>>()}
                    key={|(index, row): &(usize, BreakRow)| (*index, row.key)}
                    children={move |(index, row): (usize, BreakRow)| view! {
                        <div class="break-row">
                            <label>"After spot"<input type="number" min="1" name=format!("breaks[{index}][after_spot]") prop:value=row.after_spot on:input=move |ev| row.after_spot.set(event_target_value(&ev))/></label>
                            <label>"Minutes"<input type="number" min="1" name=format!("breaks[{index}][minutes]") prop:value=row.minutes on:input=move |ev| row.minutes.set(event_target_value(&ev))/></label>
                            <button type="button" class="small" on:click=move |_| breaks.update(|rows| rows.retain(|kept| kept.key != row.key))>"Remove break"</button>
                        </div>
                    }}
                />
                <p class="field-error" aria-live="polite">{field_error("breaks")}</p>
                <button type="button" class="small" on:click=add_break>"Add a break"</button>
            </fieldset>
            <section class="spot-preview" aria-label="Preview of the spots" aria-live="polite">
                <h5>"Preview of your available spots"</h5>
                {move || match preview.get() {
                    Ok(times) => Either::Left(view! {
                        <ol>{times.into_iter().map(|time| view! { <li>{time}</li> }).collect_view()}</ol>
                    }),
                    Err(message) => Either::Right(view! { <p class="hint">{message}</p> }),
                }}
            </section>
            <button type="submit" class="primary">"Save date"</button>
        </ActionForm>
    }
}
