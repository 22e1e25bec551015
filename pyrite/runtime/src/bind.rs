//! Binding a call's arguments to a Python function's parameters: positional, keyword, defaults,
//! keyword-only, `*args`, `**kwargs`, positional-only — CPython 3.11's `initialize_locals`
//! (`Python/ceval.c`), with its exact error messages and its order of checks.
//!
//! Every tier calls [`bind_args`]; none re-implements it. The tier gives the parameter layout
//! ([`Params`], the first slots of the frame, in `co_varnames` order) and a slot array to fill.
//!
//! Order of checks, as CPython (it decides which error a bad call reports):
//! 1. positional arguments fill the positional slots; the surplus goes to `*args` if any;
//! 2. keyword arguments, left to right: a keyword naming a positional-or-keyword or
//!    keyword-only parameter fills it (`got multiple values for argument 'a'` if already set);
//!    any other goes to `**kwargs` (`got multiple values for keyword argument` is the caller's
//!    business when merging `**` mappings), else `got some positional-only arguments passed as
//!    keyword arguments` when it names positional-only parameters, else `got an unexpected
//!    keyword argument`;
//! 3. too many positional arguments (`takes 2 positional arguments but 3 were given`);
//! 4. missing positional arguments, then defaults fill the rest;
//! 5. missing keyword-only arguments, then keyword-only defaults fill the rest.
//!
//! Invariant: on success every parameter slot (`0..params.count()`) holds a value; on failure
//! the slots are left partly filled and must be discarded.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult};
use crate::types::{PyDict, PyStr};
use crate::value::Value;

/// A function's parameter layout (CPython's `co_argcount`, `co_posonlyargcount`,
/// `co_kwonlyargcount`, `CO_VARARGS`, `CO_VARKEYWORDS` and the first `co_varnames`).
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// Parameter names in slot order: positional (positional-only first), keyword-only, then
    /// `*args`, then `**kwargs`.
    pub names: Vec<Rc<PyStr>>,
    /// Positional-only parameters (the first `posonly` names).
    pub posonly: usize,
    /// Positional parameters, positional-only included.
    pub argcount: usize,
    /// Keyword-only parameters (after the positional ones).
    pub kwonly: usize,
    /// Has `*args` (its slot is `argcount + kwonly`).
    pub varargs: bool,
    /// Has `**kwargs` (its slot follows `*args`'s, or takes its place).
    pub varkw: bool,
}

impl Params {
    /// Number of parameter slots.
    pub fn count(&self) -> usize {
        self.argcount + self.kwonly + usize::from(self.varargs) + usize::from(self.varkw)
    }

    /// Whether a call with `nargs` positional arguments and no keywords can be bound by copying
    /// the arguments into the first slots (the fast path every tier takes for `f(a, b)`).
    #[inline]
    pub fn is_exact_positional(&self, nargs: usize) -> bool {
        nargs == self.argcount && self.kwonly == 0 && !self.varargs && !self.varkw
    }
}

