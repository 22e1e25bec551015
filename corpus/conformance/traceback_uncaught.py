# An uncaught exception: traceback on stderr, exit status 1, output before it flushed.
def level3(d):
    return d["missing"]


def level2(d):
    return level3(d) + 1


def level1():
    print("before the error")
    return level2({"present": 1})


level1()
print("never printed")
