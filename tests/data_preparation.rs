//! Preparing a dataset for training: labels, subsets and shuffles,
//! stratified splits, mini-batches, and standardization.

use crate::common;

use common::data::{close, mean_and_std, panic_message, TOL};
use scalargrad::data::{
    blobs, moons, regression_1d, xor, BlobsConfig, Dataset, MoonsConfig, Regression1dConfig,
    Standardizer, XorConfig,
};

/// A dataset whose only feature is the example's own index, so that after
/// a split or a shuffle `x[i][0]` says which example ended up where.
fn numbered(labels: &[usize], n_classes: usize) -> Dataset {
    let x = (0..labels.len()).map(|i| vec![i as f64]).collect();
    Dataset::classification("numbered", x, labels, n_classes)
}

fn ids(data: &Dataset) -> Vec<usize> {
    data.x.iter().map(|row| row[0] as usize).collect()
}

fn column(data: &Dataset, j: usize) -> Vec<f64> {
    data.x.iter().map(|row| row[j]).collect()
}

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
    regression_1d(&Regression1dConfig {
        samples: 5,
        noise: 0.1,
        seed: 0,
    })
    .labels();
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
    let data = moons(&MoonsConfig {
        samples: 10,
        noise: 0.0,
        seed: 0,
    });
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

#[test]
fn batches_partition_the_indices() {
    let data = xor(&XorConfig {
        samples: 10,
        noise: 0.0,
        seed: 0,
    });
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
    let sizes: Vec<usize> = xor(&XorConfig {
        samples: 12,
        noise: 0.0,
        seed: 0,
    })
    .batches(4, 0)
    .iter()
    .map(Vec::len)
    .collect();
    assert_eq!(sizes, [4, 4, 4]);
    assert_eq!(data.batches(100, 0).len(), 1);
    assert!(xor(&XorConfig {
        samples: 0,
        noise: 0.0,
        seed: 0
    })
    .batches(4, 0)
    .is_empty());
}

#[test]
#[should_panic(expected = "Dataset::batches: batch_size must be at least 1, got 0")]
fn batches_of_size_0_panic() {
    xor(&XorConfig {
        samples: 10,
        noise: 0.0,
        seed: 0,
    })
    .batches(0, 0);
}

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
    let split = blobs(&BlobsConfig {
        samples: 300,
        centers: 3,
        std: 0.7,
        seed: 2,
    })
    .split(0.2, 0.2, 5);
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
    let scaler = Standardizer::fit(&moons(&MoonsConfig {
        samples: 10,
        noise: 0.1,
        seed: 0,
    }));
    let message = panic_message(|| {
        scaler.transform(&regression_1d(&Regression1dConfig {
            samples: 5,
            noise: 0.1,
            seed: 0,
        }));
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

#[test]
fn split_never_leaves_the_training_part_empty() {
    // Two examples of one class each: round(0.5·1) = 1 to validation and
    // round(0.49·1) = 0 to test, per class, would leave nothing to train on.
    let data = numbered(&[0, 1], 2);
    let split = data.split(0.5, 0.49, 3);
    assert_eq!(
        split.train.len(),
        1,
        "validation + test < 1 keeps one to train on"
    );
    assert_eq!(
        split.train.len() + split.validation.len() + split.test.len(),
        2
    );
    // The same for regression, with the example taken from test.
    let regression = Dataset::regression("r", vec![vec![0.0], vec![1.0]], vec![0.0, 1.0]);
    let split = regression.split(0.3, 0.6, 0);
    assert_eq!(
        (split.train.len(), split.validation.len(), split.test.len()),
        (1, 1, 0)
    );
    // One example: it trains.
    let one = numbered(&[0], 1).split(0.4, 0.4, 0);
    assert_eq!(one.train.len(), 1);
}

#[test]
fn standardization_of_extreme_features_is_exact_or_refused_by_name() {
    // ±1e200: Σ(x - μ)² = 4e400 overflows; the scaled computation gives σ.
    let big = Dataset::regression(
        "big",
        vec![vec![1e200, 1.0], vec![-1e200, 3.0], vec![3e200, 2.0]],
        vec![0.0, 1.0, 2.0],
    );
    let scaler = Standardizer::try_fit(&big).unwrap();
    // μ = 1e200, σ = √((0 + 4 + 4)/3)·1e200 = 1.633e200.
    assert!(
        relatively_close(scaler.mean[0], 1e200, 1e-15),
        "{}",
        scaler.mean[0]
    );
    assert!(relatively_close(
        scaler.std[0],
        (8.0f64 / 3.0).sqrt() * 1e200,
        1e-15
    ));
    assert_eq!(
        (scaler.mean[1], scaler.std[1]),
        (2.0, (2.0f64 / 3.0).sqrt())
    );
    let z = scaler.transform(&big);
    let (m, s) = mean_and_std(&z.x.iter().map(|r| r[0]).collect::<Vec<_>>());
    assert!(
        m.abs() < 1e-15 && relatively_close(s, 1.0, 1e-15),
        "{m} {s}"
    );
    // Values at f64's limits, of opposite signs: x - μ overflows, z does not.
    let edge = Dataset::regression(
        "edge",
        vec![vec![-f64::MAX], vec![-f64::MAX], vec![f64::MAX]],
        vec![0.0; 3],
    );
    let scaler = Standardizer::try_fit(&edge).unwrap();
    assert!(scaler.std[0].is_finite() && scaler.mean[0].is_finite());
    let z = scaler.transform(&edge);
    assert!(z.x.iter().all(|r| r[0].is_finite()), "{:?}", z.x);
    // A spread of 1e-200: its square underflows to 0, yet it is not constant.
    let tiny = Dataset::regression("tiny", vec![vec![1e-200], vec![3e-200]], vec![0.0, 1.0]);
    let scaler = Standardizer::try_fit(&tiny).unwrap();
    assert!(
        relatively_close(scaler.std[0], 1e-200, 1e-15),
        "{}",
        scaler.std[0]
    );
    assert!(relatively_close(
        scaler.transform_row(&[3e-200])[0],
        1.0,
        1e-15
    ));
    // What cannot be represented is refused, naming the feature.
    let named = |x: Vec<Vec<f64>>| {
        let mut d = Dataset::regression("table (train)", x, vec![0.0, 1.0]);
        d.feature_names = vec!["price".into()];
        d
    };
    let err = Standardizer::try_fit(&named(vec![vec![1.0], vec![f64::INFINITY]])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"table (train)\": feature \"price\" has the value inf in example 1; only finite numbers can be standardized"
    );
    let err = Standardizer::try_fit(&named(vec![vec![5e-324], vec![0.0]])).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("\"table (train)\": feature \"price\" varies by too little"),
        "{err}"
    );
    // fit panics with the same sentence.
    let message = panic_message(|| {
        Standardizer::fit(&named(vec![vec![f64::NAN], vec![1.0]]));
    });
    assert!(
        message.starts_with("Standardizer::fit: \"table (train)\": feature \"price\""),
        "{message}"
    );
}

fn relatively_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs())
}
