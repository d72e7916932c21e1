//! The micrograd moons demo, reproduced step for step from the reference data
//! in `tests/data/micrograd_demo` (loss and accuracy at each of 100 steps), by
//! every way of computing it in `scalargrad::lesson::micrograd`.

use rand::SeedableRng;
use scalargrad::lesson::micrograd::{
    self, accuracy_percent, data_parallel, init_params, learning_rate, micrograd_loss, moons,
    replay,
};
use scalargrad::nn::{Activation, Mlp};
use scalargrad::{loss, Graph, Value};

/// `(step, loss, accuracy %)` at each of the 100 steps of micrograd's run.
fn trajectory() -> Vec<(usize, f64, f64)> {
    include_str!("data/micrograd_demo/trajectory.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn micrograd_shaped_graph_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let expected = trajectory();
    let g = Graph::new();
    let params = g.values(&init_params());
    assert_eq!(params.len(), 337);
    let n_params = g.len();
    for &(step, loss_ref, accuracy_ref) in &expected {
        let (loss, scores) = micrograd_loss(&mut &g, &params, &xs, &ys);
        let scores: Vec<f64> = scores.iter().map(|s| s.data()).collect();
        assert!(
            (loss.data() - loss_ref).abs() < 1e-12,
            "step {step}: loss {} vs micrograd {loss_ref}",
            loss.data()
        );
        assert_eq!(accuracy_percent(&scores, &ys), accuracy_ref, "step {step}");
        g.zero_grad();
        loss.backward();
        let lr = learning_rate(step);
        for p in &params {
            p.set_data(p.data() - lr * p.grad());
        }
        g.truncate(n_params);
    }
}

#[test]
fn the_graph_has_micrograds_node_count() {
    // Per point: layer 1 has 16 neurons × (2 mul + 2 add + relu) = 80 nodes,
    // layer 2 16 × (16 + 16 + 1) = 528, layer 3 1 × 32 = 32: 640 per point,
    // 64,000 for 100 points, plus 200 input leaves. Loss: per point a
    // constant, a mul, a constant, an add and a relu (500); the sum of losses
    // 1 constant + 100 adds, the mean 2; the L2 term 337 muls + 337 adds +
    // 1 constant, and 2 for alpha; the total 1. Parameters: 337.
    let expected = 337 + 200 + 64_000 + 500 + 101 + 2 + 675 + 2 + 1;
    let (xs, ys) = moons();
    let g = Graph::new();
    let params = g.values(&init_params());
    micrograd_loss(&mut &g, &params, &xs, &ys);
    assert_eq!(g.len(), expected);

    let (mut tape, tape_params) = micrograd::demo_tape();
    micrograd_loss(&mut &mut tape, &tape_params, &xs, &ys);
    assert_eq!(tape.nodes.len(), expected);
}

#[test]
fn yardstick_tape_computes_the_same_first_step() {
    let (xs, ys) = moons();
    let g = Graph::new();
    let params = g.values(&init_params());
    let (loss, _) = micrograd_loss(&mut &g, &params, &xs, &ys);
    loss.backward();

    let (mut tape, tape_params) = micrograd::demo_tape();
    let (tape_loss, _) = micrograd_loss(&mut &mut tape, &tape_params, &xs, &ys);
    tape.backward(tape_loss);

    assert_eq!(tape.nodes[tape_loss as usize].data, loss.data());
    assert_eq!(loss.data(), trajectory()[0].1);
    for (p, &tp) in params.iter().zip(&tape_params) {
        assert_eq!(p.grad(), tape.nodes[tp as usize].grad);
    }
}

#[test]
fn mlp_with_affine_neurons_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let g = Graph::new();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mlp = Mlp::new(&g, 2, &[16, 16, 1], Activation::Relu, &mut rng);
    let params = mlp.parameters();
    assert_eq!(params.len(), 337);
    // micrograd's parameters() order is ours: load the reference values.
    for (p, v) in params.iter().zip(init_params()) {
        p.set_data(v);
    }
    let n = g.len();
    for &(step, loss_ref, accuracy_ref) in &trajectory() {
        let scores: Vec<Value> = xs.iter().map(|x| mlp.forward(&g.values(x))[0]).collect();
        let losses: Vec<Value> = scores
            .iter()
            .zip(&ys)
            .map(|(&s, &y)| loss::hinge(s, y))
            .collect();
        let total = loss::mean(&losses) + loss::l2(&params) * micrograd::ALPHA;
        assert!(
            (total.data() - loss_ref).abs() < 1e-9,
            "step {step}: loss {} vs micrograd {loss_ref}",
            total.data()
        );
        let scores: Vec<f64> = scores.iter().map(|s| s.data()).collect();
        assert_eq!(accuracy_percent(&scores, &ys), accuracy_ref, "step {step}");
        g.zero_grad();
        total.backward();
        let lr = learning_rate(step);
        for p in &params {
            p.set_data(p.data() - lr * p.grad());
        }
        g.truncate(n);
    }
}

