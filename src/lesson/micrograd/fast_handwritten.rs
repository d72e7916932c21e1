//! The yardstick: micrograd's demo network written by hand as fast as it can
//! be written simply, and still micrograd's computation to the last bit.
//!
//! What makes it fast, compared with [`HandMlp`](super::handwritten::HandMlp):
//!
//! - the weights are stored transposed, `w[i][j]` for input `i` and neuron
//!   `j`, and the forward pass runs inputs in the outer loop and neurons in
//!   the inner one: `z[j] += w[i][j]·a[i]` for every `j` at once. Each `z_j`
//!   still adds its terms left to right from its bias (micrograd's
//!   `sum(wi*xi …, b)`), but the neurons' sums are independent and no
//!   longer wait on each other, and the compiler turns the inner loop into
//!   vector instructions;
//! - sizes are constants (`[f64; H]`), so there are no bounds checks and no
//!   loops of unknown length.
//!
//! What makes it micrograd's computation bit for bit: every sum adds the
//! same numbers in the same order as micrograd's graph does when its nodes
//! are processed in creation order (the order of
//! [`tape`](super::tape), which records that graph node for node). The
//! gradient of a parameter starts with its L2 term (`α·p + α·p`, the last
//! nodes recorded, so the first that backward reaches) and then adds the
//! examples' terms from the last example to the first; so this step walks
//! the examples backwards, forward and backward one at a time. A hidden
//! activation's gradient adds its neurons' terms from the last neuron to the
//! first. The data loss adds the examples' losses in order and multiplies by
//! `1/n`, as micrograd's `sum(losses) * (1.0 / len(losses))`. A test checks
//! the losses, scores, gradients and parameters against the tape's over the
//! 100 steps of the demo.

/// The parameters (or their gradients) of an MLP `2 → H → H → 1`, weights
/// transposed: `w1[i][j]` links input `i` to hidden neuron `j`.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights<const H: usize> {
    /// First layer, `w1[i][j]` for input `i` and neuron `j`.
    pub w1: [[f64; H]; 2],
    /// First layer's biases.
    pub b1: [f64; H],
    /// Second layer, `w2[i][j]` for input `i` (a first-layer neuron) and
    /// neuron `j`: `H` rows of `H`, on the heap.
    pub w2: Vec<[f64; H]>,
    /// Second layer's biases.
    pub b2: [f64; H],
    /// Output neuron's weights.
    pub w3: [f64; H],
    /// Output neuron's bias.
    pub b3: f64,
}

impl<const H: usize> Weights<H> {
    /// Every number 0.
    fn zeros() -> Weights<H> {
        Weights {
            w1: [[0.0; H]; 2],
            b1: [0.0; H],
            w2: vec![[0.0; H]; H],
            b2: [0.0; H],
            w3: [0.0; H],
            b3: 0.0,
        }
    }

    /// Number of parameters: `(2 + 1)·H + (H + 1)·H + H + 1`.
    pub const COUNT: usize = 3 * H + (H + 1) * H + H + 1;

    /// Every number, in micrograd's `parameters()` order (layer by layer,
    /// neuron by neuron, weights then bias), paired with a closure's
    /// visit: `f(slot, k)` for the `k`th parameter.
    fn visit(&mut self, mut f: impl FnMut(&mut f64, usize)) {
        let mut k = 0;
        let mut next = |x: &mut f64| {
            f(x, k);
            k += 1;
        };
        for j in 0..H {
            next(&mut self.w1[0][j]);
            next(&mut self.w1[1][j]);
            next(&mut self.b1[j]);
        }
        for j in 0..H {
            for i in 0..H {
                next(&mut self.w2[i][j]);
            }
            next(&mut self.b2[j]);
        }
        for j in 0..H {
            next(&mut self.w3[j]);
        }
        next(&mut self.b3);
    }

