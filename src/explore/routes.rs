//! The routes' handlers: each reads its request (a JSON body, path and
//! query parameters, all checked), calls its view's model, and answers JSON.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::assets::asset;
use super::error::ApiError;
use super::expression::{self, ExpressionRequest, NudgeRequest, PathsRequest, VerifyRequest};
use super::lesson::Lesson;
use super::limits::Limits;
use super::network::NetworkConfig;
use super::server::AppState;
use super::text::query_pairs;
use crate::lesson::Lang;

/// A JSON answer.
pub(super) fn json(status: u16, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

pub(super) fn error(e: ApiError) -> Response {
    json(e.status, e.to_json())
}

pub(super) fn answer(result: Result<Vec<u8>, ApiError>) -> Response {
    match result {
        Ok(bytes) => json(200, bytes),
        Err(e) => error(e),
    }
}
/// The request's JSON body as `T`: the body must be declared as JSON, fit
/// the body limit and have exactly `T`'s fields.
async fn body<T: DeserializeOwned>(request: Request, limits: &Limits) -> Result<T, ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .unwrap_or("");
    if !declared.starts_with("application/json") {
        return Err(ApiError::with_status(
            415,
            "the request body must be JSON, sent with Content-Type: application/json",
        ));
    }
    let too_large = || {
        ApiError::with_status(
            413,
            format!(
                "the request body is larger than the limit of {} bytes",
                limits.body_bytes
            ),
        )
    };
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|l| l.to_str().ok()?.parse::<usize>().ok());
    if length.is_some_and(|l| l > limits.body_bytes) {
        return Err(too_large());
    }
    let bytes = to_bytes(request.into_body(), limits.body_bytes)
        .await
        .map_err(|_| too_large())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the request body is not what this endpoint takes: {e}"
        ))
    })
}

/// Runs `work` in the blocking pool (at most
/// [`COMPUTING`](super::COMPUTING) at once); a panic answers 500.
async fn compute(
    state: &AppState,
    what: &'static str,
    work: impl FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Response {
    let Ok(_permit) = state.computing.acquire().await else {
        return error(ApiError::internal(what));
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => answer(result),
        Err(_) => error(ApiError::internal(what)),
    }
}

pub(super) async fn expression_handler(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Response {
    let request: ExpressionRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "recording the expression", move || {
        expression::expression(request, &limits)
    })
    .await
}

pub(super) async fn paths_handler(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Response {
    let request: PathsRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "listing the paths", move || {
        expression::paths(request, &limits)
    })
    .await
}

pub(super) async fn nudge_handler(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Response {
    let request: NudgeRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "nudging the variables", move || {
        expression::nudge(request, &limits)
    })
    .await
}

pub(super) async fn verify_handler(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Response {
    let request: VerifyRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "checking your derivative", move || {
        expression::verify(request, &limits)
    })
    .await
}

pub(super) async fn create_session(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Response {
    match body::<NetworkConfig>(request, &state.limits).await {
        Ok(config) => answer(state.sessions.create(config).await),
        Err(e) => error(e),
    }
}

/// The body of `POST /api/network/{id}/step`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepRequest {
    steps: usize,
}

pub(super) async fn step_session(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    match body::<StepRequest>(request, &state.limits).await {
        Ok(step) => answer(state.sessions.step(&id, step.steps).await),
        Err(e) => error(e),
    }
}

pub(super) async fn end_session(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Response {
    answer(state.sessions.end(&id))
}

/// The query's parameters, refusing any not in `known`.
fn query(raw: Option<String>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or("")).map_err(ApiError::bad_request)?;
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        let key: String = key.chars().take(40).collect();
        return Err(ApiError::bad_request(format!(
            "unknown query parameter `{key}` (this endpoint takes: {})",
            known.join(", ")
        )));
    }
    Ok(pairs)
}

