//! Invoices on the server: the signed link of each (it cannot be guessed, and a booking's new
//! token revokes it) and the printable page it opens, the same for the student and the
//! instructor. The page is plain HTML, without the app's WASM, so it loads at once and prints.

use crate::server::links::{LinkPurpose, LinkSigner};
use crate::server::money::BookingMoney;
use crate::server::notices::escape_html;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::booking::BookingStatus;
use domain::invoices::{InvoiceDetails, InvoiceSource, Movement, Statement, card_label, statement};
use domain::money::Money;
use store::{Booking, CardPayment, Invoice};

/// The invoice page's path, e.g. `/invoice/12.Ab…`.
pub fn invoice_path(state: &AppState, invoice: &Invoice, booking: &Booking) -> String {
    format!(
        "/invoice/{}",
        state
            .links
            .sign(LinkPurpose::Invoice, invoice.id, &booking.public_token)
    )
}

/// The invoice a link opens, with its booking; the same "not found" for a forged link and a
/// missing invoice.
pub async fn invoice_of_link(state: &AppState, link: &str) -> Result<(Invoice, Booking), AppError> {
    let not_found = || AppError::NotFound("We could not find this invoice.".to_owned());
    let id = LinkSigner::id_of(link).ok_or_else(not_found)?;
    let invoice = state.store.invoice_by_id(id).await?.ok_or_else(not_found)?;
    let booking = state
        .store
        .booking_by_id(invoice.booking_id)
        .await?
        .ok_or_else(not_found)?;
    if state.links.verify(
        LinkPurpose::Invoice,
        link,
        invoice.id,
        &booking.public_token,
    ) {
        Ok((invoice, booking))
    } else {
        Err(not_found())
    }
}

/// A booking's invoices as (label, path), by number: what the booking's dashboard page lists.
pub async fn invoice_links(
    state: &AppState,
    booking: &Booking,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .store
        .invoices_of_booking(booking.id)
        .await?
        .iter()
        .map(|invoice| {
            (
                format!(
                    "Invoice {} · {} {}",
                    invoice.number,
                    if invoice.source.is_refund() {
                        "refund"
                    } else {
                        "payment"
                    },
                    invoice.amount
                ),
                invoice_path(state, invoice, booking),
            )
        })
        .collect())
}

/// The invoice page of a signed link, as HTML.
pub async fn invoice_page(state: &AppState, link: &str) -> Result<String, AppError> {
    let (invoice, booking) = invoice_of_link(state, link).await?;
    let (studio, session_type) =
        crate::server::booking_ops::studio_and_type_of(state, &booking).await?;
    let details = state.store.invoice_details(studio.id).await?;
    let zone = studio.settings.timezone;
    let (money, card_payments) =
        BookingMoney::with_card_payments(state, &booking, studio.settings.currency).await?;
    let movements: Vec<Movement> = state
        .store
        .invoices_of_booking(booking.id)
        .await?
        .iter()
        .filter(|earlier| earlier.number <= invoice.number)
        .map(|earlier| Movement {
            source: earlier.source,
            amount: earlier.amount,
            day: zone.local(earlier.issued_at).date_naive(),
            method: method_of(&money, &card_payments, earlier),
        })
        .collect();
    let goes_ahead = matches!(
        booking.status(),
        BookingStatus::Confirmed | BookingStatus::PaymentPending | BookingStatus::Completed
    );
    let statement = statement(booking.price, money.currency, &movements, goes_ahead);
    let (student_name, student_email) = booking
        .booker
        .as_ref()
        .map(|booker| (booker.name.as_str(), booker.email.as_str()))
        .unwrap_or_default();
    Ok(page_html(&PageFacts {
        studio_name: studio.settings.name.as_str(),
        details: &details,
        invoice: &invoice,
        issued: zone
            .local(invoice.issued_at)
            .format("%-d %B %Y")
            .to_string(),
        student_name,
        student_email,
        session: format!(
            "{}{} · {}",
            session_type.spec.name.as_str(),
            booking
                .package
                .as_ref()
                .map(|package| format!(" \u{2014} {package}"))
                .unwrap_or_default(),
            zone.long_moment(booking.start)
        ),
        method: movements
            .last()
            .map(|movement| movement.method.clone())
            .unwrap_or_default(),
        statement: &statement,
    }))
}

/// How the money of an invoice moved, as the page names it: "Visa ending in 4242",
/// "Check (no. 1042)", "Back to Visa ending in 4242".
fn method_of(money: &BookingMoney, card_payments: &[CardPayment], invoice: &Invoice) -> String {
    // "Visa ending in 4242" once Stripe has named the card.
    let named = |payment_id: i64| {
        card_payments
            .iter()
            .find(|payment| payment.id == payment_id)
            .and_then(|payment| payment.card.as_ref())
            .map(|card| card_label(Some(&card.brand), Some(&card.last4)))
    };
    let back_to = |payment_id: i64| {
        format!(
            "Back to {}",
            named(payment_id).unwrap_or_else(|| "the card".to_owned())
        )
    };
    match invoice.source {
        InvoiceSource::CardPayment => named(invoice.source_id).unwrap_or_else(|| "Card".to_owned()),
        InvoiceSource::ManualPayment => money
            .received
            .iter()
            .find(|payment| payment.id == invoice.source_id)
            .map(|payment| match &payment.note {
                Some(note) => format!("{} ({note})", payment.method.label()),
                None => payment.method.label().to_owned(),
            })
            .unwrap_or_else(|| "Payment received".to_owned()),
        InvoiceSource::Refund => money
            .refunds
            .iter()
            .find(|refund| refund.id == invoice.source_id)
            .map_or_else(
                || "Back to the card".to_owned(),
                |refund| back_to(refund.card_payment_id),
            ),
        InvoiceSource::LatePaymentRefund => format!(
            "{}: it arrived after the booking had ended",
            back_to(invoice.source_id)
        ),
    }
}

