//! Datasets: generators (shapes, label counts, exact geometry, seeds),
//! splits, batches, standardization, and CSV reading, errors and round trips.

use std::f64::consts::PI;
use std::path::{Path, PathBuf};

use scalargrad::data::{
    blobs, circles, moons, parse_csv, read_csv, regression_1d, regression_1d_curve, spirals,
    write_csv, xor, CsvOptions, Dataset, Standardizer, TargetColumn,
};
use scalargrad::Error;

const TOL: f64 = 1e-12;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

/// Every generator at the same size, noise and seed.
fn all_generators(seed: u64) -> Vec<Dataset> {
    vec![
        moons(60, 0.1, seed),
        circles(60, 0.1, 0.5, seed),
        spirals(60, 3, 2.0, 0.03, seed),
        xor(60, 0.1, seed),
        blobs(60, 3, 0.5, seed),
        regression_1d(60, 0.1, seed),
    ]
}

/// A dataset whose only feature is the example's own index, so that after
/// a split or a shuffle `x[i][0]` says which example ended up where.
fn numbered(labels: &[usize], n_classes: usize) -> Dataset {
    let x = (0..labels.len()).map(|i| vec![i as f64]).collect();
    Dataset::classification("numbered", x, labels, n_classes)
}

fn ids(data: &Dataset) -> Vec<usize> {
    data.x.iter().map(|row| row[0] as usize).collect()
}

fn mean_and_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

fn column(data: &Dataset, j: usize) -> Vec<f64> {
    data.x.iter().map(|row| row[j]).collect()
}

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------- generators

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let (a, b, c) = (all_generators(11), all_generators(11), all_generators(12));
    for ((a, b), c) in a.iter().zip(&b).zip(&c) {
        assert_eq!(a, b, "{}: same seed", a.name);
        assert_ne!(a.x, c.x, "{}: another seed", a.name);
    }
}

#[test]
fn generators_have_their_names_shapes_and_feature_names() {
    let expected = [
        ("moons", Some(2)),
        ("circles", Some(2)),
        ("spirals", Some(3)),
        ("xor", Some(2)),
        ("blobs", Some(3)),
        ("regression_1d", None),
    ];
    for (data, (name, n_classes)) in all_generators(0).iter().zip(expected) {
        assert_eq!(data.name, name);
        assert_eq!(data.len(), 60, "{name}");
        assert_eq!(data.x.len(), data.y.len(), "{name}");
        assert_eq!(data.n_classes, n_classes, "{name}");
        let n_features = if n_classes.is_some() { 2 } else { 1 };
        assert_eq!(data.n_features(), n_features, "{name}");
        let names: Vec<String> = (0..n_features).map(|j| format!("x{j}")).collect();
        assert_eq!(data.feature_names, names, "{name}");
        assert!(data.x.iter().all(|row| row.len() == n_features), "{name}");
        let class_values: Vec<f64> = (0..n_classes.unwrap_or(0)).map(|c| c as f64).collect();
        assert_eq!(data.class_values, class_values, "{name}");
    }
}

#[test]
fn moons_of_101_points_have_50_of_label_0_and_51_of_label_1() {
    // n_out = 101 / 2 = 50 on the upper moon, 101 - 50 = 51 on the lower.
    let data = moons(101, 0.2, 3);
    assert_eq!(data.len(), 101);
    assert_eq!(data.class_counts(), [50, 51]);
    assert_eq!(moons(100, 0.2, 3).class_counts(), [50, 50]);
}

