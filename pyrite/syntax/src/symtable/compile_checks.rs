//! The syntax errors CPython 3.11's compiler (`Python/compile.c`) raises on trees the parser and
//! the symbol table accept: repeated keyword arguments, starred expressions out of place,
//! assignments to `__debug__`, a bare `except:` before others, and the checks of `match`
//! patterns (unreachable cases, names bound twice or differently by alternatives).
//!
//! Each check is a pure function of one node; `compile_order.rs` calls it where CPython's
//! compiler reaches that node, so that the first error in compiler order is the one reported.
//! Messages and locations are CPython's (a location is the span of the node CPython's compiler
//! had last set as its location, which each function documents).

use crate::ast::{
    Arguments, Constant, ExceptHandler, Expr, ExprContext, ExprKind, Keyword, Pattern, PatternKind,
    Span,
};

/// An error: message and span.
pub(super) type Found = (String, Span);

/// The name nothing may assign to (`forbidden_name`).
const DEBUG: &str = "__debug__";

/// `validate_keywords`, checked when a call (or a class's bases) is compiled: a keyword named
/// `__debug__` (located at the call, `call_span`), or a keyword repeated (at the repetition).
pub(super) fn keywords(keywords: &[Keyword], call_span: Span) -> Option<Found> {
    for (i, key) in keywords.iter().enumerate() {
        let Some(arg) = &key.arg else { continue };
        if arg == DEBUG {
            return Some((format!("cannot assign to {DEBUG}"), call_span));
        }
        if let Some(other) = keywords[i + 1..]
            .iter()
            .find(|other| other.arg.as_ref() == Some(arg))
        {
            return Some((format!("keyword argument repeated: {arg}"), other.span));
        }
    }
    None
}

/// `compiler_check_debug_args`: a parameter named `__debug__`, located at the `def` or
/// `lambda` (`owner_span`).
pub(super) fn parameters(args: &Arguments, owner_span: Span) -> Option<Found> {
    let mut all = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(args.vararg.as_deref())
        .chain(&args.kwonlyargs)
        .chain(args.kwarg.as_deref());
    all.any(|a| a.arg == DEBUG)
        .then(|| (format!("cannot assign to {DEBUG}"), owner_span))
}

/// `forbidden_name` for a name stored or deleted (`compiler_nameop`, an attribute store, an
/// import, a pattern capture), located at `span`.
pub(super) fn name(id: &str, ctx: ExprContext, span: Span) -> Option<Found> {
    if id != DEBUG {
        return None;
    }
    match ctx {
        ExprContext::Load => None,
        ExprContext::Store => Some((format!("cannot assign to {DEBUG}"), span)),
        ExprContext::Del => Some((format!("cannot delete {DEBUG}"), span)),
    }
}

/// A `Starred` the compiler visits as an expression of its own, that is anywhere but as an
/// element of a display, a call argument or an unpacking target (whose visitors unwrap it).
pub(super) fn starred(ctx: ExprContext, span: Span) -> Found {
    let msg = match ctx {
        ExprContext::Store => "starred assignment target must be in a list or tuple",
        _ => "can't use starred expression here",
    };
    (msg.to_owned(), span)
}

/// `unpack_helper`: two starred targets in one unpacking, located at the list or tuple.
pub(super) fn unpacking(elts: &[Expr], span: Span) -> Option<Found> {
    let stars = elts
        .iter()
        .filter(|e| matches!(e.kind, ExprKind::Starred { .. }))
        .count();
    (stars > 1).then(|| {
        (
            "multiple starred expressions in assignment".to_owned(),
            span,
        )
    })
}

/// `compiler_try_except`: a bare `except:` that is not the last handler, located at it.
pub(super) fn handler(handlers: &[ExceptHandler], index: usize) -> Option<Found> {
    let h = handlers.get(index)?;
    (h.type_.is_none() && index + 1 < handlers.len())
        .then(|| ("default 'except:' must be last".to_owned(), h.span))
}

/// The pattern checks of `compiler_pattern` for one `case`: `irrefutable_allowed` when the
/// case has a guard or is the last one.
pub(super) fn case_pattern(pattern: &Pattern, irrefutable_allowed: bool) -> Option<Found> {
    let mut checker = PatternChecker {
        stores: Vec::new(),
        allow_irrefutable: irrefutable_allowed,
        location: pattern.span,
    };
    checker.pattern(pattern).err()
}

/// A constant mapping-pattern key CPython's duplicate check sees: its value (equal values equal
/// here: `True` is `1`) and its `repr`. Only `None`, booleans, integers and plain strings (no
/// quote, backslash or control character) are handled; other keys are never reported.
fn constant_key(key: &Expr) -> Option<(String, String)> {
    let ExprKind::Constant { value, .. } = &key.kind else {
        return None;
    };
    Some(match value {
        Constant::None => ("None".to_owned(), "None".to_owned()),
        Constant::Bool(b) => (
            u8::from(*b).to_string(),
            if *b { "True" } else { "False" }.into(),
        ),
        Constant::Int(i) => (i.to_string(), i.to_string()),
        Constant::Str(s) if !s.contains(['\'', '\\']) && !s.chars().any(char::is_control) => {
            (format!("'{s}"), format!("'{s}'"))
        }
        _ => return None,
    })
}

