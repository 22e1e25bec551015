//! The set layout differential test: thousands of random int sets built, mutated and combined
//! by the same operations here and in CPython 3.11 (one `python3` process), compared by
//! iteration order, `pop` order and `hash(frozenset)`.

use std::fmt::Write;
use std::rc::Rc;

use num_bigint::BigInt;

use super::PySet;
use crate::ops::test_support::NoInterp;
use crate::test_python::python3;
use crate::value::Value;

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random int as decimal text: small, negative, colliding multiples, or beyond 64 bits.
fn random_int(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.below(100).to_string(),
        4 => format!("-{}", rng.below(1000)),
        5 => (rng.below(50) * 64).to_string(),
        6 => (rng.below(1 << 40) as i64 - (1 << 39)).to_string(),
        7 => ((1u64 << 61) - 1 + rng.below(5)).to_string(),
        8 => format!("{}{:019}", rng.below(1000) + 1, rng.below(10u64.pow(19))),
        _ => format!("-{}{:019}", rng.below(1000) + 1, rng.below(10u64.pow(19))),
    }
}

fn int_value(text: &str) -> Value {
    Value::from_bigint(text.parse::<BigInt>().expect("int literal"))
}

fn show(v: &Value) -> String {
    format!("{v:?}")
}

fn random_case(rng: &mut Rng) -> String {
    let mut cmds = Vec::new();
    let n_cmds = 1 + rng.below(8);
    for _ in 0..n_cmds {
        let cmd = match rng.below(14) {
            0..=3 => "a",
            4 => "b",
            5 | 6 => "r",
            7 => ["u", "i", "d", "x"][rng.below(4) as usize],
            8 => ["U", "I", "D", "X"][rng.below(4) as usize],
            9 => "c",
            10 => "p",
            11 => "l",
            12 => "b",
            _ => "h",
        };
        let mut text = cmd.to_owned();
        if matches!(cmd, "a" | "b" | "r" | "l") {
            let count = match rng.below(4) {
                0 => rng.below(4),
                1 => rng.below(20),
                _ => rng.below(200),
            };
            for _ in 0..count {
                text.push(' ');
                text.push_str(&random_int(rng));
            }
        } else if cmd == "p" {
            write!(text, " {}", rng.below(6)).expect("write");
        }
        cmds.push(text);
    }
    cmds.join(";")
}

/// Runs one case here, printing what the Python script prints.
fn run_case(case: &str) -> String {
    let vm = &mut NoInterp;
    let mut s1 = Rc::new(PySet::new());
    let s2 = Rc::new(PySet::new());
    let mut out = Vec::new();
    let other = Value::Set(Rc::clone(&s2));
    for cmd in case.split(';') {
        let mut parts = cmd.split(' ');
        let op = parts.next().unwrap_or("");
        let args: Vec<Value> = parts.map(int_value).collect();
        match op {
            "a" => args.into_iter().for_each(|v| s1.add(vm, v).unwrap()),
            "b" => args.into_iter().for_each(|v| s2.add(vm, v).unwrap()),
            "r" => args.iter().for_each(|v| {
                s1.discard(vm, v).unwrap();
            }),
            "l" => s1 = Rc::new(PySet::from_iterable(vm, &Value::list(args)).unwrap()),
            "u" => s1 = Rc::new(s1.union(vm, &other).unwrap()),
            "i" => s1 = Rc::new(s1.intersection(vm, &other).unwrap()),
            "d" => s1 = Rc::new(s1.difference(vm, &other).unwrap()),
            "x" => s1 = Rc::new(s1.symmetric_difference(vm, &other).unwrap()),
            "U" | "I" | "D" | "X" => {
                let this = Value::Set(Rc::clone(&s1));
                let op = match op {
                    "U" => crate::ops::BinOp::BitOr,
                    "I" => crate::ops::BinOp::BitAnd,
                    "D" => crate::ops::BinOp::Sub,
                    _ => crate::ops::BinOp::BitXor,
                };
                crate::ops::inplace_op(vm, op, &this, &other).unwrap();
            }
            "c" => s1 = Rc::new(s1.copy(vm).unwrap()),
            "p" => {
                let n: usize = cmd[2..].parse().unwrap();
                for _ in 0..n {
                    match s1.pop() {
                        Ok(v) => out.push(format!("p{}", show(&v))),
                        Err(_) => out.push("pE".to_owned()),
                    }
                }
            }
            "h" => out.push(format!("h{}", s1.frozen_hash())),
            other => panic!("unknown command {other}"),
        }
    }
    let items: Vec<String> = s1.items().iter().map(show).collect();
    out.push(items.join(","));
    out.join(" ")
}

