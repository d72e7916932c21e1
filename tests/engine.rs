//! The engine's behaviour: gradients of shared nodes, accumulation,
//! truncation and stale handles, n-ary nodes, replay, and very long graphs.

use scalargrad::{Graph, Op, Value};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn a_times_a_gets_both_contributions() {
    let g = Graph::new();
    let a = g.value(3.0);
    let y = a * a;
    y.backward();
    // d(a²)/da = 2a = 6: the node is used twice and gets both terms.
    assert_eq!(a.grad(), 6.0);
}

#[test]
fn a_plus_a_gets_both_contributions() {
    let g = Graph::new();
    let a = g.value(-1.5);
    (a + a).backward();
    assert_eq!(a.grad(), 2.0); // d(a + a)/da = 2
}

#[test]
fn shared_intermediate_nodes_accumulate() {
    let g = Graph::new();
    let a = g.value(0.5);
    let b = a + a;
    let c = b + b;
    c.backward();
    // c = 4a: dc/db = 2, dc/da = 4.
    assert_eq!(b.grad(), 2.0);
    assert_eq!(a.grad(), 4.0);
    assert_eq!(c.data(), 2.0);
}

#[test]
fn second_backward_adds_the_same_gradients_again() {
    let g = Graph::new();
    let x = g.value(2.0);
    let h = x * x; // h = x², dh/dx = 4
    let y = h * 3.0; // y = 3x², dy/dx = 12
    y.backward();
    assert_eq!((x.grad(), h.grad(), y.grad()), (12.0, 3.0, 1.0));
    y.backward();
    // Every node the root depends on gets ∂y/∂node once more; intermediate
    // gradients are not re-propagated (h would otherwise add 2·3·4 = 24).
    assert_eq!((x.grad(), h.grad(), y.grad()), (24.0, 6.0, 2.0));
}

#[test]
fn backward_touches_only_what_the_root_depends_on() {
    let g = Graph::new();
    let x = g.value(2.0);
    let y1 = x * 5.0; // dy1/dx = 5
    let y2 = x * 7.0; // dy2/dx = 7
    y1.backward();
    y2.backward();
    assert_eq!(x.grad(), 12.0);
    assert_eq!(y1.grad(), 1.0); // not part of y2's graph: unchanged
    assert_eq!(y2.grad(), 1.0);
}

#[test]
fn zero_grad_resets_every_gradient() {
    let g = Graph::new();
    let x = g.value(1.0);
    let y = (x * 2.0).tanh();
    y.backward();
    assert_ne!(x.grad(), 0.0);
    g.zero_grad();
    assert_eq!((x.grad(), y.grad()), (0.0, 0.0));
    y.backward();
    // d tanh(2x)/dx = 2(1 - tanh²(2)) at x = 1
    assert!(close(x.grad(), 2.0 * (1.0 - 2f64.tanh().powi(2)), 1e-15));
}

#[test]
fn set_grad_then_backward_adds_on_top() {
    let g = Graph::new();
    let x = g.value(3.0);
    x.set_grad(10.0);
    let y = x * x;
    y.backward();
    assert_eq!(x.grad(), 16.0); // 10 + 2·3
}

#[test]
fn relu_derivative_at_the_kink_is_zero_like_pytorch() {
    let g = Graph::new();
    let x = g.value(0.0);
    x.relu().backward();
    assert_eq!(x.grad(), 0.0);
}

#[test]
fn leaky_relu_and_elu_use_the_negative_side_at_zero() {
    let g = Graph::new();
    let x = g.value(0.0);
    x.leaky_relu(0.01).backward();
    assert_eq!(x.grad(), 0.01);
    g.zero_grad();
    x.elu(0.5).backward();
    assert_eq!(x.grad(), 0.5); // α·e⁰
}

