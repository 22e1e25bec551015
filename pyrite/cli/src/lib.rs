//! pyrite: the library behind the `pyrite` command.
//!
//! [`main_with_args`] is the whole command line as a function, so the harness can link this
//! crate and re-execute its own binary as a pyrite tier (DESIGN.md section 4) with exactly the
//! behaviour of the `pyrite` binary. The command line itself is described in [`args`]; the
//! shared front half of every tier (read, decode, parse, CPython's error messages) in
//! [`source_file`].
//!
//! Exit statuses follow `python3`: 0 success, 1 a Python error (syntax error included), 2 a
//! usage error or a file that cannot be opened. Until an execution tier exists, running code
//! parses it (so syntax errors are reported exactly) and then says so, with status 2.
//!
//! Invariant: no input (arguments, file contents) makes this panic; every failure is a message
//! on stderr and an exit status. (Should a bug panic anyway, the status is 101, as for any
//! panicking Rust program.)

pub mod args;
pub mod literal_reprs;
pub mod run_bytecode;
pub mod source_file;

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

pub use args::Mode;
use args::{Command, RunArgs, Tool};
pub use literal_reprs::RuntimeReprs;
pub use source_file::{SourceError, absolute_path, parse_file, parse_source, resolve_names};

/// How to run a program, besides the tier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `sys.argv`: the script path (or `-c`) then its arguments.
    pub argv: Vec<OsString>,
    /// Do not write cache files (`-B` or `PYRITE_DONT_WRITE_BYTECODE`).
    pub dont_write_bytecode: bool,
    /// Report on stderr what the bytecode cache did (`--stats`).
    pub stats: bool,
    /// Run with the JIT (`--mode jit`; the bytecode tier's front half and cache).
    pub jit: bool,
    /// Report what the JIT did (`--jit-stats`).
    pub jit_stats: bool,
}

/// Stack of the thread the command runs on. The main thread's 8 MiB is not enough for the
/// trees Python allows: the parser bounds nesting, but not left-associative chains such as
/// `x+1+1+...` or `a.b.c...`, whose trees are as deep as they are long, and every pass over a
/// tree (symbol table, `dump`, tiers) recurses. The memory is reserved, not committed: only the
/// pages a deep program touches cost anything.
const COMMAND_STACK_BYTES: usize = 512 << 20;

/// Exit status when pyrite itself fails (a panic: always a bug), as for a panicking Rust program.
const INTERNAL_ERROR_EXIT: i32 = 101;

/// The execution tiers this build can run (`--mode` values). The harness offers only these as
/// backends, so a tier that does not exist yet is reported missing, never silently replaced by
/// another. Add a tier here when it lands.
pub const BUILT_TIERS: &[&str] = &["tree", "bytecode", "jit"];

/// Runs the `pyrite` command line (`args[0]` is the program name) and returns the exit code.
///
/// The command runs on a thread with a 512 MiB stack (reserved, not committed), since passes
/// over a tree recurse and Python allows trees as deep as a line is long (`x+1+1+...`).
pub fn main_with_args<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let command = std::thread::Builder::new()
        .name("pyrite".to_owned())
        .stack_size(COMMAND_STACK_BYTES)
        .spawn(move || run_args(args));
    match command.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // The panic hook has already printed the message and location.
        Ok(Err(_)) => INTERNAL_ERROR_EXIT,
        Err(error) => {
            eprintln!("pyrite: cannot start the interpreter thread: {error}");
            INTERNAL_ERROR_EXIT
        }
    }
}

/// [`main_with_args`] on the current thread.
fn run_args(args: Vec<OsString>) -> i32 {
    match args::parse_command_line(args) {
        Ok(Command::Run(run)) => run_command_line(run),
        Ok(Command::Tool(tool)) => run_tool(&tool),
        Err(error) => {
            // `--help` and `--version` are "errors" that print to stdout and exit 0.
            let _ = error.print();
            error.exit_code()
        }
    }
}

