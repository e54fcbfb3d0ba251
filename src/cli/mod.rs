//! The `toban` command line: argument parsing, file loading and output. A thin adapter: each
//! command reads its inputs, calls the pure rooms, and prints a table for people or JSON for
//! scripts.
//!
//! Exit codes (DESIGN.md §6): 0 ok, 1 runtime error or refusal (a well-formed request the
//! records or rules refuse: [`Refusal::is_usage`] is false, or [`Refused`]), 2 usage error
//! (clap, a malformed value or file: [`UsageError`]), 3 rules or calendars invalid, or hard
//! rules that cannot all hold.

mod actor;
mod actual;
mod admin;
pub(crate) mod clock;
mod commands;
pub mod console;
mod control;
pub(crate) mod course;
mod demo;
pub(crate) mod desk;
pub mod history;
pub(crate) mod hospital;
mod init;
mod load;
pub mod localize;
mod members;
mod migrate;
pub(crate) mod ops;
mod partial;
mod patient_file;
pub mod planning;
mod reload;
pub(crate) mod report;
mod requests;
pub(crate) mod rota;
pub(crate) mod rotas;
mod serve;
mod web_link;
pub use serve::ADDRESS_FILE;
mod simulate;
mod table;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::msg::Lang;
use crate::msg::refusal::Refusal;

pub use load::{Inputs, Refused, UsageError, load_inputs};

/// Exit code for a runtime error.
pub const EXIT_RUNTIME: i32 = 1;
/// Exit code for a usage error.
pub const EXIT_USAGE: i32 = 2;
/// Exit code for invalid rules or calendar files.
pub const EXIT_INVALID: i32 = 3;

