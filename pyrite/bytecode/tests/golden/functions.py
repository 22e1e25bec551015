import math
from math import sqrt as root

def outer(a, b=2, *args, c, d=4, **kw):
    x = [a, b, *args]
    def inner(y):
        nonlocal x
        x = x + [y]
        return len(x)
    return inner(c) + d + len(kw)

squares = [n * n for n in range(5) if n % 2]
gen = (s for s in squares)
f = lambda v, w=1: v ** w
print(outer(1, c=3), f"{root(16):.1f} {squares!r}", f(2, w=3), sum(gen))
a, *rest = "abc"
a, b = b, a = 1, 2
