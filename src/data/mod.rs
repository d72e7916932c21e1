//! Datasets for training: toy problems generated from a seed, CSV files,
//! train/validation/test splits, mini-batches and standardization.
//!
//! A [`Dataset`] is a table: one row of features `x_i` per example and one
//! target `y_i`. For classification `y_i` is a class index `0..k` (stored as
//! `f64`), for regression it is the value to predict.
//!
//! The usual pipeline, in the order a training loop uses it:
//!
//! 1. Get the data: a generator ([`moons`], [`circles`], [`spirals`],
//!    [`xor`], [`blobs`], [`regression_1d`]) or a file ([`read_csv`]).
//! 2. [`Dataset::split`] it into train, validation and test parts.
//! 3. [`Standardizer::fit`] on the training part only, then
//!    [`Standardizer::transform`] every part.
//! 4. Each epoch, walk [`Dataset::batches`] of the training part.
//!
//! ```
//! use scalargrad::data::{moons, MoonsConfig, Standardizer};
//!
//! let data = moons(&MoonsConfig { samples: 100, noise: 0.1, seed: 42 });
//! assert_eq!((data.len(), data.n_features()), (100, 2));
//! assert_eq!(data.class_counts(), [50, 50]);
//!
//! // 20 % validation, 10 % test, stratified by class: 10 + 10 and 5 + 5.
//! let split = data.split(0.2, 0.1, 7);
//! assert_eq!(split.train.len(), 70);
//! assert_eq!(split.validation.class_counts(), [10, 10]);
//! assert_eq!(split.test.class_counts(), [5, 5]);
//!
//! let scaler = Standardizer::fit(&split.train);
//! let train = scaler.transform(&split.train);
//! let validation = scaler.transform(&split.validation);
//! assert_eq!(validation.len(), 20);
//!
//! // Mini-batches of 32: 70 = 32 + 32 + 6.
//! let sizes: Vec<usize> = train.batches(32, 0).iter().map(Vec::len).collect();
//! assert_eq!(sizes, [32, 32, 6]);
//! ```
//!
//! Everything random takes a `seed` and is deterministic: the same seed gives
//! the same numbers on every run and every machine (with the same version of
//! `rand`).

mod csv;
mod generate;

pub use csv::{
    parse_csv, parse_csv_table, read_csv, read_csv_table, write_csv, CsvFormat, CsvOptions,
    CsvTable, TargetColumn, DELIMITERS,
};
pub use generate::{
    blobs, circles, moons, regression_1d, regression_1d_curve, spirals, xor, BlobsConfig,
    CirclesConfig, MoonsConfig, Regression1dConfig, SpiralsConfig, XorConfig,
};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::panics::misuse;

/// A table of examples: features `x` and targets `y`.
///
/// The fields are public so that a training loop can read them directly;
/// keep them consistent when building one by hand (or use
/// [`Dataset::classification`] and [`Dataset::regression`], which check):
/// `x` and `y` have the same length, every row of `x` has
/// `feature_names.len()` values, and for classification every `y_i` is a
/// whole number in `0..k` with `class_values.len() == k`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// One row of features per example: `x[i][j]` is feature `j` of example
    /// `i`.
    pub x: Vec<Vec<f64>>,
    /// One target per example. Classification: the class index `0..k` as
    /// `f64` (see [`Dataset::labels`]); regression: the value to predict.
    pub y: Vec<f64>,
    /// `Some(k)` for a classification problem with `k` classes, `None` for
    /// regression.
    pub n_classes: Option<usize>,
    /// The name of each feature column: `"x0"`, `"x1"`, … for generated data,
    /// the header for a CSV file.
    pub feature_names: Vec<String>,
    /// Classification: the original label of each class index, in ascending
    /// order (`[-1.0, 1.0]` for a CSV file labelled -1/+1, so class 0 is -1;
    /// `[0.0, 1.0, 2.0]` for generated data). Empty for regression.
    pub class_values: Vec<f64>,
    /// A name for messages and plots: `"moons"`, the file's stem, …
    pub name: String,
}

