//! micrograd's demo network written plainly by hand on `f64` vectors,
//! forward and backward, no graph at all (the benchmarks' yardstick until
//! [`fast_handwritten`](super::fast_handwritten), which is 2–2.6 × faster),
//! and the lesson's recursion written as loops: `e_j = ∂J/∂a_j · f'(z_j)`, `∂J/∂w_ij += e_j·a_i`,
//! `∂J/∂a_i += e_j·w_ij`.

/// An MLP with ReLU hidden layers and a linear output, parameters in
/// micrograd's order (layer by layer, neuron by neuron, weights then bias).
pub struct HandMlp {
    sizes: Vec<usize>,
    /// The parameters, in micrograd's order.
    pub params: Vec<f64>,
    /// `∂J/∂p` for each parameter, after a step (before its update).
    pub grads: Vec<f64>,
    /// Per layer, the offset of its first parameter.
    offsets: Vec<usize>,
    /// Activations a⁽ˡ⁾ of one example, per layer (a⁽⁰⁾ = x).
    acts: Vec<Vec<f64>>,
    /// Pre-activations z⁽ˡ⁾ of one example, per layer (index 0 unused).
    pre: Vec<Vec<f64>>,
    /// ∂J/∂a⁽ˡ⁾ of one example, per layer.
    delta: Vec<Vec<f64>>,
}

impl HandMlp {
    /// The network with layer sizes `sizes` (inputs first, e.g.
    /// [`LAYERS`](super::LAYERS)) and parameters `params`.
    ///
    /// # Panics
    /// If `params` does not hold `Σ (n_in + 1)·n_out` numbers.
    pub fn new(sizes: &[usize], params: &[f64]) -> HandMlp {
        let mut offsets = Vec::new();
        let mut total = 0;
        for pair in sizes.windows(2) {
            offsets.push(total);
            total += (pair[0] + 1) * pair[1];
        }
        assert_eq!(total, params.len());
        HandMlp {
            sizes: sizes.to_vec(),
            params: params.to_vec(),
            grads: vec![0.0; total],
            offsets,
            acts: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            pre: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            delta: sizes.iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    fn forward(&mut self, x: &[f64]) -> f64 {
        self.acts[0].copy_from_slice(x);
        let layers = self.sizes.len() - 1;
        for l in 0..layers {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            let mut p = self.offsets[l];
            for j in 0..n_out {
                let w = &self.params[p..p + n_in];
                // b + Σ w·a, left to right, as micrograd adds.
                let mut z = self.params[p + n_in];
                for (wi, ai) in w.iter().zip(&self.acts[l]) {
                    z += wi * ai;
                }
                self.pre[l + 1][j] = z;
                self.acts[l + 1][j] = if l + 1 == layers || z > 0.0 { z } else { 0.0 };
                p += n_in + 1;
            }
        }
        self.acts[layers][0]
    }

    fn backward(&mut self, d_score: f64) {
        let layers = self.sizes.len() - 1;
        self.delta[layers][0] = d_score;
        for l in (0..layers).rev() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            self.delta[l].iter_mut().for_each(|d| *d = 0.0);
            let mut p = self.offsets[l];
            for j in 0..n_out {
                // e_j = ∂J/∂a_j · f'(z_j)
                let hidden = l + 1 < layers;
                let e = if hidden && self.pre[l + 1][j] <= 0.0 {
                    0.0
                } else {
                    self.delta[l + 1][j]
                };
                if e != 0.0 {
                    for i in 0..n_in {
                        self.grads[p + i] += e * self.acts[l][i];
                        self.delta[l][i] += e * self.params[p + i];
                    }
                    self.grads[p + n_in] += e;
                }
                p += n_in + 1;
            }
        }
    }

    /// One step of micrograd's demo: full batch, mean hinge loss plus
    /// `alpha·Σp²`, SGD with `lr`. Returns the loss before the update and the
    /// scores.
    pub fn step(&mut self, xs: &[[f64; 2]], ys: &[f64], alpha: f64, lr: f64) -> (f64, Vec<f64>) {
        self.grads.iter_mut().for_each(|g| *g = 0.0);
        let n = xs.len() as f64;
        let mut data_loss = 0.0;
        let mut scores = Vec::with_capacity(xs.len());
        for (x, &y) in xs.iter().zip(ys) {
            let score = self.forward(x);
            scores.push(score);
            let margin = 1.0 - y * score;
            if margin > 0.0 {
                data_loss += margin;
                self.backward(-y / n);
            }
        }
        let mut reg = 0.0;
        for (p, g) in self.params.iter().zip(self.grads.iter_mut()) {
            reg += p * p;
            *g += 2.0 * alpha * p;
        }
        let loss = data_loss / n + alpha * reg;
        for (p, g) in self.params.iter_mut().zip(&self.grads) {
            *p -= lr * g;
        }
        (loss, scores)
    }
}
