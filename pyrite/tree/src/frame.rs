//! A running function's frame: its local slots, its cells and the line it is at.
//!
//! Layout: `locals` holds one `Option<Value>` per slot of the code (`None` = unbound), the
//! parameters first; `cells` holds the code's cell variables, then the free variables received
//! from the function's closure. A frame is created by one allocation for `locals` (and one for
//! `cells` when the code has any); nothing is looked up by name.
//!
//! Invariant: `locals.len() == code.n_locals` and `cells.len() == code.cell_names.len()` for
//! the whole life of the frame, so slot and cell indices from the lowering are always in range
//! (the evaluator still uses checked access and reports a `SystemError` rather than panic).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use pyrite_runtime::types::PyDict;
use pyrite_runtime::value::Value;

use crate::node::Code;

/// A cell: a variable shared between a frame and the closures created in it.
pub type CellRef = Rc<RefCell<Option<Value>>>;

/// See the module documentation.
pub struct Frame {
    /// Fast locals (`None` = unbound).
    pub locals: Vec<Option<Value>>,
    /// Cell variables, then free variables.
    pub cells: Vec<CellRef>,
    /// The module's namespace.
    pub globals: Rc<PyDict>,
    /// The code running.
    pub code: Rc<Code>,
    /// The line being executed (what a traceback entry for this frame shows).
    pub line: u32,
}

impl Frame {
    /// A frame for `code` with the given locals; makes the code's own cells (moving parameters
    /// that live in cells into them) and appends the closure's cells.
    pub fn new(
        code: Rc<Code>,
        globals: Rc<PyDict>,
        mut locals: Vec<Option<Value>>,
        closure: &[CellRef],
    ) -> Frame {
        let cells = if code.cell_names.is_empty() {
            Vec::new()
        } else {
            let mut cells: Vec<CellRef> = Vec::with_capacity(code.cell_names.len());
            cells.extend((0..code.n_cellvars).map(|_| Rc::new(RefCell::new(None))));
            for &(slot, cell) in &code.param_cells {
                if let (Some(v), Some(c)) =
                    (locals.get_mut(slot as usize), cells.get(cell as usize))
                {
                    *c.borrow_mut() = v.take();
                }
            }
            cells.extend(closure.iter().cloned());
            cells
        };
        let line = code.line;
        Frame {
            locals,
            cells,
            globals,
            code,
            line,
        }
    }
}

/// Most locals vectors kept for reuse, and the largest capacity worth keeping.
const POOL_SIZE: usize = 256;
const POOL_MAX_CAPACITY: usize = 64;

thread_local! {
    /// Emptied locals vectors of finished calls: a call takes one instead of allocating
    /// (malloc + free were ~5% of a call-heavy benchmark).
    static LOCALS_POOL: RefCell<Vec<Vec<Option<Value>>>> = const { RefCell::new(Vec::new()) };
}

/// An empty locals vector with room for `n` slots.
#[inline]
pub fn new_locals(n: usize) -> Vec<Option<Value>> {
    let pooled = LOCALS_POOL.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()));
    match pooled {
        Some(mut v) => {
            v.reserve(n);
            v
        }
        None => Vec::with_capacity(n.max(4)),
    }
}

/// `n` unbound locals (`None`s), in a vector from the pool.
///
/// Written through the spare capacity: `Vec::resize` was not inlined and cost ~8% of `fib`
/// (one call per function call).
#[inline]
pub fn unbound_locals(n: usize) -> Vec<Option<Value>> {
    let mut locals = new_locals(n);
    debug_assert!(locals.is_empty() && locals.capacity() >= n);
    let spare = &mut locals.spare_capacity_mut()[..n];
    for slot in spare.iter_mut() {
        slot.write(None);
    }
    // SAFETY: `locals` was empty, and its first `n` slots (within capacity: `new_locals`
    // reserves `n`, and the slice above would have panicked otherwise) were just initialized.
    unsafe { locals.set_len(n) };
    locals
}

/// Gives a finished frame's locals vector back for reuse.
#[inline]
pub fn recycle_locals(mut v: Vec<Option<Value>>) {
    if v.capacity() > POOL_MAX_CAPACITY {
        return;
    }
    v.clear();
    LOCALS_POOL.with(|p| {
        if let Ok(mut p) = p.try_borrow_mut()
            && p.len() < POOL_SIZE
        {
            p.push(v);
        }
    });
}

thread_local! {
    /// Bumped by every store to (or deletion from) a module namespace through this tier; the
    /// global load sites' caches are valid while it is unchanged. Invariant: every write to a
    /// namespace the tier created goes through [`globals_changed`] (the runtime holds no
    /// handle on those dicts: there is no `globals()` yet — when one is added, it must bump it).
    static GLOBALS_VERSION: Cell<u64> = const { Cell::new(1) };
}

/// The current namespace version.
#[inline]
pub fn globals_version() -> u64 {
    GLOBALS_VERSION.with(|v| v.get())
}

/// Invalidates every global load cache.
#[inline]
pub fn globals_changed() {
    GLOBALS_VERSION.with(|v| v.set(v.get().wrapping_add(1)));
}
