"""Generators resumed from runtime code (sum, list, sorted, zip, min) and from Python code
(next, send, throw, close), many times over: each resumption must see the values and cells
the last one left, and finish exactly once."""


def squares(n):
    for i in range(n):
        yield i * i


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "done"


def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return count
        total += value
        count += 1
        average = total / count


def delegate():
    result = yield from countdown(3)
    yield result


def closure_gen(k):
    acc = []

    def push(x):
        acc.append(x * k)
        return len(acc)

    for i in range(4):
        yield push(i)
    yield acc


def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        yield "caught " + str(e)
    finally:
        log.append("finally")


log = []

# Resumed by builtins, thousands of times.
print(sum(squares(2000)))
print(sum(i * 0.5 for i in range(3000)))
print(list(countdown(5)), sorted(squares(6), reverse=True))
print(min(x % 7 for x in range(100, 200)), max(x % 11 for x in range(50)))
print(list(zip(squares(4), countdown(4))))
v = [1.0, 2.0, 3.0]
print([sum(v[j] * (i + j) for j in range(3)) for i in range(3)])

# Driven by Python code.
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)
print(next(g, "exhausted"))
try:
    next(g)
except StopIteration as e:
    print("stop again", e.value, e.args)
g = countdown(1)
print(next(g))
try:
    g.send(None)
except StopIteration as e:
    print("send stop", e.value)
try:
    g.send(None)
except StopIteration as e:
    print("send stop again", e.value)

a = averager()
next(a)
print([a.send(x) for x in (10, 20, 60)])
try:
    a.send(None)
except StopIteration as e:
    print("count", e.value)

print(list(delegate()))
print(list(closure_gen(3)))

g = guarded()
print(next(g), g.throw(ValueError("boom")))
g.close()
print(log)

g = guarded()
print(next(g))
g.close()
print(log)

g = squares(3)
g.close()
print(list(g))

try:
    squares(2).send(5)
except TypeError as e:
    print(e)


def leaks_stop():
    yield 1
    raise StopIteration("inner")


try:
    list(leaks_stop())
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)
