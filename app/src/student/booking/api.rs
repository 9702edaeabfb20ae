//! A booking through its signed link: view, fill in the hold, cancel, reschedule.

// `complete_booking` takes each field of the booking form as an argument: a flattened struct of
// them would cost the phone bundle some 2.4 KB of serde buffering, and `#[server]` does not pass
// an item's `allow` on to the browser's copy of the function.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::server::{booked_as_member, changeable_booking};
#[cfg(feature = "ssr")]
use crate::server::booking_ops::{
    FormInput, booking_error, booking_options_for, capitalized_sentence, move_to, parse_details,
    rfc3339, studio_and_type_of, to_booking_page, viewer_of,
};
#[cfg(feature = "ssr")]
use crate::server::convert;
#[cfg(feature = "ssr")]
use crate::server::jobs::follow_ups_in;
#[cfg(feature = "ssr")]
use crate::server::notices::calendar_event_text;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::views::{BookingOptionsView, QuestionView};
#[cfg(feature = "ssr")]
use domain::jobs::BookingChange;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The booking form of a live hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldView {
    /// Seconds until the hold runs out, as of this answer.
    pub seconds_left: i64,
    pub questions: Vec<QuestionView>,
    pub questions_version: String,
    /// The contract to sign and its signature field, as HTML the server made (all text
    /// escaped), when the type asks for one.
    pub contract_html: Option<String>,
    /// The packages on offer, one to pick; empty when the type has none.
    pub packages: Vec<ChoiceView>,
    /// Each way to pay on offer; empty when nothing is due.
    pub payment_choices: Vec<ChoiceView>,
    /// The signed-in student books under their account's email.
    pub signed_in_as: Option<String>,
}

/// One option of a radio group of the booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
    /// A line under the label; may be empty.
    pub detail: String,
}

/// A booking as its signed link shows it, in whatever state it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPageView {
    pub link: String,
    pub status: domain::booking::BookingStatus,
    pub studio_name: String,
    pub studio_slug: String,
    pub session_type_id: i64,
    pub session_type_name: String,
    /// The private share link's token, to pick another time of a private type.
    pub share: Option<String>,
    pub date_label: String,
    /// "09:00–10:00 CET", or "02:30 CEST – 02:00 CET" across a clock change.
    pub time_range: String,
    /// The studio's IANA zone.
    pub timezone: String,
    /// The session's date in the studio's zone, ISO.
    pub studio_date: String,
    /// RFC 3339 UTC instants of the start and the end.
    pub start: String,
    pub end: String,
    /// Where it takes place, as students read it.
    pub place: String,
    pub video_link: Option<String>,
    pub price_label: String,
    pub student_name: Option<String>,
    pub student_email: Option<String>,
    /// (question, answer) in the order asked.
    pub answers: Vec<(String, String)>,
    pub payment_label: Option<String>,
    /// What cancelling now gives back to the card, by the type's refund policy.
    pub cancel_note: Option<String>,
    /// The instructor's message when they cancelled or rejected it.
    pub message: Option<String>,
    /// Present while the booking is a hold being filled in.
    pub hold: Option<HoldView>,
    /// A banner over the page: the instructor's Client View preview.
    pub notice: Option<String>,
    /// The student may still cancel or reschedule it online.
    pub can_change: bool,
    /// "Saturday 27 March 2027, 02:00 CET": until when changes are possible online.
    pub change_until: Option<String>,
    /// The same instant, RFC 3339, for showing it in the student's own zone.
    pub change_until_at: Option<String>,
    /// Its date in the studio's zone (ISO): the student's zone shows its own date only when
    /// that differs.
    pub change_until_date: Option<String>,
    pub calendar_path: String,
    pub google_calendar_url: String,
    /// "Saturday 5 December 2026, 16:00 CET": when a payment still due must arrive.
    pub payment_due: Option<String>,
    /// The session has ended.
    pub over: bool,
    /// The post-session survey: open once the session is over, answered once.
    pub survey: crate::student::survey::api::SurveyPart,
    /// Present while the booking waits for a card payment that may still be made.
    pub card_payment: Option<crate::student::card_payment::api::CardPaymentView>,
    /// The printable copy of the contract signed with the booking.
    pub contract_path: Option<String>,
}

