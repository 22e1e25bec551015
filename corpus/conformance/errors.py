# Exception messages, exactly as CPython words them.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


show("1 / 0", lambda: 1 / 0)
show("1 // 0", lambda: 1 // 0)
show("1 % 0", lambda: 1 % 0)
show("1 + 'a'", lambda: 1 + "a")
show("'a' + 1", lambda: "a" + 1)
show("[] + {}", lambda: [] + {})
show("'a' * 'b'", lambda: "a" * "b")
show("-'a'", lambda: -"a")
show("~1.5", lambda: ~1.5)
show("1 < 'a'", lambda: 1 < "a")
show("[1][5]", lambda: [1][5])
show("'abc'[5]", lambda: "abc"[5])
show("(1,)[5]", lambda: (1,)[5])
show("{}['k']", lambda: {}["k"])
show("{}[1]", lambda: {}[1])
show("undefined", lambda: undefined_thing)
show("None.x", lambda: None.x)
show("(1).foo", lambda: (1).foo)
show("'s'.nope", lambda: "s".nope)
nothing = None
show("None()", lambda: nothing())
one = [1]
show("[1][1.0]", lambda: one[1.0])
text = "x"
show("'x'['a']", lambda: text["a"])
show("int('x')", lambda: int("x"))
show("float('1.2.3')", lambda: float("1.2.3"))
show("[].index(1)", lambda: [].index(1))
show("'abc'.index('z')", lambda: "abc".index("z"))
show("len(5)", lambda: len(5))
show("iter(5)", lambda: iter(5))
show("hash([])", lambda: hash([]))
show("{}.x = 1", lambda: setattr({}, "x", 1))
show("1 ** 'a'", lambda: 1 ** "a")
show("2 ** -1 % 0", lambda: pow(2, 1, 0))
show("[1, 2].sort(key=1)", lambda: [1, 2].sort(key=1))
show("list(1)", lambda: list(1))
show("a, b = 1", lambda: unpack_int())


def unpack_int():
    a, b = 1
    return a


def raiser(kind):
    if kind == 0:
        raise ValueError("custom message")
    if kind == 1:
        raise KeyError("k")
    if kind == 2:
        raise TypeError
    raise RuntimeError("x", 1)


for k in range(4):
    try:
        raiser(k)
    except (ValueError, KeyError) as e:
        print("caught", type(e).__name__, e, e.args)
    except Exception as e:
        print("generic", type(e).__name__, repr(str(e)), e.args)
    finally:
        print("finally", k)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("converted")
except ValueError as e:
    print("chained:", e, type(e.__context__).__name__)
try:
    assert 1 == 2, "assertion text"
except AssertionError as e:
    print("AssertionError:", e)
