"""Operators the VM quickens after a few hundred runs (`& | ^ << >>` on ints, `**` on floats,
mixed int/float arithmetic, in-place float arithmetic), then sees operands their fast path
must refuse: the results and errors must stay exactly Python's."""


def run(f, xs, ys):
    out = []
    for x, y in zip(xs, ys):
        try:
            out.append(f(x, y))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


def show(name, f, xs, ys):
    # Hot first (quickened on ints or floats), then the edge cases at the end.
    res = run(f, xs, ys)
    print(name, res[-12:], sum(1 for r in res if isinstance(r, str)))


HOT = 300
ints = list(range(-HOT // 2, HOT // 2))
small = [i % 13 for i in range(HOT)]

show("and", lambda x, y: x & y, ints + [2**70, -1, True, 3], small + [2**65 + 1, 2**64, 5, True])
show("or", lambda x, y: x | y, ints + [2**70, -(2**63), True, 1.5], small + [1, 1, False, 1])
show("xor", lambda x, y: x ^ y, ints + [2**64, -1, True, "a"], small + [3, 2**63, True, 1])
show("rshift", lambda x, y: x >> y,
     ints + [-5, -1, 7, 2**70, 1, -(2**63), 5], small + [1, 63, 64, 3, -1, 63, 200])
show("lshift", lambda x, y: x << y,
     ints + [1, 1, -1, 2**62, -(2**62), 3, 1, 0],
     small + [62, 63, 63, 1, 1, 62, -2, 1000])
show("lshift float", lambda x, y: x << y, ints + [1.0], small + [1])

floats = [0.5 + i / 7 for i in range(HOT)]
show("pow", lambda x, y: x ** y,
     floats + [0.0, -8.0, -8.0, 10.0, 1e300, float("inf"), float("nan"), -0.0, 2.0, 0.0],
     [0.5] * HOT + [-1.0, 2.0, 3.0, 400.0, 2.0, -1.0, 0.0, 3.0, -1075.0, 0.0])
show("pow mixed", lambda x, y: x ** y,
     floats + [2, -2, 0, 2**60, 10], [2] * HOT + [0.5, 2.0, -1.5, 0.5, 400.0])
show("mul mixed", lambda x, y: x * y,
     floats + [2**53 + 1, 2**60, 3, True, -0.0], ints + [1.0, 0.5, float("nan"), 2.5, 5])
show("div mixed", lambda x, y: x / y,
     ints + [1, 2**80, 7, 1.0, -0.0], floats + [0.0, 3.0, 2**54 + 1, 0, 2])
show("add mixed", lambda x, y: x + y,
     floats + [2**63 - 1, -(2**63), 1e308], ints + [0.5, -0.5, 2**1023])
show("sub mixed", lambda x, y: x - y,
     ints + [0.1, float("inf")], floats + [2**53, 2**1024 - 1 if False else 1])


def inplace_floats(n):
    acc = 0.0
    prod = 1.0
    k = 0
    for i in range(n):
        acc += i * 0.25
        acc -= 0.125
        prod *= 1.0001
        prod /= 1.00005
        k += i
        k -= 1
    return acc, prod, k


print(inplace_floats(500))


def inplace_switch():
    x = 1.5
    out = []
    for i in range(200):
        x += 1
        if i == 150:
            x = 10**30
        out.append(x)
    out.append(x)
    y = 2.0
    for i in range(100):
        y **= 1.01
    out.append(y)
    try:
        z = 1e200
        for i in range(100):
            z **= 2.0
    except OverflowError as e:
        out.append(str(e))
    s = 0.0
    for i in range(100):
        s /= 1.5
        if i == 90:
            s = 0
            try:
                s /= 0.0
            except ZeroDivisionError as e:
                out.append(str(e))
    return out[-6:]


print(inplace_switch())


def shifts(n):
    total = 0
    for i in range(n):
        total ^= (i << 3) | (i >> 2)
        total &= 0xFFFFF
    return total


print(shifts(1000))


def pick(i, n):
    # Floats, then ints near the end: the JIT's hints (from `x = 0.0` below) say float.
    return 2**60 + i if i > n - 4 else i + 0.5


def hinted(n):
    x = 0.0
    y = 0.0
    out = []
    for i in range(n):
        x = pick(i, n)
        y = pick(i + 1, n)
        out.append((x * y, x / y, x - y, x + 1.5, x < y, x <= 2.0, y == x + 1))
    return out[-5:]


for row in hinted(400):
    print(row)
