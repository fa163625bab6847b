//! The unit tests of the configuration: the checks of `resolve` (every
//! problem named, secrets never echoed) and the layering of the TOML file.

use super::*;

fn remote() -> ConfigArgs {
    ConfigArgs {
        upstream: Some("https://gw.example.gov.cn/prorio/ebus/ping".to_string()),
        ..ConfigArgs::default()
    }
}

/// Secrets nobody published, long enough for their algorithms.
fn production() -> ConfigArgs {
    ConfigArgs {
        paas_id: Some("pid".into()),
        paas_token: Some(Secret::new("paas-token-from-the-province-0001")),
        des_key: Some(Secret::new("k8Zp2Qw1")),
        ticket_secret: Some(Secret::new("ticket-secret-0123456789abcdef-0123")),
        login_url: Some("https://portal.example.gov.cn/login".into()),
        push_secret: Some(Secret::new("push-secret-0123456789abcdef-012345")),
        link_secret: Some(Secret::new("link-secret-0123456789abcdef-012345")),
        ..remote()
    }
}

#[cfg(feature = "sandbox")]
#[test]
fn sandbox_mode_has_defaults_for_everything() {
    let c = Config::resolve(ConfigArgs::default()).expect("sandbox defaults");
    assert!(c.is_sandbox());
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.paas_id, hcp_sandbox::dev::PAAS_ID);
    assert_eq!(c.login_url, "/dev/login");
    assert_eq!(c.data_dir, PathBuf::from("./data"));
    assert!(c.push.secret.is_some());
    assert_eq!(
        c.links.secret.as_ref().map(Secret::expose),
        Some(crate::dev::LINK_SECRET)
    );
    assert_eq!(c.periods, RatingPeriods::default());
}

/// The production build has no sandbox: it must be told where the platform is.
#[cfg(not(feature = "sandbox"))]
#[test]
fn the_production_build_knows_no_sandbox() {
    let e = Config::resolve(ConfigArgs::default()).expect_err("no upstream");
    assert!(e.missing.contains(&"HCP_UPSTREAM"), "{e}");
    let e = Config::resolve(ConfigArgs {
        upstream: Some("sandbox".into()),
        ..production()
    })
    .expect_err("no sandbox");
    assert!(e.to_string().contains("production build"), "{e}");
    assert!(Config::resolve(production()).is_ok());
}

#[test]
fn production_refuses_public_and_short_secrets_naming_each() {
    let public = ConfigArgs {
        // seed 000's example token, and the development values.
        paas_token: Some(Secret::new(
            "Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk",
        )),
        des_key: Some(Secret::new("hcpdev01")),
        ticket_secret: Some(Secret::new("hcp-dev-ticket-secret-not-for-production")),
        push_secret: Some(Secret::new("x")),
        link_secret: Some(Secret::new("hall-system-link-secret-example-2025")),
        link_secrets: Some(AppSecrets(vec![("app1".into(), Secret::new("short"))])),
        ..production()
    };
    let e = Config::resolve(public).expect_err("refused");
    let text = e.to_string();
    for var in [
        "HCP_PAAS_TOKEN: is the example token of seed 000",
        "HCP_DES_KEY: is the sandbox's development DES key",
        "HCP_TICKET_SECRET: is the development ticket secret",
        "HCP_PUSH_SECRET: is 1 byte long; use at least 32",
        "HCP_LINK_SECRET: is the link-signing test vector's secret",
        "HCP_LINK_SECRETS (app1): is 5 bytes long",
    ] {
        assert!(text.contains(var), "{var} not in:\n{text}");
    }
    for value in ["Nu4WmXGBauU99Ns", "hcpdev01", "hcp-dev-ticket", "short"] {
        assert!(!text.contains(value), "{value} echoed:\n{text}");
    }
    // A short ticket secret (HS256 wants 32 bytes) and PaaS token (16).
    let e = Config::resolve(ConfigArgs {
        ticket_secret: Some(Secret::new("0123456789abcdef0123")),
        paas_token: Some(Secret::new("tok")),
        ..production()
    })
    .expect_err("short");
    assert_eq!(e.invalid.len(), 2, "{e}");
}

