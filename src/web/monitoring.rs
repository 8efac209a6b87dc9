//! Monitoring pages: the national overview, a municipality's KPIs and milestone facts,
//! the KPI downloads, and the upload of monthly files (read and pseudonymised as they
//! arrive, see `app::monitoring::upload`; no CPR number is stored anywhere).

use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use tilskud_templates::pages::monitoring as page;

use super::login::see_other;
use super::{html, AppState, Download};
use crate::app::monitoring::{self as app, upload, Figures, Report};
use crate::db::queries::monitoring::{MonthCounts, Unassessed};
use crate::domain::monitoring::kpi::{Kpi, Share};
use crate::error::{AppError, AppResult, Msg};
use crate::http::ctx::Ctx;

fn cell(share: Option<Share>, num: u64, den: u64) -> page::Cell {
    page::Cell {
        num,
        den,
        tenths: share.and_then(|s| s.tenths_of_percent()),
    }
}

/// Rate 2 asks for the whole gross target group assessed: the assessed share's 100 %.
const RATE_2: page::Threshold = page::Threshold {
    rate: 2,
    percent: 100,
};

fn kpis(f: &Figures) -> Vec<page::KpiSeries> {
    let gross = u64::try_from(f.gross).unwrap_or(0);
    Kpi::ALL
        .iter()
        .map(|k| page::KpiSeries {
            key: k.key().to_string(),
            rule_key: k.rule_key().to_string(),
            threshold: (*k == Kpi::AssessedShare).then_some(RATE_2),
            cells: f
                .counts
                .iter()
                .map(|m| {
                    let d = m.to_domain(gross);
                    cell(k.share(&d), k.numerator(&d), k.denominator(&d))
                })
                .collect(),
        })
        .collect()
}

/// Per month, for the national figures: `Some("1 af 89 kommuner")` for a month not every
/// reporting municipality has reported.
fn partial_months(ctx: &Ctx, f: &Figures) -> Vec<Option<String>> {
    let Some(cov) = &f.coverage else {
        return vec![None; f.counts.len()];
    };
    (0..f.counts.len())
        .map(|i| {
            (!cov.complete(i)).then(|| {
                ctx.msg(
                    &Msg::new("monitoring-reported-of")
                        .arg("reported", cov.per_month.get(i).copied().unwrap_or(0))
                        .arg("reporting", cov.reporting),
                )
            })
        })
        .collect()
}

/// The latest month in the status note's terms (see `page::Status`); nationally the
/// latest month every reporting municipality has reported, with who has reported it
/// and the later months left out.
fn status(ctx: &Ctx, f: &Figures) -> Option<page::Status> {
    let Some(i) = f.status_month() else {
        return f
            .coverage
            .as_ref()
            .filter(|_| !f.counts.is_empty())
            .map(|_| page::Status {
                month: String::new(),
                rows: Vec::new(),
                notes: vec![ctx.t("monitoring-status-none-complete")],
            });
    };
    let last = &f.counts[i];
    let mut notes = Vec::new();
    if let Some(cov) = &f.coverage {
        notes.push(
            ctx.msg(
                &Msg::new("monitoring-status-coverage")
                    .arg("reported", cov.per_month.get(i).copied().unwrap_or(0))
                    .arg("applicants", cov.applicants),
            ),
        );
        let later: Vec<String> = f.counts[i + 1..]
            .iter()
            .zip(&cov.per_month[(i + 1).min(cov.per_month.len())..])
            .filter_map(|(m, n)| {
                let of = ctx.msg(
                    &Msg::new("monitoring-reported-of")
                        .arg("reported", *n)
                        .arg("reporting", cov.reporting),
                );
                Some(format!("{} ({of})", month_name(ctx, m.month()?)))
            })
            .collect();
        if !later.is_empty() {
            notes.push(
                ctx.msg(&Msg::new("monitoring-status-later").arg("months", later.join(", "))),
            );
        }
    }
    let d = last.to_domain(u64::try_from(f.gross).unwrap_or(0));
    let row = |key, num, den| page::StatusRow {
        key,
        cell: cell(Share::new(num, den), num, den),
    };
    let assessed = Kpi::AssessedShare;
    Some(page::Status {
        notes,
        month: month_name(ctx, last.month()?),
        rows: vec![
            row(
                "monitoring-status-assessed",
                assessed.numerator(&d),
                assessed.denominator(&d),
            ),
            row("monitoring-status-group1", d.group1, d.assessed),
            row("monitoring-status-group2", d.group2, d.assessed),
            row("monitoring-status-group3", d.group3, d.assessed),
            row("monitoring-status-job-broker", d.g1_job_broker, d.group1),
            row(
                "monitoring-status-company-offer",
                d.g1_company_offer,
                d.group1,
            ),
        ],
    })
}

