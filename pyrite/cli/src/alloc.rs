//! The `pyrite` binary's global allocator: mimalloc, entered by its plain `malloc` whenever the
//! alignment asked for is one every block of that size already has.
//!
//! The `mimalloc` crate's allocator passes every request to `mi_malloc_aligned`. When the
//! thread's free list for the size class is momentarily empty, that function does not refill
//! it as `mi_malloc` does: it over-allocates by the alignment and aligns by hand (callgrind on
//! `fannkuch`: 384,470 of 1,023,125 allocations took that path, 78 instructions an allocation
//! on average, 8% of the run). Rust's own allocator shims make the same choice as here
//! (`alloc::System` on Unix: plain `malloc` when the alignment is at most the platform's
//! minimum and at most the size).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment of every `mi_malloc` block larger than 8 bytes (`MI_MAX_ALIGN_SIZE`: on 64-bit
/// targets every size class above one word is a multiple of 16 bytes, `page-queue.c`'s
/// `MI_ALIGN2W`, and pages start 16-aligned); a block of 8 bytes or fewer is 8-aligned, as
/// `align <= size` then asks.
const MIN_ALIGN: usize = 16;

/// See the module documentation.
pub struct Mimalloc;

/// Whether plain `mi_malloc` of `layout.size()` bytes is aligned enough for `layout`.
#[inline]
fn plain(layout: &Layout) -> bool {
    layout.align() <= MIN_ALIGN && layout.align() <= layout.size()
}

// SAFETY: every method forwards to mimalloc, whose `malloc`/`zalloc`/`realloc` return blocks
// of at least the size asked for, aligned to `MIN_ALIGN` or the size's natural alignment (so
// `plain` requests are aligned), and whose `_aligned` forms honour any alignment; `mi_free`
// releases blocks from either family.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        let p: *mut u8 = unsafe {
            if plain(&layout) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        };
        debug_assert!(p.is_null() || (p as usize).is_multiple_of(layout.align()));
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if plain(&layout) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the `GlobalAlloc` contract).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (the `GlobalAlloc` contract);
        // the new block is aligned as the old one had to be.
        unsafe {
            if layout.align() <= MIN_ALIGN && layout.align() <= new_size {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}
