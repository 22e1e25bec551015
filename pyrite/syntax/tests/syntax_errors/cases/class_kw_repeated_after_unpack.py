class A(x=1, **k, x=2): pass
