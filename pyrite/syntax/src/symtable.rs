//! Placeholder: `symtable` is being written.
