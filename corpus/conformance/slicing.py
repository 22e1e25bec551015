# Slicing: steps, negative indices, assignment, deletion, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


a = list(range(10))
for s in [(None, None, None), (2, 8, None), (-3, None, None), (None, None, -1), (8, 2, -2),
          (None, None, 3), (1, -1, 2), (100, None, None), (-100, 3, None), (5, 1, None), (None, -8, -3)]:
    sl = slice(*s)
    print(s, a[sl], "abcdefghij"[sl], tuple(a)[sl])
show("a[::0]", lambda: a[::0])
b = list(range(10))
b[2:5] = ["x", "y"]
print(b)
b[:0] = [-1]
print(b)
b[len(b):] = [100, 101]
print(b)
b[::2] = "ABCDEFGHIJ"[:len(b[::2])]
print(b)


def bad_ext():
    c = list(range(6))
    c[::2] = [1, 2]
    return c


show("extended slice size mismatch", bad_ext)
c = list(range(10))
del c[::3]
print(c)
del c[1:3]
print(c)
del c[:]
print(c)
d = list(range(5))
d[1:4] = []
print(d)
s = "hello world"
print(s[-5:-1], s[:-6], s[::-2], s[1:1], s[4:1], s[-1:-12:-1])
print(slice(1, 2, 3), slice(5), slice(1, 2).start, slice(1, 2).step)
print(range(10)[2:8:2], range(10)[::-1], list(range(10)[-3:]), range(0, 20, 3)[2])
