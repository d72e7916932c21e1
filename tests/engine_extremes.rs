//! Every op's value and local derivatives at extreme inputs (0, ±0,
//! subnormals, ±1e-300, ±1e300, ±f64::MAX, ±∞, NaN), against the exact
//! forms, rounded once.
//!
//! The reference below is written independently of the op table: products
//! and powers (`-x/y²`, `c·xᶜ⁻¹`, `xʸ·ln x`, `e^(-2|x|)`, …) are computed
//! in log₂ space, so an intermediate result never overflows or underflows
//! unless the final one does, and at ±∞ each form is its limit where the
//! limit exists (`x·Φ(x) → 0` at -∞) and NaN where it does not (`0·∞` in
//! `x·y`, `∞ - ∞`, `0/0`).
//!
//! What remains different from the exact forms, by design, is listed in
//! `REMAINS` below (and the test fails if an entry stops being true, so
//! the list stays honest):
//!
//! | op | where | engine | exact | why it stays |
//! |---|---|---|---|---|
//! | tanh, sigmoid | derivative for large `|x|` | `1 - out²`, `out(1 - out)`: absolute error ≤ 1.2e-16, 0 once `out` rounds to ±1 (`|x|` > 19 for tanh, x > 37 for sigmoid) | `4e^(-2|x|)`, `e^(-x)` | computed from the output, one multiply; an absolute error below f64's resolution at 1 |
//! | gelu | `x < -8` | 0 (Φ from `1 + erf`) | below 1e-15 in magnitude | same formula as the plain-number activation |
//! | sqrt | derivative at `-0` | -∞ (IEEE: `√-0 = -0`) | +∞ | the sign of a zero |
//! | relu, leaky_relu, prelu, elu | derivative at NaN | 0 or the slope | NaN | a comparison with NaN is false; the value is NaN, and anomaly checks report it |
//! | all | subnormal results | may differ in the last subnormal bits | | subnormals carry fewer than 53 bits |
//!
//! Values `0·∞` without a limit (`x·y` at `(0, ∞)`, `prelu` with slope 0
//! at -∞, `∞ - ∞`, `0/0`, `∞/∞`) are NaN in both the engine and the exact
//! form: they are not differences.

use scalargrad::{Graph, Value};

/// The inputs of the sweep.
const EXTREMES: [f64; 23] = [
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    1e-310,
    f64::MIN_POSITIVE,
    1e-300,
    -1e-300,
    0.5,
    -0.5,
    1.0,
    -1.0,
    2.0,
    -2.0,
    30.0,
    -30.0,
    1e300,
    -1e300,
    f64::MAX,
    f64::MIN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

// ---------------------------------------------------------------------
// The reference: exact forms in log₂ space.

/// `sign · 2^l`, rounded once: ∞ or 0 only if the exact result is beyond
/// f64's range.
fn from_log2(sign: f64, l: f64) -> f64 {
    if sign.is_nan() || l.is_nan() {
        return f64::NAN;
    }
    if l > 1025.0 {
        return sign * f64::INFINITY;
    }
    if l < -1080.0 {
        return sign * 0.0;
    }
    let k = l.floor();
    sign * libm::scalbn((l - k).exp2(), k as i32)
}

/// The sign of `xᵉ`: 1, -1, or NaN (a negative base and a fractional
/// exponent).
fn pow_sign(x: f64, e: f64) -> f64 {
    if x.is_nan() || e.is_nan() {
        return f64::NAN;
    }
    if x.is_sign_positive() {
        return 1.0;
    }
    if x.is_infinite() && e.fract() != 0.0 {
        return 1.0; // IEEE pow: (-∞)^0.5 = ∞, (-∞)^-0.5 = 0
    }
    let integer = e.fract() == 0.0 || e.is_infinite();
    if !integer {
        return if x == 0.0 { 1.0 } else { f64::NAN };
    }
    let odd = e.is_finite() && (e / 2.0).fract() != 0.0;
    if odd {
        -1.0
    } else {
        1.0
    }
}

/// `sign · Π |b|ᵉ` for `(b, e)` factors; a factor with `e = 0` or `|b| = 1`
/// is 1 whatever the other is. Computed directly when no intermediate
/// leaves the normal range (a few roundings), else in log₂ space (no
/// intermediate overflow, a relative error near 1e-13).
fn product(sign: f64, factors: &[(f64, f64)]) -> f64 {
    let factors: Vec<(f64, f64)> = factors
        .iter()
        .copied()
        .filter(|&(b, e)| e != 0.0 && b.abs() != 1.0)
        .collect();
    let normal = |v: f64| v.is_normal();
    let mut direct = sign;
    let mut ok = true;
    for &(b, e) in &factors {
        let power = b.abs().powf(e);
        direct *= power;
        ok &= normal(power) && normal(direct);
    }
    if ok || sign.is_nan() {
        return direct;
    }
    let l: f64 = factors.iter().map(|&(b, e)| e * b.abs().log2()).sum();
    from_log2(sign, l)
}

fn sign(x: f64) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if x.is_sign_negative() {
        -1.0
    } else {
        1.0
    }
}