#[cfg(feature = "sandbox")]
#[test]
fn a_development_build_may_allow_the_development_secrets_explicitly() {
    let dev = ConfigArgs {
        paas_token: Some(Secret::new(hcp_sandbox::dev::PAAS_TOKEN)),
        des_key: Some(Secret::new(hcp_sandbox::dev::DES_KEY)),
        ticket_secret: Some(Secret::new(crate::dev::TICKET_SECRET)),
        ..production()
    };
    assert!(Config::resolve(dev.clone()).is_err());
    let allowed = Config::resolve(ConfigArgs {
        allow_dev_secrets: Some(true),
        ..dev
    });
    assert!(allowed.is_ok(), "{allowed:?}");
}

#[test]
fn link_settings_and_rating_periods() {
    let c = Config::resolve(ConfigArgs {
        link_secrets: Some(
            "hallA=secret-of-hall-a-0123456789abcdef,hallB=secret-of-hall-b-0123456789abcdef"
                .parse()
                .unwrap_or_default(),
        ),
        legacy_unsigned_links: Some("oldHall".parse().unwrap_or_default()),
        consult_period_days: Some(7),
        ..production()
    })
    .expect("config");
    assert_eq!(
        c.links.secret_for("hallB").map(Secret::expose),
        Some("secret-of-hall-b-0123456789abcdef")
    );
    assert_eq!(
        c.links.secret_for("other").map(Secret::expose),
        Some("link-secret-0123456789abcdef-012345")
    );
    assert!(c.links.accepts_unsigned("oldHall") && !c.links.accepts_unsigned("hallA"));
    assert_eq!(c.periods.consult_days, 7);
    assert_eq!(c.periods.guide_days, 30);
    let warnings = c.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("oldHall"), "{warnings:?}");
    // Secrets never print; appCodes do.
    let dbg = format!("{:?}", c.links);
    assert!(
        dbg.contains("hallA") && !dbg.contains("secret-of-hall-a"),
        "{dbg}"
    );

    let e = Config::resolve(ConfigArgs {
        link_secret: None,
        link_secrets: Some("=x,hallA".parse().unwrap_or_default()),
        legacy_unsigned_links: Some("a_b".parse().unwrap_or_default()),
        guide_period_days: Some(0),
        consult_period_days: Some(4000),
        ..production()
    })
    .expect_err("bad");
    let text = e.to_string();
    for var in [
        "HCP_LEGACY_UNSIGNED_LINKS",
        "HCP_GUIDE_PERIOD_DAYS",
        "HCP_CONSULT_PERIOD_DAYS",
    ] {
        assert!(text.contains(var), "{var}: {text}");
    }
    assert!("=x".parse::<AppSecrets>().is_err());
    let c = Config::resolve(ConfigArgs {
        link_secret: None,
        ..production()
    })
    .expect("config");
    assert!(c.warnings()[0].contains("HCP_LINK_SECRET is not set"));
}

#[cfg(feature = "sandbox")]
#[test]
fn remote_mode_names_every_missing_variable() {
    let e = Config::resolve(remote()).expect_err("must refuse");
    assert_eq!(
        e.missing,
        vec![
            "HCP_PAAS_ID",
            "HCP_PAAS_TOKEN",
            "HCP_DES_KEY",
            "HCP_TICKET_SECRET",
            "HCP_LOGIN_URL"
        ]
    );
    let text = e.to_string();
    for v in &e.missing {
        assert!(text.contains(v), "{text}");
    }
}

#[test]
fn remote_mode_with_everything_starts_and_gets_a_trailing_slash() {
    let args = ConfigArgs {
        push_secret: None,
        allowed_origins: Some(
            "https://Portal.example.gov.cn, http://a.b:8080/"
                .parse()
                .unwrap_or_default(),
        ),
        ..production()
    };
    let c = Config::resolve(args).expect("complete");
    match &c.upstream {
        Upstream::Remote(u) => {
            assert_eq!(u.as_str(), "https://gw.example.gov.cn/prorio/ebus/ping/")
        }
        Upstream::Sandbox => panic!("not sandbox"),
    }
    assert_eq!(
        c.allowed_origins,
        vec!["https://portal.example.gov.cn", "http://a.b:8080"]
    );
    assert!(c.push.secret.is_none());
    // Secrets never print.
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("paas-token-from"), "{dbg}");
    assert!(!dbg.contains("ticket-secret-0123"), "{dbg}");
    assert!(!dbg.contains("k8Zp2Qw1"), "{dbg}");
    assert!(!dbg.contains("link-secret-0123"), "{dbg}");
}

