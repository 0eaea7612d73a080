//! Collaborative proposals (partnership profiles) and expressions of interest:
//! their classifications, lifecycles and the limits of their fields, as the
//! original platform had them.

use chrono::{DateTime, Utc};

use crate::error::FieldError;
use crate::i18n::Message;

/// Declares a closed set of values with its wire names (the same in SQL, the
/// API, the forms and Fucina's ActivityPub terms).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        /// Read from a stored row: a value outside the set is refused, not guessed.
        impl TryFrom<String> for $name {
            type Error = UnknownValue;

            fn try_from(value: String) -> Result<Self, UnknownValue> {
                Self::parse(&value).ok_or(UnknownValue(value))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }
    };
}

/// A stored value that is none of its vocabulary's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a known value")]
pub struct UnknownValue(pub String);

vocabulary! {
    /// The Enterprise Europe Network's classification plus the original platform's types.
    ProposalKind {
        TechnologyOffer => "technology_offer",
        TechnologyRequest => "technology_request",
        BusinessOffer => "business_offer",
        BusinessRequest => "business_request",
        RdCooperation => "rd_cooperation",
        Research => "research",
        TechnicalCollaboration => "technical_collaboration",
        LicenceAgreement => "licence_agreement",
        JointVenture => "joint_venture",
        Subcontracting => "subcontracting",
    }
}

vocabulary! {
    /// How far the innovation has come.
    Stage {
        Idea => "idea",
        LabTested => "lab_tested",
        Demonstrable => "demonstrable",
        OnMarket => "on_market",
    }
}

vocabulary! {
    /// The intellectual property behind it.
    IntellectualProperty {
        Secret => "secret",
        PatentPending => "patent_pending",
        PatentGranted => "patent_granted",
        NoProtection => "none",
    }
}

vocabulary! {
    /// `draft` → `submitted` → `open` → `closed` | `expired` → `completed`.
    ProposalState {
        Draft => "draft",
        Submitted => "submitted",
        Open => "open",
        Closed => "closed",
        Expired => "expired",
        Completed => "completed",
    }
}

vocabulary! {
    /// `draft` → `sent` → `in_review` → `accepted` | `declined`; `withdrawn` by the sender.
    InterestState {
        Draft => "draft",
        Sent => "sent",
        InReview => "in_review",
        Accepted => "accepted",
        Declined => "declined",
        Withdrawn => "withdrawn",
    }
}

impl ProposalState {
    /// The author may still change it.
    pub fn editable(self) -> bool {
        self == ProposalState::Draft
    }

    /// Published: others see it.
    pub fn published(self) -> bool {
        matches!(
            self,
            ProposalState::Open | ProposalState::Closed | ProposalState::Expired | ProposalState::Completed
        )
    }
}

/// Why someone may not express interest in a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterestRefusal {
    /// One's own proposal.
    OwnProposal,
    /// Not open, or past its expiry date.
    NotOpen,
}

/// Who may express interest in a proposal, and when: anyone but its author
/// (`by` is who asks, `None` for a visitor), while it is open and its expiry
/// date has not come. The one rule, for the service, the pages and the API.
pub fn accepts_interest(
    state: ProposalState,
    expires_at: Option<DateTime<Utc>>,
    author: i64,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), InterestRefusal> {
    if by == Some(author) {
        return Err(InterestRefusal::OwnProposal);
    }
    if state != ProposalState::Open || expires_at.is_some_and(|at| at <= now) {
        return Err(InterestRefusal::NotOpen);
    }
    Ok(())
}

impl InterestState {
    /// Still waiting for the author's decision.
    pub fn pending(self) -> bool {
        matches!(self, InterestState::Sent | InterestState::InReview)
    }
}

pub const MAX_TITLE: usize = 200;
pub const MAX_SHORT_DESCRIPTION: usize = 400;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_CONTACT: usize = 200;
pub const MAX_COMPETENCES: usize = 20;
pub const MAX_COMPETENCE: usize = 50;
pub const MAX_INTEREST_TEXT: usize = 5_000;
pub const MAX_ON_BEHALF_OF: usize = 200;