#[test]
fn prelu_slope_is_learnable() {
    let g = Graph::new();
    let x = g.value(-2.0);
    let a = g.value(0.25);
    let y = x.prelu(a);
    y.backward();
    assert_eq!(y.data(), -0.5); // 0.25·(-2)
    assert_eq!(a.grad(), -2.0); // ∂/∂a = x for x ≤ 0
    assert_eq!(x.grad(), 0.25); // ∂/∂x = a for x ≤ 0
}

#[test]
fn activations_take_known_values() {
    let g = Graph::new();
    let zero = g.value(0.0);
    assert_eq!(zero.sigmoid().data(), 0.5);
    assert_eq!(zero.tanh().data(), 0.0);
    assert!(close(zero.softplus().data(), 2f64.ln(), 1e-16)); // ln(1 + e⁰)
    assert_eq!(zero.gelu().data(), 0.0);
    let one = g.value(1.0);
    // GELU(1) = Φ(1) = 0.8413447460685429 (standard normal table)
    assert!(close(one.gelu().data(), 0.8413447460685429, 1e-15));
    // swish(1, β=1) = σ(1) = 0.7310585786300049
    assert!(close(one.swish(1.0).data(), 0.7310585786300049, 1e-15));
    // softplus is stable where ln(1 + eˣ) would overflow
    assert_eq!(g.value(1000.0).softplus().data(), 1000.0);
    assert_eq!(g.value(-1000.0).sigmoid().data(), 0.0);
}

#[test]
fn sigmoid_derivative_is_at_most_a_quarter() {
    let g = Graph::new();
    for &x in &[-5.0, -1.0, 0.0, 1.0, 5.0] {
        g.zero_grad();
        let v = g.value(x);
        v.sigmoid().backward();
        // σ'(x) = σ(x)(1 - σ(x)) ≤ 1/4, with equality at 0
        assert!(v.grad() <= 0.25);
        if x == 0.0 {
            assert_eq!(v.grad(), 0.25);
        }
    }
}

#[test]
fn operators_with_numbers_on_either_side() {
    let g = Graph::new();
    let x = g.value(4.0);
    assert_eq!((x + 1.0).data(), 5.0);
    assert_eq!((1.0 + x).data(), 5.0);
    assert_eq!((x - 1.0).data(), 3.0);
    assert_eq!((1.0 - x).data(), -3.0);
    assert_eq!((x * 2.0).data(), 8.0);
    assert_eq!((2.0 * x).data(), 8.0);
    assert_eq!((x / 2.0).data(), 2.0);
    assert_eq!((2.0 / x).data(), 0.5);
    assert_eq!((-x).data(), -4.0);
    let y = 2.0 / x; // d/dx (2/x) = -2/x² = -1/8
    y.backward();
    assert_eq!(x.grad(), -0.125);
}

#[test]
fn names_are_kept_and_shown() {
    let g = Graph::new();
    let w = g.value(0.5).named("w1");
    let y = w * 2.0;
    assert_eq!(w.name().as_deref(), Some("w1"));
    assert_eq!(y.name(), None);
    assert_eq!(format!("{w:?}"), "Value(w1: data=0.5, grad=0.0)");
}

#[test]
fn op_and_inputs_describe_the_node() {
    let g = Graph::new();
    let x = g.value(1.0);
    let y = g.value(2.0);
    let z = x * y;
    assert_eq!(z.op(), Op::Mul);
    let inputs: Vec<usize> = z.inputs().iter().map(|v| v.index()).collect();
    assert_eq!(inputs, vec![x.index(), y.index()]);
    let t = z.tanh();
    assert_eq!(t.op(), Op::Tanh);
    assert_eq!(t.inputs().len(), 1);
    let p = x.powf(3.0);
    assert_eq!(p.inputs()[1].data(), 3.0); // the constant exponent
    assert_eq!(x.op(), Op::Leaf);
    assert!(x.inputs().is_empty());
}