const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// `σ(x)`, in its two stable forms.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `σ(x)·σ(-x) = e^(-|x|)/(1 + e^(-|x|))²`.
fn sigmoid_slope(x: f64) -> f64 {
    let a = x.abs();
    from_log2(1.0, -a * LOG2_E - 2.0 * (-a).exp().ln_1p() * LOG2_E)
}

/// `t·σ(t)·σ(-t)`, 0 at ±∞.
fn t_sigmoid_slope(t: f64) -> f64 {
    if t == 0.0 || t.is_infinite() {
        return 0.0;
    }
    let a = t.abs();
    from_log2(
        sign(t),
        a.log2() - a * LOG2_E - 2.0 * (-a).exp().ln_1p() * LOG2_E,
    )
}

/// `Φ(x) = erfc(-x/√2)/2`, accurate in both tails.
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2)
}

/// `x·φ(x) = x·e^(-x²/2)/√(2π)`, 0 at ±∞.
fn x_density(x: f64) -> f64 {
    if x == 0.0 || x.is_infinite() {
        return 0.0;
    }
    let l = x.abs().log2() - 0.5 * x * x * LOG2_E - 0.5 * (2.0 * std::f64::consts::PI).log2();
    from_log2(sign(x), l)
}

/// `c·x^(c-1)`: 0 for `c = 0` (`x⁰` is constant).
fn power_slope(x: f64, c: f64) -> f64 {
    if c == 0.0 {
        return 0.0;
    }
    if c.is_infinite() && x.powf(c - 1.0) == 0.0 {
        return 0.0; // xᶜ⁻¹ → 0 exponentially, faster than c grows
    }
    product(sign(c) * pow_sign(x, c - 1.0), &[(c, 1.0), (x, c - 1.0)])
}

/// `xʸ·ln x`, with the documented convention 0 at `x = 0, y ≥ 0`.
fn power_exponent_slope(x: f64, y: f64) -> f64 {
    if x == 0.0 && y >= 0.0 {
        return 0.0;
    }
    if x.is_infinite() && x > 0.0 && y < 0.0 {
        return 0.0; // x^y → 0 faster than ln x grows
    }
    let ln = x.ln();
    product(pow_sign(x, y) * sign(ln), &[(x, y), (ln, 1.0)])
}

