//! Every email text and the calendar event of a booking, rendered from data. A booking's
//! messages are laid out once ([`Letter`]) and written both as plain text and as simple HTML.

use crate::server::mail::{MailAttachment, OutgoingEmail};
use crate::server::state::AppState;
use chrono::{DateTime, Utc};
use domain::calendar::{CalendarEvent, CalendarMethod, Participant};
use domain::jobs::{JobKind, JobPayload, Recipient};
use domain::lifecycle::{BookingState, Party};
use domain::templates::{MessageTemplate, Placeholder};
use domain::text::Email;
use domain::timezone::StudioTimezone;

pub fn password_reset(to: Email, link: &str, hours: i64) -> OutgoingEmail {
    OutgoingEmail::plain(
        to,
        "Reset your Bookable password".to_owned(),
        format!(
            "Someone (hopefully you) asked to reset the password of your Bookable account.\n\n\
             Choose a new password here; the link works once, for {hours} hour:\n{link}\n\n\
             If you did not ask for this, ignore this email: your password stays as it is.\n"
        ),
    )
}

pub fn sign_in_link(to: Email, link: &str, minutes: i64) -> OutgoingEmail {
    OutgoingEmail::plain(
        to,
        "Your sign-in link".to_owned(),
        format!(
            "Open this link to sign in; it works once, for {minutes} minutes:\n{link}\n\n\
             If you did not ask for it, ignore this email.\n"
        ),
    )
}

/// Everything a booking's messages are written from, read when the message is sent.
pub struct BookingFacts<'a> {
    pub studio: &'a store::Studio,
    pub session_type: &'a store::SessionType,
    pub booking: &'a store::Booking,
    /// Where the instructor's messages go, and where students' replies go.
    pub instructor_email: &'a Email,
    /// The student's signed self-service link, absolute.
    pub manage_link: String,
    /// The booking in the instructor's dashboard, absolute.
    pub dashboard_link: String,
    /// What this student pays, e.g. "45.50 EUR" or "Free".
    pub price_label: String,
    /// When the message is written (the calendar file's stamp).
    pub now: DateTime<Utc>,
    /// The session type's own wording of this email, when the instructor wrote one.
    pub template: Option<MessageTemplate>,
    /// The zone the reader's times are written in: the student's own for their emails when
    /// their browser gave it, the studio's otherwise.
    pub zone: StudioTimezone,
    /// What the refund a refund message tells of gave back.
    pub refund: Option<domain::money::Money>,
    /// The invoice a receipt sends.
    pub receipt: Option<ReceiptFacts>,
}

/// A receipt's invoice, and where the student reads and prints it.
#[derive(Debug, Clone)]
pub struct ReceiptFacts {
    pub number: domain::invoices::InvoiceNumber,
    pub amount: domain::money::Money,
    pub refund: bool,
    /// The invoice page, absolute.
    pub link: String,
}

