//! The SVG bar chart (plotters, SVG backend only): for each script, one bar per column giving
//! its speed relative to the reference, on a log scale so that 2× faster and 2× slower are the
//! same height above and below the 1× line. Each bar carries its 95% confidence interval as a
//! whisker; a cross on the 1× line marks a column that was not timed on that script.
//!
//! The SVG keeps its text as `<text>` elements naming a generic font family, so no font is
//! needed to draw it (plotters' font-rasterizing features stay off: build time).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::bench::format;
use crate::bench::model::{BenchReport, CacheState, Column, Status};

/// Why the chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart: {0}")]
pub struct ChartError(String);

fn chart_error(error: impl std::fmt::Display) -> ChartError {
    ChartError(error.to_string())
}

/// Pixels per bar, and between two scripts' groups.
const BAR_PIXELS: u32 = 16;
const GROUP_GAP_PIXELS: u32 = 28;
const HEIGHT: u32 = 560;

/// The SVG text; `None` when there is no reference to be relative to.
pub fn render(report: &BenchReport) -> Result<Option<String>, ChartError> {
    let Some(reference) = report.reference.as_deref() else {
        return Ok(None);
    };
    let scripts = report.scripts();
    // The reference is the 1× line, not bars.
    let columns: Vec<&Column> = report
        .columns
        .iter()
        .filter(|c| c.label != reference)
        .collect();
    let groups = scripts.len().max(1) as u32;
    let width = (170 + groups * (columns.len() as u32 * BAR_PIXELS + GROUP_GAP_PIXELS)).max(820);

    let speeds: Vec<f64> = report
        .results
        .iter()
        .filter_map(|c| c.speed_vs_reference)
        .flat_map(|r| [r.value, r.low, r.high])
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let lowest = speeds.iter().copied().fold(1.0, f64::min);
    let highest = speeds.iter().copied().fold(1.0, f64::max);
    let (y_low, y_high) = (lowest / 1.6, highest * 1.6);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Speed relative to {reference} = 1× (median wall time; log scale, higher is faster)"
                ),
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(70)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..(groups as f64 - 0.5), (y_low..y_high).log_scale())
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(15)
            .y_desc("speed (×)")
            .y_label_formatter(&|v| format::speed(*v))
            .draw()
            .map_err(chart_error)?;

        // The 1× line: the reference itself.
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, 1.0), (groups as f64 - 0.5, 1.0)],
                BLACK.stroke_width(1),
            )))
            .map_err(chart_error)?;

        let slot = 0.8 / columns.len().max(1) as f64;
        for (k, column) in columns.iter().enumerate() {
            let color = color_of(column, k);
            let mut bars = Vec::new();
            let mut whiskers = Vec::new();
            let mut crosses = Vec::new();
            for (s, script) in scripts.iter().enumerate() {
                let left = s as f64 - 0.4 + slot * k as f64;
                let centre = left + slot / 2.0;
                match report.cell(script, &column.label) {
                    Some(cell) if cell.status == Status::Timed => {
                        if let Some(r) = cell.speed_vs_reference {
                            bars.push(Rectangle::new(
                                [(left + slot * 0.08, 1.0), (left + slot * 0.92, r.value)],
                                color.filled(),
                            ));
                            whiskers.push(PathElement::new(
                                vec![(centre, r.low), (centre, r.high)],
                                BLACK.stroke_width(1),
                            ));
                        }
                    }
                    Some(_) => crosses.push(Cross::new((centre, 1.0), 4, color.stroke_width(2))),
                    None => {}
                }
            }
            chart
                .draw_series(bars)
                .map_err(chart_error)?
                .label(column.label.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                });
            chart.draw_series(whiskers).map_err(chart_error)?;
            chart.draw_series(crosses).map_err(chart_error)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(chart_error)?;

        // Script names under their groups, in pixels (plotters' own tick placement on a
        // continuous axis would not land on the group centres).
        let style =
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (s, script) in scripts.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(s as f64, y_low));
            root.draw(&Text::new(short_name(script), (x, y + 8), style.clone()))
                .map_err(chart_error)?;
        }
        let note = "whiskers: 95% bootstrap confidence interval · ✕: not timed (failed or skipped)";
        root.draw(&Text::new(
            note,
            (12, HEIGHT as i32 - 20),
            ("sans-serif", 12).into_font().color(&BLACK.mix(0.7)),
        ))
        .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(Some(svg))
}

/// A column's colour: fixed for the built-in backends, so charts compare at a glance; the
/// others from plotters' 99-colour palette.
fn color_of(column: &Column, index: usize) -> RGBAColor {
    let rgb = match (column.backend.as_str(), column.cache) {
        ("pyrite-tree", _) => RGBColor(214, 39, 40),
        ("pyrite-bytecode", Some(CacheState::Cold)) => RGBColor(152, 223, 138),
        ("pyrite-bytecode", _) => RGBColor(44, 160, 44),
        ("pyrite-jit", _) => RGBColor(31, 119, 180),
        ("cpython", _) => RGBColor(127, 127, 127),
        ("pypy", _) => RGBColor(148, 103, 189),
        _ => return Palette99::pick(index + 20).to_rgba(),
    };
    rgb.to_rgba()
}

/// `bench/spectral_norm.py` -> `spectral_norm`.
fn short_name(script: &str) -> String {
    let file = script.rsplit('/').next().unwrap_or(script);
    file.strip_suffix(".py").unwrap_or(file).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::model::tests::report_with;

    #[test]
    fn draws_an_svg_with_every_script_and_column() {
        let report = report_with(&[
            ("bench/a.py", "cpython", &[0.1, 0.11, 0.1]),
            ("bench/a.py", "pypy", &[0.05, 0.05, 0.06]),
            ("bench/b.py", "cpython", &[0.2, 0.2, 0.21]),
            ("bench/b.py", "pypy", &[0.3, 0.31, 0.3]),
        ]);
        let svg = render(&report).unwrap().unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        for text in [
            "a\n</text>",
            "b\n</text>",
            "pypy",
            "Speed relative to cpython",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
    }
}
