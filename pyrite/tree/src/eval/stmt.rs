//! Executing statements: blocks, loops, `try`, `raise`, `assert`, imports.
//!
//! Each simple statement (and each compound statement's header expression) runs through
//! [`traced`], which adds this frame's traceback entry to an exception surfacing here (see
//! [`crate::unwind`]); errors coming out of nested blocks pass through untouched.

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::ops;
use pyrite_runtime::value::Value;

use super::call::make_function;
use super::expr::{eval, eval_truth};
use super::{Frame, TreeVm, target};
use crate::env;
use crate::node::{ForNode, Stmt, StmtKind, TryNode};
use crate::unwind::{Flow, current_handled, raised_here, while_handling};

/// `expr?`, adding frame `f`'s traceback entry to an error that surfaced in it.
macro_rules! traced {
    ($f:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(raised_here($f, e)),
        }
    };
}

/// Runs a block; stops at the first statement that does not finish normally.
pub fn exec_block(vm: &mut TreeVm, f: &mut Frame, body: &[Stmt]) -> PyResult<Flow> {
    for s in body {
        match exec_stmt(vm, f, s)? {
            Flow::Normal => {}
            other => return Ok(other),
        }
    }
    Ok(Flow::Normal)
}

/// Runs one statement.
pub fn exec_stmt(vm: &mut TreeVm, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
    f.line = s.line;
    match &s.kind {
        StmtKind::Expr(e) => {
            traced!(f, eval(vm, f, e));
        }
        StmtKind::Assign(t, e) => {
            let r = eval(vm, f, e).and_then(|v| target::assign(vm, f, t, v));
            traced!(f, r);
        }
        StmtKind::AssignParallel(ts, es) => {
            traced!(f, target::assign_parallel(vm, f, ts, es));
        }
        StmtKind::AugAssign(b, op) => {
            let r = target::aug_assign(vm, f, &b.0, *op, &b.1);
            traced!(f, r);
        }
        StmtKind::Return(value) => {
            let v = match value {
                Some(e) => traced!(f, eval(vm, f, e)),
                None => Value::None,
            };
            return Ok(Flow::Return(v));
        }
        StmtKind::If(b) => {
            let test = traced!(f, eval_truth(vm, f, &b.0));
            return exec_block(vm, f, if test { &b.1 } else { &b.2 });
        }
        StmtKind::While(b) => loop {
            f.line = s.line;
            if !traced!(f, eval_truth(vm, f, &b.0)) {
                return exec_block(vm, f, &b.2);
            }
            match exec_block(vm, f, &b.1)? {
                Flow::Normal | Flow::Continue => {}
                Flow::Break => return Ok(Flow::Normal),
                ret @ Flow::Return(_) => return Ok(ret),
            }
        },
        StmtKind::For(node) => return exec_for(vm, f, s.line, node),
        StmtKind::Break => return Ok(Flow::Break),
        StmtKind::Continue => return Ok(Flow::Continue),
        StmtKind::Pass => {}
        _ => return exec_other(vm, f, s),
    }
    Ok(Flow::Normal)
}

