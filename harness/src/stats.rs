//! Statistics of timing samples: the numbers `bench` reports and `compare` judges by.
//!
//! Descriptive statistics follow pyperf so the two tools' numbers can be read side by side:
//! the sample standard deviation (n - 1), the median (mean of the middle two for an even
//! count) and the *unscaled* median absolute deviation (`median(|x - median|)`, pyperf's
//! `median_abs_dev`). Speed ratios are ratios of medians, `reference / candidate`, so 2.0
//! means "twice as fast as the reference"; their 95% confidence intervals come from a
//! percentile bootstrap (each sample resampled independently) driven by a fixed-seed
//! [`Rng`], so a report is reproducible bit for bit. Significance tests (Welch's t-test,
//! Mann-Whitney U) live in [`significance`], the special functions they need in [`special`].
//!
//! Invariant: nothing here panics or returns NaN on valid input; an empty sample yields
//! `None`, and every function documents what it needs (positive times for ratios).

pub mod significance;
pub mod special;

use serde::{Deserialize, Serialize};

/// Resamples drawn for a bootstrap confidence interval: enough for stable 2.5/97.5
/// percentiles (the interval's ends move by well under 1% between seeds at this count).
pub const BOOTSTRAP_RESAMPLES: usize = 2000;

/// The seed of every bootstrap, so reports are reproducible.
pub const BOOTSTRAP_SEED: u64 = 0x5eed_b007_57a9_0001;

