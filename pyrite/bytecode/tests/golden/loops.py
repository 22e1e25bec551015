def count(n):
    total = 0
    i = 0
    while i < n:
        if i % 3 == 0 and i != 6:
            total += i
        i += 1
    else:
        total = -total
    for x in range(n):
        if x > 5:
            break
        total += x
    return total

print(count(10))
