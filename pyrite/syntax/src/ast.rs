//! The abstract syntax tree, mirroring CPython 3.11's `ast` module (`Parser/Python.asdl`).
//!
//! Every node kind, field and nesting matches CPython's, so `pyrite ast` can print exactly what
//! `ast.dump` prints. Field names are CPython's (`Rust` keywords get a trailing underscore:
//! `type_`). Rust-side conveniences:
//! - expression, statement, pattern, handler, `arg`, `keyword` and `alias` nodes carry a [`Span`]
//!   (CPython's `lineno`, `col_offset`, `end_lineno`, `end_col_offset`; lines are 1-based, columns
//!   are 0-based UTF-8 byte offsets, exactly as CPython reports them);
//! - `ExprContext` is stored on the nodes that have one (`Name`, `Attribute`, `Subscript`,
//!   `Starred`, `List`, `Tuple`) and set by the parser the way CPython sets it.
//!
//! Invariant: the parser only builds trees CPython's parser could build; later passes
//! (symbol table, compilers) may rely on it (e.g. an assignment target is never a `Call`).

use num_bigint::BigInt;

/// Source position of a node, in CPython's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// First line, 1-based.
    pub lineno: u32,
    /// Column of the first byte, 0-based, in UTF-8 bytes.
    pub col_offset: u32,
    /// Last line, 1-based.
    pub end_lineno: u32,
    /// Column just past the last byte, 0-based, in UTF-8 bytes.
    pub end_col_offset: u32,
}

impl Span {
    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            lineno: self.lineno,
            col_offset: self.col_offset,
            end_lineno: other.end_lineno,
            end_col_offset: other.end_col_offset,
        }
    }
}

/// An identifier (a name in the source, NFKC-normalized as CPython does).
pub type Identifier = String;

/// `mod`: the root of a parse.
#[derive(Debug, Clone, PartialEq)]
pub enum Mod {
    /// `Module(stmt* body, type_ignore* type_ignores)`: what `ast.parse` returns for a file.
    Module {
        /// The statements.
        body: Vec<Stmt>,
        /// `# type: ignore` comments (only with `type_comments=True`; always empty here).
        type_ignores: Vec<TypeIgnore>,
    },
    /// `Interactive(stmt* body)`: one interactive statement.
    Interactive {
        /// The statements.
        body: Vec<Stmt>,
    },
    /// `Expression(expr body)`: what `eval` parses.
    Expression {
        /// The expression.
        body: Box<Expr>,
    },
}

/// `type_ignore`: `TypeIgnore(int lineno, string tag)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeIgnore {
    /// Line of the comment.
    pub lineno: u32,
    /// Text after `ignore`.
    pub tag: String,
}

/// A statement with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What kind of statement, with its fields.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
}

/// A function definition's fields, shared by `FunctionDef` and `AsyncFunctionDef`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// The function's name.
    pub name: Identifier,
    /// Its parameters.
    pub args: Box<Arguments>,
    /// Its body.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorator_list: Vec<Expr>,
    /// The return annotation.
    pub returns: Option<Box<Expr>>,
    /// A `# type:` comment (never set by this parser).
    pub type_comment: Option<String>,
}

