//! The object protocol: what `a + b`, `a == b`, `hash(a)`, `repr(a)`, `a[i]`, `iter(a)`,
//! `a.name` and `a(...)` mean for every kind of value. Every tier calls these functions; none
//! re-implements them (DESIGN.md section 3: semantics live once, in the runtime).
//!
//! # API
//!
//! Functions that may run user code take `vm: &mut dyn Interp` (the tier callback).
//!
//! | concern | functions | file |
//! |---|---|---|
//! | arithmetic | [`binary_op`], [`inplace_op`], [`inplace_op_owned`], [`unary_op`], [`abs`], [`BinOp`], [`UnaryOp`] | `binary.rs`, `unary.rs` |
//! | truth | [`truthy`] | `unary.rs` |
//! | comparison | [`compare`], [`eq`], [`ne`], [`lt`], [`le`], [`gt`], [`ge`], [`contains`], [`CmpOp`] | `compare.rs` |
//! | hashing | [`hash`] (`unhashable type: 'list'`) | `hash.rs` |
//! | text | [`repr`], [`str_`], [`ascii`], [`format`] | `repr.rs`, `format_host.rs` |
//! | items | [`getitem`], [`setitem`], [`delitem`], [`len`] | `item.rs` (indices/slices: [`crate::seq`]) |
//! | iteration | [`iter`], [`next`], [`to_vec`], [`unpack`], [`unpack_ex`] | `iter.rs` (objects: [`crate::iterators`]) |
//! | attributes | [`getattr`], [`setattr`], [`delattr`], [`load_method`], [`hasattr`] | `attr.rs` |
//! | builtin methods | [`builtin_methods`], [`find_builtin_method`] | `methods.rs` (the table the builtins engineer fills) |
//! | calls | [`call`], [`call_method`], [`builtin_constructor`] | `call.rs` |
//! | types | [`type_of`], [`isinstance`], [`is_subclass`] | here |
//!
//! # Dispatch design
//!
//! Each operation first tries inline fast paths (`int + int`, `list[int]`, `dict[str]`), then
//! the *builtin slot* of each operand's kind (what CPython's `tp_as_number`/`tp_richcompare`/...
//! would do for builtin types, returning "not implemented" as `None`), then, for user classes,
//! the dunder protocol — one extra arm per operation (e.g. `binary.rs`'s `user_binary` hook, to
//! become `a.__add__(b)`, then `b.__radd__(a)`, subclass first; `Value::Instance` arms in
//! `truthy`, `hash`, `repr`, `getitem`, `iter`), and finally CPython's exact `TypeError`.
//! Builtin kinds never pay for the user-class machinery.
//!
//! # Invariants
//!
//! - Error messages are CPython 3.11.7's, byte for byte (the tests pin them, with the expected
//!   strings taken from running CPython).
//! - No `RefCell` borrow is held across a call that may run Python code; a conflict becomes a
//!   Python exception, never a panic.
//! - Recursion through containers (`repr`, `==`, `hash` of nested values) is bounded by
//!   [`RecursionGuard`]: deep nesting raises `RecursionError` as CPython does instead of
//!   overflowing the Rust stack.

mod attr;
mod binary;
mod call;
mod compare;
mod format_host;
mod hash;
mod item;
mod iter;
mod methods;
mod repr;
mod unary;

#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

pub use attr::{delattr, getattr, hasattr, load_method, setattr};
pub use binary::{BinOp, binary_op, inplace_op, inplace_op_owned};
pub use call::{builtin_constructor, call, call_method, direct_builtin};
pub use compare::{CmpOp, compare, contains, eq, eq_without_user_code, ge, gt, le, lt, ne};
pub use format_host::{Host, format};
pub use hash::hash;
pub use item::{delitem, getitem, len, setitem};
pub use iter::{iter, next, to_vec, unpack, unpack_ex};
pub use methods::{BuiltinMethod, builtin_methods, find_builtin_method};
pub use repr::{ascii, repr, str_};
pub use unary::{UnaryOp, abs, truthy, unary_op};

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::object::PyType;
use crate::value::Value;

/// The builtin type of a value, when it is one of the kinds `Value` names directly.
#[inline]
pub fn builtin_type_of(v: &Value) -> Option<BuiltinType> {
    Some(match v {
        Value::None => BuiltinType::NoneType,
        Value::Bool(_) => BuiltinType::Bool,
        Value::Int(_) | Value::BigInt(_) => BuiltinType::Int,
        Value::Float(_) => BuiltinType::Float,
        Value::Str(_) => BuiltinType::Str,
        Value::Bytes(_) => BuiltinType::Bytes,
        Value::Tuple(_) => BuiltinType::Tuple,
        Value::List(_) => BuiltinType::List,
        Value::Dict(_) => BuiltinType::Dict,
        Value::Set(_) => BuiltinType::Set,
        Value::FrozenSet(_) => BuiltinType::FrozenSet,
        Value::Range(_) => BuiltinType::Range,
        Value::Slice(_) => BuiltinType::Slice,
        Value::Type(_) => BuiltinType::Type,
        Value::Function(_) => BuiltinType::Function,
        Value::Builtin(_) => BuiltinType::BuiltinFunction,
        Value::Method(_) => BuiltinType::Method,
        Value::Instance(_) | Value::Exception(_) | Value::Other(_) => return None,
    })
}