#[derive(serde::Deserialize)]
pub struct Flash {
    imported: Option<u64>,
}

impl Flash {
    fn text(&self, ctx: &Ctx) -> Option<String> {
        self.imported
            .map(|n| ctx.msg(&Msg::new("monitoring-imported").arg("rows", n)))
    }
}

/// The months as keys ("2018-02"); the page writes them in words or short.
fn month_keys(counts: &[MonthCounts]) -> Vec<String> {
    counts
        .iter()
        .filter_map(|m| m.month())
        .map(|m| m.key())
        .collect()
}

fn month_name(ctx: &Ctx, m: crate::domain::monitoring::Month) -> String {
    tilskud_templates::fmt::month_key_long(ctx.lang, &m.key())
}

/// What a monitoring page shows besides its figures.
struct Extras {
    /// `/monitoring` or a municipality's `/municipalities/{code}/monitoring`.
    base: String,
    /// The breadcrumbs (label, address) above the page.
    trail: Vec<(String, String)>,
    facts: Vec<page::Fact>,
    may_upload: bool,
    problems: Vec<String>,
    flash: Option<String>,
}

/// Months the KPI tables show unless all are asked for (`?months=all`): a year and the
/// month before it, to compare with. The charts show every month, and the downloads
/// have them all.
const TABLE_MONTHS: usize = 13;

/// Which months the tables show, and the note with the link to the others.
fn table_months(ctx: &Ctx, base: &str, total: usize) -> page::TableMonths {
    let all = ctx.query.split('&').any(|p| p == "months=all");
    if total <= TABLE_MONTHS {
        return page::TableMonths {
            from: 0,
            note: None,
        };
    }
    let args = |m: Msg| ctx.msg(&m.arg("shown", TABLE_MONTHS).arg("total", total));
    if all {
        page::TableMonths {
            from: 0,
            note: Some((
                args(Msg::new("monitoring-table-months-every")),
                format!("{base}#kpis"),
                args(Msg::new("monitoring-table-months-recent")),
            )),
        }
    } else {
        page::TableMonths {
            from: total - TABLE_MONTHS,
            note: Some((
                args(Msg::new("monitoring-table-months")),
                format!("{base}?months=all#kpis"),
                args(Msg::new("monitoring-table-months-all")),
            )),
        }
    }
}

/// The KPI section, rendered once per data version, language and choice of months
/// (`AppState::fragment`): with two million rows every month's tables are 230 kB.
fn figures(ctx: &Ctx, state: &AppState, base: &str, f: &Figures) -> maud::Markup {
    let months = month_keys(&f.counts);
    let tables = table_months(ctx, base, months.len());
    let key = format!("html{base}/{}/{}", ctx.lang.tag(), tables.from);
    let html = state.fragment(ctx, key, || {
        let downloads = [
            ("-excel.csv", "monitoring-download-csv-excel"),
            (".xlsx", "monitoring-download-xlsx"),
            (".csv", "monitoring-download-csv"),
        ]
        .map(|(ext, label)| page::Download {
            href: format!("{base}/kpis{ext}"),
            label: ctx.t(label),
        });
        page::figures(
            ctx.lang,
            &months,
            &partial_months(ctx, f),
            &kpis(f),
            &downloads,
            &tables,
        )
        .into_string()
    });
    maud::PreEscaped(html.as_str().to_owned())
}

