//! [`PgKv`]: the [`Kv`] interface on PostgreSQL, one table `kv(association, tree, key, value)`
//! (see `migrations/`), every query filtered by the association, so associations sharing a
//! database never see each other's records.
//!
//! Key decision: the store is synchronous and is called from inside tokio tasks, where the
//! `postgres` crate's blocking client panics ("Cannot start a runtime from within a runtime",
//! also on `spawn_blocking` threads). So one plain thread owns the connection and runs jobs
//! sent over a channel; callers wait on a reply channel, which never panics nor needs the
//! caller's runtime. A mutex around the sender keeps a whole transaction on the connection
//! alone. Transactions are SERIALIZABLE and run again on a serialization failure or deadlock
//! (40001, 40P01), as sled runs a conflicting transaction again. A connection lost inside a
//! transaction is not silently reopened (that would leave the rest outside the transaction):
//! the transaction starts over on a new one.

use std::cell::Cell;
use std::ops::Bound;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;

use super::kv::{Kv, KvError, KvIter, KvTx, TxEnd, TxFail, UnabortableTransactionError};

mod load;
pub(crate) use load::Row;

/// The migrations, in order: (version, SQL). Each file of `migrations/` is listed here.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("../../migrations/0001_kv.sql"))];

/// How often a transaction is tried before its conflicts are reported as a failure.
const ATTEMPTS: u32 = 200;

type Job = Box<dyn FnOnce(&mut Link) + Send>;

/// The connection, on its own thread.
struct Link {
    config: postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
    client: Option<postgres::Client>,
}

impl Link {
    /// The open connection; a new one only if `reconnect` (never inside a transaction).
    fn client(&mut self, reconnect: bool) -> Result<&mut postgres::Client, Fail> {
        let open = self.client.as_ref().is_some_and(|c| !c.is_closed());
        if !open {
            if !reconnect {
                self.client = None;
                return Err(Fail::Conflict);
            }
            self.client = Some(self.config.connect(self.tls.clone()).map_err(Fail::from)?);
        }
        self.client.as_mut().ok_or(Fail::Conflict)
    }
}

/// A failed database call.
#[derive(Debug)]
enum Fail {
    /// Serialization failure, deadlock or a connection lost in a transaction: try again.
    Conflict,
    Other(String),
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Fail {
        match e.code() {
            Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE => Fail::Conflict,
            Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED => Fail::Conflict,
            // `postgres::Error` displays a server's refusal as "db error" alone: say what it was.
            _ => Fail::Other(match e.as_db_error() {
                Some(d) => format!("{e}: {} ({})", d.message(), d.code().code()),
                None => e.to_string(),
            }),
        }
    }
}

/// Where a store is: a `postgres://` URL without its password, for messages.
#[derive(Clone)]
pub struct Target {
    /// The URL as given (with the password, if any): for connecting only.
    url: String,
    /// The association whose records this store holds.
    pub association: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (association {})", redact(&self.url), self.association)
    }
}

/// The variable that puts the store in PostgreSQL.
pub const STORE_VAR: &str = "TOBAN_STORE";

/// `url` with its password replaced by `[redacted]`.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("[redacted]"));
            u.to_string().replace("%5Bredacted%5D", "[redacted]")
        }
        Ok(u) => u.to_string(),
        Err(_) => "(a database URL that does not parse)".into(),
    }
}

impl Target {
    /// Parses `postgres://user[:password]@host[:port]/database?association=ID[&…]`.
    ///
    /// # Errors
    /// A message naming what is wrong, without the password.
    pub fn parse(url: &str) -> Result<Target, String> {
        let shown = redact(url);
        let mut u = url::Url::parse(url).map_err(|e| format!("{STORE_VAR} ({shown}): {e}"))?;
        if !matches!(u.scheme(), "postgres" | "postgresql") {
            return Err(format!("{STORE_VAR} ({shown}) is not a postgres:// URL"));
        }
        let mut association = None;
        let rest: Vec<(String, String)> = u
            .query_pairs()
            .filter_map(|(k, v)| {
                if k == "association" {
                    association = Some(v.into_owned());
                    None
                } else {
                    Some((k.into_owned(), v.into_owned()))
                }
            })
            .collect();
        let Some(association) = association.filter(|a| !a.trim().is_empty()) else {
            return Err(format!(
                "{STORE_VAR} ({shown}) names no association: add ?association=ID (the id in the rules)"
            ));
        };
        u.set_query(None);
        if !rest.is_empty() {
            u.query_pairs_mut().extend_pairs(rest);
        }
        let url = u.to_string();
        url.parse::<postgres::Config>()
            .map_err(|e| format!("{STORE_VAR} ({}): {e}", redact(&url)))?;
        Ok(Target { url, association })
    }

