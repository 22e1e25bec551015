if x:
    pass
elif