impl BookingFacts<'_> {
    fn when(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        Self::when_in(self.zone, start, end)
    }

    pub(crate) fn when_in(
        zone: StudioTimezone,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> String {
        format!(
            "{}, {} ({})",
            zone.long_date(start),
            zone.time_range(start, end),
            zone.name()
        )
    }

    /// " from Tuesday 1 December 2026, 09:00–10:00 CET (Europe/Berlin)" for a moved
    /// booking whose earlier start the job knows; empty otherwise.
    fn moved_from(&self, payload: &JobPayload) -> String {
        payload
            .previous_start
            .map(|start| {
                let length = self.booking.end - self.booking.start;
                format!(" from {}", self.when(start, start + length))
            })
            .unwrap_or_default()
    }

    fn session_when(&self) -> String {
        self.when(self.booking.start, self.booking.end)
    }

    fn date(&self) -> String {
        self.zone.long_date(self.booking.start)
    }

    fn type_name(&self) -> &str {
        self.session_type.spec.name.as_str()
    }

    /// Where the session happens (a mini session's date may name its own place).
    fn location(&self) -> Option<&domain::text::Location> {
        self.session_type
            .spec
            .location_at(&self.studio.settings.timezone, self.booking.start)
    }

    fn studio_name(&self) -> &str {
        self.studio.settings.name.as_str()
    }

    fn payment_line(&self) -> Option<String> {
        use domain::booking::PaymentChoice;
        let choice = self.booking.payment?;
        let due = match self.booking.state {
            BookingState::PaymentPending { deadline } => Some(deadline),
            _ => None,
        };
        Some(match (choice, due) {
            (PaymentChoice::ByCheck, Some(deadline)) => format!(
                "By check, not received yet: it must arrive before {}",
                self.moment(deadline)
            ),
            (PaymentChoice::ByCheck, None) => "By check".to_owned(),
            (PaymentChoice::AtSession, _) => "At the session".to_owned(),
            (PaymentChoice::Card, Some(deadline)) => format!(
                "By card, not paid yet: the payment must be made before {}",
                self.moment(deadline)
            ),
            (PaymentChoice::Card, None) => "By card".to_owned(),
        })
    }

    fn moment(&self, instant: DateTime<Utc>) -> String {
        self.zone.long_moment(instant)
    }

    /// "10:00", the session's start on the reader's clocks.
    fn start_time(&self) -> String {
        self.zone.moment(self.booking.start).time()
    }

    /// A template placeholder's value for this booking; empty when the booking has none
    /// (no location, no video link, nothing due).
    fn placeholder(&self, placeholder: Placeholder) -> String {
        let optional = |value: Option<&str>| value.unwrap_or_default().to_owned();
        match placeholder {
            Placeholder::StudentName => optional(
                self.booking
                    .booker
                    .as_ref()
                    .map(|booker| booker.name.as_str()),
            ),
            Placeholder::SessionName => self.type_name().to_owned(),
            Placeholder::StudioName => self.studio_name().to_owned(),
            Placeholder::Start => self.session_when(),
            Placeholder::Date => self.date(),
            Placeholder::Time => self.start_time(),
            Placeholder::Location => optional(self.location().map(|location| location.as_str())),
            Placeholder::VideoLink => optional(
                self.session_type
                    .spec
                    .video_link
                    .as_ref()
                    .map(|link| link.as_str()),
            ),
            Placeholder::ManageLink => self.manage_link.clone(),
            Placeholder::SurveyLink => self.survey_link(),
            Placeholder::Price => self.price_label.clone(),
            Placeholder::ContactEmail => self.instructor_email.to_string(),
            Placeholder::PaymentDeadline => match self.booking.state {
                BookingState::PaymentPending { deadline } => self.moment(deadline),
                _ => String::new(),
            },
        }
    }

    fn survey_link(&self) -> String {
        format!("{}/survey", self.manage_link)
    }

    /// What, when, where, price, payment and the student's answers.
    fn details(&self, with_student: bool) -> Vec<(String, String)> {
        let mut details = vec![
            (
                "Session".to_owned(),
                format!("{} with {}", self.type_name(), self.studio_name()),
            ),
            ("When".to_owned(), self.session_when()),
        ];
        let studio_zone = self.studio.settings.timezone;
        if self.zone != studio_zone {
            details.push((
                "Studio time".to_owned(),
                Self::when_in(studio_zone, self.booking.start, self.booking.end),
            ));
        }
        if with_student && let Some(booker) = &self.booking.booker {
            details.insert(
                0,
                (
                    "Student".to_owned(),
                    format!("{} <{}>", booker.name, booker.email),
                ),
            );
        }
        if let Some(location) = self.location() {
            details.push(("Where".to_owned(), location.to_string()));
        }
        if let Some(video) = &self.session_type.spec.video_link {
            details.push(("Video call".to_owned(), video.as_str().to_owned()));
        }
        details.push(("Price".to_owned(), self.price_label.clone()));
        if let Some(payment) = self.payment_line() {
            details.push(("Payment".to_owned(), payment));
        }
        for answer in self.booking.answers.as_slice() {
            details.push((answer.prompt().to_owned(), answer.value().to_owned()));
        }
        details
    }

    /// The session as an emailed calendar file: an invitation the student's calendar adds or
    /// updates (same UID, SEQUENCE raised by each move), or its cancellation.
    fn calendar_file(&self, method: CalendarMethod, to: Recipient) -> MailAttachment {
        let title = format!("{} with {}", self.type_name(), self.studio_name());
        let mut description = String::new();
        if let Some(video) = &self.session_type.spec.video_link {
            description.push_str(&format!("Video call: {}\n", video.as_str()));
        }
        let link = match to {
            Recipient::Student => &self.manage_link,
            Recipient::Instructor => &self.dashboard_link,
        };
        description.push_str(&format!("Booking: {link}"));
        let uid = format!("{}@bookable", self.booking.public_token);
        let attendee = self.booking.booker.as_ref().map(|booker| Participant {
            name: booker.name.as_str(),
            email: booker.email.as_str(),
        });
        // A cancellation outranks every version of the event before it.
        let sequence = match method {
            CalendarMethod::Cancel => self.booking.moves + 1,
            CalendarMethod::Publish | CalendarMethod::Request => self.booking.moves,
        };
        let event = CalendarEvent {
            method,
            organizer: Some(Participant {
                name: self.studio_name(),
                email: self.instructor_email.as_str(),
            }),
            attendee,
            uid: &uid,
            title: &title,
            start: self.booking.start,
            end: self.booking.end,
            location: self.location().map(|location| location.as_str()),
            description: &description,
            stamp: self.now,
            sequence,
        };
        let method_name = match method {
            CalendarMethod::Cancel => "CANCEL",
            CalendarMethod::Publish => "PUBLISH",
            CalendarMethod::Request => "REQUEST",
        };
        MailAttachment {
            filename: if method == CalendarMethod::Cancel {
                "cancelled.ics".to_owned()
            } else {
                "booking.ics".to_owned()
            },
            content_type: format!("text/calendar; method={method_name}; charset=utf-8"),
            content: event.to_ics(),
        }
    }
}

