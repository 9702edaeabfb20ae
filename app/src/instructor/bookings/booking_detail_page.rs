//! `/dashboard/bookings/{id}`: one booking, its answers and its actions.

use super::api::{
    BookingDetailView, CancelBooking, MessageView, MoveBooking, RecordBookingOutcome,
    RecordPayment, RecordPaymentView, RefundBooking, RejectBooking, ResendMessage, booking_detail,
    move_options,
};
use super::bookings_page::StatusBadge;
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid,
    query_text, successes,
};
use leptos::either::Either;
use leptos_router::hooks::use_params_map;

use leptos::prelude::*;

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
    let resend = ServerAction::<ResendMessage>::new();
    let refund = ServerAction::<RefundBooking>::new();
    let record = ServerAction::<RecordPayment>::new();
    let done = [
        successes(cancel.value()),
        successes(reject.value()),
        successes(outcome.value()),
        successes(move_to.value()),
        successes(resend.value()),
        successes(refund.value()),
        successes(record.value()),
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
                        Ok(detail) => Either::Left(view! { <BookingDetail detail actions=BookingActions { cancel, reject, outcome, move_to, resend, refund, record } slots/> }),
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Suspense>
        </Dashboard>
    }
}

/// What the instructor can do on the page, each with its own result.
#[derive(Clone, Copy)]
struct BookingActions {
    cancel: ServerAction<CancelBooking>,
    reject: ServerAction<RejectBooking>,
    outcome: ServerAction<RecordBookingOutcome>,
    move_to: ServerAction<MoveBooking>,
    resend: ServerAction<ResendMessage>,
    refund: ServerAction<RefundBooking>,
    record: ServerAction<RecordPayment>,
}