/// CPython's `pattern_context`, as far as errors go: the names captured so far, whether an
/// irrefutable pattern is allowed here, and the compiler's current location (the last pattern
/// it started compiling).
struct PatternChecker {
    stores: Vec<String>,
    allow_irrefutable: bool,
    location: Span,
}

impl PatternChecker {
    fn fail<T>(&self, msg: String) -> Result<T, Found> {
        Err((msg, self.location))
    }

    /// `pattern_helper_store_name`.
    fn store(&mut self, name: &str) -> Result<(), Found> {
        if let Some(found) = self::name(name, ExprContext::Store, self.location) {
            return Err(found);
        }
        if self.stores.iter().any(|s| s == name) {
            return self.fail(format!("multiple assignments to name '{name}' in pattern"));
        }
        self.stores.push(name.to_owned());
        Ok(())
    }

    /// `compiler_pattern_subpattern`: irrefutable patterns are fine inside others.
    fn subpattern(&mut self, p: &Pattern) -> Result<(), Found> {
        let saved = std::mem::replace(&mut self.allow_irrefutable, true);
        self.pattern(p)?;
        self.allow_irrefutable = saved;
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> Result<(), Found> {
        self.location = p.span;
        match &p.kind {
            PatternKind::MatchValue { .. } => Ok(()),
            PatternKind::MatchSingleton { .. } => Ok(()),
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !self.allow_irrefutable {
                        return match name {
                            Some(n) => self.fail(format!(
                                "name capture '{n}' makes remaining patterns unreachable"
                            )),
                            None => {
                                self.fail("wildcard makes remaining patterns unreachable".into())
                            }
                        };
                    }
                    name.as_deref().map_or(Ok(()), |n| self.store(n))
                }
                Some(sub) => {
                    self.pattern(sub)?;
                    name.as_deref().map_or(Ok(()), |n| self.store(n))
                }
            },
            PatternKind::MatchStar { name } => name.as_deref().map_or(Ok(()), |n| self.store(n)),
            PatternKind::MatchSequence { patterns } => {
                let stars = patterns
                    .iter()
                    .filter(|s| matches!(s.kind, PatternKind::MatchStar { .. }))
                    .count();
                if stars > 1 {
                    return self.fail("multiple starred names in sequence pattern".into());
                }
                patterns.iter().try_for_each(|s| self.subpattern(s))
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                let mut seen: Vec<String> = Vec::new();
                for key in keys {
                    if let Some((value, repr)) = constant_key(key) {
                        if seen.contains(&value) {
                            return self
                                .fail(format!("mapping pattern checks duplicate key ({repr})"));
                        }
                        seen.push(value);
                    }
                }
                patterns.iter().try_for_each(|s| self.subpattern(s))?;
                rest.as_deref().map_or(Ok(()), |n| self.store(n))
            }
            PatternKind::MatchClass {
                patterns,
                kwd_attrs,
                kwd_patterns,
                ..
            } => {
                for (i, attr) in kwd_attrs.iter().enumerate() {
                    if let Some(found) = name(attr, ExprContext::Store, p.span) {
                        return Err(found);
                    }
                    if let Some(j) = kwd_attrs[i + 1..].iter().position(|a| a == attr) {
                        self.location = kwd_patterns.get(i + 1 + j).map_or(p.span, |q| q.span);
                        return self
                            .fail(format!("attribute name repeated in class pattern: {attr}"));
                    }
                }
                patterns
                    .iter()
                    .chain(kwd_patterns)
                    .try_for_each(|s| self.subpattern(s))
            }
            PatternKind::MatchOr { patterns } => self.alternatives(patterns),
        }
    }

    /// `compiler_pattern_or`: each alternative with the names bound before it, irrefutable
    /// only as the last one; all must bind the same names; then those names join the others.
    fn alternatives(&mut self, patterns: &[Pattern]) -> Result<(), Found> {
        let outer_stores = std::mem::take(&mut self.stores);
        let outer_allow = self.allow_irrefutable;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in patterns.iter().enumerate() {
            self.stores.clear();
            self.allow_irrefutable = i + 1 == patterns.len() && outer_allow;
            self.pattern(alt)?;
            match &control {
                None => control = Some(self.stores.clone()),
                Some(names) => {
                    let same = names.len() == self.stores.len()
                        && names.iter().all(|n| self.stores.contains(n));
                    if !same {
                        return self.fail("alternative patterns bind different names".into());
                    }
                }
            }
        }
        self.allow_irrefutable = outer_allow;
        self.stores = outer_stores;
        for n in control.unwrap_or_default() {
            if self.stores.contains(&n) {
                return self.fail(format!("multiple assignments to name '{n}' in pattern"));
            }
            self.stores.push(n);
        }
        Ok(())
    }
}
