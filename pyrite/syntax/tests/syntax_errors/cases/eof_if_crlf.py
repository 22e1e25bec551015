if x:
