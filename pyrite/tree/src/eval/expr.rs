//! Evaluating expressions: order of evaluation, short-circuits and chained comparisons here;
//! what each operator means comes from `pyrite_runtime::ops`.
//!
//! Hot paths (measured on `corpus/bench`): locals and constants are one match arm and one
//! clone; `int op int` is the runtime's inline fast path inside `ops::binary_op`; conditions
//! ([`eval_truth`]) test a comparison's `bool` without going through `truthy`.

use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::format::type_name;
use pyrite_runtime::object::PySlice;
use pyrite_runtime::ops::{self, UnaryOp};
use pyrite_runtime::types::{PyDict, PySet};
use pyrite_runtime::value::Value;

use super::{Frame, TreeVm, call, comprehension, fstring, target};
use crate::env;
use crate::frame::globals_version;
use crate::node::{Cmp, Expr, GlobalName};

/// Evaluates `e` in frame `f`.
///
/// Only the hot kinds are matched here; the rest go to [`eval_other`], kept out of line so this
/// function stays small (its stack frame is paid on every nested evaluation).
pub fn eval(vm: &mut TreeVm, f: &mut Frame, e: &Expr) -> PyResult<Value> {
    match e {
        Expr::Const(v) => Ok(copy(v)),
        Expr::Local(slot) => load_local(f, *slot),
        Expr::Global(g) => load_global(f, g),
        // A comprehension's reads of the enclosing function's variables (`sieve`).
        Expr::Deref(i) => load_deref(f, *i),
        Expr::BinOp(operands, op) => {
            if let (Some(a), Some(b)) = (peek(f, &operands.0), peek(f, &operands.1)) {
                return ops::binary_op(vm, *op, a, b);
            }
            let a = operand(vm, f, &operands.0)?;
            let b = operand(vm, f, &operands.1)?;
            if let (Value::Int(_), Value::Int(_)) = (&a, &b) {
                // Nothing to drop afterwards, so the result is written straight to the caller's
                // slot instead of through a stack temporary (a store-forwarding stall that cost
                // ~15% of `eval` on int-heavy benchmarks).
                let r = ops::binary_op(vm, *op, &a, &b);
                std::mem::forget(a);
                std::mem::forget(b);
                return r;
            }
            let r = ops::binary_op(vm, *op, &a, &b);
            discard(a);
            discard(b);
            r
        }
        Expr::Compare(left, rest) => match rest.as_slice() {
            [(op, right)] => {
                if let (Some(a), Some(b)) = (peek(f, left), peek(f, right)) {
                    return compare(vm, *op, a, b);
                }
                let a = operand(vm, f, left)?;
                let b = operand(vm, f, right)?;
                compare(vm, *op, &a, &b)
            }
            _ => compare_chain(vm, f, left, rest),
        },
        Expr::Call(c) => call::eval_call(vm, f, c),
        Expr::Attribute(obj, name) => {
            let o = operand(vm, f, obj)?;
            ops::getattr(vm, &o, name)
        }
        Expr::Subscript(b) => {
            if let (Some(o), Some(k)) = (peek(f, &b.0), peek(f, &b.1)) {
                return ops::getitem(vm, o, k);
            }
            if let Expr::Deref(i) = b.0
                && let Some(k @ Value::Int(_)) = peek(f, &b.1)
                && let Some(cell) = f.cells.get(i as usize)
                && let Ok(held) = cell.try_borrow()
                && let Some(o @ Value::List(_)) = held.as_ref()
            {
                // `free_list[i]` in a comprehension (`sieve`): the list read in its cell. Only
                // for list[int], which runs no Python code while the cell is borrowed.
                return ops::getitem(vm, o, k);
            }
            if let Expr::Local(slot) = b.0
                && leaves_locals_alone(&b.1)
            {
                // `local[key]`: the container is used where it lies, without a reference count
                // round trip (an out-of-line drop per subscript in `nbody` and `fannkuch`).
                check_bound(f, slot)?;
                let k = operand(vm, f, &b.1)?;
                let r = match f.locals.get(slot as usize) {
                    Some(Some(o)) => ops::getitem(vm, o, &k),
                    _ => Err(unbound_local(f, slot)),
                };
                discard(k);
                return r;
            }
            let o = operand(vm, f, &b.0)?;
            let k = operand(vm, f, &b.1)?;
            ops::getitem(vm, &o, &k)
        }
        _ => eval_other(vm, f, e),
    }
}

