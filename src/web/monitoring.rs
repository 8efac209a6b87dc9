//! Monitoring pages: the national overview, a municipality's KPIs and milestone facts,
//! and the upload of monthly files (streamed to a temporary file, then imported in one
//! transaction; CPR numbers are pseudonymised by the parser and never stored).

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use tilskud_templates::pages::monitoring as page;

use super::ctx::Ctx;
use super::login::see_other;
use super::{html, AppState};
use crate::auth::Role;
use crate::db::queries::monitoring::{self, MonthCounts};
use crate::domain::monitoring::kpi::Kpi;
use crate::domain::monitoring::pseudonym::Pseudonymizer;
use crate::error::{AppError, AppResult, Msg};

/// The pool whose target-group figures are the gross target groups: the first pool.
const POOL: i64 = 1;

fn kpis(counts: &[MonthCounts], gross: u64) -> Vec<page::KpiSeries> {
    Kpi::ALL
        .iter()
        .map(|k| page::KpiSeries {
            key: k.key().to_string(),
            rule_key: k.rule_key().to_string(),
            cells: counts
                .iter()
                .map(|m| {
                    let d = m.to_domain(gross);
                    page::Cell {
                        num: k.numerator(&d),
                        den: k.denominator(&d),
                        tenths: k.share(&d).and_then(|s| s.tenths_of_percent()),
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct Flash {
    imported: Option<u64>,
}

async fn national_page(
    ctx: &Ctx,
    state: &AppState,
    problems: Vec<String>,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let (counts, gross) = state
        .db(|c| {
            let counts = monitoring::month_counts(c, None)?;
            let gross: i64 = crate::db::queries::target_groups::applicants(c, POOL)?
                .iter()
                .map(|r| r.target_group)
                .sum();
            Ok((counts, gross))
        })
        .await?;
    let user = ctx.user()?;
    let p = page::Page {
        heading: ctx.t("monitoring-national-heading"),
        months: counts
            .iter()
            .filter_map(|m| m.month())
            .map(|m| m.key())
            .collect(),
        kpis: kpis(&counts, u64::try_from(gross).unwrap_or(0)),
        facts: Vec::new(),
        upload_action: (user.role == Role::Officer).then(|| "/monitoring/upload".to_string()),
        csrf: ctx.csrf(),
        problems,
        flash,
        note: None,
    };
    Ok(ctx.page(&p.heading, page::page(ctx.lang, &p)))
}

pub async fn national(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<Flash>,
) -> AppResult<HttpResponse> {
    let flash = q
        .imported
        .map(|n| ctx.msg(&Msg::new("monitoring-imported").arg("rows", n)));
    Ok(html(national_page(&ctx, &state, Vec::new(), flash).await?))
}

async fn municipality_page(
    ctx: &Ctx,
    state: &AppState,
    code: i32,
    problems: Vec<String>,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let (name, counts, gross, facts) = state
        .db(move |c| {
            let m = crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
            let counts = monitoring::month_counts(c, Some(code))?;
            let gross = crate::db::queries::target_groups::for_pool(c, POOL)?
                .into_iter()
                .find(|r| r.code == code)
                .and_then(|r| r.target_group)
                .unwrap_or(0);
            let facts = monitoring::facts(c, POOL, code)?;
            Ok((m.name, counts, gross, facts))
        })
        .await?;
    let user = ctx.user()?;
    let a = &facts.whole_group_assessed;
    let act = &facts.intervention_activity;
    let rule = act.rule;
    let activity_evidence: Vec<String> = act
        .months_checked
        .iter()
        .map(|(m, s, ok)| {
            format!(
                "{}: {} / {} ({} %) – {}",
                m.key(),
                s.num(),
                s.den(),
                s.percent_1dp_da(),
                ctx.t(if *ok {
                    "milestone-month-qualifies"
                } else {
                    "milestone-month-does-not-qualify"
                })
            )
        })
        .collect();
    let facts_view = vec![
        page::Fact {
            title: ctx.t("monitoring-fact-rate-2"),
            met: a.met,
            summary: ctx.msg(
                &Msg::new(a.key())
                    .arg("assessed", a.assessed)
                    .arg("gross", a.gross)
                    .arg("short", a.short_by),
            ),
            rule: ctx.t("milestone-whole-group-rule"),
            evidence: Vec::new(),
        },
        page::Fact {
            title: ctx.t("monitoring-fact-rate-3"),
            met: act.met,
            summary: ctx.msg(
                &Msg::new(act.key())
                    .arg("since", act.since.map(|m| m.key()).unwrap_or_default())
                    .arg("percent", rule.threshold_percent())
                    .arg("months", rule.months()),
            ),
            rule: ctx.msg(
                &Msg::new(if rule.consecutive() {
                    "milestone-activity-rule-each-month"
                } else {
                    "milestone-activity-rule-pooled"
                })
                .arg("percent", rule.threshold_percent())
                .arg("months", rule.months()),
            ),
            evidence: activity_evidence,
        },
    ];
    let own_finance = user.role == Role::Finance && user.municipality_code == Some(code);
    let p = page::Page {
        heading: ctx.msg(&Msg::new("monitoring-municipality-heading").arg("name", &name)),
        months: counts
            .iter()
            .filter_map(|m| m.month())
            .map(|m| m.key())
            .collect(),
        kpis: kpis(&counts, u64::try_from(gross).unwrap_or(0)),
        facts: facts_view,
        upload_action: own_finance.then(|| format!("/municipalities/{code}/monitoring/upload")),
        csrf: ctx.csrf(),
        problems,
        flash,
        note: None,
    };
    Ok(ctx.page(&p.heading, page::page(ctx.lang, &p)))
}

pub async fn municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    q: web::Query<Flash>,
) -> AppResult<HttpResponse> {
    let flash = q
        .imported
        .map(|n| ctx.msg(&Msg::new("monitoring-imported").arg("rows", n)));
    Ok(html(
        municipality_page(&ctx, &state, path.into_inner(), Vec::new(), flash).await?,
    ))
}

/// Streams the uploaded file to a temporary file (memory stays flat whatever its size).
async fn save_upload(
    state: &AppState,
    mut payload: Multipart,
) -> Result<std::path::PathBuf, AppError> {
    use std::io::Write;
    let dir = state.upload_dir.clone();
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    let path = dir.join(format!(
        "upload-{}.csv",
        crate::auth::password::random_token()
    ));
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(&path).map_err(AppError::internal)?);
    let mut got_file = false;
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))?;
        if field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_none()
        {
            continue;
        }
        got_file = true;
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))?;
            out.write_all(&chunk).map_err(AppError::internal)?;
        }
        break;
    }
    out.flush().map_err(AppError::internal)?;
    if !got_file {
        let _ = std::fs::remove_file(&path);
        return Err(AppError::field("file", Msg::new("upload-missing")));
    }
    Ok(path)
}