/// `pyrite [OPTIONS] (FILE | -c CODE) [ARGS...]`.
fn run_command_line(run: RunArgs) -> i32 {
    let dont_write_bytecode = run.dont_write_bytecode
        || std::env::var_os("PYRITE_DONT_WRITE_BYTECODE").is_some_and(|v| !v.is_empty());
    if let Some(code) = &run.command {
        let mut argv = vec![OsString::from("-c")];
        argv.extend(run.script_and_args);
        return run_code(
            code,
            run.mode,
            &Options {
                argv,
                dont_write_bytecode,
                stats: run.stats,
                jit: run.mode == Mode::Jit,
                jit_stats: run.jit_stats,
            },
        );
    }
    let Some(script) = run.script_and_args.first() else {
        eprintln!("pyrite: no interactive mode: give a FILE to run, or -c CODE (see --help)");
        return 2;
    };
    let options = Options {
        argv: run.script_and_args.clone(),
        dont_write_bytecode,
        stats: run.stats,
        jit: run.mode == Mode::Jit,
        jit_stats: run.jit_stats,
    };
    run_file(Path::new(script), run.mode, &options)
}

/// Runs the file at `path` with tier `mode`, as `python3 FILE` would; returns the exit code.
pub fn run_file(path: &Path, mode: Mode, options: &Options) -> i32 {
    if matches!(mode, Mode::Bytecode | Mode::Jit) {
        let options = &Options {
            jit: mode == Mode::Jit,
            ..options.clone()
        };
        return run_bytecode::run_file(path, options);
    }
    let filename = absolute_path(path).to_string_lossy().into_owned();
    match parse_file(path) {
        Ok((text, module)) => execute(&module, &filename, &text, mode, options),
        Err(error) => report(&error),
    }
}

/// Runs `code` with tier `mode`, as `python3 -c CODE` would; returns the exit code.
pub fn run_code(code: &str, mode: Mode, options: &Options) -> i32 {
    if matches!(mode, Mode::Bytecode | Mode::Jit) {
        let options = &Options {
            jit: mode == Mode::Jit,
            ..options.clone()
        };
        return run_bytecode::run_code(code, options);
    }
    let filename = "<string>";
    match parse_source(code.as_bytes(), filename) {
        Ok((text, module)) => execute(&module, filename, &text, mode, options),
        Err(error) => report(&error),
    }
}

/// Resolves the names of a parsed module, then hands it to the tier. No tier is built yet: say
/// so honestly, after reporting any syntax error exactly as CPython would.
fn execute(
    module: &pyrite_syntax::ast::Mod,
    filename: &str,
    text: &str,
    mode: Mode,
    options: &Options,
) -> i32 {
    let table = match resolve_names(module, filename, text) {
        Ok(table) => table,
        Err(error) => return report(&error),
    };
    if matches!(mode, Mode::Tree) {
        let argv: Vec<String> = options
            .argv
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return pyrite_tree::run_module(module, &table, filename, text, &argv);
    }
    eprintln!("pyrite: no execution tier is built yet (mode {mode})");
    2
}

/// Prints a source error as CPython would and returns its exit status.
fn report(error: &SourceError) -> i32 {
    eprint!("{}", error.report());
    error.exit_code()
}

/// `pyrite ast|dis|compile FILE`.
fn run_tool(tool: &Tool) -> i32 {
    match tool {
        Tool::Ast { file } => match parse_file(file) {
            Ok((_text, module)) => {
                let mut text = pyrite_syntax::dump::dump(&module, &RuntimeReprs);
                text.push('\n');
                // The process ends next: dropping a deep tree node by node would only cost
                // time and stack.
                std::mem::forget(module);
                write_stdout(text.as_bytes())
            }
            Err(error) => report(&error),
        },
        Tool::Dis { file } => run_bytecode::dis(file),
        Tool::Compile { file } => run_bytecode::compile(file),
    }
}

/// Writes to stdout; a closed pipe (`pyrite ast big.py | head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(error) => {
            eprintln!("pyrite: cannot write output: {error}");
            1
        }
    }
}
