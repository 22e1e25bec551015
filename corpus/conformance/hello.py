# The smallest script: one line of output, exit status 0.
print("hello, world")
