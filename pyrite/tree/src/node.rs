//! The resolved tree the evaluator walks: the AST after lowering ([`crate::lower`]), with every
//! name turned into where it lives and every operator into the runtime's operator enums.
//!
//! Invariants (established by the lowering, relied on by the evaluator):
//! - no name of a function-like scope is looked up by string: locals are `Local(slot)` (an
//!   index into the frame's `locals`), cells and free variables are `Deref(i)` (an index into
//!   the frame's `cells`: the scope's cell variables first, then its free variables), globals
//!   and builtins are [`GlobalName`]s (interned `str` with a cached hash, builtin cached);
//! - `Expr::Starred` appears only as an element of a display or a call's positional arguments;
//! - every `Code` knows its parameter layout, slot count and cell layout, so a call allocates
//!   exactly one `Vec` of locals (plus one of cells when the function has any).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use pyrite_runtime::bind::Params;
use pyrite_runtime::ops::{BinOp, CmpOp, UnaryOp};
use pyrite_runtime::types::{PySet, PyStr};
use pyrite_runtime::value::Value;

/// A unit of code with its own frame: the module body, a function, a lambda or a comprehension.
#[derive(Debug)]
pub struct Code {
    /// `co_name`: what tracebacks show (`<module>`, `f`, `<lambda>`, `<listcomp>`).
    pub name: Rc<str>,
    /// `__qualname__` (`outer.<locals>.inner`).
    pub qualname: Rc<str>,
    /// The file, as tracebacks show it.
    pub filename: Rc<str>,
    /// The line of the `def` (or of the expression).
    pub line: u32,
    /// The parameters (the first slots of `locals`).
    pub params: Params,
    /// Number of local slots (parameters included).
    pub n_locals: usize,
    /// Slot names (for `UnboundLocalError` messages).
    pub varnames: Vec<Rc<str>>,
    /// Cell variables then free variables: the names of the frame's `cells`.
    pub cell_names: Vec<Rc<str>>,
    /// How many of `cell_names` are this scope's own cells (the rest are free variables).
    pub n_cellvars: usize,
    /// Parameters that live in cells: `(slot, cell)`; moved into fresh cells on entry.
    pub param_cells: Vec<(u32, u32)>,
    /// The statements (a lambda's body is one `return`).
    pub body: Vec<Stmt>,
}

/// A global (or builtin) name: looked up in the module's dict, then in the builtins.
#[derive(Debug)]
pub struct GlobalName {
    /// The name, interned for this load site (its hash is computed once).
    pub name: Rc<PyStr>,
    /// The builtin of that name, looked up once (builtins never change here).
    pub builtin: OnceCell<Option<Value>>,
    /// The value last loaded here and the namespace version it was loaded at
    /// ([`crate::frame::globals_version`]); version 0 = empty.
    pub cache: RefCell<(u64, Option<Value>)>,
}

impl GlobalName {
    /// A load site for `name`.
    pub fn new(name: &str) -> GlobalName {
        GlobalName {
            name: Rc::new(PyStr::new(name.to_owned())),
            builtin: OnceCell::new(),
            cache: RefCell::new((0, None)),
        }
    }
}

/// A comparison operator of a `Compare` chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Rich(CmpOp),
    /// `is`.
    Is,
    /// `is not`.
    IsNot,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
}

