@dec
# c
