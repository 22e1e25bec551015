//! Comprehensions and generator expressions, each in its own scope (CPython 3.11 runs them as
//! nested functions: they show up in tracebacks as `<listcomp>` / `<genexpr>` frames and count
//! towards the recursion limit).
//!
//! The first iterable is evaluated — and `iter()` taken — in the enclosing frame; every later
//! clause's iterable inside the comprehension's frame.
//!
//! Generator expressions are lazy, as in CPython: [`GenExpr`] is an iterator object holding
//! the comprehension's frame and a stack of the clauses' iterators, and each `next()` resumes
//! the nested loops where they stopped. No coroutine is needed because a generator expression
//! cannot contain `yield` (a syntax error) and its only suspension point is "after producing
//! an element", so the loop state is exactly the iterator stack plus the frame. Generator
//! *functions* (`yield` statements) will need a stackful coroutine; they are not supported yet.

use std::cell::RefCell;
use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::interp::Interp;
use pyrite_runtime::iterators::other;
use pyrite_runtime::object::PyObject;
use pyrite_runtime::ops;
use pyrite_runtime::types::{PyDict, PySet};
use pyrite_runtime::value::Value;

use super::expr::{eval, eval_truth};
use super::{Frame, TreeVm, target};
use crate::frame::CellRef;
use crate::node::{CompKind, CompNode};
use crate::unwind::{DepthGuard, raised_here};

/// Evaluates a comprehension (a list, set or dict) or creates a generator expression.
pub fn eval_comp(vm: &mut TreeVm, f: &mut Frame, c: &Rc<CompNode>) -> PyResult<Value> {
    let iterable = eval(vm, f, &c.first_iter)?;
    let it = ops::iter(vm, &iterable)?;
    let mut closure: Vec<CellRef> = Vec::with_capacity(c.captures.len());
    for &i in &c.captures {
        match f.cells.get(i as usize) {
            Some(cell) => closure.push(cell.clone()),
            None => return raise(BuiltinType::SystemError, "bad closure cell"),
        }
    }
    let locals = vec![None; c.code.n_locals];
    let mut frame = Frame::new(c.code.clone(), f.globals.clone(), locals, &closure);
    if let CompKind::Gen(_) = c.kind {
        return Ok(other(GenExpr {
            node: c.clone(),
            state: RefCell::new(Some(GenState {
                frame,
                iters: vec![it],
            })),
        }));
    }
    let _depth = DepthGuard::enter()?;
    let result = build(vm, &mut frame, c, it);
    result.map_err(|e| raised_here(&frame, e))
}

/// Runs the loops of a list, set or dict comprehension.
fn build(vm: &mut TreeVm, frame: &mut Frame, c: &CompNode, it: Value) -> PyResult<Value> {
    match &c.kind {
        CompKind::List(elt) => {
            let mut out = Vec::new();
            run_level(vm, frame, c, 0, &it, &mut |vm, fr| {
                out.push(eval(vm, fr, elt)?);
                Ok(())
            })?;
            Ok(Value::list(out))
        }
        CompKind::Set(elt) => {
            let set = PySet::new();
            run_level(vm, frame, c, 0, &it, &mut |vm, fr| {
                let v = eval(vm, fr, elt)?;
                set.add(vm, v)
            })?;
            Ok(Value::Set(Rc::new(set)))
        }
        CompKind::Dict(key, value) => {
            let dict = PyDict::new();
            run_level(vm, frame, c, 0, &it, &mut |vm, fr| {
                let k = eval(vm, fr, key)?;
                let v = eval(vm, fr, value)?;
                dict.insert(vm, k, v).map(|_| ())
            })?;
            Ok(Value::Dict(Rc::new(dict)))
        }
        CompKind::Gen(_) => raise(BuiltinType::SystemError, "generator built eagerly"),
    }
}

type Emit<'a> = dyn FnMut(&mut TreeVm, &mut Frame) -> PyResult<()> + 'a;

/// Clause `level` over iterator `it`: assign, filter, then the next clause or `emit`.
fn run_level(
    vm: &mut TreeVm,
    frame: &mut Frame,
    c: &CompNode,
    level: usize,
    it: &Value,
    emit: &mut Emit<'_>,
) -> PyResult<()> {
    let Some(clause) = c.gens.get(level) else {
        return Ok(());
    };
    'items: while let Some(item) = ops::next(vm, it)? {
        target::assign(vm, frame, &clause.target, item)?;
        for cond in &clause.ifs {
            if !eval_truth(vm, frame, cond)? {
                continue 'items;
            }
        }
        match c.gens.get(level + 1) {
            Some(next) => {
                let inner = eval(vm, frame, &next.iter)?;
                let inner_it = ops::iter(vm, &inner)?;
                run_level(vm, frame, c, level + 1, &inner_it, emit)?;
            }
            None => emit(vm, frame)?,
        }
    }
    Ok(())
}

/// A suspended generator expression's loops.
struct GenState {
    frame: Frame,
    /// The iterators of the clauses entered so far (`iters[i]` for clause `i`).
    iters: Vec<Value>,
}

/// A generator expression: `(elt for ...)`, evaluated lazily (see the module documentation).
pub struct GenExpr {
    node: Rc<CompNode>,
    /// `None` once exhausted (or after raising, as CPython's generators finish).
    state: RefCell<Option<GenState>>,
}

impl std::fmt::Debug for GenExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<generator object {}>", self.node.code.qualname)
    }
}

impl GenExpr {
    /// The next element: `Ok(None)` when the loops are done.
    fn resume(&self, vm: &mut TreeVm, st: &mut GenState) -> PyResult<Option<Value>> {
        let c = &*self.node;
        let CompKind::Gen(elt) = &c.kind else {
            return Ok(None);
        };
        'resume: loop {
            let Some(level) = st.iters.len().checked_sub(1) else {
                return Ok(None);
            };
            let it = st.iters[level].clone();
            let Some(item) = ops::next(vm, &it)? else {
                st.iters.pop();
                continue;
            };
            let Some(clause) = c.gens.get(level) else {
                return Ok(None);
            };
            target::assign(vm, &mut st.frame, &clause.target, item)?;
            for cond in &clause.ifs {
                if !eval_truth(vm, &mut st.frame, cond)? {
                    continue 'resume;
                }
            }
            match c.gens.get(level + 1) {
                Some(next) => {
                    let inner = eval(vm, &mut st.frame, &next.iter)?;
                    let inner_it = ops::iter(vm, &inner)?;
                    st.iters.push(inner_it);
                }
                None => return Ok(Some(eval(vm, &mut st.frame, elt)?)),
            }
        }
    }
}

impl PyObject for GenExpr {
    fn type_name(&self) -> &str {
        "generator"
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn is_iterator(&self) -> bool {
        true
    }

    fn iter_next(&self, _vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
        let Ok(mut slot) = self.state.try_borrow_mut() else {
            return Some(raise(
                BuiltinType::ValueError,
                "generator already executing",
            ));
        };
        let Some(st) = slot.as_mut() else {
            return Some(Ok(None));
        };
        let depth = match DepthGuard::enter() {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let mut vm = TreeVm;
        let result = self.resume(&mut vm, st);
        drop(depth);
        Some(match result {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => {
                *slot = None;
                Ok(None)
            }
            Err(e) => {
                let e: PyErr = raised_here(&st.frame, e);
                *slot = None;
                Err(e)
            }
        })
    }

    fn repr(&self, _vm: &mut dyn Interp) -> Option<PyResult<String>> {
        Some(Ok(format!(
            "<generator object {} at {:#x}>",
            self.node.code.qualname, self as *const GenExpr as usize
        )))
    }
}
