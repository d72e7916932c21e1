//! Saving a trained [`Mlp`] to a JSON file and loading it back exactly.
//!
//! The file holds the architecture (inputs, and per layer its size,
//! activation and bias), every parameter in [`Mlp::parameters`] order (JSON
//! numbers written with the shortest representation that reads back to the
//! same `f64`), and what a prediction needs besides: the objective, the
//! feature standardization fitted on the training data, and the original
//! class labels.
//!
//! A training run's [`History`](crate::train::History) makes the
//! [`ModelInfo`] ([`History::model_info`](crate::train::History::model_info)),
//! and [`ModelInfo::predict`] turns a loaded network's outputs back into
//! classes:
//!
//! ```
//! use scalargrad::data::{self, BlobsConfig};
//! use scalargrad::nn::{Activation, Mlp};
//! use scalargrad::optim::Adam;
//! use scalargrad::rand::{rngs::StdRng, SeedableRng};
//! use scalargrad::train::{Objective, TrainConfig, Trainer};
//! use scalargrad::{model, Graph};
//!
//! let blobs = data::blobs(&BlobsConfig { samples: 60, centers: 3, std: 0.5, seed: 1 });
//! let g = Graph::new();
//! let mlp = Mlp::new(&g, 2, &[8, 3], Activation::Tanh, &mut StdRng::seed_from_u64(1));
//! let config = TrainConfig { epochs: 5, ..TrainConfig::default() };
//! let history = Trainer::new(&mlp, Box::new(Adam::new(0.05)), config).fit(&blobs, None);
//! let path = std::env::temp_dir().join(format!("scalargrad-doc-model-{}.json", std::process::id()));
//! model::save(&mlp, &history.model_info(&blobs, None), &path)?;
//!
//! let g2 = Graph::new();
//! let (loaded, info) = model::load(&g2, &path)?;
//! assert_eq!(loaded.parameter_values(), mlp.parameter_values()); // bit for bit
//! assert_eq!(info.objective, Some(Objective::SoftmaxCrossEntropy)); // as trained
//! for (features, _label) in blobs.rows() {
//!     assert_eq!(info.predict(&loaded, features), info.predict(&mlp, features));
//! }
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), scalargrad::Error>(())
//! ```

use std::fs;
use std::path::Path;

use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::data::Standardizer;
use crate::loss::Objective;
use crate::nn::{Activation, Init, LayerSpec, Mlp};
use crate::panics::misuse;
use crate::{Error, Graph, Result};

const FORMAT: &str = "scalargrad-mlp";
const VERSION: u32 = 1;

/// What a model file keeps besides the network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelInfo {
    /// The objective the network was trained with.
    pub objective: Option<Objective>,
    /// The feature standardization fitted on the training data.
    pub standardizer: Option<Standardizer>,
    /// The original label of each class index (classification).
    pub class_values: Vec<f64>,
    /// The names of the input features.
    pub feature_names: Vec<String>,
}

impl ModelInfo {
    /// What the network predicts for one example given in the units of the
    /// training data: the features are standardized as in training (if a
    /// standardizer is kept), the network run, and for a classifier the
    /// class read off its outputs and given its original label, with the
    /// class probabilities where the objective defines them. This is what
    /// `scalargrad predict` prints.
    ///
    /// The class is `argmax_k z_k` for softmax cross-entropy, and class 1
    /// when the one output `z > 0` for binary cross-entropy (`σ(z) > ½`) and
    /// hinge; its label is `class_values[k]` (the index itself when no
    /// labels are kept). Without an objective, or for a regression, the
    /// prediction has only the outputs.
    ///
    /// ```
    /// use scalargrad::model::ModelInfo;
    /// use scalargrad::nn::{Activation, Layer, Mlp};
    /// use scalargrad::train::Objective;
    /// use scalargrad::Graph;
    ///
    /// let g = Graph::new();
    /// // Three classes, logits z = (x, -x, 0): x = 2 gives z = (2, -2, 0), class 0.
    /// let layer = Layer::from_weights(&g, &[vec![1.0], vec![-1.0], vec![0.0]], None, Activation::Linear);
    /// let mlp = Mlp::from_layers(vec![layer]);
    /// let info = ModelInfo {
    ///     objective: Some(Objective::SoftmaxCrossEntropy),
    ///     class_values: vec![10.0, 20.0, 30.0],
    ///     ..ModelInfo::default()
    /// };
    /// let prediction = info.predict(&mlp, &[2.0]);
    /// assert_eq!(prediction.outputs, [2.0, -2.0, 0.0]);
    /// assert_eq!(prediction.class, Some(10.0)); // class 0, labelled 10
    /// // softmax: e² / (e² + e⁻² + 1) = 7.389 / 8.524 = 0.8668
    /// assert!((prediction.probabilities.unwrap()[0] - 0.8668).abs() < 1e-4);
    /// assert_eq!(info.predict(&mlp, &[-2.0]).class, Some(20.0));
    /// ```
    ///
    /// # Panics
    /// If `features` does not have one value per network input, the
    /// standardizer does not fit them, or a parameter was discarded by
    /// [`Graph::truncate`].
    #[track_caller]
    pub fn predict(&self, mlp: &Mlp<'_>, features: &[f64]) -> Prediction {
        const CALL: &str = "ModelInfo::predict";
        if features.len() != mlp.n_inputs() {
            misuse!(
                CALL,
                "expected {} features (one per network input), got {}",
                mlp.n_inputs(),
                features.len()
            );
        }
        let input = match &self.standardizer {
            Some(s) if s.mean.len() != features.len() => misuse!(
                CALL,
                "the standardizer was fitted on {} features, got {}",
                s.mean.len(),
                features.len()
            ),
            Some(s) => s.transform_row(features),
            None => features.to_vec(),
        };
        let outputs = crate::train::predict(mlp, &input);
        let (class, probabilities) = match self.objective {
            Some(objective) if objective.is_classification() => {
                let k = objective.predict_class(&outputs);
                let label = self.class_values.get(k).copied().unwrap_or(k as f64);
                (Some(label), objective.probabilities(&outputs))
            }
            _ => (None, None),
        };
        Prediction {
            outputs,
            class,
            probabilities,
        }
    }
}

