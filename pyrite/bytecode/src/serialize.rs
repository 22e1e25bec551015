//! Code objects to bytes and back: the payload of a cache file.
//!
//! # Format (all integers little-endian)
//! ```text
//! code     := str name, str qualname, str filename,
//!             u32 first_line, u32 arg_count, u32 posonly_count, u32 kwonly_count,
//!             u32 flags, u32 n_registers,
//!             vec<str> varnames, vec<str> cellvars, vec<str> freevars,
//!             vec<u32 slot, u32 cell> cell_params, vec<u32> closure,
//!             vec<const> constants, vec<str> names,
//!             vec<instr> instructions, vec<u32 start, u32 end, u32 handler, u16 reg> exceptions,
//!             vec<u32 start, u32 line> lines, vec<u32> const_registers
//! instr    := u8 opcode, u8 x, u16 a, u16 b, u16 c          (8 bytes, as in memory)
//! str      := u32 length, UTF-8 bytes
//! vec<T>   := u32 count, count × T
//! const    := u8 tag, then: 0 None | 1 False | 2 True | 3 i64 | 4 BigInt (u32 length,
//!             two's-complement bytes) | 5 f64 bits | 6 f64 real, f64 imag | 7 str | 8 bytes
//!             (u32 length, bytes) | 9 Ellipsis | 10 vec<const> tuple | 11 code
//! ```
//!
//! # Invariant
//! [`decode`] never panics and never trusts a length: every count is checked against the
//! bytes left (each element takes at least one byte), so no input makes it allocate more
//! than a small multiple of its own size; nesting is bounded by
//! [`crate::validate::MAX_CODE_DEPTH`]; the whole input must be consumed; and the result is
//! run through [`crate::validate::validate`], so decoded code is as trustworthy as compiled
//! code.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::code::{CodeFlags, CodeObject, Constant, ExceptionEntry, LineEntry};
use crate::instr::Instr;
use crate::opcode::Opcode;
use crate::validate::{MAX_CODE_DEPTH, validate};

// ---- encoding ---------------------------------------------------------------------------------

/// Appends the serialized form of `code` to `out`.
pub fn encode(code: &CodeObject, out: &mut Vec<u8>) {
    put_str(out, &code.name);
    put_str(out, &code.qualname);
    put_str(out, &code.filename);
    for v in [
        code.first_line,
        code.arg_count,
        code.posonly_count,
        code.kwonly_count,
        code.flags.0,
        code.n_registers,
    ] {
        put_u32(out, v);
    }
    for names in [&code.varnames, &code.cellvars, &code.freevars] {
        put_len(out, names.len());
        names.iter().for_each(|n| put_str(out, n));
    }
    put_len(out, code.cell_params.len());
    for &(slot, cell) in &code.cell_params {
        put_u32(out, slot);
        put_u32(out, cell);
    }
    put_len(out, code.closure.len());
    code.closure.iter().for_each(|&c| put_u32(out, c));
    put_len(out, code.constants.len());
    code.constants.iter().for_each(|c| put_const(out, c));
    put_len(out, code.names.len());
    code.names.iter().for_each(|n| put_str(out, n));
    put_len(out, code.instructions.len());
    for i in &code.instructions {
        out.push(i.op as u8);
        out.push(i.x);
        out.extend_from_slice(&i.a.to_le_bytes());
        out.extend_from_slice(&i.b.to_le_bytes());
        out.extend_from_slice(&i.c.to_le_bytes());
    }
    put_len(out, code.exception_table.len());
    for e in &code.exception_table {
        put_u32(out, e.start);
        put_u32(out, e.end);
        put_u32(out, e.handler);
        out.extend_from_slice(&e.exc_reg.to_le_bytes());
    }
    put_len(out, code.line_table.len());
    for e in &code.line_table {
        put_u32(out, e.start);
        put_u32(out, e.line);
    }
    put_len(out, code.const_registers.len());
    code.const_registers.iter().for_each(|&k| put_u32(out, k));
}

