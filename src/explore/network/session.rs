//! One training session: a network, its data and optimizer, trained by
//! mini-batch steps with the library's pieces, and the JSON the network
//! view draws from.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::Serialize;

use super::config::{self, Model, Plan};
use crate::data::Dataset;
use crate::explore::error::ApiError;
use crate::explore::limits::Limits;
use crate::explore::number::{nums, Num};
use crate::inspect;
use crate::lesson::dying_relu;
use crate::loss::{self, Objective};
use crate::nn::{Activation, Mlp, MlpTrace};
use crate::optim::{self, Optimizer};
use crate::{train, Graph, Value};

/// Most points kept in a session's history; past it, every other point is
/// dropped (the curve keeps its shape at half the resolution).
const HISTORY: usize = 1_000;

/// A network being trained, with everything its steps need. It borrows its
/// graph, so it lives on its session's thread.
pub(crate) struct Session<'g> {
    graph: &'g Graph,
    mlp: Mlp<'g>,
    params: Vec<Value<'g>>,
    /// The graph's length with only the parameters: each step truncates
    /// back to it.
    keep: usize,
    optimizer: Box<dyn Optimizer>,
    objective: Objective,
    data: Dataset,
    batch_size: usize,
    seed: u64,
    step: usize,
    /// The epoch the next step belongs to, its batches, and the next one.
    epoch: usize,
    batches: Vec<Vec<usize>>,
    position: usize,
    history: Vec<HistoryPoint>,
    limits: Limits,
}

/// One point of the loss and accuracy curves.
#[derive(Clone, Copy, Serialize)]
struct HistoryPoint {
    step: usize,
    loss: Num,
    accuracy: Num,
}

#[derive(Serialize)]
struct LayerJson {
    inputs: usize,
    units: usize,
    activation: String,
}

#[derive(Serialize)]
struct DataJson {
    x: Vec<Vec<Num>>,
    y: Vec<usize>,
    classes: usize,
    features: usize,
}

/// The decision regions: `size × size` cells over the data's box, row by
/// row from the top (largest `y`), each with its predicted class and that
/// class's probability.
#[derive(Serialize)]
struct GridJson {
    size: usize,
    x: [Num; 2],
    y: [Num; 2],
    class: Vec<usize>,
    confidence: Vec<Num>,
}

#[derive(Serialize)]
struct StateJson {
    step: usize,
    epoch: usize,
    loss: Num,
    accuracy: Num,
    history: Vec<HistoryPoint>,
    grid: Option<GridJson>,
    gradient_norms: Vec<Num>,
    dead: Vec<(usize, usize)>,
    symmetric: Vec<(usize, Vec<usize>)>,
    weights: Vec<Vec<Vec<Num>>>,
    biases: Vec<Vec<Num>>,
}

#[derive(Serialize)]
struct CreatedJson<'a> {
    id: &'a str,
    config: &'a config::NetworkConfig,
    objective: Objective,
    data: DataJson,
    layers: Vec<LayerJson>,
    state: StateJson,
}

#[derive(Serialize)]
struct RowJson {
    i: Option<usize>,
    w: Num,
    a_i: Num,
    e_j_a_i: Num,
    autograd: Num,
}

#[derive(Serialize)]
struct NeuronJson {
    layer: usize,
    unit: usize,
    example: usize,
    target: Num,
    loss: Num,
    z: Num,
    a: Num,
    e: Num,
    rows: Vec<RowJson>,
}

fn to_json(value: &impl Serialize, what: &str) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|_| ApiError::internal(what))
}

