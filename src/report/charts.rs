//! Charts, drawn with plotters as SVG (for the HTML report and code hosts)
//! and PNG (for chat and slides):
//!
//! - per manager: stacked weekly hours (coding, people, other), the coding
//!   hours over the limit marked on top of the coding bar (paler for a
//!   week in progress or ahead), the weekly 1:1
//!   hours as a line against the 1:1 norm for the team, and the weekly
//!   coding share as a line against the limit;
//! - for the org: direct reports against mean coding share, the band
//!   limits as a step, every manager a labelled point.
//!
//! Text is laid out with an embedded DejaVu Sans (plotters' `ab_glyph`
//! backend), so no system font library is needed at run time. SVG text
//! names the generic family `sans-serif`, which every viewer has.

use super::bitmap_text::TextFixedBitmap;
use super::colours::{self, Rgb};
use super::redact::pseudonym_code;
use super::{limit_text, mean_share_text, period_text};
use crate::config::Band;
use crate::figures::standing::{over_on_average, ranking, Standing};
use crate::figures::{hours, hours_of, ManagerFigures, Report, Verdict, WeekFigures};
use crate::period::Status;
use anyhow::{anyhow, Result};
use plotters::chart::DualCoordChartContext;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

/// Pixel size of a manager's chart.
pub const MANAGER_SIZE: (u32, u32) = (760, 400);
/// Pixel size of the org chart: a plot as wide as a manager's, and its
/// legend beside it (inside, it covered the top points of a big org).
pub const ORG_SIZE: (u32, u32) = (940, 480);

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

const fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

const CODING: RGBColor = rgb(colours::CODING);
const PEOPLE: RGBColor = rgb(colours::PEOPLE);
const OTHER: RGBColor = rgb(colours::OTHER);
const OVER: RGBColor = rgb(colours::OVER);
const NO_DATA: RGBColor = rgb(colours::NO_DATA);
const INK: RGBColor = rgb(colours::INK);
/// The 1:1 line: a darker shade of the people colour.
const ONE_ON_ONES: RGBColor = RGBColor(0x1e, 0x5b, 0x2c);

/// The colour of a verdict (`colours::of`), as plotters takes it.
fn verdict_color(v: Verdict) -> RGBColor {
    rgb(colours::of(v).rgb)
}

fn register_font() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        result = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
            .map_err(|_| anyhow!("the embedded chart font could not be read"));
    });
    result
}

fn draw_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow!("drawing a chart: {e}")
}

/// A manager's chart as an SVG document.
pub fn manager_svg(m: &ManagerFigures) -> Result<String> {
    svg(MANAGER_SIZE, |root| draw_manager(root, m))
}

/// A manager's chart as PNG bytes.
pub fn manager_png(m: &ManagerFigures) -> Result<Vec<u8>> {
    png(MANAGER_SIZE, |root| draw_manager(root, m))
}

/// The org chart as an SVG document.
pub fn org_svg(report: &Report) -> Result<String> {
    svg(ORG_SIZE, |root| draw_org(root, report, &report.bands))
}

/// The org chart as PNG bytes.
pub fn org_png(report: &Report) -> Result<Vec<u8>> {
    png(ORG_SIZE, |root| draw_org(root, report, &report.bands))
}

fn svg(
    size: (u32, u32),
    draw: impl FnOnce(DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    register_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(root)?;
    }
    Ok(out)
}

fn png(
    (w, h): (u32, u32),
    draw: impl FnOnce(DrawingArea<TextFixedBitmap, Shift>) -> Result<()>,
) -> Result<Vec<u8>> {
    register_font()?;
    let font = ab_glyph::FontRef::try_from_slice(FONT)
        .map_err(|_| anyhow!("the embedded chart font could not be read"))?;
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let bitmap = BitMapBackend::with_buffer(&mut pixels, (w, h));
        let root = TextFixedBitmap::new(bitmap, font).into_drawing_area();
        draw(root)?;
    }
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, w, h);
    encoder.set_color(::png::ColorType::Rgb);
    encoder.set_depth(::png::BitDepth::Eight);
    // zlib's fastest level over rows filtered "up" (flat chart colours
    // repeat row after row): measured on a 52-week chart, 60 KB in 1.0 ms,
    // against 44 KB in 4.6 ms at zlib's default level and 136 KB in 0.35
    // ms with the encoder's fast default. An org's folder draws thousands.
    encoder.set_deflate_compression(::png::DeflateCompression::Level(1));
    encoder.set_filter(::png::Filter::Up);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// "W47"; the years are in the axis description.
