//! Containers and sequences: the `Build*` family, the in-place adders of displays and
//! comprehensions, unpacking, f-string pieces, item fast paths, and iteration (`GetIter`, and a
//! VM-side `range` iterator that `ForIter` steps without a call).
//!
//! Invariant: every operation here computes what the runtime would (`ops::unpack`,
//! `ops::format`, `PySet::add`, `PyDict::insert` ...); the fast paths (`list[int]`, the range
//! iterator) agree with `ops::getitem` and the runtime's `range_iterator` for the cases they
//! accept and decline the rest.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use pyrite_bytecode::instr::{FormatFlags, Instr};
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::format::type_name;
use pyrite_runtime::interp::Interp;
use pyrite_runtime::iterators::range_len_value;
use pyrite_runtime::object::{PyObject, PySlice};
use pyrite_runtime::ops;
use pyrite_runtime::types::{PyDict, PyList, PySet, PyStr};
use pyrite_runtime::value::Value;

use crate::dispatch::internal;
use crate::machine::Vm;

/// `list[i]` for an in-range index (negative indices count from the end); `None` otherwise.
#[inline]
pub(crate) fn list_item(l: &PyList, i: i64) -> Option<Value> {
    let items = l.items.try_borrow().ok()?;
    let n = items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if (0..n).contains(&j) {
        items.get(j as usize).map(Value::clone_fast)
    } else {
        None
    }
}

/// `list[i] = v` for an in-range index; false (nothing done) otherwise.
#[inline]
pub(crate) fn set_list_item(l: &PyList, i: i64, v: &Value) -> bool {
    let Ok(mut items) = l.items.try_borrow_mut() else {
        return false;
    };
    let n = items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    match items.get_mut(j as usize) {
        Some(slot) if (0..n).contains(&j) => {
            std::mem::replace(slot, v.clone_fast()).discard();
            true
        }
        _ => false,
    }
}

/// `iter(range)` over `i64` values, stepped by `ForIter` without a call. Same behaviour as the
/// runtime's `range_iterator` (which it is, to Python code: same type name).
#[derive(Debug)]
pub(crate) struct VmRangeIter {
    next: Cell<i64>,
    step: i64,
    remaining: Cell<u64>,
}

impl VmRangeIter {
    #[inline]
    fn step(&self) -> Option<i64> {
        let n = self.remaining.get();
        if n == 0 {
            return None;
        }
        let v = self.next.get();
        self.remaining.set(n - 1);
        if n > 1 {
            self.next.set(v.wrapping_add(self.step));
        }
        Some(v)
    }
}

impl PyObject for VmRangeIter {
    fn type_name(&self) -> &str {
        "range_iterator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter_next(&self, _vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
        Some(Ok(self.step().map(Value::Int)))
    }
    fn next_int(&self) -> Option<Option<i64>> {
        Some(self.step())
    }
}

/// `GetIter`: `iter(v)`, with the VM's range iterator for ranges of `i64` values.
pub(crate) fn get_iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Value::Range(r) = v
        && let (Value::Int(start), Value::Int(step)) = (&r.start, &r.step)
        && let Value::Int(n) = range_len_value(r)
        && let Ok(n) = u64::try_from(n)
    {
        return Ok(Value::Other(Rc::new(Box::new(VmRangeIter {
            next: Cell::new(*start),
            step: *step,
            remaining: Cell::new(n),
        }))));
    }
    ops::iter(vm, v)
}

/// The name CPython's call errors give a callee (`f()`, `print()`).
pub(crate) fn callee_name(callee: &Value) -> String {
    match callee {
        Value::Function(f) => format!("{}()", f.qualname),
        Value::Builtin(b) => format!("{}()", b.name),
        Value::Method(m) => callee_name(&m.func),
        Value::Type(t) => format!("{}()", t.name),
        other => format!("{} object", type_name(other)),
    }
}

