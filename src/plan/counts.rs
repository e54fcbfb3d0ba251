//! The counts model solved exactly, by dynamic programming over seats.
//!
//! The counts model asks how many slots of each weight class each doctor takes: per doctor a
//! handful of small integers, capped by the class slots they may take and by the most duties the
//! gap lets them hold; per class, every seat filled; every deviation inside a window `[L, L+R]`.
//! A MILP solver finds such counts quickly but, on 40 or 60 interchangeable doctors, cannot
//! prove that a narrower window is impossible: the LP relaxation is fair at any range and the
//! doctors' symmetry defeats branching. Yet the model has a shape a table handles exactly: take
//! the doctors one at a time and track only how many seats of each class are filled so far. The
//! table has `Π (seats_c + 1)` states (a few thousand to a few hundred thousand here), so "is
//! range R possible?" is answered exactly in milliseconds, and the most even counts within the
//! least range (true sum of squares, then requests, then stability, all separable per doctor)
//! come out of the same table. When the table would be too large (many weight classes on a huge
//! association), [`Table::new`] says so and the MILP is used instead.

use super::model::Counts;

/// The most states one table may have.
const MAX_STATES: usize = 2_000_000;
/// The most `doctors × states` back-pointers one optimisation may keep (2 bytes each).
const MAX_CELLS: usize = 24_000_000;
/// The most count vectors one doctor may have in one window (back-pointers are `u16`).
const MAX_CHOICES: usize = 60_000;

/// The cost of one doctor's counts, compared lexicographically: squared distance from the mean
/// (scaled by the number of doctors to stay in integers), "prefer not" requests broken, slots
/// changed from the previous plan, and how far the doctor's mix of classes is from the year's.
pub type Cost = (u64, u64, u64, u64);

/// Counts per doctor and class, with their total cost.
type Priced = (Cost, Vec<Vec<u32>>);

/// Some doctor has more count vectors in a window than the table keeps: use the MILP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// A counts problem ready for the table.
pub struct Table<'a> {
    weights: Vec<i64>,
    seats: Vec<u32>,
    caps: Vec<Vec<u32>>,
    max_slots: &'a [u32],
    base: &'a [i64],
    stride: Vec<usize>,
    states: usize,
}

/// Count vectors of one doctor inside one window, and each one's offset in the table.
struct Choices {
    counts: Vec<Vec<u32>>,
    offsets: Vec<usize>,
    /// The most of each class any of them takes (for pruning).
    most: Vec<u32>,
}

impl<'a> Table<'a> {
    /// The table for classes of weights `weights` with `seats[c]` seats each; doctor `d` may take
    /// at most `caps[d][c]` of class `c` and `max_slots[d]` in all; `base[d]` is their deviation
    /// before these slots. `None` when the table would be too large.
    pub fn new(
        weights: Vec<i64>,
        seats: Vec<u32>,
        caps: Vec<Vec<u32>>,
        max_slots: &'a [u32],
        base: &'a [i64],
    ) -> Option<Self> {
        let mut stride = Vec::with_capacity(seats.len());
        let mut states: usize = 1;
        for &s in &seats {
            stride.push(states);
            states = states.checked_mul(s as usize + 1)?;
            if states > MAX_STATES {
                return None;
            }
        }
        if states.checked_mul(base.len().max(1))? > MAX_CELLS {
            return None;
        }
        Some(Table { weights, seats, caps, max_slots, base, stride, states })
    }

    fn doctors(&self) -> usize {
        self.base.len()
    }

    /// The total of all deviations, whatever the counts: every seat's points are handed out.
    fn sum(&self) -> i64 {
        self.base.iter().sum::<i64>()
            + self.weights.iter().zip(&self.seats).map(|(w, &s)| w * i64::from(s)).sum::<i64>()
    }

