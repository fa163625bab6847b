//! The unit tests of the configuration: the checks of `resolve` (every
//! problem named, secrets never echoed) and the layering of the TOML file.

use std::path::Path;

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
        Some(crate::sandbox::dev::LINK_SECRET)
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

/// Nor development secrets to allow: `HCP_ALLOW_DEV_SECRETS` is refused by
/// name rather than ignored.
#[cfg(not(feature = "sandbox"))]
#[test]
fn the_production_build_refuses_to_allow_development_secrets() {
    let e = Config::resolve(ConfigArgs {
        allow_dev_secrets: Some(true),
        ..production()
    })
    .expect_err("no development secrets");
    assert!(
        e.invalid
            .iter()
            .any(|l| l.starts_with("HCP_ALLOW_DEV_SECRETS: this is the production build")),
        "{e}"
    );
    assert!(
        Config::resolve(ConfigArgs {
            allow_dev_secrets: Some(false),
            ..production()
        })
        .is_ok()
    );
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
        ticket_secret: Some(Secret::new(crate::sandbox::dev::TICKET_SECRET)),
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

// The layering (layers.rs): what the flags and environment gave over the
// TOML file, the defaults of `resolve` under both.

/// A TOML file in a directory of its own (kept while the guard lives).
fn toml_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gw.toml");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn merged_over(path: &Path, args: ConfigArgs) -> Result<ConfigArgs, ConfigError> {
    ConfigArgs {
        config: Some(path.to_path_buf()),
        ..args
    }
    .merged()
}

/// The production secrets and a remote upstream, as a TOML file gives them.
const PRODUCTION_TOML: &str = r#"
upstream = "https://gw.example.gov.cn/prorio/ebus/ping"
paas_id = "from-file"
paas_token = "paas-token-from-the-province-0001"
des_key = "k8Zp2Qw1"
ticket_secret = "ticket-secret-from-the-file-0123456789"
login_url = "https://portal.example.gov.cn/login"
push_secret = "push-secret-0123456789abcdef-012345"
link_secret = "link-secret-0123456789abcdef-012345"
"#;

/// Set in the child process of the next test.
const LAYERS_CHILD: &str = "HCP_TEST_LAYERS_CHILD";

/// Flag over environment over file over default, read as the binary reads
/// them (clap, then `merged`, then `resolve`). The environment is set in a
/// child process (this test binary run again for this one test): setting
/// variables here would race the other tests' threads.
#[test]
fn flag_over_environment_over_file_over_default() {
    if std::env::var_os(LAYERS_CHILD).is_some() {
        return layered_in_the_child();
    }
    let (_dir, path) = toml_file(&format!(
        "{PRODUCTION_TOML}
listen = \"127.0.0.1:3333\"
log_format = \"json\"
app_codes = [\"fileApp1\", \"fileApp2\"]
[link_secrets]
hallA = \"secret-of-hall-a-from-the-file-0123\"
hallB = \"secret-of-hall-b-from-the-file-0123\"
"
    ));
    let name = format!(
        "{}::flag_over_environment_over_file_over_default",
        module_path!()
            .split_once("::")
            .map_or(module_path!(), |(_, rest)| rest)
    );
    let exe = std::env::current_exe().expect("test binary");
    let mut child = std::process::Command::new(exe);
    child.args([name.as_str(), "--exact", "--nocapture", "--test-threads=1"]);
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("HCP_") {
            child.env_remove(var);
        }
    }
    let out = child
        .env(LAYERS_CHILD, "1")
        .env("HCP_CONFIG", &path)
        .env("HCP_LISTEN", "127.0.0.1:2222")
        .env("HCP_PAAS_ID", "from-env")
        .env("HCP_APP_CODES", "envApp")
        .env(
            "HCP_LINK_SECRETS",
            "hallC=secret-of-hall-c-from-the-env-0123",
        )
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("test result: ok. 1 passed"),
        "the child ran no test:\n{stdout}\n{stderr}"
    );
}

