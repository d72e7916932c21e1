//! Results shown inline in a Jupyter notebook with the Rust kernel
//! ([evcxr](https://github.com/evcxr/evcxr)).
//!
//! evcxr shows the value of a cell's last expression by calling its
//! `evcxr_display` method if it has one; the method prints the content
//! between two marker lines with its MIME type. These types have one:
//!
//! | type | shows |
//! |---|---|
//! | [`Value`] | micrograd's drawing of its graph, as SVG (no Graphviz needed) |
//! | [`ForwardTrace`], [`BackwardTrace`] | the step-by-step tables, as HTML |
//! | [`GradientTable`] | `w_ij \| a_i \| e_j \| e_j·a_i \| autograd`, as HTML |
//! | [`LineChart`](crate::plot::LineChart), [`History`] | the chart, or the loss curve, as SVG (feature `plot`) |
//!
//! Each also has a `to_html` (or `to_svg`) that returns the same content as
//! a string. In a notebook:
//!
//! ```text
//! :dep scalargrad = { path = "…" }
//! use scalargrad::Graph;
//! let g = Graph::new();
//! let x = g.value(2.0).named("x");
//! let y = (x * x + 1.0).tanh().named("y");
//! y.backward();
//! y            // the drawing, with data and grad in every box
//! ```

use std::fmt::Write as _;

use crate::inspect::{escape_markup as escape, BackwardTrace, ForwardTrace};
use crate::nn::GradientTable;
use crate::train::History;
use crate::Value;

/// What `evcxr_display` prints: `content` between evcxr's markers, with its
/// MIME type.
pub(crate) fn evcxr_block(mime: &str, content: &str) -> String {
    format!("EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT\n")
}

