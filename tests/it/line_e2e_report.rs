//! A report by quoting the 【受諾】 record on LINE (issue 19), as Telegram's reply to it
//! (`bot_e2e_calls::a_nurse_confirms_follows_the_call_and_hears_the_report_sent_by_reply_to_the_record`):
//! LINE passes the quoted message's id (`quotedMessageId`), never its text, so toban keeps the id
//! of each record it pushes and the call it is the record of.

use crate::line_e2e::{LIMIT, LineDesk, U_D01, U_DUTY, U_NS1, deliver};

// See: issue 19 ("everything the Telegram bot does works on LINE": the report by reply).
#[test]
fn a_doctor_on_line_reports_by_quoting_the_record_and_other_quotes_are_answered_as_on_telegram() {
    let LineDesk { desk, line, duty, serve: _serve } =
        LineDesk::start(&["山田 花子"]).with_call_members();
    deliver(&desk, &[line.text(U_NS1, "/call 1 発熱39度")]);
    line.wait_for(LIMIT, U_NS1, "山田 花子 様（1番の患者さん）に連絡します");
    deliver(&desk, &[line.postback(U_NS1, "callsend:1")]);
    line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    deliver(&desk, &[line.postback(U_D01, "decline:1")]);
    let request = line.wait_for(LIMIT, U_DUTY, "当番医としてご対応");
    deliver(&desk, &[line.postback(U_DUTY, "accept:1")]);
    let record = line.wait_for(LIMIT, U_DUTY, "【受諾】1番の依頼");
    assert!(record.text().contains("このメッセージに返信して"), "the record says how to report");
    // The fake shows the record before its push's answer (with the id) reaches toban, which
    // keeps the id then; a person takes seconds to quote it. Sent after the record: the caller's.
    line.wait_for(LIMIT, U_NS1, "が対応します");
    std::thread::sleep(std::time::Duration::from_millis(500));

    // Quoting another message of the bot's is no report: the words are answered as any text.
    deliver(&desk, &[line.quoting(U_DUTY, &request.id, "往診した 解熱剤を投与")]);
    line.wait_for(LIMIT, U_DUTY, "コマンドで操作してください");
    // The record quoted by someone else than the one who accepted: refused, as on Telegram.
    deliver(&desk, &[line.quoting(U_D01, &record.id, "往診した 解熱剤を投与")]);
    line.wait_for(LIMIT, U_D01, "1番の依頼の報告は、受諾した方のみ送れます");
    assert!(desk.call("1")["report"].is_null(), "{}", desk.call("1"));

    // The one who accepted quotes the record with the outcome and a few words.
    deliver(&desk, &[line.quoting(U_DUTY, &record.id, "往診した 解熱剤を投与")]);
    line.wait_for(LIMIT, U_DUTY, "1番の依頼の報告を送りました");
    for (user, who) in [(U_NS1, "the caller"), (U_D01, "the attending doctor")] {
        let report = line.wait_for(LIMIT, user, "【対応報告】1番の依頼");
        assert!(report.text().contains("解熱剤を投与"), "{who}: {}", report.text());
    }
    let report = &desk.call("1")["report"];
    assert_eq!(report["outcome"], "visit", "{report}");
    assert_eq!(report["text"], "解熱剤を投与", "{report}");
    assert_eq!(report["by"], duty.as_str(), "{report}");
    // The call is closed: nothing open for the nurse.
    deliver(&desk, &[line.text(U_NS1, "/status")]);
    line.wait_for(LIMIT, U_NS1, "発信中の依頼はありません");
}
