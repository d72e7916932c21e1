//! Ranges and tick labels.
//!
//! Kept rather than plotters' own, because plotters' are not readable on
//! the lesson's ranges (measured with plotters 0.3.7):
//! - On a linear axis plotters' key points are used as they are; only
//!   their labels are ours. plotters' default formatter writes `0.0`,
//!   `20.0`, `1000000.0`; its `pretty_print_float` writes a tick at zero
//!   computed as `5.55e-17` as `5.55112e-17` and picks the notation value
//!   by value (`8e-4` beside `0.001`). [`linear_tick_label`] chooses the
//!   decimals once for the axis, from the tick spacing.
//! - On a logarithmic axis plotters labels only powers of ten: a loss
//!   between 0.3 and 0.8 gets one labelled tick (`1.0`), 0.02 to 0.7 one
//!   (`0.1`), and 1e-12 to 1 reads `9.999999999999999e-5`. [`log_ticks`]
//!   labels 1-2-5 or every `m·10ⁿ` when the axis spans few decades, and
//!   [`padded_log_range`] widens a range of less than a decade to
//!   `1`, `2` or `5·10ⁿ` so that at least two ticks are labelled.

/// `(lo, hi)` padded by 5 % of its span on each side; a single value `v`
/// becomes `v ± 10 %·|v|` (`±1` for 0); no value at all becomes `(0, 1)`.
pub(super) fn padded_range((lo, hi): (f64, f64)) -> (f64, f64) {
    if lo > hi {
        return (0.0, 1.0);
    }
    let magnitude = lo.abs().max(hi.abs());
    let span = hi - lo;
    if span > magnitude * 1e-9 && span.is_finite() {
        (lo - 0.05 * span, hi + 0.05 * span)
    } else if magnitude == 0.0 {
        (-1.0, 1.0)
    } else {
        let half = 0.1 * magnitude;
        (lo - half, hi + half)
    }
}

/// A positive `(lo, hi)` padded by 5 % of its span in decades. A range of
/// less than one decade is widened to the nearest `1`, `2` or `5·10ⁿ` below
/// and above, so that the axis has at least two labelled ticks; a single
/// value `v` becomes `(v/2, 2v)` before that. No value at all becomes
/// `(1, 10)`.
pub(super) fn padded_log_range((lo, hi): (f64, f64)) -> (f64, f64) {
    if !(lo <= hi && lo > 0.0 && hi.is_finite()) {
        return (1.0, 10.0);
    }
    let (mut lo, mut hi) = (lo.log10(), hi.log10());
    if hi - lo < 1e-9 {
        lo -= 2f64.log10();
        hi += 2f64.log10();
    }
    let pad = 0.05 * (hi - lo);
    lo -= pad;
    hi += pad;
    let (mut lo, mut hi) = (10f64.powf(lo), 10f64.powf(hi));
    if hi / lo < 10.0 {
        lo = one_two_five(lo, true);
        hi = one_two_five(hi, false);
    }
    (lo, hi)
}

/// The nearest value of the form `1`, `2` or `5·10ⁿ` at or below a positive
/// `value` (`below`), or at or above it.
fn one_two_five(value: f64, below: bool) -> f64 {
    let decade = 10f64.powf(value.log10().floor());
    let candidates = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0].map(|m| m * decade);
    let nearest = if below {
        candidates
            .iter()
            .rev()
            .find(|&&c| c <= value * (1.0 + 1e-12))
    } else {
        candidates.iter().find(|&&c| c >= value * (1.0 - 1e-12))
    };
    *nearest.expect("the candidates span more than the value's decade")
}

/// Labelled and minor ticks for a logarithmic axis from `lo` to `hi`:
/// every `m·10ⁿ` (m = 1 … 9) labelled when the axis spans at most a decade
/// and a half; `1`, `2` and `5·10ⁿ` labelled with the rest as minor ticks up
/// to three decades; beyond that the powers of ten (every second, third, …
/// one when there are more than eight), with minor ticks only while every
/// power is labelled.
pub(super) fn log_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let decades = (hi / lo).log10();
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let inside = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let mut ticks = Vec::new();
    let mut minor = Vec::new();
    let every = ((decades / 8.0).ceil() as i32).max(1);
    for exponent in first..=last {
        let decade = 10f64.powi(exponent);
        for m in 1..=9 {
            let value = f64::from(m) * decade;
            if !inside(value) {
                continue;
            }
            let labelled = if decades <= 1.5 {
                true
            } else if decades <= 3.0 {
                matches!(m, 1 | 2 | 5)
            } else {
                m == 1 && exponent.rem_euclid(every) == 0
            };
            if labelled {
                ticks.push(value);
            } else if decades <= 3.0 || every == 1 {
                minor.push(value);
            }
        }
    }
    (ticks, minor)
}

