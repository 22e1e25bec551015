//! Assignment, augmented assignment and deletion targets.
//!
//! Order of evaluation is CPython's: for `obj.attr = value` and `obj[key] = value` the value is
//! computed first (by the caller), then `obj` (and `key`); for `obj[key] op= value`, `obj` and
//! `key` once, then the current item, then `value`.

use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::ops::{self, BinOp};
use pyrite_runtime::value::Value;

use super::expr::{
    check_bound, discard, eval, leaves_locals_alone, load_deref, load_local, name_error, peek,
    unbound_deref, unbound_local,
};
use super::{Frame, TreeVm};
use crate::env;
use crate::frame::globals_changed;
use crate::node::{Expr, Target};

/// `target = v`.
pub fn assign(vm: &mut TreeVm, f: &mut Frame, t: &Target, v: Value) -> PyResult<()> {
    match t {
        Target::Local(slot) => match f.locals.get_mut(*slot as usize) {
            Some(s) => {
                if let Some(old) = s.replace(v) {
                    discard(old);
                }
                Ok(())
            }
            None => Err(bad_slot()),
        },
        Target::Deref(i) => match f.cells.get(*i as usize) {
            Some(cell) => {
                *cell.try_borrow_mut().map_err(|_| bad_slot())? = Some(v);
                Ok(())
            }
            None => Err(bad_slot()),
        },
        Target::Global(name) => {
            globals_changed();
            f.globals.set_str(name, v)?;
            Ok(())
        }
        Target::Attr(obj, name) => {
            let o = eval(vm, f, obj)?;
            ops::setattr(vm, &o, name, v)
        }
        Target::Item(obj, key) => {
            if let (Some(o), Some(k)) = (peek(f, obj), peek(f, key)) {
                return ops::setitem(vm, o, k, v);
            }
            if let Expr::Local(slot) = *obj
                && leaves_locals_alone(key)
            {
                // `local[key] = v` with the container borrowed where it lies (see `eval`).
                check_bound(f, slot)?;
                let k = eval(vm, f, key)?;
                let r = match f.locals.get(slot as usize) {
                    Some(Some(o)) => ops::setitem(vm, o, &k, v),
                    _ => Err(unbound_local(f, slot)),
                };
                discard(k);
                return r;
            }
            let o = eval(vm, f, obj)?;
            let k = eval(vm, f, key)?;
            ops::setitem(vm, &o, &k, v)
        }
        Target::Unpack(targets) => {
            let values = ops::unpack(vm, &v, targets.len())?;
            for (t, x) in targets.iter().zip(values) {
                assign(vm, f, t, x)?;
            }
            Ok(())
        }
        Target::UnpackStar { targets, star } => {
            let after = targets.len().saturating_sub(star + 1);
            let values = ops::unpack_ex(vm, &v, *star, after)?;
            for (t, x) in targets.iter().zip(values) {
                assign(vm, f, t, x)?;
            }
            Ok(())
        }
    }
}

/// `t1, t2 = e1, e2`: all values first, then the targets in order.
pub fn assign_parallel(
    vm: &mut TreeVm,
    f: &mut Frame,
    targets: &[Target],
    values: &[Expr],
) -> PyResult<()> {
    match (targets, values) {
        ([t1, t2], [e1, e2]) => {
            let v1 = eval(vm, f, e1)?;
            let v2 = eval(vm, f, e2)?;
            assign(vm, f, t1, v1)?;
            assign(vm, f, t2, v2)
        }
        _ => {
            let mut vs = Vec::with_capacity(values.len());
            for e in values {
                vs.push(eval(vm, f, e)?);
            }
            for (t, v) in targets.iter().zip(vs) {
                assign(vm, f, t, v)?;
            }
            Ok(())
        }
    }
}

