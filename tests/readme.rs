//! The README's Rust examples compile in a new project whose only
//! dependency is `scalargrad`. The doctests (`ReadmeDoctests` in lib.rs)
//! compile and run them, but with every dependency of this crate in scope,
//! so a `use rand::…` would pass there and fail for a new user; these
//! tests read the examples and hold every path to another crate to go
//! through `scalargrad::`.

const README: &str = include_str!("../README.md");
const MANIFEST: &str = include_str!("../Cargo.toml");

/// The text of every ```` ```rust ```` block (with or without attributes
/// such as `no_run`).
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(info)) if info.trim().split(',').next() == Some("rust") => {
                current = Some(String::new());
            }
            (Some(block), Some(_)) => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), None) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The crates under `[dependencies]` in Cargo.toml, as Rust names them.
fn dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .map(|name| name.replace('-', "_"))
        .collect()
}

/// Where a block names crate `name` other than as `scalargrad::name`:
/// `name::…` at the start of a path, or `use name`.
fn outside_paths(block: &str, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in block.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        let mut offset = 0;
        while let Some(k) = rest.find(name) {
            let at = offset + k;
            let before = &code[..at];
            let after = &code[at + name.len()..];
            let starts_word = !before
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let is_path = after.starts_with("::")
                || (before.trim_end().ends_with("use") && after.starts_with(';'));
            if starts_word && is_path && !before.ends_with("scalargrad::") {
                found.push(format!("line {}: {}", n + 1, line.trim()));
            }
            offset = at + name.len();
            rest = &code[offset..];
        }
    }
    found
}

#[test]
fn readme_has_rust_examples_to_check() {
    let blocks = rust_blocks(README);
    // A first example, looking inside, networks, training (with saving).
    assert!(blocks.len() >= 4, "found {} rust blocks", blocks.len());
    assert!(blocks
        .iter()
        .any(|b| b.contains("model::save") && b.contains("model::load")));
    let deps = dependencies(MANIFEST);
    for needed in ["rand", "petgraph", "serde_json"] {
        assert!(deps.iter().any(|d| d == needed), "{needed} not in {deps:?}");
    }
}

#[test]
fn readme_examples_use_no_crate_but_scalargrad() {
    let mut wrong = Vec::new();
    for (b, block) in rust_blocks(README).iter().enumerate() {
        for name in dependencies(MANIFEST) {
            for place in outside_paths(block, &name) {
                wrong.push(format!(
                    "block {}, {place} (write scalargrad::{name})",
                    b + 1
                ));
            }
        }
        for line in block.lines() {
            if let Some(path) = line.trim().strip_prefix("use ") {
                let root = path.split("::").next().unwrap_or_default();
                if !["scalargrad", "std"].contains(&root) {
                    wrong.push(format!("block {}: `{}`", b + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "README examples that need more than `scalargrad` as a dependency:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_finds_a_crate_used_directly() {
    // The check itself must be able to fail.
    let block = "use rand::SeedableRng;\nlet v = petgraph::algo::toposort(&g, None);\n\
                 let ok = scalargrad::petgraph::algo::toposort(&g, None); // petgraph::x\n";
    assert_eq!(outside_paths(block, "rand").len(), 1);
    assert_eq!(outside_paths(block, "petgraph").len(), 1);
    assert!(outside_paths("use scalargrad::rand::SeedableRng;", "rand").is_empty());
    assert!(outside_paths("let brand::x = 1;", "rand").is_empty());
    let blocks = rust_blocks("text\n```rust,no_run\nuse x;\n```\n```text\nno\n```\n");
    assert_eq!(blocks, ["use x;\n"]);
}
