//! Private by default (issue 17): whatever the umask of whoever starts toban, the registry is
//! readable by that user alone; backups are never written through a planted link or over a
//! device; `toban doctor` fails when data became readable by others.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::routing_cli::Desk;

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every path below `dir` (and `dir`) whose group or other bits are set.
fn open_to_others(dir: &Path) -> Vec<(String, u32)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        let m = mode(&p);
        if m & 0o077 != 0 {
            found.push((p.display().to_string(), m));
        }
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        }
    }
    found
}

#[test]
fn the_store_journal_backups_and_socket_are_private_even_under_umask_000() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    // The data dir made by the tests' own umask is tightened when the store opens.
    let cmd = desk.command();
    // A shell with umask 000 starts serve: still nothing readable by others.
    let toban = cmd.get_program().to_owned();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c").arg("umask 000; exec \"$0\" serve --listen 127.0.0.1:0").arg(&toban);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.current_dir(desk.dir.path());
    let serve = sh.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
    let _serve = crate::routing_cli::Serve { child: serve.unwrap() };
    crate::routing_cli::wait_for(std::time::Duration::from_secs(20), "serve", || {
        std::os::unix::net::UnixStream::connect(desk.data().join("serve.sock")).is_ok()
    });
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    desk.run(&["cycle"]).code(0);
    desk.run(&["backup"]).code(0);
    assert!(desk.data().join("console.jsonl").exists());
    assert_eq!(mode(&desk.data().join("serve.sock")) & 0o077, 0, "the control socket");
    assert_eq!(open_to_others(&desk.data()), vec![], "the data directory");
    assert_eq!(open_to_others(&desk.dir.path().join("backups")), vec![], "the backups");
    let _ = cmd;
}

#[test]
fn a_backup_is_never_written_over_a_device_or_through_a_planted_link() {
    let desk = Desk::new();
    desk.run(&["backup", "--out", "/dev/full"]).code(1).stderr_has("not a regular file");
    let target = desk.dir.path().join("victim");
    std::fs::write(&target, "keep me").unwrap();
    let link = desk.dir.path().join("planted.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    desk.run(&["backup", "--out", link.to_str().unwrap()]).code(1).stderr_has("not a regular file");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn doctor_fails_when_the_data_became_readable_by_others() {
    let desk = Desk::new();
    let out = desk.run(&["doctor"]).stdout();
    assert!(out.contains("ok    privacy"), "{out}");
    std::fs::set_permissions(desk.data(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = desk.data().join("db");
    if db.exists() {
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // Opening the store tightens the directory itself; a file made readable stays so and fails.
    let out = desk.run(&["doctor"]).code(1).stdout();
    assert!(out.contains("FAIL  privacy") && out.contains("chmod -R go="), "{out}");
}

/// `toban serve` with `extra` environment and `--listen listen`, its stderr in a file.
fn spawn_serve(
    desk: &Desk,
    listen: &str,
    extra: &[(&str, &str)],
) -> (std::process::Child, std::path::PathBuf) {
    let err = desk.dir.path().join(format!("serve-{}.err", listen.replace([':', '.'], "_")));
    let mut cmd = desk.command();
    cmd.envs(extra.iter().copied())
        .args(["serve", "--listen", listen])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap());
    (cmd.spawn().unwrap(), err)
}

#[test]
fn a_bad_public_url_stops_serve_and_the_default_is_the_address_it_listens_on() {
    let desk = Desk::new();
    let (mut bad, err) =
        spawn_serve(&desk, "127.0.0.1:0", &[("TOBAN_PUBLIC_URL", "toban.example.jp")]);
    assert_eq!(bad.wait().unwrap().code(), Some(2));
    let text = std::fs::read_to_string(&err).unwrap();
    assert!(
        text.contains("TOBAN_PUBLIC_URL 'toban.example.jp'") && text.contains("https://"),
        "{text}"
    );

    // The office reading in English (issue 18: the warning is in the reader's language).
    let (serve, err) = spawn_serve(&desk, "0.0.0.0:0", &[("TOBAN_LANG", "en")]);
    let _serve = crate::routing_cli::Serve { child: serve };
    crate::routing_cli::wait_for(std::time::Duration::from_secs(20), "serve", || {
        std::os::unix::net::UnixStream::connect(desk.data().join("serve.sock")).is_ok()
    });
    let text = std::fs::read_to_string(&err).unwrap();
    assert!(text.contains("WARNING") && text.contains("TLS reverse proxy"), "{text}");
    let addr = std::fs::read_to_string(desk.data().join("serve.addr")).unwrap();
    let out = desk.run(&["feed", "token", "issue", "d01"]).code(0).stdout();
    assert!(
        out.contains(&format!("{}/feeds/", addr.trim())),
        "the URL names serve's address: {out}"
    );
    assert!(!out.contains(":8080"), "{out}");
}

#[test]
fn patient_details_come_from_a_file_or_standard_input_not_the_command_line() {
    let desk = Desk::new();
    let file = desk.dir.path().join("patient.toml");
    std::fs::write(
        &file,
        "name = \"山田 花子\"\naddress = \"千葉県匝瑳市八日市場イ1\"\narea = \"八日市場\"\nattending = \"d01\"\ndiagnosis = \"脳梗塞後遺症\"\nconsent = 2026-04-01\n",
    )
    .unwrap();
    desk.run(&["patient", "add", "--from-file", file.to_str().unwrap()]).code(0);
    // Standard input, with a flag overriding the file; while serve runs too.
    let _serve = desk.serve();
    let mut cmd = desk.command();
    cmd.args(["patient", "add", "--from-file", "-", "--area", "野栄"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("name = \"佐藤 次郎\"\naddress = \"匝瑳市\"\nattending = \"d02\"\nconsent = 2026-05-01\narea = \"八日市場\"\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let one = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    assert_eq!(one["diagnosis"], "脳梗塞後遺症", "{one}");
    let two = desk.run(&["patient", "show", "2", "--format", "json"]).code(0).json();
    assert_eq!(
        (two["name"].as_str(), two["area"].as_str()),
        (Some("佐藤 次郎"), Some("野栄")),
        "{two}"
    );
    // A mistyped field is named, nothing registered.
    std::fs::write(&file, "nmae = \"x\"\n").unwrap();
    desk.run(&["patient", "add", "--from-file", file.to_str().unwrap()])
        .code(2)
        .stderr_has("unknown field");
    assert!(desk.run(&["patient", "show", "3"]).out.status.code() != Some(0));
}