#[test]
fn moons_without_noise_lie_exactly_on_their_half_circles() {
    let data = moons(101, 0.0, 5);
    let (mut outer_angles, mut inner_angles) = (Vec::new(), Vec::new());
    for (p, label) in data.x.iter().zip(data.labels()) {
        let (x, y) = (p[0], p[1]);
        if label == 0 {
            // (cos t, sin t): x² + y² = cos² t + sin² t = 1, and y = sin t ≥ 0
            // for t in [0, π].
            assert!(close(x * x + y * y, 1.0), "{p:?}");
            assert!(y >= 0.0, "{p:?}");
            outer_angles.push(y.atan2(x)); // = t
        } else {
            // (1 - cos t, 1 - sin t - 0.5): (x - 1)² + (y - 0.5)² =
            // cos² t + sin² t = 1, and y - 0.5 = -sin t ≤ 0.
            assert!(close((x - 1.0).powi(2) + (y - 0.5).powi(2), 1.0), "{p:?}");
            assert!(y <= 0.5, "{p:?}");
            inner_angles.push((0.5 - y).atan2(1.0 - x)); // = t
        }
    }
    // t evenly spaced over [0, π], both ends included: π·i/49 for the 50
    // outer points, π·i/50 for the 51 inner ones.
    for (angles, count) in [(&mut outer_angles, 50), (&mut inner_angles, 51)] {
        angles.sort_by(f64::total_cmp);
        assert_eq!(angles.len(), count);
        for (i, t) in angles.iter().enumerate() {
            assert!(close(*t, PI * i as f64 / (count - 1) as f64), "{i}: {t}");
        }
    }
    // The ends, exactly: t = 0 gives (1, 0) and (1 - 1, 1 - 0 - 0.5) = (0, 0.5).
    assert!(data.x.contains(&vec![1.0, 0.0]));
    assert!(data.x.contains(&vec![0.0, 0.5]));
    // t = π exactly (cos π rounds to -1, sin π to 1.22e-16): (-1, sin π) and
    // (1 - (-1), 1 - sin π - 0.5) = (2, 0.5 - sin π).
    assert!(data.x.contains(&vec![-1.0, PI.sin()]));
    assert!(data.x.contains(&vec![2.0, 1.0 - PI.sin() - 0.5]));
}

#[test]
fn noise_moves_the_same_points_by_gaussian_noise_of_that_std() {
    let clean = moons(1000, 0.0, 7);
    let noisy = moons(1000, 0.1, 7);
    // Same seed: the same points in the same order, only moved.
    assert_eq!(clean.y, noisy.y);
    let moves: Vec<f64> = clean
        .x
        .iter()
        .zip(&noisy.x)
        .flat_map(|(c, n)| [n[0] - c[0], n[1] - c[1]])
        .collect();
    let (mean, std) = mean_and_std(&moves);
    // 2000 draws of N(0, 0.1²): the mean's standard error is 0.1/√2000 ≈
    // 0.0022, the std's about 0.1/√4000 ≈ 0.0016; allow ~5 of each.
    assert!(mean.abs() < 0.011, "mean {mean}");
    assert!((std - 0.1).abs() < 0.008, "std {std}");
}

#[test]
fn circles_without_noise_sit_on_radius_1_and_factor_at_even_angles() {
    // 9 points: 9/2 = 4 outer (label 0) at angles 0, π/2, π, 3π/2, and
    // 5 inner (label 1) at angles 2π·i/5, radius 0.5.
    let data = circles(9, 0.0, 0.5, 2);
    assert_eq!(data.class_counts(), [4, 5]);
    let mut inner_angles = Vec::new();
    for (p, label) in data.x.iter().zip(data.labels()) {
        let radius = p[0].hypot(p[1]);
        if label == 0 {
            assert!(close(radius, 1.0), "{p:?}");
        } else {
            assert!(close(radius, 0.5), "{p:?}");
            inner_angles.push(p[1].atan2(p[0]).rem_euclid(2.0 * PI));
        }
    }
    // The outer square's corners: (cos kπ/2, sin kπ/2).
    for corner in [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]] {
        assert!(
            data.x
                .iter()
                .any(|p| close(p[0], corner[0]) && close(p[1], corner[1])),
            "{corner:?}"
        );
    }
    inner_angles.sort_by(f64::total_cmp);
    for (i, angle) in inner_angles.iter().enumerate() {
        assert!(close(*angle, 2.0 * PI * i as f64 / 5.0), "{i}: {angle}");
    }
}

