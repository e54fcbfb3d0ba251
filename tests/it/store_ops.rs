//! Backups, restores, damaged stores and `toban doctor`, through the real binary.

use crate::routing_cli::Desk;

fn backups(desk: &Desk) -> Vec<std::path::PathBuf> {
    let dir = desk.dir.path().join("backups");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    // Finished backups only: one being written is `.NAME.tmp` until it is renamed into place.
    v.retain(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'));
    v.sort();
    v
}

#[test]
fn a_backup_taken_while_serve_runs_restores_to_the_same_store_and_never_over_one() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    let serve = desk.serve();
    // serve writes its first automatic backup at once (none yet), and `toban backup` is taken
    // inside serve.
    crate::routing_cli::wait_for(
        std::time::Duration::from_secs(10),
        "the automatic backup",
        || !backups(&desk).is_empty(),
    );
    let file = desk.dir.path().join("manual.json");
    desk.run(&["backup", "--out", "manual.json"]).code(0).stdout_has("wrote a backup");
    assert!(file.is_file(), "relative to where the command was typed");
    let rota = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let calls = desk.run(&["call", "list", "--format", "json"]).code(0).json();
    drop(serve);
    // Restore into a new directory: the same rota and calls.
    let restored = desk.dir.path().join("restored");
    let mut cmd = desk.command();
    cmd.env("TOBAN_DATA", &restored);
    let r = crate::helpers::run(cmd, &["restore", file.to_str().unwrap()]).code(0);
    assert!(r.stdout().contains("restored"), "{}", r.stdout());
    for (args, want) in [
        (vec!["rota", "show", "2027", "--format", "json"], &rota),
        (vec!["call", "list", "--format", "json"], &calls),
    ] {
        let mut cmd = desk.command();
        cmd.env("TOBAN_DATA", &restored);
        assert_eq!(&crate::helpers::run(cmd, &args).code(0).json(), want);
    }
    // Never over a store.
    desk.run(&["restore", file.to_str().unwrap()]).code(2).stderr_has("is not empty");
    // Not a backup, or a newer one: refused, nothing made.
    let junk = desk.dir.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").unwrap();
    let target = desk.dir.path().join("t2");
    let mut cmd = desk.command();
    cmd.env("TOBAN_DATA", &target);
    crate::helpers::run(cmd, &["restore", junk.to_str().unwrap()])
        .code(2)
        .stderr_has("is not a toban backup");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        &format!("\"schema\": {}", toban::store::SCHEMA_VERSION),
        "\"schema\": 99",
        1,
    );
    std::fs::write(&junk, text).unwrap();
    let mut cmd = desk.command();
    cmd.env("TOBAN_DATA", &target);
    crate::helpers::run(cmd, &["restore", junk.to_str().unwrap()])
        .code(2)
        .stderr_has("newer schema (99)");
    assert!(!target.exists(), "nothing half-made");
}

#[test]
fn a_damaged_store_is_reported_with_the_way_back_never_a_panic() {
    let desk = Desk::new();
    desk.run(&["backup"]).code(0);
    let latest = std::path::absolute(backups(&desk).pop().unwrap()).unwrap();
    let db = desk.data().join("db");
    let original = std::fs::read(&db).unwrap();
    let mut damaged = 0;
    // Truncations at many lengths and seeded random bit flips.
    let mut cases: Vec<Vec<u8>> =
        (1..16).map(|i| original[..original.len() * i / 17].to_vec()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..12 {
        let mut bytes = original.clone();
        for _ in 0..64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % bytes.len() as u64) as usize;
            bytes[at] ^= 0x5a;
        }
        cases.push(bytes);
    }
    for bytes in cases {
        std::fs::write(&db, &bytes).unwrap();
        let r = desk.run(&["rota", "show", "2027", "--format", "json"]);
        let code = r.out.status.code();
        assert_ne!(code, Some(101), "a panic: {}", r.stderr());
        assert!(code.is_some(), "killed by a signal: {}", r.stderr());
        if code != Some(0) {
            let err = r.stderr();
            assert!(err.contains("damaged") || err.contains("could not open"), "{err}");
            assert!(err.contains(&format!("restore {}", latest.display())), "the way back: {err}");
            damaged += 1;
        }
    }
    assert!(damaged >= 10, "most of these damages are noticed ({damaged})");
    // The way back works.
    std::fs::rename(desk.data(), desk.dir.path().join("data.damaged")).unwrap();
    desk.run(&["restore", latest.to_str().unwrap()]).code(0);
    desk.run(&["rota", "show", "2027"]).code(0);
}