/// `(value, ∂/∂x, ∂/∂y)` of each op by its exact form.
fn exact(op: &str, x: f64, y: f64) -> (f64, f64, f64) {
    match op {
        "neg" => (-x, -1.0, 0.0),
        "exp" => (x.exp(), x.exp(), 0.0),
        "ln" => (x.ln(), 1.0 / x, 0.0),
        "sqrt" => {
            let d = if x == 0.0 {
                f64::INFINITY
            } else if x < 0.0 {
                f64::NAN
            } else {
                product(1.0, &[(2.0, -1.0), (x, -0.5)])
            };
            (x.sqrt(), d, 0.0)
        }
        "sin" => (x.sin(), x.cos(), 0.0),
        "cos" => (x.cos(), -x.sin(), 0.0),
        "tanh" => {
            let d = if x.abs() < 20.0 {
                1.0 / x.cosh().powi(2)
            } else {
                from_log2(1.0, 2.0 - 2.0 * x.abs() * LOG2_E)
            };
            (x.tanh(), d, 0.0)
        }
        "sigmoid" => (sigmoid(x), sigmoid_slope(x), 0.0),
        "relu" => {
            let v = if x.is_nan() || x > 0.0 { x } else { 0.0 };
            (v, if x > 0.0 { 1.0 } else { 0.0 }, 0.0)
        }
        // |x|: -x below 0, x above; the slope -1 or 1, 0 at the kink (as
        // PyTorch). The sign: -1, 0 or 1, flat.
        "abs" => (if x < 0.0 { -x } else { x }, exact("sign", x, y).0, 0.0),
        "sign" => {
            let s = if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else if x == 0.0 {
                0.0
            } else {
                f64::NAN
            };
            (s, 0.0, 0.0)
        }
        "softplus" => {
            let v = if x > 30.0 {
                x + (-x).exp()
            } else if x < -30.0 {
                x.exp()
            } else {
                x.exp().ln_1p()
            };
            (v, sigmoid(x), 0.0)
        }
        "gelu" => {
            let v = if x == f64::NEG_INFINITY {
                0.0
            } else {
                x * phi(x)
            };
            (v, phi(x) + x_density(x), 0.0)
        }
        "powf" | "pow" => {
            let dy = if op == "pow" {
                power_exponent_slope(x, y)
            } else {
                0.0
            };
            (x.powf(y), power_slope(x, y), dy)
        }
        "leaky_relu" => {
            let v = if x > 0.0 || x.is_nan() {
                x
            } else if y == 0.0 {
                0.0
            } else {
                y * x
            };
            (v, if x > 0.0 { 1.0 } else { y }, 0.0)
        }
        "elu" => {
            let v = if x > 0.0 || x.is_nan() {
                x
            } else {
                y * x.exp_m1()
            };
            (v, if x > 0.0 { 1.0 } else { y * x.exp() }, 0.0)
        }
        "swish" => {
            let t = if y == 0.0 { 0.0 } else { y * x };
            let s = sigmoid(t);
            let v = if x.is_infinite() && s == 0.0 {
                0.0
            } else {
                x * s
            };
            (v, s + t_sigmoid_slope(t), 0.0)
        }
        "+" => (x + y, 1.0, 1.0),
        "-" => (x - y, 1.0, -1.0),
        "*" => (x * y, y, x),
        "/" => (
            x / y,
            1.0 / y,
            product(-sign(x) * sign(y) * sign(y), &[(x, 1.0), (y, -2.0)]),
        ),
        "prelu" => {
            if x > 0.0 {
                (x, 1.0, 0.0)
            } else {
                (y * x, y, x)
            }
        }
        _ => unreachable!("{op}"),
    }
}

// ---------------------------------------------------------------------
// The engine, through the public API.

/// `(value, ∂/∂x, ∂/∂y)` as the engine records and differentiates it.
fn engine(op: &str, x: f64, y: f64) -> (f64, f64, f64) {
    let g = Graph::new();
    let (a, b) = (g.value(x), g.value(y));
    let out: Value = match op {
        "neg" => -a,
        "exp" => a.exp(),
        "ln" => a.ln(),
        "sqrt" => a.sqrt(),
        "sin" => a.sin(),
        "cos" => a.cos(),
        "tanh" => a.tanh(),
        "sigmoid" => a.sigmoid(),
        "relu" => a.relu(),
        "softplus" => a.softplus(),
        "gelu" => a.gelu(),
        "abs" => a.abs(),
        "sign" => a.sign(),
        "powf" => a.powf(y),
        "leaky_relu" => a.leaky_relu(y),
        "elu" => a.elu(y),
        "swish" => a.swish(y),
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "pow" => a.pow(b),
        "prelu" => a.prelu(b),
        _ => unreachable!("{op}"),
    };
    out.backward();
    (out.data(), a.grad(), b.grad())
}

// ---------------------------------------------------------------------
// The sweep.

const UNARY: [&str; 13] = [
    "neg", "exp", "ln", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "softplus", "gelu", "abs",
    "sign",
];
const BINARY: [&str; 6] = ["+", "-", "*", "/", "pow", "prelu"];
/// Ops with a constant, with the constants a user or a layer gives them.
const WITH_CONSTANT: [(&str, &[f64]); 4] = [
    ("powf", &[0.0, 1.0, 2.0, 3.0, 0.5, -0.5, -1.0, -2.0, 1e-300]),
    ("leaky_relu", &[0.0, 0.01, 1.0]),
    ("elu", &[0.0, 1.0, 2.0]),
    ("swish", &[0.0, 1.0, -1.0, 1.5]),
];

/// Ops whose results are of order 1 and computed from `out` or `erf`: they
/// may be off by an absolute 1e-15 (see the table at the top).
const ABSOLUTE: [&str; 8] = [
    "tanh", "sigmoid", "softplus", "gelu", "swish", "elu", "sin", "cos",
];

