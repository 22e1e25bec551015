# int arithmetic: every operator, floor semantics with every sign, and the i64 boundary.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


values = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 2**31, -2**31, 2**63 - 1, -2**63, 2**63, -2**63 - 1]
for a in values:
    for b in [1, -1, 2, -3, 7, 0]:
        show(f"{a} // {b} =", lambda: a // b)
        show(f"{a} % {b} =", lambda: a % b)
        show(f"divmod({a}, {b}) =", lambda: divmod(a, b))
for a in [5, -5, 0, 2**62, -2**62]:
    show(f"{a} + 2**62 =", lambda: a + 2**62)
    show(f"{a} - 2**62 =", lambda: a - 2**62)
    show(f"{a} * 3 =", lambda: a * 3)
    show(f"{a} / 4 =", lambda: a / 4)
    show(f"{a} / 0 =", lambda: a / 0)
    show(f"-({a}) =", lambda: -a)
    show(f"~{a} =", lambda: ~a)
    show(f"abs({a}) =", lambda: abs(a))
print(9223372036854775807 + 1, -9223372036854775808 - 1)
print(9223372036854775807 * 2, -9223372036854775808 * -1)
print(3037000500 * 3037000500, (-2) ** 63, 2 ** 64)
print(1 << 62, 1 << 63, 1 << 64, -1 << 63, 5 >> 1, -5 >> 1, -1 >> 100, 1 >> 100)
show("1 << -1", lambda: 1 << -1)
show("1 >> -1", lambda: 1 >> -1)
print(6 & 3, 6 | 3, 6 ^ 3, -6 & 3, -6 | 3, -6 ^ 3, ~0, ~-1)
print(2 ** 10, 2 ** 0, 0 ** 0, (-3) ** 3, 2 ** -1, 10 ** -2, (-2) ** -3)
show("0 ** -1", lambda: 0 ** -1)
print(pow(3, 4, 5), pow(-3, 4, 5), pow(3, 4, -5), pow(3, -1, 7), pow(2, 100, 1000000007))
show("pow(2, 3, 0)", lambda: pow(2, 3, 0))
show("pow(2, -1, 4)", lambda: pow(2, -1, 4))
print(7 / 2, -7 / 2, 1 / 3, 10 / 5, 2**70 / 2**69)
print(True + True, True * 10, False - 1, -True, ~True, True // 2, True / 2)
print(int("42"), int("-0x1f", 16), int("0b101", 0), int(" 12_345 "), int("zz", 36), int("-0"))
show("int('1_')", lambda: int("1_"))
show("int('abc')", lambda: int("abc"))
show("int('12', 1)", lambda: int("12", 1))
print(int(3.99), int(-3.99), int(True), int(1e20))
show("int(float('nan'))", lambda: int(float("nan")))
show("int(float('inf'))", lambda: int(float("inf")))
print(hex(255), hex(-255), oct(8), oct(-8), bin(5), bin(-5), bin(0))
print((255).bit_length(), (-256).bit_length(), (0).bit_length())
print(10 == 10.0, 2**53 + 1 == 2.0**53, 2**53 == 2.0**53, 1 < 1.5, -1 > -1.5, 3 != 3.0)
