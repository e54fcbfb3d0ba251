//! The LINE rich menu's image (issue 19): six tiles, each a command's label from the
//! catalogue and the command as typed under it, drawn here and encoded as PNG.
//!
//! Key decisions:
//! - Drawn in code from a glyph table ([`GLYPHS`], `glyphs.z`): no font file at run time, no
//!   image service, nothing fetched. The labels are a fixed set (`tile_ja`/`tile_en` in
//!   `src/msg/reply.rs`), so their glyphs were rasterised once from Noto Sans CJK JP by
//!   `scripts/line-menu-glyphs.py`; a test fails when a label has a character the table lacks.
//! - 1200×810 pixels (2 rows of 3 tiles of 400×405): within LINE's limits (800 to 2500 wide,
//!   at least 250 high, width/height at least 1.45, at most 1 MB) and large enough that a
//!   label of 40-pixel glyphs reads at about 13 points on a phone.
//! - PNG, RGB, unfiltered rows deflated by `flate2`: flat colours compress to a few tens of
//!   kilobytes.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::OnceLock;

/// The image's width in pixels.
pub const WIDTH: u32 = 1200;
/// The image's height in pixels.
pub const HEIGHT: u32 = 810;
/// Tiles a row.
pub const COLUMNS: u32 = 3;
/// Rows of tiles.
pub const ROWS: u32 = 2;

/// The glyphs, zlib-compressed (format: `scripts/line-menu-glyphs.py`).
const GLYPHS: &[u8] = include_bytes!("glyphs.z");

type Rgb = [u8; 3];
const INK: Rgb = [0x1a, 0x2b, 0x4c];
const GREY: Rgb = [0x55, 0x60, 0x70];
const PAPER: [Rgb; 2] = [[0xe6, 0xf0, 0xfa], [0xf4, 0xf8, 0xfc]];
const HELP_PAPER: Rgb = [0xee, 0xee, 0xee];
const GAP: Rgb = [0xff, 0xff, 0xff];

/// One glyph: its advance and its coverage (0 paper … 255 ink), `cell` × `cell`.
struct Glyph {
    advance: u32,
    coverage: Vec<u8>,
}

struct Font {
    cell: u32,
    glyphs: HashMap<char, Glyph>,
}

fn font() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut raw = Vec::new();
        // The table is part of the binary and checked by a test: a failure here is a build
        // that shipped a broken table, found by the first test run.
        flate2::read::ZlibDecoder::new(GLYPHS)
            .read_to_end(&mut raw)
            .expect("src/chat/line/glyphs.z is not zlib: run scripts/line-menu-glyphs.py");
        assert!(raw.starts_with(b"TGLY1"), "src/chat/line/glyphs.z: not a glyph table");
        let cell = u32::from(raw[5]);
        let size = (cell * cell) as usize;
        let mut glyphs = HashMap::new();
        let mut at = 6;
        while at + 5 + size <= raw.len() {
            let code = u32::from_le_bytes([raw[at], raw[at + 1], raw[at + 2], raw[at + 3]]);
            let advance = u32::from(raw[at + 4]);
            let coverage = raw[at + 5..at + 5 + size].to_vec();
            if let Some(c) = char::from_u32(code) {
                glyphs.insert(c, Glyph { advance, coverage });
            }
            at += 5 + size;
        }
        Font { cell, glyphs }
    })
}

/// The characters of `text` the glyph table lacks (none for every catalogue label).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    text.chars().filter(|c| !font().glyphs.contains_key(c)).collect()
}

/// A tile: its label and, smaller under it, the command as typed (`/who`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// The label (the catalogue's `Tile`).
    pub label: String,
    /// The command as typed.
    pub command: String,
    /// Whether this is the help tile (drawn on grey).
    pub help: bool,
}

struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Canvas {
        Canvas { w, h, px: GAP.repeat((w * h) as usize) }
    }

    fn fill(&mut self, x0: u32, y0: u32, w: u32, h: u32, c: Rgb) {
        for y in y0..(y0 + h).min(self.h) {
            for x in x0..(x0 + w).min(self.w) {
                let i = ((y * self.w + x) * 3) as usize;
                self.px[i..i + 3].copy_from_slice(&c);
            }
        }
    }

    /// Blends `ink` at (x, y) by `alpha` (0..=255).
    fn blend(&mut self, x: u32, y: u32, ink: Rgb, alpha: u32) {
        if x >= self.w || y >= self.h || alpha == 0 {
            return;
        }
        let i = ((y * self.w + x) * 3) as usize;
        for (under, &over) in self.px[i..i + 3].iter_mut().zip(&ink) {
            let mixed = u32::from(*under) * (255 - alpha) + u32::from(over) * alpha;
            *under = (mixed / 255) as u8;
        }
    }

    /// Draws `text` with its top-left at (x, y), at 1/`shrink` of the glyphs' size.
    fn text(&mut self, text: &str, x: u32, y: u32, ink: Rgb, shrink: u32) {
        let font = font();
        let mut pen = x;
        for c in text.chars() {
            let Some(g) = font.glyphs.get(&c) else { continue };
            let n = font.cell / shrink;
            for gy in 0..n {
                for gx in 0..n {
                    // Box filter over the shrink × shrink source pixels.
                    let mut sum = 0u32;
                    for sy in 0..shrink {
                        for sx in 0..shrink {
                            let at = ((gy * shrink + sy) * font.cell + gx * shrink + sx) as usize;
                            sum += u32::from(g.coverage[at]);
                        }
                    }
                    self.blend(pen + gx, y + gy, ink, sum / (shrink * shrink));
                }
            }
            pen += g.advance / shrink;
        }
    }
}

