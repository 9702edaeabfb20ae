//! Outgoing email. Over SMTP when a server is configured; otherwise each message is written
//! as an `.eml` file into the outbox folder, where a self-hoster (or a test) can read it.

use async_trait::async_trait;
use domain::text::Email;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// One plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    pub body: String,
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

pub(crate) fn message(from: &Mailbox, email: OutgoingEmail) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .as_str()
        .parse()
        .map_err(|error: lettre::address::AddressError| MailError::Build(error.to_string()))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(email.body)
        .map_err(|error| MailError::Build(error.to_string()))
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
