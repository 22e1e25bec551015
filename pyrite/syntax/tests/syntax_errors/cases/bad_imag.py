x = 1.5jj
