# -*- coding: utf-8 -*-
if x:
    é = 1
      b = 2
