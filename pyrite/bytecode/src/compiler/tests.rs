//! Compiler unit tests: instruction shapes of small programs, and validity of everything the
//! compiler emits.

use crate::code::{CodeObject, Constant};
use crate::opcode::Opcode;
use crate::{CompileError, compile_source, validate::validate};

fn compile(src: &str) -> CodeObject {
    let code = match compile_source(src.as_bytes(), "t.py") {
        Ok(c) => c,
        Err(e) => panic!("compile failed: {e}"),
    };
    if let Err(e) = validate(&code) {
        panic!("invalid code: {e}\n{}", crate::dis::dis(&code));
    }
    code
}

/// The code object of the first function defined in the module.
fn func(code: &CodeObject) -> CodeObject {
    code.constants
        .iter()
        .find_map(|c| match c {
            Constant::Code(c) => Some((**c).clone()),
            _ => None,
        })
        .expect("a nested code object")
}

fn ops(code: &CodeObject) -> Vec<Opcode> {
    code.instructions.iter().map(|i| i.op).collect()
}

#[test]
fn addition_of_locals_is_one_instruction_on_their_slots() {
    let f = func(&compile("def f(a, b):\n    return a + b\n"));
    assert_eq!(ops(&f), [Opcode::BinaryOp, Opcode::Return]);
    let add = f.instructions[0];
    assert_eq!((add.b, add.c), (0, 1), "reads a and b in place");
    assert_eq!(f.instructions[1].a, add.a);
}

#[test]
fn assignment_to_a_local_computes_into_its_slot() {
    let f = func(&compile("def f(a):\n    x = a * 2\n    return x\n"));
    let mul = f.instructions[0];
    assert_eq!(mul.op, Opcode::BinaryOp);
    assert_eq!(mul.a, 1, "x is slot 1");
    assert_eq!(f.instructions[1].op, Opcode::Return);
    assert_eq!(f.instructions[1].a, 1);
}

#[test]
fn inline_constants_are_read_from_constant_registers() {
    let f = func(&compile(
        "def f(a):\n    b = a * 2 + 2.5\n    c = a - -1\n    return (a is None, 'x')\n",
    ));
    assert!(
        !f.instructions.iter().any(|i| i.op == Opcode::LoadConst && {
            matches!(
                f.constants[i.k() as usize],
                Constant::Int(_) | Constant::Float(_)
            )
        })
    );
    // 2, 2.5, -1 and None each once, in the last registers; the string is no inline constant.
    let first = f.first_const_register();
    assert_eq!(f.const_registers.len(), 4);
    assert_eq!(first + 4, f.n_registers);
    let held: Vec<&Constant> = f
        .const_registers
        .iter()
        .map(|&k| &f.constants[k as usize])
        .collect();
    assert_eq!(held[0], &Constant::Int(2));
    assert_eq!(held[1], &Constant::Float(2.5));
    assert_eq!(held[2], &Constant::Int(-1));
    let mul = f.instructions[0];
    assert_eq!((mul.op, u32::from(mul.c)), (Opcode::BinaryOp, first));
    crate::validate::validate(&f).expect("valid");
}

#[test]
fn constant_registers_stop_at_their_limit() {
    let body: String = (0..40).map(|i| format!("    a = a + {i}\n")).collect();
    let f = func(&compile(&format!("def f(a):\n{body}    return a\n")));
    assert_eq!(
        f.const_registers.len(),
        usize::from(super::MAX_CONST_REGISTERS)
    );
    let loads = f
        .instructions
        .iter()
        .filter(|i| i.op == Opcode::LoadConst)
        .count();
    assert_eq!(loads, 40 - usize::from(super::MAX_CONST_REGISTERS));
    crate::validate::validate(&f).expect("valid");
}

#[test]
fn while_loop_uses_fused_compare_and_branch() {
    let f = func(&compile(
        "def f(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\n",
    ));
    let o = ops(&f);
    assert!(o.contains(&Opcode::JumpIfNotLt), "{o:?}");
    assert!(o.contains(&Opcode::JumpIfLt), "{o:?}");
    assert!(o.contains(&Opcode::InplaceOp));
    assert!(!o.contains(&Opcode::CheckBound), "i is bound: {o:?}");
}

#[test]
fn for_loop_iterates_straight_into_the_target_slot() {
    let f = func(&compile(
        "def f(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n",
    ));
    let fi = f
        .instructions
        .iter()
        .find(|i| i.op == Opcode::ForIter)
        .expect("ForIter");
    assert_eq!(f.varnames[fi.b as usize], "x");
}

#[test]
fn maybe_unbound_locals_are_checked_once() {
    let f = func(&compile(
        "def f(c):\n    if c:\n        y = 1\n    print(y)\n    return y\n",
    ));
    let checks = ops(&f).iter().filter(|&&o| o == Opcode::CheckBound).count();
    assert_eq!(checks, 1, "{}", crate::dis::dis(&f));
}

#[test]
fn deleted_locals_are_never_trusted() {
    let f = func(&compile("def f():\n    x = 1\n    del x\n    return x\n"));
    assert!(ops(&f).contains(&Opcode::CheckBound));
}

