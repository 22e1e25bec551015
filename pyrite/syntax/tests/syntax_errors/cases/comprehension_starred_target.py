[x for *a in b]
