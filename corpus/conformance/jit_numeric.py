# Numeric edge cases run hot inside functions, so that the JIT's inline fast paths (not the
# runtime's generic code) compute them: int overflow at every i64 boundary, floor division and
# modulo with every sign combination and zero, float inf/nan/-0.0, mixed int/float/bool
# arithmetic, and comparisons across int, float and bool. Each kernel repeats its work so a
# tier that compiles hot code has compiled it before the values that matter arrive.

MAX = 2**63 - 1
MIN = -2**63
REPEAT = 50


def add(x, y):
    return x + y


def sub(x, y):
    return x - y


def mul(x, y):
    return x * y


def floordiv(x, y):
    return x // y


def mod(x, y):
    return x % y


def truediv(x, y):
    return x / y


def lshift(x, y):
    return x << y


def rshift(x, y):
    return x >> y


def iadd(x, y):
    x += y
    return x


def run(label, f, x, y):
    out = None
    for _ in range(REPEAT):
        try:
            out = repr(f(x, y))
        except Exception as e:
            out = type(e).__name__ + ": " + str(e)
    print(label, x, y, "->", out)


# Overflow into big ints (and back) at the boundaries.
for x, y in [(MAX, 1), (MAX, 0), (MIN, -1), (MIN, 0), (MAX, MAX), (MIN, MIN), (MAX, MIN),
             (MAX - 1, 1), (MIN + 1, -1), (2**62, 2**62), (-2**62, -2**62 - 1)]:
    run("add", add, x, y)
    run("iadd", iadd, x, y)
    run("sub", sub, x, -y)
for x, y in [(MAX, 2), (MIN, -1), (MIN, 1), (3037000499, 3037000499), (3037000500, 3037000500),
             (-3037000500, 3037000500), (2**32, 2**31), (2**32, 2**32), (-1, MIN), (0, MIN)]:
    run("mul", mul, x, y)
for x, y in [(1, 62), (1, 63), (1, 64), (-1, 63), (-1, 64), (3, 61), (3, 62), (MAX, 1), (MIN, 1),
             (5, 0), (0, 100), (1, -1), (-8, 200)]:
    run("lshift", lshift, x, y)
    run("rshift", rshift, x, y)

# Floor division and modulo: every sign combination, zero, and the MIN // -1 overflow.
for x in [7, -7, 0, 1, -1, 6, -6, MAX, MIN]:
    for y in [2, -2, 3, -3, 1, -1, 0, 7, -7, MAX, MIN]:
        run("floordiv", floordiv, x, y)
        run("mod", mod, x, y)

# Floats: inf, nan, -0.0, and division by zero.
inf = float("inf")
nan = float("nan")
for x, y in [(inf, 1.0), (inf, -inf), (-inf, inf), (nan, 1.0), (0.0, -0.0), (-0.0, -0.0),
             (-0.0, 0.0), (1e308, 1e308), (1.0, 0.0), (-1.0, -0.0), (0.0, 0.0), (5.5, 2.0)]:
    run("add", add, x, y)
    run("sub", sub, x, y)
    run("mul", mul, x, y)
    run("truediv", truediv, x, y)
    run("floordiv", floordiv, x, y)
    run("mod", mod, x, y)

# Mixed int, float and bool operands.
for x, y in [(1, 2.5), (2.5, 1), (MAX, 1.0), (MIN, -1.0), (2**53 + 1, 0.0), (True, 1), (1, True),
             (True, 2.5), (False, 0), (True, True), (3, 0.0), (0, -0.0), (-0.0, 0)]:
    run("add", add, x, y)
    run("sub", sub, x, y)
    run("mul", mul, x, y)
    run("truediv", truediv, x, y)
    run("floordiv", floordiv, x, y)


# Comparisons: as values and fused with branches, across kinds.
def compare_all(x, y):
    r = []
    for _ in range(REPEAT):
        r = [x < y, x <= y, x > y, x >= y, x == y, x != y]
    branches = []
    for _ in range(REPEAT):
        branches = []
        if x < y:
            branches.append("lt")
        if not x < y:
            branches.append("not-lt")
        if x <= y:
            branches.append("le")
        if x > y:
            branches.append("gt")
        if x >= y:
            branches.append("ge")
        if not x >= y:
            branches.append("not-ge")
        if x == y:
            branches.append("eq")
        if x != y:
            branches.append("ne")
    return r, branches


pairs = [(1, 2), (2, 1), (1, 1), (MAX, MIN), (MIN, MAX), (1, 1.0), (1.0, 1), (2**53 + 1, 2.0**53),
         (2.0**53, 2**53 + 1), (nan, nan), (nan, 1), (1, nan), (0.0, -0.0), (-0.0, 0), (inf, MAX),
         (-inf, MIN), (True, 1), (False, 0.0), (True, 2), (1.5, True)]
for x, y in pairs:
    print("compare", x, y, compare_all(x, y))


# Truth of ints, floats and bools in branches.
def truth(v):
    t = 0
    for _ in range(REPEAT):
        t = 0
        if v:
            t += 1
        if not v:
            t += 2
        while v:
            t += 4
            break
    return t


for v in [0, 1, -1, MIN, 0.0, -0.0, nan, True, False, None, 2**64]:
    print("truth", v, truth(v))


# A loop that crosses the boundary mid-way: the fast path must hand over to big ints.
def accumulate(n):
    total = MAX - 5
    for i in range(n):
        total += 1
    return total


print(accumulate(10))


def countdown(n):
    total = MIN + 5
    for i in range(n):
        total -= 1
    return total


print(countdown(10))
