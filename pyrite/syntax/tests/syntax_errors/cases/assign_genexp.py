x = (1 for x in y
  if z) = 3