#[test]
fn sum_of_nothing_is_zero() {
    let g = Graph::new();
    let s = g.sum(&[]);
    s.backward();
    assert_eq!(s.data(), 0.0);
    assert_eq!(s.op(), Op::Sum);
}

/// Builds the same dot and affine nodes from contiguous leaves (range form)
/// and from scattered ones (list form).
#[test]
fn nary_nodes_agree_in_range_and_list_form() {
    let w_data = [0.5, -1.25, 2.0];
    let x_data = [3.0, 0.75, -0.5];
    let bias = 0.125;
    // z = 0.5·3 - 1.25·0.75 + 2·(-0.5) + 0.125 = 1.5 - 0.9375 - 1 + 0.125
    let expected = -0.3125;

    let check = |w: &[Value], x: &[Value], b: Value| {
        let z = b.graph().affine(w, x, b);
        let d = b.graph().dot(w, x);
        let s = b.graph().sum(x);
        assert_eq!(z.data(), expected);
        assert_eq!(d.data(), expected - bias);
        assert_eq!(s.data(), 3.25);
        assert_eq!(z.inputs().len(), 7);
        z.backward();
        for k in 0..3 {
            assert_eq!(w[k].grad(), x_data[k]); // ∂z/∂w_k = x_k
            assert_eq!(x[k].grad(), w_data[k]); // ∂z/∂x_k = w_k
        }
        assert_eq!(b.grad(), 1.0);
        b.graph().zero_grad();
        (d + s).backward();
        for k in 0..3 {
            assert_eq!(x[k].grad(), w_data[k] + 1.0);
        }
    };

    let g = Graph::new();
    let w = g.values(&w_data);
    let b = g.value(bias);
    let x = g.values(&x_data);
    check(&w, &x, b);

    let g = Graph::new();
    let mut w = Vec::new();
    let mut x = Vec::new();
    for k in 0..3 {
        x.push(g.value(x_data[k]));
        w.push(g.value(w_data[k]));
    }
    let b = g.value(bias);
    check(&w, &x, b);
}

/// Sums, dots and affine nodes add their terms left to right from the bias
/// (micrograd's `sum(wi*xi …, b)`), whether their values are consecutive
/// (read as slices) or scattered: 1e16 + 1 rounds back to 1e16 (the
/// spacing of doubles there is 2), so another order would leave a 1.
#[test]
fn nary_nodes_add_left_to_right_from_the_bias_in_either_form() {
    let check = |g: &Graph, ones: &[Value], x: &[Value], bias: Value| {
        // (1 + 1e16) − 1e16 = 1e16 − 1e16 = 0; the other way round, 1.
        assert_eq!(g.sum(&[bias, x[0], x[1]]).data(), 0.0);
        assert_eq!(g.affine(ones, x, bias).data(), 0.0);
        // 1e16 − 1e16 = 0, then + 1.
        assert_eq!(
            g.dot(&[ones[0], ones[1], bias], &[x[1], x[0], ones[0]])
                .data(),
            1.0
        );
    };
    let g = Graph::new();
    let ones = g.values(&[1.0, 1.0]);
    let bias = g.value(1.0);
    let x = g.values(&[1e16, -1e16]);
    check(&g, &ones, &x, bias);
    // A dot of two runs with no bias: 1 + 1e16 = 1e16, − 1e16 = 0; right
    // to left, 1.
    let w = g.values(&[1.0, 1.0, 1.0]);
    let x3 = g.values(&[1.0, 1e16, -1e16]);
    assert_eq!(g.dot(&w, &x3).data(), 0.0);

    let g = Graph::new();
    let x0 = g.value(1e16);
    let one = g.value(1.0);
    let x1 = g.value(-1e16);
    let bias = g.value(1.0);
    let other = g.value(1.0);
    check(&g, &[one, other], &[x0, x1], bias);
    assert_eq!(g.dot(&[one, other, one], &[bias, x0, x1]).data(), 0.0);
}

