//! The evaluator: walks the resolved tree of [`crate::node`] over [`Frame`]s.
//!
//! - [`expr`]: expressions; [`stmt`]: statements and control flow; [`target`]: assignment and
//!   deletion targets; [`call`]: calls, function creation and entry; [`comprehension`]:
//!   list/set/dict comprehensions and generator expressions; [`fstring`]: f-strings.
//!
//! [`TreeVm`] is the tier's [`Interp`]: the runtime calls back through it (`sorted(key=f)`,
//! `map(f, xs)`). It holds no state of its own — the per-thread state (recursion depth,
//! exceptions being handled) lives in [`crate::unwind`] — so any code holding a `&mut dyn
//! Interp` (a generator expression resumed by a builtin, say) can evaluate tree code.
//!
//! Every operator's meaning comes from `pyrite_runtime::ops`; this module only decides *when*
//! to evaluate *what* (order of evaluation, short-circuits, control flow).

pub mod call;
pub mod comprehension;
pub mod expr;
pub mod fstring;
pub mod stmt;
pub mod target;

use std::rc::Rc;

use pyrite_runtime::error::PyResult;
use pyrite_runtime::interp::Interp;
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::types::PyStr;
use pyrite_runtime::value::Value;

pub use crate::frame::Frame;

/// The tree tier's interpreter handle (stateless; see the module documentation).
#[derive(Debug, Default, Clone, Copy)]
pub struct TreeVm;

impl Interp for TreeVm {
    fn call_function(
        &mut self,
        func: &Rc<PyFunction>,
        args: &[Value],
        kwargs: &[(Rc<PyStr>, Value)],
    ) -> PyResult<Value> {
        call::call_function(self, func, args, kwargs)
    }
}
