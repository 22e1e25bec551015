//! pyrite-tree: the tree-walking tier. Evaluates the AST directly, after the symbol-table pass has
//! resolved every name to a local slot, a cell, a global or a builtin (DESIGN.md section 3).
//!
//! Not built yet: this crate fixes the boundary (it may use `pyrite-syntax` and `pyrite-runtime`,
//! nothing else of ours) so later work lands in the right place.
