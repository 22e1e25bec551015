//! The `pyrite` binary: a thin shell over [`pyrite::main_with_args`], with mimalloc as the
//! global allocator (Python programs make many small, short-lived allocations: values, strings,
//! frames' cells; mimalloc serves them faster than glibc's malloc and keeps freed pages).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(pyrite::main_with_args(std::env::args_os()));
}
