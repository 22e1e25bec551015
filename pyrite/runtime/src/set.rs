//! `set` and `frozenset`: open addressing exactly as CPython 3.11's `Objects/setobject.c`, so
//! that a set iterates in the same order as CPython's (for ints, whose hashes are their values,
//! the order is fully determined by the table algorithm and `PYTHONHASHSEED`-free).
//!
//! What must match CPython for the order to match, and does:
//! - the table: a power of two, at least 8 slots; a slot is empty (`hash 0`, no key), a dummy
//!   (`hash -1`, no key: a deleted element) or active;
//! - probing: start at `hash & mask`, look at up to `LINEAR_PROBES` (9) following slots when
//!   they fit before the end of the table, then jump with `perturb >>= 5;
//!   i = (i * 5 + 1 + perturb) & mask`; an insertion reuses the *last* dummy seen on the way;
//! - growth: after filling an unused slot, when `fill * 5 >= mask * 3`, rebuild for
//!   `used * 4` (`used * 2` past 50 000) elements, re-inserting in old-table order;
//! - deletion leaves a dummy and never shrinks, except `difference_update` which rebuilds when
//!   more than a quarter of the table is dummies; `clear` returns to 8 slots;
//! - `set_merge`'s fast paths (copy slot-for-slot into an empty table of the same size, or
//!   insert clean into an empty table) and its pre-sizing, and each set operation's choice of
//!   which operand to iterate (tested against `python3` on thousands of random sets).
//!
//! Invariant: no `RefCell` borrow is held while Python code runs (a user `__eq__` or
//! `__hash__`); lookups drop the borrow to compare and restart if the table's `version` moved,
//! as CPython restarts when the table or the entry changed under it.

use std::cell::{Cell, Ref, RefCell, RefMut};

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::interp::Interp;
use crate::ops;
use crate::value::Value;

/// `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;
/// `PySet_MINSIZE`.
const MIN_SIZE: usize = 8;

/// One table slot. Empty: `key == None && hash == 0`; dummy: `key == None && hash == -1`.
#[derive(Debug, Clone, Default)]
struct Slot {
    hash: i64,
    key: Option<Value>,
}

impl Slot {
    #[inline]
    fn is_empty(&self) -> bool {
        self.key.is_none() && self.hash == 0
    }

    #[inline]
    fn is_dummy(&self) -> bool {
        self.key.is_none() && self.hash == -1
    }
}

#[derive(Debug)]
struct Table {
    slots: Vec<Slot>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots (`len`).
    used: usize,
    /// Where `pop` starts looking.
    finger: usize,
    /// Bumped on every change of the slots' keys.
    version: u64,
}

impl Default for Table {
    fn default() -> Table {
        Table {
            slots: vec![Slot::default(); MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
        }
    }
}

impl Table {
    #[inline]
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// `set_insert_clean`: the first never-used slot on `hash`'s probe sequence.
    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if slots[i].key.is_none() {
                slots[i] = Slot {
                    hash,
                    key: Some(key),
                };
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if slots[i + j].key.is_none() {
                        slots[i + j] = Slot {
                            hash,
                            key: Some(key),
                        };
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// `set_table_resize`.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        if size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        self.fill = self.used;
        for slot in old {
            if let Some(key) = slot.key {
                Table::insert_clean(&mut self.slots, slot.hash, key);
            }
        }
        self.version = self.version.wrapping_add(1);
    }

    /// The growth step after filling an unused slot.
    fn grow_if_needed(&mut self) {
        if self.fill * 5 >= self.mask() * 3 {
            let target = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(target);
        }
    }
}

/// A `set` or `frozenset` (the `Value` variant tells which).
#[derive(Debug, Default)]
pub struct PySet {
    table: RefCell<Table>,
    /// `hash(frozenset)`, computed on first use.
    hash: Cell<Option<i64>>,
}

fn busy() -> PyErr {
    PyErr::new(
        BuiltinType::RuntimeError,
        "Set changed size during iteration",
    )
}

/// What a probe found.
enum Lookup {
    /// Active slot holding an equal key.
    Found(usize),
    /// Not present; for insertion: the slot to use and whether it is a dummy being reused.
    Absent { slot: usize, dummy: bool },
}

impl PySet {
    /// An empty set.
    pub fn new() -> PySet {
        PySet::default()
    }

    fn read(&self) -> PyResult<Ref<'_, Table>> {
        self.table.try_borrow().map_err(|_| busy())
    }

    fn write(&self) -> PyResult<RefMut<'_, Table>> {
        self.table.try_borrow_mut().map_err(|_| busy())
    }

