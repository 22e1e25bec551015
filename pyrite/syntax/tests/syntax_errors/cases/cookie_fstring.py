# -*- coding: utf-8 -*-
f'é{a b}'