/// The serialized form of `code`.
pub fn to_bytes(code: &CodeObject) -> Vec<u8> {
    let mut out = Vec::new();
    encode(code, &mut out);
    out
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    // Code objects are validated to have tables far below 2^32 entries.
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_len(out, b.len());
    out.extend_from_slice(b);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_const(out: &mut Vec<u8>, c: &Constant) {
    match c {
        Constant::None => out.push(0),
        Constant::Bool(false) => out.push(1),
        Constant::Bool(true) => out.push(2),
        Constant::Int(i) => {
            out.push(3);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Constant::BigInt(b) => {
            out.push(4);
            put_bytes(out, &b.to_signed_bytes_le());
        }
        Constant::Float(f) => {
            out.push(5);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Constant::Complex { real, imag } => {
            out.push(6);
            out.extend_from_slice(&real.to_bits().to_le_bytes());
            out.extend_from_slice(&imag.to_bits().to_le_bytes());
        }
        Constant::Str(s) => {
            out.push(7);
            put_str(out, s);
        }
        Constant::Bytes(b) => {
            out.push(8);
            put_bytes(out, b);
        }
        Constant::Ellipsis => out.push(9),
        Constant::Tuple(items) => {
            out.push(10);
            put_len(out, items.len());
            items.iter().for_each(|k| put_const(out, k));
        }
        Constant::Code(code) => {
            out.push(11);
            encode(code, out);
        }
    }
}

// ---- decoding ---------------------------------------------------------------------------------

/// Why bytes are not a valid serialized code object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The input ends early.
    #[error("truncated at byte {0}")]
    Truncated(usize),
    /// A byte that has no meaning where it is.
    #[error("malformed at byte {at}: {what}")]
    Malformed {
        /// Offset.
        at: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// Bytes after the code object.
    #[error("{0} trailing bytes")]
    Trailing(usize),
    /// Well formed, but violates a code-object invariant.
    #[error("invalid code object: {0}")]
    Invalid(String),
}

/// Decodes and validates a code object that must span all of `bytes`.
pub fn decode(bytes: &[u8]) -> Result<CodeObject, DecodeError> {
    let mut r = Reader { buf: bytes, pos: 0 };
    let code = r.code(0)?;
    if r.pos != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - r.pos));
    }
    validate(&code).map_err(DecodeError::Invalid)?;
    Ok(code)
}

struct Reader<'b> {
    buf: &'b [u8],
    pos: usize,
}

