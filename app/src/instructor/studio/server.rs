//! Server-side settings of the studio.

/// Stripe's set-up is a later step of the product; nothing configures it yet.
pub(crate) const STRIPE_CONFIGURED: bool = false;
