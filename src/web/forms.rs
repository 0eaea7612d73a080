//! The forms the pages take, as typed: read from a request, and given back to
//! a template to show again with what was typed when something is refused.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::proposals::DbProposal;
use crate::domain::proposal::{ProposalInput, parse_expiry};
use crate::error::FieldError;

/// A date as a date field shows it.
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A form with nothing in it but its CSRF token (a button).
#[derive(Debug, Default, Deserialize)]
pub struct EmptyForm {}

/// The editor's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProposalForm {
    pub title: String,
    pub short_description: String,
    pub description: String,
    pub innovation: String,
    pub contribution: String,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: String,
    pub foreign_partners: Option<String>,
    pub competences: String,
    pub expires_at: String,
    pub contact: String,
    pub groups: Vec<i64>,
    /// `save` (a draft) or `submit`.
    pub intent: String,
}

impl ProposalForm {
    pub fn from_row(proposal: &DbProposal, groups: Vec<i64>) -> Self {
        Self {
            title: proposal.title.clone(),
            short_description: proposal.short_description.clone(),
            description: proposal.description.clone(),
            innovation: proposal.innovation.clone(),
            contribution: proposal.contribution.clone(),
            kind: proposal.kind.clone(),
            stage: proposal.stage.clone(),
            ip: proposal.ip.clone(),
            languages: proposal.language_list().join(", "),
            foreign_partners: proposal.foreign_partners.then(|| "1".to_owned()),
            competences: proposal.competence_list().join(", "),
            expires_at: proposal.expires_at.map(date).unwrap_or_default(),
            contact: proposal.contact.clone(),
            groups,
            intent: String::new(),
        }
    }

    /// The input, or every problem at once when the expiry does not parse.
    pub fn input(&self) -> Result<ProposalInput, Vec<FieldError>> {
        let (expires_at, unparsed) = match parse_expiry(&self.expires_at) {
            Ok(at) => (at, None),
            Err(problem) => (None, Some(problem)),
        };
        let input = ProposalInput {
            title: self.title.clone(),
            short_description: self.short_description.clone(),
            description: self.description.clone(),
            innovation: self.innovation.clone(),
            contribution: self.contribution.clone(),
            kind: self.kind.clone(),
            stage: self.stage.clone(),
            ip: self.ip.clone(),
            languages: vec![self.languages.clone()],
            foreign_partners: self.foreign_partners.is_some(),
            competences: vec![self.competences.clone()],
            expires_at,
            contact: self.contact.clone(),
            groups: self.groups.clone(),
        };
        match unparsed {
            None => Ok(input),
            Some(problem) => Err(input.refuse_with(problem, Utc::now())),
        }
    }
}

/// The interest form's values, kept when it is re-rendered with errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterestForm {
    pub offer: String,
    pub about: String,
    pub questions: String,
    pub on_behalf_of: String,
    pub team_consent: Option<String>,
    /// `draft` keeps it as a draft.
    pub intent: String,
}
