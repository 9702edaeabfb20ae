//! What a studio offers and how students pay (Settings > Offerings).

use crate::session_type::{AccessLevel, SessionTypeSpec};
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The ways a student can pay; never none, and Stripe only once it is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaymentMethods {
    at_session: bool,
    by_check: bool,
    stripe: bool,
}

impl PaymentMethods {
    pub const AT_SESSION_LABEL: &'static str = "Pay at the session (cash)";
    pub const BY_CHECK_LABEL: &'static str = "Check by mail";
    pub const STRIPE_LABEL: &'static str = "Card payment with Stripe";

    /// Refuses no method at all, and Stripe while `stripe_configured` is false.
    pub fn new(
        at_session: bool,
        by_check: bool,
        stripe: bool,
        stripe_configured: bool,
    ) -> Result<Self, FieldError> {
        if stripe && !stripe_configured {
            return Err(FieldError::new(
                "pay_with_stripe",
                "Stripe is not configured yet; connect Stripe before offering card payments.",
            ));
        }
        if !(at_session || by_check || stripe) {
            return Err(FieldError::new(
                "payment_methods",
                "Choose at least one way students can pay.",
            ));
        }
        Ok(Self {
            at_session,
            by_check,
            stripe,
        })
    }

    pub fn at_session(self) -> bool {
        self.at_session
    }

    pub fn by_check(self) -> bool {
        self.by_check
    }

    pub fn stripe(self) -> bool {
        self.stripe
    }
}

impl Default for PaymentMethods {
    fn default() -> Self {
        Self {
            at_session: true,
            by_check: false,
            stripe: false,
        }
    }
}

/// The settings form as typed; ticked boxes are `true`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingsInput {
    pub personal_sessions: bool,
    pub show_on_landing: bool,
    pub default_access_level: String,
    pub pay_at_session: bool,
    pub pay_by_check: bool,
    pub pay_with_stripe: bool,
}

/// A studio's offering settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Offerings {
    /// Off hides personal sessions from the dashboard navigation and from students.
    pub personal_sessions: bool,
    /// Feature the session types on the studio's landing page.
    pub show_on_landing: bool,
    /// The access level of session types that do not override it.
    pub default_access: AccessLevel,
    pub payments: PaymentMethods,
}

impl Default for Offerings {
    fn default() -> Self {
        Self {
            personal_sessions: true,
            show_on_landing: true,
            default_access: AccessLevel::Public,
            payments: PaymentMethods::default(),
        }
    }
}