/// toban (当番): duty-doctor rota, call routing and calendar feeds for a medical association.
#[derive(Debug, Clone, Parser)]
#[command(name = "toban", version, about, long_about = None)]
#[command(
    after_help = "Start with `toban check` to validate rules/ and see the coming year's duty slots."
)]
pub struct Args {
    /// Directory of the association's rules (*.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = "rules", env = "TOBAN_RULES")]
    pub rules: PathBuf,
    /// Directory of holiday overrides (*.ics); a missing default directory means none.
    #[arg(long, global = true, value_name = "DIR", env = "TOBAN_CALENDARS")]
    pub calendars: Option<PathBuf>,
    /// Directory of the store (rotas, history, absences, patients, calls); created when first needed.
    #[arg(long, global = true, value_name = "DIR", default_value = "data", env = "TOBAN_DATA")]
    pub data: PathBuf,
    /// The language of toban's output and errors (default: the association's `language`; ja
    /// when the rules cannot be read).
    #[arg(long, global = true, value_enum, value_name = "LANG", env = "TOBAN_LANG")]
    pub lang: Option<LangArg>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`: the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

impl Args {
    /// The reader's language: `--lang`/`TOBAN_LANG`, else the rules' language, else Japanese
    /// (the rules cannot be read, or the command has none).
    pub fn lang(&self, rules: Option<&crate::rules::Rules>) -> Lang {
        match (self.lang, rules) {
            (Some(l), _) => l.into(),
            (None, Some(r)) => r.association.language,
            (None, None) => Lang::Ja,
        }
    }

    /// The reader's language before the rules are read: `--lang`, else the rules' language if
    /// they load, else the language their `[association]` declares if it can be read, else
    /// Japanese.
    pub fn lang_early(&self) -> Lang {
        if let Some(l) = self.lang {
            return l.into();
        }
        load::load_inputs(&self.rules, self.calendars.as_deref())
            .map(|i| i.rules.association.language)
            .ok()
            .or_else(|| load::declared_language(&self.rules))
            .unwrap_or(Lang::Ja)
    }
}

/// What to do with a draft rota.
#[derive(Debug, Clone, Subcommand)]
pub enum DraftAction {
    /// Drop the year's draft; the published rota and what members see stay as they are.
    Discard {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
}

/// Output format of list commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts (a stable contract, see DESIGN.md §6).
    Json,
}

/// Output format of a rota, which spreadsheets also read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RotaFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets (with a byte-order mark when written to a file, for Excel).
    Csv,
    /// An Excel workbook (needs --out).
    Xlsx,
}

/// Output format of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts.
    Json,
    /// One printable HTML page (A4), Japanese labels.
    Html,
    /// An Excel workbook, a sheet per table (needs --out).
    Xlsx,
    /// CSV with a byte-order mark (Excel reads Japanese then), every table after its name.
    Csv,
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// The main job on the shipped association in a new store of its own, in seconds: plan and
    /// publish the coming year, show the rota and its fairness, write the calendar feeds and the
    /// rota page, register fictitious patients, and play one night call in the console (attending
    /// away, duty doctor silent, backup hospital accepts). Then the commands to carry on.
    Demo {
        /// Where to keep the demo's store, feeds and page (a new directory; default: a new one
        /// under the system's temporary directory).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Write a new association's rules folder (association.toml, members.toml), commented, from
    /// a few questions (or the flags below) and optionally the members spreadsheet saved as CSV
    /// (columns 区分/role, 氏名/name, 医療機関/clinic, 入会日/joined, 退会日/left, 電話/phone, …).
    /// The folder must be new or empty; the files pass `toban check` before they are written.
    Init {
        /// The new rules folder.
        dir: PathBuf,
        /// The members list: a CSV file with a header row (Excel: save as "CSV UTF-8").
        #[arg(long, value_name = "FILE.csv")]
        members: Option<PathBuf>,
        /// The association's name.
        #[arg(long)]
        name: Option<String>,
        /// Its short id (letters and digits).
        #[arg(long)]
        id: Option<String>,
        /// Language of messages to members and of the files' comments: ja or en.
        #[arg(long, value_parser = |s: &str| s.parse::<crate::rules::Language>())]
        language: Option<crate::rules::Language>,
        /// The rota's year runs April to March (a fiscal year, 年度).
        #[arg(long)]
        fiscal_year: bool,
        /// Doctors on duty at once.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=9))]
        doctors_per_slot: Option<u32>,
        /// Handover weekday (mon … sun, or 月 … 日).
        #[arg(long)]
        handover_weekday: Option<String>,
        /// Handover time (e.g. 09:00).
        #[arg(long)]
        handover_time: Option<String>,
        /// Obon (13 to 16 August) is a holiday duty too.
        #[arg(long)]
        obon: bool,
        /// Ask nothing: take the defaults for what the flags leave out.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Validate rules/ and calendars/, summarise the association, and show a plan year's slots.
    Check {
        /// Plan year whose slots to show (default: the plan year after the current one).
        #[arg(long, value_parser = year_parser())]
        year: Option<i32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List a year's public holidays: the law, plus additions and removals from calendars/.
    Holidays {
        /// Calendar year, 2000 to 2099.
        #[arg(value_parser = clap::value_parser!(i32).range(2000..=2099))]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List the duty slots of a plan year: regular weeks and holiday-period slots.
    Slots {
        /// Plan year (the calendar year of its first day), 2001 to 2097.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Plan a year's rota fairly and save it as a draft.
    Plan {
        /// Plan year, 2001 to 2097.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Seconds each solver call may take.
        #[arg(long, default_value_t = 10.0, value_parser = time_limit_parser)]
        time_limit: f64,
        /// The MILP solver: microlp (built in) or highs (only in builds with `--features highs`).
        #[arg(long, default_value = "microlp", value_parser = ["microlp", "highs"])]
        solver: String,
        /// Re-plan an existing rota from this date (YYYY-MM-DD): slots starting before it and
        /// frozen slots keep their doctors, the rest change as little as possible. The result is
        /// a draft beside the published rota until `toban rota publish`.
        #[arg(long, value_name = "DATE", value_parser = date_parser)]
        replan_from: Option<chrono::NaiveDate>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Show, publish or compare rotas.
    Rota {
        /// What to do with rotas.
        #[command(subcommand)]
        action: RotaAction,
    },
    /// The association's members from the office's spreadsheet.
    Members {
        /// What to do with members.
        #[command(subcommand)]
        action: MembersAction,
    },
    /// Past duties, from paper or Excel, for fairness across years.
    History {
        /// What to do with history.
        #[command(subcommand)]
        action: HistoryAction,
    },
    /// Per doctor and duty category: counts and balance across all years.
    Ledger {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The association's annual record of a plan year: registered patients, calls by outcome
    /// (attending, duty doctor, hospital, 119 advice), duty-doctor visits, median and p90 time to
    /// acceptance, per-doctor duties and balances, the holiday rotation across years. Figures
    /// only: no patient's details.
    Report {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output (0600).
        #[arg(long, required_if_eq("format", "xlsx"))]
        out: Option<PathBuf>,
    },
    /// Write a backup of the whole store: one versioned JSON file, consistent even while
    /// `serve` runs (it is taken there). Default: a new file in the rules' [backup] dir.
    Backup {
        /// The file to write.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Restore a backup into the data directory, which must be new or empty (toban never
    /// overwrites a store); with TOBAN_STORE naming PostgreSQL, into that database, where the
    /// association must hold no record yet. Every record is read back before it is done.
    Restore {
        /// The backup file (from `toban backup` or `serve`'s automatic backups).
        file: PathBuf,
    },
    /// Move the sled store of the data directory into PostgreSQL (issue 21): every record, in
    /// one transaction, into an association that holds none there yet; then every record is
    /// read back and compared (counts per tree and SHA-256). The sled store is left as it was.
    /// Stop `serve` first.
    Migrate {
        /// The database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?association=ID, the
        /// rules' association id (default: TOBAN_STORE).
        #[arg(long, value_name = "URL")]
        to: Option<String>,
    },
    /// Self-check: rules, store, backups, feeds, bot, clock, and whether the coming weeks are
    /// covered. Exits 1 when something needs attention.
    Doctor,
    /// Runs one engine cycle in the running `serve` and waits for it to end (every deadline due
    /// fired, every notice due handed to its channel): for tests and scripts.
    #[command(hide = true)]
    Cycle,
    /// Plan many consecutive years in memory and show how duties spread (nothing is saved).
    Simulate {
        /// How many years.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=80))]
        years: u16,
        /// First plan year (default: the next one).
        #[arg(long, value_parser = year_parser())]
        from: Option<i32>,
        /// Plan with the round-robin baseline of general on-call tools instead, for comparison.
        #[arg(long)]
        baseline: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Swap and cover requests made in chat: list them, withdraw one for its doctor, approve
    /// or reject one agreed between doctors (rules `[swap] admin_approval`).
    Request {
        /// What to do with requests.
        #[command(subcommand)]
        action: RequestAction,
    },
    /// Doctors' absences, which plans keep them off duty for.
    Absence {
        /// What to do with absences.
        #[command(subcommand)]
        action: AbsenceAction,
    },
    /// The registry of home-care patients who consented (the minimal record).
    Patient {
        /// What to do with patients.
        #[command(subcommand)]
        action: PatientAction,
    },
    /// Backup hospitals: each one's list of registered patients (for the quarterly information
    /// exchange), and their bed vacancy.
    Hospital {
        /// What to do.
        #[command(subcommand)]
        action: hospital::HospitalAction,
    },
    /// The board of clinics accepting new home patients (each doctor sets their own in chat
    /// with /board).
    Board {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Calls for a patient: raise, answer, report, follow.
    Call {
        /// What to do with calls.
        #[command(subcommand)]
        action: CallAction,
    },
    /// Who is on duty at an instant, and the backup chain after them.
    Oncall {
        /// The instant (RFC 3339, e.g. 2027-03-02T22:00:00+09:00; default: now).
        #[arg(long, value_parser = instant_parser)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Make a one-time link that connects a member's Telegram account to toban (expires).
    Invite {
        /// Member id (doctor, hospital, nurse station or admin).
        member: String,
        /// Hours the link stays valid.
        #[arg(long, default_value_t = 72, value_parser = clap::value_parser!(u32).range(1..=720))]
        hours: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Exchange two doctors' duties in the published rota: DOCTOR_A's duty in SLOT_A goes to
    /// DOCTOR_B and DOCTOR_B's in SLOT_B to DOCTOR_A. Checked against every hard rule first.
    Swap {
        /// Slot id of the first duty.
        slot_a: String,
        /// The doctor on duty there.
        doctor_a: String,
        /// Slot id of the second duty.
        slot_b: String,
        /// The doctor on duty there.
        doctor_b: String,
        /// Who makes the change: a member id, or "admin" (the office; the audit names the
        /// login or TOBAN_ADMIN).
        #[arg(long, default_value = "admin")]
        by: String,
        /// On whose behalf, when someone else acts (illness, accident).
        #[arg(long = "for", value_name = "DOCTOR")]
        on_behalf: Option<String>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Give DOCTOR's duty in SLOT to OTHER (cover). Checked against every hard rule first.
    Cover {
        /// Slot id.
        slot: String,
        /// The doctor on duty there.
        doctor: String,
        /// The doctor who takes it.
        other: String,
        /// Only from this day (YYYY-MM-DD, in the association's zone, from the handover time):
        /// a partial cover. Default: the duty's first day.
        #[arg(long, value_name = "DATE")]
        from: Option<chrono::NaiveDate>,
        /// Only to this day (inclusive, to the handover time the morning after). Default: the
        /// duty's last day.
        #[arg(long, value_name = "DATE")]
        to: Option<chrono::NaiveDate>,
        /// Who makes the change (default: admin).
        #[arg(long, default_value = "admin")]
        by: String,
        /// On whose behalf.
        #[arg(long = "for", value_name = "DOCTOR")]
        on_behalf: Option<String>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Record what actually happened in a duty that has started or ended (a doctor was replaced
    /// at short notice): the published rota and the ledger follow, audited with the reason.
    /// Future duties are changed with `swap` or `cover`, which check the rules.
    Actual {
        /// Slot id (as in `toban rota show`).
        slot: String,
        /// The doctor the rota names.
        #[arg(long)]
        was: String,
        /// The doctor who actually did the duty.
        #[arg(long = "is")]
        is: String,
        /// Why (kept in the audit).
        #[arg(long)]
        reason: String,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Every audited change (rotas, swaps, absences, patients, links, tokens): who, when, what,
    /// on whose behalf.
    Audit {
        /// Only from this day (YYYY-MM-DD).
        #[arg(long, value_parser = date_parser)]
        since: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Linked Telegram accounts: who, which chat, since when, and whether Telegram still
    /// reaches it (a link is broken when the member blocked the bot or the chat is gone).
    Links {
        /// Only this member.
        member: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Disconnect a member's Telegram accounts (they get no more messages there), or one of them
    /// with --chat (see `toban links`). Their calendar-feed tokens are revoked too.
    Unlink {
        /// Member id.
        member: String,
        /// Only this chat (a device), as `toban links` lists it.
        #[arg(long)]
        chat: Option<i64>,
    },
    /// The office's web console accounts (served by `toban serve` under /admin).
    Admin {
        /// What to do.
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Run the engine: escalation timers and delivery of every message. Without a Telegram
    /// token (TELOXIDE_TOKEN), messages are printed here (the console notifier). Serves the
    /// calendar feeds and the on-duty API over HTTP. While it runs, the day-to-day commands
    /// (plan, rota publish, absence, patient, call, oncall, invite, links, unlink, admin, web, feed, swap, cover, actual, audit, rota show, rota page, ledger, report, backup, doctor) are handed to it.
    Serve {
        /// Address of the HTTP server (feeds, on-duty API, health).
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        listen: String,
    },
    /// One-time sign-in links to a doctor's own web pages (/me) or, for an admin, the console:
    /// to print or email to someone without the chat app (the bot sends them on /web, /admin).
    Web {
        /// What to do.
        #[command(subcommand)]
        action: WebAction,
    },
    /// Calendar feeds of the published rota: tokens, and files for people who import them.
    Feed {
        /// What to do with feeds.
        #[command(subcommand)]
        action: FeedAction,
    },
}

/// `toban web ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum WebAction {
    /// Print a one-time sign-in link for a doctor (to their pages under /me) or an admin (to
    /// the console). It works once, for --hours; only its hash is kept.
    Link {
        /// The member id (a current doctor, or an `[[admin]]`).
        member: String,
        /// How many hours the link works (1 to 336).
        #[arg(long, default_value_t = 72)]
        hours: i64,
    },
}

/// `toban admin ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum AdminAction {
    /// Give an `[[admin]]` of the rules a web console account: prints a one-time setup link
    /// (valid 24 hours) where they choose their password. Again for an existing account: a new
    /// link (the old one and the password stop working once the new password is set).
    Add {
        /// The admin's member id (an `[[admin]]` of the rules).
        member: String,
    },
    /// List the web console accounts (never passwords or links).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Remove an admin's web console account; their sessions end at once.
    Remove {
        /// The admin's member id.
        member: String,
    },
}

