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

use std::f64::consts::{PI, TAU};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{default_feature_names, Dataset};
use crate::nn::standard_normal;
use crate::panics::misuse;

/// The numbers of [`moons`]. Default: 300 samples, noise 0.1, seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoonsConfig {
    /// Number of points, both moons together: `samples / 2` (rounded down)
    /// on the upper moon, the rest on the lower one. Default 300.
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to each coordinate, in
    /// the units of the features (the moons have radius 1); 0 for points
    /// exactly on the half circles. Default 0.1, the classic demo.
    pub noise: f64,
    /// Seed of the generator that draws the noise and the shuffle. Default 0.
    pub seed: u64,
}

impl Default for MoonsConfig {
    fn default() -> Self {
        MoonsConfig {
            samples: 300,
            noise: 0.1,
            seed: 0,
        }
    }
}

/// Two interleaving half circles, like scikit-learn's `make_moons`.
///
/// - `n_out = n / 2` (rounded down, `n` the samples) points on the upper
///   half of the unit circle, `(cos t, sin t)`, label 0;
/// - the other `n - n_out` on a lower half circle shifted right and down,
///   `(1 - cos t, 1 - sin t - 0.5)`, centre `(1, 0.5)`, label 1;
///
/// with `t` evenly spaced over `[0, π]` (both ends included) on each moon.
/// No straight line separates the two classes; a small MLP does. `noise = 0.1`
/// is the classic demo.
///
/// ```
/// use scalargrad::data::{moons, MoonsConfig};
///
/// let data = moons(&MoonsConfig { samples: 101, noise: 0.0, seed: 0 });
/// assert_eq!(data.class_counts(), [50, 51]);
/// for (p, label) in data.x.iter().zip(data.labels()) {
///     let centre = if label == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
///     let radius = (p[0] - centre.0).hypot(p[1] - centre.1);
///     assert!((radius - 1.0).abs() < 1e-12);
/// }
/// ```
///
/// # Panics
/// If `noise` is negative or not finite.
#[track_caller]
pub fn moons(config: &MoonsConfig) -> Dataset {
    let MoonsConfig {
        samples: n,
        noise,
        seed,
    } = *config;
    check_noise("data::moons", noise);
    let n_out = n / 2;
    let mut points = Vec::with_capacity(n);
    for t in linspace(0.0, PI, n_out) {
        points.push((vec![t.cos(), t.sin()], 0));
    }
    for t in linspace(0.0, PI, n - n_out) {
        points.push((vec![1.0 - t.cos(), 1.0 - t.sin() - 0.5], 1));
    }
    finish("moons", points, 2, noise, seed)
}

/// The numbers of [`circles`]. Default: 300 samples, noise 0.05, factor
/// 0.5, seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CirclesConfig {
    /// Number of points, both circles together: `samples / 2` (rounded down)
    /// on the outer circle, the rest on the inner one. Default 300.
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to each coordinate, in
    /// the units of the features (the outer circle has radius 1). Default
    /// 0.05.
    pub noise: f64,
    /// Radius of the inner circle as a fraction of the outer one's, in
    /// `[0, 1)`. Default 0.5.
    pub factor: f64,
    /// Seed of the generator that draws the noise and the shuffle. Default 0.
    pub seed: u64,
}

impl Default for CirclesConfig {
    fn default() -> Self {
        CirclesConfig {
            samples: 300,
            noise: 0.05,
            factor: 0.5,
            seed: 0,
        }
    }
}

/// Two concentric circles, like scikit-learn's `make_circles`: `n / 2`
/// (rounded down, `n` the samples) points on the circle of radius 1, label
/// 0, and the rest on the circle of radius `factor`, label 1, each at evenly
/// spaced angles `2π·i/m`, `i = 0..m`, starting from the positive x axis.
///
/// The classes are separable by a circle, not by a line: a network needs a
/// hidden layer, or the feature `x0² + x1²`. Try `noise = 0.05, factor =
/// 0.5` (the defaults).
///
/// ```
/// use scalargrad::data::{circles, CirclesConfig};
///
/// let data = circles(&CirclesConfig { samples: 8, noise: 0.0, factor: 0.5, seed: 0 });
/// for (p, label) in data.x.iter().zip(data.labels()) {
///     let radius = [1.0, 0.5][label];
///     assert!((p[0].hypot(p[1]) - radius).abs() < 1e-12);
/// }
/// ```
///
/// # Panics
/// If `noise` is negative or not finite, or `factor` is not in `[0, 1)`.
#[track_caller]
pub fn circles(config: &CirclesConfig) -> Dataset {
    let CirclesConfig {
        samples: n,
        noise,
        factor,
        seed,
    } = *config;
    check_noise("data::circles", noise);
    if !(0.0..1.0).contains(&factor) {
        misuse!(
            "data::circles",
            "factor is the radius of the inner circle, as a fraction of the outer \
             one, and must be in [0, 1); got {factor}"
        );
    }
    let n_out = n / 2;
    let mut points = Vec::with_capacity(n);
    for (count, radius, label) in [(n_out, 1.0, 0), (n - n_out, factor, 1)] {
        for i in 0..count {
            let angle = TAU * i as f64 / count as f64;
            points.push((vec![radius * angle.cos(), radius * angle.sin()], label));
        }
    }
    finish("circles", points, 2, noise, seed)
}

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

