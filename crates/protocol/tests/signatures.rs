//! The three signature schemes, DES field encryption and Beijing time (feature
//! `sign`). Every expected value was computed outside this crate: the x-rio
//! vector is seed 000's own (seeds/README.md); the others with Python's
//! `hashlib` / `datetime` and `openssl enc -des-ecb` (commands in comments).

#![cfg(feature = "sign")]

use hcp_protocol::crypt::{CryptError, DesKey};
use hcp_protocol::sign::{
    RioRefusal, beijing_date8, beijing_timestamp14, md5_param_signature, parse_timestamp14,
    rio_signature, seed003_header, verify_md5_param_signature, verify_rio,
};

const SEED_TOKEN: &str = "Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk";
const SEED_TS: &str = "1523340394";
const SEED_NONCE: &str = "ab570e0a:015a1d0fbef0:00cb3d";
const SEED_SIG: &str = "B6CD9D9377EDB58CA445B4A6A753F884C156DBD6344F058E7B88658E9AF54F71";

// ------------------------------------------------------------------ x-rio (seed 000)

#[test]
fn x_rio_seed_vector() {
    assert_eq!(rio_signature(SEED_TS, SEED_TOKEN, SEED_NONCE), SEED_SIG);
}

#[test]
fn x_rio_second_vector() {
    // hashlib.sha256(b"1700000000my-paas-tokenn-00011700000000").hexdigest().upper()
    assert_eq!(
        rio_signature("1700000000", "my-paas-token", "n-0001"),
        "F8FAF6E98B8ADE4EDDBD181E0243CFD20F1C3DA42C8DB5EA0A7A663C5119CE4D"
    );
}

#[test]
fn x_rio_verification() {
    let now: i64 = 1523340394;
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, SEED_SIG, now),
        Ok(())
    );
    // Either case of hex, as seed 000's checkSign compares uppercase.
    let lower = SEED_SIG.to_lowercase();
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, &lower, now),
        Ok(())
    );
    // ±180 s is the window, inclusive.
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, SEED_SIG, now - 180),
        Ok(())
    );
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, SEED_SIG, now + 180),
        Ok(())
    );
    for off in [-181, 181, 86_400] {
        assert_eq!(
            verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, SEED_SIG, now + off),
            Err(RioRefusal::StaleTimestamp),
            "{off}"
        );
    }
    assert_eq!(
        verify_rio("other", SEED_TS, SEED_NONCE, SEED_SIG, now),
        Err(RioRefusal::BadSignature)
    );
    assert_eq!(
        verify_rio(
            SEED_TOKEN,
            SEED_TS,
            "ab570e0a:015a1d0fbef0:00cb3e",
            SEED_SIG,
            now
        ),
        Err(RioRefusal::BadSignature)
    );
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, &SEED_SIG[..63], now),
        Err(RioRefusal::BadSignature)
    );
    assert_eq!(
        verify_rio(SEED_TOKEN, SEED_TS, SEED_NONCE, "", now),
        Err(RioRefusal::BadSignature)
    );
    assert_eq!(
        verify_rio(SEED_TOKEN, "not-a-number", SEED_NONCE, SEED_SIG, now),
        Err(RioRefusal::StaleTimestamp)
    );
    // A timestamp that is not the one signed fails even within the window.
    assert_eq!(
        verify_rio(SEED_TOKEN, "1523340395", SEED_NONCE, SEED_SIG, now),
        Err(RioRefusal::BadSignature)
    );
    assert_eq!(RioRefusal::BadSignature.message(), "验签失败：签名不正确");
    assert_eq!(
        RioRefusal::MissingHeader("x-rio-nonce").message(),
        "验签失败：缺少请求头 x-rio-nonce"
    );
}

// ------------------------------------------------------------------ MD5 parameters (seed 004)

