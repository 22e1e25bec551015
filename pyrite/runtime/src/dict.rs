//! `dict`: an insertion-ordered hash table with CPython's compact-dict semantics.
//!
//! Layout (as CPython 3.6+): a dense `entries` vector in insertion order, and a sparse `indices`
//! table (a power of two, at least 8 slots) mapping hash slots to entry positions:
//!
//! ```text
//! indices: [ EMPTY | 2 | EMPTY | DUMMY | 0 | 1 | EMPTY | EMPTY ]   probed with CPython's
//! entries: [ (h, k0, v0) | (h, k1, v1) | (h, k2, v2) | None ... ]   perturbation recurrence
//! ```
//!
//! Invariants:
//! - Iteration order is insertion order. Deleting leaves a hole (`None`) in `entries` and a
//!   `DUMMY` in `indices`, so the order of the others never changes; re-inserting a deleted key
//!   appends it at the end. Overwriting a value keeps the key's position *and the original key
//!   object* (`d[1.0] = x` after `d[1] = y` leaves the key `1`).
//! - Holes are squeezed out only when the table grows, which only an insertion of a new key
//!   does; so an iterator's position (an index into `entries`) stays meaningful while the size
//!   is unchanged, and iterators detect size changes (`dictionary changed size during
//!   iteration`) by comparing `len()` with the size they started with.
//! - No `RefCell` borrow is held while Python code runs (a user `__eq__` during a lookup): the
//!   probe drops the borrow, compares, re-borrows and restarts if the table's `version` moved,
//!   as CPython restarts when `ma_keys` changed under it. Equality of the kinds whose `==`
//!   cannot run user code (`str`, numbers, `bytes`, `None`) is done under the borrow.
//! - `version` changes whenever the key structure changes (new key, deletion, clear, resize);
//!   overwriting a value does not change it. New versions come from one per-thread counter, so
//!   a version names one key structure of one dict: no two dicts (not even one freed and
//!   another allocated at its address) ever share a version, except 0, which every dict has
//!   until its first change (while it is still empty). That makes `(version, entry position)` a complete inline-cache key for
//!   a lookup ([`PyDict::lookup_str_slot`], [`PyDict::value_at`]): while the version is
//!   unchanged the key is still at that position (its value may have been overwritten, and is
//!   read from there), and a key absent at that version is still absent.

use std::cell::{Cell, Ref, RefCell, RefMut};

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::interp::Interp;
use crate::ops;
use crate::types::PyStr;
use crate::value::Value;

/// `indices` slot that was never used.
const EMPTY: u32 = u32::MAX;
/// `indices` slot whose entry was deleted (probe sequences continue through it).
const DUMMY: u32 = u32::MAX - 1;
/// Smallest index table (`PyDict_MINSIZE`).
const MIN_SIZE: usize = 8;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

thread_local! {
    /// The last version handed out (see the module documentation).
    static LAST_VERSION: Cell<u64> = const { Cell::new(0) };
}

/// A version no dict of this thread has had yet.
#[inline]
fn fresh_version() -> u64 {
    LAST_VERSION.with(|last| {
        let v = last.get() + 1;
        last.set(v);
        v
    })
}

/// One key/value pair with the key's hash.
#[derive(Debug, Clone)]
pub struct DictEntry {
    /// `hash(key)`.
    pub hash: i64,
    /// The key.
    pub key: Value,
    /// The value.
    pub value: Value,
}

#[derive(Debug, Default)]
struct Table {
    /// Empty until the first insertion (an empty dict allocates nothing), else a power of two.
    indices: Vec<u32>,
    entries: Vec<Option<DictEntry>>,
    used: usize,
    version: u64,
}

/// Where a probe ended.
enum Probe {
    /// The key is at this position of `entries`.
    Found(usize),
    /// The key is absent.
    Missing,
}

impl Table {
    /// Entries that may still be appended before the index table must grow (2/3 load).
    fn usable(&self) -> usize {
        (self.indices.len() * 2 / 3).saturating_sub(self.entries.len())
    }

    /// The first free (`EMPTY`) index slot on `hash`'s probe sequence (for a key known absent).
    fn free_slot(&self, hash: i64) -> usize {
        let mask = self.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] != EMPTY {
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        i
    }

