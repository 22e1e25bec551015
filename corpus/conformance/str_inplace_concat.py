"""`s += t` on strings: appending in place must never change another reference to the string."""


def build(n):
    acc = ""
    snapshots = []
    for i in range(n):
        acc += str(i)
        if i % 3 == 0:
            snapshots.append(acc)  # a second reference: the next += must copy
    return acc, snapshots


acc, snaps = build(12)
print(acc)
print(snaps)

s = "ab"
t = s
s += "cd"
print(s, t)

parts = {"k": "x"}
v = parts["k"]
v += "y"
print(v, parts)

u = "start"
u += ""
print(u)

try:
    w = "text"
    w += 5
except TypeError as e:
    print("TypeError:", e)
    print(w)


def loop_with_alias():
    total = ""
    keep = None
    for c in "abcdef":
        total += c
        if c == "c":
            keep = total
    return total, keep


print(loop_with_alias())
