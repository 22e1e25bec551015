//! The symbol table of small programs compared with CPython 3.11.7's.
//!
//! Every expectation below was printed by CPython 3.11.7 itself (its `symtable` module for the
//! scopes and symbols, the code objects of `compile()` for `co_varnames`, `co_cellvars`,
//! `co_freevars` and the generator/coroutine flags, `compile()`'s `SyntaxError` for the
//! errors), with a throwaway script; [`SymbolTable::dump`] prints the same format. Symbols are
//! sorted by name; children are in CPython's `get_children()` order.

use pyrite_syntax::SyntaxError;
use pyrite_syntax::ast::Mod;
use pyrite_syntax::symtable::{self, SymbolTable};

fn parse(src: &str) -> Mod {
    match pyrite_syntax::parse_module(src.as_bytes()) {
        Ok(m) => m,
        Err(e) => panic!("parse error {e:?} in:\n{src}"),
    }
}

fn build(src: &str) -> Result<SymbolTable, SyntaxError> {
    let module = parse(src);
    let table = symtable::build(&module)?;
    symtable::check_context(&table)?;
    Ok(table)
}

fn check(src: &str, expected: &str) {
    match build(src) {
        Ok(table) => assert_eq!(table.dump(), expected, "source:\n{src}"),
        Err(e) => panic!("unexpected error {e:?} in:\n{src}"),
    }
}