/// `target op= value`.
pub fn aug_assign(
    vm: &mut TreeVm,
    f: &mut Frame,
    t: &Target,
    op: BinOp,
    value: &Expr,
) -> PyResult<()> {
    match t {
        Target::Local(slot) => {
            if let Some(Some(cur @ (Value::Int(_) | Value::Float(_)))) =
                f.locals.get(*slot as usize)
                && let Some(rhs) = peek(f, value)
            {
                // `i += 1` on numbers: both operands borrowed where they lie (see `peek`).
                let new = ops::inplace_op(vm, op, cur, rhs)?;
                return assign(vm, f, t, new);
            }
            let cur = load_local(f, *slot)?;
            let rhs = eval(vm, f, value)?;
            if op == BinOp::Add
                && let (Value::Str(x), Value::Str(_)) = (&cur, &rhs)
                && let Some(held) = f.locals.get_mut(*slot as usize)
                && matches!(held, Some(Value::Str(h)) if Rc::ptr_eq(h, x))
            {
                // `s += t` on strings cannot fail, so the variable may let go of its reference
                // first: the string is then unique and `inplace_op_owned` appends in place.
                *held = None;
                let new = ops::inplace_op_owned(vm, op, cur, &rhs);
                drop(rhs);
                return assign(vm, f, t, new?);
            }
            let new = ops::inplace_op(vm, op, &cur, &rhs);
            discard(cur);
            discard(rhs);
            assign(vm, f, t, new?)
        }
        Target::Deref(i) => {
            let cur = load_deref(f, *i)?;
            let rhs = eval(vm, f, value)?;
            let new = ops::inplace_op(vm, op, &cur, &rhs)?;
            assign(vm, f, t, new)
        }
        Target::Global(name) => {
            let cur = match f.globals.get_pystr(name) {
                Some(v) => v,
                None => env::builtin(name.as_str()).ok_or_else(|| name_error(name.as_str()))?,
            };
            let rhs = eval(vm, f, value)?;
            let new = ops::inplace_op(vm, op, &cur, &rhs)?;
            assign(vm, f, t, new)
        }
        Target::Attr(obj, name) => {
            let o = eval(vm, f, obj)?;
            let cur = ops::getattr(vm, &o, name)?;
            let rhs = eval(vm, f, value)?;
            let new = ops::inplace_op(vm, op, &cur, &rhs)?;
            ops::setattr(vm, &o, name, new)
        }
        Target::Item(obj, key) => {
            let o = eval(vm, f, obj)?;
            let k = eval(vm, f, key)?;
            let cur = ops::getitem(vm, &o, &k)?;
            let rhs = eval(vm, f, value)?;
            let new = ops::inplace_op(vm, op, &cur, &rhs)?;
            ops::setitem(vm, &o, &k, new)
        }
        Target::Unpack(_) | Target::UnpackStar { .. } => Err(PyErr::new(
            BuiltinType::SystemError,
            "illegal expression for augmented assignment",
        )),
    }
}

/// `del target`.
pub fn delete(vm: &mut TreeVm, f: &mut Frame, t: &Target) -> PyResult<()> {
    match t {
        Target::Local(slot) => match f.locals.get_mut(*slot as usize) {
            Some(s @ Some(_)) => {
                *s = None;
                Ok(())
            }
            _ => Err(unbound_local(f, *slot)),
        },
        Target::Deref(i) => {
            let taken = match f.cells.get(*i as usize) {
                Some(cell) => cell.try_borrow_mut().ok().and_then(|mut c| c.take()),
                None => None,
            };
            match taken {
                Some(_) => Ok(()),
                None => Err(unbound_deref(f, *i)),
            }
        }
        Target::Global(name) => {
            globals_changed();
            match f.globals.remove_str(name.as_str())? {
                Some(_) => Ok(()),
                None => Err(name_error(name.as_str())),
            }
        }
        Target::Attr(obj, name) => {
            let o = eval(vm, f, obj)?;
            ops::delattr(vm, &o, name)
        }
        Target::Item(obj, key) => {
            let o = eval(vm, f, obj)?;
            let k = eval(vm, f, key)?;
            ops::delitem(vm, &o, &k)
        }
        Target::Unpack(targets) | Target::UnpackStar { targets, .. } => {
            for t in targets {
                delete(vm, f, t)?;
            }
            Ok(())
        }
    }
}

/// Makes a name unbound without checking it was bound (the end of `except ... as name:`).
pub fn unbind(f: &mut Frame, t: &Target) {
    match t {
        Target::Local(slot) => {
            if let Some(s) = f.locals.get_mut(*slot as usize) {
                *s = None;
            }
        }
        Target::Deref(i) => {
            if let Some(cell) = f.cells.get(*i as usize)
                && let Ok(mut c) = cell.try_borrow_mut()
            {
                *c = None;
            }
        }
        Target::Global(name) => {
            globals_changed();
            let _ = f.globals.remove_str(name.as_str());
        }
        _ => {}
    }
}

#[cold]
fn bad_slot() -> PyErr {
    PyErr::new(BuiltinType::SystemError, "bad local variable slot")
}