/// Fills in a live hold: the student's details, answers and way to pay.
#[server(endpoint = "complete_booking")]
pub async fn complete_booking(
    link: String,
    student_name: String,
    #[server(default)] student_email: String,
    /// Answers by question index, sent as `answers[0]`, `answers[1]`…
    #[server(default)]
    answers: std::collections::BTreeMap<String, String>,
    /// The name of the package picked, when the type offers packages.
    #[server(default)]
    package: String,
    #[server(default)] payment_method: String,
    #[server(default)] questions_version: String,
    /// The student's own IANA time zone, for their emails; an unknown one is left out.
    #[server(default)]
    student_zone: String,
    /// The full name typed to sign the type's contract.
    #[server(default)]
    contract_name: String,
    /// The contract's "I agree" box: any value when ticked.
    #[server(default)]
    contract_agreed: String,
) -> Result<String, AppError> {
    use domain::lifecycle::{BookingEvent, BookingState, IllegalTransition, Moment};
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let hold = state.booking_of_link(&link).await?;
    let expired = || {
        AppError::Unavailable(
            "Your hold ran out and the time was released for others. Pick a time again.".to_owned(),
        )
    };
    match hold.state {
        BookingState::Held { .. } => {}
        BookingState::Expired { .. } => return Err(expired()),
        // A repeated submit (a double tap, a resent form) of a booking already made leads
        // to its confirmation.
        _ => return Ok(to_booking_page(&state, &hold)),
    }
    let (studio, session_type) = studio_and_type_of(&state, &hold).await?;
    let viewer = viewer_of(&state, &studio).await?;
    let form = FormInput {
        student_name,
        student_email,
        answers,
        package,
        payment_method,
        questions_version,
        contract_name,
        contract_agreed,
    };
    let reserved = crate::server::booking_ops::reservation_of(&state, &hold).await?;
    let form = parse_details(
        &state,
        &studio,
        &session_type,
        &viewer,
        form,
        reserved.as_ref(),
    )
    .await?;
    let payment = form.payment;
    let now = state.now();
    let next = hold
        .state
        .apply(
            BookingEvent::DetailsSubmitted {
                payment_deadline: payment.and_then(|choice| {
                    choice.payment_deadline(now, hold.start, session_type.spec.payment_window)
                }),
            },
            Moment {
                now,
                session_start: hold.start,
            },
        )
        .map_err(|error| match error {
            IllegalTransition::HoldExpired => expired(),
            other => AppError::Unavailable(format!("This booking cannot be completed: {other}.")),
        })?;
    let price = form.price(&session_type, viewer.is_member);
    let signature = form.signature.as_ref().map(|(contract, signature)| {
        crate::server::contracts::ContractFacts {
            studio: &studio,
            session_type: &session_type,
            start: hold.start,
            end: hold.end,
        }
        .signed(contract, signature, form.booker.name.as_str(), now)
    });
    let details = store::BookingDetails {
        booker: form.booker,
        answers: form.answers,
        payment,
        state: next,
        user_id: viewer.booking_account().map(|user| user.id),
        student_zone: crate::server::booking_ops::student_zone_of(&student_zone),
        price: Some(price),
        package: form.package.map(|package| package.name),
        signature,
    };
    // The instructor's own try through Client View is kept as it reads, released at once,
    // and neither paid for nor announced.
    let (details, follow_ups) = if hold.preview {
        let released = store::BookingDetails {
            state: BookingState::Cancelled {
                by: domain::lifecycle::Party::Instructor,
                at: now,
            },
            ..details
        };
        (released, None)
    } else {
        (
            details,
            Some(follow_ups_in(&state, studio.id, BookingChange::Booked).await?),
        )
    };
    let booking = match state
        .store
        .complete_hold(
            hold.id,
            &details,
            now,
            match &follow_ups {
                Some(follow_ups) => follow_ups,
                None => store::NO_FOLLOW_UPS,
            },
        )
        .await
    {
        Ok(booking) => booking,
        Err(store::BookingError::Changed) => {
            // Another submit of the same form got there first: the booking is made, and this
            // one leads to it too. Only a hold that really ran out is reported as such.
            return match state.store.booking_by_id(hold.id).await? {
                Some(done) if done.booker.is_some() => Ok(to_booking_page(&state, &done)),
                _ => Err(expired()),
            };
        }
        Err(other) => return Err(booking_error(other)),
    };
    Ok(to_booking_page(&state, &booking))
}

