//! Helpers of the dataset tests: a tolerance, sample statistics, and the
//! message of a panic.

/// The tolerance of comparisons with exact geometry.
pub const TOL: f64 = 1e-12;

/// `|a - b| ≤ TOL`.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

/// The mean and the population standard deviation (dividing by `n`).
pub fn mean_and_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// The message of the panic that `f` raises (a test failure if it returns).
pub fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}
