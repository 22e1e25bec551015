//! Differential test: formats tens of thousands of deterministically generated cases with this
//! module and with a real CPython 3.11 (one `python3` process reading a file of cases), and
//! compares the results, error class and message included, byte for byte.
//!
//! Cases ([`super::differential_cases`]) are JSON lines; values travel as tagged pairs
//! (`["i", "7b"]` in hex, beyond the int digit limit, `["f", "<f64 bits in hex>"]`, `["s", "text"]`, tuples, lists, dicts) so
//! that floats cross exactly. Both sides print `OK <json>` or `ERR <class> <json message>`,
//! with `json.dumps`'s ASCII escaping. The interpreter is `$PYRITE_PYTHON`, else
//! `/root/.pyenv/versions/3.11.7/bin/python3`, else `python3`; the test is skipped with a
//! message when none is a 3.11.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::Command;
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::str_repr::str_repr;
use crate::types::PyDict;
use crate::value::Value;

use super::differential_cases::{Case, generate_cases};
use super::{
    FormatHost, Kwargs, format_builtin, percent_format, scalar_repr, scalar_str, str_format,
};

/// The Python side: decodes each case, runs it, prints the outcome.
const RUNNER: &str = r#"
import sys, json
def dec(v):
    t, x = v
    if t == 'i': return int(x, 16)  # hex: not subject to the int digit limit
    if t == 'f': return __import__('struct').unpack('>d', int(x, 16).to_bytes(8, 'big'))[0]
    if t == 's': return x
    if t == 'b': return bool(x)
    if t == 'n': return None
    if t == 't': return tuple(dec(e) for e in x)
    if t == 'l': return [dec(e) for e in x]
    if t == 'd': return {k: dec(e) for k, e in x}
    raise SystemExit('bad tag ' + t)
out = []
for line in open(sys.argv[1], encoding='utf-8'):
    case = json.loads(line)
    kind = case[0]
    try:
        if kind == 'F':
            r = format(dec(case[1]), case[2])
        elif kind == 'P':
            r = case[1] % dec(case[2])
        elif kind == 'S':
            r = case[1].format(*[dec(e) for e in case[2]], **{k: dec(e) for k, e in case[3]})
        else:
            r = case[1].format_map(dec(case[2]))
        out.append('OK ' + json.dumps(r))
    except Exception as e:
        out.append('ERR ' + type(e).__name__ + ' ' + json.dumps(str(e)))
sys.stdout.write('\n'.join(out) + '\n')
"#;

/// `json.dumps(s)` with `ensure_ascii=True`.
pub(super) fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

/// A test value, convertible to a `Value` and to its JSON encoding.
#[derive(Clone, Debug)]
pub(super) enum TestValue {
    Int(String),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    Tuple(Vec<TestValue>),
    List(Vec<TestValue>),
    Dict(Vec<(String, TestValue)>),
}

impl TestValue {
    pub(super) fn json(&self) -> String {
        let seq = |items: &[TestValue]| {
            let parts: Vec<String> = items.iter().map(TestValue::json).collect();
            format!("[{}]", parts.join(","))
        };
        match self {
            TestValue::Int(s) => {
                let n: num_bigint::BigInt = s.parse().unwrap_or_default();
                format!("[\"i\",\"{}\"]", n.to_str_radix(16))
            }
            TestValue::Float(x) => format!("[\"f\",\"{:016x}\"]", x.to_bits()),
            TestValue::Str(s) => format!("[\"s\",{}]", json_str(s)),
            TestValue::Bool(b) => format!("[\"b\",{}]", u8::from(*b)),
            TestValue::None => "[\"n\",0]".to_owned(),
            TestValue::Tuple(items) => format!("[\"t\",{}]", seq(items)),
            TestValue::List(items) => format!("[\"l\",{}]", seq(items)),
            TestValue::Dict(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|(k, v)| format!("[{},{}]", json_str(k), v.json()))
                    .collect();
                format!("[\"d\",[{}]]", parts.join(","))
            }
        }
    }

    pub(super) fn value(&self) -> Value {
        match self {
            TestValue::Int(s) => match s.parse::<num_bigint::BigInt>() {
                Ok(b) => Value::from_bigint(b),
                Err(_) => Value::None,
            },
            TestValue::Float(x) => Value::Float(*x),
            TestValue::Str(s) => Value::str(s.clone()),
            TestValue::Bool(b) => Value::Bool(*b),
            TestValue::None => Value::None,
            TestValue::Tuple(items) => Value::tuple(items.iter().map(TestValue::value).collect()),
            TestValue::List(items) => Value::list(items.iter().map(TestValue::value).collect()),
            TestValue::Dict(items) => {
                let dict = PyDict::default();
                for (k, v) in items {
                    let key = Rc::new(crate::types::PyStr::new(k.clone()));
                    dict.set_str(&key, v.value()).expect("fresh dict");
                }
                Value::Dict(Rc::new(dict))
            }
        }
    }
}

