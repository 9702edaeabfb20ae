//! Studio settings: the name, public URL slug, time zone and currency.

use crate::FieldErrors;
use crate::money::Currency;
use crate::text::{Slug, StudioName};
use crate::timezone::StudioTimezone;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSettingsInput {
    pub name: String,
    pub slug: String,
    pub timezone: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSettings {
    pub name: StudioName,
    pub slug: Slug,
    pub timezone: StudioTimezone,
    pub currency: Currency,
}

impl StudioSettings {
    pub fn parse(input: &StudioSettingsInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(StudioName::parse("name", &input.name));
        let slug = errors.take(Slug::parse("slug", &input.slug));
        let timezone = errors.take(StudioTimezone::parse("timezone", &input.timezone));
        let currency = errors.take(Currency::parse("currency", &input.currency));
        match (name, slug, timezone, currency) {
            (Some(name), Some(slug), Some(timezone), Some(currency)) => Ok(Self {
                name,
                slug,
                timezone,
                currency,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn studio_settings_report_each_bad_field() {
        let errors = StudioSettings::parse(&StudioSettingsInput {
            name: String::new(),
            slug: "no spaces".into(),
            timezone: "Europe/Atlantis".into(),
            currency: "ABC".into(),
        })
        .unwrap_err();
        for field in ["name", "slug", "timezone", "currency"] {
            assert!(errors.message_for(field).is_some(), "{field} not reported");
        }
    }

    #[test]
    fn valid_studio_settings_parse() {
        let settings = StudioSettings::parse(&StudioSettingsInput {
            name: "Maple Yoga".into(),
            slug: "maple-yoga".into(),
            timezone: "Europe/Berlin".into(),
            currency: "eur".into(),
        })
        .unwrap();
        assert_eq!(settings.timezone.name(), "Europe/Berlin");
        assert_eq!(settings.currency, Currency::Eur);
    }
}
