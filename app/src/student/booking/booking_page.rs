//! `/booking/{link}`: the hold's form with its countdown, the confirmation, or what became of it.

use super::api::{
    BookingPageView, CancelMyBooking, ChoiceView, CompleteBooking, HoldView, booking_page,
};
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, param,
    successes,
};
use crate::shared::views::QuestionView;
use crate::student::calendar::{YourTime, use_browser_zone};
use crate::student::card_payment::card_payment_section::CardPaymentSection;
use crate::student::survey::api::AnswerSurvey;
use crate::student::survey::survey_section::SurveySection;
use domain::FieldErrors;
use domain::booking::BookingStatus;
use leptos::either::{Either, EitherOf3, EitherOf4};
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use leptos::prelude::*;

/// A booking's own page, reached through its signed link: the hold's form, the confirmation,
/// or what became of it.
#[component]
pub fn BookingPage() -> impl IntoView {
    let link = param("link");
    let complete = ServerAction::<CompleteBooking>::new();
    let cancel = ServerAction::<CancelMyBooking>::new();
    let answer = ServerAction::<AnswerSurvey>::new();
    let completed = successes(complete.value());
    let cancelled = successes(cancel.value());
    let answered = successes(answer.value());
    let page = Resource::new(
        move || (link(), completed.get(), cancelled.get(), answered.get()),
        |(link, ..)| booking_page(link),
    );
    // The survey's email links to the page's own survey address.
    let asked = use_location()
        .pathname
        .with_untracked(|path| path.ends_with("/survey"));
    let browser_zone = use_browser_zone();
    view! {
        <main class="page student">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(booking) => Either::Left(view! { <BookingState booking complete cancel answer asked browser_zone/> }),
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
    answer: ServerAction<AnswerSurvey>,
    asked: bool,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let survey = view! {
        <SurveySection survey=booking.survey.clone() link=booking.link.clone()
            studio_name=booking.studio_name.clone() answer asked/>
    };
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
    let notice = booking
        .notice
        .clone()
        .map(|notice| view! { <p class="preview-banner" role="status">{notice}</p> });
    let page = match (booking.status, booking.hold.clone()) {
        (BookingStatus::Held, Some(hold)) => EitherOf4::A(view! {
            <Title text="Your details"/>
            <h1>"Almost booked"</h1>
            {summary}
            <HoldForm booking=booking.clone() hold complete pick_again browser_zone/>
        }),
        (BookingStatus::Expired, _) if booking.student_email.is_none() => EitherOf4::B(view! {
            <Title text="Hold expired"/>
            <h1>"Your hold ran out"</h1>
            {summary}
            <p class="form-alert" role="alert">"The time was released so that others can book it. It may still be free: pick a time again."</p>
            <p><a class="button primary" href=pick_again>"Pick a time again"</a></p>
        }),
        (
            BookingStatus::Confirmed
            | BookingStatus::PaymentPending
            | BookingStatus::Completed
            | BookingStatus::NoShow,
            _,
        ) => EitherOf4::C(view! {
            <Title text="Your booking"/>
            <Confirmation booking=booking.clone() cancel summary survey browser_zone/>
        }),
        _ => EitherOf4::D(view! {
            <Title text="Your booking"/>
            <h1>{format!("Booking {}", booking.status.label().to_lowercase())}</h1>
            {summary}
            {survey}
            {booking.message.clone().map(|message| view! {
                <p class="message"><strong>"Message from the studio: "</strong>{message}</p>
            })}
            <p><a class="button" href=pick_again>"Book another time"</a></p>
        }),
    };
    view! { {notice} {page} }
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
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let errors = field_errors_of(complete.value());
    let alert = form_error_of(complete.value());
    let expired = RwSignal::new(hold.seconds_left <= 0);
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
                // The student's own zone, so that their emails give their own time.
                <input type="hidden" name="student_zone" value=move || browser_zone.get().unwrap_or_default()/>
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
                // The contract and its signature fields, made by the server.
                {hold.contract_html.map(|html| view! {
                    <section class="contract" aria-labelledby="contract-heading" inner_html=html></section>
                    <FieldMessage errors field="contract_name"/>
                })}
                {hold.questions.into_iter().map(|question| view! { <QuestionField question errors/> }).collect_view()}
                <Choices legend="Choose a package" name="package" choices=hold.packages errors/>
                <Choices legend="How will you pay?" name="payment_method" choices=hold.payment_choices errors/>
                <button type="submit" class="primary" disabled=move || complete.pending().get() || expired.get()>"Confirm booking"</button>
            </ActionForm>
        </section>
    }
}

