s = u'abc' b'x'