#[test]
fn the_handwritten_yardstick_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let mut hand = micrograd::handwritten::HandMlp::new(&micrograd::LAYERS, &init_params());
    for &(step, loss_ref, accuracy_ref) in &trajectory() {
        let (loss, scores) = hand.step(&xs, &ys, micrograd::ALPHA, learning_rate(step));
        assert!(
            (loss - loss_ref).abs() < 1e-9,
            "step {step}: {loss} vs {loss_ref}"
        );
        assert_eq!(accuracy_percent(&scores, &ys), accuracy_ref, "step {step}");
    }
}

#[test]
fn the_bench_mlp_step_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let g = Graph::new();
    let (mlp, params, keep) = micrograd::demo_mlp(&g);
    // The same network run one example at a time.
    let g1 = Graph::new();
    let (mlp1, params1, keep1) = micrograd::demo_mlp(&g1);
    for &(step, loss_ref, _) in &trajectory() {
        let lr = learning_rate(step);
        let loss = micrograd::mlp_step(&g, &mlp, &params, keep, &xs, &ys, lr);
        let one = micrograd::mlp_step_per_example(&g1, &mlp1, &params1, keep1, &xs, &ys, lr);
        assert!(
            (loss - loss_ref).abs() < 1e-9,
            "step {step}: {loss} vs {loss_ref}"
        );
        // Only the order of the nodes differs: the same numbers.
        assert_eq!(loss.to_bits(), one.to_bits(), "step {step}");
    }
    let bits =
        |ps: &[scalargrad::Value]| -> Vec<u64> { ps.iter().map(|p| p.data().to_bits()).collect() };
    assert_eq!(bits(&params), bits(&params1));
}

#[test]
fn the_bench_mlp_replay_step_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let g = Graph::new();
    let (mlp, params, _) = micrograd::demo_mlp(&g);
    let total = micrograd::mlp_loss(&g, &mlp, &params, &xs, &ys);
    for &(step, loss_ref, _) in &trajectory() {
        let loss = micrograd::replay_step(&g, total, &params, learning_rate(step));
        assert!(
            (loss - loss_ref).abs() < 1e-9,
            "step {step}: {loss} vs {loss_ref}"
        );
    }
}

#[test]
fn the_bench_micrograd_steps_reproduce_the_reference_trajectory() {
    // micrograd's graph of binary ops, recorded every step and replayed.
    let (xs, ys) = moons();
    let rebuilt = Graph::new();
    let params = rebuilt.values(&init_params());
    let keep = rebuilt.len();
    let replayed = Graph::new();
    let replay_params = replayed.values(&init_params());
    let (total, _) = micrograd_loss(&mut &replayed, &replay_params, &xs, &ys);
    for &(step, loss_ref, _) in &trajectory() {
        let lr = learning_rate(step);
        let a = micrograd::micrograd_step(&rebuilt, &params, keep, &xs, &ys, lr);
        let b = micrograd::replay_step(&replayed, total, &replay_params, lr);
        assert!(
            (a - loss_ref).abs() < 1e-9 && (b - loss_ref).abs() < 1e-9,
            "step {step}: rebuilt {a}, replayed {b} vs {loss_ref}"
        );
    }
}

#[test]
fn the_bench_tape_step_reproduces_the_reference_trajectory() {
    let (xs, ys) = moons();
    let (mut tape, params) = micrograd::demo_tape();
    for &(step, loss_ref, _) in &trajectory() {
        let loss = micrograd::tape_step(&mut tape, &params, &xs, &ys, learning_rate(step));
        assert!(
            (loss - loss_ref).abs() < 1e-9,
            "step {step}: {loss} vs {loss_ref}"
        );
    }
}

#[test]
fn replaying_the_recorded_graph_reproduces_the_reference_trajectory() {
    // lesson::micrograd::replay records the demo's graph once and replays it with
    // `Graph::recompute` for 100 steps.
    let mut printed = Vec::new();
    let report = replay::run(&mut printed).unwrap();
    let reference = trajectory();
    assert_eq!(report.replayed.len(), reference.len());
    for (&(step, loss_ref, _), &loss) in reference.iter().zip(&report.replayed) {
        assert!(
            (loss - loss_ref).abs() < 1e-9,
            "step {step}: replayed loss {loss} vs micrograd {loss_ref}"
        );
    }
    // Replay evaluates the same ops in the same order as recording.
    for (step, (a, b)) in report.rebuilt.iter().zip(&report.replayed).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "step {step}: {a} vs {b}");
    }
    // f(x) = 3x if x > 0 else -x, recorded at x = 2 and replayed at x = -1:
    // the Rust `if` froze the x > 0 branch (3·(-1) = -3); the relu form gives
    // 3·relu(-1) + relu(1) = 1 = f(-1).
    assert_eq!(report.branch_in_rust, -3.0);
    assert_eq!(report.branch_as_ops, 1.0);
    let printed = String::from_utf8(printed).unwrap();
    assert!(
        printed.contains("identical to the last bit: yes"),
        "{printed}"
    );
}

