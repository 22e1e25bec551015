//! Calls: evaluating a call expression, creating functions (`def`, `lambda`) and entering
//! them.
//!
//! A Python function made by this tier carries a [`TreeBody`] (its code and its module's
//! globals) in `PyFunction::body`. Calls take one of three paths, fastest first:
//! 1. `f(a, b)` where `f` is a tree function whose parameters are exactly `a, b`: the arguments
//!    are evaluated straight into the new frame's locals (no argument array, no binding);
//! 2. other calls without `*`/keywords: arguments on the Rust stack (up to 3), then
//!    `ops::call` (or `ops::call_method` for `obj.name(...)`, which binds no method object);
//! 3. the general case: `*args` and `**kwargs` expanded with CPython's messages, then
//!    `pyrite_runtime::bind::bind_args` in [`call_function`].

use std::rc::Rc;

use pyrite_runtime::bind::bind_args;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::format::type_name;
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::ops;
use pyrite_runtime::types::{PyDict, PyStr};
use pyrite_runtime::value::Value;

use super::expr::{eval, load_global, operand};
use super::stmt::exec_block;
use super::{Frame, TreeVm};
use crate::frame::{recycle_locals, unbound_locals};
use crate::node::{CallNode, Code, Expr, FuncDef};
use crate::unwind::{DepthGuard, Flow};

/// The tree tier's body of a Python function.
#[derive(Debug)]
pub struct TreeBody {
    /// What runs.
    pub code: Rc<Code>,
    /// The namespace of the module that defined it.
    pub globals: Rc<PyDict>,
}

/// The tree body of `func`, if this tier made it.
#[inline]
pub fn tree_body(func: &PyFunction) -> Option<&TreeBody> {
    func.body.downcast_ref::<TreeBody>()
}

/// Evaluates a call expression.
pub fn eval_call(vm: &mut TreeVm, f: &mut Frame, c: &CallNode) -> PyResult<Value> {
    if let Some(name) = &c.method {
        let obj = eval(vm, f, &c.func)?;
        let (callable, receiver) = ops::load_method(vm, &obj, name)?;
        if !c.simple {
            return call_general(vm, f, c, &callable, receiver.as_ref());
        }
        let line = c.line;
        return with_args(vm, f, &c.args, |vm, f, args| {
            f.line = line;
            match &receiver {
                Some(r) => ops::call_method(vm, &callable, r, args, &[]),
                None => call_value(vm, &callable, args),
            }
        });
    }
    let callee = match &c.func {
        Expr::Global(g) => load_global(f, g)?,
        other => eval(vm, f, other)?,
    };
    if !c.simple {
        return call_general(vm, f, c, &callee, None);
    }
    if let Value::Function(func) = &callee
        && let Some(body) = tree_body(func)
        && body.code.params.is_exact_positional(c.args.len())
    {
        // Unbound slots first, then the arguments written in place: `Vec::push` here was not
        // inlined (~4% of `fib`); `is_exact_positional` guarantees `args.len() <= n_locals`.
        debug_assert!(c.args.len() <= body.code.n_locals);
        let mut locals = unbound_locals(body.code.n_locals);
        for (slot, a) in locals.iter_mut().zip(&c.args) {
            *slot = Some(operand(vm, f, a)?);
        }
        f.line = c.line;
        return run_function(vm, func, body, locals);
    }
    let line = c.line;
    with_args(vm, f, &c.args, |vm, f, args| {
        f.line = line;
        call_value(vm, &callee, args)
    })
}

/// Evaluates plain positional arguments into a stack buffer (a `Vec` past three) and runs `k`.
#[inline]
fn with_args<R>(
    vm: &mut TreeVm,
    f: &mut Frame,
    args: &[Expr],
    k: impl FnOnce(&mut TreeVm, &mut Frame, &[Value]) -> PyResult<R>,
) -> PyResult<R> {
    match args {
        [] => k(vm, f, &[]),
        [a] => {
            let a = operand(vm, f, a)?;
            k(vm, f, &[a])
        }
        [a, b] => {
            let a = operand(vm, f, a)?;
            let b = operand(vm, f, b)?;
            k(vm, f, &[a, b])
        }
        [a, b, c] => {
            let a = operand(vm, f, a)?;
            let b = operand(vm, f, b)?;
            let c = operand(vm, f, c)?;
            k(vm, f, &[a, b, c])
        }
        _ => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(operand(vm, f, a)?);
            }
            k(vm, f, &values)
        }
    }
}

/// `callee(*args)` with positional arguments only.
#[inline]
pub fn call_value(vm: &mut TreeVm, callee: &Value, args: &[Value]) -> PyResult<Value> {
    if let Value::Function(func) = callee
        && let Some(body) = tree_body(func)
    {
        return enter(vm, func, body, args, &[]);
    }
    ops::call(vm, callee, args, &[])
}

