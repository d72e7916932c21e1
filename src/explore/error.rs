//! The API's one error: an HTTP status and a sentence, plus the column of a
//! formula error.

use std::fmt;

use serde::Serialize;

use crate::expr::ExprError;

/// A refused or failed request, as the API answers it:
/// `{"error": "one sentence", "column": c}` with a 4xx status (500 only for
/// a bug: a panic while answering).
///
/// `column` counts characters of the formula from 1 and is present only
/// for a formula error; `field` says which formula when a request has two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: u16,
    /// What is wrong, in one sentence, for the page to show as text.
    #[serde(rename = "error")]
    pub message: String,
    /// For a formula error: where in the formula, counting from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// For a formula error in a request with two formulas: which one the
    /// column points into (`"derivative"` for `POST /api/verify`'s); absent
    /// for the request's `formula`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl ApiError {
    /// A 400 error: the request is malformed or asks for something invalid.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::with_status(400, message)
    }

    /// A 404 error: no such path, session, layer, unit or file.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::with_status(404, message)
    }

    /// An error with any status.
    pub fn with_status(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            column: None,
            field: None,
        }
    }

    /// A formula error, with its column (counting from 1).
    pub fn formula(error: &ExprError) -> ApiError {
        ApiError {
            status: 400,
            message: error.to_string(),
            column: Some(error.position + 1),
            field: None,
        }
    }

    /// A 500 error: something went wrong inside the explorer (a bug).
    pub fn internal(what: &str) -> ApiError {
        ApiError::with_status(
            500,
            format!("internal error while {what} (this is a bug; the server goes on)"),
        )
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_else(|_| br#"{"error":"internal error"}"#.to_vec())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(column) = self.column {
            // The message of a formula error already says where.
            if !self.message.contains("column") {
                write!(f, " (column {column})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The first line of a panic's message, for errors that report one.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    text.lines().next().unwrap_or("").to_string()
}
