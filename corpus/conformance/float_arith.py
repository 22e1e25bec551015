# float arithmetic: floor division and modulo signs, zero division, inf and nan, mixed types.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


for a in [7.5, -7.5, 0.0, -0.0, 1e308, float("inf"), float("nan")]:
    for b in [2.0, -2.0, 0.5, float("inf"), float("-inf"), 0.0]:
        show(f"{a} // {b}", lambda: a // b)
        show(f"{a} % {b}", lambda: a % b)
        show(f"{a} / {b}", lambda: a / b)
show("divmod(7.5, 2)", lambda: divmod(7.5, 2))
show("divmod(-7.5, 2)", lambda: divmod(-7.5, 2))
show("1 / 0.0", lambda: 1 / 0.0)
show("1.0 // 0", lambda: 1.0 // 0)
show("1.0 % 0", lambda: 1.0 % 0)
show("2.0 ** 0.5", lambda: 2.0 ** 0.5)
show("0.0 ** -1", lambda: 0.0 ** -1)
show("10.0 ** 400", lambda: 10.0 ** 400)
show("2 ** 0.5", lambda: 2 ** 0.5)
show("(-8.0) ** 3", lambda: (-8.0) ** 3)
show("1e308 + 1e308", lambda: 1e308 + 1e308)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, nan > 1, 0.0 == -0.0, float("inf") > 10**400)
print(1 + 2.5, 3 * 0.5, 7 - 0.25, True + 0.5, 10 // 4.0, 10 % 4.0, -10 % 4.0)
print(abs(-2.5), -(-0.0), +(-0.0), abs(-0.0), (0.5).is_integer(), (2.0).is_integer())
print((0.75).as_integer_ratio(), (-2.5).as_integer_ratio())
print(max(1, 2.0), min(1, 1.0), max(2.0, 2), sum([0.1] * 10), sum([1, 2.5, 3]))
