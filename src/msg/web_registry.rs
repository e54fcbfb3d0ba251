//! The console's registry forms (issue 18): registering, editing and removing a patient, the
//! contact sheet's link, and issuing a calendar feed. Wrapped by
//! [`super::web_records::RecordsMsg::Registry`]; the fields' names are the record's own
//! ([`super::cli::Col`]), and a refusal is the command line's ([`Refusal`]).

use super::Message;
use super::refusal::Refusal;

/// A text of the registry forms.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryMsg {
    /// Link on the registry: register a patient.
    NewPatient,
    /// The registration form's title.
    NewPatientTitle,
    /// The edit form's title.
    EditPatientTitle {
        /// The patient's id.
        id: crate::ids::PatientId,
    },
    /// The removal page's title.
    RemovePatientTitle {
        /// The patient's id.
        id: crate::ids::PatientId,
    },
    /// Under the form: what the record is for and what not to write.
    MinimalNote,
    /// A field that must be filled in.
    Required,
    /// Fields that must be filled in were left empty: each by its label, all in one.
    Missing(Vec<super::cli::Col>),
    /// A choice of nobody (no hospital, no nurse station, no substitute).
    NoChoice,
    /// The association's own rota, in the choice of rotas.
    MainRota,
    /// Label: the rota whose duty doctor the patient's calls ask.
    RotaLabel,
    /// Button: register.
    RegisterButton,
    /// Button: save the changes.
    SaveButton,
    /// Link on the record: change it.
    EditLink,
    /// Link on the record: remove it.
    RemoveLink,
    /// Link on the record: the contact sheet for the household.
    SheetLink,
    /// What the contact sheet is.
    SheetNote,
    /// The question before removing.
    RemoveAsk {
        /// The patient's id.
        id: crate::ids::PatientId,
        /// The patient's name.
        name: String,
    },
    /// What removing does, and what to do instead after a death or a move.
    RemoveWhy,
    /// Label: why it is removed.
    ReasonLabel,
    /// Button: remove.
    RemoveButton,
    /// Link: back to the record without removing.
    KeepIt,
    /// A record was removed.
    Removed {
        /// The patient's id.
        id: crate::ids::PatientId,
    },
    /// A record was removed without a reason while the registration had not ended.
    RemovedWithoutReason,
    /// The command line's reason for refusing.
    Refused(super::refusal_console::OnConsole),
    /// Heading: issue a feed.
    IssueHeading,
    /// Label: whose duties the feed carries.
    IssueFor,
    /// The choice of the whole rota.
    WholeRota,
    /// Label: a label to recognise the feed by.
    IssueLabel,
    /// Button: issue.
    IssueButton,
    /// A feed was issued: its link follows, shown this once.
    FeedIssued {
        /// Its id.
        id: crate::ids::FeedTokenId,
        /// Whose duties it carries (a name, or the whole rota).
        whom: String,
    },
    /// Under the new link: how to use it, and that it is not shown again.
    FeedShownOnce,
    /// Under the list: what a feed is, and what to do when a link is lost.
    FeedsNote,
}

impl Message for RegistryMsg {
    fn ja(&self) -> String {
        use RegistryMsg::*;
        match self {
            NewPatient => "患者さんを登録する".into(),
            NewPatientTitle => "患者さんの登録".into(),
            EditPatientTitle { id } => format!("{id}番の患者さんの記録の変更"),
            RemovePatientTitle { id } => format!("{id}番の患者さんの登録の削除"),
            MinimalNote => "記録は、夜間に初めて伺う医師が必要とする最小限にとどめてください。登録には、ご本人またはご家族の同意が必要です。".into(),
            Required => "（必須）".into(),
            NoChoice => "（なし）".into(),
            MainRota => "医師会の当番".into(),
            RotaLabel => "依頼を受ける当番".into(),
            RegisterButton => "登録する".into(),
            SaveButton => "変更を保存する".into(),
            EditLink => "記録を変更する".into(),
            RemoveLink => "登録を削除する".into(),
            SheetLink => "ご家族向けの連絡先シートをダウンロード".into(),
            SheetNote => "夜間・休日の連絡先をA4用紙1枚にまとめたものです。印刷してご家庭にお渡しください（患者さんのお名前が載っています。取り扱いにご注意ください）。".into(),
            RemoveAsk { id, name } => {
                format!("{name}様（{id}番）の記録を登録から削除します。よろしいですか。")
            }
            RemoveWhy => "削除した患者さんは事業報告にも数えられなくなります。二重登録や誤登録のときだけ削除してください。亡くなられた、転居された、同意を撤回されたときは、削除せずに記録の「経過」に記録してください。".into(),
            ReasonLabel => "削除の理由（監査記録に残ります。例: 二重登録）".into(),
            RemoveButton => "削除する".into(),
            KeepIt => "削除せずに記録に戻る".into(),
            Removed { id } => format!("{id}番の患者さんの記録を削除しました。"),
            RemovedWithoutReason => "理由の記入がなく、登録も終了していなかったため、この患者さんは事業報告から外れます。亡くなられた・転居されたなどの場合は、記録を登録し直して「経過」に記録してください。".into(),
            Refused(r) => r.ja(),
            Missing(cols) => format!(
                "{}を入力してください。",
                super::words::list(cols.iter().map(|c| c.ja()), super::Lang::Ja)
            ),
            IssueHeading => "配信URLを発行する".into(),
            IssueFor => "配信の対象".into(),
            WholeRota => "当番表全体（事務局や電話の転送設定向け）".into(),
            IssueLabel => "メモ（一覧で見分けるため。任意）".into(),
            IssueButton => "発行する".into(),
            FeedIssued { id, whom } => format!("配信 {id}（{whom}）を発行しました。"),
            FeedShownOnce => "このURLは今回しか表示されません。カレンダーアプリに登録するか、スマートフォンでQRコードを読み取ってください。".into(),
            FeedsNote => "配信URLは発行したときに一度だけ表示されます。URLをなくしたときや、知られてはいけない人に伝わったときは、無効にしてから発行し直してください。".into(),
        }
    }

