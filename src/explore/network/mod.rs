//! Training sessions (`/api/network…`): each session is a thread that owns
//! its graph and network and answers commands over a channel, so that a
//! network borrowing its graph needs no sharing between threads, and one
//! session's work never holds up another's.
//!
//! Sessions are limited in number ([`Limits::sessions`]) and end after
//! [`Limits::idle`] without a request: the server checks on every request
//! and in the background, and dropping a session's channel ends its
//! thread. A session whose command panics answers 500 and ends.

mod config;
mod session;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};
use std::time::Instant;

use tokio::sync::oneshot;

pub(crate) use config::NetworkConfig;
use config::Plan;
use session::Session;

use super::error::ApiError;
use super::limits::Limits;
use crate::Graph;

/// What a session's thread answers.
type Answer = Result<Vec<u8>, ApiError>;

/// A request to a session's thread.
enum Command {
    Step {
        steps: usize,
        reply: oneshot::Sender<Answer>,
    },
    Neuron {
        layer: usize,
        unit: usize,
        example: usize,
        reply: oneshot::Sender<Answer>,
    },
}

struct Entry {
    commands: mpsc::Sender<Command>,
    last_used: Instant,
}

#[derive(Default)]
struct Registry {
    entries: HashMap<String, Entry>,
    created: u64,
}

/// The running sessions.
pub(crate) struct Sessions {
    registry: Mutex<Registry>,
    limits: Limits,
}

/// A session id as an error message may quote it (it comes from the URL).
fn quoted(id: &str) -> String {
    let short: String = id.chars().take(40).collect();
    format!("`{short}`")
}

impl Sessions {
    /// No sessions yet.
    pub(crate) fn new(limits: &Limits) -> Sessions {
        Sessions {
            registry: Mutex::new(Registry::default()),
            limits: limits.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        // A panic never happens while the lock is held; if one did, the map
        // is still consistent.
        self.registry
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Ends every session idle for longer than the limit; returns how many
    /// are left.
    pub(crate) fn end_idle(&self) -> usize {
        let mut registry = self.lock();
        let idle = self.limits.idle;
        registry
            .entries
            .retain(|_, entry| entry.last_used.elapsed() <= idle);
        registry.entries.len()
    }

    /// `POST /api/network`: starts a session.
    pub(crate) async fn create(&self, config: NetworkConfig) -> Answer {
        let plan = config::plan(config, &self.limits)?;
        let (commands, receiver) = mpsc::channel();
        let id = {
            self.end_idle();
            let mut registry = self.lock();
            if registry.entries.len() >= self.limits.sessions {
                return Err(ApiError::with_status(
                    429,
                    format!(
                        "{} training sessions are running, the limit: end one, or wait until one has had no request for {} s",
                        self.limits.sessions,
                        self.limits.idle.as_secs()
                    ),
                ));
            }
            registry.created += 1;
            let id = format!("s{}", registry.created);
            registry.entries.insert(
                id.clone(),
                Entry {
                    commands,
                    last_used: Instant::now(),
                },
            );
            id
        };
        let (reply, created) = oneshot::channel();
        let limits = self.limits.clone();
        let thread_id = id.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("explore-session-{id}"))
            .spawn(move || run(&thread_id, &plan, &limits, receiver, reply));
        let answer = match spawned {
            Ok(_) => created
                .await
                .unwrap_or_else(|_| Err(ApiError::internal("creating the session"))),
            Err(_) => Err(ApiError::with_status(
                503,
                "cannot start a thread for the session; try again later",
            )),
        };
        if answer.is_err() {
            self.lock().entries.remove(&id);
        }
        answer
    }

    /// Sends a command to session `id` and waits for its answer.
    async fn ask(
        &self,
        id: &str,
        command: impl FnOnce(oneshot::Sender<Answer>) -> Command,
    ) -> Answer {
        self.end_idle();
        let commands = {
            let mut registry = self.lock();
            let Some(entry) = registry.entries.get_mut(id) else {
                return Err(self.no_session(id));
            };
            entry.last_used = Instant::now();
            entry.commands.clone()
        };
        let (reply, answer) = oneshot::channel();
        if commands.send(command(reply)).is_err() {
            self.lock().entries.remove(id);
            return Err(self.no_session(id));
        }
        answer.await.unwrap_or_else(|_| {
            self.lock().entries.remove(id);
            Err(ApiError::internal(
                "training the session (the session has ended)",
            ))
        })
    }

    fn no_session(&self, id: &str) -> ApiError {
        ApiError::not_found(format!(
            "no training session {}: it was ended, or had no request for {} s",
            quoted(id),
            self.limits.idle.as_secs()
        ))
    }

    /// `POST /api/network/{id}/step`.
    pub(crate) async fn step(&self, id: &str, steps: usize) -> Answer {
        if steps > self.limits.steps {
            return Err(ApiError::bad_request(format!(
                "steps: {steps} is too many; at most {} per request",
                self.limits.steps
            )));
        }
        self.ask(id, |reply| Command::Step { steps, reply }).await
    }

    /// `GET /api/network/{id}/neuron/{layer}/{unit}?example=k`.
    pub(crate) async fn neuron(
        &self,
        id: &str,
        layer: usize,
        unit: usize,
        example: usize,
    ) -> Answer {
        self.ask(id, |reply| Command::Neuron {
            layer,
            unit,
            example,
            reply,
        })
        .await
    }

    /// `DELETE /api/network/{id}`.
    pub(crate) fn end(&self, id: &str) -> Answer {
        match self.lock().entries.remove(id) {
            Some(_) => Ok(format!("{{\"ended\":{}}}", serde_json::Value::from(id)).into_bytes()),
            None => Err(self.no_session(id)),
        }
    }
}

/// A session's thread: builds the session, answers `created`, then each
/// command, until its channel closes or a command panics.
fn run(
    id: &str,
    plan: &Plan,
    limits: &Limits,
    commands: mpsc::Receiver<Command>,
    created: oneshot::Sender<Answer>,
) {
    let graph = Graph::new();
    let built = catch_unwind(AssertUnwindSafe(|| {
        let mut session = Session::new(&graph, plan, limits);
        let answer = session.created(id, plan);
        (session, answer)
    }));
    let mut session = match built {
        Ok((session, answer)) => {
            let _ = created.send(answer);
            session
        }
        Err(panic) => {
            let _ = created.send(Err(ApiError::bad_request(format!(
                "cannot build this network: {}",
                super::error::panic_message(&*panic)
            ))));
            return;
        }
    };
    while let Ok(command) = commands.recv() {
        // A panic drops the command's reply: the request answers 500.
        let answered = catch_unwind(AssertUnwindSafe(|| match command {
            Command::Step { steps, reply } => {
                let _ = reply.send(session.train(steps));
            }
            Command::Neuron {
                layer,
                unit,
                example,
                reply,
            } => {
                let _ = reply.send(session.neuron(layer, unit, example));
            }
        }));
        if answered.is_err() {
            return;
        }
    }
}
