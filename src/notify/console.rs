//! The console notifier: prints every message it would send, so a new user sees a call
//! escalate on their terminal without a Telegram bot.
//!
//! It keeps a journal (one JSON line per delivered notice, appended and synced *after* the
//! message is printed and flushed) in the data directory. A crash between the two prints the
//! notice again after the restart: a duplicate, never a loss. On start it reads the journal,
//! so a notice delivered and journaled just before a crash, and not yet marked sent in the
//! store, is not printed again.
//! The journal is also the console channel's record for tests and audits: each line names the
//! notice's key and recipient, never the rendered text (which may hold a patient's record).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{Delivered, Notifier, NotifyError};
use crate::routing::Notice;
use crate::rules::{MemberId, Rules};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLine {
    /// The notice's idempotency key.
    pub key: String,
    /// The recipient.
    pub to: String,
}

/// Prints notices to a writer (stdout in `toban serve`).
pub struct Console {
    inner: Mutex<Inner>,
    path: PathBuf,
    names: Vec<(MemberId, String)>,
}

struct Inner {
    journal: File,
    sent: HashSet<String>,
    out: Box<dyn Write + Send>,
}

impl Console {
    /// The console notifier with its journal at `path` (created if missing), printing to `out`.
    ///
    /// # Errors
    /// If the journal cannot be opened or read.
    pub fn open(
        path: &Path,
        rules: &Rules,
        out: Box<dyn Write + Send>,
    ) -> std::io::Result<Console> {
        let mut sent = HashSet::new();
        if path.exists() {
            for line in BufReader::new(File::open(path)?).lines() {
                let line = line?;
                // A line cut short by a crash was never completed, so its notice was not
                // printed either: skip it and deliver that notice again.
                if let Ok(entry) = serde_json::from_str::<JournalLine>(&line) {
                    sent.insert(entry.key);
                }
            }
        }
        let mut journal = OpenOptions::new().create(true).append(true).open(path)?;
        // End a line torn by a crash, so the next line starts clean.
        let text = std::fs::read(path)?;
        if text.last().is_some_and(|&b| b != b'\n') {
            journal.write_all(b"\n")?;
            journal.sync_data()?;
        }
        let names = rules
            .doctors
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .chain(rules.hospitals.iter().map(|h| (h.id.clone(), h.name.clone())))
            .chain(rules.nurse_stations.iter().map(|n| (n.id.clone(), n.name.clone())))
            .chain(rules.admins.iter().map(|a| (a.id.clone(), a.name.clone())))
            .collect();
        Ok(Console {
            inner: Mutex::new(Inner { journal, sent, out }),
            path: path.to_path_buf(),
            names,
        })
    }

    /// Reads a journal: the keys and recipients delivered, in order.
    ///
    /// # Errors
    /// If the file cannot be read.
    pub fn read_journal(path: &Path) -> std::io::Result<Vec<JournalLine>> {
        let text = std::fs::read_to_string(path)?;
        Ok(text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
    }
}

impl Notifier for Console {
    fn deliver(&self, notice: &Notice, text: &str) -> Result<Delivered, NotifyError> {
        let (key, to) = (notice.key.as_str(), &notice.to);
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if inner.sent.contains(key) {
            return Ok(Delivered::default());
        }
        let name = self.names.iter().find(|(id, _)| id == to).map_or("?", |(_, n)| n.as_str());
        let mut block = format!("[toban] → {to} ({name}) · {key}\n");
        for l in text.lines() {
            block.push_str("    ");
            block.push_str(&crate::textwidth::printable(l));
            block.push('\n');
        }
        // Printed first, then journaled: a crash in between prints it again after the restart
        // (a duplicate), where the other order would lose it. stdout may be closed (a pipe
        // whose reader left); the journal is the record then.
        let _ = inner.out.write_all(block.as_bytes());
        let _ = inner.out.flush();
        let fail = |e: std::io::Error| {
            NotifyError::transient(
                to.as_str(),
                format!("console journal {}: {e}", self.path.display()),
            )
        };
        let mut line = serde_json::to_string(&JournalLine { key: key.into(), to: to.to_string() })
            .expect("strings serialise");
        line.push('\n');
        inner.journal.write_all(line.as_bytes()).map_err(fail)?;
        inner.journal.sync_data().map_err(fail)?;
        inner.sent.insert(key.to_string());
        Ok(Delivered::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_notice_is_printed_once_even_across_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.jsonl");
        let out = Shared::default();
        let rules = sosa();
        let d03: MemberId = "d03".parse().unwrap();
        let n = |key: &str, to: &MemberId| Notice {
            key: key.into(),
            to: to.clone(),
            body: crate::routing::Body::MovedOn { call: crate::routing::CallId::new(1) },
        };
        let c = Console::open(&path, &rules, Box::new(out.clone())).unwrap();
        c.deliver(&n("call1/0/d03/request", &d03), "line one\nline two").unwrap();
        c.deliver(&n("call1/0/d03/request", &d03), "line one\nline two").unwrap();
        drop(c);
        let c = Console::open(&path, &rules, Box::new(out.clone())).unwrap();
        c.deliver(&n("call1/0/d03/request", &d03), "again").unwrap();
        c.deliver(&n("call1/1/d03/taken", &d03), "taken").unwrap();
        let printed = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(printed.matches("[toban] → d03").count(), 2, "{printed}");
        assert!(printed.contains("    line two\n"));
        let journal = Console::read_journal(&path).unwrap();
        assert_eq!(journal.len(), 2);
        assert!(
            !std::fs::read_to_string(&path).unwrap().contains("line one"),
            "no text in the journal"
        );
    }

    #[test]
    fn a_torn_last_line_is_delivered_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.jsonl");
        std::fs::write(
            &path,
            "{\"key\":\"call1/0/d03/request\",\"to\":\"d03\"}\n{\"key\":\"call1/0/ns",
        )
        .unwrap();
        let out = Shared::default();
        let c = Console::open(&path, &sosa(), Box::new(out.clone())).unwrap();
        let ns1: MemberId = "ns1".parse().unwrap();
        let notice = Notice {
            key: "call1/0/ns1/progress".into(),
            to: ns1.clone(),
            body: crate::routing::Body::MovedOn { call: crate::routing::CallId::new(1) },
        };
        c.deliver(&notice, "x").unwrap();
        drop(c);
        let keys: Vec<String> =
            Console::read_journal(&path).unwrap().into_iter().map(|l| l.key).collect();
        assert_eq!(keys, vec!["call1/0/d03/request", "call1/0/ns1/progress"]);
        assert_eq!(
            String::from_utf8(out.0.lock().unwrap().clone()).unwrap().matches("[toban]").count(),
            1
        );
    }
}