type DResult<T> = Result<T, DecodeError>;

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> DResult<&'b [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(DecodeError::Truncated(self.pos))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> DResult<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn u8(&mut self) -> DResult<u8> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> DResult<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> DResult<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> DResult<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn malformed<T>(&self, what: &'static str) -> DResult<T> {
        Err(DecodeError::Malformed { at: self.pos, what })
    }

    /// A count of elements of at least `min_size` bytes each, checked against the bytes left.
    fn count(&mut self, min_size: usize) -> DResult<usize> {
        let n = self.u32()? as usize;
        let left = self.buf.len() - self.pos;
        if n.checked_mul(min_size).is_none_or(|need| need > left) {
            return Err(DecodeError::Truncated(self.pos));
        }
        Ok(n)
    }

    fn bytes(&mut self) -> DResult<&'b [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }

    fn string(&mut self) -> DResult<String> {
        let at = self.pos;
        let b = self.bytes()?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(DecodeError::Malformed {
                at,
                what: "invalid UTF-8",
            }),
        }
    }

    fn strings(&mut self) -> DResult<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }

    fn code(&mut self, depth: u32) -> DResult<CodeObject> {
        if depth > MAX_CODE_DEPTH {
            return self.malformed("nested too deeply");
        }
        let name = self.string()?;
        let qualname = self.string()?;
        let filename = self.string()?;
        let first_line = self.u32()?;
        let arg_count = self.u32()?;
        let posonly_count = self.u32()?;
        let kwonly_count = self.u32()?;
        let flags = CodeFlags(self.u32()?);
        let n_registers = self.u32()?;
        let varnames = self.strings()?;
        let cellvars = self.strings()?;
        let freevars = self.strings()?;
        let n = self.count(8)?;
        let cell_params = (0..n)
            .map(|_| Ok((self.u32()?, self.u32()?)))
            .collect::<DResult<_>>()?;
        let n = self.count(4)?;
        let closure = (0..n).map(|_| self.u32()).collect::<DResult<_>>()?;
        let n = self.count(1)?;
        let constants = (0..n)
            .map(|_| self.constant(depth))
            .collect::<DResult<_>>()?;
        let names = self.strings()?;
        let n = self.count(8)?;
        let mut instructions = Vec::with_capacity(n);
        for _ in 0..n {
            let Some(op) = Opcode::from_u8(self.u8()?) else {
                return self.malformed("unknown opcode");
            };
            let x = self.u8()?;
            let (a, b, c) = (self.u16()?, self.u16()?, self.u16()?);
            instructions.push(Instr::new(op, x, a, b, c));
        }
        let n = self.count(14)?;
        let exception_table = (0..n)
            .map(|_| {
                Ok(ExceptionEntry {
                    start: self.u32()?,
                    end: self.u32()?,
                    handler: self.u32()?,
                    exc_reg: self.u16()?,
                })
            })
            .collect::<DResult<_>>()?;
        let n = self.count(8)?;
        let line_table = (0..n)
            .map(|_| {
                Ok(LineEntry {
                    start: self.u32()?,
                    line: self.u32()?,
                })
            })
            .collect::<DResult<_>>()?;
        let n = self.count(4)?;
        let const_registers = (0..n).map(|_| self.u32()).collect::<DResult<_>>()?;
        Ok(CodeObject {
            name,
            qualname,
            filename,
            first_line,
            arg_count,
            posonly_count,
            kwonly_count,
            flags,
            varnames,
            cellvars,
            freevars,
            cell_params,
            closure,
            constants,
            names,
            instructions,
            exception_table,
            line_table,
            n_registers,
            const_registers,
        })
    }

    fn constant(&mut self, depth: u32) -> DResult<Constant> {
        Ok(match self.u8()? {
            0 => Constant::None,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => Constant::Int(i64::from_le_bytes(self.array()?)),
            4 => {
                let b = BigInt::from_signed_bytes_le(self.bytes()?);
                if b.to_i64().is_some() {
                    return self.malformed("big int that fits in 64 bits");
                }
                Constant::BigInt(b)
            }
            5 => Constant::Float(f64::from_bits(self.u64()?)),
            6 => Constant::Complex {
                real: f64::from_bits(self.u64()?),
                imag: f64::from_bits(self.u64()?),
            },
            7 => Constant::Str(self.string()?),
            8 => Constant::Bytes(self.bytes()?.to_vec()),
            9 => Constant::Ellipsis,
            10 => {
                if depth > MAX_CODE_DEPTH {
                    return self.malformed("nested too deeply");
                }
                let n = self.count(1)?;
                let items = (0..n)
                    .map(|_| self.constant(depth + 1))
                    .collect::<DResult<_>>()?;
                Constant::Tuple(items)
            }
            11 => Constant::Code(Arc::new(self.code(depth + 1)?)),
            _ => return self.malformed("unknown constant tag"),
        })
    }
}

/// Sets `filename` on `code` and every nested code object (a cache file may have been written
/// for the same file reached by another path, as CPython's `_fix_co_filename` handles).
pub fn fix_filename(code: &mut CodeObject, filename: &str) {
    if code.filename == filename {
        return;
    }
    code.filename = filename.to_owned();
    for c in &mut code.constants {
        fix_constant(c, filename);
    }
}

fn fix_constant(c: &mut Constant, filename: &str) {
    match c {
        Constant::Code(code) => fix_filename(Arc::make_mut(code), filename),
        Constant::Tuple(items) => items.iter_mut().for_each(|k| fix_constant(k, filename)),
        _ => {}
    }
}
