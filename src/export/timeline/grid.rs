//! A grid of boxes for the arrows step: which boxes a region of the picture touches,
//! without looking at every box, so a drawing of thousands of events with their
//! relations stays fast.

use std::collections::HashMap;

/// A box: left, top, right, bottom.
pub type Rect = (f64, f64, f64, f64);

/// The side of a cell, in pixels.
const CELL: f64 = 64.0;
/// A box spanning more cells than this either way is checked by every query instead.
const MAX_CELLS: f64 = 4096.0;
/// A region covering more cells than this is searched box by box: sorting what its
/// cells hold would cost more.
const FEW: i64 = 16;
/// A box or query covering more cells than this is not filed by cell: it is checked
/// by every query, or checks every box.
const MAX_QUERY: i64 = 4096;

/// Returns whether two boxes overlap (touching edges do not).
pub fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Boxes filed by the cells of the picture they cover.
#[derive(Default)]
pub struct Grid {
    rects: Vec<Rect>,
    cells: HashMap<(i64, i64), Vec<usize>>,
    large: Vec<usize>,
}

/// Returns the range of cells from `a` to `b` pixels, or `None` when it is too long.
fn span(a: f64, b: f64) -> Option<(i64, i64)> {
    let (lo, hi) = ((a / CELL).floor(), (b / CELL).floor());
    (hi - lo <= MAX_CELLS && lo.is_finite() && hi.is_finite()).then_some((lo as i64, hi as i64))
}

/// Returns the cells `q` covers, or `None` when they are more than [`MAX_QUERY`].
fn cells_of(q: Rect) -> Option<((i64, i64), (i64, i64))> {
    let (x, y) = (span(q.0, q.2)?, span(q.1, q.3)?);
    let count = (x.1 - x.0 + 1) * (y.1 - y.0 + 1);
    (count <= MAX_QUERY).then_some((x, y))
}

impl Grid {
    /// Returns a grid holding `rects`.
    pub fn new(rects: impl IntoIterator<Item = Rect>) -> Grid {
        let mut grid = Grid::default();
        for r in rects {
            grid.insert(r);
        }
        grid
    }

    /// Files a box.
    pub fn insert(&mut self, r: Rect) {
        let i = self.rects.len();
        self.rects.push(r);
        match cells_of(r) {
            Some(((x0, x1), (y0, y1))) => {
                for cx in x0..=x1 {
                    for cy in y0..=y1 {
                        self.cells.entry((cx, cy)).or_default().push(i);
                    }
                }
            }
            None => self.large.push(i),
        }
    }

    /// Returns whether any box overlaps `q`.
    pub fn any(&self, q: Rect) -> bool {
        if self.large.iter().any(|&i| overlaps(q, self.rects[i])) {
            return true;
        }
        match cells_of(q) {
            Some(((x0, x1), (y0, y1))) => (x0..=x1).any(|cx| {
                (y0..=y1).any(|cy| {
                    self.cells
                        .get(&(cx, cy))
                        .is_some_and(|list| list.iter().any(|&i| overlaps(q, self.rects[i])))
                })
            }),
            None => self.rects.iter().any(|&r| overlaps(q, r)),
        }
    }

    /// Returns the boxes that overlap `q`, in the order they were filed.
    pub fn touching(&self, q: Rect) -> Vec<Rect> {
        let mut found: Vec<usize> = self.large.clone();
        match cells_of(q).filter(|&((x0, x1), (y0, y1))| (x1 - x0 + 1) * (y1 - y0 + 1) <= FEW) {
            Some(((x0, x1), (y0, y1))) => {
                for cx in x0..=x1 {
                    for cy in y0..=y1 {
                        if let Some(list) = self.cells.get(&(cx, cy)) {
                            found.extend(list);
                        }
                    }
                }
            }
            // A large region: one pass over every box, already in order.
            None => {
                return self
                    .rects
                    .iter()
                    .copied()
                    .filter(|&r| overlaps(q, r))
                    .collect();
            }
        }
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|i| self.rects[i])
            .filter(|&r| overlaps(q, r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_overlaps_and_nothing_else() {
        let grid = Grid::new([
            (0.0, 0.0, 10.0, 10.0),
            (500.0, 500.0, 510.0, 510.0),
            (100.0, 0.0, 120.0, f64::INFINITY),
        ]);
        assert!(grid.any((5.0, 5.0, 6.0, 6.0)));
        assert!(!grid.any((20.0, 20.0, 30.0, 30.0)));
        assert!(grid.any((110.0, 5000.0, 111.0, 5001.0)), "a tall box");
        assert_eq!(grid.touching((0.0, 0.0, 600.0, 600.0)).len(), 3);
        assert!(
            !grid.any((10.0, 0.0, 20.0, 10.0)),
            "touching edges do not overlap"
        );
    }
}
