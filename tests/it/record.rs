//! The duty record is never rewritten by accident (issue 16): a re-plan never reaches a duty
//! that has started, publishing a stale draft keeps the swaps and covers made since, what
//! actually happened is recorded through one audited command, and the audit names who typed.

use serde_json::Value;

use crate::routing_cli::Desk;

/// (slot id, kind, doctors) of the published 2027 rota.
fn slots(desk: &Desk) -> Vec<(String, String, Vec<String>)> {
    let v = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let doctors = s["doctors"].as_array().unwrap().iter();
            (
                s["id"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
                doctors.map(|d| d.as_str().unwrap().to_string()).collect(),
            )
        })
        .collect()
}

fn doctors_of(desk: &Desk, slot: &str) -> Vec<String> {
    slots(desk).into_iter().find(|s| s.0 == slot).unwrap().2
}

#[test]
fn a_replan_from_a_past_date_is_refused_naming_the_earliest_allowed() {
    let desk = Desk::new();
    // 2027-03-02 22:00: the week that began today at 09:00 has started.
    let before: Value = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    desk.run(&["plan", "2027", "--replan-from", "2027-02-01"])
        .code(1)
        .stderr_has("earliest date allowed now is 2027-03-03");
    desk.run(&["plan", "2027", "--replan-from", "2027-03-02"]).code(1).stderr_has("2027-03-03");
    desk.run(&["plan", "2027"]).code(1).stderr_has("--replan-from 2027-03-03");
    assert_eq!(desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json(), before);
    desk.run(&["plan", "2027", "--replan-from", "2027-03-03"]).code(0);
}

#[test]
fn a_stale_draft_published_after_a_cover_keeps_the_cover() {
    let desk = Desk::new();
    desk.run(&["plan", "2027", "--replan-from", "2027-06-01"]).code(0);
    // A cover in April, made while the draft waits (the draft keeps April as it was).
    let all = slots(&desk);
    let doctors: Vec<String> = (1..=10).map(|i| format!("d{i:02}")).collect();
    let mut covered = None;
    'find: for (id, kind, on) in
        all.iter().filter(|s| s.0.as_str() > "2027-04-01" && s.1 == "regular")
    {
        let _ = kind;
        for other in doctors.iter().filter(|d| !on.contains(d)) {
            if desk.run(&["cover", id, &on[0], other]).out.status.success() {
                covered = Some((id.clone(), other.clone()));
                break 'find;
            }
        }
    }
    let (slot, other) = covered.expect("some legal cover in April");
    assert!(slot.as_str() < "2027-06-01");
    // The duty kept is named by its days, with its id (issue 18).
    let first = chrono::NaiveDate::parse_from_str(&slot, "%Y-%m-%d").unwrap();
    let last = first + chrono::Duration::days(6);
    let kept = format!(
        "kept the swaps and covers made since the draft: the duty of {} to {} ({slot})",
        first.format("%a %-d %b"),
        last.format("%a %-d %b")
    );
    desk.run(&["rota", "publish", "2027"]).code(0).stdout_has(&kept);
    assert!(doctors_of(&desk, &slot).contains(&other), "the cover survived the publish");
}

#[test]
fn publishing_a_draft_that_changes_a_started_duty_is_refused() {
    let desk = Desk::new();
    let all = slots(&desk);
    // The week of 2027-03-16: its doctor is away, so the re-plan from 03-10 changes it.
    let (slot, _, on) = all.iter().find(|s| s.0.as_str() >= "2027-03-16").unwrap().clone();
    desk.run(&["absence", "add", &on[0], "2027-03-16", "2027-03-22"]).code(0);
    desk.run(&["plan", "2027", "--replan-from", "2027-03-10"]).code(0);
    // Days pass; the week starts before anyone publishes.
    desk.set_clock("2027-03-17T10:00:00+09:00");
    desk.run(&["rota", "publish", "2027"]).code(1).stderr_has(&slot).stderr_has("toban actual");
    // Who is on duty (the published rota) is unchanged.
    let at = format!("{}T12:00:00+09:00", &slot[..10]);
    let now_on = desk.run(&["oncall", "--at", &at, "--format", "json"]).code(0).json();
    assert_eq!(now_on["duty"][0]["id"], on[0].as_str(), "nothing was published");
    // Both versions can be looked at while the draft is pending; frozen slots are marked.
    let shown = |which: &str| desk.run(&["rota", "show", which, "--format", "json"]).code(0).json();
    assert_eq!(shown("2027:published")["status"], "published");
    assert_eq!(shown("2027:draft")["status"], "draft");
    assert_eq!(shown("2027")["status"], "draft", "YEAR alone: the latest version");
    let last = slots(&desk).last().unwrap().0.clone();
    desk.run(&["rota", "freeze", "2027", &last]).code(0);
    assert!(desk.run(&["rota", "show", "2027"]).code(0).stdout().contains("[frozen]"));
    desk.run(&["rota", "show", "2027:final"]).code(2).stderr_has("YEAR:published");
    // The draft can be dropped; the published rota stays.
    desk.run(&["rota", "draft", "discard", "2027"]).code(0);
    desk.run(&["rota", "draft", "discard", "2027"]).code(1).stderr_has("no 2027 draft");
}

