//! Messages a new user meets in the first hour: each says what went wrong
//! in the user's terms and what to do, never a parser's or a library's
//! internals.

use crate::common::cli::{scalargrad, stderr, stdout};

use serde_json::Value as Json;

#[test]
fn a_product_without_a_star_gets_a_hint() {
    for formula in ["2x", "x y", "(x)(x)", "3 sin(x)"] {
        let out = scalargrad(&["grad", formula, "x=1", "y=2"]);
        assert_eq!(out.status.code(), Some(2), "{formula}");
        assert!(
            stderr(&out).contains("a product is written with `*`"),
            "{formula}: {}",
            stderr(&out)
        );
    }
    // Not for other mistakes after a value.
    let out = scalargrad(&["grad", "x)", "x=1"]);
    assert!(!stderr(&out).contains("product"), "{}", stderr(&out));
}

#[test]
fn paths_say_which_operand_of_a_product_they_go_through() {
    // x·x + x at x = 3: two paths through the product, one for each factor,
    // each 3·1 = 3, and one straight to f, 1: 3 + 3 + 1 = 7 = 2x + 1.
    let out = scalargrad(&["paths", "x*x + x", "--wrt", "x", "x=3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("x → *#1 (left operand) → f:"), "{text}");
    assert!(text.contains("x → *#1 (right operand) → f:"), "{text}");
    assert!(text.contains("x → f:"), "{text}");
    let json = scalargrad(&["paths", "x*x + x", "--wrt", "x", "x=3", "--json"]);
    let json: Json = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["paths"][0]["repeated_operand"],
        serde_json::json!([[0, 2], null])
    );
    assert_eq!(
        json["paths"][1]["repeated_operand"],
        serde_json::json!([[1, 2], null])
    );
    // x·y: one path through the product, nothing to tell apart.
    let out = scalargrad(&["paths", "x*y", "--wrt", "x", "x=3", "y=2"]);
    assert!(!stdout(&out).contains("operand"), "{}", stdout(&out));
}

#[test]
fn paths_from_a_variable_the_formula_does_not_use() {
    // f = 3y does not depend on x: no path, ∂f/∂x = 0, and no `?`.
    let out = scalargrad(&["paths", "3*y", "--wrt", "x", "x=1", "y=1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("f does not depend on x"), "{text}");
    assert!(text.contains("∂f/∂x = 0"), "{text}");
    assert!(!text.contains('?'), "{text}");
    // Not given at all: an error naming the variables there are.
    let out = scalargrad(&["paths", "3*y", "--wrt", "x", "y=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no variable `x` (the variables are: y)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_number_target_read_as_classes_suggests_regression() {
    let dir = std::env::temp_dir().join(format!("scalargrad-messages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("prices.csv");
    std::fs::write(&csv, "a,b,price\n1,2,3.5\n2,3,4.25\n3,1,7.125\n").unwrap();
    let out = scalargrad(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--target",
        "price",
        "--epochs",
        "1",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("add --regression"), "{message}");
    assert!(!message.contains("classification: false"), "{message}");
    // With --regression it trains.
    let out = scalargrad(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--target",
        "price",
        "--epochs",
        "1",
        "--quiet",
        "--regression",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn predict_on_a_file_that_is_not_a_model_says_so() {
    let dir = std::env::temp_dir().join(format!("scalargrad-not-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, content) in [
        ("empty.json", ""),
        ("notes.txt", "hello"),
        ("object.json", "{\"a\": 1}"),
        ("list.json", "[1, 2]"),
    ] {
        let path = dir.join(file);
        std::fs::write(&path, content).unwrap();
        let out = scalargrad(&["predict", path.to_str().unwrap(), "1", "2"]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let message = stderr(&out);
        assert!(
            message.contains("not a scalargrad model"),
            "{file}: {message}"
        );
        assert!(message.contains("train --save"), "{file}: {message}");
        assert!(!message.contains("expected value"), "{file}: {message}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_at_a_kink_explains_the_kink() {
    // relu at 0: autograd's slope is relu'(0) = 0, the central difference
    // (relu(ε) − relu(−ε))/2ε = ε/2ε = 0.5.
    let out = scalargrad(&["check", "relu(x)", "x=0"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("(relu), input 0 (x = 0)"), "{text}");
    assert!(text.contains("Every disagreement is at a kink"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 130), "{text}");
    let out = scalargrad(&["check", "relu(x)", "x=0", "--json"]);
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let node = &json["nodes"][0];
    assert_eq!(node["op"], "relu");
    assert_eq!(node["input_name"], "x");
    assert_eq!(node["at"], 0.0);
    assert_eq!(node["analytic"], 0.0);
    assert_eq!(node["kink"], true);
    assert!((node["numeric"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    // Away from the kink: passes, and no node is listed.
    let out = scalargrad(&["check", "relu(x)", "x=0.5"]);
    assert!(out.status.success());
    assert!(!stdout(&out).contains("kink"), "{}", stdout(&out));
}