/// The numbers of [`xor`]. Default: 300 samples, noise 0.05, seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct XorConfig {
    /// Number of points. Default 300.
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to each coordinate
    /// after the label is decided, in the units of the features (the square
    /// is `[-1, 1)²`). Default 0.05.
    pub noise: f64,
    /// Seed of the generator that draws the points, the noise and the
    /// shuffle. Default 0.
    pub seed: u64,
}

impl Default for XorConfig {
    fn default() -> Self {
        XorConfig {
            samples: 300,
            noise: 0.05,
            seed: 0,
        }
    }
}

/// The XOR problem: points uniform in the square `[-1, 1)²`, label 1 when the
/// two coordinates have opposite signs (`x0·x1 < 0`, the second and fourth
/// quadrants) and 0 otherwise.
///
/// The label is decided on the clean point; the noise moves points
/// afterwards, so with noise some points near the axes sit in the other
/// class's quadrant. No single line separates the classes, the reason
/// Minsky and Papert's perceptron could not learn it.
///
/// ```
/// use scalargrad::data::{xor, XorConfig};
///
/// let data = xor(&XorConfig { samples: 200, noise: 0.0, seed: 3 });
/// for (p, label) in data.x.iter().zip(data.labels()) {
///     assert_eq!(label == 1, p[0] * p[1] < 0.0);
/// }
/// ```
///
/// # Panics
/// If `noise` is negative or not finite.
#[track_caller]
pub fn xor(config: &XorConfig) -> Dataset {
    let XorConfig {
        samples: n,
        noise,
        seed,
    } = *config;
    check_noise("data::xor", noise);
    let mut rng = StdRng::seed_from_u64(seed);
    let points = (0..n)
        .map(|_| {
            let (a, b): (f64, f64) = (rng.random_range(-1.0..1.0), rng.random_range(-1.0..1.0));
            (vec![a, b], usize::from(a * b < 0.0))
        })
        .collect();
    finish_with("xor", points, 2, noise, &mut rng)
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

/// The noise-free curve of [`regression_1d`]: `f(x) = sin(x) + 0.1·x`, a wave
/// on a gentle slope.
pub fn regression_1d_curve(x: f64) -> f64 {
    x.sin() + 0.1 * x
}

/// The numbers of [`regression_1d`]. Default: 300 samples, noise 0.1,
/// seed 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Regression1dConfig {
    /// Number of examples. Default 300.
    pub samples: usize,
    /// Standard deviation of the Gaussian noise `ε` added to each target, in
    /// the units of `y`. Default 0.1.
    pub noise: f64,
    /// Seed of the generator that draws `x` and the noise. Default 0.
    pub seed: u64,
}

impl Default for Regression1dConfig {
    fn default() -> Self {
        Regression1dConfig {
            samples: 300,
            noise: 0.1,
            seed: 0,
        }
    }
}

/// A 1-D regression problem: `x` uniform in `[-3, 3)` and
/// `y = sin(x) + 0.1·x + ε` with `ε ~ N(0, noise²)` (see
/// [`regression_1d_curve`]).
///
/// Over `[-3, 3)` the curve has variance about 0.76, so with `noise = 0.1`
/// (variance 0.01) the best possible R² is about `1 - 0.01/0.77 ≈ 0.99`;
/// an MLP with one hidden layer of 16 `tanh` neurons gets close.
///
/// ```
/// use scalargrad::data::{regression_1d, regression_1d_curve, Regression1dConfig};
///
/// let data = regression_1d(&Regression1dConfig { samples: 100, noise: 0.0, seed: 5 });
/// assert!(!data.is_classification());
/// for (x, y) in data.x.iter().zip(&data.y) {
///     assert!((-3.0..3.0).contains(&x[0]));
///     assert_eq!(*y, regression_1d_curve(x[0]));
/// }
/// ```
///
/// # Panics
/// If `noise` is negative or not finite.
#[track_caller]
pub fn regression_1d(config: &Regression1dConfig) -> Dataset {
    let Regression1dConfig {
        samples: n,
        noise,
        seed,
    } = *config;
    check_noise("data::regression_1d", noise);
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut x, mut y) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let xi: f64 = rng.random_range(-3.0..3.0);
        x.push(vec![xi]);
        y.push(regression_1d_curve(xi) + noise * standard_normal(&mut rng));
    }
    Dataset {
        x,
        y,
        n_classes: None,
        feature_names: default_feature_names(1),
        class_values: Vec::new(),
        name: "regression_1d".to_string(),
    }
}

/// `count` numbers evenly spaced from `start` to `end`, both included
/// (`[start]` when `count` is 1), like NumPy's `linspace`. Computed as
/// `start + (end - start)·i/(count - 1)` so that the last one is `end`
/// exactly (adding up a rounded step would miss it by an ulp or two).
fn linspace(start: f64, end: f64, count: usize) -> impl Iterator<Item = f64> {
    let last = count.saturating_sub(1).max(1) as f64;
    (0..count).map(move |i| start + (end - start) * i as f64 / last)
}

/// `n` split into `parts` shares that differ by at most one, larger first:
/// 7 into 3 is `[3, 2, 2]`.
fn even_shares(n: usize, parts: usize) -> Vec<usize> {
    (0..parts)
        .map(|p| n / parts + usize::from(p < n % parts))
        .collect()
}

#[track_caller]
fn check_noise(call: &str, noise: f64) {
    if !(noise.is_finite() && noise >= 0.0) {
        misuse!(
            call,
            "the noise standard deviation must be a finite number ≥ 0, got {noise}"
        );
    }
}

/// Adds the noise, shuffles and packs points `(features, label)` into a
/// classification dataset with labels `0..n_classes`.
fn finish(
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

fn finish_with(
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
