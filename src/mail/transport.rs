//! Turning an outbox row into a message and handing it over: to the log, to a file, or
//! to an SMTP server.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::OutboxRow;
use crate::config::{Config, MailTransport};

/// A mail setting that cannot work; reported at start-up, not at the first email.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("mail_from {0:?} is not an email address (e.g. \"Tilskud <noreply@example.dk>\")")]
    From(String),
    #[error("mail_transport = \"smtp\" needs smtp_url (TILSKUD_SMTP_URL), e.g. smtp://mail.example.dk:587?tls=required")]
    NoSmtpUrl,
    #[error("smtp_url {url:?}: {message}")]
    SmtpUrl { url: String, message: String },
    #[error("TILSKUD_SMTP_USERNAME and TILSKUD_SMTP_PASSWORD must be set together")]
    HalfCredentials,
    #[error("mail_dir {path}: {source}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why an attempt failed. A permanent refusal (an SMTP 5xx reply, a message that cannot
/// be built) is not retried.
#[derive(Debug)]
pub enum SendError {
    Transient(String),
    Permanent(String),
}

impl SendError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Permanent(_))
    }

    pub fn text(&self) -> &str {
        match self {
            SendError::Transient(s) | SendError::Permanent(s) => s,
        }
    }
}

enum Transport {
    Log,
    File(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The configured sender and transport.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

/// How long one SMTP exchange may take; well under the outbox's stale-claim limit.
const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, MailConfigError> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|_| MailConfigError::From(config.mail_from.clone()))?;
        let transport = match config.mail_transport {
            MailTransport::Log => Transport::Log,
            MailTransport::File => {
                let dir = config.mail_dir();
                std::fs::create_dir_all(&dir).map_err(|source| MailConfigError::Dir {
                    path: dir.clone(),
                    source,
                })?;
                Transport::File(dir)
            }
            MailTransport::Smtp => {
                let url = config
                    .smtp_url
                    .as_deref()
                    .ok_or(MailConfigError::NoSmtpUrl)?;
                let bad = |e: lettre::transport::smtp::Error| MailConfigError::SmtpUrl {
                    url: url.to_string(),
                    message: e.to_string(),
                };
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(bad)?
                    .timeout(Some(SMTP_TIMEOUT));
                match (&config.smtp_username, &config.smtp_password) {
                    (Some(user), Some(pw)) => {
                        builder = builder.credentials(Credentials::new(user.clone(), pw.0.clone()));
                    }
                    (None, None) => {}
                    _ => return Err(MailConfigError::HalfCredentials),
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Mailer { from, transport })
    }

    /// The message for a row. Its Message-ID and Date come from the row, so every attempt
    /// sends the same message and a receiver can recognise a duplicate.
    pub fn message(&self, row: &OutboxRow) -> Result<Message, SendError> {
        let to: Mailbox = row.to_addr.parse().map_err(|_| {
            SendError::Permanent(format!("not an email address: {:?}", row.to_addr))
        })?;
        let builder = Message::builder()
            .message_id(Some(message_id(row, &self.from)))
            .date(SystemTime::from(row.created_at.and_utc()))
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone());
        let built = match &row.body_html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                row.body_text.clone(),
                html.clone(),
            )),
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(row.body_text.clone()),
        };
        built.map_err(|e| SendError::Permanent(format!("cannot build the message: {e}")))
    }

    /// One delivery attempt.
    pub async fn send(&self, row: &OutboxRow) -> Result<(), SendError> {
        let message = self.message(row)?;
        match &self.transport {
            Transport::Log => {
                tracing::info!(
                    target: "tilskud::mail",
                    outbox_id = row.id,
                    "email not sent (mail_transport = log)\nTo: {}\nSubject: {}\n\n{}\n",
                    row.to_addr,
                    row.subject,
                    row.body_text
                );
                Ok(())
            }
            Transport::File(dir) => {
                let path = dir.join(format!("outbox-{}.eml", row.id));
                let bytes = message.formatted();
                actix_web::web::block(move || write_atomically(&path, &bytes))
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?
                    .map_err(|e| SendError::Transient(format!("writing the .eml file: {e}")))
            }
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Transient(e.to_string())),
            },
        }
    }
}

/// `<outbox-ID.CREATED@DOMAIN>`: the same for every attempt at one row, and the creation
/// time keeps two installations (say, test and production) from sharing ids.
pub fn message_id(row: &OutboxRow, from: &Mailbox) -> String {
    format!(
        "<outbox-{}.{}@{}>",
        row.id,
        row.created_at.format("%Y%m%d%H%M%S%6f"),
        from.email.domain()
    )
}

/// Writes beside the target and renames, so a reader never sees half a message.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("eml.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
