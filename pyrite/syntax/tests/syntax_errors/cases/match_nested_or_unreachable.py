match x:
    case 1 | (a | b):
        pass
