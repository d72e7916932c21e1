//! The progress bar of long training runs.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// When [`Trainer::fit`](super::Trainer::fit) shows a progress bar (epochs,
/// loss, accuracy, speed) on standard error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Progress {
    /// Only when standard error is a terminal (not in tests, pipes or logs).
    #[default]
    Auto,
    /// Always (even when it is not a terminal, where it draws nothing
    /// useful).
    Always,
    /// Never: quiet.
    Never,
}

impl Progress {
    pub(crate) fn bar(self, epochs: usize) -> Bar {
        let show = match self {
            Progress::Auto => std::io::stderr().is_terminal(),
            Progress::Always => true,
            Progress::Never => false,
        };
        if !show || epochs == 0 {
            return Bar(None);
        }
        let bar = ProgressBar::new(epochs as u64);
        let style = ProgressStyle::with_template(
            "{bar:30.cyan/blue} epoch {pos}/{len} {msg} [{elapsed} < {eta}, {per_sec}]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("█▉▊▋▌▍▎▏ ");
        bar.set_style(style);
        Bar(Some(bar))
    }
}

/// A progress bar that may be hidden.
pub(crate) struct Bar(Option<ProgressBar>);

impl Bar {
    pub(crate) fn update(
        &self,
        epoch: usize,
        loss: f64,
        metric: f64,
        validation: Option<f64>,
        metric_name: &str,
    ) {
        if let Some(bar) = &self.0 {
            let shown = |m: f64| {
                if metric_name == "accuracy" {
                    format!("{:.1} %", 100.0 * m)
                } else {
                    format!("{m:.3}")
                }
            };
            let mut msg = format!("loss {loss:.4} {metric_name} {}", shown(metric));
            if let Some(v) = validation {
                msg.push_str(&format!(" (validation {})", shown(v)));
            }
            bar.set_message(msg);
            bar.set_position(epoch as u64 + 1);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish();
        }
    }
}
