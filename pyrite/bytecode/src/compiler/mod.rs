//! The compiler: resolved AST (the AST plus its [`SymbolTable`]) to [`CodeObject`]s.
//!
//! One [`Unit`] is the code object being built for one scope; nested scopes (functions,
//! lambdas, comprehensions, class bodies) push a unit, compile, pop it into a `Code` constant of
//! the enclosing unit. The work is split by concern:
//! - this file: units, emission, labels, registers, exception regions, entry points;
//! - `scope.rs`: names (loads, stores, deletes per [`NameRef`]) and the "definitely bound"
//!   tracking that lets locals be read in place without `CheckBound`;
//! - `expr.rs`, `call.rs`, `comprehension.rs`: expressions; `stmt.rs`, `assign.rs`,
//!   `exceptions.rs`: statements (`exceptions.rs` also holds `try`, `with`, and the unwinding
//!   that `break`/`continue`/`return` do through them); `function.rs`: `def`, `lambda`, `class`.
//!
//! # Registers
//! Registers `0..varnames.len()` are the locals; temporaries are allocated above them in a
//! stack discipline (`mark`/`free_to`), so a statement's temporaries are reused by the next.
//! An expression whose value is a bound local is used in place (no copy): `x + y` is one
//! `BinaryOp t, x, y`. That is safe because nothing but this frame's own code writes its
//! local slots, and within one statement the only such write is a walrus, which turns the
//! in-place reads off for that statement ([`Unit::no_alias`]).
//!
//! # Constant registers
//! An inline constant (`None`, a `bool`, an `i64` `int`, a `float`) that an expression only
//! reads ([`Compiler::expr`]) is a *constant register* (`code.rs`), not a `LoadConst` into a
//! temporary. While the unit is compiled its number is a placeholder counted down from
//! `u16::MAX` (temporaries never reach them, see [`Compiler::alloc_n`]); `pop_unit` renumbers
//! the placeholders to the registers after the last temporary. At most
//! [`MAX_CONST_REGISTERS`] per code object: every call copies them into the new frame, so a
//! function with many constants keeps the rest as `LoadConst`s.
//!
//! # Exceptions
//! A `try` body is a *region*: instruction ranges whose exceptions go to one handler. Regions
//! are pushed and popped in a stack; leaving a block by `break`/`continue`/`return` pauses the
//! regions of the blocks it leaves (the inlined `finally` code is not protected by its own
//! `try`) and resumes them after. A region's ranges go to the exception table when it is
//! popped, so inner handlers come before outer ones (the VM takes the first match).
//!
//! # Line numbers
//! Every instruction carries the line of the AST node that produced it (an expression's own
//! instruction gets the expression's first line after its operands are compiled, as CPython's
//! locations do; method calls use the attribute's line when it differs, as 3.11 does), so
//! tracebacks name CPython's lines.

mod assign;
mod call;
mod comprehension;
mod exceptions;
mod expr;
mod function;
mod scope;
mod stmt;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyrite_syntax::ast::{self, Stmt};
use pyrite_syntax::symtable::{self, ScopeId, SymbolTable};

use crate::code::{CodeFlags, CodeObject, Constant, ExceptionEntry, LineEntry};
use crate::error::CompileError;
use crate::instr::{Instr, MAX_WIDE};
use crate::opcode::{Arg, Opcode};

/// A register index.
pub(crate) type Reg = u16;

/// The result of compiling a piece.
pub(crate) type CResult<T> = Result<T, CompileError>;

/// The most constant registers a code object gets (see the module documentation).
pub(crate) const MAX_CONST_REGISTERS: u16 = 32;

/// The placeholder register of the `i`th constant register while its unit is compiled.
fn const_placeholder(i: u16) -> Reg {
    u16::MAX - i
}

/// A jump target not yet placed: an index into [`Unit::labels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label(u32);

/// Parses `source` (bytes, PEP 263 decoding) and compiles it as the module `filename`.
pub fn compile_source(source: &[u8], filename: &str) -> Result<CodeObject, CompileError> {
    let module = pyrite_syntax::parse_module(source).map_err(CompileError::Syntax)?;
    let table = symtable::build(&module).map_err(CompileError::Syntax)?;
    symtable::check_context(&table).map_err(CompileError::Syntax)?;
    compile_module(&module, &table, filename)
}

