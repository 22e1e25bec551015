//! Differential test of the numeric semantics against a real CPython 3.11.
//!
//! Deterministically generates well over 10,000 cases (edge values — 0, ±1, `i64` limits and
//! neighbours, powers of two, big ints, `-0.0`, infinities, NaN, subnormals — crossed with every
//! operator, plus parsing, formatting, rounding and hashing), computes each in Rust, writes them to
//! one file, has ONE `python3` process evaluate the file, and compares results line by line.
//! Results travel in an exact encoding: ints in hex, floats as their bit patterns (every NaN as
//! `fnan`), strings as UTF-8 hex, exceptions as `E<class>:<str(exc)>`. Skips with a message when
//! python3 is missing.

use std::fmt::Write as _;

use num_bigint::BigInt;
use num_traits::{One, Pow};

use crate::error::PyErr;
use crate::float::{self, NumericOp, UnaryOp};
use crate::int::{self, Int};
use crate::numeric_hash;
use crate::value::Value;

const PYTHON: &str = "/root/.pyenv/versions/3.11.7/bin/python3";

/// The evaluator: reads `op|arg|arg...` lines, prints one encoded result per line.
const SCRIPT: &str = r#"
import sys, struct, operator, math
sys.set_int_max_str_digits(0)
def dec(a):
    t, v = a[0], a[1:]
    if t == 'i': return int(v, 16)
    if t == 'b': return v == '1'
    if t == 'f': return struct.unpack('<d', bytes.fromhex(v))[0]
    if t == 's': return bytes.fromhex(v).decode('utf-8')
    raise Exception('bad arg ' + a)
def enc(r):
    if isinstance(r, bool): return 'b' + str(r)
    if isinstance(r, int): return 'i' + ('-' + format(-r, 'x') if r < 0 else format(r, 'x'))
    if isinstance(r, float):
        if r != r: return 'fnan'
        return 'f' + struct.pack('<d', r).hex()
    if isinstance(r, str): return 's' + r.encode('utf-8').hex()
    if isinstance(r, tuple): return 't(' + ','.join(enc(x) for x in r) + ')'
    if isinstance(r, complex): return 'ENotImplementedError:complex results are not supported yet'
    return 'X' + repr(r)
def limited(f):
    def g(*a):
        sys.set_int_max_str_digits(4300)
        try: return f(*a)
        finally: sys.set_int_max_str_digits(0)
    return g
def cmp(a, b):
    if a < b: return 'lt'
    if a > b: return 'gt'
    if a == b: return 'eq'
    return 'un'
OPS = {
    'add': operator.add, 'sub': operator.sub, 'mul': operator.mul, 'truediv': operator.truediv,
    'floordiv': operator.floordiv, 'mod': operator.mod, 'divmod': divmod, 'pow': operator.pow,
    'lshift': operator.lshift, 'rshift': operator.rshift, 'and': operator.and_,
    'or': operator.or_, 'xor': operator.xor, 'cmp': cmp,
    'neg': operator.neg, 'pos': operator.pos, 'invert': operator.invert, 'abs': abs,
    'pow3': pow, 'round1': round, 'round2': round, 'int': int, 'float': float,
    'hash': hash, 'str': limited(str), 'hex': hex, 'oct': oct, 'bin': bin,
    'intparse': limited(int), 'floatparse': float, 'is_integer': lambda x: x.is_integer(),
    'ratio': lambda x: x.as_integer_ratio(), 'fhex': lambda x: x.hex(),
    'bit_length': lambda x: x.bit_length(),
}
out = []
for line in open(sys.argv[1], encoding='utf-8'):
    parts = line.rstrip('\n').split('|')
    args = [dec(a) for a in parts[1:]]
    try:
        r = enc(OPS[parts[0]](*args))
    except TypeError as e:
        r = 'ETypeError'
    except Exception as e:
        r = 'E' + type(e).__name__ + ':' + str(e)
    out.append(r)
sys.stdout.write('\n'.join(out) + '\n')
"#;

