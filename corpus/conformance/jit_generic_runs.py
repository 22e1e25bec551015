"""Runs of instructions that native code leaves to the generic helper, which the JIT hands to
the VM in one call: an exception raised in the middle of a run, or in a function called from
one, handled in the same frame or leaving it with the right traceback line."""


def parse(items):
    out = []
    for s in items:
        try:
            parts = s.split(":")
            key = parts[0].strip().upper()
            value = int(parts[1])
            out.append((key, value))
        except IndexError as e:
            out.append(("missing", str(e)))
        except ValueError as e:
            out.append(("bad", str(e)))
    return out


def shout(s):
    return s.upper() + "!" * len(s)


def caller(words):
    acc = []
    for w in words:
        try:
            acc.append(shout(w).lower().title())
        except AttributeError as e:
            acc.append(type(e).__name__ + ": " + str(e))
        except TypeError as e:
            acc.append("TypeError: " + str(e))
    return acc


def mid(w):
    try:
        return w.strip().title().swapcase().nope()
    except AttributeError as e:
        return str(e) + " after " + w.strip().title().swapcase()


for _ in range(3):
    print(parse(["a:1", "b", "c:x", " d :4"]))
    print(caller(["ab", None, "cd", 5]))
    print(mid(" ab "))


def deep(n):
    t = ",".join(["ab"] * n)
    return t.split(",")[1]


total = 0
for i in range(200):
    try:
        total += len(deep(i % 3))
    except IndexError:
        total += 100
print(total)


def unhandled(x):
    s = str(x)
    return s.strip().zfill(8).missing_method()


print(unhandled(42))
