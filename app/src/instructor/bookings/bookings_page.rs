//! `/dashboard/bookings`: the filtered list and the agenda by day or week.

use super::api::{BookingFilter, BookingListItem, agenda, bookings};
use crate::instructor::dashboard::Dashboard;
use crate::instructor::session_types::api::session_types;
use crate::shared::components::{DateField, ErrorBox, FieldMessage, Loading, query_text};
use domain::booking::BookingStatus;
use leptos::either::{Either, EitherOf3};

use leptos::prelude::*;

#[component]
pub fn BookingsPage() -> impl IntoView {
    let view_mode = query_text("view");
    let filter = move || BookingFilter {
        status: query_text("status")(),
        session_type_id: query_text("session_type_id")(),
        from: query_text("from")(),
        to: query_text("to")(),
        search: query_text("search")(),
    };
    let range = query_text("range");
    let date = query_text("date");
    let types = Resource::new(|| (), |()| session_types());
    let list = Resource::new(filter, bookings);
    let days = Resource::new(
        move || (range(), date()),
        |(range, date)| agenda(range, date),
    );
    view! {
        <Dashboard title="Bookings">
            <p class="tabs" role="navigation" aria-label="Bookings views">
                <a href="/dashboard/bookings" aria-current=move || (view_mode() != "agenda").then_some("page")>"List"</a>
                <a href="/dashboard/bookings?view=agenda&range=day" aria-current=move || (view_mode() == "agenda" && range() == "day").then_some("page")>"Agenda: day"</a>
                <a href="/dashboard/bookings?view=agenda&range=week" aria-current=move || (view_mode() == "agenda" && range() != "day").then_some("page")>"Agenda: week"</a>
            </p>
            {move || if view_mode() == "agenda" {
                Either::Left(view! { <Agenda days/> })
            } else {
                Either::Right(view! { <FilteredList types list filter=filter()/> })
            }}
        </Dashboard>
    }
}

#[component]
fn FilteredList(
    types: Resource<
        Result<Vec<crate::shared::views::SessionTypeView>, crate::shared::error::AppError>,
    >,
    list: Resource<Result<Vec<BookingListItem>, crate::shared::error::AppError>>,
    filter: BookingFilter,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    let types = types.await.unwrap_or_default();
                    let result = list.await;
                    let errors = Signal::stored(
                        result.as_ref().err().map(|error| error.field_errors()).unwrap_or_default(),
                    );
                    view! {
                        <FilterForm filter types errors/>
                        {match result {
                            Ok(items) if items.is_empty() => EitherOf3::A(view! { <p class="empty">"No bookings match."</p> }),
                            Ok(items) => EitherOf3::B(view! { <BookingsTable items/> }),
                            Err(crate::shared::error::AppError::Invalid(_)) => EitherOf3::A(view! { <p class="empty">"Correct the filters above."</p> }),
                            Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                        }}
                    }
                })
            }}
        </Suspense>
    }
}

/// A plain GET form: the filters live in the address, so a filtered list can be bookmarked.
#[component]
fn FilterForm(
    filter: BookingFilter,
    types: Vec<crate::shared::views::SessionTypeView>,
    errors: Signal<domain::FieldErrors>,
) -> impl IntoView {
    view! {
        <form method="get" action="/dashboard/bookings" class="booking-filters" role="search">
            <div>
                <label for="search">"Search"</label>
                <input id="search" name="search" type="search" value=filter.search.clone() placeholder="Name or email"/>
            </div>
            <div>
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="" selected=filter.status.is_empty()>"Any"</option>
                    {BookingStatus::ALL.into_iter().filter(|status| *status != BookingStatus::Held).map(|status| view! {
                        <option value=status.as_str() selected=filter.status == status.as_str()>{status.label()}</option>
                    }).collect_view()}
                </select>
                <FieldMessage errors field="status"/>
            </div>
            <div>
                <label for="session_type_id">"Session type"</label>
                <select id="session_type_id" name="session_type_id">
                    <option value="">"Any"</option>
                    {types.into_iter().map(|session_type| {
                        let value = session_type.id.to_string();
                        let selected = value == filter.session_type_id;
                        view! { <option value=value selected=selected>{session_type.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <DateField id="from" name="from" label="From" value=filter.from.clone() errors/>
            </div>
            <div>
                <DateField id="to" name="to" label="To" value=filter.to.clone() errors/>
            </div>
            <button type="submit" class="primary">"Filter"</button>
        </form>
    }
}

#[component]
fn BookingsTable(items: Vec<BookingListItem>) -> impl IntoView {
    view! {
        <table class="bookings">
            <thead>
                <tr><th scope="col">"Date"</th><th scope="col">"Time"</th><th scope="col">"Session"</th><th scope="col">"Student"</th><th scope="col">"Status"</th></tr>
            </thead>
            <tbody>
                {items.into_iter().map(|item| view! {
                    <tr>
                        <td>{item.date_label}</td>
                        <td><a href=format!("/dashboard/bookings/{}", item.id) aria-label=format!("Open the booking of {} at {}", item.student_name, item.time_label)>{item.time_label.clone()}</a></td>
                        <td>{item.session_type_name}</td>
                        <td>
                            {item.student_name}
                            {item.member.then(|| view! { " "<span class="badge status-active">"Member"</span> })}
                            <br/><span class="muted">{item.student_email}</span>
                            {(!item.answers.is_empty()).then(|| view! {
                                <dl class="answers">
                                    {item.answers.into_iter().map(|(prompt, answer)| view! {
                                        <dt>{prompt}</dt><dd>{answer}</dd>
                                    }).collect_view()}
                                </dl>
                            })}
                        </td>
                        <td><StatusBadge status=item.status preview=item.preview/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Agenda(
    days: Resource<Result<super::api::AgendaView, crate::shared::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match days.await {
                    Ok(agenda) => Either::Left(view! {
                        <div class="agenda-head">
                            <a class="button" href=format!("/dashboard/bookings?view=agenda&range={}&date={}", agenda.range, agenda.previous)>"‹ Previous"</a>
                            <h2>{agenda.label.clone()}</h2>
                            <a class="button" href=format!("/dashboard/bookings?view=agenda&range={}&date={}", agenda.range, agenda.next)>"Next ›"</a>
                        </div>
                        {agenda.days.into_iter().map(|day| view! {
                            <section class="agenda-day">
                                <h3>{day.date_label}</h3>
                                {if day.items.is_empty() {
                                    Either::Left(view! { <p class="muted">"No sessions."</p> })
                                } else {
                                    Either::Right(view! {
                                        <ul role="list" class="agenda-items">
                                            {day.items.into_iter().map(|item| view! {
                                                <li>
                                                    <a href=format!("/dashboard/bookings/{}", item.id)>
                                                        <strong>{item.time_label}</strong>" "{item.session_type_name}" · "{item.student_name}
                                                    </a>
                                                    " "<StatusBadge status=item.status preview=item.preview/>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    })
                                }}
                            </section>
                        }).collect_view()}
                    }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

/// A booking's status, and "Preview" on the instructor's own Client View try.
#[component]
pub(super) fn StatusBadge(status: domain::booking::BookingStatus, preview: bool) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.as_str())>{status.label()}</span>
        {preview.then(|| view! { " "<span class="badge status-preview">"Preview, not a sale"</span> })}
    }
}
