match x:
    case a as b:
        pass
    case 1:
        pass
