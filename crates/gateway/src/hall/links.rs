//! The links a hall hands citizens, and their QR codes for paper:
//!
//! - a case's **dynamic link** (seed 000 §6, Liaoning `msg`), printed on the
//!   受理通知书 and shown on the pad: `/rating-dynamic/?msg=appCode_workNo_
//!   base64(escape(workerName))_hallCode_affairSerialNo_affairCode_evalProcess`;
//! - a window's **consult link** (咨询评价(大厅), SPEC §2), on the pad's idle
//!   screen and the printed window card: `/front/hallworker/?appCode&channel=
//!   hallQr&evalEntityCode=hallAffair&hallCode&workerNo&workerName`.
//!
//! Both start with the public base URL (`HCP_PUBLIC_URL`, else the address
//! the request came to). The images are `hcp_protocol::qr_image`'s, so the
//! code on paper is the code on the pad's screen.

use crate::config::Config;
use crate::hall::pads::Window;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use hcp_protocol::decode::encode_base64;
use hcp_protocol::qr::{LiaoningQr, QrMsg};
use hcp_protocol::qr_image::QrImage;
use hcp_protocol::types::{AppCode, CaseNo, Code, EvalProcess, HallCode, PersonName, WorkNo};
use hcp_protocol::{FieldError, Problem};

/// The base URL links start with: `HCP_PUBLIC_URL`, else `http(s)://` and the
/// `Host` the request was sent to (`X-Forwarded-Host` / `-Proto` behind a
/// trusted proxy), else the listen address.
pub fn public_base(config: &Config, headers: &HeaderMap) -> String {
    if let Some(u) = &config.public_url {
        return u.clone();
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|h| {
                !h.is_empty()
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            })
            .map(str::to_string)
    };
    let forwarded = config.trust_forwarded_for;
    let host = forwarded
        .then(|| header("x-forwarded-host"))
        .flatten()
        .or_else(|| header(HOST.as_str()))
        .unwrap_or_else(|| config.listen.to_string());
    let scheme = forwarded
        .then(|| header("x-forwarded-proto"))
        .flatten()
        .filter(|p| p == "https")
        .unwrap_or_else(|| "http".to_string());
    [scheme.as_str(), "://", &host].concat()
}

fn bad(field: &str, p: Problem) -> FieldError {
    FieldError::new(field, p)
}

/// The window of a link: its parts as the directory holds them.
#[derive(Debug, Clone, Copy)]
pub struct WindowParts<'a> {
    /// 应用编码.
    pub app_code: &'a str,
    /// 大厅编码.
    pub hall_code: &'a str,
    /// 工号.
    pub work_no: &'a str,
    /// 窗口服务人员姓名 (the directory's).
    pub worker_name: &'a str,
}

/// The Liaoning dynamic-QR `msg` of a case at a window and stage.
pub fn dynamic_msg(
    w: WindowParts<'_>,
    affair_serial_no: &str,
    affair_code: &str,
    stage: u8,
) -> Result<String, FieldError> {
    let q = LiaoningQr::new(
        AppCode::new(w.app_code).map_err(|p| bad("appCode", p))?,
        WorkNo::new(w.work_no).map_err(|p| bad("workNo", p))?,
        PersonName::new(w.worker_name).map_err(|p| bad("hallWorkerName", p))?,
        HallCode::new(w.hall_code).map_err(|p| bad("hallCode", p))?,
        CaseNo::new(affair_serial_no).map_err(|p| bad("affairSerialNo", p))?,
        Code::new(affair_code).map_err(|p| bad("affairCode", p))?,
        EvalProcess::try_from(i64::from(stage)).map_err(|p| bad("evalProcess", p))?,
    );
    Ok(QrMsg::Liaoning(q).build())
}

/// A case's dynamic link.
pub fn dynamic_link(
    base: &str,
    w: WindowParts<'_>,
    affair_serial_no: &str,
    affair_code: &str,
    stage: u8,
) -> Result<String, FieldError> {
    let msg = dynamic_msg(w, affair_serial_no, affair_code, stage)?;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("msg", &msg)
        .finish();
    Ok([base, hcp_protocol::Route::RatingDynamic.path(), "?", &query].concat())
}

/// A window's consult link (channel `hallQr`: it is scanned).
pub fn consult_link(base: &str, w: WindowParts<'_>) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", w.app_code)
        .append_pair("channel", "hallQr")
        .append_pair("evalEntityCode", "hallAffair")
        .append_pair("hallCode", w.hall_code)
        .append_pair("workerNo", w.work_no)
        .append_pair("workerName", &encode_base64(w.worker_name))
        .finish();
    [base, hcp_protocol::Route::HallWorker.path(), "?", &query].concat()
}

