//! What the social pages show of posts and accounts, built from the read
//! models in `db::views` and translated for the viewer.

use diesel_async::AsyncPgConnection;

use crate::db::actors::DbActor;
use crate::db::attachments::{self, DbAttachment};
use crate::db::groups::LocalGroup;
use crate::db::proposals::DbInterest;
use crate::db::views::{StatusView, fields_of};
use crate::domain::group::{GroupKind, JoinMode, Translations};
use crate::domain::profile::ProfileField;
use crate::domain::proposal::InterestState;
use crate::error::AppResult;
use crate::i18n::{Language, Translator};
use crate::services::attachments as attachment_service;
use crate::state::AppState;

/// A post as a card in a list or a thread.
#[derive(Debug, Clone)]
pub struct StatusCard {
    /// The id actions apply to: the boosted post's for a boost.
    pub id: i64,
    pub link: String,
    pub author_link: String,
    pub author_name: String,
    pub author_acct: String,
    pub avatar: String,
    pub title: Option<String>,
    pub spoiler: String,
    /// Safe HTML: rendered by us, or sanitised when it arrived.
    pub content: String,
    pub tags: Vec<String>,
    pub language: String,
    pub visibility_label: String,
    pub published: String,
    pub published_iso: String,
    pub edited: bool,
    pub reply_to_link: Option<String>,
    pub replies: i64,
    pub favourites: i64,
    pub reblogs: i64,
    pub favourited: bool,
    pub reblogged: bool,
    pub boostable: bool,
    pub own: bool,
    pub boosted_by: Option<String>,
    /// In a group, and the viewer moderates it: removal, locking and pinning.
    pub moderate: bool,
    pub in_group: bool,
    pub thread_start: bool,
    pub locked: bool,
    pub pinned: bool,
    pub poll: Option<PollCard>,
    pub media: Vec<MediaCard>,
}

/// A picture on a post. Ours are shown in place; other servers' media are
/// links, so that reading a page does not tell their servers who reads it.
#[derive(Debug, Clone)]
pub struct MediaCard {
    pub url: String,
    pub description: String,
    pub local_picture: bool,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

impl MediaCard {
    fn new(row: &crate::db::attachments::DbAttachment, state: &AppState) -> Self {
        Self {
            url: crate::services::attachments::url_of(&state.config, row),
            description: row.description.clone(),
            local_picture: row.key.is_some() && row.content_type.starts_with("image/"),
            width: row.width,
            height: row.height,
        }
    }
}

/// A consultation as a post shows it: the options to vote for, or the results
/// (after voting, at the end, or to its author).
#[derive(Debug, Clone)]
pub struct PollCard {
    pub multiple: bool,
    pub show_results: bool,
    pub can_vote: bool,
    pub expired: bool,
    pub ends: String,
    pub voters: i64,
    /// (index, title, votes, percent, chosen by the viewer)
    pub options: Vec<(usize, String, i64, i64, bool)>,
}

impl PollCard {
    pub fn new(poll: &crate::db::polls::DbPoll, own_votes: &[i32], own_post: bool, signed_in: bool) -> Self {
        let expired = poll.expired(chrono::Utc::now());
        let total = poll.votes_count().max(1);
        let voted = !own_votes.is_empty();
        Self {
            multiple: poll.multiple,
            show_results: voted || expired || own_post,
            can_vote: signed_in && !voted && !expired,
            expired,
            ends: poll
                .expires_at
                .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
            voters: poll.voters_count,
            options: poll
                .option_titles()
                .into_iter()
                .enumerate()
                .map(|(i, title)| {
                    let votes = poll.count_of(i);
                    let chosen = own_votes.iter().any(|c| usize::try_from(*c).ok() == Some(i));
                    (i, title, votes, votes * 100 / total, chosen)
                })
                .collect(),
        }
    }
}

/// The local page of an actor: `/@name` here, `/@name@domain` for others.
pub fn actor_link(actor: &DbActor) -> String {
    format!("/@{}", actor.acct())
}

pub fn display_name(actor: &DbActor) -> String {
    if actor.display_name.trim().is_empty() {
        actor.username.clone()
    } else {
        actor.display_name.clone()
    }
}

/// An author's name where their work outlives their account: "deleted
/// account" once it is gone.
pub fn author_name(actor: &DbActor, tr: &crate::i18n::Translator) -> String {
    if actor.deleted_at.is_some() {
        tr.t("account-deleted")
    } else {
        display_name(actor)
    }
}

pub fn avatar(state: &AppState, actor: &DbActor) -> String {
    actor
        .avatar_url
        .clone()
        .unwrap_or_else(|| state.urls().default_avatar())
}

pub fn visibility_label(tr: &Translator, visibility: &str) -> String {
    tr.t(match visibility {
        "public" => "visibility-public",
        "unlisted" => "visibility-unlisted",
        "private" => "visibility-private",
        _ => "visibility-direct",
    })
}

impl StatusCard {
    pub fn from_view(view: &StatusView, state: &AppState, tr: &Translator, viewer: Option<i64>) -> Self {
        let (shown, boosted_by) = match &view.reblog {
            Some(original) => (original.as_ref(), Some(display_name(&view.author))),
            None => (view, None),
        };
        let status = &shown.status;
        let author = &shown.author;
        Self {
            id: status.id,
            link: format!("{}/{}", actor_link(author), status.id),
            author_link: actor_link(author),
            author_name: display_name(author),
            author_acct: author.acct(),
            avatar: avatar(state, author),
            title: status.name.clone().filter(|t| !t.is_empty()),
            spoiler: status.summary.clone(),
            content: status.content.clone(),
            tags: shown.tags.clone(),
            language: status.language.clone().unwrap_or_default(),
            visibility_label: visibility_label(tr, &status.visibility),
            published: status.published_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            published_iso: status.published_at.to_rfc3339(),
            edited: status.edited_at.is_some(),
            reply_to_link: status.in_reply_to_id.map(|id| format!("/statuses/{id}")),
            replies: status.replies_count,
            favourites: status.favourites_count,
            reblogs: status.reblogs_count,
            favourited: shown.favourited,
            reblogged: shown.reblogged,
            boostable: matches!(status.visibility.as_str(), "public" | "unlisted"),
            own: viewer == Some(status.actor_id),
            boosted_by,
            moderate: false,
            in_group: status.group_id.is_some(),
            thread_start: status.in_reply_to_id.is_none() && status.in_reply_to_ap_id.is_none(),
            locked: status.locked,
            pinned: status.pinned_at.is_some(),
            poll: shown
                .poll
                .as_ref()
                .map(|p| PollCard::new(p, &shown.own_votes, viewer == Some(status.actor_id), viewer.is_some())),
            media: shown.media.iter().map(|m| MediaCard::new(m, state)).collect(),
        }
    }

