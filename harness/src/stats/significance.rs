//! Significance tests for "did this benchmark get slower?": Welch's t-test and the
//! Mann-Whitney U test, both two-sided.
//!
//! Welch's test (unequal variances) is the verdict `compare` gives, as criterion and pyperf
//! use a t-test; Mann-Whitney U is reported beside it because timings are skewed (a run can
//! only be slowed down, never sped up, by a busy machine) and a rank test does not care. U's
//! p-value is exact (the null distribution counted by dynamic programming) when the samples
//! are small and tie-free, as scipy's `method="auto"` does; otherwise the normal approximation
//! with tie correction and continuity correction.

use serde::{Deserialize, Serialize};

use super::special::{normal_two_sided, student_t_two_sided};
use super::{mean, variance};

/// Largest combined sample size for which the exact U distribution is counted.
const EXACT_U_LIMIT: usize = 40;

/// Welch's t-test result.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TTest {
    /// The t statistic, `(mean(a) - mean(b)) / standard error`.
    pub t: f64,
    /// Welch-Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// Welch's unequal-variances t-test of `a` against `b`; `None` below two values in either.
pub fn welch_t_test(a: &[f64], b: &[f64]) -> Option<TTest> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (ma, mb) = (mean(a)?, mean(b)?);
    let (va, vb) = (variance(a)? / na, variance(b)? / nb);
    let se2 = va + vb;
    if se2 == 0.0 {
        // Two constant samples: identical, or certainly different.
        let p = if ma == mb { 1.0 } else { 0.0 };
        let t = if ma == mb {
            0.0
        } else {
            f64::INFINITY.copysign(ma - mb)
        };
        return Some(TTest {
            t,
            df: na + nb - 2.0,
            p,
        });
    }
    let t = (ma - mb) / se2.sqrt();
    let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    Some(TTest {
        t,
        df,
        p: student_t_two_sided(t, df),
    })
}

/// Mann-Whitney U test result.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UTest {
    /// U of the first sample: the number of (a, b) pairs with a > b, ties counting one half.
    pub u: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Whether `p` is exact (else the normal approximation).
    pub exact: bool,
}

/// The two-sided Mann-Whitney U test of `a` against `b`; `None` when either is empty.
pub fn mann_whitney_u(a: &[f64], b: &[f64]) -> Option<UTest> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (na, nb) = (a.len(), b.len());
    let n = na + nb;
    let mut pooled: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    pooled.sort_by(|x, y| x.0.total_cmp(&y.0));
    // Average ranks (1-based) over runs of ties; `tie_term` sums t^3 - t over tie groups.
    let mut rank_sum_a = 0.0;
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && pooled[j].0 == pooled[i].0 {
            j += 1;
        }
        let average_rank = (i + 1 + j) as f64 / 2.0;
        let from_a = pooled[i..j].iter().filter(|(_, in_a)| *in_a).count();
        rank_sum_a += average_rank * from_a as f64;
        let t = (j - i) as f64;
        tie_term += t * t * t - t;
        i = j;
    }
    let (fa, fb) = (na as f64, nb as f64);
    let u = rank_sum_a - fa * (fa + 1.0) / 2.0;
    if tie_term == 0.0 && n <= EXACT_U_LIMIT {
        return Some(UTest {
            u,
            p: exact_u_p(u, na, nb),
            exact: true,
        });
    }
    let mu = fa * fb / 2.0;
    let fnn = n as f64;
    let sigma2 = fa * fb / 12.0 * ((fnn + 1.0) - tie_term / (fnn * (fnn - 1.0)));
    if sigma2 <= 0.0 {
        // Every value tied: no evidence of any difference.
        return Some(UTest {
            u,
            p: 1.0,
            exact: false,
        });
    }
    let big = u.max(fa * fb - u);
    let z = (big - mu - 0.5) / sigma2.sqrt();
    Some(UTest {
        u,
        p: normal_two_sided(z.max(0.0)),
        exact: false,
    })
}

/// The exact two-sided p-value of `u` for tie-free samples of sizes `na` and `nb`:
/// `2 min(P(U <= u), P(U >= u))`, capped at 1.
fn exact_u_p(u: f64, na: usize, nb: usize) -> f64 {
    let counts = u_distribution(na, nb);
    let total: f64 = counts.iter().sum();
    // Tie-free U is an integer.
    let u = u.round().max(0.0) as usize;
    let at_most: f64 = counts.iter().take(u + 1).sum();
    let at_least: f64 = counts.iter().skip(u).sum();
    (2.0 * at_most.min(at_least) / total).min(1.0)
}

