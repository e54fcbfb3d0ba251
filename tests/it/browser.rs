//! Real-browser tests: headless Chromium driven through chromedriver (WebDriver over plain
//! HTTP on loopback, with fantoccini).
//!
//! One chromedriver per test process, started on first use on a free loopback port and killed
//! with the process (it is spawned from a thread that lives as long as the process, with
//! `PR_SET_PDEATHSIG`). Each test gets its own browser session with a fresh profile, closed
//! when the test ends, also when it fails. The browser runs without network beyond loopback
//! (this machine has none) and without anything that would phone home.
//!
//! Without chromedriver (`TOBAN_CHROMEDRIVER`, else `chromedriver` on the PATH or in
//! /usr/bin), a browser test prints a skip notice and passes, unless `CI` is set: then it
//! fails, since `.ci/run` installs Debian's `chromium` and `chromium-driver`.

use std::future::Future;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator};
use serde_json::{Value, json};

/// Chromium's flags for every session: headless, no sandbox (containers), no network of its
/// own (updates, sync, QUIC), no first-run dialogs.
const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn find(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    dirs.push("/usr/bin".into());
    dirs.iter().flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// The chromedriver's address, once per process; `None` when there is none.
fn driver() -> Option<&'static str> {
    static DRIVER: OnceLock<Option<String>> = OnceLock::new();
    DRIVER
        .get_or_init(|| {
            let path = find("TOBAN_CHROMEDRIVER", &["chromedriver"])?;
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .expect("a free loopback port")
                .port();
            // Spawned from a thread that never ends, so the parent-death signal fires when the
            // test process exits, not when the spawning test's thread does.
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut cmd = Command::new(&path);
                cmd.arg(format!("--port={port}"))
                    .arg("--allowed-ips=127.0.0.1")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null());
                // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
                unsafe {
                    cmd.pre_exec(|| {
                        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                        Ok(())
                    });
                }
                let child = cmd.spawn();
                let ok = child.is_ok();
                let _ = tx.send(child.map_err(|e| format!("{}: {e}", path.display())));
                if ok {
                    loop {
                        std::thread::park();
                    }
                }
            });
            if let Err(e) = rx.recv().expect("the driver thread answers") {
                panic!("chromedriver did not start: {e}");
            }
            let until = Instant::now() + Duration::from_secs(30);
            while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
                assert!(Instant::now() < until, "chromedriver did not listen on port {port}");
                std::thread::sleep(Duration::from_millis(50));
            }
            Some(format!("http://127.0.0.1:{port}"))
        })
        .as_deref()
}

/// Whether browser tests can run here: `false` (with a notice) without chromedriver; a clear
/// failure instead when `CI` is set.
pub fn available() -> bool {
    if driver().is_some() {
        return true;
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !ci,
        "CI is set but chromedriver is missing: install Debian's `chromium chromium-driver` \
         (.ci/run does), or point TOBAN_CHROMEDRIVER at one"
    );
    eprintln!(
        "browser test skipped: no chromedriver on this machine (apt-get install chromium chromium-driver)"
    );
    false
}

/// Runs `test` against a fresh headless Chromium session (its own profile), then closes the
/// session, also when `test` panics (the panic is passed on). Skips (see [`available`])
/// without chromedriver.
pub fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    if !available() {
        return;
    }
    let driver = driver().expect("checked");
    let profile = tempfile::tempdir().unwrap();
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let mut args: Vec<String> = FLAGS.iter().map(|f| f.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.push("--window-size=1280,900".into());
    let mut options = json!({ "args": args });
    if let Some(chromium) = find("TOBAN_CHROMIUM", &["chromium", "chromium-browser"]) {
        options["binary"] = json!(chromium);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    let client = rt.block_on(async {
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(driver)
            .await
            .unwrap_or_else(|e| panic!("no Chromium session from chromedriver: {e}"))
    });
    let outcome = rt.block_on(rt.spawn(test(client.clone())));
    let _ = rt.block_on(client.close());
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("the browser test did not finish: {e}"),
        }
    }
}

