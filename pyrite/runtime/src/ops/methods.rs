//! The method lookup of the builtin types: what `[].append`, `{}.get` and `','.join` are.
//!
//! The tables themselves live in [`crate::methods`] (one file per type); this module is the
//! object protocol's view of them. [`builtin_methods`] gives the methods a type binds to its
//! instances; [`find_builtin_method`] walks the builtin base chain (`bool` finds `int`'s
//! methods, `KeyError` finds `BaseException`'s); [`find_builtin_classmethod`] finds the ones
//! that bind to the class even when looked up on an instance (`{}.fromkeys`, `int.from_bytes`).

use crate::builtin_type::BuiltinType;
use crate::object::BuiltinFn;

/// One method of a builtin type: its name and implementation.
pub type BuiltinMethod = (&'static str, BuiltinFn);

/// The instance methods `t` itself defines (not its bases').
#[inline]
pub fn builtin_methods(t: BuiltinType) -> &'static [BuiltinMethod] {
    crate::methods::table(t)
}

/// The instance method `name` of `t` or of its builtin bases.
#[inline]
pub fn find_builtin_method(t: BuiltinType, name: &str) -> Option<BuiltinMethod> {
    let mut t = Some(t);
    while let Some(ty) = t {
        if let Some(m) = builtin_methods(ty).iter().find(|(n, _)| *n == name) {
            return Some(*m);
        }
        t = ty.base();
    }
    None
}

/// The class method `name` of `t` or of its builtin bases (`dict.fromkeys`): called with the
/// class as its first argument.
pub fn find_builtin_classmethod(t: BuiltinType, name: &str) -> Option<BuiltinMethod> {
    let mut t = Some(t);
    while let Some(ty) = t {
        if let Some(m) = crate::methods::classmethods(ty)
            .iter()
            .find(|(n, _)| *n == name)
        {
            return Some(*m);
        }
        t = ty.base();
    }
    None
}
