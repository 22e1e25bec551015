//! The built-in container and text kinds that `Value` points to directly: `str`, `bytes`,
//! `tuple`, `list`, `dict`, `set`/`frozenset`.
//!
//! Mutable kinds use `RefCell`: the runtime is single-threaded, and a borrow that fails (a list
//! mutated while it is being sorted, say) must become a Python exception, never a panic, so
//! every mutable access goes through `try_borrow`/`try_borrow_mut` at the call sites that can
//! re-enter Python code.

use std::cell::{Cell, RefCell};

use crate::value::Value;

/// A `str`: immutable UTF-8 text, with its length in code points and its hash cached.
#[derive(Debug)]
pub struct PyStr {
    text: String,
    /// Number of code points (== `text.len()` when the text is ASCII, which makes indexing O(1)).
    char_len: usize,
    /// `hash(s)`, computed on first use.
    hash: Cell<Option<i64>>,
}

impl PyStr {
    /// A new string.
    pub fn new(text: String) -> PyStr {
        let char_len = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        PyStr {
            text,
            char_len,
            hash: Cell::new(None),
        }
    }

    /// `self + other`, its length known from the parts (no scan of the text for non-ASCII).
    pub fn concat(&self, other: &PyStr) -> PyStr {
        let mut text = String::with_capacity(self.text.len() + other.text.len());
        text.push_str(&self.text);
        text.push_str(&other.text);
        PyStr {
            text,
            char_len: self.char_len + other.char_len,
            hash: Cell::new(None),
        }
    }

    /// Appends `other` in place (`s += t` on a string nobody else holds, as CPython's
    /// `unicode_concatenate`); keeps the cached length right and forgets the cached hash.
    pub fn push_str(&mut self, other: &PyStr) {
        self.text.push_str(&other.text);
        self.char_len += other.char_len;
        self.hash.set(None);
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points (`len(s)`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Whether every code point is ASCII (then byte and code-point indices coincide).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.text.len()
    }

    /// The cached hash, if computed.
    pub fn cached_hash(&self) -> Option<i64> {
        self.hash.get()
    }

    /// Stores the hash.
    pub fn set_cached_hash(&self, h: i64) {
        self.hash.set(Some(h));
    }
}

/// A `bytes`: immutable bytes.
#[derive(Debug)]
pub struct PyBytes {
    data: Vec<u8>,
}

impl PyBytes {
    /// New bytes.
    pub fn new(data: Vec<u8>) -> PyBytes {
        PyBytes { data }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }
}

/// A `tuple`: an immutable sequence.
#[derive(Debug)]
pub struct PyTuple {
    items: Box<[Value]>,
}

impl PyTuple {
    /// A new tuple.
    pub fn new(items: Vec<Value>) -> PyTuple {
        PyTuple {
            items: items.into_boxed_slice(),
        }
    }

    /// The elements.
    #[inline]
    pub fn items(&self) -> &[Value] {
        &self.items
    }
}

/// A `list`: a mutable sequence.
#[derive(Debug)]
pub struct PyList {
    /// The elements. Borrow with `try_borrow*` where Python code may run meanwhile.
    pub items: RefCell<Vec<Value>>,
}

impl PyList {
    /// A new list.
    pub fn new(items: Vec<Value>) -> PyList {
        PyList {
            items: RefCell::new(items),
        }
    }
}

pub use crate::dict::PyDict;
pub use crate::set::PySet;
