//! Serialization round trips: every compiled golden/corpus script, and random code objects
//! (proptest) survive `encode` then `decode` unchanged; decoding never panics on any bytes.

use std::sync::Arc;

use proptest::prelude::*;
use pyrite_bytecode::code::{CodeFlags, CodeObject, Constant, ExceptionEntry, LineEntry};
use pyrite_bytecode::serialize::{decode, to_bytes};
use pyrite_bytecode::{Instr, Opcode, compile_source};

fn arb_constant() -> impl Strategy<Value = Constant> {
    let leaf = prop_oneof![
        Just(Constant::None),
        Just(Constant::Ellipsis),
        any::<bool>().prop_map(Constant::Bool),
        any::<i64>().prop_map(Constant::Int),
        (any::<u64>(), any::<u64>()).prop_map(|(a, b)| {
            let big = (num_bigint::BigInt::from(a) << 64) + b + (num_bigint::BigInt::from(1) << 70);
            Constant::BigInt(big)
        }),
        any::<f64>().prop_map(Constant::Float),
        (any::<f64>(), any::<f64>()).prop_map(|(real, imag)| Constant::Complex { real, imag }),
        ".{0,20}".prop_map(Constant::Str),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(Constant::Bytes),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        proptest::collection::vec(inner, 0..4).prop_map(Constant::Tuple)
    })
}

/// A random but *valid* code object: instructions are loads of constants into registers and
/// jumps among themselves, ending in a return.
fn arb_code(depth: u32) -> BoxedStrategy<CodeObject> {
    let nested = if depth == 0 {
        Just(Vec::new()).boxed()
    } else {
        proptest::collection::vec(arb_code(depth - 1), 0..2).boxed()
    };
    (
        "[a-z_]{1,8}",
        proptest::collection::vec(arb_constant(), 1..6),
        proptest::collection::vec("[a-z]{1,6}", 0..4),
        proptest::collection::vec((any::<u16>(), any::<u32>(), any::<u32>()), 1..30),
        1u32..40,
        nested,
        1u32..5000,
    )
        .prop_map(
            |(name, mut constants, varnames, raw, n_registers, nested, line)| {
                let n_registers = n_registers.max(varnames.len() as u32);
                for code in nested {
                    constants.push(Constant::Code(Arc::new(code)));
                }
                let n_consts = constants.len() as u32;
                let n = raw.len() as u32 + 1;
                let mut instructions: Vec<Instr> = raw
                    .iter()
                    .map(|&(r, k, t)| {
                        let reg = r % n_registers as u16;
                        if t % 3 == 0 {
                            Instr::wide(Opcode::Jump, 0, 0, t % n)
                        } else if t % 3 == 1 {
                            Instr::wide(Opcode::JumpIfTrue, reg, 0, k % n)
                        } else {
                            Instr::wide(Opcode::LoadConst, reg, 0, k % n_consts)
                        }
                    })
                    .collect();
                instructions.push(Instr::new(Opcode::Return, 0, 0, 0, 0));
                let line_table = vec![
                    LineEntry { start: 0, line },
                    LineEntry {
                        start: n - 1,
                        line: line + 1,
                    },
                ];
                let line_table = if n > 1 {
                    line_table
                } else {
                    line_table[..1].to_vec()
                };
                // Constant registers name inline constants, above the locals.
                let room = (n_registers as usize).saturating_sub(varnames.len());
                let const_registers: Vec<u32> = (0..n_consts)
                    .filter(|&k| constants[k as usize].is_inline())
                    .take(room)
                    .collect();
                CodeObject {
                    name: name.clone(),
                    qualname: format!("q.{name}"),
                    filename: "gen.py".into(),
                    first_line: line,
                    arg_count: 0,
                    posonly_count: 0,
                    kwonly_count: 0,
                    flags: CodeFlags::OPTIMIZED,
                    varnames,
                    cellvars: Vec::new(),
                    freevars: Vec::new(),
                    cell_params: Vec::new(),
                    closure: Vec::new(),
                    constants,
                    names: vec!["x".into()],
                    instructions,
                    exception_table: vec![ExceptionEntry {
                        start: 0,
                        end: n,
                        handler: n - 1,
                        exc_reg: 0,
                    }],
                    line_table,
                    n_registers,
                    const_registers,
                }
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_code_objects_round_trip(code in arb_code(2)) {
        let bytes = to_bytes(&code);
        let back = decode(&bytes).expect("decodes");
        prop_assert_eq!(back, code);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&bytes);
    }
}

#[test]
fn compiled_scripts_round_trip() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        root.join("tests/golden"),
        root.join("../../corpus/conformance"),
        root.join("../../corpus/bench"),
    ];
    let mut n = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "py") {
                continue;
            }
            let src = std::fs::read(&p).expect("readable");
            let Ok(code) = compile_source(&src, &p.to_string_lossy()) else {
                continue;
            };
            let bytes = to_bytes(&code);
            assert_eq!(decode(&bytes).expect("decodes"), code, "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 3);
}