/// An expression.
#[derive(Debug)]
pub enum Expr {
    /// A literal.
    Const(Value),
    /// A fast local.
    Local(u32),
    /// A cell or free variable (index into the frame's cells).
    Deref(u32),
    /// A global or builtin.
    Global(Box<GlobalName>),
    /// `left op right`.
    BinOp(Box<(Expr, Expr)>, BinOp),
    /// `op operand`.
    UnaryOp(UnaryOp, Box<Expr>),
    /// `a and b and c`.
    And(Vec<Expr>),
    /// `a or b or c`.
    Or(Vec<Expr>),
    /// `a < b < c`: the first operand, then each operator with its right operand.
    Compare(Box<Expr>, Vec<(Cmp, Expr)>),
    /// `body if test else orelse`: `[test, body, orelse]`.
    IfExp(Box<[Expr; 3]>),
    /// `target := value`.
    Walrus(Box<(Target, Expr)>),
    /// A call.
    Call(Box<CallNode>),
    /// `value.attr`.
    Attribute(Box<Expr>, Rc<PyStr>),
    /// `value[index]`.
    Subscript(Box<(Expr, Expr)>),
    /// `lower:upper:step`.
    Slice(Box<[Option<Expr>; 3]>),
    /// `(a, *b)`; the flag says whether any element is starred.
    Tuple(Vec<Expr>, bool),
    /// `[a, *b]`.
    List(Vec<Expr>, bool),
    /// `{a, *b}`.
    Set(Vec<Expr>, bool),
    /// `{1, 2, 3}`: three or more constants. CPython compiles this to an empty set updated
    /// from a constant frozenset (built in source order), and the resulting iteration order
    /// is observable, so the tier does the same: a fresh set merged from this one.
    ConstSet(Rc<PySet>),
    /// `{k: v, **d}`: `None` key for `**d`.
    Dict(Vec<(Option<Expr>, Expr)>),
    /// `*value` inside a display or a call.
    Starred(Box<Expr>),
    /// A comprehension or generator expression.
    Comp(Rc<CompNode>),
    /// `lambda`.
    Lambda(Rc<FuncDef>),
    /// An f-string.
    FString(Vec<FPart>),
    /// A sub-expression on another line than its statement: the frame reports `line` while it
    /// runs (and keeps it if it raises), as CPython's per-instruction line numbers do. Only
    /// multi-line statements contain these.
    Line(u32, Box<Expr>),
}

/// One piece of an f-string.
#[derive(Debug)]
pub enum FPart {
    /// Literal text.
    Lit(String),
    /// `{value!conversion:spec}`.
    Field {
        /// The expression.
        value: Expr,
        /// `b's'`, `b'r'`, `b'a'` or none.
        conversion: Option<u8>,
        /// The format spec (itself an f-string).
        spec: Option<Vec<FPart>>,
    },
}

/// A call `func(args, keywords)`.
#[derive(Debug)]
pub struct CallNode {
    /// The callee; for a method call (`method` set), the receiver.
    pub func: Expr,
    /// `obj.name(...)`: the method name, so the call needs no bound-method object.
    pub method: Option<Rc<PyStr>>,
    /// Positional arguments (`Expr::Starred` for `*x`).
    pub args: Vec<Expr>,
    /// Keyword arguments (`None` name for `**x`).
    pub kwargs: Vec<(Option<Rc<PyStr>>, Expr)>,
    /// No `*`, no keywords: the arguments are a plain list.
    pub simple: bool,
    /// The line of the call (the frame's line while it runs).
    pub line: u32,
}

/// What a `def` or `lambda` evaluates to create a function.
#[derive(Debug)]
pub struct FuncDef {
    /// The body.
    pub code: Rc<Code>,
    /// Positional defaults.
    pub defaults: Vec<Expr>,
    /// Keyword-only defaults.
    pub kwdefaults: Vec<(Rc<PyStr>, Expr)>,
    /// Annotations: evaluated when the function is created, then discarded.
    pub annotations: Vec<Expr>,
    /// For each free variable of the function, the creating frame's cell index.
    pub captures: Vec<u32>,
}

/// What a comprehension builds.
#[derive(Debug)]
pub enum CompKind {
    /// `[elt for ...]`.
    List(Expr),
    /// `{elt for ...}`.
    Set(Expr),
    /// `{key: value for ...}`.
    Dict(Expr, Expr),
    /// `(elt for ...)`: a lazy generator.
    Gen(Expr),
}

/// One `for target in iter if ...` clause.
#[derive(Debug)]
pub struct CompFor {
    /// The loop target (in the comprehension's scope).
    pub target: Target,
    /// The iterable; the first clause's is evaluated outside (see [`CompNode::first_iter`]).
    pub iter: Expr,
    /// The conditions.
    pub ifs: Vec<Expr>,
}