/// Encodes an argument for the script.
fn arg(v: &Value) -> String {
    match v {
        Value::Bool(b) => format!("b{}", u8::from(*b)),
        Value::Float(f) => format!("f{}", hex_bytes(&f.to_le_bytes())),
        Value::Str(s) => format!("s{}", hex_bytes(s.as_str().as_bytes())),
        _ => match Int::from_value(v) {
            Some(i) => format!("i{}", int_hex(i)),
            None => panic!("unsupported test argument {v:?}"),
        },
    }
}

fn hex_bytes(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn int_hex(i: Int<'_>) -> String {
    int::to_str_radix(i, 16)
}

/// Encodes a result exactly as the script's `enc` does.
fn enc(v: &Value) -> String {
    match v {
        Value::Bool(b) => format!("b{}", if *b { "True" } else { "False" }),
        Value::Float(f) if f.is_nan() => "fnan".to_owned(),
        Value::Float(_) | Value::Str(_) => arg(v),
        Value::Tuple(t) => {
            let parts: Vec<String> = t.items().iter().map(enc).collect();
            format!("t({})", parts.join(","))
        }
        _ => match Int::from_value(v) {
            Some(i) => format!("i{}", int_hex(i)),
            None => format!("X{v:?}"),
        },
    }
}

/// `str(exc)` for the exceptions the numeric code raises.
fn enc_err(e: &PyErr) -> String {
    let args = e.0.args.borrow();
    let show = |v: &Value| match v {
        Value::Str(s) => s.as_str().to_owned(),
        other => format!("{other:?}"),
    };
    let text = match args.len() {
        0 => String::new(),
        1 => show(&args[0]),
        _ => {
            let parts: Vec<String> = args
                .iter()
                .map(|a| match a {
                    Value::Str(s) => crate::str_repr::str_repr(s.as_str()),
                    other => format!("{other:?}"),
                })
                .collect();
            format!("({})", parts.join(", "))
        }
    };
    if e.class().name == "TypeError" {
        return "ETypeError".to_owned();
    }
    format!("E{}:{}", e.class().name, text)
}

fn enc_result(r: Option<crate::error::PyResult<Value>>) -> String {
    match r {
        None => "ETypeError".to_owned(),
        Some(Ok(v)) => enc(&v),
        Some(Err(e)) => enc_err(&e),
    }
}

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn big(&mut self, bits: u64) -> BigInt {
        let mut b = BigInt::from(0u8);
        for _ in 0..bits.div_ceil(64) {
            b = (b << 64u8) + BigInt::from(self.next());
        }
        let b: BigInt = b >> (bits.div_ceil(64) * 64 - bits);
        if self.next() & 1 == 1 { -b } else { b }
    }
}

fn pow2(e: u32) -> BigInt {
    BigInt::one() << e
}

fn int_operands(rng: &mut Rng) -> Vec<Value> {
    let mut v: Vec<BigInt> = Vec::new();
    for x in [
        0i64,
        1,
        2,
        3,
        5,
        7,
        10,
        12,
        255,
        1000,
        1 << 31,
        1 << 32,
        (1 << 53) - 1,
    ] {
        v.push(BigInt::from(x));
        v.push(BigInt::from(-x));
    }
    for e in [53u32, 62, 63, 64, 100, 1023, 1024] {
        for d in [-1i64, 0, 1] {
            v.push(pow2(e) + d);
            v.push(-(pow2(e) + d));
        }
    }
    v.push(BigInt::from(i64::MAX));
    v.push(BigInt::from(i64::MAX - 1));
    v.push(BigInt::from(i64::MIN));
    v.push(BigInt::from(i64::MIN + 1));
    v.push(pow2(1024) - pow2(970));
    v.push(pow2(1024) - pow2(971));
    v.push(Pow::pow(BigInt::from(10u8), 20u32));
    v.push(-Pow::pow(BigInt::from(10u8), 400u32));
    v.push(Pow::pow(BigInt::from(10u8), 400u32) + 7);
    v.push(Pow::pow(BigInt::from(3u8), 80u32));
    v.push(-Pow::pow(BigInt::from(7u8), 50u32));
    for bits in [3u64, 8, 20, 40, 52, 60, 63, 64, 65, 90, 127, 128, 200, 300] {
        v.push(rng.big(bits));
    }
    let mut values: Vec<Value> = v.into_iter().map(Value::from_bigint).collect();
    values.push(Value::Bool(true));
    values.push(Value::Bool(false));
    values
}

