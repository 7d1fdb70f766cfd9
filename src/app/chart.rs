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
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 56.0;

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

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub bars: Vec<Bar>,
    /// Axis maximum (a whole number of ticks at or above the largest value, see [`axis`]).
    pub max: f64,
    /// Ticks on the value axis: value and y position.
    pub ticks: Vec<(f64, f64)>,
    /// Centre x of each category.
    pub category_x: Vec<f64>,
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

/// Lays out grouped bars: one group per category, one bar per series in each group.
pub fn layout(categories: usize, series: &[Vec<f64>]) -> Layout {
    let largest = series
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let (max, step) = axis(largest);
    let plot_height = HEIGHT - TOP - BOTTOM;
    let plot_width = WIDTH - LEFT - RIGHT;
    let group = plot_width / categories.max(1) as f64;
    let bar_width = (group * 0.8) / series.len().max(1) as f64;
    let mut bars = Vec::new();
    for (s, values) in series.iter().enumerate() {
        for (c, value) in values.iter().enumerate().take(categories) {
            let value = if value.is_finite() {
                value.max(0.0)
            } else {
                0.0
            };
            let height = plot_height * value / max;
            bars.push(Bar {
                x: LEFT + group * c as f64 + group * 0.1 + bar_width * s as f64,
                y: TOP + plot_height - height,
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
            (value, TOP + plot_height - plot_height * value / max)
        })
        .collect();
    let category_x = (0..categories)
        .map(|c| LEFT + group * c as f64 + group / 2.0)
        .collect();
    Layout {
        bars,
        max,
        ticks,
        category_x,
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
    let geometry = layout(categories.len(), &values);
    let names: Vec<String> = series.iter().map(|(name, _)| name.clone()).collect();
    let rotate = categories.len() > 8;
    let baseline = HEIGHT - BOTTOM;
    let aria_label = title.clone();
    view! {
        <svg
            class="chart"
            role="img"
            aria-label=aria_label
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="xMinYMin meet"
        >
            <title>{title}</title>
            <desc>"Die Werte stehen in der Tabelle neben dem Diagramm."</desc>
            {geometry
                .ticks
                .iter()
                .map(|(value, y)| {
                    view! {
                        <line class="chart-grid" x1=LEFT x2=WIDTH - RIGHT y1=*y y2=*y />
                        <text class="chart-tick" x=LEFT - 6.0 y=*y + 4.0 text-anchor="end">
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
            <line class="axis" x1=LEFT x2=WIDTH - RIGHT y1=baseline y2=baseline />
            {geometry
                .category_x
                .iter()
                .zip(&categories)
                .map(|(x, label)| {
                    let y = baseline + 14.0;
                    let transform = if rotate {
                        format!("rotate(-40 {x} {y})")
                    } else {
                        String::new()
                    };
                    view! {
                        <text
                            class="chart-label"
                            x=*x
                            y=y
                            text-anchor=if rotate { "end" } else { "middle" }
                            transform=transform
                        >
                            {label.clone()}
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
