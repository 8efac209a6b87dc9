//! Uploads read with a size limit: the bytes are counted as they stream in, and the
//! read stops at the first chunk past the limit, so an oversized upload is refused
//! without being held in memory whole (`docs/accounts.md`, "Documents").

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