    /// The target of `TOBAN_STORE`, if it names a database.
    ///
    /// # Errors
    /// When it is set but does not parse.
    pub fn from_env() -> Result<Option<Target>, String> {
        match std::env::var(STORE_VAR) {
            Ok(v) if v.starts_with("postgres://") || v.starts_with("postgresql://") => {
                Target::parse(&v).map(Some)
            }
            Ok(v) if v.trim().is_empty() || v == "sled" => Ok(None),
            Ok(_) => Err(format!(
                "{STORE_VAR} is neither a postgres:// URL nor `sled`; unset it to keep the store in --data"
            )),
            Err(_) => Ok(None),
        }
    }

    /// The URL without the password, for messages.
    pub fn shown(&self) -> String {
        redact(&self.url)
    }

    /// The connection settings (with the password: for connecting only).
    pub(super) fn config(&self) -> Result<postgres::Config, KvError> {
        self.url.parse().map_err(|e| db(format!("{}: {e}", self.shown())))
    }
}

/// An association's trees in a PostgreSQL database.
pub struct PgKv {
    association: String,
    jobs: Mutex<mpsc::Sender<Job>>,
    /// Forget every record when dropped (tests).
    temporary: bool,
    password: Option<String>,
    /// Trees whose writes wake the leader's engine ([`super::wakeup`]).
    wakes: &'static [&'static str],
}

impl PgKv {
    /// Writes to `trees` notify the leader's engine ([`super::wakeup`]), in their transaction.
    pub(crate) fn waking_on(mut self, trees: &'static [&'static str]) -> PgKv {
        self.wakes = trees;
        self
    }

    /// Connects (over TLS when the server offers it, with the Mozilla roots; `sslmode=require`
    /// in the URL insists on it) and applies the migrations the database has not had.
    ///
    /// # Errors
    /// [`KvError::Database`] saying why, never with the password.
    pub fn connect(target: &Target, temporary: bool) -> Result<PgKv, KvError> {
        let config: postgres::Config = target.url.parse().map_err(|e| db(format!("{e}")))?;
        let password = config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
        let mut link = Link { config, tls: tls()?, client: None };
        let (send, receive) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("toban-postgres".into())
            .spawn(move || {
                while let Ok(job) = receive.recv() {
                    job(&mut link);
                }
            })
            .map_err(|e| db(format!("cannot start the database thread: {e}")))?;
        let kv = PgKv {
            association: target.association.clone(),
            jobs: Mutex::new(send),
            temporary,
            password,
            wakes: &[],
        };
        kv.plain(true, migrate).map_err(|e| kv.fail(e))?;
        Ok(kv)
    }

    fn fail(&self, f: Fail) -> KvError {
        match f {
            Fail::Conflict => db("the connection to the database was lost".into()),
            Fail::Other(m) => db(match &self.password {
                Some(p) if !p.is_empty() => m.replace(p.as_str(), "[redacted]"),
                _ => m,
            }),
        }
    }

    /// Runs `f` on the connection outside any transaction.
    fn plain<T: Send + 'static>(
        &self,
        reconnect: bool,
        f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send + 'static,
    ) -> Result<T, Fail> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        call(&jobs, reconnect, f)
    }
}

/// TLS through rustls with the Mozilla roots (used when the server offers it; `sslmode=require`
/// insists on it).
pub(super) fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, KvError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| db(format!("TLS: {e}")))?
        .with_root_certificates(rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        })
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
}

