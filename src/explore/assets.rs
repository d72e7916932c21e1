//! The page, embedded in the binary, and the one-file export (`--html`).
//!
//! The page's files live in `src/explore/assets/`; [`ASSETS`] is the one
//! list of them. The server serves each by name (`/app.js`), and `/` is
//! `index.html`. To add a file, put it in the folder and add a line here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::ApiError;
use super::expression::expression_json;
use super::limits::Limits;
use super::text::json_for_script;

/// One file of the page.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    /// Its name in the assets folder and in URLs (`app.js`).
    pub name: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its text.
    pub text: &'static str,
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// The asset `name` of the assets folder, served as `content_type`.
macro_rules! asset {
    ($name:literal, $content_type:expr) => {
        Asset {
            name: $name,
            content_type: $content_type,
            text: include_str!(concat!("assets/", $name)),
        }
    };
}

/// Every file of the page. The scripts are ES modules; `main.js` is the
/// entry point, which imports the others.
pub const ASSETS: &[Asset] = &[
    asset!("index.html", HTML),
    asset!("style.css", CSS),
    asset!("main.js", JS),
    asset!("app.js", JS),
    asset!("i18n.js", JS),
    asset!("graph.js", JS),
    asset!("expression.js", JS),
    asset!("network.js", JS),
    asset!("lesson.js", JS),
];

/// The asset called `name`, if there is one.
pub(crate) fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The id of the element that carries an exported expression's JSON.
pub const DATA_ELEMENT_ID: &str = "scalargrad-data";

/// The page as one self-contained HTML text: `index.html` with every
/// stylesheet and script of [`ASSETS`] it references inlined, and, if
/// `data` is given, that JSON in
/// `<script type="application/json" id="scalargrad-data">` before the first
/// script (with `<`, `>` and `&` escaped, so that nothing in it can close
/// the element).
pub fn page_html(data: Option<&str>) -> String {
    let index = asset("index.html").map_or("", |a| a.text);
    let mut page = inline_assets(index);
    if let Some(json) = data {
        let element = format!(
            "<script type=\"application/json\" id=\"{DATA_ELEMENT_ID}\">{}</script>\n",
            json_for_script(json)
        );
        let at = find_ci(&page, "<script", 0)
            .or_else(|| find_ci(&page, "</body", 0))
            .unwrap_or(page.len());
        page.insert_str(at, &element);
    }
    page
}

/// Replaces `<link … href="x.css">` and `<script src="x.js"></script>` tags
/// that name an asset by the asset's text in `<style>` and `<script>`.
fn inline_assets(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut at = 0;
    while let Some(start) = find_tag(html, at) {
        let Some(end) = html[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let tag = &html[start..end];
        let is_script = tag[1..].to_ascii_lowercase().starts_with("script");
        let reference = attribute(tag, if is_script { "src" } else { "href" });
        let found = reference.and_then(|r| asset(r.trim_start_matches("./")));
        out.push_str(&html[at..start]);
        match (found, is_script) {
            (Some(a), true) if a.content_type == JS => {
                // Drop the `</script>` that closed the reference.
                let close = find_ci(html, "</script>", end).map_or(end, |c| c + 9);
                let (kind, code) = if attribute(tag, "type") == Some("module") {
                    (" type=\"module\"", bundle_modules(a.name))
                } else {
                    ("", a.text.to_string())
                };
                out.push_str(&format!(
                    "<script{kind}>\n{}\n</script>",
                    escape_closing(&code, "</script")
                ));
                at = close;
            }
            (Some(a), false) if a.content_type == CSS => {
                out.push_str(&format!(
                    "<style>\n{}\n</style>",
                    escape_closing(a.text, "</style")
                ));
                at = end;
            }
            _ => {
                out.push_str(tag);
                at = end;
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

/// The module `entry` and every module it imports, as one script: each in
/// dependency order, wrapped in a function whose result holds its exports,
/// its `import { a, b } from './x.js';` lines turned into reads of the
/// earlier results. A page made of modules then runs from one inline
/// `<script>`, from `file://` (where browsers refuse to load modules).
///
/// The modules keep to two rules that make this a matter of lines (the
/// assets' README says so, and a test checks every asset): an import is
/// one line of that form, and an export is `export function|const|class
/// name` at the start of a line.
fn bundle_modules(entry: &'static str) -> String {
    let mut order = Vec::new();
    visit_module(entry, &mut order, &mut Vec::new());
    let mut bundle = String::new();
    for name in order {
        let text = asset(name).map_or("", |a| a.text);
        let mut exports = Vec::new();
        let mut body = String::with_capacity(text.len());
        for line in text.lines() {
            if let Some((names, module)) = import_line(line) {
                body.push_str(&format!(
                    "const {{{}}} = {};\n",
                    names.replace(" as ", ": "),
                    module_variable(module)
                ));
            } else if let Some((rest, name)) = export_line(line) {
                exports.push(name);
                body.push_str(rest);
                body.push('\n');
            } else {
                body.push_str(line);
                body.push('\n');
            }
        }
        bundle.push_str(&format!(
            "// ---- {name}\nconst {} = (() => {{\n{body}return {{ {} }};\n}})();\n",
            module_variable(name),
            exports.join(", ")
        ));
    }
    bundle
}

/// Puts `name`'s imports, then `name`, in `order` (depth first).
fn visit_module(
    name: &'static str,
    order: &mut Vec<&'static str>,
    visiting: &mut Vec<&'static str>,
) {
    if order.contains(&name) || visiting.contains(&name) {
        return;
    }
    visiting.push(name);
    for line in asset(name).map_or("", |a| a.text).lines() {
        if let Some((_, module)) = import_line(line) {
            if let Some(found) = asset(module) {
                visit_module(found.name, order, visiting);
            }
        }
    }
    visiting.pop();
    order.push(name);
}

/// `import { a, b } from './x.js';` → `(" a, b ", "x.js")`.
fn import_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_end().strip_prefix("import {")?;
    let (names, from) = rest.split_once('}')?;
    let module = from.trim().strip_prefix("from './")?.strip_suffix("';")?;
    Some((names, module))
}

/// `export function f(…` → `("function f(…", "f")`.
fn export_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("export ")?;
    let declaration = rest.strip_prefix("async ").unwrap_or(rest);
    let after = ["function* ", "function ", "const ", "class "]
        .iter()
        .find_map(|k| declaration.strip_prefix(k))?;
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(after.len());
    Some((rest, &after[..end]))
}

/// `app.js` → `module_app`: the variable holding a module's exports.
fn module_variable(name: &str) -> String {
    let stem = name.strip_suffix(".js").unwrap_or(name);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("module_{stem}")
}

/// The next `<link` or `<script` tag at or after `from`.
fn find_tag(html: &str, from: usize) -> Option<usize> {
    let link = find_ci(html, "<link", from);
    let script = find_ci(html, "<script", from);
    match (link, script) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Case-insensitive search of ASCII `needle` in `haystack` from `from`.
fn find_ci(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let lower = haystack.get(from..)?.to_ascii_lowercase();
    lower.find(needle).map(|k| k + from)
}

/// The value of attribute `name` in a tag (quoted with `"` or `'`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name).map(|k| k + from) {
        let before_ok = lower[..k].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[k + name.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let value_at = tag.len() - rest.len() + 1;
            let value = tag[value_at..].trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                return value[1..].split(quote).next();
            }
            return value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next();
        }
        from = k + name.len();
    }
    None
}

/// `text` with every case-insensitive `closing` (`</script`) written as
/// `<\/…`, so that inlined code cannot end its element.
fn escape_closing(text: &str, closing: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(k) = find_ci(text, closing, at) {
        out.push_str(&text[at..k]);
        out.push_str("<\\/");
        out.push_str(&text[k + 2..k + closing.len()]);
        at = k + closing.len();
    }
    out.push_str(&text[at..]);
    out
}

/// Why [`export_html`] failed.
#[derive(Debug)]
pub enum ExportError {
    /// The formula or its values were refused (the column of a formula
    /// error is in the [`ApiError`]).
    Expression(ApiError),
    /// The file could not be written.
    Write(crate::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Expression(e) => write!(f, "{e}"),
            ExportError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// Writes the expression view of `formula` at `values` as one
/// self-contained HTML file: the page with its styles and scripts inlined
/// and the JSON of `POST /api/expression` embedded (see [`page_html`]), so
/// that it steps from `file://` with no server and no network.
///
/// The file is written atomically: to a temporary file beside it, then
/// renamed over `path`.
///
/// # Errors
/// [`ExportError::Expression`] for a formula error, a missing value or a
/// limit passed; [`ExportError::Write`] if the file cannot be written.
pub fn export_html(
    formula: &str,
    values: &[(String, f64)],
    path: &Path,
) -> Result<(), ExportError> {
    let json =
        expression_json(formula, values, &Limits::default()).map_err(ExportError::Expression)?;
    let json = String::from_utf8_lossy(&json);
    let page = page_html(Some(&json));
    write_atomically(path, page.as_bytes()).map_err(ExportError::Write)
}

/// Writes `bytes` to a temporary file in `path`'s folder, then renames it
/// to `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), crate::Error> {
    let io = |source, at: &Path| crate::Error::Io {
        path: at.to_path_buf(),
        source,
    };
    let name = path.file_name().ok_or_else(|| crate::Error::Invalid {
        path: path.to_path_buf(),
        message: "not a file name".into(),
    })?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary: PathBuf = path.with_file_name(temporary_name);
    let written = fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io(e, path));
    }
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io(e, path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_with_either_quote() {
        assert_eq!(
            attribute(r#"<link rel="stylesheet" href="style.css">"#, "href"),
            Some("style.css")
        );
        assert_eq!(attribute("<script src='app.js'>", "src"), Some("app.js"));
        assert_eq!(
            attribute("<script data-src='x' src=a.js>", "src"),
            Some("a.js")
        );
        assert_eq!(attribute("<script>", "src"), None);
    }

    #[test]
    fn inlined_code_cannot_close_its_element() {
        assert_eq!(
            escape_closing("a</SCRIPT>b</script>", "</script"),
            "a<\\/SCRIPT>b<\\/script>"
        );
    }

    #[test]
    fn every_module_keeps_to_the_lines_the_bundle_reads() {
        for asset in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            for line in asset.text.lines() {
                if line.starts_with("import") {
                    let (_, module) = import_line(line).unwrap_or_else(|| {
                        panic!("{}: an import the bundle cannot read: {line}", asset.name)
                    });
                    assert!(
                        super::asset(module).is_some(),
                        "{}: imports {module}, not an asset",
                        asset.name
                    );
                }
                if line.starts_with("export") {
                    assert!(
                        export_line(line).is_some(),
                        "{}: an export the bundle cannot read: {line}",
                        asset.name
                    );
                }
            }
        }
        // Every script is reached from main.js, imports first.
        let mut order = Vec::new();
        visit_module("main.js", &mut order, &mut Vec::new());
        let scripts = ASSETS.iter().filter(|a| a.name.ends_with(".js")).count();
        assert_eq!(order.len(), scripts, "{order:?}");
        assert_eq!(order.last(), Some(&"main.js"));
        let bundle = bundle_modules("main.js");
        assert!(!bundle.contains("\nimport ") && !bundle.contains("\nexport "));
        assert!(bundle.contains("const { startApp } = module_app;"));
    }

    #[test]
    fn the_page_inlines_every_referenced_asset() {
        let page = page_html(Some(r#"{"formula":"</script>"}"#));
        assert!(!page.contains("src=\"app.js\""));
        assert!(!page.contains("href=\"style.css\""));
        assert!(page.contains("id=\"scalargrad-data\""));
        assert!(page.contains(r#"{"formula":"\u003c/script\u003e"}"#));
    }
}