    fn en(&self) -> String {
        use RegistryMsg::*;
        match self {
            NewPatient => "Register a patient".into(),
            NewPatientTitle => "Register a patient".into(),
            EditPatientTitle { id } => format!("Change patient {id}'s record"),
            RemovePatientTitle { id } => format!("Remove patient {id} from the registry"),
            MinimalNote => "Record only what a doctor visiting this patient for the first time at night needs to know. Registration needs the consent of the patient or their family.".into(),
            Required => "(required)".into(),
            NoChoice => "(none)".into(),
            MainRota => "The association's duty".into(),
            RotaLabel => "Duty that takes the calls".into(),
            RegisterButton => "Register".into(),
            SaveButton => "Save changes".into(),
            EditLink => "Change the record".into(),
            RemoveLink => "Remove from the registry".into(),
            SheetLink => "Download the family's contact sheet".into(),
            SheetNote => "Whom to call at night and on holidays, on one A4 page. Print it and give it to the household (it names the patient: handle it with care).".into(),
            RemoveAsk { id, name } => {
                format!("Remove {name} (patient {id}) from the registry?")
            }
            RemoveWhy => "A removed patient is no longer counted in the annual report. Remove only a record entered twice or by mistake. After a death, a move or a withdrawal of consent, do not remove the record: record it under Course instead.".into(),
            ReasonLabel => "Reason (kept in the audit log, e.g. entered twice)".into(),
            RemoveButton => "Remove".into(),
            KeepIt => "Keep it and go back to the record".into(),
            Removed { id } => format!("Patient {id}'s record was removed."),
            RemovedWithoutReason => "No reason was given and the registration had not ended, so this patient leaves the annual report. After a death or a move, register the patient again and add it to the course.".into(),
            Refused(r) => r.en(),
            Missing(cols) => format!(
                "Please fill in the {}.",
                super::words::list(cols.iter().map(|c| c.en()), super::Lang::En)
            ),
            IssueHeading => "Issue a feed URL".into(),
            IssueFor => "Whose duties".into(),
            WholeRota => "The whole rota (for the office or call forwarding)".into(),
            IssueLabel => "Label (to tell it apart in the list; optional)".into(),
            IssueButton => "Issue".into(),
            FeedIssued { id, whom } => format!("Feed {id} ({whom}) is issued."),
            FeedShownOnce => "This URL is shown only now. Add it to a calendar app, or scan the QR code with a phone.".into(),
            FeedsNote => "A feed URL is shown once, when it is issued. If a URL is lost or reaches someone it should not, revoke it and issue a new one.".into(),
        }
    }
}

impl RegistryMsg {
    /// One of each text, for the catalogue's checks (the match keeps it whole).
    pub fn samples() -> Vec<RegistryMsg> {
        use RegistryMsg::*;
        let id = crate::ids::PatientId::new(4);
        let all = vec![
            NewPatient,
            NewPatientTitle,
            EditPatientTitle { id },
            RemovePatientTitle { id },
            MinimalNote,
            Required,
            NoChoice,
            MainRota,
            RotaLabel,
            RegisterButton,
            SaveButton,
            EditLink,
            RemoveLink,
            SheetLink,
            SheetNote,
            RemoveAsk { id, name: "山田 花子".into() },
            RemoveWhy,
            ReasonLabel,
            RemoveButton,
            KeepIt,
            Removed { id },
            RemovedWithoutReason,
            Refused(Refusal::NoSuchPatient(id).on_console(super::audit::Names::sample())),
            Missing(vec![super::cli::Col::FullName, super::cli::Col::Consent]),
            IssueHeading,
            IssueFor,
            WholeRota,
            IssueLabel,
            IssueButton,
            FeedIssued { id: crate::ids::FeedTokenId::new(3), whom: "青木 一郎".into() },
            FeedShownOnce,
            FeedsNote,
        ];
        for m in &all {
            match m {
                NewPatient
                | NewPatientTitle
                | EditPatientTitle { .. }
                | RemovePatientTitle { .. }
                | MinimalNote
                | Required
                | NoChoice
                | MainRota
                | RotaLabel
                | RegisterButton
                | SaveButton
                | EditLink
                | RemoveLink
                | SheetLink
                | SheetNote
                | RemoveAsk { .. }
                | RemoveWhy
                | ReasonLabel
                | RemoveButton
                | KeepIt
                | Removed { .. }
                | RemovedWithoutReason
                | Refused(_)
                | Missing(_)
                | IssueHeading
                | IssueFor
                | WholeRota
                | IssueLabel
                | IssueButton
                | FeedIssued { .. }
                | FeedShownOnce
                | FeedsNote => {}
            }
        }
        all
    }
}
