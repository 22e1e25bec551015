a is not