fn db(m: String) -> KvError {
    KvError::Database(m)
}

/// Runs `f` on the connection's thread and waits for its answer.
fn call<T: Send + 'static>(
    jobs: &mpsc::Sender<Job>,
    reconnect: bool,
    f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send + 'static,
) -> Result<T, Fail> {
    let (reply, answer) = mpsc::sync_channel(1);
    let job: Job = Box::new(move |link: &mut Link| {
        let result = link.client(reconnect).and_then(|c| f(c).map_err(Fail::from));
        let _ = reply.send(result);
    });
    let gone = || Fail::Other("the database connection's thread stopped".into());
    jobs.send(job).map_err(|_| gone())?;
    answer.recv().map_err(|_| gone())?
}

fn migrate(c: &mut postgres::Client) -> Result<(), postgres::Error> {
    let mut tx = c.transaction()?;
    // Two toban processes (or a test suite's many stores) opening a new database at once apply
    // each migration once. The lock comes first, before even `schema_migrations` is made:
    // concurrent `CREATE TABLE IF NOT EXISTS` of one table can fail in PostgreSQL (a unique
    // violation in its catalogue), which a fresh CI database met.
    tx.execute("SELECT pg_advisory_xact_lock(7253014)", &[])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, \
         applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let done: Vec<i32> =
        tx.query("SELECT version FROM schema_migrations", &[])?.iter().map(|r| r.get(0)).collect();
    for (version, sql) in MIGRATIONS {
        if !done.contains(version) {
            tx.batch_execute(sql)?;
            tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])?;
        }
    }
    tx.commit()
}

/// Tells the leader's engine that `a` wrote something it acts on (delivered when the
/// transaction this runs in commits; see [`super::wakeup`]).
fn notify(c: &mut impl postgres::GenericClient, a: &str) -> Result<(), postgres::Error> {
    c.execute("SELECT pg_notify($1, $2)", &[&super::wakeup::CHANNEL, &a]).map(|_| ())
}

/// A single write outside any transaction, with its notification if `wakes`, as one
/// transaction.
fn write_waking<T>(
    c: &mut postgres::Client,
    a: &str,
    wakes: bool,
    write: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, postgres::Error>,
) -> Result<T, postgres::Error> {
    let mut tx = c.transaction()?;
    let out = write(&mut tx)?;
    if wakes {
        notify(&mut tx, a)?;
    }
    tx.commit()?;
    Ok(out)
}

fn get(
    c: &mut impl postgres::GenericClient,
    a: &str,
    tree: &str,
    key: &[u8],
) -> Result<Option<Vec<u8>>, postgres::Error> {
    let row = c.query_opt(
        "SELECT value FROM kv WHERE association = $1 AND tree = $2 AND key = $3",
        &[&a, &tree, &key],
    )?;
    Ok(row.map(|r| r.get(0)))
}

fn insert(
    c: &mut impl postgres::GenericClient,
    a: &str,
    tree: &str,
    key: &[u8],
    value: &[u8],
) -> Result<Option<Vec<u8>>, postgres::Error> {
    let row = c.query_one(
        "WITH old AS (SELECT value FROM kv WHERE association = $1 AND tree = $2 AND key = $3) \
         INSERT INTO kv (association, tree, key, value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (association, tree, key) DO UPDATE SET value = EXCLUDED.value \
         RETURNING (SELECT value FROM old)",
        &[&a, &tree, &key, &value],
    )?;
    Ok(row.get(0))
}

fn remove(
    c: &mut impl postgres::GenericClient,
    a: &str,
    tree: &str,
    key: &[u8],
) -> Result<Option<Vec<u8>>, postgres::Error> {
    let row = c.query_opt(
        "DELETE FROM kv WHERE association = $1 AND tree = $2 AND key = $3 RETURNING value",
        &[&a, &tree, &key],
    )?;
    Ok(row.map(|r| r.get(0)))
}

type Rows = Vec<(Vec<u8>, Vec<u8>)>;

