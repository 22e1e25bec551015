# sys.exit with a code: the exit status is honoured and stdout is flushed first.
import sys

print("argv length", len(sys.argv))
print("exiting with 3")
sys.exit(3)
