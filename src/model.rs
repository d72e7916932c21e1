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
use std::io::Write;
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

#[derive(Serialize, Deserialize)]
struct LayerFile {
    size: usize,
    activation: String,
    bias: bool,
}

#[derive(Serialize, Deserialize)]
struct StandardizerFile {
    mean: Vec<f64>,
    std: Vec<f64>,
}

#[derive(Serialize, Deserialize)]
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
/// The file is written to a temporary file in the same directory and then
/// renamed over `path`, so a failed save never leaves a half-written file.
///
/// # Errors
/// [`Error::Invalid`] if a parameter is NaN or infinite (JSON cannot hold
/// it); [`Error::Io`] if the file cannot be written.
///
/// # Panics
/// If a parameter was discarded by [`Graph::truncate`].
#[track_caller]
pub fn save(mlp: &Mlp<'_>, info: &ModelInfo, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let parameters = mlp.parameter_values_for("model::save");
    if let Some(i) = parameters.iter().position(|p| !p.is_finite()) {
        return Err(Error::Invalid {
            path: path.into(),
            message: format!(
                "parameter {i} is {}; a model file can only hold finite numbers",
                parameters[i]
            ),
        });
    }
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
    let json = serde_json::to_string_pretty(&file).map_err(|e| Error::Invalid {
        path: path.into(),
        message: e.to_string(),
    })?;
    write_atomically(path, json.as_bytes())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.into(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io(e));
    }
    Ok(())
}

/// Reads a model file written by [`save`] and rebuilds the network in
/// `graph`, parameter for parameter.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] with line and
/// column if it is not valid JSON of the expected shape; [`Error::Invalid`]
/// if it is not a scalargrad model, names an unknown activation, or holds
/// the wrong number of parameters for its architecture.
pub fn load<'g>(graph: &'g Graph, path: impl AsRef<Path>) -> Result<(Mlp<'g>, ModelInfo)> {
    let path = path.as_ref();
    let text = fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    let file: ModelFile = serde_json::from_str(&text).map_err(|e| Error::Parse {
        path: path.into(),
        line: e.line(),
        column: Some(e.column()),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let invalid = |message: String| Error::Invalid {
        path: path.into(),
        message,
    };
    if file.format != FORMAT {
        return Err(invalid(format!(
            "not a scalargrad model file (format is \"{}\", expected \"{FORMAT}\")",
            file.format
        )));
    }
    if file.version != VERSION {
        return Err(invalid(format!(
            "model file version {} is not supported (this build reads version {VERSION})",
            file.version
        )));
    }
    if file.n_inputs == 0 || file.layers.is_empty() {
        return Err(invalid(
            "the network needs at least one input and one layer".into(),
        ));
    }
    let mut builder = Mlp::builder(file.n_inputs).init(Init::Zeros);
    let mut expected = 0;
    let mut n_in = file.n_inputs;
    for (l, layer) in file.layers.iter().enumerate() {
        let activation: Activation = layer
            .activation
            .parse()
            .map_err(|e: String| invalid(format!("layer {}: {e}", l + 1)))?;
        if layer.size == 0 {
            return Err(invalid(format!("layer {} has no neurons", l + 1)));
        }
        let mut spec = LayerSpec::new(layer.size, activation);
        if !layer.bias {
            spec = spec.without_bias();
        }
        builder = builder.layer_spec(spec);
        expected +=
            layer.size * (n_in + usize::from(layer.bias) + usize::from(activation.has_slope()));
        n_in = layer.size;
    }
    if file.parameters.len() != expected {
        return Err(invalid(format!(
            "the architecture has {expected} parameters but the file holds {}",
            file.parameters.len()
        )));
    }
    if let Some(s) = &file.standardizer {
        if s.mean.len() != file.n_inputs || s.std.len() != file.n_inputs {
            return Err(invalid(format!(
                "the standardizer has {} means and {} deviations for {} inputs",
                s.mean.len(),
                s.std.len(),
                file.n_inputs
            )));
        }
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