#[test]
fn spirals_share_points_evenly_and_follow_their_arms() {
    // 10 points over 3 arms: 4, 3, 3.
    assert_eq!(spirals(10, 3, 2.0, 0.0, 0).class_counts(), [4, 3, 3]);

    let (classes, turns) = (3, 2.0);
    let data = spirals(300, classes, turns, 0.0, 4);
    assert_eq!(data.class_counts(), [100, 100, 100]);
    let mut radii = vec![Vec::new(); classes];
    for (p, c) in data.x.iter().zip(data.labels()) {
        let r = p[0].hypot(p[1]);
        radii[c].push(r);
        if r > 0.0 {
            // θ = 2π·turns·r + 2π·c/3, up to whole turns.
            let theta = 2.0 * PI * turns * r + 2.0 * PI * c as f64 / classes as f64;
            let (x, y) = (r * theta.cos(), r * theta.sin());
            assert!(close(p[0], x) && close(p[1], y), "arm {c}: {p:?}");
        }
    }
    for (c, arm) in radii.iter_mut().enumerate() {
        // r = √(i/99) for i = 0..100: from the centre (0) to the tip (1).
        arm.sort_by(f64::total_cmp);
        for (i, r) in arm.iter().enumerate() {
            assert!(
                close(*r, (i as f64 / 99.0).sqrt()),
                "arm {c}, point {i}: {r}"
            );
        }
    }
    // The tips (r = 1, two whole turns): at angle 2π·c/3, (1, 0),
    // (-1/2, √3/2), (-1/2, -√3/2).
    let tips = [
        [1.0, 0.0],
        [-0.5, 3f64.sqrt() / 2.0],
        [-0.5, -(3f64.sqrt()) / 2.0],
    ];
    for (c, tip) in tips.iter().enumerate() {
        let found = data.x.iter().zip(data.labels()).any(|(p, label)| {
            label == c && (p[0] - tip[0]).abs() < 1e-9 && (p[1] - tip[1]).abs() < 1e-9
        });
        assert!(found, "tip of arm {c}");
    }
}

#[test]
fn xor_labels_are_the_xor_of_the_signs() {
    let data = xor(400, 0.0, 9);
    for (p, label) in data.x.iter().zip(data.labels()) {
        assert!(p.iter().all(|v| (-1.0..1.0).contains(v)), "{p:?}");
        // Label 1 in the quadrants where exactly one coordinate is negative.
        assert_eq!(label == 1, (p[0] < 0.0) != (p[1] < 0.0), "{p:?}");
    }
    // Uniform points: each class near half of 400 (binomial std 10).
    let counts = data.class_counts();
    assert!(
        counts.iter().all(|&c| (150..=250).contains(&c)),
        "{counts:?}"
    );
}

#[test]
fn blobs_gather_around_centres_on_the_circle_of_radius_3() {
    // 7 points over 3 centres: 3, 2, 2.
    assert_eq!(blobs(7, 3, 0.5, 0).class_counts(), [3, 2, 2]);

    // Centre k at 3·(cos 2πk/3, sin 2πk/3): (3, 0), (-1.5, 2.598…), (-1.5, -2.598…).
    let s = 3.0 * 3f64.sqrt() / 2.0;
    let centres = [[3.0, 0.0], [-1.5, s], [-1.5, -s]];
    let clean = blobs(30, 3, 0.0, 1);
    for (p, k) in clean.x.iter().zip(clean.labels()) {
        assert!(
            close(p[0], centres[k][0]) && close(p[1], centres[k][1]),
            "{p:?}"
        );
    }

    let data = blobs(3000, 3, 0.5, 1);
    for (k, centre) in centres.iter().enumerate() {
        let members: Vec<&Vec<f64>> = data
            .x
            .iter()
            .zip(data.labels())
            .filter(|(_, label)| *label == k)
            .map(|(p, _)| p)
            .collect();
        assert_eq!(members.len(), 1000);
        for j in 0..2 {
            let values: Vec<f64> = members.iter().map(|p| p[j]).collect();
            let (mean, std) = mean_and_std(&values);
            // Standard errors 0.5/√1000 ≈ 0.016 and 0.5/√2000 ≈ 0.011.
            assert!(
                (mean - centre[j]).abs() < 0.08,
                "blob {k}, x{j}: mean {mean}"
            );
            assert!((std - 0.5).abs() < 0.055, "blob {k}, x{j}: std {std}");
        }
    }
}

