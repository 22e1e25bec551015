# Structural pattern matching needs Python 3.10 (skipped on PyPy's 3.9).
def describe(value):
    match value:
        case 0:
            return "zero"
        case [x, y]:
            return f"pair {x} {y}"
        case {"name": name}:
            return f"named {name}"
        case int(n) if n < 0:
            return "negative"
        case _:
            return "other"


for v in [0, [1, 2], {"name": "x"}, -5, "s"]:
    print(describe(v))