/// A comprehension: its own scope, its first iterable evaluated in the enclosing one.
#[derive(Debug)]
pub struct CompNode {
    /// The comprehension's scope (its slots and cells).
    pub code: Rc<Code>,
    /// For each free variable, the enclosing frame's cell index.
    pub captures: Vec<u32>,
    /// The first iterable, evaluated in the enclosing scope.
    pub first_iter: Expr,
    /// The clauses.
    pub gens: Vec<CompFor>,
    /// What it builds.
    pub kind: CompKind,
}

/// An assignment (or deletion) target.
#[derive(Debug)]
pub enum Target {
    /// A fast local.
    Local(u32),
    /// A cell or free variable.
    Deref(u32),
    /// A global (module-level names included).
    Global(Rc<PyStr>),
    /// `obj.name`.
    Attr(Expr, Rc<PyStr>),
    /// `obj[key]`.
    Item(Expr, Expr),
    /// `a, b = ...` (or `del a, b`).
    Unpack(Vec<Target>),
    /// `a, *b, c = ...`: `targets[star]` receives the list.
    UnpackStar {
        /// All targets, the starred one's inner target included.
        targets: Vec<Target>,
        /// The index of the starred target.
        star: usize,
    },
}

/// A statement with its line.
#[derive(Debug)]
pub struct Stmt {
    /// The line the frame reports while the statement runs.
    pub line: u32,
    /// What it does.
    pub kind: StmtKind,
}

/// Statement kinds.
#[derive(Debug)]
pub enum StmtKind {
    /// An expression statement.
    Expr(Expr),
    /// `target = value`.
    Assign(Target, Expr),
    /// `t1 = t2 = value`.
    AssignMulti(Vec<Target>, Expr),
    /// `a, b = x, y` (no starred element, same length): every value is evaluated, then each
    /// target assigned left to right, without building the tuple (CPython does the same).
    AssignParallel(Vec<Target>, Vec<Expr>),
    /// `target op= value`.
    AugAssign(Box<(Target, Expr)>, BinOp),
    /// `return value`.
    Return(Option<Expr>),
    /// `if test: body else: orelse`.
    If(Box<(Expr, Vec<Stmt>, Vec<Stmt>)>),
    /// `while test: body else: orelse`.
    While(Box<(Expr, Vec<Stmt>, Vec<Stmt>)>),
    /// `for target in iter: body else: orelse`.
    For(Box<ForNode>),
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `pass` (and `global`/`nonlocal`, which only steer the lowering).
    Pass,
    /// `raise exc from cause` (`None, None` re-raises).
    Raise(Option<Expr>, Option<Expr>),
    /// `try`.
    Try(Box<TryNode>),
    /// `assert test, msg`.
    Assert(Expr, Option<Expr>),
    /// `del targets`.
    Delete(Vec<Target>),
    /// `def`: create the function, apply decorators (innermost last in the list), bind.
    Def(Rc<FuncDef>, Vec<Expr>, Target),
    /// `import a.b as c`: for each name, the module imported, the module bound (with `as`,
    /// the same; without, the top-level package `a`) and the target bound to it.
    Import(Vec<(Rc<str>, Rc<str>, Target)>),
    /// `from m import a as b`.
    ImportFrom(Rc<str>, Vec<(Rc<PyStr>, Target)>),
}

/// A `for` loop.
#[derive(Debug)]
pub struct ForNode {
    /// The loop variable(s).
    pub target: Target,
    /// The iterable.
    pub iter: Expr,
    /// The body.
    pub body: Vec<Stmt>,
    /// Runs when the loop ends without `break`.
    pub orelse: Vec<Stmt>,
}

/// One `except` clause.
#[derive(Debug)]
pub struct Handler {
    /// The class (or tuple of classes) matched; `None` for a bare `except:`.
    pub typ: Option<Expr>,
    /// The `as` name (unbound again after the handler).
    pub name: Option<Target>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// The line of the `except`.
    pub line: u32,
}

/// A `try` statement.
#[derive(Debug)]
pub struct TryNode {
    /// The `try` block.
    pub body: Vec<Stmt>,
    /// The `except` clauses.
    pub handlers: Vec<Handler>,
    /// Runs when the body raised nothing.
    pub orelse: Vec<Stmt>,
    /// Runs on every way out.
    pub finalbody: Vec<Stmt>,
}
