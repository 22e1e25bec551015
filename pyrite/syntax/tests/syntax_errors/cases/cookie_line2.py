#!/usr/bin/env python
# coding: utf-8
é = = 1