fn render(ctx: &Ctx, state: &AppState, heading: String, f: &Figures, x: Extras) -> maud::Markup {
    let p = page::Page {
        trail: x.trail,
        heading,
        status: status(ctx, f),
        figures: figures(ctx, state, &x.base, f),
        facts: x.facts,
        upload_action: x.may_upload.then(|| format!("{}/upload", x.base)),
        csrf: ctx.csrf(),
        problems: x.problems,
        flash: x.flash,
    };
    ctx.page(&p.heading, page::page(ctx.lang, &p))
}

async fn national_page(
    ctx: &Ctx,
    state: &AppState,
    problems: Vec<String>,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let figures = state
        .cached(ctx, "monitoring/national".into(), app::national)
        .await?;
    let extras = Extras {
        base: "/monitoring".to_string(),
        trail: Vec::new(),
        facts: Vec::new(),
        may_upload: ctx.may("POST", "/monitoring/upload", None),
        problems,
        flash,
    };
    Ok(render(
        ctx,
        state,
        ctx.t("monitoring-national-heading"),
        &figures,
        extras,
    ))
}

pub async fn national(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<Flash>,
) -> AppResult<HttpResponse> {
    let flash = q.text(&ctx);
    Ok(html(national_page(&ctx, &state, Vec::new(), flash).await?))
}

async fn municipality_page(
    ctx: &Ctx,
    state: &AppState,
    code: i32,
    problems: Vec<String>,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    // Who is still to be assessed, by pseudonym: only for the municipality's own users
    // (the page admits STAR too, which must not see it), as the list's download says.
    let base = format!("/municipalities/{code}/monitoring");
    let own = ctx.may(
        "GET",
        "/municipalities/{code}/monitoring/unassessed.csv",
        Some(code),
    );
    let listed = own.then_some(UNASSESSED_SHOWN);
    let report = state
        .cached(ctx, app::report_key(code, listed), move |c| {
            app::report(c, code, listed)
        })
        .await?;
    let heading = ctx.msg(&Msg::new("monitoring-municipality-heading").arg("name", &report.name));
    // Officers reach it from the list of municipalities; a municipality's own users
    // from their top-level page.
    let top = if ctx.may("GET", "/municipalities", None) {
        (ctx.t("nav-municipalities"), "/municipalities".to_string())
    } else {
        (ctx.t("nav-municipality"), format!("/municipalities/{code}"))
    };
    let mut trail = vec![top];
    if trail[0].1 == "/municipalities" {
        trail.push((report.name.clone(), format!("/municipalities/{code}")));
    }
    let extras = Extras {
        trail,
        facts: facts_view(ctx, code, &report),
        may_upload: ctx.may(
            "POST",
            "/municipalities/{code}/monitoring/upload",
            Some(code),
        ),
        base,
        problems,
        flash,
    };
    Ok(render(ctx, state, heading, &report.figures, extras))
}

/// The two milestone facts as the page states them.
fn facts_view(ctx: &Ctx, code: i32, r: &Report) -> Vec<page::Fact> {
    let a = &r.facts.whole_group_assessed;
    let act = &r.facts.intervention_activity;
    let rule = act.rule;
    let percent = rule.threshold_percent();
    let verdict = |ok: bool| {
        ctx.t(if ok {
            "milestone-month-qualifies"
        } else {
            "milestone-month-does-not-qualify"
        })
    };
    let evidence = act
        .months_checked
        .iter()
        .map(|(m, s, ok)| {
            let (key, num, den, pct) = (m.key(), s.num(), s.den(), s.percent_1dp_da());
            format!("{key}: {num} / {den} ({pct} %) – {}", verdict(*ok))
        })
        .collect();
    vec![
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
            unassessed: r
                .unassessed
                .as_ref()
                .map(|u| unassessed_view(code, r.figures.gross, u)),
            chart: None,
        },
        page::Fact {
            title: ctx.msg(&Msg::new("monitoring-fact-rate-3").arg("percent", percent)),
            met: act.met,
            summary: ctx.msg(
                &Msg::new(act.key())
                    .arg("since", act.since.map(|m| m.key()).unwrap_or_default())
                    .arg("percent", percent)
                    .arg("months", rule.months()),
            ),
            rule: ctx.msg(
                &Msg::new(rule.key())
                    .arg("percent", percent)
                    .arg("months", rule.months()),
            ),
            evidence,
            unassessed: None,
            chart: (!act.months_checked.is_empty()).then(|| page::FactChart {
                id: "chart-rate-3".to_string(),
                title: ctx.t("monitoring-fact-rate-3-chart"),
                rule: ctx.t("milestone-activity-measure"),
                months: act.months_checked.iter().map(|(m, ..)| m.key()).collect(),
                cells: act
                    .months_checked
                    .iter()
                    .map(|(_, s, _)| cell(Some(*s), s.num(), s.den()))
                    .collect(),
                threshold: page::Threshold { rate: 3, percent },
            }),
        },
    ]
}

