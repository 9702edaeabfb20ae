//! The student side: a studio's page, the month view and its times, the hold and its form,
//! the booking's own page (confirmation, calendar, cancel, reschedule), member sign-in.

use crate::api::{
    BookingOptionsView, BookingPageView, CancelMyBooking, CompleteBooking, HoldSlot, HoldView,
    MonthView, QuestionView, RequestSignInLink, RescheduleMyBooking, SessionTypeView,
    SignInWithLink, SlotView, booking_options, booking_page, my_bookings, public_studio,
    reschedule_options,
};
use crate::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, succeeded,
    successes,
};
use domain::FieldErrors;
use leptos::either::{Either, EitherOf3, EitherOf4};
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
mod browser {
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
fn YourTime(
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

fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync {
    let params = use_params_map();
    move || params.with(|params| params.get(name).unwrap_or_default())
}

fn query_value(name: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let query = use_query_map();
    move || {
        query
            .with(|query| query.get(name))
            .filter(|value| !value.trim().is_empty())
    }
}

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

/// The times of a day as buttons of one form: the pressed one sends its start.
#[component]
fn SlotPicker(
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
fn MonthCalendar(
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

/// A booking's own page, reached through its signed link: the hold's form, the confirmation,
/// or what became of it.
#[component]
pub fn BookingPage() -> impl IntoView {
    let link = param("link");
    let complete = ServerAction::<CompleteBooking>::new();
    let cancel = ServerAction::<CancelMyBooking>::new();
    let completed = successes(complete.value());
    let cancelled = successes(cancel.value());
    let page = Resource::new(
        move || (link(), completed.get(), cancelled.get()),
        |(link, _, _)| booking_page(link),
    );
    let browser_zone = use_browser_zone();
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(booking) => Either::Left(view! { <BookingState booking complete cancel browser_zone/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn BookingState(
    booking: BookingPageView,
    complete: ServerAction<CompleteBooking>,
    cancel: ServerAction<CancelMyBooking>,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let pick_again = format!(
        "/s/{}/{}{}",
        booking.studio_slug,
        booking.session_type_id,
        booking
            .share
            .as_ref()
            .map(|share| format!("?share={share}"))
            .unwrap_or_default()
    );
    let summary = view! {
        <p class="chosen">
            <strong>{booking.session_type_name.clone()}</strong>" with "{booking.studio_name.clone()}<br/>
            {booking.date_label.clone()}", "{booking.time_range.clone()}<br/>
            <YourTime start=booking.start.clone() end=booking.end.clone() studio_date=booking.studio_date.clone()
                studio_zone=booking.timezone.clone() browser_zone/>
        </p>
    };
    match (booking.status.as_str(), booking.hold.clone()) {
        ("held", Some(hold)) => EitherOf4::A(view! {
            <Title text="Your details"/>
            <h1>"Almost booked"</h1>
            {summary}
            <HoldForm booking=booking.clone() hold complete pick_again/>
        }),
        ("expired", _) if booking.student_email.is_none() => EitherOf4::B(view! {
            <Title text="Hold expired"/>
            <h1>"Your hold ran out"</h1>
            {summary}
            <p class="form-alert" role="alert">"The time was released so that others can book it. It may still be free: pick a time again."</p>
            <p><a class="button primary" href=pick_again>"Pick a time again"</a></p>
        }),
        ("confirmed" | "payment_pending" | "completed" | "no_show", _) => EitherOf4::C(view! {
            <Title text="Your booking"/>
            <Confirmation booking=booking.clone() cancel summary browser_zone/>
        }),
        _ => EitherOf4::D(view! {
            <Title text="Your booking"/>
            <h1>{format!("Booking {}", booking.status_label.to_lowercase())}</h1>
            {summary}
            {booking.message.clone().map(|message| view! {
                <p class="message"><strong>"Message from the studio: "</strong>{message}</p>
            })}
            <p><a class="button" href=pick_again>"Book another time"</a></p>
        }),
    }
}

/// Counts the hold down each second in the browser, from the server's figure at page load.
#[component]
fn Countdown(seconds_left: i64, expired: RwSignal<bool>) -> impl IntoView {
    let left = RwSignal::new(seconds_left);
    #[cfg(not(feature = "hydrate"))]
    let _ = expired;
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let started = js_sys::Date::now();
            let handle = leptos::leptos_dom::helpers::set_interval_with_handle(
                move || {
                    let elapsed = ((js_sys::Date::now() - started) / 1000.0) as i64;
                    let remaining = (seconds_left - elapsed).max(0);
                    left.set(remaining);
                    if remaining == 0 {
                        expired.set(true);
                    }
                },
                std::time::Duration::from_millis(500),
            );
            if let Ok(handle) = handle {
                on_cleanup(move || handle.clear());
            }
        }
    });
    let text = move || {
        let seconds = left.get();
        format!("{}:{:02}", seconds / 60, seconds % 60)
    };
    view! {
        <p class="countdown" role="timer" aria-live="off">
            "We're holding this time for you for "<strong class="time-left">{text}</strong>"."
        </p>
    }
}

#[component]
fn HoldForm(
    booking: BookingPageView,
    hold: HoldView,
    complete: ServerAction<CompleteBooking>,
    pick_again: String,
) -> impl IntoView {
    let errors = field_errors_of(complete.value());
    let alert = form_error_of(complete.value());
    let expired = RwSignal::new(hold.seconds_left <= 0);
    let payment_choices = hold.payment_choices.clone();
    let only_choice = payment_choices.len() == 1;
    view! {
        <Countdown seconds_left=hold.seconds_left expired/>
        <Show when=move || expired.get()>
            <p class="form-alert" role="alert">
                "Your hold ran out and the time was released for others. "
                <a href=pick_again.clone()>"Pick a time again"</a>
            </p>
        </Show>
        <section aria-labelledby="details-heading" class="details">
            <h2 id="details-heading">"Your details"</h2>
            <p class="meta">"Price: "{booking.price_label.clone()}</p>
            <ActionForm action=complete attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="link" value=booking.link.clone()/>
                <input type="hidden" name="questions_version" value=hold.questions_version.clone()/>
                <label for="student_name">"Your name"</label>
                <input id="student_name" name="student_name" autocomplete="name" required maxlength="100"
                    aria-describedby="student_name-error" aria-invalid=invalid(errors, "student_name")/>
                <FieldMessage errors field="student_name"/>
                {match hold.signed_in_as.clone() {
                    Some(email) => Either::Left(view! {
                        <p class="meta">"Booking as "<strong>{email}</strong></p>
                    }),
                    None => Either::Right(view! {
                        <label for="student_email">"Your email"</label>
                        <input id="student_email" name="student_email" type="email" autocomplete="email" required
                            aria-describedby="student_email-error" aria-invalid=invalid(errors, "student_email")/>
                        <FieldMessage errors field="student_email"/>
                    }),
                }}
                {hold.questions.into_iter().map(|question| view! { <QuestionField question errors/> }).collect_view()}
                {(!payment_choices.is_empty()).then(|| view! {
                    <fieldset class="choices" aria-describedby="payment_method-error" aria-invalid=invalid(errors, "payment_method")>
                        <legend>"How will you pay?"</legend>
                        {payment_choices.into_iter().map(|(value, label)| view! {
                            <label class="check">
                                <input type="radio" name="payment_method" value=value checked=only_choice/>
                                {label}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <FieldMessage errors field="payment_method"/>
                })}
                <button type="submit" class="primary" disabled=move || complete.pending().get() || expired.get()>"Confirm booking"</button>
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
fn Confirmation(
    booking: BookingPageView,
    cancel: ServerAction<CancelMyBooking>,
    summary: impl IntoView + 'static,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let pending = booking.status == "payment_pending";
    let heading = match booking.status.as_str() {
        "payment_pending" => "Your spot is reserved",
        "completed" => "Session completed",
        "no_show" => "Marked as missed",
        _ => "You're booked!",
    };
    let cancel_alert = form_error_of(cancel.value());
    let reschedule = format!("/booking/{}/reschedule", booking.link);
    view! {
        <h1>{heading}</h1>
        {summary}
        <Show when=move || pending>
            <p class="notice">"Your booking is confirmed once the studio receives your payment."</p>
        </Show>
        <dl class="confirmation">
            <dt>"Session"</dt><dd>{booking.session_type_name.clone()}" with "{booking.studio_name.clone()}</dd>
            <dt>"Date"</dt><dd>{booking.date_label.clone()}</dd>
            <dt>"Time"</dt><dd>{booking.time_range.clone()}</dd>
            <dt>"Status"</dt><dd class="status">{booking.status_label.clone()}</dd>
            <dt>"Time zone"</dt><dd>{booking.timezone.clone()}</dd>
            <dt>"Location"</dt><dd>{booking.place.clone()}</dd>
            {booking.student_name.clone().map(|name| view! {
                <dt>"Booked for"</dt><dd>{name}" ("{booking.student_email.clone().unwrap_or_default()}")"</dd>
            })}
            <dt>"Price"</dt><dd>{booking.price_label.clone()}</dd>
            {booking.payment_label.clone().map(|label| view! { <dt>"Payment"</dt><dd>{label}</dd> })}
            {booking.video_link.clone().map(|link| view! {
                <dt>"Video call"</dt><dd><a href=link.clone() rel="noopener noreferrer">{link.clone()}</a></dd>
            })}
            {booking.answers.clone().into_iter().map(|(prompt, answer)| view! {
                <dt>{prompt}</dt><dd class="answer">{answer}</dd>
            }).collect_view()}
        </dl>
        <p class="actions">
            <a class="button" href=booking.calendar_path.clone() download="booking.ics" rel="external">"Download calendar file (.ics)"</a>
            <a class="button" href=booking.google_calendar_url.clone() target="_blank" rel="noopener noreferrer">"Add to Google Calendar"</a>
        </p>
        {booking.can_change.then(|| view! {
            <section aria-labelledby="change-heading" class="change">
                <h2 id="change-heading">"Change of plans?"</h2>
                <p class="muted">"You can reschedule or cancel online until "{booking.change_until.clone().unwrap_or_default()}"."
                    {booking.change_until_at.clone().map(|at| view! {
                        " "<YourTime start=at studio_zone=booking.timezone.clone() browser_zone/>
                    })}
                </p>
                <p class="actions">
                    <a class="button" href=reschedule.clone()>"Reschedule"</a>
                </p>
                <ActionForm action=cancel attr:class="inline-form">
                    <FormAlert message=cancel_alert/>
                    <input type="hidden" name="link" value=booking.link.clone()/>
                    <button type="submit" class="danger" disabled=move || cancel.pending().get()>"Cancel booking"</button>
                </ActionForm>
            </section>
        })}
        <p class="muted">"Keep this page's address to yourself: it gives access to your booking."</p>
    }
}

/// Picking another time for a booking, through its signed link.
#[component]
pub fn ReschedulePage() -> impl IntoView {
    let link = param("link");
    let month = query_value("month");
    let date = query_value("date");
    let reschedule = ServerAction::<RescheduleMyBooking>::new();
    let options = Resource::new(
        move || (link(), month(), date()),
        |(link, month, date)| reschedule_options(link, month, date),
    );
    let browser_zone = use_browser_zone();
    let alert = form_error_of(reschedule.value());
    view! {
        <main class="page student">
            <Title text="Reschedule"/>
            <p class="crumb"><a href=move || format!("/booking/{}", link())>"Back to your booking"</a></p>
            <h1>"Pick a new time"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => Either::Left(view! {
                            <p class="meta">{options.session_type.name.clone()}" with "{options.studio_name.clone()}</p>
                            <MonthCalendar month=options.month.clone() selected=options.selected_date.clone()
                                base=format!("/booking/{}/reschedule", link()) share_query=String::new()/>
                            {options.selected_date_label.clone().map(|label| view! {
                                <section aria-labelledby="time-heading">
                                    <h2 id="time-heading">"Move to a time on "{label}</h2>
                                    <p class="muted">"Times in "{options.timezone.clone()}"."</p>
                                    <FormAlert message=alert/>
                                    <ActionForm action=reschedule attr:class="slot-form">
                                        <SlotPicker slots=options.slots.clone() zone=options.timezone.clone()
                                            date=options.selected_date.clone().unwrap_or_default() browser_zone>
                                            <input type="hidden" name="link" value=link()/>
                                        </SlotPicker>
                                    </ActionForm>
                                </section>
                            })}
                        }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// Students sign in with a link emailed to them: no password to remember.
#[component]
pub fn EmailSignInPage() -> impl IntoView {
    let next = query_value("next");
    let request = ServerAction::<RequestSignInLink>::new();
    let errors = field_errors_of(request.value());
    let alert = form_error_of(request.value());
    let sent = succeeded(request.value());
    view! {
        <main class="page narrow">
            <Title text="Sign in with email"/>
            <h1>"Sign in with your email"</h1>
            <p class="muted">"We'll email you a link that signs you in. Members see member prices and members-only sessions; everyone sees their bookings."</p>
            <Show when=move || sent.get()>
                <p class="notice" role="status">"Check your inbox: if the address is right, a sign-in link is on its way."</p>
            </Show>
            <ActionForm action=request attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="next" value=move || next().unwrap_or_default()/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
                <FieldMessage errors field="email"/>
                <button type="submit" class="primary" disabled=move || request.pending().get()>"Email me a sign-in link"</button>
            </ActionForm>
        </main>
    }
}

/// The page an emailed sign-in link opens. Signing in takes a press of the button, so that
/// mail scanners that open links do not use it up.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let token = query_value("token");
    let next = query_value("next");
    let sign_in = ServerAction::<SignInWithLink>::new();
    let alert = form_error_of(sign_in.value());
    view! {
        <main class="page narrow">
            <Title text="Sign in"/>
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in attr:class="form">
                <FormAlert message=alert/>
                <input type="hidden" name="token" value=move || token().unwrap_or_default()/>
                <input type="hidden" name="next" value=move || next().unwrap_or_default()/>
                <button type="submit" class="primary" disabled=move || sign_in.pending().get()>"Sign me in"</button>
            </ActionForm>
        </main>
    }
}

/// A signed-in student's bookings.
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let bookings = Resource::new(|| (), |()| my_bookings());
    view! {
        <main class="page student">
            <Title text="My bookings"/>
            <h1>"My bookings"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match bookings.await {
                        Ok(bookings) if bookings.is_empty() => EitherOf3::A(view! { <p class="empty">"You have no bookings yet."</p> }),
                        Ok(bookings) => EitherOf3::B(view! {
                            <ul class="my-bookings" role="list">
                                {bookings.into_iter().map(|booking| view! {
                                    <li class="type-card">
                                        <h2>{booking.session_type_name.clone()}</h2>
                                        <p class="meta">{booking.studio_name.clone()}" · "{booking.when.clone()}</p>
                                        <p>"Status: "{booking.status_label.clone()}</p>
                                        <a class="button" href=booking.link.clone()>"Open booking"</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </main>
    }
}
