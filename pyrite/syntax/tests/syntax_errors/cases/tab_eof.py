if x:
	pass
	if y:
