//! The files an office installs (deploy/, the `cargo deb` metadata) checked against the real
//! binary: the systemd unit has every directive README's install steps rely on, its ExecStart
//! is a command line `toban` accepts, the env example names only variables toban reads, and
//! every packaged file exists.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::helpers::{repo, run, toban};

/// The environment variables toban reads (besides test hooks such as TOBAN_CLOCK, which must
/// never be set in production). Each is checked to be in src/, so the list cannot go stale.
const VARS: &[&str] = &[
    "TELOXIDE_TOKEN",
    "TELOXIDE_API_URL",
    "TOBAN_BOT_USERNAME",
    "TOBAN_LINE_BASIC_ID",
    "LINE_CHANNEL_SECRET",
    "LINE_CHANNEL_ACCESS_TOKEN",
    "LINE_API_URL",
    "TOBAN_PUBLIC_URL",
    "TOBAN_ADMIN",
    "TOBAN_RULES",
    "TOBAN_DATA",
    "TOBAN_CALENDARS",
    "TOBAN_LOG",
    "TOBAN_HTTP_HEADER_TIMEOUT_MS",
    "TOBAN_HTTP_IDLE_TIMEOUT_MS",
    "TOBAN_HTTP_MAX_CONNECTIONS",
];

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// `(section, key, value)` of every directive, in order (comments and blank lines skipped).
fn directives(unit: &str) -> Vec<(String, String, String)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in unit.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let (key, value) =
            line.split_once('=').unwrap_or_else(|| panic!("not a directive: {line}"));
        out.push((section.clone(), key.trim().to_string(), value.trim().to_string()));
    }
    out
}

fn unit() -> Vec<(String, String, String)> {
    directives(&read("deploy/toban.service"))
}

/// The values of `key` in [Service].
fn service(unit: &[(String, String, String)], key: &str) -> Vec<String> {
    unit.iter().filter(|(s, k, _)| s == "Service" && k == key).map(|(_, _, v)| v.clone()).collect()
}

#[test]
fn the_unit_has_every_required_directive_with_its_value() {
    let unit = unit();
    for (key, value) in [
        ("Restart", "on-failure"),
        ("User", "toban"),
        ("WorkingDirectory", "/var/lib/toban"),
        ("Environment", "TOBAN_RULES=/etc/toban/rules TOBAN_DATA=/var/lib/toban/data"),
        ("EnvironmentFile", "-/etc/toban/toban.env"),
        ("UMask", "0077"),
        ("StateDirectory", "toban"),
        ("StateDirectoryMode", "0700"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("ReadWritePaths", "/var/lib/toban"),
        ("ExecStart", "/usr/bin/toban serve --listen 127.0.0.1:8080"),
        ("LimitNOFILE", "65536"),
    ] {
        assert_eq!(service(&unit, key), [value], "[Service] {key}= in deploy/toban.service");
    }
    assert!(
        unit.iter().any(|(s, k, v)| s == "Install" && k == "WantedBy" && v == "multi-user.target"),
        "`systemctl enable` needs [Install] WantedBy=multi-user.target"
    );
    // Secrets go in the env file, never in the unit (which is world-readable).
    let text = read("deploy/toban.service");
    assert!(!text.contains("TELOXIDE_TOKEN="), "the bot token must not be in the unit");
    // Every variable the unit sets is one toban reads.
    for assignment in service(&unit, "Environment").iter().flat_map(|v| v.split_whitespace()) {
        let name = assignment.split_once('=').map_or(assignment, |(n, _)| n);
        assert!(VARS.contains(&name), "the unit sets {name}, which toban does not read");
    }
}

#[test]
fn the_units_exec_start_is_a_command_line_toban_serve_accepts() {
    let exec = service(&unit(), "ExecStart").pop().expect("an ExecStart");
    let mut words = exec.split_whitespace();
    assert_eq!(words.next(), Some("/usr/bin/toban"), "where the .deb installs the binary");
    let args: Vec<&str> = words.collect();
    assert_eq!(args.first(), Some(&"serve"), "ExecStart runs `toban serve`: {exec}");
    let help = run(toban(), &["serve", "--help"]).code(0).stdout_has("--listen");
    for flag in args.iter().filter(|a| a.starts_with("--")) {
        assert!(help.stdout().contains(flag), "`toban serve --help` lacks {flag}");
    }
    // clap parses the whole line (an unknown flag or a bad value fails before --help is
    // honoured), without starting a server.
    let mut line = args.clone();
    line.push("--help");
    run(toban(), &line).code(0);
}

#[test]
fn the_env_example_names_only_variables_toban_reads() {
    let src = source_text(&repo().join("src"));
    for var in VARS {
        assert!(src.contains(&format!("\"{var}\"")), "{var} is no longer read in src/");
    }
    let example = read("deploy/toban.env.example");
    let mut names = Vec::new();
    for line in example.lines().map(str::trim) {
        // Assignments, including commented-out optional ones (`#TOBAN_LOG=info`).
        let line = line.strip_prefix('#').unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else { continue };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            continue;
        }
        assert!(VARS.contains(&name), "toban.env.example sets {name}, which toban does not read");
        if name == "TOBAN_PUBLIC_URL" {
            assert!(value.starts_with("https://"), "the public URL is HTTPS (Caddy): {value}");
        }
        names.push(name.to_string());
    }
    for needed in ["TELOXIDE_TOKEN", "TOBAN_BOT_USERNAME", "TOBAN_PUBLIC_URL", "TOBAN_ADMIN"] {
        assert!(names.iter().any(|n| n == needed), "toban.env.example lacks {needed}");
    }
}