#[test]
fn regression_1d_is_sin_plus_a_slope_plus_noise() {
    let clean = regression_1d(200, 0.0, 3);
    assert!(!clean.is_classification());
    assert!(clean.class_values.is_empty());
    for (x, y) in clean.x.iter().zip(&clean.y) {
        assert!((-3.0..3.0).contains(&x[0]));
        assert_eq!(*y, x[0].sin() + 0.1 * x[0]);
    }
    // f(π/2) = 1 + 0.1·π/2.
    assert!(close(regression_1d_curve(PI / 2.0), 1.0 + 0.1 * PI / 2.0));

    let noisy = regression_1d(2000, 0.1, 3);
    let residuals: Vec<f64> = noisy
        .x
        .iter()
        .zip(&noisy.y)
        .map(|(x, y)| y - regression_1d_curve(x[0]))
        .collect();
    let (mean, std) = mean_and_std(&residuals);
    // Standard errors 0.1/√2000 ≈ 0.0022 and 0.1/√4000 ≈ 0.0016.
    assert!(mean.abs() < 0.011, "{mean}");
    assert!((std - 0.1).abs() < 0.008, "{std}");
}

#[test]
fn generators_refuse_bad_arguments_with_a_message() {
    let message = panic_message(|| {
        moons(10, -0.1, 0);
    });
    assert_eq!(
        message,
        "data::moons: the noise standard deviation must be a finite number ≥ 0, got -0.1"
    );
    let message = panic_message(|| {
        circles(10, 0.0, 1.0, 0);
    });
    assert!(
        message.starts_with("data::circles: factor is the radius"),
        "{message}"
    );
    let message = panic_message(|| {
        spirals(10, 0, 1.0, 0.0, 0);
    });
    assert_eq!(message, "data::spirals: classes must be at least 1, got 0");
    let message = panic_message(|| {
        blobs(10, 0, 1.0, 0);
    });
    assert_eq!(message, "data::blobs: centers must be at least 1, got 0");
}

// ------------------------------------------------- labels, subsets, shuffles

#[test]
fn labels_are_the_class_indices() {
    let data = numbered(&[2, 0, 1, 2], 3);
    assert_eq!(data.labels(), [2, 0, 1, 2]);
    assert_eq!(data.class_counts(), [1, 1, 2]);
    assert!(data.is_classification());
}

#[test]
#[should_panic(expected = "Dataset::labels: \"regression_1d\" is a regression dataset")]
fn labels_of_a_regression_dataset_panic() {
    regression_1d(5, 0.1, 0).labels();
}

#[test]
fn subset_takes_rows_in_the_given_order() {
    let data = numbered(&[0, 1, 0, 1, 1], 2);
    let picked = data.subset(&[4, 0, 4]);
    assert_eq!(ids(&picked), [4, 0, 4]);
    assert_eq!(picked.y, [1.0, 0.0, 1.0]);
    assert_eq!(picked.n_classes, Some(2));
    assert_eq!(picked.feature_names, data.feature_names);
    let message = panic_message(|| {
        data.subset(&[1, 5]);
    });
    assert_eq!(
        message,
        "Dataset::subset: index 5 is out of range for \"numbered\" with 5 examples"
    );
}

#[test]
fn shuffled_is_a_permutation_fixed_by_the_seed() {
    let data = numbered(&[0; 50], 1);
    let shuffled = data.shuffled(1);
    let mut order = ids(&shuffled);
    assert_ne!(order, ids(&data), "50 examples left in place");
    assert_eq!(shuffled, data.shuffled(1));
    assert_ne!(shuffled, data.shuffled(2));
    order.sort();
    assert_eq!(order, (0..50).collect::<Vec<_>>());
}

// ------------------------------------------------------------------- splits

