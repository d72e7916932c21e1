//! Writing files: folders made as needed, errors that say which part of a
//! path is the problem, and replacing a file only with one that was
//! written whole and read back.
//!
//! ```
//! use scalargrad::files;
//!
//! let dir = std::env::temp_dir().join(format!("scalargrad-doc-files-{}", std::process::id()));
//! let blocker = dir.join("afile");
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(&blocker, "not a folder").unwrap();
//! // `afile/g.svg` cannot be written: `afile` is a file.
//! let err = files::prepare_output(blocker.join("g.svg")).unwrap_err();
//! assert!(err.to_string().ends_with("is a file, not a folder"), "{err}");
//! // A folder on the way is made.
//! files::prepare_output(dir.join("new/g.svg")).unwrap();
//! assert!(dir.join("new").is_dir());
//! # std::fs::remove_dir_all(&dir).ok();
//! ```

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// `Error::Io` for `path`, with the operating system's message replaced by
/// one that names the part of the path at fault when there is one: a
/// component that is a file where a folder is needed, a folder that does
/// not exist, or the path itself being a folder.
pub(crate) fn io_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: explain(path, source),
    }
}

fn explain(path: &Path, source: io::Error) -> io::Error {
    let kind = source.kind();
    let mut ancestors: Vec<&Path> = path
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    ancestors.reverse(); // from the root down: the first problem is the one to fix
    for ancestor in ancestors {
        match fs::metadata(ancestor) {
            Ok(m) if !m.is_dir() => {
                return io::Error::new(
                    kind,
                    format!("`{}` is a file, not a folder", ancestor.display()),
                )
            }
            Ok(_) => {}
            Err(_) if kind == io::ErrorKind::NotFound => {
                return io::Error::new(
                    kind,
                    format!("the folder `{}` does not exist", ancestor.display()),
                )
            }
            Err(_) => break,
        }
    }
    if path.is_dir() {
        return io::Error::new(kind, "is a folder, not a file");
    }
    source
}

/// True when `path` is written as a folder (it ends with a separator).
fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// Gets ready to write the file `path`: makes the folders it is in.
///
/// # Errors
/// [`Error::Io`] naming the problem: `path` is (or is written as) a folder,
/// a component on the way is a file, or a folder cannot be made.
pub fn prepare_output(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    if names_a_folder(path) || path.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "is a folder; give a file name"),
        });
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => prepare_folder(parent),
        _ => Ok(()),
    }
}

/// Makes the folder `dir` (and the folders it is in) if it does not exist.
///
/// # Errors
/// [`Error::Io`] naming the problem: `dir` or a component on the way is a
/// file, or a folder cannot be made.
pub fn prepare_folder(dir: impl AsRef<Path>) -> Result<()> {
    let dir = dir.as_ref();
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            source: io::Error::new(io::ErrorKind::AlreadyExists, "is a file, not a folder"),
        });
    }
    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))
}
/// Replaces the file `path` with `bytes`, all or nothing.
///
/// The bytes go to a temporary file next to the target (`.NAME.tmp`, the
/// same name for every save to that target, so a save killed half-way
/// leaves at most one, which the next save reuses), which is flushed to
/// disk, then checked by `verify` (a reader reading it back), and only
/// then renamed over the target. A failed save leaves the old file as it
/// was and removes its temporary file.
///
/// - A target that exists must be a regular file: a folder, a device
///   (`/dev/full`), a pipe or a socket is refused, never replaced.
/// - A symbolic link is followed: the file it points to is replaced and the
///   link stays a link. A link to a missing file is refused.
/// - Folders on the way are made.
///
/// Two programs saving to the same target at the same time are not
/// supported (they share the temporary file; `verify` catches a mixed
/// result).
///
/// # Errors
/// [`Error::Io`] naming the problem, or `verify`'s error.
pub(crate) fn replace_atomically(
    path: &Path,
    bytes: &[u8],
    verify: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let refuse = |why: String| Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, why),
    };
    prepare_output(path)?;
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => target,
            Err(_) => {
                let to = fs::read_link(path).unwrap_or_default();
                return Err(refuse(format!(
                    "is a symbolic link to `{}`, which does not exist",
                    to.display()
                )));
            }
        },
        _ => path.to_path_buf(),
    };
    match fs::metadata(&target) {
        Ok(m) if !m.is_file() => {
            return Err(refuse(format!(
                "{}is not a regular file (a folder, a device, a pipe, …); refusing to replace it",
                if target == path {
                    String::new()
                } else {
                    format!("links to `{}`, which ", target.display())
                }
            )))
        }
        _ => {}
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.tmp"));
    let written = (|| {
        // A stale temporary file (a killed save) is replaced; create_new
        // never writes through a link someone put in its place.
        match fs::remove_file(&temporary) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io_error(path, e));
    }
    if let Err(e) = verify(&temporary) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    if let Err(e) = fs::rename(&temporary, &target) {
        let _ = fs::remove_file(&temporary);
        return Err(io_error(path, e));
    }
    Ok(())
}
