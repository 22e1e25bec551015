//! How numbers read in every bench report: times with three significant digits in the unit
//! that fits (pyperf's style: `12.3 ms`), memory in MiB, speeds as `1.23×`.

/// A duration in seconds, e.g. `812 us`, `12.3 ms`, `1.25 s`.
pub fn seconds(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let (scaled, unit) = if value >= 1.0 {
        (value, "s")
    } else if value >= 1e-3 {
        (value * 1e3, "ms")
    } else if value >= 1e-6 {
        (value * 1e6, "us")
    } else {
        (value * 1e9, "ns")
    };
    format!("{} {unit}", three_digits(scaled))
}

/// Memory given in KiB, shown in MiB: `24.1 MiB`.
pub fn kib(value: f64) -> String {
    format!("{} MiB", three_digits(value / 1024.0))
}

/// A speed ratio: `1.23×` (two decimals below 10, one below 100, none above).
pub fn speed(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    format!("{}×", three_digits(value))
}

/// A percentage with a sign: `+12.5%`, `-3.0%`.
pub fn signed_percent(value: f64) -> String {
    format!("{value:+.1}%")
}

/// Three significant digits for values from 0.001 up; whole numbers above 100.
fn three_digits(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 100.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 || magnitude == 0.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_digits() {
        assert_eq!(seconds(1.254), "1.25 s");
        assert_eq!(seconds(0.01234), "12.3 ms");
        assert_eq!(seconds(0.000812), "812 us");
        assert_eq!(seconds(0.2), "200 ms");
        assert_eq!(kib(24_678.0), "24.1 MiB");
        assert_eq!(speed(0.0456), "0.046×");
        assert_eq!(speed(2.0), "2.00×");
        assert_eq!(signed_percent(-3.04), "-3.0%");
    }
}
