//! `toban demo`, the README's main-job command: the whole story on the shipped association in a
//! directory of its own.

use crate::helpers::{repo, run, toban};

#[test]
fn the_demo_plans_publishes_writes_feeds_and_the_page_and_plays_a_night_call() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let mut cmd = toban();
    cmd.current_dir(repo())
        .env("TOBAN_CLOCK", "2026-11-21T10:00:00+09:00")
        .env_remove("TOBAN_DATA");
    let r = run(cmd, &["demo", "--dir", demo.to_str().unwrap()]).code(0);
    let out = r.stdout();
    // The coming plan year, planned, published, shown with its fairness.
    assert!(out.contains("plan year 2027"), "{out}");
    assert!(out.contains("published the 2027 rota"));
    assert!(out.contains("rota 2027 (published)"));
    assert!(out.contains("fairness range 0 points"), "{out}");
    assert!(r.stderr().contains("looking for a plan"), "progress on stderr");
    // Feeds and the page written.
    assert!(demo.join("feeds/all.ics").is_file());
    let page = std::fs::read_to_string(demo.join("rota-2027.html")).unwrap();
    assert!(page.contains("在宅当番表 2027年"));
    // Patients registered; the night call: attending away (skipped), the duty doctor asked and
    // silent, the backup hospital asked and accepting, the report back to the attending doctor.
    assert_eq!(out.matches("registered: ").count(), 3);
    let order = [
        "left out: Dr Aoki Ichiro (d01): absent",
        "asked step 2 (duty doctor)",
        "step 2 timed out",
        "asked step 3 (hospital): Sosa Central Hospital (h1)",
        "accepted by Sosa Central Hospital (h1)",
        "report filed by Sosa Central Hospital (h1)",
    ];
    let mut at = 0;
    for step in order {
        let found =
            out[at..].find(step).unwrap_or_else(|| panic!("{step} after byte {at}:\n{out}"));
        at += found;
    }
    // Only the hospital that accepted got the patient's address.
    let blocks: Vec<&str> = out.split("[toban] → ").skip(1).collect();
    let with_address: Vec<&str> = blocks
        .iter()
        .filter(|b| b.contains("千葉県匝瑳市八日市場イ100"))
        .map(|b| b.split(' ').next().unwrap())
        .collect();
    assert_eq!(with_address, vec!["h1"], "{out}");
    // The next commands, naming the demo's store.
    let data = demo.join("data");
    for next in ["serve", "invite", "feed token issue"] {
        assert!(out.contains(&format!("toban --data {} {next}", data.display())), "{next}");
    }
    // The store carries on: the report counts the call.
    let mut cmd = toban();
    cmd.current_dir(repo()).env("TOBAN_DATA", &data);
    let report = run(cmd, &["report", "2027", "--format", "json"]).code(0).json();
    assert_eq!(report["calls"]["accepted_by_hospital"], 1);
    // A second demo into the same directory is refused, not mixed in.
    let mut cmd = toban();
    cmd.current_dir(repo());
    run(cmd, &["demo", "--dir", demo.to_str().unwrap()])
        .code(1)
        .stderr_has("already holds a demo store");
}