/// The width of `text` in pixels at full size.
fn width(text: &str) -> u32 {
    let font = font();
    text.chars().filter_map(|c| font.glyphs.get(&c)).map(|g| g.advance).sum()
}

/// `text` cut into lines no wider than `max` pixels: at spaces when it has them (English),
/// else anywhere (Japanese), never more than two lines (the rest is dropped with "…"-less
/// truncation: the labels are short by test, so this does not happen in practice).
fn lines(text: &str, max: u32) -> Vec<String> {
    if width(text) <= max {
        return vec![text.to_string()];
    }
    let mut out: Vec<String> = vec![String::new()];
    let words: Vec<String> = if text.contains(' ') {
        text.split(' ').map(|w| format!("{w} ")).collect()
    } else {
        text.chars().map(String::from).collect()
    };
    for w in words {
        let last = out.last_mut().expect("one line at least");
        if !last.is_empty() && width(&format!("{last}{}", w.trim_end())) > max {
            out.push(w);
        } else {
            last.push_str(&w);
        }
    }
    out.iter().map(|l| l.trim_end().to_string()).take(2).collect()
}

/// The menu image for `tiles` (six: two rows of three, in reading order), as PNG bytes.
pub fn render(tiles: &[Tile]) -> Vec<u8> {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let (tw, th) = (WIDTH / COLUMNS, HEIGHT / ROWS);
    let cell = font().cell;
    for (i, tile) in tiles.iter().enumerate().take((COLUMNS * ROWS) as usize) {
        let (col, row) = (i as u32 % COLUMNS, i as u32 / COLUMNS);
        let (x0, y0) = (col * tw, row * th);
        let paper = if tile.help { HELP_PAPER } else { PAPER[(col + row) as usize % 2] };
        canvas.fill(x0 + 3, y0 + 3, tw - 6, th - 6, paper);
        let label = lines(&tile.label, tw - 48);
        let command_h = cell / 2;
        let block = label.len() as u32 * cell + 16 + command_h;
        let mut y = y0 + (th - block) / 2;
        for line in &label {
            canvas.text(line, x0 + (tw - width(line)) / 2, y, INK, 1);
            y += cell;
        }
        let cw = width(&tile.command) / 2;
        canvas.text(&tile.command, x0 + (tw - cw) / 2, y + 16, GREY, 2);
    }
    png(canvas.w, canvas.h, &canvas.px)
}

/// `rgb` (rows of `w` pixels, 3 bytes each) as a PNG file.
fn png(w: u32, h: u32, rgb: &[u8]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(rgb.len() + h as usize);
    for row in rgb.chunks((w * 3) as usize) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&raw);
    let idat = z.finish().unwrap_or_default();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter set, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &idat[..]), (b"IEND", &[][..])] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::reply::{Command, Reply, Role};
    use crate::msg::{Lang, Message};

    const ROLES: [Role; 4] = [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin];

    // See: issue 19.
    #[test]
    fn every_label_a_menu_or_a_quick_reply_shows_has_its_glyphs() {
        for role in ROLES {
            let commands =
                Command::tiles(role).into_iter().chain(Command::taps(role).iter().copied());
            for c in commands {
                for lang in [Lang::Ja, Lang::En] {
                    let label = Reply::Tile(c).render(lang);
                    let slash = format!("/{}", c.name());
                    let missing = missing_glyphs(&format!("{label}{slash}"));
                    assert!(
                        missing.is_empty(),
                        "{label}: no glyph for {missing:?}: run scripts/line-menu-glyphs.py"
                    );
                }
            }
        }
    }

    #[test]
    fn the_crc_is_the_ieee_one() {
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    fn inflate(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        let len = u32::from_be_bytes(png[33..37].try_into().unwrap()) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[41..41 + len]).read_to_end(&mut raw).unwrap();
        (w, h, raw)
    }

    // See: issue 19.
    #[test]
    fn the_image_is_a_png_line_takes_with_ink_in_every_tile() {
        let tiles: Vec<Tile> = Command::tiles(Role::Doctor)
            .iter()
            .map(|c| Tile {
                label: Reply::Tile(*c).render(Lang::Ja),
                command: format!("/{}", c.name()),
                help: *c == Command::Help,
            })
            .collect();
        let png = render(&tiles);
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && png.ends_with(&crc32(b"IEND").to_be_bytes())
        );
        assert!(png.len() < 1_000_000, "LINE takes 1 MB at most: {}", png.len());
        let (w, h, raw) = inflate(&png);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        assert!((800..=2500).contains(&w) && h >= 250 && f64::from(w) / f64::from(h) >= 1.45);
        assert_eq!(raw.len(), (h * (w * 3 + 1)) as usize);
        let (tw, th) = (w / COLUMNS, h / ROWS);
        for i in 0..6 {
            let (x0, y0) = ((i % COLUMNS) * tw, (i / COLUMNS) * th);
            let dark = (y0..y0 + th)
                .flat_map(|y| (x0..x0 + tw).map(move |x| (x, y)))
                .filter(|&(x, y)| raw[(y * (w * 3 + 1) + 1 + x * 3) as usize] < 0x60)
                .count();
            assert!(dark > 500, "tile {i} has its label drawn ({dark} dark pixels)");
        }
    }

    #[test]
    fn a_long_label_wraps_to_two_lines_and_a_short_one_stays_whole() {
        assert_eq!(lines("今の当番医", 352), ["今の当番医"]);
        let two = lines("交換・代行の取り下げ", 352);
        assert_eq!(two.len(), 2, "{two:?}");
        assert_eq!(two.concat(), "交換・代行の取り下げ");
        assert_eq!(lines("Withdraw a request", 352), ["Withdraw a", "request"]);
    }
}
