//! E-mail notifications, by each person's preference: off, immediate, or a
//! daily or weekly digest. Each message is in its recipient's language, has a
//! plain-text and an HTML part, and a one-click unsubscribe. The job runs in
//! every server process; an advisory lock lets one of them work at a time, and
//! the notifications it mails are locked and marked in the same transaction,
//! so each is mailed once.

use std::collections::HashMap;

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::db::competences::{self, DueMatches};
use crate::db::mail::{self, DueNotification, MailRecipient};
use crate::db::{actors, proposals};
use crate::domain::notification::MAILED_KINDS;
use crate::domain::text::escape_html;
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, Message};
use crate::mail::Email;
use crate::state::AppState;

/// The preferences one can choose.
pub const PREFERENCES: [&str; 4] = ["off", "immediate", "daily", "weekly"];

/// How many immediate messages one run sends; a full batch is followed by another at once.
const BATCH: i64 = 200;

/// The advisory lock key of the mailer ("fucina-mail").
const MAIL_LOCK: i64 = 0x6675_6369_6e61_0002;

/// What one notification says, and where it leads.
struct Line {
    text: String,
    link: String,
}

/// Names and titles the lines need, loaded once per run.
struct Names {
    actors: HashMap<i64, String>,
    proposals: HashMap<i64, String>,
}

async fn names(conn: &mut AsyncPgConnection, due: &[DueNotification]) -> AppResult<Names> {
    let mut ids: Vec<i64> = due.iter().map(|d| d.from_actor_id).collect();
    ids.extend(due.iter().filter_map(|d| d.group_id));
    ids.sort_unstable();
    ids.dedup();
    let actors = actors::find_many(conn, &ids)
        .await?
        .into_iter()
        .map(|a| {
            let name = if a.display_name.trim().is_empty() {
                a.username.clone()
            } else {
                a.display_name.clone()
            };
            (a.id, name)
        })
        .collect();
    let mut titles = HashMap::new();
    for id in due.iter().filter_map(|d| d.proposal_id) {
        if let std::collections::hash_map::Entry::Vacant(entry) = titles.entry(id)
            && let Some(proposal) = proposals::find(conn, id).await?
        {
            entry.insert(proposal.title);
        }
    }
    Ok(Names {
        actors,
        proposals: titles,
    })
}

fn line(state: &AppState, n: &DueNotification, names: &Names, language: Language) -> Line {
    let tr = language.translator();
    let key = format!("notification-{}", n.kind.replace('_', "-"));
    let actor = names.actors.get(&n.from_actor_id).cloned().unwrap_or_default();
    let target = match (n.proposal_id, n.group_id) {
        (Some(id), _) => names.proposals.get(&id).cloned(),
        (None, Some(id)) => names.actors.get(&id).cloned(),
        (None, None) => None,
    };
    let urls = state.urls();
    let link = match (n.proposal_id, n.status_id) {
        (Some(id), _) => urls.absolute(&format!("/proposals/{id}")),
        (None, Some(id)) => urls.absolute(&format!("/statuses/{id}")),
        (None, None) => urls.absolute("/notifications"),
    };
    let mut text = format!("{actor} {}", tr.t(&key));
    if let Some(target) = target {
        text.push(' ');
        text.push_str(&target);
    }
    Line { text, link }
}

