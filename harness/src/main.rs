//! harness: the differential-testing and benchmark driver (DESIGN.md section 4).
fn main() {}
