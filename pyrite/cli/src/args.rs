//! The `pyrite` command line: what can be asked for, parsed with clap.
//!
//! Two shapes, told apart by the first argument alone:
//! - `pyrite ast FILE`, `pyrite dis FILE`, `pyrite compile FILE`: tooling subcommands, chosen
//!   when the first argument is exactly `ast`, `dis` or `compile`;
//! - anything else runs Python like `python3` does: `pyrite [OPTIONS] FILE [ARGS...]` or
//!   `pyrite [OPTIONS] -c CODE [ARGS...]`. Everything after FILE (or after `-c CODE`) belongs to
//!   the script's `sys.argv`, options included, as with `python3`.
//!
//! So a script literally named `ast` (no extension) is run as `pyrite ./ast`, or
//! `pyrite -- ast`. The rule looks at the arguments only, never at the file system, so the same
//! command means the same thing in every directory.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The execution tier (DESIGN.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum)]
pub enum Mode {
    /// Tree-walking interpreter over the AST.
    Tree,
    /// Bytecode compiler, cache files and VM (the default, as in CPython).
    #[default]
    Bytecode,
    /// Native code through Cranelift.
    Jit,
}

impl Mode {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Tree => "tree",
            Mode::Bytecode => "bytecode",
            Mode::Jit => "jit",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `pyrite [OPTIONS] (FILE | -c CODE) [ARGS...]`: run Python code.
#[derive(Debug, Parser)]
#[command(
    name = "pyrite",
    version,
    about = "Run Python 3.11 code with pyrite",
    after_help = "Tooling: `pyrite ast FILE` prints ast.dump of FILE; `pyrite dis FILE` and \
                  `pyrite compile FILE` work on bytecode. A script named like a subcommand \
                  runs as `pyrite ./ast`."
)]
pub struct RunArgs {
    /// The execution tier.
    #[arg(long, value_enum, default_value_t = Mode::Bytecode)]
    pub mode: Mode,

    /// Do not write cache files (as `python3 -B`; also `PYRITE_DONT_WRITE_BYTECODE`).
    #[arg(short = 'B')]
    pub dont_write_bytecode: bool,

    /// Report on stderr whether the bytecode cache was hit, written or rejected, and why.
    #[arg(long)]
    pub stats: bool,

    /// With `--mode jit`: report on stderr the code objects compiled to native code (and those
    /// left to the VM, with the reason), compile times, and the share of executed instructions
    /// that ran natively.
    #[arg(long)]
    pub jit_stats: bool,

    /// Program passed in as a string; ends the option list, as in `python3`.
    #[arg(short = 'c', value_name = "CODE", allow_hyphen_values = true)]
    pub command: Option<String>,

    /// The script to run, then its arguments (`sys.argv[1:]`). With `-c`, all are arguments.
    #[arg(
        value_name = "FILE [ARGS]",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub script_and_args: Vec<OsString>,
}

/// `pyrite SUBCOMMAND FILE`: tooling.
#[derive(Debug, Parser)]
#[command(name = "pyrite", version, about = "pyrite tooling")]
pub struct ToolArgs {
    /// What to do.
    #[command(subcommand)]
    pub tool: Tool,
}

/// The tooling subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Tool {
    /// Print the tree of FILE exactly as CPython's `ast.dump(ast.parse(source))`.
    Ast {
        /// The Python source file.
        file: PathBuf,
    },
    /// Print the bytecode of FILE, like `python3 -m dis FILE`.
    Dis {
        /// The Python source file.
        file: PathBuf,
    },
    /// Compile FILE to its cache file, like `python3 -m py_compile FILE`.
    Compile {
        /// The Python source file.
        file: PathBuf,
    },
}

/// The names that select [`ToolArgs`] when they come first.
pub const TOOL_NAMES: [&str; 3] = ["ast", "dis", "compile"];

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Run code.
    Run(RunArgs),
    /// A tooling subcommand.
    Tool(Tool),
}

/// Parses the whole command line (`args[0]` is the program name). On a usage error, or for
/// `--help`/`--version`, returns clap's error, which knows its text and exit status.
pub fn parse_command_line(args: Vec<OsString>) -> Result<Command, clap::Error> {
    let is_tool = args
        .get(1)
        .and_then(|first| first.to_str())
        .is_some_and(|first| TOOL_NAMES.contains(&first));
    if is_tool {
        ToolArgs::try_parse_from(args).map(|t| Command::Tool(t.tool))
    } else {
        RunArgs::try_parse_from(end_options_after_command(args)).map(Command::Run)
    }
}

