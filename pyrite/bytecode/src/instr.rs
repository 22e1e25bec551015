//! One instruction: 8 bytes, fixed size, `#[repr(C)]`, and the tables that give meaning to its
//! small operands (operators, comparison kinds, format flags).
//!
//! # Memory layout
//! ```text
//!  byte:  0        1        2..4      4..6      6..8
//!        [ op:u8 | x:u8  |  a:u16  |  b:u16  |  c:u16 ]
//!                  \_________________________/ wide form: k = x << 16 | c  (24 bits)
//! ```
//! `a` and `b` are registers (or counts); the third operand is either `c` (a register or a
//! count) plus an 8-bit sub-operation `x`, or the 24-bit *wide* index `k` (a constant, a name,
//! a cell or a jump target), as [`Opcode::layout`] says. Fixed-size instructions make the
//! program counter a plain index (jumps are instruction indices, exception and line tables
//! are in instruction indices), let the VM decode with one load and shifts, and let the JIT
//! translate instruction by instruction with a block per jump target.
//!
//! Why registers and 3 addresses (DESIGN.md section 3): `x = a + b` is one dispatch
//! (`BinaryOp x, a, b` directly on the locals' slots) instead of four on a stack machine; and
//! every operand is a frame slot, which the JIT maps to a Cranelift variable one for one.
//!
//! Limits, checked by the compiler (`CompileError` past them): 65,535 registers, 2^24
//! constants, names and instructions per code object.
//!
//! # Inline caches (PEP 659 quickening)
//! Code objects are immutable and shared. The VM keeps, per code object, a mutable copy of
//! `instructions` it may rewrite (a generic opcode into a specialized one of the same layout,
//! see `opcode.rs`), and a side table of cache entries *parallel to the instructions*: the
//! entry for the instruction at `pc` is `caches[pc]`, meaningful only when
//! [`Opcode::is_cacheable`] holds for it. Indexing by `pc` costs no operand bits and no
//! lookup; [`crate::code::CodeObject::cache_slots`] gives a dense numbering instead for a VM
//! that prefers a compact table. What an entry holds (a counter for warm-up/back-off, a type
//! or dict version, a cached value) is the VM's choice.

use pyrite_runtime::ops::{BinOp, CmpOp, UnaryOp};

use crate::opcode::Opcode;

/// One instruction. See the module documentation for the layout.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Instr {
    /// The opcode.
    pub op: Opcode,
    /// Sub-operation (`BIN_OPS[x]`, `CmpKind`, flags), or the high byte of `k`.
    pub x: u8,
    /// First operand (usually the destination register).
    pub a: u16,
    /// Second operand.
    pub b: u16,
    /// Third operand, or the low 16 bits of `k`.
    pub c: u16,
}

// The VM and the JIT index instruction arrays by 8-byte strides.
const _: () = assert!(std::mem::size_of::<Instr>() == 8);
const _: () = assert!(std::mem::align_of::<Instr>() == 2);

/// The largest value of the wide operand `k` (24 bits).
pub const MAX_WIDE: u32 = (1 << 24) - 1;

impl Instr {
    /// An instruction with operands `a`, `b`, `c` and sub-operation `x`.
    #[inline]
    pub const fn new(op: Opcode, x: u8, a: u16, b: u16, c: u16) -> Instr {
        Instr { op, x, a, b, c }
    }

    /// An instruction with operands `a`, `b` and the wide operand `k` (at most [`MAX_WIDE`];
    /// higher bits are dropped, the compiler checks the limit first).
    #[inline]
    pub const fn wide(op: Opcode, a: u16, b: u16, k: u32) -> Instr {
        Instr {
            op,
            x: (k >> 16) as u8,
            a,
            b,
            c: k as u16,
        }
    }

    /// The wide operand `k = x << 16 | c`.
    #[inline]
    pub const fn k(self) -> u32 {
        ((self.x as u32) << 16) | self.c as u32
    }

    /// Replaces the wide operand (jump patching).
    #[inline]
    pub fn set_k(&mut self, k: u32) {
        self.x = (k >> 16) as u8;
        self.c = k as u16;
    }

    /// The jump target of a jump instruction (`k`).
    #[inline]
    pub const fn target(self) -> u32 {
        self.k()
    }
}

