//! `str.format(*args, **kwargs)` and `str.format_map(mapping)`, as CPython 3.11's
//! `Objects/stringlib/unicode_format.h`.
//!
//! A template is literal text with `{{`/`}}` escapes and replacement fields
//! `{field_name!conversion:format_spec}`:
//! - `field_name` is empty (automatic numbering: `{}` `{}` are 0, 1), a decimal index, or a
//!   keyword name, followed by any number of `.attr` and `[key]` lookups (`[key]` is an int
//!   index when it is all decimal digits, else a str key);
//! - mixing automatic and manual numbering is an error, in either order;
//! - `!r`, `!s`, `!a` convert with `repr`/`str`/`ascii` first;
//! - `format_spec` may itself contain replacement fields (`{:{width}}`), expanded with the same
//!   arguments and numbering, but only one level deep ("Max string recursion exceeded").
//!
//! The value of each field is formatted with [`super::format_builtin`] for the builtin
//! scalars, and through [`FormatHost::format`] for anything else.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::types::PyStr;
use crate::value::Value;

use super::spec::too_many_digits;
use super::{FormatHost, check_output_len, decimal_value, format_builtin};

/// Where named fields (`{name}`) come from.
#[derive(Clone, Copy)]
pub enum Kwargs<'a> {
    /// No keyword arguments: every named field is a `KeyError`.
    None,
    /// Keyword arguments as (name, value) pairs, as a call passes them.
    Pairs(&'a [(Rc<PyStr>, Value)]),
    /// A mapping (`format_map`'s argument, or a `**kwargs` dict), read with
    /// [`FormatHost::getitem`].
    Mapping(&'a Value),
}

/// Automatic field numbering state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Unset,
    Automatic,
    Manual,
}

struct Template<'a, H: ?Sized> {
    host: &'a mut H,
    args: Option<&'a [Value]>,
    kwargs: Kwargs<'a>,
    numbering: Numbering,
    next_auto: usize,
}

/// One replacement field, as positions in the template.
struct Field {
    name: (usize, usize),
    conversion: Option<char>,
    spec: Option<(usize, usize)>,
    spec_has_fields: bool,
}

/// `fmt.format(*args, **kwargs)`; with `args` `None`, `fmt.format_map(kwargs)` (where any
/// positional field is an error).
pub fn str_format<H: FormatHost + ?Sized>(
    host: &mut H,
    fmt: &str,
    args: Option<&[Value]>,
    kwargs: Kwargs<'_>,
) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut template = Template {
        host,
        args,
        kwargs,
        numbering: Numbering::Unset,
        next_auto: 0,
    };
    // PEP 3101: a format spec may contain fields, but theirs may not.
    template.build(&chars, 2)
}

fn value_error<T>(msg: &str) -> PyResult<T> {
    raise(BuiltinType::ValueError, msg)
}

/// A field index: `Some` when `s` is all decimal digits (any script), `None` otherwise or when
/// empty; `Too many decimal digits in format string` when it overflows before a non-digit.
fn field_index(s: &[char]) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut value: usize = 0;
    for &c in s {
        let Some(d) = decimal_value(c) else {
            return Ok(None);
        };
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(d as usize))
            .filter(|&v| v <= isize::MAX as usize)
        {
            Some(v) => v,
            None => return too_many_digits(),
        };
    }
    Ok(Some(value))
}