/// Compiles a parsed module whose symbol table was built (and context-checked) from it.
pub fn compile_module(
    module: &ast::Mod,
    table: &SymbolTable,
    filename: &str,
) -> Result<CodeObject, CompileError> {
    let body = match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => body,
        ast::Mod::Expression { .. } => {
            return Err(CompileError::NotImplemented {
                construct: "expression mode".into(),
                filename: filename.into(),
                line: 1,
            });
        }
    };
    let mut c = Compiler {
        table,
        filename,
        units: Vec::new(),
    };
    c.push_unit(ScopeId::MODULE, "<module>".into(), "<module>".into(), 1)?;
    c.unit().flags = CodeFlags::MODULE;
    c.docstring_and_body(body, true)?;
    c.return_none_at_end()?;
    c.pop_unit()
}

/// Hashable identity of a constant, to share pool entries (floats by bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    Big(String),
    Float(u64),
    Complex(u64, u64),
    Str(String),
    Bytes(Vec<u8>),
}

/// An exception region: the ranges whose exceptions go to `handler`.
struct Region {
    handler: Label,
    exc_reg: Reg,
    ranges: Vec<(u32, u32)>,
    open: Option<u32>,
}

/// A block that `break`, `continue` and `return` must unwind.
#[derive(Clone)]
pub(crate) enum Block<'a> {
    /// A loop body: `continue` jumps to `cont`, `break` to `brk`.
    Loop {
        cont: Label,
        brk: Label,
        /// The `for` iterator register (cleared on `break`).
        iter: Option<Reg>,
    },
    /// The parts of a `try` protected by `finally`: leaving runs the body inline.
    Finally { body: &'a [Stmt] },
    /// Inside an exception handler (an `except` body or a `finally` run for an exception):
    /// leaving restores the previously handled exception, and unbinds the `as` name.
    Handler { prev: Reg, name: Option<&'a str> },
    /// Inside a `with` body: leaving calls `exit(None, None, None)`.
    With { exit: Reg },
}

/// A block with the depth of the region stack when it was entered.
#[derive(Clone)]
pub(crate) struct BlockEntry<'a> {
    block: Block<'a>,
    region_depth: usize,
}

/// One code object under construction.
pub(crate) struct Unit<'a> {
    scope: ScopeId,
    name: String,
    qualname: String,
    first_line: u32,
    flags: CodeFlags,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    consts: Vec<Constant>,
    const_index: HashMap<ConstKey, u32>,
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    labels: Vec<Option<u32>>,
    regions: Vec<Region>,
    entries: Vec<(u32, u32, Label, Reg)>,
    n_locals: u32,
    next_reg: u32,
    max_reg: u32,
    /// The constant-pool index of each constant register, in placeholder order.
    const_registers: Vec<u32>,
    /// The line given to emitted instructions.
    line: u32,
    blocks: Vec<BlockEntry<'a>>,
    /// Locals proven bound at the current point (see `scope.rs`).
    bound: Vec<bool>,
    /// Locals that may be unbound again after being bound (`del`, `except ... as`).
    never_trust: Vec<bool>,
    /// Read no local in place in the current statement (it contains a walrus).
    no_alias: bool,
}

/// The compiler state: the symbol table, and the stack of units.
pub(crate) struct Compiler<'a> {
    table: &'a SymbolTable,
    filename: &'a str,
    units: Vec<Unit<'a>>,
}

impl<'a> Compiler<'a> {
    // ---- errors ---------------------------------------------------------------------------

    /// `NotImplementedError: <what> is not supported (file, line)`.
    pub(crate) fn unsupported<T>(&self, what: &str, line: u32) -> CResult<T> {
        Err(CompileError::NotImplemented {
            construct: what.to_owned(),
            filename: self.filename.to_owned(),
            line,
        })
    }

    // ---- units ----------------------------------------------------------------------------

