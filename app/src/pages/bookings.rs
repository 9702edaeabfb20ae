//! The instructor's bookings: filtered list, agenda by day or week, and one booking's detail
//! with its actions.

use crate::api::{
    BookingDetailView, BookingFilter, BookingListItem, CancelBooking, MoveBooking,
    RecordBookingOutcome, RejectBooking, agenda, booking_detail, bookings, move_options,
    session_types,
};
use crate::components::{
    DateField, ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of,
    successes,
};
use crate::pages::dashboard::Dashboard;
use domain::booking::BookingStatus;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn query_text(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync {
    let query = use_query_map();
    move || query.with(|query| query.get(name).unwrap_or_default())
}

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
    types: Resource<Result<Vec<crate::api::SessionTypeView>, crate::error::AppError>>,
    list: Resource<Result<Vec<BookingListItem>, crate::error::AppError>>,
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
                            Err(crate::error::AppError::Invalid(_)) => EitherOf3::A(view! { <p class="empty">"Correct the filters above."</p> }),
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
    types: Vec<crate::api::SessionTypeView>,
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
                        <td><span class=format!("badge status-{}", item.status)>{item.status_label}</span></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Agenda(days: Resource<Result<crate::api::AgendaView, crate::error::AppError>>) -> impl IntoView {
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
                                                    " "<span class=format!("badge status-{}", item.status)>{item.status_label}</span>
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

#[component]
pub fn BookingDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|params| {
            params
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    };
    let month = query_text("month");
    let date = query_text("date");
    let cancel = ServerAction::<CancelBooking>::new();
    let reject = ServerAction::<RejectBooking>::new();
    let outcome = ServerAction::<RecordBookingOutcome>::new();
    let move_to = ServerAction::<MoveBooking>::new();
    let done = [
        successes(cancel.value()),
        successes(reject.value()),
        successes(outcome.value()),
        successes(move_to.value()),
    ];
    let moved = done[3];
    let versions = move || done.map(|count| count.get());
    let detail = Resource::new(move || (id(), versions()), |(id, _)| booking_detail(id));
    let slots = Resource::new(
        move || (id(), month(), date(), moved.get()),
        |(id, month, date, _)| {
            let blank = |text: String| (!text.is_empty()).then_some(text);
            move_options(id, blank(month), blank(date))
        },
    );
    view! {
        <Dashboard title="Booking">
            <p class="crumb"><a href="/dashboard/bookings">"All bookings"</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => Either::Left(view! { <BookingDetail detail cancel reject outcome move_to slots/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </Dashboard>
    }
}

#[component]
fn BookingDetail(
    detail: BookingDetailView,
    cancel: ServerAction<CancelBooking>,
    reject: ServerAction<RejectBooking>,
    outcome: ServerAction<RecordBookingOutcome>,
    move_to: ServerAction<MoveBooking>,
    slots: Resource<Result<crate::api::BookingOptionsView, crate::error::AppError>>,
) -> impl IntoView {
    let item = detail.item.clone();
    let item_id = item.id;
    let cancel_errors = field_errors_of(cancel.value());
    let cancel_alert = form_error_of(cancel.value());
    let reject_alert = form_error_of(reject.value());
    let outcome_alert = form_error_of(outcome.value());
    let move_alert = form_error_of(move_to.value());
    view! {
        <h1>{item.student_name.clone()}" · "{item.session_type_name.clone()}</h1>
        <dl class="confirmation">
            <dt>"When"</dt><dd>{item.date_label.clone()}", "{item.time_label.clone()}</dd>
            <dt>"Status"</dt><dd><span class=format!("badge status-{}", item.status)>{item.status_label.clone()}</span></dd>
            <dt>"Email"</dt><dd>{item.student_email.clone()}{item.member.then_some(" (member)")}</dd>
            {item.payment_label.clone().map(|label| view! { <dt>"Payment"</dt><dd>{label}</dd> })}
            {item.answers.clone().into_iter().map(|(prompt, answer)| view! {
                <dt>{prompt}</dt><dd class="answer">{answer}</dd>
            }).collect_view()}
            {detail.message.clone().map(|message| view! { <dt>"Your message"</dt><dd>{message}</dd> })}
        </dl>
        {detail.can_record_attendance.then(|| view! {
            <ActionForm action=outcome attr:class="inline-form">
                <FormAlert message=outcome_alert/>
                <input type="hidden" name="id" value=item_id.to_string()/>
                <button type="submit" name="outcome" value="completed">"Mark completed"</button>
                <button type="submit" name="outcome" value="no_show">"Mark no-show"</button>
            </ActionForm>
        })}
        {detail.can_mark_paid.then(|| view! {
            <ActionForm action=outcome attr:class="inline-form">
                <input type="hidden" name="id" value=item_id.to_string()/>
                <button type="submit" class="primary" name="outcome" value="paid">"Payment received: confirm"</button>
            </ActionForm>
        })}
        {detail.can_reject.then(|| view! {
            <section aria-labelledby="reject-heading" class="action-box">
                <h2 id="reject-heading">"Reject this pending booking"</h2>
                <ActionForm action=reject attr:class="form">
                    <FormAlert message=reject_alert/>
                    <input type="hidden" name="id" value=item_id.to_string()/>
                    <label for="reject-message">"Message to the student (optional)"</label>
                    <textarea id="reject-message" name="message" rows="3" maxlength="1000"></textarea>
                    <button type="submit" class="danger">"Reject booking"</button>
                </ActionForm>
            </section>
        })}
        {detail.can_cancel.then(|| view! {
            <section aria-labelledby="cancel-heading" class="action-box">
                <h2 id="cancel-heading">"Cancel this booking"</h2>
                <ActionForm action=cancel attr:class="form">
                    <FormAlert message=cancel_alert/>
                    <input type="hidden" name="id" value=item_id.to_string()/>
                    <label for="cancel-message">"Message to the student (optional)"</label>
                    <textarea id="cancel-message" name="message" rows="3" maxlength="1000"
                        aria-describedby="message-error"></textarea>
                    <FieldMessage errors=cancel_errors field="message"/>
                    <button type="submit" class="danger">"Cancel booking"</button>
                </ActionForm>
            </section>
        })}
        {detail.can_move.then(|| view! {
            <section aria-labelledby="move-heading" class="action-box">
                <h2 id="move-heading">"Move to another time"</h2>
                <FormAlert message=move_alert/>
                <Suspense fallback=Loading>
                    {move || {
                        let id = item_id.to_string();
                        Suspend::new(async move {
                            match slots.await {
                                Ok(options) => Either::Left(view! { <MovePicker options id move_to/> }),
                                Err(error) => Either::Right(view! { <ErrorBox error/> }),
                            }
                        })
                    }}
                </Suspense>
            </section>
        })}
    }
}

#[component]
fn MovePicker(
    options: crate::api::BookingOptionsView,
    id: String,
    move_to: ServerAction<MoveBooking>,
) -> impl IntoView {
    let base = format!("/dashboard/bookings/{id}");
    view! {
        <p class="month-head">
            {options.month.previous.clone().map(|month| view! { <a class="month-nav" href=format!("{base}?month={month}") aria-label="Previous month">"‹"</a> })}
            <strong>{options.month.label.clone()}</strong>
            {options.month.next.clone().map(|month| view! { <a class="month-nav" href=format!("{base}?month={month}") aria-label="Next month">"›"</a> })}
        </p>
        <ul class="days" role="list">
            {options.month.days.iter().filter(|day| day.free_slots > 0).map(|day| view! {
                <li><a class="day" href=format!("{base}?month={}&date={}", options.month.month, day.date)
                    aria-label=format!("Move to {}", day.label)>{day.day_number}</a></li>
            }).collect_view()}
        </ul>
        {options.selected_date_label.clone().map(|label| view! {
            <p>"Free times on "{label}" ("{options.timezone.clone()}")"</p>
            <ActionForm action=move_to attr:class="slot-form">
                <input type="hidden" name="id" value=id.clone()/>
                <ul class="slots" role="list">
                    {options.slots.iter().map(|slot| view! {
                        <li><button type="submit" class="slot" name="start" value=slot.start.clone()
                            aria-label=format!("Move to {} {}", slot.time_label, slot.zone)>{format!("{} {}", slot.time_label, slot.zone)}</button></li>
                    }).collect_view()}
                </ul>
            </ActionForm>
        })}
    }
}
