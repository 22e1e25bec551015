"""`for` loops whose bodies have no native fast path at all (string and method work): the JIT
hands each whole loop to the VM. Results, exceptions raised mid-loop, handlers around the loop
and loops nested in native ones must behave as everywhere else."""


def words(n):
    out = []
    for i in range(n):
        s = str(i)
        out.append(s.rjust(4, "0") + ":" + s[::-1])
    return out


TABLE = {"17": 1, "71": 2, "27": 3}


def failing(items):
    seen = []
    for w in items:
        seen.append(w.upper())
        TABLE[w]  # KeyError for the first item not in the table
    return seen


def guarded(items):
    seen = []
    try:
        for w in items:
            seen.append(w.strip())
            int(w)
    except ValueError as e:
        seen.append("caught: " + str(e))
    return seen


def nested(n):
    total = 0
    for i in range(n):
        total += i * i
        for w in ["a", "bb", "ccc"]:
            total += len(w.replace("b", "xy"))
    return total


def over_list(xs):
    out = []
    for x in xs:
        out.append(repr(x).center(7, "."))
    return ",".join(out)


print(words(12)[-3:])
try:
    failing(["17", "71", "27", "35", "77"])
except KeyError as e:
    print("KeyError:", e)
print(guarded([" 1", "2 ", " x ", "4"]))
print(nested(50))
print(over_list([1, 2.5, "s", None, (1,), [2]]))
for round_ in range(3):
    print(len(words(100 * (round_ + 1))))
