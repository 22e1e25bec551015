//! CPython's `hash(str)` and `hash(bytes)` as they are under `PYTHONHASHSEED=0`.
//!
//! CPython 3.11 hashes the bytes of an object's *internal representation* with SipHash-1-3
//! (`Python/pyhash.c`, `Py_HASH_ALGORITHM == Py_HASH_SIPHASH13`, `Py_HASH_CUTOFF == 0`). With
//! `PYTHONHASHSEED=0` the secret key is all zeros. A `str` is stored as latin-1 bytes when every
//! code point is below 256, as UCS-2 (little-endian on every machine we run on) below 65536, and
//! as UCS-4 otherwise; so `hash('é')` hashes the one byte `0xE9`, not its UTF-8 encoding.
//!
//! Invariants: the empty string and empty bytes hash to 0; no hash is ever -1 (it becomes -2,
//! C's error value); results equal `PYTHONHASHSEED=0 python3 -c 'print(hash(s))'` (tested below).
//! Pyrite hashes with a fixed seed always: output never depends on a random seed, and the harness
//! runs CPython with `PYTHONHASHSEED=0` so set iteration orders agree.

/// One SipHash round (`HALF_ROUND` twice in CPython's spelling).
#[inline(always)]
fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[2] = v[2].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[1]);
    v[0] = v[0].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].rotate_left(32);
}

/// Streaming SipHash-1-3 with the zero key, fed little-endian 8-byte words.
struct Sip13 {
    v: [u64; 4],
    /// Bytes not yet forming a full word.
    tail: u64,
    ntail: u32,
    len: u64,
}

impl Sip13 {
    fn new() -> Sip13 {
        // k0 = k1 = 0: the initial state is the constants themselves.
        Sip13 {
            v: [
                0x736f_6d65_7073_6575,
                0x646f_7261_6e64_6f6d,
                0x6c79_6765_6e65_7261,
                0x7465_6462_7974_6573,
            ],
            tail: 0,
            ntail: 0,
            len: 0,
        }
    }

    #[inline]
    fn word(&mut self, m: u64) {
        self.v[3] ^= m;
        sip_round(&mut self.v);
        self.v[0] ^= m;
    }

    #[inline]
    fn byte(&mut self, b: u8) {
        self.tail |= u64::from(b) << (8 * self.ntail);
        self.ntail += 1;
        self.len += 1;
        if self.ntail == 8 {
            let m = self.tail;
            self.word(m);
            self.tail = 0;
            self.ntail = 0;
        }
    }

    fn bytes(&mut self, data: &[u8]) {
        let mut rest = data;
        if self.ntail == 0 {
            let mut chunks = data.chunks_exact(8);
            for chunk in &mut chunks {
                let mut buf = [0u8; 8];
                buf.copy_from_slice(chunk);
                self.word(u64::from_le_bytes(buf));
                self.len += 8;
            }
            rest = chunks.remainder();
        }
        for &b in rest {
            self.byte(b);
        }
    }

    fn finish(mut self) -> u64 {
        let b = (self.len << 56) | self.tail;
        self.v[3] ^= b;
        sip_round(&mut self.v);
        self.v[0] ^= b;
        self.v[2] ^= 0xff;
        sip_round(&mut self.v);
        sip_round(&mut self.v);
        sip_round(&mut self.v);
        (self.v[0] ^ self.v[1]) ^ (self.v[2] ^ self.v[3])
    }
}

/// C's `-1` error value is never a hash.
#[inline]
fn not_minus_one(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

/// `hash(b)` for a `bytes` value.
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let mut sip = Sip13::new();
    sip.bytes(data);
    not_minus_one(sip.finish() as i64)
}

/// `hash(s)` for a `str` value (over its latin-1 / UCS-2 / UCS-4 representation).
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    if s.is_ascii() {
        return hash_bytes(s.as_bytes());
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut sip = Sip13::new();
    if max < 0x100 {
        for c in s.chars() {
            sip.byte(c as u32 as u8);
        }
    } else if max < 0x10000 {
        for c in s.chars() {
            for b in (c as u32 as u16).to_le_bytes() {
                sip.byte(b);
            }
        }
    } else {
        for c in s.chars() {
            for b in (c as u32).to_le_bytes() {
                sip.byte(b);
            }
        }
    }
    not_minus_one(sip.finish() as i64)
}

/// `hash(s)` for a `PyStr`, computed once and cached in it.
#[inline]
pub fn hash_pystr(s: &crate::types::PyStr) -> i64 {
    if let Some(h) = s.cached_hash() {
        return h;
    }
    let h = hash_str(s.as_str());
    s.set_cached_hash(h);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_python::python3;

    #[test]
    fn empty_hashes_to_zero() {
        assert_eq!(hash_str(""), 0);
        assert_eq!(hash_bytes(b""), 0);
    }

    #[test]
    fn matches_cpython_with_hashseed_zero() {
        let samples: Vec<String> = vec![
            "a".into(),
            "abc".into(),
            "abcdefgh".into(),
            "abcdefghi".into(),
            "hello world, this is a longer string".into(),
            "é".into(),
            "héllo wörld".into(),
            "\u{20ac}uro".into(),
            "日本語のテキスト".into(),
            "\u{1F600} grin".into(),
            "mixed é € \u{10FFFF}".into(),
            "\0".into(),
            "x".repeat(1000),
        ];
        let mut script = String::from("import sys\nfor line in sys.stdin.read().split('\\n'):\n");
        script.push_str("    s = bytes.fromhex(line).decode('utf-8')\n");
        script.push_str("    print(hash(s), hash(s.encode('utf-8')))\n");
        let input: Vec<String> = samples
            .iter()
            .map(|s| s.bytes().map(|b| format!("{b:02x}")).collect())
            .collect();
        let Some(out) = python3(&script, &input.join("\n"), &[("PYTHONHASHSEED", "0")]) else {
            return;
        };
        for (s, line) in samples.iter().zip(out.lines()) {
            let mut parts = line.split(' ');
            let hs: i64 = parts.next().unwrap().parse().unwrap();
            let hb: i64 = parts.next().unwrap().parse().unwrap();
            assert_eq!(hash_str(s), hs, "hash({s:?})");
            assert_eq!(hash_bytes(s.as_bytes()), hb, "hash({s:?}.encode())");
        }
        assert_eq!(out.lines().count(), samples.len());
    }
}
