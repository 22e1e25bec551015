"""Nested integer loops: the interpreter's loop, compare and add paths."""
import sys


def kernel(n):
    total = 0
    for i in range(n):
        for j in range(n):
            total += (i * j) % 7 - (i ^ j) & 15
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
print(kernel(n))
