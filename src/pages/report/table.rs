//! One model for every table of the report, so that the screen, the print, the copy for Word
//! and Excel, and the CSV download show the same figures, formatted the same German way, and
//! hide the same small numbers.
//!
//! A section builds a [`ReportTable`] (labels, figures, and the sum relations between its
//! counts) and hands it, alone or with the tables it shares a total with, to [`protect`]. That
//! gives a [`ShownTable`]: every cell as text, with counts below the rule set's publication
//! threshold shown as "< 3" and the cells hidden so they cannot be worked out from the totals
//! shown as "x" (`domain::report::suppression`). [`ReportTableView`] renders it, with the
//! buttons "Tabelle kopieren" (HTML for Word, tab-separated text for Excel) and "CSV".
//!
//! Decisions:
//! - Only [`Figure::Count`] cells are protected. Posts (*Stellen*) and computed texts (a
//!   change against the previous year) are never hidden; a table of *Baustein 3* is not
//!   protectable at all: its figures are the authorities' yearly totals, published by them,
//!   and none of them counts KIM clients.
//! - A total that appears in two tables (the visits per month and the visits by kind of
//!   arrival) is linked ([`Link`]), so both tables hide it alike and neither gives it away.

use crate::app::{actions, browser, format};
use crate::domain::csv::Cell;
use crate::domain::report::suppression::{self, Shown, Sum};
use crate::domain::sorting;
use crate::domain::YearMonth;
use leptos::prelude::*;

/// A figure in a report table.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    /// A count of cases, contacts, visits, families or children: protected for publication.
    Count(u32),
    /// Posts (*Stellen*), always with a decimal: `1,0`, `0,75`; `None` shows "–".
    Posts(Option<f64>),
    /// A count that is not known (a year without the figure): "–".
    Missing,
    /// A share in percent, shown rounded (`42 %`), in a CSV with one decimal (`41,7`);
    /// `None` (a share of nothing) shows nothing.
    Percent(Option<f64>),
    /// A change against the previous year: the number for the CSV, the text to show
    /// (`+14 (+41 %)`).
    Change(Option<i64>, String),
    /// A measure computed from a count of the same table (cases per post, a median), with one
    /// decimal (`12,5`): shown only while that count (`row`, `column`) is shown, hidden as
    /// "x" when the count is, since the measure would give it away; `None` (nothing to
    /// divide, no posts) shows "–".
    Derived(Option<f64>, (usize, usize)),
}

/// A table of the report, before protection.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportTable {
    /// Names the table for tests (`data-testid`).
    pub key: String,
    /// The CSV file's name without `kim-` and `.csv`, e.g. `kontakte-2023-01_2023-04`.
    pub file: String,
    /// The table's title: its caption, the name of its region and of the copied table.
    pub title: String,
    /// The header of the row-label column (may be empty).
    pub corner: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Row label and one figure per column.
    pub rows: Vec<(String, Vec<Figure>)>,
    /// Which counts are the sums of which (indices into the row-major grid of figures).
    pub sums: Vec<Sum>,
    /// Whether small numbers are hidden when the report is protected.
    pub protectable: bool,
}

impl ReportTable {
    /// A table without sum relations.
    pub fn new(
        key: impl Into<String>,
        title: impl Into<String>,
        corner: impl Into<String>,
    ) -> Self {
        let key = key.into();
        ReportTable {
            file: key.clone(),
            key,
            title: title.into(),
            corner: corner.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            sums: Vec::new(),
            protectable: true,
        }
    }

    /// Counts per month with a "gesamt" column; the first row is the total of the others.
    /// Every row's "gesamt" is the sum of its months, and the first row of every column the
    /// sum of the rows below it (`suppression::margin_table_sums`).
    pub fn months(
        key: impl Into<String>,
        title: impl Into<String>,
        corner: impl Into<String>,
        months: &[YearMonth],
        rows: Vec<(String, Vec<u32>, u32)>,
    ) -> Self {
        let columns = months.iter().map(|m| format::month(*m)).collect();
        ReportTable::with_total(key, title, corner, columns, rows)
    }

