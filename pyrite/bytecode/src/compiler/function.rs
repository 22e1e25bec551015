//! Definitions: `def`, `lambda` and `class`, with decorators, defaults and closures.
//!
//! CPython's evaluation order: decorators (top to bottom), then positional defaults, then
//! keyword-only defaults, then the function is made; decorators are applied bottom-up.
//! Annotations are not evaluated (a documented gap: they have no effect on a run unless read
//! back through `__annotations__`). A class body is compiled as a function run by
//! `__build_class__(func, name, *bases, **keywords)`, as CPython does.

use pyrite_syntax::ast::{self, Expr, Stmt};
use pyrite_syntax::symtable::{ScopeKind, SymbolScope};

use super::{CResult, Compiler, Reg, code_const};
use crate::code::{CodeFlags, Constant};
use crate::opcode::Opcode;

/// The body of a function-like definition.
pub(crate) enum Body<'a> {
    /// A `def`'s statements.
    Stmts(&'a [Stmt]),
    /// A `lambda`'s expression.
    Lambda(&'a Expr),
}

impl<'a> Compiler<'a> {
    /// The qualified name of a definition named `name` in the current scope.
    pub(crate) fn child_qualname(&mut self, name: &str) -> String {
        let scope = self.table.scope(self.unit().scope);
        if scope.kind == ScopeKind::Module {
            return name.to_owned();
        }
        if scope
            .lookup(name)
            .is_some_and(|s| s.scope == SymbolScope::GlobalExplicit)
        {
            return name.to_owned();
        }
        let parent = self.unit().qualname.clone();
        if scope.kind == ScopeKind::Class {
            format!("{parent}.{name}")
        } else {
            format!("{parent}.<locals>.{name}")
        }
    }

    /// `NESTED` if the current scope is function-like.
    pub(crate) fn nested_flag(&mut self) -> CodeFlags {
        if self.table.scope(self.unit().scope).is_function_like() {
            CodeFlags::NESTED
        } else {
            CodeFlags::default()
        }
    }

    /// Evaluates decorators into new temporaries.
    fn decorators(&mut self, decorators: &'a [Expr]) -> CResult<Vec<Reg>> {
        decorators.iter().map(|d| self.expr_new(d)).collect()
    }

    /// Applies decorators (innermost first) to the value in `r`.
    fn apply_decorators(&mut self, decs: &[Reg], r: Reg, line: u32) -> CResult<()> {
        for &d in decs.iter().rev() {
            let base = self.alloc_n(2)?;
            self.op(Opcode::Move, 0, base, d, 0);
            self.op(Opcode::Move, 0, base + 1, r, 0);
            let prev = self.set_line(line);
            self.op(Opcode::Call, 0, r, base, 1);
            self.set_line(prev);
        }
        Ok(())
    }

    pub(crate) fn function_def(&mut self, s: &'a Stmt, f: &'a ast::FunctionDef) -> CResult<()> {
        let line = s.span.lineno;
        let decs = self.decorators(&f.decorator_list)?;
        let first_line = f.decorator_list.first().map_or(line, |d| d.span.lineno);
        let Some(scope) = self.table.scope_of_stmt(s) else {
            return self.unsupported("a function the symbol table did not record", line);
        };
        let r = self.alloc()?;
        self.make_function(scope, &f.name, &f.args, Body::Stmts(&f.body), first_line, r)?;
        self.apply_decorators(&decs, r, line)?;
        self.store_name(&f.name, r)
    }

    pub(crate) fn lambda(
        &mut self,
        e: &'a Expr,
        args: &'a ast::Arguments,
        body: &'a Expr,
        dst: Reg,
    ) -> CResult<()> {
        let line = e.span.lineno;
        let Some(scope) = self.table.scope_of_expr(e) else {
            return self.unsupported("a lambda the symbol table did not record", line);
        };
        self.make_function(scope, "<lambda>", args, Body::Lambda(body), line, dst)
    }

    /// Makes the function for `scope` into `dst`: defaults evaluated here, body compiled as
    /// a nested code object.
    fn make_function(
        &mut self,
        scope: pyrite_syntax::symtable::ScopeId,
        name: &str,
        args: &'a ast::Arguments,
        body: Body<'a>,
        first_line: u32,
        dst: Reg,
    ) -> CResult<()> {
        let line = self.unit().line;
        let has_defaults = !args.defaults.is_empty();
        let kw: Vec<(&'a ast::Arg, &'a Expr)> = args
            .kwonlyargs
            .iter()
            .zip(&args.kw_defaults)
            .filter_map(|(a, d)| Some((a, d.as_ref()?)))
            .collect();
        let window = if has_defaults || !kw.is_empty() {
            let w = self.alloc_n(2)?;
            if has_defaults {
                let base = self.exprs_window(&args.defaults)?;
                self.op(Opcode::BuildTuple, 0, w, base, args.defaults.len() as Reg);
            } else {
                self.load_none(w);
            }
            if kw.is_empty() {
                self.load_none(w + 1);
            } else {
                let base = self.alloc_n(2 * kw.len() as u32)?;
                for (i, (a, d)) in kw.iter().enumerate() {
                    let key = self.mangle(&a.arg);
                    self.load_const(Constant::Str(key), base + 2 * i as Reg);
                    self.expr_to(d, base + 2 * i as Reg + 1)?;
                }
                self.op(Opcode::BuildMap, 0, w + 1, base, kw.len() as Reg);
            }
            Some(w)
        } else {
            None
        };

        let qualname = self.child_qualname(name);
        let nested = self.nested_flag();
        self.push_unit(scope, name.to_owned(), qualname, first_line)?;
        let kind = self.table.scope(scope).code_kind();
        let mut flags = CodeFlags::OPTIMIZED.with(CodeFlags::NEWLOCALS).with(nested);
        match kind {
            pyrite_syntax::symtable::CodeKind::Normal => {}
            pyrite_syntax::symtable::CodeKind::Generator => {
                flags = flags.with(CodeFlags::GENERATOR)
            }
            _ => {
                self.units.pop();
                return self.unsupported("async function", first_line);
            }
        }
        self.unit().flags = flags;
        let compiled = match body {
            Body::Stmts(stmts) => {
                self.scan_unbinding(stmts);
                self.stmts(stmts).and_then(|()| self.return_none_at_end())
            }
            Body::Lambda(e) => {
                self.set_line(e.span.lineno);
                self.set_alias_for(&[e]);
                self.expr(e).map(|r| self.op(Opcode::Return, 0, r, 0, 0))
            }
        };
        if let Err(err) = compiled {
            self.units.pop();
            return Err(err);
        }
        let code = self.pop_unit()?;
        let k = self.add_const(code_const(code));
        let prev = self.set_line(line);
        match window {
            Some(w) => self.op_k(Opcode::MakeFunctionDefaults, dst, w, k),
            None => self.op_k(Opcode::MakeFunction, dst, 0, k),
        }
        self.set_line(prev);
        Ok(())
    }

    pub(crate) fn class_def(&mut self, s: &'a Stmt) -> CResult<()> {
        let ast::StmtKind::ClassDef {
            name,
            bases,
            keywords,
            body,
            decorator_list,
        } = &s.kind
        else {
            return Ok(());
        };
        let line = s.span.lineno;
        if super::expr::has_starred(bases) || keywords.iter().any(|k| k.arg.is_none()) {
            return self.unsupported("class bases with * or ** unpacking", line);
        }
        let Some(scope) = self.table.scope_of_stmt(s) else {
            return self.unsupported("a class the symbol table did not record", line);
        };
        let decs = self.decorators(decorator_list)?;
        let first_line = decorator_list.first().map_or(line, |d| d.span.lineno);

        let qualname = self.child_qualname(name);
        let nested = self.nested_flag();
        self.push_unit(scope, name.clone(), qualname.clone(), first_line)?;
        self.unit().flags = CodeFlags::CLASS_BODY.with(nested);
        self.set_line(line);
        let compiled = self.class_body(&qualname, body, line);
        if let Err(err) = compiled {
            self.units.pop();
            return Err(err);
        }
        let code = self.pop_unit()?;

        let n = 2 + bases.len() + keywords.len();
        let extra = if keywords.is_empty() { 1 } else { 2 };
        let base = self.alloc_n((n + extra) as u32)?;
        self.op(Opcode::LoadBuildClass, 0, base, 0, 0);
        let k = self.add_const(code_const(code));
        self.op_k(Opcode::MakeFunction, base + 1, 0, k);
        self.load_const(Constant::Str(name.clone()), base + 2);
        for (i, b) in bases.iter().enumerate() {
            self.expr_to(b, base + 3 + i as Reg)?;
        }
        let first_kw = base + 3 + bases.len() as Reg;
        for (i, kw) in keywords.iter().enumerate() {
            self.expr_to(&kw.value, first_kw + i as Reg)?;
        }
        let r = self.alloc()?;
        if keywords.is_empty() {
            self.op(Opcode::Call, 0, r, base, n as Reg);
        } else {
            let names = keywords
                .iter()
                .map(|k| Constant::Str(k.arg.clone().unwrap_or_default()))
                .collect();
            self.load_const(Constant::Tuple(names), base + 1 + n as Reg);
            self.op(Opcode::CallKw, 0, r, base, n as Reg);
        }
        self.apply_decorators(&decs, r, line)?;
        self.store_name(name, r)
    }

    fn class_body(&mut self, qualname: &str, body: &'a [Stmt], line: u32) -> CResult<()> {
        let r = self.alloc()?;
        let module = self.add_name("__name__");
        self.op_k(Opcode::LoadName, r, 0, module);
        let k = self.add_name("__module__");
        self.op_k(Opcode::StoreName, r, 0, k);
        self.load_const(Constant::Str(qualname.to_owned()), r);
        let k = self.add_name("__qualname__");
        self.op_k(Opcode::StoreName, r, 0, k);
        self.free_to(u32::from(r));
        self.docstring_and_body(body, true)?;
        let scope = self.table.scope(self.unit().scope);
        if scope.needs_class_closure {
            let Some(cell) = scope.cell_index("__class__") else {
                return self.unsupported("a class cell the symbol table did not record", line);
            };
            let r = self.alloc()?;
            self.op_k(Opcode::LoadClosure, r, 0, cell);
            let k = self.add_name("__classcell__");
            self.op_k(Opcode::StoreName, r, 0, k);
            self.free_to(u32::from(r));
        }
        self.return_none()
    }
}