/// A radio group of the booking form (packages, ways to pay); nothing when there is no choice.
#[component]
fn Choices(
    legend: &'static str,
    name: &'static str,
    choices: Vec<ChoiceView>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let only = choices.len() == 1;
    (!choices.is_empty()).then(|| view! {
        <fieldset class="choices" aria-describedby=format!("{name}-error") aria-invalid=invalid(errors, name)>
            <legend>{legend}</legend>
            {choices.into_iter().map(|choice| view! {
                <label class="check">
                    <input type="radio" name=name value=choice.value checked=only/>
                    <span>{choice.label}{(!choice.detail.is_empty()).then(|| view! { <small class="detail">{choice.detail}</small> })}</span>
                </label>
            }).collect_view()}
        </fieldset>
        <FieldMessage errors field=name/>
    })
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
    let kind = match question.kind.as_str() {
        "date" => "date",
        "phone" => "tel",
        _ => "text",
    };
    let long = question.kind == "long_text";
    // Each ticked box is an answer of its own (`tick_key`); a radio group shares a name.
    let ticks = question.kind == "checkboxes";
    let options = (!question.options.is_empty()).then_some(question.options);
    let input = match options {
        Some(options) => EitherOf3::A(view! {
            <fieldset class="choices" aria-describedby=described_by.clone() aria-invalid=invalid>
                <legend>{label}</legend>
                {options.into_iter().enumerate().map(|(number, option)| {
                    let name = if ticks {
                        format!("answers[{}]", domain::questions::tick_key(question.index, number))
                    } else {
                        field.clone()
                    };
                    view! {
                        <label class="check">
                            <input type=if ticks { "checkbox" } else { "radio" } name=name value=option.clone()
                                required=question.required && !ticks/>
                            {option.clone()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }),
        None if long => EitherOf3::B(view! {
            <label for=id.clone()>{label}</label>
            <textarea id=id name=field.clone() rows="4" maxlength="2000" required=question.required
                aria-describedby=described_by.clone() aria-invalid=invalid></textarea>
        }),
        None => EitherOf3::C(view! {
            <label for=id.clone()>{label}</label>
            <input id=id name=field.clone() type=kind maxlength="200" required=question.required
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
    /// The survey, once the session is over.
    survey: impl IntoView + 'static,
    browser_zone: ReadSignal<Option<String>>,
) -> impl IntoView {
    let pending = booking.status == BookingStatus::PaymentPending;
    let heading = match booking.status {
        BookingStatus::PaymentPending => "Your spot is reserved",
        BookingStatus::Completed => "Session completed",
        BookingStatus::NoShow => "Marked as missed",
        _ if booking.over => "Thanks for coming!",
        _ => "You're booked!",
    };
    let cancel_alert = form_error_of(cancel.value());
    let reschedule = format!("/booking/{}/reschedule", booking.link);
    view! {
        <h1>{heading}</h1>
        {summary}
        {match booking.card_payment.clone() {
            Some(card) => Either::Left(view! {
                <p class="notice">
                    "Pay now to confirm your booking."
                    {booking.payment_due.clone().map(|due| format!(" The spot is kept for you until {due}; after that, it goes to someone else."))}
                </p>
                <CardPaymentSection link=booking.link.clone() card/>
            }),
            None => Either::Right(view! {
                <Show when=move || pending>
                    <p class="notice">
                        "Your booking is confirmed once the studio receives your payment."
                        {booking.payment_due.clone().map(|due| format!(" If it has not arrived by {due}, the booking expires and the spot goes to someone else."))}
                    </p>
                </Show>
            }),
        }}
        {survey}
        <dl class="confirmation">
            <dt>"Session"</dt><dd>{booking.session_type_name.clone()}" with "{booking.studio_name.clone()}</dd>
            <dt>"Date"</dt><dd>{booking.date_label.clone()}</dd>
            <dt>"Time"</dt><dd>{booking.time_range.clone()}</dd>
            <dt>"Status"</dt><dd class="status">{booking.status.label()}</dd>
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
            {booking.contract_path.clone().map(|path| view! {
                <dt>"Contract"</dt><dd><a href=path target="_blank" rel="external">"Your signed contract"</a></dd>
            })}
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
                        " "<YourTime start=at studio_date=booking.change_until_date.clone().unwrap_or_default()
                            studio_zone=booking.timezone.clone() browser_zone/>
                    })}
                </p>
                <p class="actions">
                    <a class="button" href=reschedule.clone()>"Reschedule"</a>
                </p>
                {booking.cancel_note.clone().map(|note| view! { <p class="muted">{note}</p> })}
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
