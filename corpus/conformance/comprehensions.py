# Comprehensions and generator expressions consumed by builtins.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print({x % 4 for x in range(10)})
print({x: x ** 2 for x in range(5) if x != 2})
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x + 1 for x in [1, 2, 3]), tuple(c.upper() for c in "abc"), sorted(-x for x in range(4)))
print(any(x > 3 for x in range(5)), all(x < 3 for x in range(5)), min(x % 5 for x in range(7, 12)))
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)], [v for row in matrix for v in row])
x = "outer"
print([x for x in "ab"], x)
print([(lambda y: y * 2)(v) for v in range(3)])
words = ["apple", "bob", "kayak", "level", "zebra"]
print([w for w in words if w == w[::-1]], {w[0]: len(w) for w in words})
print(dict((k, v) for k, v in zip("abc", range(3))), set(n * n for n in range(-3, 4)))
print([i for i in range(3)] + [j for j in range(3, 5)], [[]for _ in range(2)])
print([y for y in (n * 2 for n in range(5)) if y > 2])
print("".join(str(d) for d in range(10)), list(map(lambda p: p[0] * p[1], zip([1, 2], [3, 4]))))
print([(a, b) for a, b in enumerate("xy")], [n for n in range(10)][::-3])
