if x:
    