/// A proposal's words, as its author writes them (trimmed, once checked).
/// Forms and the API read them under these names; the API answers with them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProposalTexts {
    pub title: String,
    /// What it is about, in a few lines.
    pub short_description: String,
    pub description: String,
    /// What is new in it.
    pub innovation: String,
    /// What partners are asked to bring.
    pub contribution: String,
    /// Who to ask, and how.
    pub contact: String,
}

impl ProposalTexts {
    fn trimmed(&self) -> Self {
        Self {
            title: self.title.trim().to_owned(),
            short_description: self.short_description.trim().to_owned(),
            description: self.description.trim().to_owned(),
            innovation: self.innovation.trim().to_owned(),
            contribution: self.contribution.trim().to_owned(),
            contact: self.contact.trim().to_owned(),
        }
    }
}

/// A proposal as its author writes it.
#[derive(Debug, Clone, Default)]
pub struct ProposalInput {
    pub texts: ProposalTexts,
    pub kind: String,
    pub stage: String,
    pub ip: String,
    pub languages: Vec<String>,
    pub foreign_partners: bool,
    pub competences: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The themes and communities (actor ids) it belongs to.
    pub groups: Vec<i64>,
}

/// A proposal's fields once checked.
#[derive(Debug, Clone)]
pub struct ValidProposal {
    pub texts: ProposalTexts,
    pub kind: ProposalKind,
    pub stage: Stage,
    pub ip: IntellectualProperty,
    pub languages: Vec<String>,
    pub foreign_partners: bool,
    pub competences: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub groups: Vec<i64>,
}

fn too_long(field: &'static str, text: &str, max: usize, errors: &mut Vec<FieldError>) {
    if text.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "ERR_TOO_LONG",
            Message::new("error-field-too-long").with("max", max.to_string()),
        ));
    }
}

fn required(field: &'static str, text: &str, errors: &mut Vec<FieldError>) {
    if text.trim().is_empty() {
        errors.push(FieldError::new(field, "ERR_BLANK", Message::new("error-field-blank")));
    }
}

/// A competence as a tag: lower case letters, digits and `_`, as hashtags are.
pub fn normalize_competence(text: &str) -> String {
    let folded: String = text
        .trim()
        .trim_start_matches('#')
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '-' {
                '_'
            } else {
                fold_accent(c)
            }
        })
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .flat_map(char::to_lowercase)
        .collect();
    // Spacing folded too: no doubled, leading or trailing separators.
    folded
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// A Latin letter without its accent (`è` → `e`, `Ç` → `C`); others as they are.
fn fold_accent(c: char) -> char {
    const FROM: &str = "àáâãäåèéêëìíîïòóôõöùúûüýÿñçÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝÑÇ";
    const TO: &str = "aaaaaaeeeeiiiiooooouuuuyyncAAAAAAEEEEIIIIOOOOOUUUUYNC";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// A language code: two or three ASCII letters.
pub fn normalize_language(code: &str) -> Option<String> {
    let code = code.trim();
    ((2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic())).then(|| code.to_ascii_lowercase())
}

/// Reads an expiry as typed: a date (`2027-01-31`, meaning the end of that
/// day, UTC), an RFC 3339 time, or nothing.
pub fn parse_expiry(text: &str) -> Result<Option<DateTime<Utc>>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| Some(t.and_utc()))
        .ok_or_else(|| {
            FieldError::new(
                "expires_at",
                "ERR_INVALID",
                Message::new("error-proposal-expiry-format"),
            )
        })
}

/// A choice from a closed list: `None`, with the reason in `errors`, when it is not one.
fn one_of<T>(field: &'static str, choice: Option<T>, errors: &mut Vec<FieldError>) -> Option<T> {
    if choice.is_none() {
        errors.push(FieldError::new(
            field,
            "ERR_INCLUSION",
            Message::new("error-field-choice"),
        ));
    }
    choice
}

impl ProposalInput {
    /// The input, its expiry typed as `raw` (a date or an RFC 3339 time; blank
    /// for none), or every problem at once when that does not parse.
    pub fn expiring(mut self, raw: &str) -> Result<Self, Vec<FieldError>> {
        match parse_expiry(raw) {
            Ok(at) => {
                self.expires_at = at;
                Ok(self)
            }
            Err(unparsed) => Err(self.refuse_with(unparsed, Utc::now())),
        }
    }

