"""Dict counting: word frequencies with str keys and int values, then sorting by count."""
import sys


def words(n):
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi"]
    out = []
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        w = syllables[x % 8] + syllables[(x >> 3) % 8] + syllables[(x >> 6) % 8 % (1 + x % 3)]
        out.append(w)
    return out


def count(ws):
    counts = {}
    for w in ws:
        counts[w] = counts.get(w, 0) + 1
    return counts


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
counts = count(words(n))
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(len(counts), sum(counts.values()))
for word, c in top:
    print(word, c)
