//! Outgoing email. Over SMTP when a server is configured; otherwise each message is written
//! as an `.eml` file into the outbox folder, where a self-hoster (or a test) can read it.

use async_trait::async_trait;
use domain::text::Email;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// One message to one person: plain text, and optionally an HTML version of it and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    /// The plain-text part, always there.
    pub body: String,
    /// The same message as simple HTML.
    pub html: Option<String>,
    pub attachments: Vec<MailAttachment>,
    /// The display name to send under, e.g. the studio's, with the configured address.
    pub sender_name: Option<String>,
    /// Where replies go, e.g. the instructor's address.
    pub reply_to: Option<Email>,
    /// A fixed id (e.g. one per job), so that a message sent twice is recognised as one.
    pub message_id: Option<String>,
}

/// A file sent with a message, e.g. the `.ics` of a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub filename: String,
    /// The full MIME type, e.g. `text/calendar; method=REQUEST; charset=utf-8`.
    pub content_type: String,
    pub content: String,
}

impl OutgoingEmail {
    /// A plain-text message from the app itself.
    pub fn plain(to: Email, subject: String, body: String) -> Self {
        Self {
            to,
            subject,
            body,
            html: None,
            attachments: Vec::new(),
            sender_name: None,
            reply_to: None,
            message_id: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the message could not be delivered: {0}")]
    Delivery(String),
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError>;
}

/// Where mail goes, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailDestination {
    /// An SMTP URL as lettre reads it: `smtp://host:port` (plain, e.g. a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://user:pass@host` (TLS).
    Smtp(String),
    /// A folder that receives one `.eml` file per message.
    Folder(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("invalid mail sender {0:?}: use an address like \"Studio <bookings@example.com>\"")]
    Sender(String),
    #[error("invalid SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("could not create the outbox folder {path}: {source}")]
    Outbox {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Builds the mailer for a destination, sending as `from`.
pub fn mailer(
    destination: &MailDestination,
    from: &str,
) -> Result<std::sync::Arc<dyn Mailer>, MailSetupError> {
    let from: Mailbox = from
        .parse()
        .map_err(|_| MailSetupError::Sender(from.to_owned()))?;
    Ok(match destination {
        MailDestination::Smtp(url) => std::sync::Arc::new(TransportMailer {
            transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|error| MailSetupError::SmtpUrl(error.to_string()))?
                .build(),
            from,
        }),
        MailDestination::Folder(path) => {
            std::fs::create_dir_all(path).map_err(|source| MailSetupError::Outbox {
                path: path.clone(),
                source,
            })?;
            std::sync::Arc::new(TransportMailer {
                transport: AsyncFileTransport::<Tokio1Executor>::new(path),
                from,
            })
        }
    })
}

fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address
        .parse()
        .map_err(|error: lettre::address::AddressError| MailError::Build(error.to_string()))
}

pub(crate) fn message(from: &Mailbox, email: OutgoingEmail) -> Result<Message, MailError> {
    use lettre::message::{Attachment, MultiPart, SinglePart};
    let sender = match &email.sender_name {
        Some(name) => Mailbox::new(Some(name.clone()), from.email.clone()),
        None => from.clone(),
    };
    let mut builder = Message::builder()
        .from(sender)
        .to(mailbox(email.to.as_str())?)
        .subject(email.subject)
        .message_id(email.message_id);
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(mailbox(reply_to.as_str())?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(email.body);
    let built = match (email.html, email.attachments.is_empty()) {
        (None, true) => builder.singlepart(text),
        (Some(html), true) => builder.multipart(alternative(text, html)),
        (html, false) => {
            let mut mixed = match html {
                Some(html) => MultiPart::mixed().multipart(alternative(text, html)),
                None => MultiPart::mixed().singlepart(text),
            };
            for file in email.attachments {
                let content_type = ContentType::parse(&file.content_type)
                    .map_err(|error| MailError::Build(error.to_string()))?;
                mixed = mixed
                    .singlepart(Attachment::new(file.filename).body(file.content, content_type));
            }
            builder.multipart(mixed)
        }
    };
    built.map_err(|error| MailError::Build(error.to_string()))
}

fn alternative(text: lettre::message::SinglePart, html: String) -> lettre::message::MultiPart {
    lettre::message::MultiPart::alternative()
        .singlepart(text)
        .singlepart(lettre::message::SinglePart::html(html))
}

/// Sends through any lettre transport: SMTP, or `.eml` files in a folder.
pub(crate) struct TransportMailer<T> {
    transport: T,
    from: Mailbox,
}

#[async_trait]
impl<T> Mailer for TransportMailer<T>
where
    T: AsyncTransport + Send + Sync + 'static,
    T::Error: std::fmt::Display,
{
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError> {
        let message = message(&self.from, email)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| MailError::Delivery(error.to_string()))
    }
}