    /// Counts per column with a "gesamt" column, the first row the total of the others, as
    /// [`ReportTable::months`] for any columns (forms, reasons, evaluations).
    pub fn with_total(
        key: impl Into<String>,
        title: impl Into<String>,
        corner: impl Into<String>,
        columns: Vec<String>,
        rows: Vec<(String, Vec<u32>, u32)>,
    ) -> Self {
        let mut table = ReportTable::new(key, title, corner);
        table.columns = columns
            .into_iter()
            .chain(std::iter::once("gesamt".to_owned()))
            .collect();
        let width = table.columns.len();
        let height = rows.len();
        for (label, per_month, total) in rows {
            let mut figures: Vec<Figure> = per_month.into_iter().map(Figure::Count).collect();
            figures.resize(width - 1, Figure::Count(0));
            figures.push(Figure::Count(total));
            table.rows.push((label, figures));
        }
        if height > 1 {
            table.sums = suppression::margin_table_sums(height, width);
        } else {
            table.add_row_sums();
        }
        table
    }

    /// In `column`, the count of row `total` is the sum of the counts of rows `parts`.
    pub fn add_column_sum(
        &mut self,
        column: usize,
        total: usize,
        parts: impl IntoIterator<Item = usize>,
    ) {
        let sum = Sum {
            total: self.cell(total, column),
            parts: parts.into_iter().map(|r| self.cell(r, column)).collect(),
        };
        self.sums.push(sum);
    }

    /// Every row's last column is the sum of its other columns.
    fn add_row_sums(&mut self) {
        let width = self.columns.len();
        for r in 0..self.rows.len() {
            let sum = Sum {
                total: self.cell(r, width - 1),
                parts: (0..width - 1).map(|c| self.cell(r, c)).collect(),
            };
            self.sums.push(sum);
        }
    }

    /// The index of a cell in the row-major grid.
    pub fn cell(&self, row: usize, column: usize) -> usize {
        row * self.columns.len() + column
    }

    /// Whether any count is above zero (an empty part is left out of the print by default).
    pub fn has_counts(&self) -> bool {
        self.rows
            .iter()
            .flat_map(|(_, figures)| figures)
            .any(|f| matches!(f, Figure::Count(n) if *n > 0))
    }

    /// Every figure as a count for the suppression (others as 0: never hidden).
    fn counts(&self) -> Vec<u32> {
        let width = self.columns.len();
        self.rows
            .iter()
            .flat_map(|(_, figures)| {
                (0..width).map(move |c| match figures.get(c) {
                    Some(Figure::Count(n)) => *n,
                    _ => 0,
                })
            })
            .collect()
    }
}

/// Two cells of two tables of one [`protect`] call that hold the same total:
/// `(table, row, column)` each.
pub type Link = ((usize, usize, usize), (usize, usize, usize));

/// One cell as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownCell {
    pub text: String,
    /// Right-aligned (a number, or a hidden number).
    pub numeric: bool,
    /// The value in a CSV file.
    pub csv: Cell,
    /// The number for a chart; `None` when hidden or not a number.
    pub value: Option<f64>,
}

/// A table as shown: every cell as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShownTable {
    pub key: String,
    pub file: String,
    pub title: String,
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<ShownCell>)>,
    /// The bounds of the counts shown as "< n" (usually just the publication threshold; one
    /// more where the suppression had to widen it), sorted.
    pub below: Vec<u32>,
    /// Whether any count is hidden as "x".
    pub hidden: bool,
    /// Whether any count is above zero (before protection).
    pub has_counts: bool,
}

/// More columns than this: the table is printed on a landscape page (`.wide` in the CSS).
const WIDE: usize = 7;

/// The text of a hidden count that is not small itself.
pub const HIDDEN: &str = "x";