fn float_operands(rng: &mut Rng) -> Vec<Value> {
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        -2.5,
        3.0,
        -7.0,
        7.5,
        0.1,
        -0.1,
        1.0 / 3.0,
        2.675,
        123.456,
        1e-5,
        1e16,
        9_007_199_254_740_992.0,
        9_007_199_254_740_994.0,
        9.223_372_036_854_776e18,
        -9.223_372_036_854_776e18,
        1.844_674_407_370_955_2e19,
        1e300,
        -1e300,
        1e308,
        f64::MAX,
        -f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        1e-310,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    for _ in 0..12 {
        // Random bit patterns: any exponent, subnormals and NaNs included.
        v.push(f64::from_bits(rng.next()));
    }
    for _ in 0..12 {
        // Moderate values with short and long decimal expansions.
        let x = (rng.below(2_000_000) as f64 - 1_000_000.0)
            / [1.0, 8.0, 100.0, 1000.0][rng.below(4) as usize];
        v.push(x);
    }
    v.into_iter().map(Value::Float).collect()
}

/// Whether CPython can evaluate `op a b` quickly and in bounded memory (skip the rest here:
/// the unit tests cover pyrite's `MemoryError` on them).
fn affordable(op: NumericOp, a: &Value, b: &Value) -> bool {
    let (Some(x), Some(y)) = (Int::from_value(a), Int::from_value(b)) else {
        return true;
    };
    match op {
        NumericOp::Pow => {
            y.is_negative()
                || x.bits() <= 1
                || y.to_i64()
                    .is_some_and(|e| (e as u64).saturating_mul(x.bits()) <= 40_000)
        }
        NumericOp::LShift => {
            x.is_zero() || y.is_negative() || y.to_i64().is_some_and(|c| c <= 5000)
        }
        _ => true,
    }
}

const BINARY_OPS: &[(NumericOp, &str)] = &[
    (NumericOp::Add, "add"),
    (NumericOp::Sub, "sub"),
    (NumericOp::Mul, "mul"),
    (NumericOp::TrueDiv, "truediv"),
    (NumericOp::FloorDiv, "floordiv"),
    (NumericOp::Mod, "mod"),
    (NumericOp::DivMod, "divmod"),
    (NumericOp::Pow, "pow"),
    (NumericOp::LShift, "lshift"),
    (NumericOp::RShift, "rshift"),
    (NumericOp::BitAnd, "and"),
    (NumericOp::BitOr, "or"),
    (NumericOp::BitXor, "xor"),
];

/// The cases: (line for the script, pyrite's encoded result).
struct Cases(Vec<(String, String)>);

impl Cases {
    fn push(&mut self, op: &str, args: &[&Value], result: String) {
        let mut line = op.to_owned();
        for a in args {
            line.push('|');
            line.push_str(&arg(a));
        }
        self.0.push((line, result));
    }
}

fn arithmetic_cases(cases: &mut Cases, values: &[Value]) {
    for a in values {
        for b in values {
            for &(op, name) in BINARY_OPS {
                if affordable(op, a, b) {
                    cases.push(
                        name,
                        &[a, b],
                        enc_result(float::numeric_binary_op(op, a, b)),
                    );
                }
            }
            let ordering = match float::numeric_compare(a, b) {
                Some(Some(std::cmp::Ordering::Less)) => "lt",
                Some(Some(std::cmp::Ordering::Greater)) => "gt",
                Some(Some(std::cmp::Ordering::Equal)) => "eq",
                _ => "un",
            };
            cases.push(
                "cmp",
                &[a, b],
                format!("s{}", hex_bytes(ordering.as_bytes())),
            );
        }
        for (op, name) in [
            (UnaryOp::Neg, "neg"),
            (UnaryOp::Pos, "pos"),
            (UnaryOp::Invert, "invert"),
            (UnaryOp::Abs, "abs"),
        ] {
            cases.push(name, &[a], enc_result(float::numeric_unary_op(op, a)));
        }
    }
}

