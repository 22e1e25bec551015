//! `Value`: the one representation of a Python object, shared by every tier.
//!
//! A `Value` is 16 bytes: a one-byte tag, padding, and an 8-byte payload. `None`, `bool`, small
//! `int` and `float` live inline; every other kind holds one reference-counted pointer. Tags are
//! explicit because JIT-compiled code reads them (and must never change silently):
//!
//! | tag | variant         | payload (bytes 8..16)            | Python type                |
//! |-----|-----------------|----------------------------------|----------------------------|
//! | 0   | `None`          | unused                           | `NoneType`                 |
//! | 1   | `Bool`          | byte 8: 0 or 1                   | `bool`                     |
//! | 2   | `Int`           | `i64`                            | `int` (fits in 64 bits)    |
//! | 3   | `Float`         | `f64`                            | `float`                    |
//! | 4   | `BigInt`        | `Rc<BigInt>`                     | `int` (does not fit)       |
//! | 5   | `Str`           | `Rc<PyStr>`                      | `str`                      |
//! | 6   | `Bytes`         | `Rc<PyBytes>`                    | `bytes`                    |
//! | 7   | `Tuple`         | `Rc<PyTuple>`                    | `tuple`                    |
//! | 8   | `List`          | `Rc<PyList>`                     | `list`                     |
//! | 9   | `Dict`          | `Rc<PyDict>`                     | `dict`                     |
//! | 10  | `Set`           | `Rc<PySet>`                      | `set`                      |
//! | 11  | `FrozenSet`     | `Rc<PySet>`                      | `frozenset`                |
//! | 12  | `Range`         | `Rc<PyRange>`                    | `range`                    |
//! | 13  | `Slice`         | `Rc<PySlice>`                    | `slice`                    |
//! | 14  | `Type`          | `Rc<PyType>`                     | `type` (classes)           |
//! | 15  | `Instance`      | `Rc<PyInstance>`                 | instances of user classes  |
//! | 16  | `Function`      | `Rc<PyFunction>`                 | `function`                 |
//! | 17  | `Builtin`       | `Rc<PyBuiltin>`                  | `builtin_function_or_method` |
//! | 18  | `Method`        | `Rc<PyMethod>`                   | `method` (bound)           |
//! | 19  | `Exception`     | `Rc<PyException>`                | `BaseException` and subclasses |
//! | 20  | `Other`         | `Rc<Box<dyn PyObject>>`          | everything rarer (modules, iterators, properties, ...) |
//!
//! Every pointer payload is a thin `Rc` (8 bytes); rarer kinds pay one more indirection behind
//! `Other` so that the common ones stay one load away.
//!
//! Invariants:
//! - `Int` holds every integer that fits in an `i64`; `BigInt` only those that do not. Every
//!   operation normalizes its result (see [`Value::from_bigint`]), so equal ints have one
//!   representation and the JIT's tag check on `Int` is complete.
//! - `is` on `int` and `float` compares values, as PyPy does (there is no identity to observe).
//! - Memory is reference counting only; cycles are not collected (a later cycle collector can
//!   walk `Rc`s without changing this type).

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::object::{
    PyBuiltin, PyException, PyFunction, PyInstance, PyMethod, PyObject, PyRange, PySlice, PyType,
};
use crate::types::{PyBytes, PyDict, PyList, PySet, PyStr, PyTuple};

/// A Python value. See the module documentation for the layout.
#[repr(C, u8)]
pub enum Value {
    /// `None`.
    None = 0,
    /// `True` / `False`.
    Bool(bool) = 1,
    /// An `int` that fits in 64 bits.
    Int(i64) = 2,
    /// A `float`.
    Float(f64) = 3,
    /// An `int` that does not fit in 64 bits.
    BigInt(Rc<BigInt>) = 4,
    /// A `str`.
    Str(Rc<PyStr>) = 5,
    /// A `bytes`.
    Bytes(Rc<PyBytes>) = 6,
    /// A `tuple`.
    Tuple(Rc<PyTuple>) = 7,
    /// A `list`.
    List(Rc<PyList>) = 8,
    /// A `dict`.
    Dict(Rc<PyDict>) = 9,
    /// A `set`.
    Set(Rc<PySet>) = 10,
    /// A `frozenset`.
    FrozenSet(Rc<PySet>) = 11,
    /// A `range`.
    Range(Rc<PyRange>) = 12,
    /// A `slice`.
    Slice(Rc<PySlice>) = 13,
    /// A class (builtin or user-defined).
    Type(Rc<PyType>) = 14,
    /// An instance of a user-defined class.
    Instance(Rc<PyInstance>) = 15,
    /// A Python function.
    Function(Rc<PyFunction>) = 16,
    /// A function or method implemented in Rust.
    Builtin(Rc<PyBuiltin>) = 17,
    /// A bound method.
    Method(Rc<PyMethod>) = 18,
    /// An exception instance.
    Exception(Rc<PyException>) = 19,
    /// Any rarer object (modules, iterators, properties, cells...).
    Other(Rc<Box<dyn PyObject>>) = 20,
}

