try:
    pass
except*
