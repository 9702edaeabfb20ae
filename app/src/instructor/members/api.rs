//! The member list: add, remove, import a CSV.

#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRowView {
    pub line: usize,
    pub content: String,
    pub reason: String,
}

/// What a CSV import did, row by row where rows were not added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub added: usize,
    pub already_members: Vec<String>,
    pub rejected: Vec<RejectedRowView>,
}

#[server(endpoint = "members")]
pub async fn members() -> Result<Vec<MemberView>, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    Ok(state
        .store
        .members(studio.id)
        .await?
        .into_iter()
        .map(|member| MemberView {
            id: member.id,
            name: member.name.to_string(),
            email: member.email.to_string(),
        })
        .collect())
}

#[server(endpoint = "add_member")]
pub async fn add_member(name: String, email: String) -> Result<(), AppError> {
    use domain::members::NewMember;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut errors = domain::FieldErrors::new();
    let name = errors.take(domain::text::PersonName::parse("name", &name));
    let email = errors.take(domain::text::Email::parse("email", &email));
    let (Some(name), Some(email)) = (name, email) else {
        return Err(errors.into());
    };
    let outcome = state
        .store
        .add_members(studio.id, &[NewMember { name, email }], state.now())
        .await?;
    if outcome.added == 0 {
        return Err(AppError::field(
            "email",
            "This email is already on your member list.",
        ));
    }
    Ok(())
}

#[server(endpoint = "remove_member")]
pub async fn remove_member(id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if state.store.remove_member(studio.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "This member is not on your list.".to_owned(),
        ))
    }
}

/// Adds every valid row of a CSV of names and emails; reports the rows it left out and why.
#[server(endpoint = "import_members")]
pub async fn import_members(csv: String) -> Result<ImportReport, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if csv.trim().is_empty() {
        return Err(AppError::field(
            "csv",
            "Choose a CSV file, or paste its rows: name, email.",
        ));
    }
    let import = domain::members::parse_member_csv(&csv);
    let outcome = state
        .store
        .add_members(studio.id, &import.accepted, state.now())
        .await?;
    Ok(ImportReport {
        added: outcome.added,
        already_members: outcome
            .already_members
            .iter()
            .map(ToString::to_string)
            .collect(),
        rejected: import
            .rejected
            .into_iter()
            .map(|row| RejectedRowView {
                line: row.line,
                content: row.content,
                reason: row.reason,
            })
            .collect(),
    })
}
