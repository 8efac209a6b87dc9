//! A share's line chart over the months, drawn on the server as SVG (no script): 0–100 %
//! up the y axis, the months along the x axis, and a milestone's requirement as a dashed
//! line where one applies.
//!
//! The drawing has one set of coordinates (its viewBox) and scales to the width of the
//! column (`.kpi-chart` in `app.css`). On a narrow screen it is shown at about half its
//! size, so `app.css` then draws its text at [`FONT_NARROW`] units instead of [`FONT`]
//! and leaves out the month labels marked `chart-minor`: the month labels are spaced for
//! both sizes here, and the margins leave room for the larger text.

use maud::{html, Markup};

use super::{share_text, Cell};
use crate::fmt;
use crate::i18n::{t, t_args, Arg, Lang};

/// A milestone's requirement on the charted share: rate `rate` asks for `percent` %.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub rate: u32,
    pub percent: u32,
}

/// One chart: an `id` unique on the page, its name, the months as keys ("2018-02") and
/// each month's share, in the same order.
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub months: &'a [String],
    pub cells: &'a [Cell],
    pub threshold: Option<Threshold>,
}

const W: u64 = 640;
const H: u64 = 360;
const LEFT: u64 = 104;
const RIGHT: u64 = 44;
const TOP: u64 = 34;
const BOTTOM: u64 = 64;
const PLOT_W: u64 = W - LEFT - RIGHT;
const PLOT_H: u64 = H - TOP - BOTTOM;
/// Text size in user units as drawn: about 15 px at the chart's widest (72rem).
const FONT: u64 = 13;
/// Text size on a screen under 576 px (`app.css`): about 12 px at 390 px.
const FONT_NARROW: u64 = 22;
/// The data's colour, and the requirement's (5.6:1 on white, apart from the blue also
/// for colour-blind readers, and dashed besides).
const BLUE: &str = "#0059b3";
const RED: &str = "#b2331b";

fn x(i: u64, n: u64) -> u64 {
    LEFT + if n > 1 {
        i * PLOT_W / (n - 1)
    } else {
        PLOT_W / 2
    }
}

fn y(tenths: u64) -> u64 {
    TOP + PLOT_H - tenths.min(1000) * PLOT_H / 1000
}

/// The width of `chars` characters of text in `font`, generously (0.55 em each).
fn text_width(chars: u64, font: u64) -> u64 {
    chars * font * 11 / 20
}

/// Months from one label to the next: the first of months, quarters, half years, years,
/// … at which `n` months' labels of `chars` characters in `font` leave a gap between
/// them. Each step divides the next, so the labels of a larger font are a subset.
fn label_step(n: u64, chars: u64, font: u64) -> u64 {
    let need = text_width(chars, font) + 10;
    [1, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|step| step * PLOT_W >= need * n.saturating_sub(1))
        .unwrap_or(120)
}

/// Which months get a label: `Some(minor)` for a labelled month, where `minor` labels are
/// left out on a narrow screen. Labels fall on calendar steps (January, April, …) so
/// that they read as a calendar; without any such month, the first month is labelled.
fn labels(months: &[String], texts: &[String]) -> Vec<Option<bool>> {
    let n = months.len() as u64;
    let chars = texts
        .iter()
        .map(|s| s.chars().count() as u64)
        .max()
        .unwrap_or(0);
    let wide = label_step(n, chars, FONT);
    let narrow = label_step(n, chars, FONT_NARROW);
    let index = |i: usize, key: &str| match fmt::parse_month_key(key) {
        Some((y, m)) => i64::from(y) * 12 + i64::from(m) - 1,
        None => i as i64,
    };
    let mut out: Vec<Option<bool>> = months
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let at = index(i, key);
            (at.rem_euclid(wide as i64) == 0).then_some(at.rem_euclid(narrow as i64) != 0)
        })
        .collect();
    if !out.contains(&Some(false)) {
        if let Some(first) = out.first_mut() {
            *first = Some(false);
        }
    }
    out
}

/// Where the requirement's label stands: at the right or the left end of its line, just
/// above or just below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    left: bool,
    below: bool,
}

