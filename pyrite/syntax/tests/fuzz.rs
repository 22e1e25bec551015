//! Property tests of the front end's robustness: whatever bytes it is given, `parse_module` and
//! then the symbol table (`symtable::build`, `symtable::check_context`) return, in bounded time,
//! on a 2 MiB stack, without panicking, either a result or a `SyntaxError` whose line is at
//! least 1 and whose CPython-style report ([`SyntaxError::render`]) renders.
//!
//! [`SyntaxError::render`]: pyrite_syntax::SyntaxError::render
//!
//! Inputs come from five generators: random bytes, random sequences of Python tokens, deeply
//! nested constructs, truncations of real standard-library files, and single-byte edits of them
//! (the stdlib is found through `python3`; without it those two properties are skipped with a
//! message).
//!
//! Inputs are parsed on a separate thread with an explicit 2 MiB stack, the default stack of a
//! test thread, so recursion that would overflow a normal thread is caught here (the process
//! aborts; see "Reproducing" below), and the test waits at most [`INPUT_TIMEOUT`] for each: a
//! hang is a failure, not a stuck CI job. A panic is caught on that thread and reported.
//!
//! # Time budget
//!
//! The runs are bounded in time, not in cases: `PYRITE_FUZZ_SECS` (default 20) is split evenly
//! between the properties. Each property runs batches of cases until its share is spent.
//!
//! # Reproducing
//!
//! Every run prints its seed; `PROPTEST_RNG_SEED=<seed>` replays it. A failure is shrunk by
//! proptest and reported with the smallest input found. A stack overflow aborts the whole test
//! binary before proptest can report anything: replay the seed with `PYRITE_FUZZ_SAVE_INPUTS=1`
//! (and a larger `PYRITE_FUZZ_SECS`, as saving slows the run), which writes each input to
//! `$CARGO_TARGET_TMPDIR/fuzz-<property>.py` before parsing it; after the abort, that file is
//! the culprit. (Writing every input costs milliseconds each, hence not by default.)

use std::cell::{Cell, RefCell};
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// How long one parse may take before it counts as a hang. Generous: the test profile is barely
/// optimized and the machine is shared, while any real input parses in milliseconds.
const INPUT_TIMEOUT: Duration = Duration::from_secs(10);

/// The stack of the parsing thread: the default stack of a Rust test thread.
const PARSE_STACK: usize = 2 << 20;

/// Total time for all properties when `PYRITE_FUZZ_SECS` is unset.
const DEFAULT_BUDGET_SECS: f64 = 20.0;

/// How many properties share the budget.
const PROPERTIES: u32 = 5;

/// Cases per batch: the budget is checked between batches.
const BATCH: u32 = 32;

/// Standard-library files larger than this are left out of the mutation corpus, so that one case
/// stays a few milliseconds.
const MAX_CORPUS_FILE: u64 = 96 * 1024;

#[test]
fn random_bytes_never_crash_the_parser() {
    let bytes = prop_oneof![
        any::<u8>(),
        // Bias towards bytes that mean something to the lexer.
        proptest::sample::select(
            b" \t\n\r\x0c\\#'\"()[]{}:;,.=+-*/%@<>!&|^~0123456789abcdefxjJ_".to_vec()
        ),
    ];
    run_property(
        "random_bytes",
        proptest::collection::vec(bytes, 0..256).boxed(),
    );
}

#[test]
fn random_token_sequences_never_crash_the_parser() {
    let token = proptest::sample::select(TOKENS.to_vec());
    let separator =
        proptest::sample::select(vec!["", " ", " ", " ", "\n", "\n    ", "\n\t", "\\\n"]);
    let sequence = proptest::collection::vec((token, separator), 0..64).prop_map(|pieces| {
        let mut text = String::new();
        for (token, separator) in pieces {
            text.push_str(token);
            text.push_str(separator);
        }
        text.into_bytes()
    });
    run_property("token_sequences", sequence.boxed());
}