/// Shows `tables`, protected with `threshold` (`None`: every figure as it is). Tables linked by
/// `links` are protected together. If the suppression refuses the tables (which only a bug in
/// building them could cause), every count of the protectable tables is hidden rather than
/// anything shown that should not be.
pub fn protect(tables: &[ReportTable], links: &[Link], threshold: Option<u32>) -> Vec<ShownTable> {
    let Some(threshold) = threshold else {
        return tables.iter().map(|t| show(t, None)).collect();
    };
    // One problem for all protectable tables: their cells one after the other.
    let mut offsets = Vec::with_capacity(tables.len());
    let mut cells = Vec::new();
    let mut sums = Vec::new();
    for table in tables {
        offsets.push(cells.len());
        if !table.protectable {
            continue;
        }
        let offset = cells.len();
        cells.extend(table.counts());
        sums.extend(table.sums.iter().map(|sum| Sum {
            total: sum.total + offset,
            parts: sum.parts.iter().map(|p| p + offset).collect(),
        }));
    }
    for ((ta, ra, ca), (tb, rb, cb)) in links {
        let (Some(a), Some(b)) = (tables.get(*ta), tables.get(*tb)) else {
            continue;
        };
        if a.protectable && b.protectable {
            sums.push(Sum {
                total: offsets[*ta] + a.cell(*ra, *ca),
                parts: vec![offsets[*tb] + b.cell(*rb, *cb)],
            });
        }
    }
    let shown = suppression::protect(&cells, &sums, threshold)
        .unwrap_or_else(|_| cells.iter().map(|_| Shown::Hidden).collect());
    tables
        .iter()
        .zip(offsets)
        .map(|(table, offset)| {
            if table.protectable {
                let end = offset + table.rows.len() * table.columns.len();
                show(table, shown.get(offset..end))
            } else {
                show(table, None)
            }
        })
        .collect()
}

/// Formats a table; `shown` (row-major, one per cell) says which counts are hidden.
fn show(table: &ReportTable, shown: Option<&[Shown]>) -> ShownTable {
    let width = table.columns.len();
    let mut below = Vec::new();
    let mut hidden = false;
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, (label, figures))| {
            let cells = (0..width)
                .map(|c| {
                    let figure = figures.get(c).cloned().unwrap_or(Figure::Missing);
                    match (shown.and_then(|s| s.get(r * width + c)), figure) {
                        (Some(Shown::Below(threshold)), Figure::Count(_)) => {
                            if !below.contains(threshold) {
                                below.push(*threshold);
                            }
                            let text = format!("< {threshold}");
                            ShownCell {
                                csv: Cell::Text(text.clone()),
                                text,
                                numeric: true,
                                value: None,
                            }
                        }
                        (Some(Shown::Hidden), Figure::Count(_)) => {
                            hidden = true;
                            ShownCell {
                                text: HIDDEN.into(),
                                numeric: true,
                                csv: Cell::Text(HIDDEN.into()),
                                value: None,
                            }
                        }
                        (_, Figure::Count(n)) => ShownCell {
                            text: format::number(n as usize),
                            numeric: true,
                            csv: Cell::from(n),
                            value: Some(f64::from(n)),
                        },
                        (_, Figure::Posts(Some(posts))) => ShownCell {
                            text: format::posts(posts),
                            numeric: true,
                            csv: Cell::Rounded(posts, format::posts_decimals(posts)),
                            value: Some(posts),
                        },
                        (_, Figure::Posts(None) | Figure::Missing) => ShownCell {
                            text: "–".into(),
                            numeric: true,
                            csv: Cell::Empty,
                            value: None,
                        },
                        (_, Figure::Change(absolute, text)) => ShownCell {
                            text,
                            numeric: true,
                            csv: absolute.map_or(Cell::Empty, Cell::Integer),
                            value: None,
                        },
                        (_, Figure::Percent(Some(percent))) => ShownCell {
                            text: format!("{}\u{a0}%", percent.round()),
                            numeric: true,
                            csv: Cell::Rounded(percent, 1),
                            value: Some(percent),
                        },
                        (_, Figure::Percent(None)) => ShownCell {
                            text: String::new(),
                            numeric: true,
                            csv: Cell::Empty,
                            value: None,
                        },
                        (_, Figure::Derived(value, (row, column))) => {
                            let base = shown.and_then(|s| s.get(row * width + column));
                            match (base, value) {
                                (Some(Shown::Below(_) | Shown::Hidden), _) => {
                                    hidden = true;
                                    ShownCell {
                                        text: HIDDEN.into(),
                                        numeric: true,
                                        csv: Cell::Text(HIDDEN.into()),
                                        value: None,
                                    }
                                }
                                (_, Some(value)) => ShownCell {
                                    text: format!("{value:.1}").replace('.', ","),
                                    numeric: true,
                                    csv: Cell::Rounded(value, 1),
                                    value: Some(value),
                                },
                                (_, None) => ShownCell {
                                    text: "–".into(),
                                    numeric: true,
                                    csv: Cell::Empty,
                                    value: None,
                                },
                            }
                        }
                    }
                })
                .collect();
            (label.clone(), cells)
        })
        .collect();
    sorting::sort(&mut below);
    ShownTable {
        key: table.key.clone(),
        file: table.file.clone(),
        title: table.title.clone(),
        corner: table.corner.clone(),
        columns: table.columns.clone(),
        rows,
        below,
        hidden,
        has_counts: table.has_counts(),
    }
}

