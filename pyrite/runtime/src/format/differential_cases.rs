//! Deterministic case generation for the differential test ([`super::differential_tests`]):
//! `format(value, spec)` over ints (small, 64-bit boundaries, big, near float rounding ties and
//! the float overflow edge), floats (random bit patterns including subnormals, decimal-looking
//! values, exact decimal ties for `f` and `e`, powers of two and ten, infinities, NaN, -0.0),
//! strings (non-ASCII included), bools and `None`; `%`-formatting with random flags, widths,
//! precisions, `*`, mapping keys and argument counts; and `str.format`/`format_map` templates
//! with automatic/manual numbering, keywords, attribute and index lookups, conversions,
//! nested specs and malformed braces. A fixed seed makes every run generate the same cases.

use num_bigint::BigInt;

use super::differential_tests::{TestValue, json_str};

/// One case.
pub(super) enum Case {
    /// `format(value, spec)`.
    Format(TestValue, String),
    /// `fmt % args`.
    Percent(String, TestValue),
    /// `fmt.format(*args, **kwargs)`.
    Template(String, Vec<TestValue>, Vec<(String, TestValue)>),
    /// `fmt.format_map(mapping)`.
    FormatMap(String, TestValue),
}

impl Case {
    /// The JSON line the Python runner reads.
    pub(super) fn json(&self) -> String {
        match self {
            Case::Format(v, spec) => format!("[\"F\",{},{}]", v.json(), json_str(spec)),
            Case::Percent(fmt, args) => format!("[\"P\",{},{}]", json_str(fmt), args.json()),
            Case::Template(fmt, args, kwargs) => {
                let args: Vec<String> = args.iter().map(TestValue::json).collect();
                let kwargs: Vec<String> = kwargs
                    .iter()
                    .map(|(k, v)| format!("[{},{}]", json_str(k), v.json()))
                    .collect();
                format!(
                    "[\"S\",{},[{}],[{}]]",
                    json_str(fmt),
                    args.join(","),
                    kwargs.join(",")
                )
            }
            Case::FormatMap(fmt, mapping) => {
                format!("[\"M\",{},{}]", json_str(fmt), mapping.json())
            }
        }
    }
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }
}

const FILLS: &[char] = &[
    ' ',
    '*',
    '0',
    'é',
    '\u{1F600}',
    '<',
    '{',
    '}',
    '=',
    'x',
    '\0',
    '€',
];
const ALIGNS: &[char] = &['<', '>', '^', '='];
const ODD_TYPES: &[&str] = &["y", "\0", " ", "\u{7f}", "é", "\u{20ac}", "Z", ",", "."];
const INT_TYPES: &[&str] = &[
    "", "", "", "b", "c", "d", "d", "o", "x", "X", "n", "e", "E", "f", "F", "g", "G", "%", "s",
];
const FLOAT_TYPES: &[&str] = &[
    "", "", "", "e", "E", "f", "f", "F", "g", "g", "G", "n", "%", "d", "x",
];
const STR_TYPES: &[&str] = &["", "", "", "s", "s", "d"];
const TEXT_CHARS: &[char] = &[
    'a',
    'b',
    'Z',
    '0',
    ' ',
    'é',
    'ß',
    '€',
    '\u{1F600}',
    '\n',
    '\'',
    '"',
    '\\',
    '\u{7f}',
    '\u{85}',
    '\u{3000}',
    '中',
];

/// A random format spec whose type comes from `types` (or, rarely, anywhere).
fn random_spec(rng: &mut Rng, types: &[&str]) -> String {
    let mut s = String::new();
    match rng.below(10) {
        0..=4 => {}
        5..=7 => s.push(rng.pick(ALIGNS)),
        _ => {
            s.push(rng.pick(FILLS));
            s.push(rng.pick(ALIGNS));
        }
    }
    if rng.chance(30) {
        s.push(rng.pick(&['+', '-', ' ']));
    }
    if rng.chance(8) {
        s.push('z');
    }
    if rng.chance(20) {
        s.push('#');
    }
    if rng.chance(20) {
        s.push('0');
    }
    if rng.chance(50) {
        s.push_str(&rng.below(25).to_string());
    } else if rng.chance(1) {
        s.push_str(rng.pick(&[
            "999999999999999999",
            "99999999999999999999",
            "\u{0661}\u{0662}",
        ]));
    }
    if rng.chance(20) {
        s.push(rng.pick(&[',', '_']));
        if rng.chance(3) {
            s.push(rng.pick(&[',', '_']));
        }
    }
    if rng.chance(40) {
        s.push('.');
        match rng.below(30) {
            0 => {}
            1 => s.push_str(&rng.below(400).to_string()),
            2 => s.push_str(rng.pick(&["2147483648", "99999999999999999999"])),
            3..=5 => s.push_str(&rng.below(80).to_string()),
            _ => s.push_str(&rng.below(18).to_string()),
        }
    }
    if rng.chance(3) {
        s.push_str(rng.pick(ODD_TYPES));
    } else {
        s.push_str(rng.pick(types));
    }
    s
}

