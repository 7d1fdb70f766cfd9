//! Bar charts as inline SVG, for the report.
//!
//! A chart never stands alone: the report shows the same figures in a table beside it, which
//! is what screen readers and the CSV download use. The SVG is an image with a name
//! (`role="img"`, `<title>`) and a short description pointing to the table; its bars carry
//! their value as a tooltip (`<title>`) for sighted mouse users. Geometry is pure
//! ([`layout`], tested in `tests/browser.rs`) so it is easy to reason about; the component
//! only draws it.

use leptos::prelude::*;

/// Number of series colours (`.bar-0` … `.bar-3` in `style/main.css`: dark enough for 3:1
/// contrast against white, WCAG 1.4.11, and distinct in greyscale print).
const COLOURS: usize = 4;

const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 192.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
/// Generous width of one character of a label at the chart's 12 px font, in user units: the
/// room labels get is reckoned with it, so a label is never cut at the edge of the picture.
const CHAR_WIDTH: f64 = 7.2;
/// Height of one line of a label.
const LINE_HEIGHT: f64 = 14.0;
/// More categories than this: labels are turned by [`ANGLE`] degrees.
const UPRIGHT_LABELS: usize = 8;
const ANGLE: f64 = 40.0;

/// One bar, in SVG user units.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub category: usize,
    pub series: usize,
    pub value: f64,
}

/// A category's label: where it is anchored and its lines (upright labels wrap at spaces to
/// fit their category's width; turned labels stay on one line).
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub lines: Vec<String>,
    pub turned: bool,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// One bar per finite value; a missing (hidden) value has none.
    pub bars: Vec<Bar>,
    /// Axis maximum (a whole number of ticks at or above the largest value, see [`axis`]).
    pub max: f64,
    /// Ticks on the value axis: value and y position.
    pub ticks: Vec<(f64, f64)>,
    /// Centre x of each category.
    pub category_x: Vec<f64>,
    pub labels: Vec<Label>,
    /// The picture's size: tall enough for the labels below the bars, wide enough for a
    /// turned first label.
    pub width: f64,
    pub height: f64,
    /// Left edge of the plot and its baseline.
    pub left: f64,
    pub baseline: f64,
}

/// The value axis for counts up to `value`: a step of 1, 2 or 5 × 10^k giving at most about
/// four intervals, and the maximum as a whole number of steps at or above `value`. Ticks are
/// whole numbers whenever the step is, which for counts it always is.
pub fn axis(value: f64) -> (f64, f64) {
    if value.is_nan() || value <= 4.0 {
        return (value.max(1.0).ceil(), 1.0);
    }
    let rough = value / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude);
    ((value / step).ceil() * step, step)
}

/// Splits `label` at spaces into lines of at most `width` characters; a word longer than that
/// stays whole on its own line (the caller makes room for the longest line).
pub fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Lays out grouped bars: one group per label, one bar per series in each group.
pub fn layout(labels: &[String], series: &[Vec<f64>]) -> Layout {
    let categories = labels.len();
    let largest = series
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let (max, step) = axis(largest);
    let turned = categories > UPRIGHT_LABELS;
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let (sin, cos) = ANGLE.to_radians().sin_cos();
    // A turned label ends at its category's centre and reaches left and down from there; the
    // first one must not reach past the picture's left edge.
    let plot_width_guess = WIDTH - LEFT - RIGHT;
    let first_centre = plot_width_guess / categories.max(1) as f64 / 2.0;
    let left = if turned {
        LEFT.max(longest * CHAR_WIDTH * cos - first_centre + 4.0)
    } else {
        LEFT
    };
    let plot_width = WIDTH - left - RIGHT;
    let group = plot_width / categories.max(1) as f64;
    let per_line = ((group - 4.0) / CHAR_WIDTH).floor().max(1.0) as usize;
    let wrapped: Vec<Vec<String>> = labels
        .iter()
        .map(|l| {
            if turned {
                vec![l.clone()]
            } else {
                wrap(l, per_line)
            }
        })
        .collect();
    // Upright: a word longer than the group is allowed, so the picture widens by what the
    // widest line overhangs at the right edge.
    let overhang = if turned {
        0.0
    } else {
        wrapped
            .iter()
            .flatten()
            .map(|line| line.chars().count() as f64 * CHAR_WIDTH)
            .fold(0.0, f64::max)
            / 2.0
            - group / 2.0
            - RIGHT
    }
    .max(0.0);
    let label_height = if turned {
        longest * CHAR_WIDTH * sin + LINE_HEIGHT
    } else {
        wrapped.iter().map(Vec::len).max().unwrap_or(0) as f64 * LINE_HEIGHT
    };
    let baseline = TOP + PLOT_HEIGHT;
    let height = baseline + 14.0 + label_height + 4.0;
    let bar_width = (group * 0.8) / series.len().max(1) as f64;
    let mut bars = Vec::new();
    for (s, values) in series.iter().enumerate() {
        for (c, value) in values.iter().enumerate().take(categories) {
            if !value.is_finite() {
                continue;
            }
            let value = value.max(0.0);
            let height = PLOT_HEIGHT * value / max;
            bars.push(Bar {
                x: left + group * c as f64 + group * 0.1 + bar_width * s as f64,
                y: baseline - height,
                width: bar_width,
                height,
                category: c,
                series: s,
                value,
            });
        }
    }
    let intervals = (max / step).round() as usize;
    let ticks = (0..=intervals)
        .map(|i| {
            let value = step * i as f64;
            (value, baseline - PLOT_HEIGHT * value / max)
        })
        .collect();
    let category_x: Vec<f64> = (0..categories)
        .map(|c| left + group * c as f64 + group / 2.0)
        .collect();
    let labels = category_x
        .iter()
        .zip(wrapped)
        .map(|(x, lines)| Label {
            x: *x,
            y: baseline + 14.0,
            lines,
            turned,
        })
        .collect();
    Layout {
        bars,
        max,
        ticks,
        category_x,
        labels,
        width: WIDTH + overhang,
        height,
        left,
        baseline,
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}").replace('.', ",")
    }
}

