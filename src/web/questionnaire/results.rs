//! The results pages: for the nation (any user but the caseworker) and for one
//! municipality (STAR, and the municipality's own users). Counts only, no persons.

use actix_web::{web, HttpResponse};
use tilskud_templates::pages::questionnaire as page;

use super::{base, kind_label, municipality_name, pool_name, trail};
use crate::app::questionnaire::results::{self as app, ResultsView};
use crate::domain::questionnaire::results::{mean, QuestionResult};
use crate::domain::questionnaire::{Question, QuestionKind};
use crate::error::{AppResult, Msg};
use crate::http::ctx::Ctx;
use crate::web::{html, AppState};

/// A mean as the page writes it: "3,45", "–" without answers; `signed` adds "+" to a
/// positive change.
fn mean_text(sum: i64, n: u64, signed: bool) -> String {
    match mean(sum, n) {
        None => "–".to_string(),
        Some(m) => {
            let text = tilskud_templates::fmt::decimal_str(&format!("{m:.2}"));
            if signed && m.is_sign_positive() && !m.is_zero() {
                format!("+{text}")
            } else {
                text
            }
        }
    }
}

/// An answer as the table and chart name it: a scale's ends with their labels.
fn answer_label(q: &Question, value: i64, lang: &str) -> String {
    match &q.kind {
        QuestionKind::Scale { min, low, .. } if value == *min => {
            format!("{value} ({})", low.get(lang))
        }
        QuestionKind::Scale { max, high, .. } if value == *max => {
            format!("{value} ({})", high.get(lang))
        }
        _ => q.answer_text(value, lang),
    }
}

fn question(ctx: &Ctx, q: &Question, r: &QuestionResult) -> page::QuestionResult {
    let lang = ctx.lang.tag();
    let numeric = matches!(
        q.kind,
        QuestionKind::Scale { .. } | QuestionKind::Number { .. }
    );
    let change = match q.kind {
        QuestionKind::Choice { .. } => page::Change::Changed {
            pairs: r.pairs,
            changed: r.changed,
            same: r.same,
        },
        _ => page::Change::Ordered {
            pairs: r.pairs,
            higher: r.improved,
            same: r.same,
            lower: r.worsened,
            mean: mean_text(r.sum_change, r.pairs, true),
        },
    };
    page::QuestionResult {
        code: q.code.clone(),
        text: q.text.get(lang).to_string(),
        kind: kind_label(ctx, &q.kind),
        rows: r
            .distribution
            .iter()
            .map(|&(value, baseline, second)| page::Distribution {
                label: answer_label(q, value, lang),
                chart_label: q.answer_text(value, lang),
                baseline,
                second,
            })
            .collect(),
        answered: (r.answered_baseline, r.answered_second),
        means: numeric.then(|| {
            (
                mean_text(r.sum_baseline, r.answered_baseline, false),
                mean_text(r.sum_second, r.answered_second, false),
            )
        }),
        change: Some(change),
    }
}

fn view(
    ctx: &Ctx,
    v: &ResultsView,
    heading: String,
    trail: Vec<(String, String)>,
    links: Vec<(String, String)>,
    national: bool,
) -> page::ResultsPage {
    let r = &v.results;
    let questions = match &v.current {
        Some(cur) => cur
            .set
            .questions
            .iter()
            .zip(&r.questions)
            .map(|(q, res)| question(ctx, q, res))
            .collect(),
        None => Vec::new(),
    };
    page::ResultsPage {
        trail,
        heading,
        version: v.current.as_ref().map(|c| c.version),
        illustration: v.current.as_ref().is_some_and(|c| c.illustration),
        counts: page::ResultCounts {
            baselines: r.baselines,
            follow_ups: r.follow_ups,
            exits: r.exits,
            pairs: r.pairs,
            group1: u64::try_from(v.group1).unwrap_or(0),
            municipalities: national.then(|| u64::try_from(v.municipalities).unwrap_or(0)),
        },
        questions,
        links,
    }
}

pub async fn national_results(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let pool = path.into_inner();
    let name = pool_name(&state, pool).await?;
    let v = (*state
        .cached(
            &ctx,
            format!("questionnaire/results/{pool}/all"),
            move |c| app::results(c, pool, None),
        )
        .await?)
        .clone();
    let mut links = Vec::new();
    if let Some(code) = ctx.user()?.municipality_code {
        if ctx.may(
            "GET",
            "/pools/{pool}/questionnaire/{code}/results",
            Some(code),
        ) {
            let href = format!("{}/{code}/results", base(pool));
            links.push((ctx.t("questionnaire-own-results"), href));
        }
    }
    let heading = ctx.t("questionnaire-results-national-heading");
    let p = view(
        &ctx,
        &v,
        heading,
        trail(&ctx, pool, &name, true),
        links,
        true,
    );
    let title = format!("{} – {name}", p.heading);
    Ok(html(ctx.page(&title, page::results(ctx.lang, &p))))
}

pub async fn municipality_results(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let name = municipality_name(code)?;
    let pool_name = pool_name(&state, pool).await?;
    let v = (*state
        .cached(
            &ctx,
            format!("questionnaire/results/{pool}/{code}"),
            move |c| app::results(c, pool, Some(code)),
        )
        .await?)
        .clone();
    let mut trail = trail(&ctx, pool, &pool_name, true);
    let own = format!("{}/{code}", base(pool));
    if ctx.may("GET", "/pools/{pool}/questionnaire/{code}", Some(code)) {
        trail.push((
            ctx.msg(&Msg::new("questionnaire-municipality-heading").arg("name", &name)),
            own,
        ));
    }
    let mut links = Vec::new();
    if ctx.may("GET", "/pools/{pool}/questionnaire/results", None) {
        links.push((
            ctx.t("questionnaire-national-results"),
            format!("{}/results", base(pool)),
        ));
    }
    let heading =
        ctx.msg(&Msg::new("questionnaire-results-municipality-heading").arg("name", &name));
    let p = view(&ctx, &v, heading, trail, links, false);
    let title = format!("{} – {pool_name}", p.heading);
    Ok(html(ctx.page(&title, page::results(ctx.lang, &p))))
}
