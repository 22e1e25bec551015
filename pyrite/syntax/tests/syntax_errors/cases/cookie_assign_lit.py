# -*- coding: utf-8 -*-
é = 1
'é' = 2