/// Whether evaluating `e` certainly leaves this frame's locals as they are (it could rebind
/// one only through `:=`; calls run in frames of their own): then a local read before it may
/// be borrowed across its evaluation. Conservative: locals, constants and operators on them.
#[inline]
pub fn leaves_locals_alone(e: &Expr) -> bool {
    match e {
        Expr::Local(_) | Expr::Const(_) => true,
        Expr::BinOp(operands, _) => {
            matches!(operands.0, Expr::Local(_) | Expr::Const(_))
                && matches!(operands.1, Expr::Local(_) | Expr::Const(_))
        }
        _ => false,
    }
}

/// `UnboundLocalError` unless local `slot` is bound (what loading it first would raise).
#[inline]
pub fn check_bound(f: &Frame, slot: u32) -> PyResult<()> {
    match f.locals.get(slot as usize) {
        Some(Some(_)) => Ok(()),
        _ => Err(unbound_local(f, slot)),
    }
}

/// A bound local or a constant, borrowed where it lies; `None` for anything else (and for an
/// unbound local, which the caller's general path then reports). Operators on two such operands
/// run on the borrowed values: no clone in, no drop out, no `PyResult` moved per operand
/// (~15% of `fib`'s time was those moves).
#[inline(always)]
pub fn peek<'a>(f: &'a Frame, e: &'a Expr) -> Option<&'a Value> {
    match e {
        Expr::Local(slot) => f.locals.get(*slot as usize)?.as_ref(),
        Expr::Const(v) => Some(v),
        _ => None,
    }
}

/// An operand: locals and constants without a call, anything else through [`eval`].
#[inline(always)]
pub fn operand(vm: &mut TreeVm, f: &mut Frame, e: &Expr) -> PyResult<Value> {
    match e {
        Expr::Local(slot) => load_local(f, *slot),
        Expr::Const(v) => Ok(copy(v)),
        _ => eval(vm, f, e),
    }
}

/// The less frequent expression kinds.
#[inline(never)]
fn eval_other(vm: &mut TreeVm, f: &mut Frame, e: &Expr) -> PyResult<Value> {
    match e {
        Expr::UnaryOp(UnaryOp::Not, x) => Ok(Value::Bool(!eval_truth(vm, f, x)?)),
        Expr::UnaryOp(op, x) => {
            let v = eval(vm, f, x)?;
            ops::unary_op(vm, *op, &v)
        }
        Expr::And(values) => {
            let (last, init) = split_last(values)?;
            for x in init {
                let v = eval(vm, f, x)?;
                if !ops::truthy(vm, &v)? {
                    return Ok(v);
                }
            }
            eval(vm, f, last)
        }
        Expr::Or(values) => {
            let (last, init) = split_last(values)?;
            for x in init {
                let v = eval(vm, f, x)?;
                if ops::truthy(vm, &v)? {
                    return Ok(v);
                }
            }
            eval(vm, f, last)
        }
        Expr::IfExp(parts) => {
            if eval_truth(vm, f, &parts[0])? {
                eval(vm, f, &parts[1])
            } else {
                eval(vm, f, &parts[2])
            }
        }
        Expr::Walrus(b) => {
            let v = eval(vm, f, &b.1)?;
            target::assign(vm, f, &b.0, v.clone())?;
            Ok(v)
        }
        Expr::Slice(parts) => {
            let mut bound = |x: &Option<Expr>| match x {
                Some(x) => eval(vm, f, x),
                None => Ok(Value::None),
            };
            let start = bound(&parts[0])?;
            let stop = bound(&parts[1])?;
            let step = bound(&parts[2])?;
            Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
        }
        Expr::Tuple(items, star) => Ok(Value::tuple(elements(vm, f, items, *star)?)),
        Expr::List(items, star) => Ok(Value::list(elements(vm, f, items, *star)?)),
        Expr::Set(items, _) => {
            let set = PySet::new();
            for item in items {
                match item {
                    Expr::Starred(inner) => {
                        let v = eval(vm, f, inner)?;
                        for x in starred_items(vm, &v)? {
                            set.add(vm, x)?;
                        }
                    }
                    _ => {
                        let v = eval(vm, f, item)?;
                        set.add(vm, v)?;
                    }
                }
            }
            Ok(Value::Set(Rc::new(set)))
        }
        Expr::ConstSet(frozen) => {
            let set = PySet::new();
            set.merge(vm, frozen)?;
            Ok(Value::Set(Rc::new(set)))
        }
        Expr::Dict(items) => {
            let dict = PyDict::new();
            for (k, v) in items {
                match k {
                    Some(k) => {
                        let key = eval(vm, f, k)?;
                        let value = eval(vm, f, v)?;
                        dict.insert(vm, key, value)?;
                    }
                    None => {
                        let m = eval(vm, f, v)?;
                        match &m {
                            Value::Dict(src) => dict.update_from(vm, src)?,
                            other => {
                                return raise(
                                    BuiltinType::TypeError,
                                    format!("'{}' object is not a mapping", type_name(other)),
                                );
                            }
                        }
                    }
                }
            }
            Ok(Value::Dict(Rc::new(dict)))
        }
        Expr::Starred(_) => raise(
            BuiltinType::SystemError,
            "can't use starred expression here",
        ),
        Expr::Comp(c) => comprehension::eval_comp(vm, f, c),
        Expr::Lambda(def) => call::make_function(vm, f, def),
        Expr::FString(parts) => Ok(Value::str(fstring::eval_fstring(vm, f, parts)?)),
        Expr::Line(line, inner) => {
            let saved = f.line;
            f.line = *line;
            let r = eval(vm, f, inner);
            if r.is_ok() {
                f.line = saved;
            }
            r
        }
        Expr::Const(_)
        | Expr::Local(_)
        | Expr::Global(_)
        | Expr::Deref(_)
        | Expr::BinOp(..)
        | Expr::Compare(..)
        | Expr::Call(_)
        | Expr::Attribute(..)
        | Expr::Subscript(_) => eval(vm, f, e),
    }
}