fn week_label(m: &ManagerFigures, i: usize) -> String {
    m.weeks
        .get(i)
        .map(|w| format!("W{:02}", w.week.number()))
        .unwrap_or_default()
}

/// "ISO week, 2025-W48 to 2026-W47".
fn week_axis(m: &ManagerFigures) -> String {
    match (m.weeks.first(), m.weeks.last()) {
        (Some(a), Some(b)) if a != b => format!("ISO week, {} to {}", a.week, b.week),
        (Some(a), _) => format!("ISO week {}", a.week),
        _ => "ISO week".to_string(),
    }
}

/// Rounds up to a multiple of `step`, at least `step`.
fn ceil_to(value: f64, step: f64) -> f64 {
    ((value / step).ceil() * step).max(step)
}

/// Weeks on x (one segment each), hours or shares on y.
type WeekAxes = Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>;
type ManagerChart<'a, DB> = DualCoordChartContext<'a, DB, WeekAxes, WeekAxes>;

fn draw_manager<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, m: &ManagerFigures) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(draw_err)?;
    let n = m.weeks.len().max(1) as i32;
    let max_hours = m.weeks.iter().map(|w| hours(w.tracked)).fold(0.0, f64::max);
    // Headroom above the bars keeps the legend clear of them.
    let y_hours = ceil_to(max_hours * 1.8, 10.0);
    let max_share = m
        .weeks
        .iter()
        .filter(|w| w.verdict != Verdict::InsufficientData)
        .map(|w| w.coding_share_pct)
        .fold(m.limit_pct, f64::max);
    let y_share = ceil_to(max_share * 1.2, 10.0).min(100.0);
    let mut chart = manager_axes(&root, m, n, y_hours, y_share)?;
    draw_hour_bars(&mut chart, m, n)?;
    draw_over_limit(&mut chart, m, n)?;
    draw_provisional_key(&mut chart, m)?;
    draw_one_on_ones(&mut chart, m)?;
    draw_shares(&mut chart, m, n, y_share)?;
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    root.present().map_err(draw_err)?;
    Ok(())
}

/// The caption and both axes: hours on the left, coding share on the
/// right, weeks below.
fn manager_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    m: &ManagerFigures,
    n: i32,
    y_hours: f64,
    y_share: f64,
) -> Result<ManagerChart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let caption = format!(
        "{}: coding {} of tracked time, limit {}",
        m.name,
        mean_share_text(m),
        limit_text(m.limit_pct)
    );
    let mut chart = ChartBuilder::on(root)
        .caption(caption, (FAMILY, 24).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(52)
        .y_label_area_size(60)
        .right_y_label_area_size(66)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..y_hours)
        .map_err(draw_err)?
        .set_secondary_coord((0..n - 1).into_segmented(), 0.0..y_share);
    // A label needs about 44 px ("W47" and a gap) of the ~600 px plot.
    let label_every = (m.weeks.len() * 44).div_ceil(600).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(m.weeks.len())
        .x_desc(week_axis(m))
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(label_every) => {
                week_label(m, *i as usize)
            }
            _ => String::new(),
        })
        .y_desc("hours")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .axis_desc_style((FAMILY, 18))
        .label_style((FAMILY, 16))
        .draw()
        .map_err(draw_err)?;
    chart
        .configure_secondary_axes()
        .y_desc("coding share %")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .axis_desc_style((FAMILY, 18))
        .label_style((FAMILY, 16))
        .draw()
        .map_err(draw_err)?;
    Ok(chart)
}

/// Coding, people and other hours as stacked bars; the gap between bars
/// shrinks as weeks get many.
fn draw_hour_bars<DB: DrawingBackend>(
    chart: &mut ManagerChart<'_, DB>,
    m: &ManagerFigures,
    n: i32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let gap = bar_gap(n);
    let stacks = [("coding", CODING), ("people", PEOPLE), ("other", OTHER)];
    for (layer, (label, color)) in stacks.iter().enumerate() {
        let bars = m.weeks.iter().enumerate().map(|(i, w)| {
            let parts = [hours(w.coding), hours(w.people), hours(w.other)];
            let bottom: f64 = parts[..layer].iter().sum();
            let top = bottom + parts[layer];
            let i = i as i32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), bottom),
                    (SegmentValue::Exact(i + 1), top),
                ],
                bar_style(*color, 1.0, w.status),
            );
            bar.set_margin(0, 0, gap, gap);
            bar
        });
        let color = *color;
        chart
            .draw_series(bars)
            .map_err(draw_err)?
            .label(format!("{label} h"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
    }
    Ok(())
}