    /// Doctor `d`'s count vectors whose deviation lies in `[lo, hi]`; `None` when there are too
    /// many for the table.
    fn choices(&self, d: usize, lo: i64, hi: i64) -> Option<Choices> {
        let classes = self.weights.len();
        let mut out = Choices { counts: Vec::new(), offsets: Vec::new(), most: vec![0; classes] };
        let mut current = vec![0u32; classes];
        let ok = self.enumerate(d, 0, self.base[d], 0, lo, hi, &mut current, &mut out);
        ok.then_some(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn enumerate(
        &self,
        d: usize,
        c: usize,
        dev: i64,
        taken: u32,
        lo: i64,
        hi: i64,
        current: &mut Vec<u32>,
        out: &mut Choices,
    ) -> bool {
        if c == self.weights.len() {
            if dev >= lo {
                if out.counts.len() >= MAX_CHOICES {
                    return false;
                }
                let offset = current.iter().zip(&self.stride).map(|(&n, &s)| n as usize * s).sum();
                for (m, &n) in out.most.iter_mut().zip(current.iter()) {
                    *m = (*m).max(n);
                }
                out.counts.push(current.clone());
                out.offsets.push(offset);
            }
            return true;
        }
        let w = self.weights[c];
        let cap = self.caps[d][c].min(self.seats[c]).min(self.max_slots[d] - taken);
        for n in 0..=cap {
            let dev = dev + w * i64::from(n);
            if dev > hi {
                break;
            }
            current[c] = n;
            if !self.enumerate(d, c + 1, dev, taken + n, lo, hi, current, out) {
                return false;
            }
        }
        current[c] = 0;
        true
    }

    /// Each doctor's choices in `[lo, hi]` and, per doctor, the most of each class the doctors
    /// after them can still take. `None` when some doctor has no choice or too many.
    fn layers(&self, lo: i64, hi: i64) -> Option<(Vec<Choices>, Vec<Vec<u32>>)> {
        let choices: Vec<Choices> = (0..self.doctors())
            .map(|d| self.choices(d, lo, hi).filter(|c| !c.counts.is_empty()))
            .collect::<Option<_>>()?;
        let classes = self.weights.len();
        let mut after = vec![vec![0u32; classes]; self.doctors() + 1];
        for d in (0..self.doctors()).rev() {
            let (here, later) = after.split_at_mut(d + 1);
            for ((a, &l), &m) in here[d].iter_mut().zip(&later[0]).zip(&choices[d].most) {
                *a = l + m;
            }
        }
        Some((choices, after))
    }

    /// Whether `from` → `from + choice` stays within the seats and leaves enough room for the
    /// doctors after this one to fill the rest.
    fn fits(&self, state: usize, counts: &[u32], after: &[u32]) -> bool {
        counts.iter().enumerate().all(|(c, &n)| {
            let filled = (state / self.stride[c]) % (self.seats[c] as usize + 1);
            let now = filled as u32 + n;
            now <= self.seats[c] && now + after[c] >= self.seats[c]
        })
    }

    fn full(&self) -> usize {
        self.seats.iter().zip(&self.stride).map(|(&s, &st)| s as usize * st).sum()
    }

    /// Whether counts exist with every deviation in `[lo, hi]`. `None` when the table cannot
    /// say (too many choices).
    fn feasible(&self, lo: i64, hi: i64) -> Option<bool> {
        let Some((choices, after)) = self.layers(lo, hi) else {
            // Some doctor has no choice (impossible) or too many (the table cannot say).
            return if self.too_many(lo, hi) { None } else { Some(false) };
        };
        let mut reached = vec![false; self.states];
        let mut frontier = vec![0usize];
        for (d, ch) in choices.iter().enumerate() {
            let mut next = Vec::new();
            for &state in &frontier {
                for (counts, &offset) in ch.counts.iter().zip(&ch.offsets) {
                    if !self.fits(state, counts, &after[d + 1]) {
                        continue;
                    }
                    let to = state + offset;
                    if !reached[to] {
                        reached[to] = true;
                        next.push(to);
                    }
                }
            }
            for &s in &next {
                reached[s] = false;
            }
            frontier = next;
            if frontier.is_empty() {
                return Some(false);
            }
        }
        Some(frontier.contains(&self.full()))
    }

    /// Whether some doctor has more choices in `[lo, hi]` than the table keeps.
    fn too_many(&self, lo: i64, hi: i64) -> bool {
        (0..self.doctors()).any(|d| self.choices(d, lo, hi).is_none())
    }

    /// The windows of width `range` that can hold every deviation: the mean deviation lies in
    /// every such window, so its lower end runs from `⌈mean⌉ − range` to `⌊mean⌋`.
    fn windows(&self, range: i64) -> impl Iterator<Item = i64> {
        let (sum, n) = (self.sum(), self.doctors().max(1) as i64);
        let floor = sum.div_euclid(n);
        let ceil = -((-sum).div_euclid(n));
        (ceil - range)..=floor
    }

    /// Whether some window of width `range` holds counts. `None` when the table cannot say.
    fn range_possible(&self, range: i64) -> Option<bool> {
        for lo in self.windows(range) {
            if self.feasible(lo, lo + range)? {
                return Some(true);
            }
        }
        Some(false)
    }

    /// The least range of any counts, searched upward from `from` (a proven lower bound) by
    /// doubling steps, then halving. `Ok(None)`: no counts at all; [`TooLarge`]: the table
    /// cannot say (fall back to the MILP).
    pub fn least(&self, from: i64) -> Result<Option<i64>, TooLarge> {
        let widest = self.widest();
        let mut lo = from.max(0);
        if lo > widest {
            return Ok(None);
        }
        // Find some possible range by doubling the step.
        let mut step = 1;
        let mut hi = lo;
        loop {
            if self.range_possible(hi).ok_or(TooLarge)? {
                break;
            }
            if hi >= widest {
                return Ok(None);
            }
            lo = hi + 1;
            hi = (hi + step).min(widest);
            step *= 2;
        }
        // Every range below `lo` is impossible, `hi` is possible.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.range_possible(mid).ok_or(TooLarge)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(Some(hi))
    }

    /// A range every counts vector has at most: from the lowest base to the highest base plus
    /// every point.
    fn widest(&self) -> i64 {
        let total: i64 = self.weights.iter().zip(&self.seats).map(|(w, &s)| w * i64::from(s)).sum();
        let max = self.base.iter().max().copied().unwrap_or(0);
        let min = self.base.iter().min().copied().unwrap_or(0);
        (max - min + total).max(0)
    }

    /// The counts of least cost with every deviation within some window of width `range`, where
    /// `cost(d, counts, deviation)` prices one doctor's counts. Ties go to the lower window and,
    /// within a window, to the earlier choice, so the answer is deterministic. `Ok(None)`: none
    /// in this range; [`TooLarge`]: the table cannot say.
    pub fn best(
        &self,
        range: i64,
        cost: &dyn Fn(usize, &[u32], i64) -> Cost,
    ) -> Result<Option<Counts>, TooLarge> {
        let mut best: Option<Priced> = None;
        for lo in self.windows(range) {
            if let Some((c, n)) = self.best_in(lo, lo + range, cost)?
                && best.as_ref().is_none_or(|(b, _)| c < *b)
            {
                best = Some((c, n));
            }
        }
        Ok(best.map(|(_, n)| {
            let dev: Vec<i64> = n.iter().enumerate().map(|(d, nd)| self.deviation(d, nd)).collect();
            let range =
                dev.iter().max().copied().unwrap_or(0) - dev.iter().min().copied().unwrap_or(0);
            Counts { n, range, proven: true }
        }))
    }

    fn deviation(&self, d: usize, counts: &[u32]) -> i64 {
        self.base[d] + self.weights.iter().zip(counts).map(|(w, &n)| w * i64::from(n)).sum::<i64>()
    }

    fn best_in(
        &self,
        lo: i64,
        hi: i64,
        cost: &dyn Fn(usize, &[u32], i64) -> Cost,
    ) -> Result<Option<Priced>, TooLarge> {
        let Some((choices, after)) = self.layers(lo, hi) else {
            return if self.too_many(lo, hi) { Err(TooLarge) } else { Ok(None) };
        };
        const NONE: u16 = u16::MAX;
        let mut back: Vec<Vec<u16>> = Vec::with_capacity(self.doctors());
        let mut here: Vec<Option<Cost>> = vec![None; self.states];
        here[0] = Some((0, 0, 0, 0));
        let mut frontier = vec![0usize];
        for (d, ch) in choices.iter().enumerate() {
            let prices: Vec<Cost> =
                ch.counts.iter().map(|n| cost(d, n, self.deviation(d, n))).collect();
            let mut next_cost: Vec<Option<Cost>> = vec![None; self.states];
            let mut pointer = vec![NONE; self.states];
            let mut next = Vec::new();
            for &state in &frontier {
                let Some(at) = here[state] else { continue };
                for (i, (counts, &offset)) in ch.counts.iter().zip(&ch.offsets).enumerate() {
                    if !self.fits(state, counts, &after[d + 1]) {
                        continue;
                    }
                    let to = state + offset;
                    let p = prices[i];
                    let total = (at.0 + p.0, at.1 + p.1, at.2 + p.2, at.3 + p.3);
                    match next_cost[to] {
                        None => {
                            next_cost[to] = Some(total);
                            pointer[to] = i as u16;
                            next.push(to);
                        }
                        Some(c) if total < c => {
                            next_cost[to] = Some(total);
                            pointer[to] = i as u16;
                        }
                        Some(_) => {}
                    }
                }
            }
            next.sort_unstable();
            back.push(pointer);
            here = next_cost;
            frontier = next;
            if frontier.is_empty() {
                return Ok(None);
            }
        }
        let full = self.full();
        let Some(total) = here[full] else { return Ok(None) };
        let mut n = vec![Vec::new(); self.doctors()];
        let mut state = full;
        for d in (0..self.doctors()).rev() {
            let i = back[d][state] as usize;
            n[d] = choices[d].counts[i].clone();
            state -= choices[d].offsets[i];
        }
        debug_assert_eq!(state, 0);
        Ok(Some((total, n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(_: usize, _: &[u32], _: i64) -> Cost {
        (0, 0, 0, 0)
    }

    #[test]
    fn heavy_seats_for_two_doctors_each_force_a_range_of_two() {
        // 12 doctors with a target of 4 points, 18 seats of 2 points and 4 of 3 (48 points in
        // all, so the deviations sum to 0): a doctor with a 3 reaches 3, 5 or 6, never 4, so
        // no range below 2 exists (−1, 0, +1 it is). The counting bound (gcd 1) cannot see this;
        // the table can. This is the shape of the benchmark's N = 60, k = 2 year.
        let n = 12usize;
        let base = vec![-4i64; n];
        let max_slots = vec![10u32; n];
        let caps = vec![vec![18u32, 4]; n];
        let t = Table::new(vec![2, 3], vec![18, 4], caps, &max_slots, &base).unwrap();
        assert_eq!(t.least(0), Ok(Some(2)));
        let best = t.best(2, &flat).unwrap().unwrap();
        assert_eq!(best.range, 2);
        let seats: Vec<u32> = (0..2).map(|c| best.n.iter().map(|nd| nd[c]).sum::<u32>()).collect();
        assert_eq!(seats, vec![18, 4]);
    }

    #[test]
    fn equal_shares_have_range_zero_and_no_counts_means_none() {
        let base = vec![-4i64; 3];
        let max_slots = vec![5u32; 3];
        let t = Table::new(vec![2], vec![6], vec![vec![6]; 3], &max_slots, &base).unwrap();
        assert_eq!(t.least(0), Ok(Some(0)));
        // Caps too small to fill the seats: no counts at all.
        let t = Table::new(vec![2], vec![6], vec![vec![1]; 3], &max_slots, &base).unwrap();
        assert_eq!(t.least(0), Ok(None));
    }

    #[test]
    fn the_cheapest_counts_win_and_ties_are_deterministic() {
        // Two doctors, two seats of 2: either both take one (range 0) or one takes both.
        let base = vec![0i64, 0];
        let max_slots = vec![2u32, 2];
        let t = Table::new(vec![2], vec![2], vec![vec![2]; 2], &max_slots, &base).unwrap();
        // At range 4 both splits are allowed; a cost preferring doctor 0 to take nothing wins.
        let cost = |d: usize, n: &[u32], _: i64| {
            if d == 0 { (u64::from(n[0]), 0, 0, 0) } else { (0, 0, 0, 0) }
        };
        let best = t.best(4, &cost).unwrap().unwrap();
        assert_eq!(best.n, vec![vec![0], vec![2]]);
        let again = t.best(4, &cost).unwrap().unwrap();
        assert_eq!(best, again);
    }

    #[test]
    fn a_table_too_large_is_refused() {
        let base = vec![0i64; 2];
        let max_slots = vec![1u32; 2];
        let seats = vec![200u32; 4];
        assert!(
            Table::new(vec![1, 2, 3, 4], seats, vec![vec![1; 4]; 2], &max_slots, &base).is_none()
        );
    }
}
