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

#[cfg(test)]
mod tests {
    use super::*;

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