fn int_cases(cases: &mut Cases, ints: &[Value]) {
    let ndigits: Vec<Value> = [-400i64, -30, -20, -19, -5, -2, -1, 0, 1, 5]
        .into_iter()
        .map(Value::Int)
        .collect();
    for a in ints {
        let i = Int::from_value(a).expect("int operand");
        cases.push(
            "float",
            &[a],
            enc_result(Some(int::to_f64(i).map(Value::Float))),
        );
        cases.push("hash", &[a], enc(&Value::Int(numeric_hash::hash_int(i))));
        if !matches!(a, Value::Bool(_)) {
            // `str(True)` is `bool`'s business, not `int`'s.
            cases.push(
                "str",
                &[a],
                enc_result(Some(int::to_str(i).map(Value::str))),
            );
        }
        cases.push("hex", &[a], enc(&Value::str(int::to_hex(i))));
        cases.push("oct", &[a], enc(&Value::str(int::to_oct(i))));
        cases.push("bin", &[a], enc(&Value::str(int::to_bin(i))));
        cases.push("bit_length", &[a], enc(&int::bit_length(i)));
        cases.push("round1", &[a], enc(&i.to_value()));
        for n in &ndigits {
            let r = int::round(i, Int::from_value(n).expect("int"));
            cases.push("round2", &[a, n], enc(&r));
        }
    }
    // Three-argument pow over a smaller grid.
    let small: Vec<&Value> = ints.iter().step_by(3).collect();
    for a in &small {
        for b in &small {
            for m in &small {
                let (x, y, z) = (
                    Int::from_value(a).expect("int"),
                    Int::from_value(b).expect("int"),
                    Int::from_value(m).expect("int"),
                );
                if y.bits() > 200 && z.bits() > 64 {
                    // Huge exponent and modulus: slow in CPython, and no new path here.
                    continue;
                }
                cases.push("pow3", &[a, b, m], enc_result(Some(int::pow_mod(x, y, z))));
            }
        }
    }
    // The digit limit, both ways.
    let ten = BigInt::from(10u8);
    for (e, d) in [
        (4299u32, 0i64),
        (4299, -1),
        (4300, -1),
        (4300, 0),
        (4301, 0),
        (5000, 0),
    ] {
        for sign in [1i64, -1] {
            let v = Value::from_bigint((Pow::pow(&ten, e) + d) * sign);
            let i = Int::from_value(&v).expect("int");
            cases.push(
                "str",
                &[&v],
                enc_result(Some(int::to_str(i).map(Value::str))),
            );
        }
    }
}

fn float_cases(cases: &mut Cases, floats: &[Value], rng: &mut Rng) {
    let mut extra: Vec<Value> = Vec::new();
    for k in 0..400 {
        // Ties and near-ties in decimal: k/8, k/1000, k/200 scaled.
        extra.push(Value::Float(f64::from(k) / 8.0 - 25.0));
        extra.push(Value::Float(f64::from(k) / 1000.0));
        extra.push(Value::Float(f64::from(k) * 0.005 + 1e5));
    }
    for _ in 0..200 {
        extra.push(Value::Float(f64::from_bits(rng.next())));
    }
    let ndigits: Vec<Value> = [
        -400i64, -309, -308, -307, -300, -20, -5, -2, -1, 0, 1, 2, 3, 5, 10, 15, 16, 17, 20, 100,
        300, 322, 323, 324, 400,
    ]
    .into_iter()
    .map(Value::Int)
    .collect();
    for (index, a) in floats.iter().chain(extra.iter()).enumerate() {
        let Value::Float(x) = *a else { continue };
        cases.push("round1", &[a], enc_result(Some(float::round_to_int(x))));
        cases.push("int", &[a], enc_result(Some(int::from_f64(x))));
        if !x.is_nan() {
            cases.push("hash", &[a], enc(&Value::Int(numeric_hash::hash_f64(x))));
        }
        cases.push("is_integer", &[a], enc(&Value::Bool(float::is_integer(x))));
        cases.push(
            "ratio",
            &[a],
            enc_result(Some(
                float::as_integer_ratio(x).map(|(n, d)| Value::tuple(vec![n, d])),
            )),
        );
        cases.push("fhex", &[a], enc(&Value::str(float::hex(x))));
        let picks: Vec<&Value> = if index < floats.len() {
            ndigits.iter().collect()
        } else {
            // Extras: a few digit counts each.
            (0..3)
                .map(|_| &ndigits[rng.below(ndigits.len() as u64) as usize])
                .collect()
        };
        for n in picks {
            let Value::Int(k) = *n else { continue };
            let r = float::round_ndigits(x, k).map(Value::Float);
            cases.push("round2", &[a, n], enc_result(Some(r)));
        }
    }
    for e in 0..1080 {
        // Every power of two, around the subnormal and overflow boundaries too.
        let v = Value::Float(2f64.powi(e - 1075));
        if let Value::Float(x) = v {
            cases.push("hash", &[&v], enc(&Value::Int(numeric_hash::hash_f64(x))));
        }
    }
}

