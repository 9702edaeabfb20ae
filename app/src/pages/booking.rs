//! The student side: a studio's page, picking a day and a time, booking, the confirmation.

use crate::api::{
    BookSession, BookingOptionsView, QuestionView, SessionTypeView, SlotView, booking_options,
    confirmation, public_studio,
};
use crate::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid,
};
use domain::FieldErrors;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The browser's own time zone, known only after hydration.
fn use_browser_zone() -> ReadSignal<Option<String>> {
    let (zone, set_zone) = signal(None::<String>);
    Effect::new(move |_| set_zone.set(browser::time_zone()));
    zone
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsValue;

    pub fn time_zone() -> Option<String> {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
            .ok()?
            .as_string()
    }

    /// "09:30" for an RFC 3339 instant, in the browser's zone.
    pub fn time_of_day(instant: &str) -> Option<String> {
        let date = js_sys::Date::new(&JsValue::from_str(instant));
        if date.get_time().is_nan() {
            return None;
        }
        Some(format!("{:02}:{:02}", date.get_hours(), date.get_minutes()))
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn time_zone() -> Option<String> {
        None
    }

    pub fn time_of_day(_instant: &str) -> Option<String> {
        None
    }
}

/// "(15:00 your time)" when the student's zone differs from the studio's.
#[component]
fn YourTime(
    start: String,
    studio_zone: String,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    move || {
        browser_zone
            .get()
            .filter(|zone| *zone != studio_zone)
            .and_then(|_| browser::time_of_day(&start))
            .map(|time| view! { <span class="your-time">{format!("{time} your time")}</span> })
    }
}

/// The studio's landing page. Its session types are featured there when the instructor keeps
/// "Show on landing page" on; otherwise a link leads to the list (`?view=sessions`).
#[component]
pub fn StudioPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let studio = Resource::new(
        move || params.with(|params| params.get("slug").unwrap_or_default()),
        public_studio,
    );
    let list_asked = move || query.with(|query| query.get("view").as_deref() == Some("sessions"));
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match studio.await {
                        Ok(studio) => {
                            let show_list = studio.featured || list_asked();
                            Either::Left(view! {
                                <Title text=format!("Book with {}", studio.name)/>
                                <h1>{studio.name.clone()}</h1>
                                <p class="muted">"Times are shown in "{studio.timezone.clone()}"."</p>
                                {if show_list {
                                    Either::Left(view! { <SessionTypeList slug=studio.slug.clone() session_types=studio.session_types.clone()/> })
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
                        <p class="meta">{session_type.duration_label.clone()}" · "{session_type.price_label.clone()}</p>
                        <p>{session_type.description.clone()}</p>
                        <a class="button primary" href=href aria-label=format!("Book {}", session_type.name)>"Book"</a>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

#[component]
pub fn BookSessionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let options = Resource::new(
        move || {
            let slug = params.with(|params| params.get("slug").unwrap_or_default());
            let id = params.with(|params| {
                params
                    .get("session_type_id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .unwrap_or(0)
            });
            let date = query.with(|query| query.get("date"));
            (slug, id, date)
        },
        |(slug, id, date)| booking_options(slug, id, date),
    );
    let chosen_start = Memo::new(move |_| query.with(|query| query.get("start")));
    let browser_zone = use_browser_zone();
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => Either::Left(view! { <BookingSteps options chosen_start=chosen_start.get() browser_zone/> }),
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
    chosen_start: Option<String>,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let base = format!("/s/{}/{}", options.studio_slug, options.session_type.id);
    let chosen_slot = chosen_start.as_ref().and_then(|start| {
        options
            .slots
            .iter()
            .find(|slot| slot.start == *start)
            .cloned()
    });
    let chosen_but_gone = chosen_start.is_some() && chosen_slot.is_none();
    let session_type = options.session_type.clone();
    let selected_date = options.selected_date.clone();
    let zone = options.timezone.clone();
    view! {
        <Title text=format!("Book {} · {}", session_type.name, options.studio_name)/>
        <p class="crumb"><a href=format!("/s/{}", options.studio_slug)>{options.studio_name.clone()}</a></p>
        {session_type.cover_url.clone().map(|src| view! {
            <img class="cover" src=src alt=format!("Cover image of {}", session_type.name) width="640" height="360" decoding="async"/>
        })}
        <h1>{session_type.name.clone()}</h1>
        <p class="meta">
            {session_type.duration_label.clone()}" · "{session_type.price_label.clone()}
            {session_type.location.clone().map(|location| format!(" · {location}"))}
        </p>
        <section aria-labelledby="day-heading">
            <h2 id="day-heading">"Choose a day"</h2>
            <ul class="days" role="list">
                {options.days.iter().map(|day| {
                    let label = format!("{} {}", day.weekday, day.day_label);
                    let selected = selected_date.as_deref() == Some(day.date.as_str());
                    if day.free_slots == 0 {
                        Either::Left(view! {
                            <li><span class="day full" aria-disabled="true" title="No free times">
                                <span class="weekday">{day.weekday.clone()}</span>{day.day_label.clone()}
                            </span></li>
                        })
                    } else {
                        Either::Right(view! {
                            <li><a class="day" class:selected=selected href=format!("{base}?date={}", day.date)
                                aria-current=if selected { Some("date") } else { None } aria-label=label>
                                <span class="weekday">{day.weekday.clone()}</span>{day.day_label.clone()}
                            </a></li>
                        })
                    }
                }).collect_view()}
            </ul>
        </section>
        {options.selected_date.clone().map(|date| {
            let date_label = options.selected_date_label.clone().unwrap_or_default();
            let base = base.clone();
            let zone = zone.clone();
            view! {
                <section aria-labelledby="time-heading">
                    <h2 id="time-heading">"Choose a time on "{date_label}</h2>
                    <p class="muted">"Times in "{zone.clone()}"."</p>
                    {if options.slots.is_empty() {
                        Either::Left(view! { <p class="empty">"No free times on this day."</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="slots" role="list">
                                {options.slots.iter().map(|slot| {
                                    let href = format!("{base}?date={date}&start={}", slot.start);
                                    view! { <li><SlotLink time_slot=slot.clone() href zone=zone.clone() browser_zone/></li> }
                                }).collect_view()}
                            </ul>
                        })
                    }}
                </section>
            }
        })}
        <Show when=move || chosen_but_gone>
            <p class="form-alert" role="alert">"That time is no longer available. Please choose another."</p>
        </Show>
        {chosen_slot.map(|slot| view! {
            <BookingForm slug=options.studio_slug.clone() session_type_id=session_type.id chosen=slot questions=options.questions.clone() questions_version=options.questions_version.clone() zone=zone.clone() browser_zone/>
        })}
    }
}

#[component]
fn SlotLink(
    time_slot: SlotView,
    href: String,
    zone: String,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let seats = (time_slot.capacity > 1).then(|| {
        let noun = if time_slot.seats_left == 1 {
            "seat"
        } else {
            "seats"
        };
        format!("{} {noun} left", time_slot.seats_left)
    });
    view! {
        <a class="slot" href=href>
            <span class="time">{time_slot.time_label.clone()}</span>
            {seats.map(|seats| view! { <span class="seats">{seats}</span> })}
            <YourTime start=time_slot.start.clone() studio_zone=zone browser_zone/>
        </a>
    }
}

#[component]
fn BookingForm(
    slug: String,
    session_type_id: i64,
    chosen: SlotView,
    questions: Vec<QuestionView>,
    questions_version: String,
    zone: String,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let action = ServerAction::<BookSession>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <section aria-labelledby="details-heading" class="details">
            <h2 id="details-heading">"Your details"</h2>
            <p class="chosen">"Booking "<strong>{chosen.time_label.clone()}</strong>" ("{zone.clone()}") "
                <YourTime start=chosen.start.clone() studio_zone=zone browser_zone/>
            </p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="session_type_id" value=session_type_id.to_string()/>
                <input type="hidden" name="start" value=chosen.start.clone()/>
                <input type="hidden" name="questions_version" value=questions_version/>
                <label for="student_name">"Your name"</label>
                <input id="student_name" name="student_name" autocomplete="name" required maxlength="100"
                    aria-describedby="student_name-error" aria-invalid=invalid(errors, "student_name")/>
                <FieldMessage errors field="student_name"/>
                <label for="student_email">"Your email"</label>
                <input id="student_email" name="student_email" type="email" autocomplete="email" required
                    aria-describedby="student_email-error" aria-invalid=invalid(errors, "student_email")/>
                <FieldMessage errors field="student_email"/>
                {questions.into_iter().map(|question| view! { <QuestionField question errors/> }).collect_view()}
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Confirm booking"</button>
            </ActionForm>
        </section>
    }
}

/// One registration question of the session type, answered in the booking form.
#[component]
fn QuestionField(question: QuestionView, errors: Signal<FieldErrors>) -> impl IntoView {
    let field = format!("answers[{}]", question.index);
    let id = format!("answer-{}", question.index);
    let label = if question.required {
        question.prompt.clone()
    } else {
        format!("{} (optional)", question.prompt)
    };
    let invalid = {
        let field = field.clone();
        move || {
            if errors.with(|errors| errors.message_for(&field).is_some()) {
                "true"
            } else {
                "false"
            }
        }
    };
    let described_by = format!("{field}-error");
    let input = match question.kind.as_str() {
        "single_choice" => EitherOf3::A(view! {
            <fieldset class="choices" aria-describedby=described_by.clone() aria-invalid=invalid>
                <legend>{label}</legend>
                {question.options.into_iter().map(|option| {
                    let name = field.clone();
                    view! {
                        <label class="check">
                            <input type="radio" name=name value=option.clone() required=question.required/>
                            {option.clone()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }),
        "long_text" => EitherOf3::B(view! {
            <label for=id.clone()>{label}</label>
            <textarea id=id name=field.clone() rows="4" maxlength="2000" required=question.required
                aria-describedby=described_by.clone() aria-invalid=invalid></textarea>
        }),
        _ => EitherOf3::C(view! {
            <label for=id.clone()>{label}</label>
            <input id=id name=field.clone() maxlength="200" required=question.required
                aria-describedby=described_by.clone() aria-invalid=invalid/>
        }),
    };
    view! {
        <div class="question">
            {input}
            <FieldMessage errors field/>
        </div>
    }
}

#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let params = use_params_map();
    let details = Resource::new(
        move || params.with(|params| params.get("token").unwrap_or_default()),
        confirmation,
    );
    let browser_zone = use_browser_zone();
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(booking) => Either::Left(view! {
                            <Title text="Booking confirmed"/>
                            <h1>"You're booked!"</h1>
                            <dl class="confirmation">
                                <dt>"Session"</dt><dd>{booking.session_type_name.clone()}" with "{booking.studio_name.clone()}</dd>
                                <dt>"Date"</dt><dd>{booking.date_label.clone()}</dd>
                                <dt>"Time"</dt><dd>{format!("{}–{} ({})", booking.time_label, booking.end_label, booking.timezone_abbreviation)}
                                    " "<YourTime start=booking.start.clone() studio_zone=booking.timezone.clone() browser_zone/></dd>
                                <dt>"Time zone"</dt><dd>{booking.timezone.clone()}</dd>
                                <dt>"Location"</dt><dd>{booking.location.clone().unwrap_or_else(|| "To be confirmed by the studio".to_owned())}</dd>
                                <dt>"Booked for"</dt><dd>{booking.student_name.clone()}" ("{booking.student_email.clone()}")"</dd>
                                <dt>"Price"</dt><dd>{booking.price_label.clone()}</dd>
                                {booking.video_link.clone().map(|link| view! {
                                    <dt>"Video call"</dt><dd><a href=link.clone() rel="noopener noreferrer">{link.clone()}</a></dd>
                                })}
                                {booking.answers.clone().into_iter().map(|(prompt, answer)| view! {
                                    <dt>{prompt}</dt><dd class="answer">{answer}</dd>
                                }).collect_view()}
                            </dl>
                        }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}