#[test]
fn symtable_errors_match_cpython() {
    let mut failures = Vec::new();
    for &(src, (msg, lineno, offset, end_lineno, end_offset)) in ERRORS {
        let got = match build(src) {
            Ok(_) => "no error".to_owned(),
            Err(e) => format!(
                "{} {} {} {} {}",
                e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset
            ),
        };
        let want = format!("{msg} {lineno} {offset} {end_lineno} {end_offset}");
        if got != want {
            failures.push(format!("{src:?}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn symtable_valid_programs_have_no_error() {
    for src in VALID {
        if let Err(e) = build(src) {
            panic!("unexpected error {e:?} in:\n{src}");
        }
    }
}

/// Scopes, symbols and frame layouts (module named so that `cargo test symtable` runs them).
mod symtable_scopes {
    use super::check;

    #[test]
    fn closure_three_levels() {
        check(
            r#"def a():
    x = 1
    def b():
        y = 2
        def c():
            return x + y + z
        return c
    return b
"#,
            r#"module top line 0
  a: LOCAL DEF_LOCAL
  function a line 1
    code varnames=b cellvars=x freevars= flags=-
    b: LOCAL DEF_LOCAL|USE
    x: CELL DEF_LOCAL
    function b line 3
      code varnames=c cellvars=y freevars=x flags=-
      c: LOCAL DEF_LOCAL|USE
      x: FREE 
      y: CELL DEF_LOCAL
      function c line 5
        code varnames= cellvars= freevars=x,y flags=-
        x: FREE USE
        y: FREE USE
        z: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn class_scope_skipped() {
        check(
            r#"def f():
    x = 1
    class C:
        x = 2
        y = x
        def m(self):
            return x
        def n(self):
            return y
    return C
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=C cellvars=x freevars= flags=-
    C: LOCAL DEF_LOCAL|USE
    x: CELL DEF_LOCAL
    class C line 3
      code varnames= cellvars= freevars=x flags=-
      m: LOCAL DEF_LOCAL
      n: LOCAL DEF_LOCAL
      x: LOCAL DEF_LOCAL|USE|DEF_FREE_CLASS
      y: LOCAL DEF_LOCAL
      function m line 6
        code varnames=self cellvars= freevars=x flags=-
        self: LOCAL DEF_PARAM
        x: FREE USE
      function n line 8
        code varnames=self cellvars= freevars= flags=-
        self: LOCAL DEF_PARAM
        y: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn class_cell_super() {
        check(
            r#"class C:
    def m(self):
        super().m()
    def n(self):
        return __class__
    def o(self):
        def inner():
            return super()
        return inner
class D:
    def m(self):
        return 1
    __class__
def not_method():
    return super()
"#,
            r#"module top line 0
  C: LOCAL DEF_LOCAL
  D: LOCAL DEF_LOCAL
  not_method: LOCAL DEF_LOCAL
  class C line 1
    code varnames= cellvars=__class__ freevars= flags=-
    m: LOCAL DEF_LOCAL
    n: LOCAL DEF_LOCAL
    o: LOCAL DEF_LOCAL
    function m line 2
      code varnames=self cellvars= freevars=__class__ flags=-
      __class__: FREE USE
      self: LOCAL DEF_PARAM
      super: GLOBAL_IMPLICIT USE
    function n line 4
      code varnames=self cellvars= freevars=__class__ flags=-
      __class__: FREE USE
      self: LOCAL DEF_PARAM
    function o line 6
      code varnames=self,inner cellvars= freevars=__class__ flags=-
      __class__: FREE 
      inner: LOCAL DEF_LOCAL|USE
      self: LOCAL DEF_PARAM
      function inner line 7
        code varnames= cellvars= freevars=__class__ flags=-
        __class__: FREE USE
        super: GLOBAL_IMPLICIT USE
  class D line 10
    code varnames= cellvars= freevars= flags=-
    __class__: GLOBAL_IMPLICIT USE
    m: LOCAL DEF_LOCAL
    function m line 11
      code varnames=self cellvars= freevars= flags=-
      self: LOCAL DEF_PARAM
  function not_method line 14
    code varnames= cellvars= freevars= flags=-
    __class__: GLOBAL_IMPLICIT USE
    super: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn global_nonlocal() {
        check(
            r#"x = 0
def f():
    global x
    x = 1
    def g():
        return x
    y = 2
    def h():
        nonlocal y
        y = 3
    return g, h
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  x: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
  function f line 2
    code varnames=g,h cellvars=y freevars= flags=-
    g: LOCAL DEF_LOCAL|USE
    h: LOCAL DEF_LOCAL|USE
    x: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
    y: CELL DEF_LOCAL
    function g line 5
      code varnames= cellvars= freevars= flags=-
      x: GLOBAL_IMPLICIT USE
    function h line 8
      code varnames= cellvars= freevars=y flags=-
      y: FREE DEF_LOCAL|DEF_NONLOCAL
"#,
        );
    }
    #[test]
    fn global_from_function_marks_module() {
        check(
            r#"def f():
    global g
    g = 1
def h():
    return g
global m
m = 1
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  g: GLOBAL_EXPLICIT DEF_GLOBAL
  h: LOCAL DEF_LOCAL
  m: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
  function f line 1
    code varnames= cellvars= freevars= flags=-
    g: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
  function h line 4
    code varnames= cellvars= freevars= flags=-
    g: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn comprehensions_and_walrus() {
        check(
            r#"def f(data):
    ys = [y for x in data if (y := x * 2)]
    total = sum(v for v in data)
    d = {k: v for k, v in data}
    s = {a for a in data for b in a}
    return ys, total, d, s, y
[(z := q) for q in range(3)]
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  range: GLOBAL_IMPLICIT USE
  z: GLOBAL_EXPLICIT DEF_GLOBAL
  function f line 1
    code varnames=data,ys,total,d,s cellvars=y freevars= flags=-
    d: LOCAL DEF_LOCAL|USE
    data: LOCAL DEF_PARAM|USE
    s: LOCAL DEF_LOCAL|USE
    sum: GLOBAL_IMPLICIT USE
    total: LOCAL DEF_LOCAL|USE
    y: CELL DEF_LOCAL|USE
    ys: LOCAL DEF_LOCAL|USE
    function listcomp line 2
      code varnames=.0,x cellvars= freevars=y flags=-
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      y: FREE DEF_LOCAL|DEF_NONLOCAL|USE
    function genexpr line 3
      code varnames=.0,v cellvars= freevars= flags=generator
      .0: LOCAL DEF_PARAM
      v: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
    function dictcomp line 4
      code varnames=.0,k,v cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      k: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      v: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
    function setcomp line 5
      code varnames=.0,a,b cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      a: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      b: LOCAL DEF_LOCAL|DEF_COMP_ITER
  function listcomp line 7
    code varnames=.0,q cellvars= freevars= flags=-
    .0: LOCAL DEF_PARAM
    q: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
    z: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
"#,
        );
    }
    #[test]
    fn walrus_nested_and_global() {
        check(
            r#"def f():
    global g
    [(g := 1) for _ in range(2)]
    [[(h := j) for j in range(2)] for _ in range(2)]
    return h
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  g: GLOBAL_EXPLICIT DEF_GLOBAL
  function f line 1
    code varnames= cellvars=h freevars= flags=-
    g: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
    h: CELL DEF_LOCAL|USE
    range: GLOBAL_IMPLICIT USE
    function listcomp line 3
      code varnames=.0,_ cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      _: LOCAL DEF_LOCAL|DEF_COMP_ITER
      g: GLOBAL_EXPLICIT DEF_GLOBAL|DEF_LOCAL
    function listcomp line 4
      code varnames=.0,_ cellvars= freevars=h flags=-
      .0: LOCAL DEF_PARAM
      _: LOCAL DEF_LOCAL|DEF_COMP_ITER
      h: FREE 
      range: GLOBAL_IMPLICIT USE
      function listcomp line 4
        code varnames=.0,j cellvars= freevars=h flags=-
        .0: LOCAL DEF_PARAM
        h: FREE DEF_LOCAL|DEF_NONLOCAL
        j: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
"#,
        );
    }
    #[test]
    fn lambda_defaults_outside() {
        check(
            r#"def f(a):
    g = lambda x=a, *, y=b: x + y + a
    return g
h = lambda p=lambda: q: p
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  h: LOCAL DEF_LOCAL
  function f line 1
    code varnames=a,g cellvars=a freevars= flags=-
    a: CELL DEF_PARAM|USE
    b: GLOBAL_IMPLICIT USE
    g: LOCAL DEF_LOCAL|USE
    function lambda line 2
      code varnames=x,y cellvars= freevars=a flags=-
      a: FREE USE
      x: LOCAL DEF_PARAM|USE
      y: LOCAL DEF_PARAM|USE
  function lambda line 4
    code varnames= cellvars= freevars= flags=-
    q: GLOBAL_IMPLICIT USE
  function lambda line 4
    code varnames=p cellvars= freevars= flags=-
    p: LOCAL DEF_PARAM|USE
"#,
        );
    }
    #[test]
    fn delete() {
        check(
            r#"def f():
    x = 1
    del x
    del y
    del z.attr, w[0]
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=x,y cellvars= freevars= flags=-
    w: GLOBAL_IMPLICIT USE
    x: LOCAL DEF_LOCAL
    y: LOCAL DEF_LOCAL
    z: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn imports() {
        check(
            r#"import a.b.c
import d.e as f
from g import h, i as j
from . import k
from .l import *
def func():
    import os.path
    from m import n as o
"#,
            r#"module top line 0
  a: LOCAL DEF_IMPORT
  f: LOCAL DEF_IMPORT
  func: LOCAL DEF_LOCAL
  h: LOCAL DEF_IMPORT
  j: LOCAL DEF_IMPORT
  k: LOCAL DEF_IMPORT
  function func line 6
    code varnames=os,o cellvars= freevars= flags=-
    o: LOCAL DEF_IMPORT
    os: LOCAL DEF_IMPORT
"#,
        );
    }
    #[test]
    fn except_with() {
        check(
            r#"def f(p, q):
    try:
        pass
    except E as e:
        pass
    with open(p) as fh, q as (r, s):
        pass
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=p,q,e,fh,r,s cellvars= freevars= flags=-
    E: GLOBAL_IMPLICIT USE
    e: LOCAL DEF_LOCAL
    fh: LOCAL DEF_LOCAL
    open: GLOBAL_IMPLICIT USE
    p: LOCAL DEF_PARAM|USE
    q: LOCAL DEF_PARAM|USE
    r: LOCAL DEF_LOCAL
    s: LOCAL DEF_LOCAL
"#,
        );
    }
    #[test]
    fn match_captures() {
        check(
            r#"def f(cmd):
    match cmd:
        case [x, *rest]:
            pass
        case {"k": v, **kw}:
            pass
        case Point(x=px, y=0) | Point(x=px, y=1):
            pass
        case str() as s if s:
            pass
        case Color.RED:
            pass
        case _:
            pass
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=cmd,x,rest,v,kw,px,s cellvars= freevars= flags=-
    Color: GLOBAL_IMPLICIT USE
    Point: GLOBAL_IMPLICIT USE
    cmd: LOCAL DEF_PARAM|USE
    kw: LOCAL DEF_LOCAL
    px: LOCAL DEF_LOCAL
    rest: LOCAL DEF_LOCAL
    s: LOCAL DEF_LOCAL|USE
    str: GLOBAL_IMPLICIT USE
    v: LOCAL DEF_LOCAL
    x: LOCAL DEF_LOCAL
"#,
        );
    }
    #[test]
    fn annotations() {
        check(
            r#"x: int
y: list = []
def f(a: A, b: "B" = 1) -> R:
    z: Z
    w: W = 0
    (p): P = 1
    q.r: Q
    return z
class C:
    attr: T
"#,
            r#"module top line 0
  A: GLOBAL_IMPLICIT USE
  C: LOCAL DEF_LOCAL
  R: GLOBAL_IMPLICIT USE
  f: LOCAL DEF_LOCAL
  int: GLOBAL_IMPLICIT USE
  list: GLOBAL_IMPLICIT USE
  x: LOCAL DEF_LOCAL|DEF_ANNOT
  y: LOCAL DEF_LOCAL|DEF_ANNOT
  function f line 3
    code varnames=a,b,w,p,z cellvars= freevars= flags=-
    P: GLOBAL_IMPLICIT USE
    Q: GLOBAL_IMPLICIT USE
    W: GLOBAL_IMPLICIT USE
    Z: GLOBAL_IMPLICIT USE
    a: LOCAL DEF_PARAM
    b: LOCAL DEF_PARAM
    p: LOCAL DEF_LOCAL
    q: GLOBAL_IMPLICIT USE
    w: LOCAL DEF_LOCAL|DEF_ANNOT
    z: LOCAL DEF_LOCAL|USE|DEF_ANNOT
  class C line 9
    code varnames= cellvars= freevars= flags=-
    T: GLOBAL_IMPLICIT USE
    attr: LOCAL DEF_LOCAL|DEF_ANNOT
"#,
        );
    }
    #[test]
    fn future_annotations() {
        check(
            r#"from __future__ import annotations
def f(a: A) -> B:
    x: C = 1
    return x
v: (lambda: D)
"#,
            r#"module top line 0
  annotations: LOCAL DEF_IMPORT
  f: LOCAL DEF_LOCAL
  v: LOCAL DEF_LOCAL|DEF_ANNOT
  function f line 2
    code varnames=a,x cellvars= freevars= flags=-
    a: LOCAL DEF_PARAM
    x: LOCAL DEF_LOCAL|USE|DEF_ANNOT
"#,
        );
    }
    #[test]
    fn star_targets() {
        check(
            r#"def f(it):
    a, *b, (c, [d, *e]) = it
    for i, *j in it:
        pass
    [*k] = it
    return a
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=it,a,b,c,d,e,i,j,k cellvars= freevars= flags=-
    a: LOCAL DEF_LOCAL|USE
    b: LOCAL DEF_LOCAL
    c: LOCAL DEF_LOCAL
    d: LOCAL DEF_LOCAL
    e: LOCAL DEF_LOCAL
    i: LOCAL DEF_LOCAL
    it: LOCAL DEF_PARAM|USE
    j: LOCAL DEF_LOCAL
    k: LOCAL DEF_LOCAL
"#,
        );
    }
    #[test]
    fn generators_and_coroutines() {
        check(
            r#"def g():
    yield 1
def h():
    x = yield from g()
async def co():
    await h()
async def ag():
    yield 1
async def ac(xs):
    return [x async for x in xs]
async def nested(xs):
    return [[await y for y in x] for x in xs]
def ge(y):
    return (await x for x in y)
def ge2(y):
    return (x async for x in y)
lam = lambda: (yield)
"#,
            r#"module top line 0
  ac: LOCAL DEF_LOCAL
  ag: LOCAL DEF_LOCAL
  co: LOCAL DEF_LOCAL
  g: LOCAL DEF_LOCAL
  ge: LOCAL DEF_LOCAL
  ge2: LOCAL DEF_LOCAL
  h: LOCAL DEF_LOCAL
  lam: LOCAL DEF_LOCAL
  nested: LOCAL DEF_LOCAL
  function g line 1
    code varnames= cellvars= freevars= flags=generator
  function h line 3
    code varnames=x cellvars= freevars= flags=generator
    g: GLOBAL_IMPLICIT USE
    x: LOCAL DEF_LOCAL
  function co line 5
    code varnames= cellvars= freevars= flags=coroutine
    h: GLOBAL_IMPLICIT USE
  function ag line 7
    code varnames= cellvars= freevars= flags=async_generator
  function ac line 9
    code varnames=xs cellvars= freevars= flags=coroutine
    xs: LOCAL DEF_PARAM|USE
    function listcomp line 10
      code varnames=.0,x cellvars= freevars= flags=coroutine
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
  function nested line 11
    code varnames=xs cellvars= freevars= flags=coroutine
    xs: LOCAL DEF_PARAM|USE
    function listcomp line 12
      code varnames=.0,x cellvars= freevars= flags=coroutine
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      function listcomp line 12
        code varnames=.0,y cellvars= freevars= flags=coroutine
        .0: LOCAL DEF_PARAM
        y: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
  function ge line 13
    code varnames=y cellvars= freevars= flags=-
    y: LOCAL DEF_PARAM|USE
    function genexpr line 14
      code varnames=.0,x cellvars= freevars= flags=async_generator
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
  function ge2 line 15
    code varnames=y cellvars= freevars= flags=-
    y: LOCAL DEF_PARAM|USE
    function genexpr line 16
      code varnames=.0,x cellvars= freevars= flags=async_generator
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
  function lambda line 17
    code varnames= cellvars= freevars= flags=generator
"#,
        );
    }
    #[test]
    fn name_mangling() {
        check(
            r#"class C:
    __x = 1
    def __m(self, __a):
        __b = __a
        return self.__x
    def __dunder__(self):
        __ = 1
    class __Inner:
        __z = 2
class _:
    __y = 1
"#,
            r#"module top line 0
  C: LOCAL DEF_LOCAL
  _: LOCAL DEF_LOCAL
  class C line 1
    code varnames= cellvars= freevars= flags=-
    _C__Inner: LOCAL DEF_LOCAL
    _C__m: LOCAL DEF_LOCAL
    _C__x: LOCAL DEF_LOCAL
    __dunder__: LOCAL DEF_LOCAL
    function __m line 3
      code varnames=self,_C__a,_C__b cellvars= freevars= flags=-
      _C__a: LOCAL DEF_PARAM|USE
      _C__b: LOCAL DEF_LOCAL
      self: LOCAL DEF_PARAM|USE
    function __dunder__ line 6
      code varnames=self,__ cellvars= freevars= flags=-
      __: LOCAL DEF_LOCAL
      self: LOCAL DEF_PARAM
    class __Inner line 8
      code varnames= cellvars= freevars= flags=-
      _Inner__z: LOCAL DEF_LOCAL
  class _ line 10
    code varnames= cellvars= freevars= flags=-
    __y: LOCAL DEF_LOCAL
"#,
        );
    }
    #[test]
    fn nonlocal_in_class() {
        check(
            r#"def f():
    x = 1
    class C:
        nonlocal x
        x = 2
    return C
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=C cellvars=x freevars= flags=-
    C: LOCAL DEF_LOCAL|USE
    x: CELL DEF_LOCAL
    class C line 3
      code varnames= cellvars= freevars=x flags=-
      x: FREE DEF_LOCAL|DEF_NONLOCAL
"#,
        );
    }
    #[test]
    fn lambda_in_comprehension() {
        check(
            r#"def f():
    return [lambda: i for i in range(3)]
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames= cellvars= freevars= flags=-
    range: GLOBAL_IMPLICIT USE
    function listcomp line 2
      code varnames=.0 cellvars=i freevars= flags=-
      .0: LOCAL DEF_PARAM
      i: CELL DEF_LOCAL|DEF_COMP_ITER
      function lambda line 2
        code varnames= cellvars= freevars=i flags=-
        i: FREE USE
"#,
        );
    }
    #[test]
    fn comprehension_in_class() {
        check(
            r#"class C:
    xs = [1]
    ys = [x for x in xs]
    zs = [x for x in range(3) if x in xs]
"#,
            r#"module top line 0
  C: LOCAL DEF_LOCAL
  class C line 1
    code varnames= cellvars= freevars= flags=-
    range: GLOBAL_IMPLICIT USE
    xs: LOCAL DEF_LOCAL|USE
    ys: LOCAL DEF_LOCAL
    zs: LOCAL DEF_LOCAL
    function listcomp line 3
      code varnames=.0,x cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
    function listcomp line 4
      code varnames=.0,x cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      xs: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn parameter_cells() {
        check(
            r#"def f(a, b, /, c, *args, d, **kw):
    def g():
        return a, d, kw
    return g
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=a,b,c,d,args,kw,g cellvars=a,d,kw freevars= flags=-
    a: CELL DEF_PARAM
    args: LOCAL DEF_PARAM
    b: LOCAL DEF_PARAM
    c: LOCAL DEF_PARAM
    d: CELL DEF_PARAM
    g: LOCAL DEF_LOCAL|USE
    kw: CELL DEF_PARAM
    function g line 2
      code varnames= cellvars= freevars=a,d,kw flags=-
      a: FREE USE
      d: FREE USE
      kw: FREE USE
"#,
        );
    }
    #[test]
    fn varnames_order() {
        check(
            r#"def f():
    x = y = z
    w += 1
    v = lambda: 0
    for i in r:
        pass
    with m as n:
        pass
    u = a if b else c
    y = z = 0
    r = 1
    c = b = a = 0
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=z,x,y,w,v,r,i,n,b,a,c,u cellvars= freevars= flags=-
    a: LOCAL DEF_LOCAL|USE
    b: LOCAL DEF_LOCAL|USE
    c: LOCAL DEF_LOCAL|USE
    i: LOCAL DEF_LOCAL
    m: GLOBAL_IMPLICIT USE
    n: LOCAL DEF_LOCAL
    r: LOCAL DEF_LOCAL|USE
    u: LOCAL DEF_LOCAL
    v: LOCAL DEF_LOCAL
    w: LOCAL DEF_LOCAL
    x: LOCAL DEF_LOCAL
    y: LOCAL DEF_LOCAL
    z: LOCAL DEF_LOCAL|USE
    function lambda line 4
      code varnames= cellvars= freevars= flags=-
"#,
        );
    }
    #[test]
    fn varnames_try_and_annotations() {
        check(
            r#"def f():
    try:
        a = 1
    except E as b:
        c = 1
    else:
        d = 1
    finally:
        e = 1
    try:
        g = 1
    except* E as h:
        i = 1
    else:
        j = 1
    finally:
        k = 1
def g2():
    def f(a: A, /, b: B, *c: C, d: D, **e: E) -> R:
        pass
    A = B = C = D = E = R = 0
def g3():
    x[y] += z
    p.q: T
    t: V = w
    only_annotated: int
    del aa, bb[cc]
    match m:
        case [n, {ka.kb: o}, P(q1, r1=s1) | P(s1, r1=q1)] if gg:
            hh = 1
    (ii if jj else kk)
    {ll: mm for nn in oo for pp in qq if rr}
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  g2: LOCAL DEF_LOCAL
  g3: LOCAL DEF_LOCAL
  function f line 1
    code varnames=a,d,b,c,e,g,h,i,j,k cellvars= freevars= flags=-
    E: GLOBAL_IMPLICIT USE
    a: LOCAL DEF_LOCAL
    b: LOCAL DEF_LOCAL
    c: LOCAL DEF_LOCAL
    d: LOCAL DEF_LOCAL
    e: LOCAL DEF_LOCAL
    g: LOCAL DEF_LOCAL
    h: LOCAL DEF_LOCAL
    i: LOCAL DEF_LOCAL
    j: LOCAL DEF_LOCAL
    k: LOCAL DEF_LOCAL
  function g2 line 18
    code varnames=B,A,C,D,E,R,f cellvars= freevars= flags=-
    A: LOCAL DEF_LOCAL|USE
    B: LOCAL DEF_LOCAL|USE
    C: LOCAL DEF_LOCAL|USE
    D: LOCAL DEF_LOCAL|USE
    E: LOCAL DEF_LOCAL|USE
    R: LOCAL DEF_LOCAL|USE
    f: LOCAL DEF_LOCAL
    function f line 19
      code varnames=a,b,d,c,e cellvars= freevars= flags=-
      a: LOCAL DEF_PARAM
      b: LOCAL DEF_PARAM
      c: LOCAL DEF_PARAM
      d: LOCAL DEF_PARAM
      e: LOCAL DEF_PARAM
  function g3 line 22
    code varnames=t,aa,n,o,q1,s1,hh cellvars= freevars= flags=-
    P: GLOBAL_IMPLICIT USE
    T: GLOBAL_IMPLICIT USE
    V: GLOBAL_IMPLICIT USE
    aa: LOCAL DEF_LOCAL
    bb: GLOBAL_IMPLICIT USE
    cc: GLOBAL_IMPLICIT USE
    gg: GLOBAL_IMPLICIT USE
    hh: LOCAL DEF_LOCAL
    ii: GLOBAL_IMPLICIT USE
    int: GLOBAL_IMPLICIT USE
    jj: GLOBAL_IMPLICIT USE
    ka: GLOBAL_IMPLICIT USE
    kk: GLOBAL_IMPLICIT USE
    m: GLOBAL_IMPLICIT USE
    n: LOCAL DEF_LOCAL
    o: LOCAL DEF_LOCAL
    only_annotated: LOCAL DEF_LOCAL|DEF_ANNOT
    oo: GLOBAL_IMPLICIT USE
    p: GLOBAL_IMPLICIT USE
    q1: LOCAL DEF_LOCAL
    s1: LOCAL DEF_LOCAL
    t: LOCAL DEF_LOCAL|DEF_ANNOT
    w: GLOBAL_IMPLICIT USE
    x: GLOBAL_IMPLICIT USE
    y: GLOBAL_IMPLICIT USE
    z: GLOBAL_IMPLICIT USE
    function dictcomp line 32
      code varnames=.0,nn,pp cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      ll: GLOBAL_IMPLICIT USE
      mm: GLOBAL_IMPLICIT USE
      nn: LOCAL DEF_LOCAL|DEF_COMP_ITER
      pp: LOCAL DEF_LOCAL|DEF_COMP_ITER
      qq: GLOBAL_IMPLICIT USE
      rr: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn children_order() {
        check(
            r#"f = {
    (lambda: 1): (lambda: 2)
    for k in ()
}
g = ((lambda: 3)
     if (lambda: 4)
     else (lambda: 5))
def deco(
    a=lambda: 6,
    *,
    b=lambda: 7,
): pass
class K(
    (lambda: 8)(),
    metaclass=(lambda: 9)(),
): pass
"#,
            r#"module top line 0
  K: LOCAL DEF_LOCAL
  deco: LOCAL DEF_LOCAL
  f: LOCAL DEF_LOCAL
  g: LOCAL DEF_LOCAL
  function dictcomp line 1
    code varnames=.0,k cellvars= freevars= flags=-
    .0: LOCAL DEF_PARAM
    k: LOCAL DEF_LOCAL|DEF_COMP_ITER
    function lambda line 2
      code varnames= cellvars= freevars= flags=-
    function lambda line 2
      code varnames= cellvars= freevars= flags=-
  function lambda line 6
    code varnames= cellvars= freevars= flags=-
  function lambda line 5
    code varnames= cellvars= freevars= flags=-
  function lambda line 7
    code varnames= cellvars= freevars= flags=-
  function lambda line 9
    code varnames= cellvars= freevars= flags=-
  function lambda line 11
    code varnames= cellvars= freevars= flags=-
  function deco line 8
    code varnames=a,b cellvars= freevars= flags=-
    a: LOCAL DEF_PARAM
    b: LOCAL DEF_PARAM
  function lambda line 14
    code varnames= cellvars= freevars= flags=-
  function lambda line 15
    code varnames= cellvars= freevars= flags=-
  class K line 13
    code varnames= cellvars= freevars= flags=-
"#,
        );
    }
    #[test]
    fn class_free_passthrough() {
        check(
            r#"def outer():
    a = 1
    class C:
        def m(self):
            class D:
                def n(self):
                    return a
            return D
    return C
"#,
            r#"module top line 0
  outer: LOCAL DEF_LOCAL
  function outer line 1
    code varnames=C cellvars=a freevars= flags=-
    C: LOCAL DEF_LOCAL|USE
    a: CELL DEF_LOCAL
    class C line 3
      code varnames= cellvars= freevars=a flags=-
      a: FREE 
      m: LOCAL DEF_LOCAL
      function m line 4
        code varnames=self,D cellvars= freevars=a flags=-
        D: LOCAL DEF_LOCAL|USE
        a: FREE 
        self: LOCAL DEF_PARAM
        class D line 5
          code varnames= cellvars= freevars=a flags=-
          a: FREE 
          n: LOCAL DEF_LOCAL
          function n line 6
            code varnames=self cellvars= freevars=a flags=-
            a: FREE USE
            self: LOCAL DEF_PARAM
"#,
        );
    }
    #[test]
    fn comp_iter_vars() {
        check(
            r#"def f(xs):
    return [(x, y) for x in xs if x for y in x if y]
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=xs cellvars= freevars= flags=-
    xs: LOCAL DEF_PARAM|USE
    function listcomp line 2
      code varnames=.0,x,y cellvars= freevars= flags=-
      .0: LOCAL DEF_PARAM
      x: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
      y: LOCAL DEF_LOCAL|USE|DEF_COMP_ITER
"#,
        );
    }
    #[test]
    fn module_names() {
        check(
            r#"import sys
print(sys.argv)
for i in range(3):
    pass
def use():
    return i, sys, undefined
"#,
            r#"module top line 0
  i: LOCAL DEF_LOCAL
  print: GLOBAL_IMPLICIT USE
  range: GLOBAL_IMPLICIT USE
  sys: LOCAL USE|DEF_IMPORT
  use: LOCAL DEF_LOCAL
  function use line 5
    code varnames= cellvars= freevars= flags=-
    i: GLOBAL_IMPLICIT USE
    sys: GLOBAL_IMPLICIT USE
    undefined: GLOBAL_IMPLICIT USE
"#,
        );
    }
    #[test]
    fn finally_inlined_on_return() {
        check(
            r#"def f(fut):
    try:
        if fut:
            return
        res = fut.result()
        data, addr = res, 1
    finally:
        print(data, addr)
    for i in fut:
        try:
            continue
        finally:
            j = i
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=fut,data,addr,res,i,j cellvars= freevars= flags=-
    addr: LOCAL DEF_LOCAL|USE
    data: LOCAL DEF_LOCAL|USE
    fut: LOCAL DEF_PARAM|USE
    i: LOCAL DEF_LOCAL|USE
    j: LOCAL DEF_LOCAL
    print: GLOBAL_IMPLICIT USE
    res: LOCAL DEF_LOCAL|USE
"#,
        );
    }
    #[test]
    fn class_free_and_method_free() {
        check(
            r#"def f():
    w = 1
    v = 2
    class C:
        print(w)
        v = 3
        def m(self):
            return w, v
    return C
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=C cellvars=v,w freevars= flags=-
    C: LOCAL DEF_LOCAL|USE
    v: CELL DEF_LOCAL
    w: CELL DEF_LOCAL
    class C line 4
      code varnames= cellvars= freevars=v,w flags=-
      m: LOCAL DEF_LOCAL
      print: GLOBAL_IMPLICIT USE
      v: LOCAL DEF_LOCAL|DEF_FREE_CLASS
      w: FREE USE
      function m line 7
        code varnames=self cellvars= freevars=v,w flags=-
        self: LOCAL DEF_PARAM
        v: FREE USE
        w: FREE USE
"#,
        );
    }
    #[test]
    fn augassign_and_use() {
        check(
            r#"def f():
    x += 1
    y
    y = 2
"#,
            r#"module top line 0
  f: LOCAL DEF_LOCAL
  function f line 1
    code varnames=x,y cellvars= freevars= flags=-
    x: LOCAL DEF_LOCAL
    y: LOCAL DEF_LOCAL|USE
"#,
        );
    }
}

/// `(message, lineno, offset, end_lineno, end_offset)`.
type Expected = (&'static str, u32, u32, u32, u32);

/// `(source, error)` as CPython 3.11.7 reports them.
const ERRORS: &[(&str, Expected)] = &[
    (
        "def f(é, a, a): pass",
        (
            "duplicate argument 'a' in function definition",
            1,
            14,
            1,
            15,
        ),
    ),
    (
        "def f(a, a): pass",
        (
            "duplicate argument 'a' in function definition",
            1,
            10,
            1,
            11,
        ),
    ),
    (
        "def f(x):\n    global x",
        ("name 'x' is parameter and global", 2, 5, 2, 13),
    ),
    (
        "def f():\n    x = 1\n    global x",
        (
            "name 'x' is assigned to before global declaration",
            3,
            5,
            3,
            13,
        ),
    ),
    (
        "def f():\n    print(x)\n    global x",
        ("name 'x' is used prior to global declaration", 3, 5, 3, 13),
    ),
    (
        "x = 1\nglobal x",
        (
            "name 'x' is assigned to before global declaration",
            2,
            1,
            2,
            9,
        ),
    ),
    (
        "nonlocal x",
        (
            "nonlocal declaration not allowed at module level",
            1,
            1,
            1,
            11,
        ),
    ),
    (
        "def f():\n    nonlocal x",
        ("no binding for nonlocal 'x' found", 2, 5, 2, 15),
    ),
    (
        "def f(x):\n    nonlocal x",
        ("name 'x' is parameter and nonlocal", 2, 5, 2, 15),
    ),
    (
        "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x",
        ("name 'x' is nonlocal and global", 4, 9, 4, 17),
    ),
    (
        "def f():\n    x = 1\n    def g():\n        nonlocal x\n        global x",
        ("name 'x' is nonlocal and global", 4, 9, 4, 19),
    ),
    (
        "class C:\n    nonlocal x",
        ("no binding for nonlocal 'x' found", 2, 5, 2, 15),
    ),
    (
        "def f():\n  class C:\n    nonlocal x",
        ("no binding for nonlocal 'x' found", 3, 5, 3, 15),
    ),
    (
        "def f():\n    from m import *",
        ("import * only allowed at module level", 2, 19, 2, 20),
    ),
    (
        "class C:\n    from m import *",
        ("import * only allowed at module level", 2, 19, 2, 20),
    ),
    ("yield 1", ("'yield' outside function", 1, 1, 1, 8)),
    ("return 1", ("'return' outside function", 1, 1, 1, 9)),
    ("await x", ("'await' outside function", 1, 1, 1, 8)),
    ("break", ("'break' outside loop", 1, 1, 1, 6)),
    ("continue", ("'continue' not properly in loop", 1, 1, 1, 9)),
    (
        "class C:\n    return 1",
        ("'return' outside function", 2, 5, 2, 13),
    ),
    (
        "class C:\n    yield 1",
        ("'yield' outside function", 2, 5, 2, 12),
    ),
    (
        "def f():\n    x: int\n    global x",
        ("annotated name 'x' can't be global", 3, 5, 3, 13),
    ),
    (
        "def f():\n    global x\n    x: int = 1",
        ("annotated name 'x' can't be global", 3, 5, 3, 15),
    ),
    (
        "[x for x in (y := [1])]",
        (
            "assignment expression cannot be used in a comprehension iterable expression",
            1,
            14,
            1,
            22,
        ),
    ),
    (
        "def f():\n    [(x := 1) for x in y]",
        (
            "assignment expression cannot rebind comprehension iteration variable 'x'",
            2,
            7,
            2,
            8,
        ),
    ),
    (
        "class C:\n    [(y := 1) for x in z]",
        (
            "assignment expression within a comprehension cannot be used in a class body",
            2,
            7,
            2,
            8,
        ),
    ),
    (
        "def f():\n    [0 for i in x if (j := i) for j in y]",
        (
            "comprehension inner loop cannot rebind assignment expression target 'j'",
            2,
            35,
            2,
            36,
        ),
    ),
    (
        "[(yield 1) for x in y]",
        ("'yield' inside list comprehension", 1, 3, 1, 10),
    ),
    (
        "def f():\n    [(yield 1) for x in y]",
        ("'yield' inside list comprehension", 2, 7, 2, 14),
    ),
    (
        "def f():\n    {(yield 1) for x in y}",
        ("'yield' inside set comprehension", 2, 7, 2, 14),
    ),
    (
        "def f():\n    {(yield 1): 1 for x in y}",
        ("'yield' inside dict comprehension", 2, 7, 2, 14),
    ),
    (
        "def f():\n    ((yield 1) for x in y)",
        ("'yield' inside generator expression", 2, 7, 2, 14),
    ),
    (
        "async def f():\n    yield 1\n    return 2",
        ("'return' with value in async generator", 3, 5, 3, 13),
    ),
    (
        "async def f():\n    yield 1\n    return None",
        ("'return' with value in async generator", 3, 5, 3, 16),
    ),
    (
        "def f():\n    await x",
        ("'await' outside async function", 2, 5, 2, 12),
    ),
    (
        "async def f():\n    yield from x",
        ("'yield from' inside async function", 2, 5, 2, 17),
    ),
    (
        "def f():\n    async for x in y: pass",
        ("'async for' outside async function", 2, 5, 2, 27),
    ),
    (
        "def f():\n    async with x: pass",
        ("'async with' outside async function", 2, 5, 2, 23),
    ),
    (
        "def f():\n    [x async for x in y]",
        (
            "asynchronous comprehension outside of an asynchronous function",
            2,
            5,
            2,
            25,
        ),
    ),
    (
        "def f():\n    [[await y for y in x] for x in xs]",
        (
            "asynchronous comprehension outside of an asynchronous function",
            2,
            5,
            2,
            39,
        ),
    ),
    (
        "lambda: await x",
        ("'await' outside async function", 1, 9, 1, 16),
    ),
    (
        "while 1:\n    pass\nelse:\n    break",
        ("'break' outside loop", 4, 5, 4, 10),
    ),
    (
        "for x in y:\n    def f():\n        break",
        ("'break' outside loop", 3, 9, 3, 14),
    ),
    (
        "for x in y:\n    class C:\n        continue",
        ("'continue' not properly in loop", 3, 9, 3, 17),
    ),
    (
        "from __future__ import annotations\ndef f(x: (yield)): pass",
        (
            "'yield expression' can not be used within an annotation",
            2,
            11,
            2,
            16,
        ),
    ),
    (
        "from __future__ import annotations\nx: (y := 1)",
        (
            "'named expression' can not be used within an annotation",
            2,
            5,
            2,
            11,
        ),
    ),
    (
        "from __future__ import annotations\ndef f() -> await x: pass",
        (
            "'await expression' can not be used within an annotation",
            2,
            12,
            2,
            19,
        ),
    ),
    (
        "def f(x: (yield)): pass",
        ("'yield' outside function", 1, 11, 1, 16),
    ),
    ("x: (yield)", ("'yield' outside function", 1, 5, 1, 10)),
    (
        "é = 1; print(é); yield 2",
        ("'yield' outside function", 1, 20, 1, 27),
    ),
    (
        "def f():\n    y = 1\n    nonlocal x\n    nonlocal y",
        (
            "name 'y' is assigned to before nonlocal declaration",
            4,
            5,
            4,
            15,
        ),
    ),
    (
        "def f():\n  def g():\n    nonlocal x\n  x = 1\n  nonlocal z",
        ("no binding for nonlocal 'z' found", 5, 3, 5, 13),
    ),
    (
        "[x for x in [(lambda: (y := 1))]]",
        (
            "assignment expression cannot be used in a comprehension iterable expression",
            1,
            24,
            1,
            30,
        ),
    ),
    (
        "[[(j := 0) for i in range(5)] for j in range(5)]",
        (
            "assignment expression cannot rebind comprehension iteration variable 'j'",
            1,
            4,
            1,
            5,
        ),
    ),
    (
        "def f(*, a, a): pass",
        (
            "duplicate argument 'a' in function definition",
            1,
            13,
            1,
            14,
        ),
    ),
    (
        "def f(a, *a): pass",
        (
            "duplicate argument 'a' in function definition",
            1,
            11,
            1,
            12,
        ),
    ),
    (
        "lambda a, a: 0",
        (
            "duplicate argument 'a' in function definition",
            1,
            11,
            1,
            12,
        ),
    ),
    (
        "def f():\n    x\n    nonlocal x",
        (
            "name 'x' is used prior to nonlocal declaration",
            3,
            5,
            3,
            15,
        ),
    ),
    (
        "def f():\n    x: int\n    nonlocal x",
        ("annotated name 'x' can't be nonlocal", 3, 5, 3, 15),
    ),
    (
        "def f():\n    nonlocal x\n    x: int",
        ("annotated name 'x' can't be nonlocal", 3, 5, 3, 11),
    ),
    (
        "[i := 0 for i in range(5)]",
        (
            "assignment expression cannot rebind comprehension iteration variable 'i'",
            1,
            2,
            1,
            3,
        ),
    ),
    (
        "[(i := 0) for i, j in range(5)]",
        (
            "assignment expression cannot rebind comprehension iteration variable 'i'",
            1,
            3,
            1,
            4,
        ),
    ),
    (
        "for x in y:\n    try:\n        pass\n    except* E:\n        break",
        (
            "'break', 'continue' and 'return' cannot appear in an except* block",
            5,
            9,
            5,
            14,
        ),
    ),
    (
        "def f():\n    try:\n        pass\n    except* E:\n        return 1",
        (
            "'break', 'continue' and 'return' cannot appear in an except* block",
            5,
            16,
            5,
            17,
        ),
    ),
    (
        "def f():\n    try:\n        pass\n    except* E:\n        return x",
        (
            "'break', 'continue' and 'return' cannot appear in an except* block",
            5,
            9,
            5,
            17,
        ),
    ),
    (
        "def f():\n    try:\n        pass\n    except* E:\n        return (1, 2)",
        (
            "'break', 'continue' and 'return' cannot appear in an except* block",
            5,
            16,
            5,
            22,
        ),
    ),
    (
        "yield 1\nx = 1\ndef f(a, a): pass",
        (
            "duplicate argument 'a' in function definition",
            3,
            10,
            3,
            11,
        ),
    ),
    ("return\nbreak", ("'return' outside function", 1, 1, 1, 7)),
    (
        "def f():\n    x: (yield) = 1\n    return 2\nclass C:\n    y: (await z)",
        ("'await' outside function", 5, 9, 5, 16),
    ),
    (
        "def f():\n    y: (await z)\nawait q",
        ("'await' outside function", 3, 1, 3, 8),
    ),
    (
        "class C:\n  def f(self, __a, _C__a): pass",
        (
            "duplicate argument '_C__a' in function definition",
            2,
            20,
            2,
            25,
        ),
    ),
    (
        "from __future__ import braces",
        ("not a chance", 1, 1, 1, 0),
    ),
    (
        "from __future__ import nope",
        ("future feature nope is not defined", 1, 1, 1, 0),
    ),
    (
        "import x; from __future__ import annotations",
        (
            "from __future__ imports must occur at the beginning of the file",
            1,
            10,
            1,
            0,
        ),
    ),
    (
        "import x\nfrom __future__ import annotations",
        (
            "from __future__ imports must occur at the beginning of the file",
            2,
            1,
            2,
            35,
        ),
    ),
    (
        "def f():\n    from __future__ import annotations",
        (
            "from __future__ imports must occur at the beginning of the file",
            2,
            5,
            2,
            39,
        ),
    ),
    (
        "\"\"\"doc\"\"\"\nfrom __future__ import annotations\nfrom __future__ import print_function\nx = 1\nfrom __future__ import division",
        (
            "from __future__ imports must occur at the beginning of the file",
            5,
            1,
            5,
            32,
        ),
    ),
];

/// Valid programs (CPython compiles them).
const VALID: &[&str] = &[
    "def f():\n  x=1\n  class C:\n    nonlocal x",
    "def f():\n    global x\n    (x): int = 1",
    "global x\nx: int = 1",
    "async def f():\n    yield 1\n    return",
    "async def f():\n    [x async for x in y]",
    "def f():\n    (x async for x in y)",
    "lambda: (yield)",
    "while 1:\n    try:\n        pass\n    finally:\n        continue",
    "def f():\n    global x\n    [(x := 1) for y in z]",
    "async def f():\n    [[await y for y in x] for x in xs]",
    "for x in y:\n    try:\n        pass\n    except* E:\n        for z in w:\n            break",
    "def f():\n    x: (await y)",
    "async def f():\n    [x for x in await y]",
    "\"\"\"doc\"\"\"\nfrom __future__ import annotations, division\nfrom __future__ import print_function",
];