/// The truth of `e`, without building a `bool` value for comparisons and `not`.
#[inline]
pub fn eval_truth(vm: &mut TreeVm, f: &mut Frame, e: &Expr) -> PyResult<bool> {
    match e {
        Expr::UnaryOp(UnaryOp::Not, x) => Ok(!eval_truth(vm, f, x)?),
        Expr::And(values) => {
            for x in values {
                if !eval_truth(vm, f, x)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Expr::Or(values) => {
            for x in values {
                if eval_truth(vm, f, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Expr::Local(slot) => match f.locals.get(*slot as usize) {
            Some(Some(Value::Bool(b))) => Ok(*b),
            Some(Some(Value::Int(i))) => Ok(*i != 0),
            _ => {
                let v = load_local(f, *slot)?;
                ops::truthy(vm, &v)
            }
        },
        Expr::Const(v) => ops::truthy(vm, v),
        Expr::Compare(left, rest) if rest.len() == 1 => {
            let (op, right) = &rest[0];
            let r = if let (Some(a), Some(b)) = (peek(f, left), peek(f, right)) {
                compare(vm, *op, a, b)?
            } else {
                let a = operand(vm, f, left)?;
                let b = operand(vm, f, right)?;
                let r = compare(vm, *op, &a, &b);
                discard(a);
                discard(b);
                r?
            };
            match r {
                Value::Bool(b) => Ok(b),
                v => ops::truthy(vm, &v),
            }
        }
        _ => match eval(vm, f, e)? {
            Value::Bool(b) => Ok(b),
            v => ops::truthy(vm, &v),
        },
    }
}

fn split_last(values: &[Expr]) -> PyResult<(&Expr, &[Expr])> {
    match values.split_last() {
        Some(parts) => Ok(parts),
        None => raise(BuiltinType::SystemError, "empty boolean operation"),
    }
}

/// `a op1 b op2 c`: each middle operand evaluated once, stopping at the first false result.
fn compare_chain(
    vm: &mut TreeVm,
    f: &mut Frame,
    left: &Expr,
    rest: &[(Cmp, Expr)],
) -> PyResult<Value> {
    let mut lhs = eval(vm, f, left)?;
    let n = rest.len();
    for (i, (op, right)) in rest.iter().enumerate() {
        let rhs = eval(vm, f, right)?;
        let result = compare(vm, *op, &lhs, &rhs)?;
        if i + 1 == n {
            return Ok(result);
        }
        let holds = match &result {
            Value::Bool(b) => *b,
            other => ops::truthy(vm, other)?,
        };
        if !holds {
            return Ok(result);
        }
        lhs = rhs;
    }
    Ok(lhs)
}

/// One comparison.
#[inline]
pub fn compare(vm: &mut TreeVm, op: Cmp, a: &Value, b: &Value) -> PyResult<Value> {
    Ok(match op {
        Cmp::Rich(op) => return ops::compare(vm, op, a, b),
        Cmp::Is => Value::Bool(a.is(b)),
        Cmp::IsNot => Value::Bool(!a.is(b)),
        Cmp::In => Value::Bool(ops::contains(vm, b, a)?),
        Cmp::NotIn => Value::Bool(!ops::contains(vm, b, a)?),
    })
}

/// The elements of a display, `*x` expanded.
fn elements(vm: &mut TreeVm, f: &mut Frame, items: &[Expr], star: bool) -> PyResult<Vec<Value>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Expr::Starred(inner) if star => {
                let v = eval(vm, f, inner)?;
                out.extend(starred_items(vm, &v)?);
            }
            _ => out.push(eval(vm, f, item)?),
        }
    }
    Ok(out)
}

/// The items of `*v` in a display, with CPython's message for a non-iterable.
fn starred_items(vm: &mut TreeVm, v: &Value) -> PyResult<Vec<Value>> {
    match ops::to_vec(vm, v) {
        Err(e) if e.matches(BuiltinType::TypeError) && !is_iterable(vm, v) => raise(
            BuiltinType::TypeError,
            format!("Value after * must be an iterable, not {}", type_name(v)),
        ),
        other => other,
    }
}

/// Whether `iter(v)` would succeed in principle (used only to choose an error message).
pub fn is_iterable(vm: &mut TreeVm, v: &Value) -> bool {
    ops::iter(vm, v).is_ok()
}

/// `v.clone()`, with the inline kinds copied without calling `Value`'s (out-of-line) `Clone`;
/// functions too (one reference count bump), as every call of a global function loads one.
#[inline(always)]
pub fn copy(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Int(*i),
        Value::Float(x) => Value::Float(*x),
        Value::Bool(b) => Value::Bool(*b),
        Value::None => Value::None,
        Value::Function(func) => Value::Function(Rc::clone(func)),
        _ => v.clone(),
    }
}

/// `drop(v)`, skipping the (out-of-line) drop glue for the inline kinds, which own nothing.
#[inline(always)]
pub fn discard(v: Value) {
    if matches!(
        v,
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None
    ) {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

/// A fast local.
#[inline]
pub fn load_local(f: &Frame, slot: u32) -> PyResult<Value> {
    match f.locals.get(slot as usize) {
        Some(Some(v)) => Ok(copy(v)),
        _ => Err(unbound_local(f, slot)),
    }
}

/// `UnboundLocalError` for slot `slot`.
#[cold]
pub fn unbound_local(f: &Frame, slot: u32) -> PyErr {
    let name = f.code.varnames.get(slot as usize).map_or("?", |n| &**n);
    PyErr::new(
        BuiltinType::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// A cell or free variable.
#[inline]
pub fn load_deref(f: &Frame, i: u32) -> PyResult<Value> {
    let value = match f.cells.get(i as usize) {
        Some(cell) => cell.try_borrow().ok().and_then(|c| c.clone()),
        None => None,
    };
    match value {
        Some(v) => Ok(v),
        None => Err(unbound_deref(f, i)),
    }
}

/// The error for an unbound cell (`UnboundLocalError`) or free variable (`NameError`).
#[cold]
pub fn unbound_deref(f: &Frame, i: u32) -> PyErr {
    let name = f.code.cell_names.get(i as usize).map_or("?", |n| &**n);
    if (i as usize) < f.code.n_cellvars {
        PyErr::new(
            BuiltinType::UnboundLocalError,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    } else {
        PyErr::new(
            BuiltinType::NameError,
            format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ),
        )
    }
}

/// A global, then a builtin; cached per load site while no namespace changes.
#[inline]
pub fn load_global(f: &Frame, g: &GlobalName) -> PyResult<Value> {
    let version = globals_version();
    if let Ok(cache) = g.cache.try_borrow()
        && cache.0 == version
        && let Some(v) = &cache.1
    {
        return Ok(copy(v));
    }
    let v = match f.globals.get_pystr(&g.name) {
        Some(v) => v,
        None => match g.builtin.get_or_init(|| env::builtin(g.name.as_str())) {
            Some(v) => v.clone(),
            None => return Err(name_error(g.name.as_str())),
        },
    };
    if let Ok(mut cache) = g.cache.try_borrow_mut() {
        *cache = (version, Some(v.clone()));
    }
    Ok(v)
}

/// `NameError: name 'x' is not defined`.
#[cold]
pub fn name_error(name: &str) -> PyErr {
    PyErr::new(
        BuiltinType::NameError,
        format!("name '{name}' is not defined"),
    )
}
