//! Every size the explorer accepts, in one place (`docs/explorer-api.md`,
//! "Limits").

use std::time::Duration;

/// The explorer's limits. Each refusal is a 4xx error that names the limit.
/// [`Limits::default`] holds the API document's numbers; tests shorten the
/// idle time.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Largest request body, in bytes (64 KiB).
    pub body_bytes: usize,
    /// Longest formula, in characters (2,000).
    pub formula_chars: usize,
    /// Most nodes a recorded expression may have (5,000).
    pub nodes: usize,
    /// Most variables an expression may have (100).
    pub variables: usize,
    /// Largest `limit` of a paths request (200).
    pub paths: usize,
    /// Most points a "your derivative" check tries (200).
    pub verify_points: usize,
    /// Most hidden layers of a network (4).
    pub hidden_layers: usize,
    /// Most units in a hidden layer (64).
    pub units: usize,
    /// Most examples in a dataset (2,000).
    pub samples: usize,
    /// Most training steps in one request (1,000).
    pub steps: usize,
    /// Longest time one step request trains before it answers with the
    /// steps done so far (1 s), so that a large network stays responsive.
    pub step_time: Duration,
    /// Most training sessions at once (16).
    pub sessions: usize,
    /// A session without a request for this long ends (5 minutes).
    pub idle: Duration,
    /// Cells per side of the decision-region grid (40).
    pub grid: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 * 1024,
            formula_chars: 2_000,
            nodes: 5_000,
            variables: 100,
            paths: 200,
            verify_points: 200,
            hidden_layers: 4,
            units: 64,
            samples: 2_000,
            steps: 1_000,
            step_time: Duration::from_secs(1),
            sessions: 16,
            idle: Duration::from_secs(5 * 60),
            grid: 40,
        }
    }
}