impl<'g> Session<'g> {
    /// Builds the data, the network (seeded by the configuration) and the
    /// optimizer of `plan` in `graph`.
    pub(crate) fn new(graph: &'g Graph, plan: &Plan, limits: &Limits) -> Session<'g> {
        let data = config::dataset(plan);
        let classes = data.n_classes.unwrap_or(1);
        let c = &plan.config;
        let mlp = match plan.model {
            Model::DyingRelu => dying_relu::network(graph, Activation::Relu),
            Model::Configured {
                activation,
                init,
                logit_per_class,
            } => {
                let outputs = if classes == 2 && !logit_per_class {
                    1
                } else {
                    classes
                };
                let mut builder = Mlp::builder(data.n_features()).init(init);
                for &width in &c.layers {
                    builder = builder.layer(width, activation);
                }
                builder
                    .layer(outputs, Activation::Linear)
                    .build(graph, &mut StdRng::seed_from_u64(c.seed))
            }
        };
        let objective = Objective::for_data(&data, mlp.n_outputs());
        let optimizer = optim::by_name(&c.optimizer, c.learning_rate)
            .expect("the optimizer's name was checked");
        let batch_size = match c.batch_size {
            0 => data.len(),
            n => n.min(data.len()),
        };
        let params = mlp.parameters();
        Session {
            graph,
            keep: graph.len(),
            params,
            mlp,
            optimizer,
            objective,
            batch_size,
            seed: c.seed,
            step: 0,
            epoch: 0,
            batches: Vec::new(),
            position: 0,
            history: Vec::new(),
            limits: limits.clone(),
            data,
        }
    }

    /// The answer to `POST /api/network`: the session's id, configuration,
    /// data, layers and first state.
    pub(crate) fn created(&mut self, id: &str, plan: &Plan) -> Result<Vec<u8>, ApiError> {
        let state = self.state();
        let data = &self.data;
        let created = CreatedJson {
            id,
            config: &plan.config,
            objective: self.objective,
            data: DataJson {
                x: data.x.iter().map(|row| nums(row)).collect(),
                y: data.labels(),
                classes: data.n_classes.unwrap_or(1),
                features: data.n_features(),
            },
            layers: self
                .mlp
                .layers()
                .iter()
                .map(|l| LayerJson {
                    inputs: l.n_inputs(),
                    units: l.n_outputs(),
                    activation: l.activation().name(),
                })
                .collect(),
            state,
        };
        to_json(&created, "describing the new session")
    }

    /// One optimizer step on the next mini-batch: the mean loss over the
    /// batch recorded in the graph, backward, the optimizer's update, and
    /// the step's nodes discarded. Epochs shuffle the data anew (seeded by
    /// the session's seed and the epoch), as [`train::Trainer`] does.
    fn train_step(&mut self) {
        if self.position >= self.batches.len() {
            if !self.batches.is_empty() {
                self.epoch += 1;
            }
            self.batches = if self.batch_size >= self.data.len() {
                vec![(0..self.data.len()).collect()]
            } else {
                self.data
                    .batches(self.batch_size, self.seed.wrapping_add(self.epoch as u64))
            };
            self.position = 0;
        }
        let graph = self.graph;
        let batch = &self.batches[self.position];
        let mut losses = Vec::with_capacity(batch.len());
        for &i in batch {
            let outputs = self.mlp.forward(&graph.values(&self.data.x[i]));
            losses.push(self.objective.loss(&outputs, self.data.y[i]));
        }
        let loss = loss::mean(&losses);
        graph.zero_grad();
        loss.backward();
        self.optimizer.step(&self.params);
        graph.truncate(self.keep);
        self.position += 1;
        self.step += 1;
    }

    /// `POST /api/network/{id}/step`: up to `steps` steps, for at most the
    /// limits' step time, then the state.
    pub(crate) fn train(&mut self, steps: usize) -> Result<Vec<u8>, ApiError> {
        let start = Instant::now();
        for _ in 0..steps {
            self.train_step();
            if start.elapsed() >= self.limits.step_time {
                break;
            }
        }
        let state = self.state();
        to_json(&state, "describing the session's state")
    }

    /// Everything the view shows after the last step: loss and accuracy on
    /// the whole dataset, the history, the decision regions, and each
    /// layer's report (gradient norm of the full-data loss, dead and
    /// identical units).
    fn state(&mut self) -> StateJson {
        let evaluation = train::evaluate(&self.mlp, &self.data, self.objective);
        let (loss, accuracy) = (evaluation.loss, evaluation.accuracy.unwrap_or(f64::NAN));
        if !matches!(self.history.last(), Some(h) if h.step == self.step) {
            self.history.push(HistoryPoint {
                step: self.step,
                loss: Num(loss),
                accuracy: Num(accuracy),
            });
            if self.history.len() > HISTORY {
                let last = self.history.pop();
                let mut k = 0;
                self.history.retain(|_| {
                    k += 1;
                    k % 2 == 1
                });
                self.history.extend(last);
            }
        }
        let reports = self.layer_reports();
        let layers = self.mlp.layers();
        StateJson {
            step: self.step,
            epoch: self.step / self.data.len().div_ceil(self.batch_size).max(1),
            loss: Num(loss),
            accuracy: Num(accuracy),
            history: self.history.clone(),
            grid: self.grid(),
            gradient_norms: reports.iter().map(|r| Num(r.grad_norm)).collect(),
            dead: reports
                .iter()
                .flat_map(|r| r.dead_units.iter().map(move |&j| (r.layer, j)))
                .collect(),
            symmetric: reports
                .iter()
                .flat_map(|r| r.identical_units.iter().map(move |g| (r.layer, g.clone())))
                .collect(),
            weights: layers
                .iter()
                .map(|l| l.weight_matrix().iter().map(|row| nums(row)).collect())
                .collect(),
            biases: layers.iter().map(|l| nums(&l.bias_vector())).collect(),
        }
    }

    /// [`inspect::layer_report`] over every example, after one backward of
    /// the mean loss over them.
    fn layer_reports(&self) -> Vec<inspect::LayerReport> {
        let graph = self.graph;
        let traces: Vec<MlpTrace<'g>> = self
            .data
            .x
            .iter()
            .map(|x| self.mlp.forward_trace(&graph.values(x)))
            .collect();
        let losses: Vec<Value<'g>> = traces
            .iter()
            .zip(&self.data.y)
            .map(|(t, &y)| self.objective.loss(t.outputs(), y))
            .collect();
        graph.zero_grad();
        loss::mean(&losses).backward();
        let reports = inspect::layer_report(&self.mlp, &traces);
        graph.truncate(self.keep);
        reports
    }

    /// The decision regions, for data with two features.
    fn grid(&self) -> Option<GridJson> {
        if self.data.n_features() != 2 || self.data.is_empty() {
            return None;
        }
        let range = |f: usize| {
            let (lo, hi) = self
                .data
                .x
                .iter()
                .map(|row| row[f])
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                });
            let pad = ((hi - lo) * 0.1).max(0.5);
            (lo - pad, hi + pad)
        };
        let ((x0, x1), (y0, y1)) = (range(0), range(1));
        let size = self.limits.grid;
        let (dx, dy) = ((x1 - x0) / size as f64, (y1 - y0) / size as f64);
        let mut class = Vec::with_capacity(size * size);
        let mut confidence = Vec::with_capacity(size * size);
        for r in 0..size {
            let y = y1 - (r as f64 + 0.5) * dy;
            for c in 0..size {
                let x = x0 + (c as f64 + 0.5) * dx;
                let outputs = train::predict(&self.mlp, &[x, y]);
                let k = self.objective.predict_class(&outputs);
                class.push(k);
                confidence.push(Num(self
                    .objective
                    .probabilities(&outputs)
                    .map_or(f64::NAN, |p| p[k])));
            }
        }
        Some(GridJson {
            size,
            x: [Num(x0), Num(x1)],
            y: [Num(y0), Num(y1)],
            class,
            confidence,
        })
    }

    /// `GET /api/network/{id}/neuron/{layer}/{unit}?example=k`: unit `unit`
    /// of layer `layer` after a forward and backward on example `k` alone:
    /// its `z_j`, `a_j`, `e_j`, and the table `w_ij | a_i | e_j·a_i |
    /// autograd` ([`MlpTrace::gradient_table`]), the bias last.
    pub(crate) fn neuron(
        &self,
        layer: usize,
        unit: usize,
        example: usize,
    ) -> Result<Vec<u8>, ApiError> {
        let layers = self.mlp.layers();
        let Some(l) = layers.get(layer) else {
            return Err(ApiError::not_found(format!(
                "no layer {layer}: the network has layers 0 to {}",
                layers.len() - 1
            )));
        };
        if unit >= l.n_outputs() {
            return Err(ApiError::not_found(format!(
                "no unit {unit} in layer {layer}: it has units 0 to {}",
                l.n_outputs() - 1
            )));
        }
        if example >= self.data.len() {
            return Err(ApiError::not_found(format!(
                "no example {example}: the data has examples 0 to {}",
                self.data.len() - 1
            )));
        }
        let graph = self.graph;
        let trace = self.mlp.forward_trace(&graph.values(&self.data.x[example]));
        let target = self.data.y[example];
        let j = self.objective.loss(trace.outputs(), target);
        graph.zero_grad();
        j.backward();
        let traced = &trace.layers[layer];
        let z = traced.pre_activations[unit];
        let neuron = &l.neurons()[unit];
        let table = trace.gradient_table(&self.mlp, layer);
        let rows = table
            .rows
            .iter()
            .filter(|row| row.j == unit)
            .map(|row| RowJson {
                i: row.i,
                w: Num(match row.i {
                    Some(i) => neuron.weights()[i].data(),
                    None => neuron.bias().map_or(0.0, |b| b.data()),
                }),
                a_i: Num(row.a_i[0]),
                e_j_a_i: Num(row.predicted),
                autograd: Num(row.autograd),
            })
            .collect();
        let answer = NeuronJson {
            layer,
            unit,
            example,
            target: Num(target),
            loss: Num(j.data()),
            z: Num(z.data()),
            a: Num(traced.outputs[unit].data()),
            e: Num(z.grad()),
            rows,
        };
        graph.truncate(self.keep);
        to_json(&answer, "describing the neuron")
    }
}
