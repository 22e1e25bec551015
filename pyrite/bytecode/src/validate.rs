//! Structural validation of a code object: the check that lets the VM and the JIT trust every
//! operand (see `code.rs`, "Invariants"). Run on everything deserialized from a cache file and,
//! in tests, on everything the compiler emits.
//!
//! Invariant: `validate` never panics and never allocates in proportion to anything but the
//! code object itself; it recurses into nested code objects to a bounded depth.

use crate::code::{CodeFlags, CodeObject, Constant};
use crate::instr::{BIN_OPS, CmpKind, FormatFlags, Instr, MAX_WIDE, UNARY_OPS};
use crate::opcode::{Arg, Opcode, Sub};

/// The deepest nesting of code objects accepted (functions in functions ...). The parser's
/// own nesting limit keeps real programs far below it.
pub const MAX_CODE_DEPTH: u32 = 200;

/// Checks every invariant of `code` and of the code objects nested in it.
pub fn validate(code: &CodeObject) -> Result<(), String> {
    validate_at(code, 0)
}

fn validate_at(code: &CodeObject, depth: u32) -> Result<(), String> {
    if depth > MAX_CODE_DEPTH {
        return Err("code objects nested too deeply".into());
    }
    let where_ = |msg: String| format!("{} ({}): {msg}", code.qualname, code.filename);
    check_header(code).map_err(where_)?;
    for (pc, instr) in code.instructions.iter().enumerate() {
        check_instr(code, instr)
            .map_err(|m| where_(format!("instruction {pc} ({:?}): {m}", instr)))?;
    }
    check_tables(code).map_err(where_)?;
    for c in &code.constants {
        check_constant(c, depth)?;
    }
    Ok(())
}

fn check_constant(c: &Constant, depth: u32) -> Result<(), String> {
    match c {
        Constant::Code(inner) => validate_at(inner, depth + 1),
        Constant::Tuple(items) => {
            if depth > MAX_CODE_DEPTH {
                return Err("constant tuples nested too deeply".into());
            }
            items.iter().try_for_each(|k| check_constant(k, depth + 1))
        }
        _ => Ok(()),
    }
}

fn check_header(code: &CodeObject) -> Result<(), String> {
    if code.flags.0 & !CodeFlags::ALL.0 != 0 {
        return Err(format!("unknown flags {:#x}", code.flags.0));
    }
    if code.posonly_count > code.arg_count {
        return Err("more positional-only parameters than positional ones".into());
    }
    if code.param_count() > code.varnames.len() {
        return Err("more parameters than local slots".into());
    }
    if code.n_registers as usize > usize::from(u16::MAX) + 1
        || (code.n_registers as usize) < code.varnames.len()
    {
        return Err(format!("bad register count {}", code.n_registers));
    }
    let room = (code.n_registers as usize).saturating_sub(code.varnames.len());
    if code.const_registers.len() > room {
        return Err(format!(
            "{} constant registers in {room} registers above the locals",
            code.const_registers.len()
        ));
    }
    for &k in &code.const_registers {
        if !code
            .constants
            .get(k as usize)
            .is_some_and(Constant::is_inline)
        {
            return Err(format!(
                "constant register of constant {k}, not an inline one"
            ));
        }
    }
    if code.closure.len() != code.freevars.len() {
        return Err("closure and freevars differ in length".into());
    }
    for &(slot, cell) in &code.cell_params {
        if slot as usize >= code.param_count() || cell as usize >= code.cellvars.len() {
            return Err(format!("bad parameter cell ({slot}, {cell})"));
        }
    }
    let too_big = |n: usize| n > MAX_WIDE as usize + 1;
    if too_big(code.constants.len())
        || too_big(code.names.len())
        || too_big(code.instructions.len())
        || too_big(code.n_cells())
    {
        return Err("table too large".into());
    }
    match code.instructions.last() {
        Some(last) if last.op.is_terminator() => Ok(()),
        _ => Err("the last instruction may fall off the end".into()),
    }
}

