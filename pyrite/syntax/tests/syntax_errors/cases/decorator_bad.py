@1 +
def f():
    pass