/// The coding hours over the limit (`coding_over_limit_hours`): the top of
/// each coding bar, hatched in the "over" colour.
fn draw_over_limit<DB: DrawingBackend>(
    chart: &mut ManagerChart<'_, DB>,
    m: &ManagerFigures,
    n: i32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let gap = bar_gap(n);
    let tops = m.weeks.iter().enumerate().filter_map(|(i, w)| {
        let over = hours_of(w.advice.coding_over_limit_hours);
        (over > 0.0).then(|| {
            let i = i as i32;
            let coding = hours(w.coding);
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), coding - over),
                    (SegmentValue::Exact(i + 1), coding),
                ],
                bar_style(OVER, 0.85, w.status),
            );
            bar.set_margin(0, 0, gap, gap);
            bar
        })
    });
    chart
        .draw_series(tops)
        .map_err(draw_err)?
        .label("coding over limit h")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], OVER.mix(0.85).filled()));
    Ok(())
}

/// The gap on each side of a week's bar: it shrinks as weeks get many.
fn bar_gap(n: i32) -> u32 {
    match n {
        ..=8 => 14,
        9..=20 => 4,
        _ => 1,
    }
}

/// How much of its colour a bar of a week that has not ended keeps: its
/// hours are partly a plan, and its verdict provisional.
const PROVISIONAL_OPACITY: f64 = 0.4;

/// A bar in `color` at `opacity`, paler for a week in progress or ahead.
fn bar_style(color: RGBColor, opacity: f64, status: Status) -> ShapeStyle {
    match status {
        Status::Complete => color.mix(opacity).filled(),
        Status::InProgress | Status::Ahead => color.mix(opacity * PROVISIONAL_OPACITY).filled(),
    }
}

/// A legend entry for the paler bars, when some week has not ended.
fn draw_provisional_key<DB: DrawingBackend>(
    chart: &mut ManagerChart<'_, DB>,
    m: &ManagerFigures,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    if !m.has_unfinished() {
        return Ok(());
    }
    let pale = CODING.mix(PROVISIONAL_OPACITY);
    chart
        .draw_series(std::iter::empty::<Rectangle<(SegmentValue<i32>, f64)>>())
        .map_err(draw_err)?
        .label("paler: week not over, provisional")
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], pale.filled()));
    Ok(())
}

/// The weekly 1:1 hours as a line, and (with reports) the norm for the
/// team, norm × reports, dotted; thin weeks as hollow points. A week no
/// share holds has no point: its 0 h would read as a week without 1:1s.
fn draw_one_on_ones<DB: DrawingBackend>(
    chart: &mut ManagerChart<'_, DB>,
    m: &ManagerFigures,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    // Each week a share holds (all of a manager read from sources), by
    // its place on the axis.
    let known: Vec<(i32, &WeekFigures)> = (m.weeks.iter().enumerate())
        .filter(|(_, w)| !m.not_shared(w.week))
        .map(|(i, w)| (i as i32, w))
        .collect();
    let point =
        |&(i, w): &(i32, &WeekFigures)| (SegmentValue::CenterOf(i), hours(w.advice.one_on_ones));
    chart
        .draw_series(LineSeries::new(
            known.iter().map(point),
            ONE_ON_ONES.stroke_width(2),
        ))
        .map_err(draw_err)?
        .label("1:1 h")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], ONE_ON_ONES.stroke_width(2)));
    chart
        .draw_series(known.iter().map(|k| {
            let style = if k.1.advice.one_on_ones_thin {
                WHITE.filled()
            } else {
                ONE_ON_ONES.filled()
            };
            Circle::new(point(k), 3, style)
        }))
        .map_err(draw_err)?;
    let norm = m.weeks.last().map(|w| w.advice.one_on_one_norm_hours);
    if let (Some(reports), Some(norm)) = (m.reports.filter(|r| *r > 0), norm) {
        let team_norm = norm * f64::from(reports);
        chart
            .draw_series(DashedLineSeries::new(
                [
                    (SegmentValue::Exact(0), team_norm),
                    (SegmentValue::Last, team_norm),
                ],
                2,
                4,
                ONE_ON_ONES.stroke_width(2),
            ))
            .map_err(draw_err)?
            .label(format!("1:1 norm {} h", hours_text(team_norm)))
            .legend(|(x, y)| {
                DashedPathElement::new(vec![(x, y), (x + 18, y)], 2, 3, ONE_ON_ONES.stroke_width(2))
            });
    }
    Ok(())
}

