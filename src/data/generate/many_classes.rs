//! Any number of classes: [`spirals`] and [`blobs`].

use std::f64::consts::TAU;

use super::{check_noise, even_shares, finish, linspace};
use crate::data::Dataset;
use crate::panics::misuse;

/// The numbers of [`spirals`]. Default: 300 samples, 3 classes, 2 turns,
/// noise 0.02, seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpiralsConfig {
    /// Number of points, all arms together, shared out evenly (the first
    /// `samples % classes` arms get one more). Default 300.
    pub samples: usize,
    /// Number of arms, one class each; at least 1. Default 3.
    pub classes: usize,
    /// Turns of each arm around the centre, from the centre to the tip; any
    /// finite number. Default 2.
    pub turns: f64,
    /// Standard deviation of the Gaussian noise added to each coordinate, in
    /// the units of the features (the arms end at radius 1). Default 0.02;
    /// 0.02 to 0.03 stays well under the gap between arms.
    pub noise: f64,
    /// Seed of the generator that draws the noise and the shuffle. Default 0.
    pub seed: u64,
}

impl Default for SpiralsConfig {
    fn default() -> Self {
        SpiralsConfig {
            samples: 300,
            classes: 3,
            turns: 2.0,
            noise: 0.02,
            seed: 0,
        }
    }
}

/// `classes` interleaved spiral arms, `turns` turns each: the classic hard
/// toy problem, which needs a wide hidden layer (or two) to bend the
/// boundary around every turn.
///
/// The `n` points (the samples) are shared out evenly (the first `n % classes` arms get one
/// more). On arm `c` of `m` points, point `i` has `s = i/(m - 1)` in `[0, 1]`
/// and lies at
///
/// - radius `r = √s`, from 0 at the centre to 1 at the tip, and
/// - angle `θ = 2π·turns·r + 2π·c/classes`,
///
/// so every arm is the same Archimedean spiral, rotated by `2π/classes` from
/// the previous one. (An Archimedean arm's length up to radius `r` grows like
/// `r²`, so `r = √s` spaces the points roughly evenly along the arm instead
/// of crowding them at the centre, where the arms meet.) Along a ray from the
/// centre, successive arms are `1/(turns·classes)` apart.
///
/// A good `noise` is 0.02 to 0.03, well under the gap between arms (`1/6`
/// for 3 arms of 2 turns). Measured on 900 samples of 3 arms of 2 turns,
/// with a 20 % validation split, a 1-nearest-neighbour classifier scores
/// about 100 % at noise 0.02, 99 % at 0.03 and only 89 % at 0.05, where the
/// arms blur into each other; an MLP `2 → 32 → 32 → 3` (`tanh`, Adam, lr
/// 0.01, batches of 32, standardized inputs) passes 95 % within 300 epochs
/// at 0.02 and 0.03.
///
/// ```
/// use scalargrad::data::{spirals, SpiralsConfig};
///
/// let data = spirals(&SpiralsConfig {
///     samples: 900,
///     classes: 3,
///     turns: 2.0,
///     noise: 0.03,
///     seed: 1,
/// });
/// assert_eq!((data.len(), data.n_classes), (900, Some(3)));
/// assert_eq!(data.class_counts(), [300, 300, 300]);
/// ```
///
/// # Panics
/// If `classes` is 0, `turns` is not finite, or `noise` is negative or not
/// finite.
#[track_caller]
pub fn spirals(config: &SpiralsConfig) -> Dataset {
    let SpiralsConfig {
        samples: n,
        classes,
        turns,
        noise,
        seed,
    } = *config;
    check_noise("data::spirals", noise);
    if classes == 0 {
        misuse!("data::spirals", "classes must be at least 1, got 0");
    }
    if !turns.is_finite() {
        misuse!(
            "data::spirals",
            "turns must be a finite number, got {turns}"
        );
    }
    let mut points = Vec::with_capacity(n);
    for (class, m) in even_shares(n, classes).into_iter().enumerate() {
        let offset = TAU * class as f64 / classes as f64;
        for s in linspace(0.0, 1.0, m) {
            let r = s.sqrt();
            let angle = TAU * turns * r + offset;
            points.push((vec![r * angle.cos(), r * angle.sin()], class));
        }
    }
    finish("spirals", points, classes, noise, seed)
}

/// The numbers of [`blobs`]. Default: 300 samples, 3 centers, std 0.8,
/// seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlobsConfig {
    /// Number of points, all blobs together, shared out evenly (the first
    /// `samples % centers` blobs get one more). Default 300.
    pub samples: usize,
    /// Number of blobs, one class each; at least 1. Default 3.
    pub centers: usize,
    /// Standard deviation of each coordinate around its blob's centre (the
    /// noise), in the units of the features (the centres sit on the circle
    /// of radius 3). Default 0.8.
    pub std: f64,
    /// Seed of the generator that draws the noise and the shuffle. Default 0.
    pub seed: u64,
}

impl Default for BlobsConfig {
    fn default() -> Self {
        BlobsConfig {
            samples: 300,
            centers: 3,
            std: 0.8,
            seed: 0,
        }
    }
}

/// Gaussian blobs: `centers` clusters with centres evenly spaced on the
/// circle of radius 3, centre `k` at `3·(cos(2πk/K), sin(2πk/K))`, and
/// points `centre + N(0, std²)` in each coordinate. Blob `k` is class `k`
/// and gets `n / centers` points (`n` the samples; the first `n % centers`
/// one more).
///
/// With `std` up to about 1 the blobs barely touch (neighbouring centres
/// are `6·sin(π/K)` apart, 6 for 2 blobs, 5.2 for 3): linearly separable
/// data for a first softmax regression.
///
/// ```
/// use scalargrad::data::{blobs, BlobsConfig};
///
/// let data = blobs(&BlobsConfig { samples: 7, centers: 3, std: 0.0, seed: 0 });
/// assert_eq!(data.class_counts(), [3, 2, 2]);
/// // Without noise every point sits on its centre; class 0 is at (3, 0).
/// let i = data.labels().iter().position(|&c| c == 0).unwrap();
/// assert_eq!(data.x[i], [3.0, 0.0]);
/// ```
///
/// # Panics
/// If `centers` is 0 or `std` is negative or not finite.
#[track_caller]
pub fn blobs(config: &BlobsConfig) -> Dataset {
    let BlobsConfig {
        samples: n,
        centers,
        std,
        seed,
    } = *config;
    check_noise("data::blobs", std);
    if centers == 0 {
        misuse!("data::blobs", "centers must be at least 1, got 0");
    }
    let mut points = Vec::with_capacity(n);
    for (class, count) in even_shares(n, centers).into_iter().enumerate() {
        let angle = TAU * class as f64 / centers as f64;
        for _ in 0..count {
            points.push((vec![3.0 * angle.cos(), 3.0 * angle.sin()], class));
        }
    }
    finish("blobs", points, centers, std, seed)
}
