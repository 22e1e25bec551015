//! Sequence indexing shared by `list`, `tuple`, `str`, `bytes` and `range`: index
//! normalization, slice resolution (CPython's `PySlice_Unpack` + `PySlice_AdjustIndices`), and
//! slice assignment/deletion with `list`'s semantics.
//!
//! Invariant: every function here is total. Indices are `isize` after conversion (a Python int
//! too large for one is `IndexError: cannot fit 'int' into an index-sized integer` as an index,
//! and clamps as a slice bound, as in CPython); resolved slices only produce positions inside
//! the sequence, so callers index without further checks.

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::object::PySlice;
use crate::value::Value;

/// The most elements a sequence operation will build before raising `MemoryError` (CPython
/// would fail the allocation; failing early never tries to allocate terabytes).
pub const MAX_ITEMS: usize = 1 << 32;

/// The error for a `RefCell` conflict on a list being mutated while it is read (e.g. from a
/// `key=` function during `sort`), which CPython reports as `ValueError`.
pub fn busy() -> PyErr {
    PyErr::new(BuiltinType::ValueError, "list modified during sort")
}

/// An index value (`__index__`): `Ok(None)` when `v` is not an integer.
#[inline]
pub fn as_index(v: &Value) -> PyResult<Option<isize>> {
    match v {
        Value::Int(i) => Ok(Some(isize::try_from(*i).map_err(|_| cannot_fit())?)),
        Value::Bool(b) => Ok(Some(isize::from(*b))),
        Value::BigInt(_) => Err(cannot_fit()),
        _ => Ok(None),
    }
}

fn cannot_fit() -> PyErr {
    PyErr::new(
        BuiltinType::IndexError,
        "cannot fit 'int' into an index-sized integer",
    )
}

/// `i` as a position in a sequence of length `len` (negative counts from the end); `None`
/// when out of range.
#[inline]
pub fn normalize_index(i: isize, len: usize) -> Option<usize> {
    let j = if i < 0 {
        i.checked_add_unsigned(len)?
    } else {
        i
    };
    usize::try_from(j).ok().filter(|&j| j < len)
}

/// A slice resolved against a length: the positions `start, start + step, ...` (`len` of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliceIndices {
    /// First position (may equal the sequence length or be -1 when `len == 0`).
    pub start: isize,
    /// Stop, exclusive, as `PySlice_AdjustIndices` leaves it.
    pub stop: isize,
    /// Step, never zero.
    pub step: isize,
    /// Number of selected positions.
    pub len: usize,
}

impl SliceIndices {
    /// The selected positions, in order.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |k| (self.start + (k as isize) * self.step) as usize)
    }
}

/// A slice bound: `None`, or an integer clamped to `isize` (CPython's `_PyEval_SliceIndex`).
fn slice_bound(v: &Value) -> PyResult<Option<isize>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(isize::try_from(*i).unwrap_or(if *i < 0 {
            isize::MIN
        } else {
            isize::MAX
        }))),
        Value::Bool(b) => Ok(Some(isize::from(*b))),
        Value::BigInt(b) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
            isize::MIN
        } else {
            isize::MAX
        })),
        _ => raise(
            BuiltinType::TypeError,
            "slice indices must be integers or None or have an __index__ method",
        ),
    }
}

