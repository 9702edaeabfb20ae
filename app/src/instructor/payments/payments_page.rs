//! `/dashboard/payments`: every payment received and refund made in a window, the daily totals
//! and the CSV of the same window.

use super::api::{EntryView, PaymentsFilter, PaymentsView, TotalView, payments};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{DateField, ErrorBox, FieldMessage, Loading, invalid, query_text};
use crate::shared::error::AppError;
use leptos::either::{Either, EitherOf3};

use leptos::prelude::*;

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let filter = move || PaymentsFilter {
        from: query_text("from")(),
        to: query_text("to")(),
        kind: query_text("kind")(),
    };
    let books = Resource::new(filter, payments);
    view! {
        <Dashboard title="Payments">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match books.await {
                        Ok(shown) => EitherOf3::A(view! { <Books shown/> }),
                        Err(AppError::Invalid(errors)) => {
                            let asked = filter();
                            EitherOf3::B(view! {
                                <FilterForm from=asked.from to=asked.to kind=asked.kind
                                    kinds=kind_choices() errors=Signal::stored(errors)/>
                                <p class="empty">"Correct the filters above."</p>
                            })
                        }
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </Dashboard>
    }
}

/// The kinds the filter offers when the server could not say (the filters were refused).
fn kind_choices() -> Vec<(String, String)> {
    domain::ledger::KindFilter::ALL
        .iter()
        .map(|kind| (kind.as_str().to_owned(), kind.label().to_owned()))
        .collect()
}

#[component]
fn Books(shown: PaymentsView) -> impl IntoView {
    let PaymentsView {
        from,
        to,
        kind,
        kinds,
        zone_label,
        totals,
        days,
        entries,
        csv_href,
    } = shown;
    let empty = entries.is_empty();
    view! {
        <FilterForm from to kind kinds errors=Signal::stored(domain::FieldErrors::new())/>
        <p class="ledger-actions">
            <a class="button" href=csv_href download="">"Download CSV"</a>
            <span class="muted">{zone_label}</span>
        </p>
        {if empty {
            Either::Left(view! { <p class="empty">"No payments or refunds in these days."</p> })
        } else {
            Either::Right(view! {
                <section aria-labelledby="totals-heading">
                    <h2 id="totals-heading">"Totals"</h2>
                    <TotalsTable caption="In these days" first="Days" rows=totals/>
                    <TotalsTable caption="Each day" first="Day" rows=days/>
                </section>
                <section aria-labelledby="entries-heading">
                    <h2 id="entries-heading">"Payments and refunds"</h2>
                    <EntriesTable entries/>
                </section>
            })
        }}
    }
}

/// A plain GET form: the filters live in the address, so a window can be bookmarked and its
/// CSV link follows it.
#[component]
fn FilterForm(
    from: String,
    to: String,
    kind: String,
    kinds: Vec<(String, String)>,
    errors: Signal<domain::FieldErrors>,
) -> impl IntoView {
    view! {
        <form method="get" action="/dashboard/payments" class="booking-filters" role="search" aria-label="Payments">
            <div>
                <DateField id="from" name="from" label="From" value=from errors/>
            </div>
            <div>
                <DateField id="to" name="to" label="To" value=to errors/>
            </div>
            <div>
                <label for="kind">"Kind"</label>
                <select id="kind" name="kind" aria-describedby="kind-error" aria-invalid=invalid(errors, "kind")>
                    <option value="" selected=kind.is_empty()>"Every kind"</option>
                    {kinds.into_iter().map(|(value, label)| {
                        let selected = value == kind;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <FieldMessage errors field="kind"/>
            </div>
            <button type="submit" class="primary">"Show"</button>
        </form>
    }
}

#[component]
fn TotalsTable(caption: &'static str, first: &'static str, rows: Vec<TotalView>) -> impl IntoView {
    view! {
        <table class="bookings ledger-totals">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{first}</th>
                    <th scope="col" class="amount">"Received"</th>
                    <th scope="col" class="amount">"Refunded"</th>
                    <th scope="col" class="amount">"Net"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row">{row.label}</th>
                        <td class="amount" data-label="Received">{row.received}</td>
                        <td class="amount" data-label="Refunded">{row.refunded}</td>
                        <td class="amount" data-label="Net"><strong>{row.net}</strong></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn EntriesTable(entries: Vec<EntryView>) -> impl IntoView {
    view! {
        <table class="bookings ledger">
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Kind"</th>
                    <th scope="col">"Student"</th>
                    <th scope="col">"Session"</th>
                    <th scope="col" class="amount">"Amount"</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|entry| view! {
                    <tr class:refund=entry.refund>
                        <td>{entry.date_label}" "<span class="muted">{entry.time_label}</span></td>
                        <td>
                            {entry.kind_label}
                            {entry.note.map(|note| view! { <br/><span class="muted">{note}</span> })}
                        </td>
                        <td>
                            <a href=format!("/dashboard/bookings/{}", entry.booking_id)>{entry.student_name}</a>
                        </td>
                        <td>{entry.session_type_name}<br/><span class="muted">{entry.session_label}</span></td>
                        <td class="amount">{entry.amount_label}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
