//! Dataset generators: names and shapes, label counts, the exact geometry
//! of each shape without noise, the noise's statistics, seeds, and
//! arguments refused.

use crate::common;

use std::f64::consts::PI;

use common::data::{close, mean_and_std, panic_message};
use scalargrad::data::{
    blobs, circles, moons, regression_1d, regression_1d_curve, spirals, xor, BlobsConfig,
    CirclesConfig, Dataset, MoonsConfig, Regression1dConfig, SpiralsConfig, XorConfig,
};

/// Every generator at the same size, noise and seed.
fn all_generators(seed: u64) -> Vec<Dataset> {
    vec![
        moons(&MoonsConfig {
            samples: 60,
            noise: 0.1,
            seed,
        }),
        circles(&CirclesConfig {
            samples: 60,
            noise: 0.1,
            factor: 0.5,
            seed,
        }),
        spirals(&SpiralsConfig {
            samples: 60,
            classes: 3,
            turns: 2.0,
            noise: 0.03,
            seed,
        }),
        xor(&XorConfig {
            samples: 60,
            noise: 0.1,
            seed,
        }),
        blobs(&BlobsConfig {
            samples: 60,
            centers: 3,
            std: 0.5,
            seed,
        }),
        regression_1d(&Regression1dConfig {
            samples: 60,
            noise: 0.1,
            seed,
        }),
    ]
}

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
    let data = moons(&MoonsConfig {
        samples: 101,
        noise: 0.2,
        seed: 3,
    });
    assert_eq!(data.len(), 101);
    assert_eq!(data.class_counts(), [50, 51]);
    assert_eq!(
        moons(&MoonsConfig {
            samples: 100,
            noise: 0.2,
            seed: 3
        })
        .class_counts(),
        [50, 50]
    );
}

#[test]
fn moons_without_noise_lie_exactly_on_their_half_circles() {
    let data = moons(&MoonsConfig {
        samples: 101,
        noise: 0.0,
        seed: 5,
    });
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
    let clean = moons(&MoonsConfig {
        samples: 1000,
        noise: 0.0,
        seed: 7,
    });
    let noisy = moons(&MoonsConfig {
        samples: 1000,
        noise: 0.1,
        seed: 7,
    });
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
    let data = circles(&CirclesConfig {
        samples: 9,
        noise: 0.0,
        factor: 0.5,
        seed: 2,
    });
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
    assert_eq!(
        spirals(&SpiralsConfig {
            samples: 10,
            classes: 3,
            turns: 2.0,
            noise: 0.0,
            seed: 0
        })
        .class_counts(),
        [4, 3, 3]
    );

    let (classes, turns) = (3, 2.0);
    let data = spirals(&SpiralsConfig {
        samples: 300,
        classes,
        turns,
        noise: 0.0,
        seed: 4,
    });
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
    let data = xor(&XorConfig {
        samples: 400,
        noise: 0.0,
        seed: 9,
    });
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
    assert_eq!(
        blobs(&BlobsConfig {
            samples: 7,
            centers: 3,
            std: 0.5,
            seed: 0
        })
        .class_counts(),
        [3, 2, 2]
    );

    // Centre k at 3·(cos 2πk/3, sin 2πk/3): (3, 0), (-1.5, 2.598…), (-1.5, -2.598…).
    let s = 3.0 * 3f64.sqrt() / 2.0;
    let centres = [[3.0, 0.0], [-1.5, s], [-1.5, -s]];
    let clean = blobs(&BlobsConfig {
        samples: 30,
        centers: 3,
        std: 0.0,
        seed: 1,
    });
    for (p, k) in clean.x.iter().zip(clean.labels()) {
        assert!(
            close(p[0], centres[k][0]) && close(p[1], centres[k][1]),
            "{p:?}"
        );
    }

    let data = blobs(&BlobsConfig {
        samples: 3000,
        centers: 3,
        std: 0.5,
        seed: 1,
    });
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
    let clean = regression_1d(&Regression1dConfig {
        samples: 200,
        noise: 0.0,
        seed: 3,
    });
    assert!(!clean.is_classification());
    assert!(clean.class_values.is_empty());
    for (x, y) in clean.x.iter().zip(&clean.y) {
        assert!((-3.0..3.0).contains(&x[0]));
        assert_eq!(*y, x[0].sin() + 0.1 * x[0]);
    }
    // f(π/2) = 1 + 0.1·π/2.
    assert!(close(regression_1d_curve(PI / 2.0), 1.0 + 0.1 * PI / 2.0));

    let noisy = regression_1d(&Regression1dConfig {
        samples: 2000,
        noise: 0.1,
        seed: 3,
    });
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
        moons(&MoonsConfig {
            samples: 10,
            noise: -0.1,
            seed: 0,
        });
    });
    assert_eq!(
        message,
        "data::moons: the noise standard deviation must be a finite number ≥ 0, got -0.1"
    );
    let message = panic_message(|| {
        circles(&CirclesConfig {
            samples: 10,
            noise: 0.0,
            factor: 1.0,
            seed: 0,
        });
    });
    assert!(
        message.starts_with("data::circles: factor is the radius"),
        "{message}"
    );
    let message = panic_message(|| {
        spirals(&SpiralsConfig {
            samples: 10,
            classes: 0,
            turns: 1.0,
            noise: 0.0,
            seed: 0,
        });
    });
    assert_eq!(message, "data::spirals: classes must be at least 1, got 0");
    let message = panic_message(|| {
        blobs(&BlobsConfig {
            samples: 10,
            centers: 0,
            std: 1.0,
            seed: 0,
        });
    });
    assert_eq!(message, "data::blobs: centers must be at least 1, got 0");
}

