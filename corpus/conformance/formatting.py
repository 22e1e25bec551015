# Formatting: format specs for int, float and str; f-strings; %-formatting; str.format.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


n = 1234567
x = 3.14159265
for spec in ["", "d", "10", "<10", "^10", ">10", "*^12", "+", " ", ",", "_", "010", "010,", "x", "X",
             "#x", "#o", "#b", "b", "_b", "e", ".2e", ".3f", "%", ".1%", "c", "n", "=+12"]:
    show(f"format({n}, {spec!r})", lambda: format(n, spec))
for spec in ["", "f", ".2f", "10.3f", "<10.1f", "e", "E", ".3e", "g", ".3g", "G", ".10g", "%", ".0f",
             ",.2f", "+.1f", "015.4f", "#.0f", "z.1f", "_.3f", ".0e", "#g", "n"]:
    show(f"format({x}, {spec!r})", lambda: format(x, spec))
for v in [0.0, -0.0, 1e16, 1.5e-7, 123456789.0, float("inf"), float("nan"), 2.5, 0.125, 1e300]:
    print(format(v, ""), format(v, "g"), format(v, ".2f"), format(v, "e"), format(v, ".15g"))
for spec in ["", "10", "<5", ">5", "^7", ".2", "*^9.3"]:
    show(f"format('hello', {spec!r})", lambda: format("hello", spec))
show("format('s', '+')", lambda: format("s", "+"))
show("format(1.5, 'd')", lambda: format(1.5, "d"))
show("format(1, '.2d')", lambda: format(1, ".2d"))
show("format('s', ',')", lambda: format("s", ","))
show("format(10, '#,x')", lambda: format(10, ",x"))
name, width = "pyrite", 10
print(f"{name}|{name:>{width}}|{name!r}|{width * 2}|{x:.{3}f}|{{braces}}|{n:,}|{name=}|{x = :.2f}")
print(f"{'nested ' + name}", f"{[1, 2][0]}", f"{ {'a': 1}['a'] }", f"{3 if x > 3 else 4}")
print("%d %i %5d %-5d| %05d %+d %x %X %#x %o %#o %e %.2f %10.3f %g %G %c %c %%" %
      (42, -7, 3, 3, 42, 5, 255, 255, 255, 8, 8, 12345.678, 3.14159, 2.5, 0.0001, 1e20, 65, "z"))
print("%s and %r and %a" % ("é", "é", "é"), "%(a)s-%(b)d" % {"a": "x", "b": 2}, "%.3s" % "abcdef")
print("%*d|%-*d|%.*f" % (5, 1, 4, 2, 2, 3.14159))
show("'%d' % 'x'", lambda: "%d" % "x")
show("'%d %d' % (1,)", lambda: "%d %d" % (1,))
show("'%d' % (1, 2)", lambda: "%d" % (1, 2))
show("'%y' % 1", lambda: "%y" % 1)
print("{} {}".format(1, 2), "{1} {0}".format("a", "b"), "{x}-{y}".format(x=1, y=2), "{0[1]}".format([5, 6]))
print("{:>8.2f}|{:^8}|{!r:>6}".format(2.5, "mid", "r"), "{:{w}.{p}f}".format(3.14159, w=10, p=2))
show("'{} {0}'.format(1, 2)", lambda: "{} {0}".format(1, 2))
show("'{2}'.format(1)", lambda: "{2}".format(1))
show("'{a}'.format()", lambda: "{a}".format())
show("'}'.format()", lambda: "}".format())
print(format(True), format(True, "d"), format(None), f"{True:>6}", format(2**100, ","), format(-2**70, "x"))
