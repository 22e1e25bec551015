def f():
    if x:

