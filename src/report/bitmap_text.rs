//! A bitmap backend that sets text correctly.
//!
//! plotters 0.3.7 draws `ab_glyph` text without each glyph's left side
//! bearing (it places the glyph's pixel box at the pen position), so PNG
//! labels come out with uneven gaps ("codin g h"). This wrapper delegates
//! everything to `BitMapBackend` but draws text itself with `ab_glyph`,
//! placing each outline where the font says. Layout boxes stay plotters'
//! own (advance widths plus kerning), so labels are placed as in the SVG.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::backend::BitMapBackend;
use plotters_backend::{
    text_anchor::{HPos, VPos},
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub struct TextFixedBitmap<'a> {
    inner: BitMapBackend<'a>,
    font: FontRef<'static>,
}

impl<'a> TextFixedBitmap<'a> {
    pub fn new(inner: BitMapBackend<'a>, font: FontRef<'static>) -> Self {
        TextFixedBitmap { inner, font }
    }

    /// The pixels (x, y, coverage) of `text` set at `size`, relative to its
    /// layout box. Rasterising outlines is most of a PNG chart's drawing,
    /// and an org's charts repeat the same labels (weeks, hours, legend)
    /// hundreds of times: each text is rasterised once per thread, and the
    /// pixels are the same as a fresh rasterising gives.
    fn glyph_pixels(&self, text: &str, size: f32) -> Pixels {
        // By size, then text: a hit is looked up without making a key.
        thread_local! {
            static RASTERISED: RefCell<HashMap<u32, HashMap<Box<str>, Pixels>>> =
                RefCell::new(HashMap::new());
        }
        let size_key = size.to_bits();
        let hit = RASTERISED.with(|cache| {
            let cache = cache.borrow();
            cache
                .get(&size_key)
                .and_then(|texts| texts.get(text))
                .cloned()
        });
        if let Some(pixels) = hit {
            return pixels;
        }
        let pixels: Pixels = rasterise(&self.font, text, size).into();
        // Only labels are kept: a caption names its manager, is drawn
        // once, and is a hundred times a label's size.
        if pixels.len() <= MAX_CACHED_PIXELS {
            RASTERISED.with(|cache| {
                let mut cache = cache.borrow_mut();
                let texts = cache.entry(size_key).or_default();
                if texts.len() < MAX_CACHED_TEXTS {
                    texts.insert(text.into(), pixels.clone());
                }
            });
        }
        pixels
    }
}

/// A text's pixels: (x, y, coverage) from its layout box's top left.
type Pixels = Rc<[(i32, i32, f32)]>;

/// Texts kept rasterised per thread and size (charts use a few sizes),
/// each of at most this many pixels (labels, numbers, legend entries; not
/// captions): a bound of 1024 × 4096 × 12 bytes (48 MiB) per size and
/// thread, far less in practice.
const MAX_CACHED_TEXTS: usize = 1024;
const MAX_CACHED_PIXELS: usize = 4096;

/// `text` set at `size` with `font`: each outline placed where the font
/// says (left side bearing, kerning), as (x, y, coverage) from the layout
/// box's top left.
fn rasterise(font: &FontRef<'static>, text: &str, size: f32) -> Vec<(i32, i32, f32)> {
    let font = font.as_scaled(PxScale::from(size));
    // The baseline sits where capitals fill plotters' layout box
    // (height = size / 1.24) from its top.
    let baseline = size * 0.70;
    let mut caret = 0f32;
    let mut previous = None;
    let mut pixels = Vec::new();
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            caret += font.kern(p, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(size, ab_glyph::point(caret, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|x, y, coverage| {
                pixels.push((
                    bounds.min.x as i32 + x as i32,
                    bounds.min.y as i32 + y as i32,
                    coverage,
                ))
            });
        }
        caret += font.h_advance(id);
    }
    pixels
}

type Error = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

impl DrawingBackend for TextFixedBitmap<'_> {
    type ErrorType = Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Error>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Error>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let size = style.size() as f32;
        let pixels = self.glyph_pixels(text, size);
        let transform = style.transform();
        let (w, h) = self.get_size();
        for &(x, y, coverage) in pixels.iter() {
            let (x, y) = transform.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 && coverage > 0.0 {
                let shade = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                self.inner.draw_pixel((x, y), shade)?;
            }
        }
        Ok(())
    }
}
