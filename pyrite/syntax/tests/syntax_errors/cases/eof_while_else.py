while 1:
    pass
else:
