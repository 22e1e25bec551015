# Functions: defaults, keyword arguments, keyword-only, *args/**kwargs, unpacking, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, sorted(kwargs.items()))


print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=5, d=0))
print(f(*[1, 2, 3], **{"c": 9, "z": 1}))
show("f()", lambda: f())
show("f(1)", lambda: f(1))
show("f(1, c=1, a=2)", lambda: f(1, c=1, a=2))


def g(x, y):
    return x - y


print(g(y=1, x=10), g(*(5, 3)), g(**{"x": 1, "y": 2}))
show("g(1, 2, 3)", lambda: g(1, 2, 3))
show("g(1, z=2)", lambda: g(1, z=2))
show("g(1)", lambda: g(1))


def h(pos, /, both, *, kw):
    return pos, both, kw


print(h(1, 2, kw=3), h(1, both=2, kw=3))
show("h(pos=1, both=2, kw=3)", lambda: h(pos=1, both=2, kw=3))
show("h(1, 2, 3)", lambda: h(1, 2, 3))


def defaults(x, acc=[]):
    acc.append(x)
    return acc


print(defaults(1), defaults(2), defaults(3, []))


def no_return():
    pass


print(no_return(), (lambda: 42)(), (lambda x, y=1: x + y)(1), (lambda *a, **k: (a, k))(1, b=2))


def recursive(n):
    return 1 if n <= 1 else n * recursive(n - 1)


print(recursive(20), recursive(30))
print(f.__name__, g.__name__, (lambda: 0).__name__)


def varargs(*args):
    return len(args), args


print(varargs(), varargs(1), varargs(*range(4), *"ab"))
show("int(1, 2, 3, 4)", lambda: int(1, 2, 3, 4))
show("len()", lambda: len())
show("len(1)", lambda: len(1))
five = 5
show("call int", lambda: five())
