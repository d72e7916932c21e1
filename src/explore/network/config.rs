//! What a training session is made of: the request of `POST /api/network`,
//! checked against the limits, or one of the lesson's situations.

use serde::{Deserialize, Serialize};

use crate::data::{self, Dataset};
use crate::explore::error::ApiError;
use crate::explore::limits::Limits;
use crate::lesson::{activations, dying_relu, zero_init};
use crate::nn::{Activation, Init};
use crate::optim;

/// The datasets a session can train on.
pub(crate) const DATASETS: [&str; 5] = ["moons", "circles", "spirals", "xor", "blobs"];

/// The initializers, by the names the API uses.
pub(crate) const INITS: [(&str, Init); 7] = [
    ("zeros", Init::Zeros),
    ("uniform", Init::MICROGRAD),
    (
        "normal",
        Init::Normal {
            mean: 0.0,
            std: 1.0,
        },
    ),
    ("xavier_uniform", Init::XavierUniform),
    ("xavier_normal", Init::XavierNormal),
    ("he_uniform", Init::HeUniform),
    ("he_normal", Init::HeNormal),
];

/// The lesson's situations.
pub(crate) const PRESETS: [&str; 3] = ["dying_relu", "zero_init", "vanishing"];

/// A session's configuration: the body of `POST /api/network` (every field
/// optional), and the `config` the answer echoes (presets filled in).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct NetworkConfig {
    pub dataset: String,
    pub samples: usize,
    pub noise: f64,
    pub seed: u64,
    pub layers: Vec<usize>,
    pub activation: String,
    pub init: String,
    pub optimizer: String,
    pub learning_rate: f64,
    /// Examples per step; 0 for the whole dataset.
    pub batch_size: usize,
    pub preset: Option<String>,
}

impl Default for NetworkConfig {
    /// micrograd's moons network: 200 points, 2-16-16-1 ReLU, SGD.
    fn default() -> Self {
        NetworkConfig {
            dataset: "moons".into(),
            samples: 200,
            noise: 0.1,
            seed: 0,
            layers: vec![16, 16],
            activation: "relu".into(),
            init: "he_uniform".into(),
            optimizer: "sgd".into(),
            learning_rate: 0.1,
            batch_size: 32,
            preset: None,
        }
    }
}

/// Which network a session builds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Model {
    /// Hidden layers as configured, then a linear output layer: one
    /// output per class, or a single logit for two classes unless
    /// `logit_per_class`.
    Configured {
        activation: Activation,
        init: Init,
        logit_per_class: bool,
    },
    /// `lesson::dying_relu`'s network at its worked-example weights.
    DyingRelu,
}

/// A checked configuration: everything a session thread needs to build its
/// data and network.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// What the answer echoes.
    pub config: NetworkConfig,
    pub model: Model,
}

/// Checks `config` against `limits` (or replaces it by a preset's).
///
/// # Errors
/// A 400 [`ApiError`] naming the field and the limit.
pub(crate) fn plan(config: NetworkConfig, limits: &Limits) -> Result<Plan, ApiError> {
    let config = match config.preset.as_deref() {
        None => config,
        Some(name) => return preset(name),
    };
    let bad = |message: String| Err(ApiError::bad_request(message));
    if !DATASETS.contains(&config.dataset.as_str()) {
        return bad(format!(
            "dataset: `{}` is not one of {}",
            config.dataset,
            DATASETS.join(", ")
        ));
    }
    if config.samples < 2 || config.samples > limits.samples {
        return bad(format!(
            "samples: {} is out of range; from 2 to {} examples",
            config.samples, limits.samples
        ));
    }
    if !(config.noise.is_finite() && (0.0..=10.0).contains(&config.noise)) {
        return bad(format!(
            "noise: {} is out of range; from 0 to 10",
            config.noise
        ));
    }
    if config.layers.len() > limits.hidden_layers {
        return bad(format!(
            "layers: {} hidden layers; the limit is {}",
            config.layers.len(),
            limits.hidden_layers
        ));
    }
    if let Some(&width) = config.layers.iter().find(|&&w| w == 0 || w > limits.units) {
        return bad(format!(
            "layers: a layer of {width} units; each has from 1 to {} units",
            limits.units
        ));
    }
    let activation: Activation = config
        .activation
        .parse()
        .map_err(|e: String| ApiError::bad_request(format!("activation: {e}")))?;
    let Some(&(_, init)) = INITS.iter().find(|(name, _)| *name == config.init) else {
        let names: Vec<&str> = INITS.iter().map(|(n, _)| *n).collect();
        return bad(format!(
            "init: `{}` is not one of {}",
            config.init,
            names.join(", ")
        ));
    };
    if !optim::NAMES.contains(&config.optimizer.as_str()) {
        return bad(format!(
            "optimizer: `{}` is not one of {}",
            config.optimizer,
            optim::NAMES.join(", ")
        ));
    }
    if !(config.learning_rate.is_finite() && (0.0..=10.0).contains(&config.learning_rate)) {
        return bad(format!(
            "learning_rate: {} is out of range; from 0 to 10",
            config.learning_rate
        ));
    }
    Ok(Plan {
        config,
        model: Model::Configured {
            activation,
            init,
            logit_per_class: false,
        },
    })
}