/// Statement kinds: `stmt` in the ASDL.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `def name(args): body`.
    FunctionDef(FunctionDef),
    /// `async def name(args): body`.
    AsyncFunctionDef(FunctionDef),
    /// `class name(bases, keywords): body`.
    ClassDef {
        /// The class name.
        name: Identifier,
        /// Positional bases.
        bases: Vec<Expr>,
        /// Keyword arguments (`metaclass=...`).
        keywords: Vec<Keyword>,
        /// The class body.
        body: Vec<Stmt>,
        /// Decorators, outermost first.
        decorator_list: Vec<Expr>,
    },
    /// `return value`.
    Return {
        /// The returned value, if any.
        value: Option<Box<Expr>>,
    },
    /// `del targets`.
    Delete {
        /// What to delete.
        targets: Vec<Expr>,
    },
    /// `t1 = t2 = value`.
    Assign {
        /// The targets, left to right.
        targets: Vec<Expr>,
        /// The assigned value.
        value: Box<Expr>,
        /// A `# type:` comment (never set by this parser).
        type_comment: Option<String>,
    },
    /// `target op= value`.
    AugAssign {
        /// The target (a name, attribute or subscript).
        target: Box<Expr>,
        /// The operator.
        op: Operator,
        /// The right-hand side.
        value: Box<Expr>,
    },
    /// `target: annotation = value`.
    AnnAssign {
        /// The target.
        target: Box<Expr>,
        /// The annotation.
        annotation: Box<Expr>,
        /// The value, if any.
        value: Option<Box<Expr>>,
        /// 1 when the target is a plain name not in parentheses, else 0.
        simple: bool,
    },
    /// `for target in iter: body else: orelse`.
    For(For),
    /// `async for target in iter: body else: orelse`.
    AsyncFor(For),
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: Box<Expr>,
        /// The loop body.
        body: Vec<Stmt>,
        /// The `else` block.
        orelse: Vec<Stmt>,
    },
    /// `if test: body else: orelse` (`elif` nests another `If` in `orelse`).
    If {
        /// The condition.
        test: Box<Expr>,
        /// The `if` block.
        body: Vec<Stmt>,
        /// The `else` block.
        orelse: Vec<Stmt>,
    },
    /// `with items: body`.
    With(With),
    /// `async with items: body`.
    AsyncWith(With),
    /// `match subject: cases`.
    Match {
        /// The subject.
        subject: Box<Expr>,
        /// The `case` blocks.
        cases: Vec<MatchCase>,
    },
    /// `raise exc from cause`.
    Raise {
        /// The exception.
        exc: Option<Box<Expr>>,
        /// The cause.
        cause: Option<Box<Expr>>,
    },
    /// `try: ... except: ... else: ... finally: ...`.
    Try(Try),
    /// `try: ... except* ...: ...`.
    TryStar(Try),
    /// `assert test, msg`.
    Assert {
        /// The condition.
        test: Box<Expr>,
        /// The message.
        msg: Option<Box<Expr>>,
    },
    /// `import a.b as c, d`.
    Import {
        /// The imported names.
        names: Vec<Alias>,
    },
    /// `from ..module import names`.
    ImportFrom {
        /// The module (absent for `from . import x`).
        module: Option<Identifier>,
        /// The imported names (`*` is a name).
        names: Vec<Alias>,
        /// The number of leading dots.
        level: u32,
    },
    /// `global names`.
    Global {
        /// The names.
        names: Vec<Identifier>,
    },
    /// `nonlocal names`.
    Nonlocal {
        /// The names.
        names: Vec<Identifier>,
    },
    /// An expression statement.
    Expr {
        /// The expression.
        value: Box<Expr>,
    },
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// The fields of `For` and `AsyncFor`.
#[derive(Debug, Clone, PartialEq)]
pub struct For {
    /// The loop target.
    pub target: Box<Expr>,
    /// The iterable.
    pub iter: Box<Expr>,
    /// The loop body.
    pub body: Vec<Stmt>,
    /// The `else` block.
    pub orelse: Vec<Stmt>,
    /// A `# type:` comment (never set by this parser).
    pub type_comment: Option<String>,
}

/// The fields of `With` and `AsyncWith`.
#[derive(Debug, Clone, PartialEq)]
pub struct With {
    /// The context managers.
    pub items: Vec<WithItem>,
    /// The body.
    pub body: Vec<Stmt>,
    /// A `# type:` comment (never set by this parser).
    pub type_comment: Option<String>,
}

/// The fields of `Try` and `TryStar`.
#[derive(Debug, Clone, PartialEq)]
pub struct Try {
    /// The `try` block.
    pub body: Vec<Stmt>,
    /// The `except` clauses.
    pub handlers: Vec<ExceptHandler>,
    /// The `else` block.
    pub orelse: Vec<Stmt>,
    /// The `finally` block.
    pub finalbody: Vec<Stmt>,
}

