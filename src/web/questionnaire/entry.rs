//! A municipality's questionnaire: who is due (by pseudonym), the measurement form and
//! the vendor file upload. Only the municipality's finance staff and caseworkers reach
//! these pages (`Access::QuestionnaireEntry`).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use tilskud_templates::fmt::number;
use tilskud_templates::pages::questionnaire::{self as page, Choice, Input};

use super::{base, municipality_name, pool_name, read_file, short, texts, today, trail};
use crate::app::questionnaire::{self as app, due, entry, SetVersion};
use crate::domain::monitoring::pseudonym::Pseudonym;
use crate::domain::questionnaire::{ExitReason, MeasurementKind, QuestionKind};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::http::ctx::Ctx;
use crate::web::login::see_other;
use crate::web::{html, html_invalid, long_date, AppState};

/// Persons each list shows at most; the counts say how many there are.
const LIST_SHOWN: usize = 200;

/// The largest vendor file: a line per answer, some tens of bytes each.
const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

fn entry_base(pool: i64, code: i32) -> String {
    format!("{}/{code}", base(pool))
}

/// What the page says after a save or an import.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    saved: Option<String>,
    date: Option<String>,
    replaced: Option<u64>,
    imported: Option<u64>,
    lines: Option<u64>,
}

impl Done {
    fn text(&self, ctx: &Ctx) -> Option<String> {
        if let Some(measurements) = self.imported {
            let n = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
            let text = |v: u64| number(i64::try_from(v).unwrap_or(i64::MAX));
            let replaced = self.replaced.unwrap_or(0);
            return Some(
                ctx.msg(
                    &Msg::new("questionnaire-imported")
                        .count("measurements", n(measurements))
                        .arg("measurements_text", text(measurements))
                        .arg("lines", text(self.lines.unwrap_or(0)))
                        .count("replaced", n(replaced))
                        .arg("replaced_text", text(replaced)),
                ),
            );
        }
        let kind = MeasurementKind::parse(self.saved.as_deref()?)?;
        let date = NaiveDate::parse_from_str(self.date.as_deref()?, "%Y-%m-%d").ok()?;
        let key = match self.replaced {
            Some(1) => "questionnaire-saved-replaced",
            _ => "questionnaire-saved",
        };
        Some(
            ctx.msg(
                &Msg::new(key)
                    .arg("kind", ctx.t(kind.label_key()))
                    .arg("date", long_date(ctx.lang, date)),
            ),
        )
    }
}

fn form_href(pool: i64, code: i32, person: &Pseudonym, kind: MeasurementKind) -> String {
    format!(
        "{}/new?person={person}&kind={}",
        entry_base(pool, code),
        kind.as_str()
    )
}

fn due_row(ctx: &Ctx, pool: i64, code: i32, d: &due::FollowUpDue) -> page::DueRow {
    let full = d.person.to_string();
    page::DueRow {
        short: short(&full),
        baseline: long_date(ctx.lang, d.baseline),
        due: long_date(ctx.lang, d.due),
        window: ctx.msg(
            &Msg::new("questionnaire-date-range")
                .arg("from", long_date(ctx.lang, d.opens))
                .arg("to", long_date(ctx.lang, d.closes)),
        ),
        href: form_href(pool, code, &d.person, MeasurementKind::FollowUp),
        full,
    }
}

async fn municipality_page(
    ctx: &Ctx,
    state: &AppState,
    (pool, code): (i64, i32),
    flash: Option<String>,
    import_problems: Vec<String>,
) -> AppResult<maud::Markup> {
    let name = municipality_name(code)?;
    let pool_name = pool_name(state, pool).await?;
    let today = today(state);
    let (current, list) = state
        .read(move |c| Ok((app::current(c, pool)?, due::list(c, pool, code, today)?)))
        .await?;
    let n = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
    let base = entry_base(pool, code);
    let view = page::EntryPage {
        trail: trail(ctx, pool, &pool_name, true),
        heading: ctx.msg(&Msg::new("questionnaire-municipality-heading").arg("name", &name)),
        flash,
        version: current.as_ref().map(|v| v.version),
        illustration: current.as_ref().is_some_and(|v| v.illustration),
        window_months: list.window_months,
        counts: page::EntryCounts {
            group1: n(list.group1),
            baselines: n(list.baselines),
            followed_up: n(list.followed_up),
            exited: n(list.exited),
            not_yet: n(list.not_yet),
            due_this_month: n(list.due_this_month.len()),
            overdue: n(list.overdue.len()),
            missing_baseline: n(list.missing_baseline.len()),
        },
        due_this_month: list
            .due_this_month
            .iter()
            .take(LIST_SHOWN)
            .map(|d| due_row(ctx, pool, code, d))
            .collect(),
        overdue: list
            .overdue
            .iter()
            .take(LIST_SHOWN)
            .map(|d| due_row(ctx, pool, code, d))
            .collect(),
        missing: list
            .missing_baseline
            .iter()
            .take(LIST_SHOWN)
            .map(|m| {
                let full = m.person.to_string();
                page::MissingRow {
                    short: short(&full),
                    expected: tilskud_templates::fmt::month_long(
                        ctx.lang,
                        m.expected.year,
                        m.expected.month,
                    ),
                    href: form_href(pool, code, &m.person, MeasurementKind::Baseline),
                    full,
                }
            })
            .collect(),
        shown: LIST_SHOWN,
        new_href: format!("{base}/new"),
        results_href: format!("{base}/results"),
        overview_href: ctx
            .may("GET", "/pools/{pool}/questionnaire", None)
            .then(|| super::base(pool)),
        import_action: format!("{base}/import"),
        import_problems,
        csrf: ctx.csrf(),
    };
    let title = format!("{} – {pool_name}", view.heading);
    Ok(ctx.page(&title, page::entry_page(ctx.lang, &view)))
}