/// `counts[u]` = how many of the C(na + nb, na) orderings give U = u.
///
/// Built item by item: `ways[k][s]` counts the ways to choose k of the items seen so far for
/// the first sample with those items' ranks summing to s (minus the minimum, k(k+1)/2, which
/// makes s equal U). Counts reach C(40, 20) ~ 1.4e11, exact in an f64.
fn u_distribution(na: usize, nb: usize) -> Vec<f64> {
    let max_u = na * nb;
    // ways[k][s] over ranks 1..=r, where s is the plain rank sum.
    let n = na + nb;
    let max_sum = n * (n + 1) / 2;
    let mut ways = vec![vec![0.0f64; max_sum + 1]; na + 1];
    ways[0][0] = 1.0;
    for rank in 1..=n {
        for k in (1..=na.min(rank)).rev() {
            let (lower, upper) = ways.split_at_mut(k);
            let previous = &lower[k - 1];
            let current = &mut upper[0];
            for s in (rank..=max_sum).rev() {
                current[s] += previous[s - rank];
            }
        }
    }
    let minimum = na * (na + 1) / 2;
    (0..=max_u)
        .map(|u| ways[na].get(u + minimum).copied().unwrap_or(0.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tests::close;

    const A: [f64; 6] = [10.1, 10.3, 9.8, 10.0, 10.4, 10.2];
    const B: [f64; 5] = [10.6, 10.9, 10.5, 11.0, 10.7];

    #[test]
    fn welch_matches_independent_computation() {
        // Python: t and df by the Welch formulas with statistics.mean/variance; p by Simpson
        // integration of the t density (see special.rs):
        //   t = -4.740483575742675, df = 8.768958182823516, p = 0.0011368001611828937
        let test = welch_t_test(&A, &B).unwrap();
        assert!(close(test.t, -4.740483575742675, 1e-12), "{test:?}");
        assert!(close(test.df, 8.768958182823516, 1e-12), "{test:?}");
        assert!(close(test.p, 0.0011368001611828937, 1e-7), "{test:?}");
        let same = welch_t_test(&A, &A).unwrap();
        assert!(close(same.p, 1.0, 1e-12), "{same:?}");
        assert!(welch_t_test(&[1.0], &B).is_none());
        let constant = welch_t_test(&[1.0, 1.0], &[2.0, 2.0]).unwrap();
        assert_eq!(constant.p, 0.0);
    }

    #[test]
    fn exact_u_matches_enumeration() {
        // Python: every choice of 6 ranks out of 11 (itertools.combinations), U = rank sum -
        // 21, p = 2 * min(P(U <= u), P(U >= u)): u = 0.0, p = 0.004329004329004329.
        let test = mann_whitney_u(&A, &B).unwrap();
        assert!(test.exact);
        assert_eq!(test.u, 0.0);
        assert!(close(test.p, 0.004329004329004329, 1e-12), "{test:?}");
        // Overlapping samples, same enumeration over 4 of 9 ranks: u = 6.0, p = 0.4126984126984127.
        let test = mann_whitney_u(&[1.0, 2.0, 4.0, 9.0], &[3.0, 5.0, 6.0, 7.0, 8.0]).unwrap();
        assert_eq!(test.u, 6.0);
        assert!(close(test.p, 0.4126984126984127, 1e-12), "{test:?}");
        // At the centre of the distribution p is 1.
        let test = mann_whitney_u(&[1.0, 4.0, 6.0, 9.0], &[2.0, 3.0, 5.0, 7.0, 8.0]).unwrap();
        assert_eq!((test.u, test.p), (10.0, 1.0));
    }

    #[test]
    fn asymptotic_u_with_ties_matches_formula() {
        // Python: average ranks, tie-corrected sigma, continuity correction, and
        // statistics.NormalDist for the tail (scipy's asymptotic method):
        //   u = 33.5, p = 0.027727506412177583
        let a = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0, 9.0, 9.0];
        let b = [
            3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 12.0, 13.0,
        ];
        let test = mann_whitney_u(&a, &b).unwrap();
        assert!(!test.exact);
        assert_eq!(test.u, 33.5);
        assert!(close(test.p, 0.027727506412177583, 1e-5), "{test:?}");
    }

    #[test]
    fn u_distribution_sums_to_the_binomial() {
        let counts = u_distribution(4, 5);
        assert_eq!(counts.iter().sum::<f64>(), 126.0);
        assert_eq!(counts.len(), 21);
        // Symmetric about na * nb / 2.
        assert_eq!(counts[0], counts[20]);
        assert_eq!(counts[3], counts[17]);
    }
}
