// Card payments on a booking's page. Stripe.js draws the card field and turns the card into a
// token; the server pays the booking's PaymentIntent with it and asks Stripe how it went. When
// the bank wants 3-D Secure, Stripe.js runs it and the server asks Stripe again: the booking is
// confirmed on Stripe's word, never on this page's.
//
// Plain JavaScript rather than WebAssembly: it keeps the student's bundle within its budget,
// and Stripe.js is JavaScript anyway. It runs again whenever the section is drawn again.
(function () {
  "use strict";

  function whenStripeLoaded(source, ready) {
    if (window.Stripe) {
      ready();
      return;
    }
    var existing = document.querySelector("script[data-stripe-js]");
    if (existing) {
      existing.addEventListener("load", ready);
      return;
    }
    var script = document.createElement("script");
    script.src = source;
    script.setAttribute("data-stripe-js", "");
    script.addEventListener("load", ready);
    script.addEventListener("error", function () {
      document.querySelectorAll("[data-card-error]").forEach(function (alert) {
        alert.textContent = "The card form could not be loaded. Check your connection and reload the page.";
      });
    });
    document.head.appendChild(script);
  }

  // Server functions answer JSON; a refusal is the AppError, e.g. {"Invalid":[{field,message}]}
  // or {"Unavailable":"…"}.
  function call(endpoint, fields) {
    return fetch("/api/" + endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok) return body;
        throw new Error(reasonOf(body));
      });
    });
  }

  function reasonOf(error) {
    if (error && error.Invalid && error.Invalid.length) return error.Invalid[0].message;
    if (error && typeof error === "object") {
      var text = error[Object.keys(error)[0]];
      if (typeof text === "string" && text) return text;
    }
    return "Something went wrong. Please try again.";
  }

  function start(section) {
    if (section.getAttribute("data-started") !== null) return;
    section.setAttribute("data-started", "");
    var form = section.querySelector("form");
    var field = section.querySelector("[data-card-field]");
    var alert = section.querySelector("[data-card-error]");
    var status = section.querySelector("[data-card-status]");
    var button = form.querySelector("button[type=submit]");
    var link = section.getAttribute("data-link");
    var stripe = window.Stripe(section.getAttribute("data-publishable-key"));
    var card = stripe.elements().create("card", {
      hidePostalCode: true,
      style: {
        base: { fontSize: "16px", color: "#1f2933", "::placeholder": { color: "#6b7280" } },
        invalid: { color: "#b42318" },
      },
    });
    card.mount(field);
    card.on("change", function (event) {
      alert.textContent = event && event.error ? event.error.message : "";
    });
    button.disabled = false;

    // What is happening is said once, in the status line; the button only shows it is busy.
    function busy(text) {
      if (!text) paying = false;
      button.disabled = Boolean(text);
      button.textContent = text ? "Paying…" : button.getAttribute("data-label");
      status.textContent = text || "";
    }

    function settled(step) {
      if (step === "Paid") {
        status.textContent = "Paid. Your booking is confirmed.";
        window.location.reload();
        return;
      }
      if (step === "Processing") {
        status.textContent = "Stripe is still processing your payment. This page updates when it is done.";
        setTimeout(function () {
          call("check_card_payment", { link: link }).then(settled, failed);
        }, 3000);
        return;
      }
      busy("");
    }

    function failed(problem) {
      busy("");
      alert.textContent = problem.message;
      field.setAttribute("aria-invalid", "true");
    }

    // Enter in the card field submits too: one payment at a time.
    var paying = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (paying) return;
      paying = true;
      alert.textContent = "";
      field.removeAttribute("aria-invalid");
      busy("Sending your card to Stripe…");
      stripe.createToken(card).then(function (made) {
        if (made.error) throw new Error(made.error.message || "Check your card details.");
        return call("pay_by_card", { link: link, token: made.token.id });
      }).then(function (step) {
        if (step && step.Authenticate) {
          busy("Waiting for your bank…");
          return stripe.confirmCardPayment(step.Authenticate.client_secret).then(function () {
            // Whatever Stripe.js says, the server asks Stripe itself.
            return call("check_card_payment", { link: link });
          });
        }
        return step;
      }).then(settled, failed);
    });
  }

  document.querySelectorAll("[data-card-payment]").forEach(function (section) {
    whenStripeLoaded(section.getAttribute("data-stripe-js"), function () { start(section); });
  });
})();