fn check_tables(code: &CodeObject) -> Result<(), String> {
    let n = code.instructions.len() as u64;
    for e in &code.exception_table {
        if !(e.start < e.end && u64::from(e.end) <= n && u64::from(e.handler) < n) {
            return Err(format!("bad exception-table entry {e:?}"));
        }
        if u32::from(e.exc_reg) >= code.n_registers {
            return Err(format!("bad exception register {}", e.exc_reg));
        }
    }
    let mut prev: Option<u32> = None;
    for e in &code.line_table {
        let ok = match prev {
            None => e.start == 0,
            Some(p) => e.start > p,
        };
        if !ok || u64::from(e.start) >= n.max(1) {
            return Err(format!("bad line-table entry {e:?}"));
        }
        prev = Some(e.start);
    }
    Ok(())
}

fn check_instr(code: &CodeObject, i: &Instr) -> Result<(), String> {
    let op = i.op;
    if op.is_specialized() {
        return Err("specialized opcode in a code object".into());
    }
    let regs = code.n_registers as u64;
    let layout = op.layout();
    let reg_ok = |r: u16| u64::from(r) < regs;
    // No window reaches the constant registers: windows are written (arguments, unpacked
    // items), constant registers never are.
    let window_end = u64::from(code.first_const_register());
    let window_ok = |start: u16, len: u64| u64::from(start) + len <= window_end;
    for (arg, v) in [(layout.a, i.a), (layout.b, i.b)] {
        match arg {
            Arg::Reg if !reg_ok(v) => return Err(format!("register {v} out of range")),
            Arg::Unused if v != 0 => return Err("unused operand is not 0".into()),
            _ => {}
        }
    }
    if layout.c.is_wide() {
        let k = i.k() as usize;
        let ok = match layout.c {
            Arg::Const => k < code.constants.len(),
            Arg::Name => k < code.names.len(),
            Arg::Cell => k < code.n_cells(),
            _ => k < code.instructions.len(),
        };
        if !ok {
            return Err(format!("wide operand {k} out of range"));
        }
    } else {
        match layout.c {
            Arg::Reg if !(reg_ok(i.c) || op == Opcode::FormatValue && i.c == 0) => {
                return Err(format!("register {} out of range", i.c));
            }
            Arg::Unused if i.c != 0 => return Err("unused operand is not 0".into()),
            _ => {}
        }
        let x_ok = match layout.x {
            Sub::None => i.x == 0,
            Sub::BinOp => (i.x as usize) < BIN_OPS.len(),
            Sub::UnaryOp => (i.x as usize) < UNARY_OPS.len(),
            Sub::Cmp => CmpKind::from_u8(i.x).is_some(),
            Sub::Format => i.x <= (FormatFlags::CONVERSION | FormatFlags::HAS_SPEC),
            Sub::RaiseForm => i.x <= 2,
            Sub::Flag => i.x <= 1,
        };
        if !x_ok {
            return Err(format!("bad sub-operand {}", i.x));
        }
    }
    let c = u64::from(i.c);
    let ok = match op {
        Opcode::CheckBound | Opcode::DeleteFast => (i.a as usize) < code.varnames.len(),
        Opcode::BuildTuple | Opcode::BuildList | Opcode::BuildSet | Opcode::BuildString => {
            window_ok(i.b, c)
        }
        Opcode::BuildMap => window_ok(i.b, 2 * c),
        Opcode::BuildSlice => (c == 2 || c == 3) && window_ok(i.b, c),
        Opcode::Call => window_ok(i.b, 1 + c),
        Opcode::CallKw | Opcode::CallMethod => window_ok(i.b, 2 + c),
        Opcode::CallEx => i.x == 0 || window_ok(i.c, 2),
        Opcode::FormatValue => i.x & FormatFlags::HAS_SPEC != 0 || i.c == 0,
        Opcode::LoadMethod | Opcode::BeforeWith => window_ok(i.a, 2),
        Opcode::MakeFunctionDefaults => window_ok(i.b, 2) && closure_fits(code, i.k()),
        Opcode::MakeFunction => closure_fits(code, i.k()),
        Opcode::UnpackSequence => window_ok(i.a, c),
        Opcode::UnpackEx => window_ok(i.a, (c & 0xff) + 1 + (c >> 8)),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err("operands out of range".into())
    }
}

/// `consts[k]` is a code object whose closure takes cells this frame has.
fn closure_fits(code: &CodeObject, k: u32) -> bool {
    match code.constants.get(k as usize) {
        Some(Constant::Code(inner)) => inner
            .closure
            .iter()
            .all(|&cell| (cell as usize) < code.n_cells()),
        _ => false,
    }
}
