//! Attribute instructions off the hot path: generic `LoadMethod`, which quickens itself into
//! `LoadMethodCached` for builtin receivers (see `quicken.rs`).
//!
//! Invariant: the result is `ops::load_method`'s: `r[a]` the callable, `r[a+1]` the receiver to
//! pass first, or unbound when the callable is called as is.

use pyrite_bytecode::instr::Instr;
use pyrite_runtime::error::PyResult;
use pyrite_runtime::ops;

use crate::code::VmCode;
use crate::machine::Vm;
use crate::quicken;

impl Vm {
    /// Generic `LoadMethod a b name`.
    pub(crate) fn load_method_generic(
        &mut self,
        code: &VmCode,
        at: usize,
        base: usize,
        ins: Instr,
    ) -> PyResult<()> {
        let a = base + usize::from(ins.a);
        let obj = self.reg_clone(base + usize::from(ins.b))?;
        let (func, recv) = ops::load_method(self, &obj, &code.names[ins.k() as usize])?;
        match recv {
            Some(recv) => {
                quicken::load_method(code, at, &recv, &func);
                self.set_reg(a, func)?;
                self.set_reg(a + 1, recv)
            }
            None => {
                self.set_reg(a, func)?;
                match self.stack.get_mut(a + 1) {
                    Some(slot) => {
                        *slot = None;
                        Ok(())
                    }
                    None => Err(crate::dispatch::internal("LoadMethod window")),
                }
            }
        }
    }
}
