"""String building: concatenation, join, formatting and methods on many small strings."""
import sys


def build(n):
    parts = []
    for i in range(n):
        s = str(i)
        parts.append(s.rjust(6, "0") + ":" + s[::-1] + "|" + ("x" * (i % 5)).upper())
    text = ",".join(parts)
    words = text.split(",")
    total = 0
    for w in words:
        total += len(w) + w.count("0") + w.find(":")
    acc = ""
    for i in range(n // 10):
        acc += f"{i:04d}-{i * 3 % 17:>3}/"
    return total, len(text), len(acc), acc[-20:]


n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
print(*build(n))
