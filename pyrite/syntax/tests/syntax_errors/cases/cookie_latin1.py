# -*- coding: latin-1 -*-
café = ünïcode ünïcode
