"""Mandelbrot set membership on a grid: a pure float kernel."""
import sys


def mandelbrot(size, max_iter):
    inside = 0
    for y in range(size):
        ci = 2.0 * y / size - 1.0
        for x in range(size):
            cr = 2.5 * x / size - 2.0
            zr = 0.0
            zi = 0.0
            i = 0
            while i < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                i += 1
            if i == max_iter:
                inside += 1
    return inside


size = int(sys.argv[1]) if len(sys.argv) > 1 else 60
print(mandelbrot(size, 50))