/// A host that knows the builtin scalars and containers, enough for the generated cases.
pub(super) struct TestHost;

fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.as_str() == y.as_str(),
        (Value::Int(x), Value::Int(y)) => x == y,
        _ => false,
    }
}

impl FormatHost for TestHost {
    fn str(&mut self, v: &Value) -> PyResult<String> {
        match scalar_str(v) {
            Some(s) => s,
            None => self.repr(v),
        }
    }

    fn repr(&mut self, v: &Value) -> PyResult<String> {
        if let Some(s) = scalar_repr(v) {
            return s;
        }
        let join = |host: &mut TestHost, items: &[Value]| -> PyResult<String> {
            let parts: PyResult<Vec<String>> = items.iter().map(|i| host.repr(i)).collect();
            Ok(parts?.join(", "))
        };
        match v {
            Value::Tuple(t) if t.items().len() == 1 => {
                Ok(format!("({},)", self.repr(&t.items()[0])?))
            }
            Value::Tuple(t) => Ok(format!("({})", join(self, t.items())?)),
            Value::List(l) => {
                let items = l.items.borrow().clone();
                Ok(format!("[{}]", join(self, &items)?))
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> =
                    d.entries().into_iter().map(|e| (e.key, e.value)).collect();
                let mut parts = Vec::new();
                for (k, v) in &entries {
                    parts.push(format!("{}: {}", self.repr(k)?, self.repr(v)?));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            _ => Ok("<object>".to_owned()),
        }
    }

    fn getattr(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        match (v, name) {
            (Value::Int(_) | Value::BigInt(_) | Value::Float(_), "real") => Ok(v.clone()),
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "imag") => Ok(Value::Int(0)),
            (Value::Bool(b), "real") => Ok(Value::Int(i64::from(*b))),
            (Value::Float(_), "imag") => Ok(Value::Float(0.0)),
            _ => raise(
                BuiltinType::AttributeError,
                format!("'{}' object has no attribute '{name}'", super::type_name(v)),
            ),
        }
    }

    fn getitem(&mut self, v: &Value, key: &Value) -> PyResult<Value> {
        let sequence = |items: &[Value], what: &str| match key {
            Value::Int(i) => {
                let len = items.len() as i64;
                let index = if *i < 0 { i + len } else { *i };
                match usize::try_from(index).ok().and_then(|i| items.get(i)) {
                    Some(item) => Ok(item.clone()),
                    None => raise(
                        BuiltinType::IndexError,
                        format!("{what} index out of range"),
                    ),
                }
            }
            other => raise(
                BuiltinType::TypeError,
                format!(
                    "{what} indices must be integers or slices, not {}",
                    super::type_name(other)
                ),
            ),
        };
        match v {
            Value::Tuple(t) => sequence(t.items(), "tuple"),
            Value::List(l) => {
                let items = l.items.borrow().clone();
                sequence(&items, "list")
            }
            Value::Dict(d) => {
                let found = d
                    .entries()
                    .into_iter()
                    .find(|e| same_key(&e.key, key))
                    .map(|e| e.value);
                match found {
                    Some(v) => Ok(v),
                    None => Err(PyErr::with_args(
                        BuiltinType::KeyError.class(),
                        vec![key.clone()],
                    )),
                }
            }
            _ => raise(
                BuiltinType::TypeError,
                format!("'{}' object is not subscriptable", super::type_name(v)),
            ),
        }
    }
}

/// Runs one case through pyrite and renders the outcome as the runner does.
fn run_case(case: &Case) -> String {
    let mut host = TestHost;
    let result = match case {
        Case::Format(v, spec) => {
            let value = v.value();
            format_builtin(&value, spec).unwrap_or_else(|| host.format(&value, spec))
        }
        Case::Percent(fmt, args) => percent_format(&mut host, fmt, &args.value()),
        Case::Template(fmt, args, kwargs) => {
            let args: Vec<Value> = args.iter().map(TestValue::value).collect();
            let kwargs: Vec<(Rc<crate::types::PyStr>, Value)> = kwargs
                .iter()
                .map(|(k, v)| (Rc::new(crate::types::PyStr::new(k.clone())), v.value()))
                .collect();
            str_format(&mut host, fmt, Some(&args), Kwargs::Pairs(&kwargs))
        }
        Case::FormatMap(fmt, mapping) => {
            let mapping = mapping.value();
            str_format(&mut host, fmt, None, Kwargs::Mapping(&mapping))
        }
    };
    match result {
        Ok(s) => format!("OK {}", json_str(&s)),
        Err(e) => {
            let arg = e.0.args.borrow().first().cloned().unwrap_or(Value::None);
            let text = match (&arg, e.matches(BuiltinType::KeyError)) {
                (Value::Str(s), true) => str_repr(s.as_str()),
                (Value::Str(s), false) => s.as_str().to_owned(),
                (other, _) => scalar_repr(other).and_then(Result::ok).unwrap_or_default(),
            };
            format!("ERR {} {}", e.class().name, json_str(&text))
        }
    }
}

/// The CPython 3.11 to compare with, if any.
fn find_python() -> Option<String> {
    let candidates = [
        std::env::var("PYRITE_PYTHON").ok(),
        Some("/root/.pyenv/versions/3.11.7/bin/python3".to_owned()),
        Some("python3".to_owned()),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn format_agrees_with_cpython() {
    let Some(python) = find_python() else {
        eprintln!("skipping format_agrees_with_cpython: no CPython 3.11 found (set PYRITE_PYTHON)");
        return;
    };
    let cases = generate_cases();
    assert!(cases.len() >= 20_000, "only {} cases", cases.len());
    let dir = std::env::temp_dir().join(format!("pyrite-format-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let case_path = dir.join("cases.jsonl");
    let runner_path = dir.join("runner.py");
    let mut file = std::fs::File::create(&case_path).expect("case file");
    for case in &cases {
        writeln!(file, "{}", case.json()).expect("write case");
    }
    drop(file);
    std::fs::write(&runner_path, RUNNER).expect("runner");
    let output = Command::new(&python)
        .arg(&runner_path)
        .arg(&case_path)
        .output()
        .expect("run python");
    // PYRITE_FORMAT_DIFF_KEEP=1 keeps the case file and the runner for debugging.
    if std::env::var_os("PYRITE_FORMAT_DIFF_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("cases kept in {}", dir.display());
    }
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = String::from_utf8(output.stdout).expect("utf-8");
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), cases.len());
    let mut failures = Vec::new();
    // Per kind of case: (count, how many CPython formatted without raising).
    let mut tally = std::collections::BTreeMap::<char, (usize, usize)>::new();
    for (case, want) in cases.iter().zip(&expected) {
        let entry = tally
            .entry(case.json().chars().nth(2).unwrap_or('?'))
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(want.starts_with("OK"));
        let got = run_case(case);
        if got != *want {
            failures.push(format!("{}\n   want {want}\n   got  {got}", case.json()));
        }
    }
    eprintln!(
        "format differential test: {} cases ({tally:?} as kind: (cases, successes)), {} mismatches",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from CPython, first ones:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
