//! The page templates (askama, in src/web/templates/) and the data they take.
//! Every visible string in them is a message looked up through `Page::tr`.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::error::{ErrorPage, FieldError};
use crate::i18n::Translator;
use crate::web::views::{AppealRow, ExportView, ImportView, ReportRow, WarningView};

/// What the layout shows on every page.
#[derive(Debug, Clone)]
pub struct Page {
    pub tr: Translator,
    pub lang: &'static str,
    pub instance_name: String,
    pub csrf: String,
    pub user: Option<UserBadge>,
    /// The current path and query, for the language switcher to come back to.
    pub path: String,
    pub flash: Option<String>,
    pub languages: Vec<LanguageChoice>,
    pub registrations_open: bool,
}

#[derive(Debug, Clone)]
pub struct UserBadge {
    pub username: String,
    pub display_name: String,
    pub is_admin: bool,
    /// Facilitators, moderators and administrators: the moderation queue is
    /// theirs (a facilitator's holds the reports about proposals).
    pub works_reports: bool,
    /// Suspended: only the pages about the suspension, the data and deletion.
    pub restricted: bool,
}

#[derive(Debug, Clone)]
pub struct LanguageChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// Field errors of a form, translated, for the template to place beside each field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    fields: Vec<(&'static str, String)>,
    /// An error about the whole form.
    pub general: Option<String>,
}

impl FormErrors {
    pub fn new(errors: &[FieldError], translator: &Translator) -> Self {
        Self {
            fields: errors.iter().map(|e| (e.field, e.message.render(translator))).collect(),
            general: None,
        }
    }

