x = 1
y = a $ b
z = 3
