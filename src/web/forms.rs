//! The forms the pages take, as typed: read from a request, and given back to
//! a template to show again with what was typed when something is refused.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::proposals::DbProposal;
use crate::domain::proposal::{ProposalInput, ProposalTexts};
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
    #[serde(flatten)]
    pub texts: ProposalTexts,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: String,
    pub foreign_partners: Option<String>,
    pub competences: String,
    pub expires_at: String,
    pub groups: Vec<i64>,
    /// `save` (a draft) or `submit`.
    pub intent: String,
}

impl ProposalForm {
    pub fn from_row(proposal: &DbProposal, groups: Vec<i64>) -> Self {
        Self {
            texts: proposal.texts(),
            kind: proposal.kind.clone(),
            stage: proposal.stage.clone(),
            ip: proposal.ip.clone(),
            languages: proposal.language_list().join(", "),
            foreign_partners: proposal.foreign_partners.then(|| "1".to_owned()),
            competences: proposal.competence_list().join(", "),
            expires_at: proposal.expires_at.map(date).unwrap_or_default(),
            groups,
            intent: String::new(),
        }
    }

    /// The input, or every problem at once when the expiry does not parse.
    pub fn input(&self) -> Result<ProposalInput, Vec<FieldError>> {
        ProposalInput {
            texts: self.texts.clone(),
            kind: self.kind.clone(),
            stage: self.stage.clone(),
            ip: self.ip.clone(),
            languages: vec![self.languages.clone()],
            foreign_partners: self.foreign_partners.is_some(),
            competences: vec![self.competences.clone()],
            expires_at: None,
            groups: self.groups.clone(),
        }
        .expiring(&self.expires_at)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_form_reads_its_words_and_every_ticked_group() {
        let typed = "title=Drones&contact=Anna&kind=research&groups=3&groups=5&foreign_partners=1&intent=save";
        let form: ProposalForm = serde_html_form::from_str(typed).unwrap();
        assert_eq!(form.texts.title, "Drones");
        assert_eq!(form.texts.contact, "Anna");
        assert_eq!(form.kind, "research");
        assert_eq!(form.groups, vec![3, 5]);
        assert!(form.foreign_partners.is_some());
        assert_eq!(form.intent, "save");
    }
}
