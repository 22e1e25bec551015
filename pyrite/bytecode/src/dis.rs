//! `dis`: a human-readable disassembly, laid out like CPython 3.11's `python -m dis`.
//!
//! ```text
//!   3           0 LOAD_CONST               r2, 0 ('a')
//!               1 BINARY_OP                r3, n, $1 (+)
//!         >>    2 JUMP_IF_NOT_LT           i, n, 9 (to 9)
//! ```
//! Columns: the source line where a line starts (with a blank line before each new line, as
//! CPython), `>>` on jump targets, the instruction index, the opcode name, the operands
//! (registers as `rN`, the local's name for a local slot, `$` and the constant for a constant
//! register, `$1` or `$None`; counts and indices as numbers),
//! then the resolved meaning in parentheses: a constant's repr, a name, `to N` for a jump, an
//! operator. The exception table follows each body; nested code objects follow, each under
//! `Disassembly of <code object NAME, file "FILE", line N>:` (no address: the output is
//! deterministic, for golden tests).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use pyrite_runtime::float_repr::{complex_repr, float_repr};
use pyrite_runtime::str_repr::{bytes_repr, str_repr};

use crate::code::{CodeObject, Constant};
use crate::instr::{BIN_OPS, CmpKind, FormatFlags, Instr, UNARY_OPS, compare_jump_kind};
use crate::opcode::{Arg, Opcode, Sub};

/// The disassembly of `code` and, after it, of every code object nested in it.
pub fn dis(code: &CodeObject) -> String {
    let mut out = String::new();
    dis_recursive(code, &mut out);
    out
}

fn dis_recursive(code: &CodeObject, out: &mut String) {
    dis_one(code, out);
    for c in &code.constants {
        if let Constant::Code(inner) = c {
            let _ = writeln!(out);
            let _ = writeln!(out, "Disassembly of {}:", code_repr(inner));
            dis_recursive(inner, out);
        }
    }
}

/// `<code object f, file "x.py", line 3>`.
pub fn code_repr(code: &CodeObject) -> String {
    format!(
        "<code object {}, file \"{}\", line {}>",
        code.name, code.filename, code.first_line
    )
}

/// A constant as Python's `repr` shows it.
pub fn const_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { real, imag } => complex_repr(*real, *imag),
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::Code(code) => code_repr(code),
    }
}

fn dis_one(code: &CodeObject, out: &mut String) {
    let targets: BTreeSet<u32> = code
        .instructions
        .iter()
        .filter(|i| i.op.is_jump())
        .map(|i| i.target())
        .chain(code.exception_table.iter().map(|e| e.handler))
        .collect();
    let index_width = code
        .instructions
        .len()
        .saturating_sub(1)
        .to_string()
        .len()
        .max(4);
    let mut last_line = None;
    for (pc, instr) in code.instructions.iter().enumerate() {
        let pc = pc as u32;
        let line = code.line_for(pc);
        let starts_line = last_line != Some(line);
        if starts_line && last_line.is_some() {
            out.push('\n');
        }
        last_line = Some(line);
        let line_field = if starts_line {
            format!("{line:>3}")
        } else {
            "   ".into()
        };
        let mark = if targets.contains(&pc) { ">>" } else { "  " };
        let (operands, meaning) = operands(code, instr);
        let mut text = format!(
            "{line_field}    {mark} {pc:>index_width$} {:<24}",
            instr.op.dis_name()
        );
        if !operands.is_empty() {
            let _ = write!(text, " {operands}");
        }
        if !meaning.is_empty() {
            let _ = write!(text, " ({meaning})");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &code.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [exc {}]",
                e.start,
                e.end.saturating_sub(1),
                e.handler,
                reg_name(code, e.exc_reg)
            );
        }
    }
}