/// What [`ModelInfo::predict`] returns for one example.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The network's raw outputs (a classifier's logits `z_k`).
    pub outputs: Vec<f64>,
    /// A classifier's predicted class, as its original label; `None` for a
    /// regression or when the objective is not known.
    pub class: Option<f64>,
    /// A classifier's class probabilities (softmax, or `1 − σ(z), σ(z)` for
    /// binary cross-entropy); `None` for hinge, a regression, or an unknown
    /// objective.
    pub probabilities: Option<Vec<f64>>,
}

// Unknown fields are refused: a misspelt "standardiser" must not be
// ignored silently (the version number says when the format changes).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    size: usize,
    activation: String,
    bias: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardizerFile {
    mean: Vec<f64>,
    std: Vec<f64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    version: u32,
    n_inputs: usize,
    layers: Vec<LayerFile>,
    parameters: Vec<f64>,
    #[serde(default)]
    objective: Option<Objective>,
    #[serde(default)]
    standardizer: Option<StandardizerFile>,
    #[serde(default)]
    class_values: Vec<f64>,
    #[serde(default)]
    feature_names: Vec<String>,
}

/// Writes `mlp` and `info` to `path` as JSON.
///
/// The file replaces `path` all or nothing (see
/// [`files`](crate::files)): it is written to a temporary file next to it,
/// read back with [`load`] and compared with what was meant to be saved,
/// and only then renamed over `path`, so a failed save never leaves a
/// half-written file or one that cannot be loaded. An existing `path` must
/// be a regular file (a folder or a device is refused, never replaced); a
/// symbolic link is followed, and the file it points to replaced.
///
/// # Errors
/// [`Error::Invalid`] if a parameter is NaN or infinite (JSON cannot hold
/// it) or `info` does not fit the network (what [`load`] would refuse: a
/// standardizer of the wrong size or with a deviation that is not a
/// positive finite number, class values that are not one per class, …);
/// [`Error::Io`] if the file cannot be written, naming the part of the
/// path at fault.
///
/// # Panics
/// If a parameter was discarded by [`Graph::truncate`].
#[track_caller]
pub fn save(mlp: &Mlp<'_>, info: &ModelInfo, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let parameters = mlp.parameter_values_for("model::save");
    let file = ModelFile {
        format: FORMAT.into(),
        version: VERSION,
        n_inputs: mlp.n_inputs(),
        layers: mlp
            .layers()
            .iter()
            .map(|l| LayerFile {
                size: l.n_outputs(),
                activation: l.activation().to_string(),
                bias: l.has_bias(),
            })
            .collect(),
        parameters,
        objective: info.objective,
        standardizer: info.standardizer.as_ref().map(|s| StandardizerFile {
            mean: s.mean.clone(),
            std: s.std.clone(),
        }),
        class_values: info.class_values.clone(),
        feature_names: info.feature_names.clone(),
    };
    // What load would refuse is never written.
    validate(&file).map_err(|message| Error::Invalid {
        path: path.into(),
        message: format!("cannot save this model: {message}"),
    })?;
    let json = serde_json::to_string_pretty(&file).map_err(|e| Error::Invalid {
        path: path.into(),
        message: e.to_string(),
    })?;
    crate::files::replace_atomically(path, json.as_bytes(), |written| {
        let graph = Graph::new();
        let (loaded, loaded_info) = load(&graph, written).map_err(|e| Error::Invalid {
            path: path.into(),
            message: format!("the file written does not read back ({e}); nothing was replaced"),
        })?;
        if loaded.parameter_values() != file.parameters || &loaded_info != info {
            return Err(Error::Invalid {
                path: path.into(),
                message: "the file written does not read back as the same model; nothing was \
                          replaced"
                    .into(),
            });
        }
        Ok(())
    })
}