#[test]
fn what_actually_happened_is_recorded_audited_by_name_and_the_ledger_follows() {
    let desk = Desk::new();
    let all = slots(&desk);
    // The week that started today (2027-03-02 09:00).
    let (slot, _, on) = all.iter().find(|s| s.0 == "2027-03-02").unwrap().clone();
    let other = if on[0] == "d01" { "d02" } else { "d01" };
    let ledger = |d: &Desk| d.run(&["ledger", "--format", "json"]).code(0).json();
    let before = ledger(&desk);
    let mut cmd = desk.command();
    cmd.env("TOBAN_ADMIN", "事務局 田中");
    crate::helpers::run(
        cmd,
        &["actual", &slot, "--was", &on[0], "--is", other, "--reason", "急病のため交代"],
    )
    .code(0)
    // See: issue 18: the duty named by its days, its id kept to type.
    .stdout_has("recorded: the duty of Tue 2 Mar to Mon 8 Mar (2027-03-02): actually");
    assert!(doctors_of(&desk, &slot).contains(&other.to_string()));
    assert_ne!(ledger(&desk), before, "the ledger follows");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let entry = audit.as_array().unwrap().iter().find(|e| e["action"] == "actual").unwrap();
    assert_eq!(entry["by"], "admin:事務局 田中", "{entry}");
    assert!(entry["detail"].as_str().unwrap().contains("急病のため交代"));
    // A future duty is not "what happened": swap or cover it.
    let future = all.iter().find(|s| s.0.as_str() > "2027-04-01").unwrap();
    let who = if future.2[0] == "d01" { "d02" } else { "d01" };
    desk.run(&["actual", &future.0, "--was", &future.2[0], "--is", who, "--reason", "x"])
        .code(1)
        .stderr_has("has not started yet");
}

#[test]
fn a_member_with_records_cannot_vanish_from_the_rules() {
    let desk = Desk::new();
    let rules = desk.dir.path().join("rules-edit");
    std::fs::create_dir(&rules).unwrap();
    for f in ["association.toml", "members.toml"] {
        std::fs::copy(crate::helpers::repo().join("rules").join(f), rules.join(f)).unwrap();
    }
    // The office deletes d10's [[doctor]] block instead of setting `left`.
    let members = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    let start = members.find("[[doctor]]\nid = \"d10\"").expect("d10's block");
    let end = members[start + 1..].find("[[").map_or(members.len(), |i| start + 1 + i);
    std::fs::write(rules.join("members.toml"), format!("{}{}", &members[..start], &members[end..]))
        .unwrap();
    let mut cmd = desk.command();
    cmd.env("TOBAN_RULES", &rules);
    let r = crate::helpers::run(cmd, &["check"]);
    assert_ne!(r.out.status.code(), Some(0), "refused");
    let err = r.stderr();
    assert!(err.contains("d10: recorded in the published 2027 rota"), "{err}");
    assert!(err.contains("left = YYYY-MM-DD"), "{err}");
}

#[test]
fn a_published_replan_tells_each_doctor_their_duties_as_ids_rendered_at_delivery() {
    let desk = Desk::new();
    let all = slots(&desk);
    let (slot, _, on) = all.iter().find(|s| s.0.as_str() >= "2027-03-16").unwrap().clone();
    desk.run(&["absence", "add", &on[0], "2027-03-16", "2027-03-22"]).code(0);
    desk.run(&["plan", "2027", "--replan-from", "2027-03-10"]).code(0);
    desk.run(&["rota", "publish", "2027"]).code(0);
    // The outbox keeps the slots, never text (issue 17): the words come at delivery.
    let backup = desk.dir.path().join("b.json");
    desk.run(&["backup", "--out", backup.to_str().unwrap()]).code(0);
    let text = std::fs::read_to_string(&backup).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let outbox = json["trees"]["outbox"].as_array().expect("an outbox tree");
    let bodies: Vec<&Value> = outbox
        .iter()
        .map(|e| &e["value"]["notice"]["body"])
        .filter(|b| b["kind"] == "rota_updated")
        .collect();
    let lost = bodies
        .iter()
        .find(|b| b["removed"].as_array().unwrap().iter().any(|s| s == slot.as_str()))
        .unwrap_or_else(|| {
            panic!("the away doctor is told {slot} is no longer theirs: {bodies:?}")
        });
    assert!(lost.get("detail").is_none(), "{lost}");
    assert!(!text.contains("当番表が更新"), "no rendered text in the store");
}