impl ShownTable {
    /// The chart series of the rows `rows` (by index): the row label and its numbers, a
    /// hidden number as `NaN` (the chart leaves its bar out).
    pub fn series(
        &self,
        rows: impl IntoIterator<Item = usize>,
        columns: usize,
    ) -> Vec<(String, Vec<f64>)> {
        rows.into_iter()
            .filter_map(|r| self.rows.get(r))
            .map(|(label, cells)| {
                (
                    label.clone(),
                    cells
                        .iter()
                        .take(columns)
                        .map(|c| c.value.unwrap_or(f64::NAN))
                        .collect(),
                )
            })
            .collect()
    }

    /// The header row: the corner, then the columns.
    fn header(&self) -> Vec<String> {
        std::iter::once(self.corner.clone())
            .chain(self.columns.iter().cloned())
            .collect()
    }

    /// The CSV rows (below the header).
    pub fn csv_rows(&self) -> Vec<Vec<Cell>> {
        self.rows
            .iter()
            .map(|(label, cells)| {
                std::iter::once(Cell::from(label.as_str()))
                    .chain(cells.iter().map(|c| c.csv.clone()))
                    .collect()
            })
            .collect()
    }

    /// Tab-separated text for Excel: one line per row, cells as shown (German numbers).
    pub fn to_tsv(&self) -> String {
        let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            out.push_str(
                &cells
                    .iter()
                    .map(|c| clean(c))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
            out.push_str("\r\n");
        };
        line(self.header());
        for (label, cells) in &self.rows {
            line(
                std::iter::once(label.clone())
                    .chain(cells.iter().map(|c| c.text.clone()))
                    .collect(),
            );
        }
        out
    }