#[component]
fn BookingDetail(
    detail: BookingDetailView,
    actions: BookingActions,
    slots: Resource<
        Result<crate::shared::views::BookingOptionsView, crate::shared::error::AppError>,
    >,
) -> impl IntoView {
    let BookingActions {
        cancel,
        reject,
        outcome,
        move_to,
        resend,
        refund,
        record,
    } = actions;
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
            <dt>"Status"</dt><dd><StatusBadge status=item.status preview=item.preview/></dd>
            <dt>"Email"</dt><dd>{item.student_email.clone()}{item.member.then_some(" (member)")}</dd>
            {item.payment_label.clone().map(|label| view! { <dt>"Payment"</dt><dd>{label}</dd> })}
            {item.answers.clone().into_iter().map(|(prompt, answer)| view! {
                <dt>{prompt}</dt><dd class="answer">{answer}</dd>
            }).collect_view()}
            {detail.signed_contract.clone().map(|(label, path)| view! {
                <dt>"Contract"</dt><dd><a href=path target="_blank" rel="external noopener">{label}</a></dd>
            })}
            {detail.message.clone().map(|message| view! { <dt>"Your message"</dt><dd>{message}</dd> })}
            {detail.survey.clone().map(|survey| view! {
                <dt>"Student's rating"</dt>
                <dd class="rating">{survey.rating_label}" · "<span class="muted">{survey.answered_label}</span></dd>
                {(!survey.comment.is_empty()).then(|| view! {
                    <dt>"Student's comment"</dt><dd class="answer">{survey.comment}</dd>
                })}
            })}
        </dl>
        <MoneySection lines=detail.money.clone() invoices=detail.invoices.clone() refundable=detail.refundable.clone() booking_id=item_id refund/>
        {detail.can_record_attendance.then(|| view! {
            <ActionForm action=outcome attr:class="inline-form">
                <FormAlert message=outcome_alert/>
                <input type="hidden" name="id" value=item_id.to_string()/>
                <button type="submit" name="outcome" value="completed">"Mark completed"</button>
                <button type="submit" name="outcome" value="no_show">"Mark no-show"</button>
            </ActionForm>
        })}
        {detail.record_payment.clone().map(|form| view! {
            <RecordPaymentForm form booking_id=item_id pending=item.status == domain::booking::BookingStatus::PaymentPending record/>
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
                    {detail.cancel_refund_label.clone().map(|amount| view! {
                        <p class="meta">"Cancelling gives back "<strong>{amount}</strong>" to the student's card."</p>
                    })}
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
        <MessageLog messages=detail.messages.clone() booking_id=item_id resend/>
    }
}

/// What the booking costs, what was paid and given back, the invoice of each, and a refund to
/// the student's card (at most what is left to give back).
#[component]
fn MoneySection(
    lines: Vec<(String, String)>,
    /// (label, path) of each invoice.
    invoices: Vec<(String, String)>,
    refundable: Option<super::api::RefundableView>,
    booking_id: i64,
    refund: ServerAction<RefundBooking>,
) -> impl IntoView {
    let errors = field_errors_of(refund.value());
    let alert = form_error_of(refund.value());
    (!lines.is_empty()).then(|| view! {
        <section aria-labelledby="money-heading" class="action-box">
            <h2 id="money-heading">"Payments and refunds"</h2>
            <dl class="confirmation">
                {lines.into_iter().map(|(label, amount)| view! { <dt>{label}</dt><dd>{amount}</dd> }).collect_view()}
            </dl>
            {(!invoices.is_empty()).then(|| view! {
                <ul class="invoices" aria-label="Invoices">
                    {invoices.into_iter().map(|(label, path)| view! {
                        <li><a href=path target="_blank" rel="noopener">{label}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {refundable.map(|left| view! {
                <ActionForm action=refund attr:class="form">
                    <FormAlert message=alert/>
                    <input type="hidden" name="id" value=booking_id.to_string()/>
                    <label for="refund-amount">"Refund to the student's card"</label>
                    <input id="refund-amount" name="amount" inputmode="decimal" value=left.field_text.clone() prop:value=left.field_text.clone()
                        aria-describedby="refund-amount-hint amount-error" aria-invalid=invalid(errors, "amount")/>
                    <p class="hint" id="refund-amount-hint">{format!("At most {}: what the card payments have left to give back.", left.label)}</p>
                    <FieldMessage errors field="amount"/>
                    <button type="submit">"Refund"</button>
                </ActionForm>
            })}
        </section>
    })
}

/// Money received outside the app: the amount (what is owed, to start with), how it came,
/// the day and a note. Recording it confirms a pending booking.
#[component]
fn RecordPaymentForm(
    form: RecordPaymentView,
    booking_id: i64,
    pending: bool,
    record: ServerAction<RecordPayment>,
) -> impl IntoView {
    let errors = field_errors_of(record.value());
    let alert = form_error_of(record.value());
    let RecordPaymentView {
        amount_text,
        owed_label,
        today,
        methods,
    } = form;
    view! {
        <section aria-labelledby="record-heading" class="action-box">
            <h2 id="record-heading">"Record a payment received"</h2>
            <p class="hint">
                {owed_label.map(|owed| format!("{owed} "))}
                {if pending { "Recording a payment confirms the booking and tells the student." } else { "Cash, a check or a bank transfer you received for this booking." }}
            </p>
            <ActionForm action=record attr:class="form">
                <FormAlert message=alert/>
                <input type="hidden" name="id" value=booking_id.to_string()/>
                <label for="received-amount">"Amount received"</label>
                <input id="received-amount" name="amount" inputmode="decimal" required
                    value=amount_text.clone() prop:value=amount_text.clone()
                    aria-describedby="received-amount-error" aria-invalid=invalid(errors, "amount")/>
                <FieldMessage errors field="amount" id="received-amount-error"/>
                <fieldset class="choices" aria-describedby="method-error" aria-invalid=invalid(errors, "method")>
                    <legend>"Paid by"</legend>
                    {methods.into_iter().enumerate().map(|(index, (value, label))| view! {
                        <label class="check">
                            <input type="radio" name="method" value=value checked=index == 0 prop:checked=index == 0/>
                            {label}
                        </label>
                    }).collect_view()}
                </fieldset>
                <FieldMessage errors field="method"/>
                <label for="received-on">"Received on"</label>
                <input id="received-on" name="received_on" type="date" value=today.clone() max=today.clone()
                    aria-describedby="received_on-error" aria-invalid=invalid(errors, "received_on")/>
                <FieldMessage errors field="received_on"/>
                <label for="received-note">"Note (optional)"</label>
                <input id="received-note" name="note" maxlength="200" placeholder="e.g. check no. 1042" prop:value=""
                    aria-describedby="note-error" aria-invalid=invalid(errors, "note")/>
                <FieldMessage errors field="note"/>
                <button type="submit" class="primary">{if pending { "Record payment and confirm" } else { "Record payment" }}</button>
            </ActionForm>
        </section>
    }
}

/// The booking's emails: what went to whom and when, how delivery went, and a way to send
/// one again.
#[component]
fn MessageLog(
    messages: Vec<MessageView>,
    booking_id: i64,
    resend: ServerAction<ResendMessage>,
) -> impl IntoView {
    let alert = form_error_of(resend.value());
    view! {
        <section aria-labelledby="emails-heading" class="message-log">
            <h2 id="emails-heading">"Emails"</h2>
            <FormAlert message=alert/>
            {if messages.is_empty() {
                Either::Left(view! { <p>"No emails for this booking."</p> })
            } else {
                Either::Right(view! {
                    <table>
                        <thead><tr>
                            <th scope="col">"Email"</th><th scope="col">"To"</th>
                            <th scope="col">"Due"</th><th scope="col">"Status"</th><th scope="col"></th>
                        </tr></thead>
                        <tbody>
                            {messages.into_iter().map(|message| view! {
                                <tr>
                                    <td>{message.what.clone()}</td>
                                    <td>{message.to.clone()}</td>
                                    <td>{message.due_label.clone()}</td>
                                    <td>
                                        <span class=format!("badge message-{}", message.state_label.to_lowercase())>{message.state_label.clone()}</span>
                                        {message.sent_label.clone().map(|sent| view! { <span class="hint">" "{sent}</span> })}
                                        {(message.attempts > 1 || message.last_error.is_some()).then(|| view! {
                                            <span class="hint">{format!(" · {} attempt{}", message.attempts, if message.attempts == 1 { "" } else { "s" })}</span>
                                        })}
                                        {message.last_error.clone().map(|error| view! { <p class="hint">"Last error: "{error}</p> })}
                                    </td>
                                    <td>{message.can_resend.then(|| view! {
                                        <ActionForm action=resend attr:class="inline-form">
                                            <input type="hidden" name="id" value=booking_id.to_string()/>
                                            <input type="hidden" name="message_id" value=message.id.to_string()/>
                                            <button type="submit" aria-label=format!("Send again: {} to {}", message.what, message.to)>"Send again"</button>
                                        </ActionForm>
                                    })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
        </section>
    }
}

#[component]
fn MovePicker(
    options: crate::shared::views::BookingOptionsView,
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