    /// Every problem of an input whose expiry did not parse: that one, and the
    /// others the rest of the fields have, so a form shows them all at once.
    pub fn refuse_with(self, unparsed: FieldError, now: DateTime<Utc>) -> Vec<FieldError> {
        let mut errors = vec![unparsed];
        errors.extend(self.validate(now).err().unwrap_or_default());
        errors
    }

    /// Checks every field and reports every problem at once. `now` decides
    /// whether an expiry date is in the past.
    pub fn validate(self, now: DateTime<Utc>) -> Result<ValidProposal, Vec<FieldError>> {
        let mut errors = Vec::new();
        required("title", &self.texts.title, &mut errors);
        too_long("title", &self.texts.title, MAX_TITLE, &mut errors);
        required("short_description", &self.texts.short_description, &mut errors);
        too_long(
            "short_description",
            &self.texts.short_description,
            MAX_SHORT_DESCRIPTION,
            &mut errors,
        );
        required("description", &self.texts.description, &mut errors);
        too_long("description", &self.texts.description, MAX_TEXT, &mut errors);
        too_long("innovation", &self.texts.innovation, MAX_TEXT, &mut errors);
        too_long("contribution", &self.texts.contribution, MAX_TEXT, &mut errors);
        too_long("contact", &self.texts.contact, MAX_CONTACT, &mut errors);
        let kind = one_of("kind", ProposalKind::parse(&self.kind), &mut errors);
        let stage = one_of("stage", Stage::parse(&self.stage), &mut errors);
        let ip = one_of("ip", IntellectualProperty::parse(&self.ip), &mut errors);
        let mut languages: Vec<String> = Vec::new();
        for code in self
            .languages
            .iter()
            .flat_map(|l| l.split(','))
            .filter(|l| !l.trim().is_empty())
        {
            match normalize_language(code) {
                Some(code) if !languages.contains(&code) => languages.push(code),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new(
                        "languages",
                        "ERR_INVALID",
                        Message::new("error-proposal-language"),
                    ));
                    break;
                }
            }
        }
        let mut competences: Vec<String> = Vec::new();
        for text in self.competences.iter().flat_map(|c| c.split(',')) {
            let tag = normalize_competence(text);
            if tag.chars().count() > MAX_COMPETENCE {
                errors.push(FieldError::new(
                    "competences",
                    "ERR_TOO_LONG",
                    Message::new("error-field-too-long").with("max", MAX_COMPETENCE.to_string()),
                ));
                break;
            }
            if !tag.is_empty() && !competences.contains(&tag) {
                competences.push(tag);
            }
        }
        if competences.len() > MAX_COMPETENCES {
            errors.push(FieldError::new(
                "competences",
                "ERR_TOO_MANY",
                Message::new("error-proposal-competences").with("max", MAX_COMPETENCES.to_string()),
            ));
        }
        if self.expires_at.is_some_and(|at| at <= now) {
            errors.push(FieldError::new(
                "expires_at",
                "ERR_INVALID",
                Message::new("error-proposal-expiry-past"),
            ));
        }
        let mut groups = self.groups;
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty() {
            errors.push(FieldError::new(
                "groups",
                "ERR_BLANK",
                Message::new("error-proposal-groups"),
            ));
        }
        match (kind, stage, ip) {
            (Some(kind), Some(stage), Some(ip)) if errors.is_empty() => Ok(ValidProposal {
                texts: self.texts.trimmed(),
                kind,
                stage,
                ip,
                languages,
                foreign_partners: self.foreign_partners,
                competences,
                expires_at: self.expires_at,
                groups,
            }),
            _ => Err(errors),
        }
    }
}

/// An expression of interest as its sender writes it.
#[derive(Debug, Clone, Default)]
pub struct InterestInput {
    pub offer: String,
    pub about: String,
    pub questions: String,
    pub on_behalf_of: String,
    pub team_consent: bool,
}