fn layered_in_the_child() {
    #[derive(clap::Parser)]
    struct Cmd {
        #[command(flatten)]
        args: ConfigArgs,
    }
    use clap::Parser as _;
    let cmd = Cmd::try_parse_from(["hcp-gateway", "--listen", "127.0.0.1:1111"]).expect("parse");
    let args = cmd.args.merged().expect("merged");
    // Flag over environment and file; environment over file; the file alone.
    assert_eq!(args.listen.as_deref(), Some("127.0.0.1:1111"));
    assert_eq!(args.paas_id.as_deref(), Some("from-env"));
    assert_eq!(args.log_format.as_deref(), Some("json"));
    // A list or table from the environment replaces the file's whole.
    assert_eq!(
        args.app_codes.as_ref().map(|l| l.0.clone()),
        Some(vec!["envApp".to_string()])
    );
    assert_eq!(
        args.link_secrets.as_ref().map(|l| l.0.clone()),
        Some(vec![(
            "hallC".to_string(),
            Secret::new("secret-of-hall-c-from-the-env-0123")
        )])
    );
    // And the defaults under all of them.
    assert_eq!(args.pad_show_secs, None);
    let c = Config::resolve(args).expect("config");
    assert_eq!(c.listen.to_string(), "127.0.0.1:1111");
    assert_eq!(c.paas_id, "from-env");
    assert_eq!(c.log_format, LogFormat::Json);
    assert_eq!(
        c.ticket_secret.expose(),
        "ticket-secret-from-the-file-0123456789"
    );
    assert_eq!(c.pad_show, Duration::from_secs(180));
    assert_eq!(c.retry.lease, Duration::from_secs(30));
    assert_eq!(c.push.appcode, "hcp-directory");
}

#[test]
fn a_setting_given_over_the_file_wins_and_an_unset_one_does_not_hide_it() {
    let (_dir, path) = toml_file(&format!(
        "{PRODUCTION_TOML}lease_secs = 40\nretry_max_secs = 900\ntrust_forwarded_for = true\n"
    ));
    let args = merged_over(
        &path,
        ConfigArgs {
            lease_secs: Some(50),
            trust_forwarded_for: Some(false),
            ..ConfigArgs::default()
        },
    )
    .expect("merged");
    assert_eq!(args.lease_secs, Some(50));
    assert_eq!(args.trust_forwarded_for, Some(false));
    assert_eq!(args.retry_max_secs, Some(900));
    assert_eq!(args.rate_limit_burst, None);
    assert_eq!(args.config.as_deref(), Some(path.as_path()));
    let c = Config::resolve(args).expect("config");
    assert_eq!(c.retry.lease, Duration::from_secs(50));
    assert_eq!(c.retry.max, Duration::from_secs(900));
    assert!(!c.trust_forwarded_for);
    assert_eq!(c.rate_limit.burst.get(), 60);
    // Every u64 passes the layering (a TOML integer holds only an i64).
    let args = merged_over(
        &path,
        ConfigArgs {
            tags_ttl_secs: Some(u64::MAX),
            ..ConfigArgs::default()
        },
    )
    .expect("merged");
    assert_eq!(args.tags_ttl_secs, Some(u64::MAX));
}

#[test]
fn secrets_in_the_file_are_read_and_never_printed() {
    let (_dir, path) = toml_file(PRODUCTION_TOML);
    let args = ConfigArgs::from_toml_file(&path).expect("file");
    assert_eq!(
        args.ticket_secret.as_ref().map(Secret::expose),
        Some("ticket-secret-from-the-file-0123456789")
    );
    let dbg = format!("{args:?}");
    assert!(!dbg.contains("ticket-secret-from"), "{dbg}");
    let c = Config::resolve(merged_over(&path, ConfigArgs::default()).expect("merged"))
        .expect("config");
    assert_eq!(
        c.des_key,
        hcp_protocol::crypt::DesKey::parse("k8Zp2Qw1").expect("key")
    );
    // A secret of the wrong type is refused by its key, its value unsaid.
    std::fs::write(&path, "des_key = 13572468\n").expect("write");
    let e = merged_over(&path, ConfigArgs::default()).expect_err("not a string");
    let text = e.to_string();
    assert!(
        text.contains("des_key") && text.contains("gw.toml"),
        "{text}"
    );
    assert!(!text.contains("13572468"), "{text}");
}