impl Offerings {
    pub fn parse(input: &OfferingsInput, stripe_configured: bool) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let default_access = errors.take(AccessLevel::parse(
            "default_access_level",
            &input.default_access_level,
        ));
        let payments = errors.take(PaymentMethods::new(
            input.pay_at_session,
            input.pay_by_check,
            input.pay_with_stripe,
            stripe_configured,
        ));
        let (Some(default_access), Some(payments)) = (default_access, payments) else {
            return Err(errors);
        };
        Ok(Self {
            personal_sessions: input.personal_sessions,
            show_on_landing: input.show_on_landing,
            default_access,
            payments,
        })
    }

    /// The access level that applies to a session type with the given override.
    pub fn access_of(&self, access_override: Option<AccessLevel>) -> AccessLevel {
        access_override.unwrap_or(self.default_access)
    }

    /// Whether a session type is open to students at all: personal sessions on, type active.
    pub fn offers(&self, spec: &SessionTypeSpec) -> bool {
        self.personal_sessions && spec.status.is_bookable()
    }

    /// Whether a visitor sees the type in the studio's list.
    pub fn lists_for(&self, spec: &SessionTypeSpec, is_member: bool) -> bool {
        self.offers(spec) && self.access_of(spec.access_override).listed_for(is_member)
    }

    /// Whether a visitor may book the type, given whether they came through its share link.
    pub fn bookable_by(
        &self,
        spec: &SessionTypeSpec,
        is_member: bool,
        has_share_link: bool,
    ) -> bool {
        self.offers(spec)
            && self
                .access_of(spec.access_override)
                .bookable_by(is_member, has_share_link)
    }

    /// Whether some members-only type is hidden from a visitor who is not a signed-in member.
    pub fn hides_members_only_from(&self, specs: &[&SessionTypeSpec], is_member: bool) -> bool {
        !is_member
            && specs.iter().any(|spec| {
                self.offers(spec)
                    && self.access_of(spec.access_override) == AccessLevel::MembersOnly
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OfferingsInput {
        OfferingsInput {
            personal_sessions: true,
            show_on_landing: false,
            default_access_level: "members_only".into(),
            pay_at_session: true,
            pay_by_check: true,
            pay_with_stripe: false,
        }
    }

    #[test]
    fn a_complete_form_gives_the_settings_as_ticked() {
        let offerings = Offerings::parse(&input(), false).expect("valid");
        assert!(offerings.personal_sessions);
        assert!(!offerings.show_on_landing);
        assert_eq!(offerings.default_access, AccessLevel::MembersOnly);
        assert!(offerings.payments.at_session() && offerings.payments.by_check());
        assert!(!offerings.payments.stripe());
    }

    #[test]
    fn stripe_cannot_be_chosen_before_it_is_configured() {
        let with_stripe = OfferingsInput {
            pay_with_stripe: true,
            ..input()
        };
        let errors = Offerings::parse(&with_stripe, false).expect_err("refused");
        assert!(
            errors
                .message_for("pay_with_stripe")
                .is_some_and(|message| message.contains("not configured"))
        );
        assert!(Offerings::parse(&with_stripe, true).is_ok());
    }

    #[test]
    fn at_least_one_payment_method_is_needed() {
        let none = OfferingsInput {
            pay_at_session: false,
            pay_by_check: false,
            ..input()
        };
        let errors = Offerings::parse(&none, false).expect_err("refused");
        assert_eq!(
            errors.message_for("payment_methods"),
            Some("Choose at least one way students can pay.")
        );
    }

    #[test]
    fn an_unknown_access_level_is_refused_by_field() {
        let odd = OfferingsInput {
            default_access_level: "everyone".into(),
            ..input()
        };
        let errors = Offerings::parse(&odd, false).expect_err("refused");
        assert!(errors.message_for("default_access_level").is_some());
    }

    fn spec(status: &str, access_level: &str) -> SessionTypeSpec {
        SessionTypeSpec::parse(
            &crate::session_type::SessionTypeInput {
                name: "Lesson".into(),
                duration_minutes: "60".into(),
                capacity: "1".into(),
                price: "10".into(),
                status: status.into(),
                access_level: access_level.into(),
                ..Default::default()
            },
            crate::money::Currency::Usd,
        )
        .expect("valid")
    }

    #[test]
    fn who_sees_and_books_a_type() {
        let studio = Offerings::default();
        let public = spec("active", "");
        let members = spec("active", "members_only");
        let private = spec("active", "private");
        let draft = spec("draft", "");
        assert!(studio.lists_for(&public, false) && studio.bookable_by(&public, false, false));
        assert!(!studio.lists_for(&members, false) && studio.lists_for(&members, true));
        assert!(
            !studio.bookable_by(&members, false, true) && studio.bookable_by(&members, true, false)
        );
        assert!(
            !studio.lists_for(&private, true),
            "a private type is never listed"
        );
        assert!(
            studio.bookable_by(&private, false, true) && !studio.bookable_by(&private, true, false)
        );
        assert!(!studio.lists_for(&draft, true) && !studio.bookable_by(&draft, true, true));
        let off = Offerings {
            personal_sessions: false,
            ..studio
        };
        assert!(!off.lists_for(&public, false) && !off.bookable_by(&public, false, true));
        assert!(studio.hides_members_only_from(&[&public, &members], false));
        assert!(!studio.hides_members_only_from(&[&public, &members], true));
        assert!(!studio.hides_members_only_from(&[&public, &private], false));
    }

    #[test]
    fn a_type_without_an_override_follows_the_studio_default() {
        let offerings = Offerings::parse(&input(), false).expect("valid");
        assert_eq!(offerings.access_of(None), AccessLevel::MembersOnly);
        assert_eq!(
            offerings.access_of(Some(AccessLevel::Private)),
            AccessLevel::Private
        );
    }
}
