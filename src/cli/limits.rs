//! The bound on every size a user can type, so that no argument can make
//! the program allocate without end or run for hours before it says
//! anything. Each is documented in `--help` and the README; going past one
//! is a one-line error with exit status 2.
//!
//! The bounds are far above what the lesson needs and low enough that the
//! work they allow stays in memory (a few hundred MB at most) and linear.

/// Characters in a formula. (Linux itself allows 131,072 bytes per
/// argument.) Parsing, recording, `grad`, `trace` and `paths` are linear in
/// it.
pub const FORMULA_CHARS: usize = 1_000_000;

/// `name=value` arguments.
pub const VALUES: usize = 10_000;

/// Variables `check` compares (it evaluates the formula twice per
/// variable, so its work is variables × formula size).
pub const CHECK_VARIABLES: usize = 1_000;

/// `verify --points`: points tried (each records `f` and the
/// derivatives, runs backward and checks every node for kinks, so the work
/// is points × formula size).
pub const VERIFY_POINTS: usize = 10_000;

/// `verify`: points × characters of the formulas (`f` and every `--d`),
/// about ten seconds of work (measured: 150 ns per node of `f` per point,
/// with a node every 3 characters or so).
pub const VERIFY_WORK: usize = 200_000_000;

/// `paths --limit`: paths listed (each is printed as soon as it is found).
pub const PATHS: usize = 10_000;

/// `train --samples`: points of a generated dataset.
pub const SAMPLES: usize = 1_000_000;

/// `train --classes`: classes of spirals and blobs.
pub const CLASSES: usize = 1_000;

/// `train --layers`: hidden layers.
pub const LAYERS: usize = 100;

/// `train --layers`: units in one hidden layer.
pub const LAYER_SIZE: usize = 10_000;

/// `train --layers`: parameters of the whole network (weights, biases and
/// PReLU slopes), checked once the data fixes the inputs and outputs.
pub const PARAMETERS: usize = 10_000_000;

/// `train --epochs`.
pub const EPOCHS: usize = 100_000;

/// `train --batch-size` (any size from the training set's up means the
/// whole set).
pub const BATCH_SIZE: usize = 1_000_000;

/// `train --threads`: each thread past the first keeps a copy of the
/// network (up to [`PARAMETERS`] parameters) in a graph of its own.
pub const THREADS: usize = 16;

/// Variables of `grad --order 2`, `hessian` and `check --order 2` (the
/// Hessian has one row per variable, each a backward pass).
pub const SECOND_ORDER_VARIABLES: usize = 100;

/// Nodes that second derivatives may record: about the nodes of the
/// recorded gradient times the variables (a few hundred MB at most).
pub const SECOND_ORDER_NODES: usize = 10_000_000;