    pub fn general(message: String) -> Self {
        Self {
            fields: Vec::new(),
            general: Some(message),
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }

    pub fn for_field(&self, field: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }
}

/// Renders a template as a 200 HTML response.
pub fn render<T: Template>(template: &T) -> Response {
    render_with_status(StatusCode::OK, template)
}

/// Renders a template with a status (forms re-rendered with errors use 422).
pub fn render_with_status<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
        Err(error) => {
            tracing::error!(error = %error, "rendering a template");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessageTemplate {
    pub page: Page,
    pub heading: String,
    pub body: String,
    pub code: Option<String>,
}

/// The page shown for an error response.
pub type ErrorTemplate = MessageTemplate;

impl MessageTemplate {
    pub fn new(page: &Page, error: &ErrorPage) -> Self {
        let heading_key = match error.status {
            StatusCode::NOT_FOUND => "error-page-not-found",
            StatusCode::FORBIDDEN => "error-page-forbidden",
            StatusCode::UNAUTHORIZED => "error-page-unauthorized",
            StatusCode::TOO_MANY_REQUESTS => "error-page-rate-limited",
            s if s.is_server_error() => "error-page-server",
            _ => "error-page-bad-request",
        };
        Self {
            heading: page.tr.t(heading_key),
            body: error.message.render(&page.tr),
            code: None,
            page: page.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeTemplate {
    pub page: Page,
    pub description: String,
    pub domain: String,
    pub users: i64,
}

#[derive(Template)]
#[template(path = "signup.html")]
pub struct SignupTemplate {
    pub page: Page,
    pub errors: FormErrors,
    pub username: String,
    pub email: String,
    pub reason: String,
    /// The terms and the privacy policy were ticked.
    pub agreement: bool,
    pub domain: String,
    pub min_password: usize,
    pub approval_required: bool,
    /// Themes to join at once: key, name, ticked.
    pub themes: Vec<(String, String, bool)>,
    /// The instance rules, in the viewer's language.
    pub rules: Vec<crate::services::rules::RuleText>,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginTemplate {
    pub page: Page,
    pub error: Option<String>,
    pub login: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "password_reset_request.html")]
pub struct PasswordResetRequestTemplate {
    pub page: Page,
    pub email: String,
    pub sent: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
pub struct PasswordResetTemplate {
    pub page: Page,
    pub token: String,
    pub errors: FormErrors,
    pub min_password: usize,
}

#[derive(Template)]
#[template(path = "settings_profile.html")]
pub struct SettingsProfileTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub display_name: String,
    pub note: String,
    pub locale: String,
    pub fields: Vec<TextField>,
    pub locked: bool,
    pub hide_collections: bool,
    /// Listed in directories and suggested for proposals, here and on linked instances.
    pub discoverable: bool,
    /// What the person knows, comma-separated, and the languages they work in.
    pub competences: String,
    pub languages: String,
    /// Labels of the vocabulary, offered as they type.
    pub vocabulary: Vec<String>,
    /// The kinds and stages of proposal they follow: value, label, ticked.
    pub kinds: Vec<crate::web::views::Choice>,
    pub stages: Vec<crate::web::views::Choice>,
}

/// A one-line text field of a form.
#[derive(Debug, Clone)]
pub struct TextField {
    pub name: &'static str,
    pub label_key: &'static str,
    pub value: String,
    pub max: usize,
}

impl TextField {
    /// The profile fields that federate: organisation, role, skills, website.
    pub fn profile(organisation: String, role: String, skills: String, website: String) -> Vec<TextField> {
        vec![
            TextField {
                name: "organisation",
                label_key: "field-organisation",
                value: organisation,
                max: 200,
            },
            TextField {
                name: "role",
                label_key: "field-role",
                value: role,
                max: 200,
            },
            TextField {
                name: "skills",
                label_key: "field-skills",
                value: skills,
                max: 500,
            },
            TextField {
                name: "website",
                label_key: "field-website",
                value: website,
                max: 300,
            },
        ]
    }
}

#[derive(Template)]
#[template(path = "settings_password.html")]
pub struct SettingsPasswordTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub username: String,
    pub min_password: usize,
}

#[derive(Template)]
#[template(path = "settings_moderation.html")]
pub struct SettingsModerationTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub warnings: Vec<WarningView>,
}

#[derive(Template)]
#[template(path = "settings_delete.html")]
pub struct SettingsDeleteTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub username: String,
}

#[derive(Template)]
#[template(path = "settings_data.html")]
pub struct SettingsDataTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub exports: Vec<ExportView>,
    pub imports: Vec<ImportView>,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportTemplate {
    pub page: Page,
    pub errors: FormErrors,
    pub acct: String,
    pub name: String,
    /// On another server: the report may be passed on to it.
    pub remote: bool,
    /// The reported posts: id, content (sanitised HTML).
    pub posts: Vec<(i64, String)>,
    /// value, label, chosen
    pub categories: Vec<(&'static str, String, bool)>,
    /// id, text, ticked
    pub rules: Vec<(i64, String, bool)>,
    pub comment: String,
    pub forward: bool,
}

#[derive(Template)]
#[template(path = "moderation.html")]
pub struct ModerationTemplate {
    pub page: Page,
    pub reports: Vec<ReportRow>,
    pub appeals: Vec<AppealRow>,
    /// value, label
    pub actions: Vec<(&'static str, String)>,
    /// An instance moderator: account actions and appeals.
    pub can_act: bool,
}

#[derive(Template)]
#[template(path = "legal.html")]
pub struct LegalTemplate {
    pub page: Page,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub updated: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_legal.html")]
pub struct AdminLegalTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    /// (field name, language name, document label, text)
    pub fields: Vec<(String, &'static str, String, String)>,
}

/// One rule in the admin area: its words in every language.
pub struct RuleRow {
    pub id: i64,
    pub position: i32,
    /// (language code, language name, text, hint)
    pub texts: Vec<(&'static str, &'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "admin_rules.html")]
pub struct AdminRulesTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub rules: Vec<RuleRow>,
    /// The form to add one, as typed when it was refused.
    pub new_rule: RuleRow,
}

pub struct AuthorizedAppView {
    pub id: i64,
    pub name: String,
    pub website: Option<String>,
    pub scopes: String,
    pub authorized_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Template)]
#[template(path = "settings_apps.html")]
pub struct SettingsAppsTemplate {
    pub page: Page,
    pub section: &'static str,
    pub apps: Vec<AuthorizedAppView>,
}

#[derive(Template)]
#[template(path = "authorize.html")]
pub struct AuthorizeTemplate {
    pub page: Page,
    pub app_name: String,
    pub app_website: Option<String>,
    pub error: Option<String>,
    /// Each scope with its explanation.
    pub scopes: Vec<(String, String)>,
    /// The request's parameters, carried through the forms.
    pub hidden: Vec<(&'static str, String)>,
    pub login: String,
}

pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub role: String,
    /// `user`, `facilitator`, `moderator` or `admin`.
    pub role_key: String,
    pub approval: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
pub struct AdminAccountsTemplate {
    pub page: Page,
    pub section: &'static str,
    pub pending: Vec<AccountRow>,
    pub all: Vec<AccountRow>,
    /// (value, label) of every role.
    pub roles: Vec<(&'static str, String)>,
}

/// The state of a compose form.
#[derive(Debug, Clone, Default)]
pub struct ComposeForm {
    pub in_reply_to: Option<i64>,
    pub text: String,
    pub title: String,
    pub error: Option<String>,
    /// Start as a direct message (replying to one).
    pub direct: bool,
    /// The group to post in.
    pub group_id: Option<i64>,
    /// Publish as news (an Article).
    pub news: bool,
    /// In a group, which decides who reads: no visibility choice.
    pub in_group: bool,
}

#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelineTemplate {
    pub page: Page,
    pub heading: String,
    pub section: &'static str,
    pub compose: Option<ComposeForm>,
    pub statuses: Vec<crate::web::views::StatusCard>,
    pub older: Option<String>,
    /// On the home page: the first proposals suggested to the person.
    pub for_you: Vec<crate::web::views::SuggestionCard>,
}

#[derive(Template)]
#[template(path = "admin_competences.html")]
pub struct AdminCompetencesTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub competences: Vec<crate::web::views::CompetenceRow>,
}

#[derive(Template)]
#[template(path = "people.html")]
pub struct PeopleTemplate {
    pub page: Page,
    pub people: Vec<crate::web::views::AccountLine>,
    /// id, name, chosen
    pub themes: Vec<(i64, String, bool)>,
    pub vocabulary: Vec<String>,
    pub competence: String,
    pub organisation: String,
    pub instance: String,
    pub more: Option<String>,
}

#[derive(Template)]
#[template(path = "for_you.html")]
pub struct ForYouTemplate {
    pub page: Page,
    pub suggestions: Vec<crate::web::views::SuggestionCard>,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub struct ProfileTemplate {
    pub page: Page,
    pub profile: crate::web::views::ProfileView,
    pub relation: crate::web::views::RelationView,
    pub statuses: Vec<crate::web::views::StatusCard>,
    pub older: Option<String>,
}

#[derive(Template)]
#[template(path = "groups.html")]
pub struct GroupDirectoryTemplate {
    pub page: Page,
    pub themes: Vec<crate::web::views::DirectoryEntry>,
    pub communities: Vec<crate::web::views::DirectoryEntry>,
    pub elsewhere: Vec<crate::web::views::DirectoryEntry>,
}

#[derive(Template)]
#[template(path = "group.html")]
pub struct GroupTemplate {
    pub page: Page,
    pub group: crate::web::views::GroupView,
    pub relation: crate::web::views::RelationView,
    pub staff: bool,
    pub members_visible: bool,
    pub posts: i64,
    pub news: bool,
    /// Code, name, selected.
    pub languages: Vec<(&'static str, &'static str, bool)>,
    pub compose: Option<ComposeForm>,
    pub statuses: Vec<crate::web::views::StatusCard>,
    pub older: Option<String>,
    /// How many open proposals it has, and the latest few.
    pub open_proposals: i64,
    pub proposals: Vec<ProposalCard>,
}

#[derive(Template)]
#[template(path = "group_members.html")]
pub struct GroupMembersTemplate {
    pub page: Page,
    pub group: crate::web::views::GroupView,
    /// Each with the name of their role.
    pub staff: Vec<(crate::web::views::AccountLine, String)>,
    pub members: Vec<crate::web::views::AccountLine>,
}

#[derive(Template)]
#[template(path = "group_new.html")]
pub struct GroupNewTemplate {
    pub page: Page,
    pub errors: FormErrors,
    /// What was filled in so far.
    pub community: crate::services::groups::NewCommunity,
    pub themes: Vec<(i64, String)>,
    pub languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "group_manage.html")]
pub struct GroupManageTemplate {
    pub page: Page,
    pub group: crate::web::views::GroupView,
    pub errors: FormErrors,
    pub manager: bool,
    /// The group's settings, in the viewer's language.
    pub settings: crate::services::groups::GroupEdit,
    pub languages: Vec<(&'static str, &'static str, bool)>,
    pub requests: Vec<crate::web::views::AccountLine>,
    pub invitations: Vec<crate::web::views::AccountLine>,
    pub bans: Vec<(crate::web::views::AccountLine, String)>,
    pub staff: Vec<(crate::web::views::AccountLine, String)>,
    pub log: Vec<crate::web::views::LogLine>,
}

#[derive(Template)]
#[template(path = "thread.html")]
pub struct ThreadTemplate {
    pub page: Page,
    pub heading: String,
    pub ancestors: Vec<crate::web::views::StatusCard>,
    /// The post itself (a list of one, so the same partial renders it).
    pub focus: Vec<crate::web::views::StatusCard>,
    pub descendants: Vec<crate::web::views::StatusCard>,
    pub compose: Option<ComposeForm>,
}

#[derive(Template)]
#[template(path = "follow_requests.html")]
pub struct FollowRequestsTemplate {
    pub page: Page,
    pub requests: Vec<crate::web::views::AccountLine>,
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsTemplate {
    pub page: Page,
    pub items: Vec<crate::web::views::NotificationLine>,
    pub pending_requests: i64,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchTemplate {
    pub page: Page,
    pub query: String,
    pub tab: String,
    pub error: Option<String>,
    /// link, label, current
    pub tabs: Vec<(String, String, bool)>,
    pub hits: Vec<crate::web::views::SearchHit>,
    /// The next page of results.
    pub more: Option<String>,
}

#[derive(Template)]
#[template(path = "remote_follow.html")]
pub struct RemoteFollowTemplate {
    pub page: Page,
    pub acct: String,
    pub handle: String,
    pub error: Option<String>,
}

pub struct InstanceRow {
    pub host: String,
    pub failures: i32,
    pub pending: i64,
    pub paused_until: String,
    pub last_success: String,
}

#[derive(Template)]
#[template(path = "admin_themes.html")]
pub struct AdminThemesTemplate {
    pub page: Page,
    pub section: &'static str,
    pub errors: FormErrors,
    pub themes: Vec<crate::web::views::ThemeRow>,
    pub languages: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "admin_federation.html")]
pub struct AdminFederationTemplate {
    pub page: Page,
    pub section: &'static str,
    pub pending: i64,
    pub due: i64,
    pub dead: i64,
    pub paused: i64,
    pub oldest: String,
    pub instances: Vec<InstanceRow>,
    /// `open` or `linked-only`.
    pub mode: String,
    pub links: Vec<LinkRow>,
    /// (domain, severity label, reason)
    pub blocks: Vec<(String, String, String)>,
    pub blocked_accounts: Vec<String>,
    /// (when, action, domain, reason)
    pub log: Vec<(String, String, String, String)>,
    pub errors: FormErrors,
}

/// A link or relay subscription on the admin page.
pub struct LinkRow {
    pub domain: String,
    pub kind_label: String,
    /// A Mastodon-style relay's inbox.
    pub relay_inbox: Option<String>,
    pub state: String,
    pub state_label: String,
    pub last_received: String,
    pub failures: i32,
    pub last_delivered: String,
}

/// A proposal in a list.
#[derive(Debug, Clone)]
pub struct ProposalCard {
    pub id: i64,
    pub title: String,
    pub short_description: String,
    pub state: String,
    pub state_label: String,
    pub kind_label: String,
    pub stage_label: String,
    pub author_name: String,
    pub author_link: String,
    pub instance: String,
    /// (name, link)
    pub groups: Vec<(String, String)>,
    pub competences: Vec<String>,
    pub languages: Vec<String>,
    pub expires: Option<String>,
}

/// The filters above the proposal list: (value, label, selected).
#[derive(Debug, Clone)]
pub struct ProposalFilters {
    pub groups: Vec<(i64, String, bool)>,
    pub kinds: Vec<(&'static str, String, bool)>,
    pub stages: Vec<(&'static str, String, bool)>,
    pub states: Vec<(&'static str, String, bool)>,
    pub language: String,
    pub competence: String,
    pub instance: String,
    /// The linked instances, offered as the instance filter's choices.
    pub linked: Vec<String>,
}

#[derive(Template)]
#[template(path = "proposals.html")]
pub struct ProposalsTemplate {
    pub page: Page,
    pub heading: String,
    pub cards: Vec<ProposalCard>,
    pub filters: Option<ProposalFilters>,
    pub older: Option<String>,
    pub facilitator: bool,
    pub empty: String,
}

#[derive(Template)]
#[template(path = "proposal_form.html")]
pub struct ProposalFormTemplate {
    pub page: Page,
    pub action: String,
    pub form: crate::web::forms::ProposalForm,
    pub errors: FormErrors,
    pub kinds: Vec<(&'static str, String, bool)>,
    pub stages: Vec<(&'static str, String, bool)>,
    pub ips: Vec<(&'static str, String, bool)>,
    pub groups: Vec<(i64, String, bool)>,
}

#[derive(Template)]
#[template(path = "proposal.html")]
pub struct ProposalTemplate {
    pub page: Page,
    pub card: ProposalCard,
    /// Its page on its own instance, for a remote proposal.
    pub url: Option<String>,
    pub report_link: Option<String>,
    /// For its author and the facilitators: people who know what it seeks.
    pub candidates: Option<Vec<crate::web::views::CandidateLine>>,
    /// Safe HTML.
    pub description: String,
    pub innovation: String,
    pub contribution: String,
    pub ip_label: String,
    pub foreign_partners: bool,
    pub contact: String,
    pub review_note: Option<String>,
    pub local: bool,
    pub is_author: bool,
    pub facilitator: bool,
    pub can_edit: bool,
    pub can_publish: bool,
    pub can_close: bool,
    pub can_complete: bool,
    pub can_form_team: bool,
    pub can_express: bool,
    pub team: Vec<(String, String)>,
    pub team_group: Option<String>,
    /// (title, safe HTML, link)
    pub results: Option<(String, String, String)>,
    pub own_interest: Option<crate::web::views::InterestLine>,
    pub interests: Vec<crate::web::views::InterestLine>,
    pub interest_form: crate::web::forms::InterestForm,
    pub errors: FormErrors,
    pub files: Vec<crate::web::views::FileLink>,
    pub max_files: usize,
    /// The extensions the upload forms accept.
    pub accept: String,
}

#[derive(Template)]
#[template(path = "directory.html")]
pub struct DirectoryTemplate {
    pub page: Page,
    pub entries: Vec<crate::services::directory::DirectoryEntry>,
}

#[derive(Template)]
#[template(path = "interests.html")]
pub struct InterestsTemplate {
    pub page: Page,
    pub lines: Vec<crate::web::views::InterestLine>,
}

#[derive(Template)]
#[template(path = "settings_notifications.html")]
pub struct SettingsNotificationsTemplate {
    pub page: Page,
    pub section: &'static str,
    /// (value, label, chosen)
    pub choices: Vec<(&'static str, String, bool)>,
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
pub struct UnsubscribeTemplate {
    pub page: Page,
    pub token: String,
    pub done: bool,
}
