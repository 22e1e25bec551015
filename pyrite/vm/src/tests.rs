//! End-to-end tests of the VM on small programs: output, exit status and the last stderr line,
//! with the expectations taken from CPython 3.11.7. (The corpus scripts run through the CLI
//! and the harness; these pin the VM's own mechanisms: frames, unwinding, quickening and
//! de-specialization, generators, the recursion limit.)

use crate::module::{STACK_SIZE, run_on_this_thread};

/// Runs `source` as a program on a thread with the VM's stack: (status, stdout, stderr).
fn run(source: &str) -> (i32, String, String) {
    let source = source.to_owned();
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let code = match pyrite_bytecode::compile_source(source.as_bytes(), "<test>") {
                Ok(c) => c,
                Err(e) => return (-1, String::new(), e.to_string()),
            };
            let ((status, _stats), out, err) =
                pyrite_runtime::io::capture(|| run_on_this_thread(code, &[]));
            (status, out, err)
        })
        .expect("spawn test thread")
        .join()
        .expect("test thread panicked")
}

fn last_line(s: &str) -> &str {
    s.lines().last().unwrap_or("")
}

#[test]
fn calls_and_arithmetic() {
    let (status, out, err) = run(
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nprint(fib(20), 2 ** 70, 7 // -2, -7 % 3, 1 / 4)\n",
    );
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, "6765 1180591620717411303424 -4 2 0.25\n");
}

#[test]
fn specialized_sites_fall_back_on_new_types() {
    // The same `+` sees ints (quickened to BinaryAddInt), then floats, strs, an overflow.
    let src = "def add(a, b):\n    return a + b\nfor i in range(100):\n    add(i, 1)\nprint(add(1.5, 2), add('a', 'b'), add(2**62, 2**62), add([1], [2]))\n";
    let (status, out, _) = run(src);
    assert_eq!(status, 0);
    assert_eq!(out, "3.5 ab 9223372036854775808 [1, 2]\n");
}

#[test]
fn exceptions_unwind_through_frames_with_line_numbers() {
    let src = "def f(d):\n    return d['x']\n\ndef g():\n    try:\n        f({})\n    except KeyError as e:\n        print('caught', e)\n        raise ValueError('again')\n\ng()\n";
    let (status, out, err) = run(src);
    assert_eq!(status, 1);
    assert_eq!(out, "caught 'x'\n");
    assert!(
        err.contains("During handling of the above exception"),
        "{err}"
    );
    assert!(err.contains("line 2, in f"), "{err}");
    assert!(err.contains("line 9, in g"), "{err}");
    assert!(err.contains("line 11, in <module>"), "{err}");
    assert_eq!(last_line(&err), "ValueError: again");
}

#[test]
fn finally_and_reraise() {
    let src = "def f():\n    try:\n        return 1 / 0\n    finally:\n        print('cleanup')\ntry:\n    f()\nexcept ZeroDivisionError as e:\n    print(type(e).__name__, e)\n";
    let (status, out, _) = run(src);
    assert_eq!(status, 0);
    assert_eq!(out, "cleanup\nZeroDivisionError division by zero\n");
}

#[test]
fn recursion_limit_is_cpythons() {
    let src = "import sys\ndef down(n):\n    return down(n + 1)\ntry:\n    down(0)\nexcept RecursionError as e:\n    print(e)\ndef depth(n):\n    return 0 if n == 0 else depth(n - 1) + 1\nprint(depth(997))\n";
    let (status, out, _) = run(src);
    assert_eq!(status, 0);
    assert_eq!(out, "maximum recursion depth exceeded\n997\n");
}

#[test]
fn generators_resume_and_send() {
    let src = "print(sum(x * x for x in range(10)), list(c.upper() for c in 'ab'))\n";
    let (status, out, err) = run(src);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, "285 ['A', 'B']\n");
}

#[test]
fn closures_and_defaults() {
    let src = "def outer(k, *, scale=2):\n    def inner(x, y=10):\n        return (x + y) * k * scale\n    return inner\nf = outer(3)\nprint(f(1), f(1, 2), outer(1, scale=5)(0))\n";
    let (status, out, err) = run(src);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, "66 18 50\n");
}

#[test]
fn argument_errors_name_the_function() {
    let (status, _, err) = run("def f(a, b):\n    pass\nf(1)\n");
    assert_eq!(status, 1);
    assert_eq!(
        last_line(&err),
        "TypeError: f() missing 1 required positional argument: 'b'"
    );
}

#[test]
fn unbound_local() {
    let (status, _, err) = run("def f():\n    print(x)\n    x = 1\nf()\n");
    assert_eq!(status, 1);
    assert_eq!(
        last_line(&err),
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
    );
}

#[test]
fn method_cache_follows_the_receiver_kind() {
    // One `LoadMethod` site sees a list, then a tuple, then a list again.
    let src =
        "out = []\nfor v in [[1, 2], (0, 1), [3, 1]]:\n    out.append(v.index(1))\nprint(out)\n";
    let (status, out, err) = run(src);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, "[0, 1, 1]\n");
}

/// `native_load_global` writes a value's 16 bytes into a register (`Value::clone_to` through
/// a `*mut Slot` cast): that is `Some(value)` only while the unbound state lives in the tag's
/// spare values. This pins the layout it relies on, and the reference the copy owns.
#[test]
fn slot_some_has_the_value_layout() {
    use std::mem::MaybeUninit;
    use std::rc::Rc;

    use pyrite_runtime::value::Value;

    use crate::stack::Slot;

    let s = Value::str("layout");
    let Value::Str(rc) = &s else {
        panic!("Value::str makes a str");
    };
    for v in [Value::Int(-7), Value::Float(2.5), Value::None, s.clone()] {
        let mut slot = MaybeUninit::<Slot>::uninit();
        // SAFETY: the slot is valid for writes and holds nothing to drop.
        unsafe { v.clone_to(slot.as_mut_ptr().cast::<Value>()) };
        // SAFETY: `clone_to` wrote a whole value; the assertion below checks it reads back
        // as `Some` of an equal value.
        let slot = unsafe { slot.assume_init() };
        match (&slot, &v) {
            (Some(Value::Int(a)), Value::Int(b)) => assert_eq!(a, b),
            (Some(Value::Float(a)), Value::Float(b)) => assert_eq!(a.to_bits(), b.to_bits()),
            (Some(Value::None), Value::None) => {}
            (Some(Value::Str(a)), Value::Str(b)) => assert!(Rc::ptr_eq(a, b)),
            _ => panic!("a cloned value did not read back as Some of itself"),
        }
    }
    // `s`, its clone in the loop's array (dropped), and the slot's copy (dropped): one left.
    assert_eq!(Rc::strong_count(rc), 1);
}
