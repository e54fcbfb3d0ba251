//! The delivery manager: the outbox, per recipient.
//!
//! Key decisions:
//! - Order is kept per recipient, and each recipient is delivered by its own worker (one at a
//!   time per recipient, up to [`MAX_WORKERS`] at once), so a recipient whose chat hangs, fails
//!   or backs off never delays anyone else.
//! - Failures are classified by the channel ([`Failure`]): no route → the fallback (console);
//!   permanent → the link is marked broken, the fallback delivers, the admins are told once;
//!   transient → that recipient backs off (1, 2, 4 … 60 s, or what a 429 asks), and a notice
//!   still undelivered after `[delivery] dead_letter_minutes` is given up on its channel:
//!   printed on the console, recorded with its reason, the admins told.
//! - An outage of the whole channel (failures from every recipient, 5 in a row or 2 minutes)
//!   is told to the admins on the console at once (never queued behind the outage), and a
//!   復旧 message follows when sending works again, saying how long it was late.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::notify::{Failure, Notifier, NotifyError, render};
use crate::routing::{Body, Notice};
use crate::rules::MemberId;
use crate::store::{OutboxEntry, Settled, StoreError};

/// The manager's name in logs.
pub const NAME: &str = "engine.delivery";
/// Recipients delivered at once at most (each a thread blocked on its channel).
pub const MAX_WORKERS: usize = 32;
/// Transient failures in a row (from any recipient) after which the channel is "down".
const DOWN_AFTER: u32 = 5;
/// Or this long failing, however few the attempts.
const DOWN_AFTER_TIME: Duration = Duration::from_secs(120);
/// The longest back-off.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Delivers the outbox through `channel`, and through `fallback` where the channel cannot.
pub struct Delivery {
    channel: Arc<dyn Notifier>,
    fallback: Arc<dyn Notifier>,
    state: Mutex<State>,
    /// Held by [`Delivery::update`]: one at a time decides which workers to start.
    claiming: Mutex<()>,
    /// Called when a worker finishes, so the engine looks again (new notices, back-offs over).
    wake: Mutex<Option<Arc<dyn Fn() + Send + Sync>>>,
}

#[derive(Default)]
struct State {
    busy: HashSet<MemberId>,
    backoff: HashMap<MemberId, Backoff>,
    health: Health,
    /// Recipients whose given-up messages the admins were told about, until one gets through:
    /// one alert per recipient and outage, not one per message.
    dead_told: HashSet<MemberId>,
}

struct Backoff {
    until: Instant,
    failures: u32,
}

#[derive(Default)]
struct Health {
    failures: u32,
    failing_since: Option<(Instant, DateTime<Utc>)>,
    /// The start of the outage the admins were told about.
    told: Option<DateTime<Utc>>,
}

impl Delivery {
    /// A delivery manager. With no other channel, pass the console as both.
    pub fn new(channel: Arc<dyn Notifier>, fallback: Arc<dyn Notifier>) -> Arc<Delivery> {
        Arc::new(Delivery {
            channel,
            fallback,
            state: Mutex::default(),
            claiming: Mutex::new(()),
            wake: Mutex::new(None),
        })
    }

    /// Sets what is called when a worker finishes (the engine's trigger).
    pub fn on_idle(&self, wake: Arc<dyn Fn() + Send + Sync>) {
        *self.wake.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(wake);
    }

    /// Whether no recipient is being delivered to right now.
    pub fn idle(&self) -> bool {
        self.lock().busy.is_empty()
    }

    /// Whether a pending notice could be delivered now: its recipient is neither being
    /// delivered to nor backing off (so another cycle would start a worker for it).
    pub fn ready(&self, store: &dyn crate::store::Store) -> bool {
        let Ok(pending) = store.pending_notices() else { return false };
        let state = self.lock();
        pending.iter().any(|e| {
            let to = &e.notice.to;
            !state.busy.contains(to)
                && state.backoff.get(to).is_none_or(|b| Instant::now() >= b.until)
        })
    }