/// Consecutive nodes made in different epochs (one from before a
/// truncation, one after it) are checked one by one: the later node alive
/// says nothing of the earlier one.
#[test]
fn nary_nodes_check_every_value_unless_they_are_one_epoch_s_consecutive_nodes() {
    let g = Graph::new();
    let a = g.values(&[1.0, 2.0]);
    g.truncate(a[1].index()); // a[1] discarded
    let b = g.value(5.0); // a[1]'s index, in a new epoch
    let c = g.value(7.0);
    assert_eq!(g.sum(&[a[0], b]).data(), 6.0);
    assert_eq!(g.dot(&[a[0], b], &[b, c]).data(), 40.0); // 1·5 + 5·7
    let message = |f: &dyn Fn()| {
        let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_err();
        err.downcast_ref::<String>().cloned().unwrap_or_default()
    };
    // The discarded node is found whether it is first or last, and whether
    // the values are consecutive (`a`) or not.
    for values in [vec![a[0], a[1]], vec![a[1], c], vec![b, a[1]]] {
        let text = message(&|| {
            g.sum(&values);
        });
        assert!(text.starts_with("Graph::sum: this Value"), "{text}");
        let text = message(&|| {
            g.dot(&values, &[b, c]);
        });
        assert!(text.starts_with("Graph::dot: this Value"), "{text}");
    }
}

#[test]
fn dot_of_a_vector_with_itself() {
    let g = Graph::new();
    let x = g.values(&[1.0, 2.0, 3.0]);
    let d = g.dot(&x, &x); // Σx² = 14, ∂/∂x_i = 2x_i
    d.backward();
    assert_eq!(d.data(), 14.0);
    assert_eq!(
        x.iter().map(|v| v.grad()).collect::<Vec<_>>(),
        vec![2.0, 4.0, 6.0]
    );
}

#[test]
#[should_panic(expected = "Graph::dot: got 2 weights but 3 inputs")]
fn dot_with_mismatched_lengths_panics_with_sizes() {
    let g = Graph::new();
    let w = g.values(&[1.0, 2.0]);
    let x = g.values(&[1.0, 2.0, 3.0]);
    g.dot(&w, &x);
}

#[test]
#[should_panic(expected = "Value + Value: the values belong to different graphs")]
fn mixing_graphs_panics() {
    let g1 = Graph::new();
    let g2 = Graph::new();
    let _ = g1.value(1.0) + g2.value(2.0);
}

#[test]
#[should_panic(expected = "Graph::sum: the values belong to different graphs")]
fn summing_values_of_another_graph_panics() {
    let g1 = Graph::new();
    let g2 = Graph::new();
    let x = g2.value(1.0);
    g1.sum(&[x]);
}

#[test]
#[should_panic(expected = "Value::data: this Value (node #2) was discarded by Graph::truncate(1)")]
fn a_discarded_handle_panics_instead_of_reading_its_successor() {
    let g = Graph::new();
    let w = g.value(1.0);
    let y = (w * 2.0).tanh(); // nodes 1 (the constant 2), 2 (the product), 3
    let product = y.inputs()[0];
    g.truncate(1);
    // Node #2 now holds something else.
    let _ = g.value(10.0) + g.value(20.0);
    assert_eq!(g.len(), 4);
    let _ = product.data();
}

#[test]
#[should_panic(expected = "was discarded by Graph::truncate")]
fn a_discarded_handle_stays_stale_across_later_truncations() {
    let g = Graph::new();
    let _params = g.values(&[1.0, 2.0, 3.0]);
    let x = g.value(4.0); // node 3
    g.truncate(3);
    let _ = g.values(&[5.0, 6.0]);
    g.truncate(5); // cuts above x's old slot; x must still be known as stale
    let _ = g.value(7.0);
    x.backward();
}

