//! Initializers: how a layer's weights and biases get their first values.

use rand::{Rng, RngExt};

/// How to draw a layer's initial weights (or biases) from a seeded `rand`
/// generator, so a seed reproduces a run exactly.
///
/// `fan_in` is the number of inputs of a neuron and `fan_out` the number of
/// neurons of the layer. The bounds and standard deviations are PyTorch's
/// (`torch.nn.init`, gain 1 for Xavier, `a = 0` (ReLU) for He):
///
/// | variant | distribution |
/// |---|---|
/// | `Zeros` | `0` |
/// | `Constant(c)` | `c` |
/// | `Uniform(a, b)` | `U(a, b)` |
/// | `Normal { mean, std }` | `N(mean, std²)` |
/// | `XavierUniform` | `U(-√(6/(fan_in + fan_out)), +…)` |
/// | `XavierNormal` | `N(0, 2/(fan_in + fan_out))` |
/// | `HeUniform` | `U(-√(6/fan_in), +…)` |
/// | `HeNormal` | `N(0, 2/fan_in)` |
///
/// ```
/// use rand::SeedableRng;
/// use scalargrad::nn::Init;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let w = Init::HeUniform.sample(&mut rng, 8, 4);
/// assert!(w.abs() <= (6.0f64 / 8.0).sqrt());
/// assert_eq!(Init::Zeros.sample(&mut rng, 8, 4), 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// Every value 0.
    Zeros,
    /// Every value `c`.
    Constant(f64),
    /// Uniform on `[a, b)`. micrograd draws its weights from `Uniform(-1, 1)`.
    Uniform(f64, f64),
    /// Normal with the given mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
    },
    /// Xavier/Glorot uniform: bound `√(6/(fan_in + fan_out))`.
    XavierUniform,
    /// Xavier/Glorot normal: std `√(2/(fan_in + fan_out))`.
    XavierNormal,
    /// He/Kaiming uniform (for ReLU): bound `√(6/fan_in)`.
    HeUniform,
    /// He/Kaiming normal (for ReLU): std `√(2/fan_in)`.
    HeNormal,
}

impl Init {
    /// micrograd's weight initialization, `Uniform(-1, 1)`.
    pub const MICROGRAD: Init = Init::Uniform(-1.0, 1.0);

    /// Draws one value for a neuron with `fan_in` inputs in a layer of
    /// `fan_out` neurons.
    pub fn sample<R: Rng + ?Sized>(self, rng: &mut R, fan_in: usize, fan_out: usize) -> f64 {
        let (fan_in, fan_out) = (fan_in.max(1) as f64, fan_out.max(1) as f64);
        match self {
            Init::Zeros => 0.0,
            Init::Constant(c) => c,
            Init::Uniform(a, b) => uniform(rng, a, b),
            Init::Normal { mean, std } => mean + std * standard_normal(rng),
            Init::XavierUniform => {
                let bound = (6.0 / (fan_in + fan_out)).sqrt();
                uniform(rng, -bound, bound)
            }
            Init::XavierNormal => (2.0 / (fan_in + fan_out)).sqrt() * standard_normal(rng),
            Init::HeUniform => {
                let bound = (6.0 / fan_in).sqrt();
                uniform(rng, -bound, bound)
            }
            Init::HeNormal => (2.0 / fan_in).sqrt() * standard_normal(rng),
        }
    }
}

fn uniform<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64) -> f64 {
    if a == b {
        return a;
    }
    a + (b - a) * rng.random::<f64>()
}

/// One draw of `N(0, 1)` by the Box–Muller transform: with `u1, u2` uniform,
/// `√(-2 ln u1)·cos(2π u2)` is standard normal. (Also the noise of `data`'s
/// generators.)
pub(crate) fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // u1 in (0, 1] so that ln(u1) is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}
