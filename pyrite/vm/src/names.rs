//! Name operations other than local registers: globals and builtins (`LoadGlobal`), the
//! namespaces of module and class bodies (`LoadName`/`StoreName`), and cells
//! (`LoadDeref`/`StoreDeref`), with CPython 3.11's `NameError`/`UnboundLocalError` messages.
//!
//! Invariant: lookups go module namespace, then builtins (`pyrite_runtime::builtins::lookup`);
//! a body with its own namespace (`LoadName`) looks there first. Quickened global loads
//! (`quicken.rs`) give the same answers: their caches are keyed by the module namespace's
//! key-structure version, and re-keyed here ([`reload_global`]) when it moves.

use std::rc::Rc;

use pyrite_bytecode::code::CodeObject;
use pyrite_bytecode::instr::Instr;
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::types::{PyDict, PyStr};
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::dispatch::internal;
use crate::machine::Vm;
use crate::quicken;

/// `NameError: name 'x' is not defined`.
pub(crate) fn name_error(name: &str) -> PyErr {
    let err = PyErr::new(
        BuiltinType::NameError,
        format!("name '{name}' is not defined"),
    );
    let _ = err
        .0
        .dict
        .set_str(&Rc::new(PyStr::new("name".to_owned())), Value::str(name));
    err
}