/// An expression with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression, with its fields.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// Expression kinds: `expr` in the ASDL.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `a and b and c` / `a or b`.
    BoolOp {
        /// `And` or `Or`.
        op: BoolOp,
        /// The operands (two or more).
        values: Vec<Expr>,
    },
    /// `target := value`.
    NamedExpr {
        /// The target (a `Name` in `Store` context).
        target: Box<Expr>,
        /// The value.
        value: Box<Expr>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// The operator.
        op: Operator,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `op operand`.
    UnaryOp {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `lambda args: body`.
    Lambda {
        /// The parameters.
        args: Box<Arguments>,
        /// The body.
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// The condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `{k: v, **d}`: a `None` key stands for `**d`.
    Dict {
        /// Keys (`None` for a `**` unpacking).
        keys: Vec<Option<Expr>>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `{a, b}`.
    Set {
        /// The elements.
        elts: Vec<Expr>,
    },
    /// `[elt for ...]`.
    ListComp {
        /// The element.
        elt: Box<Expr>,
        /// The `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{elt for ...}`.
    SetComp {
        /// The element.
        elt: Box<Expr>,
        /// The `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{key: value for ...}`.
    DictComp {
        /// The key.
        key: Box<Expr>,
        /// The value.
        value: Box<Expr>,
        /// The `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `(elt for ...)`.
    GeneratorExp {
        /// The element.
        elt: Box<Expr>,
        /// The `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `await value`.
    Await {
        /// The awaited value.
        value: Box<Expr>,
    },
    /// `yield value`.
    Yield {
        /// The yielded value.
        value: Option<Box<Expr>>,
    },
    /// `yield from value`.
    YieldFrom {
        /// The delegated iterable.
        value: Box<Expr>,
    },
    /// `left op1 c1 op2 c2 ...`.
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators.
        ops: Vec<CmpOp>,
        /// The other operands.
        comparators: Vec<Expr>,
    },
    /// `func(args, keywords)`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments (`*x` is a `Starred`).
        args: Vec<Expr>,
        /// Keyword arguments (`**x` has `arg: None`).
        keywords: Vec<Keyword>,
    },
    /// One `{value!conversion:format_spec}` field of an f-string.
    FormattedValue {
        /// The expression.
        value: Box<Expr>,
        /// -1 for none, else the ASCII code of `s`, `r` or `a`.
        conversion: i32,
        /// The format spec (a `JoinedStr`).
        format_spec: Option<Box<Expr>>,
    },
    /// An f-string: constants and `FormattedValue`s.
    JoinedStr {
        /// The parts.
        values: Vec<Expr>,
    },
    /// A literal.
    Constant {
        /// Its value.
        value: Constant,
        /// `Some("u")` for a `u"..."` string, else `None`.
        kind: Option<String>,
    },
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Identifier,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `value[slice]`.
    Subscript {
        /// The object.
        value: Box<Expr>,
        /// The index (a `Slice`, a `Tuple` of them, or any expression).
        slice: Box<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `*value`.
    Starred {
        /// The starred expression.
        value: Box<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// A name.
    Name {
        /// The identifier.
        id: Identifier,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `[a, b]`.
    List {
        /// The elements.
        elts: Vec<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `(a, b)` or `a, b`.
    Tuple {
        /// The elements.
        elts: Vec<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `lower:upper:step` (only inside a subscript).
    Slice {
        /// Start.
        lower: Option<Box<Expr>>,
        /// Stop.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
}

/// A literal value, as `ast.Constant.value` holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// `...`.
    Ellipsis,
    /// An integer literal, any size.
    Int(BigInt),
    /// A float literal.
    Float(f64),
    /// An imaginary literal (`2j`); the real part is always 0 from the parser.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A string literal (after concatenation and escape processing).
    ///
    /// Known limitation: Rust strings cannot hold lone surrogates, so an escape like `"\ud800"`
    /// is stored as U+FFFD (the parse still succeeds, as in CPython).
    Str(String),
    /// A bytes literal.
    Bytes(Vec<u8>),
}

/// `expr_context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprContext {
    /// Read.
    Load,
    /// Assigned.
    Store,
    /// Deleted.
    Del,
}

/// `boolop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// `operator`: binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mult,
    /// `@`.
    MatMult,
    /// `/`.
    Div,
    /// `%`.
    Mod,
    /// `**`.
    Pow,
    /// `<<`.
    LShift,
    /// `>>`.
    RShift,
    /// `|`.
    BitOr,
    /// `^`.
    BitXor,
    /// `&`.
    BitAnd,
    /// `//`.
    FloorDiv,
}

/// `unaryop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `~`.
    Invert,
    /// `not`.
    Not,
    /// `+`.
    UAdd,
    /// `-`.
    USub,
}

/// `cmpop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`.
    Eq,
    /// `!=`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtE,
    /// `>`.
    Gt,
    /// `>=`.
    GtE,
    /// `is`.
    Is,
    /// `is not`.
    IsNot,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
}

/// `comprehension`: one `for target in iter if ifs` clause (no position, as in CPython).
#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    /// The target.
    pub target: Expr,
    /// The iterable.
    pub iter: Expr,
    /// The `if` conditions.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// `excepthandler`: `ExceptHandler(expr? type, identifier? name, stmt* body)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    /// The exception type matched.
    pub type_: Option<Box<Expr>>,
    /// The `as` name.
    pub name: Option<Identifier>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// Where it is.
    pub span: Span,
}

/// `arguments`: a parameter list (no position, as in CPython).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    /// Parameters before `/`.
    pub posonlyargs: Vec<Arg>,
    /// Ordinary parameters.
    pub args: Vec<Arg>,
    /// `*args`.
    pub vararg: Option<Box<Arg>>,
    /// Parameters after `*` or `*args`.
    pub kwonlyargs: Vec<Arg>,
    /// Defaults of the keyword-only parameters (`None` where there is none), one per parameter.
    pub kw_defaults: Vec<Option<Expr>>,
    /// `**kwargs`.
    pub kwarg: Option<Box<Arg>>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Expr>,
}

/// `arg`: one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The parameter name.
    pub arg: Identifier,
    /// Its annotation.
    pub annotation: Option<Box<Expr>>,
    /// A `# type:` comment (never set by this parser).
    pub type_comment: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// `keyword`: `arg=value` in a call or class definition, or `**value` when `arg` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// The keyword name, or `None` for `**value`.
    pub arg: Option<Identifier>,
    /// The value.
    pub value: Expr,
    /// Where it is.
    pub span: Span,
}

/// `alias`: `name as asname` in an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The dotted name imported (or `*`).
    pub name: Identifier,
    /// The `as` name.
    pub asname: Option<Identifier>,
    /// Where it is.
    pub span: Span,
}

/// `withitem`: `context_expr as optional_vars` (no position, as in CPython).
#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    /// The context manager expression.
    pub context_expr: Expr,
    /// The `as` target.
    pub optional_vars: Option<Box<Expr>>,
}

/// `match_case`: `case pattern if guard: body` (no position, as in CPython).
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCase {
    /// The pattern.
    pub pattern: Pattern,
    /// The guard.
    pub guard: Option<Box<Expr>>,
    /// The body.
    pub body: Vec<Stmt>,
}

/// A pattern with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// What kind of pattern, with its fields.
    pub kind: PatternKind,
    /// Where it is.
    pub span: Span,
}

