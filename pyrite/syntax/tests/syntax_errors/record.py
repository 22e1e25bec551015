"""Records what CPython 3.11 says about every file in cases/, into expected.txt.

Run with CPython 3.11 (the version pyrite copies), from anywhere:

    python3.11 pyrite/syntax/tests/syntax_errors/record.py

For each case: the fields of the SyntaxError `compile(source_bytes, path, "exec")` raises
(class, lineno, offset, end_lineno, end_offset, msg; None and -1 written as 0), then the stderr of
`python3 path` with the path written as `bad.py`. A case CPython compiles is an error here: every
case must be a syntax error (or, for nesting too deep for CPython's compiler, a RecursionError).
"""

import os
import subprocess
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")


def number(value):
    return 0 if value is None or value == -1 else value


def record(path):
    source = open(path, "rb").read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, path, "exec")
    except SyntaxError as e:
        fields = [type(e).__name__] + [str(number(x)) for x in
                                       (e.lineno, e.offset, e.end_lineno, e.end_offset)]
        compiled = " ".join(fields) + " " + e.msg
    except RecursionError as e:
        # Nesting CPython's parser accepts but its compiler cannot walk (not a SyntaxError).
        compiled = f"RecursionError 0 0 0 0 {e}"
    else:
        sys.exit(f"{path}: CPython compiles it; cases must be syntax errors")
    run = subprocess.run([sys.executable, path], capture_output=True, timeout=30)
    report = run.stderr.decode("utf-8", "replace").replace(path, "bad.py")
    return compiled, report


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("record with CPython 3.11")
    blocks = []
    for name in sorted(os.listdir(CASES)):
        if name.endswith(".py"):
            compiled, report = record(os.path.join(CASES, name))
            blocks.append(f"== {name[:-3]}\ncompile: {compiled}\n{report}")
    with open(os.path.join(HERE, "expected.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(blocks))
    print(f"{len(blocks)} cases recorded")


main()
