# Big integers: arithmetic beyond 64 bits, conversions and comparisons.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


a = 2 ** 100
b = -(3 ** 70)
print(a, b)
print(a + b, a - b, a * b)
print(a // 7, a % 7, b // 7, b % 7, a // -7, a % -7, b // -7, b % -7)
print(divmod(a, b), divmod(b, a))
print(a ** 3)
print(a >> 50, a << 50, b >> 3, b << 3, a & b, a | b, a ^ b, ~a)
print(pow(a, 65537, 2 ** 127 - 1))
print(-a, abs(b), a == 2 ** 100, a > b, a < b, a == float(a))
print(a / 3, b / a, float(b))
show("2**10000 / 1", lambda: 2 ** 10000 / 1)
show("float(2**1024)", lambda: float(2 ** 1024))
show("1 / 2**2000", lambda: 1 / 2 ** 2000)
print(10 ** 50 // 10 ** 25, 10 ** 50 % (10 ** 25 + 1))
n = 1
for i in range(1, 41):
    n *= i
print("40! =", n, len(str(n)))
print(int("1" * 60), int("-" + "9" * 40), int("f" * 30, 16))
print(hex(2 ** 100), oct(-(2 ** 70)), bin(2 ** 65))
print((2 ** 100).bit_length(), (-(2 ** 100)).bit_length())
print(2 ** 64 - 2 ** 64, (2 ** 64 - 2 ** 64) == 0, type(2 ** 64 - 2 ** 64))
x = 2 ** 63
print(x - 1, x - 1 == 9223372036854775807, -x, -x == -9223372036854775808)
print(sum([2 ** 62] * 8), max(2 ** 80, 3), min(-(2 ** 80), 3))
print(round(2 ** 70 + 1, -5), round(123456789012345678901234567890, -10))
