@dec


