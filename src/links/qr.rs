//! QR codes of short links, as SVG (for the page and for print) and PNG (for office tools that
//! take no SVG). Pure: text in, image out.

use qrcode::{Color, QrCode};

/// Pixels per module of the PNG: 8 makes a ~300 px image for a typical short URL, sharp
/// when printed at 3 cm.
const PNG_SCALE: usize = 8;
/// The light margin the QR specification asks for, in modules.
const QUIET_ZONE: usize = 4;

/// The SVG of `text`'s QR code; `None` when the text is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

/// The PNG (8-bit grayscale) of `text`'s QR code; `None` when the text is too long.
pub fn png(text: &str) -> Option<Vec<u8>> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
            for row in y * PNG_SCALE..(y + 1) * PNG_SCALE {
                pixels[row * side + x * PNG_SCALE..row * side + (x + 1) * PNG_SCALE].fill(0);
            }
        }
    }
    let mut out = Vec::with_capacity(side * side / 8);
    let side = u32::try_from(side).ok()?;
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// The name a downloaded code is saved under: the short link's host and slug, so that
/// `promo` on two domains makes two files (`go.example.com-promo.png`).
#[derive(Debug, PartialEq, Eq)]
pub struct FileName {
    /// Letters, digits, `.`, `-` and `_` only: every file system and every browser takes it.
    pub ascii: String,
    /// The name as people write the host (`café.example-promo.png` for a host stored as
    /// `xn--caf-dma.example`), when that differs from [`FileName::ascii`].
    pub unicode: Option<String>,
}

/// The file name of the code of `slug` on `host` (as stored: lowercase, punycode), in the
/// format `ext`. Anything a file system may refuse (`:` of an IPv6 address, `/`) becomes `_`.
pub fn file_name(host: &str, slug: &str, ext: &str) -> FileName {
    let ascii = safe_name(host, slug, ext, |c| c.is_ascii_alphanumeric());
    let (readable, errors) = idna::domain_to_unicode(host);
    let unicode = (errors.is_ok() && readable != host)
        .then(|| safe_name(&readable, slug, ext, char::is_alphanumeric))
        .filter(|name| *name != ascii);
    FileName { ascii, unicode }
}

fn safe_name(host: &str, slug: &str, ext: &str, letter: impl Fn(char) -> bool) -> String {
    let name: String = format!("{host}-{slug}")
        .chars()
        .map(|c| {
            if letter(c) || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // A leading dot would hide the file on Unix.
    format!("{}.{ext}", name.trim_start_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_named_by_its_host_and_slug_safe_for_any_file_system() {
        let name = file_name("go.example.com", "promo", "png");
        assert_eq!(name.ascii, "go.example.com-promo.png");
        assert_eq!(name.unicode, None);
        assert_eq!(
            file_name("sho.rt", "promo", "svg").ascii,
            "sho.rt-promo.svg"
        );
        let idn = file_name("xn--caf-dma.example", "Soldes_2027", "png");
        assert_eq!(idn.ascii, "xn--caf-dma.example-Soldes_2027.png");
        assert_eq!(idn.unicode.as_deref(), Some("café.example-Soldes_2027.png"));
        // A base URL on an IPv6 address: no `:` (Windows refuses it) nor brackets.
        assert_eq!(file_name("[::1]", "a", "png").ascii, "___1_-a.png");
        assert_eq!(file_name("[::1]", "a", "png").unicode, None);
        // Whatever the host, nothing that could leave the quotes or the folder.
        let odd = file_name("../\"x\"/;\r\n", "a", "png");
        assert!(
            odd.ascii
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "{odd:?}"
        );
        assert!(!odd.ascii.starts_with('.'), "{odd:?}");
    }

    #[test]
    fn png_and_svg() {
        let png = png("http://127.0.0.1:8080/k7Hq2mP").unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // The IHDR chunk: a square of whole modules (29 of version 3, 8 of quiet zone) × 8 px.
        assert_eq!(&png[16..20], &png[20..24]);
        assert_eq!(
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            (29 + 8) * 8
        );
        assert!(
            svg("http://127.0.0.1:8080/k7Hq2mP")
                .unwrap()
                .contains("<svg")
        );
        assert!(svg(&"x".repeat(8000)).is_none());
    }
}
