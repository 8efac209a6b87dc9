//! Officers see the outbox: every email queued or sent, newest first.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::outbox as page;

use super::{html, local, AppState};
use crate::error::AppResult;
use crate::http::ctx::Ctx;
use crate::mail::{outbox, Status};

const PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct OutboxQuery {
    before: Option<i64>,
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    let before = q.before;
    let rows = state
        .read(move |c| Ok(outbox::page(c, None, before, PAGE)?))
        .await?;
    let older = (rows.len() as i64 == PAGE)
        .then(|| rows.last().map(|r| format!("/outbox?before={}", r.id)))
        .flatten();
    let rows: Vec<page::OutboxRow> = rows
        .into_iter()
        .map(|r| page::OutboxRow {
            id: r.id,
            created: local(r.created_at),
            next_attempt: (Status::parse(&r.status) == Some(Status::Pending))
                .then(|| local(r.next_attempt_at)),
            sent: r.sent_at.map(local),
            kind: r.kind,
            to: r.to_addr,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
        })
        .collect();
    Ok(html(ctx.page(
        &ctx.t("outbox-heading"),
        page::list(ctx.lang, &rows, older.as_deref()),
    )))
}