/// A specialized global load of name `k` (at `at`; `builtin` for `LoadGlobalBuiltin`) whose
/// cache key no longer matches `globals`: looks the name up again and re-keys the cache if
/// the name is still where the specialization says (module namespace or builtins), returning
/// its value; `None` when it moved (the caller de-specializes).
#[cold]
pub(crate) fn reload_global(
    code: &VmCode,
    globals: &PyDict,
    at: usize,
    k: u32,
    builtin: bool,
) -> Option<Value> {
    let name = code.names.get(k as usize)?;
    let (version, found) = globals.lookup_str_slot(name)?;
    match (builtin, found) {
        (false, Some((pos, v))) => quicken::rekey_global(code, at, version, pos).then_some(v),
        (true, None) => {
            if quicken::rekey_global(code, at, version, 0) {
                quicken::cached_value(code, at)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `UnboundLocalError` for local slot `slot`.
pub(crate) fn unbound_local(code: &VmCode, slot: u16) -> PyErr {
    let name = code
        .code
        .varnames
        .get(usize::from(slot))
        .map_or("?", String::as_str);
    unbound_local_named(name)
}

fn unbound_local_named(name: &str) -> PyErr {
    PyErr::new(
        BuiltinType::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// The error for reading or deleting empty cell `k`.
fn empty_cell(code: &CodeObject, k: u32) -> PyErr {
    let name = code.cell_name(k).unwrap_or("?");
    if (k as usize) < code.cellvars.len() {
        unbound_local_named(name)
    } else {
        PyErr::new(
            BuiltinType::NameError,
            format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ),
        )
    }
}

impl Vm {
    /// Generic `LoadGlobal`: module namespace, then builtins; quickens the instruction.
    pub(crate) fn load_global(
        &mut self,
        code: &VmCode,
        globals: &PyDict,
        at: usize,
        ins: Instr,
    ) -> PyResult<Value> {
        let name = &code.names[ins.k() as usize];
        let Some((version, found)) = globals.lookup_str_slot(name) else {
            // The namespace is in use (cannot happen between instructions): no caching.
            return match globals.get_pystr(name) {
                Some(v) => Ok(v),
                None => pyrite_runtime::builtins::lookup(name.as_str())
                    .ok_or_else(|| name_error(name.as_str())),
            };
        };
        if let Some((pos, v)) = found {
            quicken::load_global(code, at, quicken::GlobalSite::Module { version, pos });
            return Ok(v);
        }
        match pyrite_runtime::builtins::lookup(name.as_str()) {
            Some(v) => {
                let site = quicken::GlobalSite::Builtin { version, value: &v };
                quicken::load_global(code, at, site);
                Ok(v)
            }
            None => Err(name_error(name.as_str())),
        }
    }

    /// The rarer name operations (see the module documentation).
    pub(crate) fn name_op(&mut self, code: &VmCode, base: usize, ins: Instr) -> PyResult<()> {
        // A bound cell's load first, without the globals `Rc` clone the others need (closures
        // and generator expressions load cells in their loops).
        if ins.op == Opcode::LoadDeref
            && let Some(v) = self.bound_cell_value(ins.k())
        {
            return self.set_reg(base + usize::from(ins.a), v);
        }
        let globals = &self.frame_globals()?;
        let k = ins.k();
        let a = base + usize::from(ins.a);
        match ins.op {
            Opcode::DeleteGlobal => {
                let name = &code.names[k as usize];
                match globals.remove_str(name.as_str())? {
                    Some(_) => Ok(()),
                    None => Err(name_error(name.as_str())),
                }
            }
            Opcode::LoadName => {
                let name = &code.names[k as usize];
                let locals = self.frame_locals()?;
                let found = match &locals {
                    Some(l) => l.get_pystr(name),
                    None => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => {
                        let in_globals = match &locals {
                            Some(l) if Rc::ptr_eq(l, globals) => None,
                            _ => globals.get_pystr(name),
                        };
                        match in_globals {
                            Some(v) => v,
                            None => pyrite_runtime::builtins::lookup(name.as_str())
                                .ok_or_else(|| name_error(name.as_str()))?,
                        }
                    }
                };
                self.set_reg(a, v)
            }
            Opcode::StoreName => {
                let name = &code.names[k as usize];
                let v = self.reg_clone(a)?;
                let locals = self.frame_locals()?.unwrap_or_else(|| Rc::clone(globals));
                locals.set_str(name, v).map(drop)
            }
            Opcode::DeleteName => {
                let name = &code.names[k as usize];
                let locals = self.frame_locals()?.unwrap_or_else(|| Rc::clone(globals));
                match locals.remove_str(name.as_str())? {
                    Some(_) => Ok(()),
                    None => Err(name_error(name.as_str())),
                }
            }
            Opcode::LoadDeref => {
                let cell = self.cell(k)?;
                let v = cell.try_borrow().ok().and_then(|c| c.clone());
                match v {
                    Some(v) => self.set_reg(a, v),
                    None => Err(empty_cell(&code.code, k)),
                }
            }
            Opcode::StoreDeref => {
                let v = self.reg_clone(a)?;
                let cell = self.cell(k)?;
                let mut slot = cell.try_borrow_mut().map_err(|_| internal("cell in use"))?;
                *slot = Some(v);
                Ok(())
            }
            Opcode::DeleteDeref => {
                let cell = self.cell(k)?;
                let old = cell.try_borrow_mut().ok().and_then(|mut c| c.take());
                match old {
                    Some(_) => Ok(()),
                    None => Err(empty_cell(&code.code, k)),
                }
            }
            Opcode::LoadClassDeref => {
                let name = code.code.cell_name(k).unwrap_or("");
                let locals = self.frame_locals()?;
                if let Some(l) = &locals
                    && let Some(v) = l.get_str(name)
                {
                    return self.set_reg(a, v);
                }
                let cell = self.cell(k)?;
                let v = cell.try_borrow().ok().and_then(|c| c.clone());
                match v {
                    Some(v) => self.set_reg(a, v),
                    None => Err(empty_cell(&code.code, k)),
                }
            }
            Opcode::LoadClosure => Err(PyErr::new(
                BuiltinType::NotImplementedError,
                "class cells are not supported by the bytecode VM yet",
            )),
            _ => Err(internal("not a name operation")),
        }
    }

    /// The running frame's module namespace.
    pub(crate) fn frame_globals(&self) -> PyResult<Rc<PyDict>> {
        match self.frames.last() {
            Some(f) => Ok(Rc::clone(&f.globals)),
            None => Err(internal("no frame")),
        }
    }

    /// The running frame's local namespace (module and class bodies).
    fn frame_locals(&self) -> PyResult<Option<Rc<PyDict>>> {
        match self.frames.last() {
            Some(f) => Ok(f.locals.clone()),
            None => Err(internal("no frame")),
        }
    }

    /// Cell `k` of the running frame.
    /// The value of the running frame's cell `k` if it is bound (`LoadDeref`'s fast path, for
    /// [`Vm::name_op`] and native code); `None` leaves the error to the slow path.
    #[inline]
    pub(crate) fn bound_cell_value(&self, k: u32) -> Option<Value> {
        let cell = self.frames.last()?.cells.get(k as usize)?;
        cell.try_borrow().ok()?.clone()
    }

    fn cell(&self, k: u32) -> PyResult<crate::frame::CellRef> {
        self.frames
            .last()
            .and_then(|f| f.cells.get(k as usize))
            .cloned()
            .ok_or_else(|| internal("cell index out of range"))
    }
}