#[test]
fn deep_nesting_never_crashes_the_parser() {
    let opener = proptest::sample::select(NESTING_OPENERS.to_vec());
    let nested =
        (opener, 1usize..3000, any::<bool>()).prop_map(|((open, close), depth, closed)| {
            let mut text = open.repeat(depth);
            text.push('x');
            if closed {
                text.push_str(&close.repeat(depth));
            }
            text.push('\n');
            text.into_bytes()
        });
    let indented = (1usize..400, any::<bool>()).prop_map(|(depth, tabs)| {
        let mut text = String::new();
        for level in 0..depth {
            let indent = if tabs {
                "\t".repeat(level)
            } else {
                " ".repeat(level)
            };
            text.push_str(&indent);
            text.push_str("if x:\n");
        }
        text.push_str(&" ".repeat(depth));
        text.push_str("pass\n");
        text.into_bytes()
    });
    run_property("deep_nesting", prop_oneof![nested, indented].boxed());
}

#[test]
fn truncated_stdlib_files_never_crash_the_parser() {
    let Some(corpus) = stdlib_corpus() else {
        return;
    };
    let truncated = (0..corpus.len(), any::<prop::sample::Index>()).prop_map(move |(file, cut)| {
        let text = &corpus[file];
        text[..cut.index(text.len() + 1)].to_vec()
    });
    run_property("truncated_stdlib", truncated.boxed());
}

#[test]
fn mutated_stdlib_files_never_crash_the_parser() {
    let Some(corpus) = stdlib_corpus() else {
        return;
    };
    let byte = prop_oneof![
        any::<u8>(),
        proptest::sample::select(b" \t\n\\#'\"()[]{}:;,.=\xc3\xff\x00".to_vec()),
    ];
    let edit = prop_oneof![
        byte.clone().prop_map(Edit::Replace),
        byte.prop_map(Edit::Insert),
        Just(Edit::Delete),
    ];
    let mutated =
        (0..corpus.len(), any::<prop::sample::Index>(), edit).prop_map(move |(file, at, edit)| {
            let mut text = corpus[file].clone();
            let at = at.index(text.len() + 1);
            match edit {
                Edit::Replace(byte) if at < text.len() => text[at] = byte,
                Edit::Delete if at < text.len() => {
                    text.remove(at);
                }
                Edit::Replace(byte) | Edit::Insert(byte) => text.insert(at, byte),
                Edit::Delete => {}
            }
            text
        });
    run_property("mutated_stdlib", mutated.boxed());
}

/// An input, shown as text (or as escaped bytes when it is not UTF-8) in failure reports.
#[derive(Clone)]
struct Source(Vec<u8>);

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(text) => write!(f, "{text:?}"),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

/// One single-byte edit of a file.
#[derive(Debug, Clone)]
enum Edit {
    Replace(u8),
    Insert(u8),
    Delete,
}