/// The three parts of a dataset made by [`Dataset::split`]: no example is in
/// two parts, and together they hold every example once.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// The examples the parameters are fitted on.
    pub train: Dataset,
    /// The examples used to choose hyper-parameters and to stop early.
    pub validation: Dataset,
    /// The examples kept aside for the final, honest measurement.
    pub test: Dataset,
}

impl Dataset {
    /// The examples as rows: each example's features and its target.
    ///
    /// ```
    /// use scalargrad::data::Dataset;
    ///
    /// let data = Dataset::classification("and", vec![vec![0.0, 0.0], vec![1.0, 1.0]], &[0, 1], 2);
    /// let rows: Vec<(&[f64], f64)> = data.rows().collect();
    /// assert_eq!(rows, [(&[0.0, 0.0][..], 0.0), (&[1.0, 1.0][..], 1.0)]);
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = (&[f64], f64)> + '_ {
        self.x.iter().map(Vec::as_slice).zip(self.y.iter().copied())
    }

    /// A classification dataset with labels `0..n_classes`, features named
    /// `"x0"`, `"x1"`, … and `class_values` `[0, 1, …, n_classes - 1]`.
    ///
    /// ```
    /// use scalargrad::data::Dataset;
    ///
    /// let data = Dataset::classification("and", vec![vec![0.0, 0.0], vec![1.0, 1.0]], &[0, 1], 2);
    /// assert_eq!(data.y, [0.0, 1.0]);
    /// assert_eq!(data.feature_names, ["x0", "x1"]);
    /// ```
    ///
    /// # Panics
    /// If `x` and `labels` differ in length, rows differ in length, or a label
    /// is not below `n_classes`.
    #[track_caller]
    pub fn classification(
        name: &str,
        x: Vec<Vec<f64>>,
        labels: &[usize],
        n_classes: usize,
    ) -> Dataset {
        let call = "Dataset::classification";
        let n_features = check_rows(call, &x, labels.len());
        if let Some((i, &label)) = labels.iter().enumerate().find(|(_, &l)| l >= n_classes) {
            misuse!(
                call,
                "label {label} of example {i} is not below n_classes = {n_classes}"
            );
        }
        Dataset {
            x,
            y: labels.iter().map(|&l| l as f64).collect(),
            n_classes: Some(n_classes),
            feature_names: default_feature_names(n_features),
            class_values: (0..n_classes).map(|c| c as f64).collect(),
            name: name.to_string(),
        }
    }

    /// A regression dataset with features named `"x0"`, `"x1"`, ….
    ///
    /// # Panics
    /// If `x` and `y` differ in length or rows differ in length.
    #[track_caller]
    pub fn regression(name: &str, x: Vec<Vec<f64>>, y: Vec<f64>) -> Dataset {
        let n_features = check_rows("Dataset::regression", &x, y.len());
        Dataset {
            x,
            y,
            n_classes: None,
            feature_names: default_feature_names(n_features),
            class_values: Vec::new(),
            name: name.to_string(),
        }
    }

    /// The number of examples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The number of features per example: the length of a row of `x` (of
    /// `feature_names` when there are no rows).
    pub fn n_features(&self) -> usize {
        self.x.first().map_or(self.feature_names.len(), Vec::len)
    }

    /// Whether the targets are class indices (`n_classes` is `Some`).
    pub fn is_classification(&self) -> bool {
        self.n_classes.is_some()
    }

    /// The class index of every example, `y_i` as `usize`: what
    /// `loss::softmax_cross_entropy` takes as its target.
    ///
    /// # Panics
    /// For a regression dataset, or if some `y_i` is not a class index
    /// `0..k`.
    #[track_caller]
    pub fn labels(&self) -> Vec<usize> {
        self.labels_for("Dataset::labels")
    }

    /// [`labels`](Dataset::labels) for a caller that panics under its own
    /// name.
    #[track_caller]
    pub(crate) fn labels_for(&self, call: &str) -> Vec<usize> {
        let Some(k) = self.n_classes else {
            misuse!(
                call,
                "\"{}\" is a regression dataset (n_classes is None); \
                 its targets are numbers to predict, not class indices",
                self.name
            )
        };
        let mut labels = Vec::with_capacity(self.y.len());
        for (i, &y) in self.y.iter().enumerate() {
            if !(y >= 0.0 && y < k as f64 && y.fract() == 0.0) {
                misuse!(
                    call,
                    "y[{i}] = {y} in \"{}\" is not a class index 0..{k}",
                    self.name
                );
            }
            labels.push(y as usize);
        }
        labels
    }

    /// How many examples each class has: entry `c` counts the examples with
    /// label `c`, for `c` in `0..k`.
    ///
    /// # Panics
    /// For a regression dataset, or if some `y_i` is not a class index (see
    /// [`Dataset::labels`]).
    #[track_caller]
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes.unwrap_or(0)];
        for label in self.labels_for("Dataset::class_counts") {
            counts[label] += 1;
        }
        counts
    }

    /// The examples at `indices`, in that order (an index may repeat, as in
    /// a bootstrap sample). Everything else (names, classes) is kept.
    ///
    /// # Panics
    /// If an index is not below [`Dataset::len`].
    #[track_caller]
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        if let Some(&i) = indices.iter().find(|&&i| i >= self.len()) {
            misuse!(
                "Dataset::subset",
                "index {i} is out of range for \"{}\" with {} examples",
                self.name,
                self.len()
            );
        }
        Dataset {
            x: indices.iter().map(|&i| self.x[i].clone()).collect(),
            y: indices.iter().map(|&i| self.y[i]).collect(),
            n_classes: self.n_classes,
            feature_names: self.feature_names.clone(),
            class_values: self.class_values.clone(),
            name: self.name.clone(),
        }
    }

    /// The same examples in a random order determined by `seed`.
    pub fn shuffled(&self, seed: u64) -> Dataset {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(&mut StdRng::seed_from_u64(seed));
        self.subset(&order)
    }

    /// Splits the examples at random into train, validation and test parts,
    /// with fractions `validation` and `test` of the examples in the last two
    /// and the rest in train.
    ///
    /// For **classification** the split is stratified: each class is
    /// shuffled and cut on its own, giving `round(validation·n_c)` of its
    /// `n_c` examples to validation and `round(test·n_c)` to test, so every
    /// part keeps the class proportions. (The totals can therefore differ by
    /// a few examples from `round(validation·n)`.) Each part is then shuffled
    /// so that classes are interleaved.
    ///
    /// For **regression** the examples are shuffled and cut:
    /// `round(validation·n)` to validation, `round(test·n)` to test.
    ///
    /// The parts are named after the dataset: `"moons (train)"`, ….
    ///
    /// The training part is never empty when the dataset is not: if the
    /// rounding would give every example to validation and test (a tiny
    /// dataset), one example goes back to train, taken from test if it has
    /// any, else from validation.
    ///
    /// ```
    /// use scalargrad::data::{regression_1d, Regression1dConfig};
    ///
    /// let data = regression_1d(&Regression1dConfig { samples: 50, noise: 0.1, seed: 0 });
    /// let split = data.split(0.2, 0.2, 1);
    /// assert_eq!((split.train.len(), split.validation.len(), split.test.len()), (30, 10, 10));
    /// ```
    ///
    /// # Panics
    /// Unless `0 ≤ validation`, `0 ≤ test` and `validation + test < 1`; for
    /// a classification dataset, if a target is not a class index (see
    /// [`Dataset::labels`]).
    #[track_caller]
    pub fn split(&self, validation: f64, test: f64, seed: u64) -> Split {
        // Written so that NaN fails too.
        let fractions_ok = validation >= 0.0 && test >= 0.0 && validation + test < 1.0;
        if !fractions_ok {
            misuse!(
                "Dataset::split",
                "validation = {validation} and test = {test} must be ≥ 0 \
                 with validation + test < 1, so that some examples are left to train on"
            );
        }
        let mut rng = StdRng::seed_from_u64(seed);
        // Groups of indices cut independently: one per class, or one in all.
        let groups: Vec<Vec<usize>> = match self.n_classes {
            Some(k) => {
                let mut groups = vec![Vec::new(); k];
                for (i, label) in self.labels_for("Dataset::split").into_iter().enumerate() {
                    groups[label].push(i);
                }
                groups
            }
            None => vec![(0..self.len()).collect()],
        };
        let (mut train, mut valid, mut held_out) = (Vec::new(), Vec::new(), Vec::new());
        for mut group in groups {
            group.shuffle(&mut rng);
            let n = group.len();
            // round(v·n) + round(t·n) ≤ n because v·n + t·n < n; min() is a guard.
            let n_valid = ((validation * n as f64).round() as usize).min(n);
            let n_test = ((test * n as f64).round() as usize).min(n - n_valid);
            valid.extend_from_slice(&group[..n_valid]);
            held_out.extend_from_slice(&group[n_valid..n_valid + n_test]);
            train.extend_from_slice(&group[n_valid + n_test..]);
        }
        // validation + test < 1 promises examples to train on; rounding in
        // small groups can break that promise, so keep it here.
        if train.is_empty() {
            if let Some(i) = held_out.pop().or_else(|| valid.pop()) {
                train.push(i);
            }
        }
        let mut part = |mut indices: Vec<usize>, suffix: &str| {
            indices.shuffle(&mut rng);
            let mut data = self.subset(&indices);
            data.name = format!("{} ({suffix})", self.name);
            data
        };
        Split {
            train: part(train, "train"),
            validation: part(valid, "validation"),
            test: part(held_out, "test"),
        }
    }

    /// A random partition of the example indices `0..len` into mini-batches
    /// of `batch_size` (the last one smaller when `batch_size` does not
    /// divide `len`): `ceil(len / batch_size)` batches holding every index
    /// once. Use a different `seed` each epoch (the epoch number will do).
    ///
    /// ```
    /// use scalargrad::data::{xor, XorConfig};
    ///
    /// let data = xor(&XorConfig { samples: 10, noise: 0.0, seed: 0 });
    /// let batches = data.batches(4, 0);
    /// let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    /// assert_eq!(sizes, [4, 4, 2]); // 10 = 4 + 4 + 2
    /// ```
    ///
    /// # Panics
    /// If `batch_size` is 0.
    #[track_caller]
    pub fn batches(&self, batch_size: usize, seed: u64) -> Vec<Vec<usize>> {
        if batch_size == 0 {
            misuse!(
                "Dataset::batches",
                "batch_size must be at least 1, got 0 (for \"{}\" with {} examples)",
                self.name,
                self.len()
            );
        }
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(&mut StdRng::seed_from_u64(seed));
        order.chunks(batch_size).map(<[usize]>::to_vec).collect()
    }
}

