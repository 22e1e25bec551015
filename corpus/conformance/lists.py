# list: construction, methods, mutation, comparison, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


a = [3, 1, 4, 1, 5, 9, 2, 6]
print(a, len(a), a[0], a[-1], a[2:5], a[::-1], a[::3], 4 in a, 7 in a, a.index(1), a.count(1))
show("a[8]", lambda: a[8])
show("a.index(7)", lambda: a.index(7))
b = a.copy()
b.append(10)
b.extend([11, 12])
b.insert(0, 0)
b.insert(100, 99)
b.insert(-1, 98)
print(b, b.pop(), b.pop(0), b.pop(-2), b)
b.remove(1)
print(b)
show("b.remove(42)", lambda: b.remove(42))
show("[].pop()", lambda: [].pop())
b.reverse()
print(b)
b.sort()
print(b)
b.sort(reverse=True)
print(b)
words = ["pear", "Apple", "fig", "banana", "cherry", "date"]
words.sort(key=len)
print(words)
words.sort(key=str.lower)
print(words)
print(sorted(words, key=lambda w: (len(w), w), reverse=True))
print([1, 2] + [3], [0] * 5, [[0] * 2] * 2, 2 * [1, 2], [] * 3)
print([1, 2, 3] == [1, 2, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 5], [] == [])
c = [1, 2, 3]
c += [4]
c *= 2
print(c)
del c[0]
del c[-2:]
print(c)
c.clear()
print(c, bool(c), bool([0]))
nested = [[1, 2], [3, [4, 5]]]
print(nested, nested[1][1][0], list("abc"), list(range(5)), list((1, 2)))
show("[1] + (2,)", lambda: [1] + (2,))
show("[1] < ['a']", lambda: [1] < ["a"])
show("a['x']", lambda: a["x"])
m = [5, 3, 8]
m[1] = 30
print(m, max(m), min(m), sum(m), sorted(m), m)


def mutate_while_iterating():
    # A for loop over a list sees appends and removals made by its body.
    xs = [1, 2, 3]
    out = []
    for x in xs:
        out.append(x)
        if x < 6:
            xs.append(x + 3)
        if x == 4:
            xs.pop(0)
    it = iter([10, 20])
    first = [v for v in it]
    return out, xs, first, list(it)


print(mutate_while_iterating())
