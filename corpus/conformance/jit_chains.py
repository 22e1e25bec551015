"""Straight runs of arithmetic where native code carries what its guards checked from one
instruction to the next: every guess about a register's kind must stay a guess (ints that
overflow mid-run, floats that turn out ints, values that change kind between iterations)."""


def overflow_mid_run(n):
    # `x` starts small and overflows to a big int inside the run; the next instructions must
    # see the big int, not a stale small one.
    x = 1
    out = []
    for i in range(n):
        x = x * 3 + i
        y = x % 1000003
        z = y + x - x
        out.append(z == y)
        w = x >> 60
        out.append(w)
    return out[-6:], x.bit_length()


def float_hint_but_int(n):
    # `zr` is hinted a float (0.0 below) but holds ints on the first iterations.
    zr = 0.0
    total = 0
    for i in range(n):
        if i < 3:
            zr = i
        else:
            zr = i * 0.5
        a = zr * zr
        b = a + zr
        c = b - 1
        total += c
    return total, type(zr).__name__


def int_hint_but_float(n):
    acc = 0
    step = 1
    for i in range(n):
        if i == 4:
            step = 0.25
        acc = acc + step
        acc = acc * 1
        q = acc - i
        acc = acc + q - q
    return acc


def same_register(n):
    x = 3
    for _ in range(n):
        x = x + x
        x = x - x // 2
        x += x
    f = 1.5
    for _ in range(n):
        f = f * f
        f = f / f + f
    return x, f


def moves_and_bools(n):
    a = 1
    b = 2.5
    flips = 0
    for i in range(n):
        c = a
        a = b
        b = c
        t = i < 3
        if t:
            flips += 1
        u = a == b
        if not u:
            flips += 2
    return a, b, flips


def kinds_change(vals):
    out = []
    for v in vals:
        w = v + v
        x = w * 2
        y = x - v
        out.append(y)
    return out


def floor_and_mod(n):
    res = []
    for i in range(-n, n):
        for d in (-3, -1, 2, 7):
            q = i // d
            r = i % d
            res.append(q * d + r == i)
    return all(res), len(res)


def raises_mid_run(vals):
    out = []
    for v in vals:
        try:
            a = v * 2
            b = a // (v - 1)
            c = b + a
            out.append(c)
        except ZeroDivisionError as e:
            out.append(str(e))
    return out


def truth_of_known(n):
    count = 0
    for i in range(n):
        k = i % 3
        if k:
            count += 1
        f = k * 0.5
        if f:
            count += 10
        z = k - k
        if not z:
            count += 100
    return count


def text_after_numbers(n):
    # Arithmetic, then string operations (left to the generic helper as one run): the
    # arithmetic's fast path must not continue into the middle of that run.
    p = "x"
    out = []
    for i in range(n):
        m = i * 2
        q = p + p
        r = q + "y" + str(m)
        out.append(r)
    return out


print(overflow_mid_run(50))
print(float_hint_but_int(10))
print(int_hint_but_float(10))
print(same_register(5))
print(moves_and_bools(6))
print(kinds_change([1, 2.5, 10**20, -3, True, 0.1]))
print(floor_and_mod(8))
print(raises_mid_run([3, 1, 2, 0.5, 1.0, 5]))
print(truth_of_known(9))
print(text_after_numbers(4))
print(2**62 + 2**62, -(2**63) - 1, (2**31) * (2**32))
