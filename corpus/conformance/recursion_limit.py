# Deep recursion raises RecursionError at CPython's default limit, never a stack overflow.
def down(n):
    return down(n + 1) + 1


try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


print(depth(900))