/// Reads a model file written by [`save`] and rebuilds the network in
/// `graph`, parameter for parameter.
///
/// Every field is checked before anything is allocated, with checked
/// arithmetic (a layer size of 2⁶³ cannot wrap the parameter count), and
/// the network is built only if the file holds exactly the parameters its
/// architecture needs, so the work is bounded by the file's size.
///
/// ```
/// use scalargrad::{model, Graph};
///
/// let path = std::env::temp_dir().join(format!("scalargrad-doc-bad-{}.json", std::process::id()));
/// std::fs::write(&path, r#"{"format": "scalargrad-mlp", "version": 1, "n_inputs": 2,
///   "layers": [{"size": 1, "activation": "linear", "bias": true}],
///   "parameters": [0.5, -0.5, 0.1],
///   "standardizer": {"mean": [0, 0], "std": [1, -1]}}"#)?;
/// let err = model::load(&Graph::new(), &path).unwrap_err();
/// assert!(err.to_string().ends_with(
///     "standardizer.std[1]: a standard deviation must be a positive finite number, got -1"
/// ));
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] with line and
/// column, and the field (`layers[0].size: invalid type …`), if it is not
/// valid JSON of the expected shape; [`Error::Invalid`], naming the field,
/// if it is not a scalargrad model or does not hold together: an unknown
/// activation or one whose parameter is not finite, a layer of 0 units,
/// the wrong number of parameters for the architecture (or more than can
/// be counted), a parameter that is not finite, an objective that does not
/// match the number of outputs, class values that are not one per class
/// (finite, in ascending order), a standardizer of the wrong size or with
/// a mean that is not finite or a deviation that is not positive and
/// finite, feature names that are not one per input.
pub fn load<'g>(graph: &'g Graph, path: impl AsRef<Path>) -> Result<(Mlp<'g>, ModelInfo)> {
    let path = path.as_ref();
    // Bytes, not a String: a byte that is not UTF-8 is then a parse error
    // with its line and column, like any other.
    let bytes = fs::read(path).map_err(|source| crate::files::io_error(path, source))?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let file: ModelFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        if let Some(not_a_model) = not_a_model(path, &bytes) {
            return not_a_model;
        }
        let field = e.path().to_string();
        let inner = e.into_inner();
        let message = inner
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_string();
        Error::Parse {
            path: path.into(),
            line: inner.line(),
            column: Some(inner.column()),
            message: if field == "." || field.is_empty() {
                message
            } else {
                format!("{field}: {message}")
            },
        }
    })?;
    let activations = validate(&file).map_err(|message| Error::Invalid {
        path: path.into(),
        message,
    })?;
    let mut builder = Mlp::builder(file.n_inputs).init(Init::Zeros);
    for (layer, activation) in file.layers.iter().zip(activations) {
        let mut spec = LayerSpec::new(layer.size, activation);
        if !layer.bias {
            spec = spec.without_bias();
        }
        builder = builder.layer_spec(spec);
    }
    // Every parameter is overwritten below; the generator is never used for
    // anything that survives.
    let mlp = builder.build(graph, &mut rand::rngs::StdRng::seed_from_u64(0));
    mlp.set_parameters(&file.parameters);
    let info = ModelInfo {
        objective: file.objective,
        standardizer: file.standardizer.map(|s| Standardizer {
            mean: s.mean,
            std: s.std,
        }),
        class_values: file.class_values,
        feature_names: file.feature_names,
    };
    Ok((mlp, info))
}

/// When a file that failed to load is not a model at all (it does not
/// start as a JSON object does, or it is JSON without a `"format"` field),
/// the error that says so, rather than the first thing the model's reader
/// missed. A model damaged further in keeps the reader's error, with its
/// line and column.
fn not_a_model(path: &Path, bytes: &[u8]) -> Option<Error> {
    const WRITTEN_BY: &str = "models are written by `scalargrad train --save` or `model::save`";
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if first.map_or(true, |k| bytes[k] != b'{') {
        let line = 1 + first.map_or(0, |k| bytes[..k].iter().filter(|&&b| b == b'\n').count());
        return Some(Error::Parse {
            path: path.into(),
            line,
            column: None,
            message: if first.is_none() {
                format!("not a scalargrad model: the file is empty; {WRITTEN_BY}")
            } else {
                format!(
                    "not a scalargrad model: a model is a JSON object, starting with `{{`; {WRITTEN_BY}"
                )
            },
        });
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(fields)) if !fields.contains_key("format") => {
            Some(Error::Invalid {
                path: path.into(),
                message: format!(
                    "not a scalargrad model file: JSON without a \"format\" field; {WRITTEN_BY}"
                ),
            })
        }
        _ => None,
    }
}