#[test]
fn handles_below_the_cut_survive_truncation() {
    let g = Graph::new();
    let w = g.value(1.5).named("w");
    let n = g.len();
    for step in 0..5 {
        let y = w * w; // d(w²)/dw = 2w
        g.zero_grad();
        y.backward();
        assert_eq!(w.grad(), 3.0, "step {step}");
        g.truncate(n);
        assert_eq!(g.len(), n);
    }
    assert_eq!(w.name().as_deref(), Some("w"));
    // A handle created after the truncation, in a recycled slot, is alive.
    let fresh = w + 1.0;
    assert_eq!(fresh.data(), 2.5);
}

#[test]
fn truncate_trims_operand_lists_and_names() {
    let g = Graph::new();
    let a = g.value(1.0);
    let b = g.value(2.0);
    let n = g.len();
    for _ in 0..100 {
        // [b, a] is not a contiguous range: it goes to the operand list.
        let s = g.sum(&[b, a]).named("s");
        assert_eq!(s.data(), 3.0);
        g.truncate(n);
    }
    let before = g.memory_bytes();
    for _ in 0..10_000 {
        g.sum(&[b, a, b]).named("s");
        g.truncate(n);
    }
    assert_eq!(g.memory_bytes(), before);
}

#[test]
fn memory_stays_flat_over_ten_thousand_rounds() {
    let g = Graph::new();
    let params = g.values(&[0.3, -0.7, 1.1]);
    let n = g.len();
    let round = || {
        let x = g.values(&[1.0, 2.0, 3.0]);
        let z = g.dot(&params, &x).tanh() + (params[0] * x[1]).relu();
        let loss = (z - 1.0).powf(2.0);
        g.zero_grad();
        loss.backward();
        g.truncate(n);
    };
    round();
    let capacity = g.capacity();
    let bytes = g.memory_bytes();
    for _ in 0..10_000 {
        round();
    }
    assert_eq!(g.capacity(), capacity);
    assert_eq!(g.memory_bytes(), bytes);
    assert_eq!(g.len(), n);
}

#[test]
fn a_chain_of_a_million_nodes_runs_without_recursion() {
    let g = Graph::with_capacity(1_000_001);
    let x = g.value(1.0);
    let mut acc = x;
    for _ in 0..1_000_000 {
        acc += x;
    }
    acc.backward();
    // acc = (10⁶ + 1)·x
    assert_eq!(acc.data(), 1_000_001.0);
    assert_eq!(x.grad(), 1_000_001.0);
    drop(g);
}

#[test]
#[ignore = "10M nodes: run with --release -- --ignored (the bench measures its time)"]
fn a_chain_of_ten_million_nodes_runs_without_recursion() {
    let g = Graph::new();
    let x = g.value(1.0);
    let mut acc = x;
    for _ in 0..10_000_000 {
        acc += x;
    }
    acc.backward();
    assert_eq!(x.grad(), 10_000_001.0);
}

#[test]
fn backward_passes_over_runs_of_nodes_without_gradient_of_every_length() {
    // Nodes the root does not depend on get no gradient and are passed
    // over, several at a time in long runs; the nodes around such a run
    // must still get theirs, whatever its length, and whether the
    // gradient next to it is positive, negative or NaN.
    for unused in 0..40 {
        for (upstream, before) in [(2.0, 0), (2.0, 2), (-3.0, 1), (f64::NAN, 0)] {
            let g = Graph::new();
            let x = g.value(3.0);
            let lead: Vec<Value> = (0..before).map(|k| x * k as f64).collect();
            let a = x * 1.0;
            for _ in 0..unused {
                let _ = x.exp(); // one node, on no path to the root
            }
            let y = a * upstream + lead.iter().fold(x, |acc, &v| acc + v);
            y.backward();
            // y = u·x + x + Σ_{k<before} k·x: ∂y/∂x = u + 1 + Σ k (NaN if
            // u is: the NaN must reach x, not be passed over as a zero).
            let expected = upstream + 1.0 + (0..before).sum::<usize>() as f64;
            let got = x.grad();
            assert!(
                got == expected || (got.is_nan() && expected.is_nan()),
                "{unused} unused nodes, u = {upstream}, {before} before: {got} (expected {expected})"
            );
        }
    }
}

