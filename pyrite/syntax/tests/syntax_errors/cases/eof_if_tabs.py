if x:
	
