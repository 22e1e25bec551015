f'abc {x +} def'