/// Runs `strategy` against the parser until this property's share of the budget is spent.
fn run_property(name: &str, strategy: BoxedStrategy<Vec<u8>>) {
    let budget = property_budget();
    let mut config = Config {
        cases: BATCH,
        failure_persistence: None,
        max_shrink_time: 30_000,
        ..Config::default()
    };
    let seed = match config.rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => {
            let seed = time_seed();
            config.rng_seed = RngSeed::Fixed(seed);
            seed
        }
    };
    let crash_file = std::env::var_os("PYRITE_FUZZ_SAVE_INPUTS")
        .map(|_| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{name}.py")));
    // A runner stops after `cases` successes in total, so each batch gets a fresh runner, with
    // an RNG derived from the seeded one: the whole run stays reproducible from the seed.
    let strategy = strategy.prop_map(Source);
    let mut seeded = TestRunner::new(config.clone());
    let started = Instant::now();
    let mut inputs = 0u64;
    let accepted = Cell::new(0u64);
    while started.elapsed() < budget {
        let mut runner = TestRunner::new_with_rng(config.clone(), seeded.new_rng());
        let result = runner.run(&strategy, |Source(input)| {
            // Written before parsing so that an abort (stack overflow) leaves the culprit behind.
            if let Some(crash_file) = &crash_file {
                let _ = std::fs::write(crash_file, &input);
            }
            if check_parse(input)? {
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        });
        if let Err(error) = result {
            panic!("{name}: {error}\n(seed {seed}: rerun with PROPTEST_RNG_SEED={seed})");
        }
        inputs += u64::from(BATCH);
    }
    if let Some(crash_file) = &crash_file {
        let _ = std::fs::remove_file(crash_file);
    }
    eprintln!(
        "{name}: {inputs} inputs ({} valid Python) in {:.1} s (seed {seed}: rerun with \
         PROPTEST_RNG_SEED={seed})",
        accepted.get(),
        started.elapsed().as_secs_f64()
    );
}

/// Parses `input` on this test's parsing thread and checks the outcome; a panic, a hang or a bad
/// error position is a failure. `Ok(true)` when the input is valid Python.
fn check_parse(input: Vec<u8>) -> Result<bool, TestCaseError> {
    thread_local! {
        static WORKER: RefCell<Option<ParseWorker>> = const { RefCell::new(None) };
    }
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let worker = match slot.take() {
            Some(worker) => worker,
            None => ParseWorker::spawn()
                .map_err(|error| TestCaseError::fail(format!("cannot spawn a thread: {error}")))?,
        };
        if worker.inputs.send(input).is_err() {
            return Err(TestCaseError::fail("the parsing thread is gone"));
        }
        match worker.verdicts.recv_timeout(INPUT_TIMEOUT) {
            Ok(verdict) => {
                *slot = Some(worker);
                verdict.map_err(TestCaseError::fail)
            }
            // The stuck thread is abandoned; the next input gets a new one.
            Err(RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
                "parse_module did not return within {INPUT_TIMEOUT:?}"
            ))),
            Err(RecvTimeoutError::Disconnected) => {
                Err(TestCaseError::fail("the parsing thread died"))
            }
        }
    })
}

/// A thread with a [`PARSE_STACK`] stack that parses the inputs sent to it, one at a time, and
/// answers each with a verdict. Reusing it keeps the cost of a case near the cost of the parse.
struct ParseWorker {
    inputs: mpsc::Sender<Vec<u8>>,
    verdicts: mpsc::Receiver<Result<bool, String>>,
}

impl ParseWorker {
    fn spawn() -> std::io::Result<ParseWorker> {
        let (inputs, inbox) = mpsc::channel::<Vec<u8>>();
        let (outbox, verdicts) = mpsc::channel();
        std::thread::Builder::new()
            .name("fuzz-parse".into())
            .stack_size(PARSE_STACK)
            .spawn(move || {
                for input in inbox {
                    let verdict =
                        panic::catch_unwind(|| parse_and_check(&input)).unwrap_or_else(|payload| {
                            let message = payload
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_else(|| "(no message)".into());
                            Err(format!("parse_module panicked: {message}"))
                        });
                    if outbox.send(verdict).is_err() {
                        return;
                    }
                }
            })?;
        Ok(ParseWorker { inputs, verdicts })
    }
}

/// The checks made on the parsing thread: parse, then (on success) build the symbol table and
/// look for the compiler's context errors, as CPython does before compiling. Every error must
/// have a line and render. `Ok(true)` when the input is valid Python.
fn parse_and_check(input: &[u8]) -> Result<bool, String> {
    let outcome = pyrite_syntax::parse_module(input).and_then(|module| {
        let table = pyrite_syntax::symtable::build(&module)?;
        pyrite_syntax::symtable::check_context(&table)
    });
    let Err(error) = outcome else { return Ok(true) };
    if error.lineno < 1 {
        return Err(format!(
            "SyntaxError with lineno {}: {error:?}",
            error.lineno
        ));
    }
    let source = String::from_utf8_lossy(input);
    let report = error.render("fuzz.py", &source);
    if !report.starts_with("  File \"fuzz.py\", line ") {
        return Err(format!("bad report for {error:?}:\n{report}"));
    }
    Ok(false)
}

