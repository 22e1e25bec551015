//! A frame's bookkeeping: which code runs, where its registers are, where it resumes, where its
//! result goes. The registers themselves live in the shared [`crate::stack::ValueStack`].
//!
//! # Layout
//! ```text
//! frames: [ Frame 0 (module) | Frame 1 | ... | Frame top (running) ]
//!             |                  |                |
//! stack:  [ regs 0 ........ | regs 1 ...... | regs top .......... ]
//! ```
//! `Frame::pc` is the next instruction to run. For a frame that is not running (it is waiting
//! for a callee), the instruction before `pc` is the call it is waiting on, which is also the
//! instruction a traceback entry for it names.
//!
//! Invariant: `frames[i].base + frames[i].code.n_registers <= frames[i + 1].base`, and the top
//! frame's window ends at or below the stack's length (see `stack.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use pyrite_runtime::types::PyDict;
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::generator::GenCore;

/// A cell: a variable shared between a frame and the closures made in it (the runtime's
/// `PyFunction::closure` representation).
pub type CellRef = Rc<RefCell<Option<Value>>>;

/// How a frame was entered, which decides what its `Return` does.
pub(crate) enum FrameKind {
    /// A function, module or class body: `Return` hands the value to the caller.
    Plain,
    /// A generator's body resumed by `next`/`send`/`throw`: `Yield` suspends it.
    Generator(Rc<GenCore>),
}

/// See the module documentation.
///
/// `Vm::pop_plain_frame` drops a frame field by field: a new field that owns anything must
/// be dropped there too.
pub(crate) struct Frame {
    /// The running code.
    pub code: Rc<VmCode>,
    /// The module namespace (`LoadGlobal`, `StoreGlobal`).
    pub globals: Rc<PyDict>,
    /// The local namespace of a module or class body (`LoadName`, `StoreName`).
    pub locals: Option<Rc<PyDict>>,
    /// Cell variables, then free variables.
    pub cells: Vec<CellRef>,
    /// First register in the value stack.
    pub base: usize,
    /// The next instruction.
    pub pc: u32,
    /// The caller's register that receives this frame's result.
    pub ret: u16,
    /// How it was entered.
    pub kind: FrameKind,
}