#[test]
fn the_file_is_refused_naming_the_file_and_the_key() {
    let (_dir, path) = toml_file("listen = \"127.0.0.1:1\"\npush_modulcode = \"d\"\n");
    let e = merged_over(&path, ConfigArgs::default()).expect_err("unknown key");
    let text = e.to_string();
    assert!(text.contains("`push_modulcode`"), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("push_modulecode"), "the known keys: {text}");
    // `config` names the file; it is no key of it.
    std::fs::write(&path, "config = \"other.toml\"\n").expect("write");
    let e = merged_over(&path, ConfigArgs::default()).expect_err("config key");
    assert!(e.to_string().contains("`config`"), "{e}");
    // A wrong value: the key and the file, even where the environment gives
    // that setting too.
    std::fs::write(&path, "lease_secs = \"soon\"\n").expect("write");
    for given in [None, Some(60)] {
        let e = merged_over(
            &path,
            ConfigArgs {
                lease_secs: given,
                ..ConfigArgs::default()
            },
        )
        .expect_err("not a number");
        let text = e.to_string();
        assert!(text.contains("`lease_secs`"), "{text}");
        assert!(text.contains(&path.display().to_string()), "{text}");
    }
    // A syntax error, and a file that is not there.
    std::fs::write(&path, "listen = \n").expect("write");
    let e = merged_over(&path, ConfigArgs::default()).expect_err("syntax");
    assert!(e.to_string().contains("is not valid"), "{e}");
    let gone = path.with_file_name("none.toml");
    let e = merged_over(&gone, ConfigArgs::default()).expect_err("no file");
    assert!(e.to_string().contains("HCP_CONFIG: cannot read"), "{e}");
}

#[test]
fn a_list_in_the_file_is_a_string_or_an_array() {
    for list in [
        "\"https://a.example, https://b.example\"",
        "[\"https://a.example\", \" https://b.example \", \"\"]",
    ] {
        let (_dir, path) = toml_file(&format!("allowed_origins = {list}\n"));
        let args = merged_over(&path, ConfigArgs::default()).expect("merged");
        assert_eq!(
            args.allowed_origins.map(|l| l.0),
            Some(vec![
                "https://a.example".to_string(),
                "https://b.example".to_string()
            ]),
            "{list}"
        );
    }
    // appCode secrets: a table or the environment's string.
    for secrets in [
        "link_secrets = \"hallA=one,hallB=two=2\"",
        "[link_secrets]\nhallA = \"one\"\nhallB = \"two=2\"",
    ] {
        let (_dir, path) = toml_file(&format!("{secrets}\n"));
        let args = merged_over(&path, ConfigArgs::default()).expect("merged");
        assert_eq!(
            args.link_secrets.map(|l| l.0),
            Some(vec![
                ("hallA".to_string(), Secret::new("one")),
                ("hallB".to_string(), Secret::new("two=2"))
            ]),
            "{secrets}"
        );
    }
    // What the environment gives replaces the file's list or table whole.
    let (_dir, path) = toml_file("app_codes = [\"a1\", \"a2\"]\n[link_secrets]\nhallA = \"one\"\n");
    let args = merged_over(
        &path,
        ConfigArgs {
            app_codes: Some("b1".parse().unwrap_or_default()),
            link_secrets: Some("hallB=two".parse().unwrap_or_default()),
            ..ConfigArgs::default()
        },
    )
    .expect("merged");
    assert_eq!(args.app_codes.map(|l| l.0), Some(vec!["b1".to_string()]));
    assert_eq!(
        args.link_secrets.map(|l| l.0),
        Some(vec![("hallB".to_string(), Secret::new("two"))])
    );
}

/// The one thing the layering cannot carry: a path that is not UTF-8 (serde
/// writes none), refused by name rather than changed.
#[cfg(unix)]
#[test]
fn a_non_utf8_path_over_a_file_is_refused() {
    use std::os::unix::ffi::OsStringExt as _;
    let (_dir, path) = toml_file("listen = \"127.0.0.1:1\"\n");
    let odd = PathBuf::from(std::ffi::OsString::from_vec(b"/tmp/d\xff".to_vec()));
    let e = merged_over(
        &path,
        ConfigArgs {
            data_dir: Some(odd.clone()),
            ..ConfigArgs::default()
        },
    )
    .expect_err("not UTF-8");
    assert!(e.to_string().contains("UTF-8"), "{e}");
    // Without a file nothing is laid over anything: the path stays as given.
    let args = ConfigArgs {
        data_dir: Some(odd.clone()),
        ..ConfigArgs::default()
    }
    .merged()
    .expect("no file");
    assert_eq!(args.data_dir, Some(odd));
}