impl<H: FormatHost + ?Sized> Template<'_, H> {
    /// Expands `s` (the whole template, or a format spec with fields at `depth` 1).
    fn build(&mut self, s: &[char], depth: u32) -> PyResult<String> {
        if depth == 0 {
            return value_error("Max string recursion exceeded");
        }
        let mut out = String::with_capacity(s.len() + 16);
        let n = s.len();
        let mut pos = 0;
        while pos < n {
            let start = pos;
            let mut c = '\0';
            let mut markup = false;
            while pos < n {
                c = s[pos];
                pos += 1;
                if c == '{' || c == '}' {
                    markup = true;
                    break;
                }
            }
            let at_end = pos >= n;
            let mut len = pos - start;
            if c == '}' && (at_end || s[pos] != '}') {
                return value_error("Single '}' encountered in format string");
            }
            if at_end && c == '{' {
                return value_error("Single '{' encountered in format string");
            }
            if !at_end {
                if s[pos] == c {
                    // An escaped brace: keep one, skip the other; no field follows.
                    pos += 1;
                    markup = false;
                } else {
                    len -= 1;
                }
            }
            out.extend(&s[start..start + len]);
            if markup {
                let field = parse_field(s, &mut pos)?;
                let text = self.render(s, &field, depth)?;
                out.push_str(&text);
                check_output_len(out.len())?;
            }
        }
        Ok(out)
    }

    /// Looks up, converts and formats one field.
    fn render(&mut self, s: &[char], field: &Field, depth: u32) -> PyResult<String> {
        let mut value = self.field_value(&s[field.name.0..field.name.1])?;
        if let Some(conversion) = field.conversion {
            let text = match conversion {
                'r' => self.host.repr(&value)?,
                's' => self.host.str(&value)?,
                'a' => self.host.ascii(&value)?,
                other => {
                    let code = other as u32;
                    let shown = if code > 32 && code < 127 {
                        other.to_string()
                    } else {
                        format!("\\x{code:x}")
                    };
                    return raise(
                        BuiltinType::ValueError,
                        format!("Unknown conversion specifier {shown}"),
                    );
                }
            };
            value = Value::str(text);
        }
        let spec: String = match field.spec {
            None => String::new(),
            Some((a, b)) if field.spec_has_fields => self.build(&s[a..b], depth - 1)?,
            Some((a, b)) => s[a..b].iter().collect(),
        };
        match format_builtin(&value, &spec) {
            Some(result) => result,
            None => self.host.format(&value, &spec),
        }
    }

    /// The object a field name designates (CPython's `get_field_object`).
    fn field_value(&mut self, name: &[char]) -> PyResult<Value> {
        let first_len = name
            .iter()
            .position(|&c| c == '.' || c == '[')
            .unwrap_or(name.len());
        let first = &name[..first_len];
        let mut index = field_index(first)?;
        let is_empty = first.is_empty();
        if is_empty || index.is_some() {
            if self.numbering == Numbering::Unset {
                self.numbering = if is_empty {
                    Numbering::Automatic
                } else {
                    Numbering::Manual
                };
            }
            if self.numbering == Numbering::Manual && is_empty {
                return value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                );
            }
            if self.numbering != Numbering::Manual && !is_empty {
                return value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                );
            }
            if is_empty {
                index = Some(self.next_auto);
                self.next_auto += 1;
            }
        }
        let mut value = match index {
            None => self.keyword(first.iter().collect())?,
            Some(i) => {
                let Some(args) = self.args else {
                    return value_error("Format string contains positional fields");
                };
                match args.get(i) {
                    Some(v) => v.clone(),
                    None => {
                        return raise(
                            BuiltinType::IndexError,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        );
                    }
                }
            }
        };
        let mut pos = first_len;
        while pos < name.len() {
            let c = name[pos];
            pos += 1;
            let is_attribute = match c {
                '.' => true,
                '[' => false,
                _ => {
                    return value_error("Only '.' or '[' may follow ']' in format field specifier");
                }
            };
            let start = pos;
            let part;
            if is_attribute {
                while pos < name.len() && name[pos] != '.' && name[pos] != '[' {
                    pos += 1;
                }
                part = &name[start..pos];
            } else {
                match name[pos..].iter().position(|&c| c == ']') {
                    Some(close) => {
                        part = &name[start..start + close];
                        pos = start + close + 1;
                    }
                    None => return value_error("Missing ']' in format string"),
                }
            }
            let item_index = if is_attribute {
                None
            } else {
                field_index(part)?
            };
            if part.is_empty() {
                return value_error("Empty attribute in format string");
            }
            let text: String = part.iter().collect();
            value = if is_attribute {
                self.host.getattr(&value, &text)?
            } else {
                let key = match item_index {
                    Some(i) => Value::Int(i as i64),
                    None => Value::str(text),
                };
                self.host.getitem(&value, &key)?
            };
        }
        Ok(value)
    }

    /// The value of the named field `name`.
    fn keyword(&mut self, name: String) -> PyResult<Value> {
        let missing = |name: String| {
            Err(PyErr::with_args(
                BuiltinType::KeyError.class(),
                vec![Value::str(name)],
            ))
        };
        match self.kwargs {
            Kwargs::None => missing(name),
            Kwargs::Pairs(pairs) => match pairs.iter().find(|(k, _)| k.as_str() == name) {
                Some((_, v)) => Ok(v.clone()),
                None => missing(name),
            },
            Kwargs::Mapping(mapping) => self.host.getitem(mapping, &Value::str(name)),
        }
    }
}

