//! Parts 1–3: linear, logistic and softmax regression from all zeros get
//! non-zero gradients at once and learn.

use rand::rngs::StdRng;
use rand::SeedableRng;

use super::super::numbers::fixed;
use super::super::page::{check, tr, Page};
use super::models::{
    first_batch, linear_regression, logistic_regression, one_step, parameter_names,
    softmax_regression,
};
use super::training::{zero_against_random, ModelRun, Trained};
use super::{Outcome, LR_LINEAR, LR_LOGISTIC, LR_SOFTMAX, SEED};
use crate::data::Split;
use crate::nn::{Activation, Init, LinearRegression, LogisticRegression, SoftmaxRegression};
use crate::train::Objective;
use crate::{loss, Graph, Value};

/// The check that a linear model learned from zeros, and as well as from a
/// random start.
fn learns(page: &mut Page<'_>, model: &str, zero: &Trained, random: &Trained) -> Outcome<()> {
    let first = zero.history.epochs[0].train_loss;
    let last = zero.history.epochs[zero.history.epochs.len() - 1].train_loss;
    let random_last = random.history.epochs[random.history.epochs.len() - 1].train_loss;
    check!(
        page,
        "zero.check_learns",
        last < 0.75 * first && (last - random_last).abs() < 0.2 * random_last,
        model = model
    )?;
    Ok(())
}

/// Part 1: linear regression on `regression`.
pub(super) fn linear_regression_from_zeros(
    page: &mut Page<'_>,
    regression: &Split,
) -> Outcome<ModelRun> {
    // 1. Linear regression: ŷ = w·x + b, J = (1/n) Σ_n (ŷ_n − y_n)².
    let model = tr!(page, "zero.model_linear");
    page.detail_say("zero.linear_heading", &[])?;
    let (moved, largest) = {
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
        page.detail_say("zero.linear_why", &[("j", &fixed(j.data(), 4))])?;
        let names = ["w".to_string(), "b".to_string()];
        one_step(page, &names, &model.parameters(), LR_LINEAR)?
    };
    check!(page, "zero.check_first", moved, model = model)?;
    let (zero, random) = zero_against_random(
        page,
        &model,
        linear_regression,
        regression,
        Objective::Mse,
        LR_LINEAR,
    )?;
    learns(page, &model, &zero, &random)?;
    Ok(ModelRun {
        key: "zero.model_linear",
        file: "linear_regression_loss.png",
        first_gradient: largest,
        lr: LR_LINEAR,
        zero,
        random,
    })
}

/// Part 2: logistic regression on `moons`.
pub(super) fn logistic_regression_from_zeros(
    page: &mut Page<'_>,
    moons: &Split,
) -> Outcome<ModelRun> {
    // 2. Logistic regression: z = w·x + b, p = σ(z), J = mean BCE.
    let model = tr!(page, "zero.model_logistic");
    page.detail_say("zero.logistic_heading", &[])?;
    let (moved, largest) = {
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
        page.detail_say(
            "zero.logistic_why",
            &[
                ("p", &Activation::Sigmoid.eval(0.0)),
                ("j", &fixed(j.data(), 4)),
            ],
        )?;
        one_step(
            page,
            &parameter_names(2, 1),
            &model.parameters(),
            LR_LOGISTIC,
        )?
    };
    check!(page, "zero.check_first", moved, model = model)?;
    let (zero, random) = zero_against_random(
        page,
        &model,
        logistic_regression,
        moons,
        Objective::BinaryCrossEntropy,
        LR_LOGISTIC,
    )?;
    learns(page, &model, &zero, &random)?;
    Ok(ModelRun {
        key: "zero.model_logistic",
        file: "logistic_regression_loss.png",
        first_gradient: largest,
        lr: LR_LOGISTIC,
        zero,
        random,
    })
}

/// Part 3: softmax regression on `blobs`.
pub(super) fn softmax_regression_from_zeros(
    page: &mut Page<'_>,
    blobs: &Split,
) -> Outcome<ModelRun> {
    // 3. Softmax regression: z_k = Σ_i w_ik·x_i + b_k, p = softmax(z).
    let model = tr!(page, "zero.model_softmax");
    page.detail_say("zero.softmax_heading", &[])?;
    let (moved, largest) = {
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
        page.detail_say(
            "zero.softmax_why",
            &[
                ("p", &super::super::numbers::list(&p0, 4)),
                ("j", &fixed(j.data(), 4)),
            ],
        )?;
        one_step(
            page,
            &parameter_names(2, 3),
            &model.parameters(),
            LR_SOFTMAX,
        )?
    };
    check!(page, "zero.check_first", moved, model = model)?;
    let (zero, random) = zero_against_random(
        page,
        &model,
        softmax_regression,
        blobs,
        Objective::SoftmaxCrossEntropy,
        LR_SOFTMAX,
    )?;
    learns(page, &model, &zero, &random)?;
    Ok(ModelRun {
        key: "zero.model_softmax",
        file: "softmax_regression_loss.png",
        first_gradient: largest,
        lr: LR_SOFTMAX,
        zero,
        random,
    })
}
