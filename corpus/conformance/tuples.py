# tuple: construction, unpacking, comparison, hashing as dict keys.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


t = (1, "two", 3.0, None, True)
print(t, len(t), t[1], t[-1], t[1:3], t[::-1], () , (1,), tuple([1, 2]), tuple("ab"))
print(t.index("two"), t.count(1), (1, 2) + (3,), (0,) * 3, 3.0 in t)
a, b, c = 1, 2, 3
print(a, b, c)
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
x, (y, z) = 1, (2, 3)
print(first, rest, init, last, x, y, z)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, "a") == (1, "a"), () < (0,))
d = {(1, 2): "a", (3,): "b"}
print(d[(1, 2)], d[3,], hash((1, 2)) == hash((1, 2)))
show("t[10]", lambda: t[10])
show("t.index(42)", lambda: t.index(42))
show("(1,) + [2]", lambda: (1,) + [2])
for i, (p, q) in enumerate([(1, 2), (3, 4)]):
    print(i, p, q)
print(((1,),), ((),), tuple(), tuple(range(3)))


def exec_unpack():
    p, q = (1, 2, 3)
    return p, q


show("unpack too many", exec_unpack)


def unpack_few():
    p, q, r = (1, 2)
    return p


show("unpack too few", unpack_few)