#[test]
fn closures_capture_cells() {
    let m = compile("def f():\n    x = 1\n    def g():\n        return x\n    return g\n");
    let f = func(&m);
    assert_eq!(f.cellvars, ["x"]);
    assert!(ops(&f).contains(&Opcode::StoreDeref));
    let g = func(&f);
    assert_eq!(g.freevars, ["x"]);
    assert_eq!(g.closure, [0]);
    assert_eq!(g.qualname, "f.<locals>.g");
    assert!(ops(&g).contains(&Opcode::LoadDeref));
}

#[test]
fn method_calls_use_load_method() {
    let m = compile("xs = []\nxs.append(1)\n");
    let o = ops(&m);
    assert!(o.contains(&Opcode::LoadMethod) && o.contains(&Opcode::CallMethod));
}

#[test]
fn keyword_and_star_calls() {
    let o = ops(&compile("f(1, k=2)\n"));
    assert!(o.contains(&Opcode::CallKw));
    let o = ops(&compile("f(*a, **k)\n"));
    assert!(o.contains(&Opcode::CallEx) && o.contains(&Opcode::DictMerge));
}

#[test]
fn try_finally_has_handlers_and_inlines_the_finally_on_return() {
    let f = func(&compile(
        "def f():\n    try:\n        return g()\n    finally:\n        h()\n",
    ));
    assert!(!f.exception_table.is_empty());
    // g(); h() inlined on the return path, on the (dead) fall-through path and on the
    // exception path.
    let calls = ops(&f).iter().filter(|&&o| o == Opcode::Call).count();
    assert_eq!(calls, 4, "{}", crate::dis::dis(&f));
}

#[test]
fn line_numbers_follow_the_source() {
    let m = compile("x = 1\ny = (x +\n     z)\n");
    let add = m
        .instructions
        .iter()
        .position(|i| i.op == Opcode::BinaryOp)
        .expect("add");
    assert_eq!(m.line_for(add as u32), 2);
    let load_z = m
        .instructions
        .iter()
        .position(|i| i.op == Opcode::LoadName && m.names[i.k() as usize] == "z")
        .expect("z");
    assert_eq!(m.line_for(load_z as u32), 3);
}

#[test]
fn unsupported_constructs_fail_at_compile_time_with_their_line() {
    let err = compile_source(b"x = 1\nmatch x:\n    case 1: pass\n", "m.py").unwrap_err();
    match &err {
        CompileError::NotImplemented { line, .. } => assert_eq!(*line, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.python_message(),
        "NotImplementedError: match statement is not supported (m.py, line 2)"
    );
}

#[test]
fn syntax_errors_are_reported() {
    assert!(matches!(
        compile_source(b"x = (\n", "s.py"),
        Err(CompileError::Syntax(_))
    ));
}

#[test]
fn generators_classes_and_with_compile() {
    let m = compile(
        "def gen(n):\n    yield from range(n)\n    x = yield 1\n\nclass C(object):\n    def m(self):\n        return super().m()\n\nwith open('f') as fh:\n    pass\n",
    );
    assert!(m.nested().iter().any(|c| c.is_generator()));
    assert!(ops(&m).contains(&Opcode::LoadBuildClass));
    assert!(ops(&m).contains(&Opcode::BeforeWith));
}

#[test]
fn every_corpus_script_compiles_to_valid_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut n = 0;
    for dir in ["conformance", "bench"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "py") {
                continue;
            }
            let Ok(src) = std::fs::read(&path) else {
                continue;
            };
            match compile_source(&src, &path.to_string_lossy()) {
                Ok(code) => {
                    if let Err(e) = validate(&code) {
                        panic!("{}: {e}", path.display());
                    }
                    n += 1;
                }
                Err(CompileError::NotImplemented { construct, .. })
                    if construct == "match statement" => {}
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
    }
    assert!(n > 0 || !root.exists());
}

#[test]
fn nested_control_flow_through_finally_with_and_handlers_is_valid() {
    let src = "\
def f(xs):
    total = 0
    for x in xs:
        try:
            with open(x) as fh:
                try:
                    if x:
                        continue
                    total += 1
                except ValueError as e:
                    if e:
                        break
                    return e
                finally:
                    for y in xs:
                        if y:
                            break
                    else:
                        total -= 1
        except Exception:
            raise
        finally:
            total += 2
    while total:
        try:
            return total
        finally:
            total = 0
    assert (n := len(xs)) > 0, n
    return [a for a in xs if a] + list(b for b in xs)

def g():
    x = 1
    def h():
        nonlocal x
        x += 1
        yield x
        yield from h()
    return h
";
    let m = compile(src);
    let f = func(&m);
    assert!(f.exception_table.len() >= 6, "{}", crate::dis::dis(&f));
}

#[test]
fn a_large_generated_module_compiles() {
    let mut src = String::new();
    for i in 0..6000 {
        src.push_str(&format!("v{i} = {i} * 2 + len('{i}')\n"));
    }
    let m = compile(&src);
    assert_eq!(m.line_for(m.instructions.len() as u32 - 2), 6000);
}