    /// Shows the moderation buttons when the viewer moderates the post's group.
    pub fn with_moderation(mut self, viewer_moderates: bool) -> Self {
        self.moderate = viewer_moderates && self.in_group && self.boosted_by.is_none();
        self
    }
}

/// An account on a profile page.
#[derive(Debug, Clone)]
pub struct ProfileView {
    pub name: String,
    pub acct: String,
    pub avatar: String,
    pub header: String,
    pub note: String,
    pub fields: Vec<ProfileField>,
    pub statuses: i64,
    pub followers: i64,
    pub following: i64,
    pub locked: bool,
    pub is_group: bool,
    pub local: bool,
    pub own: bool,
    /// The original page, for remote accounts.
    pub remote_url: Option<String>,
}

impl ProfileView {
    pub fn new(actor: &DbActor, state: &AppState, viewer: Option<i64>) -> Self {
        let tr = state.config.i18n.default_language.translator();
        Self {
            name: display_name(actor),
            acct: actor.acct(),
            avatar: avatar(state, actor),
            header: actor
                .header_url
                .clone()
                .unwrap_or_else(|| state.urls().default_header()),
            note: actor.summary.clone(),
            fields: fields_of(actor, &tr),
            statuses: actor.statuses_count,
            followers: actor.followers_count,
            following: actor.following_count,
            locked: actor.manually_approves_followers,
            is_group: actor.actor_type == "Group",
            local: actor.is_local(),
            own: viewer == Some(actor.id),
            remote_url: (!actor.is_local())
                .then(|| actor.url.clone().unwrap_or_else(|| actor.ap_id.clone()))
                .as_deref()
                .and_then(crate::domain::text::web_url),
        }
    }
}

/// Between the viewer and an account.
#[derive(Debug, Clone, Default)]
pub struct RelationView {
    pub following: bool,
    pub requested: bool,
    pub followed_by: bool,
    pub blocking: bool,
}

/// An account in a list (search results, follow requests).
#[derive(Debug, Clone)]
pub struct AccountLine {
    pub id: i64,
    pub name: String,
    pub acct: String,
    pub link: String,
}

impl AccountLine {
    pub fn new(actor: &DbActor) -> Self {
        Self {
            id: actor.id,
            name: display_name(actor),
            acct: actor.acct(),
            link: actor_link(actor),
        }
    }
}

/// A notification on the notifications page.
#[derive(Debug, Clone)]
pub struct NotificationLine {
    pub actor_name: String,
    pub actor_link: String,
    pub text: String,
    /// What it is about (a group, a proposal): name and link.
    pub target: Option<(String, String)>,
    pub when: String,
    pub status: Option<StatusCard>,
}

/// A group as the pages show it.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub id: i64,
    pub acct: String,
    pub name: String,
    /// Safe HTML.
    pub description: String,
    pub icon: String,
    pub kind_label: String,
    pub join_label: String,
    pub members: i64,
    pub local: bool,
    pub retired: bool,
    pub theme: bool,
}