    /// Rebuilds the index table with room for `min_used` entries, squeezing out holes.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size * 2 / 3 <= min_used {
            size *= 2;
        }
        self.entries.retain(Option::is_some);
        self.indices = vec![EMPTY; size];
        for pos in 0..self.entries.len() {
            if let Some(e) = &self.entries[pos] {
                let slot = self.free_slot(e.hash);
                self.indices[slot] = pos as u32;
            }
        }
        self.version = fresh_version();
    }

    /// Appends a key known to be absent.
    fn append(&mut self, hash: i64, key: Value, value: Value) -> PyResult<()> {
        if self.usable() == 0 {
            if self.used >= (DUMMY as usize) / 3 {
                return raise(BuiltinType::MemoryError, "");
            }
            self.resize(self.used * 3);
        }
        let slot = self.free_slot(hash);
        self.indices[slot] = self.entries.len() as u32;
        self.entries.push(Some(DictEntry { hash, key, value }));
        self.used += 1;
        self.version = fresh_version();
        Ok(())
    }

    /// Removes the entry at `pos` (whose index slot is found by identity of position).
    fn remove_at(&mut self, pos: usize) -> Option<DictEntry> {
        let hash = self.entries.get(pos)?.as_ref()?.hash;
        let mask = self.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = self.indices[i];
            if ix == pos as u32 {
                self.indices[i] = DUMMY;
                break;
            }
            if ix == EMPTY {
                // Unreachable while the table is consistent; do not corrupt it further.
                return None;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        self.used -= 1;
        self.version = fresh_version();
        self.entries[pos].take()
    }
}

/// A Python `dict`.
#[derive(Debug, Default)]
pub struct PyDict {
    table: RefCell<Table>,
}

/// The error for a borrow conflict, which only a bug (a borrow held across Python code) causes.
fn busy() -> PyErr {
    PyErr::new(
        BuiltinType::RuntimeError,
        "dictionary changed size during iteration",
    )
}

impl PyDict {
    /// An empty dict.
    pub fn new() -> PyDict {
        PyDict::default()
    }

