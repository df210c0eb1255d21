//! Paired bootstrap of a difference of means: is the summarizer's gain
//! over the lead more than the noise of which items happened to be drawn?

/// The 95% interval of the mean of `diffs` (per-item differences, system
/// minus baseline on the same item) over `rounds` resamples with
/// replacement. Deterministic: a fixed-seed generator, so a re-run prints
/// the same interval. `None` for no items.
///
/// ```
/// use khulasa_eval::summarize::bootstrap::interval;
/// let (lo, hi) = interval(&[0.1, 0.2, 0.0, 0.1, 0.15, 0.05], 1000).unwrap();
/// assert!(lo > 0.0 && hi < 0.2 && lo < hi);
/// assert_eq!(interval(&[], 1000), None);
/// ```
pub fn interval(diffs: &[f64], rounds: usize) -> Option<(f64, f64)> {
    let n = diffs.len();
    if n == 0 || rounds == 0 {
        return None;
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift64*: enough for resampling indices.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut means: Vec<f64> = (0..rounds)
        .map(|_| {
            let s: f64 = (0..n).map(|_| diffs[(next() % n as u64) as usize]).sum();
            s / n as f64
        })
        .collect();
    means.sort_by(f64::total_cmp);
    let at = |q: f64| means[((rounds - 1) as f64 * q).round() as usize];
    Some((at(0.025), at(0.975)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_difference_has_no_spread() {
        assert_eq!(interval(&[0.5; 40], 200), Some((0.5, 0.5)));
    }

    #[test]
    fn noise_around_zero_straddles_zero() {
        let d: Vec<f64> = (0..200)
            .map(|i| if i % 2 == 0 { 0.3 } else { -0.3 })
            .collect();
        let (lo, hi) = interval(&d, 1000).unwrap();
        assert!(lo < 0.0 && hi > 0.0, "{lo} {hi}");
    }
}
