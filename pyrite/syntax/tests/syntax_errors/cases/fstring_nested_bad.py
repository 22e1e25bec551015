f'{f"{a b}"}'