/// Rescales each feature to mean 0 and standard deviation 1:
/// `z_j = (x_j - μ_j) / σ_j`.
///
/// Features on very different scales make gradient descent slow (one
/// learning rate cannot suit them all) and saturate `tanh` neurons;
/// standardized features avoid both.
///
/// **Fit on the training split only, then transform every split.** The mean
/// and standard deviation are part of the model: computing them on
/// validation or test examples would leak information about those examples
/// into training, and the validation and test scores would no longer
/// measure performance on unseen data.
///
/// ```
/// use scalargrad::data::{Dataset, Standardizer};
///
/// let train = Dataset::regression("t", vec![vec![1.0], vec![3.0]], vec![0.0, 0.0]);
/// let scaler = Standardizer::fit(&train);
/// // μ = (1 + 3)/2 = 2, σ = √(((1-2)² + (3-2)²)/2) = 1.
/// assert_eq!((scaler.mean[0], scaler.std[0]), (2.0, 1.0));
/// assert_eq!(scaler.transform_row(&[5.0]), [3.0]); // (5 - 2)/1
/// assert_eq!(scaler.inverse_row(&[3.0]), [5.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    /// `μ_j = (1/n) Σ_i x_ij`, the mean of each feature over the fitted data.
    pub mean: Vec<f64>,
    /// `σ_j = √((1/n) Σ_i (x_ij - μ_j)²)`, the population standard deviation
    /// of each feature; 1 for a constant feature, so that it maps to 0.
    pub std: Vec<f64>,
}