pub async fn municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    q: web::Query<Flash>,
) -> AppResult<HttpResponse> {
    let flash = q.text(&ctx);
    Ok(html(
        municipality_page(&ctx, &state, path.into_inner(), Vec::new(), flash).await?,
    ))
}

/// How many never-assessed persons the page lists; the CSV has them all.
const UNASSESSED_SHOWN: i64 = 200;

/// Characters of a pseudonym shown on the page: enough to tell 200 persons apart.
const PSEUDONYM_SHOWN: usize = 12;

fn unassessed_view(code: i32, gross: i64, u: &Unassessed) -> page::Unassessed {
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
fn kpi_rows(ctx: &Ctx, f: &Figures) -> Vec<crate::export::KpiRow> {
    // YYYY-MM in the files: it sorts as text in a spreadsheet.
    let months: Vec<String> = f
        .counts
        .iter()
        .filter_map(|m| m.month())
        .map(|m| m.key())
        .collect();
    let series = kpis(f);
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

/// The KPIs of `f` as a download in `format`, named after `stem`.
fn kpi_download(
    ctx: &Ctx,
    title: &str,
    stem: &str,
    format: Download,
    f: &Figures,
) -> AppResult<HttpResponse> {
    let rows = kpi_rows(ctx, f);
    let body = match format {
        Download::Xlsx => {
            crate::export::kpi_xlsx(ctx.lang, title, &rows).map_err(AppError::internal)?
        }
        Download::ExcelCsv => {
            crate::export::kpi_csv_excel(ctx.lang, &rows).map_err(AppError::internal)?
        }
        Download::Csv => crate::export::kpi_csv(&rows).map_err(AppError::internal)?,
    };
    Ok(super::attachment(
        format.content_type(),
        &format.file_name(stem),
        body,
    ))
}

async fn national_kpis(
    ctx: Ctx,
    state: web::Data<AppState>,
    format: Download,
) -> AppResult<HttpResponse> {
    let figures = state
        .cached(&ctx, "monitoring/national".into(), app::national)
        .await?;
    let title = ctx.t("monitoring-national-heading");
    kpi_download(&ctx, &title, "noegletal-hele-landet", format, &figures)
}

pub async fn national_kpis_excel_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    national_kpis(ctx, state, Download::ExcelCsv).await
}

pub async fn municipality_kpis_excel_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    municipality_kpis(ctx, state, path.into_inner(), Download::ExcelCsv).await
}

pub async fn national_kpis_csv(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    national_kpis(ctx, state, Download::Csv).await
}

pub async fn national_kpis_xlsx(ctx: Ctx, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    national_kpis(ctx, state, Download::Xlsx).await
}

async fn municipality_kpis(
    ctx: Ctx,
    state: web::Data<AppState>,
    code: i32,
    format: Download,
) -> AppResult<HttpResponse> {
    let m = state
        .cached(&ctx, format!("monitoring/{code}/figures"), move |c| {
            app::municipality(c, code)
        })
        .await?;
    let (name, figures) = (&m.0, &m.1);
    let title = ctx.msg(&Msg::new("monitoring-municipality-heading").arg("name", name));
    kpi_download(&ctx, &title, &format!("noegletal-{code}"), format, figures)
}