    fn read(&self) -> PyResult<Ref<'_, Table>> {
        self.table.try_borrow().map_err(|_| busy())
    }

    fn write(&self) -> PyResult<RefMut<'_, Table>> {
        self.table.try_borrow_mut().map_err(|_| busy())
    }

    /// `len(d)`.
    #[inline]
    pub fn len(&self) -> usize {
        self.table.try_borrow().map_or(0, |t| t.used)
    }

    /// Whether the dict is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Finds `key` (with hash `hash`), running `==` through `vm` where it may be user code.
    fn probe(&self, vm: &mut dyn Interp, key: &Value, hash: i64) -> PyResult<Probe> {
        'restart: loop {
            let mut t = self.read()?;
            if t.indices.is_empty() {
                return Ok(Probe::Missing);
            }
            let mut mask = t.indices.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let ix = t.indices[i];
                if ix == EMPTY {
                    return Ok(Probe::Missing);
                }
                if ix != DUMMY
                    && let Some(Some(e)) = t.entries.get(ix as usize)
                    && e.hash == hash
                {
                    if e.key.is(key) {
                        return Ok(Probe::Found(ix as usize));
                    }
                    match ops::eq_without_user_code(&e.key, key) {
                        Some(true) => return Ok(Probe::Found(ix as usize)),
                        Some(false) => {}
                        None => {
                            let candidate = e.key.clone();
                            let version = t.version;
                            drop(t);
                            let equal = ops::eq(vm, &candidate, key)?;
                            t = self.read()?;
                            if t.version != version {
                                continue 'restart;
                            }
                            if equal {
                                return Ok(Probe::Found(ix as usize));
                            }
                            mask = t.indices.len() - 1;
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
        }
    }

    /// `d.get(key)` with the hash already computed.
    pub fn get_with_hash(
        &self,
        vm: &mut dyn Interp,
        key: &Value,
        hash: i64,
    ) -> PyResult<Option<Value>> {
        match self.probe(vm, key, hash)? {
            Probe::Found(pos) => Ok(self.live_value(pos)),
            Probe::Missing => Ok(None),
        }
    }

    /// `d.get(key)`: `None` when absent; `TypeError` when `key` is unhashable.
    pub fn get(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<Option<Value>> {
        let hash = ops::hash(vm, key)?;
        self.get_with_hash(vm, key, hash)
    }

    /// `key in d`.
    pub fn contains(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<bool> {
        let hash = ops::hash(vm, key)?;
        Ok(matches!(self.probe(vm, key, hash)?, Probe::Found(_)))
    }

    /// `key in d` with the hash already computed.
    pub fn contains_with_hash(
        &self,
        vm: &mut dyn Interp,
        key: &Value,
        hash: i64,
    ) -> PyResult<bool> {
        Ok(matches!(self.probe(vm, key, hash)?, Probe::Found(_)))
    }

    /// Lookup of a `str` key without an interpreter (attribute dicts, keyword arguments): only
    /// `str` keys can match. Keys of other kinds that would compare equal to a `str` through a
    /// user `__eq__` are not found here (documented divergence; CPython's own attribute lookup
    /// makes the same assumption for exact-`str` dicts).
    #[inline]
    pub fn get_str(&self, key: &str) -> Option<Value> {
        let t = self.table.try_borrow().ok()?;
        let pos = Self::find_str(&t, key, crate::str_hash::hash_str(key))?;
        t.entries[pos].as_ref().map(|e| e.value.clone())
    }

    /// Like [`PyDict::get_str`] for a `PyStr` (uses its cached hash).
    #[inline]
    pub fn get_pystr(&self, key: &PyStr) -> Option<Value> {
        let t = self.table.try_borrow().ok()?;
        let pos = Self::find_str(&t, key.as_str(), crate::str_hash::hash_pystr(key))?;
        t.entries[pos].as_ref().map(|e| e.value.clone())
    }

    /// `d[key] = value` when a `str` key equal to `key` is already there (true); false when
    /// nothing changed (the key is absent, or may only match a key of another type, or the
    /// dict is in use) and the caller takes the general path. Runs no Python code (`str`
    /// equality is the runtime's own); the replaced value is released after the table is.
    pub fn replace_str(&self, key: &PyStr, value: &Value) -> bool {
        let old = {
            let Ok(mut t) = self.table.try_borrow_mut() else {
                return false;
            };
            let found = Self::find_str(&t, key.as_str(), crate::str_hash::hash_pystr(key));
            match found.and_then(|pos| t.entries[pos].as_mut()) {
                Some(e) => std::mem::replace(&mut e.value, value.clone()),
                None => return false,
            }
        };
        old.discard();
        true
    }

    /// The version of the key structure (see the module documentation).
    #[inline]
    pub fn version(&self) -> u64 {
        self.table.try_borrow().map_or(u64::MAX, |t| t.version)
    }

    /// Like [`PyDict::get_pystr`], with the version of the key structure and, if the key is
    /// present, its entry position: an inline cache's key for [`PyDict::value_at`]. `None` if
    /// the dict is in use (a borrow conflict, which no cache may record).
    #[inline]
    pub fn lookup_str_slot(&self, key: &PyStr) -> Option<(u64, Option<(usize, Value)>)> {
        let t = self.table.try_borrow().ok()?;
        let found = Self::find_str(&t, key.as_str(), crate::str_hash::hash_pystr(key))
            .and_then(|pos| Some((pos, t.entries[pos].as_ref()?.value.clone_fast())));
        Some((t.version, found))
    }

    /// The value at entry position `pos` if the key structure is still at `version` (a hit of
    /// a cache filled by [`PyDict::lookup_str_slot`]); `None` otherwise.
    #[inline]
    pub fn value_at(&self, version: u64, pos: usize) -> Option<Value> {
        let t = self.table.try_borrow().ok()?;
        if t.version != version {
            return None;
        }
        t.entries.get(pos)?.as_ref().map(|e| e.value.clone_fast())
    }

    /// [`PyDict::value_at`] lending the value to `f` instead of cloning it; `None` on a miss.
    #[inline]
    pub fn with_value_at<R>(
        &self,
        version: u64,
        pos: usize,
        f: impl FnOnce(&Value) -> R,
    ) -> Option<R> {
        let t = self.table.try_borrow().ok()?;
        if t.version != version {
            return None;
        }
        t.entries.get(pos)?.as_ref().map(|e| f(&e.value))
    }

    fn find_str(t: &Table, key: &str, hash: i64) -> Option<usize> {
        if t.indices.is_empty() {
            return None;
        }
        let mask = t.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = t.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY
                && let Some(Some(e)) = t.entries.get(ix as usize)
                && e.hash == hash
                && let Value::Str(s) = &e.key
                && s.as_str() == key
            {
                return Some(ix as usize);
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }

    /// `d[key] = value` for a `str` key without an interpreter (see [`PyDict::get_str`]).
    pub fn set_str(&self, key: &std::rc::Rc<PyStr>, value: Value) -> PyResult<Option<Value>> {
        let hash = crate::str_hash::hash_pystr(key);
        let mut t = self.write()?;
        if let Some(pos) = Self::find_str(&t, key.as_str(), hash)
            && let Some(e) = t.entries[pos].as_mut()
        {
            return Ok(Some(std::mem::replace(&mut e.value, value)));
        }
        t.append(hash, Value::Str(key.clone()), value)?;
        Ok(None)
    }

    /// Removes a `str` key without an interpreter; the old value if it was there.
    pub fn remove_str(&self, key: &str) -> PyResult<Option<Value>> {
        let hash = crate::str_hash::hash_str(key);
        let mut t = self.write()?;
        match Self::find_str(&t, key, hash) {
            Some(pos) => Ok(t.remove_at(pos).map(|e| e.value)),
            None => Ok(None),
        }
    }

    /// `d[key] = value`; returns the value it replaced, if any. The existing key object is kept.
    pub fn insert(&self, vm: &mut dyn Interp, key: Value, value: Value) -> PyResult<Option<Value>> {
        let hash = ops::hash(vm, &key)?;
        self.insert_with_hash(vm, key, hash, value)
    }

    /// `d[key] = value` with the hash already computed.
    pub fn insert_with_hash(
        &self,
        vm: &mut dyn Interp,
        key: Value,
        hash: i64,
        value: Value,
    ) -> PyResult<Option<Value>> {
        loop {
            let probe = self.probe(vm, &key, hash)?;
            let mut t = self.write()?;
            match probe {
                Probe::Found(pos) => {
                    if let Some(Some(e)) = t.entries.get_mut(pos) {
                        return Ok(Some(std::mem::replace(&mut e.value, value)));
                    }
                    // The entry vanished between probe and write (cannot happen without Python
                    // code running in between); probe again.
                    continue;
                }
                Probe::Missing => {
                    t.append(hash, key, value)?;
                    return Ok(None);
                }
            }
        }
    }

    /// `d.pop(key, None)`: removes `key`, returning its value if it was present.
    pub fn remove(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<Option<Value>> {
        let hash = ops::hash(vm, key)?;
        self.remove_with_hash(vm, key, hash)
    }

    /// [`PyDict::remove`] with the hash already computed.
    pub fn remove_with_hash(
        &self,
        vm: &mut dyn Interp,
        key: &Value,
        hash: i64,
    ) -> PyResult<Option<Value>> {
        match self.probe(vm, key, hash)? {
            Probe::Found(pos) => Ok(self.write()?.remove_at(pos).map(|e| e.value)),
            Probe::Missing => Ok(None),
        }
    }

    /// `d.popitem()`: the last inserted pair.
    pub fn popitem(&self) -> PyResult<(Value, Value)> {
        let mut t = self.write()?;
        let Some(pos) = t.entries.iter().rposition(Option::is_some) else {
            return raise(BuiltinType::KeyError, "popitem(): dictionary is empty");
        };
        let e = t.remove_at(pos).ok_or_else(busy)?;
        // CPython trims the hole immediately so the next popitem is O(1); positions before it
        // are unaffected.
        t.entries.truncate(pos);
        Ok((e.key, e.value))
    }

    /// `d.clear()`.
    pub fn clear(&self) -> PyResult<()> {
        let old = {
            let mut t = self.write()?;
            let version = fresh_version();
            std::mem::replace(
                &mut *t,
                Table {
                    version,
                    ..Table::default()
                },
            )
        };
        drop(old);
        Ok(())
    }

    /// The value at entry position `pos`, if live.
    fn live_value(&self, pos: usize) -> Option<Value> {
        let t = self.table.try_borrow().ok()?;
        t.entries.get(pos)?.as_ref().map(|e| e.value.clone())
    }

    /// The first live entry at position `pos` or later, with its position (for iterators: the
    /// next call passes `position + 1`).
    pub fn entry_from(&self, pos: usize) -> Option<(usize, DictEntry)> {
        let t = self.table.try_borrow().ok()?;
        t.entries
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e.clone())))
    }

    /// The last live entry strictly before position `end` (for reversed iteration).
    pub fn entry_before(&self, end: usize) -> Option<(usize, DictEntry)> {
        let t = self.table.try_borrow().ok()?;
        let end = end.min(t.entries.len());
        t.entries[..end]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e.clone())))
    }

    /// Number of entry positions (live or holes): the bound for [`PyDict::entry_before`].
    pub fn positions(&self) -> usize {
        self.table.try_borrow().map_or(0, |t| t.entries.len())
    }

    /// A snapshot of the live entries in order.
    pub fn entries(&self) -> Vec<DictEntry> {
        self.table
            .try_borrow()
            .map(|t| t.entries.iter().flatten().cloned().collect())
            .unwrap_or_default()
    }

    /// A snapshot of the keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.entries().into_iter().map(|e| e.key).collect()
    }

    /// A snapshot of the values in order.
    pub fn values(&self) -> Vec<Value> {
        self.entries().into_iter().map(|e| e.value).collect()
    }

    /// `d.copy()`: same order, same key objects, holes squeezed out.
    pub fn copy(&self) -> PyResult<PyDict> {
        let t = self.read()?;
        let mut new = Table::default();
        new.resize(t.used);
        for e in t.entries.iter().flatten() {
            new.append(e.hash, e.key.clone(), e.value.clone())?;
        }
        Ok(PyDict {
            table: RefCell::new(new),
        })
    }

    /// `d.update(other)` for another dict (keys keep their hashes; `other` is read from a
    /// snapshot so `d.update(d)` and user `__eq__` mutating `other` are safe).
    pub fn update_from(&self, vm: &mut dyn Interp, other: &PyDict) -> PyResult<()> {
        for e in other.entries() {
            self.insert_with_hash(vm, e.key, e.hash, e.value)?;
        }
        Ok(())
    }

    /// A dict from (key, value) pairs in order (later duplicates overwrite values).
    pub fn from_pairs(
        vm: &mut dyn Interp,
        pairs: impl IntoIterator<Item = (Value, Value)>,
    ) -> PyResult<PyDict> {
        let d = PyDict::new();
        for (k, v) in pairs {
            d.insert(vm, k, v)?;
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::test_support::NoInterp;

    fn keys(d: &PyDict) -> Vec<String> {
        d.keys().iter().map(|k| format!("{k:?}")).collect()
    }

    #[test]
    fn insertion_order_survives_deletion_and_overwrite() {
        let vm = &mut NoInterp;
        let d = PyDict::new();
        for i in 0..20 {
            d.insert(vm, Value::Int(i), Value::Int(i * 10)).unwrap();
        }
        for i in (0..20).step_by(3) {
            assert!(d.remove(vm, &Value::Int(i)).unwrap().is_some());
        }
        d.insert(vm, Value::Int(3), Value::Int(0)).unwrap(); // re-inserted: goes last
        d.insert(vm, Value::Float(4.0), Value::Int(44)).unwrap(); // overwrite keeps key 4
        let expected: Vec<String> = [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 3]
            .iter()
            .map(|i| i.to_string())
            .collect();
        assert_eq!(keys(&d), expected);
        assert!(matches!(
            d.get(vm, &Value::Int(4)).unwrap(),
            Some(Value::Int(44))
        ));
        assert_eq!(d.len(), 14);
        for i in 100..1000 {
            d.insert(vm, Value::Int(i), Value::None).unwrap();
        }
        assert_eq!(d.len(), 914);
        assert!(matches!(
            d.get(vm, &Value::Int(19)).unwrap(),
            Some(Value::Int(190))
        ));
        assert!(d.get(vm, &Value::Int(0)).unwrap().is_none());
    }

    #[test]
    fn str_keys_fast_path_agrees() {
        let vm = &mut NoInterp;
        let d = PyDict::new();
        d.insert(vm, Value::str("x"), Value::Int(1)).unwrap();
        let y = std::rc::Rc::new(PyStr::new("y".into()));
        d.set_str(&y, Value::Int(2)).unwrap();
        assert!(matches!(d.get_str("x"), Some(Value::Int(1))));
        assert!(matches!(
            d.get(vm, &Value::str("y")).unwrap(),
            Some(Value::Int(2))
        ));
        assert!(d.get_str("z").is_none());
        assert!(d.remove_str("x").unwrap().is_some());
        assert!(d.get_str("x").is_none());
    }

    #[test]
    fn popitem_is_lifo_and_errors_when_empty() {
        let vm = &mut NoInterp;
        let d = PyDict::new();
        d.insert(vm, Value::Int(1), Value::Int(1)).unwrap();
        d.insert(vm, Value::Int(2), Value::Int(2)).unwrap();
        assert!(matches!(d.popitem().unwrap().0, Value::Int(2)));
        assert!(matches!(d.popitem().unwrap().0, Value::Int(1)));
        let err = d.popitem().unwrap_err();
        assert!(err.matches(BuiltinType::KeyError));
        d.insert(vm, Value::Int(3), Value::Int(3)).unwrap();
        assert_eq!(keys(&d), ["3"]);
    }
}