/// A window in a link's query (appCode, hallCode, workNo).
fn window_query(window: &Window) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", &window.app_code)
        .append_pair("hallCode", &window.hall_code)
        .append_pair("workNo", &window.work_no)
        .finish()
}

/// The pad link of a credential: the window in the query (for the people
/// who set the pad up; the credential decides), the credential in the
/// fragment, which browsers never send anywhere (the pad keeps it in its
/// storage and takes it out of the address bar).
pub fn pad_link(base: &str, window: &Window, credential: &str) -> String {
    [base, "/pad/?", &window_query(window), "#pad=", credential].concat()
}

/// The printable window card of a window.
pub fn card_link(base: &str, window: &Window) -> String {
    [base, "/hall/card/?", &window_query(window)].concat()
}

/// The image formats of a printed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// `image/svg+xml`: scales to any print size.
    Svg,
    /// `image/png`, 10 pixels a module.
    Png,
}

impl ImageFormat {
    /// From `svg` / `png`.
    pub fn parse(s: &str) -> Option<ImageFormat> {
        match s {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            _ => None,
        }
    }

    /// The content type.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Svg => "image/svg+xml",
            ImageFormat::Png => "image/png",
        }
    }
}

/// Pixels per module of a PNG.
pub const PNG_MODULE_PX: usize = 10;

/// The QR code of `text` as an image file.
pub fn qr_file(text: &str, format: ImageFormat) -> anyhow::Result<Vec<u8>> {
    let q = QrImage::encode(text)?;
    match format {
        ImageFormat::Svg => Ok(q.svg(q.size() * PNG_MODULE_PX).into_bytes()),
        ImageFormat::Png => png(&q),
    }
}

/// 8-bit greyscale PNG of a code with its quiet zone.
fn png(q: &QrImage) -> anyhow::Result<Vec<u8>> {
    let side = q.size() * PNG_MODULE_PX;
    let quiet = hcp_protocol::qr_image::QUIET_ZONE;
    let mut pixels = vec![255u8; side * side];
    for y in 0..q.width() {
        for x in 0..q.width() {
            if q.is_dark(x, y) {
                for dy in 0..PNG_MODULE_PX {
                    let row = (y + quiet) * PNG_MODULE_PX + dy;
                    let start = row * side + (x + quiet) * PNG_MODULE_PX;
                    pixels[start..start + PNG_MODULE_PX].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    let side32 = u32::try_from(side)?;
    let mut enc = png::Encoder::new(&mut out, side32, side32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LI_FENG: WindowParts<'static> = WindowParts {
        app_code: "cTPyv9r6",
        hall_code: "39357010579292161",
        work_no: "0204",
        worker_name: "张三",
    };

    #[test]
    fn the_dynamic_link_is_the_seeds_msg() {
        // Seed 000 §6's own example.
        let link = dynamic_link(
            "https://hcp.example.gov.cn",
            LI_FENG,
            "210000-210100009000-20200603093755953",
            "11210000001099516A2210100009000",
            2,
        )
        .expect("link");
        assert_eq!(
            link,
            "https://hcp.example.gov.cn/rating-dynamic/?msg=cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2"
        );
        let e = dynamic_link("x", LI_FENG, "a b", "C", 3).expect_err("bad");
        assert_eq!(e.field, "affairSerialNo");
    }

    #[test]
    fn the_consult_link_parses_as_a_consult_hall_page() {
        let link = consult_link("http://127.0.0.1:8080", LI_FENG);
        let url = url::Url::parse(&link).expect("url");
        let p = hcp_protocol::PageParams::parse(
            hcp_protocol::Route::HallWorker,
            url.query().unwrap_or_default(),
        )
        .expect("params");
        assert_eq!(p.kind(), hcp_protocol::PageKind::ConsultHall);
        assert_eq!(p.channel().as_str(), "hallQr");
        assert_eq!(
            p.worker()
                .and_then(|w| w.worker_name)
                .map(|n| n.as_str().to_string()),
            Some("张三".to_string())
        );
    }

    #[test]
    fn printed_codes_are_svg_and_png() {
        let svg = qr_file("https://x/", ImageFormat::Svg).expect("svg");
        assert!(svg.starts_with(b"<svg "));
        let png = qr_file("https://x/", ImageFormat::Png).expect("png");
        assert_eq!(&png[1..4], b"PNG");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().expect("png header");
        // Version 1 (21 modules) and the quiet zone, 10 px a module.
        assert_eq!(reader.info().width, 290);
    }
}
