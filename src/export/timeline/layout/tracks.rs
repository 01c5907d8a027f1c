//! Sub-tracks: marks that would overlap in a lane go on separate tracks of it.

use super::parts::{Lane, Mark};

/// Least space between two marks on one track.
const TRACK_GAP: f64 = 3.0;

/// Gives every mark on the axis the first track of its lane where it overlaps nothing,
/// taking marks left to right, and gives each lane its number of tracks.
pub(super) fn assign(marks: &mut [Mark], lanes: &mut [Lane]) {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by(|&a, &b| {
        marks[a]
            .range
            .0
            .total_cmp(&marks[b].range.0)
            .then(a.cmp(&b))
    });
    let mut track_ends: Vec<Vec<f64>> = vec![Vec::new(); lanes.len()];
    for m in order {
        if marks[m].undated {
            continue;
        }
        let (a, z) = marks[m].extent();
        let ends = &mut track_ends[marks[m].lane];
        let track = match ends.iter().position(|&end| end + TRACK_GAP <= a) {
            Some(t) => t,
            None => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
        };
        ends[track] = z;
        marks[m].track = track;
    }
    for (lane, ends) in lanes.iter_mut().zip(&track_ends) {
        lane.tracks = ends.len().max(1);
    }
}