/// Every .rs file under `dir`, concatenated.
fn source_text(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push_str(&source_text(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    out
}

#[test]
fn systemd_analyze_finds_nothing_wrong_with_the_unit_beyond_the_missing_install() {
    let Ok(out) = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(repo().join("deploy/toban.service"))
        .output()
    else {
        eprintln!("skipped: systemd-analyze is not installed");
        return;
    };
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // This machine has no /usr/bin/toban nor a `toban` user: those are the package's to make.
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !l.contains("/usr/bin/toban"))
        .filter(|l| !(l.contains("toban") && l.to_lowercase().contains("user")))
        .collect();
    assert!(problems.is_empty(), "systemd-analyze verify deploy/toban.service:\n{text}");
}

#[test]
fn every_deb_asset_exists_in_the_repository() {
    let manifest: toml::Table = read("Cargo.toml").parse().expect("Cargo.toml parses");
    let deb = &manifest["package"]["metadata"]["deb"];
    let assets = deb["assets"].as_array().expect("[package.metadata.deb] assets");
    let mut dests = Vec::new();
    for asset in assets {
        let fields: Vec<&str> =
            asset.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let [source, dest, mode] = fields[..] else {
            panic!("asset is not [source, dest, mode]: {asset}")
        };
        assert!(u32::from_str_radix(mode, 8).is_ok(), "{source}: mode {mode} is not octal");
        assert!(!dest.starts_with('/'), "{source}: dest {dest} is relative to the package root");
        dests.push(dest);
        if let Some(bin) = source.strip_prefix("target/release/") {
            // cargo-deb's placeholder for the built binary: it must be one cargo builds.
            assert_eq!(bin, env!("CARGO_PKG_NAME"), "{source} is not the toban binary");
            assert!(Path::new(env!("CARGO_BIN_EXE_toban")).exists());
        } else if let Some((dir, pattern)) = source.split_once("/*") {
            let found = std::fs::read_dir(repo().join(dir))
                .unwrap_or_else(|e| panic!("{source}: {e}"))
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(pattern))
                .count();
            assert!(found > 0, "{source} matches no file");
        } else {
            assert!(repo().join(source).is_file(), "{source} is packaged but missing");
        }
    }
    for needed in [
        "usr/bin/",
        "lib/systemd/system/toban.service",
        "usr/share/toban/rules/",
        "etc/toban/toban.env.example",
    ] {
        assert!(dests.contains(&needed), "no asset installs {needed}");
    }
    let scripts = deb["maintainer-scripts"].as_str().expect("maintainer-scripts");
    let postinst = repo().join(scripts).join("postinst");
    let text = std::fs::read_to_string(&postinst).expect("the postinst exists");
    assert!(text.contains("adduser --system --group --home /var/lib/toban toban"), "{text}");
    assert!(
        postinst.metadata().unwrap().permissions().mode() & 0o111 != 0,
        "postinst is executable"
    );
    let sh = Command::new("sh").arg("-n").arg(&postinst).status().expect("run sh -n");
    assert!(sh.success(), "postinst has a shell syntax error");
}

/// README's promise that the build needs only a Rust toolchain ("no OpenSSL"; TLS is rustls for
/// Telegram, LINE, webhooks and PostgreSQL) holds for the locked dependency tree: no crate of
/// it binds OpenSSL or the platform's TLS. This is why LINE's types are toban's own rather
/// than `line-bot-sdk-rust`'s, whose type crates pull `hyper-tls` (native-tls, OpenSSL).
#[test]
fn the_locked_dependencies_bind_no_openssl_or_native_tls() {
    let lock = read("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(names.contains(&"rustls"), "the lock file is read: {} packages", names.len());
    for banned in ["openssl", "openssl-sys", "native-tls", "hyper-tls", "tokio-native-tls"] {
        assert!(
            !names.contains(&banned),
            "{banned} is in Cargo.lock: the build would need OpenSSL"
        );
    }
}