/// 4.0 → "4", 3.5 → "3.5".
fn hours_text(h: f64) -> String {
    let s = format!("{:.1}", crate::figures::tenths_of(h));
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The limit, dashed across the chart, and the weekly share: a line
/// through the weeks with enough data, each point in its verdict's colour;
/// thin weeks as hollow grey points.
fn draw_shares<DB: DrawingBackend>(
    chart: &mut ManagerChart<'_, DB>,
    m: &ManagerFigures,
    n: i32,
    y_share: f64,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .draw_secondary_series(DashedLineSeries::new(
            [
                (SegmentValue::Exact(0), m.limit_pct),
                (SegmentValue::Last, m.limit_pct),
            ],
            8,
            5,
            OVER.stroke_width(2),
        ))
        .map_err(draw_err)?
        .label(format!("limit {}", limit_text(m.limit_pct)))
        .legend(|(x, y)| {
            DashedPathElement::new(vec![(x, y), (x + 18, y)], 5, 3, OVER.stroke_width(2))
        });
    let points: Vec<(SegmentValue<i32>, f64, Verdict)> = m
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                SegmentValue::CenterOf(i as i32),
                w.coding_share_pct,
                w.verdict,
            )
        })
        .collect();
    let with_data: Vec<(SegmentValue<i32>, f64)> = points
        .iter()
        .filter(|p| p.2 != Verdict::InsufficientData)
        .map(|p| (p.0.clone(), p.1))
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(with_data, INK.stroke_width(2)))
        .map_err(draw_err)?
        .label("coding share")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], INK.stroke_width(2)));
    let radius = if n <= 20 { 5 } else { 3 };
    chart
        .draw_secondary_series(points.iter().map(|(x, share, verdict)| {
            let style = if *verdict == Verdict::InsufficientData {
                NO_DATA.stroke_width(2)
            } else {
                verdict_color(*verdict).filled()
            };
            Circle::new((x.clone(), share.min(y_share)), radius, style)
        }))
        .map_err(draw_err)?;
    Ok(())
}

fn draw_legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font((FAMILY, 16))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.2))
        .draw()
        .map_err(draw_err)
}

/// A point's label: the name, or the pseudonym's code when redacted
/// ("A69A" for "Manager A69A").
fn point_label(name: &str) -> String {
    pseudonym_code(name).unwrap_or(name).to_string()
}

/// The legend's name for the step of the band limits.
const BAND_LIMIT: &str = "band limit";

/// Up to this many managers every point is labelled; above, only the
/// furthest over their limit, so labels stay legible.
const LABEL_ALL_UP_TO: usize = 40;
const LABEL_TOP_WHEN_MANY: usize = 15;

/// Direct reports on x, mean coding share on y.
type OrgChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A text's box in pixels: left, top, right, bottom.
type TextBox = (i32, i32, i32, i32);

fn draw_org<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    report: &Report,
    bands: &[Band],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(draw_err)?;
    let shown = report
        .managers
        .iter()
        .filter(|m| m.summary.weeks_with_data > 0)
        .count();
    let max_reports = report
        .managers
        .iter()
        .map(|m| m.reports.unwrap_or(0))
        .chain(bands.iter().filter_map(|b| b.max_reports))
        .max()
        .unwrap_or(0);
    let x_max = f64::from(max_reports) + 2.0;
    let max_share = report
        .managers
        .iter()
        .filter(|m| m.summary.weeks_with_data > 0)
        .map(|m| m.summary.coding_share_pct)
        .chain(bands.iter().map(|b| b.limit_pct))
        .fold(0.0, f64::max);
    // Headroom for the labels of the top points.
    let y_max = ceil_to(max_share * 1.1, 10.0).min(100.0);
    let legend_width = org_legend_width(&root)?;
    let mut chart = org_axes(&root, report, (x_max, y_max), legend_width)?;
    let taken = draw_bands(&mut chart, &root, bands, x_max)?;
    let many = shown > LABEL_ALL_UP_TO;
    let radius = if many { 4 } else { 6 };
    let to_label = draw_points(&mut chart, report, many, radius, y_max)?;
    draw_point_labels(&mut chart, &root, to_label, taken, radius)?;
    // Right of the plot, in the margin kept for it (plotters' own legend
    // is clipped to the plot).
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    draw_org_legend(&root, (plot_x.end + 12, plot_y.start), legend_width)?;
    root.present().map_err(draw_err)?;
    Ok(())
}