/// A call with `*args`, keywords or `**kwargs`.
fn call_general(
    vm: &mut TreeVm,
    f: &mut Frame,
    c: &CallNode,
    callee: &Value,
    receiver: Option<&Value>,
) -> PyResult<Value> {
    let mut args = Vec::with_capacity(c.args.len());
    for a in &c.args {
        match a {
            Expr::Starred(inner) => {
                let v = eval(vm, f, inner)?;
                match &v {
                    Value::Tuple(t) => args.extend_from_slice(t.items()),
                    _ => match ops::to_vec(vm, &v) {
                        Ok(items) => args.extend(items),
                        Err(e)
                            if e.matches(BuiltinType::TypeError) && ops::iter(vm, &v).is_err() =>
                        {
                            return raise(
                                BuiltinType::TypeError,
                                format!(
                                    "{} argument after * must be an iterable, not {}",
                                    function_str(callee),
                                    type_name(&v)
                                ),
                            );
                        }
                        Err(e) => return Err(e),
                    },
                }
            }
            _ => args.push(eval(vm, f, a)?),
        }
    }
    let mut kwargs: Vec<(Rc<PyStr>, Value)> = Vec::with_capacity(c.kwargs.len());
    for (name, e) in &c.kwargs {
        let v = eval(vm, f, e)?;
        match name {
            Some(n) => kwargs.push((n.clone(), v)),
            None => merge_kwargs(callee, &v, &mut kwargs)?,
        }
    }
    f.line = c.line;
    match receiver {
        Some(r) => ops::call_method(vm, callee, r, &args, &kwargs),
        None => match callee {
            Value::Function(func) if tree_body(func).is_some() => {
                call_function(vm, func, &args, &kwargs)
            }
            _ => ops::call(vm, callee, &args, &kwargs),
        },
    }
}

/// `**mapping` in a call: its items appended to `kwargs`, with CPython's checks.
fn merge_kwargs(
    callee: &Value,
    mapping: &Value,
    kwargs: &mut Vec<(Rc<PyStr>, Value)>,
) -> PyResult<()> {
    let Value::Dict(d) = mapping else {
        return raise(
            BuiltinType::TypeError,
            format!(
                "{} argument after ** must be a mapping, not {}",
                function_str(callee),
                type_name(mapping)
            ),
        );
    };
    for entry in d.entries() {
        let Value::Str(key) = &entry.key else {
            return raise(BuiltinType::TypeError, "keywords must be strings");
        };
        if kwargs.iter().any(|(k, _)| k.as_str() == key.as_str()) {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "{} got multiple values for keyword argument '{}'",
                    function_str(callee),
                    key.as_str()
                ),
            );
        }
        kwargs.push((key.clone(), entry.value));
    }
    Ok(())
}

/// CPython's `_PyObject_FunctionStr`: `__main__.f()` for a function, `len()` for a builtin.
fn function_str(callee: &Value) -> String {
    match callee {
        Value::Function(func) => format!("__main__.{}()", func.qualname),
        Value::Builtin(b) => format!("{}()", b.name),
        Value::Method(m) => function_str(&m.func),
        Value::Type(t) => format!("{}()", t.qualname),
        other => format!("{} object", type_name(other)),
    }
}

/// [`pyrite_runtime::interp::Interp::call_function`]: any call of a tree function from the
/// runtime (a builtin calling back, `ops::call`).
pub fn call_function(
    vm: &mut TreeVm,
    func: &Rc<PyFunction>,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    match tree_body(func) {
        Some(body) => enter(vm, func, body, args, kwargs),
        None => raise(
            BuiltinType::SystemError,
            format!("{} was not made by the tree tier", func.qualname),
        ),
    }
}

/// Binds the arguments and runs the function.
fn enter(
    vm: &mut TreeVm,
    func: &PyFunction,
    body: &TreeBody,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let code = &body.code;
    let mut locals = unbound_locals(code.n_locals);
    if kwargs.is_empty() && code.params.is_exact_positional(args.len()) {
        for (slot, a) in locals.iter_mut().zip(args) {
            *slot = Some(a.clone());
        }
    } else {
        bind_args(
            &code.params,
            &func.qualname,
            &func.defaults,
            &func.kwdefaults,
            args,
            kwargs,
            &mut locals,
        )?;
    }
    run_function(vm, func, body, locals)
}

/// Runs a function's body in a new frame with `locals` (parameters bound).
pub fn run_function(
    vm: &mut TreeVm,
    func: &PyFunction,
    body: &TreeBody,
    locals: Vec<Option<Value>>,
) -> PyResult<Value> {
    let _depth = DepthGuard::enter()?;
    let mut frame = Frame::new(
        body.code.clone(),
        body.globals.clone(),
        locals,
        &func.closure,
    );
    let result = exec_block(vm, &mut frame, &body.code.body);
    recycle_locals(std::mem::take(&mut frame.locals));
    match result? {
        Flow::Return(v) => Ok(v),
        _ => Ok(Value::None),
    }
}

/// Creates the function a `def` or `lambda` defines (defaults and annotations evaluated now,
/// free variables captured from `f`'s cells).
pub fn make_function(vm: &mut TreeVm, f: &mut Frame, def: &FuncDef) -> PyResult<Value> {
    let mut defaults = Vec::with_capacity(def.defaults.len());
    for d in &def.defaults {
        defaults.push(eval(vm, f, d)?);
    }
    let mut kwdefaults = Vec::with_capacity(def.kwdefaults.len());
    for (name, d) in &def.kwdefaults {
        kwdefaults.push((name.clone(), eval(vm, f, d)?));
    }
    for a in &def.annotations {
        eval(vm, f, a)?;
    }
    let mut closure = Vec::with_capacity(def.captures.len());
    for &i in &def.captures {
        match f.cells.get(i as usize) {
            Some(cell) => closure.push(cell.clone()),
            None => return Err(PyErr::new(BuiltinType::SystemError, "bad closure cell")),
        }
    }
    let code = def.code.clone();
    Ok(Value::Function(Rc::new(PyFunction {
        name: code.name.to_string(),
        qualname: code.qualname.to_string(),
        defaults,
        kwdefaults,
        closure,
        body: Rc::new(TreeBody {
            code,
            globals: f.globals.clone(),
        }),
    })))
}