#[test]
fn split_is_stratified_and_uses_every_example_exactly_once() {
    // 50 of class 0, 51 of class 1. Validation: round(0.2·50) = 10 and
    // round(0.2·51) = round(10.2) = 10; test: round(0.1·50) = 5 and
    // round(5.1) = 5; train: 50 - 15 = 35 and 51 - 15 = 36.
    let labels: Vec<usize> = (0..101).map(|i| usize::from(i >= 50)).collect();
    let data = numbered(&labels, 2);
    let split = data.split(0.2, 0.1, 3);
    assert_eq!(split.train.class_counts(), [35, 36]);
    assert_eq!(split.validation.class_counts(), [10, 10]);
    assert_eq!(split.test.class_counts(), [5, 5]);
    assert_eq!(split.train.name, "numbered (train)");
    assert_eq!(split.validation.name, "numbered (validation)");
    assert_eq!(split.test.name, "numbered (test)");

    let mut all: Vec<usize> = [&split.train, &split.validation, &split.test]
        .iter()
        .flat_map(|part| ids(part))
        .collect();
    all.sort();
    assert_eq!(all, (0..101).collect::<Vec<_>>());
    // Each example kept its own label.
    for part in [&split.train, &split.validation, &split.test] {
        for (id, label) in ids(part).into_iter().zip(part.labels()) {
            assert_eq!(label, labels[id]);
        }
    }
    assert_eq!(split, data.split(0.2, 0.1, 3));
    assert_ne!(split.train, data.split(0.2, 0.1, 4).train);
}

#[test]
fn split_interleaves_the_classes() {
    // Stratified parts are concatenated by class and then shuffled: the
    // training part must not be all 0s followed by all 1s.
    let labels: Vec<usize> = (0..100).map(|i| usize::from(i >= 50)).collect();
    let train = numbered(&labels, 2).split(0.2, 0.0, 0).train;
    let mut sorted = train.labels();
    sorted.sort();
    assert_ne!(train.labels(), sorted);
}

#[test]
fn regression_split_cuts_rounded_fractions() {
    // 53 examples: validation round(0.3·53) = round(15.9) = 16, test
    // round(0.1·53) = round(5.3) = 5, train 53 - 21 = 32.
    let x = (0..53).map(|i| vec![i as f64]).collect();
    let data = Dataset::regression("r", x, vec![0.0; 53]);
    let split = data.split(0.3, 0.1, 8);
    assert_eq!(
        (split.train.len(), split.validation.len(), split.test.len()),
        (32, 16, 5)
    );
    let mut all: Vec<usize> = [&split.train, &split.validation, &split.test]
        .iter()
        .flat_map(|part| ids(part))
        .collect();
    all.sort();
    assert_eq!(all, (0..53).collect::<Vec<_>>());
    // No validation and no test: everything trains.
    assert_eq!(data.split(0.0, 0.0, 8).train.len(), 53);
}

#[test]
fn split_refuses_fractions_that_leave_nothing_to_train_on() {
    let data = moons(10, 0.0, 0);
    let message = panic_message(|| {
        data.split(0.5, 0.5, 0);
    });
    assert_eq!(
        message,
        "Dataset::split: validation = 0.5 and test = 0.5 must be ≥ 0 with validation + test < 1, \
         so that some examples are left to train on"
    );
    let message = panic_message(|| {
        data.split(-0.1, 0.2, 0);
    });
    assert!(message.starts_with("Dataset::split: validation = -0.1 and test = 0.2"));
    let message = panic_message(|| {
        data.split(f64::NAN, 0.2, 0);
    });
    assert!(message.starts_with("Dataset::split: validation = NaN"));
}

// ------------------------------------------------------------------ batches

#[test]
fn batches_partition_the_indices() {
    let data = xor(10, 0.0, 0);
    let batches = data.batches(4, 1);
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(sizes, [4, 4, 2]); // 10 = 4 + 4 + 2
    let mut all: Vec<usize> = batches.concat();
    assert_ne!(all, (0..10).collect::<Vec<_>>(), "not shuffled");
    all.sort();
    assert_eq!(all, (0..10).collect::<Vec<_>>());

    assert_eq!(data.batches(4, 1), batches);
    assert_ne!(data.batches(4, 2), batches);
    // 12 = 3·4; a batch larger than the data is the whole data.
    let sizes: Vec<usize> = xor(12, 0.0, 0).batches(4, 0).iter().map(Vec::len).collect();
    assert_eq!(sizes, [4, 4, 4]);
    assert_eq!(data.batches(100, 0).len(), 1);
    assert!(xor(0, 0.0, 0).batches(4, 0).is_empty());
}

#[test]
#[should_panic(expected = "Dataset::batches: batch_size must be at least 1, got 0")]
fn batches_of_size_0_panic() {
    xor(10, 0.0, 0).batches(0, 0);
}