/// The point colours of the org chart's legend, after the band limit.
const ORG_LEGEND: [Standing; 3] = [
    Standing::SustainedOver,
    Standing::OverOnAverage,
    Standing::WithinLimit,
];

fn org_legend_text(standing: Standing) -> &'static str {
    match standing {
        Standing::SustainedOver => "over, sustained",
        other => other.text(),
    }
}

/// The width of the org chart's legend box: the widest text, 30 px for
/// its symbol and a 10 px margin each side.
fn org_legend_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>) -> Result<u32>
where
    DB::ErrorType: 'static,
{
    let mut widest = text_size(root, BAND_LIMIT)?.0;
    for standing in ORG_LEGEND {
        widest = widest.max(text_size(root, org_legend_text(standing))?.0);
    }
    Ok(u32::try_from(widest).unwrap_or(0) + 30 + 2 * 10)
}

/// The org chart's legend, its top left corner at `at`: the band limit's
/// line, then each standing's colour.
fn draw_org_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    width: u32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    const LINE: i32 = 22;
    let entries = 1 + ORG_LEGEND.len() as i32;
    let bottom = y + 2 * 10 + entries * LINE;
    let corners = [(x, y), (x + width as i32, bottom)];
    root.draw(&Rectangle::new(corners, WHITE.filled()))
        .map_err(draw_err)?;
    root.draw(&Rectangle::new(corners, BLACK.mix(0.2)))
        .map_err(draw_err)?;
    let font = (FAMILY, 16)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let centre = |i: i32| y + 10 + i * LINE + LINE / 2;
    let text_x = x + 10 + 30;
    root.draw(&PathElement::new(
        vec![(x + 10, centre(0)), (x + 28, centre(0))],
        OVER.stroke_width(2),
    ))
    .map_err(draw_err)?;
    root.draw(&Text::new(BAND_LIMIT, (text_x, centre(0)), font.clone()))
        .map_err(draw_err)?;
    for (i, standing) in (1..).zip(ORG_LEGEND) {
        let color = verdict_color(standing.colour_of());
        root.draw(&Circle::new((x + 17, centre(i)), 6, color.filled()))
            .map_err(draw_err)?;
        let text = Text::new(org_legend_text(standing), (text_x, centre(i)), font.clone());
        root.draw(&text).map_err(draw_err)?;
    }
    Ok(())
}

/// The caption and the axes of the org chart, with `legend_width` kept
/// free right of the plot.
fn org_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    report: &Report,
    (x_max, y_max): (f64, f64),
    legend_width: u32,
) -> Result<OrgChart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let caption = format!(
        "Coding share by team size: {} managers, {}",
        report.managers.len(),
        period_text(report)
    );
    let mut chart = ChartBuilder::on(root)
        .caption(caption, (FAMILY, 24).into_font().color(&INK))
        .margin(12)
        .margin_right(12 + 12 + legend_width)
        .x_label_area_size(50)
        .y_label_area_size(62)
        .build_cartesian_2d(-0.5..x_max, 0.0..y_max)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("direct reports")
        .y_desc("mean coding share %")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_label_formatter(&|x| {
            if x.fract().abs() < 1e-9 && *x >= 0.0 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
        .axis_desc_style((FAMILY, 18))
        .label_style((FAMILY, 16))
        .draw()
        .map_err(draw_err)?;
    Ok(chart)
}

/// The pixel size of a label's text.
fn text_size<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, text: &str) -> Result<(i32, i32)>
where
    DB::ErrorType: 'static,
{
    let style = TextStyle::from((FAMILY, 16).into_font());
    let (w, h) = root.estimate_text_size(text, &style).map_err(draw_err)?;
    Ok((w as i32, h as i32))
}