/// One message: the lines, a greeting, and the footer with the settings and unsubscribe links.
fn compose(state: &AppState, recipient: &MailRecipient, subject: String, lines: &[Line], language: Language) -> Email {
    let tr = language.translator();
    let urls = state.urls();
    let settings = urls.absolute("/settings/notifications");
    let unsubscribe = urls.absolute(&format!("/unsubscribe/{}", recipient.unsubscribe_token));
    let name = if recipient.display_name.trim().is_empty() {
        recipient.username.clone()
    } else {
        recipient.display_name.clone()
    };
    let greeting = Message::new("email-greeting").with("name", name).render(&tr);
    let mut text = format!("{greeting}\n\n");
    let mut html = format!("<p>{}</p>\n<ul>\n", escape_html(&greeting));
    for line in lines {
        text.push_str(&format!("- {}\n  {}\n", line.text, line.link));
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            escape_html(&line.link),
            escape_html(&line.text)
        ));
    }
    let settings_label = tr.t("email-footer-settings");
    let unsubscribe_label = tr.t("email-footer-unsubscribe");
    text.push_str(&format!(
        "\n-- \n{settings_label}: {settings}\n{unsubscribe_label}: {unsubscribe}\n"
    ));
    html.push_str(&format!(
        "</ul>\n<hr>\n<p><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>\n",
        escape_html(&settings),
        escape_html(&settings_label),
        escape_html(&unsubscribe),
        escape_html(&unsubscribe_label)
    ));
    Email {
        to: recipient.email.clone(),
        subject,
        text,
        html,
        unsubscribe: Some(unsubscribe),
    }
}

fn language_of(state: &AppState, locale: Option<&str>) -> Language {
    locale
        .and_then(Language::from_code)
        .unwrap_or(state.config.i18n.default_language)
}

/// The digest's line about new proposals that need what the person knows.
fn matches_line(state: &AppState, count: i64, language: Language) -> Line {
    Line {
        text: language
            .translator()
            .t_args("email-digest-matches", &[("count", count.into())]),
        link: state.urls().absolute("/for-you"),
    }
}

/// Mails what is due now: each immediate notification, and each due digest.
/// Returns how many messages went out.
pub async fn send_due(state: &AppState) -> AppResult<usize> {
    let kinds = MAILED_KINDS;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        if !crate::db::try_advisory_xact_lock(conn, MAIL_LOCK).await? {
            return Ok(0);
        }
        mail::skip_unmailed(conn, &kinds).await?;
        let mut sent = 0;

        let immediate = mail::due_immediate(conn, &kinds, BATCH).await?;
        let names_now = names(conn, &immediate).await?;
        let mut mailed = Vec::new();
        for n in &immediate {
            let language = language_of(state, n.recipient.locale.as_deref());
            let line = line(state, n, &names_now, language);
            let subject = Message::new("email-subject")
                .with("instance", state.config.server.instance_name.clone())
                .with("what", line.text.clone())
                .render(&language.translator());
            state
                .mailer
                .send(&compose(state, &n.recipient, subject, &[line], language))
                .await
                .map_err(AppError::Internal)?;
            mailed.push(n.id);
            sent += 1;
        }

        let digests = mail::due_digests(conn, &kinds, 2000).await?;
        let names_digest = names(conn, &digests).await?;
        let mut by_recipient: Vec<(i64, Vec<&DueNotification>)> = Vec::new();
        for n in &digests {
            match by_recipient.last_mut() {
                Some((recipient, items)) if *recipient == n.recipient.recipient_id => items.push(n),
                _ => by_recipient.push((n.recipient.recipient_id, vec![n])),
            }
        }
        // People whose digest is due are also told how many new proposals
        // need what they know (a digest of that line alone if nothing else).
        let matches = competences::due_matches(conn, 2000).await?;
        let mut digested = Vec::new();
        for (recipient, items) in &by_recipient {
            let first = items[0];
            let language = language_of(state, first.recipient.locale.as_deref());
            let mut lines: Vec<Line> = items.iter().map(|n| line(state, n, &names_digest, language)).collect();
            if let Some(m) = matches
                .iter()
                .find(|m| m.recipient.recipient_id == *recipient && m.count > 0)
            {
                lines.push(matches_line(state, m.count, language));
            }
            send_digest(state, &first.recipient, &lines, language).await?;
            mailed.extend(items.iter().map(|n| n.id));
            digested.push(*recipient);
            sent += 1;
        }
        let only_matches: Vec<&DueMatches> = matches
            .iter()
            .filter(|m| m.count > 0 && !digested.contains(&m.recipient.recipient_id))
            .collect();
        for m in only_matches {
            let language = language_of(state, m.recipient.locale.as_deref());
            send_digest(state, &m.recipient, &[matches_line(state, m.count, language)], language).await?;
            digested.push(m.recipient.recipient_id);
            sent += 1;
        }
        let checked: Vec<i64> = matches.iter().map(|m| m.recipient.recipient_id).collect();
        competences::mark_matches_checked(conn, &checked).await?;
        mail::mark_mailed(conn, &mailed).await?;
        mail::mark_digest_sent(conn, &digested).await?;
        Ok(sent)
    })
    .await
}

/// Sends one digest of `lines`.
async fn send_digest(state: &AppState, recipient: &MailRecipient, lines: &[Line], language: Language) -> AppResult<()> {
    let subject = language.translator().t_args(
        "email-digest-subject",
        &[
            ("instance", state.config.server.instance_name.clone().into()),
            ("count", lines.len().into()),
        ],
    );
    state
        .mailer
        .send(&compose(state, recipient, subject, lines, language))
        .await
        .map_err(AppError::Internal)
}

/// Runs the mailer for ever, every `email.send_every_seconds`.
pub async fn run(state: AppState) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(state.config.email.send_every_seconds));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        // A busy instance may have more than a batch due: keep going until it is mailed.
        loop {
            match send_due(&state).await {
                Ok(sent) if sent >= usize::try_from(BATCH).unwrap_or(usize::MAX) => continue,
                Ok(0) => break,
                Ok(sent) => {
                    tracing::debug!(sent, "notifications mailed");
                    break;
                }
                Err(error) => {
                    tracing::warn!(error = %error, "mailing notifications");
                    break;
                }
            }
        }
    }
}

/// A message a person asked for (a password reset, an archive ready): a
/// greeting, a paragraph, a button, maybe a last word; no unsubscribe link.
pub struct Personal {
    pub title: String,
    pub body: String,
    pub link: String,
    pub button: String,
    pub last_word: Option<String>,
}

/// Sends `mail` to the account's address, in the language of `tr`.
pub async fn send_personal(
    state: &AppState,
    account: &crate::db::users::Account,
    tr: &crate::i18n::Translator,
    mail: Personal,
) -> anyhow::Result<()> {
    let name = if account.actor.display_name.trim().is_empty() {
        account.actor.username.clone()
    } else {
        account.actor.display_name.clone()
    };
    let greeting = Message::new("email-greeting").with("name", name).render(tr);
    let last_word = mail.last_word.unwrap_or_default();
    let email = Email {
        to: account.user.email.clone(),
        subject: Message::new("email-subject")
            .with("instance", state.config.server.instance_name.clone())
            .with("what", mail.title)
            .render(tr),
        text: format!("{greeting}\n\n{}\n{}\n\n{last_word}\n", mail.body, mail.link),
        html: format!(
            "<p>{}</p>\n<p>{}</p>\n<p><a href=\"{}\">{}</a></p>\n<p>{}</p>\n",
            escape_html(&greeting),
            escape_html(&mail.body),
            escape_html(&mail.link),
            escape_html(&mail.button),
            escape_html(&last_word)
        ),
        unsubscribe: None,
    };
    state.mailer.send(&email).await
}

/// Changes someone's e-mail preference.
pub async fn set_preference(state: &AppState, user_id: i64, preference: &str) -> AppResult<()> {
    if !PREFERENCES.contains(&preference) {
        return Err(AppError::field(
            "email_notifications",
            "ERR_INCLUSION",
            "error-field-choice",
        ));
    }
    let mut conn = state.db.get().await?;
    mail::set_preference(&mut conn, user_id, preference).await?;
    Ok(())
}

/// One-click unsubscribe: the secret in the link turns mail off.
pub async fn unsubscribe(state: &AppState, token: &str) -> AppResult<()> {
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.get().await?;
    if mail::unsubscribe(&mut conn, token).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
