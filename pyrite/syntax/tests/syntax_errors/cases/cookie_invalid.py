# -*- coding: utf-8 -*-
café = ünïcode ünïcode