/// Binds `args` and `kwargs` to `params` into `slots` (at least `params.count()` long, all
/// `None` on entry). `qualname` names the function in error messages; `defaults` are the
/// positional defaults (for the last parameters), `kwdefaults` the keyword-only ones.
pub fn bind_args(
    params: &Params,
    qualname: &str,
    defaults: &[Value],
    kwdefaults: &[(Rc<PyStr>, Value)],
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
    slots: &mut [Option<Value>],
) -> PyResult<()> {
    let argcount = params.argcount;
    let total = argcount + params.kwonly;
    if slots.len() < params.count() {
        return Err(PyErr::new(
            BuiltinType::SystemError,
            format!("{qualname}(): frame too small for its parameters"),
        ));
    }

    // 1. Positional arguments, and the surplus into `*args`.
    let n = args.len().min(argcount);
    for (slot, arg) in slots.iter_mut().zip(&args[..n]) {
        *slot = Some(arg.clone());
    }
    if params.varargs {
        slots[total] = Some(Value::tuple(args[n..].to_vec()));
    }
    let kwdict = params.varkw.then(PyDict::new);

    // 2. Keyword arguments, left to right.
    for (name, value) in kwargs {
        let found = params.names[params.posonly..total]
            .iter()
            .position(|p| p.as_str() == name.as_str())
            .map(|i| i + params.posonly);
        match found {
            Some(j) => {
                if slots[j].is_some() {
                    return Err(type_error(format!(
                        "{qualname}() got multiple values for argument '{}'",
                        name.as_str()
                    )));
                }
                slots[j] = Some(value.clone());
            }
            None => match &kwdict {
                Some(d) => {
                    d.set_str(name, value.clone())?;
                }
                None => {
                    if let Some(err) = posonly_as_keyword(params, qualname, kwargs) {
                        return Err(err);
                    }
                    return Err(type_error(format!(
                        "{qualname}() got an unexpected keyword argument '{}'",
                        name.as_str()
                    )));
                }
            },
        }
    }
    if let Some(d) = kwdict {
        slots[total + usize::from(params.varargs)] = Some(Value::Dict(Rc::new(d)));
    }

    // 3. Too many positional arguments.
    if args.len() > argcount && !params.varargs {
        return Err(too_many_positional(
            params,
            qualname,
            defaults.len(),
            args.len(),
            slots,
        ));
    }

    // 4. Missing positional arguments, then positional defaults.
    if args.len() < argcount {
        let first_default = argcount.saturating_sub(defaults.len());
        let missing: Vec<&str> = (args.len()..first_default)
            .filter(|&i| slots[i].is_none())
            .map(|i| params.names[i].as_str())
            .collect();
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, "positional", &missing));
        }
        let start = first_default.max(args.len());
        for (i, slot) in slots.iter_mut().enumerate().take(argcount).skip(start) {
            if slot.is_none() {
                *slot = defaults.get(i - first_default).cloned();
            }
        }
    }

    // 5. Keyword-only arguments and their defaults.
    if params.kwonly > 0 {
        let mut missing = Vec::new();
        let kwonly_slots = slots[argcount..total].iter_mut();
        for (slot, name) in kwonly_slots.zip(&params.names[argcount..total]) {
            if slot.is_some() {
                continue;
            }
            match kwdefaults.iter().find(|(k, _)| k.as_str() == name.as_str()) {
                Some((_, v)) => *slot = Some(v.clone()),
                None => missing.push(name.as_str()),
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, "keyword-only", &missing));
        }
    }
    Ok(())
}

fn type_error(msg: String) -> PyErr {
    PyErr::new(BuiltinType::TypeError, msg)
}

/// CPython's `positional_only_passed_as_keyword`: `None` when no keyword names a
/// positional-only parameter.
fn posonly_as_keyword(
    params: &Params,
    qualname: &str,
    kwargs: &[(Rc<PyStr>, Value)],
) -> Option<PyErr> {
    let names: Vec<&str> = params.names[..params.posonly]
        .iter()
        .filter(|p| kwargs.iter().any(|(k, _)| k.as_str() == p.as_str()))
        .map(|p| p.as_str())
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(type_error(format!(
        "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
        names.join(", ")
    )))
}

/// CPython's `too_many_positional`.
fn too_many_positional(
    params: &Params,
    qualname: &str,
    defcount: usize,
    given: usize,
    slots: &[Option<Value>],
) -> PyErr {
    let argcount = params.argcount;
    let kwonly_given = slots[argcount..argcount + params.kwonly]
        .iter()
        .filter(|s| s.is_some())
        .count();
    let (sig, plural) = if defcount > 0 {
        (
            format!("from {} to {argcount}", argcount.saturating_sub(defcount)),
            true,
        )
    } else {
        (argcount.to_string(), argcount != 1)
    };
    let kwonly_sig = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {kwonly_given} keyword-only argument{})",
            if given != 1 { "s" } else { "" },
            if kwonly_given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    type_error(format!(
        "{qualname}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
        if plural { "s" } else { "" },
        if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        }
    ))
}