// The JIT relies on this layout: a 16-byte value with the tag in the first byte.
const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// A clone takes a reference on the heap kinds' `Rc` and then copies the 16 bytes whole.
///
/// Why not `#[derive(Clone)]`: the derived clone writes the tag byte and the payload as
/// separate stores, and callers then move the value with wider loads that span them (and the
/// padding), which the CPU cannot forward from the stores: a stall of a dozen cycles on every
/// clone of a register or a cached global (perf annotate on `fib`). Kept out of line, as the
/// derived one was: inlining it everywhere slowed the VM's dispatch loop.
impl Clone for Value {
    #[inline(never)]
    fn clone(&self) -> Value {
        self.add_ref();
        // SAFETY: a bitwise copy of `self`. The inline kinds own nothing; for the others the
        // reference count was just raised by one (`add_ref`), and the copy owns exactly that
        // reference: each `Rc` is released once per owner.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// Raises the reference count of a heap kind's `Rc` by one (a clone, forgotten): the
    /// caller makes the bitwise copy that owns it (or the reference leaks, which is safe).
    #[inline]
    pub fn add_ref(&self) {
        match self {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
            Value::BigInt(r) => std::mem::forget(Rc::clone(r)),
            Value::Str(r) => std::mem::forget(Rc::clone(r)),
            Value::Bytes(r) => std::mem::forget(Rc::clone(r)),
            Value::Tuple(r) => std::mem::forget(Rc::clone(r)),
            Value::List(r) => std::mem::forget(Rc::clone(r)),
            Value::Dict(r) => std::mem::forget(Rc::clone(r)),
            Value::Set(r) | Value::FrozenSet(r) => std::mem::forget(Rc::clone(r)),
            Value::Range(r) => std::mem::forget(Rc::clone(r)),
            Value::Slice(r) => std::mem::forget(Rc::clone(r)),
            Value::Type(r) => std::mem::forget(Rc::clone(r)),
            Value::Instance(r) => std::mem::forget(Rc::clone(r)),
            Value::Function(r) => std::mem::forget(Rc::clone(r)),
            Value::Builtin(r) => std::mem::forget(Rc::clone(r)),
            Value::Method(r) => std::mem::forget(Rc::clone(r)),
            Value::Exception(r) => std::mem::forget(Rc::clone(r)),
            Value::Other(r) => std::mem::forget(Rc::clone(r)),
        }
    }

    /// Writes a clone of `self` to `dst` as one 16-byte copy, never through a temporary (see
    /// `Clone for Value`): for the VM's hot stores of cached values into registers.
    ///
    /// # Safety
    /// `dst` is valid for writes of a `Value` and aligned; what it held is overwritten without
    /// being dropped (the caller released it).
    #[inline]
    pub unsafe fn clone_to(&self, dst: *mut Value) {
        self.add_ref();
        // SAFETY: the caller's contract for `dst`; the copy owns the reference just taken.
        unsafe { std::ptr::copy_nonoverlapping(self, dst, 1) }
    }
}

/// Tag numbers, as JIT code reads them from byte 0 of a `Value`.
pub mod tag {
    /// `Value::None`.
    pub const NONE: u8 = 0;
    /// `Value::Bool`.
    pub const BOOL: u8 = 1;
    /// `Value::Int`.
    pub const INT: u8 = 2;
    /// `Value::Float`.
    pub const FLOAT: u8 = 3;
    /// `Value::BigInt`.
    pub const BIGINT: u8 = 4;
    /// `Value::Str`.
    pub const STR: u8 = 5;
    /// `Value::Bytes`.
    pub const BYTES: u8 = 6;
    /// `Value::Tuple`.
    pub const TUPLE: u8 = 7;
    /// `Value::List`.
    pub const LIST: u8 = 8;
    /// `Value::Dict`.
    pub const DICT: u8 = 9;
    /// `Value::Set`.
    pub const SET: u8 = 10;
    /// `Value::FrozenSet`.
    pub const FROZENSET: u8 = 11;
    /// `Value::Range`.
    pub const RANGE: u8 = 12;
    /// `Value::Slice`.
    pub const SLICE: u8 = 13;
    /// `Value::Type`.
    pub const TYPE: u8 = 14;
    /// `Value::Instance`.
    pub const INSTANCE: u8 = 15;
    /// `Value::Function`.
    pub const FUNCTION: u8 = 16;
    /// `Value::Builtin`.
    pub const BUILTIN: u8 = 17;
    /// `Value::Method`.
    pub const METHOD: u8 = 18;
    /// `Value::Exception`.
    pub const EXCEPTION: u8 = 19;
    /// `Value::Other`.
    pub const OTHER: u8 = 20;
}

impl Value {
    /// The tag byte (see the table in the module documentation).
    #[inline]
    pub fn tag(&self) -> u8 {
        match self {
            Value::None => tag::NONE,
            Value::Bool(_) => tag::BOOL,
            Value::Int(_) => tag::INT,
            Value::Float(_) => tag::FLOAT,
            Value::BigInt(_) => tag::BIGINT,
            Value::Str(_) => tag::STR,
            Value::Bytes(_) => tag::BYTES,
            Value::Tuple(_) => tag::TUPLE,
            Value::List(_) => tag::LIST,
            Value::Dict(_) => tag::DICT,
            Value::Set(_) => tag::SET,
            Value::FrozenSet(_) => tag::FROZENSET,
            Value::Range(_) => tag::RANGE,
            Value::Slice(_) => tag::SLICE,
            Value::Type(_) => tag::TYPE,
            Value::Instance(_) => tag::INSTANCE,
            Value::Function(_) => tag::FUNCTION,
            Value::Builtin(_) => tag::BUILTIN,
            Value::Method(_) => tag::METHOD,
            Value::Exception(_) => tag::EXCEPTION,
            Value::Other(_) => tag::OTHER,
        }
    }