impl std::fmt::Debug for Instr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.op.layout().c.is_wide() {
            write!(f, "{} a={} b={} k={}", self.op, self.a, self.b, self.k())
        } else {
            write!(
                f,
                "{} x={} a={} b={} c={}",
                self.op, self.x, self.a, self.b, self.c
            )
        }
    }
}

/// `BinaryOp`/`InplaceOp`'s `x`: the runtime operator is `BIN_OPS[x]`. The numbers are part of
/// the format (they need not match the runtime enum's order, which has no explicit
/// discriminants).
pub const BIN_OPS: [BinOp; 13] = [
    BinOp::Add,      // 0
    BinOp::Sub,      // 1
    BinOp::Mul,      // 2
    BinOp::MatMul,   // 3
    BinOp::TrueDiv,  // 4
    BinOp::FloorDiv, // 5
    BinOp::Mod,      // 6
    BinOp::Pow,      // 7
    BinOp::LShift,   // 8
    BinOp::RShift,   // 9
    BinOp::BitAnd,   // 10
    BinOp::BitOr,    // 11
    BinOp::BitXor,   // 12
];

/// The `x` for a binary operator (inverse of [`BIN_OPS`]).
pub fn bin_op_code(op: BinOp) -> u8 {
    match op {
        BinOp::Add => 0,
        BinOp::Sub => 1,
        BinOp::Mul => 2,
        BinOp::MatMul => 3,
        BinOp::TrueDiv => 4,
        BinOp::FloorDiv => 5,
        BinOp::Mod => 6,
        BinOp::Pow => 7,
        BinOp::LShift => 8,
        BinOp::RShift => 9,
        BinOp::BitAnd => 10,
        BinOp::BitOr => 11,
        BinOp::BitXor => 12,
    }
}

/// `UnaryOp`'s `x`: the runtime operator is `UNARY_OPS[x]`.
pub const UNARY_OPS: [UnaryOp; 4] = [
    UnaryOp::Neg,    // 0
    UnaryOp::Pos,    // 1
    UnaryOp::Invert, // 2
    UnaryOp::Not,    // 3
];

/// The `x` for a unary operator (inverse of [`UNARY_OPS`]).
pub fn unary_op_code(op: UnaryOp) -> u8 {
    match op {
        UnaryOp::Neg => 0,
        UnaryOp::Pos => 1,
        UnaryOp::Invert => 2,
        UnaryOp::Not => 3,
    }
}

/// `Compare`'s `x`: the six rich comparisons (mapping to the runtime's [`CmpOp`]) and the four
/// that are not (`is`, `is not`, `in`, `not in`). The numbers are part of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum CmpKind {
    /// `==`
    Eq = 0,
    /// `!=`
    Ne = 1,
    /// `<`
    Lt = 2,
    /// `<=`
    Le = 3,
    /// `>`
    Gt = 4,
    /// `>=`
    Ge = 5,
    /// `is`
    Is = 6,
    /// `is not`
    IsNot = 7,
    /// `in`
    In = 8,
    /// `not in`
    NotIn = 9,
}

impl CmpKind {
    /// The kind with this number.
    #[inline]
    pub fn from_u8(x: u8) -> Option<CmpKind> {
        Some(match x {
            0 => CmpKind::Eq,
            1 => CmpKind::Ne,
            2 => CmpKind::Lt,
            3 => CmpKind::Le,
            4 => CmpKind::Gt,
            5 => CmpKind::Ge,
            6 => CmpKind::Is,
            7 => CmpKind::IsNot,
            8 => CmpKind::In,
            9 => CmpKind::NotIn,
            _ => return None,
        })
    }

    /// The runtime's rich comparison, for the first six kinds.
    #[inline]
    pub fn rich(self) -> Option<CmpOp> {
        Some(match self {
            CmpKind::Eq => CmpOp::Eq,
            CmpKind::Ne => CmpOp::Ne,
            CmpKind::Lt => CmpOp::Lt,
            CmpKind::Le => CmpOp::Le,
            CmpKind::Gt => CmpOp::Gt,
            CmpKind::Ge => CmpOp::Ge,
            _ => return None,
        })
    }

