//! The `pyrite` binary: a thin shell over [`pyrite::main_with_args`], with mimalloc as the
//! global allocator (Python programs make many small, short-lived allocations: values, strings,
//! frames' cells; mimalloc serves them faster than glibc's malloc and keeps freed pages),
//! entered as `alloc.rs` explains.

mod alloc;

#[global_allocator]
static GLOBAL: alloc::Mimalloc = alloc::Mimalloc;

fn main() {
    std::process::exit(pyrite::main_with_args(std::env::args_os()));
}