const SCRIPT: &str = r#"
import sys
for case in sys.stdin.read().split('\n'):
    s1, s2, out = set(), set(), []
    for cmd in case.split(';'):
        parts = cmd.split(' ')
        op = parts[0]
        args = [int(x) for x in parts[1:]] if op != 'p' else []
        if op == 'a':
            for v in args: s1.add(v)
        elif op == 'b':
            for v in args: s2.add(v)
        elif op == 'r':
            for v in args: s1.discard(v)
        elif op == 'l': s1 = set(args)
        elif op == 'u': s1 = s1 | s2
        elif op == 'i': s1 = s1 & s2
        elif op == 'd': s1 = s1 - s2
        elif op == 'x': s1 = s1 ^ s2
        elif op == 'U': s1 |= s2
        elif op == 'I': s1 &= s2
        elif op == 'D': s1 -= s2
        elif op == 'X': s1 ^= s2
        elif op == 'c': s1 = s1.copy()
        elif op == 'p':
            for _ in range(int(parts[1])):
                try: out.append('p%d' % s1.pop())
                except KeyError: out.append('pE')
        elif op == 'h': out.append('h%d' % hash(frozenset(s1)))
    out.append(','.join(str(x) for x in s1))
    print(' '.join(out))
"#;

#[test]
fn set_layout_matches_cpython() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let cases: Vec<String> = (0..3000).map(|_| random_case(&mut rng)).collect();
    let Some(expected) = python3(SCRIPT, &cases.join("\n"), &[("PYTHONHASHSEED", "0")]) else {
        return;
    };
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), cases.len());
    let mut failures = 0;
    for (case, want) in cases.iter().zip(&expected) {
        let got = run_case(case);
        if got != *want {
            failures += 1;
            if failures <= 6 {
                let ops: Vec<String> = case
                    .split(';')
                    .map(|c| format!("{}#{}", &c[..1], c.split(' ').count() - 1))
                    .collect();
                eprintln!("ops: {}", ops.join(" "));
            }
        }
    }
    assert_eq!(failures, 0, "{failures} of {} cases differ", cases.len());
}

#[test]
fn frozenset_hash_of_empty_matches_cpython() {
    // hash(frozenset()) in CPython 3.11.
    assert_eq!(PySet::new().frozen_hash(), 133_146_708_735_736);
}

/// Constant set displays iterate as CPython 3.11 prints them (expected orders recorded from
/// `python3 -c 'print({5, 9, 13, 17, 1, 33, 65})'` and the like).
#[test]
fn constant_display_order_matches_cpython() {
    let cases: &[(&[i64], &[i64])] = &[
        (&[5, 9, 13, 17, 1, 33, 65], &[65, 1, 33, 17, 5, 9, 13]),
        (&[100, 2, 7, 1000, 50], &[2, 50, 100, 7, 1000]),
        (&[-1, -2, 0, 8, 16], &[0, 16, -1, 8, -2]),
    ];
    for (display, expected) in cases {
        let values: Vec<Value> = display.iter().map(|&i| Value::Int(i)).collect();
        let set = PySet::from_constant_display(&mut NoInterp, &values).expect("ints hash");
        let got: Vec<i64> = set
            .items()
            .iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                other => panic!("not an int: {other:?}"),
            })
            .collect();
        assert_eq!(&got, expected, "display {display:?}");
    }
}
