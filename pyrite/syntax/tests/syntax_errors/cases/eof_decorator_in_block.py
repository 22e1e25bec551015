if x:
  @dec
