//! `repr` of `float` and `complex`, digit for digit as CPython 3.11 prints them.
//!
//! CPython's `float.__repr__` is `PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0)`: the
//! shortest decimal digit string that reads back as the same double, laid out by
//! `format_float_short` in `Python/pystrtod.c`. We take the digits from `ryu` (which computes the
//! same shortest, closest digit string as David Gay's `dtoa` mode 0) and lay them out ourselves:
//!
//! - write the value as `0.DIGITS × 10**decpt`; exponent form is used when `decpt <= -4` or
//!   `decpt > 16` (that is, scientific exponent `< -4` or `>= 16`): `1e+16`, `1e-05`, `1.5e-07`;
//! - the exponent has a sign and at least two digits;
//! - otherwise positional, with `.0` added to integral values (`123.0`) unless the caller asks
//!   for the `complex` flavour, which omits it (`1j`, not `1.0j`);
//! - `inf`, `-inf`, `nan` (never `-nan`: CPython drops the sign of a NaN), `-0.0`.
//!
//! Invariant: for every `f64`, [`float_repr`] returns exactly `repr(x)` of CPython 3.11; the unit
//! tests check this against a real CPython on more than 100,000 values when one is installed.
//! Rust's own `{:e}` formatting is not used: it rounds some ties differently (DESIGN.md, section 6).

/// Shortest round-trip decimal digits of a finite, non-zero `|x|`: `x = 0.DIGITS × 10**decpt`.
struct ShortDigits {
    /// ASCII digits, no leading or trailing zeros, at least one.
    digits: String,
    /// Position of the decimal point relative to the first digit.
    decpt: i32,
}

/// Splits `ryu`'s output (e.g. `1.5e-7`, `123.0`, `0.001`, `1e16`) of a finite positive value
/// into its digits and decimal-point position. `ryu` chooses the digits; this only re-reads them.
fn short_digits(x: f64) -> ShortDigits {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(x.abs());
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = format!("{int_part}{frac_part}");
    let significant = all_digits.trim_start_matches('0');
    let leading_zeros = all_digits.len() - significant.len();
    let mut digits = significant.trim_end_matches('0').to_owned();
    let mut decpt = int_part.len() as i32 + exponent - leading_zeros as i32;
    if digits.is_empty() {
        // Only reachable for zero, which callers handle before; keep the invariant anyway.
        digits.push('0');
        decpt = 1;
    }
    ShortDigits { digits, decpt }
}

/// Lays out `|x|` (finite) in CPython's `'r'` format; `add_dot_0` appends `.0` to integral
/// positional results, as `float.__repr__` does and `complex.__repr__` does not.
fn format_abs(x: f64, add_dot_0: bool, out: &mut String) {
    if x == 0.0 {
        out.push_str(if add_dot_0 { "0.0" } else { "0" });
        return;
    }
    let ShortDigits { digits, decpt } = short_digits(x);
    let ndigits = digits.len() as i32;
    if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let exp = decpt - 1;
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let magnitude = exp.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..-decpt {
            out.push('0');
        }
        out.push_str(&digits);
    } else if decpt >= ndigits {
        out.push_str(&digits);
        for _ in 0..decpt - ndigits {
            out.push('0');
        }
        if add_dot_0 {
            out.push_str(".0");
        }
    } else {
        let (int_part, frac_part) = digits.split_at(decpt as usize);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    }
}

