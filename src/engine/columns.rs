//! A dense layer's weights copied out of their records, by input, so that
//! several neurons' sums can advance together with vector arithmetic.
//!
//! A layer's weights live in node records 20 bytes apart, which no loop can
//! load as vectors. When the same layer is evaluated for several examples
//! in a row (a batch recorded layer by layer, [`Mlp::forward_batch`], and
//! the replay of such a batch), its weights are copied once into
//! `cols[i·m + j] = w_ij` and each example's `z_j = b_j + Σ_i w_ij·x_i` is
//! computed [`LANES`] neurons at a time: every sum still starts from its
//! bias and adds its terms left to right, as replay's `dot` adds them, so the
//! numbers are those of node-by-node evaluation to the last bit.
//!
//! Measured, alternating builds with loops aligned (so that code placement
//! does not decide): micrograd's demo step rebuilt 33.2–34.5 → 31.0–32.4 µs
//! (2.6 → 2.44 × the hand-written step), 2-32-32-1 on 1,000 points
//! 0.80–0.82 → 0.71–0.72 ms, 2-48-48-1 −3 %. With three examples a copy,
//! 2-64-64-1 was unchanged, with two, 2-100-100-1 12 % slower (the copy
//! costs what the vectors save, or more): hence [`MIN_EXAMPLES`].
//!
//! [`Mlp::forward_batch`]: crate::nn::Mlp::forward_batch

use super::node::Node;

/// How many sums [`Columns::affine`] keeps in registers at once; a layer
/// needs at least this many inputs and neurons to be copied.
pub(crate) const LANES: usize = 8;

/// How many examples must meet a layer for its weights to be copied.
const MIN_EXAMPLES: usize = 4;

/// Whether a layer of `n` inputs and `m` neurons met by `examples`
/// examples in a row is worth copying: wide enough for [`LANES`] sums, and
/// met often enough to pay for the copy.
pub(crate) fn worth_copying(n: usize, m: usize, examples: usize) -> bool {
    n >= LANES && m >= LANES && examples >= MIN_EXAMPLES
}

/// One layer's weights by input and its biases, and room for one example's
/// sums; kept by the arena so that its memory is reused.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// `cols[i·m + j] = w_ij`.
    cols: Vec<f64>,
    /// `b_j`, or 0 without a bias.
    biases: Vec<f64>,
    /// One example's sums.
    z: Vec<f64>,
    /// What was copied last (see [`Source`]).
    copied: Option<Source>,
}

/// A layer's weights to copy: neuron `j`'s `n` weights start at node
/// `first + j·stride`, its bias (if `bias`) right after, for `m` neurons;
/// and the arena's [`version`](super::arena::Arena) at the copy. Compared
/// whole to tell whether a copy can be kept: two layers of one shape copied
/// at one version differ in `first`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Source {
    pub version: u64,
    pub first: usize,
    pub stride: usize,
    pub n: usize,
    pub m: usize,
    pub bias: bool,
}

impl Columns {
    /// Copies the weights and biases of the layer at `source`; nothing to
    /// do if they were copied last time and no node's data has changed
    /// since (the arena's `version`, the same). A batch recorded in groups
    /// meets the same layer once per group (7 times in micrograd's demo
    /// step), replay too: one copy a step instead of 7 (2,700 instructions
    /// each, callgrind).
    pub(crate) fn fill(&mut self, nodes: &[Node], source: Source) {
        if self.copied == Some(source) {
            return;
        }
        self.copied = Some(source);
        let Source {
            first,
            stride,
            n,
            m,
            bias,
            ..
        } = source;
        self.cols.clear();
        self.cols.resize(n * m, 0.0);
        self.biases.clear();
        for j in 0..m {
            let neuron = &nodes[first + j * stride..][..n + usize::from(bias)];
            for (i, w) in neuron[..n].iter().enumerate() {
                self.cols[i * m + j] = w.data;
            }
            self.biases.push(if bias { neuron[n].data } else { 0.0 });
        }
    }

    /// Heap memory held, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        (self.cols.capacity() + self.biases.capacity() + self.z.capacity())
            * std::mem::size_of::<f64>()
    }

    /// Every neuron's `b_j + Σ_i w_ij·x_i` for the inputs `x`, each sum
    /// added from its bias, left to right, exactly as replay's `dot` adds it;
    /// [`LANES`] sums advance together.
    pub(crate) fn affine(&mut self, x: &[Node]) -> &[f64] {
        let m = self.biases.len();
        let cols = &self.cols[..x.len() * m];
        self.z.clear();
        self.z.extend_from_slice(&self.biases);
        let mut j = 0;
        let mut lanes = self.z.chunks_exact_mut(LANES);
        for out in &mut lanes {
            let mut acc: [f64; LANES] = out.try_into().expect("LANES sums");
            for (row, xi) in cols.chunks_exact(m).zip(x) {
                let w: &[f64; LANES] = row[j..j + LANES].try_into().expect("LANES weights");
                for q in 0..LANES {
                    acc[q] += w[q] * xi.data;
                }
            }
            out.copy_from_slice(&acc);
            j += LANES;
        }
        // The rest one by one, with `dot`'s fold (`dot` itself lives in
        // `replay.rs`, above this file).
        for (q, out) in lanes.into_remainder().iter_mut().enumerate() {
            let pairs = cols.chunks_exact(m).zip(x);
            *out = pairs.fold(*out, |acc, (row, xi)| acc + row[j + q] * xi.data);
        }
        &self.z
    }
}