impl Standardizer {
    /// Computes each feature's mean `μ_j` and population standard deviation
    /// `σ_j` (dividing by `n`, not `n - 1`). A constant feature gets
    /// `μ_j` = its value exactly and `σ_j = 1`, so it becomes exactly 0.
    ///
    /// For data read from outside (a file), use
    /// [`try_fit`](Standardizer::try_fit), which returns the same refusal as
    /// an error.
    ///
    /// # Panics
    /// If `data` has no examples, or a feature cannot be standardized (see
    /// [`try_fit`](Standardizer::try_fit)).
    #[track_caller]
    pub fn fit(data: &Dataset) -> Standardizer {
        if data.is_empty() {
            misuse!(
                "Standardizer::fit",
                "\"{}\" has no examples to compute a mean from",
                data.name
            );
        }
        match Standardizer::try_fit(data) {
            Ok(scaler) => scaler,
            Err(e) => misuse!("Standardizer::fit", "{e}"),
        }
    }

    /// [`fit`](Standardizer::fit), with data it cannot represent refused as
    /// an error naming the feature.
    ///
    /// Features whose values are near the ends of f64's range are fine:
    /// where `Σx`, or `Σ(x - μ)²`, would overflow (values of ±1e200) or
    /// underflow (a spread of 1e-200), the mean and deviation are computed
    /// on the values scaled by their largest magnitude, so `σ = 1e200` is
    /// found as it is, never ∞ (or 0 for a feature that is not constant).
    ///
    /// ```
    /// use scalargrad::data::{Dataset, Standardizer};
    ///
    /// let data = Dataset::regression("big", vec![vec![1e200], vec![-1e200]], vec![0.0, 1.0]);
    /// let scaler = Standardizer::try_fit(&data)?;
    /// assert_eq!((scaler.mean[0], scaler.std[0]), (0.0, 1e200));
    /// assert_eq!(scaler.transform_row(&[1e200]), [1.0]);
    ///
    /// let bad = Dataset::regression("bad", vec![vec![f64::NAN], vec![1.0]], vec![0.0, 1.0]);
    /// let err = Standardizer::try_fit(&bad).unwrap_err();
    /// assert_eq!(err.to_string(), "\"bad\": feature \"x0\" has the value NaN in example 0; only finite numbers can be standardized");
    /// # Ok::<(), scalargrad::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid), naming the dataset and the
    /// feature: `data` has no examples, a value is NaN or infinite, or a
    /// feature's spread is too small to divide by (a deviation that is not
    /// a normal f64, below about 2.2e-308, in a feature that is not
    /// constant).
    pub fn try_fit(data: &Dataset) -> crate::Result<Standardizer> {
        let invalid = |message: String| crate::Error::Invalid {
            path: std::path::PathBuf::new(),
            message: format!("\"{}\": {message}", data.name),
        };
        if data.is_empty() {
            return Err(invalid("no examples to compute a mean from".into()));
        }
        let n = data.len() as f64;
        let (mut mean, mut std) = (Vec::new(), Vec::new());
        for j in 0..data.n_features() {
            let name = data
                .feature_names
                .get(j)
                .map_or_else(|| format!("x{j}"), String::clone);
            let column = data.x.iter().map(|row| row[j]);
            if let Some((i, v)) = column.clone().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(invalid(format!(
                    "feature \"{name}\" has the value {v} in example {i}; \
                     only finite numbers can be standardized"
                )));
            }
            let first = data.x[0][j];
            if column.clone().all(|v| v == first) {
                mean.push(first);
                std.push(1.0);
                continue;
            }
            let mu = column.clone().sum::<f64>() / n;
            let variance = column.clone().map(|v| (v - mu) * (v - mu)).sum::<f64>() / n;
            if !mu.is_finite() || !variance.is_normal() {
                // Scaled by the largest magnitude s: every z = x/s is in
                // [-1, 1], so neither sum can overflow, and a tiny spread
                // does not underflow when squared.
                let s = column.clone().fold(0.0f64, |m, v| m.max(v.abs()));
                let m = column.clone().map(|v| v / s).sum::<f64>() / n;
                let var_z = column.map(|v| (v / s - m) * (v / s - m)).sum::<f64>() / n;
                let sigma = s * var_z.sqrt();
                if !sigma.is_normal() {
                    return Err(invalid(format!(
                        "feature \"{name}\" varies by too little to be standardized \
                         (its standard deviation, {sigma:e}, is below the smallest normal f64)"
                    )));
                }
                mean.push(s * m);
                std.push(sigma);
                continue;
            }
            mean.push(mu);
            std.push(if variance > 0.0 { variance.sqrt() } else { 1.0 });
        }
        Ok(Standardizer { mean, std })
    }

    /// The dataset with every row standardized by [`Standardizer::transform_row`];
    /// targets, names and classes unchanged.
    ///
    /// # Panics
    /// If the dataset's number of features (or a row's) differs from the
    /// fitted one.
    #[track_caller]
    pub fn transform(&self, data: &Dataset) -> Dataset {
        const CALL: &str = "Standardizer::transform";
        if !data.is_empty() && data.n_features() != self.mean.len() {
            misuse!(
                CALL,
                "fitted on {} features, but \"{}\" has {}",
                self.mean.len(),
                data.name,
                data.n_features()
            );
        }
        let mut x = Vec::with_capacity(data.len());
        for row in &data.x {
            self.check_len(CALL, row);
            x.push(self.transform_unchecked(row));
        }
        Dataset { x, ..data.clone() }
    }

    /// `z_j = (x_j - μ_j) / σ_j` for each feature `j`.
    ///
    /// # Panics
    /// If `row` does not have one value per fitted feature.
    #[track_caller]
    pub fn transform_row(&self, row: &[f64]) -> Vec<f64> {
        self.check_len("Standardizer::transform_row", row);
        self.transform_unchecked(row)
    }

    /// `(x - μ) / σ` feature by feature, for a row of the right length; as
    /// `x/σ - μ/σ` where `x - μ` alone would overflow (x and μ of opposite
    /// signs near f64's limits).
    fn transform_unchecked(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.mean.iter().zip(&self.std))
            .map(|(x, (mu, sigma))| {
                let z = (x - mu) / sigma;
                if z.is_finite() {
                    z
                } else {
                    x / sigma - mu / sigma
                }
            })
            .collect()
    }

    /// The inverse of [`Standardizer::transform_row`]: `x_j = z_j·σ_j + μ_j`
    /// (equal up to rounding).
    ///
    /// # Panics
    /// If `row` does not have one value per fitted feature.
    #[track_caller]
    pub fn inverse_row(&self, row: &[f64]) -> Vec<f64> {
        self.check_len("Standardizer::inverse_row", row);
        row.iter()
            .zip(self.mean.iter().zip(&self.std))
            .map(|(z, (mu, sigma))| z * sigma + mu)
            .collect()
    }

    #[track_caller]
    fn check_len(&self, call: &str, row: &[f64]) {
        if row.len() != self.mean.len() {
            misuse!(
                call,
                "expected {} features, got {}",
                self.mean.len(),
                row.len()
            );
        }
    }
}

/// `"x0"`, `"x1"`, …, `"x{n-1}"`.
fn default_feature_names(n: usize) -> Vec<String> {
    (0..n).map(|j| format!("x{j}")).collect()
}

/// Checks that there are `n_targets` rows, all of the same length, and
/// returns that length (0 without rows).
#[track_caller]
fn check_rows(call: &str, x: &[Vec<f64>], n_targets: usize) -> usize {
    if x.len() != n_targets {
        misuse!(
            call,
            "got {} rows of features but {n_targets} targets",
            x.len()
        );
    }
    let n_features = x.first().map_or(0, Vec::len);
    if let Some((i, row)) = x.iter().enumerate().find(|(_, r)| r.len() != n_features) {
        misuse!(
            call,
            "row {i} has {} features but row 0 has {n_features}",
            row.len()
        );
    }
    n_features
}
