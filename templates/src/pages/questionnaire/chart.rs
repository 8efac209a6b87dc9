//! A question's distribution at the first and the second measurement as grouped bars,
//! drawn on the server as SVG (no script): one pair of bars per answer, each bar the
//! share of that measurement's answers, so that two measurements of different sizes
//! compare. The table under the chart holds the same figures: it is the chart's text
//! alternative, and the chart says so to a screen reader.

use maud::{html, Markup};

use super::percent;
use crate::i18n::{t, t_args, Arg, Lang};

/// The counts per answer, in the answers' order, at each measurement.
pub struct Bars {
    pub baseline: Vec<u64>,
    pub second: Vec<u64>,
}

/// One chart: an `id` unique on the page, its name, the answers' labels and the counts.
pub struct BarChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub labels: &'a [String],
    pub bars: &'a Bars,
}

const W: u64 = 640;
const H: u64 = 300;
const LEFT: u64 = 64;
const RIGHT: u64 = 16;
const TOP: u64 = 40;
const BOTTOM: u64 = 56;
const PLOT_W: u64 = W - LEFT - RIGHT;
const PLOT_H: u64 = H - TOP - BOTTOM;
const FONT: u64 = 13;
/// Text size on a screen under 576 px (`app.css`): labels and the legend are spaced
/// for it, so that they do not run into each other there either.
const FONT_NARROW: u64 = 18;
/// The first measurement's bars (4.5:1 on white) and the second's: apart by lightness
/// as well as by hue, for colour-blind readers, and named in the legend.
const GREY: &str = "#767676";
const BLUE: &str = "#0059b3";
/// The longest answer label drawn under its bars; a longer one is cut with "…" (the
/// whole label is in the bar's title and in the table).
const LABEL_CHARS: usize = 14;

/// Tenths of a percent of `num` in `den`, rounded half up; 0 when `den` is 0.
fn tenths(num: u64, den: u64) -> u64 {
    if den == 0 {
        return 0;
    }
    let (num, den) = (u128::from(num), u128::from(den));
    u64::try_from((2000 * num + den) / (2 * den)).unwrap_or(1000)
}

/// The top of the y axis in tenths: 25, 50, 75 or 100 %, the first that holds the
/// highest bar, so that small shares are still told apart.
fn axis_max(highest: u64) -> u64 {
    [250, 500, 750, 1000]
        .into_iter()
        .find(|&m| highest <= m)
        .unwrap_or(1000)
}

/// Tenths between the y axis's lines: whole per cents at every line.
fn axis_step(max: u64) -> usize {
    match max {
        250 => 50,
        500 => 100,
        _ => 250,
    }
}

fn y(tenths: u64, max: u64) -> u64 {
    TOP + PLOT_H - tenths.min(max) * PLOT_H / max.max(1)
}

