//! The value stack: the registers of every active frame, in one contiguous `Vec`.
//!
//! # Memory layout
//! ```text
//! slots: [ frame 0 registers | frame 1 registers | ... | top frame registers ]
//!          ^ base 0            ^ base 1 = base 0 + n_registers 0            ^ len
//! one slot = Option<Value> (16 bytes): `None` is the *unbound* state of a local variable,
//! using `Value`'s spare tag values, so the option costs no space.
//! ```
//! A frame's registers are `slots[base .. base + code.n_registers]`; a call pushes the callee's
//! window right after the caller's (the arguments are copied from the caller's window into the
//! callee's parameter slots) and a return truncates back to the callee's base. Nothing but frames
//! lives here, so there is no per-call allocation once the `Vec` has grown to the program's
//! deepest call chain.
//!
//! # Invariant
//! While a frame is on the frame stack, `slots.len() >= base + n_registers` for it: windows are
//! only ever pushed above the top, and only popping a frame truncates, to that frame's own base.
//! Code run re-entrantly (a builtin calling back into Python) pushes and pops above the frames it
//! found. The dispatch loop relies on this, with the validation of register operands
//! (`code.rs`), to index registers without bounds checks.

use pyrite_runtime::error::PyResult;
use pyrite_runtime::value::Value;

use crate::dispatch::internal;
use crate::machine::Vm;

/// One register.
pub type Slot = Option<Value>;

// A register is exactly a `Value`: the unbound state lives in the tag's spare values.
const _: () = assert!(std::mem::size_of::<Slot>() == 16);
const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// Slots reserved up front: enough for the deepest recursion the limit allows at typical frame
/// sizes, so the `Vec` rarely moves (moving it is correct, only slower: registers are always
/// addressed by index, never by a pointer kept across a call).
const INITIAL_SLOTS: usize = 1 << 16;

/// `*slot = Some(v)`, releasing the old value inline when it owns nothing.
///
/// A plain assignment calls the out-of-line drop glue of `Value` for every register write,
/// even when the register held an `int` or a `float` (callgrind on `int_loops`: a call per
/// arithmetic instruction, about a tenth of all instructions executed). The hot instructions
/// store through this instead.
#[inline(always)]
pub fn store(slot: &mut Slot, v: Value) {
    if let Some(old) = slot.replace(v) {
        old.discard();
    }
}

/// True for a slot that owns nothing: unbound, or an inline kind (`None`, `bool`, `int`,
/// `float`). Such a slot may be copied bitwise and forgotten without a drop.
#[inline(always)]
pub(crate) fn is_inline(slot: &Slot) -> bool {
    match slot {
        None => true,
        Some(v) => v.is_inline(),
    }
}

/// See the module documentation.
pub struct ValueStack {
    slots: Vec<Slot>,
}

impl Default for ValueStack {
    fn default() -> Self {
        ValueStack {
            slots: Vec::with_capacity(INITIAL_SLOTS),
        }
    }
}

impl ValueStack {
    /// The number of slots in use (the base of the next frame).
    #[inline]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no frame is active.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Slot `i`.
    ///
    /// # Safety
    /// `i < self.len()`.
    #[inline(always)]
    pub unsafe fn slot_unchecked(&self, i: usize) -> &Slot {
        debug_assert!(i < self.slots.len());
        // SAFETY: the caller guarantees `i < len`.
        unsafe { self.slots.get_unchecked(i) }
    }

    /// Slot `i`, mutably.
    ///
    /// # Safety
    /// `i < self.len()`.
    #[inline(always)]
    pub unsafe fn slot_unchecked_mut(&mut self, i: usize) -> &mut Slot {
        debug_assert!(i < self.slots.len());
        // SAFETY: the caller guarantees `i < len`.
        unsafe { self.slots.get_unchecked_mut(i) }
    }

