//! The tools refuse a caller's mistake with a message that starts with the
//! call the user made, at the user's line: one test per public panicking
//! entry point of `inspect`, `gradcheck`, `expr`, `plot` and `model` (see
//! `panics.rs` for the engine).

use crate::common;

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::expr::Formula;
use scalargrad::gradcheck::{gradcheck, gradcheck_with, GradcheckOptions};
use scalargrad::inspect::{self, DotOptions};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Mlp};
use scalargrad::{Graph, Value};

/// Checks that `f` panics with a message starting with `"{call}: "`, at a
/// line of this file.
#[track_caller]
fn names(call: &str, f: impl FnOnce()) -> String {
    common::panics::assert_names(file!(), call, f)
}

/// A handle to a node that [`Graph::truncate`] discarded.
fn discarded(g: &Graph) -> Value<'_> {
    let x = g.value(2.0);
    g.truncate(x.index());
    g.value(0.0);
    x
}

/// A 2-3-1 tanh network.
fn network(g: &Graph) -> Mlp<'_> {
    Mlp::new(
        g,
        2,
        &[3, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(0),
    )
}

// inspect, on a discarded handle: each names itself, not just "inspect"

#[test]
fn value_to_dot() {
    let g = Graph::new();
    let x = discarded(&g);
    let message = names("Value::to_dot", || {
        x.to_dot();
    });
    assert!(message.contains("was discarded by Graph::truncate(0)"));
}

#[test]
fn value_to_dot_with_names_itself_not_to_dot() {
    let g = Graph::new();
    let x = discarded(&g);
    names("Value::to_dot_with", || {
        x.to_dot_with(&DotOptions::default());
    });
}

#[test]
fn value_forward_trace() {
    let g = Graph::new();
    let x = discarded(&g);
    names("Value::forward_trace", || {
        x.forward_trace();
    });
}

#[test]
fn value_backward_trace() {
    let g = Graph::new();
    let x = discarded(&g);
    names("Value::backward_trace", || {
        x.backward_trace();
    });
}

#[test]
fn value_to_petgraph() {
    let g = Graph::new();
    let x = discarded(&g);
    names("Value::to_petgraph", || {
        x.to_petgraph();
    });
}

#[test]
fn inspect_check_values() {
    let g = Graph::new();
    let x = discarded(&g);
    names("inspect::check_values", || {
        inspect::check_values(x);
    });
}

#[test]
fn inspect_check_gradients() {
    let g = Graph::new();
    let x = discarded(&g);
    names("inspect::check_gradients", || {
        inspect::check_gradients(x);
    });
}

#[test]
fn inspect_paths_checks_both_handles() {
    let (g, other) = (Graph::new(), Graph::new());
    let x = discarded(&g);
    let y = g.value(1.0) * 2.0;
    names("inspect::paths", || {
        inspect::paths(y, x, 10);
    });
    // A discarded input: its slot may hold a node the output depends on.
    names("inspect::paths", || {
        inspect::paths(x, y, 10);
    });
    let z = other.value(1.0);
    names("inspect::paths", || {
        inspect::paths(z, y, 10);
    });
}

#[test]
fn inspect_layer_report() {
    let g = Graph::new();
    let mlp = network(&g);
    let wider = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(0),
    );
    let trace = wider.forward_trace(&g.values(&[1.0, 2.0]));
    let message = names("inspect::layer_report", || {
        inspect::layer_report(&mlp, &[trace]);
    });
    assert_eq!(
        message,
        "inspect::layer_report: layer 1 of trace 0 has 2 inputs and 4 neurons, the network's has 2 and 3"
    );
    let trace = mlp.forward_trace(&g.values(&[1.0, 2.0]));
    g.truncate(0);
    names("inspect::layer_report", || {
        inspect::layer_report(&mlp, &[trace]);
    });
}

// gradcheck

#[test]
fn gradcheck_names_its_module() {
    // A graph that lives forever, so that its value fits `f`'s signature.
    let other = Box::leak(Box::new(Graph::new()));
    let elsewhere = other.value(1.0);
    let message = names("gradcheck::gradcheck", || {
        gradcheck(|_g, _x| elsewhere, &[0.5]);
    });
    assert!(message.ends_with(
        "the function returned a Value of another graph; build it from the graph it is given"
    ));
}