#[test]
fn doctor_says_what_needs_attention_and_exits_non_zero() {
    let desk = Desk::new();
    let r = desk.run(&["doctor"]).code(1);
    let out = r.stdout();
    assert!(out.contains("ok    rules"), "{out}");
    assert!(out.contains("WARN  backups   none in backups"), "{out}");
    assert!(out.contains("WARN  serve"), "{out}");
    assert!(out.contains("ok    coverage"), "{out}");
    assert!(out.contains("ok    disk"), "{out}");
    assert!(r.stderr().contains("need attention"));
    // A duty doctor away in the coming weeks is named.
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty = on["duty"][0]["id"].as_str().unwrap().to_string();
    desk.run(&["absence", "add", &duty, "2027-03-03", "2027-03-04"]).code(0);
    let out = desk.run(&["doctor"]).code(1).stdout();
    assert!(
        out.contains("WARN  coverage  on duty but marked away: Dr ")
            && out.contains(&format!(" ({duty}) on Wed 3 Mar")),
        "{out}"
    );
    // Inside serve: it is running, and a backup appears.
    let _serve = desk.serve();
    crate::routing_cli::wait_for(std::time::Duration::from_secs(10), "a backup", || {
        !backups(&desk).is_empty()
    });
    let out = desk.run(&["doctor"]).code(1).stdout();
    assert!(out.contains("ok    serve") && out.contains("ok    backups"), "{out}");
}

/// A tmpfs of `size` mounted on a new directory, or `None` where mounting is not permitted
/// (not root): the full-disk and read-only checks then say so and pass.
pub struct Mount(pub std::path::PathBuf);
impl Mount {
    pub fn new(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap().keep();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir))
    }
    fn remount(&self, how: &str) {
        let s = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(s.success());
    }
}
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_full_disk_or_a_read_only_data_dir_gives_a_clear_error_and_no_damage() {
    let Some(mount) = Mount::new("16m") else {
        eprintln!("cannot mount a tmpfs here (not root): the full-disk check is skipped");
        return;
    };
    let desk = Desk::new();
    // The store moves onto the small disk.
    let data = mount.0.join("data");
    let copy =
        std::process::Command::new("cp").arg("-r").arg(desk.data()).arg(&data).status().unwrap();
    assert!(copy.success());
    let run = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env("TOBAN_DATA", &data);
        crate::helpers::run(cmd, args)
    };
    let before = run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    // 16 MiB is under four times the margin: doctor warns.
    let out = run(&["doctor"]).code(1).stdout();
    assert!(out.contains("WARN  disk") && out.contains("free space soon"), "{out}");
    // Fill the disk to under toban's margin.
    let filler = mount.0.join("filler");
    let free = {
        let out = std::process::Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(&mount.0)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse::<u64>().unwrap()
    };
    std::fs::write(&filler, vec![0u8; (free - 1024 * 1024) as usize]).unwrap();
    let r = run(&[
        "patient",
        "add",
        "--name",
        "A",
        "--address",
        "B",
        "--attending",
        "d01",
        "--consent",
        "2027-01-01",
    ]);
    let err = r.code(1).stderr();
    assert!(err.contains("nearly full") && err.contains("free space"), "{err}");
    assert!(!err.contains("restore"), "not called damage: {err}");
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        run(&["rota", "show", "2027", "--format", "json"]).code(0).json(),
        before,
        "no damage"
    );
    // Read-only: a clear error, not damage; writable again, all is there.
    mount.remount("ro");
    let err = run(&["rota", "show", "2027"]).code(1).stderr();
    assert!(err.contains("read-only"), "{err}");
    assert!(!err.contains("restore"), "not called damage: {err}");
    mount.remount("rw");
    assert_eq!(run(&["rota", "show", "2027", "--format", "json"]).code(0).json(), before);
}

// See: issue 18 review (helpers' notes): in December, with next year's rota not published,
// `toban doctor` (and Today's banner, built on it) said nothing until the last duty ended.
#[test]
fn doctor_warns_when_the_published_rota_ends_within_a_month() {
    let desk = crate::routing_cli::Desk::new();
    // The 2027 rota (with the New Year duty decided with it) ends at the handover of 5 Jan 2028.
    let out = desk.run(&["doctor"]).stdout();
    assert!(!out.contains("ends on"), "not in March: {out}");
    desk.set_clock("2027-12-10T10:00:00+09:00");
    let out = desk.run(&["doctor"]).stdout();
    assert!(out.contains("the published rota ends on Wed 5 Jan 2028 at 09:00"), "{out}");
    assert!(out.contains("plan and publish the next"), "{out}");
    let ja = desk.run(&["--lang", "ja", "doctor"]).stdout();
    assert!(ja.contains("公開された当番表は2028年1月5日(水) 9:00で終わります"), "{ja}");
    // Published next year's: nothing to say.
    desk.run(&["plan", "2028"]).code(0);
    desk.run(&["rota", "publish", "2028"]).code(0);
    let out = desk.run(&["doctor"]).stdout();
    assert!(!out.contains("the published rota ends on"), "{out}");
}