    /// The numbers in micrograd's `parameters()` order.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut out = vec![0.0; Self::COUNT];
        self.clone().visit(|x, k| out[k] = *x);
        out
    }

    /// `f(x, y)` for each number `x` of `self` and the matching `y` of
    /// `other`, in no particular order.
    #[inline(always)]
    fn zip_with(&mut self, other: &Weights<H>, mut f: impl FnMut(&mut f64, f64)) {
        let mut rows = |xs: &mut [f64; H], ys: &[f64; H]| {
            for (x, &y) in xs.iter_mut().zip(ys) {
                f(x, y);
            }
        };
        for (xs, ys) in self.w1.iter_mut().zip(&other.w1) {
            rows(xs, ys);
        }
        rows(&mut self.b1, &other.b1);
        for (xs, ys) in self.w2.iter_mut().zip(&other.w2) {
            rows(xs, ys);
        }
        rows(&mut self.b2, &other.b2);
        rows(&mut self.w3, &other.w3);
        f(&mut self.b3, other.b3);
    }

    /// `Σ p²` added in micrograd's `parameters()` order, from `p_0² + 0`
    /// (Python's `sum` starts from 0).
    fn sum_of_squares(&self) -> f64 {
        let mut sum = 0.0;
        for j in 0..H {
            sum += self.w1[0][j] * self.w1[0][j];
            sum += self.w1[1][j] * self.w1[1][j];
            sum += self.b1[j] * self.b1[j];
        }
        for j in 0..H {
            for row in &self.w2 {
                sum += row[j] * row[j];
            }
            sum += self.b2[j] * self.b2[j];
        }
        for w in &self.w3 {
            sum += w * w;
        }
        sum + self.b3 * self.b3
    }
}

/// MLP `2 → H → H → 1` (ReLU, ReLU, linear) trained as micrograd's demo
/// trains its `MLP(2, [16, 16, 1])` (`H = 16`): full batch, mean hinge loss
/// plus `α·Σp²`, SGD.
#[derive(Clone, Debug)]
pub struct FastHandMlp<const H: usize> {
    /// The parameters.
    pub params: Weights<H>,
    /// `∂J/∂p` after a step (before its update).
    pub grads: Weights<H>,
    /// The scores of the last step, one per example.
    pub scores: Vec<f64>,
    /// The hinge loss of each example in the last step.
    losses: Vec<f64>,
}

impl<const H: usize> FastHandMlp<H> {
    /// The network with parameters `params` in micrograd's order (as
    /// [`init_params`](super::init_params) for `H = 16`).
    ///
    /// # Panics
    /// If `params` does not hold `(2 + 1)·H + (H + 1)·H + H + 1` numbers.
    pub fn new(params: &[f64]) -> FastHandMlp<H> {
        assert_eq!(
            params.len(),
            Weights::<H>::COUNT,
            "FastHandMlp::new: a 2-{H}-{H}-1 network has {} parameters, got {}",
            Weights::<H>::COUNT,
            params.len()
        );
        let mut weights = Weights::zeros();
        weights.visit(|x, k| *x = params[k]);
        FastHandMlp {
            params: weights,
            grads: Weights::zeros(),
            scores: Vec::new(),
            losses: Vec::new(),
        }
    }