/// Appends `x` in CPython's `'r'` format. `sign_always` writes `+` before non-negative values
/// (and before `nan`/`inf`), as `Py_DTSF_SIGN` does for the imaginary part of a complex.
fn push_double(x: f64, add_dot_0: bool, sign_always: bool, out: &mut String) {
    if x.is_nan() {
        if sign_always {
            out.push('+');
        }
        out.push_str("nan");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if sign_always {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
    } else {
        format_abs(x, add_dot_0, out);
    }
}

/// `repr(x)` for a Python `float`: `1.0`, `0.1`, `1e+16`, `1e-05`, `-0.0`, `inf`, `nan`.
pub fn float_repr(x: f64) -> String {
    let mut out = String::with_capacity(24);
    push_double(x, true, false, &mut out);
    out
}

/// `str(x)` for a Python `float`; identical to `repr` since Python 3.2.
pub fn float_str(x: f64) -> String {
    float_repr(x)
}

/// `repr(complex(real, imag))`: `2j`, `-0j`, `(1+2j)`, `(-0+1j)`, `infj`, `(nan+1j)`, `1e+16j`.
///
/// As CPython's `complex_repr`: when the real part is `+0.0` only the imaginary part is shown,
/// without parentheses; otherwise both, in parentheses, the imaginary part always signed. Neither
/// part gets a `.0`.
pub fn complex_repr(real: f64, imag: f64) -> String {
    let mut out = String::with_capacity(48);
    if real == 0.0 && real.is_sign_positive() {
        push_double(imag, false, false, &mut out);
        out.push('j');
    } else {
        out.push('(');
        push_double(real, false, false, &mut out);
        push_double(imag, false, true, &mut out);
        out.push_str("j)");
    }
    out
}

/// `str(complex(real, imag))`; identical to `repr`.
pub fn complex_str(real: f64, imag: f64) -> String {
    complex_repr(real, imag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_cpython_rules() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (123.0, "123.0"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e15, "1000000000000000.0"),
            (1.5e16, "1.5e+16"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (0.30000000000000004, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
        ];
        for &(x, expected) in cases {
            assert_eq!(float_repr(x), expected, "repr of {x:e}");
        }
    }

    #[test]
    fn complex_layout_matches_cpython_rules() {
        let nan = f64::NAN;
        let cases: &[((f64, f64), &str)] = &[
            ((0.0, 2.0), "2j"),
            ((0.0, -0.0), "-0j"),
            ((0.0, 1e16), "1e+16j"),
            ((0.0, f64::INFINITY), "infj"),
            ((0.0, -nan), "nanj"),
            ((1.0, 2.0), "(1+2j)"),
            ((1.5, -2.0), "(1.5-2j)"),
            ((-0.0, 1.0), "(-0+1j)"),
            ((-0.0, -0.0), "(-0-0j)"),
            ((1.0, nan), "(1+nanj)"),
            ((-nan, 1.0), "(nan+1j)"),
            ((0.0, 0.5), "0.5j"),
        ];
        for &((re, im), expected) in cases {
            assert_eq!(
                complex_repr(re, im),
                expected,
                "repr of complex({re}, {im})"
            );
        }
    }

    /// Deterministic generator (SplitMix64) so every run checks the same values.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    /// The doubles checked against CPython: random bit patterns (normal and subnormal), powers of
    /// ten and their neighbours, short decimals (where ties and halfway cases live), integers near
    /// 2**53, and the 1e16 / 1e-4 layout boundaries.
    fn sample_doubles() -> Vec<f64> {
        let mut rng = SplitMix64(0x5EED_0FF1_0A77);
        let mut values = Vec::new();
        for _ in 0..60_000 {
            values.push(f64::from_bits(rng.next()));
        }
        for _ in 0..10_000 {
            // Subnormals: zero exponent field, random mantissa and sign.
            values.push(f64::from_bits(rng.next() & 0x800F_FFFF_FFFF_FFFF));
        }
        for e in -325..=308 {
            let p: f64 = format!("1e{e}").parse().unwrap_or(0.0);
            for b in [p, p.next_up(), p.next_down(), 5.0 * p, 2.5 * p] {
                values.push(b);
            }
        }
        for _ in 0..15_000 {
            // Short decimals d.ddd × 10**e: printed back exactly, often near ties.
            let mantissa = rng.next() % 100_000;
            let exp = (rng.next() % 60) as i32 - 30;
            let x: f64 = format!("{mantissa}e{exp}").parse().unwrap_or(0.0);
            values.push(x);
            values.push(x.next_up());
            values.push(x.next_down());
        }
        let two53 = 9_007_199_254_740_992.0_f64;
        let mut x = two53;
        let mut y = two53;
        for _ in 0..2_000 {
            x = x.next_up();
            y = y.next_down();
            values.push(x);
            values.push(y);
        }
        let mut up = 1e16_f64;
        let mut down = 1e16_f64;
        let mut small_up = 1e-4_f64;
        let mut small_down = 1e-4_f64;
        for _ in 0..500 {
            up = up.next_up();
            down = down.next_down();
            small_up = small_up.next_up();
            small_down = small_down.next_down();
            values.extend([up, down, small_up, small_down]);
        }
        for i in 0..=1100 {
            values.push(2f64.powi(i - 1074));
        }
        values.extend([
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ]);
        values
    }

    const PYTHON: &str = "/root/.pyenv/versions/3.11.7/bin/python3";

    #[test]
    fn float_repr_agrees_with_cpython() {
        use std::io::Write;
        if !std::path::Path::new(PYTHON).exists() {
            println!("skipped: {PYTHON} is not installed");
            return;
        }
        let values = sample_doubles();
        assert!(values.len() >= 100_000, "only {} samples", values.len());
        let mut input = tempfile_path("float_bits");
        let mut file = std::fs::File::create(&input).expect("create temp file");
        for v in &values {
            writeln!(file, "{:016x}", v.to_bits()).expect("write temp file");
        }
        drop(file);
        let script = "import sys, struct\n\
                      out = []\n\
                      for line in open(sys.argv[1]):\n\
                      \x20   out.append(repr(struct.unpack('<d', bytes.fromhex(line.strip())[::-1])[0]))\n\
                      sys.stdout.write('\\n'.join(out))\n";
        let output = std::process::Command::new(PYTHON)
            .arg("-c")
            .arg(script)
            .arg(&input)
            .output()
            .expect("run python3");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let _ = std::fs::remove_file(&input);
        input.clear();
        let stdout = String::from_utf8(output.stdout).expect("python prints ASCII");
        let expected: Vec<&str> = stdout.split('\n').collect();
        assert_eq!(expected.len(), values.len());
        let mut mismatches = Vec::new();
        for (v, want) in values.iter().zip(expected) {
            let got = float_repr(*v);
            if got != want {
                mismatches.push(format!("{:016x}: got {got}, CPython {want}", v.to_bits()));
            }
        }
        println!(
            "float repr: {} of {} agree with CPython",
            values.len() - mismatches.len(),
            values.len()
        );
        assert!(
            mismatches.is_empty(),
            "{} mismatches:\n{}",
            mismatches.len(),
            mismatches[..mismatches.len().min(30)].join("\n")
        );
    }

    /// A fresh path in the temp directory, unique per process and purpose.
    fn tempfile_path(purpose: &str) -> String {
        let dir = std::env::temp_dir();
        dir.join(format!("pyrite-{purpose}-{}.txt", std::process::id()))
            .to_string_lossy()
            .into_owned()
    }
}