/// `slice.indices(len)` as CPython computes it for subscripting.
pub fn slice_indices(slice: &PySlice, len: usize) -> PyResult<SliceIndices> {
    let step = match slice_bound(&slice.step)? {
        None => 1,
        Some(0) => return raise(BuiltinType::ValueError, "slice step cannot be zero"),
        // -PY_SSIZE_T_MAX, so that -step cannot overflow.
        Some(isize::MIN) => -isize::MAX,
        Some(s) => s,
    };
    let len = isize::try_from(len).unwrap_or(isize::MAX);
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |bound: Option<isize>, default: isize| -> isize {
        match bound {
            None => default,
            Some(b) if b < 0 => {
                let b = b.saturating_add(len);
                if b < 0 { lower } else { b }
            }
            Some(b) => b.min(upper),
        }
    };
    let start = adjust(
        slice_bound(&slice.start)?,
        if step < 0 { upper } else { lower },
    );
    let stop = adjust(
        slice_bound(&slice.stop)?,
        if step < 0 { lower } else { upper },
    );
    let count = if step < 0 {
        if stop < start {
            ((start - stop - 1) / -step + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else {
        0
    };
    Ok(SliceIndices {
        start,
        stop,
        step,
        len: count,
    })
}

/// `items[slice]` for a resolved slice.
pub fn slice_items<T: Clone>(items: &[T], ind: &SliceIndices) -> Vec<T> {
    if ind.step == 1 {
        let start = ind.start.max(0) as usize;
        return items[start..start + ind.len].to_vec();
    }
    ind.positions().map(|p| items[p].clone()).collect()
}

/// `list[slice] = new` (CPython's `list_ass_slice` / `list_ass_subscript`): a simple slice
/// (step 1) is replaced by any number of items; an extended slice needs exactly as many.
pub fn assign_slice(items: &mut Vec<Value>, ind: &SliceIndices, new: Vec<Value>) -> PyResult<()> {
    if ind.step == 1 {
        let start = ind.start.clamp(0, items.len() as isize) as usize;
        let stop = (ind.stop.clamp(0, items.len() as isize) as usize).max(start);
        items.splice(start..stop, new);
        return Ok(());
    }
    if new.len() != ind.len {
        return raise(
            BuiltinType::ValueError,
            format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new.len(),
                ind.len
            ),
        );
    }
    let positions: Vec<usize> = ind.positions().collect();
    for (p, v) in positions.into_iter().zip(new) {
        items[p] = v;
    }
    Ok(())
}

/// `del list[slice]`.
pub fn delete_slice(items: &mut Vec<Value>, ind: &SliceIndices) {
    if ind.len == 0 {
        return;
    }
    if ind.step == 1 {
        let start = ind.start.max(0) as usize;
        items.drain(start..start + ind.len);
        return;
    }
    let mut doomed = vec![false; items.len()];
    for p in ind.positions() {
        doomed[p] = true;
    }
    let mut k = 0;
    items.retain(|_| {
        let keep = !doomed[k];
        k += 1;
        keep
    });
}

/// `TypeError: list indices must be integers or slices, not str` (with `kind` = "list").
pub fn bad_index_type(kind: &str, key: &Value) -> PyErr {
    PyErr::new(
        BuiltinType::TypeError,
        format!(
            "{kind} indices must be integers or slices, not {}",
            type_name(key)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sl(start: Value, stop: Value, step: Value) -> PySlice {
        PySlice { start, stop, step }
    }

    fn resolve(start: Option<i64>, stop: Option<i64>, step: Option<i64>, len: usize) -> Vec<usize> {
        let v = |x: Option<i64>| x.map_or(Value::None, Value::Int);
        let ind = slice_indices(&sl(v(start), v(stop), v(step)), len).unwrap();
        ind.positions().collect()
    }

    #[test]
    fn slices_resolve_like_cpython() {
        assert_eq!(resolve(None, None, None, 5), [0, 1, 2, 3, 4]);
        assert_eq!(resolve(None, None, Some(-1), 5), [4, 3, 2, 1, 0]);
        assert_eq!(resolve(Some(-2), None, None, 5), [3, 4]);
        assert_eq!(resolve(Some(1), Some(100), Some(2), 5), [1, 3]);
        assert_eq!(resolve(Some(100), Some(-100), Some(-3), 5), [4, 1]);
        assert_eq!(resolve(Some(3), Some(1), None, 5), Vec::<usize>::new());
        assert_eq!(
            resolve(Some(i64::MIN), Some(i64::MAX), Some(i64::MIN), 5),
            [] as [usize; 0]
        );
        assert_eq!(resolve(None, None, Some(i64::MIN), 5), [4]);
        let zero = slice_indices(&sl(Value::None, Value::None, Value::Int(0)), 3).unwrap_err();
        assert!(zero.matches(BuiltinType::ValueError));
    }

    #[test]
    fn extended_slice_assignment_checks_size() {
        let mut items: Vec<Value> = (0..6).map(Value::Int).collect();
        let ind = slice_indices(&sl(Value::None, Value::None, Value::Int(2)), 6).unwrap();
        let err = assign_slice(&mut items, &ind, (0..7).map(Value::Int).collect()).unwrap_err();
        let msg = format!("{:?}", err.0.args.borrow()[0]);
        assert_eq!(
            msg,
            "\"attempt to assign sequence of size 7 to extended slice of size 3\""
        );
        delete_slice(&mut items, &ind);
        assert_eq!(format!("{items:?}"), "[1, 3, 5]");
    }

    #[test]
    fn index_normalization() {
        assert_eq!(normalize_index(-1, 3), Some(2));
        assert_eq!(normalize_index(3, 3), None);
        assert_eq!(normalize_index(-4, 3), None);
        assert_eq!(normalize_index(isize::MIN, 3), None);
    }
}