#[test]
fn every_generator_draws_the_same_numbers_as_before_its_config_struct() {
    // Reference numbers: the first two rows and the last one of each dataset
    // as generated by the positional functions of commit cba8873 (printed
    // with `{:?}`, which round-trips every f64), before the generators took
    // a config struct. They pin every draw (layout, noise, shuffle) across
    // that refactor: a changed draw changes them.
    type Row = (usize, &'static [f64], f64);
    let expected: [(Dataset, [Row; 3]); 6] = [
        (
            moons(&MoonsConfig {
                samples: 20,
                noise: 0.1,
                seed: 7,
            }),
            [
                (0, &[-0.01734907425593074, 0.9116659023860553], 0.0),
                (1, &[0.853779400514333, -0.2884187590466135], 1.0),
                (19, &[1.5219442067281779, -0.3508005852946112], 1.0),
            ],
        ),
        (
            circles(&CirclesConfig {
                samples: 20,
                noise: 0.05,
                factor: 0.5,
                seed: 7,
            }),
            [
                (0, &[-0.9045156203363779, 0.5512143269793969], 0.0),
                (1, &[-0.39079470809684197, 0.3920871231290339], 1.0),
                (19, &[-0.3935363938233848, -0.28628021690132277], 1.0),
            ],
        ),
        (
            spirals(&SpiralsConfig {
                samples: 30,
                classes: 3,
                turns: 2.0,
                noise: 0.02,
                seed: 7,
            }),
            [
                (0, &[0.8026783524503566, -0.16842084375895053], 1.0),
                (1, &[0.7370120572448299, 0.48759444767659144], 1.0),
                (29, &[-0.4822842935469124, 0.8763499029785251], 1.0),
            ],
        ),
        (
            xor(&XorConfig {
                samples: 20,
                noise: 0.05,
                seed: 7,
            }),
            [
                (0, &[0.9067952838786694, -0.3835071492634524], 1.0),
                (1, &[0.15909126532101725, -0.9705698355147917], 1.0),
                (19, &[-0.019498473167003896, 0.6132503187639156], 1.0),
            ],
        ),
        (
            blobs(&BlobsConfig {
                samples: 20,
                centers: 3,
                std: 0.8,
                seed: 7,
            }),
            [
                (0, &[1.4720219846171108, -0.5851348050092217], 0.0),
                (1, &[-1.2805793745498943, -1.0269642596285593], 2.0),
                (19, &[-1.324446346174577, -2.4762776634346952], 2.0),
            ],
        ),
        (
            regression_1d(&Regression1dConfig {
                samples: 20,
                noise: 0.1,
                seed: 7,
            }),
            [
                (0, &[-2.8180958348093923], -0.546197297571185),
                (1, &[0.25510311916263273], 0.35389158249049774),
                (19, &[1.8752430833919416], 1.3379262441062723),
            ],
        ),
    ];
    for (data, rows) in &expected {
        for &(i, x, y) in rows {
            assert_eq!(data.x[i], x, "{}, row {i}", data.name);
            assert_eq!(data.y[i], y, "{}, row {i}", data.name);
        }
    }
}
