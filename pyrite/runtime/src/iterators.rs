//! Iterator objects (behind `Value::Other`) for the builtin iterables, the lazy builtins
//! (`enumerate`, `zip`, `map`, `filter`, `reversed`), dict views, and `range` arithmetic.
//!
//! Each iterator keeps its position in `Cell`s (iterators are shared through `Rc` and advanced
//! through `&self`) and never holds a `RefCell` borrow of its container between steps, so the
//! container may be mutated during iteration with CPython's results:
//! - a list iterator re-reads the length at every step (appending while iterating is seen);
//! - dict and set iterators raise `RuntimeError: dictionary changed size during iteration` /
//!   `Set changed size during iteration` when the size moved;
//! - once exhausted, an iterator stays exhausted (it drops its container, as CPython does).
//!
//! Type names are CPython's (`list_iterator`, `str_ascii_iterator`, `dict_keyiterator`, ...),
//! so `type(iter([]))` prints as in CPython.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::int::Int;
use crate::interp::Interp;
use crate::object::{PyObject, PyRange};
use crate::ops;
use crate::seq;
use crate::types::{PyDict, PyList, PySet, PyStr, PyTuple};
use crate::value::Value;

/// Wraps an object as a `Value::Other`.
pub fn other(obj: impl PyObject + 'static) -> Value {
    Value::Other(Rc::new(Box::new(obj)))
}