    /// `slots[dst] = (*src).clone()`, releasing what `dst` held: the reference is taken first,
    /// then the old value dropped, then the 16 bytes copied whole. Never through a temporary
    /// `Value`, whose tag and payload the compiler moves as separate pieces that the CPU cannot
    /// forward to the wider load that follows (perf annotate of `Move` and
    /// `LoadMethodCached` in `run_frames`).
    ///
    /// # Safety
    /// `dst < self.len()`; `src` points to a live value that dropping `dst`'s old value cannot
    /// free: another slot, `dst` itself, or a value the running code or its frame owns (an
    /// inline cache, a global).
    #[inline(always)]
    pub unsafe fn clone_into_unchecked(&mut self, dst: usize, src: *const Value) {
        debug_assert!(dst < self.slots.len());
        // SAFETY: the caller's contract: `src` is live until the copy (its reference was
        // taken first, so dropping `dst` does not free it even when it is the same slot) and
        // `dst` is in bounds. A `Some(v)` slot has `v`'s bytes (`Option<Value>` uses a niche
        // of the tag), so copying a value's bytes into the slot makes it `Some` of it.
        unsafe {
            // Inline kinds own nothing: no call into `add_ref` for them.
            if !(*src).is_inline() {
                (*src).add_ref();
            }
            let p = self.slots.as_mut_ptr().add(dst);
            if !is_inline(&*p) {
                std::ptr::drop_in_place(p);
            }
            std::ptr::copy(src, p.cast::<Value>(), 1);
        }
    }

    /// Moves the slot at `src` (outside the stack) into slot `dst`, releasing what `dst` held;
    /// `src` is left logically uninitialized.
    ///
    /// # Safety
    /// `dst < self.len()`; `src` is an initialized slot the caller owns and does not use again.
    #[inline(always)]
    pub unsafe fn move_into_unchecked(&mut self, dst: usize, src: *const Slot) {
        debug_assert!(dst < self.slots.len());
        // SAFETY: the caller's contract; the old value is dropped before the copy overwrites
        // it, and the copy takes over `src`'s ownership.
        unsafe {
            let p = self.slots.as_mut_ptr().add(dst);
            if !is_inline(&*p) {
                std::ptr::drop_in_place(p);
            }
            std::ptr::copy_nonoverlapping(src, p, 1);
        }
    }

    /// `slots[dst] = slots[src].clone()` (a `Move`), through [`Self::clone_into_unchecked`].
    ///
    /// # Safety
    /// `src < self.len()` and `dst < self.len()`.
    #[inline(always)]
    pub unsafe fn copy_unchecked(&mut self, src: usize, dst: usize) {
        // SAFETY: the caller guarantees both indices are in bounds; a slot is a valid source
        // for another slot or itself.
        unsafe {
            match self.slot_unchecked(src) {
                Some(v) => {
                    let v: *const Value = v;
                    self.clone_into_unchecked(dst, v);
                }
                None => *self.slot_unchecked_mut(dst) = None,
            }
        }
    }

    /// Slot `i`, checked (`None` past the end).
    #[inline]
    pub fn get(&self, i: usize) -> Option<&Slot> {
        self.slots.get(i)
    }

    /// Slot `i`, checked, mutably.
    #[inline]
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Slot> {
        self.slots.get_mut(i)
    }

    /// Stores `v` in slot `i` through [`store`]; false (nothing stored) past the end.
    #[inline(always)]
    pub fn put(&mut self, i: usize, v: Value) -> bool {
        match self.slots.get_mut(i) {
            Some(slot) => {
                store(slot, v);
                true
            }
            None => false,
        }
    }

    /// Slots `start..end`, checked.
    #[inline]
    pub fn range(&self, start: usize, end: usize) -> Option<&[Slot]> {
        self.slots.get(start..end)
    }

    /// Slots `start..end`, checked, mutably.
    #[inline]
    pub fn range_mut(&mut self, start: usize, end: usize) -> Option<&mut [Slot]> {
        self.slots.get_mut(start..end)
    }

    /// Appends copies of slots `start..end` (a call's arguments, to the callee's window),
    /// then the rest of `window` (the callee's initial registers, `VmCode::window`: unbound
    /// slots and constant registers) from index `end - start` on: the callee's whole register
    /// window. Returns false (changing nothing) if the range is not in use or longer than the
    /// window.
    #[inline]
    pub fn push_window(&mut self, start: usize, end: usize, window: &[Slot]) -> bool {
        let size = window.len();
        if start > end || end > self.slots.len() || end - start > size {
            return false;
        }
        self.slots.reserve(size);
        let len = self.slots.len();
        let n = end - start;
        let base = self.slots.as_mut_ptr();
        // SAFETY: `start..end` is in bounds (checked above) and `len..len + size` is within
        // the capacity (reserved above), so every pointer below is in the allocation, and the
        // two ranges do not overlap (`end <= len`); `window` is another allocation. Each new
        // slot is written exactly once before the length covers it. An inline value (or an
        // unbound slot) owns nothing, so its bitwise copy is an independent value; other
        // values are cloned. Every slot of a `window` is inline (`VmCode::window`).
        //
        // Why raw copies (perf annotate on `fib`): building each copy in a local and pushing
        // it made the compiler store the tag byte and the payload separately, then reload the
        // slot with wider loads, a store-forwarding stall on every argument of every call.
        unsafe {
            for k in 0..n {
                let src = base.add(start + k);
                if is_inline(&*src) {
                    std::ptr::copy_nonoverlapping(src, base.add(len + k), 1);
                } else {
                    base.add(len + k).write((*src).clone());
                }
            }
            debug_assert!(window.iter().all(is_inline));
            std::ptr::copy_nonoverlapping(window.as_ptr().add(n), base.add(len + n), size - n);
            self.slots.set_len(len + size);
        }
        true
    }