/// Merges mapping `src` into the call's keyword dict `dst` (`f(**src)`).
pub(crate) fn merge_kwargs(vm: &mut Vm, dst: &PyDict, src: &Value, callee: &Value) -> PyResult<()> {
    let Value::Dict(d) = src else {
        return raise(
            BuiltinType::TypeError,
            format!(
                "{} argument after ** must be a mapping, not {}",
                callee_name(callee),
                type_name(src)
            ),
        );
    };
    for e in d.entries() {
        if dst.contains(vm, &e.key)? {
            let key = match &e.key {
                Value::Str(s) => s.as_str().to_owned(),
                other => ops::repr(vm, other)?,
            };
            return raise(
                BuiltinType::TypeError,
                format!(
                    "{} got multiple values for keyword argument '{key}'",
                    callee_name(callee)
                ),
            );
        }
        dst.insert(vm, e.key, e.value)?;
    }
    Ok(())
}

impl Vm {
    /// The container, unpacking and formatting instructions.
    pub(crate) fn build_op(&mut self, base: usize, ins: Instr) -> PyResult<()> {
        let a = base + usize::from(ins.a);
        let b = base + usize::from(ins.b);
        let c = usize::from(ins.c);
        match ins.op {
            Opcode::BuildTuple => {
                let items = self.reg_values(b, c)?;
                self.set_reg(a, Value::tuple(items))
            }
            Opcode::BuildList => {
                let items = self.reg_values(b, c)?;
                self.set_reg(a, Value::list(items))
            }
            Opcode::BuildSet => {
                let items = self.reg_values(b, c)?;
                let set = PySet::new();
                for item in items {
                    set.add(self, item)?;
                }
                self.set_reg(a, Value::Set(Rc::new(set)))
            }
            Opcode::BuildMap => {
                let items = self.reg_values(b, 2 * c)?;
                let d = PyDict::new();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    d.insert(self, k, v)?;
                }
                self.set_reg(a, Value::Dict(Rc::new(d)))
            }
            Opcode::BuildString => {
                let items = self.reg_values(b, c)?;
                let mut s = String::new();
                for item in &items {
                    match item {
                        Value::Str(p) => s.push_str(p.as_str()),
                        _ => return Err(internal("BuildString of a non-str")),
                    }
                }
                self.set_reg(a, Value::str(s))
            }
            Opcode::BuildSlice => {
                let start = self.reg_clone(b)?;
                let stop = self.reg_clone(b + 1)?;
                let step = if c == 3 {
                    self.reg_clone(b + 2)?
                } else {
                    Value::None
                };
                self.set_reg(a, Value::Slice(Rc::new(PySlice { start, stop, step })))
            }
            Opcode::ListAppend => {
                let list = self.reg_clone(a)?;
                let v = self.reg_clone(b)?;
                match &list {
                    Value::List(l) => {
                        l.items
                            .try_borrow_mut()
                            .map_err(|_| internal("list in use"))?
                            .push(v);
                        Ok(())
                    }
                    _ => Err(internal("ListAppend to a non-list")),
                }
            }
            Opcode::SetAdd => {
                let set = self.reg_clone(a)?;
                let v = self.reg_clone(b)?;
                match &set {
                    Value::Set(s) => s.add(self, v),
                    _ => Err(internal("SetAdd to a non-set")),
                }
            }
            Opcode::MapAdd => {
                let d = self.reg_clone(a)?;
                let k = self.reg_clone(b)?;
                let v = self.reg_clone(base + c)?;
                match &d {
                    Value::Dict(d) => d.insert(self, k, v).map(drop),
                    _ => Err(internal("MapAdd to a non-dict")),
                }
            }
            Opcode::ListExtend => {
                let list = self.reg_clone(a)?;
                let src = self.reg_clone(b)?;
                let Value::List(l) = &list else {
                    return Err(internal("ListExtend of a non-list"));
                };
                let items = match ops::to_vec(self, &src) {
                    Ok(items) => items,
                    Err(e)
                        if e.matches(BuiltinType::TypeError) && ops::iter(self, &src).is_err() =>
                    {
                        return raise(
                            BuiltinType::TypeError,
                            format!("Value after * must be an iterable, not {}", type_name(&src)),
                        );
                    }
                    Err(e) => return Err(e),
                };
                l.items
                    .try_borrow_mut()
                    .map_err(|_| internal("list in use"))?
                    .extend(items);
                Ok(())
            }
            Opcode::SetUpdate => {
                let set = self.reg_clone(a)?;
                let src = self.reg_clone(b)?;
                match &set {
                    Value::Set(s) => s.update(self, &src),
                    _ => Err(internal("SetUpdate of a non-set")),
                }
            }
            Opcode::DictUpdate => {
                let d = self.reg_clone(a)?;
                let src = self.reg_clone(b)?;
                let Value::Dict(d) = &d else {
                    return Err(internal("DictUpdate of a non-dict"));
                };
                match &src {
                    Value::Dict(s) => d.update_from(self, s),
                    other => raise(
                        BuiltinType::TypeError,
                        format!("'{}' object is not a mapping", type_name(other)),
                    ),
                }
            }
            Opcode::DictMerge => {
                let d = self.reg_clone(a)?;
                let src = self.reg_clone(b)?;
                let callee = self.reg_clone(base + c)?;
                let Value::Dict(d) = &d else {
                    return Err(internal("DictMerge of a non-dict"));
                };
                merge_kwargs(self, d, &src, &callee)
            }
            Opcode::ListToTuple => match self.reg_clone(b)? {
                Value::List(l) => {
                    let items = l
                        .items
                        .try_borrow()
                        .map_err(|_| internal("list in use"))?
                        .clone();
                    self.set_reg(a, Value::tuple(items))
                }
                _ => Err(internal("ListToTuple of a non-list")),
            },
            Opcode::FormatValue => {
                let v = self.reg_clone(b)?;
                let converted = match ins.x & FormatFlags::CONVERSION {
                    FormatFlags::STR => Value::str(ops::str_(self, &v)?),
                    FormatFlags::REPR => Value::str(ops::repr(self, &v)?),
                    FormatFlags::ASCII => Value::str(ops::ascii(self, &v)?),
                    _ => v,
                };
                let spec = if ins.x & FormatFlags::HAS_SPEC != 0 {
                    match self.reg_clone(base + c)? {
                        Value::Str(s) => s,
                        _ => return Err(internal("format spec is not a str")),
                    }
                } else {
                    if let Value::Str(_) = converted {
                        return self.set_reg(a, converted);
                    }
                    Rc::new(PyStr::new(String::new()))
                };
                let text = ops::format(self, &converted, spec.as_str())?;
                self.set_reg(a, Value::str(text))
            }
            Opcode::UnpackSequence => {
                let src = self.reg_clone(b)?;
                let items = ops::unpack(self, &src, c)?;
                self.store_window(a, items)
            }
            Opcode::UnpackEx => {
                let src = self.reg_clone(b)?;
                let items = ops::unpack_ex(self, &src, c & 0xff, c >> 8)?;
                self.store_window(a, items)
            }
            _ => Err(internal("not a container operation")),
        }
    }

    /// Stores `items` in consecutive slots from `start`.
    fn store_window(&mut self, start: usize, items: Vec<Value>) -> PyResult<()> {
        let n = items.len();
        let Some(window) = self.stack.range_mut(start, start + n) else {
            return Err(internal("unpack window out of range"));
        };
        for (slot, v) in window.iter_mut().zip(items) {
            *slot = Some(v);
        }
        Ok(())
    }
}

/// An error for an exception that is not an exception (for `raise`).
pub(crate) fn not_an_exception() -> PyErr {
    PyErr::new(
        BuiltinType::TypeError,
        "exceptions must derive from BaseException",
    )
}