    /// The operator as written (for `dis`).
    pub fn symbol(self) -> &'static str {
        match self {
            CmpKind::Eq => "==",
            CmpKind::Ne => "!=",
            CmpKind::Lt => "<",
            CmpKind::Le => "<=",
            CmpKind::Gt => ">",
            CmpKind::Ge => ">=",
            CmpKind::Is => "is",
            CmpKind::IsNot => "is not",
            CmpKind::In => "in",
            CmpKind::NotIn => "not in",
        }
    }

    /// The fused compare-and-branch opcode jumping when the comparison is true (`negate ==
    /// false`) or false (`negate == true`), for the six rich comparisons.
    pub fn jump_opcode(self, negate: bool) -> Option<Opcode> {
        use Opcode::*;
        Some(match (self, negate) {
            (CmpKind::Lt, false) => JumpIfLt,
            (CmpKind::Le, false) => JumpIfLe,
            (CmpKind::Gt, false) => JumpIfGt,
            (CmpKind::Ge, false) => JumpIfGe,
            (CmpKind::Eq, false) => JumpIfEq,
            (CmpKind::Ne, false) => JumpIfNe,
            (CmpKind::Lt, true) => JumpIfNotLt,
            (CmpKind::Le, true) => JumpIfNotLe,
            (CmpKind::Gt, true) => JumpIfNotGt,
            (CmpKind::Ge, true) => JumpIfNotGe,
            (CmpKind::Eq, true) => JumpIfNotEq,
            (CmpKind::Ne, true) => JumpIfNotNe,
            _ => return None,
        })
    }
}

/// The comparison a fused compare-and-branch opcode performs, and whether it jumps when the
/// comparison is false.
pub fn compare_jump_kind(op: Opcode) -> Option<(CmpKind, bool)> {
    use Opcode::*;
    Some(match op.generic() {
        JumpIfLt => (CmpKind::Lt, false),
        JumpIfLe => (CmpKind::Le, false),
        JumpIfGt => (CmpKind::Gt, false),
        JumpIfGe => (CmpKind::Ge, false),
        JumpIfEq => (CmpKind::Eq, false),
        JumpIfNe => (CmpKind::Ne, false),
        JumpIfNotLt => (CmpKind::Lt, true),
        JumpIfNotLe => (CmpKind::Le, true),
        JumpIfNotGt => (CmpKind::Gt, true),
        JumpIfNotGe => (CmpKind::Ge, true),
        JumpIfNotEq => (CmpKind::Eq, true),
        JumpIfNotNe => (CmpKind::Ne, true),
        _ => return None,
    })
}

/// `FormatValue`'s `x`: the conversion in bits 0-1, "has a format spec" in bit 2.
pub struct FormatFlags;

impl FormatFlags {
    /// Mask of the conversion bits: 0 none, 1 `!s`, 2 `!r`, 3 `!a`.
    pub const CONVERSION: u8 = 0b011;
    /// No conversion.
    pub const NONE: u8 = 0;
    /// `!s`.
    pub const STR: u8 = 1;
    /// `!r`.
    pub const REPR: u8 = 2;
    /// `!a`.
    pub const ASCII: u8 = 3;
    /// The spec is in register `c`.
    pub const HAS_SPEC: u8 = 0b100;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_operand_round_trips() {
        let mut i = Instr::wide(Opcode::LoadConst, 7, 0, 0x12_3456);
        assert_eq!(i.k(), 0x12_3456);
        assert_eq!((i.a, i.x, i.c), (7, 0x12, 0x3456));
        i.set_k(MAX_WIDE);
        assert_eq!(i.target(), MAX_WIDE);
    }

    #[test]
    fn operator_tables_are_inverse() {
        for (i, op) in BIN_OPS.iter().enumerate() {
            assert_eq!(bin_op_code(*op) as usize, i);
        }
        for (i, op) in UNARY_OPS.iter().enumerate() {
            assert_eq!(unary_op_code(*op) as usize, i);
        }
        for x in 0..=255u8 {
            if let Some(k) = CmpKind::from_u8(x) {
                assert_eq!(k as u8, x);
                if let Some(op) = k.jump_opcode(true) {
                    assert_eq!(compare_jump_kind(op), Some((k, true)));
                }
            }
        }
    }
}