fn pow2(e: u32) -> BigInt {
    BigInt::from(1) << e
}

fn random_int(rng: &mut Rng) -> BigInt {
    match rng.below(12) {
        0..=3 => {
            let magnitude = 10u64.pow(rng.below(19) as u32);
            let v = BigInt::from(rng.below(magnitude.max(2)));
            if rng.chance(40) { -v } else { v }
        }
        4 => BigInt::from(rng.pick(&[0i64, 1, -1, i64::MAX, i64::MIN, 255, -255, 65, 0x10ffff])),
        5 | 6 => {
            let len = 19 + rng.below(60);
            let digits: String = (0..len)
                .map(|i| char::from(b'0' + (rng.below(9) + u64::from(i == 0)) as u8))
                .collect();
            let v: BigInt = digits.parse().unwrap_or_default();
            if rng.chance(40) { -v } else { v }
        }
        7 => {
            let e = rng.below(1100) as u32;
            pow2(e) + BigInt::from(rng.below(3) as i64 - 1)
        }
        8 => {
            // Ties and near-ties of int -> float rounding: 2**e plus half an ulp (+-1).
            let e = 54 + rng.below(1000) as u32;
            let base = pow2(e)
                + if rng.chance(50) {
                    pow2(e - 52)
                } else {
                    BigInt::from(0)
                };
            base + pow2(e - 53) + BigInt::from(rng.below(3) as i64 - 1)
        }
        9 => pow2(1024) - pow2(970) - BigInt::from(rng.below(2)),
        10 => num_traits::pow(BigInt::from(10), rng.below(40) as usize),
        _ => BigInt::from(rng.below(0xd800)),
    }
}

fn random_float(rng: &mut Rng) -> f64 {
    match rng.below(10) {
        0..=2 => f64::from_bits(rng.next()),
        3 | 4 => {
            let digits = 1 + rng.below(17) as u32;
            let mantissa = rng.below(10u64.pow(digits)) as f64;
            let scale = 10f64.powi(rng.below(40) as i32 - 20);
            let x = mantissa * scale;
            if rng.chance(30) { -x } else { x }
        }
        5 => {
            // Exact binary fractions: decimal ties at some precision.
            let odd = (2 * rng.below(1 << 20) + 1) as f64;
            odd / 2f64.powi(1 + rng.below(30) as i32)
        }
        6 => 10f64.powi(rng.below(640) as i32 - 323),
        7 => 2f64.powi(rng.below(2100) as i32 - 1074),
        8 => rng.pick(&[
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e16,
            1e15,
            0.1,
            0.5,
            1.5,
            2.5,
            9.5,
            0.125,
            1e22,
            1e23,
            123456789.0,
            -1e-8,
            1e-5,
            1e-4,
        ]),
        _ => (rng.below(2000) as f64 - 1000.0) / 8.0,
    }
}

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(9)).map(|_| rng.pick(TEXT_CHARS)).collect()
}

fn random_scalar(rng: &mut Rng) -> TestValue {
    match rng.below(10) {
        0..=2 => TestValue::Int(random_int(rng).to_string()),
        3..=5 => TestValue::Float(random_float(rng)),
        6 | 7 => TestValue::Str(random_text(rng)),
        8 => TestValue::Bool(rng.chance(50)),
        _ => TestValue::None,
    }
}

