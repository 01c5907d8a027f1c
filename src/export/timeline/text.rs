//! Text measuring for the timeline: the approximate width of Helvetica text, so labels
//! can be sized and cut short without a font at hand.

use unicode_width::UnicodeWidthStr;

/// The average advance of one character cell in Helvetica, as a share of the font size.
const CELL_WIDTH: f64 = 0.56;

/// Returns the approximate width of `text` in pixels at `size` px Helvetica.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.width() as f64 * size * CELL_WIDTH
}

/// Returns `text` cut short with an ellipsis so it is at most `max` pixels wide at
/// `size` px.
pub fn fit(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = text_width("…", size);
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size);
        if width + w > max {
            break;
        }
        width += w;
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_text_stays_within_its_room() {
        assert_eq!(fit("short", 10.0, 100.0), "short");
        let cut = fit("ends by 2021-02-01 (inferred), P10M", 10.0, 174.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 10.0) <= 174.0,
            "{cut}"
        );
        let wide = fit("東京都東京都東京都東京都東京都東京都", 11.0, 100.0);
        assert!(text_width(&wide, 11.0) <= 100.0, "{wide}");
    }
}