/// A booking as its signed link shows it.
#[server(endpoint = "booking_page")]
pub async fn booking_page(link: String) -> Result<BookingPageView, AppError> {
    use domain::booking::{BookingStatus, change_deadline, student_may_change};
    use domain::lifecycle::BookingState;
    let state = app_state()?;
    let booking = state.booking_of_link(&link).await?;
    let booking = crate::student::card_payment::server::settled_on_return(&state, booking).await;
    let (studio, session_type) = studio_and_type_of(&state, &booking).await?;
    let zone = studio.settings.timezone;
    let now = state.now();
    // A hold past its time is shown as expired even before the sweeper records it; a
    // completed preview as the confirmation the client would see.
    let status = match booking.state {
        BookingState::Held { expires_at } if expires_at <= now => BookingStatus::Expired,
        _ if booking.preview && booking.booker.is_some() => BookingStatus::Confirmed,
        other => BookingStatus::of(other),
    };
    let notice = booking.preview.then(|| {
        if booking.booker.is_some() {
            crate::server::client_view::PREVIEW_DONE_NOTICE
        } else {
            crate::server::client_view::PREVIEW_NOTICE
        }
        .to_owned()
    });
    let is_member = match &booking.booker {
        Some(_) => booked_as_member(&state, &booking).await?,
        None => viewer_of(&state, &studio).await?.is_member,
    };
    // Only a mini's bookings can come through a reserved spot.
    let paid_outside = session_type.spec.collect_outside
        || (session_type.spec.mini.is_some()
            && crate::server::booking_ops::reservation_of(&state, &booking)
                .await?
                .is_some_and(|reservation| reservation.pay_outside));
    let hold = match (status, booking.state) {
        (BookingStatus::Held, BookingState::Held { expires_at }) => {
            let viewer = viewer_of(&state, &studio).await?;
            let offerings = state.store.offerings(studio.id).await?;
            let questions = convert::questions(
                &crate::server::contracts::asked_questions(&state, &session_type).await?,
            );
            let contract =
                crate::server::contracts::attached_contract(&state, &session_type).await?;
            let contract_html = contract.as_ref().map(|contract| {
                crate::server::contracts::ContractFacts {
                    studio: &studio,
                    session_type: &session_type,
                    start: booking.start,
                    end: booking.end,
                }
                .form_html(contract)
            });
            let spec = &session_type.spec;
            let (due, card_label) = if spec.packages.is_empty() {
                let by_card = domain::fees::BookingPrice::of_priced(
                    spec.priced(viewer.is_member, None),
                    true,
                    spec.card_collection,
                );
                (!by_card.total.is_zero(), by_card.card_choice_label())
            } else {
                (
                    spec.packages.any_priced(),
                    spec.card_collection.card_choice_label(),
                )
            };
            let payment_choices = if due && !paid_outside {
                domain::booking::PaymentChoice::offered(offerings.payments)
                    .into_iter()
                    .map(|choice| ChoiceView {
                        value: choice.as_str().to_owned(),
                        label: match choice {
                            domain::booking::PaymentChoice::Card => card_label.clone(),
                            other => other.label().to_owned(),
                        },
                        detail: String::new(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Some(HoldView {
                // Rounded up, so the page never calls the hold over before the server does.
                seconds_left: ((expires_at - now).num_milliseconds().max(0) + 999) / 1000,
                questions_version: convert::questions_version(&questions, contract.as_ref()),
                questions,
                contract_html,
                packages: spec
                    .packages
                    .as_slice()
                    .iter()
                    .map(|package| ChoiceView {
                        value: package.name.to_string(),
                        label: package.choice_label(),
                        detail: package.details(),
                    })
                    .collect(),
                payment_choices,
                signed_in_as: viewer.booking_account().map(|user| user.email.to_string()),
            })
        }
        _ => None,
    };
    let cutoff = session_type.spec.change_cutoff.as_chrono();
    let can_change =
        !booking.preview && student_may_change(booking.state, booking.start, cutoff, now).is_ok();
    let books =
        crate::server::money::BookingMoney::of(&state, &booking, studio.settings.currency).await?;
    let cancel_note = if can_change {
        let back = books.back_on_cancel(
            &state,
            &booking,
            session_type.spec.refund_policy,
            domain::lifecycle::Party::Student,
        )?;
        domain::refunds::cancel_note(back, books.card().refundable)
    } else {
        None
    };
    let offerings = state.store.offerings(studio.id).await?;
    let share = crate::server::booking_ops::is_link_only(&offerings, &session_type)
        .then(|| crate::server::booking_ops::share_token(&state, &session_type));
    let (_, google_calendar_url) = calendar_event_text(&state, &studio, &session_type, &booking);
    let deadline = change_deadline(booking.start, cutoff);
    Ok(BookingPageView {
        link: link.trim().to_owned(),
        status,
        notice,
        studio_name: studio.settings.name.to_string(),
        studio_slug: studio.settings.slug.to_string(),
        session_type_id: session_type.id,
        session_type_name: session_type.spec.name.to_string(),
        share,
        date_label: zone.long_date(booking.start),
        time_range: zone.time_range(booking.start, booking.end),
        timezone: zone.name().to_owned(),
        studio_date: domain::dates::iso_date(zone.local(booking.start).date_naive()),
        start: rfc3339(booking.start),
        end: rfc3339(booking.end),
        place: crate::shared::views::SessionTypeView {
            location: session_type
                .spec
                .location_at(&zone, booking.start)
                .map(ToString::to_string),
            ..convert::session_type_view(&session_type)
        }
        .place_label(),
        video_link: session_type
            .spec
            .video_link
            .as_ref()
            .map(|link| link.as_str().to_owned()),
        price_label: format!(
            "{}{}",
            match booking.price {
                Some(price) => session_type.spec.booked_price_label(
                    price.total,
                    is_member,
                    booking.package.as_ref(),
                ),
                None => session_type.spec.price_label_for(is_member),
            },
            if paid_outside {
                ", paid to the studio directly"
            } else {
                ""
            }
        ),
        student_name: booking
            .booker
            .as_ref()
            .map(|booker| booker.name.to_string()),
        student_email: booking
            .booker
            .as_ref()
            .map(|booker| booker.email.to_string()),
        answers: convert::answer_pairs(&booking.answers),
        payment_label: match booking.payment {
            Some(choice) => {
                let card = books.card();
                Some(format!(
                    "{}{}{}",
                    domain::fees::payment_label(choice, booking.price, !card.paid.is_zero()),
                    domain::fees::refund_note(card.refunded, card.on_its_way),
                    domain::manual_payments::received_note(
                        books.received_total(),
                        books.balance(&booking)
                    )
                ))
            }
            None => None,
        },
        cancel_note,
        message: booking.message.clone(),
        hold,
        can_change,
        change_until: can_change.then(|| zone.moment(deadline).date_time_with_zone()),
        change_until_at: can_change.then(|| rfc3339(deadline)),
        change_until_date: can_change
            .then(|| domain::dates::iso_date(zone.local(deadline).date_naive())),
        calendar_path: format!("/booking/{}/calendar.ics", link.trim()),
        google_calendar_url,
        payment_due: match booking.state {
            BookingState::PaymentPending { deadline } => Some(zone.long_moment(deadline)),
            _ => None,
        },
        over: booking.end <= now,
        survey: crate::student::survey::api::survey_part(&state, &booking).await?,
        card_payment: crate::student::card_payment::server::card_payment_view(&state, &booking)
            .await?,
        contract_path: state
            .store
            .signed_contract(booking.id)
            .await?
            .map(|_| crate::server::contracts::signed_copy_path(&state.booking_path(&booking))),
    })
}

/// The student cancels their own booking, before the type's cut-off.
#[server(endpoint = "cancel_my_booking")]
pub async fn cancel_my_booking(link: String) -> Result<(), AppError> {
    use domain::lifecycle::{BookingEvent, Moment, Party};
    let state = app_state()?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    let now = state.now();
    let cancelled = booking
        .state
        .apply(
            BookingEvent::Cancel { by: Party::Student },
            Moment {
                now,
                session_start: booking.start,
            },
        )
        .map_err(|error| AppError::Unavailable(capitalized_sentence(&error.to_string())))?;
    let refunds =
        crate::server::money::BookingMoney::of(&state, &booking, studio.settings.currency)
            .await?
            .refunds_on_cancel(
                &state,
                &booking,
                session_type.spec.refund_policy,
                Party::Student,
            )?;
    if !state
        .store
        .change_state_with_refunds(
            booking.id,
            booking.state,
            cancelled,
            None,
            &refunds,
            &follow_ups_in(&state, booking.studio_id, BookingChange::Cancelled).await?,
        )
        .await?
    {
        return Err(booking_error(store::BookingError::Changed));
    }
    Ok(())
}

/// Times the booking could move to: the same calendar, without its own seat.
#[server(endpoint = "reschedule_options")]
pub async fn reschedule_options(
    link: String,
    #[server(default)] month: Option<String>,
    #[server(default)] date: Option<String>,
) -> Result<BookingOptionsView, AppError> {
    let state = app_state()?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    let viewer = viewer_of(&state, &studio).await?;
    booking_options_for(
        &state,
        &studio,
        &session_type,
        &viewer,
        (month.as_deref(), date.as_deref()),
        Some(&booking),
        None,
    )
    .await
}

#[server(endpoint = "reschedule_my_booking")]
pub async fn reschedule_my_booking(link: String, start: String) -> Result<(), AppError> {
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::Booking, None)?;
    let (booking, studio, session_type) = changeable_booking(&state, &link).await?;
    move_to(&state, &studio, &session_type, &booking, &start).await?;
    leptos_axum::redirect(&format!("/booking/{}", link.trim()));
    Ok(())
}