/// Checks that a model file holds together, field by field, before
/// anything is allocated; returns each layer's activation, or a message
/// naming the field at fault.
fn validate(file: &ModelFile) -> std::result::Result<Vec<Activation>, String> {
    if file.format != FORMAT {
        return Err(format!(
            "not a scalargrad model file (format is \"{}\", expected \"{FORMAT}\")",
            crate::escape_controls(&file.format)
        ));
    }
    if file.version != VERSION {
        return Err(format!(
            "version: model file version {} is not supported (this build reads version {VERSION})",
            file.version
        ));
    }
    if file.n_inputs == 0 {
        return Err("n_inputs: the network needs at least one input".into());
    }
    if file.layers.is_empty() {
        return Err("layers: the network needs at least one layer".into());
    }
    let too_many = |l: usize| {
        format!("layers[{l}].size: the network would have more parameters than can be counted")
    };
    let mut activations = Vec::with_capacity(file.layers.len());
    let mut expected: usize = 0;
    let mut n_in = file.n_inputs;
    for (l, layer) in file.layers.iter().enumerate() {
        let activation: Activation = layer
            .activation
            .parse()
            .map_err(|e: String| format!("layers[{l}].activation: {e}"))?;
        if layer.size == 0 {
            return Err(format!("layers[{l}].size: a layer needs at least one unit"));
        }
        let per_unit = n_in
            .checked_add(usize::from(layer.bias) + usize::from(activation.has_slope()))
            .ok_or_else(|| too_many(l))?;
        expected = layer
            .size
            .checked_mul(per_unit)
            .and_then(|n| expected.checked_add(n))
            .ok_or_else(|| too_many(l))?;
        activations.push(activation);
        n_in = layer.size;
    }
    if file.parameters.len() != expected {
        return Err(format!(
            "parameters: the architecture has {expected} parameters but the file holds {}",
            file.parameters.len()
        ));
    }
    if let Some(i) = file.parameters.iter().position(|p| !p.is_finite()) {
        return Err(format!(
            "parameters[{i}]: {} is not a finite number",
            file.parameters[i]
        ));
    }
    let n_outputs = n_in;
    let last = file.layers.len() - 1;
    let classes = match file.objective {
        None => None,
        Some(Objective::SoftmaxCrossEntropy) => Some(n_outputs),
        Some(objective @ (Objective::BinaryCrossEntropy | Objective::Hinge | Objective::Mse)) => {
            if n_outputs != 1 {
                return Err(format!(
                    "objective: {objective:?} reads one output, but layers[{last}] has {n_outputs}"
                ));
            }
            objective.is_classification().then_some(2)
        }
    };
    if !file.class_values.is_empty() {
        // (A regression ignores class values; they are only checked to be
        // numbers in order.)
        match classes {
            Some(k) if file.class_values.len() != k => {
                return Err(format!(
                    "class_values: {} values for {k} classes",
                    file.class_values.len()
                ))
            }
            _ => {}
        }
        if let Some(i) = file.class_values.iter().position(|v| !v.is_finite()) {
            return Err(format!(
                "class_values[{i}]: {} is not a finite number",
                file.class_values[i]
            ));
        }
        if let Some(i) =
            (1..file.class_values.len()).find(|&i| file.class_values[i] <= file.class_values[i - 1])
        {
            return Err(format!(
                "class_values[{i}]: the class values must be in ascending order, each once"
            ));
        }
    }
    if let Some(s) = &file.standardizer {
        for (field, values) in [("mean", &s.mean), ("std", &s.std)] {
            if values.len() != file.n_inputs {
                return Err(format!(
                    "standardizer.{field}: {} values for {} inputs",
                    values.len(),
                    file.n_inputs
                ));
            }
        }
        if let Some(i) = s.mean.iter().position(|m| !m.is_finite()) {
            return Err(format!(
                "standardizer.mean[{i}]: a mean must be a finite number, got {}",
                s.mean[i]
            ));
        }
        if let Some(i) = s.std.iter().position(|d| !(d.is_finite() && *d > 0.0)) {
            return Err(format!(
                "standardizer.std[{i}]: a standard deviation must be a positive finite number, got {}",
                s.std[i]
            ));
        }
    }
    if !file.feature_names.is_empty() && file.feature_names.len() != file.n_inputs {
        return Err(format!(
            "feature_names: {} names for {} inputs",
            file.feature_names.len(),
            file.n_inputs
        ));
    }
    Ok(activations)
}