impl InterestInput {
    pub fn validate(self) -> Result<InterestInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        required("offer", &self.offer, &mut errors);
        too_long("offer", &self.offer, MAX_INTEREST_TEXT, &mut errors);
        too_long("about", &self.about, MAX_INTEREST_TEXT, &mut errors);
        too_long("questions", &self.questions, MAX_INTEREST_TEXT, &mut errors);
        too_long("on_behalf_of", &self.on_behalf_of, MAX_ON_BEHALF_OF, &mut errors);
        if errors.is_empty() {
            Ok(InterestInput {
                offer: self.offer.trim().to_owned(),
                about: self.about.trim().to_owned(),
                questions: self.questions.trim().to_owned(),
                on_behalf_of: self.on_behalf_of.trim().to_owned(),
                team_consent: self.team_consent,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interest_is_taken_from_others_while_open_and_unexpired() {
        let now = Utc::now();
        let later = Some(now + chrono::Duration::days(1));
        let earlier = Some(now - chrono::Duration::seconds(1));
        let cases = [
            (ProposalState::Open, later, Some(2), Ok(())),
            (ProposalState::Open, None, None, Ok(())),
            (ProposalState::Open, later, Some(1), Err(InterestRefusal::OwnProposal)),
            (ProposalState::Open, earlier, Some(2), Err(InterestRefusal::NotOpen)),
            (ProposalState::Open, Some(now), Some(2), Err(InterestRefusal::NotOpen)),
            (ProposalState::Closed, later, Some(2), Err(InterestRefusal::NotOpen)),
            (ProposalState::Submitted, later, Some(2), Err(InterestRefusal::NotOpen)),
            (ProposalState::Expired, None, Some(2), Err(InterestRefusal::NotOpen)),
        ];
        for (state, expires, by, expected) in cases {
            assert_eq!(
                accepts_interest(state, expires, 1, by, now),
                expected,
                "{state:?} {expires:?} {by:?}"
            );
        }
    }

    fn input() -> ProposalInput {
        ProposalInput {
            texts: ProposalTexts {
                title: "Drones for vineyards".into(),
                short_description: "Spraying by drone".into(),
                description: "We need partners.".into(),
                ..ProposalTexts::default()
            },
            kind: "technology_offer".into(),
            stage: "demonstrable".into(),
            ip: "patent_pending".into(),
            languages: vec!["IT, en".into()],
            competences: vec!["#Computer Vision, robotics, robotics".into()],
            groups: vec![3, 3],
            ..ProposalInput::default()
        }
    }

    #[test]
    fn a_valid_proposal_is_normalised() {
        let valid = input().validate(Utc::now()).unwrap();
        assert_eq!(valid.languages, vec!["it", "en"]);
        assert_eq!(valid.competences, vec!["computer_vision", "robotics"]);
        assert_eq!(valid.groups, vec![3]);
        assert_eq!(valid.kind, ProposalKind::TechnologyOffer);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut bad = input();
        bad.texts.short_description = "x".repeat(401);
        bad.texts.title = String::new();
        bad.kind = "gift".into();
        bad.groups.clear();
        bad.expires_at = Some(Utc::now() - chrono::Duration::days(1));
        let errors = bad.validate(Utc::now()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["title", "short_description", "kind", "expires_at", "groups"]
        );
    }

    #[test]
    fn the_short_description_may_have_exactly_400_characters() {
        let mut ok = input();
        ok.texts.short_description = "è".repeat(400);
        assert!(ok.validate(Utc::now()).is_ok());
    }

    #[test]
    fn expiries_are_dates_or_times() {
        assert_eq!(parse_expiry(" ").unwrap(), None);
        let date = parse_expiry("2099-12-31").unwrap().unwrap();
        assert_eq!(date.to_rfc3339(), "2099-12-31T23:59:59+00:00");
        assert!(parse_expiry("2099-12-31T10:00:00+01:00").unwrap().is_some());
        assert_eq!(parse_expiry("31/12/2099").unwrap_err().field, "expires_at");
    }

    #[test]
    fn an_unparsed_expiry_is_reported_with_the_other_problems() {
        let mut bad = input();
        bad.texts.title = String::new();
        let unparsed = parse_expiry("soon").unwrap_err();
        let fields: Vec<&str> = bad.refuse_with(unparsed, Utc::now()).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["expires_at", "title"]);
    }

    #[test]
    fn an_interest_needs_an_offer() {
        let errors = InterestInput::default().validate().unwrap_err();
        assert_eq!(errors[0].field, "offer");
    }
}