fn range(
    c: &mut postgres::Client,
    a: &str,
    tree: &str,
    from: &Bound<Vec<u8>>,
    to: &Bound<Vec<u8>>,
) -> Result<Rows, postgres::Error> {
    let mut sql = String::from("SELECT key, value FROM kv WHERE association = $1 AND tree = $2");
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&a, &tree];
    for (bound, incl, excl) in [(from, ">=", ">"), (to, "<=", "<")] {
        let (op, k) = match bound {
            Bound::Included(k) => (incl, k),
            Bound::Excluded(k) => (excl, k),
            Bound::Unbounded => continue,
        };
        params.push(k);
        sql.push_str(&format!(" AND key {op} ${}", params.len()));
    }
    sql.push_str(" ORDER BY key");
    Ok(c.query(&sql, &params)?.iter().map(|r| (r.get(0), r.get(1))).collect())
}

impl Kv for PgKv {
    fn get(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError> {
        let (a, key) = (self.association.clone(), key.to_vec());
        self.plain(true, move |c| get(c, &a, tree, &key)).map_err(|e| self.fail(e))
    }

    fn insert(
        &self,
        tree: &'static str,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, KvError> {
        let (a, key, value) = (self.association.clone(), key.to_vec(), value.to_vec());
        if !self.wakes.contains(&tree) {
            return self
                .plain(true, move |c| insert(c, &a, tree, &key, &value))
                .map_err(|e| self.fail(e));
        }
        self.plain(true, move |c| {
            write_waking(c, &a.clone(), true, |t| insert(t, &a, tree, &key, &value))
        })
        .map_err(|e| self.fail(e))
    }

    fn remove(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError> {
        let (a, key) = (self.association.clone(), key.to_vec());
        if !self.wakes.contains(&tree) {
            return self.plain(true, move |c| remove(c, &a, tree, &key)).map_err(|e| self.fail(e));
        }
        self.plain(true, move |c| write_waking(c, &a.clone(), true, |t| remove(t, &a, tree, &key)))
            .map_err(|e| self.fail(e))
    }

    fn range(&self, tree: &'static str, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> KvIter<'_> {
        let a = self.association.clone();
        match self.plain(true, move |c| range(c, &a, tree, &from, &to)) {
            Ok(rows) => Box::new(rows.into_iter().map(Ok)),
            Err(e) => Box::new(std::iter::once(Err(self.fail(e)))),
        }
    }

    fn transaction(
        &self,
        trees: &[&'static str],
        body: &mut dyn FnMut(&dyn KvTx) -> Result<(), TxFail>,
    ) -> Result<(), TxEnd> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        let rollback = || {
            let _ = call(&jobs, false, |c| c.batch_execute("ROLLBACK"));
        };
        let mut last = Fail::Conflict;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(u64::from(attempt.min(20))));
            }
            let begin =
                call(&jobs, true, |c| c.batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE"));
            if let Err(e) = begin {
                last = e;
                if matches!(last, Fail::Conflict) {
                    continue;
                }
                break;
            }
            let tx = PgTx {
                jobs: &jobs,
                association: &self.association,
                trees,
                wakes: self.wakes,
                woke: Cell::new(false),
            };
            let body = body(&tx).and_then(|()| {
                if !tx.woke.get() {
                    return Ok(());
                }
                let a = self.association.clone();
                tx.run(move |c, _| notify(c, &a)).map_err(|e| match e {
                    UnabortableTransactionError::Conflict => TxFail::Conflict,
                    UnabortableTransactionError::Storage(e) => TxFail::Storage(e),
                })
            });
            match body {
                Ok(()) => match call(&jobs, false, |c| c.batch_execute("COMMIT")) {
                    Ok(()) => return Ok(()),
                    Err(Fail::Conflict) => rollback(),
                    Err(e) => {
                        rollback();
                        return Err(TxEnd::Storage(self.fail(e)));
                    }
                },
                Err(TxFail::Conflict) => rollback(),
                Err(TxFail::Abort) => {
                    rollback();
                    return Err(TxEnd::Abort);
                }
                Err(TxFail::Storage(e)) => {
                    rollback();
                    return Err(TxEnd::Storage(e));
                }
            }
        }
        Err(TxEnd::Storage(match last {
            Fail::Conflict => db(format!(
                "a transaction kept conflicting with other writers ({ATTEMPTS} attempts)"
            )),
            other => self.fail(other),
        }))
    }

    fn flush(&self) -> Result<(), KvError> {
        // A committed statement or transaction is durable already.
        Ok(())
    }

    fn is_fresh(&self) -> Result<bool, KvError> {
        let a = self.association.clone();
        self.plain(true, move |c| {
            c.query_one("SELECT NOT EXISTS (SELECT 1 FROM kv WHERE association = $1)", &[&a])
                .map(|r| r.get(0))
        })
        .map_err(|e| self.fail(e))
    }
}

impl Drop for PgKv {
    fn drop(&mut self) {
        if self.temporary {
            let a = self.association.clone();
            let _ = self.plain(true, move |c| {
                c.execute("DELETE FROM kv WHERE association = $1", &[&a]).map(|_| ())
            });
        }
    }
}

struct PgTx<'a> {
    jobs: &'a mpsc::Sender<Job>,
    association: &'a str,
    trees: &'a [&'static str],
    /// Trees whose writes wake the leader's engine.
    wakes: &'static [&'static str],
    /// Whether this transaction wrote one of them.
    woke: Cell<bool>,
}

