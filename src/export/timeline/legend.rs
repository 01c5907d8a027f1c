//! The legend under the timeline: what each kind of mark means (instant, known span,
//! uncertain written date, inferred window, unknown end, claims) and the colour of each
//! event kind, in rows that fit the width.

use std::fmt::Write;

use super::draw::{color, diamond, n, status_stroke, tail};
use super::layout::{Plan, text_width};
use crate::export::escape::xml;

/// Where the swatches start, right of the row headings.
const LEFT: f64 = 120.0;
/// Height of one legend row.
const ROW: f64 = 20.0;

/// A kind of mark the legend explains.
#[derive(Clone, Debug)]
enum Swatch {
    Instant,
    Known,
    Uncertain,
    Inferred,
    Tail,
    Status(String),
}

impl Swatch {
    fn width(&self) -> f64 {
        match self {
            Swatch::Instant | Swatch::Status(_) => 12.0,
            Swatch::Tail => 20.0,
            _ => 26.0,
        }
    }
}

/// The legend laid out in rows: marks first, then event kinds.
pub struct Legend {
    marks: Vec<Vec<(Swatch, String, f64)>>,
    kinds: Vec<Vec<(usize, f64)>>,
}

/// Splits items of the given widths into rows that fit `width`, with their x.
fn flow<T>(items: Vec<(T, f64)>, width: f64) -> Vec<Vec<(T, f64)>> {
    let mut rows: Vec<Vec<(T, f64)>> = vec![Vec::new()];
    let mut x = LEFT;
    for (item, w) in items {
        if x + w > width - 20.0 && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = LEFT;
        }
        if let Some(row) = rows.last_mut() {
            row.push((item, x));
        }
        x += w;
    }
    rows
}

impl Legend {
    /// Lays out the legend of `plan` for a picture `width` pixels wide.
    pub fn new(plan: &Plan, width: f64) -> Legend {
        let mut items = vec![
            (Swatch::Instant, "one day or less".to_string()),
            (Swatch::Known, "known span".to_string()),
            (
                Swatch::Uncertain,
                "uncertain written date: any time in this range".to_string(),
            ),
        ];
        if plan.any_inferred {
            items.push((
                Swatch::Inferred,
                "no date written, inferred from related events: starts within this window"
                    .to_string(),
            ));
        }
        if plan.marks.iter().any(|m| m.tail_left || m.tail_right) {
            items.push((Swatch::Tail, "end (or start) not known".to_string()));
        }
        for status in &plan.statuses {
            items.push((
                Swatch::Status(status.clone()),
                format!("{status} (a claim, not a stated fact)"),
            ));
        }
        let marks = flow(
            items
                .into_iter()
                .map(|(s, t)| {
                    let w = s.width() + 6.0 + text_width(&t, 11.0) + 18.0;
                    ((s, t), w)
                })
                .collect(),
            width,
        )
        .into_iter()
        .map(|row| row.into_iter().map(|((s, t), x)| (s, t, x)).collect())
        .collect();
        let kinds = flow(
            plan.kinds
                .iter()
                .enumerate()
                .map(|(i, k)| (i, 22.0 + text_width(k, 11.0) + 14.0))
                .collect(),
            width,
        );
        Legend { marks, kinds }
    }

    /// Returns the height the legend takes.
    pub fn height(&self) -> f64 {
        (self.marks.len() + self.kinds.len()) as f64 * ROW + 10.0
    }

    /// Draws the legend with its first row centred on `top`.
    pub fn draw(&self, out: &mut String, plan: &Plan, top: f64) {
        let label = |out: &mut String, x: f64, y: f64, text: &str| {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" font-size="11" fill="#333333">{}</text>"##,
                n(x),
                n(y + 4.0),
                xml(text)
            );
        };
        let heading = |out: &mut String, y: f64, text: &str| {
            let _ = writeln!(
                out,
                r##"<text x="20" y="{}" font-size="11" font-weight="bold" fill="#333333">{text}</text>"##,
                n(y + 4.0)
            );
        };
        let _ = writeln!(
            out,
            r##"<line x1="20" y1="{}" x2="{}" y2="{}" stroke="#cccccc"/>"##,
            n(top - 14.0),
            n(plan.axis.right().max(600.0)),
            n(top - 14.0)
        );
        heading(out, top, "Legend");
        let mut y = top;
        for row in &self.marks {
            for (swatch, text, x) in row {
                let x = *x;
                match swatch {
                    Swatch::Instant => {
                        diamond(out, x + 6.0, y, 6.0, "#888888", "#333333", None);
                    }
                    Swatch::Known => {
                        let _ = write!(
                            out,
                            r##"<rect x="{}" y="{}" width="26" height="10" fill="#888888" stroke="#333333" stroke-width="0.6"/>"##,
                            n(x),
                            n(y - 5.0)
                        );
                    }
                    Swatch::Uncertain => {
                        let _ = write!(
                            out,
                            r##"<rect x="{}" y="{}" width="26" height="10" fill="#888888" fill-opacity="0.3" stroke="#888888" stroke-dasharray="3 2"/>"##,
                            n(x),
                            n(y - 5.0)
                        );
                    }
                    Swatch::Inferred => {
                        let _ = write!(
                            out,
                            r##"<rect x="{}" y="{}" width="26" height="10" fill="url(#hatch)" stroke="#888888" stroke-dasharray="3 2"/>"##,
                            n(x),
                            n(y - 5.0)
                        );
                    }
                    Swatch::Tail => tail(out, x, y, 1.0),
                    Swatch::Status(status) => {
                        let (stroke, dash) = status_stroke(status);
                        diamond(out, x + 6.0, y, 6.0, "#ffffff", stroke, Some(dash));
                    }
                }
                out.push('\n');
                label(out, x + swatch.width() + 6.0, y, text);
            }
            y += ROW;
        }
        y += 4.0;
        heading(out, y, "Event kinds");
        for row in &self.kinds {
            for &(i, x) in row {
                let _ = writeln!(
                    out,
                    r##"<rect x="{}" y="{}" width="16" height="10" fill="{}"/>"##,
                    n(x),
                    n(y - 5.0),
                    color(i)
                );
                label(out, x + 22.0, y, &plan.kinds[i]);
            }
            y += ROW;
        }
    }
}
