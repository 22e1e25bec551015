"""Constants read in place (the bytecode tier's constant registers): each literal keeps its own
type and sign (1, 1.0, True, -0.0, 0.0 are distinct), the same constant serves many reads,
in loops hot enough for the JIT, across calls, generators, recursion and exceptions, and a
function with more constants than the compiler keeps in registers still sees every one."""


def kinds(x):
    return (x + 1, x + 1.0, x + True, x * -0.0, x * 0.0, x == None, x is None)


for v in (0, 1, -3, 2.5, True):
    print(kinds(v))
print(1 / -0.0 if False else repr(-0.0 * 1), repr(0.0 * -1), repr(-0.0 + 0.0))
print(1 == 1.0, True == 1, repr(1.0 // 1), repr(True + 0))


def hot(n):
    total = 0
    acc = 0.0
    for i in range(n):
        total += i % 7 - 3
        acc += 0.5 * i - 1.25
        if i > 1000 and i < 1010:
            total -= -1
        total = total ^ 5
    return total, acc


print(hot(5000))


def gen(n):
    i = 0
    while i < n:
        yield i * 2 + 1
        i = i + 1
    yield None


print(list(gen(6)))


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(25), fact(1), fact(0))


def after_error(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return -1.5
    finally:
        x = 7


print([after_error(v) for v in (3, 0, -4)])


def overflow(x):
    return x * 4611686018427387904 + 9223372036854775807


print(overflow(1), overflow(-3), overflow(2))


def many(a):
    return [
        a + 0, a + 1, a + 2, a + 3, a + 4, a + 5, a + 6, a + 7, a + 8, a + 9,
        a + 10, a + 11, a + 12, a + 13, a + 14, a + 15, a + 16, a + 17, a + 18, a + 19,
        a + 20, a + 21, a + 22, a + 23, a + 24, a + 25, a + 26, a + 27, a + 28, a + 29,
        a + 30, a + 31, a + 32, a + 33, a + 34, a + 35, a + 36, a + 37, a + 38, a + 39,
        a * 1.5, a * -2.5, a - True, a - False, a == None,
    ]


for _ in range(300):
    r = many(2)
print(r)
print(many(0.5)[-5:])

lam = lambda y: y * 3 - 1
print([lam(k) for k in range(5)], {k: k > 2 for k in (1, 2, 3)})
