//! The builtin classes (`int`, `str`, `ValueError`, ...) as `PyType` objects, created once per
//! thread and shared.
//!
//! [`BuiltinType`] names each one so the runtime can dispatch with a `match`, never a string
//! compare. The exception classes form CPython 3.11's hierarchy (`Lib/test/exception_hierarchy.txt`);
//! user classes may derive from any of them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::PyType;

macro_rules! builtin_types {
    ($( $variant:ident = $name:literal : $base:ident ),* $(,)?) => {
        /// Every builtin class, with its Python name and its (single) builtin base.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum BuiltinType { $( $variant ),* }

        impl BuiltinType {
            /// Every builtin type, bases before subclasses.
            pub const ALL: &'static [BuiltinType] = &[ $( BuiltinType::$variant ),* ];

            /// The Python name (`__name__`).
            pub fn name(self) -> &'static str {
                match self { $( BuiltinType::$variant => $name ),* }
            }

            /// The base class (`object` is its own base here; see [`BuiltinType::base`]).
            fn base_of(self) -> BuiltinType {
                match self { $( BuiltinType::$variant => BuiltinType::$base ),* }
            }
        }
    };
}

builtin_types! {
    Object = "object": Object,
    Type = "type": Object,
    NoneType = "NoneType": Object,
    Int = "int": Object,
    Bool = "bool": Int,
    Float = "float": Object,
    Complex = "complex": Object,
    Str = "str": Object,
    Bytes = "bytes": Object,
    Tuple = "tuple": Object,
    List = "list": Object,
    Dict = "dict": Object,
    Set = "set": Object,
    FrozenSet = "frozenset": Object,
    Range = "range": Object,
    Slice = "slice": Object,
    Function = "function": Object,
    BuiltinFunction = "builtin_function_or_method": Object,
    Method = "method": Object,
    Module = "module": Object,
    BaseException = "BaseException": Object,
    SystemExit = "SystemExit": BaseException,
    KeyboardInterrupt = "KeyboardInterrupt": BaseException,
    GeneratorExit = "GeneratorExit": BaseException,
    Exception = "Exception": BaseException,
    StopIteration = "StopIteration": Exception,
    StopAsyncIteration = "StopAsyncIteration": Exception,
    ArithmeticError = "ArithmeticError": Exception,
    FloatingPointError = "FloatingPointError": ArithmeticError,
    OverflowError = "OverflowError": ArithmeticError,
    ZeroDivisionError = "ZeroDivisionError": ArithmeticError,
    AssertionError = "AssertionError": Exception,
    AttributeError = "AttributeError": Exception,
    BufferError = "BufferError": Exception,
    EOFError = "EOFError": Exception,
    ImportError = "ImportError": Exception,
    ModuleNotFoundError = "ModuleNotFoundError": ImportError,
    LookupError = "LookupError": Exception,
    IndexError = "IndexError": LookupError,
    KeyError = "KeyError": LookupError,
    MemoryError = "MemoryError": Exception,
    NameError = "NameError": Exception,
    UnboundLocalError = "UnboundLocalError": NameError,
    OSError = "OSError": Exception,
    FileNotFoundError = "FileNotFoundError": OSError,
    ReferenceError = "ReferenceError": Exception,
    RuntimeError = "RuntimeError": Exception,
    NotImplementedError = "NotImplementedError": RuntimeError,
    RecursionError = "RecursionError": RuntimeError,
    SyntaxError = "SyntaxError": Exception,
    IndentationError = "IndentationError": SyntaxError,
    TabError = "TabError": IndentationError,
    SystemError = "SystemError": Exception,
    TypeError = "TypeError": Exception,
    ValueError = "ValueError": Exception,
    UnicodeError = "UnicodeError": ValueError,
    UnicodeDecodeError = "UnicodeDecodeError": UnicodeError,
    UnicodeEncodeError = "UnicodeEncodeError": UnicodeError,
    Warning = "Warning": Exception,
    DeprecationWarning = "DeprecationWarning": Warning,
    RuntimeWarning = "RuntimeWarning": Warning,
    UserWarning = "UserWarning": Warning,
}

thread_local! {
    static TYPES: RefCell<Vec<Rc<PyType>>> = const { RefCell::new(Vec::new()) };
}

impl BuiltinType {
    /// The class object of this builtin type (created on first use, shared afterwards).
    pub fn class(self) -> Rc<PyType> {
        TYPES.with(|types| {
            let mut types = types.borrow_mut();
            if types.is_empty() {
                *types = build_all();
            }
            Rc::clone(&types[self as usize])
        })
    }

    /// The builtin base class, or `None` for `object`.
    pub fn base(self) -> Option<BuiltinType> {
        (self != BuiltinType::Object).then(|| self.base_of())
    }
}

/// Builds every builtin class in `ALL` order (bases come first, so each base already exists).
fn build_all() -> Vec<Rc<PyType>> {
    let mut built: Vec<Rc<PyType>> = Vec::with_capacity(BuiltinType::ALL.len());
    for &t in BuiltinType::ALL {
        let (bases, mro_tail) = match t.base() {
            None => (Vec::new(), Vec::new()),
            Some(b) => {
                let base = Rc::clone(&built[b as usize]);
                let mut tail = vec![Rc::clone(&base)];
                tail.extend(base.mro_tail.iter().cloned());
                (vec![base], tail)
            }
        };
        built.push(Rc::new(PyType {
            name: t.name().to_string(),
            qualname: t.name().to_string(),
            module: "builtins".to_string(),
            bases,
            mro_tail,
            dict: RefCell::new(Vec::new()),
            version: Cell::new(0),
            builtin: Some(t),
        }));
    }
    built
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_matches_cpython() {
        let zde = BuiltinType::ZeroDivisionError.class();
        let names: Vec<&str> = zde.mro_tail.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["ArithmeticError", "Exception", "BaseException", "object"]
        );
        assert!(BuiltinType::Object.class().bases.is_empty());
        assert_eq!(BuiltinType::Bool.base(), Some(BuiltinType::Int));
    }

    #[test]
    fn bases_come_before_subclasses() {
        for (i, &t) in BuiltinType::ALL.iter().enumerate() {
            assert_eq!(t as usize, i);
            if let Some(b) = t.base() {
                assert!((b as usize) < i, "{} before its base", t.name());
            }
        }
    }
}