/// A number as the tables show it: 4 significant decimals, the exact value
/// on hover.
fn cell(x: f64) -> String {
    format!(r#"<td title="{x:?}">{}</td>"#, escape(&format!("{x:.4}")))
}

/// An HTML table with a header row.
fn table(caption: &str, headers: &[&str], rows: impl Iterator<Item = String>) -> String {
    let mut html =
        String::from(r#"<table style="font-family: monospace; border-collapse: collapse">"#);
    let _ = write!(html, "<caption>{}</caption><tr>", escape(caption));
    for h in headers {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>");
    for row in rows {
        let _ = write!(html, "<tr>{row}</tr>");
    }
    html.push_str("</table>");
    html
}

fn label(node: usize, name: &Option<String>) -> String {
    escape(&name.clone().unwrap_or_else(|| format!("#{node}")))
}

impl Value<'_> {
    /// micrograd's drawing of this value's graph as inline HTML (an SVG):
    /// what [`evcxr_display`](Value::evcxr_display) shows.
    ///
    /// ```
    /// let g = scalargrad::Graph::new();
    /// let y = g.value(2.0).named("x").tanh();
    /// assert!(y.to_html().contains("<svg"));
    /// ```
    ///
    /// # Panics
    /// If this value was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn to_html(&self) -> String {
        format!("<div>{}</div>", self.to_svg())
    }

    /// Shows the drawing inline in a Jupyter notebook with the evcxr kernel
    /// (evcxr calls this for a cell's value).
    #[track_caller]
    pub fn evcxr_display(&self) {
        print!("{}", evcxr_block("text/html", &self.to_html()));
    }
}

impl ForwardTrace {
    /// The trace as an HTML table: node, op, inputs, value.
    pub fn to_html(&self) -> String {
        table(
            "forward pass",
            &["node", "op", "inputs", "value"],
            self.steps.iter().map(|s| {
                let inputs: Vec<String> = s.inputs.iter().map(|i| format!("#{i}")).collect();
                format!(
                    "<td>{}</td><td>{}</td><td>{}</td>{}",
                    label(s.node, &s.name),
                    escape(&s.op),
                    inputs.join(", "),
                    cell(s.value)
                )
            }),
        )
    }

    /// Shows the table inline in a Jupyter notebook with the evcxr kernel.
    pub fn evcxr_display(&self) {
        print!("{}", evcxr_block("text/html", &self.to_html()));
    }
}

impl BackwardTrace {
    /// The trace as an HTML table, one row per edge of the reverse sweep:
    /// node, op, upstream gradient, input, local derivative, contribution.
    pub fn to_html(&self) -> String {
        let rows = self.steps.iter().flat_map(|s| {
            s.contributions.iter().map(move |c| {
                format!(
                    "<td>{}</td><td>{}</td>{}<td>#{}</td>{}{}",
                    label(s.node, &s.name),
                    escape(&s.op),
                    cell(s.upstream),
                    c.input,
                    cell(c.local_derivative),
                    cell(c.contribution)
                )
            })
        });
        table(
            "backward pass: upstream × local = contribution",
            &["node", "op", "upstream", "input", "local", "contribution"],
            rows,
        )
    }

    /// Shows the table inline in a Jupyter notebook with the evcxr kernel.
    pub fn evcxr_display(&self) {
        print!("{}", evcxr_block("text/html", &self.to_html()));
    }
}

impl GradientTable {
    /// The table as HTML: `w_ij | a_i | e_j | e_j·a_i | autograd` (summed
    /// over the examples), one row per weight, then the biases.
    pub fn to_html(&self) -> String {
        let rows = self.rows.iter().map(|r| {
            let weight = match r.i {
                Some(i) => format!("w_{}{}", i + 1, r.j + 1),
                None => format!("b_{}", r.j + 1),
            };
            let a_i: f64 = r.a_i.iter().sum();
            let e_j: f64 = r.e_j.iter().sum();
            format!(
                "<td>{}</td>{}{}{}{}",
                escape(&weight),
                cell(a_i),
                cell(e_j),
                cell(r.predicted),
                cell(r.autograd)
            )
        });
        table(
            &format!("layer {}: ∂J/∂w_ij = e_j·a_i", self.layer + 1),
            &["weight", "a_i", "e_j", "e_j·a_i", "autograd"],
            rows,
        )
    }

    /// Shows the table inline in a Jupyter notebook with the evcxr kernel.
    pub fn evcxr_display(&self) {
        print!("{}", evcxr_block("text/html", &self.to_html()));
    }
}

#[cfg(feature = "plot")]
impl crate::plot::LineChart {
    /// Shows the chart inline in a Jupyter notebook with the evcxr kernel,
    /// as SVG (or the reason it cannot be drawn, as text).
    pub fn evcxr_display(&self) {
        match self.to_svg() {
            Ok(svg) => print!("{}", evcxr_block("image/svg+xml", &svg)),
            Err(e) => print!("{}", evcxr_block("text/plain", &e.to_string())),
        }
    }
}

#[cfg(feature = "plot")]
impl History {
    /// The training loss per epoch (and the validation loss, if any) as an
    /// SVG chart in memory.
    ///
    /// # Errors
    /// [`Error::Plot`](crate::Error::Plot) if the chart cannot be drawn.
    pub fn loss_chart_svg(&self) -> crate::Result<String> {
        use crate::plot::{LineChart, Series};
        let mut chart = LineChart::new("Loss")
            .x_label("epoch")
            .y_label("loss")
            .series(Series::new("train", self.curve(|r| Some(r.train_loss))));
        let validation = self.curve(|r| r.validation_loss);
        if !validation.is_empty() {
            chart = chart.series(Series::new("validation", validation));
        }
        chart.to_svg()
    }

    /// Shows the loss curve inline in a Jupyter notebook with the evcxr
    /// kernel.
    pub fn evcxr_display(&self) {
        match self.loss_chart_svg() {
            Ok(svg) => print!("{}", evcxr_block("image/svg+xml", &svg)),
            Err(e) => print!("{}", evcxr_block("text/plain", &e.to_string())),
        }
    }
}

#[cfg(not(feature = "plot"))]
impl History {
    /// Shows the epochs' losses inline in a Jupyter notebook with the evcxr
    /// kernel (as text: the `plot` feature draws them).
    pub fn evcxr_display(&self) {
        let losses: Vec<String> = self
            .epochs
            .iter()
            .map(|r| format!("epoch {}: loss {:.4}", r.epoch, r.train_loss))
            .collect();
        print!("{}", evcxr_block("text/plain", &losses.join("\n")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_is_what_evcxr_reads() {
        assert_eq!(
            evcxr_block("text/html", "<b>x</b>"),
            "EVCXR_BEGIN_CONTENT text/html\n<b>x</b>\nEVCXR_END_CONTENT\n"
        );
    }

    #[test]
    fn text_in_tables_is_escaped() {
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(cell(0.5), r#"<td title="0.5">0.5000</td>"#);
    }
}