    /// An `int` from a big integer, normalized to `Int` when it fits (the invariant above).
    pub fn from_bigint(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }

    /// `self.clone()`, with the inline kinds (`int`, `float`, `bool`, `None`) copied here rather
    /// than through the derived, out-of-line `Clone` (a call per list item read in
    /// `nbody`-like code).
    #[inline(always)]
    pub fn clone_fast(&self) -> Value {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::Float(x) => Value::Float(*x),
            Value::Bool(b) => Value::Bool(*b),
            Value::None => Value::None,
            _ => self.clone(),
        }
    }

    /// True for the inline kinds (`None`, `bool`, `int`, `float`): they own nothing, so a
    /// bitwise copy is a clone and forgetting one is a drop.
    #[inline(always)]
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None
        )
    }

    /// `drop(self)`, skipping the out-of-line drop glue for the inline kinds, which own nothing.
    #[inline(always)]
    pub fn discard(self) {
        if self.is_inline() {
            std::mem::forget(self);
        } else {
            drop(self);
        }
    }

    /// A `str` value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s.into())))
    }

    /// A `tuple` value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(PyTuple::new(items)))
    }

    /// A `list` value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(PyList::new(items)))
    }

    /// Whether `self is other` (identity; by value for inline kinds and ints).
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::BigInt(a), Value::BigInt(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b),
            (Value::Bytes(a), Value::Bytes(b)) => Rc::ptr_eq(a, b),
            (Value::Tuple(a), Value::Tuple(b)) => Rc::ptr_eq(a, b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Dict(a), Value::Dict(b)) => Rc::ptr_eq(a, b),
            (Value::Set(a), Value::Set(b)) | (Value::FrozenSet(a), Value::FrozenSet(b)) => {
                Rc::ptr_eq(a, b)
            }
            (Value::Range(a), Value::Range(b)) => Rc::ptr_eq(a, b),
            (Value::Slice(a), Value::Slice(b)) => Rc::ptr_eq(a, b),
            (Value::Type(a), Value::Type(b)) => Rc::ptr_eq(a, b),
            (Value::Instance(a), Value::Instance(b)) => Rc::ptr_eq(a, b),
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            (Value::Builtin(a), Value::Builtin(b)) => Rc::ptr_eq(a, b),
            (Value::Method(a), Value::Method(b)) => Rc::ptr_eq(a, b),
            (Value::Exception(a), Value::Exception(b)) => Rc::ptr_eq(a, b),
            (Value::Other(a), Value::Other(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::BigInt(b) => write!(f, "{b}"),
            Value::Str(s) => write!(f, "{:?}", s.as_str()),
            Value::Bytes(b) => write!(f, "b{:?}", b.as_bytes()),
            Value::Tuple(t) => f.debug_tuple("").field(&t.items()).finish(),
            Value::List(_) => write!(f, "<list>"),
            Value::Dict(_) => write!(f, "<dict>"),
            Value::Set(_) => write!(f, "<set>"),
            Value::FrozenSet(_) => write!(f, "<frozenset>"),
            other => write!(f, "<object tag {}>", other.tag()),
        }
    }
}
