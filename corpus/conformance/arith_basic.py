# Integer and float arithmetic on small values, printed with print's sep and end.
a = 7
b = 3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-a // b, -a % b, divmod(-a, b))
print(0.1 + 0.2, 1.5 * 4, 2 ** -1, 10 / 4)
print(a, b, sep=", ", end=" <- sep and end\n")
print(1 < 2 < 3, 3 == 3.0, 2 ** 64)
