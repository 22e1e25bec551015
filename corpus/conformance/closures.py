# Closures, global and nonlocal.
def counter():
    count = 0

    def inc(by=1):
        nonlocal count
        count += by
        return count
    return inc


c1 = counter()
c2 = counter()
print(c1(), c1(), c1(10), c2())


def adders():
    return [lambda x, i=i: x + i for i in range(3)], [lambda x: x + i for i in range(3)]


early, late = adders()
print([f(10) for f in early], [f(10) for f in late])

total = 0


def add_global(n):
    global total
    total += n
    return total


print(add_global(5), add_global(6), total)


def outer():
    x = "outer"

    def middle():
        def inner():
            return x
        return inner
    x = "changed"
    return middle()()


print(outer())


def make_accumulators():
    data = []

    def push(v):
        data.append(v)
        return len(data)

    def get():
        return list(data)
    return push, get


push, get = make_accumulators()
push(1)
push(2)
print(get())


def shadow():
    x = 1

    def f():
        x = 2
        return x
    return f(), x


print(shadow())


def unbound():
    try:
        print(y)
    except NameError as e:
        print("NameError:", e)
    y = 1
    return y


unbound()


def read_before_nonlocal_assign():
    v = 0

    def f():
        nonlocal v
        v += 1
        return v
    f()
    f()
    return v


print(read_before_nonlocal_assign())
try:
    print(undefined_name)
except NameError as e:
    print("NameError:", e)
fs = []
for k in range(3):
    def capture(k=k):
        return k * 100
    fs.append(capture)
print([f() for f in fs])
