# float repr and str: shortest round-trip digits and CPython's layout rules.
values = [0.0, -0.0, 1.0, -1.5, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 100.0, 1e15, 1e16, 1.5e16,
          123456789012345678.0, 1e-4, 1e-5, 0.00012345, 1.2345e-5, 5e-324, 2.2250738585072014e-308,
          1.7976931348623157e308, 1e22, 1e23, 9007199254740993.0, 4.35, 2.675, 0.5, 1e100,
          float("inf"), float("-inf"), float("nan"), 3.141592653589793, 2.718281828459045,
          1234567.0, 0.000001, 1e-7, 12345678901234567890.0]
for v in values:
    print(repr(v), str(v), v)
print([1.0, 2.5, -0.0], (0.1,), {1.5: 2.25})
print(float("1e500"), float("-1e500"), float("  3.25  "), float("1_000.5"), float("-iNF"), float("nan"))
print(1e16 == 10**16, 0.1 * 3, 1.1 * 1.1, 1e308 * 10, -1e308 * 10)
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2), round(0.125, 2))
print(round(1234.5678, -2), round(1234.5678, 1), round(-0.5), round(5e-324, 3), round(1e300, -299))
