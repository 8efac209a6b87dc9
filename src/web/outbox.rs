//! Officers see the outbox: every email queued or sent, newest first.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::outbox as page;

use super::{html, local, AppState};
use crate::app::outbox::{self as app, OutboxFilter};
use crate::error::AppResult;
use crate::http::ctx::Ctx;
use crate::mail::{OutboxRow, Status};

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
    let filter = OutboxFilter {
        status: None,
        before: q.before,
        limit: Some(PAGE),
    };
    let found = state.read(move |c| app::page(c, &filter)).await?;
    let older = found.older.map(|id| format!("/outbox?before={id}"));
    let rows: Vec<page::OutboxRow> = found.rows.into_iter().map(view).collect();
    Ok(html(ctx.page(
        &ctx.t("outbox-heading"),
        page::list(ctx.lang, &rows, older.as_deref()),
    )))
}

fn view(r: OutboxRow) -> page::OutboxRow {
    page::OutboxRow {
        id: r.id,
        created: local(r.created_at),
        next_attempt: (r.status() == Some(Status::Pending)).then(|| local(r.next_attempt_at)),
        sent: r.sent_at.map(local),
        kind: r.kind,
        to: r.to_addr,
        subject: r.subject,
        status: r.status,
        attempts: r.attempts,
        last_error: r.last_error,
    }
}