/// Parses the field after a `{` at `*pos` up to its closing `}` (CPython's `parse_field`).
fn parse_field(s: &[char], pos: &mut usize) -> PyResult<Field> {
    let n = s.len();
    let name_start = *pos;
    let mut c = '\0';
    while *pos < n {
        c = s[*pos];
        *pos += 1;
        match c {
            '{' => return value_error("unexpected '{' in field name"),
            '[' => {
                while *pos < n && s[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let mut field = Field {
        name: (name_start, pos.saturating_sub(1).max(name_start)),
        conversion: None,
        spec: None,
        spec_has_fields: false,
    };
    if c == '!' || c == ':' {
        if c == '!' {
            let Some(&conversion) = s.get(*pos) else {
                return value_error("end of string while looking for conversion specifier");
            };
            *pos += 1;
            field.conversion = Some(conversion);
            if let Some(&next) = s.get(*pos) {
                *pos += 1;
                if next == '}' {
                    return Ok(field);
                }
                if next != ':' {
                    return value_error("expected ':' after conversion specifier");
                }
            }
        }
        let spec_start = *pos;
        let mut depth = 1;
        while *pos < n {
            let c = s[*pos];
            *pos += 1;
            if c == '{' {
                field.spec_has_fields = true;
                depth += 1;
            } else if c == '}' {
                depth -= 1;
                if depth == 0 {
                    field.spec = Some((spec_start, *pos - 1));
                    return Ok(field);
                }
            }
        }
        return value_error("unmatched '{' in format spec");
    }
    if c != '}' {
        return value_error("expected '}' before end of string");
    }
    Ok(field)
}

#[cfg(test)]
mod tests {
    use super::super::differential_tests::TestHost;
    use super::*;

    fn run(f: &str, args: &[Value], kwargs: &[(&str, Value)]) -> String {
        let kwargs: Vec<(Rc<PyStr>, Value)> = kwargs
            .iter()
            .map(|(k, v)| (Rc::new(PyStr::new((*k).to_owned())), v.clone()))
            .collect();
        match str_format(&mut TestHost, f, Some(args), Kwargs::Pairs(&kwargs)) {
            Ok(s) => s,
            Err(e) => format!("{}: {:?}", e.class().name, e.0.args.borrow()[0]),
        }
    }

    #[test]
    fn fields() {
        let ab = [Value::Int(1), Value::Int(2)];
        assert_eq!(run("{}{}", &ab, &[]), "12");
        assert_eq!(run("{1}{0}{1}", &ab, &[]), "212");
        assert_eq!(run("{a}-{0}", &ab, &[("a", Value::str("x"))]), "x-1");
        assert_eq!(run("{{}}a}}b{{", &[], &[]), "{}a}b{");
        assert_eq!(
            run(
                "{0[1]}",
                &[Value::list(vec![Value::Int(5), Value::Int(6)])],
                &[]
            ),
            "6"
        );
        assert_eq!(run("{0.real}", &[Value::Int(7)], &[]), "7");
        assert_eq!(run("{!r:>5}", &[Value::str("a")], &[]), "  'a'");
        assert_eq!(run("{!a}", &[Value::str("é")], &[]), "'\\xe9'");
        assert_eq!(
            run(
                "{:{}{}}",
                &[Value::str("a"), Value::str(">"), Value::Int(5)],
                &[]
            ),
            "    a"
        );
        assert_eq!(run("{\u{0661}}", &ab, &[]), "2");
        assert_eq!(run("{}", &[Value::Bool(true)], &[]), "True");
        assert_eq!(run("{:5}", &[Value::Bool(true)], &[]), "    1");
    }

    #[test]
    fn errors() {
        let one = [Value::Int(1)];
        let e = |f: &str| run(f, &one, &[]);
        assert_eq!(
            e("{0}{}"),
            "ValueError: \"cannot switch from manual field specification to automatic field numbering\""
        );
        assert_eq!(
            e("{}{0}"),
            "ValueError: \"cannot switch from automatic field numbering to manual field specification\""
        );
        assert_eq!(
            e("{1}"),
            "IndexError: \"Replacement index 1 out of range for positional args tuple\""
        );
        assert_eq!(e("{a}"), "KeyError: \"a\"");
        assert_eq!(
            e("}"),
            "ValueError: \"Single '}' encountered in format string\""
        );
        assert_eq!(
            e("{"),
            "ValueError: \"Single '{' encountered in format string\""
        );
        assert_eq!(e("{0"), "ValueError: \"expected '}' before end of string\"");
        assert_eq!(
            e("{0!"),
            "ValueError: \"end of string while looking for conversion specifier\""
        );
        assert_eq!(e("{0!}"), "ValueError: \"unmatched '{' in format spec\"");
        assert_eq!(
            e("{0!rx}"),
            "ValueError: \"expected ':' after conversion specifier\""
        );
        assert_eq!(e("{0!x}"), "ValueError: \"Unknown conversion specifier x\"");
        assert_eq!(
            e("{0!\n}"),
            "ValueError: \"Unknown conversion specifier \\\\xa\""
        );
        assert_eq!(
            e("{0[0]}"),
            "TypeError: \"'int' object is not subscriptable\""
        );
        let list = [Value::list(vec![Value::Int(5)])];
        assert_eq!(
            run("{0[0]x}", &list, &[]),
            "ValueError: \"Only '.' or '[' may follow ']' in format field specifier\""
        );
        assert_eq!(
            e("{0.}"),
            "ValueError: \"Empty attribute in format string\""
        );
        assert_eq!(e("{x{}"), "ValueError: \"unexpected '{' in field name\"");
        assert_eq!(
            e("{0:{0:{0}}}"),
            "ValueError: \"Max string recursion exceeded\""
        );
        assert_eq!(
            e("{99999999999999999999}"),
            "ValueError: \"Too many decimal digits in format string\""
        );
        let map = Value::Dict(Rc::new(crate::types::PyDict::default()));
        let err = str_format(&mut TestHost, "{}", None, Kwargs::Mapping(&map)).unwrap_err();
        assert_eq!(
            format!("{:?}", err.0.args.borrow()[0]),
            "\"Format string contains positional fields\""
        );
    }
}