/// Band limits as a step, each band's limit holding up to its edge (drawn
/// half-way to the next whole report count), each labelled with its name
/// and limit. Returns the boxes of those labels, for point labels to keep
/// clear of.
fn draw_bands<DB: DrawingBackend>(
    chart: &mut OrgChart<'_, DB>,
    root: &DrawingArea<DB, Shift>,
    bands: &[Band],
    x_max: f64,
) -> Result<Vec<TextBox>>
where
    DB::ErrorType: 'static,
{
    let mut step: Vec<(f64, f64)> = Vec::new();
    let mut from = -0.5;
    for band in bands {
        let to = band.max_reports.map_or(x_max, |max| f64::from(max) + 0.5);
        step.push((from, band.limit_pct));
        step.push((to, band.limit_pct));
        from = to;
    }
    chart
        .draw_series(LineSeries::new(step, OVER.stroke_width(2)))
        .map_err(draw_err)?;
    let mut taken: Vec<TextBox> = Vec::new();
    for band in bands {
        let x = band.max_reports.map_or(x_max - 0.5, f64::from);
        let text = format!("{} {}", band.name, limit_text(band.limit_pct));
        let (w, h) = text_size(root, &text)?;
        let (px, py) = chart.backend_coord(&(x, band.limit_pct));
        taken.push((px - 4 - w, py - 5 - h, px - 4, py - 5));
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x, band.limit_pct))
                    + Text::new(
                        text,
                        (-4, -5),
                        (FAMILY, 16)
                            .into_font()
                            .color(&OVER)
                            .pos(Pos::new(HPos::Right, VPos::Bottom)),
                    ),
            ))
            .map_err(draw_err)?;
    }
    Ok(taken)
}

/// Every manager with data as a point in their standing's colour. Returns
/// the points to label with their labels, in rank order: all of them, or
/// with many managers the furthest over their limit.
fn draw_points<DB: DrawingBackend>(
    chart: &mut OrgChart<'_, DB>,
    report: &Report,
    many: bool,
    radius: i32,
    y_max: f64,
) -> Result<Vec<((f64, f64), String)>>
where
    DB::ErrorType: 'static,
{
    let mut at: Vec<Option<(f64, f64)>> = vec![None; report.managers.len()];
    let with_data = report
        .managers
        .iter()
        .enumerate()
        .filter(|(_, m)| m.summary.weeks_with_data > 0);
    for (shown, (index, m)) in with_data.enumerate() {
        // Many managers share a report count: spread them a little
        // sideways (a fixed pattern, the same every run) so points show.
        let jitter = if many {
            ((shown * 7919) % 61) as f64 / 100.0 - 0.3
        } else {
            0.0
        };
        let point = (
            f64::from(m.reports.unwrap_or(0)) + jitter,
            m.summary.coding_share_pct.min(y_max),
        );
        let color = verdict_color(Standing::of(m).colour_of());
        let fill = if many {
            color.mix(0.7).filled()
        } else {
            color.filled()
        };
        chart
            .draw_series(std::iter::once(Circle::new(point, radius, fill)))
            .map_err(draw_err)?;
        at[index] = Some(point);
    }
    let labelled = ranking(report)
        .into_iter()
        .filter(|&i| !many || over_on_average(&report.managers[i]))
        .filter_map(|i| Some((at[i]?, point_label(&report.managers[i].name))))
        .take(if many {
            LABEL_TOP_WHEN_MANY
        } else {
            usize::MAX
        });
    Ok(labelled.collect())
}