/// Formats a tick label on a linear axis from `lo` to `hi`: as few decimals
/// as the tick spacing needs, and powers of ten for very large or very small
/// numbers.
pub(super) fn linear_tick_label(value: f64, lo: f64, hi: f64) -> String {
    let step = (hi - lo) / 10.0;
    if step <= 0.0 || !step.is_finite() || !value.is_finite() {
        return format!("{value}");
    }
    if value.abs() < step * 1e-6 {
        return "0".to_string();
    }
    let magnitude = lo.abs().max(hi.abs());
    if !(1e-3..1e6).contains(&magnitude) {
        let digits = (magnitude / step).log10().ceil().clamp(0.0, 6.0) as usize;
        return scientific(value, digits);
    }
    let decimals = if step >= 1.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize + 1).min(12)
    };
    trim_zeros(format!("{value:.decimals$}"))
}

/// Formats a tick label `m·10ⁿ` on a logarithmic axis: plain decimals from
/// 0.001 to 90000, `me n` beyond.
pub(super) fn log_tick_label(value: f64) -> String {
    if value <= 0.0 || !value.is_finite() {
        return String::new();
    }
    let mut exponent = value.log10().floor();
    let mut mantissa = value / 10f64.powf(exponent);
    if (mantissa - mantissa.round()).abs() > 1e-6 {
        return String::new();
    }
    mantissa = mantissa.round();
    if mantissa >= 10.0 {
        mantissa = 1.0;
        exponent += 1.0;
    }
    let exponent = exponent as i32;
    if (-3..=4).contains(&exponent) {
        let decimals = (-exponent).max(0) as usize;
        format!("{:.decimals$}", mantissa * 10f64.powi(exponent))
    } else {
        format!("{mantissa}e{exponent}")
    }
}

fn scientific(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa.to_string())),
        None => text,
    }
}

fn trim_zeros(text: String) -> String {
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// The smallest and largest of `values`, or `(∞, −∞)` for none.
pub(super) fn extent(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_tick_labels_use_the_decimals_the_spacing_needs() {
        assert_eq!(linear_tick_label(0.30000000000000004, 0.0, 1.0), "0.3");
        assert_eq!(linear_tick_label(5.551115123125783e-17, -1.0, 1.0), "0");
        assert_eq!(linear_tick_label(200.0, 0.0, 1000.0), "200");
        assert_eq!(linear_tick_label(0.00015, 0.0001, 0.0002), "1.5e-4");
        assert_eq!(linear_tick_label(2.5e6, 0.0, 5e6), "2.5e6");
    }

    #[test]
    fn linear_tick_labels_use_one_notation_for_the_whole_axis() {
        // Ticks every 0.0002 on [0, 0.001]: four decimals suffice
        // (ceil(−log10(0.0001)) + 1 = 5, trailing zeros trimmed), and no
        // tick switches to `8e-4` beside `0.001`.
        let labels: Vec<String> = [0.0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001]
            .iter()
            .map(|&v| linear_tick_label(v, 0.0, 0.001))
            .collect();
        assert_eq!(
            labels,
            ["0", "0.0002", "0.0004", "0.0006", "0.0008", "0.001"]
        );
        // No `.0` on whole numbers.
        assert_eq!(linear_tick_label(20.0, -4.0, 105.0), "20");
    }

    #[test]
    fn log_tick_labels_are_decimals_near_one_and_powers_of_ten_beyond() {
        assert_eq!(log_tick_label(0.001), "0.001");
        assert_eq!(log_tick_label(0.020000000000000004), "0.02");
        assert_eq!(log_tick_label(1e-5), "1e-5");
        assert_eq!(log_tick_label(2e-5), "2e-5");
        assert_eq!(log_tick_label(50.0), "50");
        assert_eq!(log_tick_label(1e6), "1e6");
    }

    #[test]
    fn log_ticks_label_fewer_values_as_the_axis_spans_more_decades() {
        // 0.2 … 1: every m·10ⁿ.
        let (ticks, minor) = log_ticks(0.2, 1.0);
        assert_eq!(ticks.len(), 9);
        assert!(minor.is_empty());
        // 0.01 … 1: 1, 2, 5 per decade and the 1 at the end; 3, 4, 6 … minor.
        let (ticks, minor) = log_ticks(0.01, 1.0);
        assert_eq!(ticks.len(), 7);
        assert_eq!(minor.len(), 12);
        // 1e-12 … 1: every second power of ten (12 decades > 8), no minor ticks.
        let (ticks, minor) = log_ticks(1e-12, 1.0);
        assert_eq!(ticks.len(), 7);
        assert!(minor.is_empty());
    }

    #[test]
    fn ranges_pad_five_percent_and_survive_a_single_value() {
        assert_eq!(padded_range((0.0, 10.0)), (-0.5, 10.5));
        let (lo, hi) = padded_range((3.0, 3.0)); // 3 ± 10 %
        assert!((lo - 2.7).abs() < 1e-12 && (hi - 3.3).abs() < 1e-12);
        assert_eq!(padded_range((0.0, 0.0)), (-1.0, 1.0));
        assert_eq!(padded_range((f64::INFINITY, f64::NEG_INFINITY)), (0.0, 1.0));
        // 0.3 to 0.8 is less than a decade: padded to 0.286 … 0.838, widened to 0.2 … 1.
        let (lo, hi) = padded_log_range((0.3, 0.8));
        assert!((lo - 0.2).abs() < 1e-12 && (hi - 1.0).abs() < 1e-12);
    }
}
