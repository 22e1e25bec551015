try:
    pass
# c
