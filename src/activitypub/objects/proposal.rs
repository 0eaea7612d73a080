//! Proposals on the wire: a `Page` whose `name` is the title, `summary` the
//! short description and `url` the proposal's page (so Mastodon shows a titled
//! post with a summary and a link, and Lemmy a post), `content` every section
//! as HTML, and Fucina's terms for another Fucina instance. Remote proposals
//! are stored from those terms next to their status.

use diesel_async::AsyncPgConnection;

use crate::activitypub::objects::document::Document;
use crate::activitypub::protocol::object::{Note, ProposalTerms};
use crate::config::Config;
use crate::db::attachments::{self, Owner};
use crate::db::proposals::{self, DbProposal};
use crate::db::statuses::DbStatus;
use crate::domain::text::{escape_html, plain_to_html};
use crate::error::AppError;
use crate::i18n::Translator;

/// The HTML body of a proposal's `Page`: every section under its heading, in
/// the instance's language.
pub fn content_html(proposal: &DbProposal, t: &Translator) -> String {
    let mut html = format!("<p><strong>{}</strong></p>", escape_html(&proposal.short_description));
    html.push_str(&plain_to_html(&proposal.description));
    for (key, text) in [
        ("proposal-field-innovation", &proposal.innovation),
        ("proposal-field-contribution", &proposal.contribution),
    ] {
        if !text.trim().is_empty() {
            html.push_str(&format!("<h3>{}</h3>", escape_html(&t.t(key))));
            html.push_str(&plain_to_html(text));
        }
    }
    let facts = [
        (
            "proposal-field-kind",
            t.t(&format!("proposal-kind-{}", proposal.kind.replace('_', "-"))),
        ),
        (
            "proposal-field-stage",
            t.t(&format!("proposal-stage-{}", proposal.stage.replace('_', "-"))),
        ),
        (
            "proposal-field-ip",
            t.t(&format!("proposal-ip-{}", proposal.ip.replace('_', "-"))),
        ),
    ];
    html.push_str("<ul>");
    for (key, value) in facts {
        html.push_str(&format!("<li>{}: {}</li>", escape_html(&t.t(key)), escape_html(&value)));
    }
    html.push_str("</ul>");
    html
}

/// The terms another Fucina instance reads.
pub async fn terms(conn: &mut AsyncPgConnection, proposal: &DbProposal) -> Result<ProposalTerms, AppError> {
    let team = proposals::team(conn, proposal.id, true)
        .await?
        .into_iter()
        .map(|a| a.ap_id)
        .collect();
    let results = match proposal.results_status_id {
        Some(id) => crate::db::statuses::find(conn, id).await?.map(|s| s.ap_id),
        None => None,
    };
    let mut proposal_themes = Vec::new();
    for group in proposals::groups_of(conn, proposal.id).await? {
        if let Some(key) = crate::db::groups::find(conn, group.id)
            .await?
            .and_then(|local| local.group.theme_key)
        {
            proposal_themes.push(key);
        }
    }
    Ok(ProposalTerms {
        proposal_status: proposal.state.as_str().to_owned(),
        proposal_kind: Some(proposal.kind.clone()),
        development_stage: Some(proposal.stage.clone()),
        intellectual_property: Some(proposal.ip.clone()),
        sought_competences: proposal.competence_list(),
        working_languages: proposal.language_list(),
        open_to_foreign_partners: Some(proposal.foreign_partners),
        expires: proposal.expires_at,
        proposal_description: Some(proposal.description.clone()),
        innovation: Some(proposal.innovation.clone()),
        partner_contribution: Some(proposal.contribution.clone()),
        contact_person: (!proposal.contact.is_empty()).then(|| proposal.contact.clone()),
        team,
        results,
        proposal_themes,
    })
}

/// Adds a local proposal's summary and terms to its status's `Page`; other
/// statuses are left as they are.
pub async fn decorate(
    conn: &mut AsyncPgConnection,
    config: &Config,
    status: &DbStatus,
    note: &mut Note,
) -> Result<(), AppError> {
    if status.object_type != "Page" || !status.local {
        return Ok(());
    }
    if let Some(proposal) = proposals::find_by_status(conn, status.id).await? {
        note.summary = Some(proposal.short_description.clone());
        note.sensitive = Some(false);
        note.proposal = Some(terms(conn, &proposal).await?);
        // Its sought competences as hashtags too, which any server reads.
        let keys = proposal.competence_list();
        let urls = crate::urls::Urls::new(&config.server);
        for key in keys {
            let name = format!("#{key}");
            if !note.tag.iter().any(|t| t.name.as_deref() == Some(name.as_str())) {
                note.tag.push(crate::activitypub::protocol::object::Tag {
                    kind: "Hashtag".into(),
                    href: Some(urls.absolute(&format!("/tags/{key}"))),
                    name: Some(name),
                });
            }
        }
        note.attachment = attachments::of(conn, Owner::Proposal(proposal.id))
            .await?
            .iter()
            .map(|a| Document::of_file(config, a).to_json())
            .collect();
    }
    Ok(())
}