impl GroupView {
    /// A local group, in the reader's language.
    pub fn local(group: &LocalGroup, state: &AppState, tr: &Translator, language: Language) -> Self {
        let names = Translations::from_json(&group.group.names);
        let descriptions = Translations::from_json(&group.group.descriptions);
        let description = descriptions
            .get(language)
            .map(crate::domain::text::plain_to_html)
            .unwrap_or_else(|| group.actor.summary.clone());
        let mode = JoinMode::parse(&group.group.join_mode).unwrap_or(JoinMode::Open);
        let theme = GroupKind::parse(&group.group.kind) == Some(GroupKind::Theme);
        Self {
            id: group.actor.id,
            acct: group.actor.acct(),
            name: names
                .get(language)
                .map(str::to_owned)
                .unwrap_or_else(|| display_name(&group.actor)),
            description,
            icon: crate::web::views::avatar(state, &group.actor),
            kind_label: tr.t(if theme {
                "group-kind-theme"
            } else {
                "group-kind-community"
            }),
            join_label: tr.t(match mode {
                JoinMode::Open => "group-join-open",
                JoinMode::Approval => "group-join-approval",
                JoinMode::Invitation => "group-join-invitation",
            }),
            members: group.actor.followers_count,
            local: true,
            retired: group.group.retired_at.is_some(),
            theme,
        }
    }

    /// A group on another server.
    pub fn remote(actor: &DbActor, state: &AppState, tr: &Translator) -> Self {
        Self {
            id: actor.id,
            acct: actor.acct(),
            name: display_name(actor),
            description: actor.summary.clone(),
            icon: crate::web::views::avatar(state, actor),
            kind_label: tr.t("group-kind-remote"),
            join_label: tr.t(if actor.manually_approves_followers {
                "group-join-approval"
            } else {
                "group-join-open"
            }),
            members: actor.followers_count,
            local: false,
            retired: false,
            theme: false,
        }
    }
}

/// A group in the directory, with the viewer's membership.
#[derive(Debug, Clone)]
pub struct DirectoryEntry {
    pub group: GroupView,
    pub member: bool,
    pub requested: bool,
}

/// A line of the moderation log.
#[derive(Debug, Clone)]
pub struct LogLine {
    pub when: String,
    pub moderator: String,
    pub action: String,
    pub target: String,
    pub reason: String,
}

/// A theme on the admin page, with its texts in every language.
pub struct ThemeRow {
    pub id: i64,
    pub key: String,
    pub acct: String,
    pub retired: bool,
    pub members: i64,
    /// Language code, language name, name, description.
    pub texts: Vec<(&'static str, &'static str, String, String)>,
}

pub fn interest_line(tr: &Translator, interest: &DbInterest, sender: &DbActor) -> InterestLine {
    InterestLine {
        id: interest.id,
        proposal_id: interest.proposal_id,
        proposal_title: String::new(),
        state: interest.state.as_str().to_owned(),
        state_label: label(tr, "interest-state", interest.state.as_str()),
        offer: interest.offer.clone(),
        about: interest.about.clone(),
        questions: interest.questions.clone(),
        on_behalf_of: interest.on_behalf_of.clone(),
        sender_name: display_name(sender),
        sender_link: actor_link(sender),
        sender_acct: sender.acct(),
        when: interest
            .sent_at
            .unwrap_or(interest.created_at)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        pending: interest.state.pending(),
        draft: interest.state == InterestState::Draft,
        withdrawable: !matches!(interest.state.as_str(), "withdrawn" | "declined"),
        files: Vec::new(),
    }
}

