//! The HTTP server's bounds: how long a connection may take to send a request header, how long
//! it may sit with no byte moving, how many may be open at once, and the open-file limit.
//!
//! Key decision: the HTTP port must never take the file descriptors that Telegram delivery, the
//! control socket, the store and backups need (1,100 idle connections once did). So connections
//! past the cap are accepted and closed at once, rather than left in the kernel's queue, the cap
//! is at most half the open-file limit, and an accept error (EMFILE) pauses the loop briefly
//! instead of spinning.
//!
//! hyper's header-read timeout (hyper ≥ 1.6) also runs while a keep-alive connection waits for
//! its next request, so it bounds idle keep-alive connections too; the idle timeout here covers
//! the rest: a client that stops reading the answer (pipelined requests keep the header timer
//! from running while the answers wait to be written), or a request body that stops arriving.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Overrides [`HttpLimits::header_read`], in milliseconds.
pub const HEADER_TIMEOUT_VAR: &str = "TOBAN_HTTP_HEADER_TIMEOUT_MS";
/// Overrides [`HttpLimits::idle`], in milliseconds.
pub const IDLE_TIMEOUT_VAR: &str = "TOBAN_HTTP_IDLE_TIMEOUT_MS";
/// Overrides [`HttpLimits::max_connections`].
pub const MAX_CONNECTIONS_VAR: &str = "TOBAN_HTTP_MAX_CONNECTIONS";

/// How often, at most, the same trouble (the cap reached, accept failing) is logged.
const NOTE_EVERY: Duration = Duration::from_secs(60);
/// The pause after an accept error such as EMFILE, so that the loop does not spin.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The bounds on the HTTP server's connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// From the connection's start, or the end of the previous answer, to the end of a request
    /// header. Default 10 s.
    pub header_read: Duration,
    /// No byte read or written for this long closes the connection, whatever it is doing.
    /// Default 60 s.
    pub idle: Duration,
    /// Connections open at once; more are closed as soon as they are accepted. Default 512,
    /// lowered to half the open-file limit if that is smaller.
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> HttpLimits {
        HttpLimits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// A bad `TOBAN_HTTP_*` value.
#[derive(Debug, thiserror::Error)]
#[error("{var}={value:?}: expected {expected}")]
pub struct LimitError {
    var: &'static str,
    value: String,
    expected: &'static str,
}

impl HttpLimits {
    /// The defaults, with the `TOBAN_HTTP_*` variables that are set.
    ///
    /// # Errors
    /// A value that is not a whole number of at least 1.
    pub fn from_env() -> Result<HttpLimits, LimitError> {
        HttpLimits::from_vars(|var| std::env::var(var).ok())
    }

    fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<HttpLimits, LimitError> {
        let number = |var: &'static str, expected: &'static str| -> Result<_, LimitError> {
            let Some(value) = get(var).filter(|v| !v.trim().is_empty()) else {
                return Ok(None);
            };
            match value.trim().parse::<u64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(LimitError { var, value, expected }),
            }
        };
        let mut limits = HttpLimits::default();
        if let Some(ms) = number(HEADER_TIMEOUT_VAR, "milliseconds, at least 1")? {
            limits.header_read = Duration::from_millis(ms);
        }
        if let Some(ms) = number(IDLE_TIMEOUT_VAR, "milliseconds, at least 1")? {
            limits.idle = Duration::from_millis(ms);
        }
        if let Some(n) = number(MAX_CONNECTIONS_VAR, "a number of connections, at least 1")? {
            limits.max_connections = usize::try_from(n).unwrap_or(usize::MAX);
        }
        Ok(limits)
    }
}

/// Serves `router` on `listener` within `limits`, until the task is dropped. Errors never end
/// it: accept errors are logged (once a minute at most) and retried after a pause, and a
/// connection's error ends only that connection.
pub async fn serve_http(listener: TcpListener, router: Router, limits: HttpLimits) -> Infallible {
    let cap = capped(limits.max_connections);
    let permits = Arc::new(Semaphore::new(cap));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let mut at_cap = Note::new(NOTE_EVERY);
    let mut accept_failing = Note::new(NOTE_EVERY);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, peer)) => (stream, peer),
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                if let Some(more) = accept_failing.due() {
                    tracing::warn!("HTTP accept failed, retrying: {e}{}", since(more));
                }
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            drop(stream);
            if let Some(more) = at_cap.due() {
                tracing::warn!(
                    "HTTP connection cap of {cap} reached: new connections are \
                     closed at once{}",
                    since(more)
                );
            }
            continue;
        };
        let (stream, peer) = stream;
        let http = http.clone();
        // The peer's address for handlers (the console's lockout counts per client address).
        let inner = TowerToHyperService::new(router.clone());
        let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
            use hyper::service::Service as _;
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            inner.call(request)
        });
        tokio::spawn(async move {
            let activity = Arc::new(Activity::new());
            let io = TokioIo::new(Watched { inner: stream, activity: activity.clone() });
            // Dropping the connection closes its socket, whichever ends first.
            tokio::select! {
                _ = http.serve_connection(io, service) => {}
                () = activity.until_idle(limits.idle) => {}
            }
            drop(permit);
        });
    }
}

