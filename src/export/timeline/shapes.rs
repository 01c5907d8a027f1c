//! SVG primitives of the timeline: one element writer, through which every attribute
//! value and text content passes and so is escaped in one place, and the shapes both
//! the picture and its legend draw (lines, rectangles, diamonds, fading tails).

use super::geometry::TAIL;
use super::paint::{Paint, TAIL_INK};
use crate::export::escape::xml;

/// Height of a fading tail.
const TAIL_HEIGHT: f64 = 4.0;
/// The space before each piece of a fading tail.
const TAIL_GAP: f64 = 1.0;
/// The opacity of each piece of a fading tail, nearest the mark first.
const TAIL_FADE: [f64; 3] = [0.6, 0.35, 0.15];
/// The outline of a diamond.
const DIAMOND_OUTLINE: f64 = 1.2;

/// Formats a computed coordinate or length with one decimal, so output is
/// byte-for-byte stable.
pub fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// An SVG element being written: attributes go out in the order they are added.
pub struct Element<'a> {
    out: &'a mut String,
    name: &'static str,
}

/// Starts the element `name` in `out`; end it with [`Element::close`],
/// [`Element::text`] or [`Element::open`].
pub fn element<'a>(out: &'a mut String, name: &'static str) -> Element<'a> {
    out.push('<');
    out.push_str(name);
    Element { out, name }
}

impl Element<'_> {
    /// Adds an attribute whose value may come from anywhere; it is escaped.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let escaped = xml(value);
        self.raw(name, &escaped)
    }

    /// Adds a computed coordinate or length, with one decimal.
    pub fn num(self, name: &str, value: f64) -> Self {
        self.raw(name, &n(value))
    }

    /// Adds a fixed size as written (`10`, `0.6`).
    pub fn size(self, name: &str, value: f64) -> Self {
        self.raw(name, &value.to_string())
    }

    /// Adds the fill and stroke attributes of `paint`.
    pub fn paint(self, paint: &Paint) -> Self {
        let mut this = self;
        if let Some(fill) = paint.fill {
            this = this.attr("fill", fill);
        }
        if let Some(opacity) = paint.fill_opacity {
            this = this.size("fill-opacity", opacity);
        }
        if let Some(stroke) = paint.stroke {
            this = this.attr("stroke", stroke);
        }
        if let Some(width) = paint.stroke_width {
            this = this.size("stroke-width", width);
        }
        if let Some(dash) = paint.dash {
            this = this.attr("stroke-dasharray", dash);
        }
        this
    }

    /// Ends an element without content.
    pub fn close(self) {
        self.out.push_str("/>");
    }

    /// Ends an element with `text` as its content, escaped.
    pub fn text(self, text: &str) {
        self.out.push('>');
        self.out.push_str(&xml(text));
        self.out.push_str("</");
        self.out.push_str(self.name);
        self.out.push('>');
    }

    /// Ends the start tag of an element whose children follow; the caller writes its
    /// end tag.
    pub fn open(self) {
        self.out.push('>');
    }

    /// Adds an attribute whose value needs no escaping (numbers).
    fn raw(self, name: &str, value: &str) -> Self {
        let out = &mut *self.out;
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(value);
        out.push('"');
        self
    }
}

/// Starts a group whose tooltip is `title`; end it with [`end_group`].
pub fn group(out: &mut String, title: &str) {
    out.push_str("<g>");
    element(out, "title").text(title);
}

/// Starts a group carrying one `data-` attribute (`data-id`, `data-lane`), for pages and
/// programs that find marks by what they stand for; end it with [`end_group`].
pub fn data_group(out: &mut String, name: &str, value: &str, title: Option<&str>) {
    element(out, "g").attr(name, value).open();
    if let Some(title) = title {
        element(out, "title").text(title);
    }
}

/// Ends a group started with [`group`], and its line.
pub fn end_group(out: &mut String) {
    out.push_str("</g>\n");
}

/// Draws a line from `(x1, y1)` to `(x2, y2)`.
pub fn line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), paint: &Paint) {
    element(out, "line")
        .num("x1", x1)
        .num("y1", y1)
        .num("x2", x2)
        .num("y2", y2)
        .paint(paint)
        .close();
}

/// Draws a rectangle with its top left corner at `(x, y)`.
pub fn rect(out: &mut String, (x, y): (f64, f64), (width, height): (f64, f64), paint: &Paint) {
    element(out, "rect")
        .num("x", x)
        .num("y", y)
        .num("width", width)
        .num("height", height)
        .paint(paint)
        .close();
}

/// Draws a diamond of radius `r` centred at `(cx, cy)`, outlined.
pub fn diamond(out: &mut String, (cx, cy): (f64, f64), r: f64, paint: &Paint) {
    let d = format!(
        "M{},{} L{},{} L{},{} L{},{} Z",
        n(cx),
        n(cy - r),
        n(cx + r),
        n(cy),
        n(cx),
        n(cy + r),
        n(cx - r),
        n(cy)
    );
    let paint = Paint {
        stroke_width: Some(DIAMOND_OUTLINE),
        ..*paint
    };
    element(out, "path").attr("d", &d).paint(&paint).close();
}

/// Draws a fading tail of [`TAIL`] pixels from `x` in direction `dir` (1 right, -1
/// left), centred on `y`.
pub fn tail(out: &mut String, x: f64, y: f64, dir: f64) {
    let piece = TAIL / TAIL_FADE.len() as f64;
    for (k, opacity) in TAIL_FADE.into_iter().enumerate() {
        let near = x + dir * (TAIL_GAP + k as f64 * piece);
        let far = near + dir * (piece - TAIL_GAP);
        element(out, "rect")
            .num("x", near.min(far))
            .num("y", y - TAIL_HEIGHT / 2.0)
            .num("width", (far - near).abs())
            .size("height", TAIL_HEIGHT)
            .paint(&Paint::fill(TAIL_INK).opacity(opacity))
            .close();
    }
}
