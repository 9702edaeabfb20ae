//! The Content-Security-Policy of every page: scripts run only from this site and with the
//! page's nonce (the hydration script carries it), no inline handlers, no plugins, no framing.

/// Where a page's scripts, frames and connections may come from besides this site: student
/// pages add Stripe.js (its script and frames) and Stripe's API (connections) for card payments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThirdParties {
    pub scripts: Vec<String>,
    pub frames: Vec<String>,
    pub connections: Vec<String>,
}

impl ThirdParties {
    /// What card payments need: Stripe.js from `js_url` (with its frames, and 3-D Secure's on
    /// Stripe's own hooks site), and calls to the API at `api_url`. Tests point both at the
    /// emulator.
    pub fn stripe(js_url: &str, api_url: &str) -> Self {
        let js = origin_of(js_url);
        let mut scripts: Vec<String> = js.iter().cloned().collect();
        let mut frames = scripts.clone();
        if js.as_deref() == Some("https://js.stripe.com") {
            // Stripe's own list: Stripe.js loads parts of itself from its subdomains, and 3-D
            // Secure pages come from hooks.stripe.com.
            scripts.push("https://*.js.stripe.com".to_owned());
            frames.push("https://*.js.stripe.com".to_owned());
            frames.push("https://hooks.stripe.com".to_owned());
        }
        Self {
            scripts,
            frames,
            connections: origin_of(api_url).into_iter().collect(),
        }
    }
}

/// `https://js.stripe.com` of `https://js.stripe.com/v3/`: scheme, host and port only, and only
/// of an address a policy can name.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let plain = |text: &str| {
        !text.is_empty()
            && text
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b".-:[]".contains(&byte))
    };
    (matches!(scheme, "http" | "https") && plain(host)).then(|| format!("{scheme}://{host}"))
}

/// The policy of a page whose inline scripts carry `nonce`. WebAssembly needs
/// `'wasm-unsafe-eval'` (and nothing evaluates JavaScript text).
pub fn content_security_policy(nonce: &str, third_parties: &ThirdParties) -> String {
    let with = |base: &str, extra: &[String]| {
        extra.iter().fold(base.to_owned(), |policy, origin| {
            format!("{policy} {origin}")
        })
    };
    let frames = if third_parties.frames.is_empty() {
        "'none'".to_owned()
    } else {
        third_parties.frames.join(" ")
    };
    [
        "default-src 'self'".to_owned(),
        with(
            &format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
            &third_parties.scripts,
        ),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        "font-src 'self'".to_owned(),
        with("connect-src 'self'", &third_parties.connections),
        format!("frame-src {frames}"),
        "object-src 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

/// Sends the policy with the page being rendered, using the nonce Leptos gave this response.
/// A student page allows Stripe's origins: its app moves to a booking's page (which takes card
/// payments) without loading a new document, so the first page's policy is the one in force.
pub fn send_page_policy(takes_card_payments: bool) {
    use http::HeaderValue;
    use http::header::CONTENT_SECURITY_POLICY;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let third_parties = match leptos::prelude::use_context::<crate::server::state::AppState>() {
        Some(state) if takes_card_payments => {
            ThirdParties::stripe(state.stripe.js_url(), state.stripe.api_url())
        }
        _ => ThirdParties::default(),
    };
    let policy = content_security_policy(&nonce, &third_parties);
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
        policy
            .split("; ")
            .find(|directive| directive.starts_with(&format!("{name} ")))
            .unwrap_or_default()
    }

    #[test]
    fn scripts_run_only_from_this_site_and_with_the_pages_nonce() {
        let policy = content_security_policy("abc123", &ThirdParties::default());
        assert_eq!(
            directive(&policy, "script-src"),
            "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"
        );
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(directive(&policy, "object-src"), "object-src 'none'");
        assert_eq!(directive(&policy, "base-uri"), "base-uri 'self'");
        assert_eq!(
            directive(&policy, "frame-ancestors"),
            "frame-ancestors 'none'"
        );
        assert_eq!(directive(&policy, "frame-src"), "frame-src 'none'");
    }

    #[test]
    fn stripe_js_can_be_allowed_for_card_payments() {
        let stripe = ThirdParties::stripe("https://js.stripe.com/v3/", "https://api.stripe.com/");
        let policy = content_security_policy("n", &stripe);
        assert!(
            directive(&policy, "script-src")
                .ends_with(" https://js.stripe.com https://*.js.stripe.com")
        );
        assert_eq!(
            directive(&policy, "frame-src"),
            "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com"
        );
        assert_eq!(
            directive(&policy, "connect-src"),
            "connect-src 'self' https://api.stripe.com"
        );
    }

    #[test]
    fn an_emulators_address_is_allowed_by_its_origin_and_nothing_else_slips_in() {
        let emulator = ThirdParties::stripe(
            "http://127.0.0.1:3103/js.stripe.com/v3/",
            "http://127.0.0.1:3103/",
        );
        assert_eq!(emulator.scripts, vec!["http://127.0.0.1:3103".to_owned()]);
        assert_eq!(emulator.frames, vec!["http://127.0.0.1:3103".to_owned()]);
        assert_eq!(
            emulator.connections,
            vec!["http://127.0.0.1:3103".to_owned()]
        );
        let injected = ThirdParties::stripe("https://x.com; script-src *", "javascript:alert(1)");
        assert!(injected.scripts.is_empty() && injected.connections.is_empty());
    }
}
