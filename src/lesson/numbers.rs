//! How the lesson writes numbers, the same in every language: fixed
//! decimals for ordinary sizes, scientific notation for small derivatives
//! (`6.65e-3`, never `0.0067` or seventeen digits), `-0` as `0`,
//! percentages with one decimal.

/// `x` with `decimals` decimals; `-0` (and a negative that rounds to 0) as
/// `0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x + 0.0);
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// A derivative or a gradient: 4 decimals when `|x| ≥ 0.01` (and below
/// 10⁴), `0` when it is exactly 0, else 3 significant digits in scientific
/// notation (`6.65e-3`), so that a small number keeps its digits.
pub fn num(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else if (0.01..1e4).contains(&x.abs()) {
        fixed(x, 4)
    } else {
        format!("{x:.2e}")
    }
}

/// A difference that should be 0 (autograd against another computation):
/// `0` when it is, else 2 significant digits (`3.8e-11`).
pub fn gap(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        format!("{x:.1e}")
    }
}

/// A fraction as a percentage with one decimal: `0.978` → `97.8 %`.
pub fn percent(fraction: f64) -> String {
    format!("{:.1} %", 100.0 * fraction)
}

/// Numbers with `decimals` decimals, separated by commas: `1.0000, -0.5000`.
pub fn list(xs: &[f64], decimals: usize) -> String {
    let parts: Vec<String> = xs.iter().map(|&x| fixed(x, decimals)).collect();
    parts.join(", ")
}

/// `n` in superscript digits, for layer numbers: `sup(2)` is `²`.
pub fn sup(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|d| DIGITS[d as usize - '0' as usize])
        .collect()
}

/// The columns a line takes in a terminal: characters, not counting
/// combining marks (a decomposed Vietnamese letter is one column).
pub fn width(line: &str) -> usize {
    line.chars()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF))
        .count()
}

/// `text` padded with spaces to `columns` terminal columns (left-aligned).
pub fn pad(text: &str, columns: usize) -> String {
    let w = width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(w)))
}

/// `text` padded on the left to `columns` terminal columns (right-aligned).
pub fn pad_left(text: &str, columns: usize) -> String {
    let w = width(text);
    format!("{}{text}", " ".repeat(columns.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_keep_their_digits_and_zero_is_zero() {
        assert_eq!(num(6.648e-3), "6.65e-3");
        assert_eq!(num(0.25), "0.2500");
        assert_eq!(num(-0.0), "0");
        assert_eq!(fixed(-0.00001, 4), "0.0000");
        assert_eq!(fixed(-0.5, 2), "-0.50");
        assert_eq!(gap(0.0), "0");
        assert_eq!(percent(0.978), "97.8 %");
        assert_eq!(sup(12), "¹²");
    }
}
