//! `toban serve`: the engine with its timers and the notifiers, in one process that holds the
//! store.
//!
//! Every round (at the next deadline, at most a second apart, or at once after a command):
//! fire the deadlines that passed (after a restart, every overdue one at once), then deliver the
//! outbox in order. The store is the only state: a kill -9 at any moment loses nothing, and a
//! restart carries on where the store says.
//!
//! With the store in PostgreSQL several `serve` may share it (issue 21): each serves HTTP and
//! the control socket; one at a time leads ([`crate::store::leader`]) and runs the engine and
//! the Telegram poller ([`crate::engine::lead`]).

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Notify;

use super::control::{Reply, Request, socket_path};
use super::{Args, clock, desk, load_inputs};
use crate::desk::Desk;
use crate::engine::Engine;
use crate::engine::delivery::Delivery;
use crate::live::Live;
use crate::notify::Notifier;
use crate::notify::console::Console;
use crate::rules::Rules;
use crate::store::leader::Leadership;
use crate::store::{Reopening, Store};

/// The longest line a command client may send on the control socket.
const MAX_REQUEST_BYTES: u64 = 1 << 20;

/// Where `serve` writes the address its HTTP server listens on, in the data directory.
pub const ADDRESS_FILE: &str = "serve.addr";

/// The console notifier's journal, in the data directory.
pub const CONSOLE_JOURNAL: &str = "console.jsonl";

/// Test hook: abort the process (as a crash would) right after the N-th delivery, before the
/// store marks it sent — the worst moment for "sent exactly once". Only tests set it.
const CRASH_VAR: &str = "TOBAN_TEST_CRASH_AFTER";

struct CrashAfter {
    inner: Arc<dyn Notifier>,
    left: std::sync::atomic::AtomicU32,
}

impl Notifier for CrashAfter {
    fn deliver(
        &self,
        notice: &crate::routing::Notice,
        text: &str,
    ) -> Result<crate::notify::Delivered, crate::notify::NotifyError> {
        let delivered = self.inner.deliver(notice, text)?;
        if self.left.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) <= 1 {
            std::process::abort();
        }
        Ok(delivered)
    }

    fn routes(
        &self,
        notice: &crate::routing::Notice,
    ) -> Result<Vec<crate::notify::Route>, crate::notify::NotifyError> {
        self.inner.routes(notice)
    }

    fn delayed(&self, notice: &crate::routing::Notice) -> Vec<(String, u32)> {
        self.inner.delayed(notice)
    }

    fn deliver_via(
        &self,
        route: &crate::notify::Route,
        notice: &crate::routing::Notice,
        text: &str,
    ) -> Result<crate::notify::Delivered, crate::notify::NotifyError> {
        let delivered = self.inner.deliver_via(route, notice, text)?;
        if self.left.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) <= 1 {
            std::process::abort();
        }
        Ok(delivered)
    }
}