/// A message laid out once, written as plain text and as HTML.
#[derive(Debug, Default)]
struct Letter {
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    details: Vec<(String, String)>,
    /// Someone's own words, e.g. the instructor's when cancelling: (who, text).
    quote: Option<(String, String)>,
    /// The one link the message is about: (what it does, address).
    action: Option<(String, String)>,
    closing: Vec<String>,
}

impl Letter {
    fn text(&self) -> String {
        let mut text = format!("{}\n\n", self.greeting);
        for paragraph in &self.paragraphs {
            text.push_str(&format!("{paragraph}\n\n"));
        }
        for (label, value) in &self.details {
            text.push_str(&format!("{label}: {value}\n"));
        }
        if let Some((who, words)) = &self.quote {
            text.push_str(&format!("\nMessage from {who}:\n{words}\n"));
        }
        if let Some((label, link)) = &self.action {
            text.push_str(&format!("\n{label}:\n{link}\n"));
        }
        for line in &self.closing {
            text.push_str(&format!("\n{line}\n"));
        }
        text
    }

    fn html(&self) -> String {
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width\"><title>{}</title></head>\
             <body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em\">\
             \n<p>{}</p>\n",
            escape_html(&self.subject),
            escape_html(&self.greeting).replace('\n', "<br>")
        );
        for paragraph in &self.paragraphs {
            html.push_str(&format!(
                "<p>{}</p>\n",
                escape_html(paragraph).replace('\n', "<br>")
            ));
        }
        if !self.details.is_empty() {
            html.push_str("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
            for (label, value) in &self.details {
                html.push_str(&format!(
                    "<tr><th scope=\"row\" style=\"text-align:left;padding:2px 12px 2px 0;\
                     vertical-align:top\">{}</th><td style=\"padding:2px 0\">{}</td></tr>\n",
                    escape_html(label),
                    escape_html(value).replace('\n', "<br>")
                ));
            }
            html.push_str("</table>\n");
        }
        if let Some((who, words)) = &self.quote {
            html.push_str(&format!(
                "<p>Message from {}:</p>\n<blockquote>{}</blockquote>\n",
                escape_html(who),
                escape_html(words).replace('\n', "<br>")
            ));
        }
        if let Some((label, link)) = &self.action {
            html.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                escape_html(link),
                escape_html(label)
            ));
        }
        for line in &self.closing {
            html.push_str(&format!("<p>{}</p>\n", escape_html(line)));
        }
        html.push_str("</body></html>\n");
        html
    }
}

