//! Toy datasets generated from a seed: the shapes every neural-network
//! lesson draws.
//!
//! Each generator takes a config struct with public fields and a
//! [`Default`], so that a call names its numbers:
//!
//! ```
//! use scalargrad::data::{spirals, SpiralsConfig};
//!
//! let data = spirals(&SpiralsConfig { samples: 900, seed: 1, ..SpiralsConfig::default() });
//! assert_eq!(data.class_counts(), [300, 300, 300]);
//! ```
//!
//! Each generator lays its points out deterministically, then adds Gaussian
//! noise of standard deviation `noise` to every coordinate, then shuffles, all
//! with one generator seeded by `seed`. The noise is drawn whatever its size,
//! so the same seed with a different `noise` gives the same points in the
//! same order, each moved by a proportionally larger amount.
//!
//! The defaults are the command line's (`scalargrad train --data …`): 300
//! samples, seed 0, and a noise that suits each shape.

//! One file per family: [`moons`], [`circles`] and [`xor`] (two classes,
//! `two_classes.rs`); [`spirals`] and [`blobs`] (any number of classes,
//! `many_classes.rs`); [`regression_1d`] (`regression.rs`).

mod many_classes;
mod regression;
mod two_classes;

pub use many_classes::{blobs, spirals, BlobsConfig, SpiralsConfig};
pub use regression::{regression_1d, regression_1d_curve, Regression1dConfig};
pub use two_classes::{circles, moons, xor, CirclesConfig, MoonsConfig, XorConfig};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use super::Dataset;
use crate::nn::standard_normal;
use crate::panics::misuse;

/// `count` numbers evenly spaced from `start` to `end`, both included
/// (`[start]` when `count` is 1), like NumPy's `linspace`. Computed as
/// `start + (end - start)·i/(count - 1)` so that the last one is `end`
/// exactly (adding up a rounded step would miss it by an ulp or two).
pub(super) fn linspace(start: f64, end: f64, count: usize) -> impl Iterator<Item = f64> {
    let last = count.saturating_sub(1).max(1) as f64;
    (0..count).map(move |i| start + (end - start) * i as f64 / last)
}

/// `n` split into `parts` shares that differ by at most one, larger first:
/// 7 into 3 is `[3, 2, 2]`.
pub(super) fn even_shares(n: usize, parts: usize) -> Vec<usize> {
    (0..parts)
        .map(|p| n / parts + usize::from(p < n % parts))
        .collect()
}

#[track_caller]
pub(super) fn check_noise(call: &str, noise: f64) {
    if !(noise.is_finite() && noise >= 0.0) {
        misuse!(
            call,
            "the noise standard deviation must be a finite number ≥ 0, got {noise}"
        );
    }
}

/// Adds the noise, shuffles and packs points `(features, label)` into a
/// classification dataset with labels `0..n_classes`.
pub(super) fn finish(
    name: &str,
    points: Vec<(Vec<f64>, usize)>,
    n_classes: usize,
    noise: f64,
    seed: u64,
) -> Dataset {
    finish_with(
        name,
        points,
        n_classes,
        noise,
        &mut StdRng::seed_from_u64(seed),
    )
}

pub(super) fn finish_with(
    name: &str,
    mut points: Vec<(Vec<f64>, usize)>,
    n_classes: usize,
    noise: f64,
    rng: &mut StdRng,
) -> Dataset {
    for (features, _) in &mut points {
        for v in features.iter_mut() {
            *v += noise * standard_normal(rng);
        }
    }
    points.shuffle(rng);
    let (x, labels): (Vec<Vec<f64>>, Vec<usize>) = points.into_iter().unzip();
    Dataset::classification(name, x, &labels, n_classes)
}
