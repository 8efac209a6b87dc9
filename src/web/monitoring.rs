//! Monitoring pages: the national overview, a municipality's KPIs and milestone facts,
//! and the upload of monthly files (streamed to a temporary file, then imported in one
//! transaction; CPR numbers are pseudonymised by the parser and never stored).

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use tilskud_templates::pages::monitoring as page;

use super::login::see_other;
use super::{html, AppState};
use crate::auth::Role;
use crate::db::queries::monitoring::{self, MonthCounts};
use crate::domain::monitoring::kpi::Kpi;
use crate::domain::monitoring::pseudonym::Pseudonymizer;
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;

/// The pool whose target-group figures are the gross target groups: the first pool.
const POOL: i64 = 1;

/// `gross` is STAR's gross target group figure (0 without one).
fn kpis(counts: &[MonthCounts], gross: i64) -> Vec<page::KpiSeries> {
    let gross = u64::try_from(gross).unwrap_or(0);
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

/// The latest month in the status note's terms (see `page::Status`).
fn status(counts: &[MonthCounts], gross: i64) -> Option<page::Status> {
    use crate::domain::monitoring::kpi::Share;
    let last = counts.last()?;
    let d = last.to_domain(u64::try_from(gross).unwrap_or(0));
    let cell = |num: u64, den: u64| page::Cell {
        num,
        den,
        tenths: Share::new(num, den).and_then(|s| s.tenths_of_percent()),
    };
    let assessed = Kpi::AssessedShare;
    Some(page::Status {
        month: last.month()?.key(),
        rows: vec![
            (
                "monitoring-status-assessed",
                cell(assessed.numerator(&d), assessed.denominator(&d)),
            ),
            ("monitoring-status-group1", cell(d.group1, d.assessed)),
            ("monitoring-status-group2", cell(d.group2, d.assessed)),
            ("monitoring-status-group3", cell(d.group3, d.assessed)),
            (
                "monitoring-status-job-broker",
                cell(d.g1_job_broker, d.group1),
            ),
            (
                "monitoring-status-company-offer",
                cell(d.g1_company_offer, d.group1),
            ),
        ],
    })
}

#[derive(serde::Deserialize)]
pub struct Flash {
    imported: Option<u64>,
}

/// The whole country's counts and gross target group: the applicants' figures summed.
fn national_counts(c: &mut crate::db::DbConn) -> AppResult<(Vec<MonthCounts>, i64)> {
    let counts = monitoring::month_counts(c, None)?;
    let gross: i64 = crate::db::queries::target_groups::applicants(c, POOL)?
        .iter()
        .map(|r| r.target_group)
        .sum();
    Ok((counts, gross))
}

/// A municipality's name, counts and STAR's gross target group figure (0 without one).
fn municipality_counts(
    c: &mut crate::db::DbConn,
    code: i32,
) -> AppResult<(String, Vec<MonthCounts>, i64)> {
    let m = crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
    let counts = monitoring::month_counts(c, Some(code))?;
    let gross = crate::db::queries::target_groups::for_pool(c, POOL)?
        .into_iter()
        .find(|r| r.code == code)
        .and_then(|r| r.target_group)
        .unwrap_or(0);
    Ok((m.name, counts, gross))
}

fn month_keys(counts: &[MonthCounts]) -> Vec<String> {
    counts
        .iter()
        .filter_map(|m| m.month())
        .map(|m| m.key())
        .collect()
}

/// Links to the KPI downloads under `base` (`/monitoring` or a municipality's).
fn downloads(ctx: &Ctx, base: &str) -> Vec<(String, String)> {
    vec![
        (format!("{base}/kpis.csv"), ctx.t("monitoring-download-csv")),
        (
            format!("{base}/kpis.xlsx"),
            ctx.t("monitoring-download-xlsx"),
        ),
    ]
}

async fn national_page(
    ctx: &Ctx,
    state: &AppState,
    problems: Vec<String>,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let (counts, gross) = state.db(national_counts).await?;
    let user = ctx.user()?;
    let p = page::Page {
        heading: ctx.t("monitoring-national-heading"),
        status: status(&counts, gross),
        months: month_keys(&counts),
        kpis: kpis(&counts, gross),
        downloads: downloads(ctx, "/monitoring"),
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
    let user = ctx.user()?;
    // Who is still to be assessed, by pseudonym: read only for the municipality's own
    // users (the route admits STAR too, which must not see it).
    let own_users = user.role.is_municipal() && user.municipality_code == Some(code);
    let (name, counts, gross, facts, unassessed) = state
        .db(move |c| {
            let (name, counts, gross) = municipality_counts(c, code)?;
            let facts = monitoring::facts(c, POOL, code)?;
            let unassessed = if own_users {
                Some(monitoring::unassessed(c, code, Some(UNASSESSED_SHOWN))?)
            } else {
                None
            };
            Ok((name, counts, gross, facts, unassessed))
        })
        .await?;
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
            unassessed: unassessed.map(|u| unassessed_view(code, gross, &u)),
        },
        page::Fact {
            title: ctx
                .msg(&Msg::new("monitoring-fact-rate-3").arg("percent", rule.threshold_percent())),
            met: act.met,
            summary: ctx.msg(
                &Msg::new(act.key())
                    .arg("since", act.since.map(|m| m.key()).unwrap_or_default())
                    .arg("percent", rule.threshold_percent())
                    .arg("months", rule.months()),
            ),
            rule: ctx.msg(
                &Msg::new(rule.key())
                    .arg("percent", rule.threshold_percent())
                    .arg("months", rule.months()),
            ),
            evidence: activity_evidence,
            unassessed: None,
        },
    ];
    let own_finance = user.role == Role::Finance && user.municipality_code == Some(code);
    let p = page::Page {
        heading: ctx.msg(&Msg::new("monitoring-municipality-heading").arg("name", &name)),
        status: status(&counts, gross),
        months: month_keys(&counts),
        kpis: kpis(&counts, gross),
        downloads: downloads(ctx, &format!("/municipalities/{code}/monitoring")),
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

/// How many never-assessed persons the page lists; the CSV has them all.
const UNASSESSED_SHOWN: i64 = 200;

/// Characters of a pseudonym shown on the page: enough to tell 200 persons apart.
const PSEUDONYM_SHOWN: usize = 12;

fn unassessed_view(code: i32, gross: i64, u: &monitoring::Unassessed) -> page::Unassessed {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    page::Unassessed {
        total: n(u.total),
        gross: n(gross),
        seen: n(u.seen),
        not_in_data: n(gross.saturating_sub(u.seen)),
        rows: u
            .persons
            .iter()
            .map(|p| page::UnassessedRow {
                pseudonym: crate::export::hex(&p.person)
                    .chars()
                    .take(PSEUDONYM_SHOWN)
                    .collect(),
                first: crate::export::month_text(p.first_month),
                last: crate::export::month_text(p.last_month),
                months: n(p.months),
            })
            .collect(),
        csv_href: format!("/municipalities/{code}/monitoring/unassessed.csv"),
    }
}

/// The KPI table as export rows: every month, each KPI in the catalogue's order.
fn kpi_rows(ctx: &Ctx, counts: &[MonthCounts], gross: i64) -> Vec<crate::export::KpiRow> {
    let months = month_keys(counts);
    let series = kpis(counts, gross);
    let names: Vec<String> = series.iter().map(|k| ctx.t(&k.key)).collect();
    months
        .iter()
        .enumerate()
        .flat_map(|(i, month)| {
            series.iter().zip(&names).filter_map(move |(k, name)| {
                k.cells.get(i).map(|c| crate::export::KpiRow {
                    month: month.clone(),
                    kpi: name.clone(),
                    numerator: c.num,
                    denominator: c.den,
                    tenths: c.tenths,
                })
            })
        })
        .collect()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn kpi_download(
    ctx: &Ctx,
    title: &str,
    stem: &str,
    ext: &str,
    rows: &[crate::export::KpiRow],
) -> AppResult<HttpResponse> {
    let (content_type, body) = if ext == "xlsx" {
        (
            XLSX,
            crate::export::kpi_xlsx(ctx.lang, title, rows).map_err(AppError::internal)?,
        )
    } else {
        (
            "text/csv; charset=utf-8",
            crate::export::kpi_csv(rows).map_err(AppError::internal)?,
        )
    };
    Ok(super::attachment(
        content_type,
        &format!("{stem}.{ext}"),
        body,
    ))
}

async fn national_kpis(ctx: Ctx, state: web::Data<AppState>, ext: &str) -> AppResult<HttpResponse> {
    let (counts, gross) = state.db(national_counts).await?;
    let rows = kpi_rows(&ctx, &counts, gross);
    let title = ctx.t("monitoring-national-heading");
    kpi_download(&ctx, &title, "noegletal-hele-landet", ext, &rows)
}

pub async fn national_kpis_csv(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    national_kpis(ctx, state, "csv").await
}

pub async fn national_kpis_xlsx(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    national_kpis(ctx, state, "xlsx").await
}

async fn municipality_kpis(
    ctx: Ctx,
    state: web::Data<AppState>,
    code: i32,
    ext: &str,
) -> AppResult<HttpResponse> {
    let (name, counts, gross) = state.db(move |c| municipality_counts(c, code)).await?;
    let rows = kpi_rows(&ctx, &counts, gross);
    let title = ctx.msg(&Msg::new("monitoring-municipality-heading").arg("name", &name));
    kpi_download(&ctx, &title, &format!("noegletal-{code}"), ext, &rows)
}

pub async fn municipality_kpis_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    municipality_kpis(ctx, state, path.into_inner(), "csv").await
}

pub async fn municipality_kpis_xlsx(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    municipality_kpis(ctx, state, path.into_inner(), "xlsx").await
}

/// Every never-assessed person of the municipality, full pseudonyms: for its own users
/// only (the route's `OwnMunicipalityOnly`, checked again here).
pub async fn unassessed_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let user = ctx.user()?;
    if !(user.role.is_municipal() && user.municipality_code == Some(code)) {
        return Err(AppError::Forbidden);
    }
    let u = state
        .db(move |c| {
            crate::db::queries::municipalities::get(c, code)?.ok_or(AppError::NotFound)?;
            Ok(monitoring::unassessed(c, code, None)?)
        })
        .await?;
    let body = crate::export::unassessed_csv(&u.persons).map_err(AppError::internal)?;
    Ok(super::attachment(
        "text/csv; charset=utf-8",
        &format!("ikke-visiteret-{code}.csv"),
        body,
    ))
}

/// Streams the uploaded file to a temporary file (memory stays flat whatever its size).
async fn save_upload(state: &AppState, mut payload: Multipart) -> AppResult<std::path::PathBuf> {
    while let Some(field) = payload.next().await {
        let field = field.map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))?;
        if field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some()
        {
            return save_stream(state, field).await;
        }
    }
    Err(AppError::field("file", Msg::new("upload-missing")))
}

