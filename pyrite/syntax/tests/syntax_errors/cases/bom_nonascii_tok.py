s = 'é' + 'abc