/// A grouped bar chart. Re-render it (inside a `move ||`) when the figures change.
#[component]
pub fn BarChart(
    /// The chart's name, read out by screen readers.
    #[prop(into)]
    title: String,
    /// Labels along the category axis (months, years, districts, …).
    categories: Vec<String>,
    /// Named series, each with one value per category.
    series: Vec<(String, Vec<f64>)>,
) -> impl IntoView {
    let values: Vec<Vec<f64>> = series.iter().map(|(_, v)| v.clone()).collect();
    let geometry = layout(&categories, &values);
    let names: Vec<String> = series.iter().map(|(name, _)| name.clone()).collect();
    let hidden = values.iter().flatten().any(|v| !v.is_finite());
    let (width, height, left, baseline) = (
        geometry.width,
        geometry.height,
        geometry.left,
        geometry.baseline,
    );
    let aria_label = title.clone();
    view! {
        <svg
            class="chart"
            role="img"
            aria-label=aria_label
            viewBox=format!("0 0 {width} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            <title>{title}</title>
            <desc>
                {if hidden {
                    "Die Werte stehen in der Tabelle neben dem Diagramm; geschützte kleine Zahlen haben keinen Balken."
                } else {
                    "Die Werte stehen in der Tabelle neben dem Diagramm."
                }}
            </desc>
            {geometry
                .ticks
                .iter()
                .map(|(value, y)| {
                    view! {
                        <line class="chart-grid" x1=left x2=WIDTH - RIGHT y1=*y y2=*y />
                        <text class="chart-tick" x=left - 6.0 y=*y + 4.0 text-anchor="end">
                            {number(*value)}
                        </text>
                    }
                })
                .collect_view()}
            {geometry
                .bars
                .iter()
                .map(|bar| {
                    let tooltip = format!(
                        "{}{}: {}",
                        categories.get(bar.category).cloned().unwrap_or_default(),
                        names
                            .get(bar.series)
                            .filter(|_| names.len() > 1)
                            .map(|n| format!(", {n}"))
                            .unwrap_or_default(),
                        number(bar.value),
                    );
                    view! {
                        <rect
                            x=bar.x
                            y=bar.y
                            width=bar.width
                            height=bar.height
                            class=format!("bar-{}", bar.series % COLOURS)
                        >
                            <title>{tooltip}</title>
                        </rect>
                    }
                })
                .collect_view()}
            <line class="axis" x1=left x2=WIDTH - RIGHT y1=baseline y2=baseline />
            {geometry
                .labels
                .into_iter()
                .map(|label| {
                    let Label { x, y, lines, turned } = label;
                    let transform = if turned {
                        format!("rotate(-{ANGLE} {x} {y})")
                    } else {
                        String::new()
                    };
                    view! {
                        <text
                            class="chart-label"
                            x=x
                            y=y
                            text-anchor=if turned { "end" } else { "middle" }
                            transform=transform
                        >
                            {lines
                                .into_iter()
                                .enumerate()
                                .map(|(i, line)| {
                                    let dy = if i == 0 { 0.0 } else { LINE_HEIGHT };
                                    view! { <tspan x=x dy=dy>{line}</tspan> }
                                })
                                .collect_view()}
                        </text>
                    }
                })
                .collect_view()}
        </svg>
        {(names.len() > 1)
            .then(|| {
                view! {
                    <ul class="chart-legend" aria-hidden="true">
                        {names
                            .iter()
                            .enumerate()
                            .map(|(i, name)| {
                                view! {
                                    <li>
                                        <span class=format!(
                                            "chart-swatch bar-{}",
                                            i % COLOURS,
                                        )></span>
                                        {name.clone()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}