macro_rules! iterator_object {
    ($ty:ty, $name:expr) => {
        iterator_object!($ty, $name, fn next_plain(&self) -> Option<Option<Value>> {
            None
        });
    };
    ($ty:ty, $name:expr, $plain:item) => {
        impl PyObject for $ty {
            fn type_name(&self) -> &str {
                $name(self)
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
            fn is_iterator(&self) -> bool {
                true
            }
            fn iter_next(&self, vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
                Some(self.step(vm))
            }
            $plain
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Sequences

/// `iter(list)`.
#[derive(Debug)]
pub struct ListIter {
    list: RefCell<Option<Rc<PyList>>>,
    index: Cell<usize>,
}

impl ListIter {
    /// An iterator over `list` from the start.
    pub fn new(list: Rc<PyList>) -> ListIter {
        ListIter {
            list: RefCell::new(Some(list)),
            index: Cell::new(0),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        if let Some(next) = self.next_plain() {
            return Ok(next);
        }
        // Exhausted (the list is let go, as CPython's iterator does), or the list is busy.
        let mut slot = self.list.borrow_mut();
        if let Some(list) = slot.as_ref() {
            if list.items.try_borrow().is_err() {
                return Err(seq::busy());
            }
            *slot = None;
        }
        Ok(None)
    }
}
iterator_object!(
    ListIter,
    |_| "list_iterator",
    #[inline]
    fn next_plain(&self) -> Option<Option<Value>> {
        // The step itself; the end and the one error (a list being sorted) are `step`'s.
        let slot = self.list.borrow();
        let Some(list) = slot.as_ref() else {
            return Some(None);
        };
        let items = list.items.try_borrow().ok()?;
        match items.get(self.index.get()) {
            Some(v) => {
                self.index.set(self.index.get() + 1);
                Some(Some(v.clone_fast()))
            }
            None => None,
        }
    }
);

/// `iter(tuple)`.
#[derive(Debug)]
pub struct TupleIter {
    tuple: Rc<PyTuple>,
    index: Cell<usize>,
}

impl TupleIter {
    /// An iterator over `tuple`.
    pub fn new(tuple: Rc<PyTuple>) -> TupleIter {
        TupleIter {
            tuple,
            index: Cell::new(0),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let i = self.index.get();
        match self.tuple.items().get(i) {
            Some(v) => {
                self.index.set(i + 1);
                Ok(Some(v.clone_fast()))
            }
            None => Ok(None),
        }
    }
}
iterator_object!(TupleIter, |_| "tuple_iterator");

/// `iter(str)`: one-character strings.
#[derive(Debug)]
pub struct StrIter {
    s: Rc<PyStr>,
    byte_pos: Cell<usize>,
}

impl StrIter {
    /// An iterator over the code points of `s`.
    pub fn new(s: Rc<PyStr>) -> StrIter {
        StrIter {
            s,
            byte_pos: Cell::new(0),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let pos = self.byte_pos.get();
        let Some(c) = self
            .s
            .as_str()
            .get(pos..)
            .and_then(|rest| rest.chars().next())
        else {
            return Ok(None);
        };
        self.byte_pos.set(pos + c.len_utf8());
        Ok(Some(Value::str(c.to_string())))
    }
}
iterator_object!(StrIter, |it: &StrIter| if it.s.is_ascii() {
    "str_ascii_iterator"
} else {
    "str_iterator"
});

/// `iter(bytes)`: ints.
#[derive(Debug)]
pub struct BytesIter {
    bytes: Rc<crate::types::PyBytes>,
    index: Cell<usize>,
}

impl BytesIter {
    /// An iterator over `bytes`.
    pub fn new(bytes: Rc<crate::types::PyBytes>) -> BytesIter {
        BytesIter {
            bytes,
            index: Cell::new(0),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let i = self.index.get();
        match self.bytes.as_bytes().get(i) {
            Some(&b) => {
                self.index.set(i + 1);
                Ok(Some(Value::Int(i64::from(b))))
            }
            None => Ok(None),
        }
    }
}
iterator_object!(BytesIter, |_| "bytes_iterator");

// ---------------------------------------------------------------------------------------------
// range

/// `(start, stop, step)` of a range as big integers (ranges hold ints only).
fn range_parts(r: &PyRange) -> (BigInt, BigInt, BigInt) {
    let big = |v: &Value| Int::from_value(v).map_or_else(BigInt::zero, |i| i.big().into_owned());
    (big(&r.start), big(&r.stop), big(&r.step))
}

/// `(start, stop, step)` when all three fit in an `i64`.
#[inline]
fn range_small(r: &PyRange) -> Option<(i64, i64, i64)> {
    match (&r.start, &r.stop, &r.step) {
        (Value::Int(a), Value::Int(b), Value::Int(c)) => Some((*a, *b, *c)),
        _ => {
            let a = Int::from_value(&r.start)?.to_i64()?;
            let b = Int::from_value(&r.stop)?.to_i64()?;
            let c = Int::from_value(&r.step)?.to_i64()?;
            Some((a, b, c))
        }
    }
}

fn small_len(start: i64, stop: i64, step: i64) -> u128 {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    if step > 0 && start < stop {
        ((stop - start - 1) / step + 1) as u128
    } else if step < 0 && stop < start {
        ((start - stop - 1) / -step + 1) as u128
    } else {
        0
    }
}

fn big_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - BigInt::one()).div_floor(step) + BigInt::one()
    } else if step.is_negative() && stop < start {
        (start - stop - BigInt::one()).div_floor(&-step) + BigInt::one()
    } else {
        BigInt::zero()
    }
}

/// `len(range)` as an int value (it may exceed `i64`).
pub fn range_len_value(r: &PyRange) -> Value {
    if let Some((a, b, c)) = range_small(r) {
        let n = small_len(a, b, c);
        return match i64::try_from(n) {
            Ok(n) => Value::Int(n),
            Err(_) => Value::from_bigint(BigInt::from(n)),
        };
    }
    let (a, b, c) = range_parts(r);
    Value::from_bigint(big_len(&a, &b, &c))
}

/// `range == range`: equal as sequences.
pub fn range_equal(x: &PyRange, y: &PyRange) -> bool {
    let (xa, _, xc) = range_parts(x);
    let (ya, _, yc) = range_parts(y);
    let xl = range_len_big(x);
    let yl = range_len_big(y);
    if xl != yl {
        return false;
    }
    if xl.is_zero() {
        return true;
    }
    if xa != ya {
        return false;
    }
    xl.is_one() || xc == yc
}

fn range_len_big(r: &PyRange) -> BigInt {
    let (a, b, c) = range_parts(r);
    big_len(&a, &b, &c)
}

/// `item in range`: arithmetic for ints, equality search for anything else.
pub fn range_contains(vm: &mut dyn Interp, r: &PyRange, item: &Value) -> PyResult<bool> {
    if let Some(i) = Int::from_value(item) {
        let (start, stop, step) = range_parts(r);
        let i = i.big().into_owned();
        let inside = if step.is_positive() {
            start <= i && i < stop
        } else {
            stop < i && i <= start
        };
        return Ok(inside && (i - start).mod_floor(&step).is_zero());
    }
    let it = ops::iter(vm, &Value::Range(Rc::new(r.clone())))?;
    while let Some(v) = ops::next(vm, &it)? {
        if ops::eq(vm, &v, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `range[key]`: an int, or a range for a slice.
pub fn range_getitem(r: &PyRange, key: &Value) -> PyResult<Value> {
    let (start, _, step) = range_parts(r);
    let len = range_len_big(r);
    if let Value::Slice(s) = key {
        let n = len.to_usize().unwrap_or(usize::MAX);
        let ind = seq::slice_indices(s, n)?;
        let new_start = &start + BigInt::from(ind.start) * &step;
        let new_step = &step * BigInt::from(ind.step);
        let new_stop = &start + BigInt::from(ind.stop) * &step;
        return Ok(Value::Range(Rc::new(PyRange {
            start: Value::from_bigint(new_start),
            stop: Value::from_bigint(new_stop),
            step: Value::from_bigint(new_step),
        })));
    }
    let Some(i) = Int::from_value(key) else {
        return raise(
            BuiltinType::TypeError,
            format!(
                "range indices must be integers or slices, not {}",
                type_name(key)
            ),
        );
    };
    let mut i = i.big().into_owned();
    if i.is_negative() {
        i += &len;
    }
    if i.is_negative() || i >= len {
        return raise(BuiltinType::IndexError, "range object index out of range");
    }
    Ok(Value::from_bigint(start + i * step))
}

/// `iter(range)` when every value fits in an `i64`.
#[derive(Debug)]
pub struct RangeIter {
    next: Cell<i64>,
    step: i64,
    remaining: Cell<u64>,
}
iterator_object!(RangeIter, |_| "range_iterator");

impl RangeIter {
    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let n = self.remaining.get();
        if n == 0 {
            return Ok(None);
        }
        let v = self.next.get();
        self.remaining.set(n - 1);
        if n > 1 {
            self.next.set(v.wrapping_add(self.step));
        }
        Ok(Some(Value::Int(v)))
    }
}

/// `iter(range)` for ranges beyond `i64`.
#[derive(Debug)]
pub struct LongRangeIter {
    next: RefCell<BigInt>,
    step: BigInt,
    remaining: RefCell<BigInt>,
}
iterator_object!(LongRangeIter, |_| "longrange_iterator");

impl LongRangeIter {
    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let mut remaining = self.remaining.borrow_mut();
        if remaining.is_zero() {
            return Ok(None);
        }
        *remaining -= 1;
        let mut next = self.next.borrow_mut();
        let v = next.clone();
        *next += &self.step;
        Ok(Some(Value::from_bigint(v)))
    }
}

/// An iterator over `r` (reversed when `reverse`).
pub fn range_iter(r: &PyRange, reverse: bool) -> Value {
    if let Some((a, b, c)) = range_small(r) {
        let n = small_len(a, b, c);
        if let Ok(n64) = u64::try_from(n) {
            let last = i128::from(a) + (n as i128 - 1).max(0) * i128::from(c);
            if let (Ok(last), Some(neg)) = (i64::try_from(last), c.checked_neg()) {
                return if reverse {
                    other(RangeIter {
                        next: Cell::new(last),
                        step: neg,
                        remaining: Cell::new(n64),
                    })
                } else {
                    other(RangeIter {
                        next: Cell::new(a),
                        step: c,
                        remaining: Cell::new(n64),
                    })
                };
            }
        }
    }
    let (a, b, c) = range_parts(r);
    let n = big_len(&a, &b, &c);
    let (first, step) = if reverse && !n.is_zero() {
        (&a + (&n - 1) * &c, -c)
    } else {
        (a, c)
    };
    other(LongRangeIter {
        next: RefCell::new(first),
        step,
        remaining: RefCell::new(n),
    })
}

// ---------------------------------------------------------------------------------------------
// dict and set

/// What a dict iterator or view yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictPart {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` tuples.
    Items,
}

impl DictPart {
    fn pick(self, e: crate::dict::DictEntry) -> Value {
        match self {
            DictPart::Keys => e.key,
            DictPart::Values => e.value,
            DictPart::Items => Value::tuple(vec![e.key, e.value]),
        }
    }
}

/// `iter(dict)`, `iter(d.values())`, `iter(d.items())`, and their `reversed`.
#[derive(Debug)]
pub struct DictIter {
    dict: RefCell<Option<Rc<PyDict>>>,
    part: DictPart,
    reverse: bool,
    /// Next entry position (forward) or one past it (reverse).
    pos: Cell<usize>,
    /// The dict's size when iteration started (`di_used`); -1 once a change was reported.
    used: Cell<isize>,
    /// Items still expected (`di_len`).
    remaining: Cell<usize>,
}

impl DictIter {
    /// An iterator over `dict`'s `part`.
    pub fn new(dict: Rc<PyDict>, part: DictPart, reverse: bool) -> DictIter {
        let n = dict.len();
        let pos = if reverse { dict.positions() } else { 0 };
        DictIter {
            dict: RefCell::new(Some(dict)),
            part,
            reverse,
            pos: Cell::new(pos),
            used: Cell::new(n as isize),
            remaining: Cell::new(n),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let mut slot = self.dict.borrow_mut();
        let Some(d) = slot.as_ref() else {
            return Ok(None);
        };
        if self.used.get() != d.len() as isize {
            self.used.set(-1);
            return raise(
                BuiltinType::RuntimeError,
                "dictionary changed size during iteration",
            );
        }
        let found = if self.reverse {
            d.entry_before(self.pos.get())
        } else {
            d.entry_from(self.pos.get())
        };
        match found {
            Some((at, e)) => {
                if self.remaining.get() == 0 {
                    self.remaining.set(usize::MAX);
                    return raise(
                        BuiltinType::RuntimeError,
                        "dictionary keys changed during iteration",
                    );
                }
                self.remaining.set(self.remaining.get().saturating_sub(1));
                self.pos.set(if self.reverse { at } else { at + 1 });
                Ok(Some(self.part.pick(e)))
            }
            None => {
                *slot = None;
                Ok(None)
            }
        }
    }
}
iterator_object!(DictIter, |it: &DictIter| match (it.reverse, it.part) {
    (false, DictPart::Keys) => "dict_keyiterator",
    (false, DictPart::Values) => "dict_valueiterator",
    (false, DictPart::Items) => "dict_itemiterator",
    (true, DictPart::Keys) => "dict_reversekeyiterator",
    (true, DictPart::Values) => "dict_reversevalueiterator",
    (true, DictPart::Items) => "dict_reverseitemiterator",
});

/// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
#[derive(Debug)]
pub struct DictView {
    /// The dict viewed.
    pub dict: Rc<PyDict>,
    /// What the view shows.
    pub part: DictPart,
}

impl PyObject for DictView {
    fn type_name(&self) -> &str {
        match self.part {
            DictPart::Keys => "dict_keys",
            DictPart::Values => "dict_values",
            DictPart::Items => "dict_items",
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn iter(&self, _vm: &mut dyn Interp, _this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(other(DictIter::new(
            Rc::clone(&self.dict),
            self.part,
            false,
        ))))
    }
    fn length(&self) -> Option<usize> {
        Some(self.dict.len())
    }
    fn contains(&self, vm: &mut dyn Interp, item: &Value) -> Option<PyResult<bool>> {
        match self.part {
            DictPart::Keys => Some(self.dict.contains(vm, item)),
            DictPart::Values => None,
            DictPart::Items => Some((|| {
                let Value::Tuple(t) = item else {
                    return Ok(false);
                };
                let [k, v] = t.items() else {
                    return Ok(false);
                };
                match self.dict.get(vm, k)? {
                    Some(found) => ops::eq(vm, &found, v),
                    None => Ok(false),
                }
            })()),
        }
    }
    fn repr(&self, vm: &mut dyn Interp) -> Option<PyResult<String>> {
        Some((|| {
            let items: Vec<Value> = self
                .dict
                .entries()
                .into_iter()
                .map(|e| self.part.pick(e))
                .collect();
            Ok(format!(
                "{}({})",
                self.type_name(),
                ops::repr(vm, &Value::list(items))?
            ))
        })())
    }
}

/// `iter(set)`.
#[derive(Debug)]
pub struct SetIter {
    set: RefCell<Option<Rc<PySet>>>,
    pos: Cell<usize>,
    used: Cell<isize>,
}

impl SetIter {
    /// An iterator over `set`.
    pub fn new(set: Rc<PySet>) -> SetIter {
        let n = set.len() as isize;
        SetIter {
            set: RefCell::new(Some(set)),
            pos: Cell::new(0),
            used: Cell::new(n),
        }
    }

    fn step(&self, _vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let mut slot = self.set.borrow_mut();
        let Some(s) = slot.as_ref() else {
            return Ok(None);
        };
        if self.used.get() != s.len() as isize {
            self.used.set(-1);
            return raise(
                BuiltinType::RuntimeError,
                "Set changed size during iteration",
            );
        }
        match s.entry_from(self.pos.get()) {
            Some((at, key)) => {
                self.pos.set(at + 1);
                Ok(Some(key))
            }
            None => {
                *slot = None;
                Ok(None)
            }
        }
    }
}
iterator_object!(SetIter, |_| "set_iterator");

// ---------------------------------------------------------------------------------------------
// The lazy builtins

/// `enumerate(iterable, start)`.
#[derive(Debug)]
pub struct Enumerate {
    iter: Value,
    count: RefCell<Value>,
}

impl Enumerate {
    fn step(&self, vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let Some(item) = ops::next(vm, &self.iter)? else {
            return Ok(None);
        };
        let index = {
            let mut count = self.count.borrow_mut();
            let index = count.clone();
            *count = match &index {
                Value::Int(i) if *i < i64::MAX => Value::Int(i + 1),
                other => crate::int::add(
                    Int::from_value(other).unwrap_or(Int::Small(0)),
                    Int::Small(1),
                ),
            };
            index
        };
        Ok(Some(Value::tuple(vec![index, item])))
    }
}
iterator_object!(Enumerate, |_| "enumerate");

/// `enumerate(iterable, start=0)`.
pub fn enumerate(vm: &mut dyn Interp, iterable: &Value, start: Value) -> PyResult<Value> {
    if Int::from_value(&start).is_none() {
        return raise(
            BuiltinType::TypeError,
            format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&start)
            ),
        );
    }
    let start = match start {
        Value::Bool(b) => Value::Int(i64::from(b)),
        other => other,
    };
    Ok(other(Enumerate {
        iter: ops::iter(vm, iterable)?,
        count: RefCell::new(start),
    }))
}

/// `zip(*iterables, strict=False)`.
#[derive(Debug)]
pub struct Zip {
    iters: Vec<Value>,
    strict: bool,
    done: Cell<bool>,
}

impl Zip {
    fn step(&self, vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        if self.done.get() || self.iters.is_empty() {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(self.iters.len());
        for (k, it) in self.iters.iter().enumerate() {
            match ops::next(vm, it)? {
                Some(v) => items.push(v),
                None => {
                    self.done.set(true);
                    if self.strict {
                        return self.strict_error(vm, k);
                    }
                    return Ok(None);
                }
            }
        }
        Ok(Some(Value::tuple(items)))
    }

    /// `zip(strict=True)` found iterator `k` exhausted: the others must be too.
    fn strict_error(&self, vm: &mut dyn Interp, k: usize) -> PyResult<Option<Value>> {
        if k > 0 {
            let plural = if k == 1 { " " } else { "s 1-" };
            return raise(
                BuiltinType::ValueError,
                format!(
                    "zip() argument {} is shorter than argument{plural}{k}",
                    k + 1
                ),
            );
        }
        for (j, it) in self.iters.iter().enumerate().skip(1) {
            if ops::next(vm, it)?.is_some() {
                let plural = if j == 1 { " " } else { "s 1-" };
                return raise(
                    BuiltinType::ValueError,
                    format!(
                        "zip() argument {} is longer than argument{plural}{j}",
                        j + 1
                    ),
                );
            }
        }
        Ok(None)
    }
}
iterator_object!(Zip, |_| "zip");

/// `zip(*iterables, strict=strict)`.
pub fn zip(vm: &mut dyn Interp, iterables: &[Value], strict: bool) -> PyResult<Value> {
    let mut iters = Vec::with_capacity(iterables.len());
    // CPython 3.11 reports a non-iterable argument as `'int' object is not iterable`.
    for it in iterables {
        iters.push(ops::iter(vm, it)?);
    }
    Ok(other(Zip {
        iters,
        strict,
        done: Cell::new(false),
    }))
}

/// `map(func, *iterables)`.
#[derive(Debug)]
pub struct Map {
    func: Value,
    iters: Vec<Value>,
}

impl Map {
    fn step(&self, vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let mut args = Vec::with_capacity(self.iters.len());
        for it in &self.iters {
            match ops::next(vm, it)? {
                Some(v) => args.push(v),
                None => return Ok(None),
            }
        }
        ops::call(vm, &self.func, &args, &[]).map(Some)
    }
}
iterator_object!(Map, |_| "map");

/// `map(func, *iterables)`.
pub fn map(vm: &mut dyn Interp, func: Value, iterables: &[Value]) -> PyResult<Value> {
    if iterables.is_empty() {
        return raise(
            BuiltinType::TypeError,
            "map() must have at least two arguments.",
        );
    }
    let mut iters = Vec::with_capacity(iterables.len());
    for it in iterables {
        iters.push(ops::iter(vm, it)?);
    }
    Ok(other(Map { func, iters }))
}

/// `filter(func, iterable)` (`func` `None`: keep truthy items).
#[derive(Debug)]
pub struct Filter {
    func: Value,
    iter: Value,
}

impl Filter {
    fn step(&self, vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        while let Some(item) = ops::next(vm, &self.iter)? {
            let keep = match &self.func {
                Value::None => ops::truthy(vm, &item)?,
                Value::Type(t) if t.builtin == Some(BuiltinType::Bool) => ops::truthy(vm, &item)?,
                f => {
                    let r = ops::call(vm, f, std::slice::from_ref(&item), &[])?;
                    ops::truthy(vm, &r)?
                }
            };
            if keep {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }
}
iterator_object!(Filter, |_| "filter");

/// `filter(func, iterable)`.
pub fn filter(vm: &mut dyn Interp, func: Value, iterable: &Value) -> PyResult<Value> {
    Ok(other(Filter {
        func,
        iter: ops::iter(vm, iterable)?,
    }))
}

/// `reversed(seq)` over a list (`list_reverseiterator`) or another indexable sequence
/// (`reversed`).
#[derive(Debug)]
pub struct Reversed {
    seq: RefCell<Option<Value>>,
    /// The next index to yield, plus one (0 = exhausted).
    next: Cell<usize>,
}

impl Reversed {
    fn step(&self, vm: &mut dyn Interp) -> PyResult<Option<Value>> {
        let mut slot = self.seq.borrow_mut();
        let Some(seq) = slot.as_ref() else {
            return Ok(None);
        };
        let n = self.next.get();
        if n == 0 {
            *slot = None;
            return Ok(None);
        }
        let i = n - 1;
        // A list may have shrunk meanwhile: CPython's `listreviter_next` stops then.
        if let Value::List(l) = seq {
            let item = l
                .items
                .try_borrow()
                .map_err(|_| seq::busy())?
                .get(i)
                .cloned();
            return match item {
                Some(v) => {
                    self.next.set(i);
                    Ok(Some(v))
                }
                None => {
                    *slot = None;
                    Ok(None)
                }
            };
        }
        let seq = seq.clone();
        drop(slot);
        let v = ops::getitem(vm, &seq, &Value::Int(i as i64))?;
        self.next.set(i);
        Ok(Some(v))
    }
}
iterator_object!(
    Reversed,
    |it: &Reversed| match it.seq.try_borrow().as_deref() {
        Ok(Some(Value::List(_))) => "list_reverseiterator",
        _ => "reversed",
    }
);

/// `reversed(seq)`.
pub fn reversed(vm: &mut dyn Interp, seq: &Value) -> PyResult<Value> {
    match seq {
        Value::Range(r) => Ok(range_iter(r, true)),
        Value::Dict(d) => Ok(other(DictIter::new(Rc::clone(d), DictPart::Keys, true))),
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => {
            let n = ops::len(vm, seq)?;
            Ok(other(Reversed {
                seq: RefCell::new(Some(seq.clone())),
                next: Cell::new(n),
            }))
        }
        Value::Other(o) => {
            if let Some(view) = o.as_any().downcast_ref::<DictView>() {
                return Ok(other(DictIter::new(Rc::clone(&view.dict), view.part, true)));
            }
            not_reversible(seq)
        }
        _ => not_reversible(seq),
    }
}

fn not_reversible(seq: &Value) -> PyResult<Value> {
    raise(
        BuiltinType::TypeError,
        format!("'{}' object is not reversible", type_name(seq)),
    )
}

/// The `iter()` of the builtin iterables; `None` when `v`'s kind is not one of them.
pub fn builtin_iter(v: &Value) -> Option<Value> {
    Some(match v {
        Value::List(l) => other(ListIter::new(Rc::clone(l))),
        Value::Tuple(t) => other(TupleIter::new(Rc::clone(t))),
        Value::Str(s) => other(StrIter::new(Rc::clone(s))),
        Value::Bytes(b) => other(BytesIter::new(Rc::clone(b))),
        Value::Range(r) => range_iter(r, false),
        Value::Dict(d) => other(DictIter::new(Rc::clone(d), DictPart::Keys, false)),
        Value::Set(s) | Value::FrozenSet(s) => other(SetIter::new(Rc::clone(s))),
        _ => return None,
    })
}
