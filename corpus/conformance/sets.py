# set and frozenset: algebra, methods, and CPython's iteration order for ints.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


s = {3, 1, 2}
print(s, len(s), 1 in s, 5 in s, set(), set([1, 1, 2]), set("aab") == {"a", "b"})
print({5, 9, 13, 17, 1, 33, 65}, {100, 2, 7, 1000, 50}, {-1, -2, 0, 8, 16})
print(set(range(20)), {x * 7 % 23 for x in range(15)})
print({2**62, 2**63, 1, -5}, {1.5, 2.5, 1})
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {1} <= a, a > {1}, a == {4, 3, 2, 1})
print(a.union([9]), a.intersection(range(3)), a.difference({1}), a.symmetric_difference([4, 8]))
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7}))
a.add(10)
a.discard(1)
a.remove(2)
print(a)
show("a.remove(42)", lambda: a.remove(42))
print(a.pop() in {3, 4, 10}, len(a))
a.update([7, 8], {9})
print(sorted(a))
a.clear()
print(a, frozenset([3, 1]), frozenset() == set(), hash(frozenset([1])) == hash(frozenset([1])))
fs = frozenset([1, 2])
print({fs: "x"}[frozenset([2, 1])], fs | {3}, type(fs | {3}).__name__, type({3} | fs).__name__)
show("{[1]}", lambda: {[1]})
show("set().pop()", lambda: set().pop())
big = set()
for i in range(0, 200, 3):
    big.add(i)
for i in range(0, 200, 6):
    big.discard(i)
print(big)
print(sorted({"banana", "apple", "cherry"}), len({"a", "b", "a"}))