#[test]
fn bad_values_are_all_reported() {
    let args = ConfigArgs {
        listen: Some("nope".into()),
        des_key: Some(Secret::new("short")),
        allowed_origins: Some("https://a.example/path,ftp://x".parse().unwrap_or_default()),
        log_format: Some("xml".into()),
        ..ConfigArgs::default()
    };
    let e = Config::resolve(args).expect_err("bad");
    let text = e.to_string();
    assert!(text.contains("HCP_LISTEN"), "{text}");
    assert!(text.contains("HCP_DES_KEY"), "{text}");
    assert_eq!(text.matches("HCP_ALLOWED_ORIGINS").count(), 2, "{text}");
    assert!(text.contains("HCP_LOG_FORMAT"), "{text}");
}

#[test]
fn origins() {
    assert_eq!(
        parse_origin("https://x.gov.cn:443").as_deref(),
        Ok("https://x.gov.cn")
    );
    assert!(parse_origin("https://x.gov.cn/a").is_err());
    assert!(parse_origin("https://x.gov.cn?a=1").is_err());
    assert!(parse_origin("javascript:alert(1)").is_err());
    assert!(parse_origin("x.gov.cn").is_err());
}

#[test]
fn toml_file_fills_what_the_environment_left_unset() {
    let dir = std::env::temp_dir().join(format!("hcp-cfg-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("gw.toml");
    std::fs::write(
        &path,
        "listen = \"127.0.0.1:9999\"\nallowed_origins = [\"https://a.example\"]\npaas_id = \"from-file\"\n[link_secrets]\nhallA = \"secret-of-hall-a\"\n",
    )
    .expect("write");
    let args = ConfigArgs {
        config: Some(path.clone()),
        paas_id: Some("from-env".into()),
        ..ConfigArgs::default()
    }
    .merged()
    .expect("merged");
    assert_eq!(args.listen.as_deref(), Some("127.0.0.1:9999"));
    assert_eq!(args.paas_id.as_deref(), Some("from-env"));
    assert_eq!(
        args.allowed_origins.map(|l| l.0),
        Some(vec!["https://a.example".to_string()])
    );
    assert_eq!(
        args.link_secrets.map(|l| l.0),
        Some(vec![("hallA".to_string(), Secret::new("secret-of-hall-a"))])
    );
    std::fs::write(&path, "lisen = 1\n").expect("write");
    let e = ConfigArgs {
        config: Some(path),
        ..ConfigArgs::default()
    }
    .merged()
    .expect_err("unknown key");
    assert!(e.to_string().contains("lisen"), "{e}");
}

#[cfg(feature = "sandbox")]
#[test]
fn the_lease_must_outlast_one_upstream_request() {
    let args = ConfigArgs {
        lease_secs: Some(3),
        upstream_timeout_ms: Some(2500),
        ..ConfigArgs::default()
    };
    assert!(Config::resolve(args).is_err(), "3 s < 2.5 s + 1 s");
    let args = ConfigArgs {
        lease_secs: Some(6),
        ..ConfigArgs::default()
    };
    let c = Config::resolve(args).expect("6 s ≥ 5 s + 1 s");
    assert_eq!(c.upstream_timeout, Duration::from_secs(5));
    assert_eq!(c.retry.confirm_after, Duration::from_secs(60));
    let e = Config::resolve(ConfigArgs {
        lease_secs: Some(5),
        ..ConfigArgs::default()
    })
    .expect_err("5 s < 6 s");
    assert!(e.to_string().contains("HCP_LEASE_SECS"), "{e}");
}

#[cfg(feature = "sandbox")]
#[test]
fn app_codes_are_checked_and_sandbox_mode_has_the_demo_one() {
    let c = Config::resolve(ConfigArgs::default()).expect("sandbox");
    assert_eq!(
        c.app_codes.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        vec![hcp_sandbox::demo::APP_CODE]
    );
    let e = Config::resolve(ConfigArgs {
        app_codes: Some("good1,bad_one".parse().unwrap_or_default()),
        ..ConfigArgs::default()
    })
    .expect_err("bad appCode");
    assert!(e.to_string().contains("HCP_APP_CODES"), "{e}");
}

#[test]
fn secret_prints_stars() {
    let s = Secret::new("hunter2");
    assert_eq!(format!("{s} {s:?}"), "*** ***");
}
