//! Small text helpers: variable names, query strings, and JSON that can sit
//! inside an HTML `<script>` element.

/// True for a variable name of the formula language: a letter or `_`, then
/// letters, digits and `_`.
pub(crate) fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `text` percent-encoded for a query string: unreserved characters stay,
/// every other byte of its UTF-8 becomes `%XX`.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query-string component (`+` is a space).
/// `None` if an escape is malformed or the bytes are not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(k + 1..k + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                k += 3;
            }
            b'+' => {
                out.push(b' ');
                k += 1;
            }
            b => {
                out.push(b);
                k += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The pairs of a query string (`a=1&b=2`), decoded.
///
/// # Errors
/// A sentence naming the malformed part.
pub(crate) fn query_pairs(query: &str) -> Result<Vec<(String, String)>, String> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            match (percent_decode(key), percent_decode(value)) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(format!(
                    "the query part `{part}` is not percent-encoded UTF-8"
                )),
            }
        })
        .collect()
}

/// JSON made safe to place inside `<script type="application/json">`:
/// `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026` (the same string
/// to a JSON parser), so no `</script>` or `<!--` can end the element.
pub(crate) fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_round_trip() {
        let text = "a*b + b^3 & <x>=é";
        assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Some(text));
        assert_eq!(
            query_pairs("example=3&lang=en").unwrap(),
            vec![("example".into(), "3".into()), ("lang".into(), "en".into())]
        );
        assert!(query_pairs("a=%zz").is_err());
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let json = r#"{"formula":"</script><script>alert(1)</script>"}"#;
        let safe = json_for_script(json);
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["formula"], "</script><script>alert(1)</script>");
    }
}