// -------------------------------------------------------------- standardize

#[test]
fn standardizer_uses_the_population_std_and_maps_constants_to_zero() {
    // x0 = 1, 2, 3, 4: μ = 2.5, σ² = (1.5² + 0.5² + 0.5² + 1.5²)/4 = 5/4
    // (dividing by n; the sample variance would be 5/3).
    // x1 = 0.1 four times: constant, so μ = 0.1 exactly and σ = 1.
    let x = vec![
        vec![1.0, 0.1],
        vec![2.0, 0.1],
        vec![3.0, 0.1],
        vec![4.0, 0.1],
    ];
    let data = Dataset::regression("s", x, vec![0.0; 4]);
    let scaler = Standardizer::fit(&data);
    assert_eq!(scaler.mean, [2.5, 0.1]);
    assert_eq!(scaler.std, [1.25f64.sqrt(), 1.0]);
    // (4 - 2.5)/√1.25 = 1.5/1.118… = 1.3416…; the constant becomes exactly 0.
    let z = scaler.transform_row(&[4.0, 0.1]);
    assert!(close(z[0], 1.5 / 1.25f64.sqrt()));
    assert_eq!(z[1], 0.0);
    let back = scaler.inverse_row(&z);
    assert!(close(back[0], 4.0) && close(back[1], 0.1), "{back:?}");
}

#[test]
fn standardizer_fitted_on_train_gives_mean_0_std_1_there_and_reuses_it_elsewhere() {
    let split = blobs(300, 3, 0.7, 2).split(0.2, 0.2, 5);
    let scaler = Standardizer::fit(&split.train);
    let train = scaler.transform(&split.train);
    for j in 0..2 {
        let (mean, std) = mean_and_std(&column(&train, j));
        assert!(mean.abs() < TOL, "x{j}: mean {mean}");
        assert!((std - 1.0).abs() < TOL, "x{j}: std {std}");
    }
    // Validation and test use the training μ and σ, not their own.
    for part in [&split.validation, &split.test] {
        let scaled = scaler.transform(part);
        assert_eq!(scaled.y, part.y);
        assert_eq!(scaled.name, part.name);
        for (row, raw) in scaled.x.iter().zip(&part.x) {
            for j in 0..2 {
                assert_eq!(row[j], (raw[j] - scaler.mean[j]) / scaler.std[j]);
            }
        }
        // Their own mean is near 0 but not exactly: a different sample.
        let (mean, _) = mean_and_std(&column(&scaled, 0));
        assert!(mean.abs() > TOL && mean.abs() < 0.5, "{mean}");
    }
}

#[test]
fn standardizer_checks_the_number_of_features() {
    let scaler = Standardizer::fit(&moons(10, 0.1, 0));
    let message = panic_message(|| {
        scaler.transform(&regression_1d(5, 0.1, 0));
    });
    assert_eq!(
        message,
        "Standardizer::transform: fitted on 2 features, but \"regression_1d\" has 1"
    );
    let message = panic_message(|| {
        scaler.transform_row(&[1.0, 2.0, 3.0]);
    });
    assert_eq!(
        message,
        "Standardizer::transform_row: expected 2 features, got 3"
    );
}

// ---------------------------------------------------------------------- CSV

fn parse(text: &str, options: &CsvOptions) -> Result<Dataset, Error> {
    parse_csv(text, Path::new("data.csv"), options)
}

fn error_text(text: &str, options: &CsvOptions) -> String {
    parse(text, options)
        .expect_err("expected an error")
        .to_string()
}

fn temp_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn csv_reads_a_table_with_spaces_blank_lines_and_crlf() {
    let text = "x0, x1 ,y\r\n 1.5,-2, 0\r\n\r\n3e-1,4,2\r\n  \n-0,0.25,0\n";
    let data = parse(text, &CsvOptions::default()).unwrap();
    assert_eq!(data.x, [[1.5, -2.0], [0.3, 4.0], [-0.0, 0.25]]);
    // Labels 0, 2, 0: classes in ascending order, 0 → 0 and 2 → 1.
    assert_eq!(data.y, [0.0, 1.0, 0.0]);
    assert_eq!(data.class_values, [0.0, 2.0]);
    assert_eq!(data.n_classes, Some(2));
    assert_eq!(data.feature_names, ["x0", "x1"]);
    assert_eq!(data.name, "data");
}