/// Imports an uploaded file; `only` is a municipal user's own municipality.
async fn import_upload(
    ctx: &Ctx,
    state: &AppState,
    payload: Multipart,
    only: Option<i32>,
) -> AppResult<Result<u64, Vec<String>>> {
    let key = state
        .pseudonym_key
        .clone()
        .ok_or_else(|| AppError::Conflict(Msg::new("monitoring-no-key")))?;
    let path = save_upload(state, payload).await?;
    let actor = ctx.user()?.actor();
    let p = path.clone();
    let result = state
        .db(move |c| {
            let pseudonymizer = Pseudonymizer::new(key.as_bytes())
                .map_err(|_| AppError::Conflict(Msg::new("monitoring-no-key")))?;
            let file = std::fs::File::open(&p).map_err(AppError::internal)?;
            let reader = crate::domain::monitoring::file::Reader::new(
                std::io::BufReader::with_capacity(256 * 1024, file),
                &pseudonymizer,
            );
            Ok(monitoring::import(
                c,
                &actor,
                super::now(),
                monitoring::read_ahead(monitoring::rows_from(reader)),
                only,
                "upload",
                &mut |_| {},
            ))
        })
        .await;
    let _ = std::fs::remove_file(&path);
    match result? {
        Ok(summary) => Ok(Ok(summary.rows)),
        Err(monitoring::ImportError::Rows(problems)) => {
            Ok(Err(problems.iter().map(|p| ctx.msg(&p.msg)).collect()))
        }
        Err(monitoring::ImportError::Other(e)) => Err(e),
    }
}

pub async fn upload_national(
    ctx: Ctx,
    state: web::Data<AppState>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    match import_upload(&ctx, &state, payload, None).await? {
        Ok(rows) => Ok(see_other(&format!("/monitoring?imported={rows}"))),
        Err(problems) => Ok(super::html_invalid(
            national_page(&ctx, &state, problems, None).await?,
        )),
    }
}

pub async fn upload_municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    match import_upload(&ctx, &state, payload, Some(code)).await? {
        Ok(rows) => Ok(see_other(&format!(
            "/municipalities/{code}/monitoring?imported={rows}"
        ))),
        Err(problems) => Ok(super::html_invalid(
            municipality_page(&ctx, &state, code, problems, None).await?,
        )),
    }
}
