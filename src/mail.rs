//! Outgoing e-mail through lettre: SMTP in production, `.eml` files under
//! `<data_dir>/mail` or the log for development and tests. Every message has a
//! plain-text part and an HTML one, and notifications a one-click unsubscribe (RFC 8058).

use std::path::PathBuf;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, EmailTransport};

/// A message to one person.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click unsubscribe URL (`List-Unsubscribe`); none for a message
    /// the person asked for (a password reset).
    pub unsubscribe: Option<String>,
}

enum Transport {
    Log,
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// The settings could not make a transport: every send says why.
    Broken(String),
}

pub struct Mailer {
    from: Result<Mailbox, String>,
    transport: Transport,
}

impl Mailer {
    pub fn new(config: &Config) -> Self {
        let from = config
            .email
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("email.from is not an address: {e}"));
        let transport = match config.email.transport {
            EmailTransport::Log => Transport::Log,
            EmailTransport::File => {
                let dir = config.storage.data_dir.join("mail");
                Transport::File(AsyncFileTransport::new(&dir), dir)
            }
            EmailTransport::Smtp => match config.email.smtp_url.as_ref() {
                Some(url) => match AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str()) {
                    Ok(builder) => Transport::Smtp(builder.build()),
                    Err(error) => Transport::Broken(format!("email.smtp_url: {error}")),
                },
                None => Transport::Broken("email.smtp_url is not set".into()),
            },
        };
        Self { from, transport }
    }

    /// Sends one message; an error means it was not sent (and may be retried).
    pub async fn send(&self, email: &Email) -> anyhow::Result<()> {
        let from = self.from.clone().map_err(anyhow::Error::msg)?;
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| anyhow::anyhow!("a recipient's address does not parse: {e}"))?;
        let mut builder = Message::builder().from(from).to(to).subject(email.subject.clone());
        if let Some(unsubscribe) = &email.unsubscribe {
            for (name, value) in [
                ("List-Unsubscribe", format!("<{unsubscribe}>")),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_owned()),
            ] {
                builder = builder.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str(name), value));
            }
        }
        let message = builder.multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(email.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(email.html.clone()),
                ),
        )?;
        match &self.transport {
            Transport::Log => {
                tracing::info!(to = %email.to, subject = %email.subject, "e-mail (log transport)");
                Ok(())
            }
            Transport::File(transport, dir) => {
                tokio::fs::create_dir_all(dir).await?;
                transport.send(message).await?;
                Ok(())
            }
            Transport::Smtp(transport) => {
                transport.send(message).await?;
                Ok(())
            }
            Transport::Broken(reason) => Err(anyhow::anyhow!("{reason}")),
        }
    }
}
