//! Subscription (`a[k]`, `a[k] = v`, `del a[k]`) and `len(a)` for every builtin kind, with
//! CPython 3.11's messages (`list index out of range`, `KeyError: 'k'`,
//! `'int' object is not subscriptable`, ...). Index and slice arithmetic is in [`crate::seq`].

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::seq::{self, as_index, bad_index_type, normalize_index, slice_indices, slice_items};
use crate::types::{PyBytes, PyStr};
use crate::value::Value;

/// `KeyError(key)`.
pub(crate) fn key_error(key: &Value) -> PyErr {
    PyErr::with_args(BuiltinType::KeyError.class(), vec![key.clone()])
}

/// `obj[key]`.
#[inline]
pub fn getitem(vm: &mut dyn Interp, obj: &Value, key: &Value) -> PyResult<Value> {
    match (obj, key) {
        (Value::List(l), Value::Int(i)) => {
            let items = l.items.try_borrow().map_err(|_| seq::busy())?;
            match normalize_index(*i as isize, items.len()) {
                Some(j) if isize::try_from(*i).is_ok() => Ok(items[j].clone_fast()),
                _ => raise(BuiltinType::IndexError, "list index out of range"),
            }
        }
        (Value::Dict(d), Value::Str(s)) => {
            if let Some(v) = d.get_pystr(s) {
                return Ok(v);
            }
            getitem_slow(vm, obj, key)
        }
        _ => getitem_slow(vm, obj, key),
    }
}

fn getitem_slow(vm: &mut dyn Interp, obj: &Value, key: &Value) -> PyResult<Value> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = key {
                let items = l.items.try_borrow().map_err(|_| seq::busy())?;
                let ind = slice_indices(s, items.len())?;
                return Ok(Value::list(slice_items(&items, &ind)));
            }
            let Some(i) = as_index(key)? else {
                return Err(bad_index_type("list", key));
            };
            let items = l.items.try_borrow().map_err(|_| seq::busy())?;
            match normalize_index(i, items.len()) {
                Some(j) => Ok(items[j].clone()),
                None => raise(BuiltinType::IndexError, "list index out of range"),
            }
        }
        Value::Tuple(t) => {
            if let Value::Slice(s) = key {
                let ind = slice_indices(s, t.items().len())?;
                if ind.step == 1 && ind.len == t.items().len() {
                    return Ok(obj.clone());
                }
                return Ok(Value::tuple(slice_items(t.items(), &ind)));
            }
            let Some(i) = as_index(key)? else {
                return Err(bad_index_type("tuple", key));
            };
            match normalize_index(i, t.items().len()) {
                Some(j) => Ok(t.items()[j].clone()),
                None => raise(BuiltinType::IndexError, "tuple index out of range"),
            }
        }
        Value::Str(s) => str_getitem(s, obj, key),
        Value::Bytes(b) => {
            let data = b.as_bytes();
            if let Value::Slice(s) = key {
                let ind = slice_indices(s, data.len())?;
                return Ok(Value::Bytes(Rc::new(PyBytes::new(slice_items(data, &ind)))));
            }
            let Some(i) = as_index(key)? else {
                return raise(
                    BuiltinType::TypeError,
                    format!(
                        "byte indices must be integers or slices, not {}",
                        type_name(key)
                    ),
                );
            };
            match normalize_index(i, data.len()) {
                Some(j) => Ok(Value::Int(i64::from(data[j]))),
                None => raise(BuiltinType::IndexError, "index out of range"),
            }
        }
        Value::Range(r) => crate::iterators::range_getitem(r, key),
        Value::Dict(d) => match d.get(vm, key)? {
            Some(v) => Ok(v),
            None => Err(key_error(key)),
        },
        Value::Type(t) if t.builtin.is_some() => {
            // `list[int]` and friends: generic aliases are not modelled; return the class.
            Ok(obj.clone())
        }
        _ => raise(
            BuiltinType::TypeError,
            format!("'{}' object is not subscriptable", type_name(obj)),
        ),
    }
}

/// `s[key]` for a `str`: by code point.
fn str_getitem(s: &Rc<PyStr>, obj: &Value, key: &Value) -> PyResult<Value> {
    if let Value::Slice(sl) = key {
        let ind = slice_indices(sl, s.char_len())?;
        if ind.step == 1 && ind.len == s.char_len() {
            return Ok(obj.clone());
        }
        let text = if s.is_ascii() {
            let bytes = s.as_str().as_bytes();
            ind.positions()
                .map(|p| bytes[p] as char)
                .collect::<String>()
        } else {
            let chars: Vec<char> = s.as_str().chars().collect();
            ind.positions().map(|p| chars[p]).collect::<String>()
        };
        return Ok(Value::str(text));
    }
    let Some(i) = as_index(key)? else {
        return raise(
            BuiltinType::TypeError,
            format!("string indices must be integers, not '{}'", type_name(key)),
        );
    };
    let Some(j) = normalize_index(i, s.char_len()) else {
        return raise(BuiltinType::IndexError, "string index out of range");
    };
    let c = if s.is_ascii() {
        s.as_str().as_bytes()[j] as char
    } else {
        s.as_str().chars().nth(j).unwrap_or('\0')
    };
    Ok(Value::str(c.to_string()))
}

