def risky(x):
    try:
        if x:
            raise ValueError("bad") from None
        return 1
    except (ValueError, TypeError) as e:
        print("caught", e)
    except Exception:
        raise
    else:
        print("no error")
    finally:
        print("finally")
    assert x, "x must be true"

class Box:
    size = 3

    def __init__(self, v):
        self.v = v

    def grow(self):
        self.v += 1
        return super().__repr__()

with open("f") as fh:
    data = fh.read()
del data
