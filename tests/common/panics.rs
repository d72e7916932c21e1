//! Checks that a panic on a caller's mistake names the call the user made
//! and points at the user's line.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is running a closure expected to panic (whose
    /// message the hook keeps quiet).
    static EXPECTING: Cell<bool> = const { Cell::new(false) };
    /// The file of the last panic on this thread.
    static FILE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, which must panic; returns its message and the file its
/// location is in.
pub fn panic_of(f: impl FnOnce()) -> (String, String) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file().to_owned());
            FILE.with(|f| *f.borrow_mut() = file);
            if !EXPECTING.with(Cell::get) {
                default(info);
            }
        }));
    });
    EXPECTING.with(|e| e.set(true));
    let payload = panic::catch_unwind(AssertUnwindSafe(f));
    EXPECTING.with(|e| e.set(false));
    let payload = payload.expect_err("expected a panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    let file = FILE.with(|f| f.borrow_mut().take()).unwrap_or_default();
    (message, file)
}

/// Checks that `f` panics with a message starting with `"{call}: "`, at a
/// line of the test file `file` (so `#[track_caller]` carried the location
/// through the crate); returns the message for further checks.
#[track_caller]
pub fn assert_names(file: &str, call: &str, f: impl FnOnce()) -> String {
    let (message, at) = panic_of(f);
    assert!(
        message.starts_with(&format!("{call}: ")),
        "expected a message starting with `{call}: `, got `{message}`"
    );
    assert_eq!(
        at, file,
        "the panic of {call} points into {at}, not at the caller's line"
    );
    message
}