/// `toban feed ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum FeedAction {
    /// Feed tokens (each gives one calendar URL and access to the on-duty API).
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Write the .ics files (one per doctor, and all.ics) to a directory.
    Export {
        /// The directory (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

/// `toban feed token ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum TokenAction {
    /// Issue a token for a doctor's feed, or with --all for the whole rota; shown once.
    Issue {
        /// Doctor id.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        member: Option<String>,
        /// The whole rota (e.g. for the office or a phone system).
        #[arg(long)]
        all: bool,
        /// A label to recognise it in `toban feed token list`.
        #[arg(long)]
        label: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List tokens (never the tokens themselves).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Revoke a token: its URL stops working at once.
    Revoke {
        /// The id shown by `toban feed token list`.
        id: u64,
    },
}

/// `toban patient ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum PatientAction {
    /// Register a patient who consented. Patient details on the command line show in `ps` to
    /// other users of the machine: prefer --from-file FILE (or - for standard input), a TOML
    /// file with the fields below (name = "…", address = "…", attending = "d01",
    /// consent = 2026-04-01, …); flags given as well override the file.
    Add {
        /// Full name.
        #[arg(long, required_unless_present_any = ["from_file", "from_text"])]
        name: Option<String>,
        /// Home address.
        #[arg(long, required_unless_present_any = ["from_file", "from_text"])]
        address: Option<String>,
        /// District, shown before a call is accepted (the address only after).
        #[arg(long)]
        area: Option<String>,
        /// Attending doctor's id.
        #[arg(long, required_unless_present_any = ["from_file", "from_text"])]
        attending: Option<String>,
        /// Registered backup hospital's id (asked first among the hospitals).
        #[arg(long)]
        hospital: Option<String>,
        /// Main diagnosis.
        #[arg(long)]
        diagnosis: Option<String>,
        /// Key medications.
        #[arg(long)]
        medications: Option<String>,
        /// Documented wishes, e.g. DNAR, ACP.
        #[arg(long)]
        wishes: Option<String>,
        /// The day the patient or family consented (YYYY-MM-DD).
        #[arg(long, value_parser = date_parser, required_unless_present_any = ["from_file", "from_text"])]
        consent: Option<chrono::NaiveDate>,
        /// The visiting-nurse station caring for the patient (its id). Date of birth, key
        /// person, family contact and allergies are read from the file only (born, key_person,
        /// family_contact, allergies), never from flags.
        #[arg(long)]
        nurse_station: Option<String>,
        /// The substitute attending doctor (代理主治医): asked before the duty doctor while the
        /// attending doctor is marked absent.
        #[arg(long)]
        substitute: Option<String>,
        /// The rota whose duty doctor the patient's calls ask (issue 20): the id of a
        /// `[[rota]]`; main (the default) is the association's own.
        #[arg(long)]
        rota: Option<String>,
        /// Read the fields from this TOML file (- for standard input).
        #[arg(long, value_name = "FILE")]
        from_file: Option<PathBuf>,
        /// The file's text, as the client read it (it is handed to `serve` this way).
        #[arg(long, hide = true)]
        from_text: Option<String>,
    },
    /// Change a patient's record: only the fields given change.
    Edit {
        /// Patient id.
        id: crate::ids::PatientId,
        /// Full name.
        #[arg(long)]
        name: Option<String>,
        /// Home address.
        #[arg(long)]
        address: Option<String>,
        /// District ("" removes it).
        #[arg(long)]
        area: Option<String>,
        /// Attending doctor's id.
        #[arg(long)]
        attending: Option<String>,
        /// Registered backup hospital's id ("" removes it).
        #[arg(long)]
        hospital: Option<String>,
        /// Main diagnosis.
        #[arg(long)]
        diagnosis: Option<String>,
        /// Key medications.
        #[arg(long)]
        medications: Option<String>,
        /// Documented wishes.
        #[arg(long)]
        wishes: Option<String>,
        /// Consent date (YYYY-MM-DD).
        #[arg(long, value_parser = date_parser)]
        consent: Option<chrono::NaiveDate>,
        /// The visiting-nurse station's id ("" removes it). Date of birth, key person, family
        /// contact and allergies change through the file only.
        #[arg(long)]
        nurse_station: Option<String>,
        /// The substitute attending doctor's id ("" removes it).
        #[arg(long)]
        substitute: Option<String>,
        /// The rota whose duty doctor the patient's calls ask ("" or main: the association's).
        #[arg(long)]
        rota: Option<String>,
        /// Read the fields to change from this TOML file (- for standard input).
        #[arg(long, value_name = "FILE")]
        from_file: Option<PathBuf>,
        /// The file's text, as the client read it.
        #[arg(long, hide = true)]
        from_text: Option<String>,
    },
    /// Remove a patient's record from the registry (entered twice, entered by mistake). A
    /// removed patient is not counted in the annual report: record a death, a move or a
    /// withdrawal of consent with `toban patient course` instead.
    Remove {
        /// Patient id.
        id: crate::ids::PatientId,
        /// Why, kept in the audit log (e.g. "entered twice").
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record what happened to a patient, dated (audited): admitted, discharged, died_home
    /// (在宅看取り), died_hospital, moved, withdrawn (consent). A death, a move or a withdrawal
    /// ends the registration: calls for the patient are refused, the record stays for the
    /// annual report.
    Course {
        /// Patient id.
        id: crate::ids::PatientId,
        /// What happened: admitted, discharged, died_home, died_hospital, moved, withdrawn.
        event: crate::routing::CourseEvent,
        /// The day it happened (YYYY-MM-DD), today or before.
        #[arg(value_parser = date_parser)]
        date: chrono::NaiveDate,
    },
    /// Write the patient's contact sheet (夜間・休日の連絡先) for the household: one A4 page
    /// in the association's language naming the attending clinic, the duty system's number
    /// (`[association] phone`, else the nurse station), the visiting-nurse station and the
    /// registered backup hospital, and what to say when calling. Self-contained HTML, written
    /// readable by you alone (it names the patient); audited.
    Sheet {
        /// Patient id.
        id: crate::ids::PatientId,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
    },
    /// List registered patients.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one patient's record.
    Show {
        /// Patient id.
        id: crate::ids::PatientId,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// `toban call ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum CallAction {
    /// Raise a call for a registered patient: the attending doctor, then the duty doctor, then
    /// the backup hospitals are asked until someone accepts.
    Raise {
        /// Patient id (see `toban patient list`).
        #[arg(long)]
        patient: crate::ids::PatientId,
        /// Who calls: a member id (nurse station, hospital, doctor or admin).
        #[arg(long)]
        from: String,
        /// What is needed, in a few words.
        #[arg(long)]
        note: String,
        /// What the call is for: urgent (the default), death (看取り: a death confirmation; the
        /// attending and duty doctors, then the office, never the advice to call 119), advice
        /// (電話相談: advice by phone). Without it, a note starting with one of these words
        /// (看取り, 相談, …) chooses it, as in chat.
        #[arg(long)]
        kind: Option<crate::routing::CallKind>,
    },
    /// Accept a call you were asked to take.
    Accept {
        /// Call number.
        call: u64,
        /// Your member id.
        #[arg(long = "as", value_name = "WHO")]
        who: String,
    },
    /// Decline a call: it moves on at once.
    Decline {
        /// Call number.
        call: u64,
        /// Your member id.
        #[arg(long = "as", value_name = "WHO")]
        who: String,
    },
    /// Acknowledge a follow-up on a call you took (else it goes on to the next step in your
    /// step's minutes); after it went on, take it back.
    Acknowledge {
        /// Call number.
        call: u64,
        /// Your member id (the one who accepted).
        #[arg(long = "as", value_name = "WHO")]
        who: String,
    },
    /// Withdraw a call (its caller or an admin).
    Cancel {
        /// Call number.
        call: u64,
        /// Your member id.
        #[arg(long = "as", value_name = "WHO")]
        who: String,
    },
    /// File the report after the call, with its outcome; it goes to the attending doctor, the
    /// caller and the duty doctor, and closes the call.
    Report {
        /// Call number.
        call: u64,
        /// Your member id (the one who accepted).
        #[arg(long = "as", value_name = "WHO")]
        who: String,
        /// What came of it: visit, phone (advice by phone), admitted, other (or 往診した,
        /// 電話で助言, 入院, その他).
        #[arg(long, value_parser = parse_outcome)]
        outcome: crate::routing::Outcome,
        /// What happened.
        #[arg(long)]
        text: String,
    },
    /// List calls, newest first.
    List {
        /// Only calls still waiting or being handled.
        #[arg(long)]
        open: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a call: its chain, where it stands and what happened.
    Show {
        /// Call number.
        call: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// `toban rota ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum RotaAction {
    /// Show a year's rota with its fairness figures: YEAR (its draft if one is pending, else the
    /// published rota), YEAR:published or YEAR:draft. Frozen slots are marked.
    Show {
        /// YEAR, YEAR:published or YEAR:draft.
        #[arg(value_name = "YEAR[:published|:draft]")]
        rota: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RotaFormat::Table)]
        format: RotaFormat,
        /// Write to this file instead of standard output (0600; xlsx needs it).
        #[arg(long, required_if_eq("format", "xlsx"))]
        out: Option<PathBuf>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Write the year's rota as one printable page (HTML, A4 landscape; Japanese labels; no
    /// patient data): a calendar grid coloured by doctor, holidays marked, a fairness chart.
    /// `serve` shows the same page at /rota/<feed token>.
    Page {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
        /// The HTML file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Publish a draft rota: announce it and count it in the ledger.
    Publish {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Show the slots whose doctors differ between two rotas: YEAR (latest version),
    /// YEAR:draft or YEAR:published.
    Diff {
        /// The older rota.
        a: String,
        /// The newer rota.
        b: String,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// The draft of a year: `toban rota draft discard YEAR` drops it (the published rota stays).
    Draft {
        /// What to do with it.
        #[command(subcommand)]
        action: DraftAction,
    },
    /// Freeze slots so that re-planning keeps their doctors.
    Freeze {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Slot ids (as in `toban rota show`).
        #[arg(required = true)]
        slots: Vec<String>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
    /// Unfreeze slots.
    Unfreeze {
        /// Plan year.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Slot ids.
        #[arg(required = true)]
        slots: Vec<String>,
        /// Which rota (issue 20): the id of a `[[rota]]` in the rules; main is the
        /// association's own.
        #[arg(long = "rota", value_name = "ID", default_value = "main")]
        rota_id: String,
    },
}

/// `toban members ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum MembersAction {
    /// Add or update doctors from an Excel workbook (.xlsx) or a CSV (UTF-8, with or without a
    /// BOM, or Shift-JIS as Excel on Japanese Windows saves it). The first row holds headers:
    /// ID/id and 氏名/name are required; 医療機関/clinic, 勤務割合/fte, 電話/phone, 参加日/joined
    /// and 退会日/left are read too (see README). A row whose id is in the rules updates that
    /// doctor, a new id adds one; members.toml keeps its comments. Every bad row is listed and
    /// then nothing is written; the result passes `toban check` before it is written. Audited.
    Import {
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// The workbook's sheet (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Show what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add a doctor, a backup hospital, a nurse station or a holiday period to the rules files
    /// (comments kept; the whole rules checked as `toban check` does before anything is
    /// written; audited), as the console's Members page does.
    Add {
        /// What to add.
        #[command(subcommand)]
        what: AddWhat,
    },
}

/// `toban members add ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum AddWhat {
    /// A duty doctor.
    Doctor {
        /// The new id (a-z, 0-9, _ and -), e.g. d13.
        id: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// The name in Latin letters that English readers see.
        #[arg(long, default_value = "")]
        name_en: String,
        /// Clinic.
        #[arg(long)]
        clinic: String,
        /// Share of a full load, above 0 and at most 1 (default 1).
        #[arg(long, default_value = "")]
        fte: String,
        /// A number to call back.
        #[arg(long, default_value = "")]
        phone: String,
        /// First day of membership (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        joined: String,
        /// Last day of membership (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        left: String,
    },
    /// A backup hospital, asked in `--order` after the duty doctor.
    Hospital {
        /// The new id, e.g. h4.
        id: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// The name in Latin letters that English readers see.
        #[arg(long, default_value = "")]
        name_en: String,
        /// The duty desk's phone.
        #[arg(long)]
        phone: String,
        /// Its place in the escalation order (1 first).
        #[arg(long)]
        order: String,
    },
    /// A visiting-nurse station.
    Station {
        /// The new id, e.g. ns2.
        id: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// The name in Latin letters that English readers see.
        #[arg(long, default_value = "")]
        name_en: String,
        /// Phone.
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// A holiday period that is a duty slot of its own (e.g. Obon 08-13 to 08-16).
    Period {
        /// The new id, e.g. obon (the slot's kind in JSON and history files).
        id: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// First day, MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, MM-DD.
        #[arg(long)]
        end: String,
        /// Load points of its slot (default: the holiday-slot weight).
        #[arg(long, default_value = "")]
        weight: String,
        /// Runs on while the next day is a public holiday.
        #[arg(long)]
        extend: bool,
    },
}

/// `toban history ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum HistoryAction {
    /// Import past duties from an Excel workbook (.xlsx) or a CSV file (UTF-8, with or without
    /// a BOM, or Shift-JIS) with the header `slot_start,doctor,kind`, one duty per line: a day
    /// of the slot (YYYY-MM-DD or YYYY/M/D), a doctor's id or exact name, and the slot's kind.
    /// Every line is checked first: one bad line and nothing is written, and every bad line is
    /// named. The import is numbered (a batch) and audited.
    Import {
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// The workbook's sheet (default: the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// List the imported duties, by slot and doctor, with their import batch.
    List {
        /// Only this plan year.
        #[arg(value_parser = year_parser())]
        year: Option<i32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Remove imported duties: those matching every filter given (at least one), e.g.
    /// `--date 2026-01-06 --doctor d05` or a whole import with `--batch 3`. Audited.
    #[command(group(clap::ArgGroup::new("filter").required(true).multiple(true)))]
    Remove {
        /// The import batch (see `toban history list`).
        #[arg(long, group = "filter")]
        batch: Option<crate::ids::ImportBatch>,
        /// A day of the slot (YYYY-MM-DD or YYYY/M/D).
        #[arg(long, value_parser = history_date_parser, group = "filter")]
        date: Option<chrono::NaiveDate>,
        /// The doctor's id or exact name.
        #[arg(long, group = "filter")]
        doctor: Option<String>,
        /// The plan year.
        #[arg(long, value_parser = year_parser(), group = "filter")]
        year: Option<i32>,
        /// Show what would be removed, and remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `toban request ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum RequestAction {
    /// The open requests (waiting for a colleague, in turn, or for the office).
    List {
        /// Every request, closed ones too.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Take request N back for the doctor who made it (the colleagues asked are told).
    Withdraw {
        /// The request's number (`toban request list`).
        id: u64,
    },
    /// Approve request N, agreed between two doctors: the rota changes, both are told.
    Approve {
        /// The request's number.
        id: u64,
        /// The admin approving (default: the rules' first admin).
        #[arg(long = "as", value_name = "ADMIN")]
        admin: Option<String>,
    },
    /// Reject request N: the duties stay, both doctors are told.
    Reject {
        /// The request's number.
        id: u64,
        /// The admin rejecting (default: the rules' first admin).
        #[arg(long = "as", value_name = "ADMIN")]
        admin: Option<String>,
    },
}

/// `toban absence ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum AbsenceAction {
    /// Record that a doctor is away from FROM to TO (inclusive).
    Add {
        /// Doctor id.
        doctor: String,
        /// First day away (YYYY-MM-DD).
        #[arg(value_parser = date_parser)]
        from: chrono::NaiveDate,
        /// Last day away (YYYY-MM-DD).
        #[arg(value_parser = date_parser)]
        to: chrono::NaiveDate,
        /// A note for the admin.
        #[arg(long)]
        note: Option<String>,
        /// Only a request ("prefer not"): the planner avoids these days when it can.
        #[arg(long)]
        soft: bool,
    },
    /// List absences.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Remove an absence by id.
    Remove {
        /// The id shown by `toban absence list`.
        id: crate::ids::AbsenceId,
    },
}

/// A day on the command line as the office types it: `2027-01-06`, `2027/1/6`, also in
/// full-width digits (２０２７／１／６). Before the reader's language is known, so the refusal
/// says it both ways.
fn date_parser(s: &str) -> Result<chrono::NaiveDate, String> {
    // Full-width digits and slashes as the chat folds them; a long-vowel mark typed for a dash.
    let folded = crate::input::fold_number(s.trim());
    history::file::parse_day(&folded)
        .map_err(|_| crate::msg::parse::ParseMsg::NotADate(s.to_string()).both())
}

fn history_date_parser(s: &str) -> Result<chrono::NaiveDate, String> {
    history::file::parse_day(s)
}

fn instant_parser(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&chrono::Utc)).map_err(|_| {
        format!("'{s}' is not an instant: use RFC 3339, e.g. 2027-03-02T22:00:00+09:00")
    })
}

fn time_limit_parser(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err(format!("'{s}' is not a time limit: give seconds, more than 0 and at most 3600")),
    }
}

fn year_parser() -> clap::builder::RangedI64ValueParser<i32> {
    clap::value_parser!(i32).range(2001..=2097)
}

/// Runs a parsed command and returns the process exit code. Errors are printed to stderr as
/// `toban: …` with a hint where one helps.
pub fn run(args: Args) -> i32 {
    // The reader's language, decided once: `--lang`/`TOBAN_LANG`, else the rules'.
    let lang = args.lang_early();
    let result = match &args.command {
        Command::Demo { dir } => demo::run(&args, dir.as_deref(), lang),
        Command::Init {
            dir,
            members,
            name,
            id,
            language,
            fiscal_year,
            doctors_per_slot,
            handover_weekday,
            handover_time,
            obon,
            yes,
        } => init::run(
            dir,
            &init::Given {
                members: members.clone(),
                name: name.clone(),
                id: id.clone(),
                language: *language,
                fiscal_year: *fiscal_year,
                doctors_per_slot: *doctors_per_slot,
                handover_weekday: handover_weekday.clone(),
                handover_time: handover_time.clone(),
                obon: *obon,
                yes: *yes,
                reader: args.lang.map(Lang::from),
            },
        ),
        Command::Check { year, format } => commands::check(&args, *year, *format, lang),
        Command::Holidays { year, format } => commands::holidays(&args, *year, *format, lang),
        Command::Slots { year, format, rota_id } => {
            commands::slots(&args, *year, *format, rota_id, lang)
        }
        // Planned and published inside `serve` while it runs (routing goes on), else here with
        // the solver's progress on stderr.
        Command::Plan { year, time_limit, solver, replan_from, rota_id } => {
            if let Some(code) = desk::forward_if_serving(&args, lang) {
                return code;
            }
            rota::plan(&args, *year, *time_limit, solver, *replan_from, rota_id, lang)
        }
        Command::Rota { action: RotaAction::Publish { year, rota_id } } => {
            if let Some(code) = desk::forward_if_serving(&args, lang) {
                return code;
            }
            rota::publish(&args, *year, rota_id, lang)
        }
        Command::History { action: HistoryAction::Import { file, sheet } } => {
            history::import(&args, file, sheet.as_deref(), lang)
        }
        Command::Members { action: MembersAction::Import { file, sheet, dry_run } } => {
            members::import(&args, file, sheet.as_deref(), *dry_run, lang)
        }
        Command::Members { action: MembersAction::Add { what } } => {
            members::add(&args, &members::edit_of(what), lang)
        }
        Command::Simulate { years, from, baseline, format } => {
            simulate::run(&args, usize::from(*years), *from, *baseline, *format, lang)
        }
        Command::Serve { listen } => serve::run(&args, listen, lang),
        Command::Restore { file } => ops::restore(&args, file, lang),
        Command::Migrate { to } => migrate::run(&args, to.as_deref(), lang),
        Command::Cycle => desk::cycle(&args, lang),
        // The day-to-day commands, which also run inside `serve`; their one list is
        // `desk::is_desk`, and `desk::execute` refuses anything else.
        _ => return desk::run_here_or_in_serve(&args, lang),
    };
    match result {
        Ok(()) => 0,
        Err(err) => {
            let code = report(&err, lang);
            damage_hint(&args, &err, lang);
            code
        }
    }
}

/// After an error that says the store is damaged: the exact way back, with the latest backup.
pub(crate) fn damage_hint(args: &Args, err: &anyhow::Error, lang: Lang) {
    use crate::msg::Message;
    use crate::msg::cli::Cli;
    use crate::store::StoreError;
    let damaged =
        err.chain().any(|e| e.downcast_ref::<StoreError>().is_some_and(StoreError::is_damage));
    if !damaged {
        return;
    }
    let latest = load::load_inputs(&args.rules, args.calendars.as_deref())
        .ok()
        .and_then(|i| crate::backups::latest(&i.rules.backup.dir, &i.rules.association.id));
    let data = std::path::absolute(&args.data).unwrap_or_else(|_| args.data.clone());
    let data = data.display();
    let latest = latest.map(|(p, at)| (std::path::absolute(&p).unwrap_or(p), at));
    let data = data.to_string();
    let line = match latest {
        Some((path, at)) => Cli::DamagedRestore {
            data,
            taken: at.format("%Y-%m-%d %H:%M UTC").to_string(),
            backup: path.display().to_string(),
        },
        None => Cli::DamagedNoBackup { data },
    };
    for l in line.render(lang).lines() {
        eprintln!("toban: {l}");
    }
}

/// Prints `err` on stderr in the reader's language (`toban: …`, with a hint where one helps)
/// and returns the exit code. Typed refusals ([`Refusal`], desk and engine refusals, store
/// failures) are rendered from the catalogue; an unexpected failure gets a line in the reader's
/// language with its technical detail.
pub(crate) fn report(err: &anyhow::Error, lang: Lang) -> i32 {
    let (code, text) = render_error(err, lang);
    eprint!("{text}");
    code
}

/// What [`report`] prints, and the exit code: the text of `err` for the reader, each line
/// starting `toban: `.
pub(crate) fn render_error(err: &anyhow::Error, lang: Lang) -> (i32, String) {
    use crate::msg::Message;
    use crate::msg::cli::Cli;
    let mut text = String::new();
    let say = |text: &mut String, line: String| {
        for l in line.lines() {
            text.push_str("toban: ");
            text.push_str(l);
            text.push('\n');
        }
    };
    let ja = lang == Lang::Ja;
    let code = if let Some(rules) = err.downcast_ref::<crate::rules::RulesError>() {
        text.push_str(&format!("toban: {}", rules.render(lang)));
        say(&mut text, Cli::FixRulesHint.render(lang));
        EXIT_INVALID
    } else if let Some(f) = err.downcast_ref::<crate::import::FileError>() {
        // A bad members file: every problem, each on its line (a malformed file: usage).
        say(&mut text, f.render(lang));
        EXIT_USAGE
    } else if let Some(r) = refusal_of(err) {
        say(&mut text, r.render(lang));
        if r.is_usage() { EXIT_USAGE } else { EXIT_RUNTIME }
    } else if let Some(ics) = err.downcast_ref::<crate::calendar::IcsError>() {
        if ja {
            say(&mut text, Cli::CalendarInvalid.ja());
        }
        say(&mut text, ics.render(lang));
        say(&mut text, Cli::FixCalendarHint.render(lang));
        EXIT_INVALID
    } else if let Some(crate::plan::solve::PlanError::Clashes(clashes)) =
        // `plan`'s own error, or the year of a simulation that failed.
        err.chain().find_map(|e| e.downcast_ref::<crate::plan::solve::PlanError>())
    {
        say(&mut text, Cli::Clashes.render(lang));
        for line in crate::msg::plan::clash_lines(clashes, lang) {
            say(&mut text, format!("  {line}"));
        }
        say(&mut text, Cli::ClashesHint.render(lang));
        EXIT_INVALID
    } else if let Some(refused) = err.downcast_ref::<Refused>() {
        say(&mut text, refused.0.clone());
        EXIT_RUNTIME
    } else {
        say(&mut text, Cli::Failed(format!("{err:#}")).render(lang));
        if err.downcast_ref::<UsageError>().is_some() { EXIT_USAGE } else { EXIT_RUNTIME }
    };
    (code, text)
}

/// The typed refusal in `err`'s chain, if there is one.
pub(crate) fn refusal_of(err: &anyhow::Error) -> Option<Refusal> {
    for e in err.chain() {
        if let Some(r) = e.downcast_ref::<Refusal>() {
            return Some(r.clone());
        }
        if let Some(d) = e.downcast_ref::<crate::desk::DeskError>() {
            return Some(Refusal::of_desk(d));
        }
        if let Some(r) = e.downcast_ref::<crate::routing::Refusal>() {
            return Some(Refusal::Engine(r.clone()));
        }
        if let Some(s) = e.downcast_ref::<crate::store::StoreError>() {
            return Some(Refusal::of_store(s));
        }
        if let Some(crate::plan::solve::PlanError::NotFound { widest }) =
            e.downcast_ref::<crate::plan::solve::PlanError>()
        {
            return Some(Refusal::NoPlanInTime(*widest));
        }
    }
    None
}

/// `--outcome`: a call's outcome in either language.
fn parse_outcome(s: &str) -> Result<crate::routing::Outcome, String> {
    crate::notify::duty::parse_outcome(s)
        .ok_or_else(|| crate::msg::parse::ParseMsg::NotAnOutcome(s.to_string()).both())
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn days_are_read_as_the_office_types_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 6).unwrap();
        for s in ["2027-01-06", "2027/1/6", "２０２７／１／６", " 2027-1-6 "] {
            assert_eq!(super::date_parser(s), Ok(d), "{s}");
        }
        let e = super::date_parser("6/1").unwrap_err();
        assert!(e.contains("日付は") && e.contains("is not a date"), "{e}");
    }
}