/// `python3 -c CODE --x` passes `--x` to the code, not to Python: everything after `-c CODE` is
/// an argument. clap would read it as an option, so a `--` is inserted right after `CODE`.
fn end_options_after_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let mut i = 1;
    while let Some(arg) = args.get(i).and_then(|a| a.to_str()) {
        let rest_starts = match arg {
            "--" => return args,
            "-c" => i + 2,
            "--mode" => {
                i += 2;
                continue;
            }
            _ if arg.starts_with("-c") => {
                // `-cCODE`: split it, as clap reads a glued value after a hyphenated
                // positional as that positional.
                let code = OsString::from(&arg[2..]);
                args[i] = OsString::from("-c");
                args.insert(i + 1, code);
                i + 2
            }
            _ if arg.starts_with('-') && arg != "-" => {
                i += 1;
                continue;
            }
            // The script: clap's trailing arguments already take the rest verbatim.
            _ => return args,
        };
        if rest_starts <= args.len() {
            args.insert(rest_starts, OsString::from("--"));
        }
        return args;
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        let argv = std::iter::once("pyrite").chain(args.iter().copied());
        match parse_command_line(argv.map(OsString::from).collect()) {
            Ok(command) => command,
            Err(e) => panic!("{args:?} should parse: {e}"),
        }
    }

    fn run(args: &[&str]) -> RunArgs {
        match parse(args) {
            Command::Run(run) => run,
            Command::Tool(tool) => panic!("{args:?} parsed as {tool:?}"),
        }
    }

    fn strings(v: &[OsString]) -> Vec<&str> {
        v.iter()
            .map(|s| s.to_str().unwrap_or("<non-UTF-8>"))
            .collect()
    }

    #[test]
    fn script_arguments_belong_to_the_script() {
        let r = run(&["--mode", "tree", "x.py", "--mode", "jit", "-c", "y"]);
        assert_eq!(r.mode, Mode::Tree);
        assert_eq!(r.command, None);
        assert_eq!(
            strings(&r.script_and_args),
            ["x.py", "--mode", "jit", "-c", "y"]
        );
    }

    #[test]
    fn command_ends_the_options() {
        let r = run(&["-c", "print(1)", "--mode", "tree", "--", "a"]);
        assert_eq!(r.mode, Mode::Bytecode);
        assert_eq!(r.command.as_deref(), Some("print(1)"));
        assert_eq!(strings(&r.script_and_args), ["--mode", "tree", "--", "a"]);

        let r = run(&["--mode=jit", "-B", "-cpass", "-x"]);
        assert_eq!(r.mode, Mode::Jit);
        assert!(r.dont_write_bytecode);
        assert_eq!(r.command.as_deref(), Some("pass"));
        assert_eq!(strings(&r.script_and_args), ["-x"]);
    }

    #[test]
    fn subcommands_only_in_first_place() {
        assert!(matches!(
            parse(&["ast", "f.py"]),
            Command::Tool(Tool::Ast { .. })
        ));
        assert!(matches!(
            parse(&["dis", "f.py"]),
            Command::Tool(Tool::Dis { .. })
        ));
        assert!(matches!(
            parse(&["compile", "f.py"]),
            Command::Tool(Tool::Compile { .. })
        ));
        assert_eq!(strings(&run(&["./ast"]).script_and_args), ["./ast"]);
        assert_eq!(strings(&run(&["--", "ast"]).script_and_args), ["ast"]);
        assert_eq!(
            strings(&run(&["x.py", "ast"]).script_and_args),
            ["x.py", "ast"]
        );
    }

    #[test]
    fn usage_errors_are_errors() {
        let bad = |args: &[&str]| {
            let args = std::iter::once("pyrite").chain(args.iter().copied());
            parse_command_line(args.map(OsString::from).collect()).is_err()
        };
        assert!(bad(&["--mode", "fast", "x.py"]));
        assert!(bad(&["ast"]));
        assert!(bad(&["ast", "a.py", "b.py"]));
        assert!(bad(&["-c"]));
    }
}