#[test]
fn seed004_md5_parameter_signature() {
    let secret = "8a8180ac6d6c68e1";
    let params = [
        ("timestamp", "1615978623"),
        ("nonce", "3f9a1c2e7b"),
        ("appcode", "jlb_app01"),
        ("modulecode", "busipush"),
        // data never takes part, nor does sign itself.
        ("data", r#"[{"id":"1000","user_name":"张三"}]"#),
        ("sign", "ignored"),
    ];
    // hashlib.md5(("appcode=jlb_app01&modulecode=busipush&nonce=3f9a1c2e7b"
    //              "&timestamp=1615978623" + secret).encode()).hexdigest()
    let want = "110e42c66f105ec774bba296fbe58378";
    assert_eq!(md5_param_signature(params, secret), want);
    assert!(verify_md5_param_signature(params, secret, want));
    assert!(verify_md5_param_signature(
        params,
        secret,
        &want.to_uppercase()
    ));
    assert!(!verify_md5_param_signature(params, "wrong", want));
    assert!(!verify_md5_param_signature(params, secret, &want[..31]));

    // An empty optional parameter is left out; a non-empty one takes part, in UTF-8.
    let mut with_empty = params.to_vec();
    with_empty.push(("user_phone", ""));
    assert_eq!(
        md5_param_signature(with_empty.iter().copied(), secret),
        want
    );
    let mut with_name = params.to_vec();
    with_name.push(("name", "张三"));
    // hashlib.md5(("appcode=jlb_app01&modulecode=busipush&name=张三&nonce=3f9a1c2e7b"
    //              "&timestamp=1615978623" + secret).encode()).hexdigest()
    assert_eq!(
        md5_param_signature(with_name.iter().copied(), secret),
        "2caaa61687ec927e436e96f1ee88e733"
    );
}

#[test]
fn seed004_sorting_is_by_byte_order() {
    // hashlib.md5(b"Zeta=1&alpha=2&beta=3k").hexdigest(): uppercase sorts first.
    assert_eq!(
        md5_param_signature([("beta", "3"), ("alpha", "2"), ("Zeta", "1")], "k"),
        "545e7a44ab6ecf8985c0d763bc118ddf"
    );
}

// ------------------------------------------------------------------ header (seed 003)

#[test]
fn seed003_header_value() {
    let body = r#"{"callId":"123","satisfaction":"满意"}"#;
    // hashlib.md5(("20240315-" + body).encode()).hexdigest()
    assert_eq!(
        seed003_header("12315app", "tk-9f8e", "20240315", Some(body)),
        "12315app&tk-9f8e&dcf421ca14980126ed23aacfbf9f223b"
    );
    // Without a body the integrity part is left out.
    assert_eq!(
        seed003_header("12315app", "tk-9f8e", "20240315", None),
        "12315app&tk-9f8e"
    );
    assert_eq!(
        seed003_header("12315app", "tk-9f8e", "20240315", Some("")),
        "12315app&tk-9f8e"
    );
}

// ------------------------------------------------------------------ Beijing time

#[test]
fn beijing_time_whatever_the_machine_zone() {
    // datetime.fromtimestamp(t, timezone(timedelta(hours=8))).strftime("%Y%m%d%H%M%S")
    let cases = [
        (0, "19700101080000"),
        (-1, "19700101075959"),
        (1598959074, "20200901191754"), // seed 000 §4.5's response evalTime
        (2147483647, "20380119111407"),
        (1709222400, "20240301000000"), // 2024-02-29 16:00 UTC: a leap day ends
        (1704040199, "20240101002959"),
    ];
    for (t, want) in cases {
        assert_eq!(beijing_timestamp14(t), want, "{t}");
        assert_eq!(parse_timestamp14(want), Some(t), "{want}");
        assert_eq!(beijing_date8(t), want[..8], "{t}");
    }
    // Setting TZ does not change anything: the offset is fixed, not local.
    assert_eq!(beijing_timestamp14(1598959074), "20200901191754");
}

#[test]
fn timestamp14_rejects_what_is_not_a_time() {
    for s in [
        "",
        "2020090119175",
        "202009011917540",
        "2020090119175x",
        "20200230000000", // 30 February
        "20231301000000", // month 13
        "20230001000000", // month 0
        "20240101240000", // hour 24
        "20240101236000", // minute 60
        "20240101235960", // second 60
        "+2024010123595",
        "２０２４０１０１０００００",
    ] {
        assert_eq!(parse_timestamp14(s), None, "{s}");
    }
    assert_eq!(parse_timestamp14("20240229120000"), Some(1709179200));
}

// ------------------------------------------------------------------ DES (seed 000 user fields)

#[test]
fn des_ecb_pkcs5_matches_openssl() {
    // printf %s VALUE | openssl enc -des-ecb -K 6863702d64657621 -nosalt \
    //   -provider legacy -provider default | xxd -p
    let key = DesKey::parse("hcp-dev!").expect("8-character key");
    let hex_key = DesKey::parse("6863702d64657621").expect("hex key");
    assert_eq!(key, hex_key);
    for (plain, want) in [
        ("13812345678", "20d4b9499c0662f05a090d7d9ca2425d"),
        (
            "21010219900101123X",
            "770b752ad2dd3d520f6191e997e5eba20bf804589f56d2a3",
        ),
        ("12345678", "ef149bdcb6ebfd259bf4e7bfabe53a6e"),
        ("张三", "2b100bb5738e5881"),
    ] {
        assert_eq!(key.encrypt_hex(plain), want, "{plain}");
        assert_eq!(key.decrypt_hex(want).as_deref(), Ok(plain));
        assert_eq!(key.decrypt_hex(&want.to_uppercase()).as_deref(), Ok(plain));
    }
    // Another key: printf %s 13812345678 | openssl enc -des-ecb -K 0123456789abcdef ...
    let k2 = DesKey::parse("0123456789abcdef").expect("hex key");
    assert_eq!(
        k2.encrypt_hex("13812345678"),
        "9635443cfa3c0362cdb86cc28e811fa2"
    );
}

#[test]
fn des_refuses_bad_keys_and_ciphertexts() {
    for k in ["", "1234567", "123456789", "0123456789abcdeg", "张三四"] {
        assert_eq!(DesKey::parse(k), Err(CryptError::KeyLength), "{k:?}");
    }
    let key = DesKey::parse("hcp-dev!").expect("key");
    for c in [
        "",
        "zz",
        "20d4b9499c0662f0",
        "20d4b9499c0662f05a090d7d9ca242",
        "20d4b9499c0662f05a090d7d9ca2425d00",
    ] {
        assert!(key.decrypt_hex(c).is_err(), "{c}");
    }
    assert_eq!(format!("{key:?}"), "DesKey(***)");
}

// ------------------------------------------------------------------ signed page links (ours)

/// The published test vector (README.md, crates/gateway/README.md): the
/// sandbox's demo affair-hall link. Expected values computed with Python:
/// `hmac.new(b"hall-system-link-secret-example-2025", canonical.encode(), hashlib.sha256).hexdigest()`.
const LINK_SECRET: &str = "hall-system-link-secret-example-2025";
const LINK_CANONICAL: &str = "HCP-LINK-1
/front/pc/
affairName=个体工商户设立登记
affairSerialNo=210100-210100301001-20250310091512101
appCode=cTPyv9r6
certificateNo=210102199001011237
channel=hallPad
contactPhone=13800138000
departmentCode=11210100001583301X
evalEntityCode=hallAffair
evalProcess=2
expires=1767225600
hallCode=56417234343428097
offLine=1
userName=王小明
workerName=李凤
workerNo=1212";
const LINK_SIGN: &str = "12b595e63d4e697a06bbb756b49c613f59d129c496b140fb162cd1a4a22c43c9";

fn vector_query() -> String {
    use hcp_protocol::decode::encode_base64 as b;
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("appCode", "cTPyv9r6".to_string()),
            ("channel", "hallPad".to_string()),
            ("affairName", b("个体工商户设立登记")),
            ("affairSerialNo", b("210100-210100301001-20250310091512101")),
            ("departmentCode", b("11210100001583301X")),
            ("evalEntityCode", "hallAffair".to_string()),
            ("evalProcess", "2".to_string()),
            ("hallCode", "56417234343428097".to_string()),
            ("workerNo", "1212".to_string()),
            ("workerName", b("李凤")),
            ("userName", b("王小明")),
            ("contactPhone", b("13800138000")),
            ("certificateNo", b("210102199001011237")),
            ("offLine", "1".to_string()),
        ])
        .finish()
}

