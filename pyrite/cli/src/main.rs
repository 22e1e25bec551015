//! The `pyrite` binary.
fn main() {}