/// The items of `value` taken without a copy when it is a list nothing else holds (a
/// temporary such as `perm[k::-1]` in `perm[:k + 1] = perm[k::-1]`); else `value` back.
fn take_unique_list(value: Value) -> Result<Vec<Value>, Value> {
    match value {
        Value::List(l) => Rc::try_unwrap(l)
            .map(|list| list.items.into_inner())
            .map_err(Value::List),
        other => Err(other),
    }
}

/// `obj[key] = value`.
pub fn setitem(vm: &mut dyn Interp, obj: &Value, key: &Value, value: Value) -> PyResult<()> {
    if let (Value::List(l), Value::Int(i)) = (obj, key)
        && let Ok(mut items) = l.items.try_borrow_mut()
        && let Some(j) = normalize_index(*i as isize, items.len())
        && isize::try_from(*i).is_ok()
    {
        let old = std::mem::replace(&mut items[j], value);
        drop(items);
        old.discard();
        return Ok(());
    }
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = key {
                // Materialize the new items first: iterating may run user code, and `value`
                // may be the list itself (`a[:] = a`).
                let value = match take_unique_list(value) {
                    Ok(items) => {
                        let mut list = l.items.try_borrow_mut().map_err(|_| seq::busy())?;
                        let ind = slice_indices(s, list.len())?;
                        return seq::assign_slice(&mut list, &ind, items);
                    }
                    Err(value) => value,
                };
                let new = match crate::ops::to_vec(vm, &value) {
                    Ok(items) => items,
                    Err(e) if e.matches(BuiltinType::TypeError) => {
                        let len = l.items.try_borrow().map_err(|_| seq::busy())?.len();
                        let step_is_one = slice_indices(s, len)?.step == 1;
                        return raise(
                            BuiltinType::TypeError,
                            if step_is_one {
                                "can only assign an iterable"
                            } else {
                                "must assign iterable to extended slice"
                            },
                        );
                    }
                    Err(e) => return Err(e),
                };
                let mut items = l.items.try_borrow_mut().map_err(|_| seq::busy())?;
                let ind = slice_indices(s, items.len())?;
                return seq::assign_slice(&mut items, &ind, new);
            }
            let Some(i) = as_index(key)? else {
                return Err(bad_index_type("list", key));
            };
            let mut items = l.items.try_borrow_mut().map_err(|_| seq::busy())?;
            match normalize_index(i, items.len()) {
                Some(j) => {
                    let old = std::mem::replace(&mut items[j], value);
                    drop(items);
                    drop(old);
                    Ok(())
                }
                None => raise(
                    BuiltinType::IndexError,
                    "list assignment index out of range",
                ),
            }
        }
        Value::Dict(d) => {
            // The common `counts[word] = ...` of a word already counted: no hashing through
            // the interpreter, no key clone.
            if let Value::Str(k) = key
                && d.replace_str(k, &value)
            {
                return Ok(());
            }
            d.insert(vm, key.clone(), value)?;
            Ok(())
        }
        _ => raise(
            BuiltinType::TypeError,
            format!(
                "'{}' object does not support item assignment",
                type_name(obj)
            ),
        ),
    }
}

/// `del obj[key]`.
pub fn delitem(vm: &mut dyn Interp, obj: &Value, key: &Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            let mut items = l.items.try_borrow_mut().map_err(|_| seq::busy())?;
            if let Value::Slice(s) = key {
                let ind = slice_indices(s, items.len())?;
                seq::delete_slice(&mut items, &ind);
                return Ok(());
            }
            let Some(i) = as_index(key)? else {
                return Err(bad_index_type("list", key));
            };
            match normalize_index(i, items.len()) {
                Some(j) => {
                    let old = items.remove(j);
                    drop(items);
                    drop(old);
                    Ok(())
                }
                None => raise(
                    BuiltinType::IndexError,
                    "list assignment index out of range",
                ),
            }
        }
        Value::Dict(d) => match d.remove(vm, key)? {
            Some(_) => Ok(()),
            None => Err(key_error(key)),
        },
        Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => raise(
            BuiltinType::TypeError,
            format!("'{}' object doesn't support item deletion", type_name(obj)),
        ),
        _ => raise(
            BuiltinType::TypeError,
            format!("'{}' object does not support item deletion", type_name(obj)),
        ),
    }
}

/// `len(obj)`.
#[inline]
pub fn len(_vm: &mut dyn Interp, obj: &Value) -> PyResult<usize> {
    Ok(match obj {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.items.try_borrow().map_err(|_| seq::busy())?.len(),
        Value::Tuple(t) => t.items().len(),
        Value::Dict(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Bytes(b) => b.as_bytes().len(),
        Value::Range(r) => match crate::iterators::range_len_value(r) {
            Value::Int(n) => n as usize,
            _ => {
                return raise(
                    BuiltinType::OverflowError,
                    "Python int too large to convert to C ssize_t",
                );
            }
        },
        Value::Other(o) if o.length().is_some() => o.length().unwrap_or(0),
        _ => {
            return raise(
                BuiltinType::TypeError,
                format!("object of type '{}' has no len()", type_name(obj)),
            );
        }
    })
}
