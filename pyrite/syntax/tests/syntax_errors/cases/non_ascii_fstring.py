f'é{a b}'
