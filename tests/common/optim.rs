//! Helpers of the optimizer tests: a trajectory through the engine, and a
//! comparison step by step.

use scalargrad::optim::Optimizer;
use scalargrad::{Graph, Value};

/// Steps `opt` on the loss `loss(w)` from `w = start`, through the engine,
/// and returns `w` after each step.
pub fn trajectory(
    opt: &mut dyn Optimizer,
    start: f64,
    loss: impl for<'g> Fn(Value<'g>) -> Value<'g>,
    steps: usize,
) -> Vec<f64> {
    let g = Graph::new();
    let w = g.value(start);
    let n_params = g.len();
    (0..steps)
        .map(|_| {
            let j = loss(w);
            g.zero_grad();
            j.backward();
            opt.step(&[w]);
            g.truncate(n_params);
            w.data()
        })
        .collect()
}

/// Asserts that `actual` and `expected` have the same length and agree
/// within `tolerance` at every step, naming the step that does not.
pub fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len());
    for (step, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance,
            "after step {}: got {a}, expected {e} (difference {:e})",
            step + 1,
            a - e
        );
    }
}