/// Text as HTML shows it literally: names, answers and messages are the students' and the
/// instructor's own words, never markup.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The message a booking's job of `kind` sends, or `None` when there is nobody to send it to
/// (a hold without a booker) or no such message.
pub fn booking_message(
    kind: JobKind,
    payload: &JobPayload,
    facts: &BookingFacts<'_>,
) -> Option<OutgoingEmail> {
    let booker = facts.booking.booker.as_ref()?;
    let (letter, calendar) = match payload.to {
        Recipient::Student => student_letter(kind, payload, facts, booker)?,
        Recipient::Instructor => instructor_letter(kind, payload, facts, booker)?,
    };
    let (to, reply_to) = match payload.to {
        Recipient::Student => (booker.email.clone(), Some(facts.instructor_email.clone())),
        Recipient::Instructor => (facts.instructor_email.clone(), Some(booker.email.clone())),
    };
    Some(OutgoingEmail {
        to,
        subject: letter.subject.clone(),
        body: letter.text(),
        html: Some(letter.html()),
        attachments: calendar
            .map(|method| vec![facts.calendar_file(method, payload.to)])
            .unwrap_or_default(),
        sender_name: Some(facts.studio_name().to_owned()),
        reply_to,
        message_id: None,
    })
}

fn cancelled_by(state: BookingState) -> Option<Party> {
    match state {
        BookingState::Cancelled { by, .. } => Some(by),
        _ => None,
    }
}

/// The standard wording, as a template, of each student's email an instructor can reword.
pub fn standard_template(kind: JobKind) -> Option<MessageTemplate> {
    let (subject, body) = match kind {
        JobKind::Confirmation => (
            "Booked: {session_name} on {date}",
            "Hello {student_name},\n\nYou're booked.",
        ),
        JobKind::Reminder24h => (
            "Tomorrow: {session_name} at {time}",
            "Hello {student_name},\n\nA reminder: your {session_name} with {studio_name} is tomorrow.",
        ),
        JobKind::Reminder1h => (
            "In one hour: {session_name} at {time}",
            "Hello {student_name},\n\nYour {session_name} with {studio_name} starts in an hour.",
        ),
        JobKind::PaymentNudge => (
            "Payment due: {session_name} on {date}",
            "Hello {student_name},\n\nYour spot is reserved, and {studio_name} is still waiting for \
             your payment. If it has not arrived by {payment_deadline}, the booking expires and the \
             spot goes to someone else.",
        ),
        JobKind::Survey => (
            "How was your {session_name}?",
            "Hello {student_name},\n\nThank you for your {session_name} with {studio_name}. How did it \
             go? A rating from 1 to 5 takes a few seconds, and {studio_name} reads every answer.",
        ),
        _ => return None,
    };
    MessageTemplate::parse(subject, body).ok()
}

/// The instructor's words to the student, if they wrote any.
fn instructors_words(facts: &BookingFacts<'_>) -> Option<(String, String)> {
    facts
        .booking
        .message
        .as_ref()
        .map(|words| (facts.studio_name().to_owned(), words.clone()))
}