pub(super) async fn neuron_handler(
    State(state): State<Arc<AppState>>,
    Path((id, layer, unit)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let number = |what: &str, text: &str| {
        text.parse::<usize>().map_err(|_| {
            let text: String = text.chars().take(40).collect();
            ApiError::bad_request(format!("{what}: `{text}` is not a number from 0"))
        })
    };
    let parsed = query(raw, &["example"]).and_then(|pairs| {
        let example = match pairs.iter().find(|(k, _)| k == "example") {
            Some((_, v)) => number("example", v)?,
            None => 0,
        };
        Ok((number("layer", &layer)?, number("unit", &unit)?, example))
    });
    match parsed {
        Ok((layer, unit, example)) => {
            answer(state.sessions.neuron(&id, layer, unit, example).await)
        }
        Err(e) => error(e),
    }
}

/// The lesson in `lang`, run once (the first request waits for it).
async fn lesson(state: &AppState, lang: Lang) -> Result<Arc<Lesson>, ApiError> {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let index = Lang::all().position(|l| l == lang).unwrap_or(0);
    state.lessons[index]
        .get_or_try_init(|| async {
            let _permit = state
                .computing
                .acquire()
                .await
                .map_err(|_| ApiError::internal("running the lesson"))?;
            let scratch = std::env::temp_dir().join(format!(
                "scalargrad-explore-{}-{}",
                std::process::id(),
                RUNS.fetch_add(1, Ordering::Relaxed)
            ));
            tokio::task::spawn_blocking(move || Arc::new(Lesson::run(&scratch, lang)))
                .await
                .map_err(|_| ApiError::internal("running the lesson"))
        })
        .await
        .cloned()
}

pub(super) async fn lesson_handler(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = match query(raw, &["lang"]) {
        Ok(pairs) => pairs
            .into_iter()
            .find(|(k, _)| k == "lang")
            .map_or_else(|| "en".to_string(), |(_, v)| v),
        Err(e) => return error(e),
    };
    let valid =
        (2..=8).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if !valid {
        let lang: String = lang.chars().take(20).collect();
        return error(ApiError::bad_request(format!(
            "lang: `{lang}` is not a language code (like en)"
        )));
    }
    // The lesson speaks the languages it has; others get English, and the
    // answer says which it is.
    let served = Lang::parse(&lang).unwrap_or_default();
    match lesson(&state, served).await {
        Ok(lesson) => answer(lesson.json()),
        Err(e) => error(e),
    }
}

pub(super) async fn lesson_picture(
    State(state): State<Arc<AppState>>,
    Path((number, file)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    // Pictures are the same in every language but for their words: the
    // query's language, English by default.
    let lang = query(raw, &["lang"])
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| Lang::parse(&v))
        .unwrap_or_default();
    let lesson = match lesson(&state, lang).await {
        Ok(lesson) => lesson,
        Err(e) => return error(e),
    };
    let found = number
        .parse::<usize>()
        .ok()
        .and_then(|n| lesson.picture(n, &file));
    match found {
        Some(picture) => {
            let mut response = Response::new(Body::from(picture.bytes.clone()));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(picture.content_type),
            );
            response
        }
        None => {
            let file: String = file.chars().take(60).collect();
            error(ApiError::not_found(format!(
                "section {} has no picture `{file}`",
                number.chars().take(10).collect::<String>()
            )))
        }
    }
}

fn static_response(name: &str) -> Response {
    match asset(name) {
        Some(a) => {
            let mut response = Response::new(Body::from(a.text));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(a.content_type),
            );
            response
        }
        None => {
            let name: String = name.chars().take(60).collect();
            error(ApiError::not_found(format!("no such file: {name}")))
        }
    }
}

pub(super) async fn index() -> Response {
    static_response("index.html")
}

pub(super) async fn static_file(Path(file): Path<String>) -> Response {
    static_response(&file)
}

pub(super) async fn not_found(method: Method, request: Request) -> Response {
    let path: String = request.uri().path().chars().take(100).collect();
    if method == Method::GET || method == Method::HEAD {
        error(ApiError::not_found(format!("no such path: {path}")))
    } else {
        error(ApiError::not_found(format!(
            "no such path: {method} {path}"
        )))
    }
}
