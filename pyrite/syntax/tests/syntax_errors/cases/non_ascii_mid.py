café = ünïcode ünïcode
