//! The one error type every server function returns, typed on both sides of the wire.

use domain::FieldErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("The request was malformed: {0}")]
    BadRequest(String),
    #[error("Please sign in to continue.")]
    SignInRequired,
    #[error("Email or password is incorrect.")]
    WrongCredentials,
    #[error("Set up your studio (name, URL and time zone) first.")]
    StudioMissing,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    #[error("Could not reach Bookable: {0}")]
    Network(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(domain::FieldError::new(field, message).into())
    }

    /// The HTTP status that says what kind of failure this is.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::BadRequest(_) => 400,
            AppError::SignInRequired | AppError::WrongCredentials => 401,
            AppError::StudioMissing => 409,
            AppError::NotFound(_) => 404,
            AppError::Unavailable(_) => 409,
            AppError::Forbidden(_) => 403,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal | AppError::Network(_) => 500,
        }
    }

    pub fn field_errors(&self) -> FieldErrors {
        match self {
            AppError::Invalid(errors) => errors.clone(),
            _ => FieldErrors::default(),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl From<domain::FieldError> for AppError {
    fn from(error: domain::FieldError) -> Self {
        AppError::Invalid(error.into())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::Deserialization(message) => {
                AppError::BadRequest(message)
            }
            ServerFnErrorErr::MissingArg(message) => {
                AppError::BadRequest(format!("missing field {message}"))
            }
            ServerFnErrorErr::Request(message) | ServerFnErrorErr::Response(message) => {
                AppError::Network(message)
            }
            other => AppError::Network(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<store::StoreError> for AppError {
    fn from(error: store::StoreError) -> Self {
        match error {
            store::StoreError::Conflict(store::Conflict::EmailTaken) => AppError::field(
                "email",
                "An account with this email already exists. Sign in instead.",
            ),
            store::StoreError::Conflict(store::Conflict::SlugTaken) => AppError::field(
                "slug",
                "This URL is taken by another studio; choose another.",
            ),
            store::StoreError::Conflict(store::Conflict::PricesNeedCents) => AppError::field(
                "currency",
                "Some of your prices have cents, which this currency does not: make them whole \
                 amounts first, then change the currency.",
            ),
            store::StoreError::Conflict(store::Conflict::StripeIsTheOnlyPaymentMethod) => {
                AppError::Unavailable(
                    "Card payments are the only way your students can pay: offer cash or checks \
                     in Settings first, then disconnect Stripe."
                        .to_owned(),
                )
            }
            store::StoreError::Conflict(store::Conflict::RefundExceedsPayment) => AppError::field(
                "amount",
                "That is more than this booking's card payments have left to give back. Reload \
                 the page to see what is left.",
            ),
            store::StoreError::Conflict(store::Conflict::PaymentExceedsBalance) => AppError::field(
                "amount",
                "That is more than this booking still owes: another payment was recorded \
                 meanwhile. Reload the page to see the balance.",
            ),
            store::StoreError::Conflict(store::Conflict::CardPaymentsInProgress) => {
                AppError::Unavailable(
                    "Some card payments are still open or waiting for a refund, and Bookable needs \
                     your keys to finish them. Wait until those bookings are paid or have ended \
                     (or reject them), then disconnect Stripe."
                        .to_owned(),
                )
            }
            other => {
                tracing::error!(error = %other, "store failure");
                AppError::Internal
            }
        }
    }
}
