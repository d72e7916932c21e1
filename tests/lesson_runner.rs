//! The lesson runner: one section on request, all of them in order otherwise.

use scalargrad::lesson;

#[test]
fn the_runner_runs_the_section_it_is_asked_for() {
    let dir = std::env::temp_dir().join(format!("scalargrad-runner-{}", std::process::id()));
    let mut out = Vec::new();
    let files = lesson::run(&mut out, &dir, Some(3), &lesson::Options::default()).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Section 3: An MLP computed layer by layer"));
    assert!(text.contains("verified: "), "{text}");
    assert!(!text.contains("Section 4"));
    assert!(!text.contains("Epilogue"));
    for f in &files {
        assert!(f.starts_with(dir.join("03_mlp_forward")), "{}", f.display());
    }
    std::fs::remove_dir_all(dir).ok();
    // The sections are numbered 1 to 9, in order.
    let numbers: Vec<usize> = lesson::SECTIONS.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
}
