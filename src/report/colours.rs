//! Every colour a report shows, in one place: the verdict colours of the
//! page, the charts and the terminal tables, and the chart's series.

use crate::figures::Verdict;
use anstyle::AnsiColor;

/// A colour as red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// "#c62828", as CSS writes it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

pub const OVER: Rgb = Rgb(0xc6, 0x28, 0x28);
pub const WATCH: Rgb = Rgb(0xe0, 0x8a, 0x00);
pub const OK: Rgb = Rgb(0x2e, 0x7d, 0x32);
/// Too little data: dark enough to read as text on white (4.6:1).
pub const NO_DATA: Rgb = Rgb(0x75, 0x75, 0x75);
/// Text and lines.
pub const INK: Rgb = Rgb(0x22, 0x22, 0x22);
/// The chart's stacked hours.
pub const CODING: Rgb = Rgb(0x3b, 0x6e, 0xa8);
pub const PEOPLE: Rgb = Rgb(0x5a, 0xa4, 0x69);
pub const OTHER: Rgb = Rgb(0xbd, 0xb8, 0xad);

/// How a verdict is coloured: on the page and in charts, and on a
/// terminal (anstyle for `week`, comfy-table for `report`: the same four
/// ANSI colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictColour {
    pub rgb: Rgb,
    pub ansi: AnsiColor,
    pub table: comfy_table::Color,
}

pub fn of(verdict: Verdict) -> VerdictColour {
    let (rgb, ansi, table) = match verdict {
        Verdict::Over => (OVER, AnsiColor::Red, comfy_table::Color::Red),
        Verdict::Watch => (WATCH, AnsiColor::Yellow, comfy_table::Color::Yellow),
        Verdict::Ok => (OK, AnsiColor::Green, comfy_table::Color::Green),
        Verdict::InsufficientData => (
            NO_DATA,
            AnsiColor::BrightBlack,
            comfy_table::Color::DarkGrey,
        ),
    };
    VerdictColour { rgb, ansi, table }
}

/// The page's CSS variables for the verdicts and the ink.
pub fn css_variables() -> String {
    format!(
        "--over:{}; --watch:{}; --ok:{}; --nodata:{}; --ink:{};",
        OVER.hex(),
        WATCH.hex(),
        OK.hex(),
        NO_DATA.hex(),
        INK.hex()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_names_the_same_colours_as_the_charts() {
        assert_eq!(
            css_variables(),
            "--over:#c62828; --watch:#e08a00; --ok:#2e7d32; --nodata:#757575; --ink:#222222;"
        );
    }
}