pub async fn municipality(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
    done: web::Query<Done>,
) -> AppResult<HttpResponse> {
    let flash = done.text(&ctx);
    Ok(html(
        municipality_page(&ctx, &state, path.into_inner(), flash, Vec::new()).await?,
    ))
}

/// The form as posted (or prefilled): everything but the CPR number, which is never kept.
#[derive(Debug, Default)]
struct Typed {
    person: String,
    person_state: page::Person,
    kind: String,
    date: String,
    exit_reason: String,
    answers: Vec<(String, String)>,
}

fn kinds(ctx: &Ctx) -> Vec<Choice> {
    MeasurementKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_string(),
            label: ctx.t(k.label_key()),
        })
        .collect()
}

fn exit_reasons(ctx: &Ctx) -> Vec<Choice> {
    ExitReason::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_string(),
            label: ctx.t(r.label_key()),
        })
        .collect()
}

/// One form field per question of the set, with what was chosen or typed.
fn questions(ctx: &Ctx, set: &SetVersion, typed: &Typed) -> Vec<page::FormQuestion> {
    let lang = ctx.lang.tag();
    set.set
        .questions
        .iter()
        .map(|q| {
            let radios = |values: Vec<(i64, String)>| {
                Input::Radios(
                    values
                        .into_iter()
                        .map(|(v, label)| Choice {
                            value: v.to_string(),
                            label,
                        })
                        .collect(),
                )
            };
            let input = match &q.kind {
                QuestionKind::Scale {
                    min,
                    max,
                    low,
                    high,
                } => radios(
                    (*min..=*max)
                        .map(|v| {
                            let label = if v == *min {
                                format!("{v} – {}", low.get(lang))
                            } else if v == *max {
                                format!("{v} – {}", high.get(lang))
                            } else {
                                v.to_string()
                            };
                            (v, label)
                        })
                        .collect(),
                ),
                QuestionKind::YesNo | QuestionKind::Choice { .. } => radios(
                    q.values()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|v| (v, q.answer_text(v, lang)))
                        .collect(),
                ),
                QuestionKind::Number { min, max } => Input::Number {
                    min: *min,
                    max: *max,
                },
            };
            page::FormQuestion {
                field: entry::answer_field(&q.code),
                value: typed
                    .answers
                    .iter()
                    .find(|(c, _)| *c == q.code)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                code: q.code.clone(),
                text: q.text.get(lang).to_string(),
                required: q.required,
                input,
                hint: None,
            }
        })
        .collect()
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    (pool, code): (i64, i32),
    typed: &Typed,
    errors: &FieldErrors,
) -> AppResult<maud::Markup> {
    let name = municipality_name(code)?;
    let pool_name = pool_name(state, pool).await?;
    let set = state.read(move |c| app::require_current(c, pool)).await?;
    let base = entry_base(pool, code);
    let mut trail = trail(ctx, pool, &pool_name, true);
    trail.push((
        ctx.msg(&Msg::new("questionnaire-municipality-heading").arg("name", &name)),
        base.clone(),
    ));
    let view = page::FormView {
        trail,
        heading: ctx.t("questionnaire-new-heading"),
        subheading: ctx.msg(
            &Msg::new("questionnaire-form-subheading")
                .arg("name", &name)
                .arg("version", set.version),
        ),
        illustration: set.illustration,
        action: format!("{base}/measurements"),
        csrf: ctx.csrf(),
        back_href: base,
        person_short: short(&typed.person),
        person: typed.person.clone(),
        person_state: typed.person_state,
        kind: typed.kind.clone(),
        kinds: kinds(ctx),
        date: typed.date.clone(),
        exit_reason: typed.exit_reason.clone(),
        exit_reasons: exit_reasons(ctx),
        questions: questions(ctx, &set, typed),
        errors: texts(ctx, errors),
    };
    let title = format!("{} – {name}", view.heading);
    Ok(ctx.page(&title, page::form(ctx.lang, &view)))
}