/// Evaluates `script` (a function body ending in `return …`) in the page.
pub async fn eval(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The page's visible text.
pub async fn text(c: &Client) -> String {
    eval(c, "return document.body.innerText;").await.as_str().unwrap_or_default().to_string()
}

/// The page's visible text, or nothing while a page is being replaced (a navigation or the
/// Today page's own reload): for polling.
pub async fn text_now(c: &Client) -> String {
    match c.execute("return document.body ? document.body.innerText : '';", vec![]).await {
        Ok(v) => v.as_str().unwrap_or_default().to_string(),
        Err(_) => String::new(),
    }
}

/// Waits (up to 30 s) until the page shows `needle` and has loaded whole (a click's
/// navigation may still be under way, and a long page is shown before its end has arrived on
/// a loaded machine), touching nothing; returns the page's text.
pub async fn wait_text(c: &Client, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let page = text_now(c).await;
        let done = c.execute("return document.readyState;", vec![]).await.ok();
        if page.contains(needle) && done.as_ref().and_then(|v| v.as_str()) == Some("complete") {
            let whole = text_now(c).await;
            if whole.contains(needle) {
                return whole;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no {needle} in:\n{page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs `act` on the element `locator` finds, again (up to 30 s) when the element went stale
/// between finding and acting: the page was replaced under it (a navigation still finishing,
/// or the Today page reloading itself), which is the page's business, not a failure.
async fn on_element<'a, F, Fut>(c: &Client, locator: Locator<'a>, what: &str, act: F)
where
    F: Fn(fantoccini::elements::Element) -> Fut,
    Fut: Future<Output = Result<(), fantoccini::error::CmdError>>,
{
    let start = Instant::now();
    loop {
        let failed = match c.find(locator).await {
            Ok(element) => match act(element).await {
                Ok(()) => return,
                Err(e) => e,
            },
            Err(e) => e,
        };
        let retry = matches!(
            &failed,
            fantoccini::error::CmdError::Standard(w)
                if w.error == fantoccini::error::ErrorStatus::StaleElementReference
                    || w.error == fantoccini::error::ErrorStatus::NoSuchElement
        );
        if !retry || start.elapsed() > Duration::from_secs(30) {
            panic!("{what}: {failed}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Fills the field with id `id`.
pub async fn fill(c: &Client, id: &str, value: &str) {
    on_element(c, Locator::Id(id), &format!("no field #{id}"), |field| async move {
        field.clear().await?;
        field.send_keys(value).await
    })
    .await;
}

/// Clicks the first element matching the CSS selector `css`.
pub async fn click(c: &Client, css: &str) {
    on_element(c, Locator::Css(css), &format!("nothing to click matches {css}"), |e| async move {
        e.click().await.map(|_| ())
    })
    .await;
}

/// The path of the page shown now.
pub async fn path(c: &Client) -> String {
    c.current_url().await.unwrap().path().to_string()
}

/// The path of the page shown once the browser has arrived at `want` and loaded it (a form
/// post can return before the next page: argon2 on a loaded machine takes a while), or after
/// 30 s the path it is at, for the caller's assertion to show.
pub async fn arrive_at(c: &Client, want: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let now = path(c).await;
        let loaded = c
            .execute("return document.readyState;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s == "complete"))
            .unwrap_or(false);
        if (now == want && loaded) || start.elapsed() > std::time::Duration::from_secs(30) {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Sets the office's password from the setup link `setup` (a full URL) and signs in as
/// `office`, arriving at Today.
pub async fn sign_in(c: &Client, setup: &str) {
    use crate::web_console::PASSWORD;
    c.goto(setup).await.unwrap();
    fill(c, "password", PASSWORD).await;
    fill(c, "again", PASSWORD).await;
    click(c, "main button[type=submit]").await;
    assert_eq!(arrive_at(c, "/admin/login").await, "/admin/login");
    fill(c, "admin", "office").await;
    fill(c, "password", PASSWORD).await;
    click(c, "main button[type=submit]").await;
    assert_eq!(arrive_at(c, "/admin").await, "/admin");
}

/// Sets the viewport to `width` CSS pixels (a phone is 375) and says whether the page then
/// fits: nothing wider than the viewport, so no sideways scrolling.
pub async fn no_sideways_scroll(c: &Client, width: u32) -> Result<(), String> {
    c.set_window_size(width, 800).await.unwrap();
    // The window includes no chrome in headless mode; check what the page got.
    let got = eval(
        c,
        "const d = document.documentElement; \
         return [d.clientWidth, d.scrollWidth, document.body.scrollWidth, window.innerWidth];",
    )
    .await;
    let n = |i: usize| got[i].as_u64().unwrap_or(u64::MAX);
    let (client, scroll, body, inner) = (n(0), n(1), n(2), n(3));
    if inner > u64::from(width) + 20 {
        return Err(format!("the window is {inner} px wide, not {width}"));
    }
    if scroll > client || body > client {
        let wide = eval(
            c,
            "const w = document.documentElement.clientWidth; \
             return [...document.querySelectorAll('body *')] \
               .filter(e => e.getBoundingClientRect().right > w + 0.5) \
               .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40));",
        )
        .await;
        return Err(format!("{scroll} px of content in {client} px: too wide: {wide}"));
    }
    Ok(())
}