    /// One step of micrograd's demo: mean hinge loss over the examples plus
    /// `alpha·Σp²`, backward, `p -= lr·∂J/∂p`. Returns the loss before the
    /// update; the scores are in [`scores`](FastHandMlp::scores).
    ///
    /// # Panics
    /// If `xs` and `ys` differ in length.
    pub fn step(&mut self, xs: &[[f64; 2]], ys: &[f64], alpha: f64, lr: f64) -> f64 {
        assert_eq!(xs.len(), ys.len(), "FastHandMlp::step: points and labels");
        let n = xs.len();
        // The L2 term's gradient first: micrograd's `p*p` node sends `α·p`
        // to each of its two (identical) inputs.
        self.grads.zip_with(&self.params, |g, p| {
            let share = alpha * p;
            *g = share + share;
        });
        self.scores.resize(n, 0.0);
        self.losses.resize(n, 0.0);
        // ∂J/∂loss_k = 1/n (micrograd multiplies by `1.0 / n`).
        let per_example = 1.0 / n as f64;
        let (p, g) = (&self.params, &mut self.grads);
        for k in (0..n).rev() {
            let (x, y) = (xs[k], ys[k]);
            // Forward: inputs outer, neurons inner.
            let mut a1 = p.b1;
            for (row, &xi) in p.w1.iter().zip(&x) {
                for (z, w) in a1.iter_mut().zip(row) {
                    *z += w * xi;
                }
            }
            let a1 = a1.map(relu);
            let mut a2 = p.b2;
            for (row, &ai) in p.w2.iter().zip(&a1) {
                for (z, w) in a2.iter_mut().zip(row) {
                    *z += w * ai;
                }
            }
            let a2 = a2.map(relu);
            let mut score = p.b3;
            for (w, a) in p.w3.iter().zip(&a2) {
                score += w * a;
            }
            self.scores[k] = score;
            let margin = score * -y + 1.0;
            self.losses[k] = relu(margin);
            if margin <= 0.0 || margin.is_nan() {
                continue; // no gradient flows through a satisfied margin
            }
            // Backward. ∂J/∂score; then e_j = ∂J/∂a_j·f'(z_j) per layer,
            // ∂J/∂w_ij += e_j·a_i, ∂J/∂a_i += e_j·w_ij.
            let d = -y * per_example;
            g.b3 += d;
            let mut e2 = [0.0; H];
            for j in 0..H {
                g.w3[j] += a2[j] * d;
                // a2 > 0 exactly where z2 > 0.
                e2[j] = if a2[j] > 0.0 { p.w3[j] * d } else { 0.0 };
            }
            for (gb, e) in g.b2.iter_mut().zip(&e2) {
                *gb += e;
            }
            for (grow, &ai) in g.w2.iter_mut().zip(&a1) {
                for (gw, e) in grow.iter_mut().zip(&e2) {
                    *gw += ai * e;
                }
            }
            // ∂J/∂a1_i adds its neurons' terms from the last to the first.
            // Eight rows at a time: eight independent sums, in registers,
            // each row read from its end (a whole column at a time would
            // jump a row's length between reads).
            let mut e1 = [0.0; H];
            for (out, rows) in e1.chunks_mut(8).zip(p.w2.chunks(8)) {
                let mut sums = [0.0; 8];
                match <&[[f64; H]; 8]>::try_from(rows) {
                    Ok(rows) => {
                        for j in (0..H).rev() {
                            let e = e2[j];
                            if e != 0.0 {
                                for (acc, row) in sums.iter_mut().zip(rows) {
                                    *acc += row[j] * e;
                                }
                            }
                        }
                    }
                    Err(_) => {
                        for j in (0..H).rev() {
                            let e = e2[j];
                            if e != 0.0 {
                                for (acc, row) in sums.iter_mut().zip(rows) {
                                    *acc += row[j] * e;
                                }
                            }
                        }
                    }
                }
                out.copy_from_slice(&sums[..out.len()]);
            }
            for (e, a) in e1.iter_mut().zip(&a1) {
                if *a <= 0.0 || a.is_nan() {
                    *e = 0.0;
                }
            }
            for (gb, e) in g.b1.iter_mut().zip(&e1) {
                *gb += e;
            }
            for (grow, &xi) in g.w1.iter_mut().zip(&x) {
                for (gw, e) in grow.iter_mut().zip(&e1) {
                    *gw += xi * e;
                }
            }
        }
        // The data loss adds the examples' losses in order (from `l_0 + 0`,
        // as Python's `sum` starts from 0), then the L2 term adds `p·p`
        // parameter by parameter in micrograd's order (from `p_0² + 0`).
        let data_loss = self.losses.iter().fold(0.0, |acc, l| acc + l) * per_example;
        // (A network without the L2 term, `alpha = 0`, skips the sum.)
        let loss = if alpha == 0.0 {
            data_loss
        } else {
            data_loss + self.params.sum_of_squares() * alpha
        };
        self.params.zip_with(&self.grads, |p, g| *p -= lr * g);
        loss
    }
}

/// `max(0, x)` as micrograd writes it (`0 if x < 0 else x`).
#[inline(always)]
fn relu(x: f64) -> f64 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}