/// A due list's link: the person (pseudonym) and the kind to fill in.
#[derive(Debug, Default, Deserialize)]
pub struct Prefill {
    person: Option<String>,
    kind: Option<String>,
}

/// The measurement form, filled in from a due list's link; the date is today's.
pub async fn new_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
    q: web::Query<Prefill>,
) -> AppResult<HttpResponse> {
    // Only a well-formed pseudonym is taken from the address: nothing else typed there
    // (a CPR number, say) is ever written into the page.
    let person = q
        .person
        .as_deref()
        .and_then(Pseudonym::from_hex)
        .map(|p| p.to_string())
        .unwrap_or_default();
    let typed = Typed {
        person_state: if person.is_empty() {
            page::Person::None
        } else {
            page::Person::FromList
        },
        person,
        kind: q
            .kind
            .as_deref()
            .and_then(MeasurementKind::parse)
            .map(|k| k.as_str().to_string())
            .unwrap_or_default(),
        date: today(&state).format("%Y-%m-%d").to_string(),
        ..Typed::default()
    };
    Ok(html(
        form_page(
            &ctx,
            &state,
            path.into_inner(),
            &typed,
            &FieldErrors::default(),
        )
        .await?,
    ))
}

/// The form's hidden note of where the kept pseudonym came from.
const FROM_CPR: &str = "cpr";

/// Saves a measurement from the form; on a problem the form again (422) with everything
/// typed but the CPR number, and the person kept by pseudonym when the number was read.
pub async fn record(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (cpr, person) = (get("cpr"), get("person"));
    let answers: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("q-").map(|c| (c.to_string(), v.clone())))
        .collect();
    let key = crate::app::monitoring::pseudonymizer(state.pseudonym_key.as_deref())?;
    let identified = entry::identify(&cpr, &person, &key);
    // Who the form keeps if it comes back: the person just read, else the one it had.
    let (kept, kept_state) = match (&identified, cpr.trim().is_empty()) {
        (Ok(p), false) => (p.to_string(), page::Person::Received),
        (Ok(p), true) if get("person_from") == FROM_CPR => (p.to_string(), page::Person::Received),
        (Ok(p), true) => (p.to_string(), page::Person::FromList),
        (Err(_), _) => match Pseudonym::from_hex(person.trim()) {
            Some(p) if get("person_from") == FROM_CPR => (p.to_string(), page::Person::Received),
            Some(p) => (p.to_string(), page::Person::FromList),
            None => (String::new(), page::Person::None),
        },
    };
    let input = entry::Entry {
        kind: get("kind"),
        date: get("date"),
        exit_reason: get("exit_reason"),
        answers: answers.clone(),
    };
    let (actor, now, today) = (ctx.user()?.actor(), state.now(), today(&state));
    let written = {
        let input = input.clone();
        state
            .db(move |c| entry::record(c, &actor, now, today, pool, code, identified, &input))
            .await
    };
    match written {
        Ok(r) => Ok(see_other(&format!(
            "{}?saved={}&date={}&replaced={}",
            entry_base(pool, code),
            r.kind.as_str(),
            r.measured_on.format("%Y-%m-%d"),
            u8::from(r.replaced)
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                person: kept,
                person_state: kept_state,
                kind: input.kind,
                date: input.date,
                exit_reason: input.exit_reason,
                answers,
            };
            Ok(html_invalid(
                form_page(&ctx, &state, (pool, code), &typed, &errors).await?,
            ))
        }
        Err(e) => Err(e),
    }
}

/// The vendor's file for this municipality: imported whole, or every problem listed by
/// line (and nothing written).
pub async fn import(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let (pool, code) = path.into_inner();
    let (actor, now, today) = (ctx.user()?.actor(), state.now(), today(&state));
    let outcome = match read_file(&req, payload, IMPORT_LIMIT).await {
        Ok(bytes) => {
            let key = crate::app::monitoring::pseudonymizer(state.pseudonym_key.as_deref())?;
            state
                .db(move |c| {
                    let input = std::io::Cursor::new(bytes);
                    Ok(entry::import(
                        c,
                        &actor,
                        now,
                        today,
                        pool,
                        Some(code),
                        &key,
                        input,
                        "upload",
                    )
                    .map_err(entry::ImportError::into_app_error))
                })
                .await?
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(i) => Ok(see_other(&format!(
            "{}?imported={}&lines={}&replaced={}",
            entry_base(pool, code),
            i.measurements,
            i.lines,
            i.replaced
        ))),
        Err(AppError::Invalid(errors)) => {
            let problems = texts(&ctx, &errors).into_iter().map(|(_, m)| m).collect();
            Ok(html_invalid(
                municipality_page(&ctx, &state, (pool, code), None, problems).await?,
            ))
        }
        Err(e) => Err(e),
    }
}
