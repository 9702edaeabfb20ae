//! `/s/{slug}`: the studio's landing page and its session types.

use super::api::public_studio;
use crate::shared::components::{ErrorBox, Loading, param, query_value};
use crate::shared::views::SessionTypeView;
use leptos::either::Either;
use leptos_meta::Title;

use leptos::prelude::*;

/// The studio's landing page. Its session types are featured there when the instructor keeps
/// "Show on landing page" on; otherwise a link leads to the list (`?view=sessions`).
#[component]
pub fn StudioPage() -> impl IntoView {
    let slug = param("slug");
    let view_asked = query_value("view");
    let studio = Resource::new(slug, public_studio);
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match studio.await {
                        Ok(studio) => {
                            let show_list = studio.featured || view_asked().as_deref() == Some("sessions");
                            let here = format!("/s/{}?view=sessions", studio.slug);
                            Either::Left(view! {
                                <Title text=format!("Book with {}", studio.name)/>
                                <h1>{studio.name.clone()}</h1>
                                <p class="muted">"Times are shown in "{studio.timezone.clone()}"."</p>
                                <MemberStatus signed_in_as=studio.signed_in_as.clone() is_member=studio.is_member next=here/>
                                {if show_list {
                                    Either::Left(view! {
                                        <SessionTypeList slug=studio.slug.clone() session_types=studio.session_types.clone()/>
                                        <Show when=move || studio.members_only_hidden>
                                            <p class="notice">"Some sessions are for members only. "
                                                <a href=format!("/signin/email?next=/s/{}%3Fview%3Dsessions", studio.slug)>"Sign in with your member email"</a>
                                                " to see and book them."</p>
                                        </Show>
                                    })
                                } else {
                                    Either::Right(view! {
                                        <p><a class="button primary" href=format!("/s/{}?view=sessions", studio.slug)>"See sessions and book"</a></p>
                                    })
                                }}
                            })
                        }
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// Who the student is signed in as, or an invitation to sign in.
#[component]
fn MemberStatus(signed_in_as: Option<String>, is_member: bool, next: String) -> impl IntoView {
    match signed_in_as {
        Some(email) => Either::Left(view! {
            <p class="member-status">
                "Signed in as "<strong>{email}</strong>
                {is_member.then_some(" · Member prices shown")}
                " · "<a href="/my-bookings">"My bookings"</a>
            </p>
        }),
        None => Either::Right(view! {
            <p class="member-status">
                <a href=format!("/signin/email?next={}", domain::calendar::percent_encoded(&next))>"Member? Sign in"</a>
                " to see member prices and your bookings. Or just book as a guest."
            </p>
        }),
    }
}

#[component]
fn SessionTypeList(slug: String, session_types: Vec<SessionTypeView>) -> impl IntoView {
    if session_types.is_empty() {
        return Either::Left(
            view! { <p class="empty">"Nothing is open for booking right now."</p> },
        );
    }
    Either::Right(view! {
        <ul class="type-list">
            {session_types.into_iter().map(|session_type| {
                let href = format!("/s/{slug}/{}", session_type.id);
                view! {
                    <li class="type-card">
                        {session_type.cover_url.clone().map(|src| view! {
                            <img class="cover" src=src alt="" width="640" height="360" loading="lazy" decoding="async"/>
                        })}
                        <h2>{session_type.name.clone()}</h2>
                        <p class="meta">{session_type.duration_label.clone()}" · "{session_type.capacity_label()}" · "{session_type.price_label.clone()}</p>
                        <p>{session_type.description.clone()}</p>
                        <a class="button primary" href=href aria-label=format!("Book {}", session_type.name)>"Book"</a>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}