/// Differences from the exact forms that remain by design: `(op, x, y,
/// which output)`, with `which` 0 for the value, 1 for ∂/∂x, 2 for ∂/∂y.
const REMAINS: &[(&str, f64, f64, usize)] = &[
    // √-0 is -0 (IEEE), so 1/(2√x) is -∞ there; +∞ at +0.
    ("sqrt", -0.0, -0.0, 1),
];

fn close(engine: f64, exact: f64, absolute: f64) -> bool {
    if engine.is_nan() || exact.is_nan() {
        return engine.is_nan() && exact.is_nan();
    }
    if engine == exact {
        return true;
    }
    if !engine.is_finite() || !exact.is_finite() {
        return false;
    }
    let difference = (engine - exact).abs();
    difference <= 1e-10 * engine.abs().max(exact.abs()) + absolute + 1e-318
}

/// Every case of the sweep: `(op, x, y)`.
fn cases() -> Vec<(&'static str, f64, f64)> {
    let mut cases = Vec::new();
    for op in UNARY {
        for x in EXTREMES {
            cases.push((op, x, x));
        }
    }
    for (op, constants) in WITH_CONSTANT {
        for x in EXTREMES {
            for &c in constants {
                cases.push((op, x, c));
            }
        }
    }
    for op in BINARY {
        for x in EXTREMES {
            for y in EXTREMES {
                cases.push((op, x, y));
            }
        }
    }
    cases
}

#[test]
fn every_op_at_extreme_inputs_matches_its_exact_form_or_is_listed() {
    let mut differences = Vec::new();
    let n = cases().len();
    for (op, x, y) in cases() {
        let e = engine(op, x, y);
        let r = exact(op, x, y);
        let absolute = if ABSOLUTE.contains(&op) { 1e-15 } else { 0.0 };
        let with_constant = WITH_CONSTANT.iter().any(|(name, _)| *name == op);
        let unary = UNARY.contains(&op);
        let mut check = |which: usize, got: f64, want: f64| {
            if !close(got, want, absolute) {
                differences.push((op, x, y, which, got, want));
            }
        };
        check(0, e.0, r.0);
        // A derivative at a NaN input has no exact form to compare with.
        if x.is_nan() || y.is_nan() {
            continue;
        }
        check(1, e.1, r.1);
        if !unary && !with_constant {
            check(2, e.2, r.2);
        }
    }
    let listed = |&(op, x, y, which, _, _): &(&str, f64, f64, usize, f64, f64)| {
        REMAINS.iter().any(|&(o, a, b, w)| {
            o == op && a.to_bits() == x.to_bits() && b.to_bits() == y.to_bits() && w == which
        })
    };
    let unexplained: Vec<String> = differences
        .iter()
        .filter(|d| !listed(d))
        .map(|(op, x, y, which, got, want)| {
            let what = ["value", "∂/∂x", "∂/∂y"][*which];
            format!("{op}({x:e}, {y:e}) {what}: engine {got:e}, exact {want:e}")
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} of {n} cases differ from the exact form:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    for &(op, x, y, which) in REMAINS {
        assert!(
            differences
                .iter()
                .any(|&(o, a, b, w, _, _)| o == op && a == x && b == y && w == which),
            "REMAINS lists {op}({x}, {y}) output {which}, which now matches: remove it"
        );
    }
}

#[test]
fn pow_with_exponent_zero_has_derivative_zero_at_zero() {
    // x⁰ = 1 for every x, so d/dx = 0 even at x = 0 (PyTorch gives 0 too).
    let g = Graph::new();
    let x = g.value(0.0);
    let y = x.pow(g.value(0.0));
    y.backward();
    assert_eq!((y.data(), x.grad()), (1.0, 0.0));
    let g = Graph::new();
    let x = g.value(0.0);
    let y = x.powf(0.0);
    y.backward();
    assert_eq!((y.data(), x.grad()), (1.0, 0.0));
}

#[test]
fn division_derivative_does_not_overflow_through_y_squared() {
    // ∂(x/y)/∂y = -x/y² = -1e300/1e400 = -1e-100, although y² overflows.
    let g = Graph::new();
    let (x, y) = (g.value(1e300), g.value(1e200));
    (x / y).backward();
    assert!((y.grad() + 1e-100).abs() <= 1e-115, "{}", y.grad());
    assert_eq!(x.grad(), 1e-200);
}
