//! QR code images of links (feature `qrcode`), made with the `qrcode` crate:
//! the pad draws them on screen (an SVG path in the page), the gateway
//! prints them (an SVG document, or PNG pixels). One function makes the
//! modules for both, so the code on the screen and the code on the paper
//! are the same code.
//!
//! No `format!` here: the pad's wasm ships without core's formatting
//! machinery where it can (numbers are written with `to_string`).

use qrcode::{Color, EcLevel, QrCode};

/// The light margin around a code, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// A QR code's modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrImage {
    width: usize,
    dark: Vec<bool>,
}

/// The text does not fit in a QR code (more than about 2,300 bytes at level M).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the text is too long for a QR code")
    }
}

impl std::error::Error for TooLong {}

impl QrImage {
    /// Encodes `text` (its UTF-8 bytes) at error-correction level M (15 %),
    /// the usual level for links read from a screen or clean paper.
    pub fn encode(text: &str) -> Result<QrImage, TooLong> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| TooLong)?;
        Ok(QrImage {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone on both sides: the size of the
    /// SVG `viewBox` [`QrImage::path_data`] is drawn in.
    pub fn size(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Whether the module at column `x`, row `y` (without the quiet zone) is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The dark modules as one SVG path (`d`), in a `0 0 size size` view box:
    /// one `M x y h n v1 h-n z` rectangle per horizontal run of dark modules.
    pub fn path_data(&self) -> String {
        let mut d = String::with_capacity(self.width * self.width);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = (x - start).to_string();
                d.push('M');
                d.push_str(&(start + QUIET_ZONE).to_string());
                d.push(' ');
                d.push_str(&(y + QUIET_ZONE).to_string());
                d.push('h');
                d.push_str(&run);
                d.push_str("v1h-");
                d.push_str(&run);
                d.push('z');
            }
        }
        d
    }

    /// A whole SVG document: white square, dark path, `px` pixels a side by
    /// default (it scales: print it at any size).
    pub fn svg(&self, px: usize) -> String {
        let size = self.size().to_string();
        let px = px.to_string();
        [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
            &size,
            " ",
            &size,
            "\" width=\"",
            &px,
            "\" height=\"",
            &px,
            "\" shape-rendering=\"crispEdges\"><rect width=\"",
            &size,
            "\" height=\"",
            &size,
            "\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
            &self.path_data(),
            "\"/></svg>",
        ]
        .concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_encodes_with_its_quiet_zone() {
        let q = QrImage::encode("http://127.0.0.1:8080/rating-dynamic/?msg=a_b").expect("fits");
        // 47 bytes at level M: version 4, 33 modules.
        assert_eq!(q.width(), 33);
        assert_eq!(q.size(), 41);
        // The finder pattern's corner is dark, the module inside its ring light.
        assert!(q.is_dark(0, 0) && !q.is_dark(1, 1) && q.is_dark(2, 2));
        assert!(!q.is_dark(33, 0));
        let d = q.path_data();
        assert!(d.starts_with("M4 4h7v1h-7z"), "{d}");
        let svg = q.svg(200);
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 41 41\" width=\"200\""
        ));
        assert!(svg.ends_with("\"/></svg>"));
    }

    #[test]
    fn text_too_long_for_any_version_is_an_error() {
        assert_eq!(QrImage::encode(&"x".repeat(3000)), Err(TooLong));
    }
}
