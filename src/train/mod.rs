//! The training pipeline: data → model → loss → optimizer → training loop →
//! evaluation, with a history of every epoch.
//!
//! A [`Trainer`] runs epochs over shuffled mini-batches. For each batch it
//! records the batch's loss in the graph (the mean of the [`Objective`] over
//! the examples, plus an optional L2 term), zeroes the gradients, runs
//! backward, lets the optimizer step, and truncates the graph back to the
//! parameters, so memory stays flat over any number of steps.
//!
//! ```
//! use rand::SeedableRng;
//! use scalargrad::nn::{Activation, Mlp};
//! use scalargrad::optim::Adam;
//! use scalargrad::train::{TrainConfig, Trainer};
//! use scalargrad::{data, Graph};
//!
//! let moons = data::moons(&data::MoonsConfig { samples: 200, noise: 0.1, seed: 7 });
//! let split = moons.split(0.25, 0.0, 7);
//! let g = Graph::new();
//! let mut rng = rand::rngs::StdRng::seed_from_u64(7);
//! let mlp = Mlp::new(&g, 2, &[16, 16, 1], Activation::Relu, &mut rng);
//! let config = TrainConfig { epochs: 40, batch_size: 32, ..TrainConfig::default() };
//! let history = Trainer::new(&mlp, Box::new(Adam::new(0.02)), config).fit(&split.train, Some(&split.validation));
//! let last = history.epochs.last().unwrap();
//! assert!(last.validation_metric.unwrap() > 0.9); // accuracy on unseen points
//! ```

mod metrics;
mod objective;
mod progress;
mod threads;

use std::sync::mpsc::Sender;
use std::time::Instant;

pub use crate::loss::Objective;
#[cfg(feature = "plot")]
pub(crate) use metrics::predict_for;
use metrics::Seen;
pub use metrics::{evaluate, mse, predict, r2, Evaluation};
pub use progress::Progress;

use crate::data::{Dataset, Standardizer};
use crate::model::ModelInfo;
use crate::nn::Mlp;
use crate::optim::{Optimizer, Schedule};
use crate::panics::misuse;
use crate::{loss, Value};

/// Stop when the validation loss has not improved for `patience` epochs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStopping {
    /// Epochs without improvement before stopping.
    pub patience: usize,
    /// An improvement smaller than this does not count.
    pub min_delta: f64,
    /// Put back the parameters of the best epoch when stopping.
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping {
            patience: 10,
            min_delta: 0.0,
            restore_best: true,
        }
    }
}

/// How a [`Trainer`] runs.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Examples per optimizer step; 0 means the whole training set (full
    /// batch, like micrograd's demo).
    pub batch_size: usize,
    /// The loss; `None` picks [`Objective::for_data`].
    pub objective: Option<Objective>,
    /// Coefficient λ of an L2 term `λ·Σ p²` over all parameters (micrograd's
    /// demo: 1e-4). 0 for none; a finite number ≥ 0.
    pub l2: f64,
    /// Learning rate per epoch, applied to the optimizer's rate at the start
    /// of training.
    pub schedule: Schedule,
    /// Seed of the batch shuffling.
    pub seed: u64,
    /// Optional early stopping on the validation loss.
    pub early_stopping: Option<EarlyStopping>,
    /// When to show a progress bar.
    pub progress: Progress,
    /// Threads that compute each batch's gradient (1: only the caller's).
    /// With `t > 1` the batch is split into `t` contiguous shares; each
    /// extra thread keeps its own graph with a copy of the network, and
    /// the shares' gradients are summed before one optimizer step. Losses
    /// and parameters agree with one thread's to about 1e-12 (the same
    /// sums, added in another order). Worth it for batches of hundreds of
    /// examples and more (micrograd's network on 1,000 points: README,
    /// "Performance"). A thread waiting for another spins for up to 100 µs
    /// before it sleeps, so expect that much extra CPU time per batch.
    pub threads: usize,
}

impl Default for TrainConfig {
    /// 100 epochs, batches of 32, the data's usual objective, no L2, constant
    /// learning rate, seed 0, no early stopping, progress bar when stderr is
    /// a terminal, one thread.
    fn default() -> Self {
        TrainConfig {
            epochs: 100,
            batch_size: 32,
            objective: None,
            l2: 0.0,
            schedule: Schedule::Constant,
            seed: 0,
            early_stopping: None,
            progress: Progress::Auto,
            threads: 1,
        }
    }
}

