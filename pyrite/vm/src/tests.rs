//! Tests (added once the compiler is complete).