/// A size for people: "820 KB", "1.2 MB".
pub fn human_size(bytes: i64) -> String {
    match bytes {
        0 => String::new(),
        b if b < 1000 * 1000 => format!("{} KB", (b + 999) / 1000),
        b => format!("{:.1} MB", b as f64 / 1_000_000.0),
    }
}

pub fn file_link(state: &AppState, file: &DbAttachment) -> FileLink {
    let kind = file
        .file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_default();
    FileLink {
        id: file.id,
        name: file.file_name.clone(),
        url: attachment_service::url_of(&state.config, file),
        kind,
        size: human_size(file.size_bytes),
        description: file.description.clone(),
    }
}

/// Gives each interest line its files.
pub async fn with_files(conn: &mut AsyncPgConnection, state: &AppState, lines: &mut [InterestLine]) -> AppResult<()> {
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let files = attachments::of_many(conn, attachments::Owners::Interests(&ids)).await?;
    for line in lines {
        line.files = files
            .iter()
            .filter(|f| f.interest_id == Some(line.id))
            .map(|f| file_link(state, f))
            .collect();
    }
    Ok(())
}

/// An expression of interest as its sender, the author or a facilitator sees it.
#[derive(Debug, Clone)]
pub struct InterestLine {
    pub id: i64,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub state: String,
    pub state_label: String,
    pub offer: String,
    pub about: String,
    pub questions: String,
    pub on_behalf_of: String,
    pub sender_name: String,
    pub sender_link: String,
    pub sender_acct: String,
    pub when: String,
    pub pending: bool,
    pub draft: bool,
    pub withdrawable: bool,
    pub files: Vec<FileLink>,
}

/// A file attached to a proposal or an interest, as a link.
#[derive(Debug, Clone)]
pub struct FileLink {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// "PDF", "PNG", …
    pub kind: String,
    /// "1.2 MB"; empty when unknown (a remote file).
    pub size: String,
    pub description: String,
}

/// One choice of a closed vocabulary in a form: value, label, chosen.
pub type Choice = (&'static str, String, bool);

pub fn label(tr: &Translator, prefix: &str, value: &str) -> String {
    tr.t(&format!("{prefix}-{}", value.replace('_', "-")))
}

/// A moderator's decision, as its owner reads it.
pub struct WarningView {
    pub id: i64,
    pub action: String,
    pub text: String,
    pub when: String,
    pub appeal: Option<String>,
    pub appeal_state: Option<String>,
}

/// An archive of my account, as the data page lists it.
pub struct ExportView {
    pub id: i64,
    pub when: String,
    pub state: String,
    pub ready: bool,
    pub size: String,
}

/// An imported list: what, when, how far, and the rows not found.
pub struct ImportView {
    pub what: String,
    pub when: String,
    pub done: bool,
    pub progress: String,
    pub failed: Vec<String>,
}

/// An open report in the moderators' queue.
pub struct ReportRow {
    pub id: i64,
    pub target_id: i64,
    pub target_acct: String,
    /// An account of ours: the account actions apply.
    pub target_local: bool,
    /// A person here, or the server that sent the Flag.
    pub reporter: String,
    pub category: String,
    pub comment: String,
    pub rules: Vec<String>,
    /// The reported posts as they were: id, content (sanitised HTML).
    pub posts: Vec<(i64, String)>,
    pub assigned: Option<String>,
    pub created: String,
    /// Moderators' notes: who, what, when.
    pub notes: Vec<(String, String, String)>,
    /// What was done since, from the moderation log: when, who, what.
    pub history: Vec<(String, String, String)>,
}

/// An appeal awaiting a decision.
pub struct AppealRow {
    pub id: i64,
    pub acct: String,
    pub action: String,
    pub text: String,
    pub appeal: String,
}

/// A search result: what it is, where it leads, and the extract with the
/// words found marked (safe HTML: escaped, `<mark>` added).
pub struct SearchHit {
    pub title: String,
    pub link: String,
    pub meta: String,
    pub extract: String,
}

/// A proposal suggested to the person, and why.
pub struct SuggestionCard {
    pub id: i64,
    pub title: String,
    pub short_description: String,
    pub reasons: Vec<String>,
}

/// Someone who could join a proposal, and why.
pub struct CandidateLine {
    pub id: i64,
    pub name: String,
    pub link: String,
    pub acct: String,
    pub reasons: Vec<String>,
}

/// A competence in the administrators' vocabulary page.
pub struct CompetenceRow {
    pub key: String,
    pub en: String,
    pub it: String,
    pub merged_into: Option<String>,
    pub proposals: i64,
    pub people: i64,
}
