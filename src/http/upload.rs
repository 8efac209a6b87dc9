//! Uploads read with a size limit: the bytes are counted as they stream in, and the
//! read stops at the first chunk past the limit, so an oversized upload is refused
//! without being held in memory whole (`docs/accounts.md`, "Documents").

use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::{AppError, Msg};

/// Why a limited read stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The stream went past `limit` bytes; nothing after that chunk was read.
    TooLarge { limit: usize },
    /// The stream broke off.
    Broken,
}

impl ReadError {
    pub fn into_app(self) -> AppError {
        match self {
            ReadError::TooLarge { limit } => AppError::TooLarge(
                Msg::new("document-too-large").arg("limit_mb", limit / 1_048_576),
            ),
            ReadError::Broken => AppError::field("file", Msg::new("upload-unreadable")),
        }
    }
}

/// Reads `stream` whole if it holds at most `limit` bytes.
pub async fn read_limited<S, B, E>(mut stream: S, limit: usize) -> Result<Vec<u8>, ReadError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
{
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ReadError::Broken)?;
        let chunk = chunk.as_ref();
        if out.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge { limit });
        }
        out.extend_from_slice(chunk);
    }
    Ok(out)
}

/// The largest form (urlencoded) or JSON body, and any other body read whole: 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A size as people read it in a message: "500 MB", "64 kB", "900 bytes" (binary units,
/// rounded down, as the limits are set in bytes).
pub fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1_048_576 => format!("{} MB", b / 1_048_576),
        b if b >= 1024 => format!("{} kB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// The 413 answer to a body over `limit` (a monitoring file, a form, a JSON body).
pub fn too_large(limit: usize) -> AppError {
    AppError::TooLarge(Msg::new("body-too-large").arg("limit", size_text(limit)))
}

/// The length the request announces (`Content-Length`), if it does.
pub fn announced_length(req: &actix_web::HttpRequest) -> Option<u64> {
    req.headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// Refuses at once a request that announces more than `limit` bytes, before anything of
/// its body is read.
pub fn refuse_announced(req: &actix_web::HttpRequest, limit: usize) -> Result<(), AppError> {
    match announced_length(req) {
        Some(n) if n > limit as u64 => Err(too_large(limit)),
        _ => Ok(()),
    }
}

/// Whether a [`Limited`] stream was stopped by its limit; kept by the handler, which
/// answers 413 instead of whatever the reader made of the cut-off stream.
#[derive(Clone, Default)]
pub struct Overflow(std::rc::Rc<std::cell::Cell<bool>>);

impl Overflow {
    pub fn happened(&self) -> bool {
        self.0.get()
    }
}

/// The chunks of `inner` until more than `limit` bytes have come: then one error, and
/// nothing more is read (the handler answers 413 and the connection is closed rather
/// than the rest being received).
pub struct Limited<S> {
    inner: Option<S>,
    read: usize,
    limit: usize,
    overflow: Overflow,
}

impl<S> Limited<S> {
    pub fn new(inner: S, limit: usize) -> (Limited<S>, Overflow) {
        let overflow = Overflow::default();
        let s = Limited {
            inner: Some(inner),
            read: 0,
            limit,
            overflow: overflow.clone(),
        };
        (s, overflow)
    }
}

impl<S> Stream for Limited<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin + 'static,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match std::pin::Pin::new(inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.read = self.read.saturating_add(chunk.len());
                if self.read > self.limit {
                    if let Some(inner) = self.inner.take() {
                        hold_unread(inner);
                    }
                    self.overflow.0.set(true);
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }
}

/// Room in a multipart form for its own parts beside the files: boundaries, part
/// headers, small fields.
pub const FORM_SLACK: usize = 64 * 1024;

/// A multipart form of at most `limit` bytes in all: refused when it announces more,
/// else read through [`Limited`]. Parts a handler skips are read through by the
/// multipart parser, so without this a form could carry any amount beside its file.
pub fn limited_multipart(
    req: &actix_web::HttpRequest,
    payload: actix_web::web::Payload,
    limit: usize,
) -> Result<(actix_multipart::Multipart, Overflow), AppError> {
    refuse_announced(req, limit)?;
    let (payload, overflow) = Limited::new(payload, limit);
    Ok((
        actix_multipart::Multipart::new(req.headers(), payload),
        overflow,
    ))
}

/// Keeps the request's body alive, unread, for a few seconds after it went past its
/// limit. While it lives, actix sends the answer with `Connection: close` and then
/// closes the connection (after at most `client_disconnect_timeout` of discarding what
/// is in flight); dropped at once, a chunked body would be read to its end and thrown
/// away, however long it is.
fn hold_unread<S: 'static>(body: S) {
    actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(std::time::Duration::from_secs(5)).await;
        drop(body);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

    #[actix_web::test]
    async fn a_limited_stream_stops_at_the_first_chunk_past_its_limit() {
        let chunk = || Ok(Bytes::from_static(&[0u8; 4]));
        let chunks = vec![chunk(), chunk(), chunk()];
        let (limited, overflow) = Limited::new(stream::iter(chunks), 6);
        let got: Vec<_> = limited.collect::<Vec<_>>().await;
        assert_eq!(got.len(), 2, "one chunk, then the error, then nothing");
        assert!(got[0].is_ok());
        assert!(matches!(got[1], Err(PayloadError::Overflow)));
        assert!(overflow.happened());
    }

    #[test]
    fn sizes_read_in_whole_units() {
        assert_eq!(size_text(500 * 1024 * 1024), "500 MB");
        assert_eq!(size_text(1024 * 1024), "1 MB");
        assert_eq!(size_text(2048), "2 kB");
        assert_eq!(size_text(10), "10 bytes");
    }
}
