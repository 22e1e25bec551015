with a as f
