//! Tests of the object protocol against CPython 3.11: every case is a Python statement that
//! binds `r` and the same operation through `ops`; both sides print `OK <repr(r)>` or
//! `<ExceptionClass>: <message>`, and the lines must be equal. One `python3` process runs all
//! cases; without CPython the test is skipped with a notice.

use std::rc::Rc;

use num_bigint::BigInt;

use super::test_support::NoInterp;
use super::*;
use crate::error::PyErr;
use crate::interp::Interp;
use crate::object::{PyRange, PySlice};
use crate::test_python::python3;
use crate::types::{PyBytes, PyDict, PySet, PyStr};

type Case = (&'static str, fn(&mut dyn Interp) -> PyResult<Value>);

fn int(i: i64) -> Value {
    Value::Int(i)
}
fn big(text: &str) -> Value {
    Value::from_bigint(text.parse::<BigInt>().expect("int"))
}
fn s(text: &str) -> Value {
    Value::str(text)
}
fn b(data: &[u8]) -> Value {
    Value::Bytes(Rc::new(PyBytes::new(data.to_vec())))
}
fn list(items: Vec<Value>) -> Value {
    Value::list(items)
}
fn tup(items: Vec<Value>) -> Value {
    Value::tuple(items)
}
fn ints(items: &[i64]) -> Vec<Value> {
    items.iter().map(|&i| Value::Int(i)).collect()
}
fn dict(vm: &mut dyn Interp, pairs: Vec<(Value, Value)>) -> Value {
    Value::Dict(Rc::new(PyDict::from_pairs(vm, pairs).expect("dict")))
}
fn set(vm: &mut dyn Interp, items: Vec<Value>) -> Value {
    Value::Set(Rc::new(
        PySet::from_iterable(vm, &Value::list(items)).expect("set"),
    ))
}
fn frozen(vm: &mut dyn Interp, items: Vec<Value>) -> Value {
    Value::FrozenSet(Rc::new(
        PySet::from_iterable(vm, &Value::list(items)).expect("set"),
    ))
}
fn range(a: i64, b: i64, c: i64) -> Value {
    Value::Range(Rc::new(PyRange {
        start: int(a),
        stop: int(b),
        step: int(c),
    }))
}
fn slice(a: Value, b: Value, c: Value) -> Value {
    Value::Slice(Rc::new(PySlice {
        start: a,
        stop: b,
        step: c,
    }))
}
fn name(n: &str) -> PyStr {
    PyStr::new(n.to_owned())
}
fn unit(r: PyResult<()>) -> PyResult<Value> {
    r.map(|()| Value::None)
}
fn boolean(r: PyResult<bool>) -> PyResult<Value> {
    r.map(Value::Bool)
}
fn text(r: PyResult<String>) -> PyResult<Value> {
    r.map(Value::str)
}
fn hashed(r: PyResult<i64>) -> PyResult<Value> {
    r.map(Value::Int)
}
fn bin(vm: &mut dyn Interp, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
    binary_op(vm, op, &a, &b)
}
fn cmp(vm: &mut dyn Interp, op: CmpOp, a: Value, b: Value) -> PyResult<Value> {
    compare(vm, op, &a, &b)
}
fn item(vm: &mut dyn Interp, obj: Value, key: Value) -> PyResult<Value> {
    getitem(vm, &obj, &key)
}
fn self_list() -> Value {
    let l = list(ints(&[1]));
    if let Value::List(inner) = &l {
        inner.items.borrow_mut().push(l.clone());
    }
    l
}

const CASES: &[Case] = &[
    // The inline numeric fast paths (`binary_op`'s `float_op` and `small_int_op` shifts,
    // `compare`'s `float_compare`) against the general path's semantics.
    ("r = 0.1 + 0.2", |vm| {
        bin(vm, BinOp::Add, Value::Float(0.1), Value::Float(0.2))
    }),
    ("r = 3 - 0.5", |vm| {
        bin(vm, BinOp::Sub, int(3), Value::Float(0.5))
    }),
    ("r = 1.5 * 7", |vm| {
        bin(vm, BinOp::Mul, Value::Float(1.5), int(7))
    }),
    ("r = (2**53 + 1) * 1.0", |vm| {
        bin(vm, BinOp::Mul, int((1 << 53) + 1), Value::Float(1.0))
    }),
    ("r = 1.0 / 3", |vm| {
        bin(vm, BinOp::TrueDiv, Value::Float(1.0), int(3))
    }),
    ("r = 1 / 0.0", |vm| {
        bin(vm, BinOp::TrueDiv, int(1), Value::Float(0.0))
    }),
    ("r = 1.0 / 0", |vm| {
        bin(vm, BinOp::TrueDiv, Value::Float(1.0), int(0))
    }),
    ("r = 1.0 / -0.0", |vm| {
        bin(vm, BinOp::TrueDiv, Value::Float(1.0), Value::Float(-0.0))
    }),
    ("r = 7.5 // 2", |vm| {
        bin(vm, BinOp::FloorDiv, Value::Float(7.5), int(2))
    }),
    ("r = -7.5 % 2", |vm| {
        bin(vm, BinOp::Mod, Value::Float(-7.5), int(2))
    }),
    ("r = True + 0.5", |vm| {
        bin(vm, BinOp::Add, Value::Bool(true), Value::Float(0.5))
    }),
    ("r = float('inf') - float('inf')", |vm| {
        bin(
            vm,
            BinOp::Sub,
            Value::Float(f64::INFINITY),
            Value::Float(f64::INFINITY),
        )
    }),
    ("r = -9 >> 1", |vm| bin(vm, BinOp::RShift, int(-9), int(1))),
    ("r = -9 >> 63", |vm| {
        bin(vm, BinOp::RShift, int(-9), int(63))
    }),
    ("r = 5 >> 64", |vm| bin(vm, BinOp::RShift, int(5), int(64))),
    ("r = 5 >> -1", |vm| bin(vm, BinOp::RShift, int(5), int(-1))),
    ("r = 3 << 61", |vm| bin(vm, BinOp::LShift, int(3), int(61))),
    ("r = -3 << 62", |vm| {
        bin(vm, BinOp::LShift, int(-3), int(62))
    }),
    ("r = 1 << 63", |vm| bin(vm, BinOp::LShift, int(1), int(63))),
    ("r = 1.5 < 2", |vm| {
        cmp(vm, CmpOp::Lt, Value::Float(1.5), int(2))
    }),
    ("r = 2 >= 2.0", |vm| {
        cmp(vm, CmpOp::Ge, int(2), Value::Float(2.0))
    }),
    ("r = float('nan') != float('nan')", |vm| {
        cmp(
            vm,
            CmpOp::Ne,
            Value::Float(f64::NAN),
            Value::Float(f64::NAN),
        )
    }),
    ("r = float('nan') <= 1", |vm| {
        cmp(vm, CmpOp::Le, Value::Float(f64::NAN), int(1))
    }),
    ("r = 2**53 + 1 > 2.0**53", |vm| {
        cmp(
            vm,
            CmpOp::Gt,
            int((1 << 53) + 1),
            Value::Float(9007199254740992.0),
        )
    }),
    ("r = 2**53 + 1 == 2.0**53", |vm| {
        cmp(
            vm,
            CmpOp::Eq,
            int((1 << 53) + 1),
            Value::Float(9007199254740992.0),
        )
    }),
    // Binary operators.
    ("r = 1 + 'a'", |vm| bin(vm, BinOp::Add, int(1), s("a"))),
    ("r = 'a' + 1", |vm| bin(vm, BinOp::Add, s("a"), int(1))),
    ("r = [1] + (1,)", |vm| {
        bin(vm, BinOp::Add, list(ints(&[1])), tup(ints(&[1])))
    }),
    ("r = (1,) + [1]", |vm| {
        bin(vm, BinOp::Add, tup(ints(&[1])), list(ints(&[1])))
    }),
    ("r = b'a' + 'a'", |vm| bin(vm, BinOp::Add, b(b"a"), s("a"))),
    ("r = b'a' + 1", |vm| bin(vm, BinOp::Add, b(b"a"), int(1))),
    ("r = 'a' * 'b'", |vm| bin(vm, BinOp::Mul, s("a"), s("b"))),
    ("r = [1] * 1.5", |vm| {
        bin(vm, BinOp::Mul, list(ints(&[1])), Value::Float(1.5))
    }),
    ("r = 1.5 * 'a'", |vm| {
        bin(vm, BinOp::Mul, Value::Float(1.5), s("a"))
    }),
    ("r = 'a' ** 2", |vm| bin(vm, BinOp::Pow, s("a"), int(2))),
    ("r = 1 @ 2", |vm| bin(vm, BinOp::MatMul, int(1), int(2))),
    ("r = {1} | [1]", |vm| {
        let a = set(vm, ints(&[1]));
        bin(vm, BinOp::BitOr, a, list(ints(&[1])))
    }),
    ("r = {} | []", |vm| {
        let d = dict(vm, vec![]);
        bin(vm, BinOp::BitOr, d, list(vec![]))
    }),
    ("r = range(3) * 2", |vm| {
        bin(vm, BinOp::Mul, range(0, 3, 1), int(2))
    }),
    ("r = None + None", |vm| {
        bin(vm, BinOp::Add, Value::None, Value::None)
    }),
    ("r = [1] * (2**100)", |vm| {
        bin(
            vm,
            BinOp::Mul,
            list(ints(&[1])),
            big("1267650600228229401496703205376"),
        )
    }),
    ("r = 'ab' * 3 + 'c'", |vm| {
        let x = bin(vm, BinOp::Mul, s("ab"), int(3))?;
        bin(vm, BinOp::Add, x, s("c"))
    }),
    ("r = 3 * [1, 2]", |vm| {
        bin(vm, BinOp::Mul, int(3), list(ints(&[1, 2])))
    }),
    ("r = [1] * -2", |vm| {
        bin(vm, BinOp::Mul, list(ints(&[1])), int(-2))
    }),
    ("r = (1, 2) + (3,)", |vm| {
        bin(vm, BinOp::Add, tup(ints(&[1, 2])), tup(ints(&[3])))
    }),
    ("r = 7 // -2, 7 % -2, -7 // 2", |vm| {
        Ok(tup(vec![
            bin(vm, BinOp::FloorDiv, int(7), int(-2))?,
            bin(vm, BinOp::Mod, int(7), int(-2))?,
            bin(vm, BinOp::FloorDiv, int(-7), int(2))?,
        ]))
    }),
    ("r = 2**63 + 1", |vm| {
        let x = bin(vm, BinOp::Pow, int(2), int(63))?;
        bin(vm, BinOp::Add, x, int(1))
    }),
    ("r = 9223372036854775807 + 1", |vm| {
        bin(vm, BinOp::Add, int(i64::MAX), int(1))
    }),
    ("r = True & False, True | 2", |vm| {
        Ok(tup(vec![
            bin(vm, BinOp::BitAnd, Value::Bool(true), Value::Bool(false))?,
            bin(vm, BinOp::BitOr, Value::Bool(true), int(2))?,
        ]))
    }),
    ("r = '%s-%d' % ('x', 3)", |vm| {
        bin(vm, BinOp::Mod, s("%s-%d"), tup(vec![s("x"), int(3)]))
    }),
    ("r = '%d' % 'a'", |vm| bin(vm, BinOp::Mod, s("%d"), s("a"))),
    ("r = {3, 1} | {2, 1}", |vm| {
        let a = set(vm, ints(&[3, 1]));
        let c = set(vm, ints(&[2, 1]));
        bin(vm, BinOp::BitOr, a, c)
    }),
    ("r = frozenset({1, 2}) - {2}", |vm| {
        let a = frozen(vm, ints(&[1, 2]));
        let c = set(vm, ints(&[2]));
        bin(vm, BinOp::Sub, a, c)
    }),
    ("r = {1: 2} | {3: 4, 1: 5}", |vm| {
        let a = dict(vm, vec![(int(1), int(2))]);
        let c = dict(vm, vec![(int(3), int(4)), (int(1), int(5))]);
        bin(vm, BinOp::BitOr, a, c)
    }),
    // In-place operators.
    ("x = 1; x += 'a'; r = x", |vm| {
        inplace_op(vm, BinOp::Add, &int(1), &s("a"))
    }),
    ("x = 'a'; x += 1; r = x", |vm| {
        inplace_op(vm, BinOp::Add, &s("a"), &int(1))
    }),
    ("x = [1]; x += 1; r = x", |vm| {
        inplace_op(vm, BinOp::Add, &list(ints(&[1])), &int(1))
    }),
    ("x = [1]; y = x; x += 'ab'; r = y", |vm| {
        let x = list(ints(&[1]));
        inplace_op(vm, BinOp::Add, &x, &s("ab"))?;
        Ok(x)
    }),
    ("x = [1, 2]; y = x; x *= 2; r = y", |vm| {
        let x = list(ints(&[1, 2]));
        inplace_op(vm, BinOp::Mul, &x, &int(2))?;
        Ok(x)
    }),
    ("x = {1}; x |= [1]; r = x", |vm| {
        let x = set(vm, ints(&[1]));
        inplace_op(vm, BinOp::BitOr, &x, &list(ints(&[1])))
    }),
    ("x = 1; x **= 'a'; r = x", |vm| {
        inplace_op(vm, BinOp::Pow, &int(1), &s("a"))
    }),
    ("x = {}; x |= 1; r = x", |vm| {
        let d = dict(vm, vec![]);
        inplace_op(vm, BinOp::BitOr, &d, &int(1))
    }),
    ("x = {}; x |= [(1, 2), 'ab']; r = x", |vm| {
        let d = dict(vm, vec![]);
        inplace_op(
            vm,
            BinOp::BitOr,
            &d,
            &list(vec![tup(ints(&[1, 2])), s("ab")]),
        )
    }),
    ("x = {}; x |= [(1, 2, 3)]; r = x", |vm| {
        let d = dict(vm, vec![]);
        inplace_op(vm, BinOp::BitOr, &d, &list(vec![tup(ints(&[1, 2, 3]))]))
    }),
    ("x = (1,); x += [1]; r = x", |vm| {
        inplace_op(vm, BinOp::Add, &tup(ints(&[1])), &list(ints(&[1])))
    }),
    ("x = [1]; x *= 'a'; r = x", |vm| {
        inplace_op(vm, BinOp::Mul, &list(ints(&[1])), &s("a"))
    }),
    // Unary operators.
    ("r = -'a'", |vm| unary_op(vm, UnaryOp::Neg, &s("a"))),
    ("r = ~1.5", |vm| {
        unary_op(vm, UnaryOp::Invert, &Value::Float(1.5))
    }),
    ("r = +[1]", |vm| {
        unary_op(vm, UnaryOp::Pos, &list(ints(&[1])))
    }),
    ("r = abs('a')", |vm| abs(vm, &s("a"))),
    (
        "r = -True, ~True, not [], -(-9223372036854775807 - 1)",
        |vm| {
            Ok(tup(vec![
                unary_op(vm, UnaryOp::Neg, &Value::Bool(true))?,
                unary_op(vm, UnaryOp::Invert, &Value::Bool(true))?,
                unary_op(vm, UnaryOp::Not, &list(vec![]))?,
                unary_op(vm, UnaryOp::Neg, &int(i64::MIN))?,
            ]))
        },
    ),
    // Comparisons.
    ("r = 1 < 'a'", |vm| cmp(vm, CmpOp::Lt, int(1), s("a"))),
    ("r = [1] < (1,)", |vm| {
        cmp(vm, CmpOp::Lt, list(ints(&[1])), tup(ints(&[1])))
    }),
    ("r = {} < {}", |vm| {
        let a = dict(vm, vec![]);
        let c = dict(vm, vec![]);
        cmp(vm, CmpOp::Lt, a, c)
    }),
    ("r = None < None", |vm| {
        cmp(vm, CmpOp::Lt, Value::None, Value::None)
    }),
    ("r = {1} < [1]", |vm| {
        let a = set(vm, ints(&[1]));
        cmp(vm, CmpOp::Lt, a, list(ints(&[1])))
    }),
    (
        "r = [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b'), [1] == (1,), 'b' > 'abc'",
        |vm| {
            Ok(tup(vec![
                cmp(vm, CmpOp::Lt, list(ints(&[1, 2])), list(ints(&[1, 2, 0])))?,
                cmp(
                    vm,
                    CmpOp::Lt,
                    tup(vec![int(1), s("a")]),
                    tup(vec![int(1), s("b")]),
                )?,
                cmp(vm, CmpOp::Eq, list(ints(&[1])), tup(ints(&[1])))?,
                cmp(vm, CmpOp::Gt, s("b"), s("abc"))?,
            ]))
        },
    ),
    ("r = [1, 'a'] < [1, 2]", |vm| {
        cmp(
            vm,
            CmpOp::Lt,
            list(vec![int(1), s("a")]),
            list(ints(&[1, 2])),
        )
    }),
    (
        "r = {1: 2, 3: 4} == {3: 4, 1: 2}, {1: 2} == {1: 3}, {1} <= {1, 2}, {1} < {1}",
        |vm| {
            let a = dict(vm, vec![(int(1), int(2)), (int(3), int(4))]);
            let c = dict(vm, vec![(int(3), int(4)), (int(1), int(2))]);
            let d = dict(vm, vec![(int(1), int(3))]);
            let e = dict(vm, vec![(int(1), int(2))]);
            let s1 = set(vm, ints(&[1]));
            let s2 = set(vm, ints(&[1, 2]));
            Ok(tup(vec![
                cmp(vm, CmpOp::Eq, a, c)?,
                cmp(vm, CmpOp::Eq, e, d)?,
                cmp(vm, CmpOp::Le, s1.clone(), s2)?,
                cmp(vm, CmpOp::Lt, s1.clone(), s1)?,
            ]))
        },
    ),
    (
        "r = 1 == 1.0, 2**64 == 2.0**64, float('nan') == float('nan'), range(0) == range(5, 1)",
        |vm| {
            let two64 = big("18446744073709551616");
            Ok(tup(vec![
                cmp(vm, CmpOp::Eq, int(1), Value::Float(1.0))?,
                cmp(vm, CmpOp::Eq, two64, Value::Float(18446744073709551616.0))?,
                cmp(
                    vm,
                    CmpOp::Eq,
                    Value::Float(f64::NAN),
                    Value::Float(f64::NAN),
                )?,
                cmp(vm, CmpOp::Eq, range(0, 0, 1), range(5, 1, 1))?,
            ]))
        },
    ),
    ("n = float('nan'); r = n in [n], [n] == [n]", |vm| {
        let n = Value::Float(f64::NAN);
        Ok(tup(vec![
            boolean(contains(vm, &list(vec![n.clone()]), &n))?,
            cmp(vm, CmpOp::Eq, list(vec![n.clone()]), list(vec![n]))?,
        ]))
    }),
    // Hashing.
    ("r = hash([])", |vm| hashed(hash(vm, &list(vec![])))),
    ("r = hash({})", |vm| {
        let d = dict(vm, vec![]);
        hashed(hash(vm, &d))
    }),
    ("r = hash(set())", |vm| {
        let x = set(vm, vec![]);
        hashed(hash(vm, &x))
    }),
    ("r = hash(slice(1, 2))", |vm| {
        hashed(hash(vm, &slice(int(1), int(2), Value::None)))
    }),
    (
        "r = hash((1, 'a', (2.5, b'x'))), hash(()), hash((1, [2]))",
        |vm| {
            Ok(tup(vec![
                hashed(hash(
                    vm,
                    &tup(vec![int(1), s("a"), tup(vec![Value::Float(2.5), b(b"x")])]),
                ))?,
                hashed(hash(vm, &tup(vec![])))?,
                hashed(hash(vm, &tup(vec![int(1), list(ints(&[2]))])))?,
            ]))
        },
    ),
    (
        "r = hash(frozenset({1, 2, 3})), hash(range(2, 10, 3)), hash(-1), hash(2**70)",
        |vm| {
            let f = frozen(vm, ints(&[1, 2, 3]));
            Ok(tup(vec![
                hashed(hash(vm, &f))?,
                hashed(hash(vm, &range(2, 10, 3)))?,
                hashed(hash(vm, &int(-1)))?,
                hashed(hash(vm, &big("1180591620717411303424")))?,
            ]))
        },
    ),
    // Subscription.
    ("r = [1][5]", |vm| item(vm, list(ints(&[1])), int(5))),
    ("r = [1]['a']", |vm| item(vm, list(ints(&[1])), s("a"))),
    ("r = (1,)[5]", |vm| item(vm, tup(ints(&[1])), int(5))),
    ("r = (1,)['a']", |vm| item(vm, tup(ints(&[1])), s("a"))),
    ("r = 'a'[5]", |vm| item(vm, s("a"), int(5))),
    ("r = 'a'['x']", |vm| item(vm, s("a"), s("x"))),
    ("r = b'a'[5]", |vm| item(vm, b(b"a"), int(5))),
    ("r = b'a'['x']", |vm| item(vm, b(b"a"), s("x"))),
    ("r = range(3)[5]", |vm| item(vm, range(0, 3, 1), int(5))),
    ("r = range(3)['a']", |vm| item(vm, range(0, 3, 1), s("a"))),
    ("r = {}[(1, 2)]", |vm| {
        let d = dict(vm, vec![]);
        item(vm, d, tup(ints(&[1, 2])))
    }),
    ("r = {}['a']", |vm| {
        let d = dict(vm, vec![]);
        item(vm, d, s("a"))
    }),
    ("r = (1)[0]", |vm| item(vm, int(1), int(0))),
    ("r = None[0]", |vm| item(vm, Value::None, int(0))),
    ("r = [1][10**30]", |vm| {
        item(vm, list(ints(&[1])), big("1000000000000000000000000000000"))
    }),
    ("r = [1][1:2:0]", |vm| {
        item(vm, list(ints(&[1])), slice(int(1), int(2), int(0)))
    }),
    ("r = [1]['a':]", |vm| {
        item(
            vm,
            list(ints(&[1])),
            slice(s("a"), Value::None, Value::None),
        )
    }),
    (
        "r = [0, 1, 2, 3, 4, 5][::-2], 'héllo'[1:4], (1, 2, 3)[-2:], b'abc'[::-1]",
        |vm| {
            Ok(tup(vec![
                item(
                    vm,
                    list(ints(&[0, 1, 2, 3, 4, 5])),
                    slice(Value::None, Value::None, int(-2)),
                )?,
                item(vm, s("héllo"), slice(int(1), int(4), Value::None))?,
                item(
                    vm,
                    tup(ints(&[1, 2, 3])),
                    slice(int(-2), Value::None, Value::None),
                )?,
                item(vm, b(b"abc"), slice(Value::None, Value::None, int(-1)))?,
            ]))
        },
    ),
    (
        "r = range(10)[2:8:3], range(10, 0, -2)[1], range(10)[-1], 'héllo'[-4]",
        |vm| {
            Ok(tup(vec![
                item(vm, range(0, 10, 1), slice(int(2), int(8), int(3)))?,
                item(vm, range(10, 0, -2), int(1))?,
                item(vm, range(0, 10, 1), int(-1))?,
                item(vm, s("héllo"), int(-4))?,
            ]))
        },
    ),
    // Item assignment and deletion.
    ("x = (1,); x[0] = 1; r = x", |vm| {
        unit(setitem(vm, &tup(ints(&[1])), &int(0), int(1)))
    }),
    ("x = 'a'; x[0] = 1; r = x", |vm| {
        unit(setitem(vm, &s("a"), &int(0), int(1)))
    }),
    ("x = (1,); del x[0]; r = x", |vm| {
        unit(delitem(vm, &tup(ints(&[1])), &int(0)))
    }),
    ("x = 1; del x[0]; r = x", |vm| {
        unit(delitem(vm, &int(1), &int(0)))
    }),
    ("x = range(3); x[0] = 1; r = x", |vm| {
        unit(setitem(vm, &range(0, 3, 1), &int(0), int(1)))
    }),
    ("x = [1]; x[5] = 1; r = x", |vm| {
        unit(setitem(vm, &list(ints(&[1])), &int(5), int(1)))
    }),
    ("x = [1]; del x[5]; r = x", |vm| {
        unit(delitem(vm, &list(ints(&[1])), &int(5)))
    }),
    ("x = {}; del x[1]; r = x", |vm| {
        let d = dict(vm, vec![]);
        unit(delitem(vm, &d, &int(1)))
    }),
    ("x = [1, 2, 3, 4, 5, 6]; x[::1] = 5; r = x", |vm| {
        let x = list(ints(&[1, 2, 3, 4, 5, 6]));
        unit(setitem(
            vm,
            &x,
            &slice(Value::None, Value::None, int(1)),
            int(5),
        ))
    }),
    (
        "x = [1, 2, 3, 4, 5, 6]; x[::2] = [1, 2, 3, 4, 5, 6, 7]; r = x",
        |vm| {
            let x = list(ints(&[1, 2, 3, 4, 5, 6]));
            let v = list(ints(&[1, 2, 3, 4, 5, 6, 7]));
            unit(setitem(vm, &x, &slice(Value::None, Value::None, int(2)), v))
        },
    ),
    ("x = [1, 2, 3, 4, 5, 6]; x[::2] = 5; r = x", |vm| {
        let x = list(ints(&[1, 2, 3, 4, 5, 6]));
        unit(setitem(
            vm,
            &x,
            &slice(Value::None, Value::None, int(2)),
            int(5),
        ))
    }),
    (
        "x = [1, 2, 3, 4, 5, 6]; x[1:3] = 'abcd'; x[::-3] = (7, 8); del x[1::2]; x[:] = x; r = x",
        |vm| {
            let x = list(ints(&[1, 2, 3, 4, 5, 6]));
            setitem(vm, &x, &slice(int(1), int(3), Value::None), s("abcd"))?;
            setitem(
                vm,
                &x,
                &slice(Value::None, Value::None, int(-3)),
                tup(ints(&[7, 8])),
            )?;
            delitem(vm, &x, &slice(int(1), Value::None, int(2)))?;
            setitem(
                vm,
                &x,
                &slice(Value::None, Value::None, Value::None),
                x.clone(),
            )?;
            Ok(x)
        },
    ),
    ("x = [0, 1, 2]; x[5:1] = [9]; x[-10:1] = []; r = x", |vm| {
        let x = list(ints(&[0, 1, 2]));
        setitem(
            vm,
            &x,
            &slice(int(5), int(1), Value::None),
            list(ints(&[9])),
        )?;
        setitem(vm, &x, &slice(int(-10), int(1), Value::None), list(vec![]))?;
        Ok(x)
    }),
    // Iteration and unpacking.
    ("r = iter(1)", |vm| iter(vm, &int(1))),
    ("r = iter(None)", |vm| iter(vm, &Value::None)),
    ("a, b = 1; r = a", |vm| {
        unpack(vm, &int(1), 2).map(Value::list)
    }),
    ("a, b = [1]; r = a", |vm| {
        unpack(vm, &list(ints(&[1])), 2).map(Value::list)
    }),
    ("a, b = [1, 2, 3]; r = a", |vm| {
        unpack(vm, &list(ints(&[1, 2, 3])), 2).map(Value::list)
    }),
    ("a, b, c = iter([1, 2]); r = a", |vm| {
        let it = iter(vm, &list(ints(&[1, 2])))?;
        unpack(vm, &it, 3).map(Value::list)
    }),
    ("a, b = iter([1, 2, 3]); r = a", |vm| {
        let it = iter(vm, &list(ints(&[1, 2, 3])))?;
        unpack(vm, &it, 2).map(Value::list)
    }),
    ("a, *b, c = [1]; r = a", |vm| {
        unpack_ex(vm, &list(ints(&[1])), 1, 1).map(Value::list)
    }),
    ("a, *b, c = 1; r = a", |vm| {
        unpack_ex(vm, &int(1), 1, 1).map(Value::list)
    }),
    ("a, *b, c = 'hello'; r = [a, b, c]", |vm| {
        unpack_ex(vm, &s("hello"), 1, 1).map(Value::list)
    }),
    (
        "r = list({3: 1, 1: 2}), list(range(5, 0, -2)), list('hé'), list(b'ab')",
        |vm| {
            let d = dict(vm, vec![(int(3), int(1)), (int(1), int(2))]);
            Ok(tup(vec![
                list(to_vec(vm, &d)?),
                list(to_vec(vm, &range(5, 0, -2))?),
                list(to_vec(vm, &s("hé"))?),
                list(to_vec(vm, &b(b"ab"))?),
            ]))
        },
    ),
    ("d = {1: 1}\nfor k in d: d[k + 1] = 1\nr = d", |vm| {
        let d = dict(vm, vec![(int(1), int(1))]);
        let it = iter(vm, &d)?;
        while let Some(k) = next(vm, &it)? {
            let k1 = bin(vm, BinOp::Add, k, int(1))?;
            setitem(vm, &d, &k1, int(1))?;
        }
        Ok(d)
    }),
    ("s = {1}\nfor k in s: s.add(k + 1)\nr = s", |vm| {
        let x = set(vm, ints(&[1]));
        let it = iter(vm, &x)?;
        while let Some(k) = next(vm, &it)? {
            let k1 = bin(vm, BinOp::Add, k, int(1))?;
            if let Value::Set(inner) = &x {
                inner.add(vm, k1)?;
            }
        }
        Ok(x)
    }),
    (
        "d = {1: 1, 2: 2, 3: 3}; out = []\nfor k in d: out.append(k); del d[k]; d[k + 10] = 1\nr = out, d",
        |vm| {
            let d = dict(
                vm,
                vec![(int(1), int(1)), (int(2), int(2)), (int(3), int(3))],
            );
            let mut out = Vec::new();
            let it = iter(vm, &d)?;
            while let Some(k) = next(vm, &it)? {
                out.push(k.clone());
                delitem(vm, &d, &k)?;
                let k10 = bin(vm, BinOp::Add, k, int(10))?;
                setitem(vm, &d, &k10, int(1))?;
            }
            Ok(tup(vec![list(out), d]))
        },
    ),
    (
        "d = dict.fromkeys(range(10)); out = []\nfor k in d:\n    out.append(k)\n    if k == 2: del d[5]; d[5] = 0\nr = out, d",
        |vm| {
            let d = dict(vm, (0..10).map(|i| (int(i), Value::None)).collect());
            let mut out = Vec::new();
            let it = iter(vm, &d)?;
            while let Some(k) = next(vm, &it)? {
                out.push(k.clone());
                if matches!(k, Value::Int(2)) {
                    delitem(vm, &d, &int(5))?;
                    setitem(vm, &d, &int(5), int(0))?;
                }
            }
            Ok(tup(vec![list(out), d]))
        },
    ),
    // Membership.
    ("r = 1 in 1", |vm| boolean(contains(vm, &int(1), &int(1)))),
    ("r = 1 in 'a'", |vm| boolean(contains(vm, &s("a"), &int(1)))),
    ("r = 'a' in b'a'", |vm| {
        boolean(contains(vm, &b(b"a"), &s("a")))
    }),
    ("r = 300 in b'a'", |vm| {
        boolean(contains(vm, &b(b"a"), &int(300)))
    }),
    ("r = [] in {}", |vm| {
        let d = dict(vm, vec![]);
        boolean(contains(vm, &d, &list(vec![])))
    }),
    ("r = [] in set()", |vm| {
        let x = set(vm, vec![]);
        boolean(contains(vm, &x, &list(vec![])))
    }),
    (
        "r = 97 in b'abc', b'bc' in b'abc', 'él' in 'héllo', 1.0 in range(3), 4 in range(0, 9, 2), {1} in {frozenset({1})}",
        |vm| {
            let f = frozen(vm, ints(&[1]));
            let outer = set(vm, vec![f]);
            let inner = set(vm, ints(&[1]));
            Ok(tup(vec![
                boolean(contains(vm, &b(b"abc"), &int(97)))?,
                boolean(contains(vm, &b(b"abc"), &b(b"bc")))?,
                boolean(contains(vm, &s("héllo"), &s("él")))?,
                boolean(contains(vm, &range(0, 3, 1), &Value::Float(1.0)))?,
                boolean(contains(vm, &range(0, 9, 2), &int(4)))?,
                boolean(contains(vm, &outer, &inner))?,
            ]))
        },
    ),
    // Length, calls, attributes.
    ("r = len(1)", |vm| len(vm, &int(1)).map(|n| int(n as i64))),
    ("r = (1)()", |vm| call(vm, &int(1), &[], &[])),
    ("r = 'a'()", |vm| call(vm, &s("a"), &[], &[])),
    ("r = (1).foo", |vm| getattr(vm, &int(1), &name("foo"))),
    ("r = int.foo", |vm| {
        getattr(
            vm,
            &Value::Type(crate::builtin_type::BuiltinType::Int.class()),
            &name("foo"),
        )
    }),
    ("r = [].foo", |vm| getattr(vm, &list(vec![]), &name("foo"))),
    ("x = 1; x.foo = 2; r = x", |vm| {
        unit(setattr(vm, &int(1), &name("foo"), int(2)))
    }),
    ("x = []; x.append = 2; r = x", |vm| {
        unit(setattr(vm, &list(vec![]), &name("append"), int(2)))
    }),
    ("x = []; del x.append; r = x", |vm| {
        unit(delattr(vm, &list(vec![]), &name("append")))
    }),
    ("int.foo = 1; r = int", |vm| {
        let t = Value::Type(crate::builtin_type::BuiltinType::Int.class());
        unit(setattr(vm, &t, &name("foo"), int(1)))
    }),
    ("x = [1]; x.append(2); x.append(x[0]); r = x", |vm| {
        let x = list(ints(&[1]));
        let (f, recv) = load_method(vm, &x, &name("append"))?;
        call_method(vm, &f, &recv.unwrap_or(Value::None), &[int(2)], &[])?;
        let m = getattr(vm, &x, &name("append"))?;
        let first = item(vm, x.clone(), int(0))?;
        call(vm, &m, &[first], &[])?;
        Ok(x)
    }),
    ("r = [].append()", |vm| {
        let m = getattr(vm, &list(vec![]), &name("append"))?;
        call(vm, &m, &[], &[])
    }),
    ("r = list.append(1, 2)", |vm| {
        let t = Value::Type(crate::builtin_type::BuiltinType::List.class());
        let m = getattr(vm, &t, &name("append"))?;
        call(vm, &m, &[int(1), int(2)], &[])
    }),
    ("r = {'a': 1}.get('a'), {}.get(1, 5), {}.get()", |vm| {
        let d = dict(vm, vec![(s("a"), int(1))]);
        let g = getattr(vm, &d, &name("get"))?;
        let a = call(vm, &g, &[s("a")], &[])?;
        let e = dict(vm, vec![]);
        let g2 = getattr(vm, &e, &name("get"))?;
        let c = call(vm, &g2, &[int(1), int(5)], &[])?;
        Ok(tup(vec![a, c, call(vm, &g2, &[], &[])?]))
    }),
    ("r = ','.join(['a', 'b']), '-'.join('xyz')", |vm| {
        let j = getattr(vm, &s(","), &name("join"))?;
        let a = call(vm, &j, &[list(vec![s("a"), s("b")])], &[])?;
        let (f, recv) = load_method(vm, &s("-"), &name("join"))?;
        let c = call_method(vm, &f, &recv.unwrap_or(Value::None), &[s("xyz")], &[])?;
        Ok(tup(vec![a, c]))
    }),
    ("r = ','.join(['a', 2])", |vm| {
        let j = getattr(vm, &s(","), &name("join"))?;
        call(vm, &j, &[list(vec![s("a"), int(2)])], &[])
    }),
    ("r = ''.join(1)", |vm| {
        let j = getattr(vm, &s(""), &name("join"))?;
        call(vm, &j, &[int(1)], &[])
    }),
    (
        "r = int.__name__, [].append.__name__, range(1, 5, 2).step, (5).real",
        |vm| {
            let t = Value::Type(crate::builtin_type::BuiltinType::Int.class());
            let m = getattr(vm, &list(vec![]), &name("append"))?;
            Ok(tup(vec![
                getattr(vm, &t, &name("__name__"))?,
                getattr(vm, &m, &name("__name__"))?,
                getattr(vm, &range(1, 5, 2), &name("step"))?,
                getattr(vm, &int(5), &name("real"))?,
            ]))
        },
    ),
    (
        "r = list((3, 1)), tuple([1]), set([3, 1, 3]), dict([(1, 2)], a=3), frozenset()",
        |vm| {
            let ty = |t: crate::builtin_type::BuiltinType| Value::Type(t.class());
            use crate::builtin_type::BuiltinType as B;
            let a = Rc::new(PyStr::new("a".into()));
            Ok(tup(vec![
                call(vm, &ty(B::List), &[tup(ints(&[3, 1]))], &[])?,
                call(vm, &ty(B::Tuple), &[list(ints(&[1]))], &[])?,
                call(vm, &ty(B::Set), &[list(ints(&[3, 1, 3]))], &[])?,
                call(
                    vm,
                    &ty(B::Dict),
                    &[list(vec![tup(ints(&[1, 2]))])],
                    &[(a, int(3))],
                )?,
                call(vm, &ty(B::FrozenSet), &[], &[])?,
            ]))
        },
    ),
    ("r = ValueError('bad', 2)", |vm| {
        let t = Value::Type(crate::builtin_type::BuiltinType::ValueError.class());
        call(vm, &t, &[s("bad"), int(2)], &[])
    }),
    // repr and str.
    ("l = [1]; l.append(l); r = l", |_vm| Ok(self_list())),
    ("d = {}; d[1] = d; d[2] = [d]; r = d", |vm| {
        let d = dict(vm, vec![]);
        setitem(vm, &d, &int(1), d.clone())?;
        setitem(vm, &d, &int(2), list(vec![d.clone()]))?;
        Ok(d)
    }),
    ("l = [1]; t = (l,); l.append(t); r = t", |_vm| {
        let l = list(ints(&[1]));
        let t = tup(vec![l.clone()]);
        if let Value::List(inner) = &l {
            inner.items.borrow_mut().push(t.clone());
        }
        Ok(t)
    }),
    (
        "r = str([1.0, 'a', None, (1,), b'\\x00', {}, set(), frozenset({2, 1}), range(3), range(1, 9, 2), slice(1, None)])",
        |vm| {
            let d = dict(vm, vec![]);
            let e = set(vm, vec![]);
            let f = frozen(vm, ints(&[2, 1]));
            let v = list(vec![
                Value::Float(1.0),
                s("a"),
                Value::None,
                tup(ints(&[1])),
                b(b"\0"),
                d,
                e,
                f,
                range(0, 3, 1),
                range(1, 9, 2),
                slice(int(1), Value::None, Value::None),
            ]);
            text(str_(vm, &v))
        },
    ),
    (
        "r = [str(KeyError('k')), str(ValueError('v')), str(ValueError()), str(ValueError(1, 2)), repr(KeyError('k'))]",
        |vm| {
            let mk = |t: crate::builtin_type::BuiltinType, args: Vec<Value>| {
                Value::Exception(PyErr::with_args(t.class(), args).0)
            };
            use crate::builtin_type::BuiltinType as B;
            Ok(list(vec![
                Value::str(str_(vm, &mk(B::KeyError, vec![s("k")]))?),
                Value::str(str_(vm, &mk(B::ValueError, vec![s("v")]))?),
                Value::str(str_(vm, &mk(B::ValueError, vec![]))?),
                Value::str(str_(vm, &mk(B::ValueError, ints(&[1, 2])))?),
                Value::str(repr(vm, &mk(B::KeyError, vec![s("k")]))?),
            ]))
        },
    ),
    (
        "r = repr({}.keys()), repr({1: 2}.items()), repr(type(iter([]))), ascii('é')",
        |vm| {
            let d = dict(vm, vec![]);
            let k = getattr(vm, &d, &name("keys"))?;
            let k = call(vm, &k, &[], &[])?;
            let d2 = dict(vm, vec![(int(1), int(2))]);
            let i = getattr(vm, &d2, &name("items"))?;
            let i = call(vm, &i, &[], &[])?;
            let it = iter(vm, &list(vec![]))?;
            Ok(tup(vec![
                text(repr(vm, &k))?,
                text(repr(vm, &i))?,
                text(repr(vm, &Value::Type(type_of(&it))))?,
                text(ascii(vm, &s("é")))?,
            ]))
        },
    ),
    ("r = format([1], ''), format(3.5, '08.2f')", |vm| {
        Ok(tup(vec![
            text(format(vm, &list(ints(&[1])), ""))?,
            text(format(vm, &Value::Float(3.5), "08.2f"))?,
        ]))
    }),
    ("r = format([1], 'x')", |vm| {
        text(format(vm, &list(ints(&[1])), "x"))
    }),
    (
        "x = []; r = x.append == x.append, x.append == [].append, hash(x.append) == hash(x.append)",
        |vm| {
            let x = list(vec![]);
            let m1 = getattr(vm, &x, &name("append"))?;
            let m2 = getattr(vm, &x, &name("append"))?;
            let m3 = getattr(vm, &list(vec![]), &name("append"))?;
            let h1 = hash(vm, &m1)?;
            let h2 = hash(vm, &m2)?;
            Ok(tup(vec![
                cmp(vm, CmpOp::Eq, m1.clone(), m2)?,
                cmp(vm, CmpOp::Eq, m1, m3)?,
                Value::Bool(h1 == h2),
            ]))
        },
    ),
    // The lazy builtins.
    (
        "r = list(enumerate('ab', 5)), list(zip([1, 2, 3], 'ab')), list(reversed([1, 2, 3])), list(reversed(range(1, 10, 4)))",
        |vm| {
            let e = crate::iterators::enumerate(vm, &s("ab"), int(5))?;
            let z = crate::iterators::zip(vm, &[list(ints(&[1, 2, 3])), s("ab")], false)?;
            let r1 = crate::iterators::reversed(vm, &list(ints(&[1, 2, 3])))?;
            let r2 = crate::iterators::reversed(vm, &range(1, 10, 4))?;
            Ok(tup(vec![
                list(to_vec(vm, &e)?),
                list(to_vec(vm, &z)?),
                list(to_vec(vm, &r1)?),
                list(to_vec(vm, &r2)?),
            ]))
        },
    ),
    ("r = list(zip([1, 2], 'a', strict=True))", |vm| {
        let z = crate::iterators::zip(vm, &[list(ints(&[1, 2])), s("a")], true)?;
        to_vec(vm, &z).map(list)
    }),
    ("r = list(zip('a', [1, 2], [3], strict=True))", |vm| {
        let z = crate::iterators::zip(vm, &[s("a"), list(ints(&[1, 2])), list(ints(&[3]))], true)?;
        to_vec(vm, &z).map(list)
    }),
    ("r = list(zip('ab', [1], strict=True))", |vm| {
        let z = crate::iterators::zip(vm, &[s("ab"), list(ints(&[1]))], true)?;
        to_vec(vm, &z).map(list)
    }),
    ("r = reversed(1)", |vm| {
        crate::iterators::reversed(vm, &int(1))
    }),
];

fn outcome(vm: &mut dyn Interp, r: PyResult<Value>) -> String {
    match r {
        Ok(v) => match repr(vm, &v) {
            Ok(text) => format!("OK {text}"),
            Err(e) => format!("repr failed: {:?}", e.0.class.name),
        },
        Err(PyErr(e)) => {
            let msg = str_(vm, &Value::Exception(Rc::clone(&e))).unwrap_or_default();
            format!("{}: {msg}", e.class.name)
        }
    }
}

const SCRIPT: &str = r#"
import sys
for code in sys.stdin.read().split('\0'):
    ns = {}
    try:
        exec(code, ns)
        print('OK ' + repr(ns['r']))
    except Exception as e:
        print(f'{type(e).__name__}: {e}')
"#;

#[test]
fn protocol_matches_cpython() {
    let mut vm = NoInterp;
    let got: Vec<String> = CASES
        .iter()
        .map(|(_, f)| {
            let r = f(&mut vm);
            outcome(&mut vm, r)
        })
        .collect();
    let input: Vec<&str> = CASES.iter().map(|(code, _)| *code).collect();
    let Some(expected) = python3(SCRIPT, &input.join("\0"), &[("PYTHONHASHSEED", "0")]) else {
        return;
    };
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), CASES.len());
    let mut failures = Vec::new();
    for ((code, _), (want, got)) in CASES.iter().zip(expected.iter().zip(&got)) {
        if std::env::var_os("PYRITE_SHOW_CASES").is_some() {
            eprintln!("{code}\n  -> {got}");
        }
        if want != got {
            failures.push(format!("{code}\n  cpython: {want}\n  pyrite:  {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn deep_nesting_raises_recursion_error() {
    let vm = &mut NoInterp;
    let mut v = list(vec![]);
    for _ in 0..5000 {
        v = list(vec![v]);
    }
    let err = repr(vm, &v).unwrap_err();
    assert!(err.matches(crate::builtin_type::BuiltinType::RecursionError));
    let w = v.clone();
    let err = compare(vm, CmpOp::Eq, &v, &list(vec![w])).unwrap_err();
    assert!(err.matches(crate::builtin_type::BuiltinType::RecursionError));
    // The guard unwinds: a shallow repr works afterwards.
    assert_eq!(repr(vm, &list(ints(&[1]))).unwrap(), "[1]");
}

#[test]
fn inplace_add_appends_to_a_unique_str_only() {
    let vm: &mut dyn Interp = &mut NoInterp;
    let shared = Value::str("ab");
    let other = shared.clone();
    let r = inplace_op_owned(vm, BinOp::Add, shared, &s("é")).expect("str += str");
    assert_eq!(
        format!("{other:?}"),
        format!("{:?}", s("ab")),
        "a shared str is not mutated"
    );
    let unique = Value::str("ab");
    if let Value::Str(x) = &unique {
        assert!(hash(vm, &unique).is_ok());
        assert!(x.cached_hash().is_some());
    }
    let appended = inplace_op_owned(vm, BinOp::Add, unique, &s("é")).expect("str += str");
    for v in [&r, &appended] {
        let Value::Str(x) = v else {
            panic!("not a str: {v:?}");
        };
        assert_eq!(x.as_str(), "abé");
        assert_eq!(x.char_len(), 3);
        assert_eq!(x.cached_hash(), None);
        assert_eq!(hash(vm, v).ok(), hash(vm, &s("abé")).ok());
    }
    let err = inplace_op_owned(vm, BinOp::Add, s("a"), &int(1)).expect_err("str += int");
    assert!(err.matches(crate::builtin_type::BuiltinType::TypeError));
}