/// One epoch of a [`History`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EpochRecord {
    /// Epoch number, from 0.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches, each computed before its
    /// update (with the L2 term, if any).
    pub train_loss: f64,
    /// Training accuracy (classification) or R² (regression) over the
    /// epoch's batches, before each update.
    pub train_metric: f64,
    /// Loss on the validation set after the epoch.
    pub validation_loss: Option<f64>,
    /// Accuracy or R² on the validation set after the epoch.
    pub validation_metric: Option<f64>,
    /// The learning rate used during the epoch.
    pub learning_rate: f64,
    /// Per layer, the gradient norm `√(Σ_p grad_p²)` over its parameters,
    /// averaged over the epoch's batches. Vanishing gradients show here.
    pub grad_norms: Vec<f64>,
    /// Wall-clock seconds the epoch took (the one field that differs between
    /// two runs with the same seed).
    pub seconds: f64,
}

/// Everything a [`Trainer::fit`] measured, epoch by epoch.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct History {
    /// One record per epoch run.
    pub epochs: Vec<EpochRecord>,
    /// `"accuracy"` or `"r2"`: what `train_metric` and `validation_metric`
    /// hold.
    pub metric: String,
    /// The objective trained.
    pub objective: Objective,
    /// True if early stopping ended training.
    pub stopped_early: bool,
    /// The epoch at which training diverged (its training loss, or a
    /// parameter, became NaN or infinite), where it stopped; `None` if it
    /// did not. A diverged network predicts nothing useful: lower the
    /// learning rate.
    pub diverged_at: Option<usize>,
    /// The epoch with the lowest validation loss (or training loss without
    /// validation data).
    pub best_epoch: usize,
}

impl History {
    /// `(epoch, value)` points of a field, for plotting (epochs from 0, as
    /// [`EpochRecord::epoch`] counts them).
    pub fn curve(&self, field: impl Fn(&EpochRecord) -> Option<f64>) -> Vec<(f64, f64)> {
        self.epochs
            .iter()
            .filter_map(|r| field(r).map(|v| (r.epoch as f64, v)))
            .collect()
    }

    /// [`evaluate`] with the objective this training used: no need to say
    /// it again.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// use scalargrad::nn::{Activation, Mlp};
    /// use scalargrad::optim::Adam;
    /// use scalargrad::train::{TrainConfig, Trainer};
    /// use scalargrad::{data, Graph};
    ///
    /// let blobs = data::blobs(&data::BlobsConfig { samples: 90, centers: 3, std: 0.5, seed: 1 });
    /// let g = Graph::new();
    /// let mlp = Mlp::new(&g, 2, &[8, 3], Activation::Relu, &mut rand::rngs::StdRng::seed_from_u64(1));
    /// let config = TrainConfig { epochs: 20, ..TrainConfig::default() };
    /// let history = Trainer::new(&mlp, Box::new(Adam::new(0.05)), config).fit(&blobs, None);
    /// let evaluation = history.evaluate(&mlp, &blobs); // softmax cross-entropy, as trained
    /// assert!(evaluation.accuracy.unwrap() > 0.9);
    /// ```
    ///
    /// # Panics
    /// As [`evaluate`].
    #[track_caller]
    pub fn evaluate(&self, mlp: &Mlp<'_>, data: &Dataset) -> Evaluation {
        evaluate(mlp, data, self.objective)
    }

    /// What a model file needs besides the network, for a network trained
    /// with this history on `data` (or on data of the same shape): the
    /// objective trained, the class labels and feature names of `data`, and
    /// the standardization applied to the features, if any. Save it with
    /// [`model::save`](crate::model::save).
    pub fn model_info(&self, data: &Dataset, standardizer: Option<&Standardizer>) -> ModelInfo {
        ModelInfo {
            objective: Some(self.objective),
            standardizer: standardizer.cloned(),
            class_values: data.class_values.clone(),
            feature_names: data.feature_names.clone(),
        }
    }
}

/// Trains an [`Mlp`] with an [`Optimizer`] on a [`Dataset`].
pub struct Trainer<'m, 'g> {
    mlp: &'m Mlp<'g>,
    optimizer: Box<dyn Optimizer>,
    config: TrainConfig,
}

impl<'m, 'g> Trainer<'m, 'g> {
    /// A trainer for `mlp`.
    pub fn new(mlp: &'m Mlp<'g>, optimizer: Box<dyn Optimizer>, config: TrainConfig) -> Self {
        Trainer {
            mlp,
            optimizer,
            config,
        }
    }

