# str and bytes repr: quote choice and escapes, as CPython prints them.
cases = ["", "a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "new\nline", "tab\t",
         "cr\r", "nul\x00", "bell\x07", "del\x7f", "\x80\x9f", "é", "\u00a0", "\u200b", "日本",
         "\U0001F600", "\ufeff", "\u2028", "\x1b[0m", "'", '"', "''\"\""]
for s in cases:
    print(repr(s), len(s))
print(cases)
print(b"", b"abc", b"it's", b'"', b"\x00\xff\n\t", bytes([0, 65, 127, 128, 255]), b"'\"")
print(repr(b"\\"), list(b"hi"), b"abc"[1], b"abc"[1:], len(b"\x00\x01"))
print(ascii("é日\n"), ascii("abc"), ascii(["é"]))