/// This property's share of `PYRITE_FUZZ_SECS`.
fn property_budget() -> Duration {
    let total = std::env::var("PYRITE_FUZZ_SECS")
        .ok()
        .and_then(|secs| secs.trim().parse::<f64>().ok())
        .filter(|secs| secs.is_finite() && *secs >= 0.0)
        .unwrap_or(DEFAULT_BUDGET_SECS);
    Duration::from_secs_f64(total / f64::from(PROPERTIES))
}

/// A seed for this run, printed so that it can be replayed.
fn time_seed() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    now.as_secs() ^ u64::from(now.subsec_nanos()).rotate_left(32)
}

/// The top-level `.py` files of the machine's CPython standard library (those under
/// [`MAX_CORPUS_FILE`]), loaded once; `None` (with a message) when there is no `python3`.
fn stdlib_corpus() -> Option<Arc<Vec<Vec<u8>>>> {
    static CORPUS: OnceLock<Option<Arc<Vec<Vec<u8>>>>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let Some(dir) = stdlib_dir() else {
                eprintln!("skipped: no python3 to locate the standard library");
                return None;
            };
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
                .ok()?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .filter(|path| {
                    std::fs::metadata(path).is_ok_and(|meta| meta.len() <= MAX_CORPUS_FILE)
                })
                .collect();
            paths.sort();
            let files: Vec<Vec<u8>> = paths
                .iter()
                .filter_map(|path| std::fs::read(path).ok())
                .collect();
            if files.is_empty() {
                eprintln!("skipped: no .py files in {}", dir.display());
                return None;
            }
            Some(Arc::new(files))
        })
        .clone()
}

/// `sysconfig.get_paths()['stdlib']` of `python3`.
fn stdlib_dir() -> Option<PathBuf> {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(output.stdout).ok()?;
    let dir = Path::new(dir.trim());
    (output.status.success() && dir.is_dir()).then(|| dir.to_path_buf())
}

/// Openers (and their closers) that nest without limit in the grammar.
const NESTING_OPENERS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("f(", ")"),
    ("x[", "]"),
    ("-", ""),
    ("not ", ""),
    ("~", ""),
    ("await ", ""),
    ("lambda: ", ""),
    ("x if y else ", ""),
    ("x + ", ""),
    ("x ** ", ""),
    ("*", ""),
    ("yield ", ""),
    ("a.", ""),
    ("(yield ", ")"),
    ("f'{", "}'"),
    ("[x for x in ", "]"),
    ("'a' ", ""),
];

/// The vocabulary of the token-sequence property: every keyword, operator and bracket, names,
/// numbers and strings of each form, and the layout pieces (comments, continuations).
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    // Keywords.
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    // Soft keywords.
    "match", "case", "_", "type",
    // Operators and delimiters.
    "+", "-", "*", "**", "/", "//", "%", "@", "<<", ">>", "&", "|", "^", "~", ":=", "<", ">", "<=", ">=", "==",
    "!=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "->", "+=", "-=", "*=", "/=", "//=", "%=",
    "@=", "&=", "|=", "^=", ">>=", "<<=", "**=", "...", "!", "$", "?", "`",
    // Names.
    "x", "y", "f", "self", "print", "__init__", "é", "名前", "x1",
    // Numbers, valid and not.
    "0", "1", "42", "1_000", "0x1F", "0o17", "0b101", "1.5", ".5", "1e10", "1j", "3.14e-2J", "012", "0x", "1_",
    "1__0", "0b2", "1e", "9" ,
    // Strings, valid and not.
    "'a'", "\"b\"", "'''c'''", "\"\"\"d\"\"\"", "b'x'", "rb'\\d'", "f'{x}'", "f'{x!r:>10}'", "f'{'", "u'x'",
    "'\\N{DASH}'", "'unterminated", "\"\"\"open", "'\\x1'", "f'{x=}'", "br'\\'", "'é'",
    // Layout.
    "\n", "\n\n", "    ", "\t", "# comment", "\\", "\\\n", "\x0c", "\r\n",
];
