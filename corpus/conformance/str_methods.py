# str: indexing, slicing, the common methods, Unicode.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


s = "Hello, World"
print(len(s), s[0], s[-1], s[3:8], s[::-1], s[::2], s[-5:], s[:100], s[100:])
show("s[20]", lambda: s[20])
print(s.upper(), s.lower(), s.title(), s.swapcase(), s.capitalize(), "hello world".title())
print(s.find("o"), s.find("o", 5), s.rfind("o"), s.find("xyz"), s.index("W"), s.count("l"))
show("s.index('z')", lambda: s.index("z"))
print(s.startswith("Hell"), s.endswith("ld"), s.startswith(("x", "H")), s.endswith("o", 0, 5))
print(s.replace("l", "L"), s.replace("l", "L", 2), s.replace("", "-"))
print("a,b,,c".split(","), "  a  b c ".split(), "a b c".split(None, 1), "a,b,c".rsplit(",", 1))
print("line1\nline2\r\nline3".splitlines(), "a\nb\n".splitlines(True))
show("''.split('')", lambda: "abc".split(""))
print("-".join(["a", "b", "c"]), "".join([]), ", ".join(str(i) for i in range(5)))
show("join ints", lambda: ",".join([1, 2]))
print(repr("  pad  ".strip()), repr("xxhixx".strip("x")), repr("  l".lstrip()), repr("r  ".rstrip()))
print("abc".center(9, "*"), "abc".ljust(6, "."), "abc".rjust(6), "42".zfill(5), "-42".zfill(5))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  ".isspace(), "Ab".isupper())
print("abc".islower(), "Title Case".istitle(), "½".isnumeric(), "½".isdigit(), "٣".isdecimal(), "x_1".isidentifier())
print("a-b-c".partition("-"), "a-b-c".rpartition("-"), "abc".partition("x"))
# One-character needles, ASCII and not, with ranges: searched as a char.
u = "é,日,é;x,é"
print(u.find("é"), u.find("é", 1), u.rfind("é"), u.rfind("é", 0, 5), u.count("é"), u.count("é", 1, -1))
print(u.count(","), u.count(",", 2), u.find(";"), u.index("日"), u.rindex(","), u.count("ß"))
print(u.split(","), u.split("é"), u.split(",", 2), u.rsplit(",", 1), u.partition("日"), u.rpartition("é"))
print("aaaa".count("a"), "aaaa".count("aa"), "".count("a"), "a".find("a", 1), "a".rfind("a", -1))
print("Straße".upper(), "ǅ".lower(), "ÀÉÎ".lower(), len("日本語"), "日本語"[1], "naïve"[::-1])
print("héllo".encode(), "abc".encode("ascii"), "€".encode("utf-8"))
print("abc" * 3, "ab" + "cd", "b" in "abc", "bd" in "abc", "abc" < "abd", "Z" < "a", "" < "a")
print(ord("a"), ord("€"), chr(97), chr(8364), chr(0x1F600) == "\U0001F600")
show("chr(-1)", lambda: chr(-1))
show("ord('ab')", lambda: ord("ab"))
print("%s|%r" % ("x", "x"), "tab\there".expandtabs(4), "a\tb".expandtabs())
print("Hello".casefold(), "x".join("abc"), str(123), str(-1.5), str(None), str(True))