/// The first of right above, right below, left above, left below with the fewest points
/// where the label would stand (at its larger, narrow-screen size). A point on the line
/// is in the way of neither side; below needs room above the x axis.
fn label_place(cells: &[Cell], threshold: u64, label_chars: u64) -> Place {
    let n = cells.len() as u64;
    let line = y(threshold);
    let width = text_width(label_chars, FONT_NARROW);
    let band = FONT_NARROW + 6;
    let room_below = line + band <= TOP + PLOT_H;
    let in_the_way = |place: Place| {
        let (from, to) = if place.left {
            (LEFT, LEFT + width)
        } else {
            ((LEFT + PLOT_W).saturating_sub(width), LEFT + PLOT_W)
        };
        cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((x(i as u64, n), y(c.tenths?))))
            .filter(|&(px, py)| {
                (from..=to).contains(&px)
                    && if place.below {
                        py > line && py - line <= band
                    } else {
                        py < line && line - py <= band
                    }
            })
            .count()
    };
    [(false, false), (false, true), (true, false), (true, true)]
        .into_iter()
        .map(|(left, below)| Place { left, below })
        .filter(|p| room_below || !p.below)
        .min_by_key(|&p| in_the_way(p))
        .unwrap_or(Place {
            left: false,
            below: false,
        })
}

/// The months with a share, as runs of consecutive points: a month with no one to count
/// breaks the line rather than being bridged.
fn segments(cells: &[Cell]) -> Vec<String> {
    let n = cells.len() as u64;
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        match c.tenths {
            Some(t) => run.push(format!("{},{}", x(i as u64, n), y(t))),
            None if !run.is_empty() => out.push(std::mem::take(&mut run).join(" ")),
            None => {}
        }
    }
    if !run.is_empty() {
        out.push(run.join(" "));
    }
    out
}

/// What a screen reader says besides the name: the months covered and the requirement.
fn description(lang: Lang, c: &Chart) -> String {
    let mut parts = Vec::new();
    if let (Some(first), Some(last)) = (c.months.first(), c.months.last()) {
        parts.push(t_args(
            lang,
            "monitoring-chart-desc",
            &[
                ("from", Arg::from(fmt::month_key_long(lang, first))),
                ("to", Arg::from(fmt::month_key_long(lang, last))),
            ],
        ));
    }
    if let Some(th) = c.threshold {
        parts.push(t_args(
            lang,
            "monitoring-chart-threshold-desc",
            &threshold_args(th),
        ));
    }
    parts.join(" ")
}