/// Asks Stripe which card paid an invoiced card payment, once, and keeps it for the invoice.
/// Without an answer the invoice says "Card"; the receipt goes anyway.
pub async fn learn_card(state: &AppState, invoice: &Invoice) {
    if invoice.source != InvoiceSource::CardPayment {
        return;
    }
    let learned = async {
        let payment = state
            .store
            .card_payments_of_booking(invoice.booking_id)
            .await?
            .into_iter()
            .find(|payment| payment.id == invoice.source_id && payment.card.is_none());
        let Some(payment) = payment else {
            return Ok(());
        };
        let secret =
            crate::server::card_payments::studio_secret_key(state, invoice.studio_id).await?;
        let card = state
            .stripe
            .card_of_intent(&secret, &payment.payment_intent)
            .await
            .map_err(|problem| {
                tracing::warn!(
                    ?problem,
                    payment = payment.id,
                    "Stripe did not name the card"
                );
                AppError::Internal
            })?;
        if let Some(card) = card {
            state.store.save_card_on_file(payment.id, &card).await?;
        }
        Ok::<(), AppError>(())
    };
    if let Err(error) = learned.await {
        tracing::warn!(%error, invoice = invoice.id, "the invoice's card stays unnamed");
    }
}

struct PageFacts<'a> {
    studio_name: &'a str,
    details: &'a InvoiceDetails,
    invoice: &'a Invoice,
    issued: String,
    student_name: &'a str,
    student_email: &'a str,
    session: String,
    method: String,
    statement: &'a Statement,
}

fn page_html(facts: &PageFacts<'_>) -> String {
    let invoice = facts.invoice;
    let what = if invoice.source.is_refund() {
        "Refund"
    } else {
        "Payment received"
    };
    let address: String = facts
        .details
        .address_lines()
        .map(|line| format!("<br>{}", escape_html(line)))
        .collect();
    let contact = if facts.details.contact.is_empty() {
        String::new()
    } else {
        format!("<br>{}", escape_html(&facts.details.contact))
    };
    let statement = facts.statement;
    let mut lines = String::new();
    let mut line = |label: &str, amount: String| {
        lines.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape_html(label),
            escape_html(&amount)
        ));
    };
    match (statement.total, statement.discount, statement.list_price()) {
        (Some(total), Some(discount), Some(list)) => {
            line(&facts.session, list.to_string());
            line(discount.reason.label(), negative(discount.amount));
            line("Price", total.to_string());
        }
        (Some(total), ..) => line(&facts.session, total.to_string()),
        (None, ..) => line(&facts.session, "\u{2014}".to_owned()),
    }
    if let Some(retainer) = statement.retainer {
        line(
            "of which a retainer, taken at booking",
            retainer.to_string(),
        );
    }
    for payment in &statement.payments {
        line(
            &format!(
                "Paid {} · {}",
                payment.day.format("%-d %b %Y"),
                payment.method
            ),
            payment.amount.to_string(),
        );
    }
    for refund in &statement.refunds {
        line(
            &format!(
                "Refunded {} · {}",
                refund.day.format("%-d %b %Y"),
                refund.method
            ),
            negative(refund.amount),
        );
    }
    let balance = statement
        .balance_due
        .map(|owed| {
            format!(
                "<tr class=\"total\"><th scope=\"row\">Balance due</th><td>{}</td></tr>",
                escape_html(&owed.to_string())
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Invoice {number} · {studio}</title>\
<link rel=\"stylesheet\" href=\"/invoice.css\"><script src=\"/invoice-print.js\" defer></script>\
</head><body><main class=\"invoice\">\
<header><p class=\"from\"><strong>{studio}</strong>{address}{contact}</p>\
<h1>Invoice {number}</h1>\
<dl><dt>Issued</dt><dd>{issued}</dd><dt>{what}</dt><dd>{amount} · {method}</dd>\
<dt>Billed to</dt><dd>{student}<br>{email}</dd></dl></header>\
<table><caption>What was booked, paid and given back</caption><tbody>{lines}{balance}</tbody></table>\
<p class=\"no-print\"><button type=\"button\" id=\"print\" hidden>Print or save as PDF</button></p>\
</main></body></html>",
        number = invoice.number,
        studio = escape_html(facts.studio_name),
        issued = escape_html(&facts.issued),
        amount = escape_html(&invoice.amount.to_string()),
        method = escape_html(&facts.method),
        student = escape_html(facts.student_name),
        email = escape_html(facts.student_email),
    )
}

fn negative(amount: Money) -> String {
    format!("\u{2212}{amount}")
}