    /// Appends a frame's initial registers (`VmCode::window`, every slot inline).
    #[inline]
    pub fn push_template(&mut self, window: &[Slot]) {
        debug_assert!(window.iter().all(is_inline));
        self.slots.reserve(window.len());
        let len = self.slots.len();
        // SAFETY: `len..len + window.len()` is within the capacity (reserved above) and
        // `window` is another allocation; every slot of a `window` is inline (owns nothing),
        // so bitwise copies are independent values, written before the length covers them.
        unsafe {
            std::ptr::copy_nonoverlapping(
                window.as_ptr(),
                self.slots.as_mut_ptr().add(len),
                window.len(),
            );
            self.slots.set_len(len + window.len());
        }
    }

    /// Appends one slot.
    #[inline]
    pub fn push(&mut self, slot: Slot) {
        self.slots.push(slot);
    }

    /// Appends values.
    #[inline]
    pub fn extend_values(&mut self, values: &[Value]) {
        self.slots.extend(values.iter().cloned().map(Some));
    }

    /// Grows (with unbound slots) or shrinks to `len`.
    #[inline]
    pub fn resize(&mut self, len: usize) {
        if len <= self.slots.len() {
            self.truncate(len);
        } else {
            let n = len - self.slots.len();
            self.slots.extend(std::iter::repeat_with(|| None).take(n));
        }
    }

    /// Pops every slot from `base` up (dropping a frame's registers).
    #[inline]
    pub fn truncate(&mut self, base: usize) {
        let len = self.slots.len();
        if base >= len {
            return;
        }
        // SAFETY: `base < len`: the slots `base..len` are initialized. The length drops to
        // `base` first, so the vector no longer owns them and each is dropped exactly once
        // here (a panicking drop leaks the rest rather than dropping twice). Inline values
        // own nothing and are skipped (the out-of-line drop glue of `Value` is a call).
        unsafe {
            self.slots.set_len(base);
            let p = self.slots.as_mut_ptr();
            for i in base..len {
                let slot = p.add(i);
                if !is_inline(&*slot) {
                    std::ptr::drop_in_place(slot);
                }
            }
        }
    }

    /// Removes the slots from `base` up and returns them (a generator's registers, saved while
    /// it is suspended).
    pub fn take_from(&mut self, base: usize, into: &mut Vec<Slot>) {
        into.clear();
        let len = self.slots.len();
        if base >= len {
            return;
        }
        let n = len - base;
        into.reserve(n);
        // SAFETY: `base < len`, so `slots[base..len]` are `n` initialized values; `into` has
        // room for `n` more (reserved above) and does not overlap `slots`. The values are moved
        // bitwise: `slots` forgets them (its length drops to `base` first) and `into` takes
        // ownership (its length grows by `n` after the copy), so each is owned exactly once.
        unsafe {
            self.slots.set_len(base);
            std::ptr::copy_nonoverlapping(
                self.slots.as_ptr().add(base),
                into.as_mut_ptr().add(into.len()),
                n,
            );
            into.set_len(into.len() + n);
        }
        debug_assert_eq!(self.slots.len(), base);
    }

    /// Appends saved slots (a generator's registers, restored on resumption), leaving `from`
    /// empty.
    pub fn restore(&mut self, from: &mut Vec<Slot>) {
        self.slots.append(from);
    }
}

impl Vm {
    /// Stores `v` in stack slot `i` through [`store`] (checked).
    #[inline(always)]
    pub(crate) fn put_reg(&mut self, i: usize, v: Value) -> PyResult<()> {
        if self.stack.put(i, v) {
            Ok(())
        } else {
            Err(internal("register out of range"))
        }
    }
}
