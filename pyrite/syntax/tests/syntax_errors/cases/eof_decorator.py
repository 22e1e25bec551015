def f():
    pass
@dec
