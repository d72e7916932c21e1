//! The report of `scalargrad verify` as text (the verdict, the worst
//! point, a table of wrong points) or JSON, and its exit status.

use std::io::Write;
use std::ops::Range;
use std::process::ExitCode;

use scalargrad::gradcheck::{DerivativeCheck, DerivativeReport, GradcheckOptions, PointCheck};
use scalargrad::json::number;
use serde_json::json;

use super::{f_text, Parsed, VerifyArgs, LISTED, LISTED_JSON};
use crate::cli::{note, untrustworthy};

/// A number for the table: 6 significant digits, in scientific notation
/// when very large or very small.
pub(super) fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let size = x.abs();
    if !(1e-4..1e6).contains(&size) {
        return format!("{x:.5e}");
    }
    let digits = 5 - size.log10().floor() as i32;
    let text = format!("{x:.*}", digits.max(0) as usize);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// `x = 0.5, y = -1.25`.
fn at(names: &[String], point: &[f64]) -> String {
    names
        .iter()
        .zip(point)
        .map(|(n, x)| format!("{n} = {}", short(*x)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A report with the names it is about.
pub(super) struct Shown<'a> {
    pub(super) root: &'a str,
    pub(super) names: &'a [String],
    pub(super) derivatives: &'a [Parsed],
    pub(super) report: &'a DerivativeReport,
}

impl Shown<'_> {
    fn point(&self, c: &PointCheck) -> &[f64] {
        &self.report.points[c.point]
    }

    pub(super) fn text(
        &self,
        out: &mut dyn Write,
        args: &VerifyArgs,
        boxes: &[Range<f64>],
    ) -> std::io::Result<()> {
        let GradcheckOptions { atol, rtol, .. } = self.report.options;
        let ranges: Vec<String> = self
            .names
            .iter()
            .zip(boxes)
            .map(|(n, r)| format!("{n} ∈ [{}, {}]", r.start, r.end))
            .collect();
        writeln!(out, "{} = {}", self.root, f_text(args))?;
        writeln!(
            out,
            "{} random point{} with {} (seed {}); agreement within atol {atol:e} + rtol {rtol:e} × |autograd|, PyTorch's tolerances",
            args.points,
            if args.points == 1 { "" } else { "s" },
            ranges.join(", "),
            args.seed
        )?;
        for ((name, d), check) in self
            .names
            .iter()
            .zip(self.derivatives)
            .zip(&self.report.inputs)
        {
            writeln!(out, "\n∂{}/∂{name} = {}", self.root, d.text.trim())?;
            self.verdict(out, check)?;
        }
        let named = |which: &dyn Fn(&DerivativeCheck) -> bool| -> Vec<String> {
            self.names
                .iter()
                .zip(&self.report.inputs)
                .filter(|(_, c)| which(c))
                .map(|(n, _)| format!("∂{}/∂{n}", self.root))
                .collect()
        };
        let wrong = named(&|c| c.disagreed > 0);
        let unchecked = named(&|c| c.disagreed == 0 && c.agreed == 0);
        writeln!(out)?;
        if wrong.is_empty() && unchecked.is_empty() {
            let every = if self.names.len() == 1 {
                "the derivative agrees"
            } else {
                "every derivative agrees"
            };
            writeln!(out, "right: {every} with autograd")?;
        }
        if !wrong.is_empty() {
            let verb = if wrong.len() == 1 {
                "disagrees"
            } else {
                "disagree"
            };
            writeln!(out, "wrong: {} {verb} with autograd", wrong.join(", "))?;
        }
        if !unchecked.is_empty() {
            writeln!(
                out,
                "not checked: {} (autograd has no derivative at any point tried)",
                unchecked.join(", ")
            )?;
        }
        Ok(())
    }

    fn verdict(&self, out: &mut dyn Write, check: &DerivativeCheck) -> std::io::Result<()> {
        let total = check.checks.len();
        if check.passed() && check.agreed == total {
            writeln!(out, "  right at all {total} points")?;
        } else if check.passed() {
            writeln!(
                out,
                "  right at the {} of {total} points where autograd has a derivative",
                check.agreed
            )?;
        } else if check.disagreed > 0 {
            writeln!(
                out,
                "  WRONG at {} of {total} points ({} right)",
                check.disagreed, check.agreed
            )?;
        } else {
            writeln!(
                out,
                "  not checked: autograd's derivative is undefined at all {total} points; try another --box"
            )?;
        }
        if let Some(worst) = &check.worst {
            writeln!(
                out,
                "  worst (relative to the tolerance) at {}: yours {}, autograd {}, difference {}",
                at(self.names, self.point(worst)),
                short(worst.yours),
                short(worst.autograd),
                short(worst.difference)
            )?;
        }
        if check.disagreed > 0 {
            let widths: Vec<usize> = self
                .names
                .iter()
                .map(|n| n.chars().count().max(11))
                .collect();
            let mut header = String::from("  ");
            for (n, w) in self.names.iter().zip(&widths) {
                header += &format!("{n:>w$} ");
            }
            writeln!(
                out,
                "{header}{:>12} {:>12} {:>12}",
                "yours", "autograd", "difference"
            )?;
            for c in self.spread(check) {
                let mut row = String::from("  ");
                for (x, w) in self.point(c).iter().zip(&widths) {
                    row += &format!("{:>w$} ", short(*x));
                }
                writeln!(
                    out,
                    "{row}{:>12} {:>12} {:>12}",
                    short(c.yours),
                    short(c.autograd),
                    short(c.difference)
                )?;
            }
            if check.disagreed > LISTED {
                writeln!(
                    out,
                    "  ({LISTED} of the {} wrong points, spread out in order of {})",
                    check.disagreed, self.names[0]
                )?;
            }
        }
        if check.undefined > 0 && check.agreed + check.disagreed > 0 {
            writeln!(
                out,
                "  undefined at {} point{} (autograd has no derivative there; not counted):",
                check.undefined,
                if check.undefined == 1 { "" } else { "s" }
            )?;
            for (c, why) in check.undefined_points().take(3) {
                writeln!(out, "    {}: {why}", at(self.names, self.point(c)))?;
            }
            if check.undefined > 3 {
                writeln!(out, "    … and {} more", check.undefined - 3)?;
            }
        }
        Ok(())
    }

    /// At most [`LISTED`] of the wrong points, in order of their first
    /// coordinate and spread evenly over them, so that the table shows
    /// where in the box the derivative goes wrong.
    fn spread<'c>(&self, check: &'c DerivativeCheck) -> Vec<&'c PointCheck> {
        let mut wrong: Vec<&PointCheck> = check.disagreements().collect();
        wrong.sort_by(|a, b| self.point(a)[0].total_cmp(&self.point(b)[0]));
        if wrong.len() <= LISTED {
            return wrong;
        }
        (0..LISTED)
            .map(|k| wrong[k * (wrong.len() - 1) / (LISTED - 1)])
            .collect()
    }

    fn point_json(&self, c: &PointCheck) -> serde_json::Value {
        let at: serde_json::Map<String, serde_json::Value> = self
            .names
            .iter()
            .zip(self.point(c))
            .map(|(n, x)| (n.clone(), number(*x)))
            .collect();
        json!({
            "at": at,
            "yours": number(c.yours),
            "autograd": number(c.autograd),
            "difference": number(c.difference),
        })
    }

    pub(super) fn json(&self, args: &VerifyArgs, boxes: &[Range<f64>]) -> serde_json::Value {
        let GradcheckOptions { atol, rtol, .. } = self.report.options;
        let derivatives: serde_json::Map<String, serde_json::Value> = self
            .names
            .iter()
            .zip(self.derivatives)
            .zip(&self.report.inputs)
            .map(|((name, d), check)| {
                let undefined: Vec<serde_json::Value> = check
                    .undefined_points()
                    .take(LISTED_JSON)
                    .map(|(c, why)| {
                        let mut point = self.point_json(c);
                        point["why"] = json!(why.to_string());
                        point
                    })
                    .collect();
                (
                    name.clone(),
                    json!({
                        "formula": d.text,
                        "passed": check.passed(),
                        "agreed": check.agreed,
                        "disagreed": check.disagreed,
                        "undefined": check.undefined,
                        "worst": check.worst.as_ref().map(|c| self.point_json(c)),
                        "first_wrong": check.first_disagreement.as_ref().map(|c| self.point_json(c)),
                        "wrong_points": check.disagreements().take(LISTED_JSON).map(|c| self.point_json(c)).collect::<Vec<_>>(),
                        "undefined_points": undefined,
                    }),
                )
            })
            .collect();
        let ranges: serde_json::Map<String, serde_json::Value> = self
            .names
            .iter()
            .zip(boxes)
            .map(|(n, r)| (n.clone(), json!([number(r.start), number(r.end)])))
            .collect();
        json!({
            "formula": f_text(args),
            "passed": self.report.passed(),
            "points": args.points,
            "seed": args.seed,
            "box": ranges,
            "atol": atol,
            "rtol": rtol,
            "derivatives": derivatives,
        })
    }

    /// 0 when every derivative passed; otherwise a note on standard error
    /// and 1.
    pub(super) fn status(&self) -> ExitCode {
        let mut failed = false;
        for (name, check) in self.names.iter().zip(&self.report.inputs) {
            if check.passed() {
                continue;
            }
            failed = true;
            let total = check.checks.len();
            if check.disagreed > 0 {
                note(&format!(
                    "wrong: your ∂{}/∂{name} disagrees with autograd at {} of {total} points",
                    self.root, check.disagreed
                ));
            } else {
                note(&format!(
                    "∂{}/∂{name} could not be checked: autograd's derivative is undefined at all {total} points",
                    self.root
                ));
            }
        }
        if failed {
            untrustworthy()
        } else {
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_table_have_six_significant_digits() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(-2.5), "-2.5");
        assert_eq!(short(1.23456789), "1.23457");
        assert_eq!(short(123456.7), "123457");
        assert_eq!(short(0.000123456789), "0.000123457");
        assert_eq!(short(1e-7), "1.00000e-7");
        assert_eq!(short(f64::NAN), "NaN");
    }
}
