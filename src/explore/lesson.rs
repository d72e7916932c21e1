//! The lesson view (`GET /api/lesson`, `/api/lesson/{number}/{file}`):
//! each section of [`lesson`](crate::lesson) run once into a buffer and a
//! temporary folder, its text and pictures kept in memory (the folder is
//! removed at once), and a link that opens its example in a view.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::error::{panic_message, ApiError};
use super::expression::MICROGRAD_FORMULA;
use super::text::percent_encode;
use crate::lesson::{mlp_forward, Lang, Options, Page, SECTIONS};

/// Largest picture kept, in bytes; larger files are left out.
const MAX_PICTURE: u64 = 16 << 20;

/// A picture of a section.
pub(crate) struct Picture {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A section, run.
struct Section {
    number: usize,
    title: String,
    text: String,
    error: Option<String>,
    pictures: Vec<Picture>,
}

/// Every section, run once, in one language.
pub(crate) struct Lesson {
    lang: Lang,
    sections: Vec<Section>,
}

/// Where a section's example opens: a view, the query string of its URL
/// state, and the request body that view posts.
#[derive(Serialize)]
struct Open {
    view: &'static str,
    state: String,
    request: serde_json::Value,
}

/// The expression view on `formula` at `values`.
fn expression(formula: &str, values: &[(&str, f64)]) -> Open {
    let mut state = format!("formula={}", percent_encode(formula));
    for (name, x) in values {
        state.push_str(&format!("&{name}={x}"));
    }
    let values: BTreeMap<&str, f64> = values.iter().copied().collect();
    Open {
        view: "expression",
        state,
        request: json!({ "formula": formula, "values": values }),
    }
}

/// The network view with the request `body` (a JSON object of
/// `POST /api/network`).
fn network(body: serde_json::Value) -> Open {
    let state = body
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    format!("{k}={}", percent_encode(&text))
                })
                .collect::<Vec<_>>()
                .join("&")
        })
        .unwrap_or_default();
    Open {
        view: "network",
        state,
        request: body,
    }
}

/// Where section `number` opens.
fn open(number: usize) -> Open {
    match number {
        1 => expression(MICROGRAD_FORMULA, &[("a", -4.0), ("b", 2.0)]),
        2 => network(json!({ "preset": "vanishing" })),
        3 | 4 => first_hidden_unit(),
        // The classic bugs: the diamond whose gradient a backward without a
        // topological order gets wrong, stepped in the right order.
        5 => expression("u = x*x; v = u + 1; u*v", &[("x", 2.0)]),
        6 => network(json!({ "preset": "dying_relu" })),
        7 => network(json!({ "preset": "zero_init" })),
        8 => network(json!({ "dataset": "moons", "optimizer": "adam", "learning_rate": 0.01 })),
        _ => network(json!({ "dataset": "moons" })),
    }
}

/// Hidden unit 1 of the network of sections 3 and 4, as a formula:
/// `a_1 = relu(w_11·a_1⁽⁰⁾ + w_21·a_2⁽⁰⁾ + b_1)` at the lesson's input.
fn first_hidden_unit() -> Open {
    let graph = crate::Graph::new();
    let network = mlp_forward::network(&graph);
    let unit = &network.layers()[0].neurons()[0];
    let w: Vec<f64> = unit.weights().iter().map(|w| w.data()).collect();
    let b = unit.bias().map_or(0.0, |b| b.data());
    let [x1, x2] = mlp_forward::INPUT;
    expression(
        "relu(w11*a1 + w21*a2 + b1)",
        &[
            ("w11", w[0]),
            ("w21", w[1]),
            ("b1", b),
            ("a1", x1),
            ("a2", x2),
        ],
    )
}

impl Lesson {
    /// Runs every section in `lang` in a fresh temporary folder under
    /// `scratch`, keeping text and pictures; the folder is removed
    /// afterwards. A section that fails or panics keeps what it printed and
    /// its error.
    pub(crate) fn run(scratch: &Path, lang: Lang) -> Lesson {
        let options = Options {
            lang,
            ..Options::default()
        };
        let sections = SECTIONS
            .iter()
            .map(|section| {
                let dir = scratch.join(section.folder);
                let mut text = Vec::new();
                let ran = catch_unwind(AssertUnwindSafe(|| {
                    let mut page = Page::new(&mut text, options);
                    (section.run)(&mut page, &dir)
                }));
                let (files, error) = match ran {
                    Ok(Ok(files)) => (files, None),
                    Ok(Err(e)) => (Vec::new(), Some(e.to_string())),
                    Err(panic) => (Vec::new(), Some(panic_message(&*panic))),
                };
                let pictures = files.iter().filter_map(|f| picture(f)).collect();
                let _ = std::fs::remove_dir_all(&dir);
                Section {
                    number: section.number,
                    title: section.title(lang),
                    text: String::from_utf8_lossy(&text).into_owned(),
                    error,
                    pictures,
                }
            })
            .collect();
        let _ = std::fs::remove_dir_all(scratch);
        Lesson { lang, sections }
    }

    /// The answer to `GET /api/lesson` in the lesson's language.
    pub(crate) fn json(&self) -> Result<Vec<u8>, ApiError> {
        #[derive(Serialize)]
        struct SectionJson<'a> {
            number: usize,
            title: &'a str,
            text: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<&'a str>,
            pictures: Vec<String>,
            open: Open,
        }
        let sections: Vec<SectionJson> = self
            .sections
            .iter()
            .map(|s| SectionJson {
                number: s.number,
                title: &s.title,
                text: &s.text,
                error: s.error.as_deref(),
                pictures: s
                    .pictures
                    .iter()
                    .map(|p| {
                        format!(
                            "/api/lesson/{}/{}?lang={}",
                            s.number,
                            percent_encode(&p.name),
                            self.lang.code()
                        )
                    })
                    .collect(),
                open: open(s.number),
            })
            .collect();
        let languages: Vec<&str> = Lang::all().map(Lang::code).collect();
        serde_json::to_vec(&json!({
            "lang": self.lang.code(),
            "languages": languages,
            "sections": sections,
        }))
        .map_err(|_| ApiError::internal("writing the lesson"))
    }

    /// Picture `name` of section `number`.
    pub(crate) fn picture(&self, number: usize, name: &str) -> Option<&Picture> {
        self.sections
            .iter()
            .find(|s| s.number == number)?
            .pictures
            .iter()
            .find(|p| p.name == name)
    }
}

/// The file at `path` as a picture, if it is a PNG or an SVG of reasonable
/// size.
fn picture(path: &Path) -> Option<Picture> {
    let content_type = match path.extension()?.to_str()? {
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => return None,
    };
    if std::fs::metadata(path).ok()?.len() > MAX_PICTURE {
        return None;
    }
    Some(Picture {
        name: path.file_name()?.to_str()?.to_string(),
        content_type,
        bytes: std::fs::read(path).ok()?,
    })
}
