//! DKFDS step indicator, as a status display (no links: the server decides which step
//! a case is in).

use maud::{html, Markup};

use super::icon_labelled;
use crate::i18n::{t, t_args, Arg, Lang};

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    Done,
    Current,
    Todo,
    Error,
}

/// An ordered list of steps with DKFDS markup: done steps get a check mark, the
/// current one `aria-current="step"`, later ones are greyed out, failed ones an error
/// mark. Screen readers hear "Trin 2 gennemført" / "Fejl i trin 3".
pub fn step_indicator(lang: Lang, steps: &[(&str, StepState)]) -> Markup {
    html! {
        ol class="step-indicator" aria-label=(t(lang, "step-indicator-label")) {
            @for (index, (label, state)) in steps.iter().enumerate() {
                @let number = Arg::Int(i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1));
                @let class = match state {
                    StepState::Done => None,
                    StepState::Current => Some("current"),
                    StepState::Todo => Some("disabled"),
                    StepState::Error => Some("error"),
                };
                li class=[class] {
                    div class="step" aria-current=[(*state == StepState::Current).then_some("step")] {
                        @match state {
                            StepState::Done => span class="step-icon" {
                                (icon_labelled("check", &t_args(lang, "step-done", &[("number", number.clone())]), None))
                            },
                            StepState::Error => span class="step-icon" {
                                (icon_labelled("error", &t_args(lang, "step-error", &[("number", number.clone())]), None))
                            },
                            StepState::Current | StepState::Todo => span class="step-number" {
                                span { (index + 1) }
                            },
                        }
                        div { span class="step-title" { (label) } }
                    }
                }
            }
        }
    }
}