/// Labels, in the order given, each in the first free place around its
/// point (right, left, above, below); a label with no free place is left
/// out rather than drawn over another.
fn draw_point_labels<DB: DrawingBackend>(
    chart: &mut OrgChart<'_, DB>,
    root: &DrawingArea<DB, Shift>,
    to_label: Vec<((f64, f64), String)>,
    mut taken: Vec<TextBox>,
    radius: i32,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let gap = radius + 3;
    for (at, label) in to_label {
        let (w, h) = text_size(root, &label)?;
        let (px, py) = chart.backend_coord(&at);
        let places = [
            ((px + gap, py - h / 2), (gap, 0), (HPos::Left, VPos::Center)),
            (
                (px - gap - w, py - h / 2),
                (-gap, 0),
                (HPos::Right, VPos::Center),
            ),
            (
                (px - w / 2, py - gap - h),
                (0, -gap),
                (HPos::Center, VPos::Bottom),
            ),
            ((px - w / 2, py + gap), (0, gap), (HPos::Center, VPos::Top)),
        ];
        let free = places.into_iter().find(|((x, y), _, _)| {
            let bx = (*x, *y, x + w, y + h);
            let inside = plot_x.contains(&bx.0)
                && plot_x.contains(&bx.2)
                && plot_y.contains(&bx.1)
                && plot_y.contains(&bx.3);
            inside
                && !taken
                    .iter()
                    .any(|t| bx.0 < t.2 && t.0 < bx.2 && bx.1 < t.3 && t.1 < bx.3)
        });
        if let Some(((x, y), offset, (h_pos, v_pos))) = free {
            taken.push((x, y, x + w, y + h));
            let font = (FAMILY, 16)
                .into_font()
                .color(&INK)
                .pos(Pos::new(h_pos, v_pos));
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(at) + Text::new(label, offset, font),
                ))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn charts_render_as_svg_and_png() {
        let report = sample::report();
        let svg = manager_svg(&report.managers[0]).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Ada Lovelace: coding 26.4% of tracked time, limit 20%"));
        let png = manager_png(&report.managers[0]).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // Ada's W47 is 4.4 h over (`sample::ada_w47_advice`); she has
        // 7 reports at 0.5 h: a norm of 3.5 h of 1:1s a week.
        assert!(svg.contains("coding over limit h"));
        assert!(svg.contains("1:1 norm 3.5 h"));
        let org = org_svg(&report).unwrap();
        assert!(org.contains("\nGrace Hopper\n</text>"));
        // Every week of the sample is complete: no pale bars, no key.
        assert!(!svg.contains("week not over"));
        if let Ok(dir) = std::env::var("TWOHATS_CHART_PREVIEW") {
            std::fs::write(format!("{dir}/ada.svg"), &svg).unwrap();
            std::fs::write(format!("{dir}/ada.png"), &png).unwrap();
            std::fs::write(format!("{dir}/org.svg"), &org).unwrap();
            let org_png = org_png(&report).unwrap();
            std::fs::write(format!("{dir}/org.png"), org_png).unwrap();
        }
    }

    /// The numbers of an SVG element's attributes, in the order `names`.
    fn attributes(element: &str, names: &[&str]) -> Vec<f64> {
        (names.iter())
            .map(|n| {
                let at = element.find(&format!(" {n}=\"")).unwrap() + n.len() + 3;
                let value = &element[at..];
                value[..value.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn the_org_legend_covers_no_manager() {
        // The manager with the most reports has the highest share: the
        // top right corner, where a legend inside the plot sat.
        let mut report = sample::report();
        let top = &mut report.managers[0];
        top.reports = Some(14);
        top.summary.coding_share_pct = 95.0;
        let org = org_svg(&report).unwrap();
        // The white boxes: the background, then the legend.
        let boxes: Vec<&str> = (org.split("<rect").skip(1))
            .filter(|r| r.contains("fill=\"#FFFFFF\""))
            .collect();
        let [x, y, w, h] = attributes(boxes[1], &["x", "y", "width", "height"])[..] else {
            unreachable!()
        };
        assert!(x + w <= f64::from(ORG_SIZE.0));
        let inside: Vec<Vec<f64>> = (org.split("<circle").skip(1))
            .map(|c| attributes(c, &["cx", "cy"]))
            .filter(|c| (x..=x + w).contains(&c[0]) && (y..=y + h).contains(&c[1]))
            .collect();
        // Only the legend's own three colours.
        assert_eq!(inside.len(), 3, "{inside:?}");
    }

    #[test]
    fn a_week_not_over_is_drawn_pale_with_a_key() {
        let mut report = sample::report();
        let ada = &mut report.managers[0];
        let complete = manager_svg(ada).unwrap();
        ada.weeks.last_mut().unwrap().status = Status::InProgress;
        let svg = manager_svg(ada).unwrap();
        assert!(svg.contains("paler: week not over, provisional"));
        // The coding colour at 40% marks the bars of that week only (and
        // the key); complete weeks keep it whole.
        let pale = format!("opacity=\"0.4\" fill=\"#{}\"", hex(CODING));
        assert!(!complete.contains(&pale));
        assert_eq!(svg.matches(&pale).count(), 2, "one bar and the key");
    }

    fn hex(c: RGBColor) -> String {
        format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }
}