/// The summary of one sample (times in seconds, or bytes: any positive measure).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1 in the denominator); 0 for a single value.
    pub stdev: f64,
    /// Median.
    pub median: f64,
    /// Median absolute deviation from the median, unscaled (pyperf's definition).
    pub mad: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Summarizes `values`; `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Summary> {
        let mean = mean(values)?;
        let median = median(values)?;
        let deviations: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
        Some(Summary {
            n: values.len(),
            mean,
            stdev: stdev(values).unwrap_or(0.0),
            median,
            mad: self::median(&deviations)?,
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }

    /// The standard deviation as a fraction of the mean (0 when the mean is 0).
    pub fn relative_stdev(&self) -> f64 {
        if self.mean == 0.0 {
            0.0
        } else {
            self.stdev / self.mean
        }
    }
}

/// The arithmetic mean; `None` for an empty sample.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().sum::<f64>() / values.len() as f64)
}

/// The sample variance (n - 1); `None` below two values.
pub fn variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    let squares: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    Some(squares / (values.len() - 1) as f64)
}

/// The sample standard deviation (n - 1); `None` below two values.
pub fn stdev(values: &[f64]) -> Option<f64> {
    variance(values).map(f64::sqrt)
}

/// The median; `None` for an empty sample.
pub fn median(values: &[f64]) -> Option<f64> {
    let sorted = sorted(values);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The `q`-quantile (0 <= q <= 1) with linear interpolation between order statistics (numpy's
/// default, "type 7"); `None` for an empty sample.
#[cfg(test)]
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    quantile_of_sorted(&sorted(values), q)
}

fn quantile_of_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(0.0, 1.0) * last as f64;
    // `position` is within 0..=last, so both indices are in bounds.
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let fraction = position - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
}

/// The geometric mean of positive values; `None` when empty or when any value is not a
/// positive finite number.
pub fn geometric_mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return None;
    }
    let log_sum: f64 = values.iter().map(|v| v.ln()).sum();
    Some((log_sum / values.len() as f64).exp())
}

/// A copy sorted ascending (NaNs, which timings never are, sort last).
fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

/// A speed ratio with its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// `median(reference) / median(candidate)`: above 1, the candidate is faster.
    pub value: f64,
    /// Lower end of the 95% bootstrap confidence interval.
    pub low: f64,
    /// Upper end of the 95% bootstrap confidence interval.
    pub high: f64,
}

/// The speed of `candidate` relative to `reference` (times, all positive) with a 95% percentile
/// bootstrap interval from `resamples` resamples seeded with `seed`; `None` when either sample
/// is empty or a median is not positive.
pub fn speed_ratio(
    reference: &[f64],
    candidate: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<Ratio> {
    let value = median(reference)? / positive(median(candidate)?)?;
    let mut rng = Rng::new(seed);
    let mut ratios = Vec::with_capacity(resamples);
    let mut a = vec![0.0; reference.len()];
    let mut b = vec![0.0; candidate.len()];
    for _ in 0..resamples {
        rng.resample_into(reference, &mut a);
        rng.resample_into(candidate, &mut b);
        if let (Some(ma), Some(mb)) = (median(&a), median(&b).and_then(positive)) {
            ratios.push(ma / mb);
        }
    }
    ratios.sort_by(f64::total_cmp);
    Some(Ratio {
        value,
        low: quantile_of_sorted(&ratios, 0.025).unwrap_or(value),
        high: quantile_of_sorted(&ratios, 0.975).unwrap_or(value),
    })
}

fn positive(x: f64) -> Option<f64> {
    (x > 0.0 && x.is_finite()).then_some(x)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed generator. The bootstrap
/// needs reproducible uniform indices, not cryptographic quality, so a dependency is not worth
/// its build time.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform index in `0..n` (`n` > 0), by Lemire's multiply-shift (the bias, below
    /// n / 2^64, is far beneath anything a bootstrap of timings could show).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform float in [0, 1).
    #[cfg(test)]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal deviate (Box-Muller), for simulations.
    #[cfg(test)]
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Fills `out` with values drawn from `from` with replacement.
    fn resample_into(&mut self, from: &[f64], out: &mut [f64]) {
        if from.is_empty() {
            return;
        }
        for slot in out.iter_mut() {
            *slot = from[self.below(from.len())];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative closeness, for values computed two different ways.
    pub(crate) fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance * expected.abs().max(1e-300)
    }

    // Expected values below were computed independently with CPython 3.11's `statistics`
    // module (statistics.mean, statistics.stdev, statistics.median, and pyperf's
    // median_abs_dev formula, statistics.median([abs(x - m) for x in xs])):
    //
    //   xs = [0.0123, 0.0119, 0.0131, 0.0125, 0.0122, 0.0340, 0.0120]
    //   mean = 0.015428571428571429, stdev = 0.008198722316254382,
    //   median = 0.0123, mad = 0.0002999999999999999
    //   statistics.geometric_mean([2.0, 8.0, 0.5, 3.0]) = 2.213363839400643
    //   numpy-style quantile(xs, 0.25) = 0.0121 (between sorted[1] and sorted[2])
    const SAMPLE: [f64; 7] = [0.0123, 0.0119, 0.0131, 0.0125, 0.0122, 0.0340, 0.0120];

    #[test]
    fn descriptive_statistics_match_python() {
        let s = Summary::of(&SAMPLE).unwrap();
        assert_eq!(s.n, 7);
        assert!(close(s.mean, 0.015428571428571429, 1e-12), "{}", s.mean);
        assert!(close(s.stdev, 0.008198722316254382, 1e-12), "{}", s.stdev);
        assert!(close(s.median, 0.0123, 1e-12));
        assert!(close(s.mad, 0.0002999999999999999, 1e-9), "{}", s.mad);
        assert_eq!(s.min, 0.0119);
        assert_eq!(s.max, 0.0340);
        assert!(close(quantile(&SAMPLE, 0.25).unwrap(), 0.0121, 1e-12));
        let g = geometric_mean(&[2.0, 8.0, 0.5, 3.0]).unwrap();
        assert!(close(g, 2.213363839400643, 1e-12), "{g}");
    }

    #[test]
    fn even_counts_and_edge_cases() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(Summary::of(&[]), None);
        let one = Summary::of(&[0.5]).unwrap();
        assert_eq!((one.stdev, one.mad, one.median), (0.0, 0.0, 0.5));
        assert_eq!(geometric_mean(&[1.0, 0.0]), None);
        assert_eq!(geometric_mean(&[]), None);
        assert_eq!(speed_ratio(&[], &[1.0], 10, 1), None);
    }

    #[test]
    fn rng_is_reproducible_and_uniform_enough() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut counts = [0usize; 10];
        for _ in 0..100_000 {
            counts[a.below(10)] += 1;
        }
        for count in counts {
            assert!((9_500..10_500).contains(&count), "{counts:?}");
        }
    }

    #[test]
    fn ratio_is_reference_over_candidate() {
        let reference = [2.0, 2.1, 1.9, 2.0, 2.05];
        let candidate = [1.0, 1.05, 0.95, 1.0, 1.02];
        let ratio = speed_ratio(&reference, &candidate, BOOTSTRAP_RESAMPLES, 7).unwrap();
        assert!(close(ratio.value, 2.0, 1e-12));
        assert!(
            ratio.low <= ratio.value && ratio.value <= ratio.high,
            "{ratio:?}"
        );
        assert!(ratio.low > 1.7 && ratio.high < 2.3, "{ratio:?}");
        // Same seed, same interval: reports are reproducible.
        let again = speed_ratio(&reference, &candidate, BOOTSTRAP_RESAMPLES, 7).unwrap();
        assert_eq!(ratio, again);
    }

    /// Coverage by simulation: draw samples whose true median ratio is known, and count how
    /// often the 95% interval contains it. A percentile bootstrap of medians is a little
    /// liberal at small n; at n = 20 its coverage must still be near 95%.
    #[test]
    fn bootstrap_interval_covers_the_true_ratio() {
        let mut rng = Rng::new(20_240_601);
        let trials: u32 = 300;
        let n = 20;
        let (true_a, true_b) = (0.100, 0.080); // medians of two normal distributions
        let truth = true_a / true_b;
        let mut covered: u32 = 0;
        for trial in 0..u64::from(trials) {
            let a: Vec<f64> = (0..n).map(|_| true_a + 0.005 * rng.normal()).collect();
            let b: Vec<f64> = (0..n).map(|_| true_b + 0.004 * rng.normal()).collect();
            let ratio = speed_ratio(&a, &b, 1000, trial).unwrap();
            if ratio.low <= truth && truth <= ratio.high {
                covered += 1;
            }
        }
        let coverage = f64::from(covered) / f64::from(trials);
        assert!((0.88..=0.99).contains(&coverage), "coverage {coverage}");
    }
}
