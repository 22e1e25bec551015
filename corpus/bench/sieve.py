"""Sieve of Eratosthenes: list indexing and stores in tight loops."""
import sys


def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    i = 2
    while i * i <= limit:
        if is_prime[i]:
            for j in range(i * i, limit + 1, i):
                is_prime[j] = False
        i += 1
    return [k for k in range(limit + 1) if is_prime[k]]


limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
primes = sieve(limit)
print(len(primes), sum(primes), primes[-1])
