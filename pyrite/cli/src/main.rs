//! The `pyrite` binary: a thin shell over [`pyrite::main_with_args`].

fn main() {
    std::process::exit(pyrite::main_with_args(std::env::args_os()));
}
