# dict: insertion order, methods, views, comparison, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


d = {"b": 2, "a": 1, "c": 3}
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
show("d['z']", lambda: d["z"])
show("d[[1]]", lambda: d[[1]])
d["d"] = 4
d["b"] = 20
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
del d["a"]
print(d, d.pop("c"), d.pop("zz", "default"), d)
show("d.pop('zz')", lambda: d.pop("zz"))
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d, d.setdefault("x", 100), d.setdefault("new", []), d)
print(d.popitem(), d)
e = dict(a=1, b=2)
f = dict([("a", 1), ("b", 2)])
print(e == f, e, dict(zip("abc", range(3))), dict.fromkeys("ab", 0), {})
print({1: "int", 1.0: "float", True: "bool"}, {0: "a", False: "b"})
g = {i: i * i for i in range(6)}
print(g, sum(g), sum(g.values()), max(g, key=lambda k: -k), sorted(g.items(), reverse=True)[:2])
print({**e, "c": 3, **{"a": 10}}, e | {"z": 0}, list(reversed(e)))
k = {}
for w in "the quick brown fox jumps over the lazy dog the end".split():
    k[w] = k.get(w, 0) + 1
print(k)
print({(1, 2): 3}[(1, 2)], {None: 1}[None], {-1: "m"}[-1], {2**70: "big"}[2**70])
show("{[]: 1}", lambda: {[]: 1})
show("{}.popitem()", lambda: {}.popitem())
c = {"a": 1}
c2 = c.copy()
c2["b"] = 2
c.clear()
print(c, c2, {1: 2} == {1: 2.0}, {1: 2} != {1: 3})
for key, value in {"one": 1, "two": 2}.items():
    print(key, value)
show("mutate during iteration", lambda: [c2.__setitem__(str(i), i) for i in c2])


# Stores to str keys already there, hot: the value changes (kind too), the key object and the
# order stay; new keys and non-str keys equal to nothing stored take the general path.
def tally(words, rounds):
    d = {"b": 0, 1: "one", "a": None}
    for r in range(rounds):
        for w in words:
            d[w] = [w, r] if r % 50 == 7 else (0 if r % 50 == 8 else d[w] + 1 if r > 8 else r)
        d[1.0] = r
    return d


t = tally(["a", "b", "é", "a", "", "b"], 200)
print(t, list(t), len(t))
hits = {"x": 0}
for v in hits:
    hits["x"] = v
print(hits)
show("new key while iterating", lambda: [hits.__setitem__("y" + k, 1) for k in hits])
