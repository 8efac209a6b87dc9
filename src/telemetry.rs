//! Logging to stderr with a filter from the configuration (`RUST_LOG` wins if set), as
//! plain text or, with `log_format = "json"`, one JSON object per line. Lines logged
//! while a request is served carry its `request_id` (`http::observe`).

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(filter: &str) {
    init_as(filter, LogFormat::Text);
}

pub fn init_as(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing::subscriber::set_global_default(subscriber(filter, format, std::io::stderr));
}

/// The subscriber `init_as` installs, writing to `writer`.
fn subscriber<W>(
    filter: EnvFilter,
    format: LogFormat,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        // The request's span (with its id) in each line as `span`; no span list.
        LogFormat::Json => Box::new(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(format: LogFormat) -> String {
        let buf = Buffer::default();
        let out = buf.clone();
        let sub = subscriber(EnvFilter::new("warn"), format, move || out.clone());
        tracing::subscriber::with_default(sub, || {
            let span = tracing::error_span!("request", request_id = "abc123");
            let _in = span.enter();
            tracing::warn!(user = 7, "something odd");
            tracing::info!("filtered out");
        });
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        text
    }

    #[test]
    fn json_lines_carry_the_request_id_of_their_request() {
        let text = logged(LogFormat::Json);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        let line: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(line["level"], "WARN");
        assert_eq!(line["fields"]["message"], "something odd");
        assert_eq!(line["fields"]["user"], 7);
        assert_eq!(line["span"]["request_id"], "abc123");
    }

    #[test]
    fn text_lines_carry_the_request_id_too() {
        let text = logged(LogFormat::Text);
        // Text lines colour the field names; the span and its value are there.
        assert!(text.contains("request_id"), "{text}");
        assert!(text.contains("abc123"), "{text}");
        assert!(text.contains("something odd"), "{text}");
    }
}
