//! Arbitrary bytes as a dynamic-QR `msg`. Nothing may panic; whatever parses
//! must build to a `msg` that parses again to the same value.

#![no_main]

use hcp_protocol::QrMsg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = QrMsg::parse(msg) {
        let built = parsed.build();
        match QrMsg::parse(&built) {
            Ok(again) => assert_eq!(again, parsed, "parse(build(x)) != x for {built:?}"),
            Err(e) => panic!("built msg {built:?} does not parse: {e}"),
        }
        // Parsing keeps the msg as it was given.
        assert_eq!(built, msg);
    }
});