    /// The optimizer (with its state after training).
    pub fn optimizer(&self) -> &dyn Optimizer {
        &*self.optimizer
    }

    /// Runs the epochs and returns their history.
    ///
    /// Training stops early if it diverges: at the end of the first epoch
    /// whose training loss, or one of whose parameters, is NaN or infinite;
    /// [`History::diverged_at`] says which.
    ///
    /// The graph must hold only what should survive training (the
    /// parameters, and anything created before them): after every batch it
    /// is truncated back to the length it had when `fit` started.
    ///
    /// # Panics
    /// If the network, the data and the objective do not fit together, the
    /// training set is empty, `l2` is negative, infinite or NaN, the
    /// schedule gives a negative, infinite or NaN learning rate (or is a
    /// [`Schedule::Step`] with `step_size = 0`), `threads` is 0, or a
    /// parameter was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn fit(&mut self, train: &Dataset, validation: Option<&Dataset>) -> History {
        const CALL: &str = "Trainer::fit";
        let threads = self.config.threads;
        if threads == 0 {
            misuse!(CALL, "TrainConfig::threads must be at least 1, got 0");
        }
        if threads == 1 {
            return self.fit_on(train, validation, &[]);
        }
        // Helper threads, one graph each, for the whole of training.
        let blueprint = self.mlp.blueprint(CALL);
        let objective = self
            .config
            .objective
            .unwrap_or_else(|| Objective::for_data(train, self.mlp.n_outputs()));
        std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..threads)
                .map(|_| {
                    let (job_tx, job_rx) = std::sync::mpsc::channel();
                    let (done_tx, done_rx) = std::sync::mpsc::channel();
                    let blueprint = blueprint.clone();
                    scope.spawn(move || {
                        threads::helper(
                            blueprint,
                            train,
                            objective,
                            threads::Inbox::new(job_rx),
                            done_tx,
                            CALL,
                        )
                    });
                    (job_tx, threads::Inbox::new(done_rx))
                })
                .collect();
            // Dropping the helpers' job senders on return ends their loops.
            self.fit_on(train, validation, &helpers)
        })
    }

    /// [`fit`](Trainer::fit) with the helper threads `helpers` (job sender,
    /// answer receiver), none for one thread.
    #[track_caller]
    fn fit_on(
        &mut self,
        train: &Dataset,
        validation: Option<&Dataset>,
        helpers: &[(Sender<threads::Job>, threads::Inbox<threads::Done>)],
    ) -> History {
        const CALL: &str = "Trainer::fit";
        let objective = self
            .config
            .objective
            .unwrap_or_else(|| Objective::for_data(train, self.mlp.n_outputs()));
        objective.check(self.mlp, train, CALL);
        if let Some(v) = validation {
            objective.check(self.mlp, v, "Trainer::fit (validation)");
        }
        if train.is_empty() {
            misuse!(CALL, "the training set is empty");
        }
        let l2 = self.config.l2;
        if !(l2 >= 0.0 && l2.is_finite()) {
            misuse!(
                CALL,
                "TrainConfig::l2 must be a finite number ≥ 0, got {l2}"
            );
        }
        let graph = self.mlp.graph();
        let keep = graph.len();
        let params = self.mlp.parameters();
        let layer_params: Vec<Vec<Value<'g>>> =
            self.mlp.layers().iter().map(|l| l.parameters()).collect();
        let base_lr = self.optimizer.learning_rate();
        let batch_size = if self.config.batch_size == 0 {
            train.len()
        } else {
            self.config.batch_size
        };

        let mut history = History {
            // Grown as epochs run: a huge `epochs` allocates nothing upfront.
            epochs: Vec::with_capacity(self.config.epochs.min(1024)),
            metric: if objective.is_classification() {
                "accuracy"
            } else {
                "r2"
            }
            .into(),
            objective,
            stopped_early: false,
            diverged_at: None,
            best_epoch: 0,
        };
        let mut best: Option<(f64, Option<Vec<f64>>)> = None;
        let mut since_best = 0;
        let bar = self.config.progress.bar(self.config.epochs);

        for epoch in 0..self.config.epochs {
            let start = Instant::now();
            let lr = self.config.schedule.learning_rate_for(base_lr, epoch, CALL);
            if lr.is_nan() || lr < 0.0 {
                misuse!(
                    CALL,
                    "the schedule gives a learning rate of {lr} at epoch {epoch}; it must be ≥ 0"
                );
            }
            if lr.is_infinite() {
                misuse!(
                    CALL,
                    "the schedule gives a learning rate of {lr} at epoch {epoch}; it must be finite"
                );
            }
            self.optimizer.set_learning_rate(lr);
            let batches = if batch_size >= train.len() {
                vec![(0..train.len()).collect()]
            } else {
                train.batches(batch_size, self.config.seed.wrapping_add(epoch as u64))
            };

            let mut loss_sum = 0.0;
            let mut grad_norms = vec![0.0; layer_params.len()];
            let mut seen = Seen::with_capacity(self.mlp.n_outputs(), train.len());
            for batch in &batches {
                // With helpers, this thread takes the first share; the
                // others go to them, with the current parameters.
                let shares = threads::split(batch, helpers.len() + 1);
                let scale = 1.0 / batch.len() as f64;
                if !helpers.is_empty() {
                    let values = self.mlp.parameter_values_for(CALL);
                    for ((jobs, _), share) in helpers.iter().zip(&shares[1..]) {
                        let job = threads::Job {
                            values: values.clone(),
                            examples: share.to_vec(),
                            scale,
                        };
                        jobs.send(job)
                            .expect("Trainer::fit: a training thread stopped");
                    }
                }
                let losses =
                    threads::record_share(self.mlp, train, shares[0], objective, &mut seen, CALL);
                let mut batch_loss = if helpers.is_empty() {
                    loss::mean(&losses)
                } else {
                    graph.record_sum(&losses, CALL) * scale
                };
                if self.config.l2 != 0.0 {
                    batch_loss += loss::l2(&params) * self.config.l2;
                }
                graph.zero_grad();
                batch_loss.backward();
                let mut batch_value = batch_loss.data();
                for (_, answers) in helpers {
                    let mut done = answers
                        .receive()
                        .expect("Trainer::fit: a training thread stopped");
                    batch_value += done.loss;
                    self.mlp.add_to_parameter_grads(&done.grads, CALL);
                    seen.append(&mut done.seen);
                }
                loss_sum += batch_value * batch.len() as f64;
                for (norm, layer) in grad_norms.iter_mut().zip(&layer_params) {
                    *norm += layer.iter().map(|p| p.grad().powi(2)).sum::<f64>().sqrt()
                        / batches.len() as f64;
                }
                self.optimizer.step(&params);
                graph.truncate(keep);
            }

            let train_loss = loss_sum / train.len() as f64;
            let train_metric = seen.metric(objective);
            let (validation_loss, validation_metric) = match validation {
                Some(v) if !v.is_empty() => {
                    let e = evaluate(self.mlp, v, objective);
                    (Some(e.loss), Some(e.metric()))
                }
                _ => (None, None),
            };
            history.epochs.push(EpochRecord {
                epoch,
                train_loss,
                train_metric,
                validation_loss,
                validation_metric,
                learning_rate: lr,
                grad_norms,
                seconds: start.elapsed().as_secs_f64(),
            });
            bar.update(
                epoch,
                train_loss,
                train_metric,
                validation_metric,
                &history.metric,
            );
            // Past NaN or infinity nothing can be learned: stop, and say when.
            if !train_loss.is_finite() || params.iter().any(|p| !p.data().is_finite()) {
                history.diverged_at = Some(epoch);
                break;
            }

            let watched = validation_loss.unwrap_or(train_loss);
            let improved = match &best {
                None => true,
                Some((b, _)) => {
                    watched < b - self.config.early_stopping.map_or(0.0, |e| e.min_delta)
                }
            };
            if improved {
                // The parameters are kept only if they may be restored.
                let keep = validation.is_some()
                    && self.config.early_stopping.is_some_and(|e| e.restore_best);
                best = Some((watched, keep.then(|| self.mlp.parameter_values())));
                history.best_epoch = epoch;
                since_best = 0;
            } else {
                since_best += 1;
            }
            if let Some(stop) = self.config.early_stopping {
                if since_best >= stop.patience && validation.is_some() {
                    history.stopped_early = true;
                    if stop.restore_best {
                        if let Some((_, Some(values))) = &best {
                            self.mlp.set_parameters(values);
                        }
                    }
                    break;
                }
            }
        }
        bar.finish();
        history
    }
}