fn int_parse_cases(cases: &mut Cases) {
    let lead = ["", " ", "\t\n", "\u{3000}", "\x1c"];
    let signs = ["", "-", "+", "--", "- "];
    let bodies = [
        "0",
        "00",
        "000_0",
        "7",
        "007",
        "0_7",
        "0_0",
        "1_000",
        "1__0",
        "_1",
        "1_",
        "12345678901234567890",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "0x1f",
        "0X_1F",
        "0x",
        "0x_",
        "0x__1",
        "0b101",
        "0B1_0",
        "0b2",
        "0o17",
        "0o8",
        "0_b1",
        "z",
        "Zz9",
        "1e3",
        "",
        "1.5",
        "inf",
        "\u{663}\u{664}",
        "\u{ff11}\u{ff12}",
        "\u{1d7d9}",
        "١_٢",
        "é",
        "1\x00",
        "ff",
        "abc",
    ];
    let tails = ["", " ", "\n", "x", "\u{2003}"];
    let bases = [0i64, 2, 8, 10, 16, 36];
    for l in lead {
        for s in signs {
            for b in bodies {
                for t in tails {
                    let text = Value::str(format!("{l}{s}{b}{t}"));
                    let Value::Str(ref st) = text else { continue };
                    for base in bases {
                        let bv = Value::Int(base);
                        let r = int::from_str(st.as_str(), base);
                        cases.push("intparse", &[&text, &bv], enc_result(Some(r)));
                    }
                }
            }
        }
    }
    let odd_bases = [-1i64, 1, 37, 1 << 40];
    for base in odd_bases {
        let text = Value::str("1");
        let bv = Value::Int(base);
        cases.push(
            "intparse",
            &[&text, &bv],
            enc_result(Some(int::from_str("1", base))),
        );
    }
    let long = [
        "1".repeat(4300),
        "1".repeat(4301),
        format!("-{}", "1".repeat(4301)),
        format!("{}x", "1".repeat(5000)),
        format!("x{}", "1".repeat(5000)),
        format!("{}_", "1".repeat(5000)),
        format!("{}1", "1_".repeat(4300)),
        "x".repeat(300),
        "\u{660}".repeat(5000),
    ];
    for text in long {
        for base in [0i64, 10, 16, 36] {
            let r = int::from_str(&text, base);
            let v = Value::str(text.clone());
            cases.push("intparse", &[&v, &Value::Int(base)], enc_result(Some(r)));
        }
    }
    // Every Unicode decimal digit, and its neighbours.
    for code in 0x80u32..0x1_0000 + 0x2_0000 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        if crate::int::parse::decimal_value(c).is_some() {
            for k in [code - 1, code, code + 1] {
                let Some(d) = char::from_u32(k) else { continue };
                let text = d.to_string();
                let v = Value::str(text.clone());
                let r = int::from_str(&text, 10);
                cases.push("intparse", &[&v, &Value::Int(10)], enc_result(Some(r)));
            }
        }
    }
}

