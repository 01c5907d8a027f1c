//! Solving a network of difference constraints: a feasible potential by Bellman-Ford
//! in Goldberg and Radzik's scanning order (passes over the changed nodes in
//! topological order; negative cycles found by checking the parent graph), then the
//! tightest bounds of every node by two runs of Dijkstra from the origin on weights
//! made non-negative by that potential (Johnson's reweighting).
//!
//! Time is O(n·m) in the worst case for the potential and O(m log n) for the bounds;
//! an acyclic network (a long chain of `before`) takes one pass, and on chronologies,
//! whose cycles run through the dates' origin, a few passes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::time::network::{Constraint, Network, ORIGIN};

/// The tightest bounds of every node relative to the origin, in seconds.
#[derive(Clone, Debug, Default)]
pub struct Solution {
    /// The earliest value of each node, `None` when unbounded below.
    pub earliest: Vec<Option<i64>>,
    /// The latest value of each node, `None` when unbounded above.
    pub latest: Vec<Option<i64>>,
}

/// Adjacency in compressed rows: the constraints out of each node.
struct Rows {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Rows {
    fn new(nodes: u32, constraints: &[Constraint], key: impl Fn(&Constraint) -> u32) -> Rows {
        let mut offsets = vec![0u32; nodes as usize + 2];
        for c in constraints {
            offsets[key(c) as usize + 2] += 1;
        }
        for i in 2..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut items = vec![0u32; constraints.len()];
        for (i, c) in constraints.iter().enumerate() {
            let slot = &mut offsets[key(c) as usize + 1];
            items[*slot as usize] = i as u32;
            *slot += 1;
        }
        offsets.pop();
        Rows { offsets, items }
    }