pub async fn municipality_kpis_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    municipality_kpis(ctx, state, path.into_inner(), Download::Csv).await
}

pub async fn municipality_kpis_xlsx(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    municipality_kpis(ctx, state, path.into_inner(), Download::Xlsx).await
}

/// Every never-assessed person of the municipality, full pseudonyms: for its own users
/// only (the route's `OwnMunicipalityOnly`).
pub async fn unassessed_csv(
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let u = state.db(move |c| app::all_unassessed(c, code)).await?;
    let body = crate::export::unassessed_csv(&u.persons).map_err(AppError::internal)?;
    Ok(super::attachment(
        "text/csv; charset=utf-8",
        &format!("ikke-visiteret-{code}.csv"),
        body,
    ))
}

/// What became of a page's upload.
enum Uploaded {
    Imported(u64),
    /// The problems, as the page states them.
    Refused(Vec<String>),
    /// A sharp drop to confirm; `unticked` when the confirmation came without the box.
    Check(upload::Preview, bool),
}

/// The most bytes read of a small form field sent with the file.
const FIELD_LIMIT: usize = 256;

/// Reads a small text field of the multipart form (the confirmation's token and box).
async fn small_field(field: &mut actix_multipart::Field) -> String {
    let mut out = Vec::new();
    while let Some(Ok(chunk)) = field.next().await {
        if out.len() + chunk.len() > FIELD_LIMIT {
            return String::new();
        }
        out.extend_from_slice(&chunk);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Imports the uploaded file (the form's first file field); `only` is a municipal
/// user's own municipality. The fields before the file say whether the user confirms
/// a sharp drop shown to them (`confirm`, the preview's token, and `reviewed`).
async fn import_upload(
    ctx: &Ctx,
    (state, req): (&AppState, &HttpRequest),
    payload: web::Payload,
    only: Option<i32>,
) -> AppResult<Uploaded> {
    // The whole form counts (the file and its few small fields): refused before a byte
    // is read when its length is announced, else at the first chunk past the limit
    // (`http::upload::Limited`); the rest is never read.
    let limit = state.monitoring_max_bytes.saturating_add(FORM_SLACK);
    crate::http::upload::refuse_announced(req, limit)
        .map_err(|_| crate::http::upload::too_large(state.monitoring_max_bytes))?;
    let (payload, overflow) = crate::http::upload::Limited::new(payload, limit);
    let mut payload = Multipart::new(req.headers(), payload);
    let uploaded = read_upload(ctx, state, &mut payload, only).await;
    if overflow.happened() {
        return Err(crate::http::upload::too_large(state.monitoring_max_bytes));
    }
    uploaded
}

/// Room for the form's own parts beside the file: boundaries, headers, the token.
const FORM_SLACK: usize = 16 * 1024;

async fn read_upload(
    ctx: &Ctx,
    state: &AppState,
    payload: &mut Multipart,
    only: Option<i32>,
) -> AppResult<Uploaded> {
    let by = upload::Upload {
        actor: ctx.user()?.actor(),
        now: state.now(),
        only,
        source: "upload",
    };
    let (mut token, mut reviewed) = (String::new(), false);
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|_| AppError::field("file", Msg::new("upload-unreadable")))?;
        let name = field.name().unwrap_or_default().to_string();
        if field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_none()
        {
            match name.as_str() {
                "confirm" => token = small_field(&mut field).await,
                "reviewed" => reviewed = small_field(&mut field).await == "1",
                _ => {}
            }
            continue;
        }
        let store = upload::Store {
            pool: &state.pool,
            key: state.pseudonym_key.as_deref(),
            dir: &state.upload_dir,
        };
        // The token counts only with the box ticked; without it the preview is shown
        // again, saying so.
        let confirmed = (reviewed && !token.is_empty()).then_some(token.as_str());
        return Ok(match upload::import(store, field, by, confirmed).await? {
            upload::Outcome::Imported(summary, _) => Uploaded::Imported(summary.rows),
            upload::Outcome::Refused(problems) => {
                Uploaded::Refused(problems.iter().map(|p| ctx.msg(&p.msg)).collect())
            }
            upload::Outcome::Check(preview) => {
                let unticked = !token.is_empty() && !reviewed && preview.token == token;
                Uploaded::Check(preview, unticked)
            }
        });
    }
    Err(AppError::field("file", Msg::new("upload-missing")))
}

/// The change from `before` to `now` persons in words: "407 færre (−99,3 %)".
fn change_text(ctx: &Ctx, before: Option<u64>, now: u64) -> String {
    let Some(before) = before else {
        return String::new();
    };
    if before == now {
        return ctx.t("monitoring-preview-same");
    }
    let (key, diff) = if now < before {
        ("monitoring-preview-fewer", before - now)
    } else {
        ("monitoring-preview-more", now - before)
    };
    // Tenths of a percent of the month compared with, rounded half up (display only).
    let percent = if before == 0 {
        "∞".to_string()
    } else {
        let tenths = (u128::from(diff) * 2000 + u128::from(before)) / (2 * u128::from(before));
        format!(
            "{},{}",
            tilskud_templates::fmt::number(i64::try_from(tenths / 10).unwrap_or(i64::MAX)),
            tenths % 10
        )
    };
    ctx.msg(
        &Msg::new(key)
            .arg(
                "n",
                tilskud_templates::fmt::number(i64::try_from(diff).unwrap_or(i64::MAX)),
            )
            .arg("percent", percent),
    )
}

/// The preview page of an upload with a sharp drop, posting back to `base`/upload.
fn preview_page(ctx: &Ctx, base: &str, p: &upload::Preview, unticked: bool) -> maud::Markup {
    use crate::domain::monitoring::drop::Basis;
    let month = |m: crate::domain::monitoring::Month| {
        tilskud_templates::fmt::month_long(ctx.lang, m.year, m.month)
    };
    let months = p
        .months
        .iter()
        .map(|m| page::PreviewRow {
            municipality: crate::domain::municipality::name_of(i64::from(m.code)),
            month: month(m.month),
            persons: m.new.persons,
            groups: m.new.groups,
            compared: m.compared.map(|(basis, n)| {
                let label = match basis {
                    Basis::PreviousMonth(b) => month(b),
                    Basis::Replaced => ctx.t("monitoring-preview-replaced"),
                };
                (label, n)
            }),
            change: change_text(ctx, m.compared.map(|(_, n)| n), m.new.persons),
            sharp_drop: m.sharp_drop,
        })
        .collect();
    let view = page::Preview {
        rows: p.rows,
        drops: p.drops().count(),
        months,
        token: p.token.clone(),
        action: format!("{base}/upload"),
        csrf: ctx.csrf(),
        back_href: base.to_string(),
        unticked: unticked.then(|| ctx.t("monitoring-preview-unticked")),
    };
    ctx.page(
        &ctx.t("monitoring-preview-heading"),
        page::preview(ctx.lang, &view),
    )
}

pub async fn upload_national(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    match import_upload(&ctx, (&state, &req), payload, None).await? {
        Uploaded::Imported(rows) => Ok(see_other(&format!("/monitoring?imported={rows}"))),
        Uploaded::Refused(problems) => Ok(super::html_invalid(
            national_page(&ctx, &state, problems, None).await?,
        )),
        Uploaded::Check(preview, unticked) => {
            Ok(html(preview_page(&ctx, "/monitoring", &preview, unticked)))
        }
    }
}

pub async fn upload_municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    match import_upload(&ctx, (&state, &req), payload, Some(code)).await? {
        Uploaded::Imported(rows) => Ok(see_other(&format!(
            "/municipalities/{code}/monitoring?imported={rows}"
        ))),
        Uploaded::Refused(problems) => Ok(super::html_invalid(
            municipality_page(&ctx, &state, code, problems, None).await?,
        )),
        Uploaded::Check(preview, unticked) => Ok(html(preview_page(
            &ctx,
            &format!("/municipalities/{code}/monitoring"),
            &preview,
            unticked,
        ))),
    }
}