/// Writes a stream of bytes (a multipart file, an API body) to a fresh file in the
/// upload folder and returns its path; nothing is left behind when reading fails.
pub async fn save_stream<S, E>(state: &AppState, mut stream: S) -> AppResult<std::path::PathBuf>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
{
    use std::io::Write;
    let dir = state.upload_dir.clone();
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    let path = dir.join(format!(
        "upload-{}.csv",
        crate::auth::password::random_token()
    ));
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(&path).map_err(AppError::internal)?);
    let mut written = Ok(());
    while let Some(chunk) = stream.next().await {
        written = chunk
            .map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))
            .and_then(|c| out.write_all(&c).map_err(AppError::internal));
        if written.is_err() {
            break;
        }
    }
    let written = written.and_then(|()| out.flush().map_err(AppError::internal));
    drop(out);
    match written {
        Ok(()) => Ok(path),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// Imports an uploaded file; `only` is a municipal user's own municipality.
async fn import_upload(
    ctx: &Ctx,
    state: &AppState,
    payload: Multipart,
    only: Option<i32>,
) -> AppResult<Result<u64, Vec<String>>> {
    let path = save_upload(state, payload).await?;
    match import_saved(ctx, state, path, only, "upload").await? {
        Ok(summary) => Ok(Ok(summary.rows)),
        Err(problems) => Ok(Err(problems.iter().map(|p| ctx.msg(&p.msg)).collect())),
    }
}

/// Imports a file saved in the upload folder, for the pages and the API, and removes
/// it. `Err` holds the rows that made the import refuse the file.
pub async fn import_saved(
    ctx: &Ctx,
    state: &AppState,
    path: std::path::PathBuf,
    only: Option<i32>,
    source: &'static str,
) -> AppResult<Result<monitoring::Summary, Vec<monitoring::RowProblem>>> {
    let now = state.now();
    let key = state.pseudonym_key.clone();
    let Some(key) = key else {
        let _ = std::fs::remove_file(&path);
        return Err(AppError::Conflict(Msg::new("monitoring-no-key")));
    };
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
                now,
                monitoring::read_ahead(monitoring::rows_from(reader)),
                only,
                source,
                &mut |_| {},
            ))
        })
        .await;
    let _ = std::fs::remove_file(&path);
    match result? {
        Ok(summary) => Ok(Ok(summary)),
        Err(monitoring::ImportError::Rows(problems)) => Ok(Err(problems)),
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
