# -*- coding: utf-8 -*-
if é
    pass
