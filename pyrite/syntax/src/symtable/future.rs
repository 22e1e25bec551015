//! Future features: what the leading `from __future__ import ...` statements of a module say,
//! with the errors CPython 3.11's `Python/future.c` raises before the symbol table is built.

use crate::ast::{self, ExprKind, Stmt, StmtKind};
use crate::{SyntaxError, SyntaxErrorKind};

/// What the leading `from __future__ import ...` statements say (CPython's `future.c`).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Future {
    /// `from __future__ import annotations`.
    pub annotations: bool,
    /// The line of the last valid future import (CPython's `ff_lineno`): a `__future__`
    /// import after it is a compile error.
    pub lineno: Option<u32>,
}

/// The future features of a module, with the errors `future.c` raises (unknown feature,
/// `braces`, a future import after another statement on the same line). Future imports are
/// recognized after an optional docstring, as long as only future imports precede them.
pub(super) fn future_features(body: &[Stmt]) -> Result<Future, SyntaxError> {
    const KNOWN: [&str; 10] = [
        "nested_scopes",
        "generators",
        "division",
        "absolute_import",
        "with_statement",
        "print_function",
        "unicode_literals",
        "barry_as_FLUFL",
        "generator_stop",
        "annotations",
    ];
    let mut future = Future::default();
    let mut stmts = body.iter().peekable();
    if let Some(first) = stmts.peek()
        && let StmtKind::Expr { value } = &first.kind
        && let ExprKind::Constant {
            value: ast::Constant::Str(_),
            ..
        } = value.kind
    {
        stmts.next();
    }
    let mut done = false;
    let mut prev_line = 0;
    for s in stmts {
        if done && s.span.lineno > prev_line {
            break;
        }
        prev_line = s.span.lineno;
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                ..
            } if m == "__future__" => {
                if done {
                    let mut e = SyntaxError::new(
                        SyntaxErrorKind::SyntaxError,
                        "from __future__ imports must occur at the beginning of the file",
                        s.span.lineno,
                        s.span.col_offset,
                    );
                    e.end_offset = 0;
                    return Err(e);
                }
                for alias in names {
                    let feature = alias.name.as_str();
                    if feature == "annotations" {
                        future.annotations = true;
                    } else if !KNOWN.contains(&feature) {
                        let msg = if feature == "braces" {
                            "not a chance".to_owned()
                        } else {
                            format!("future feature {feature} is not defined")
                        };
                        let mut e = SyntaxError::new(
                            SyntaxErrorKind::SyntaxError,
                            msg,
                            s.span.lineno,
                            s.span.col_offset + 1,
                        );
                        e.end_offset = 0;
                        return Err(e);
                    }
                }
                future.lineno = Some(s.span.lineno);
            }
            _ => done = true,
        }
    }
    Ok(future)
}