/// The less frequent statements (kept out of line so [`exec_stmt`], which recursion passes
/// through for every nested block, keeps a small stack frame).
#[inline(never)]
fn exec_other(vm: &mut TreeVm, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
    match &s.kind {
        StmtKind::AssignMulti(ts, e) => {
            let r = eval(vm, f, e).and_then(|v| {
                for t in ts {
                    target::assign(vm, f, t, v.clone())?;
                }
                Ok(())
            });
            traced!(f, r);
        }
        StmtKind::Raise(None, _) => {
            return match current_handled() {
                Some(e) => Err(e),
                None => Err(raised_here(
                    f,
                    PyErr::new(BuiltinType::RuntimeError, "No active exception to reraise"),
                )),
            };
        }
        StmtKind::Raise(Some(exc), cause) => {
            let err = match build_raise(vm, f, exc, cause.as_ref()) {
                Ok(e) | Err(e) => e,
            };
            return Err(raised_here(f, err));
        }
        StmtKind::Try(t) => return exec_try(vm, f, t),
        StmtKind::Assert(test, msg) => {
            if !traced!(f, eval_truth(vm, f, test)) {
                let args = match msg {
                    Some(m) => vec![traced!(f, eval(vm, f, m))],
                    None => Vec::new(),
                };
                let err = PyErr::with_args(BuiltinType::AssertionError.class(), args);
                return Err(raised_here(f, err));
            }
        }
        StmtKind::Delete(targets) => {
            for t in targets {
                traced!(f, target::delete(vm, f, t));
            }
        }
        StmtKind::Def(def, decorators, t) => {
            let r = (|| {
                let mut decos = Vec::with_capacity(decorators.len());
                for d in decorators {
                    decos.push(eval(vm, f, d)?);
                }
                let mut func = make_function(vm, f, def)?;
                for d in decos.iter().rev() {
                    func = super::call::call_value(vm, d, &[func])?;
                }
                target::assign(vm, f, t, func)
            })();
            traced!(f, r);
        }
        StmtKind::Import(items) => {
            for (module, bound, t) in items {
                let r = env::import(module).and_then(|m| {
                    let v = if module == bound {
                        m
                    } else {
                        env::import(bound)?
                    };
                    target::assign(vm, f, t, v)
                });
                traced!(f, r);
            }
        }
        StmtKind::ImportFrom(module, items) => {
            let m = traced!(f, env::import(module));
            for (name, t) in items {
                let r = match ops::getattr(vm, &m, name) {
                    Ok(v) => target::assign(vm, f, t, v),
                    Err(e) if e.matches(BuiltinType::AttributeError) => Err(PyErr::new(
                        BuiltinType::ImportError,
                        format!(
                            "cannot import name '{}' from '{module}' (unknown location)",
                            name.as_str()
                        ),
                    )),
                    Err(e) => Err(e),
                };
                traced!(f, r);
            }
        }
        StmtKind::Expr(_)
        | StmtKind::Assign(..)
        | StmtKind::AssignParallel(..)
        | StmtKind::AugAssign(..)
        | StmtKind::Return(_)
        | StmtKind::If(_)
        | StmtKind::While(_)
        | StmtKind::For(_)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Pass => return exec_stmt(vm, f, s),
    }
    Ok(Flow::Normal)
}

/// `for target in iter: body else: orelse`. A `range` of small ints is walked without an
/// iterator object (same values, same order: an optimization, not a semantic of its own).
fn exec_for(vm: &mut TreeVm, f: &mut Frame, line: u32, node: &ForNode) -> PyResult<Flow> {
    let iterable = traced!(f, eval(vm, f, &node.iter));
    if let Value::Range(r) = &iterable
        && let (Value::Int(start), Value::Int(stop), Value::Int(step)) =
            (&r.start, &r.stop, &r.step)
    {
        let (mut i, stop, step) = (*start, *stop, *step);
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            f.line = line;
            traced!(f, target::assign(vm, f, &node.target, Value::Int(i)));
            match exec_block(vm, f, &node.body)? {
                Flow::Normal | Flow::Continue => {}
                Flow::Break => return Ok(Flow::Normal),
                ret @ Flow::Return(_) => return Ok(ret),
            }
            i = match i.checked_add(step) {
                Some(next) => next,
                None => break,
            };
        }
        return exec_block(vm, f, &node.orelse);
    }
    let it = traced!(f, ops::iter(vm, &iterable));
    loop {
        f.line = line;
        let Some(item) = traced!(f, ops::next(vm, &it)) else {
            break;
        };
        traced!(f, target::assign(vm, f, &node.target, item));
        match exec_block(vm, f, &node.body)? {
            Flow::Normal | Flow::Continue => {}
            Flow::Break => return Ok(Flow::Normal),
            ret @ Flow::Return(_) => return Ok(ret),
        }
    }
    exec_block(vm, f, &node.orelse)
}