/// Pattern kinds: `pattern` in the ASDL.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// A value pattern (`1`, `-1`, `"s"`, `a.b`).
    MatchValue {
        /// The value.
        value: Box<Expr>,
    },
    /// `None`, `True` or `False`.
    MatchSingleton {
        /// The singleton (`Constant::None` or `Constant::Bool`).
        value: Constant,
    },
    /// `[p1, p2, *rest]`.
    MatchSequence {
        /// The sub-patterns.
        patterns: Vec<Pattern>,
    },
    /// `{k: p, **rest}`.
    MatchMapping {
        /// Keys.
        keys: Vec<Expr>,
        /// Value patterns.
        patterns: Vec<Pattern>,
        /// The `**rest` name.
        rest: Option<Identifier>,
    },
    /// `Cls(p1, attr=p2)`.
    MatchClass {
        /// The class expression.
        cls: Box<Expr>,
        /// Positional sub-patterns.
        patterns: Vec<Pattern>,
        /// Keyword attribute names.
        kwd_attrs: Vec<Identifier>,
        /// Keyword sub-patterns.
        kwd_patterns: Vec<Pattern>,
    },
    /// `*name` (or `*_` with `name: None`).
    MatchStar {
        /// The captured name.
        name: Option<Identifier>,
    },
    /// `pattern as name`, a capture `name`, or the wildcard `_` (both `None`).
    MatchAs {
        /// The sub-pattern.
        pattern: Option<Box<Pattern>>,
        /// The captured name.
        name: Option<Identifier>,
    },
    /// `p1 | p2`.
    MatchOr {
        /// The alternatives.
        patterns: Vec<Pattern>,
    },
}
