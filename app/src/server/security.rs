//! The Content-Security-Policy of every page: scripts run only from this site and with the
//! page's nonce (the hydration script carries it), no inline handlers, no plugins, no framing.

/// Where a page's scripts, frames and connections may come from besides this site. Card
/// payments will add Stripe.js here (`https://js.stripe.com` for its script and frames, and
/// its API for connections).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThirdParties {
    pub scripts: Vec<String>,
    pub frames: Vec<String>,
    pub connections: Vec<String>,
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
pub fn send_page_policy() {
    use http::HeaderValue;
    use http::header::CONTENT_SECURITY_POLICY;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = content_security_policy(&nonce, &ThirdParties::default());
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
        let stripe = ThirdParties {
            scripts: vec!["https://js.stripe.com".into()],
            frames: vec![
                "https://js.stripe.com".into(),
                "https://hooks.stripe.com".into(),
            ],
            connections: vec!["https://api.stripe.com".into()],
        };
        let policy = content_security_policy("n", &stripe);
        assert!(directive(&policy, "script-src").ends_with(" https://js.stripe.com"));
        assert_eq!(
            directive(&policy, "frame-src"),
            "frame-src https://js.stripe.com https://hooks.stripe.com"
        );
        assert_eq!(
            directive(&policy, "connect-src"),
            "connect-src 'self' https://api.stripe.com"
        );
    }
}
