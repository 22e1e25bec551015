# An uncaught ZeroDivisionError: stdout so far, then exit status 1 with the exception last on stderr.
print("dividing")
total = 10
print(total // 0)
print("never printed")