/// `format(value, spec)` cases.
fn format_cases(rng: &mut Rng, out: &mut Vec<Case>) {
    for _ in 0..9000 {
        let mut n = random_int(rng);
        let spec = random_spec(rng, INT_TYPES);
        if spec.ends_with('c') {
            n = BigInt::from(rng.below(0xd800));
        }
        out.push(Case::Format(TestValue::Int(n.to_string()), spec));
    }
    for _ in 0..16000 {
        let x = random_float(rng);
        out.push(Case::Format(
            TestValue::Float(x),
            random_spec(rng, FLOAT_TYPES),
        ));
    }
    // Digit exactness: plain fixed/exponent/general precisions over every kind of float.
    for _ in 0..30000 {
        let x = random_float(rng);
        let precision = if rng.chance(5) {
            rng.below(800)
        } else {
            rng.below(40)
        };
        let ty = rng.pick(&["e", "f", "g", "", "%", "#g"]);
        let (alt, ty) = ty.split_at(usize::from(ty.starts_with('#')));
        out.push(Case::Format(
            TestValue::Float(x),
            format!("{alt}.{precision}{ty}"),
        ));
    }
    // Exact decimal ties: (2m+1)/2**k has k fractional digits, the last a 5.
    for _ in 0..3000 {
        let k = 1 + rng.below(24) as u32;
        let odd = 2 * rng.below(1 << 24) + 1;
        let x = odd as f64 / 2f64.powi(k as i32);
        let exact = BigInt::from(odd) * num_traits::pow(BigInt::from(5), k as usize);
        let significant = exact.to_string().len();
        let spec = match rng.below(4) {
            0 => format!(".{}f", k - 1),
            1 => format!(".{}e", significant.saturating_sub(2)),
            2 => format!(".{}g", significant.saturating_sub(1).max(1)),
            _ => format!(".{}", significant.saturating_sub(1).max(1)),
        };
        out.push(Case::Format(TestValue::Float(x), spec));
    }
    for _ in 0..3000 {
        out.push(Case::Format(
            TestValue::Str(random_text(rng)),
            random_spec(rng, STR_TYPES),
        ));
    }
    for _ in 0..600 {
        let v = if rng.chance(50) {
            TestValue::Bool(rng.chance(50))
        } else {
            TestValue::None
        };
        let spec = if rng.chance(30) {
            String::new()
        } else {
            random_spec(rng, INT_TYPES)
        };
        out.push(Case::Format(v, spec));
    }
}

/// A value suited to a `%` conversion type (mostly), for the positive paths.
fn percent_value(rng: &mut Rng, ty: char) -> TestValue {
    if rng.chance(12) {
        return random_scalar(rng);
    }
    match ty {
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => TestValue::Int(random_int(rng).to_string()),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            if rng.chance(15) {
                TestValue::Int(random_int(rng).to_string())
            } else {
                TestValue::Float(random_float(rng))
            }
        }
        'c' => {
            if rng.chance(40) {
                TestValue::Str(rng.pick(TEXT_CHARS).to_string())
            } else {
                TestValue::Int(rng.below(0xd800).to_string())
            }
        }
        _ => random_scalar(rng),
    }
}

fn percent_cases(rng: &mut Rng, out: &mut Vec<Case>) {
    const TYPES: &[char] = &[
        's', 'r', 'a', 'd', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G', 'c', '%',
    ];
    for _ in 0..7000 {
        let use_dict = rng.chance(20);
        let mut fmt = String::new();
        let mut args = Vec::new();
        let mut dict = Vec::new();
        for i in 0..1 + rng.below(3) {
            if rng.chance(50) {
                fmt.push_str(&random_text(rng).replace('%', ""));
            }
            fmt.push('%');
            let key = format!("k{i}");
            if use_dict && rng.chance(90) {
                fmt.push_str(&format!("({key})"));
            }
            for flag in ['-', '+', ' ', '#', '0'] {
                if rng.chance(15) {
                    fmt.push(flag);
                }
            }
            let ty = if rng.chance(3) {
                rng.pick(&['y', 'z', '€', 'l', '\n'])
            } else {
                rng.pick(TYPES)
            };
            match rng.below(10) {
                0..=4 => {}
                5..=7 => fmt.push_str(&rng.below(20).to_string()),
                8 => {
                    fmt.push('*');
                    args.push(TestValue::Int((rng.below(30) as i64 - 10).to_string()));
                }
                _ => fmt.push_str(&rng.below(3).to_string()),
            }
            match rng.below(10) {
                0..=5 => {}
                6 | 7 => fmt.push_str(&format!(".{}", rng.below(15))),
                8 => {
                    fmt.push_str(".*");
                    args.push(TestValue::Int((rng.below(20) as i64 - 5).to_string()));
                }
                _ => fmt.push('.'),
            }
            if rng.chance(3) {
                fmt.push(rng.pick(&['h', 'l', 'L']));
            }
            if rng.chance(2) {
                continue; // An incomplete conversion at the end of the string.
            }
            fmt.push(ty);
            if ty != '%' {
                let v = percent_value(rng, ty);
                if use_dict {
                    dict.push((key, v));
                } else {
                    args.push(v);
                }
            }
        }
        if rng.chance(5) {
            fmt.push_str(&random_text(rng));
        }
        let args = if use_dict {
            TestValue::Dict(dict)
        } else {
            if rng.chance(4) {
                args.pop();
            } else if rng.chance(4) {
                args.push(random_scalar(rng));
            }
            if args.len() == 1 && rng.chance(50) {
                args.remove(0)
            } else {
                TestValue::Tuple(args)
            }
        };
        out.push(Case::Percent(fmt, args));
    }
}