#[test]
fn csv_target_by_name_or_index_anywhere_in_the_row() {
    let text = "height,\"label\",weight\n1.8,1,80\n1.6,0,55\n";
    let by_name = CsvOptions {
        target: TargetColumn::Name("label".into()),
        ..CsvOptions::default()
    };
    let data = parse(text, &by_name).unwrap();
    assert_eq!(data.feature_names, ["height", "weight"]);
    assert_eq!(data.x, [[1.8, 80.0], [1.6, 55.0]]);
    assert_eq!(data.labels(), [1, 0]);
    let by_index = CsvOptions {
        target: TargetColumn::Index(1),
        ..CsvOptions::default()
    };
    assert_eq!(parse(text, &by_index).unwrap(), data);

    // Regression, no header, tab-separated, target first: features x0, x1.
    let options = CsvOptions {
        target: TargetColumn::Index(0),
        classification: false,
        has_header: false,
        delimiter: b'\t',
    };
    let data = parse("0.5\t1\t2\n-1.25\t3\t4\n", &options).unwrap();
    assert_eq!(data.y, [0.5, -1.25]);
    assert_eq!(data.x, [[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(data.feature_names, ["x0", "x1"]);
    assert_eq!(data.n_classes, None);
    assert!(data.class_values.is_empty());
}

#[test]
fn csv_labels_minus_one_and_plus_one_become_classes_0_and_1() {
    let data = parse("a,y\n0,1\n1,-1\n2,1\n", &CsvOptions::default()).unwrap();
    assert_eq!(data.y, [1.0, 0.0, 1.0]);
    assert_eq!(data.class_values, [-1.0, 1.0]);
    assert_eq!(data.class_counts(), [1, 2]);

    // micrograd's moons: make_moons(100) has 50 points per moon, labelled -1/+1.
    let demo = read_csv(
        "tests/data/micrograd_demo/moons.csv",
        &CsvOptions::default(),
    )
    .unwrap();
    assert_eq!((demo.len(), demo.n_features()), (100, 2));
    assert_eq!(demo.name, "moons");
    assert_eq!(demo.class_values, [-1.0, 1.0]);
    assert_eq!(demo.class_counts(), [50, 50]);
    // First row: 1.1221146075409685,0.081477173417186965,-1 (parsed exactly
    // as Rust parses those digits).
    let first: Vec<f64> = ["1.1221146075409685", "0.081477173417186965"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(demo.x[0], first);
    assert_eq!(demo.y[0], 0.0);
}

#[test]
fn csv_errors_name_the_file_line_and_column() {
    let options = CsvOptions::default();
    // Line 3, second field.
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n3,abc,1\n", &options),
        r#"data.csv:3:2: cannot read "abc" as a number"#
    );
    // Blank lines still count: the bad row is on line 4.
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n\n3,4\n", &options),
        "data.csv:4: expected 3 fields, found 2"
    );
    assert_eq!(
        error_text("x0,x1,y\n1,2,0,7\n", &options),
        "data.csv:2: expected 3 fields, found 4"
    );
    assert_eq!(
        error_text("x0,x1,y\n,2,0\n", &options),
        "data.csv:2:1: empty field where a number was expected"
    );
    assert_eq!(
        error_text("x0,x1,y\n1,NaN,0\n", &options),
        r#"data.csv:2:2: cannot use "NaN": only finite numbers are allowed"#
    );
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n1,2,0.5\n", &options),
        "data.csv:3:3: cannot use 0.5 as a class label: labels must be whole numbers \
         (set classification: false for a regression target)"
    );
    // The same file is fine as regression.
    let regression = CsvOptions {
        classification: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        parse("x0,x1,y\n1,2,0\n1,2,0.5\n", &regression).unwrap().y,
        [0.0, 0.5]
    );
}

#[test]
fn csv_errors_for_the_table_as_a_whole_list_what_is_there() {
    let text = "x0,x1,y\n1,2,0\n";
    let named = |name: &str| CsvOptions {
        target: TargetColumn::Name(name.into()),
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(text, &named("label")),
        r#"data.csv: no column named "label"; the columns are x0, x1, y"#
    );
    let index = |i| CsvOptions {
        target: TargetColumn::Index(i),
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(text, &index(3)),
        "data.csv: target column index 3 is out of range (indices count from 0); \
         the columns are x0, x1, y"
    );
    let no_header = CsvOptions {
        target: TargetColumn::Index(3),
        has_header: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text("1,2,0\n", &no_header),
        "data.csv: target column index 3 is out of range (indices count from 0); \
         the table has 3 columns, 0 to 2"
    );
    let name_without_header = CsvOptions {
        has_header: false,
        ..named("y")
    };
    assert_eq!(
        error_text("1,2,0\n", &name_without_header),
        "data.csv: the target column is named \"y\" but the options say the table has no header; \
         use TargetColumn::Index"
    );
    assert_eq!(
        error_text("", &CsvOptions::default()),
        "data.csv: the table is empty: no header and no rows"
    );
    assert_eq!(
        error_text("x0,x1,y\n\n", &CsvOptions::default()),
        "data.csv: the table has a header but no rows"
    );
    let headerless = CsvOptions {
        has_header: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(" \n", &headerless),
        "data.csv: the table is empty: no rows"
    );
    assert_eq!(
        error_text("y\n1\n", &CsvOptions::default()),
        "data.csv: the table has 1 column; it needs at least one feature column and the target"
    );
    // The variants, for code that matches on them.
    assert!(matches!(
        parse("", &CsvOptions::default()),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        parse("a,y\n1,x\n", &CsvOptions::default()),
        Err(Error::Parse {
            line: 2,
            column: Some(2),
            ..
        })
    ));
}

#[test]
fn read_csv_of_a_missing_file_is_an_io_error_naming_it() {
    let path = temp_path("no_such_file.csv");
    let err = read_csv(&path, &CsvOptions::default()).unwrap_err();
    match &err {
        Error::Io { path: p, source } => {
            assert_eq!(p, &path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with(&format!("{}: ", path.display())));
}

#[test]
fn write_then_read_gives_back_the_same_dataset() {
    for (file, data, options) in [
        (
            "moons_round_trip.csv",
            moons(50, 0.1, 3),
            CsvOptions::default(),
        ),
        (
            "spirals_round_trip.csv",
            spirals(31, 3, 1.5, 0.03, 3),
            CsvOptions::default(),
        ),
        (
            "regression_round_trip.csv",
            regression_1d(40, 0.1, 3),
            CsvOptions {
                classification: false,
                ..CsvOptions::default()
            },
        ),
    ] {
        let path = temp_path(file);
        write_csv(&path, &data).unwrap();
        let back = read_csv(&path, &options).unwrap();
        // Every f64 is written in its shortest exact form: equal bit for bit.
        assert_eq!(back.x, data.x, "{file}");
        assert_eq!(back.y, data.y, "{file}");
        assert_eq!(back.n_classes, data.n_classes, "{file}");
        assert_eq!(back.class_values, data.class_values, "{file}");
        assert_eq!(back.feature_names, data.feature_names, "{file}");
        assert_eq!(back.name, file.trim_end_matches(".csv"));
    }
}

#[test]
fn write_csv_writes_the_original_labels() {
    let data = parse("a,label\n0.5,1\n-2,-1\n", &CsvOptions::default()).unwrap();
    assert_eq!(data.y, [1.0, 0.0]);
    let path = temp_path("plus_minus_one.csv");
    write_csv(&path, &data).unwrap();
    // Header: the feature names, then "y"; labels as read, not as indices.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "a,y\n0.5,1\n-2,-1\n"
    );
    let back = read_csv(&path, &CsvOptions::default()).unwrap();
    assert_eq!(
        (back.x, back.y, back.class_values),
        (data.x, data.y, data.class_values)
    );
}

#[test]
fn write_csv_refuses_what_read_csv_would_refuse() {
    let mut data = regression_1d(3, 0.0, 0);
    data.x[1][0] = f64::INFINITY;
    let err = write_csv(temp_path("infinite.csv"), &data).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }));
    assert!(err.to_string().ends_with(
        "example 1 of \"regression_1d\" has x0 = inf; only finite numbers can be written"
    ));
}
