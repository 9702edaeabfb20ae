//! Stored records as the views that cross to the browser.

use crate::instructor::studio::api::StudioView;
use crate::shared::views::{QuestionView, SessionTypeView};

pub fn studio_view(studio: &store::Studio) -> StudioView {
    StudioView {
        name: studio.settings.name.to_string(),
        slug: studio.settings.slug.to_string(),
        timezone: studio.settings.timezone.name().to_owned(),
        currency: studio.settings.currency.code().to_owned(),
    }
}

pub fn session_type_view(session_type: &store::SessionType) -> SessionTypeView {
    let spec = &session_type.spec;
    SessionTypeView {
        id: session_type.id,
        name: spec.name.to_string(),
        description: spec.description.as_str().to_owned(),
        duration_label: match &spec.mini {
            Some(session) => session.length_label(),
            None => spec.duration.label(),
        },
        capacity: spec.capacity.seats(),
        price_label: spec.price_label(),
        status: spec.status,
        location: spec.location.as_ref().map(ToString::to_string),
        has_video_link: spec.video_link.is_some(),
        cover_url: spec
            .cover_image
            .as_ref()
            .map(crate::server::media::MediaStore::url_of),
        link_only: false,
        share_link: None,
    }
}

pub fn answer_pairs(answers: &domain::questions::Answers) -> Vec<(String, String)> {
    answers
        .as_slice()
        .iter()
        .map(|answer| (answer.prompt().to_owned(), answer.value().to_owned()))
        .collect()
}

/// The questions a booking form asks, as students read them.
pub fn questions(asked: &domain::questions::RegistrationQuestions) -> Vec<QuestionView> {
    asked
        .as_slice()
        .iter()
        .enumerate()
        .map(|(index, question)| QuestionView {
            index,
            prompt: question.prompt.as_str().to_owned(),
            kind: question.kind.as_str().to_owned(),
            options: question
                .kind
                .options()
                .map(|options| options.as_slice().to_vec())
                .unwrap_or_default(),
            required: question.required,
        })
        .collect()
}

/// Names the wording and order of the questions as `questions` shows them to students, and
/// the contract they sign: a form sent with another version was filled in for other wording.
pub fn questions_version(
    questions: &[QuestionView],
    contract: Option<&domain::forms::Contract>,
) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    if let Some(contract) = contract {
        for part in [contract.title.as_str(), contract.body.source()] {
            digest.update(part.as_bytes());
            digest.update([0x1d]);
        }
    }
    for question in questions {
        for part in [question.prompt.as_str(), question.kind.as_str()]
            .into_iter()
            .chain(question.options.iter().map(String::as_str))
        {
            digest.update(part.as_bytes());
            digest.update([0x1f]);
        }
        digest.update([u8::from(question.required), 0x1e]);
    }
    let bytes = digest.finalize();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes[..12])
}