/// Runs until Ctrl-C (or SIGTERM).
///
/// # Errors
/// If the rules do not load, the store cannot be opened, or the socket cannot be bound.
pub fn run(args: &Args, listen: &str, lang: crate::msg::Lang) -> anyhow::Result<()> {
    init_logs();
    crate::server::limits::raise_fd_limit();
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let overrides = Arc::new(inputs.overrides);
    let rules = Arc::new(inputs.rules);
    let store = Arc::new(Reopening::open(&args.data)?);
    // sled refuses a second process: this one leads. PostgreSQL: it stands for leader.
    let leadership = match crate::store::Target::from_env().map_err(super::UsageError)? {
        Some(target) => Leadership::elect(&target)
            .with_context(|| format!("cannot stand for leader on {}", target.shown()))?,
        None => Leadership::sole(),
    };
    let leadership = Arc::new(leadership);
    let journal = args.data.join(CONSOLE_JOURNAL);
    let console = Console::open(&journal, &rules, Box::new(std::io::stdout()))
        .with_context(|| format!("cannot open the console journal {}", journal.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    // This association's own credentials (`TELOXIDE_TOKEN_<ID>`…) over the plain ones, never
    // another association's (issue 21: several associations in one deployment).
    let credentials = crate::config::credentials::Credentials::from_env(&rules.association.id);
    for w in credentials.withheld() {
        eprintln!("{}", w.render(lang));
    }
    let token = credentials.get("TELOXIDE_TOKEN");
    let bot = match &token {
        Some(t) => Some(
            crate::chat::telegram::bot(t, std::env::var("TELOXIDE_API_URL").ok().as_deref())
                .map_err(super::UsageError)?,
        ),
        None => None,
    };
    let console: Arc<dyn Notifier> = Arc::new(console);
    let dyn_store: Arc<dyn Store> = store.clone();
    // One live copy of the rules for everything serve runs: a reload replaces it.
    let live_rules = Live::new(rules.clone());
    let mut chats = crate::chat::deliver::ChatNotifier::new(dyn_store, live_rules.clone());
    if let Some(bot) = &bot {
        let device =
            crate::chat::telegram::TelegramDevice::new(bot.clone(), runtime.handle().clone());
        chats = chats.with(crate::chat::Channel::Telegram, Arc::new(device));
    }
    // LINE (issue 19): off unless both its secret and its token are set; half set stops here.
    let line = match crate::config::LineConfig::from_lookup(&|v| credentials.get(v))
        .map_err(super::UsageError)?
    {
        Some(config) => {
            let client = crate::chat::line::LineClient::new(&config).map_err(super::UsageError)?;
            Some((config, Arc::new(client)))
        }
        None => None,
    };
    if let Some((_, client)) = &line {
        let dyn_store: Arc<dyn Store> = store.clone();
        let now: crate::chat::line::Clock =
            Arc::new(|| clock::now().unwrap_or_else(|_| chrono::Utc::now()));
        let device = crate::chat::line::LineDevice::new(
            client.clone(),
            runtime.handle().clone(),
            dyn_store,
            now,
        );
        chats = chats.with(crate::chat::Channel::Line, Arc::new(device));
    }
    // Outbound webhooks (issue 19): each secret from the variable its rule names.
    let webhooks = crate::notify::webhook::Webhooks::from_rules(
        &rules,
        &|var| std::env::var(var).ok(),
        runtime.handle().clone(),
    )
    .map_err(super::UsageError)?;
    // Live: a rules reload replaces them (new, changed and removed webhooks), so the notifier
    // is in place even with no channel and no webhook at start (it prints on the console then).
    let hooks = crate::notify::webhook::Reloader {
        live: Live::new(Arc::new(webhooks)),
        rules: live_rules,
        runtime: runtime.handle().clone(),
    };
    chats = chats.with_webhooks(hooks.live.clone()).with_console(console.clone());
    let mut channel: Arc<dyn Notifier> = Arc::new(chats);
    let mut fallback = console;
    if let Some(n) = std::env::var(CRASH_VAR).ok().and_then(|v| v.parse().ok()) {
        let left = std::sync::atomic::AtomicU32::new(n);
        channel = Arc::new(CrashAfter { inner: channel, left });
        fallback =
            Arc::new(CrashAfter { inner: fallback, left: std::sync::atomic::AtomicU32::new(n) });
    }
    let delivery = Delivery::new(channel, fallback);
    {
        // Before each send: a deposed leader stops sending.
        let leadership = leadership.clone();
        delivery.fence(Arc::new(move || leadership.holds()));
    }
    runtime.block_on(serve(
        leadership,
        args.clone(),
        rules,
        overrides,
        store,
        delivery,
        bot,
        line,
        listen.to_string(),
        lang,
        hooks,
    ))
}

#[allow(clippy::too_many_arguments)]
async fn serve(
    leadership: Arc<Leadership>,
    args: Args,
    rules: Arc<Rules>,
    overrides: Arc<Vec<crate::calendar::Override>>,
    store: Arc<Reopening>,
    delivery: Arc<Delivery>,
    bot: Option<teloxide::Bot>,
    line: Option<(crate::config::LineConfig, Arc<crate::chat::line::LineClient>)>,
    listen: String,
    lang: crate::msg::Lang,
    hooks: crate::notify::webhook::Reloader,
) -> anyhow::Result<()> {
    let path = socket_path(&args.data);
    let live_rules = hooks.rules.clone();
    let live_overrides = Live::new(overrides.clone());
    let now_fn: Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync> =
        Arc::new(|| clock::now().unwrap_or_else(|_| chrono::Utc::now()));
    {
        let desk = Desk { rules: &rules, store: &*store };
        desk.refresh_feeds(now_fn()).context("cannot bring the calendar feeds up to date")?;
    }
    let limits = crate::server::limits::HttpLimits::from_env()
        .map_err(|e| super::UsageError(e.to_string()))?;
    // Settings are checked before anything listens.
    if let Ok(u) = std::env::var(crate::config::PUBLIC_URL_VAR)
        && !u.trim().is_empty()
    {
        crate::config::parse_public_url(u.trim()).map_err(super::UsageError)?;
    }
    let http = tokio::net::TcpListener::bind(&listen).await.with_context(|| {
        format!("cannot listen on {listen} (use --listen ADDR for another address)")
    })?;
    let address = http.local_addr().context("no local address")?;
    let config = crate::config::ServeConfig::from_env(address).map_err(super::UsageError)?;
    for w in &config.warnings {
        eprintln!("{}", w.render(lang));
    }
    crate::config::set_public_url(config.public_url.clone());
    let _ = std::fs::write(args.data.join(ADDRESS_FILE), format!("http://{address}\n"));
    let wake = Arc::new(Notify::new());
    // Tasks whose end means serve cannot do its job: watched below, serve exits with the reason.
    let mut vital: tokio::task::JoinSet<&'static str> = tokio::task::JoinSet::new();
    {
        let dyn_store: Arc<dyn Store> = store.clone();
        let mut app = crate::server::App::new(rules.clone(), dyn_store, now_fn.clone())
            .with_live(live_rules.clone(), live_overrides.clone())
            .with_rules_dir(args.rules.clone());
        if let Some((config, client)) = &line {
            let hook = crate::chat::line::webhook::LineHook::new(
                client.clone(),
                config.secret.clone(),
                wake.clone(),
            );
            // Rich menus follow the links and the rules (issue 19), as Telegram's menus do.
            let over = crate::chat::line::webhook::Over {
                rules: live_rules.clone(),
                overrides: live_overrides.clone(),
                store: { store.clone() as Arc<dyn Store> },
                now: now_fn.clone(),
            };
            tokio::spawn(crate::chat::line::menu::keep(hook.menus(), over, leadership.watch()));
            app = app.with_line(Arc::new(hook));
        }
        let server = crate::server::limits::serve_http(http, crate::server::router(app), limits);
        vital.spawn(async move {
            // It never returns; a panic inside it ends the task and serve says so.
            match server.await {}
        });
    }
    // A socket left by a serve that was killed: nobody answers on it, so it can go.
    if path.exists() && std::os::unix::net::UnixStream::connect(&path).is_err() {
        let _ = std::fs::remove_file(&path);
    }
    let listener = UnixListener::bind(&path)
        .with_context(|| format!("cannot create the control socket {}", path.display()))?;
    restrict(&path);
    let dyn_store: Arc<dyn Store> = store.clone();
    let engine = Engine::live(live_rules.clone(), dyn_store, delivery);
    {
        // Answers and commands wake the engine.
        let (wake, engine) = (wake.clone(), engine.clone());
        tokio::spawn(async move {
            loop {
                wake.notified().await;
                engine.trigger();
            }
        });
    }
    // On PostgreSQL, what another instance (or a command on the database) writes for the
    // engine wakes it here at once while this one leads: LISTEN/NOTIFY (issue 21).
    let _listener = match crate::store::Target::from_env().map_err(super::UsageError)? {
        Some(target) => {
            let engine = engine.clone();
            let wake = Arc::new(move || engine.trigger());
            Some(
                crate::store::wakeup::Listener::start(&target, leadership.watch(), wake)
                    .context("cannot listen for the database's changes")?,
            )
        }
        None => None,
    };
    let started = crate::msg::cli::Cli::ServeStarted {
        association: rules.association.name.clone(),
        data: args.data.display().to_string(),
        // Any chat channel on (Telegram or LINE): the banner names them.
        telegram: bot.is_some() || line.is_some(),
        socket: path.display().to_string(),
        address: address.to_string(),
    };
    eprintln!("{}", started.render(lang));
    if line.is_some() {
        tracing::info!("LINE is on: its webhook is POST /line/webhook on http://{address}");
    }
    // Started each time this process becomes leader, dropped when it stops being one.
    let poller: Option<crate::engine::lead::Poller> = bot.map(|bot| {
        let dyn_store: Arc<dyn Store> = store.clone();
        let (rules, overrides, now, wake) =
            (live_rules.clone(), live_overrides.clone(), now_fn.clone(), wake.clone());
        let start: crate::engine::lead::Poller = Box::new(move || {
            Box::pin(crate::chat::telegram::poll::poll(
                bot.clone(),
                rules.clone(),
                overrides.clone(),
                dyn_store.clone(),
                now.clone(),
                wake.clone(),
            ))
        });
        start
    });
    {
        let (rules, overrides, store, wake) =
            (live_rules.clone(), live_overrides.clone(), store.clone(), wake.clone());
        let engine = engine.clone();
        let role = leadership.watch();
        let data = args.data.display().to_string();
        vital.spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        // The rules of the moment the command arrives.
                        let (rules, overrides, store, wake, engine, role, data) = (
                            rules.get(),
                            overrides.get(),
                            store.clone(),
                            wake.clone(),
                            engine.clone(),
                            role.clone(),
                            data.clone(),
                        );
                        tokio::spawn(async move {
                            let answered =
                                answer(stream, rules, overrides, store, (engine, role, data));
                            if let Err(e) = answered.await {
                                tracing::error!("a command failed to run: {e:#}");
                            }
                            wake.notify_one();
                        });
                    }
                    Err(e) => {
                        tracing::error!("control socket: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        });
    }
    let fake_clock = std::env::var(clock::VAR).is_ok_and(|v| !v.is_empty());
    super::ops::SERVING.store(true, std::sync::atomic::Ordering::Relaxed);
    {
        // Automatic backups ([backup] in the rules): checked every minute (often under a test
        // clock), written when the newest is `every_hours` old. By the leader only: with
        // several instances on one database the others' would be copies of the same records,
        // written at the same moment (issue 21).
        let (rules, store, mut role) = (live_rules.clone(), store.clone(), leadership.watch());
        tokio::spawn(async move {
            loop {
                if role.wait_for(|leads| *leads).await.is_err() {
                    return;
                }
                let (r, s) = (rules.get(), store.clone());
                let done = tokio::task::spawn_blocking(move || {
                    let now = clock::now().unwrap_or_else(|_| chrono::Utc::now());
                    crate::backups::auto(&r, &*s, now)
                })
                .await;
                match done {
                    Ok(Ok(Some(path))) => {
                        tracing::info!("backup written to {}", path.display())
                    }
                    Ok(Ok(None)) => {}
                    Ok(Err(e)) => tracing::error!("automatic backup failed: {e}"),
                    Err(e) => tracing::error!("automatic backup stopped: {e}"),
                }
                let pause = if fake_clock { 200 } else { 60_000 };
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
        });
    }
    {
        // Rules edited while serve runs: validated, then in force (or the admins told).
        let dyn_store: Arc<dyn Store> = store.clone();
        tokio::spawn(super::reload::watch(
            args.clone(),
            live_rules.clone(),
            live_overrides.clone(),
            dyn_store,
            wake.clone(),
            hooks,
        ));
    }
    let now: Arc<dyn Fn() -> anyhow::Result<chrono::DateTime<chrono::Utc>> + Send + Sync> =
        Arc::new(clock::now);
    let led = crate::engine::lead::lead(
        engine.clone(),
        leadership.watch(),
        poller,
        now,
        fake_clock,
        shutdown(),
    );
    let stopped = tokio::select! {
        ended = led => match ended {
            crate::engine::lead::Ended::Stopped => None,
            crate::engine::lead::Ended::PollerStopped => Some("the Telegram poller stopped".into()),
        },
        ended = vital.join_next() => Some(match ended {
            Some(Ok(what)) => format!("{what} stopped"),
            Some(Err(e)) if e.is_panic() => format!("a task panicked: {e}"),
            Some(Err(e)) => format!("a task ended: {e}"),
            None => "no task left".to_string(),
        }),
    };
    let _ = std::fs::remove_file(&path);
    // The lock goes with the session: a standby takes over at once.
    leadership.resign();
    if let Some(why) = stopped {
        tracing::error!("{why}; stopping so that the service manager restarts toban");
        anyhow::bail!("serve stopped: {why}");
    }
    eprintln!("{}", crate::msg::cli::Cli::ServeStopped.render(lang));
    Ok(())
}

/// Runs one forwarded command and writes the reply.
async fn answer(
    stream: UnixStream,
    rules: Arc<Rules>,
    overrides: Arc<Vec<crate::calendar::Override>>,
    store: Arc<Reopening>,
    (engine, mut role, data): (Arc<Engine>, tokio::sync::watch::Receiver<bool>, String),
) -> anyhow::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    // A command line is a few hundred bytes; a client that sends more (or never a newline) is
    // cut off instead of filling serve's memory.
    let read = BufReader::new(read.take(MAX_REQUEST_BYTES)).read_line(&mut line).await?;
    if read == 0 {
        // Connected and left without a word (a readiness probe).
        return Ok(());
    }
    let parsed = if line.ends_with('\n') {
        serde_json::from_str::<Request>(&line).map_err(|e| e.to_string())
    } else {
        Err(format!("longer than {MAX_REQUEST_BYTES} bytes or not ended by a newline"))
    };
    let reply = match parsed {
        Ok(request) if is_cycle(&request) => {
            let lang = request.lang.unwrap_or(rules.association.language);
            let standby = || Reply {
                code: super::EXIT_RUNTIME,
                stdout: String::new(),
                stderr: format!("toban: {}\n", Refusal::ServeStandsBy(data.clone()).render(lang)),
            };
            if !*role.borrow_and_update() {
                standby()
            } else {
                // Deposed while waiting: no cycle is coming here.
                tokio::select! {
                    () = engine.wait_cycle() => {
                        Reply { code: 0, stdout: "cycle done\n".into(), stderr: String::new() }
                    }
                    _ = role.wait_for(|leads| !*leads) => standby(),
                }
            }
        }
        Ok(request) => {
            tokio::task::spawn_blocking(move || {
                super::actor::with(request.actor.as_deref(), || {
                    run_request(&request, &rules, &overrides, &*store)
                })
            })
            .await?
        }
        Err(e) => Reply {
            code: super::EXIT_USAGE,
            stdout: String::new(),
            stderr: format!("toban: unreadable request: {e}\n"),
        },
    };
    let mut text = serde_json::to_string(&reply)?;
    text.push('\n');
    write.write_all(text.as_bytes()).await?;
    Ok(())
}

fn is_cycle(request: &Request) -> bool {
    use clap::Parser;
    Args::try_parse_from(&request.argv).is_ok_and(|a| matches!(a.command, super::Command::Cycle))
}

use crate::msg::Message;
use crate::msg::refusal::Refusal;

fn run_request(
    request: &Request,
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
) -> Reply {
    use clap::Parser;
    let mut args = match Args::try_parse_from(&request.argv) {
        Ok(a) => a,
        Err(e) => {
            return Reply { code: super::EXIT_USAGE, stdout: String::new(), stderr: e.to_string() };
        }
    };
    // The client's language (its --lang, TOBAN_LANG or the rules'), never serve's environment.
    let lang = request.lang.unwrap_or(rules.association.language);
    if !desk::is_desk(&args.command) {
        return Reply {
            code: super::EXIT_RUNTIME,
            stdout: String::new(),
            stderr: format!("toban: {}\n", Refusal::ServeHoldsStore.render(lang)),
        };
    }
    if let Some(cwd) = &request.cwd {
        desk::absolutize(&mut args.command, cwd);
    }
    let mut out = Vec::new();
    let result = desk::execute(&args.command, rules, overrides, store, request.now, lang, &mut out);
    let (code, stderr) = match result {
        Ok(()) => (0, String::new()),
        Err(e) => {
            let (code, text) = super::render_error(&e, lang);
            (code, text)
        }
    };
    Reply { code, stdout: String::from_utf8_lossy(&out).into_owned(), stderr }
}

/// Logs on stderr through `tracing`: time, level, the manager and the ids involved (call,
/// notice, member), never a patient's details or a secret. `TOBAN_LOG` filters (default
/// `info`; e.g. `debug`, `warn`).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TOBAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(false)
        .try_init();
}

/// Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn restrict(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    let _ = std::io::stderr().flush();
}
