//! Officers browse the audit log, newest first.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tilskud_templates::pages::audit as page;

use super::{html, AppState};
use crate::app::audit::{self as app, AuditFilter, Names};
use crate::db::audit::AuditRow;
use crate::error::AppResult;
use crate::error::Msg;
use crate::http::ctx::Ctx;
use crate::http::local_long;
use tilskud_templates::i18n::Arg;

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
    let (found, names) = state
        .read(move |c| {
            let found = app::page(c, &filter)?;
            let names = app::names(c, &found.rows)?;
            Ok((found, names))
        })
        .await?;
    let older = found.older.map(|id| format!("/audit?before={id}"));
    let rows: Vec<page::AuditRow> = found
        .rows
        .into_iter()
        .map(|r| view(&ctx, &names, r))
        .collect();
    Ok(html(ctx.page(
        &ctx.t("audit-heading"),
        page::list(ctx.lang, &rows, older.as_deref()),
    )))
}

fn view(ctx: &Ctx, names: &Names, r: AuditRow) -> page::AuditRow {
    let actor = r
        .actor_id
        .and_then(|id| names.users.get(&id).cloned())
        .unwrap_or_else(|| match r.actor.as_str() {
            "" => ctx.t("audit-system"),
            label => label.to_string(),
        });
    page::AuditRow {
        id: r.id,
        at: local_long(ctx.lang, r.at),
        what: sentence(ctx, names, &actor, &r),
        actor,
        action: r.action.clone(),
        entity: format!("{} {}", r.entity, r.entity_id),
        before: pretty(r.before_json),
        after: pretty(r.after_json),
    }
}

/// A field of the entry's data: after the change first, then before it.
fn field(r: &AuditRow, key: &str) -> Option<serde_json::Value> {
    [&r.after_json, &r.before_json]
        .into_iter()
        .flatten()
        .filter_map(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .find_map(|v| v.get(key).cloned())
}

/// The entry as a sentence in the page's language: "Signe Hansen godkendte version 2
/// af fordelingen i Flere skal med." An action without words of its own is named as
/// it is stored, so nothing is hidden.
fn sentence(ctx: &Ctx, names: &Names, actor: &str, r: &AuditRow) -> String {
    let id: i64 = r.entity_id.parse().unwrap_or_default();
    let (mut pool, mut code, mut account) = (None, None, String::new());
    match r.entity.as_str() {
        "pool" => pool = Some(id),
        "application" => {
            if let Some((p, m)) = names.applications.get(&id) {
                (pool, code) = (Some(*p), Some(i64::from(*m)));
            }
        }
        "commitment" => {
            if let Some((p, m)) = names.commitments.get(&id) {
                (pool, code) = (Some(*p), Some(i64::from(*m)));
            }
        }
        "account" => {
            if let Some((p, m, k)) = names.accounts.get(&id) {
                (pool, code) = (Some(*p), Some(i64::from(*m)));
                account = tilskud_templates::pages::account::kind_label(ctx.lang, k).to_lowercase();
            }
        }
        _ => {}
    }
    let num = |key: &str| field(r, key).and_then(|v| v.as_i64());
    let pool = pool.or_else(|| num("pool_id"));
    let code = code.or_else(|| num("municipality_code"));
    let key = format!("audit-says-{}", r.action.replace(['.', '_'], "-"));
    if !tilskud_templates::i18n::has(ctx.lang, &key) {
        return ctx.msg(
            &Msg::new("audit-says-other")
                .arg("actor", actor)
                .arg("action", &r.action)
                .arg("entity", format!("{} {}", r.entity, r.entity_id)),
        );
    }
    let text = |v: Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let pool = pool
        .and_then(|p| names.pools.get(&p).cloned())
        .unwrap_or_default();
    let user = (r.entity == "user")
        .then(|| names.users.get(&id).cloned())
        .flatten()
        .unwrap_or_else(|| r.entity_id.clone());
    let municipality = code
        .map(crate::domain::municipality::name_of)
        .unwrap_or_default();
    let args: [(&str, Arg); 10] = [
        ("actor", Arg::from(actor)),
        ("id", Arg::from(r.entity_id.as_str())),
        ("pool", Arg::from(pool)),
        ("municipality", Arg::from(municipality)),
        ("version", Arg::from(text(field(r, "version_no")))),
        ("rate", Arg::from(text(field(r, "rate_no")))),
        (
            "rows",
            Arg::from(num("rows").map_or_else(String::new, tilskud_templates::fmt::number)),
        ),
        ("year", Arg::from(text(field(r, "year")))),
        ("account", Arg::from(account)),
        ("user", Arg::from(user)),
    ];
    tilskud_templates::i18n::t_args(ctx.lang, &key, &args)
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