/// A replacement field for a positional argument or keyword, with its spec.
fn template_field(
    rng: &mut Rng,
    name: &str,
    value: &TestValue,
    nested: &mut Vec<TestValue>,
) -> String {
    let types = match value {
        TestValue::Float(_) => FLOAT_TYPES,
        TestValue::Str(_) => STR_TYPES,
        TestValue::None => &[""][..],
        _ => INT_TYPES,
    };
    let mut field = format!("{{{name}");
    if rng.chance(10) {
        field.push_str(rng.pick(&[".real", ".imag", ".foo", "."]));
    }
    if rng.chance(15) {
        field.push_str(rng.pick(&["!r", "!s", "!a", "!x", "!"]));
    }
    match rng.below(10) {
        _ if matches!(value, TestValue::None) && rng.chance(90) => {}
        0..=3 => {}
        4..=7 => {
            field.push(':');
            field.push_str(&random_spec(rng, types));
        }
        _ => {
            field.push_str(":{}");
            nested.push(TestValue::Str(random_spec(rng, types)));
        }
    }
    field.push('}');
    field
}

fn template_cases(rng: &mut Rng, out: &mut Vec<Case>) {
    for _ in 0..8000 {
        let manual = rng.chance(30);
        let mapping_only = rng.chance(10);
        let mut fmt = String::new();
        let mut args: Vec<TestValue> = Vec::new();
        let mut kwargs = Vec::new();
        let mut nested_specs = Vec::new();
        for i in 0..1 + rng.below(3) {
            fmt.push_str(&random_text(rng).replace('{', "{{").replace('}', "}}"));
            let value = random_scalar(rng);
            match rng.below(10) {
                _ if mapping_only => {
                    let name = format!("w{i}");
                    let mut nested = Vec::new();
                    fmt.push_str(&template_field(rng, &name, &value, &mut nested));
                    if !nested.is_empty() {
                        fmt = fmt.replacen(":{}}", &format!(":{{s{i}}}}}"), 1);
                        kwargs.extend(nested.into_iter().map(|v| (format!("s{i}"), v)));
                    }
                    kwargs.push((name, value));
                }
                0..=1 => {
                    let name = format!("w{i}");
                    let mut nested = Vec::new();
                    fmt.push_str(&template_field(rng, &name, &value, &mut nested));
                    // A nested `{}` in a keyword field takes the next positional argument.
                    args.extend(nested);
                    kwargs.push((name, value));
                }
                2 => {
                    let index = if manual {
                        format!("{}", args.len())
                    } else {
                        String::new()
                    };
                    fmt.push_str(&format!("{{{index}[{}]}}", rng.below(3)));
                    args.push(TestValue::List(vec![value, random_scalar(rng)]));
                }
                _ => {
                    let index = if manual {
                        args.len().to_string()
                    } else {
                        String::new()
                    };
                    let mut nested = Vec::new();
                    fmt.push_str(&template_field(rng, &index, &value, &mut nested));
                    args.push(value);
                    if manual && !nested.is_empty() {
                        // Manual numbering: a nested `{}` would mix; name the spec argument.
                        fmt = fmt.replacen(
                            ":{}}",
                            &format!(":{{{}}}}}", 100 + nested_specs.len()),
                            1,
                        );
                        nested_specs.extend(nested);
                    } else {
                        args.extend(nested);
                    }
                }
            }
        }
        if !nested_specs.is_empty() {
            // Fields `{100}`, `{101}`... refer past the end: pad with dummies up to them.
            while args.len() < 100 {
                args.push(TestValue::None);
            }
            args.extend(nested_specs);
        }
        if rng.chance(6) {
            let junk = rng.pick(&[
                "{",
                "}",
                "{0",
                "{:",
                "{!r",
                "{0[}",
                "{a{b}",
                "{0]}",
                "{}",
                "{0}",
                "{0:{1:{2}}}",
            ]);
            let at = rng.below(fmt.chars().count() as u64 + 1) as usize;
            let byte = fmt.char_indices().nth(at).map_or(fmt.len(), |(b, _)| b);
            fmt.insert_str(byte, junk);
        }
        if rng.chance(4) && !args.is_empty() {
            args.pop();
        }
        if mapping_only || rng.chance(3) {
            let mapping = TestValue::Dict(kwargs);
            out.push(Case::FormatMap(fmt, mapping));
        } else {
            out.push(Case::Template(fmt, args, kwargs));
        }
    }
}