    /// `len(s)`.
    #[inline]
    pub fn len(&self) -> usize {
        self.table.try_borrow().map_or(0, |t| t.used)
    }

    /// Whether the set is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `set_lookkey` / the probe of `set_add_entry`: finds `key` or where it would go.
    fn lookup(&self, vm: &mut dyn Interp, key: &Value, hash: i64) -> PyResult<Lookup> {
        'restart: loop {
            let mut t = self.read()?;
            let mut mask = t.mask();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut freeslot: Option<usize> = None;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                let mut j = i;
                for _ in 0..=probes {
                    let slot = &t.slots[j];
                    if slot.is_empty() {
                        return Ok(match freeslot {
                            Some(f) => Lookup::Absent {
                                slot: f,
                                dummy: true,
                            },
                            None => Lookup::Absent {
                                slot: j,
                                dummy: false,
                            },
                        });
                    }
                    if slot.hash == hash
                        && let Some(start) = &slot.key
                    {
                        if start.is(key) {
                            return Ok(Lookup::Found(j));
                        }
                        match ops::eq_without_user_code(start, key) {
                            Some(true) => return Ok(Lookup::Found(j)),
                            Some(false) => {}
                            None => {
                                let start = start.clone();
                                let version = t.version;
                                drop(t);
                                let equal = ops::eq(vm, &start, key)?;
                                t = self.read()?;
                                if t.version != version {
                                    continue 'restart;
                                }
                                if equal {
                                    return Ok(Lookup::Found(j));
                                }
                                mask = t.mask();
                            }
                        }
                    } else if slot.is_dummy() {
                        freeslot = Some(j);
                    }
                    j += 1;
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }

    /// `set_add_entry`: adds `key` (hash known) unless an equal key is present.
    pub fn add_with_hash(&self, vm: &mut dyn Interp, key: Value, hash: i64) -> PyResult<()> {
        let found = self.lookup(vm, &key, hash)?;
        let mut t = self.write()?;
        match found {
            Lookup::Found(_) => {}
            Lookup::Absent { slot, dummy } => {
                t.slots[slot] = Slot {
                    hash,
                    key: Some(key),
                };
                t.used += 1;
                t.version = t.version.wrapping_add(1);
                if !dummy {
                    t.fill += 1;
                    t.grow_if_needed();
                }
            }
        }
        self.hash.set(None);
        Ok(())
    }

    /// `s.add(key)`.
    pub fn add(&self, vm: &mut dyn Interp, key: Value) -> PyResult<()> {
        let hash = ops::hash(vm, &key)?;
        self.add_with_hash(vm, key, hash)
    }

    /// `key in s` with the hash known.
    pub fn contains_with_hash(
        &self,
        vm: &mut dyn Interp,
        key: &Value,
        hash: i64,
    ) -> PyResult<bool> {
        Ok(matches!(self.lookup(vm, key, hash)?, Lookup::Found(_)))
    }

    /// `key in s`. A `set` key that is unhashable is looked up as the equal `frozenset`, as
    /// CPython does (`{1} in {frozenset({1})}` is true).
    pub fn contains(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<bool> {
        let hash = match key {
            Value::Set(s) => s.frozen_hash(),
            _ => ops::hash(vm, key)?,
        };
        self.contains_with_hash(vm, key, hash)
    }

    /// `set_discard_entry`: removes `key` if present; whether it was.
    pub fn discard_with_hash(&self, vm: &mut dyn Interp, key: &Value, hash: i64) -> PyResult<bool> {
        match self.lookup(vm, key, hash)? {
            Lookup::Found(pos) => {
                let old = {
                    let mut t = self.write()?;
                    t.used -= 1;
                    t.version = t.version.wrapping_add(1);
                    std::mem::replace(
                        &mut t.slots[pos],
                        Slot {
                            hash: -1,
                            key: None,
                        },
                    )
                };
                drop(old);
                self.hash.set(None);
                Ok(true)
            }
            Lookup::Absent { .. } => Ok(false),
        }
    }

    /// `s.discard(key)` (a `set` key is looked up as a `frozenset`); whether it was present.
    pub fn discard(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<bool> {
        let hash = match key {
            Value::Set(s) => s.frozen_hash(),
            _ => ops::hash(vm, key)?,
        };
        self.discard_with_hash(vm, key, hash)
    }

    /// `s.remove(key)`: `KeyError(key)` when absent.
    pub fn remove(&self, vm: &mut dyn Interp, key: &Value) -> PyResult<()> {
        if self.discard(vm, key)? {
            Ok(())
        } else {
            Err(PyErr::with_args(
                BuiltinType::KeyError.class(),
                vec![key.clone()],
            ))
        }
    }

    /// `s.pop()`.
    pub fn pop(&self) -> PyResult<Value> {
        let mut t = self.write()?;
        if t.used == 0 {
            return raise(BuiltinType::KeyError, "pop from an empty set");
        }
        let mask = t.mask();
        let mut i = t.finger & mask;
        while t.slots[i].key.is_none() {
            i = if i == mask { 0 } else { i + 1 };
        }
        let slot = std::mem::replace(
            &mut t.slots[i],
            Slot {
                hash: -1,
                key: None,
            },
        );
        t.used -= 1;
        t.finger = i + 1;
        t.version = t.version.wrapping_add(1);
        self.hash.set(None);
        slot.key.ok_or_else(busy)
    }

    /// `s.clear()`: back to the minimal table.
    pub fn clear(&self) -> PyResult<()> {
        let old = std::mem::take(&mut *self.write()?);
        let mut t = self.write()?;
        t.version = old.version.wrapping_add(1);
        t.finger = old.finger;
        drop(t);
        drop(old);
        self.hash.set(None);
        Ok(())
    }

    /// The first active element at slot `pos` or later, with its slot (for iterators).
    pub fn entry_from(&self, pos: usize) -> Option<(usize, Value)> {
        let t = self.table.try_borrow().ok()?;
        t.slots
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, s)| s.key.as_ref().map(|k| (i, k.clone())))
    }

    /// Active `(hash, key)` pairs in table (iteration) order.
    pub fn entries(&self) -> Vec<(i64, Value)> {
        self.table
            .try_borrow()
            .map(|t| {
                t.slots
                    .iter()
                    .filter_map(|s| s.key.as_ref().map(|k| (s.hash, k.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The elements in iteration order.
    pub fn items(&self) -> Vec<Value> {
        self.entries().into_iter().map(|(_, k)| k).collect()
    }

    /// `set_merge`: adds every element of `other` (reusing its stored hashes).
    pub fn merge(&self, vm: &mut dyn Interp, other: &PySet) -> PyResult<()> {
        if std::ptr::eq(self, other) {
            return Ok(());
        }
        let (o_slots, o_fill, o_used) = {
            let o = other.read()?;
            if o.used == 0 {
                return Ok(());
            }
            (o.slots.clone(), o.fill, o.used)
        };
        let o_mask = o_slots.len() - 1;
        {
            let mut t = self.write()?;
            if (t.fill + o_used) * 5 >= t.mask() * 3 {
                let target = (t.used + o_used) * 2;
                t.resize(target);
            }
            if t.fill == 0 && t.mask() == o_mask && o_fill == o_used {
                t.slots = o_slots;
                t.fill = o_fill;
                t.used = o_used;
                t.version = t.version.wrapping_add(1);
                self.hash.set(None);
                return Ok(());
            }
            if t.fill == 0 {
                t.fill = o_used;
                t.used = o_used;
                for slot in o_slots {
                    if let Some(key) = slot.key {
                        Table::insert_clean(&mut t.slots, slot.hash, key);
                    }
                }
                t.version = t.version.wrapping_add(1);
                self.hash.set(None);
                return Ok(());
            }
        }
        for slot in o_slots {
            if let Some(key) = slot.key {
                self.add_with_hash(vm, key, slot.hash)?;
            }
        }
        Ok(())
    }

    /// The set a display of three or more constants (`{5, 9, 13}`) evaluates to in CPython 3.11.
    ///
    /// CPython's compiler folds such a display into a `frozenset` constant, rebuilds that
    /// frozenset from its own iteration order when it merges constants, and at run time merges
    /// it into an empty set (`BUILD_SET 0; LOAD_CONST; SET_UPDATE`). Each step can change the
    /// table layout, hence the iteration order, so every tier builds these displays through this
    /// one function. Displays of one or two elements, or with non-constant elements, add their
    /// elements in order instead (`BUILD_SET n`).
    pub fn from_constant_display(vm: &mut dyn Interp, constants: &[Value]) -> PyResult<PySet> {
        let folded = PySet::new();
        for c in constants {
            folded.add(vm, c.clone())?;
        }
        let merged_constant = PySet::new();
        for c in folded.items() {
            merged_constant.add(vm, c)?;
        }
        let result = PySet::new();
        result.merge(vm, &merged_constant)?;
        Ok(result)
    }

    /// `set_update_internal`: adds the elements of any iterable (sets merge, dicts reuse their
    /// stored hashes, anything else is iterated and hashed).
    pub fn update(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<()> {
        match other {
            Value::Set(o) | Value::FrozenSet(o) => self.merge(vm, o),
            Value::Dict(d) => {
                let n = d.len();
                {
                    let mut t = self.write()?;
                    if (t.fill + n) * 5 >= t.mask() * 3 {
                        let target = (t.used + n) * 2;
                        t.resize(target);
                    }
                }
                for e in d.entries() {
                    self.add_with_hash(vm, e.key, e.hash)?;
                }
                Ok(())
            }
            _ => {
                let it = ops::iter(vm, other)?;
                while let Some(item) = ops::next(vm, &it)? {
                    self.add(vm, item)?;
                }
                Ok(())
            }
        }
    }

    /// `make_new_set`: a new set holding the elements of `iterable`.
    pub fn from_iterable(vm: &mut dyn Interp, iterable: &Value) -> PyResult<PySet> {
        let s = PySet::new();
        s.update(vm, iterable)?;
        Ok(s)
    }

    /// `s.copy()` (through `set_merge`, as CPython, so the copy's layout is CPython's).
    pub fn copy(&self, vm: &mut dyn Interp) -> PyResult<PySet> {
        let s = PySet::new();
        s.merge(vm, self)?;
        Ok(s)
    }

    /// `s | other` / `s.union(other)` for one other iterable.
    pub fn union(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<PySet> {
        let result = self.copy(vm)?;
        if let Value::Set(o) | Value::FrozenSet(o) = other
            && std::ptr::eq(&**o, self)
        {
            return Ok(result);
        }
        result.update(vm, other)?;
        Ok(result)
    }

    /// `set_intersection`: `s & other` / `s.intersection(other)`.
    pub fn intersection(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<PySet> {
        if let Value::Set(o) | Value::FrozenSet(o) = other {
            if std::ptr::eq(&**o, self) {
                return self.copy(vm);
            }
            let result = PySet::new();
            let (big, small): (&PySet, &PySet) = if o.len() > self.len() {
                (o, self)
            } else {
                (self, o)
            };
            for (hash, key) in small.entries() {
                if big.contains_with_hash(vm, &key, hash)? {
                    result.add_with_hash(vm, key, hash)?;
                }
            }
            return Ok(result);
        }
        let result = PySet::new();
        let it = ops::iter(vm, other)?;
        while let Some(key) = ops::next(vm, &it)? {
            let hash = ops::hash(vm, &key)?;
            if self.contains_with_hash(vm, &key, hash)? {
                result.add_with_hash(vm, key, hash)?;
                if result.len() >= self.len() {
                    break;
                }
            }
        }
        Ok(result)
    }

    /// `s &= other` / `s.intersection_update(other)`: the intersection's table replaces this
    /// set's (CPython's `set_swap_bodies`; the pop finger stays).
    pub fn intersection_update(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<()> {
        let result = self.intersection(vm, other)?;
        let new = std::mem::take(&mut *result.write()?);
        let old = {
            let mut t = self.write()?;
            let finger = t.finger;
            let version = t.version.wrapping_add(1);
            let old = std::mem::replace(&mut *t, new);
            t.finger = finger;
            t.version = version;
            old
        };
        drop(old);
        self.hash.set(None);
        Ok(())
    }

    /// `set_difference_update_internal`: removes every element of `other`.
    pub fn difference_update(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<()> {
        match other {
            Value::Set(o) | Value::FrozenSet(o) => {
                if std::ptr::eq(&**o, self) {
                    return self.clear();
                }
                let source = if (o.len() >> 3) > self.len() {
                    self.intersection(vm, other)?.entries()
                } else {
                    o.entries()
                };
                for (hash, key) in source {
                    self.discard_with_hash(vm, &key, hash)?;
                }
            }
            _ => {
                let it = ops::iter(vm, other)?;
                while let Some(key) = ops::next(vm, &it)? {
                    self.discard(vm, &key)?;
                }
            }
        }
        let mut t = self.write()?;
        if t.fill - t.used > t.mask() / 4 {
            let target = if t.used > 50_000 {
                t.used * 2
            } else {
                t.used * 4
            };
            t.resize(target);
        }
        Ok(())
    }

    /// `set_difference`: `s - other` / `s.difference(other)`.
    pub fn difference(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<PySet> {
        let other_size = match other {
            Value::Set(o) | Value::FrozenSet(o) => o.len(),
            Value::Dict(d) => d.len(),
            _ => {
                let result = self.copy(vm)?;
                result.difference_update(vm, other)?;
                return Ok(result);
            }
        };
        if (self.len() >> 2) > other_size {
            let result = self.copy(vm)?;
            result.difference_update(vm, other)?;
            return Ok(result);
        }
        let result = PySet::new();
        for (hash, key) in self.entries() {
            let present = match other {
                Value::Dict(d) => d.contains_with_hash(vm, &key, hash)?,
                Value::Set(o) | Value::FrozenSet(o) => o.contains_with_hash(vm, &key, hash)?,
                _ => false,
            };
            if !present {
                result.add_with_hash(vm, key, hash)?;
            }
        }
        Ok(result)
    }

    /// `set_symmetric_difference_update` with a set operand.
    fn symmetric_difference_update_set(&self, vm: &mut dyn Interp, other: &PySet) -> PyResult<()> {
        for (hash, key) in other.entries() {
            if !self.discard_with_hash(vm, &key, hash)? {
                self.add_with_hash(vm, key, hash)?;
            }
        }
        Ok(())
    }

    /// `s ^= other` / `s.symmetric_difference_update(other)`.
    pub fn symmetric_difference_update(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<()> {
        match other {
            Value::Set(o) | Value::FrozenSet(o) if std::ptr::eq(&**o, self) => self.clear(),
            Value::Set(o) | Value::FrozenSet(o) => self.symmetric_difference_update_set(vm, o),
            Value::Dict(d) => {
                for e in d.entries() {
                    if !self.discard_with_hash(vm, &e.key, e.hash)? {
                        self.add_with_hash(vm, e.key, e.hash)?;
                    }
                }
                Ok(())
            }
            _ => {
                let o = PySet::from_iterable(vm, other)?;
                self.symmetric_difference_update_set(vm, &o)
            }
        }
    }

    /// `s ^ other` / `s.symmetric_difference(other)` (3.11: a copy of `other`, updated by `s`).
    pub fn symmetric_difference(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<PySet> {
        let result = PySet::from_iterable(vm, other)?;
        result.symmetric_difference_update_set(vm, self)?;
        Ok(result)
    }

    /// `s <= other` for a set `other` (`set_issubset`).
    pub fn is_subset(&self, vm: &mut dyn Interp, other: &PySet) -> PyResult<bool> {
        if self.len() > other.len() {
            return Ok(false);
        }
        for (hash, key) in self.entries() {
            if !other.contains_with_hash(vm, &key, hash)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `s.isdisjoint(other)`.
    pub fn is_disjoint(&self, vm: &mut dyn Interp, other: &Value) -> PyResult<bool> {
        if let Value::Set(o) | Value::FrozenSet(o) = other {
            if std::ptr::eq(&**o, self) {
                return Ok(self.is_empty());
            }
            let (big, small): (&PySet, &PySet) = if o.len() > self.len() {
                (o, self)
            } else {
                (self, o)
            };
            for (hash, key) in small.entries() {
                if big.contains_with_hash(vm, &key, hash)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let it = ops::iter(vm, other)?;
        while let Some(key) = ops::next(vm, &it)? {
            if self.contains(vm, &key)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `s == other` for sets (`set_richcompare` `Py_EQ`).
    pub fn equals(&self, vm: &mut dyn Interp, other: &PySet) -> PyResult<bool> {
        if self.len() != other.len() {
            return Ok(false);
        }
        if let (Some(a), Some(b)) = (self.hash.get(), other.hash.get())
            && a != b
        {
            return Ok(false);
        }
        self.is_subset(vm, other)
    }

    /// `hash(frozenset)` (`frozenset_hash_impl`), cached. Also used to look up a `set` key as
    /// the equal `frozenset`.
    pub fn frozen_hash(&self) -> i64 {
        if let Some(h) = self.hash.get() {
            return h;
        }
        let Ok(t) = self.table.try_borrow() else {
            return 0;
        };
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
        }
        let mut hash: u64 = 0;
        for slot in &t.slots {
            hash ^= shuffle(slot.hash as u64);
        }
        if (t.slots.len() - t.fill) & 1 == 1 {
            hash ^= shuffle(0);
        }
        if (t.fill - t.used) & 1 == 1 {
            hash ^= shuffle(u64::MAX);
        }
        hash ^= (t.used as u64 + 1).wrapping_mul(1_927_868_237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
        if hash == u64::MAX {
            hash = 590_923_713;
        }
        let h = hash as i64;
        self.hash.set(Some(h));
        h
    }
}

#[cfg(test)]
mod tests;