#[test]
fn gradcheck_with_names_itself_not_gradcheck() {
    let other = Box::leak(Box::new(Graph::new()));
    let elsewhere = other.value(1.0);
    names("gradcheck::gradcheck_with", || {
        gradcheck_with(|_g, _x| elsewhere, &[0.5], GradcheckOptions::default());
    });
}

// expr

#[test]
fn formula_build_names_itself_not_the_operator() {
    let (g, other) = (Graph::new(), Graph::new());
    let formula = Formula::parse("x * y").unwrap();
    let values = HashMap::from([("x", g.value(1.0)), ("y", other.value(2.0))]);
    let message = names("Formula::build", || {
        let _ = formula.build(&g, &values);
    });
    assert!(message
        .ends_with("the values belong to different graphs; combine only values of the same Graph"));
    // A discarded variable, even one no op reads.
    let values = HashMap::from([("x", discarded(&g))]);
    names("Formula::build", || {
        let _ = Formula::parse("x").unwrap().build(&g, &values);
    });
}

// model

#[test]
fn model_save() {
    let g = Graph::new();
    let mlp = network(&g);
    g.truncate(0);
    let path = std::env::temp_dir().join("scalargrad-panics-never-written.json");
    names("model::save", || {
        let _ = model::save(&mlp, &ModelInfo::default(), &path);
    });
    assert!(!path.exists());
}

// plot

#[cfg(feature = "plot")]
mod plot {
    use std::path::Path;

    use rand::rngs::StdRng;
    use rand::SeedableRng;
    use scalargrad::data::{self, MoonsConfig};
    use scalargrad::loss::Objective;
    use scalargrad::nn::{Activation, Mlp};
    use scalargrad::plot::{classifier_regions, contour_paths, decision_boundary};
    use scalargrad::Graph;

    use super::{names, network};

    /// A file the plots below must not write: they panic first.
    fn never_written() -> &'static Path {
        Path::new("plots/never-written-by-panics-tests.png")
    }

    #[test]
    fn plot_decision_boundary() {
        let message = names("plot::decision_boundary", || {
            let classify = |_: f64, _: f64| 0;
            let _ = decision_boundary(never_written(), "t", &[[0.0, 0.0]], &[0], &classify, 0);
        });
        assert_eq!(
            message,
            "plot::decision_boundary: resolution must be at least 1, got 0"
        );
    }

    #[test]
    fn plot_contour_paths() {
        let message = names("plot::contour_paths", || {
            let f = |x: f64, y: f64| x * y;
            let _ = contour_paths(never_written(), "t", &f, (1.0, -1.0), (0.0, 1.0), &[]);
        });
        assert_eq!(
            message,
            "plot::contour_paths: x_range must go from a smaller to a larger finite value, got (1.0, -1.0)"
        );
    }

    #[test]
    fn plot_classifier_regions() {
        let g = Graph::new();
        let moons = data::moons(&MoonsConfig {
            samples: 10,
            ..Default::default()
        });
        let mut rng = StdRng::seed_from_u64(0);
        let three_inputs = Mlp::new(&g, 3, &[2], Activation::Relu, &mut rng);
        let message = names("plot::classifier_regions", || {
            let _ = classifier_regions(
                never_written(),
                "t",
                &three_inputs,
                Objective::SoftmaxCrossEntropy,
                &moons,
            );
        });
        assert_eq!(
            message,
            "plot::classifier_regions: the network takes 3 inputs; it must take the data's two features"
        );
        // A discarded network runs inside the drawing's callback: it is
        // caught before, under this name.
        let mlp = network(&g);
        g.truncate(0);
        names("plot::classifier_regions", || {
            let _ = classifier_regions(
                never_written(),
                "t",
                &mlp,
                Objective::BinaryCrossEntropy,
                &moons,
            );
        });
        assert!(!never_written().exists());
    }
}
