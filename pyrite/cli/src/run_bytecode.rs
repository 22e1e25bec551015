//! The bytecode tier behind the command line: `pyrite [--mode bytecode] FILE` (the default),
//! `pyrite -c CODE`, `pyrite dis FILE` and `pyrite compile FILE`.
//!
//! A file runs from its cache when the cache is valid for exactly this source and this
//! compiler (`pyrite_bytecode::cache::load_or_compile`: nothing is parsed then); otherwise it
//! is compiled and the cache written, unless `-B`, `PYRITE_DONT_WRITE_BYTECODE` or a read-only
//! directory says not to. `--stats` reports on stderr what the cache did and why.
//!
//! Errors are reported exactly as by the other tiers: a syntax error is rendered by the shared
//! front half ([`crate::source_file`]), which is re-run to produce CPython's report (only on
//! that error path); a construct the compiler does not support is a `NotImplementedError`.

use std::path::Path;

use pyrite_bytecode::CompileError;
use pyrite_bytecode::cache::{self, CacheOptions};
use pyrite_bytecode::code::CodeObject;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::PyErr;

use crate::Options;
use crate::source_file::{SourceError, absolute_path, parse_source, resolve_names};

/// Reads the file at `path` (CPython's errors for a directory or an unreadable file).
fn read_source(path: &Path) -> Result<Vec<u8>, SourceError> {
    let absolute = absolute_path(path);
    if path.is_dir() {
        return Err(SourceError::Directory { path: absolute });
    }
    std::fs::read(path).map_err(|error| SourceError::Open {
        path: absolute,
        error,
    })
}

/// Reports a compile error as the other tiers would; returns the exit status.
fn report_compile_error(error: &CompileError, bytes: &[u8], filename: &str) -> i32 {
    if let CompileError::Syntax(_) = error {
        // The shared front half renders syntax errors exactly as CPython does.
        let rendered = match parse_source(bytes, filename) {
            Err(e) => Some(e),
            Ok((text, module)) => resolve_names(&module, filename, &text).err(),
        };
        if let Some(e) = rendered {
            eprint!("{}", e.report());
            return e.exit_code();
        }
    }
    let err = match error {
        CompileError::NotImplemented {
            construct,
            filename,
            line,
        } => PyErr::new(
            BuiltinType::NotImplementedError,
            format!("{construct} is not supported ({filename}, line {line})"),
        ),
        CompileError::Syntax(e) => PyErr::new(BuiltinType::SyntaxError, e.msg.clone()),
    };
    pyrite_runtime::traceback::report_uncaught(&mut pyrite_vm::Vm::new(), &err)
}

/// Registers the source text for traceback lines (decoding only: nothing is parsed).
fn register_source(bytes: &[u8], filename: &str) {
    if let Ok(text) = pyrite_syntax::source::decode_file(bytes, filename) {
        pyrite_runtime::traceback::register_source(filename, &text);
    }
}

fn argv_strings(options: &Options) -> Vec<String> {
    options
        .argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// Runs `code` on the VM (with the JIT installed for `--mode jit`); prints the VM's counters
/// with `--stats` and the JIT's report with `--jit-stats`.
fn run_code_object(code: CodeObject, options: &Options) -> i32 {
    let argv = argv_strings(options);
    let (status, vm_stats) = if options.jit {
        // The JIT's set-up depends only on the host: check it here, where it can still be
        // reported as a usage error, rather than run a "jit" program on the VM.
        if let Err(e) = pyrite_jit::Jit::new(false) {
            eprintln!("pyrite: --mode jit is not available: {e}");
            return 2;
        }
        let stats = options.jit_stats;
        pyrite_vm::run_main_with(code, &argv, &|vm| {
            // Cannot fail: the same set-up succeeded above.
            let _ = pyrite_jit::install(vm, stats);
        })
    } else {
        pyrite_vm::run_main(code, &argv)
    };
    if options.stats {
        eprintln!("pyrite: vm: {} de-specializations", vm_stats.deopts);
    }
    if options.jit_stats {
        match &vm_stats.jit_report {
            Some(report) => eprint!("{report}"),
            None => eprintln!("pyrite: jit: not in use (run with --mode jit)"),
        }
    }
    status
}

/// `pyrite [--mode bytecode] FILE`: from the cache when valid, else compiled (and cached).
pub fn run_file(path: &Path, options: &Options) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(e) => {
            eprint!("{}", e.report());
            return e.exit_code();
        }
    };
    let absolute = absolute_path(path);
    let filename = absolute.to_string_lossy().into_owned();
    let cache_options = CacheOptions::from_env(options.dont_write_bytecode);
    let (code, outcome) = match cache::load_or_compile(&absolute, &bytes, &cache_options) {
        Ok(r) => r,
        Err(e) => return report_compile_error(&e, &bytes, &filename),
    };
    if options.stats {
        eprintln!("pyrite: {outcome}");
    }
    register_source(&bytes, &filename);
    run_code_object(code, options)
}

/// `pyrite -c CODE`: compiled, never cached.
pub fn run_code(source: &str, options: &Options) -> i32 {
    let filename = "<string>";
    let code = match pyrite_bytecode::compile_source(source.as_bytes(), filename) {
        Ok(c) => c,
        Err(e) => return report_compile_error(&e, source.as_bytes(), filename),
    };
    pyrite_runtime::traceback::register_source(filename, source);
    run_code_object(code, options)
}

/// `pyrite dis FILE`: the disassembly on stdout.
pub fn dis(path: &Path) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(e) => {
            eprint!("{}", e.report());
            return e.exit_code();
        }
    };
    let filename = absolute_path(path).to_string_lossy().into_owned();
    match pyrite_bytecode::compile_source(&bytes, &filename) {
        Ok(code) => crate::write_stdout(pyrite_bytecode::dis::dis(&code).as_bytes()),
        Err(e) => report_compile_error(&e, &bytes, &filename),
    }
}

/// `pyrite compile FILE`: compiles and writes the cache file (even under `-B`'s environment
/// variable, as `py_compile` does); says so on stderr if it could not be written.
pub fn compile(path: &Path) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(e) => {
            eprint!("{}", e.report());
            return e.exit_code();
        }
    };
    let absolute = absolute_path(path);
    let filename = absolute.to_string_lossy().into_owned();
    let cache_options = CacheOptions::from_env(false);
    match cache::compile_and_write(&absolute, &bytes, &cache_options) {
        Ok((_, outcome)) => match outcome.write {
            cache::WriteOutcome::Written => 0,
            _ => {
                eprintln!("pyrite: {outcome}");
                1
            }
        },
        Err(e) => report_compile_error(&e, &bytes, &filename),
    }
}