/// The exception `raise exc from cause` raises (as `Err` too when building it failed: either
/// way it is what propagates).
fn build_raise(
    vm: &mut TreeVm,
    f: &mut Frame,
    exc: &crate::node::Expr,
    cause: Option<&crate::node::Expr>,
) -> Result<PyErr, PyErr> {
    let v = eval(vm, f, exc)?;
    let err = to_exception(vm, v, false)?;
    if let Some(c) = cause {
        let cv = eval(vm, f, c)?;
        let cause = match cv {
            Value::None => None,
            other => Some(Value::Exception(to_exception(vm, other, true)?.0)),
        };
        if let Ok(mut slot) = err.0.cause.try_borrow_mut() {
            *slot = cause;
        }
        err.0.suppress_context.set(true);
    }
    Ok(err)
}

/// An exception instance from what `raise` was given: an instance, or a class to call.
fn to_exception(vm: &mut TreeVm, v: Value, is_cause: bool) -> PyResult<PyErr> {
    let base = BuiltinType::BaseException.class();
    let what = if is_cause {
        "exception causes must derive from BaseException"
    } else {
        "exceptions must derive from BaseException"
    };
    match v {
        Value::Exception(e) => Ok(PyErr(e)),
        Value::Type(t) if ops::is_subclass(&t, &base) => {
            match super::call::call_value(vm, &Value::Type(t.clone()), &[])? {
                Value::Exception(e) => Ok(PyErr(e)),
                other => Err(PyErr::new(
                    BuiltinType::TypeError,
                    format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        t.name,
                        pyrite_runtime::format::type_name(&other)
                    ),
                )),
            }
        }
        _ => Err(PyErr::new(BuiltinType::TypeError, what)),
    }
}

/// `try` / `except` / `else` / `finally`.
fn exec_try(vm: &mut TreeVm, f: &mut Frame, t: &TryNode) -> PyResult<Flow> {
    let mut result = match exec_block(vm, f, &t.body) {
        Err(err) if !t.handlers.is_empty() => {
            while_handling(&err.clone(), || handle(vm, f, t, err))
        }
        Ok(Flow::Normal) => exec_block(vm, f, &t.orelse),
        other => other,
    };
    if !t.finalbody.is_empty() {
        let fin = match &result {
            Err(e) => {
                let e = e.clone();
                while_handling(&e, || exec_block(vm, f, &t.finalbody))
            }
            _ => exec_block(vm, f, &t.finalbody),
        };
        match fin {
            Ok(Flow::Normal) => {}
            other => result = other,
        }
    }
    result
}

/// Finds the handler for `err` and runs it; `Err(err)` unchanged when none matches.
fn handle(vm: &mut TreeVm, f: &mut Frame, t: &TryNode, err: PyErr) -> PyResult<Flow> {
    for h in &t.handlers {
        if let Some(typ) = &h.typ {
            f.line = h.line;
            let cls = traced!(f, eval(vm, f, typ));
            if !traced!(f, exception_matches(&cls, &err)) {
                continue;
            }
        }
        if let Some(name) = &h.name {
            traced!(
                f,
                target::assign(vm, f, name, Value::Exception(err.0.clone()))
            );
        }
        let r = exec_block(vm, f, &h.body);
        if let Some(name) = &h.name {
            target::unbind(f, name);
        }
        return r;
    }
    Err(err)
}

/// Whether `err` is an instance of `cls` (a class or a tuple of classes).
fn exception_matches(cls: &Value, err: &PyErr) -> PyResult<bool> {
    match cls {
        Value::Type(t) if ops::is_subclass(t, &BuiltinType::BaseException.class()) => {
            Ok(ops::is_subclass(&err.0.class, t))
        }
        Value::Tuple(items) => {
            for item in items.items() {
                if exception_matches(item, err)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::new(
            BuiltinType::TypeError,
            "catching classes that do not inherit from BaseException is not allowed",
        )),
    }
}