/// Hand-picked quirks: each of these once surprised someone.
fn fixed_cases(out: &mut Vec<Case>) {
    let int = |s: &str| TestValue::Int(s.to_owned());
    let text = |s: &str| TestValue::Str(s.to_owned());
    let formats: &[(TestValue, &str)] = &[
        (int("1234"), "010,"),
        (int("1234"), "09,"),
        (int("1234"), "08,"),
        (int("1234"), " 015,"),
        (int("0"), "0=+#10,"),
        (int("255"), "#=10x"),
        (int("-255"), "0=#20_b"),
        (int("65"), "010c"),
        (int("1114112"), "c"),
        (int("1180591620717411303424"), "c"),
        (int("1"), "5 "),
        (int("1"), "\u{1f}"),
        (int("1"), "\u{7f}"),
        (int("1"), "\u{0665}"),
        (int("1"), "#zc"),
        (int("1"), "\u{0}"),
        (int("1"), ",\u{0}"),
        (int("1"), ",\u{20ac}"),
        (TestValue::Float(1.5), "\u{0}"),
        (TestValue::Float(1.0), "\u{0}"),
        (text("a"), "\u{0}"),
        (text("a"), ",\u{0}"),
        (TestValue::Float(f64::INFINITY), "010"),
        (TestValue::Float(-f64::NAN), "f"),
        (TestValue::Float(-0.0001), "z.2f"),
        (TestValue::Float(-0.0), "z"),
        (TestValue::Float(123.0), ".3"),
        (TestValue::Float(1e20), "#"),
        (TestValue::Float(1e-7), "020,g"),
        (TestValue::Float(12345678.9), "020,.2e"),
        (TestValue::Float(1.0), ".2147483648x"),
        (TestValue::Float(1.0), "z.2147483648f"),
        (TestValue::Float(0.1), ".1000000000g"),
        (TestValue::Float(5e-324), ".1100e"),
        (TestValue::Float(5e-324), ".1080f"),
        (TestValue::Float(f64::MAX), ",.0f"),
        (
            int(
                "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
            ),
            "g",
        ),
        (
            int(
                "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            ),
            "g",
        ),
        (text("ab"), "0=5"),
        (text("ab"), "05"),
        (text("a"), "z#"),
        (text("a"), "=#"),
        (text("a"), "999999999999999999"),
        (TestValue::Bool(true), "s"),
        (TestValue::Bool(false), ".2f"),
        (TestValue::None, " "),
    ];
    // Beyond `sys.get_int_max_str_digits()` (4300): decimal output fails, binary bases do not.
    let huge = "7".repeat(4301);
    let limit = "9".repeat(4300);
    for spec in ["", "d", ",", "n", ">5", "x", "_b", "e", "c"] {
        out.push(Case::Format(int(&huge), spec.to_owned()));
        out.push(Case::Format(int(&format!("-{limit}")), spec.to_owned()));
    }
    for fmt in ["%d", "%x", "%s", "%r", "%.5000d", "%c", "%e"] {
        out.push(Case::Percent(fmt.to_owned(), int(&huge)));
    }
    out.push(Case::Template(
        "{}{:o}".to_owned(),
        vec![int(&huge), int(&huge)],
        vec![],
    ));
    for (v, spec) in formats {
        out.push(Case::Format(v.clone(), unescape(spec)));
    }
    let percents: &[(&str, TestValue)] = &[
        ("%5%", TestValue::Tuple(vec![])),
        ("%5%", TestValue::Tuple(vec![int("1")])),
        ("%", TestValue::Tuple(vec![])),
        ("%(a", TestValue::Dict(vec![("a".to_owned(), int("1"))])),
        (
            "%((a))s",
            TestValue::Dict(vec![("(a)".to_owned(), int("1"))]),
        ),
        ("%(a)*d", TestValue::Dict(vec![("a".to_owned(), int("3"))])),
        (
            "%s %(a)s",
            TestValue::Dict(vec![("a".to_owned(), int("1"))]),
        ),
        (
            "%(a)s %s",
            TestValue::Dict(vec![("a".to_owned(), int("1"))]),
        ),
        ("", int("5")),
        ("", TestValue::List(vec![])),
        ("%s", TestValue::List(vec![int("1")])),
        ("%(a)s", TestValue::List(vec![int("1")])),
        ("%s %s", text("ab")),
        ("%(a)s", text("ab")),
        ("%ll", int("1")),
        ("%.2147483648f", TestValue::Float(1.0)),
        ("%99999999999999999999d", int("1")),
        (
            "%*d",
            TestValue::Tuple(vec![int("99999999999999999999"), int("1")]),
        ),
        ("%.*d", TestValue::Tuple(vec![int("2147483648"), int("1")])),
        ("%010f", TestValue::Float(f64::INFINITY)),
        ("%+010.2f", TestValue::Float(f64::NAN)),
        ("%-#010x|", int("255")),
        ("%#5x", int("-255")),
        ("%+.5x", int("255")),
        ("%c", int("1180591620717411303424")),
        ("%c", TestValue::Float(1.5)),
        ("%d", TestValue::Float(1.1805916207174113e21)),
        ("%d", TestValue::Float(f64::INFINITY)),
        ("%x", TestValue::Float(3.0)),
        ("%f", int("1".repeat(400).as_str())),
        ("%a", text("é\u{1F600}")),
    ];
    for (fmt, args) in percents {
        let args = match args {
            TestValue::Str(s) => TestValue::Str(unescape(s)),
            other => other.clone(),
        };
        out.push(Case::Percent(unescape(fmt), args));
    }
    let one = vec![int("1")];
    for fmt in [
        "{0!}",
        "{0!",
        "{0!r",
        "{!:}",
        "{0:{{}}}",
        "{0:}}",
        "{x{}",
        "{0]}",
        "{0[}]}",
        "{ 0}",
        "{\u{0661}}",
        "{0[\u{0660}]}",
        "{99999999999999999999}",
        "{0:{1:{2}}}",
        "{0!\n}",
        "{0!\u{20ac}}",
        "{0.}",
        "{0..real}",
        "{0[]}",
        "{0[0]x}",
        "{:{}}",
    ] {
        out.push(Case::Template(unescape(fmt), one.clone(), vec![]));
    }
}

/// Expands `\u{XXXX}`, `\0` and `\n` written in the fixed cases above.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if let Some(hex) = tail.strip_prefix("u{") {
            let end = hex.find('}').unwrap_or(hex.len());
            let code = u32::from_str_radix(&hex[..end], 16).ok();
            out.push(code.and_then(char::from_u32).unwrap_or('?'));
            rest = hex.get(end + 1..).unwrap_or("");
        } else if let Some(after) = tail.strip_prefix('0') {
            out.push('\0');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('n') {
            out.push('\n');
            rest = after;
        } else {
            out.push('\\');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Every case, in a fixed order.
pub(super) fn generate_cases() -> Vec<Case> {
    let mut rng = Rng(0x5eed_f0a7_2311_0007);
    let mut cases = Vec::with_capacity(45_000);
    format_cases(&mut rng, &mut cases);
    percent_cases(&mut rng, &mut cases);
    template_cases(&mut rng, &mut cases);
    fixed_cases(&mut cases);
    cases
}