thread_local! {
    /// Classes of `Value::Other` kinds that have no `BuiltinType` (iterators, ...), by name.
    static OTHER_CLASSES: RefCell<HashMap<String, Rc<PyType>>> = RefCell::new(HashMap::new());
}

/// A class for a runtime-internal kind known only by name (`list_iterator`), made on first use.
fn class_named(name: &str) -> Rc<PyType> {
    OTHER_CLASSES.with(|classes| {
        let mut classes = classes.borrow_mut();
        if let Some(c) = classes.get(name) {
            return Rc::clone(c);
        }
        let object = BuiltinType::Object.class();
        let class = Rc::new(PyType {
            name: name.to_owned(),
            qualname: name.to_owned(),
            module: "builtins".to_owned(),
            bases: vec![Rc::clone(&object)],
            mro_tail: vec![object],
            dict: RefCell::new(Vec::new()),
            version: Cell::new(0),
            builtin: None,
        });
        classes.insert(name.to_owned(), Rc::clone(&class));
        class
    })
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Rc<PyType> {
    match v {
        Value::Instance(i) => Rc::clone(&i.class),
        Value::Exception(e) => Rc::clone(&e.class),
        Value::Other(o) => o.class().unwrap_or_else(|| class_named(o.type_name())),
        other => builtin_type_of(other)
            .unwrap_or(BuiltinType::Object)
            .class(),
    }
}

/// Whether `sub` is `sup` or derives from it.
pub fn is_subclass(sub: &PyType, sup: &PyType) -> bool {
    std::ptr::eq(sub, sup)
        || (sup.builtin.is_some() && sub.builtin == sup.builtin)
        || sub
            .mro_tail
            .iter()
            .any(|c| std::ptr::eq(&**c, sup) || (sup.builtin.is_some() && c.builtin == sup.builtin))
}

/// `isinstance(v, cls)` for one class.
pub fn isinstance(v: &Value, cls: &PyType) -> bool {
    if cls.builtin == Some(BuiltinType::Object) {
        return true;
    }
    if let Some(t) = builtin_type_of(v) {
        // Fast path: builtin kinds are instances of their type and its builtin bases.
        let mut t = Some(t);
        while let Some(b) = t {
            if cls.builtin == Some(b) {
                return true;
            }
            t = b.base();
        }
        return false;
    }
    is_subclass(&type_of(v), cls)
}

/// The deepest nesting of containers the runtime walks recursively (`repr`, `==`, `hash`).
const MAX_DEPTH: usize = 1000;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Counts nested recursive operations; raises `RecursionError` past [`MAX_DEPTH`] (CPython's
/// `Py_EnterRecursiveCall`). Dropping the guard leaves the level.
pub struct RecursionGuard(());

impl RecursionGuard {
    /// Enters one level; `what` completes CPython's message (`" in comparison"`,
    /// `" while getting the repr of an object"`).
    pub fn enter(what: &str) -> PyResult<RecursionGuard> {
        let depth = DEPTH.with(|d| {
            let n = d.get() + 1;
            d.set(n);
            n
        });
        let guard = RecursionGuard(());
        if depth > MAX_DEPTH {
            return raise(
                BuiltinType::RecursionError,
                format!("maximum recursion depth exceeded{what}"),
            );
        }
        Ok(guard)
    }
}

impl Drop for RecursionGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// An [`crate::interp::Interp`] that runs no Python code: for runtime unit tests and for
/// callers that know no user code can be involved. Calling a Python function through it
/// raises `SystemError`.
pub mod test_support {
    use std::rc::Rc;

    use crate::builtin_type::BuiltinType;
    use crate::error::{PyResult, raise};
    use crate::interp::Interp;
    use crate::object::PyFunction;
    use crate::types::PyStr;
    use crate::value::Value;

    /// See the module documentation.
    pub struct NoInterp;

    impl Interp for NoInterp {
        fn call_function(
            &mut self,
            func: &Rc<PyFunction>,
            _args: &[Value],
            _kwargs: &[(Rc<PyStr>, Value)],
        ) -> PyResult<Value> {
            raise(
                BuiltinType::SystemError,
                format!("no interpreter to call {}", func.qualname),
            )
        }
    }
}