fn threshold_args(th: Threshold) -> [(&'static str, Arg); 2] {
    [
        ("rate", Arg::from(th.rate)),
        ("percent", Arg::from(th.percent)),
    ]
}

/// The chart of one share over the months. A month key without a share is not drawn.
pub fn chart(lang: Lang, c: &Chart) -> Markup {
    let n = c.cells.len() as u64;
    let texts: Vec<String> = c
        .months
        .iter()
        .map(|m| fmt::month_key_short(lang, m))
        .collect();
    let labelled = labels(c.months, &texts);
    let desc_id = format!("{}-desc", c.id);
    let threshold = c.threshold.map(|th| {
        let label = t_args(lang, "monitoring-chart-threshold", &threshold_args(th));
        let tenths = u64::from(th.percent) * 10;
        let place = label_place(c.cells, tenths, label.chars().count() as u64);
        (y(tenths), label, place)
    });
    let base = TOP + PLOT_H;
    html! {
        svg .kpi-chart id=(c.id) xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (W) " " (H) }
            role="img" aria-label=(c.title) aria-describedby=(desc_id) {
            title { (c.title) }
            desc id=(desc_id) { (description(lang, c)) }
            g font-size=(FONT) fill="#454545" {
                @for pct in [0u64, 25, 50, 75, 100] {
                    line x1=(LEFT) x2=(LEFT + PLOT_W) y1=(y(pct * 10)) y2=(y(pct * 10)) stroke="#ccc" stroke-width="1" vector-effect="non-scaling-stroke" {}
                    text x=(LEFT - 8) y=(y(pct * 10)) text-anchor="end" dominant-baseline="middle" { (pct) " %" }
                }
                @for (i, label) in labelled.iter().enumerate().take(c.cells.len()) {
                    @if let Some(minor) = label {
                        @let at = x(i as u64, n);
                        line .chart-minor[*minor] x1=(at) x2=(at) y1=(base) y2=(base + 6) stroke="#767676" stroke-width="1" vector-effect="non-scaling-stroke" {}
                        text .chart-minor[*minor] x=(at) y=(base + 28) text-anchor="middle" { (texts[i]) }
                    }
                }
                text .chart-axis-title transform={ "translate(20 " (TOP + PLOT_H / 2) ") rotate(-90)" } text-anchor="middle" fill="#1a1a1a" { (t(lang, "monitoring-chart-y-axis")) }
                text .chart-axis-title x=(LEFT + PLOT_W / 2) y=(H - 8) text-anchor="middle" fill="#1a1a1a" { (t(lang, "monitoring-chart-x-axis")) }
            }
            @if let Some((ty, _, _)) = &threshold {
                line .chart-threshold x1=(LEFT) x2=(LEFT + PLOT_W) y1=(ty) y2=(ty) stroke=(RED) stroke-width="2" stroke-dasharray="8 5" vector-effect="non-scaling-stroke" {}
            }
            @for points in segments(c.cells) {
                polyline points=(points) fill="none" stroke=(BLUE) stroke-width="2.5" stroke-linejoin="round" vector-effect="non-scaling-stroke" {}
            }
            @for (i, cell) in c.cells.iter().enumerate() {
                @if let Some(t) = cell.tenths {
                    circle cx=(x(i as u64, n)) cy=(y(t)) r="3.5" fill=(BLUE) {
                        title { (c.months.get(i).map(|m| fmt::month_key_long(lang, m)).unwrap_or_default()) ": " (share_text(cell)) " (" (cell.num) "/" (cell.den) ")" }
                    }
                }
            }
            @if let Some((ty, label, place)) = &threshold {
                @let (lx, anchor) = if place.left { (LEFT, "start") } else { (LEFT + PLOT_W, "end") };
                // Below the line the text hangs from its top, so that both sizes clear it.
                @let (ly, baseline) = if place.below { (ty + 5, "hanging") } else { (ty - 6, "alphabetic") };
                text .chart-threshold-label x=(lx) y=(ly) text-anchor=(anchor) dominant-baseline=(baseline) font-size=(FONT) fill=(RED) stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke" { (label) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(tenths: u64) -> Cell {
        Cell {
            num: tenths,
            den: 1000,
            tenths: Some(tenths),
        }
    }

    /// `n` months from `year`-`month` on, as keys.
    fn months(year: i32, month: u32, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let at = year * 12 + month as i32 - 1 + i as i32;
                format!("{}-{:02}", at / 12, at % 12 + 1)
            })
            .collect()
    }

    fn draw(lang: Lang, months: &[String], cells: &[Cell], threshold: Option<Threshold>) -> String {
        chart(
            lang,
            &Chart {
                id: "chart-test",
                title: "Andel i aktivitet",
                months,
                cells,
                threshold,
            },
        )
        .into_string()
    }

    /// The value of `attr` on the first element whose opening tag contains `marker`.
    fn attr(svg: &str, marker: &str, attr: &str) -> u64 {
        let at = svg.find(marker).expect(marker);
        let tag_start = svg[..=at].rfind('<').unwrap();
        let tag = &svg[tag_start..tag_start + svg[tag_start..].find('>').unwrap()];
        let key = format!(" {attr}=\"");
        let from = tag.find(&key).expect(attr) + key.len();
        tag[from..from + tag[from..].find('"').unwrap()]
            .parse()
            .unwrap()
    }

    /// The texts of the `<text>` elements with class `class` (or all, for "").
    fn texts(svg: &str, class: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter(|t| class.is_empty() || t[..t.find('>').unwrap()].contains(class))
            .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string())
            .collect()
    }

    #[test]
    fn the_axes_have_titles_in_danish_and_english() {
        let m = months(2018, 1, 3);
        let cells = [cell(100), cell(200), cell(300)];
        let da = draw(Lang::Da, &m, &cells, None);
        assert_eq!(texts(&da, "chart-axis-title"), ["Andel (%)", "Måned"]);
        let en = draw(Lang::En, &m, &cells, None);
        assert_eq!(texts(&en, "chart-axis-title"), ["Share (%)", "Month"]);
        assert!(
            da.contains("rotate(-90)"),
            "the y axis title runs up the axis"
        );
    }

    #[test]
    fn months_are_labelled_short_in_danish_not_as_keys() {
        let m = months(2018, 1, 3);
        let svg = draw(Lang::Da, &m, &[cell(1), cell(2), cell(3)], None);
        let labels: Vec<String> = texts(&svg, "")
            .into_iter()
            .filter(|t| t.ends_with("18"))
            .collect();
        assert_eq!(labels, ["jan. 18", "feb. 18", "mar. 18"]);
        assert!(!texts(&svg, "").iter().any(|t| t.contains("2018-0")));
        let en = draw(Lang::En, &m, &[cell(1), cell(2), cell(3)], None);
        assert!(texts(&en, "").contains(&"Feb 18".to_string()));
        assert!(svg.contains("<title>februar 2018: 0,2 % (2/1000)</title>"));
    }

    #[test]
    fn many_months_are_labelled_at_calendar_steps_and_fewer_on_a_narrow_screen() {
        // The demo's 25 months, August 2017 to August 2019.
        let m = months(2017, 8, 25);
        let cells: Vec<Cell> = (0..25).map(|i| cell(i * 40)).collect();
        let svg = draw(Lang::Da, &m, &cells, None);
        let shown: Vec<String> = texts(&svg, "")
            .into_iter()
            .filter(|t| t.len() > 4 && t.ends_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            shown,
            [
                "okt. 17", "jan. 18", "apr. 18", "jul. 18", "okt. 18", "jan. 19", "apr. 19",
                "jul. 19"
            ]
        );
        let minor = texts(&svg, "chart-minor");
        assert_eq!(minor, ["okt. 17", "apr. 18", "okt. 18", "apr. 19"]);
        // Five years: one label a year, January.
        let m = months(2017, 8, 60);
        let cells: Vec<Cell> = (0..60).map(|_| cell(500)).collect();
        let svg = draw(Lang::Da, &m, &cells, None);
        let shown: Vec<String> = texts(&svg, "")
            .into_iter()
            .filter(|t| t.starts_with("jan."))
            .collect();
        assert_eq!(
            shown,
            ["jan. 18", "jan. 19", "jan. 20", "jan. 21", "jan. 22"]
        );
        assert!(texts(&svg, "").iter().all(|t| !t.starts_with("jul.")));
    }

    #[test]
    fn a_few_months_with_no_calendar_step_still_get_a_label() {
        let m = months(2018, 2, 2);
        let svg = draw(Lang::Da, &m, &[cell(1), cell(2)], None);
        assert!(texts(&svg, "").contains(&"feb. 18".to_string()));
    }

    /// How far up from 0 % to 100 % the requirement's line is drawn, in per cent.
    fn height_of_threshold(svg: &str) -> u64 {
        // The 0 % grid line is the first line drawn.
        let zero = attr(svg, "<line", "y1");
        assert_eq!(zero, y(0));
        let full = y(1000);
        let line = attr(svg, "class=\"chart-threshold\"", "y1");
        assert_eq!(
            line,
            attr(svg, "class=\"chart-threshold\"", "y2"),
            "horizontal"
        );
        ((zero - line) * 100 + (zero - full) / 2) / (zero - full)
    }

    #[test]
    fn rate_3s_requirement_is_a_dashed_line_at_40_percent_with_its_label() {
        let m = months(2018, 1, 4);
        let cells = [cell(300), cell(350), cell(420), cell(500)];
        let svg = draw(
            Lang::Da,
            &m,
            &cells,
            Some(Threshold {
                rate: 3,
                percent: 40,
            }),
        );
        assert_eq!(height_of_threshold(&svg), 40);
        assert!(svg.contains("stroke-dasharray"));
        assert_eq!(
            texts(&svg, "chart-threshold-label"),
            ["Krav for rate 3: 40 %"]
        );
        let en = draw(
            Lang::En,
            &m,
            &cells,
            Some(Threshold {
                rate: 3,
                percent: 40,
            }),
        );
        assert_eq!(
            texts(&en, "chart-threshold-label"),
            ["Rate 3 requires 40 %"]
        );
    }

    #[test]
    fn rate_2s_requirement_is_drawn_at_100_percent_with_its_label_above() {
        let m = months(2018, 1, 3);
        let cells = [cell(900), cell(1000), cell(1000)];
        let svg = draw(
            Lang::Da,
            &m,
            &cells,
            Some(Threshold {
                rate: 2,
                percent: 100,
            }),
        );
        assert_eq!(height_of_threshold(&svg), 100);
        assert_eq!(
            texts(&svg, "chart-threshold-label"),
            ["Krav for rate 2: 100 %"]
        );
        let label_y = attr(&svg, "class=\"chart-threshold-label\"", "y");
        assert!(
            label_y < y(1000),
            "the label stands above the line, in the margin"
        );
    }

    #[test]
    fn the_requirements_label_stands_where_the_fewest_points_are_in_its_way() {
        let label = "Krav for rate 3: 40 %".chars().count() as u64;
        let place = |tenths: &[u64]| {
            let cells: Vec<Cell> = tenths.iter().map(|&t| cell(t)).collect();
            let p = label_place(&cells, 400, label);
            (
                if p.left { "left" } else { "right" },
                if p.below { "below" } else { "above" },
            )
        };
        assert_eq!(place(&[300, 300, 300, 300]), ("right", "above"));
        assert_eq!(place(&[300, 300, 450, 450]), ("right", "below"));
        assert_eq!(
            place(&[300, 300, 300, 450, 350, 450, 350]),
            ("left", "above")
        );
        // On the line is in the way of neither side; at 100 % there is only above.
        assert_eq!(place(&[400, 400, 400]), ("right", "above"));
        let full: Vec<Cell> = [990, 1000, 990].iter().map(|&t| cell(t)).collect();
        assert!(!label_place(&full, 1000, label).below);
        let m = months(2018, 1, 4);
        let cells = [cell(300), cell(300), cell(450), cell(450)];
        let svg = draw(
            Lang::Da,
            &m,
            &cells,
            Some(Threshold {
                rate: 3,
                percent: 40,
            }),
        );
        assert!(attr(&svg, "class=\"chart-threshold-label\"", "y") > y(400));
        assert!(svg.contains("dominant-baseline=\"hanging\""));
    }

    #[test]
    fn a_screen_reader_hears_the_name_the_months_and_the_requirement() {
        let m = months(2017, 8, 3);
        let cells = [cell(300), cell(350), cell(420)];
        let svg = draw(
            Lang::Da,
            &m,
            &cells,
            Some(Threshold {
                rate: 3,
                percent: 40,
            }),
        );
        assert!(svg.contains("role=\"img\" aria-label=\"Andel i aktivitet\""));
        assert!(svg.contains("<title>Andel i aktivitet</title>"));
        assert!(svg.contains("aria-describedby=\"chart-test-desc\""));
        assert!(svg.contains(
            "<desc id=\"chart-test-desc\">Andelen i procent for hver måned fra august 2017 \
             til oktober 2017. Den stiplede linje viser kravet for rate 3: 40 %.</desc>"
        ));
        let plain = draw(Lang::En, &m, &cells, None);
        assert!(plain.contains(
            "<desc id=\"chart-test-desc\">The share in per cent for each month from August \
             2017 to October 2017.</desc>"
        ));
        assert!(!plain.contains("chart-threshold"));
    }

    #[test]
    fn the_drawing_scales_to_its_column_instead_of_having_a_width() {
        let m = months(2018, 1, 2);
        let svg = draw(Lang::Da, &m, &[cell(1), cell(2)], None);
        let open = &svg[..svg.find('>').unwrap()];
        assert!(open.contains("viewBox=\"0 0 640 360\""));
        assert!(!open.contains("width=") && !open.contains("height="));
        assert!(!svg.contains("style="));
    }

    #[test]
    fn a_month_with_no_one_to_count_breaks_the_line() {
        let m = months(2018, 1, 4);
        let none = Cell {
            num: 0,
            den: 0,
            tenths: None,
        };
        let svg = draw(Lang::Da, &m, &[cell(100), cell(200), none, cell(300)], None);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 3);
    }
}