/// The lesson's situation `name`.
fn preset(name: &str) -> Result<Plan, ApiError> {
    let lesson = |dataset: &str, samples, noise, seed, layers: Vec<usize>| NetworkConfig {
        dataset: dataset.into(),
        samples,
        noise,
        seed,
        layers,
        preset: Some(name.into()),
        ..NetworkConfig::default()
    };
    match name {
        // 3 inputs → 3 ReLU units → 3 logits, one example of class 1, SGD.
        "dying_relu" => Ok(Plan {
            config: NetworkConfig {
                init: "worked_example".into(),
                learning_rate: dying_relu::LR,
                batch_size: 1,
                ..lesson("worked_example", 1, 0.0, 0, vec![dying_relu::X.len()])
            },
            model: Model::DyingRelu,
        }),
        // 2 → 16 ReLU → 2 logits from all zeros on the lesson's moons.
        "zero_init" => Ok(Plan {
            config: NetworkConfig {
                init: "zeros".into(),
                learning_rate: zero_init::LR_MLP,
                batch_size: zero_init::BATCH,
                ..lesson(
                    "moons",
                    zero_init::MOONS.samples,
                    zero_init::MOONS.noise,
                    zero_init::MOONS.seed,
                    vec![zero_init::HIDDEN],
                )
            },
            model: Model::Configured {
                activation: Activation::Relu,
                init: Init::Zeros,
                logit_per_class: true,
            },
        }),
        // Ten sigmoid layers (Xavier uniform) on the lesson's moons points.
        "vanishing" => Ok(Plan {
            config: NetworkConfig {
                activation: "sigmoid".into(),
                init: "xavier_uniform".into(),
                learning_rate: 0.1,
                batch_size: 0,
                ..lesson(
                    "moons",
                    activations::VANISHING_MOONS.samples,
                    activations::VANISHING_MOONS.noise,
                    activations::VANISHING_MOONS.seed,
                    vec![activations::VANISHING_WIDTH; activations::VANISHING_DEPTH],
                )
            },
            model: Model::Configured {
                activation: Activation::Sigmoid,
                init: Init::XavierUniform,
                logit_per_class: false,
            },
        }),
        _ => Err(ApiError::bad_request(format!(
            "preset: `{name}` is not one of {} (or null)",
            PRESETS.join(", ")
        ))),
    }
}

/// The dataset of a plan.
pub(crate) fn dataset(plan: &Plan) -> Dataset {
    let c = &plan.config;
    let (samples, noise, seed) = (c.samples, c.noise, c.seed);
    match (plan.model, c.dataset.as_str()) {
        (Model::DyingRelu, _) => Dataset::classification(
            "dying_relu",
            vec![dying_relu::X.to_vec()],
            &[dying_relu::CLASS],
            dying_relu::OUTPUT_W.len(),
        ),
        (_, "circles") => data::circles(&data::CirclesConfig {
            samples,
            noise,
            seed,
            ..Default::default()
        }),
        (_, "spirals") => data::spirals(&data::SpiralsConfig {
            samples,
            noise,
            seed,
            ..Default::default()
        }),
        (_, "xor") => data::xor(&data::XorConfig {
            samples,
            noise,
            seed,
        }),
        (_, "blobs") => data::blobs(&data::BlobsConfig {
            samples,
            std: noise,
            seed,
            ..Default::default()
        }),
        _ => data::moons(&data::MoonsConfig {
            samples,
            noise,
            seed,
        }),
    }
}
