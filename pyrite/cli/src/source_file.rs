//! Reading and parsing a Python source file, with the errors CPython prints for each failure.
//!
//! This is the front half every tier shares: [`parse_file`] reads the bytes, decodes them
//! (BOM, PEP 263 cookie) and parses them (what `ast.parse` does); [`resolve_names`] then builds
//! the symbol table and raises the errors CPython's compiler raises before running anything
//! (`'return' outside function`, `nonlocal` misuse, ...). A failure is a [`SourceError`] that renders exactly
//! as `python3 FILE` would report it, with `pyrite` as the program name:
//! - `pyrite: can't open file '/abs/path/x.py': [Errno 2] No such file or directory` (exit 2);
//! - `pyrite: can't find '__main__' module in '/abs/dir'` for a directory (exit 1);
//! - the traceback-style syntax error report of `SyntaxError::render` (exit 1).
//!
//! Invariant: nothing here panics on any file content or path; every failure is a value.

use std::io;
use std::path::{Path, PathBuf};

use pyrite_syntax::symtable::{self, SymbolTable};
use pyrite_syntax::{SyntaxError, ast};

/// Why a source file could not be turned into a tree.
#[derive(Debug)]
pub enum SourceError {
    /// The file could not be read.
    Open {
        /// The absolute path, as CPython prints it (the current directory joined with the path
        /// as given, not normalized).
        path: PathBuf,
        /// The OS error.
        error: io::Error,
    },
    /// The path names a directory (CPython would look for `__main__.py` in it; we do not).
    Directory {
        /// The absolute path.
        path: PathBuf,
    },
    /// The source has a syntax error.
    Syntax {
        /// The name shown in the report (`"/abs/x.py"`, `"<string>"`).
        filename: String,
        /// The decoded text, for the offending line of the report.
        text: String,
        /// The error.
        error: SyntaxError,
    },
}

impl SourceError {
    /// The process exit status CPython uses for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            SourceError::Open { .. } => 2,
            SourceError::Directory { .. } | SourceError::Syntax { .. } => 1,
        }
    }

    /// The message CPython prints on stderr, ending in a newline.
    pub fn report(&self) -> String {
        match self {
            SourceError::Open { path, error } => format!(
                "pyrite: can't open file '{}': {}\n",
                path.display(),
                errno_text(error)
            ),
            SourceError::Directory { path } => {
                format!(
                    "pyrite: can't find '__main__' module in '{}'\n",
                    path.display()
                )
            }
            SourceError::Syntax {
                filename,
                text,
                error,
            } => error.render(filename, text),
        }
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.report().trim_end())
    }
}

impl std::error::Error for SourceError {}

/// `[Errno 2] No such file or directory`, as CPython formats an `OSError`.
fn errno_text(error: &io::Error) -> String {
    let text = error.to_string();
    // Rust appends " (os error N)" to the strerror text; CPython puts the number in front.
    let message = match text.rfind(" (os error ") {
        Some(at) => &text[..at],
        None => &text,
    };
    match error.raw_os_error() {
        Some(code) => format!("[Errno {code}] {message}"),
        None => message.to_owned(),
    }
}

/// `path` made absolute the way CPython does for its messages: joined to the current
/// directory, without resolving `.`, `..` or symbolic links.
pub fn absolute_path(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(path),
        Err(_) => path.to_path_buf(),
    }
}

/// Reads, decodes and parses the file at `path`: the decoded text and the module's tree.
///
/// Syntax errors name the file by its absolute path, as `python3 FILE` does.
pub fn parse_file(path: &Path) -> Result<(String, ast::Mod), SourceError> {
    let absolute = absolute_path(path);
    if path.is_dir() {
        return Err(SourceError::Directory { path: absolute });
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Err(SourceError::Open {
                path: absolute,
                error,
            });
        }
    };
    parse_source(&bytes, &absolute.to_string_lossy())
}

/// Decodes and parses `bytes` as a module; `filename` is the name syntax errors show
/// (`"<string>"` for `-c`).
pub fn parse_source(bytes: &[u8], filename: &str) -> Result<(String, ast::Mod), SourceError> {
    let syntax_error = |text: String, error| SourceError::Syntax {
        filename: filename.to_owned(),
        text,
        error,
    };
    let text = match pyrite_syntax::source::decode_file(bytes, filename) {
        Ok(text) => text,
        Err(error) => {
            return Err(syntax_error(
                String::from_utf8_lossy(bytes).into_owned(),
                error,
            ));
        }
    };
    let declaration = pyrite_syntax::source::Declaration::of(bytes);
    match pyrite_syntax::parser::parse_file(&text, declaration) {
        Ok(module) => Ok((text, module)),
        Err(error) => Err(syntax_error(text, error)),
    }
}

/// Builds the symbol table of a parsed module and raises the syntax errors CPython's compiler
/// finds before running it (symbol-table errors first, then context errors such as `'return'
/// outside function`). `filename` and `text` are those the module was parsed from.
pub fn resolve_names(
    module: &ast::Mod,
    filename: &str,
    text: &str,
) -> Result<SymbolTable, SourceError> {
    symtable::build(module)
        .and_then(|table| symtable::check_context(&table).map(|()| table))
        .map_err(|error| SourceError::Syntax {
            filename: filename.to_owned(),
            text: text.to_owned(),
            error,
        })
}
