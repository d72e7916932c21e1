//! The walkthrough `05_backward_bugs`: each classic bug of a hand-written
//! backward pass gives the gradient worked out by hand below, and is caught.

use scalargrad::lesson::backward_bugs::{self, Bug, Tiny};
use scalargrad::lesson::{Options, Page};

#[test]
fn overwriting_gives_a_plus_a_half_its_gradient() {
    // b = a + a: ∂b/∂a = 1 + 1 = 2; overwriting keeps only the last 1.
    let caught = backward_bugs::overwrite();
    assert_eq!((caught.expected, caught.got), (2.0, 1.0));
    assert_eq!(caught.nodes, ["a"]);
    assert!(caught.fixed_agrees);
}

#[test]
fn a_sweep_without_topological_order_sends_u_on_before_v_arrives() {
    // y = u·v, u = x², v = u + 1 at x = 2: y = x⁴ + x², ∂y/∂x = 4·8 + 2·2 = 36.
    // Depth-first, u is reached with only ∂y/∂u = v = 5 (v's share u = 4
    // comes later): x gets 5·2x = 20.
    let caught = backward_bugs::no_topological_order();
    assert_eq!((caught.expected, caught.got), (36.0, 20.0));
    assert_eq!(caught.nodes, ["x"]);
    assert!(caught.fixed_agrees);
}

#[test]
fn a_second_backward_without_zero_grad_adds_to_the_first() {
    // First sweep: y 1, v 4, u 5 + 4 = 9, x 9·2x = 36. Second sweep, old
    // gradients kept: y 1, v 4 + 4 = 8, u 9 + 5 + 8 = 22, x 36 + 22·4 = 124.
    // The crate adds each sweep's own derivatives: 36 + 36 = 72.
    let (caught, crate_twice) = backward_bugs::no_zero_grad();
    assert_eq!(
        (caught.expected, caught.got, crate_twice),
        (36.0, 124.0, 72.0)
    );
    assert!(caught.fixed_agrees);
}

#[test]
fn a_rule_reading_the_output_is_named_by_gradcheck() {
    // y = x² at x = 3: 2x = 6; the buggy rule 2·out = 2·9 = 18.
    let (caught, named) = backward_bugs::reads_output();
    assert_eq!((caught.expected, caught.got), (6.0, 18.0));
    let (op, analytic, numeric) = named.expect("gradcheck names the node");
    assert_eq!(op, "square_reading_out");
    assert_eq!(analytic, 18.0);
    assert!((numeric - 6.0).abs() < 1e-6, "{numeric}");
}

#[test]
fn the_tiny_engine_without_bugs_matches_hand_maths() {
    // z = x·x + x² at x = 3: ∂z/∂x = 2x + 2x = 12, x reached by three edges.
    let build = || {
        let mut tiny = Tiny::default();
        let x = tiny.leaf(3.0, "x");
        let p = tiny.mul(x, x, "p");
        let q = tiny.square(x, "q");
        let z = tiny.add(p, q, "z");
        (tiny, z)
    };
    let (mut tiny, z) = build();
    tiny.backward(z, Bug::None);
    assert_eq!(tiny.grad_of("x"), 12.0);
    // Overwriting keeps only the last write: the sweep runs z, q, p, so
    // q's 2x = 6 is overwritten by p's edges, each writing x = 3.
    let (mut tiny, z) = build();
    tiny.backward(z, Bug::Overwrite);
    assert_eq!(tiny.grad_of("x"), 3.0);
    // Reading the output: x·x's rule is right (3 + 3), the square's 2·9.
    let (mut tiny, z) = build();
    tiny.backward(z, Bug::ReadsOutput);
    assert_eq!(tiny.grad_of("x"), 24.0);
    tiny.zero_grad();
    assert_eq!(tiny.grad_of("x"), 0.0);
}

#[test]
fn the_walkthrough_verifies_every_bug_in_every_language() {
    for lang in scalargrad::lesson::Lang::all() {
        let mut out = Vec::new();
        let options = Options {
            lang,
            detail: true,
            pause: false,
        };
        let mut page = Page::new(&mut out, options);
        let files = backward_bugs::run(&mut page, std::path::Path::new("unused")).unwrap();
        assert!(files.is_empty());
        assert!(page.checks().iter().all(|c| c.held), "{:?}", page.checks());
        assert_eq!(page.checks().len(), 4);
    }
}
