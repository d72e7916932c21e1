//! Saving a trained [`Mlp`] to a JSON file and loading it back exactly.
//!
//! The file holds the architecture (inputs, and per layer its size,
//! activation and bias), every parameter in [`Mlp::parameters`] order (JSON
//! numbers written with the shortest representation that reads back to the
//! same `f64`), and what a prediction needs besides: the objective, the
//! feature standardization fitted on the training data, and the original
//! class labels.
//!
//! ```
//! use rand::SeedableRng;
//! use scalargrad::model::{self, ModelInfo};
//! use scalargrad::nn::{Activation, Mlp};
//! use scalargrad::Graph;
//!
//! let g = Graph::new();
//! let mlp = Mlp::new(&g, 2, &[4, 1], Activation::Tanh, &mut rand::rngs::StdRng::seed_from_u64(1));
//! let path = std::env::temp_dir().join("scalargrad-doc-model.json");
//! model::save(&mlp, &ModelInfo::default(), &path)?;
//!
//! let g2 = Graph::new();
//! let (loaded, _info) = model::load(&g2, &path)?;
//! assert_eq!(loaded.parameter_values(), mlp.parameter_values());
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
