//! `/dashboard/minis/{id}/roster/{date}`: one date's spots with each client, their package,
//! payment and forms; printable, and each booking opens its page (move, cancel, refund).

use super::api::{MiniRosterView, mini_roster};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{ErrorBox, Loading, param};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn MiniRosterPage() -> impl IntoView {
    view! {
        <Dashboard title="Roster">
            <Roster/>
        </Dashboard>
    }
}

#[component]
fn Roster() -> impl IntoView {
    let id = param("id");
    let date = param("date");
    let roster = Resource::new(
        move || (id(), date()),
        |(id, date)| mini_roster(id.parse().unwrap_or(0), date),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match roster.await {
                    Ok(roster) => Either::Left(view! { <RosterTable roster/> }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RosterTable(roster: MiniRosterView) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <p class="crumb no-print"><a href=format!("/dashboard/minis/{}", roster.mini_id)>"Back to "{roster.title.clone()}</a></p>
        <h2>{roster.title.clone()}" · "{roster.heading.clone()}</h2>
        {roster.location.clone().map(|location| view! { <p class="location">{location}</p> })}
        <p class="no-print"><button type="button" on:click=print>"Print roster"</button></p>
        <table class="roster">
            <caption class="visually-hidden">{format!("Roster of {}", roster.heading)}</caption>
            <thead>
                <tr>
                    <th scope="col">"Spot"</th>
                    <th scope="col">"Client"</th>
                    <th scope="col">"Package"</th>
                    <th scope="col">"Payment"</th>
                    <th scope="col">"Contract"</th>
                    <th scope="col">"Questionnaire"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {roster.rows.into_iter().map(|row| {
                    let booking = row.booking;
                    view! {
                        <tr>
                            <th scope="row">{format!("{} · {}", row.spot, row.time)}</th>
                            {match booking {
                                Some(booking) => Either::Left(view! {
                                    <td>
                                        <a href=format!("/dashboard/bookings/{}", booking.id)>{booking.client}</a>
                                        <br/><span class="muted">{booking.email}</span>
                                    </td>
                                    <td>{booking.package.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{booking.payment.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{booking.contract}</td>
                                    <td>{booking.questionnaire}</td>
                                }),
                                None => Either::Right(view! { <td colspan="5" class="muted">"—"</td> }),
                            }}
                            <td>{row.status}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