    /// When the earliest back-off ends, if a recipient is backing off.
    pub fn next_retry(&self) -> Option<Instant> {
        self.lock().backoff.values().map(|b| b.until).min()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a worker for each recipient with pending notices that was not being delivered to
    /// when the outbox was read and is not backing off. Returns at once; `done` counts the
    /// workers started.
    ///
    /// # Errors
    /// If the outbox cannot be read.
    pub fn update(self: &Arc<Self>, ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
        let _claiming = self.claiming.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A recipient whose worker runs while the outbox is read is left to the next cycle
        // (the worker's end triggers one): that worker may deliver, settle and finish between
        // the read and the check below, and a new worker started from the stale read would send
        // again what was just delivered: a duplicate with no crash (Telegram; the console skips
        // what it journaled), found by tests/it/kills.rs. A recipient idle before the read has
        // no worker that could settle during it: only this function starts workers, one call
        // at a time.
        let was_busy = self.lock().busy.clone();
        let mut queues: Vec<(MemberId, Vec<OutboxEntry>)> = Vec::new();
        for entry in ctx.store.pending_notices()? {
            match queues.iter_mut().find(|(to, _)| *to == entry.notice.to) {
                Some((_, q)) => q.push(entry),
                None => queues.push((entry.notice.to.clone(), vec![entry])),
            }
        }
        let mut started = 0;
        for (to, queue) in queues {
            {
                let mut state = self.lock();
                if state.busy.len() >= MAX_WORKERS
                    || state.busy.contains(&to)
                    || was_busy.contains(&to)
                {
                    continue;
                }
                if state.backoff.get(&to).is_some_and(|b| Instant::now() < b.until) {
                    continue;
                }
                state.busy.insert(to.clone());
            }
            started += 1;
            let (me, ctx) = (self.clone(), ctx.clone());
            let spawned = std::thread::Builder::new().name(format!("deliver {to}")).spawn({
                let to = to.clone();
                move || {
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        me.work(&ctx, &to, queue, now)
                    }));
                    match result {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            if let Some(left_out) = super::quiet::due(&format!("{NAME}/{to}")) {
                                tracing::error!(manager = NAME, member = %to, left_out, "delivery failed: {e}");
                            }
                        }
                        Err(_) => {
                            tracing::error!(manager = NAME, member = %to, "delivery panicked");
                        }
                    }
                    me.lock().busy.remove(&to);
                    let wake = me.wake.lock().ok().and_then(|w| w.clone());
                    if let Some(wake) = wake {
                        wake();
                    }
                }
            });
            if let Err(e) = spawned {
                self.lock().busy.remove(&to);
                tracing::error!(manager = NAME, member = %to, "cannot start a delivery worker: {e}");
            }
        }
        Ok(Outcome { done: started, failed: 0 })
    }

    /// Delivers `queue` (one recipient's pending notices, in order) until one fails for now.
    fn work(
        &self,
        ctx: &Ctx,
        to: &MemberId,
        queue: Vec<OutboxEntry>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let dead_after = chrono::Duration::minutes(ctx.rules.delivery.dead_letter_minutes.into());
        for entry in queue {
            let Some(text) = render(&ctx.rules, &*ctx.store, &entry)? else {
                ctx.store.settle(entry.seq, now, &Settled::Dead("no such call".into()))?;
                continue;
            };
            let notice = &entry.notice;
            let err = match self.channel.deliver(notice, &text) {
                Ok(delivered) => {
                    self.break_links(ctx, to, &delivered.broken, now)?;
                    ctx.store.settle(entry.seq, now, &Settled::Sent)?;
                    self.delivered(ctx, to, now)?;
                    continue;
                }
                Err(e) => e,
            };
            self.break_links(ctx, to, &err.broken, now)?;
            match &err.failure {
                Failure::NoRoute => {
                    if let Err(e) = self.fallback.deliver(notice, &text) {
                        return self.retry_later(to, &e);
                    }
                    ctx.store.settle(entry.seq, now, &Settled::Sent)?;
                }
                Failure::Permanent => {
                    self.channel_answered();
                    if let Err(e) = self.fallback.deliver(notice, &text) {
                        return self.retry_later(to, &e);
                    }
                    ctx.store.settle(entry.seq, now, &Settled::Fallback(err.why.clone()))?;
                }
                Failure::Transient { .. } => {
                    self.channel_failed(ctx, now, &err);
                    if now - entry.created_at < dead_after || is_delivery_alert(&notice.body) {
                        return self.retry_later(to, &err);
                    }
                    self.dead_letter(ctx, &entry, &text, &err, now)?;
                }
            }
        }
        Ok(())
    }

    /// Marks the devices the channel says are gone as broken, and tells the admins once per
    /// device.
    fn break_links(
        &self,
        ctx: &Ctx,
        to: &MemberId,
        broken: &[(i64, String)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        for (chat, why) in broken {
            if !ctx.store.mark_link_broken(to.as_str(), *chat, now, why)? {
                continue;
            }
            tracing::warn!(manager = NAME, member = %to, chat, "link broken: {why}");
            let alerts = admins(ctx, |admin| Notice {
                key: format!("link_broken/{to}/{chat}/{admin}"),
                to: admin.clone(),
                body: Body::LinkBroken { member: to.clone(), why: why.clone() },
            });
            ctx.store.enqueue(&alerts, now)?;
        }
        Ok(())
    }

    /// Gives `entry` up on its channel: printed on the console, settled dead, the admins told.
    fn dead_letter(
        &self,
        ctx: &Ctx,
        entry: &OutboxEntry,
        text: &str,
        err: &NotifyError,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let to = &entry.notice.to;
        tracing::error!(manager = NAME, member = %to, seq = entry.seq, "dead-lettered: {}", err.why);
        let _ = self.fallback.deliver(&entry.notice, text);
        ctx.store.settle(entry.seq, now, &Settled::Dead(err.why.clone()))?;
        if !self.lock().dead_told.insert(to.clone()) {
            return Ok(());
        }
        let alerts = admins(ctx, |admin| Notice {
            key: format!("dead_letter/{}/{admin}", entry.seq),
            to: admin.clone(),
            body: Body::DeadLetter {
                member: to.clone(),
                what: entry.notice.body.tag().to_string(),
                since: entry.created_at,
                why: err.why.clone(),
            },
        });
        ctx.store.enqueue(&alerts, now)?;
        Ok(())
    }

    fn retry_later(&self, to: &MemberId, err: &NotifyError) -> Result<(), StoreError> {
        let mut state = self.lock();
        let failures = state.backoff.get(to).map_or(0, |b| b.failures) + 1;
        let wait = match err.failure {
            Failure::Transient { retry_after: Some(d) } => d,
            _ => Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF),
        };
        tracing::warn!(manager = NAME, member = %to, "delivery failed, retrying in {} s: {}", wait.as_secs(), err.why);
        state.backoff.insert(to.clone(), Backoff { until: Instant::now() + wait, failures });
        Ok(())
    }

    /// The channel delivered to `to`: its back-off ends, and an outage the admins were told
    /// about is over (they get a 復旧 message).
    fn delivered(&self, ctx: &Ctx, to: &MemberId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let told = {
            let mut state = self.lock();
            state.backoff.remove(to);
            state.dead_told.remove(to);
            let told = state.health.told.take();
            state.health.failures = 0;
            state.health.failing_since = None;
            told
        };
        if let Some(since) = told {
            tracing::info!(manager = NAME, "the channel works again (failing since {since})");
            let notices = admins(ctx, |admin| Notice {
                key: format!("channel_up/{}/{admin}", since.to_rfc3339()),
                to: admin.clone(),
                body: Body::ChannelUp { since, until: now },
            });
            ctx.store.enqueue(&notices, now)?;
        }
        Ok(())
    }

    /// The channel answered (even with a refusal): it is not down.
    fn channel_answered(&self) {
        let mut state = self.lock();
        state.health.failures = 0;
        state.health.failing_since = None;
    }

    /// A transient failure: after [`DOWN_AFTER`] in a row or [`DOWN_AFTER_TIME`] of failing,
    /// the admins are told once, on the console at once.
    fn channel_failed(&self, ctx: &Ctx, now: DateTime<Utc>, err: &NotifyError) {
        let (since, failures) = {
            let mut state = self.lock();
            let h = &mut state.health;
            h.failures += 1;
            let (began, since) = *h.failing_since.get_or_insert((Instant::now(), now));
            let down = h.failures >= DOWN_AFTER || began.elapsed() >= DOWN_AFTER_TIME;
            if !down || h.told.is_some() {
                return;
            }
            h.told = Some(since);
            (since, h.failures)
        };
        tracing::error!(
            manager = NAME,
            "ADMIN ALERT: sending has been failing since {since} ({failures} attempts; last: {}); messages are kept and retried",
            err.why
        );
        // On the console now: a queued alert would wait behind the outage it reports.
        for notice in admins(ctx, |admin| Notice {
            key: format!("channel_down/{}/{admin}", since.to_rfc3339()),
            to: admin.clone(),
            body: Body::ChannelDown { since, failures },
        }) {
            if let Ok(text) = crate::notify::duty::render(&ctx.rules, &*ctx.store, &notice.body) {
                let _ = self.fallback.deliver(&notice, &text);
            }
        }
    }
}

/// Alerts about delivery itself are never dead-lettered (that would alert about the alert).
fn is_delivery_alert(body: &Body) -> bool {
    matches!(
        body,
        Body::DeadLetter { .. }
            | Body::LinkBroken { .. }
            | Body::ChannelUp { .. }
            | Body::ChannelDown { .. }
    )
}

fn admins(ctx: &Ctx, notice: impl Fn(&MemberId) -> Notice) -> Vec<Notice> {
    ctx.rules.admins.iter().map(|a| notice(&a.id)).collect()
}