/// `label` in at most `chars` characters, cut with "…".
fn short(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_owned();
    }
    let cut: String = label.chars().take(chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The chart of one question's distribution.
pub fn bar_chart(lang: Lang, c: &BarChart) -> Markup {
    let (b, s) = (&c.bars.baseline, &c.bars.second);
    let (b_total, s_total) = (b.iter().sum::<u64>(), s.iter().sum::<u64>());
    let values = c.labels.len().max(1) as u64;
    let b_tenths: Vec<u64> = b.iter().map(|&v| tenths(v, b_total)).collect();
    let s_tenths: Vec<u64> = s.iter().map(|&v| tenths(v, s_total)).collect();
    let max = axis_max(b_tenths.iter().chain(&s_tenths).copied().max().unwrap_or(0));
    let group = PLOT_W / values;
    let bar = (group * 2 / 5).clamp(2, 48);
    let gap = (group.saturating_sub(2 * bar)) / 2;
    let base = TOP + PLOT_H;
    let desc_id = format!("{}-desc", c.id);
    let first = t(lang, "questionnaire-first-measurement");
    let second = t(lang, "questionnaire-second-measurement");
    // Labels under the bars when they fit, cut if need be; otherwise every answer's
    // number (the table names them all).
    let room = (group / (FONT_NARROW * 11 / 20)).max(1) as usize;
    let labels: Vec<String> = c
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let s = short(l, room.min(LABEL_CHARS));
            if s.chars().count() <= room && (room >= 4 || !s.ends_with('…')) {
                s
            } else {
                (i + 1).to_string()
            }
        })
        .collect();
    html! {
        svg .question-chart id=(c.id) xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (W) " " (H) }
            role="img" aria-label=(c.title) aria-describedby=(desc_id) {
            title { (c.title) }
            desc id=(desc_id) { (t(lang, "questionnaire-chart-desc")) }
            g font-size=(FONT) fill="#454545" {
                @for v in (0..=max).step_by(axis_step(max)) {
                    line x1=(LEFT) x2=(LEFT + PLOT_W) y1=(y(v, max)) y2=(y(v, max)) stroke="#ccc" stroke-width="1" vector-effect="non-scaling-stroke" {}
                    text x=(LEFT - 8) y=(y(v, max)) text-anchor="end" dominant-baseline="middle" { (v / 10) " %" }
                }
                @for (i, label) in labels.iter().enumerate() {
                    text x=(LEFT + group * i as u64 + group / 2) y=(base + 20) text-anchor="middle" { (label) }
                }
                text .chart-axis-title x=(LEFT + PLOT_W / 2) y=(H - 8) text-anchor="middle" fill="#1a1a1a" { (t(lang, "questionnaire-chart-x-axis")) }
                // The legend, above the plot.
                rect x=(LEFT) y="8" width="14" height="14" fill=(GREY) {}
                text x=(LEFT + 20) y="20" { (first) }
                @let second_x = LEFT + 40 + (first.chars().count() as u64) * FONT_NARROW * 11 / 20;
                rect x=(second_x) y="8" width="14" height="14" fill=(BLUE) {}
                text x=(second_x + 20) y="20" { (second) }
            }
            @for (i, label) in c.labels.iter().enumerate() {
                @let x0 = LEFT + group * i as u64 + gap;
                @let (bn, sn) = (b.get(i).copied().unwrap_or(0), s.get(i).copied().unwrap_or(0));
                @let (bt, st) = (b_tenths.get(i).copied().unwrap_or(0), s_tenths.get(i).copied().unwrap_or(0));
                rect x=(x0) y=(y(bt, max)) width=(bar) height=(base - y(bt, max)) fill=(GREY) {
                    title { (label) ", " (first) ": " (percent(bn, b_total)) " (" (bn) ")" }
                }
                rect x=(x0 + bar) y=(y(st, max)) width=(bar) height=(base - y(st, max)) fill=(BLUE) {
                    title { (label) ", " (second) ": " (percent(sn, s_total)) " (" (sn) ")" }
                }
            }
            line x1=(LEFT) x2=(LEFT + PLOT_W) y1=(base) y2=(base) stroke="#1a1a1a" stroke-width="1" vector-effect="non-scaling-stroke" {}
        }
        p .form-hint .chart-note { (t_args(lang, "questionnaire-chart-note", &[("first", Arg::from(first.as_str())), ("second", Arg::from(second.as_str()))])) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(labels: &[&str], baseline: &[u64], second: &[u64]) -> String {
        let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        let bars = Bars {
            baseline: baseline.to_vec(),
            second: second.to_vec(),
        };
        bar_chart(
            Lang::Da,
            &BarChart {
                id: "chart-parat",
                title: "Hvor klar føler du dig?",
                labels: &labels,
                bars: &bars,
            },
        )
        .into_string()
    }

    #[test]
    fn each_answer_has_a_pair_of_bars_as_shares_of_their_measurement() {
        let svg = draw(&["1", "2", "3"], &[2, 6, 2], &[1, 1, 3]);
        assert_eq!(svg.matches("<rect").count(), 2 + 6, "legend and bars");
        assert!(
            svg.contains("<title>2, Første måling: 60,0 % (6)</title>"),
            "{svg}"
        );
        assert!(svg.contains("<title>3, Anden måling: 60,0 % (3)</title>"));
        // The highest share is 60 %: the axis goes to 75 %.
        assert!(svg.contains(">75 %</text>"));
        assert!(!svg.contains(">100 %</text>"));
    }

    #[test]
    fn the_chart_is_named_and_points_to_the_table() {
        let svg = draw(&["Ja", "Nej"], &[3, 1], &[0, 0]);
        assert!(svg.contains("role=\"img\" aria-label=\"Hvor klar føler du dig?\""));
        assert!(svg.contains("aria-describedby=\"chart-parat-desc\""));
        assert!(svg.contains("tabellen"), "{svg}");
        // No answers at the second measurement: bars of height 0, no division by zero.
        assert!(svg.contains("Anden måling: – (0)"));
        let open = &svg[..svg.find('>').unwrap()];
        assert!(!open.contains("width=") && !svg.contains("style="));
    }

    #[test]
    fn long_labels_are_cut_and_too_many_become_numbers() {
        let svg = draw(
            &["Job", "Uddannelse og meget mere end det"],
            &[1, 1],
            &[1, 1],
        );
        assert!(svg.contains(">Uddannelse og…</text>"), "{svg}");
        let many: Vec<String> = (1..=20).map(|i| format!("Mulighed nummer {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let svg = draw(&many, &[1; 20], &[1; 20]);
        assert!(svg.contains(">20</text>"));
        assert!(svg.contains("<title>Mulighed nummer 20, Første måling: 5,0 % (1)</title>"));
    }
}