    fn of(&self, node: u32) -> &[u32] {
        &self.items[self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize]
    }
}

/// Below this many constraints, both searches of [`solve`] run on one thread.
const PARALLEL_CONSTRAINTS: usize = 50_000;

/// Solves `net`: the bounds of every node, or the constraints of one negative cycle,
/// in the order of a chain `x[a] + k1 <= x[b]`, `x[b] + k2 <= x[c]`, … back to `x[a]`.
pub fn solve(net: &Network) -> Result<Solution, Vec<u32>> {
    let out = Rows::new(net.nodes, &net.constraints, |c| c.from);
    let potential = crate::timing::phase("potential", || potential(net, &out))?;
    let into = Rows::new(net.nodes, &net.constraints, |c| c.to);
    let latest = || dijkstra(net, &out, &potential, ORIGIN, |c| c.to, 1);
    let to_origin = || dijkstra(net, &into, &potential, ORIGIN, |c| c.from, -1);
    // The two searches are independent: a large network runs them side by side.
    let (latest, to_origin) = crate::parallel::join(
        net.constraints.len() >= PARALLEL_CONSTRAINTS,
        latest,
        to_origin,
    );
    Ok(Solution {
        earliest: to_origin.into_iter().map(|d| d.map(|d| -d)).collect(),
        latest,
    })
}

/// Distances between chosen nodes and every node: `from[i][v]` bounds `x[v] - x[s_i]`
/// from above, `to[i][v]` bounds `x[s_i] - x[v]` (`None`: unbounded).
#[derive(Clone, Debug)]
pub struct Distances {
    /// Shortest distances from each chosen node.
    pub from: Vec<Vec<Option<i64>>>,
    /// Shortest distances to each chosen node.
    pub to: Vec<Vec<Option<i64>>>,
}

/// Returns the exact bounds of every difference that involves one of `sources`, or a
/// negative cycle.
pub fn distances(net: &Network, sources: &[u32]) -> Result<Distances, Vec<u32>> {
    let out = Rows::new(net.nodes, &net.constraints, |c| c.from);
    let potential = potential(net, &out)?;
    let into = Rows::new(net.nodes, &net.constraints, |c| c.to);
    Ok(Distances {
        from: sources
            .iter()
            .map(|&s| dijkstra(net, &out, &potential, s, |c| c.to, 1))
            .collect(),
        to: sources
            .iter()
            .map(|&s| dijkstra(net, &into, &potential, s, |c| c.from, -1))
            .collect(),
    })
}

/// Returns shortest distances from a virtual source joined to every node by a zero
/// edge (a feasible assignment), or a negative cycle.
///
/// Goldberg and Radzik's order: each pass scans the nodes whose labels changed, and
/// what they reach over constraints of reduced cost at most zero, in topological order,
/// so that an acyclic stretch (a chain of `before`) settles in one pass instead of one
/// pass per link. Negative cycles show up as cycles of parent constraints.
fn potential(net: &Network, out: &Rows) -> Result<Vec<i64>, Vec<u32>> {
    let n = net.nodes as usize;
    let mut dist = vec![0i64; n];
    let mut parent = vec![u32::MAX; n];
    let mut visited = vec![false; n];
    let mut changed = vec![false; n];
    let mut active: Vec<u32> = (0..net.nodes).collect();
    let mut relaxations = 0usize;
    while !active.is_empty() {
        let order = scan_order(net, out, &dist, &active, &mut visited);
        active.clear();
        for &u in &order {
            visited[u as usize] = false;
            changed[u as usize] = false;
        }
        for &u in &order {
            let du = dist[u as usize];
            for &i in out.of(u) {
                let c = &net.constraints[i as usize];
                let candidate = du.saturating_add(c.weight);
                if candidate >= dist[c.to as usize] {
                    continue;
                }
                dist[c.to as usize] = candidate;
                parent[c.to as usize] = i;
                if !changed[c.to as usize] {
                    changed[c.to as usize] = true;
                    active.push(c.to);
                }
                relaxations += 1;
                if relaxations >= n {
                    relaxations = 0;
                    if let Some(cycle) = parent_cycle(net, &parent) {
                        return Err(cycle);
                    }
                }
            }
        }
        for &v in &active {
            changed[v as usize] = false;
        }
        if !active.is_empty()
            && let Some(cycle) = parent_cycle(net, &parent)
        {
            return Err(cycle);
        }
    }
    Ok(dist)
}

/// Returns the nodes of `active` with a constraint that would lower a neighbour, and
/// every node they reach over constraints of reduced cost at most zero, in topological
/// order of those constraints (constraints back into the walk are ignored). `visited`
/// comes in all false and leaves true exactly for the nodes returned.
fn scan_order(
    net: &Network,
    out: &Rows,
    dist: &[i64],
    active: &[u32],
    visited: &mut [bool],
) -> Vec<u32> {
    let slack = |c: &Constraint| {
        dist[c.from as usize]
            .saturating_add(c.weight)
            .cmp(&dist[c.to as usize])
    };
    let mut postorder = Vec::new();
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for &s in active {
        let improves = || {
            out.of(s)
                .iter()
                .any(|&i| slack(&net.constraints[i as usize]).is_lt())
        };
        if visited[s as usize] || !improves() {
            continue;
        }
        visited[s as usize] = true;
        stack.push((s, 0));
        while let Some(top) = stack.last_mut() {
            let (u, k) = *top;
            let Some(&i) = out.of(u).get(k) else {
                stack.pop();
                postorder.push(u);
                continue;
            };
            top.1 += 1;
            let c = &net.constraints[i as usize];
            if !visited[c.to as usize] && slack(c).is_le() {
                visited[c.to as usize] = true;
                stack.push((c.to, 0));
            }
        }
    }
    postorder.reverse();
    postorder
}

/// Finds a cycle in the graph of parent constraints; any such cycle is negative.
/// Returns its constraints walking parents backwards, which reads as an increasing chain.
fn parent_cycle(net: &Network, parent: &[u32]) -> Option<Vec<u32>> {
    let mut walk = vec![0u32; parent.len()];
    for start in 0..parent.len() {
        if walk[start] != 0 {
            continue;
        }
        let mark = start as u32 + 1;
        let mut v = start;
        while walk[v] == 0 {
            walk[v] = mark;
            match parent[v] {
                u32::MAX => break,
                p => v = net.constraints[p as usize].from as usize,
            }
        }
        if walk[v] == mark && parent[v] != u32::MAX {
            let first = v;
            let mut cycle = Vec::new();
            loop {
                let p = parent[v];
                cycle.push(p);
                v = net.constraints[p as usize].from as usize;
                if v == first {
                    break;
                }
            }
            return Some(rotate_to_origin(net, cycle));
        }
    }
    None
}

/// Starts a cycle at the constraint that bounds something from below by a date, so
/// that the chain reads from a known date to a known date.
fn rotate_to_origin(net: &Network, mut cycle: Vec<u32>) -> Vec<u32> {
    if let Some(i) = cycle
        .iter()
        .position(|&c| net.constraints[c as usize].to == ORIGIN)
    {
        cycle.rotate_left(i);
    }
    cycle
}

/// Dijkstra from the origin along `rows` (forwards with `sign` 1, backwards with -1),
/// with reduced weights `w + p[from] - p[to]`, non-negative for a feasible potential `p`.
fn dijkstra(
    net: &Network,
    rows: &Rows,
    p: &[i64],
    source: u32,
    next: impl Fn(&Constraint) -> u32,
    sign: i64,
) -> Vec<Option<i64>> {
    let n = net.nodes as usize;
    let mut reduced = vec![i64::MAX; n];
    let mut heap = BinaryHeap::new();
    reduced[source as usize] = 0;
    heap.push(Reverse((0i64, source)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if d > reduced[u as usize] {
            continue;
        }
        for &i in rows.of(u) {
            let c = &net.constraints[i as usize];
            let v = next(c);
            let w = c
                .weight
                .saturating_add(p[c.from as usize] - p[c.to as usize]);
            let candidate = d.saturating_add(w.max(0));
            if candidate < reduced[v as usize] {
                reduced[v as usize] = candidate;
                heap.push(Reverse((candidate, v)));
            }
        }
    }
    let origin = p[source as usize];
    reduced
        .into_iter()
        .enumerate()
        .map(|(v, d)| (d != i64::MAX).then(|| d.saturating_add(sign * (p[v] - origin))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::network::Why;

    fn net(nodes: u32, edges: &[(u32, u32, i64)]) -> Network {
        Network {
            nodes,
            constraints: edges
                .iter()
                .enumerate()
                .map(|(i, &(from, to, weight))| Constraint {
                    from,
                    to,
                    weight,
                    why: Why::Relation(i as u32),
                })
                .collect(),
        }
    }

    #[test]
    fn bounds_are_shortest_paths() {
        // 10 <= x1 <= 20; x1 + 5 <= x2; x2 <= 30.
        let n = net(3, &[(1, 0, -10), (0, 1, 20), (2, 1, -5), (0, 2, 30)]);
        let s = solve(&n).unwrap();
        assert_eq!(s.earliest, vec![Some(0), Some(10), Some(15)]);
        assert_eq!(s.latest, vec![Some(0), Some(20), Some(30)]);
    }

    #[test]
    fn unconstrained_nodes_stay_unbounded() {
        let n = net(3, &[(1, 0, -10), (2, 1, 0)]);
        let s = solve(&n).unwrap();
        assert_eq!(s.earliest[1], Some(10));
        assert_eq!(s.latest[1], None);
        assert_eq!(s.earliest[2], Some(10));
        assert_eq!(s.latest[2], None);
    }

    #[test]
    fn finds_negative_cycles_through_the_origin() {
        // x1 >= 10, x2 >= x1 + 5, x2 <= 12.
        let n = net(3, &[(1, 0, -10), (2, 1, -5), (0, 2, 12)]);
        let cycle = solve(&n).unwrap_err();
        assert_eq!(cycle, vec![0, 1, 2]);
    }

    #[test]
    fn finds_negative_cycles_away_from_the_origin() {
        let n = net(4, &[(0, 1, 5), (2, 3, -1), (3, 2, -1)]);
        let mut cycle = solve(&n).unwrap_err();
        cycle.sort();
        assert_eq!(cycle, vec![1, 2]);
    }
}
