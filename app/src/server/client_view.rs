//! Client View: the studio's own instructor going through the client's booking steps. Their
//! holds and bookings are previews: a hold shows as "Booking…" like any other, and a completed
//! preview is kept as the client would read it, then released at once, with no payment taken
//! and no email sent.

/// Shown above the booking steps while the instructor is previewing.
pub const PREVIEW_NOTICE: &str = "Preview: you are signed in as this studio, so you see the \
booking steps as your clients do. A spot you pick is held as for a client; a booking you \
complete is marked as a preview, takes no payment, sends no email and frees the spot again.";

/// Shown on a completed preview's page.
pub const PREVIEW_DONE_NOTICE: &str = "Preview booking: this is the page your client sees once \
booked. It is not a sale: no payment was taken, no email was sent and the spot is open again.";
