//! The integration tests, as one test program: each file of `tests/` is a
//! module of it (`cargo test` builds and links one binary instead of one
//! per file, which took most of a fresh `cargo test`), except
//! `explore_leak.rs`, which counts the threads of its process and so runs
//! alone in its own. Cargo.toml turns off the discovery of test files
//! (`autotests = false`); [`every_test_file_is_compiled`] fails when a
//! file is added to `tests/` and not here.
//!
//! `cargo test` runs them all; `cargo test --test tests plot::` the tests
//! of one file; `cargo test --test tests -- --list` names them.

mod common;
#[cfg(feature = "explore")]
mod explore_client;

mod cli;
mod cli_csv;
mod cli_messages;
mod cli_output;
mod cli_second;
mod cli_verify;
mod data_csv;
mod data_generators;
mod data_preparation;
mod engine;
mod engine_custom;
mod engine_dense;
mod engine_extremes;
mod engine_reference;
mod explore_api;
mod explore_cli;
mod explore_lesson;
mod explore_network;
mod explore_page;
mod explore_safety;
mod explore_verify;
mod expr;
mod gradcheck;
mod gradcheck_derivatives;
mod higher_order;
mod inspect;
mod lesson;
mod lesson_activations_optimizers;
mod lesson_backward_bugs;
mod lesson_dying_relu_zero_init;
mod lesson_languages;
mod lesson_runner;
mod loss;
mod micrograd_demo;
mod model_files;
mod mutated_files;
mod nn_building;
mod nn_errors;
mod nn_gradients;
mod nn_zero_init;
mod notebook;
mod optim_identities;
mod optim_names;
mod optim_schedules;
mod optim_updates;
mod panics;
mod panics_learning;
mod panics_nn;
mod panics_tools;
mod plot;
mod properties;
mod readme;
mod train;
mod train_to_prediction;

/// Every `tests/*.rs` file is a module here or a test target of its own in
/// Cargo.toml: with `autotests = false`, a file in neither would never run.
#[test]
fn every_test_file_is_compiled() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let this = include_str!("main.rs");
    let manifest = include_str!("../Cargo.toml");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(module) = name.strip_suffix(".rs") else {
            continue;
        };
        let declared = this.lines().any(|l| l == format!("mod {module};"));
        let own_target = manifest.contains(&format!("path = \"tests/{name}\""));
        if !declared && !own_target {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "tests/{missing:?} would never run: add `mod …;` to tests/main.rs"
    );
}
