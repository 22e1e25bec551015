"""Call sites that see more than one callee, run hot: a direct call's cache must follow the
function actually in the register (rebound globals, other arities, builtins, bound methods,
functions made anew on each iteration), and a name that looks like a builtin may be a Python
function. Also cell loads and method calls between moves and constants."""


def double(x):
    return 2 * x


def negate(x):
    return -x


def pair(x, y):
    return (x, y)


def apply_global(n):
    # The same call site sees `step` rebound to another function every few iterations.
    global step
    out = []
    for i in range(n):
        if i % 3 == 0:
            step = double
        elif i % 3 == 1:
            step = negate
        else:
            step = abs
        out.append(step(i - 5))
    return out


def apply_each(fs, n):
    # A call through a local that holds Python functions, builtins, classes and bound methods.
    out = []
    for i in range(n):
        for f in fs:
            out.append(f(i))
    return out


def make_adders(n):
    # A new closure on each iteration: equal code, distinct functions and cells.
    out = []
    for i in range(n):

        def add(x, i=i):
            return x + i

        out.append(add(100))
    return out


def wrong_arity(n):
    # The cached function later called with another number of arguments.
    f = double
    out = []
    for i in range(n):
        if i == n - 1:
            f = pair
            try:
                out.append(f(i))
            except TypeError as e:
                out.append(str(e))
        else:
            out.append(f(i))
    return out


def len(x):  # noqa: A001 - shadows the builtin on purpose
    return -1


def shadowed_builtin(words):
    # `len` here is the module's Python function, not the builtin.
    total = 0
    for w in words:
        total += len(w)
    return total


def closure_counter(n):
    count = 0
    seen = []

    def bump(k):
        nonlocal count
        count += k
        seen.append(count)
        return count

    for i in range(n):
        bump(i)
    return count, seen[-3:]


def method_runs(n):
    d = {}
    parts = []
    s = "ab"
    for i in range(n):
        t = s + str(i % 4)
        parts.append(t)
        d[t] = d.get(t, 0) + 1
        parts.append(t.upper())
    return sorted(d.items()), parts[-4:]


def fact(n):
    return 1 if n < 2 else n * fact(n - 1)


def recursion_through_sites(n):
    # Deep recursion through a cached site, then a call past the limit.
    out = [fact(20), fact(25)]
    try:
        fact(5000)
    except RecursionError as e:
        out.append(str(e))
    out.append(fact(10))
    return out


print(apply_global(12))
print(apply_each([double, negate, str, float, "<{}>".format, [].count], 4))
print(make_adders(6))
print(wrong_arity(4))
print(shadowed_builtin(["a", "bb", "ccc"] * 50))
print(closure_counter(300))
print(method_runs(200))
print(recursion_through_sites(3))