#[test]
fn link_signature_test_vector() {
    use hcp_protocol::Route;
    use hcp_protocol::link::{self, LinkRefusal};
    let signed = link::sign(
        Route::FrontPc,
        &vector_query(),
        LINK_SECRET.as_bytes(),
        1_767_225_600,
    )
    .expect("sign");
    assert_eq!(
        link::canonical(Route::FrontPc, &signed).as_deref(),
        Ok(LINK_CANONICAL)
    );
    assert_eq!(
        link::signature(LINK_SECRET.as_bytes(), LINK_CANONICAL),
        LINK_SIGN
    );
    assert!(signed.ends_with(&format!("&expires=1767225600&sign={LINK_SIGN}")));
    // Verified the day before it expires; uppercase hex is accepted too.
    let now = 1_767_225_600 - 86_400;
    assert_eq!(
        link::verify(Route::FrontPc, &signed, LINK_SECRET.as_bytes(), now),
        Ok(1_767_225_600)
    );
    let upper = signed.replace(LINK_SIGN, &LINK_SIGN.to_uppercase());
    assert!(link::verify(Route::FrontPc, &upper, LINK_SECRET.as_bytes(), now).is_ok());
    // The same link with its base64 unpadded and `+` left unescaped (form
    // decoding turns it into a space): one canonical form, one signature.
    let loose = signed.replace("%2B", "+").replace("%3D", "");
    assert_ne!(loose, signed);
    assert!(link::verify(Route::FrontPc, &loose, LINK_SECRET.as_bytes(), now).is_ok());
    // 张伪造 instead of 王小明: altered.
    let forged = signed.replace(
        &form_urlencoded::byte_serialize(hcp_protocol::decode::encode_base64("王小明").as_bytes())
            .collect::<String>(),
        &form_urlencoded::byte_serialize(hcp_protocol::decode::encode_base64("张伪造").as_bytes())
            .collect::<String>(),
    );
    assert_ne!(forged, signed);
    assert_eq!(
        link::verify(Route::FrontPc, &forged, LINK_SECRET.as_bytes(), now),
        Err(LinkRefusal::Altered)
    );
}