/// CPython's `missing_arguments`: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn missing_arguments(qualname: &str, kind: &str, names: &[&str]) -> PyErr {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
    };
    type_error(format!(
        "{qualname}() missing {} required {kind} argument{}: {list}",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Rc<PyStr> {
        Rc::new(PyStr::new(x.to_owned()))
    }

    /// `def f(a, b, /, c, *, d, e=2)` and friends; messages checked against CPython 3.11.7.
    fn params(pos: &[&str], posonly: usize, kwonly: &[&str], varargs: bool, varkw: bool) -> Params {
        let mut names: Vec<Rc<PyStr>> = pos.iter().chain(kwonly).map(|n| s(n)).collect();
        if varargs {
            names.push(s("args"));
        }
        if varkw {
            names.push(s("kwargs"));
        }
        Params {
            names,
            posonly,
            argcount: pos.len(),
            kwonly: kwonly.len(),
            varargs,
            varkw,
        }
    }

    fn bind_err(
        p: &Params,
        defaults: &[Value],
        kwdefaults: &[(Rc<PyStr>, Value)],
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> String {
        let kwargs: Vec<(Rc<PyStr>, Value)> =
            kwargs.iter().map(|(k, v)| (s(k), v.clone())).collect();
        let mut slots = vec![None; p.count()];
        match bind_args(p, "f", defaults, kwdefaults, args, &kwargs, &mut slots) {
            Ok(()) => "ok".to_owned(),
            Err(e) => match &e.0.args.borrow()[0] {
                Value::Str(m) => m.as_str().to_owned(),
                _ => "?".to_owned(),
            },
        }
    }

    #[test]
    fn cpython_messages() {
        let i = Value::Int;
        let f = params(&["a", "b", "c"], 2, &["d", "e"], false, false);
        let kwd = vec![(s("e"), i(2))];
        assert_eq!(
            bind_err(&f, &[], &kwd, &[i(1), i(2), i(3)], &[]),
            "f() missing 1 required keyword-only argument: 'd'"
        );
        assert_eq!(
            bind_err(
                &f,
                &[],
                &kwd,
                &[i(1)],
                &[("b", i(2)), ("c", i(3)), ("d", i(4))]
            ),
            "f() got some positional-only arguments passed as keyword arguments: 'b'"
        );
        assert_eq!(
            bind_err(&f, &[], &kwd, &[i(1), i(2), i(3), i(4)], &[("d", i(1))]),
            "f() takes 3 positional arguments but 4 positional arguments (and 1 keyword-only argument) were given"
        );
        assert_eq!(
            bind_err(
                &f,
                &[],
                &kwd,
                &[i(1), i(2)],
                &[("c", i(3)), ("d", i(4)), ("zz", i(5))]
            ),
            "f() got an unexpected keyword argument 'zz'"
        );
        assert_eq!(
            bind_err(
                &f,
                &[],
                &kwd,
                &[i(1), i(2), i(3)],
                &[("c", i(3)), ("d", i(4))]
            ),
            "f() got multiple values for argument 'c'"
        );
        let h = params(&["a", "b", "c"], 0, &[], false, false);
        assert_eq!(
            bind_err(&h, &[], &[], &[], &[]),
            "f() missing 3 required positional arguments: 'a', 'b', and 'c'"
        );
        assert_eq!(
            bind_err(&h, &[], &[], &[i(1)], &[]),
            "f() missing 2 required positional arguments: 'b' and 'c'"
        );
        assert_eq!(
            bind_err(&h, &[], &[], &[i(1), i(2), i(3), i(4)], &[]),
            "f() takes 3 positional arguments but 4 were given"
        );
        let g = params(&["a", "b"], 0, &[], false, false);
        assert_eq!(
            bind_err(&g, &[i(1)], &[], &[i(1), i(2), i(3)], &[]),
            "f() takes from 1 to 2 positional arguments but 3 were given"
        );
        let one = params(&["a"], 0, &[], false, false);
        assert_eq!(
            bind_err(&one, &[], &[], &[i(1), i(2)], &[]),
            "f() takes 1 positional argument but 2 were given"
        );
        let zero = params(&[], 0, &[], false, false);
        assert_eq!(
            bind_err(&zero, &[], &[], &[i(1)], &[]),
            "f() takes 0 positional arguments but 1 was given"
        );
        let p = params(&["a", "b"], 2, &[], false, false);
        assert_eq!(
            bind_err(&p, &[], &[], &[], &[("a", i(1)), ("b", i(2))]),
            "f() got some positional-only arguments passed as keyword arguments: 'a, b'"
        );
    }

    #[test]
    fn varargs_kwargs_and_defaults() {
        let p = params(&["a", "b"], 0, &["k"], true, true);
        let kwargs = vec![(s("k"), Value::Int(9)), (s("z"), Value::Int(7))];
        let mut slots = vec![None; p.count()];
        let args = [Value::Int(1), Value::Int(2), Value::Int(3)];
        assert!(bind_args(&p, "f", &[], &[], &args, &kwargs, &mut slots).is_ok());
        assert!(matches!(slots[2], Some(Value::Int(9))));
        assert!(matches!(&slots[3], Some(Value::Tuple(t)) if t.items().len() == 1));
        assert!(matches!(&slots[4], Some(Value::Dict(d)) if d.len() == 1));

        let q = params(&["a", "b"], 0, &[], false, false);
        let mut slots = vec![None; q.count()];
        assert!(
            bind_args(
                &q,
                "f",
                &[Value::Int(5)],
                &[],
                &[Value::Int(1)],
                &[],
                &mut slots
            )
            .is_ok()
        );
        assert!(matches!(slots[1], Some(Value::Int(5))));
    }
}
