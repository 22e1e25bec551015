//! Compile time per code object: Cranelift translation of the corpus benchmarks' functions and
//! module bodies (`cargo bench -p pyrite-jit --bench compile`). Each iteration compiles one
//! code object from its prepared form to finalized machine code, as the JIT does when a code
//! object first runs.

use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use pyrite_jit::Jit;
use pyrite_vm::code::VmCode;

/// The module body of a corpus bench script, prepared for the VM.
fn prepared(name: &str) -> Rc<VmCode> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/bench")
        .join(name);
    let source = std::fs::read(&path).expect("read a corpus bench script");
    let code = pyrite_bytecode::compile_source(&source, &path.to_string_lossy())
        .expect("compile a corpus bench script");
    VmCode::prepare(Arc::new(code)).expect("prepare a corpus bench script")
}

fn bench_compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("jit_compile");
    group
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for script in ["fib.py", "int_loops.py", "mandelbrot.py", "nbody.py"] {
        let module = prepared(script);
        let mut targets = vec![(format!("{script}:<module>"), Rc::clone(&module))];
        for code in module.nested_code() {
            let name = code.code_object().qualname.clone();
            targets.push((format!("{script}:{name}"), Rc::clone(code)));
        }
        for (name, code) in targets {
            let instrs = code.code_object().instructions.len();
            // A fresh JIT per batch keeps the code memory bounded.
            group.bench_function(format!("{name} ({instrs} instrs)"), |b| {
                b.iter_batched_ref(
                    || Jit::new(false).expect("a JIT for this host"),
                    |jit| jit.compile_code(&code).expect("compiles"),
                    criterion::BatchSize::SmallInput,
                );
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_compile);
criterion_main!(benches);