    pub(crate) fn unit(&mut self) -> &mut Unit<'a> {
        // A unit is pushed before any code is compiled and popped only at the end of it.
        let last = self.units.len() - 1;
        &mut self.units[last]
    }

    fn unit_ref(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    pub(crate) fn push_unit(
        &mut self,
        scope: ScopeId,
        name: String,
        qualname: String,
        first_line: u32,
    ) -> CResult<()> {
        let Some(s) = self.table.get(scope) else {
            return self.unsupported("a scope the symbol table did not record", first_line);
        };
        let n_locals = s.varnames.len() as u32;
        if n_locals > u32::from(u16::MAX) {
            return self.unsupported(
                "a function with more than 65535 local variables",
                first_line,
            );
        }
        let mut bound = vec![false; n_locals as usize];
        for b in bound.iter_mut().take(s.param_count()) {
            *b = true;
        }
        self.units.push(Unit {
            scope,
            name,
            qualname,
            first_line,
            flags: CodeFlags::default(),
            instrs: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            labels: Vec::new(),
            regions: Vec::new(),
            entries: Vec::new(),
            n_locals,
            next_reg: n_locals,
            max_reg: n_locals,
            const_registers: Vec::new(),
            line: first_line,
            blocks: Vec::new(),
            bound,
            never_trust: vec![false; n_locals as usize],
            no_alias: false,
        });
        Ok(())
    }

    /// Finishes the current unit: resolves labels, builds the tables.
    pub(crate) fn pop_unit(&mut self) -> CResult<CodeObject> {
        let Some(u) = self.units.pop() else {
            return self.unsupported("an unbalanced scope", 0);
        };
        let scope = self.table.scope(u.scope);
        let line = u.first_line;
        if u.instrs.len() > MAX_WIDE as usize
            || u.consts.len() > MAX_WIDE as usize
            || u.names.len() > MAX_WIDE as usize
        {
            return self.unsupported("a code object this large", line);
        }
        let resolve = |l: Label| u.labels.get(l.0 as usize).copied().flatten();
        let mut instrs = u.instrs;
        let n_const = u.const_registers.len() as u32;
        for i in &mut instrs {
            if n_const > 0 {
                renumber_const_registers(i, u.max_reg, n_const);
            }
            if i.op.is_jump() {
                match resolve(Label(i.k())) {
                    Some(pc) => i.set_k(pc),
                    None => return self.unsupported("a jump to an unplaced label", line),
                }
            }
        }
        let mut exception_table = Vec::with_capacity(u.entries.len());
        for &(start, end, handler, exc_reg) in &u.entries {
            let Some(handler) = resolve(handler) else {
                return self.unsupported("a handler at an unplaced label", line);
            };
            exception_table.push(ExceptionEntry {
                start,
                end,
                handler,
                exc_reg,
            });
        }
        let mut line_table: Vec<LineEntry> = Vec::new();
        for (pc, &l) in u.lines.iter().enumerate() {
            if line_table.last().is_none_or(|e| e.line != l) {
                line_table.push(LineEntry {
                    start: pc as u32,
                    line: l,
                });
            }
        }
        let mut flags = u.flags;
        if scope.has_varargs {
            flags = flags.with(CodeFlags::VARARGS);
        }
        if scope.has_varkeywords {
            flags = flags.with(CodeFlags::VARKEYWORDS);
        }
        let closure = match scope.parent {
            Some(parent) => {
                let parent_cells = self.table.scope(parent).cellvars.len() as u32;
                let mut closure = Vec::with_capacity(scope.freevars.len());
                for name in &scope.freevars {
                    match self.table.capture(parent, name) {
                        Some(symtable::CaptureRef::Cell(i)) => closure.push(i),
                        Some(symtable::CaptureRef::Free(i)) => closure.push(parent_cells + i),
                        None => return self.unsupported("a closure over this scope", line),
                    }
                }
                closure
            }
            None => Vec::new(),
        };
        let is_fn = scope.is_function_like();
        Ok(CodeObject {
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.to_owned(),
            first_line: u.first_line,
            arg_count: if is_fn { scope.arg_count } else { 0 },
            posonly_count: if is_fn { scope.posonly_count } else { 0 },
            kwonly_count: if is_fn { scope.kwonly_count } else { 0 },
            flags,
            varnames: scope.varnames.clone(),
            cellvars: scope.cellvars.clone(),
            freevars: scope.freevars.clone(),
            cell_params: if is_fn {
                scope.param_cells()
            } else {
                Vec::new()
            },
            closure,
            constants: u.consts,
            names: u.names,
            instructions: instrs,
            exception_table,
            line_table,
            n_registers: u.max_reg + n_const,
            const_registers: u.const_registers,
        })
    }

    // ---- emission -------------------------------------------------------------------------

    /// The index the next instruction will have.
    pub(crate) fn pc(&mut self) -> u32 {
        self.unit().instrs.len() as u32
    }

    pub(crate) fn emit(&mut self, i: Instr) {
        let u = self.unit();
        u.instrs.push(i);
        let line = u.line;
        u.lines.push(line);
    }

    /// `op x a b c`.
    pub(crate) fn op(&mut self, op: Opcode, x: u8, a: Reg, b: Reg, c: Reg) {
        self.emit(Instr::new(op, x, a, b, c));
    }

    /// `op a b k`.
    pub(crate) fn op_k(&mut self, op: Opcode, a: Reg, b: Reg, k: u32) {
        self.emit(Instr::wide(op, a, b, k));
    }

    /// A jump-family instruction to `label` (patched in `pop_unit`).
    pub(crate) fn jump_op(&mut self, op: Opcode, a: Reg, b: Reg, label: Label) {
        self.emit(Instr::wide(op, a, b, label.0));
    }

    pub(crate) fn jump(&mut self, label: Label) {
        self.jump_op(Opcode::Jump, 0, 0, label);
    }

    pub(crate) fn new_label(&mut self) -> Label {
        let u = self.unit();
        u.labels.push(None);
        Label(u.labels.len() as u32 - 1)
    }

    pub(crate) fn bind(&mut self, label: Label) {
        let pc = self.pc();
        if let Some(slot) = self.unit().labels.get_mut(label.0 as usize) {
            *slot = Some(pc);
        }
    }

    /// Sets the line of the next instructions; returns the previous one.
    pub(crate) fn set_line(&mut self, line: u32) -> u32 {
        std::mem::replace(&mut self.unit().line, line)
    }

    // ---- constants and names ----------------------------------------------------------------

    pub(crate) fn add_const(&mut self, c: Constant) -> u32 {
        let key = match &c {
            Constant::None => Some(ConstKey::None),
            Constant::Ellipsis => Some(ConstKey::Ellipsis),
            Constant::Bool(b) => Some(ConstKey::Bool(*b)),
            Constant::Int(i) => Some(ConstKey::Int(*i)),
            Constant::BigInt(b) => Some(ConstKey::Big(b.to_string())),
            Constant::Float(f) => Some(ConstKey::Float(f.to_bits())),
            Constant::Complex { real, imag } => {
                Some(ConstKey::Complex(real.to_bits(), imag.to_bits()))
            }
            Constant::Str(s) => Some(ConstKey::Str(s.clone())),
            Constant::Bytes(b) => Some(ConstKey::Bytes(b.clone())),
            Constant::Tuple(_) | Constant::Code(_) => None,
        };
        let u = self.unit();
        if let Some(k) = &key
            && let Some(&i) = u.const_index.get(k)
        {
            return i;
        }
        u.consts.push(c);
        let i = u.consts.len() as u32 - 1;
        if let Some(k) = key {
            u.const_index.insert(k, i);
        }
        i
    }

    pub(crate) fn add_name(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        u.names.push(name.to_owned());
        let i = u.names.len() as u32 - 1;
        u.name_index.insert(name.to_owned(), i);
        i
    }

    pub(crate) fn load_const(&mut self, c: Constant, dst: Reg) {
        let k = self.add_const(c);
        self.op_k(Opcode::LoadConst, dst, 0, k);
    }

    /// The constant register holding `c`, if it is an inline constant and one is free.
    pub(crate) fn const_register(&mut self, c: Constant) -> Option<Reg> {
        if !c.is_inline() {
            return None;
        }
        let k = self.add_const(c);
        let u = self.unit();
        if let Some(i) = u.const_registers.iter().position(|&x| x == k) {
            return Some(const_placeholder(i as u16));
        }
        let i = u.const_registers.len();
        if i >= usize::from(MAX_CONST_REGISTERS) {
            return None;
        }
        u.const_registers.push(k);
        Some(const_placeholder(i as u16))
    }

    pub(crate) fn load_none(&mut self, dst: Reg) {
        self.load_const(Constant::None, dst);
    }

    /// The implicit `return None` at the end of a body, unless control cannot get there
    /// (the last instruction is a terminator and no jump targets the end).
    pub(crate) fn return_none_at_end(&mut self) -> CResult<()> {
        let pc = self.pc();
        let u = self.unit();
        let falls_through = u.instrs.last().is_none_or(|i| !i.op.is_terminator());
        let targeted = u.labels.contains(&Some(pc));
        if falls_through || targeted {
            self.return_none()?;
        }
        Ok(())
    }

    pub(crate) fn return_none(&mut self) -> CResult<()> {
        let mark = self.mark();
        let r = self.none_register()?;
        self.op(Opcode::Return, 0, r, 0, 0);
        self.free_to(mark);
        Ok(())
    }

    /// A register holding `None`, to read: the constant register, or a new temporary.
    pub(crate) fn none_register(&mut self) -> CResult<Reg> {
        if let Some(r) = self.const_register(Constant::None) {
            return Ok(r);
        }
        let r = self.alloc()?;
        self.load_none(r);
        Ok(r)
    }

    // ---- registers ----------------------------------------------------------------------------

    /// The current temporary high-water mark, to free back to.
    pub(crate) fn mark(&mut self) -> u32 {
        self.unit().next_reg
    }

    pub(crate) fn free_to(&mut self, mark: u32) {
        let u = self.unit();
        u.next_reg = mark.max(u.n_locals);
    }

    /// A fresh temporary.
    pub(crate) fn alloc(&mut self) -> CResult<Reg> {
        self.alloc_n(1)
    }

    /// `n` consecutive fresh temporaries; returns the first.
    ///
    /// An empty window is register 0: every register operand must be in range, and a code
    /// object with an instruction has at least one register.
    pub(crate) fn alloc_n(&mut self, n: u32) -> CResult<Reg> {
        if n == 0 {
            return Ok(0);
        }
        let u = self.unit();
        let base = u.next_reg;
        let end = base + n;
        // The placeholders of the constant registers are the top register numbers.
        let limit = u32::from(u16::MAX - MAX_CONST_REGISTERS);
        if end > limit {
            let line = u.line;
            return self.unsupported(
                &format!("an expression needing more than {limit} registers"),
                line,
            );
        }
        u.next_reg = end;
        u.max_reg = u.max_reg.max(end);
        Ok(base as Reg)
    }

    /// True if `r` is a local variable's slot (not a temporary).
    pub(crate) fn is_local_reg(&self, r: Reg) -> bool {
        u32::from(r) < self.unit_ref().n_locals
    }

    // ---- exception regions ------------------------------------------------------------------

    /// Opens a region whose exceptions go to `handler` with the exception in `exc_reg`.
    pub(crate) fn push_region(&mut self, handler: Label, exc_reg: Reg) {
        let pc = self.pc();
        self.unit().regions.push(Region {
            handler,
            exc_reg,
            ranges: Vec::new(),
            open: Some(pc),
        });
    }

    /// Closes the innermost region and records its ranges in the exception table.
    pub(crate) fn pop_region(&mut self) {
        let pc = self.pc();
        let u = self.unit();
        if let Some(mut r) = u.regions.pop() {
            if let Some(start) = r.open.take()
                && pc > start
            {
                r.ranges.push((start, pc));
            }
            for (s, e) in r.ranges {
                u.entries.push((s, e, r.handler, r.exc_reg));
            }
        }
    }

    /// Pauses every open region at index `depth` or above; returns which were paused.
    pub(crate) fn pause_regions(&mut self, depth: usize) -> Vec<usize> {
        let pc = self.pc();
        let u = self.unit();
        let mut paused = Vec::new();
        for (i, r) in u.regions.iter_mut().enumerate().skip(depth) {
            if let Some(start) = r.open.take() {
                if pc > start {
                    r.ranges.push((start, pc));
                }
                paused.push(i);
            }
        }
        paused
    }

    /// Reopens regions paused by [`Compiler::pause_regions`].
    pub(crate) fn resume_regions(&mut self, paused: &[usize]) {
        let pc = self.pc();
        let u = self.unit();
        for &i in paused {
            if let Some(r) = u.regions.get_mut(i) {
                r.open = Some(pc);
            }
        }
    }

    pub(crate) fn region_depth(&mut self) -> usize {
        self.unit().regions.len()
    }

    pub(crate) fn push_block(&mut self, block: Block<'a>) {
        let depth = self.region_depth();
        self.unit().blocks.push(BlockEntry {
            block,
            region_depth: depth,
        });
    }

    pub(crate) fn pop_block(&mut self) {
        self.unit().blocks.pop();
    }

    // ---- bodies -------------------------------------------------------------------------------

    /// A module or class body: a leading string statement becomes `__doc__`.
    pub(crate) fn docstring_and_body(&mut self, body: &'a [Stmt], store_doc: bool) -> CResult<()> {
        let mut rest = body;
        if store_doc
            && let Some((first, tail)) = body.split_first()
            && let ast::StmtKind::Expr { value } = &first.kind
            && let ast::ExprKind::Constant {
                value: ast::Constant::Str(doc),
                ..
            } = &value.kind
        {
            self.set_line(first.span.lineno);
            let r = self.alloc()?;
            self.load_const(Constant::Str(doc.clone()), r);
            let k = self.add_name("__doc__");
            self.op_k(Opcode::StoreName, r, 0, k);
            self.free_to(u32::from(r));
            rest = tail;
        }
        self.stmts(rest)
    }
}