impl PgTx<'_> {
    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut postgres::Client, &str) -> Result<T, postgres::Error> + Send + 'static,
    ) -> Result<T, UnabortableTransactionError> {
        let a = self.association.to_string();
        call(self.jobs, false, move |c| f(c, &a)).map_err(|e| match e {
            Fail::Conflict => UnabortableTransactionError::Conflict,
            Fail::Other(m) => UnabortableTransactionError::Storage(db(m)),
        })
    }
}

impl KvTx for PgTx<'_> {
    fn get(&self, tree: usize, key: &[u8]) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        let (tree, key) = (self.trees[tree], key.to_vec());
        self.run(move |c, a| get(c, a, tree, &key))
    }

    fn insert(
        &self,
        tree: usize,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        let (tree, key, value) = (self.trees[tree], key.to_vec(), value.to_vec());
        self.woke.set(self.woke.get() || self.wakes.contains(&tree));
        self.run(move |c, a| insert(c, a, tree, &key, &value))
    }

    fn remove(
        &self,
        tree: usize,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        let (tree, key) = (self.trees[tree], key.to_vec());
        self.woke.set(self.woke.get() || self.wakes.contains(&tree));
        self.run(move |c, a| remove(c, a, tree, &key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_applied_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(files.len(), MIGRATIONS.len(), "a MIGRATIONS entry per file in migrations/");
        for (i, (name, (version, sql))) in files.iter().zip(MIGRATIONS).enumerate() {
            assert_eq!(*version as usize, i + 1, "versions count up from 1");
            assert!(name.starts_with(&format!("{version:04}_")), "{name} is version {version}");
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), *sql);
        }
    }

    #[test]
    fn the_password_never_shows_in_what_is_printed() {
        let t =
            Target::parse("postgres://toban:s3cret-pw@127.0.0.1:1/toban?association=sosa").unwrap();
        assert_eq!(t.association, "sosa");
        assert!(!format!("{t:?}").contains("s3cret-pw"), "{t:?}");
        assert!(!t.shown().contains("s3cret-pw"));
        assert!(t.shown().contains("[redacted]"), "{}", t.shown());
        let Err(e) = PgKv::connect(&t, false) else { panic!("nothing listens on port 1") };
        assert!(!e.to_string().contains("s3cret-pw"), "{e}");
        let e = Target::parse("postgres://toban:s3cret-pw@127.0.0.1:1/toban").unwrap_err();
        assert!(e.contains("?association=") && !e.contains("s3cret-pw"), "{e}");
        let e = Target::parse("postgres://toban:s3cret-pw@127.0.0.1:1/toban?association=x&bogus=1")
            .unwrap_err();
        assert!(!e.contains("s3cret-pw"), "{e}");
    }
}