fn student_letter(
    kind: JobKind,
    payload: &JobPayload,
    facts: &BookingFacts<'_>,
    booker: &domain::booking::Booker,
) -> Option<(Letter, Option<CalendarMethod>)> {
    let type_name = facts.type_name();
    let studio = facts.studio_name();
    // A booking waiting for its card payment is paid on its page: the link says so.
    let pays_by_card = facts.booking.payment == Some(domain::booking::PaymentChoice::Card)
        && matches!(facts.booking.state, BookingState::PaymentPending { .. });
    let manage = Some((
        if pays_by_card {
            "Pay by card now, or view your booking".to_owned()
        } else {
            "View, add to your calendar, reschedule or cancel your booking".to_owned()
        },
        facts.manage_link.clone(),
    ));
    let contact = format!(
        "Questions? Reply to this email, or write to {studio} at {}.",
        facts.instructor_email
    );
    let letter = Letter {
        greeting: format!("Hello {},", booker.name),
        details: facts.details(false),
        closing: vec![contact],
        ..Letter::default()
    };
    // The instructor's own wording of this email, or else the standard one, fills in the
    // subject and the opening; the details, the link and the contact lines stay.
    let custom = facts
        .template
        .as_ref()
        .filter(|_| domain::templates::customizable(kind));
    let worded = |letter: Letter| -> Letter {
        let Some(template) = custom.cloned().or_else(|| standard_template(kind)) else {
            return letter;
        };
        let value = |placeholder| facts.placeholder(placeholder);
        let body = template.body.render(value);
        let mut paragraphs = body
            .split("\n\n")
            .map(str::trim)
            .filter(|paragraph| !paragraph.is_empty())
            .map(str::to_owned);
        Letter {
            subject: template.subject.render(value),
            greeting: paragraphs.next().unwrap_or_default(),
            paragraphs: paragraphs.collect(),
            ..letter
        }
    };
    let (letter, calendar) = match kind {
        JobKind::Confirmation => {
            let pending = matches!(facts.booking.state, BookingState::PaymentPending { .. });
            let reserved = format!(
                "Your spot is reserved. It is confirmed once {studio} receives your payment."
            );
            let mut letter = if pending && custom.is_none() {
                Letter {
                    subject: format!("Reserved, payment due: {type_name} on {}", facts.date()),
                    paragraphs: vec![reserved],
                    action: manage,
                    ..letter
                }
            } else {
                let mut worded = worded(Letter {
                    action: manage,
                    ..letter
                });
                // The instructor's own words never hide that the payment is still due.
                if pending {
                    worded.paragraphs.push(reserved);
                }
                worded
            };
            letter.closing.insert(
                0,
                "Keep this link to yourself: it gives access to your booking.".to_owned(),
            );
            (letter, Some(CalendarMethod::Request))
        }
        JobKind::Reminder24h | JobKind::Reminder1h => (
            worded(Letter {
                action: manage,
                ..letter
            }),
            None,
        ),
        JobKind::Moved => {
            let previous = facts.moved_from(payload);
            (
                Letter {
                    subject: format!("Moved: {type_name} now on {}", facts.date()),
                    paragraphs: vec![format!(
                        "Your booking moved{previous} to {}.",
                        facts.session_when()
                    )],
                    action: manage,
                    ..letter
                },
                Some(CalendarMethod::Request),
            )
        }
        JobKind::Cancelled => {
            let lead = match cancelled_by(facts.booking.state) {
                Some(Party::Student) => format!(
                    "Your booking of {type_name} on {} is cancelled, as you asked.",
                    facts.session_when()
                ),
                _ => format!(
                    "{studio} has cancelled your booking of {type_name} on {}.",
                    facts.session_when()
                ),
            };
            (
                Letter {
                    subject: format!("Cancelled: {type_name} on {}", facts.date()),
                    paragraphs: vec![lead],
                    quote: instructors_words(facts),
                    ..letter
                },
                Some(CalendarMethod::Cancel),
            )
        }
        JobKind::Rejected => (
            Letter {
                subject: format!("Declined: {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "{studio} has declined your booking of {type_name} on {}.",
                    facts.session_when()
                )],
                quote: instructors_words(facts),
                ..letter
            },
            Some(CalendarMethod::Cancel),
        ),
        JobKind::PaymentConfirmed => (
            Letter {
                subject: format!("Confirmed: {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "{studio} has received your payment: your booking is confirmed."
                )],
                action: manage,
                quote: instructors_words(facts),
                ..letter
            },
            None,
        ),
        JobKind::LatePaymentRefunded => (
            Letter {
                subject: format!("Refunded: {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "Your card payment for {type_name} on {} arrived after the booking had \
                     ended, so it did not book the spot. {studio} has refunded it in full: it \
                     shows on your card statement within 5 to 10 days.",
                    facts.session_when()
                )],
                ..letter
            },
            None,
        ),
        JobKind::Receipt => {
            let receipt = facts.receipt.as_ref()?;
            let amount = receipt.amount;
            let (subject, paragraph) = if receipt.refund {
                (
                    format!("Receipt: {amount} refunded by {studio}"),
                    format!(
                        "{studio} has refunded {amount} to your card for {type_name} on {}. \
                         Invoice {} has the details, and prints on one page.",
                        facts.session_when(),
                        receipt.number
                    ),
                )
            } else {
                (
                    format!("Receipt: {amount} paid to {studio}"),
                    format!(
                        "{studio} has received your payment of {amount} for {type_name} on {}. \
                         Invoice {} has the details, and prints on one page.",
                        facts.session_when(),
                        receipt.number
                    ),
                )
            };
            (
                Letter {
                    subject,
                    paragraphs: vec![paragraph],
                    action: Some((
                        format!("View or print invoice {}", receipt.number),
                        receipt.link.clone(),
                    )),
                    ..letter
                },
                None,
            )
        }
        JobKind::Refunded => (
            Letter {
                subject: format!("Refund: {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "{studio} has refunded {} to your card for {type_name} on {}. It shows on \
                     your card statement within 5 to 10 days.",
                    facts
                        .refund
                        .map_or_else(|| "a payment".to_owned(), |amount| amount.to_string()),
                    facts.session_when()
                )],
                action: manage,
                ..letter
            },
            None,
        ),
        JobKind::Expired => (
            Letter {
                subject: format!("Expired: {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "Your reservation of {type_name} on {} has expired because the payment did \
                     not arrive in time, and the spot was released. You are welcome to book again.",
                    facts.session_when()
                )],
                ..letter
            },
            Some(CalendarMethod::Cancel),
        ),
        JobKind::PaymentNudge => {
            if !matches!(facts.booking.state, BookingState::PaymentPending { .. }) {
                return None;
            }
            (
                worded(Letter {
                    action: manage,
                    ..letter
                }),
                None,
            )
        }
        JobKind::Survey => (
            worded(Letter {
                action: Some(("Rate your session".to_owned(), facts.survey_link())),
                // What and when is all a look back needs: not the price, payment or answers.
                details: letter.details.into_iter().take(2).collect(),
                ..letter
            }),
            None,
        ),
    };
    Some((letter, calendar))
}

