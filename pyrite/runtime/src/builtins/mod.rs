//! The `builtins` namespace: `len`, `print`, `int`, `ValueError`, ... as Python sees them.
//!
//! - [`lookup`] is what a tier's resolved "builtin" name loads: the builtin functions of the
//!   families below, every builtin class (constructors included, `int('7')`), and every
//!   exception class.
//! - [`constructor`] is what calling a builtin class runs, for the classes whose constructors
//!   live here (`int`, `float`, `bool`, `str`, `bytes`, `range`, `type`, `slice`, `object`);
//!   `list`/`tuple`/`dict`/`set`/`frozenset` are built by [`crate::ops::builtin_constructor`].
//!
//! One file per family, each a set of plain [`BuiltinFn`]s: [`io`] (`print`, `input`),
//! [`numeric`] (`abs`, `divmod`, `pow`, `round`, `hex`, `int()`, `float()`, ...), [`seq`]
//! (`len`, `min`, `sorted`, `zip`, `range()`, ...), [`text`] (`str()`, `repr`, `ord`, `chr`,
//! `format`, ...), [`object`] (`isinstance`, `type`, `hash`, `iter`, `getattr`, ...).
//! Argument checking with CPython's messages is in [`args`].
//!
//! Invariant: every function checks its own arguments (count, keywords, kinds) and raises
//! CPython 3.11's exact `TypeError`; none panics on any input.
//!
//! Divergence: `enumerate`, `zip`, `map`, `filter` and `reversed` are builtin functions here,
//! classes in CPython (`type(enumerate)` prints differently; their objects' type names agree).

pub mod args;
pub mod io;
pub mod numeric;
pub mod object;
pub mod seq;
pub mod text;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::object::{BuiltinFn, PyBuiltin};
use crate::value::Value;

/// Every builtin function, by name.
static FUNCTIONS: &[(&str, BuiltinFn)] = &[
    ("abs", numeric::abs),
    ("all", seq::all),
    ("any", seq::any),
    ("ascii", text::ascii),
    ("bin", numeric::bin),
    ("callable", object::callable),
    ("chr", text::chr),
    ("delattr", object::delattr),
    ("divmod", numeric::divmod),
    ("enumerate", seq::enumerate),
    ("filter", seq::filter),
    ("format", text::format),
    ("getattr", object::getattr),
    ("hasattr", object::hasattr),
    ("hash", object::hash),
    ("hex", numeric::hex),
    ("id", object::id),
    ("input", io::input),
    ("isinstance", object::isinstance),
    ("issubclass", object::issubclass),
    ("iter", object::iter),
    ("len", seq::len),
    ("map", seq::map),
    ("max", seq::max),
    ("min", seq::min),
    ("next", object::next),
    ("oct", numeric::oct),
    ("ord", text::ord),
    ("pow", numeric::pow),
    ("print", io::print),
    ("repr", text::repr),
    ("reversed", seq::reversed),
    ("round", numeric::round),
    ("setattr", object::setattr),
    ("sorted", seq::sorted),
    ("sum", seq::sum),
    ("zip", seq::zip),
];

/// The builtin classes visible by name (besides the exceptions).
const CLASSES: &[BuiltinType] = &[
    BuiltinType::Object,
    BuiltinType::Type,
    BuiltinType::Int,
    BuiltinType::Bool,
    BuiltinType::Float,
    BuiltinType::Complex,
    BuiltinType::Str,
    BuiltinType::Bytes,
    BuiltinType::Tuple,
    BuiltinType::List,
    BuiltinType::Dict,
    BuiltinType::Set,
    BuiltinType::FrozenSet,
    BuiltinType::Range,
    BuiltinType::Slice,
];

thread_local! {
    /// The namespace, built on first use (values hold `Rc`s, so one per thread).
    static NAMESPACE: RefCell<HashMap<&'static str, Value>> = RefCell::new(HashMap::new());
}

fn build_namespace() -> HashMap<&'static str, Value> {
    let mut ns = HashMap::new();
    for &(name, func) in FUNCTIONS {
        ns.insert(
            name,
            Value::Builtin(Rc::new(PyBuiltin {
                name,
                func,
                receiver: None,
            })),
        );
    }
    for &t in CLASSES {
        ns.insert(t.name(), Value::Type(t.class()));
    }
    let base_exception = BuiltinType::BaseException as usize;
    for &t in &BuiltinType::ALL[base_exception..] {
        ns.insert(t.name(), Value::Type(t.class()));
    }
    // CPython's aliases of OSError.
    ns.insert(
        "EnvironmentError",
        Value::Type(BuiltinType::OSError.class()),
    );
    ns.insert("IOError", Value::Type(BuiltinType::OSError.class()));
    ns
}

/// The value of the builtin `name` (`len`, `int`, `ValueError`), or `None` when there is no
/// such builtin (the tier raises `NameError`).
pub fn lookup(name: &str) -> Option<Value> {
    NAMESPACE.with(|ns| {
        let mut ns = ns.try_borrow_mut().ok()?;
        if ns.is_empty() {
            *ns = build_namespace();
        }
        ns.get(name).cloned()
    })
}

/// Every builtin name, sorted (for `dir(builtins)` and tier symbol tables).
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = FUNCTIONS.iter().map(|(n, _)| *n).collect();
    names.extend(CLASSES.iter().map(|t| t.name()));
    let base_exception = BuiltinType::BaseException as usize;
    names.extend(BuiltinType::ALL[base_exception..].iter().map(|t| t.name()));
    names.extend(["EnvironmentError", "IOError"]);
    names.sort_unstable();
    names
}

/// The constructor of the builtin class `t` when it is one of this module's (the function
/// receives the call's arguments, not the class). `list`, `tuple`, `dict`, `set` and
/// `frozenset` are [`crate::ops::builtin_constructor`]'s.
pub fn constructor(t: BuiltinType) -> Option<BuiltinFn> {
    Some(match t {
        BuiltinType::Int => numeric::int,
        BuiltinType::Bool => numeric::bool_,
        BuiltinType::Float => numeric::float,
        BuiltinType::Str => text::str_,
        BuiltinType::Bytes => text::bytes,
        BuiltinType::Range => seq::range,
        BuiltinType::Type => object::type_,
        BuiltinType::Slice => seq::slice,
        BuiltinType::Object => object::object,
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod test_util;

#[cfg(test)]
mod differential_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_has_functions_classes_and_exceptions() {
        assert!(matches!(lookup("len"), Some(Value::Builtin(_))));
        assert!(
            matches!(lookup("int"), Some(Value::Type(t)) if t.builtin == Some(BuiltinType::Int))
        );
        assert!(matches!(lookup("KeyError"), Some(Value::Type(_))));
        assert!(lookup("no_such_builtin").is_none());
        assert!(names().contains(&"print"));
    }
}
