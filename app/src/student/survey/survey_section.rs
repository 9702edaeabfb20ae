//! The survey's section of the booking page.

use super::api::{AnswerSurvey, SurveyPart};
use crate::shared::components::{FieldMessage, FormAlert, field_errors_of, form_error_of, invalid};
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// The words beside each rating, from 1 to 5.
const RATING_WORDS: [&str; 5] = ["Poor", "Fair", "Good", "Very good", "Excellent"];

/// Asks for a rating once the session is over, thanks for it once given, and on the survey's
/// own address says why it cannot be answered yet.
#[component]
pub fn SurveySection(
    survey: SurveyPart,
    link: String,
    studio_name: String,
    answer: ServerAction<AnswerSurvey>,
    /// The page was opened through the survey's link.
    asked: bool,
) -> impl IntoView {
    let errors = field_errors_of(answer.value());
    let alert = form_error_of(answer.value());
    let content = match (survey.rating, survey.closed) {
        (Some(rating), _) => EitherOf3::A(view! {
            <p class="notice" role="status">"Thank you! You rated this session "{rating}" out of 5."</p>
            {(!survey.comment.is_empty()).then(|| view! { <p class="answer">{survey.comment}</p> })}
        }),
        (None, None) => EitherOf3::B(view! {
            <ActionForm action=answer attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="link" value=link/>
                <fieldset class="choices" aria-describedby="rating-error" aria-invalid=invalid(errors, "rating")>
                    <legend>"How was your session?"</legend>
                    {RATING_WORDS.iter().zip(1u8..).map(|(word, value)| view! {
                        <label class="check">
                            <input type="radio" name="rating" value=value.to_string() required/>
                            {format!("{value} – {word}")}
                        </label>
                    }).collect_view()}
                </fieldset>
                <FieldMessage errors field="rating"/>
                <label for="comment">{format!("Anything you'd like to tell {studio_name}? (optional)")}</label>
                <textarea id="comment" name="comment" rows="4" maxlength="2000"
                    aria-describedby="comment-error" aria-invalid=invalid(errors, "comment")></textarea>
                <FieldMessage errors field="comment"/>
                <button type="submit" class="primary" disabled=move || answer.pending().get()>"Send my rating"</button>
            </ActionForm>
        }),
        (None, Some(reason)) if asked => EitherOf3::C(view! { <p class="notice">{reason}</p> }),
        (None, Some(_)) => return None,
    };
    Some(view! {
        <section aria-labelledby="survey-heading" class="survey" id="survey">
            <h2 id="survey-heading">"Rate your session"</h2>
            {content}
        </section>
    })
}
