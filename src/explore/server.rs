//! The HTTP server: its thread and runtime, the routes, and the guard
//! around every request (the `Host` check, panics turned into 500 answers,
//! JSON for every error, security headers). axum on tokio, HTTP/1; the
//! handlers are in `routes.rs`.
//!
//! Computing happens off the async threads: expressions and the lesson in
//! tokio's blocking pool (at most [`COMPUTING`] at once), training in each
//! session's own thread.

use std::future::Future;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::sync::{oneshot, OnceCell, Semaphore};

use super::error::ApiError;
use super::lesson::Lesson;
use super::limits::Limits;
use super::network::Sessions;
use super::routes::{self, error};

/// Requests computed at once in the blocking pool (expressions, paths,
/// nudges, the lesson); more wait their turn.
pub const COMPUTING: usize = 4;

/// Every response carries these: the page loads nothing from elsewhere and
/// runs no inline script, a response is never sniffed as another type, and
/// no page of another site can frame it.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Where and how to serve.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The address to bind: `127.0.0.1` (the default), or another one on
    /// purpose (then anyone who can reach it can use the explorer).
    pub host: String,
    /// The port; 0 (the default) picks a free one.
    pub port: u16,
    /// Sizes and times.
    pub limits: Limits,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 0,
            limits: Limits::default(),
        }
    }
}

/// A running explorer: the server on its own thread (with its own tokio
/// runtime), until [`stop`](Server::stop) or drop.
pub struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What every request may use.
pub(super) struct AppState {
    pub(super) limits: Limits,
    pub(super) sessions: Sessions,
    /// The lesson, run once per language when first asked for.
    pub(super) lessons: Vec<OnceCell<Arc<Lesson>>>,
    pub(super) computing: Semaphore,
    /// The `Host` headers accepted (for a loopback address; `None`
    /// accepts any): a page of another site that reaches this server
    /// through DNS rebinding names its own host, and is refused.
    pub(super) hosts: Option<Vec<String>>,
}

impl Server {
    /// Binds the address and starts serving.
    ///
    /// # Errors
    /// If the address cannot be bound (a port in use, an unknown host) or
    /// the runtime or its thread cannot start.
    pub fn start(config: ServerConfig) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind((config.host.as_str(), config.port))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("explore-http")
            .enable_all()
            .build()?;
        let port = address.port();
        let state = Arc::new(AppState {
            sessions: Sessions::new(&config.limits),
            limits: config.limits,
            lessons: crate::lesson::Lang::all()
                .map(|_| OnceCell::new())
                .collect(),
            computing: Semaphore::new(COMPUTING),
            hosts: address.ip().is_loopback().then(|| {
                ["127.0.0.1", "localhost", "[::1]"]
                    .iter()
                    .map(|h| format!("{h}:{port}"))
                    .collect()
            }),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("explore-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(e) => {
                            eprintln!("scalargrad explore: cannot listen on {address}: {e}");
                            return;
                        }
                    };
                    let sweeper = tokio::spawn(end_idle_sessions(state.clone()));
                    let served = axum::serve(listener, router(state))
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                    sweeper.abort();
                    if let Err(e) = served {
                        eprintln!("scalargrad explore: the server stopped: {e}");
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Server {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address served.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's URL: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops serving (requests in flight finish) and waits for the server's
    /// thread; training sessions end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Ends idle sessions every so often, so that they end even when no
/// request comes.
async fn end_idle_sessions(state: Arc<AppState>) {
    let period = (state.limits.idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(15));
    let mut ticks = tokio::time::interval(period);
    loop {
        ticks.tick().await;
        state.sessions.end_idle();
    }
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/expression", post(routes::expression_handler))
        .route("/api/paths", post(routes::paths_handler))
        .route("/api/nudge", post(routes::nudge_handler))
        .route("/api/verify", post(routes::verify_handler))
        .route("/api/network", post(routes::create_session))
        .route("/api/network/{id}", delete(routes::end_session))
        .route("/api/network/{id}/step", post(routes::step_session))
        .route(
            "/api/network/{id}/neuron/{layer}/{unit}",
            get(routes::neuron_handler),
        )
        .route("/api/lesson", get(routes::lesson_handler))
        .route("/api/lesson/{number}/{file}", get(routes::lesson_picture))
        .route("/", get(routes::index))
        .route("/{file}", get(routes::static_file))
        .fallback(routes::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Checks the `Host` header, runs the request with panics caught, turns
/// any error that is not JSON yet (axum's rejections, 404, 405) into a JSON
/// error, and adds the security headers.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    if let Some(hosts) = &state.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return secured(error(ApiError::with_status(
                403,
                format!(
                    "this server answers requests for {} only",
                    hosts.first().map_or("", String::as_str)
                ),
            )));
        }
    }
    let response = match (CatchUnwind(Box::pin(next.run(request)))).await {
        Ok(response) => response,
        Err(()) => error(ApiError::internal("answering the request")),
    };
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    let response = if response.status().as_u16() >= 400 && !is_json {
        let status = response.status();
        let text = to_bytes(response.into_body(), 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .unwrap_or_default();
        let message = match status {
            StatusCode::METHOD_NOT_ALLOWED => format!("{path} does not take {method}"),
            StatusCode::NOT_FOUND if text.is_empty() => format!("no such path: {path}"),
            _ if text.is_empty() => status
                .canonical_reason()
                .unwrap_or("the request failed")
                .to_string(),
            _ => text,
        };
        error(ApiError::with_status(status.as_u16(), message))
    } else {
        response
    };
    secured(response)
}

fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A future whose panic becomes `Err(())` instead of ending the
/// connection's task without an answer.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| future.poll(context))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_answering_becomes_an_error_not_a_dead_task() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        // Silence the panic's message for this test's thread only.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let caught = runtime.block_on(CatchUnwind(Box::pin(async {
            tokio::task::yield_now().await;
            panic!("a bug");
        })));
        std::panic::set_hook(hook);
        assert_eq!(caught, Err::<(), ()>(()));
        let fine = runtime.block_on(CatchUnwind(Box::pin(async { 7 })));
        assert_eq!(fine, Ok(7));
    }
}
