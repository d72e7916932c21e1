//! Parts 1–3: linear, logistic and softmax regression from all zeros get
//! non-zero gradients at once and learn.

use rand::rngs::StdRng;
use rand::SeedableRng;

use super::models::{
    first_batch, linear_regression, logistic_regression, one_step, parameter_names,
    softmax_regression,
};
use super::training::{zero_against_random, Chart};
use super::{yes, Outcome, LR_LINEAR, LR_LOGISTIC, LR_SOFTMAX, SEED};
use crate::data::Split;
use crate::nn::{Activation, Init, LinearRegression, LogisticRegression, SoftmaxRegression};
use crate::train::Objective;
use crate::{loss, Graph, Value};

/// Part 1: linear regression on `regression`.
pub(super) fn linear_regression_from_zeros(
    out: &mut dyn std::io::Write,
    regression: &Split,
) -> Outcome<Chart> {
    // 1. Linear regression: ŷ = w·x + b, J = (1/n) Σ_n (ŷ_n − y_n)².
    writeln!(
        out,
        "\n## 1. Linear regression ŷ = w·x + b on regression_1d (y = sin x + 0.1·x + noise), J = (1/n)·Σ (ŷ − y)²"
    )?;
    {
        let graph = Graph::new();
        let model = LinearRegression::new(&graph, 1, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&regression.train);
        let predictions: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| model.forward(&graph.values(&regression.train.x[n])))
            .collect();
        let targets: Vec<f64> = batch.iter().map(|&n| regression.train.y[n]).collect();
        let j = loss::mse(&predictions, &targets);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every ŷ = 0, J = mean(y²) = {:.4}; e_n = ∂J/∂ŷ_n = 2(ŷ_n − y_n)/n = −2y_n/n ≠ 0, \
             and ∂J/∂w = Σ_n e_n·x_n, ∂J/∂b = Σ_n e_n need only the data.",
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_LINEAR}:")?;
        let names = ["w".to_string(), "b".to_string()];
        let moved = one_step(out, &names, &model.parameters(), LR_LINEAR)?;
        writeln!(
            out,
            "linear regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let (zero, random) = zero_against_random(
        out,
        "linear regression",
        linear_regression,
        regression,
        Objective::Mse,
        LR_LINEAR,
    )?;
    Ok((
        "linear_regression_loss.png",
        "Linear regression".into(),
        zero,
        random,
    ))
}

/// Part 2: logistic regression on `moons`.
pub(super) fn logistic_regression_from_zeros(
    out: &mut dyn std::io::Write,
    moons: &Split,
) -> Outcome<Chart> {
    // 2. Logistic regression: z = w·x + b, p = σ(z), J = mean BCE.
    writeln!(
        out,
        "\n## 2. Logistic regression p = σ(w_1·x_1 + w_2·x_2 + b) on moons, J = mean binary cross-entropy"
    )?;
    {
        let graph = Graph::new();
        let model =
            LogisticRegression::new(&graph, 2, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&moons.train);
        let losses: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| {
                let z = model.logit(&graph.values(&moons.train.x[n]));
                loss::binary_cross_entropy_with_logits(z, moons.train.y[n])
            })
            .collect();
        let j = loss::mean(&losses);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every z = 0, p = σ(0) = {}, J = ln 2 = {:.4}; e_n = ∂J/∂z_n = (p_n − y_n)/n = ±0.5/n ≠ 0.",
            Activation::Sigmoid.eval(0.0),
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_LOGISTIC}:")?;
        let moved = one_step(
            out,
            &parameter_names(2, 1),
            &model.parameters(),
            LR_LOGISTIC,
        )?;
        writeln!(
            out,
            "logistic regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let objective = Objective::BinaryCrossEntropy;
    let (zero, random) = zero_against_random(
        out,
        "logistic regression",
        logistic_regression,
        moons,
        objective,
        LR_LOGISTIC,
    )?;
    Ok((
        "logistic_regression_loss.png",
        "Logistic regression".into(),
        zero,
        random,
    ))
}

/// Part 3: softmax regression on `blobs`.
pub(super) fn softmax_regression_from_zeros(
    out: &mut dyn std::io::Write,
    blobs: &Split,
) -> Outcome<Chart> {
    // 3. Softmax regression: z_k = Σ_i w_ik·x_i + b_k, p = softmax(z).
    writeln!(
        out,
        "\n## 3. Softmax regression z_k = Σ_i w_ik·x_i + b_k, p = softmax(z), on blobs (3 classes), J = mean cross-entropy"
    )?;
    {
        let graph = Graph::new();
        let model =
            SoftmaxRegression::new(&graph, 2, 3, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&blobs.train);
        let x0 = graph.values(&blobs.train.x[batch[0]]);
        let p0: Vec<f64> = model.probabilities(&x0).iter().map(|p| p.data()).collect();
        let losses: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| {
                let z = model.logits(&graph.values(&blobs.train.x[n]));
                loss::softmax_cross_entropy(&z, blobs.train.y[n] as usize)
            })
            .collect();
        let j = loss::mean(&losses);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every z = 0, p = ({:.4}, {:.4}, {:.4}), J = ln 3 = {:.4}; e_nk = (p_k − y_nk)/n ≠ 0, \
             different for each class k, so the classes' weights move apart.",
            p0[0],
            p0[1],
            p0[2],
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_SOFTMAX}:")?;
        let moved = one_step(out, &parameter_names(2, 3), &model.parameters(), LR_SOFTMAX)?;
        writeln!(
            out,
            "softmax regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let objective = Objective::SoftmaxCrossEntropy;
    let (zero, random) = zero_against_random(
        out,
        "softmax regression",
        softmax_regression,
        blobs,
        objective,
        LR_SOFTMAX,
    )?;
    Ok((
        "softmax_regression_loss.png",
        "Softmax regression".into(),
        zero,
        random,
    ))
}
