//! Officers browse the audit log, newest first.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::audit as page;

use super::{html, local, AppState};
use crate::app::audit::{self as app, AuditFilter};
use crate::db::audit::AuditRow;
use crate::error::AppResult;
use crate::http::ctx::Ctx;

const PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    let filter = AuditFilter {
        entity: None,
        before: q.before,
        limit: Some(PAGE),
    };
    let found = state.read(move |c| app::page(c, &filter)).await?;
    let older = found.older.map(|id| format!("/audit?before={id}"));
    let rows: Vec<page::AuditRow> = found.rows.into_iter().map(view).collect();
    Ok(html(ctx.page(
        &ctx.t("audit-heading"),
        page::list(ctx.lang, &rows, older.as_deref()),
    )))
}

fn view(r: AuditRow) -> page::AuditRow {
    page::AuditRow {
        id: r.id,
        at: local(r.at),
        actor: r.actor,
        action: r.action,
        entity: format!("{} {}", r.entity, r.entity_id),
        before: pretty(r.before_json),
        after: pretty(r.after_json),
    }
}

fn pretty(json: Option<String>) -> String {
    json.map(|j| {
        serde_json::from_str::<serde_json::Value>(&j)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or(j)
    })
    .unwrap_or_default()
}
