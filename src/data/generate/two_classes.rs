//! Two classes: [`moons`], [`circles`] and [`xor`].

use std::f64::consts::{PI, TAU};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{check_noise, finish, finish_with, linspace};
use crate::data::Dataset;
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