fn instructor_letter(
    kind: JobKind,
    payload: &JobPayload,
    facts: &BookingFacts<'_>,
    booker: &domain::booking::Booker,
) -> Option<(Letter, Option<CalendarMethod>)> {
    let type_name = facts.type_name();
    let student = booker.name.as_str();
    let open = Some(("Open the booking".to_owned(), facts.dashboard_link.clone()));
    let letter = Letter {
        greeting: "Hello,".to_owned(),
        details: facts.details(true),
        action: open,
        closing: vec![format!("Reply to this email to write to {student}.")],
        ..Letter::default()
    };
    let (letter, calendar) = match kind {
        JobKind::Confirmation => {
            let mut paragraphs = vec![format!("{student} booked {type_name}.")];
            if let BookingState::PaymentPending { deadline } = facts.booking.state {
                paragraphs.push(format!(
                    "The payment is still due: record it on the booking when it arrives. If it \
                     has not arrived by {}, the booking expires and the spot is freed.",
                    facts.moment(deadline)
                ));
            }
            (
                Letter {
                    subject: format!("New booking: {student}, {type_name} on {}", facts.date()),
                    paragraphs,
                    ..letter
                },
                Some(CalendarMethod::Publish),
            )
        }
        JobKind::Reminder24h | JobKind::Reminder1h => {
            let time = facts.start_time();
            let when = if kind == JobKind::Reminder24h {
                "Tomorrow"
            } else {
                "In one hour"
            };
            (
                Letter {
                    subject: format!("{when}: {student}, {type_name} at {time}"),
                    paragraphs: vec![format!("{student}'s {type_name} is coming up.")],
                    ..letter
                },
                None,
            )
        }
        JobKind::Moved => {
            let previous = facts.moved_from(payload);
            (
                Letter {
                    subject: format!("Moved: {student}, {type_name} now on {}", facts.date()),
                    paragraphs: vec![format!(
                        "{student}'s booking moved{previous} to {}.",
                        facts.session_when()
                    )],
                    ..letter
                },
                Some(CalendarMethod::Publish),
            )
        }
        JobKind::Cancelled => {
            let lead = match cancelled_by(facts.booking.state) {
                Some(Party::Student) => {
                    format!("{student} cancelled their booking. The spot is free again.")
                }
                _ => format!("You cancelled {student}'s booking. The spot is free again."),
            };
            (
                Letter {
                    subject: format!("Cancelled: {student}, {type_name} on {}", facts.date()),
                    paragraphs: vec![lead],
                    ..letter
                },
                Some(CalendarMethod::Cancel),
            )
        }
        JobKind::Rejected => (
            Letter {
                subject: format!("Declined: {student}, {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "You declined {student}'s booking. The spot is free again."
                )],
                ..letter
            },
            Some(CalendarMethod::Cancel),
        ),
        JobKind::Expired => (
            Letter {
                subject: format!("Expired: {student}, {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "{student}'s booking expired: the payment did not arrive in time. The spot is \
                     free again, and {student} has been told."
                )],
                ..letter
            },
            Some(CalendarMethod::Cancel),
        ),
        JobKind::LatePaymentRefunded => (
            Letter {
                subject: format!("Refunded: {student}, {type_name} on {}", facts.date()),
                paragraphs: vec![format!(
                    "{student}'s card payment arrived after the booking had ended, so it was \
                     refunded in full automatically, and {student} has been told. The booking \
                     stays ended."
                )],
                ..letter
            },
            None,
        ),
        JobKind::PaymentConfirmed
        | JobKind::Survey
        | JobKind::PaymentNudge
        | JobKind::Refunded
        | JobKind::Receipt => {
            return None;
        }
    };
    Some((letter, calendar))
}

/// The calendar event of a booking, as the .ics download and the Google link carry it.
pub fn calendar_event_text(
    state: &AppState,
    studio: &store::Studio,
    session_type: &store::SessionType,
    booking: &store::Booking,
) -> (String, String) {
    let link = format!("{}{}", state.public_url, state.booking_path(booking));
    let title = format!("{} with {}", session_type.spec.name, studio.settings.name);
    let mut description = String::new();
    if let Some(video) = &session_type.spec.video_link {
        description.push_str(&format!("Video call: {}\n", video.as_str()));
    }
    description.push_str(&format!("Your booking: {link}"));
    let uid = format!("{}@bookable", booking.public_token);
    let event = CalendarEvent {
        method: CalendarMethod::Publish,
        organizer: None,
        attendee: None,
        uid: &uid,
        title: &title,
        start: booking.start,
        end: booking.end,
        location: session_type
            .spec
            .location_at(&studio.settings.timezone, booking.start)
            .map(|location| location.as_str()),
        description: &description,
        stamp: state.now(),
        sequence: booking.moves,
    };
    (event.to_ics(), event.google_calendar_url())
}