fn since(more: u64) -> String {
    if more == 0 { String::new() } else { format!(" ({more} more times since the last note)") }
}

/// Like axum's own accept loop: these concern one connection, not the listener.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// `wanted`, or half the open-file limit if that is smaller (the other half stays for the
/// store, Telegram, the control socket and backups).
fn capped(wanted: usize) -> usize {
    let Ok(limit) = nofile() else { return wanted };
    let half = usize::try_from(limit.rlim_cur / 2).unwrap_or(usize::MAX).max(1);
    if wanted > half {
        tracing::warn!(
            "HTTP connection cap lowered from {wanted} to {half}, half the \
             open-file limit of {}",
            limit.rlim_cur
        );
    }
    wanted.min(half)
}

/// Raises the soft open-file limit (RLIMIT_NOFILE) to the hard one; logs when it cannot.
/// Many systems start processes with a soft limit of 1024 and a far higher hard one.
pub fn raise_fd_limit() {
    if let Err(e) = raise_nofile() {
        tracing::warn!("cannot raise the open-file limit (RLIMIT_NOFILE): {e}");
    }
}

fn raise_nofile() -> io::Result<()> {
    let mut limit = nofile()?;
    if limit.rlim_cur >= limit.rlim_max {
        return Ok(());
    }
    limit.rlim_cur = limit.rlim_max;
    // SAFETY: setrlimit only reads the struct it is given.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn nofile() -> io::Result<libc::rlimit> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(limit)
}

/// A log line that is due at most once a `period`, counting what it left out.
struct Note {
    period: Duration,
    last: Option<Instant>,
    left_out: u64,
}

impl Note {
    fn new(period: Duration) -> Note {
        Note { period, last: None, left_out: 0 }
    }

    /// `Some(times left out since the last note)` when a note is due now.
    fn due(&mut self) -> Option<u64> {
        self.due_at(Instant::now())
    }

    fn due_at(&mut self, now: Instant) -> Option<u64> {
        if self.last.is_some_and(|last| now < last + self.period) {
            self.left_out += 1;
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.left_out))
    }
}

/// When a connection last moved a byte.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity { start: Instant::now(), last_ms: AtomicU64::new(0) }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// Returns once no byte has moved for `idle`.
    async fn until_idle(&self, idle: Duration) {
        loop {
            let last = self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            if Instant::now() >= last + idle {
                return;
            }
            tokio::time::sleep_until(last + idle).await;
        }
    }
}

/// A socket that records when it last read or wrote a byte.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |var| pairs.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_defaults_hold_when_no_variable_is_set() {
        let limits = HttpLimits::from_vars(vars(&[])).unwrap();
        assert_eq!(limits, HttpLimits::default());
        assert_eq!(limits.header_read, Duration::from_secs(10));
        assert_eq!(limits.idle, Duration::from_secs(60));
        assert_eq!(limits.max_connections, 512);
    }

    #[test]
    fn each_variable_overrides_its_limit() {
        let limits = HttpLimits::from_vars(vars(&[
            (HEADER_TIMEOUT_VAR, "500"),
            (IDLE_TIMEOUT_VAR, " 700 "),
            (MAX_CONNECTIONS_VAR, "8"),
            ("TOBAN_HTTP_OTHER", "x"),
        ]))
        .unwrap();
        assert_eq!(
            limits,
            HttpLimits {
                header_read: Duration::from_millis(500),
                idle: Duration::from_millis(700),
                max_connections: 8,
            }
        );
        let empty = HttpLimits::from_vars(vars(&[(IDLE_TIMEOUT_VAR, "")])).unwrap();
        assert_eq!(empty, HttpLimits::default(), "an empty variable is as good as unset");
    }

    #[test]
    fn a_zero_or_a_word_is_refused_naming_the_variable() {
        for (var, value) in
            [(MAX_CONNECTIONS_VAR, "0"), (HEADER_TIMEOUT_VAR, "10s"), (IDLE_TIMEOUT_VAR, "-1")]
        {
            let err = HttpLimits::from_vars(vars(&[(var, value)]))
                .expect_err(&format!("{var}={value} should be refused"))
                .to_string();
            assert!(err.starts_with(&format!("{var}=\"{value}\": expected ")), "{err}");
        }
    }

    #[test]
    fn a_note_is_due_once_a_period_and_counts_what_it_left_out() {
        let mut note = Note::new(Duration::from_secs(60));
        let t = Instant::now();
        assert_eq!(note.due_at(t), Some(0));
        assert_eq!(note.due_at(t + Duration::from_secs(1)), None);
        assert_eq!(note.due_at(t + Duration::from_secs(59)), None);
        assert_eq!(note.due_at(t + Duration::from_secs(60)), Some(2));
        assert_eq!(note.due_at(t + Duration::from_secs(61)), None);
    }
}