#[test]
fn recompute_replays_the_graph_with_new_leaf_data() {
    let build = |g: &Graph, w: f64, x: f64| -> (f64, f64) {
        let w = g.value(w);
        let x = g.value(x);
        let y = (g.dot(&[w, w], &[x, x]).tanh() + (w * x).relu() - x.sigmoid()).powf(2.0);
        y.backward();
        (y.data(), w.grad())
    };

    let g = Graph::new();
    let w = g.value(0.4);
    let x = g.value(-1.2);
    let y = (g.dot(&[w, w], &[x, x]).tanh() + (w * x).relu() - x.sigmoid()).powf(2.0);
    for &(wv, xv) in &[(0.4, -1.2), (1.5, 0.3), (-0.7, 2.0)] {
        w.set_data(wv);
        x.set_data(xv);
        g.recompute();
        g.zero_grad();
        y.backward();
        let fresh = Graph::new();
        let (data, grad) = build(&fresh, wv, xv);
        assert_eq!(y.data(), data);
        assert_eq!(w.grad(), grad);
    }
}

/// Records a program of running sums on `leaves` (`s ← s + w·x` in several
/// forms, broken now and then by another op), chosen by `program`; returns
/// every node it made, in order.
fn running_sums<'g>(leaves: &[Value<'g>], program: &[u8]) -> Vec<Value<'g>> {
    let leaf = |k: usize| leaves[k % leaves.len()];
    // Two sums, so that a term of one may follow a term of the other.
    let (mut s, mut t) = (leaf(0), leaf(1));
    let mut made = vec![];
    for (k, &step) in program.iter().enumerate() {
        let (w, x) = (leaf(k + 1), leaf(k + 2));
        let p = match step % 10 {
            0 | 1 => w * x, // the usual term
            2 => w * s,     // a product that reads the sum itself
            3 => s * s,     // ... twice
            4 => x * w,     // inputs the other way round
            5 => {
                t += w * x; // a term of the other sum (`t + w·x`)
                made.push(t);
                continue;
            }
            6 => {
                s -= w * x; // a product subtracted, not added
                made.push(s);
                continue;
            }
            7 => {
                let p = w * x; // a product the add after it does not read
                s += x;
                made.extend([p, s]);
                continue;
            }
            8 => {
                s += s; // an add of the sum to itself
                made.push(s);
                continue;
            }
            _ => {
                s = s.tanh(); // not a term: the chain breaks here
                made.push(s);
                continue;
            }
        };
        s += p; // `s + p`
        made.extend([p, s]);
    }
    made
}

#[test]
fn recompute_carries_a_running_sum_from_term_to_term_as_recording_does() {
    // Replay keeps `s` in a register along a chain of terms; every node must
    // still hold, bit for bit, what recording the program with the new
    // leaf values gives.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..200 {
        let program: Vec<u8> = (0..next() % 40).map(|_| next() as u8).collect();
        let n_leaves = 1 + next() as usize % 5;
        let values = |next: &mut dyn FnMut() -> u64| -> Vec<f64> {
            (0..n_leaves)
                .map(|_| (next() % 2001) as f64 / 1000.0 - 1.0)
                .collect()
        };
        let (first, second) = (values(&mut next), values(&mut next));

        let g = Graph::new();
        let leaves = g.values(&first);
        let replayed = running_sums(&leaves, &program);
        for (leaf, &v) in leaves.iter().zip(&second) {
            leaf.set_data(v);
        }
        g.recompute();

        let fresh = Graph::new();
        let recorded = running_sums(&fresh.values(&second), &program);
        for (k, (a, b)) in replayed.iter().zip(&recorded).enumerate() {
            assert_eq!(
                a.data().to_bits(),
                b.data().to_bits(),
                "round {round}, node {k}: {} replayed, {} recorded",
                a.data(),
                b.data()
            );
        }
    }
}