    /// An HTML table for Word and LibreOffice Writer: caption, header, rows, and the
    /// protection notes below it, every text escaped.
    pub fn to_html(&self) -> String {
        // Attributes, not `style`: the page's Content-Security-Policy forbids inline styles,
        // and Chromium parses the copied HTML in the page. Word and Writer read both.
        let mut html = String::from("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">");
        html.push_str(&format!(
            "<caption>{}</caption><thead><tr>",
            escape(&self.title)
        ));
        for (i, text) in self.header().iter().enumerate() {
            let align = if i == 0 { "left" } else { "right" };
            html.push_str(&format!(
                "<th scope=\"col\" align=\"{align}\">{}</th>",
                escape(text)
            ));
        }
        html.push_str("</tr></thead><tbody>");
        for (label, cells) in &self.rows {
            html.push_str(&format!(
                "<tr><th scope=\"row\" align=\"left\">{}</th>",
                escape(label)
            ));
            for cell in cells {
                html.push_str(&format!("<td align=\"right\">{}</td>", escape(&cell.text)));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
        for note in self.notes() {
            html.push_str(&format!("<p>{}</p>", escape(&note)));
        }
        html
    }

    /// The footnotes explaining "< 3" and "x", when the table has them.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for threshold in &self.below {
            notes.push(below_note(*threshold));
        }
        if self.hidden {
            notes.push(hidden_note());
        }
        notes
    }
}

/// What "< 3" means.
pub fn below_note(threshold: u32) -> String {
    format!(
        "< {threshold}: zwischen 1 und {}; kleine Zahlen werden zum Schutz einzelner Personen nicht genannt.",
        threshold.saturating_sub(1)
    )
}

/// What "x" means.
pub fn hidden_note() -> String {
    format!("{HIDDEN}: nicht genannt, damit sich verdeckte kleine Zahlen nicht aus den Summen errechnen lassen.")
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A report table with its caption, in a keyboard-scrollable region, and below it the notes on
/// hidden numbers and the buttons to copy it and to download it as CSV (not printed).
#[component]
pub fn ReportTableView(
    #[prop(into)] table: Signal<ShownTable>,
    /// Extra rows of notes printed under the table (e.g. what is counted).
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        let shown = table.get_untracked();
        leptos::task::spawn_local(async move {
            let done = browser::copy_table(&shown.to_html(), &shown.to_tsv()).await;
            status.set(Some(if done {
                format!(
                    "„{}“ ist kopiert. In Word oder Excel mit Strg+V einfügen.",
                    shown.title
                )
            } else {
                "Kopieren ist in diesem Browser nicht erlaubt. Bitte die CSV-Datei nehmen.".into()
            }));
        });
    };
    let download = move |_| {
        let shown = table.get_untracked();
        actions::download_csv(
            &format!("kim-{}.csv", shown.file),
            &shown.header(),
            &shown.csv_rows(),
        );
    };
    view! {
        <div class="report-table" class:wide=move || table.with(|t| t.columns.len() > WIDE)>
            {move || {
                let shown = table.get();
                let label = format!("Tabelle: {}", shown.title);
                view! {
                    <div class="table-wrap" role="region" aria-label=label tabindex="0">
                        <table data-testid=shown.key.clone()>
                            <caption>{shown.title.clone()}</caption>
                            <thead>
                                <tr>
                                    {if shown.corner.is_empty() {
                                        view! { <td></td> }.into_any()
                                    } else {
                                        view! { <th scope="col">{shown.corner.clone()}</th> }.into_any()
                                    }}
                                    {shown.columns.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {shown.rows.iter().map(|(label, cells)| view! {
                                    <tr>
                                        <th scope="row">{label.clone()}</th>
                                        {cells.iter().map(|cell| view! {
                                            <td class:num=cell.numeric>{cell.text.clone()}</td>
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {shown.notes().into_iter().map(|note| view! { <p class="table-note">{note}</p> }).collect_view()}
                }
            }}
            {hint.map(|hint| view! { <p class="table-note">{hint}</p> })}
            <div class="button-row no-print table-actions">
                <button type="button" class="secondary" on:click=copy
                    aria-label=move || format!("Tabelle kopieren: {}", table.with(|t| t.title.clone()))>
                    "Tabelle kopieren"
                </button>
                <button type="button" class="secondary" on:click=download
                    aria-label=move || format!("CSV: {}", table.with(|t| t.title.clone()))>
                    "CSV"
                </button>
            </div>
            <p class="table-note no-print" role="status">{move || status.get()}</p>
        </div>
    }
}