#[test]
fn splitting_the_batch_over_threads_reproduces_the_reference_trajectory() {
    // lesson::micrograd::data_parallel: each thread replays the loss of its share of
    // the points; the gradients are summed. 3 threads split 100 points
    // 34 + 34 + 32.
    let (xs, ys) = moons();
    let reference = trajectory();
    for threads in [1, 2, 3] {
        let losses = data_parallel::train(
            &xs,
            &ys,
            &init_params(),
            threads,
            reference.len(),
            learning_rate,
        );
        assert_eq!(losses.len(), reference.len(), "{threads} threads");
        for (&(step, loss_ref, _), &loss) in reference.iter().zip(&losses) {
            assert!(
                (loss - loss_ref).abs() < 1e-9,
                "{threads} threads, step {step}: loss {loss} vs micrograd {loss_ref}"
            );
        }
    }
}

#[test]
#[should_panic(expected = "threads must be 1..=100 (the number of points), got 0")]
fn data_parallel_training_rejects_zero_threads() {
    let (xs, ys) = moons();
    data_parallel::train(&xs, &ys, &init_params(), 0, 1, |_| 0.1);
}

#[test]
fn the_fast_handwritten_yardstick_is_micrograds_computation_bit_for_bit() {
    // micrograd's graph on the tape, processed in creation order, is the
    // reference: the fast step must give the same loss, scores, gradients
    // and parameters at every one of the 100 steps, to the last bit.
    use scalargrad::lesson::micrograd::fast_handwritten::FastHandMlp;
    let (xs, ys) = moons();
    let mut fast = FastHandMlp::<16>::new(&init_params());
    assert_eq!(fast.params.to_vec(), init_params());
    let (mut tape, tape_params) = micrograd::demo_tape();
    let reference = trajectory();
    for &(step, loss_ref, accuracy_ref) in &reference {
        let lr = learning_rate(step);
        // The tape's step, written out to keep its scores and gradients.
        tape.nodes.truncate(tape_params.len());
        tape.zero_grad();
        let (total, scores) = micrograd_loss(&mut &mut tape, &tape_params, &xs, &ys);
        tape.backward(total);
        let tape_loss = tape.nodes[total as usize].data;
        let tape_scores: Vec<f64> = scores
            .iter()
            .map(|&s| tape.nodes[s as usize].data)
            .collect();
        let tape_grads: Vec<f64> = tape_params
            .iter()
            .map(|&p| tape.nodes[p as usize].grad)
            .collect();
        for &p in &tape_params {
            let node = &mut tape.nodes[p as usize];
            node.data -= lr * node.grad;
        }

        let loss = fast.step(&xs, &ys, micrograd::ALPHA, lr);
        assert_eq!(loss.to_bits(), tape_loss.to_bits(), "step {step}: loss");
        assert_eq!(fast.scores, tape_scores, "step {step}: scores");
        assert_eq!(fast.grads.to_vec(), tape_grads, "step {step}: gradients");
        let params: Vec<u64> = fast.params.to_vec().iter().map(|p| p.to_bits()).collect();
        let tape_now: Vec<u64> = tape_params
            .iter()
            .map(|&p| tape.nodes[p as usize].data.to_bits())
            .collect();
        assert_eq!(params, tape_now, "step {step}: parameters after the update");
        // And micrograd's own printout: equal at step 0, where no gradient
        // order is involved yet, and to 1e-12 after (Python orders the
        // additions of a gradient by set iteration, which varies by run).
        if step == 0 {
            assert_eq!(loss, loss_ref);
        }
        assert!(
            (loss - loss_ref).abs() < 1e-12,
            "step {step}: {loss} vs {loss_ref}"
        );
        assert_eq!(
            accuracy_percent(&fast.scores, &ys),
            accuracy_ref,
            "step {step}"
        );
    }
}

#[test]
fn the_wide_handwritten_step_is_the_wide_mlp_step() {
    // The scaling workload (2-32-32-1 here, 50 points): the hand-written
    // step and Mlp's, from the same parameters, for three steps.
    use scalargrad::lesson::micrograd::scaling;
    let (xs, ys) = scaling::points(50);
    let g = Graph::new();
    let (mlp, params, keep) = scaling::network(&g, 32);
    let mut hand = scaling::by_hand::<32>(&mlp);
    for step in 0..3 {
        let expected = scaling::step(&g, &mlp, &params, keep, &xs, &ys, 0.05);
        let loss = hand.step(&xs, &ys, 0.0, 0.05);
        assert!(
            (loss - expected).abs() <= 1e-12 * expected.abs(),
            "step {step}: {loss} vs {expected}"
        );
        for (k, (h, m)) in hand
            .params
            .to_vec()
            .iter()
            .zip(mlp.parameter_values())
            .enumerate()
        {
            assert!(
                (h - m).abs() <= 1e-12,
                "step {step}, parameter {k}: {h} vs {m}"
            );
        }
    }
}