fn float_parse_cases(cases: &mut Cases) {
    let lead = ["", " ", "\t\n", "\u{a0}", "\x1c"];
    let signs = ["", "-", "+", "--"];
    let bodies = [
        "1",
        "1.",
        ".5",
        ".",
        "1e5",
        "1E+5",
        "1e-5",
        "1e",
        "e5",
        "1.5e+",
        "1_0",
        "1__0",
        "1_.5",
        "1._5",
        "1e_5",
        "1e5_0",
        "_1",
        "1_",
        "1_000.000_1",
        "inf",
        "INF",
        "infinity",
        "iNfInItY",
        "infinit",
        "in",
        "nan",
        "NaN",
        "nanx",
        "0x10",
        "1.5e308",
        "1.8e308",
        "1e309",
        "2.5e-324",
        "2.4703282292062328e-324",
        "2.4703282292062327e-324",
        "1e-400",
        "1e99999999999999999999",
        "1e-99999999999999999999",
        "0.1",
        "123456789012345678901234567890",
        "\u{663}.\u{665}",
        "é",
        "",
        "1.5\x00",
        "9007199254740993",
        "0.30000000000000004",
        "00001.5000",
        "1e0001",
    ];
    let tails = ["", " ", "\n", "x", "\u{2003}"];
    for l in lead {
        for s in signs {
            for b in bodies {
                for t in tails {
                    let text = format!("{l}{s}{b}{t}");
                    let v = Value::str(text.clone());
                    let r = float::from_str(&text).map(Value::Float);
                    cases.push("floatparse", &[&v], enc_result(Some(r)));
                }
            }
        }
    }
    for text in [
        "1".repeat(400),
        format!("0.{}1", "0".repeat(400)),
        "x".repeat(300),
    ] {
        let v = Value::str(text.clone());
        let r = float::from_str(&text).map(Value::Float);
        cases.push("floatparse", &[&v], enc_result(Some(r)));
    }
}

fn run_python(input: &str) -> Option<Vec<String>> {
    if !std::path::Path::new(PYTHON).exists() {
        eprintln!("skipping numeric differential test: {PYTHON} not found");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("pyrite-numeric-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases_path = dir.join("cases.txt");
    let script_path = dir.join("eval.py");
    std::fs::write(&cases_path, input).expect("write cases");
    std::fs::write(&script_path, SCRIPT).expect("write script");
    let output = std::process::Command::new(PYTHON)
        .arg(&script_path)
        .arg(&cases_path)
        .output()
        .expect("run python3");
    if std::env::var_os("PYRITE_KEEP_NUMERIC_CASES").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        output.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(
        String::from_utf8(output.stdout)
            .expect("utf-8 output")
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn numeric_semantics_match_cpython() {
    let started = std::time::Instant::now();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let ints = int_operands(&mut rng);
    let floats = float_operands(&mut rng);
    let mut cases = Cases(Vec::new());
    let all: Vec<Value> = ints.iter().chain(floats.iter()).cloned().collect();
    arithmetic_cases(&mut cases, &all);
    int_cases(&mut cases, &ints);
    float_cases(&mut cases, &floats, &mut rng);
    int_parse_cases(&mut cases);
    float_parse_cases(&mut cases);
    let cases = cases.0;
    assert!(cases.len() >= 10_000);

    let mut input = String::new();
    for (line, _) in &cases {
        assert!(!line.contains('\n'), "case lines are hex-encoded");
        input.push_str(line);
        input.push('\n');
    }
    let rust_time = started.elapsed();
    let Some(expected) = run_python(&input) else {
        return;
    };
    let python_time = started.elapsed() - rust_time;
    assert_eq!(expected.len(), cases.len(), "one result per case");
    let mut failures = Vec::new();
    for ((line, ours), theirs) in cases.iter().zip(&expected) {
        if ours != theirs {
            failures.push(format!("{line}\n  pyrite:  {ours}\n  cpython: {theirs}"));
        }
    }
    eprintln!(
        "numeric differential test: {} cases compared (pyrite {:?}, python3 {:?})",
        cases.len(),
        rust_time,
        python_time
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from CPython; first ones:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