/// Rewrites the placeholder register operands of `i` (`u16::MAX - j`, see
/// [`const_placeholder`]) to the constant registers `first + j`. Only single-register operands
/// take placeholders ([`Compiler::expr`] hands them only to readers); windows never do.
fn renumber_const_registers(i: &mut Instr, first: u32, n_const: u32) {
    let layout = i.op.layout();
    let fix = |r: &mut Reg| {
        let j = u32::from(u16::MAX - *r);
        if j < n_const {
            *r = (first + j) as Reg;
        }
    };
    if layout.a == Arg::Reg {
        fix(&mut i.a);
    }
    if layout.b == Arg::Reg {
        fix(&mut i.b);
    }
    if !layout.c.is_wide() && layout.c == Arg::Reg {
        fix(&mut i.c);
    }
}

/// The pool constant for an AST literal (ints normalized to `Int` when they fit).
pub(crate) fn constant_of(c: &ast::Constant) -> Constant {
    match c {
        ast::Constant::None => Constant::None,
        ast::Constant::Bool(b) => Constant::Bool(*b),
        ast::Constant::Ellipsis => Constant::Ellipsis,
        ast::Constant::Int(i) => int_constant(i),
        ast::Constant::Float(f) => Constant::Float(*f),
        ast::Constant::Complex { real, imag } => Constant::Complex {
            real: *real,
            imag: *imag,
        },
        ast::Constant::Str(s) => Constant::Str(s.clone()),
        ast::Constant::Bytes(b) => Constant::Bytes(b.clone()),
    }
}

/// An int constant, normalized.
pub(crate) fn int_constant(i: &BigInt) -> Constant {
    match i.to_i64() {
        Some(v) => Constant::Int(v),
        None => Constant::BigInt(i.clone()),
    }
}

/// Shares a finished nested code object as a constant.
pub(crate) fn code_const(code: CodeObject) -> Constant {
    Constant::Code(Arc::new(code))
}
