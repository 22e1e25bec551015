if x:
    é = 1
      b = 2
