//! Static assets (DKFDS CSS, fonts, icons) embedded in the binary, the files an operator
//! publishes (`public_dir`), and the health check.

use std::collections::HashMap;
use std::path::Path;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::{AppError, AppResult};

pub async fn serve(req: HttpRequest, path: web::Path<String>) -> AppResult<HttpResponse> {
    let asset = tilskud_templates::assets::get(&path).ok_or(AppError::NotFound)?;
    let versioned = req.query_string().starts_with("v=");
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((
            header::CACHE_CONTROL,
            tilskud_templates::assets::cache_control(versioned.then_some(req.query_string())),
        ))
        .body(asset.bytes))
}

/// The files of `public_dir` (guidance PDFs, the privacy notice), read once at start-up
/// and served as they are under `/public/{name}`, to anyone. Only the folder's own
/// files: subfolders and hidden files (`.name`) are left out, and a name is looked up,
/// never joined to a path, so `..` finds nothing.
#[derive(Default)]
pub struct PublicFiles(HashMap<String, PublicFile>);

struct PublicFile {
    content_type: &'static str,
    bytes: Bytes,
}

impl PublicFiles {
    /// Reads every file in `dir`. A folder that cannot be read is an error (a typo in
    /// the setting should stop the start, not give 404s later).
    pub fn load(dir: &Path) -> std::io::Result<PublicFiles> {
        let mut files = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if !std::fs::metadata(entry.path())?.is_file() {
                continue;
            }
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                tracing::warn!(
                    "public file {:?} skipped: its name is not UTF-8",
                    entry.path()
                );
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let bytes = Bytes::from(std::fs::read(entry.path())?);
            let content_type = public_content_type(&name);
            files.insert(
                name,
                PublicFile {
                    content_type,
                    bytes,
                },
            );
        }
        Ok(PublicFiles(files))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Their size in bytes, all together.
    pub fn total_bytes(&self) -> usize {
        self.0.values().map(|f| f.bytes.len()).sum()
    }
}

/// An operator's file may change with a restart, so it is cached for an hour, not for good.
const PUBLIC_CACHE_CONTROL: &str = "public, max-age=3600";

pub async fn public(
    files: web::Data<PublicFiles>,
    name: web::Path<String>,
) -> AppResult<HttpResponse> {
    let file = files.0.get(name.as_str()).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header((header::CACHE_CONTROL, PUBLIC_CACHE_CONTROL))
        .body(file.bytes.clone()))
}

/// The content type by the name's extension (any case); unknown ones are downloads.
fn public_content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "html" | "htm" => "text/html; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

pub async fn health(state: web::Data<super::AppState>) -> AppResult<HttpResponse> {
    state
        .db(|c| {
            Ok(diesel::connection::SimpleConnection::batch_execute(
                c, "SELECT 1",
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_file_gets_its_content_type_by_extension() {
        assert_eq!(public_content_type("vejledning.PDF"), "application/pdf");
        assert_eq!(
            public_content_type("privatliv.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(public_content_type("README"), "application/octet-stream");
        assert_eq!(public_content_type("data.bin"), "application/octet-stream");
    }
}
