/** Ports of the servers the end-to-end run starts; shared by the config and the specs. */
export const appPort = Number(process.env.BOOKABLE_E2E_PORT ?? 3100);
export const smtpPort = Number(process.env.BOOKABLE_E2E_SMTP_PORT ?? 1125);
export const mailApiPort = Number(process.env.BOOKABLE_E2E_MAIL_API_PORT ?? 1180);
/** A second app server whose holds last seconds, for the hold-expiry spec. */
export const shortHoldPort = Number(process.env.BOOKABLE_E2E_SHORT_HOLD_PORT ?? 3101);
/** How long that server holds a time, in seconds. */
export const shortHoldSeconds = 20;
/** A server the survey spec starts, stops and starts again later on the clock. */
export const laterPort = Number(process.env.BOOKABLE_E2E_LATER_PORT ?? 3102);
/** The Stripe emulator (localstripe), which the app server calls as Stripe's API. */
export const stripePort = Number(process.env.BOOKABLE_E2E_STRIPE_PORT ?? 3103);
/** The one secret key the emulator accepts. */
export const stripeSecretKey = "sk_test_bookable";