/// A register as shown: the local's name for a local slot, `$` and the constant's repr for a
/// constant register, else `rN`.
fn reg_name(code: &CodeObject, r: u16) -> String {
    if let Some(name) = code.varnames.get(r as usize) {
        return name.clone();
    }
    let constant = u32::from(r)
        .checked_sub(code.first_const_register())
        .and_then(|i| code.const_registers.get(i as usize))
        .and_then(|&k| code.constants.get(k as usize));
    match constant {
        Some(c) => format!("${}", const_repr(c)),
        None => format!("r{r}"),
    }
}

/// The operand list and the parenthesized meaning of one instruction.
fn operands(code: &CodeObject, i: &Instr) -> (String, String) {
    let layout = i.op.layout();
    let mut parts = Vec::new();
    let mut meaning = Vec::new();
    // An empty register window (a count of 0) has no meaningful base register.
    let empty_window = layout.b == Arg::Reg && layout.c == Arg::Count && i.c == 0;
    for (idx, (arg, v)) in [(layout.a, i.a), (layout.b, i.b)].into_iter().enumerate() {
        match arg {
            Arg::Reg if empty_window && idx == 1 => {}
            Arg::Reg => parts.push(reg_name(code, v)),
            Arg::Count => parts.push(v.to_string()),
            _ => {}
        }
    }
    let k = i.k();
    match layout.c {
        Arg::Reg if !(i.op == Opcode::FormatValue && i.x & FormatFlags::HAS_SPEC == 0) => {
            parts.push(reg_name(code, i.c))
        }
        Arg::Count => parts.push(i.c.to_string()),
        Arg::Const => {
            parts.push(k.to_string());
            if let Some(c) = code.constants.get(k as usize) {
                meaning.push(const_repr(c));
            }
        }
        Arg::Name => {
            parts.push(k.to_string());
            if let Some(n) = code.names.get(k as usize) {
                meaning.push(n.clone());
            }
        }
        Arg::Cell => {
            parts.push(k.to_string());
            if let Some(n) = code.cell_name(k) {
                meaning.push(n.to_owned());
            }
        }
        Arg::Target => {
            parts.push(k.to_string());
            meaning.push(format!("to {k}"));
        }
        _ => {}
    }
    if let Some((kind, negate)) = compare_jump_kind(i.op) {
        let not = if negate { "not " } else { "" };
        meaning.insert(0, format!("{not}{}", kind.symbol()));
    }
    match layout.x {
        Sub::BinOp => {
            if let Some(op) = BIN_OPS.get(i.x as usize) {
                let sym = if i.op == Opcode::InplaceOp {
                    op.inplace_symbol()
                } else {
                    op.symbol()
                };
                meaning.push(sym.to_owned());
            }
        }
        Sub::UnaryOp => {
            if let Some(op) = UNARY_OPS.get(i.x as usize) {
                meaning.push(op.symbol().to_owned());
            }
        }
        Sub::Cmp => {
            if let Some(kind) = CmpKind::from_u8(i.x) {
                meaning.push(kind.symbol().to_owned());
            }
        }
        Sub::Format => {
            let conv = match i.x & FormatFlags::CONVERSION {
                FormatFlags::STR => "!s",
                FormatFlags::REPR => "!r",
                FormatFlags::ASCII => "!a",
                _ => "",
            };
            let spec = if i.x & FormatFlags::HAS_SPEC != 0 {
                "with format"
            } else {
                ""
            };
            let m = [conv, spec]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if !m.is_empty() {
                meaning.push(m);
            }
        }
        Sub::RaiseForm => {
            meaning.push(
                match i.x {
                    0 => "reraise",
                    1 => "exception",
                    _ => "exception from cause",
                }
                .to_owned(),
            );
            parts.truncate(i.x as usize);
        }
        Sub::Flag => {
            if i.op == Opcode::CallEx && i.x == 1 {
                meaning.push("with kwargs".into());
            }
        }
        Sub::None => {}
    }
    (parts.join(", "), meaning.join(", "))
}