#[test]
fn recompute_runs_a_neuron_s_sum_of_terms() {
    // micrograd's neuron: act = b + w0·x0 + w1·x1 + w2·x2, recorded as
    // products each added to the sum right after it.
    let g = Graph::new();
    let w = g.values(&[0.5, -1.0, 2.0]);
    let x = g.values(&[1.0, 2.0, 3.0]);
    let b = g.value(0.25);
    let act = w.iter().zip(&x).fold(b, |act, (&w, &x)| act + w * x);
    // 0.25 + 0.5 − 2 + 6 = 4.75
    assert_eq!(act.data(), 4.75);
    for (v, new) in x.iter().zip([2.0, -1.0, 0.5]) {
        v.set_data(new);
    }
    g.recompute();
    // 0.25 + 1 + 1 + 1 = 3.25
    assert_eq!(act.data(), 3.25);
    act.backward();
    // ∂act/∂w_i = x_i, ∂act/∂x_i = w_i, ∂act/∂b = 1.
    let grads = |vs: &[Value]| vs.iter().map(|v| v.grad()).collect::<Vec<_>>();
    assert_eq!(grads(&w), [2.0, -1.0, 0.5]);
    assert_eq!(grads(&x), [0.5, -1.0, 2.0]);
    assert_eq!(b.grad(), 1.0);
}

#[test]
fn recompute_handles_a_product_followed_by_its_sum() {
    // Shapes the replay evaluates as a pair: a product added to a running
    // sum right after it, and a product added to itself.
    let g = Graph::new();
    let (w, x, b) = (g.value(0.5), g.value(-2.0), g.value(3.0));
    let running = b + w * x; // add(b, w·x), the product just before it
    let doubled = w * x + w * x; // add(p, q): q is the node just before it
    let square = {
        let p = w * x;
        p + p // add(p, p) right after p
    };
    w.set_data(1.5);
    x.set_data(4.0);
    g.recompute();
    // w·x = 6: 3 + 6 = 9, 6 + 6 = 12, 6 + 6 = 12.
    assert_eq!(running.data(), 9.0);
    assert_eq!(doubled.data(), 12.0);
    assert_eq!(square.data(), 12.0);
    let total = running + doubled + square;
    g.zero_grad();
    total.backward();
    // total = b + 5·w·x: ∂/∂w = 5x = 20, ∂/∂x = 5w = 7.5, ∂/∂b = 1.
    assert_eq!(w.grad(), 20.0);
    assert_eq!(x.grad(), 7.5);
    assert_eq!(b.grad(), 1.0);
}

#[test]
fn backward_from_a_leaf_twice_adds_one_each_time() {
    // d x/d x = 1, accumulated: 1 then 2; a parameter zeroed by hand
    // (set_grad(0), as Optimizer::zero_grad does) starts again from 0.
    let g = Graph::new();
    let x = g.value(3.0);
    x.backward();
    x.backward();
    assert_eq!(x.grad(), 2.0);
    let y = x * x; // dy/dx = 2x = 6
    x.set_grad(0.0);
    y.backward();
    assert_eq!(x.grad(), 6.0);
    y.backward(); // y's own gradient (1) must not flow a second time: 6 + 6
    assert_eq!(x.grad(), 12.0);
    assert_eq!(y.grad(), 2.0);
}

#[test]
fn non_finite_values_propagate() {
    let g = Graph::new();
    let zero = g.value(0.0);
    assert_eq!(zero.ln().data(), f64::NEG_INFINITY);
    assert!(g.value(-1.0).sqrt().data().is_nan());
    assert_eq!((g.value(1.0) / zero).data(), f64::INFINITY);
    assert!(g.value(f64::NAN).relu().data().is_nan()); // relu keeps NaN visible
}
