//! Static assets (DKFDS CSS, fonts, icons) embedded in the binary, and the health check.

use actix_web::http::header;
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
