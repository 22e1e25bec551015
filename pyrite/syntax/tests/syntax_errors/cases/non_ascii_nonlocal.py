é = 1
def f():
    nonlocal é
