//! The delivery manager: the outbox, per recipient and device.
//!
//! Key decisions:
//! - Each notice takes the routes its notifier gives ([`Notifier::routes`]): every working
//!   device (chat) of the member, or the fallback when none works (issue 19). Order is kept per
//!   recipient and route, and each is delivered by its own worker (one at a time per recipient
//!   and route, up to [`MAX_WORKERS`] at once), so a device that hangs, fails or backs off never
//!   delays another device of the same member, nor anyone else.
//! - How each route of a notice ended is kept in the store ([`RouteMark`]) when a notice takes
//!   more than one, so a restart resends nothing a device already got; the notice leaves the
//!   outbox when every route has ended: sent if a device got it, else the fallback delivers it
//!   (refused everywhere) or it is dead-lettered (given up everywhere).
//! - Failures are classified by the channel ([`Failure`]): no route → the fallback (console);
//!   permanent → the link is marked broken, the fallback delivers, the admins are told once;
//!   transient → that recipient backs off (1, 2, 4 … 60 s, or what a 429 asks), and a notice
//!   still undelivered after `[delivery] dead_letter_minutes` is given up on its channel:
//!   printed on the console, recorded with its reason, the admins told. A webhook given up on
//!   is told to the admins too (once until it accepts again), even when a chat got the notice:
//!   else nobody would learn that the phone gateway never rang.
//! - An outage of the whole channel (failures from every recipient, 5 in a row or 2 minutes)
//!   is told to the admins on the console at once (never queued behind the outage), and a
//!   復旧 message follows when sending works again, saying how long it was late.
//! - With several `serve` on one database (issue 21), a worker asks its [`Delivery::fence`]
//!   before each send whether this process still leads, and stops if not: a deposed leader
//!   sends at most what it had begun to send; the new leader delivers the rest, in order.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::notify::{Failure, Notifier, NotifyError, Route, render};
use crate::routing::{Body, Notice};
use crate::rules::MemberId;
use crate::store::{
    OutboxEntry, RouteMark, Settled, Store, StoreError, WebhookDue, WebhookTrouble,
};

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
    /// Held while a notice's routes are checked and it is settled: two devices finishing at
    /// once settle it once.
    finishing: Mutex<()>,
    /// Called when a worker finishes, so the engine looks again (new notices, back-offs over).
    wake: Mutex<Option<Arc<dyn Fn() + Send + Sync>>>,
    /// Asked before each send: whether this process still leads (none: always).
    fence: Mutex<Option<Fence>>,
}

/// Whether this process may send now (it leads its association); may block for a round trip.
pub type Fence = Arc<dyn Fn() -> bool + Send + Sync>;

/// A recipient and one of their routes: the unit of order, workers and back-off.
type Unit = (MemberId, Route);

/// One pending notice in a unit's queue, and whether it takes that route alone (then its end
/// is not recorded per route: it settles the notice at once).
type Queued = (OutboxEntry, bool);

/// The work a cycle finds: each unit's queue in order, and the notices whose every route has
/// ended (settled at once; a crash came between the last route and the settling).
#[derive(Default)]
struct Plan {
    queues: Vec<(Unit, Vec<Queued>)>,
    ended: Vec<OutboxEntry>,
}

#[derive(Default)]
struct State {
    busy: HashSet<Unit>,
    backoff: HashMap<Unit, Backoff>,
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
            finishing: Mutex::new(()),
            wake: Mutex::new(None),
            fence: Mutex::new(None),
        })
    }

    /// Sets what each worker asks before each send (several instances: "do I still lead?").
    pub fn fence(&self, fence: Fence) {
        *self.fence.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fence);
    }

    /// Whether the fence lets this process send now.
    fn may_send(&self) -> bool {
        let fence = self.fence.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        fence.is_none_or(|f| f())
    }

    /// Sets what is called when a worker finishes (the engine's trigger).
    pub fn on_idle(&self, wake: Arc<dyn Fn() + Send + Sync>) {
        *self.wake.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(wake);
    }

    /// Whether no recipient is being delivered to right now.
    pub fn idle(&self) -> bool {
        self.lock().busy.is_empty()
    }

    /// Whether a pending notice could be delivered now: its recipient and route is neither
    /// being delivered to nor backing off (so another cycle would start a worker for it), or
    /// every route of it has ended (another cycle settles it).
    pub fn ready(&self, store: &dyn Store) -> bool {
        let Ok(plan) = self.plan(store) else { return false };
        let state = self.lock();
        !plan.ended.is_empty()
            || plan.queues.iter().any(|(unit, _)| {
                !state.busy.contains(unit)
                    && state.backoff.get(unit).is_none_or(|b| Instant::now() >= b.until)
            })
    }

    /// When the earliest back-off ends, if a recipient is backing off.
    pub fn next_retry(&self) -> Option<Instant> {
        self.lock().backoff.values().map(|b| b.until).min()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Each pending notice's routes that have not ended, as queues per recipient and route.
    fn plan(&self, store: &dyn Store) -> Result<Plan, StoreError> {
        let mut plan = Plan::default();
        for entry in store.pending_notices()? {
            let routes = match self.channel.routes(&entry.notice) {
                Ok(routes) => routes,
                Err(e) => {
                    tracing::warn!(
                        manager = NAME,
                        seq = entry.seq.get(),
                        "routes unknown for now: {e}"
                    );
                    continue;
                }
            };
            let marks = store.route_marks(entry.seq)?;
            // One route and nothing recorded: its end settles the notice at once.
            let alone = routes.len() == 1 && marks.is_empty();
            let open: Vec<Route> = routes
                .into_iter()
                .filter(|r| !marks.iter().any(|(m, _)| *m == r.to_string()))
                .collect();
            if open.is_empty() {
                plan.ended.push(entry);
                continue;
            }
            for route in open {
                let unit = (entry.notice.to.clone(), route);
                let queued = (entry.clone(), alone);
                match plan.queues.iter_mut().find(|(u, _)| *u == unit) {
                    Some((_, q)) => q.push(queued),
                    None => plan.queues.push((unit, vec![queued])),
                }
            }
        }
        Ok(plan)
    }

    /// Starts a worker for each recipient and route with pending notices that was not being
    /// delivered to when the outbox was read and is not backing off. Returns at once; `done`
    /// counts the workers started.
    ///
    /// # Errors
    /// If the outbox cannot be read.
    pub fn update(self: &Arc<Self>, ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
        let _claiming = self.claiming.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A unit whose worker runs while the outbox is read is left to the next cycle (the
        // worker's end triggers one): that worker may deliver, settle and finish between the
        // read and the check below, and a new worker started from the stale read would send
        // again what was just delivered: a duplicate with no crash (Telegram; the console skips
        // what it journaled), found by tests/it/kills.rs. A unit idle before the read has no
        // worker that could settle during it: only this function starts workers, one call at
        // a time.
        let was_busy = self.lock().busy.clone();
        self.schedule_webhooks(ctx)?;
        let plan = self.plan(&*ctx.store)?;
        let mut failed = 0;
        for entry in plan.ended {
            let settled = render(&ctx.rules, &*ctx.store, &entry).and_then(|text| {
                let marks = ctx.store.route_marks(entry.seq)?;
                let _finishing = self.finishing.lock().unwrap_or_else(|e| e.into_inner());
                self.settle_by(ctx, &entry, text.as_deref().unwrap_or(""), &marks, now)
            });
            if let Err(e) = settled {
                failed += 1;
                tracing::error!(manager = NAME, seq = entry.seq.get(), "cannot settle: {e}");
            }
        }
        let mut started = 0;
        for (unit, queue) in plan.queues {
            {
                let mut state = self.lock();
                if state.busy.len() >= MAX_WORKERS
                    || state.busy.contains(&unit)
                    || was_busy.contains(&unit)
                {
                    continue;
                }
                if state.backoff.get(&unit).is_some_and(|b| Instant::now() < b.until) {
                    continue;
                }
                state.busy.insert(unit.clone());
            }
            started += 1;
            let (me, ctx) = (self.clone(), ctx.clone());
            let (to, route) = unit.clone();
            let spawned = std::thread::Builder::new().name(format!("deliver {to} {route}")).spawn({
                let unit = unit.clone();
                move || {
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        me.work(&ctx, &unit, queue, now)
                    }));
                    match result {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            let quiet = format!("{NAME}/{to}/{route}");
                            if let Some(left_out) = super::quiet::due(&quiet) {
                                tracing::error!(manager = NAME, member = %to, %route, left_out, "delivery failed: {e}");
                            }
                        }
                        Err(_) => {
                            tracing::error!(manager = NAME, member = %to, %route, "delivery panicked");
                        }
                    }
                    me.lock().busy.remove(&unit);
                    let wake = me.wake.lock().ok().and_then(|w| w.clone());
                    if let Some(wake) = wake {
                        wake();
                    }
                }
            });
            if let Err(e) = spawned {
                self.lock().busy.remove(&unit);
                tracing::error!(manager = NAME, member = %unit.0, "cannot start a delivery worker: {e}");
            }
        }
        Ok(Outcome { done: started, failed })
    }

    /// Delivers `queue` (one recipient's pending notices on one route, in order) until one
    /// fails for now.
    fn work(
        &self,
        ctx: &Ctx,
        unit: &Unit,
        queue: Vec<Queued>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (to, route) = unit;
        let dead_after = chrono::Duration::minutes(ctx.rules.delivery.dead_letter_minutes.into());
        for (entry, alone) in queue {
            let Some(text) = render(&ctx.rules, &*ctx.store, &entry)? else {
                ctx.store.settle(entry.seq, now, &Settled::Dead("no such call".into()))?;
                continue;
            };
            let notice = &entry.notice;
            if !self.may_send() {
                tracing::warn!(manager = NAME, member = %to, %route, seq = entry.seq.get(), "this instance no longer leads: its worker stops; the leader delivers the rest");
                return Ok(());
            }
            let mark = if *route == Route::Fallback {
                if let Err(e) = self.fallback.deliver(notice, &text) {
                    return self.retry_later(unit, &e);
                }
                RouteMark::Sent
            } else {
                match self.channel.deliver_via(route, notice, &text) {
                    Ok(delivered) => {
                        self.break_links(ctx, to, &delivered.broken, now)?;
                        self.delivered(ctx, unit, now)?;
                        RouteMark::Sent
                    }
                    Err(err) => {
                        self.break_links(ctx, to, &err.broken, now)?;
                        match &err.failure {
                            Failure::NoRoute => {
                                if let Err(e) = self.fallback.deliver(notice, &text) {
                                    return self.retry_later(unit, &e);
                                }
                                RouteMark::Sent
                            }
                            Failure::Permanent => {
                                self.channel_answered();
                                if let Route::Webhook(id) = route {
                                    let refused = (id.as_str(), WebhookTrouble::Refused);
                                    self.webhook_trouble(ctx, refused, &entry, &err, now)?;
                                }
                                RouteMark::Refused(err.why.clone())
                            }
                            Failure::Transient { .. } => {
                                self.channel_failed(ctx, now, &err);
                                if now - entry.created_at < dead_after
                                    || is_delivery_alert(&notice.body)
                                {
                                    return self.retry_later(unit, &err);
                                }
                                tracing::warn!(manager = NAME, member = %to, %route, seq = entry.seq.get(), "given up on this route: {}", err.why);
                                if let Route::Webhook(id) = route {
                                    let given_up = (id.as_str(), WebhookTrouble::GivenUp);
                                    self.webhook_trouble(ctx, given_up, &entry, &err, now)?;
                                }
                                RouteMark::Dead(err.why.clone())
                            }
                        }
                    }
                }
            };
            if let Err(e) = self.finish(ctx, &entry, &text, (route, mark), alone, now)? {
                return self.retry_later(unit, &e);
            }
        }
        Ok(())
    }

    /// Writes the deadline of each delayed webhook a pending notice asks for (once: the store
    /// keeps it until it fires or is dropped).
    fn schedule_webhooks(&self, ctx: &Ctx) -> Result<(), StoreError> {
        for entry in ctx.store.pending_notices()? {
            let notice = &entry.notice;
            if crate::notify::route::webhook_only(&notice.key).is_some() {
                continue;
            }
            for (id, minutes) in self.channel.delayed(notice) {
                let key = format!("{}{id}:{}", crate::notify::route::WEBHOOK_ONLY, notice.key);
                if ctx.store.queued(&key)? {
                    continue;
                }
                let due = WebhookDue {
                    at: entry.created_at + chrono::Duration::minutes(minutes.into()),
                    webhook: id,
                    notice: Notice { key, to: notice.to.clone(), body: notice.body.clone() },
                };
                ctx.store.add_webhook_due(&due)?;
            }
        }
        Ok(())
    }

    /// Records how `route` of `entry` ended and, once every route of it has, settles it.
    /// `Ok(Err(_))`: the fallback it needed failed (retry later).
    fn finish(
        &self,
        ctx: &Ctx,
        entry: &OutboxEntry,
        text: &str,
        (route, mark): (&Route, RouteMark),
        alone: bool,
        now: DateTime<Utc>,
    ) -> Result<Result<(), NotifyError>, StoreError> {
        let _finishing = self.finishing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let marks = if alone {
            vec![(route.to_string(), mark)]
        } else {
            ctx.store.mark_route(entry.seq, &route.to_string(), &mark)?;
            let marks = ctx.store.route_marks(entry.seq)?;
            // The routes now: a device that broke meanwhile is no longer one (and if it was the
            // last, the fallback is).
            let Ok(routes) = self.channel.routes(&entry.notice) else { return Ok(Ok(())) };
            if routes.iter().any(|r| !marks.iter().any(|(m, _)| *m == r.to_string())) {
                return Ok(Ok(()));
            }
            marks
        };
        self.settle_by(ctx, entry, text, &marks, now)
    }

    /// Settles `entry` whose every route has ended as `marks` say: sent if a device got it;
    /// refused everywhere: the fallback delivers it; given up: dead-lettered.
    fn settle_by(
        &self,
        ctx: &Ctx,
        entry: &OutboxEntry,
        text: &str,
        marks: &[(String, RouteMark)],
        now: DateTime<Utc>,
    ) -> Result<Result<(), NotifyError>, StoreError> {
        let fallback = Route::Fallback.to_string();
        let on_device = marks.iter().any(|(r, m)| *m == RouteMark::Sent && *r != fallback);
        let by_fallback = marks.iter().any(|(r, m)| *m == RouteMark::Sent && *r == fallback);
        let refused = marks.iter().find_map(|(_, m)| match m {
            RouteMark::Refused(why) => Some(why.clone()),
            _ => None,
        });
        let dead = marks.iter().find_map(|(_, m)| match m {
            RouteMark::Dead(why) => Some(why.clone()),
            _ => None,
        });
        if on_device || (by_fallback && refused.is_none()) || marks.is_empty() {
            ctx.store.settle(entry.seq, now, &Settled::Sent)?;
        } else if by_fallback {
            ctx.store.settle(entry.seq, now, &Settled::Fallback(refused.unwrap_or_default()))?;
        } else if let Some(why) = dead {
            self.dead_letter(ctx, entry, text, &why, now)?;
        } else {
            if let Err(e) = self.fallback.deliver(&entry.notice, text) {
                return Ok(Err(e));
            }
            ctx.store.settle(entry.seq, now, &Settled::Fallback(refused.unwrap_or_default()))?;
        }
        Ok(Ok(()))
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
        let desk = crate::desk::Desk { rules: &ctx.rules, store: &*ctx.store };
        for (chat, why) in broken {
            if desk.break_link(to, *chat, why, now)? {
                tracing::warn!(manager = NAME, member = %to, chat, "link broken: {why}");
            }
        }
        Ok(())
    }

    /// Gives `entry` up on its channel: printed on the console, settled dead, the admins told.
    fn dead_letter(
        &self,
        ctx: &Ctx,
        entry: &OutboxEntry,
        text: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let to = &entry.notice.to;
        tracing::error!(manager = NAME, member = %to, seq = entry.seq.get(), "dead-lettered: {why}");
        let _ = self.fallback.deliver(&entry.notice, text);
        ctx.store.settle(entry.seq, now, &Settled::Dead(why.to_string()))?;
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
                why: why.to_string(),
            },
        });
        ctx.store.enqueue(&alerts, now)?;
        Ok(())
    }

    /// A webhook refused a notice for good (a 4xx other than 429), or a notice was given up on
    /// it after `dead_letter_minutes` of failures: the gateway never got it, though the
    /// member's chat may have (then the notice settles as sent, and nothing else would say that
    /// no phone rang). Logged, and the admins told once per episode of each trouble, as for a
    /// blocked chat. The episode is kept in the store (until the webhook accepts a notice
    /// again), so a restart does not tell them again; the mark is written after the alert is
    /// queued, so a crash in between tells them (once more) rather than never (the alert's key
    /// is the notice's: queued once).
    fn webhook_trouble(
        &self,
        ctx: &Ctx,
        (id, trouble): (&str, WebhookTrouble),
        entry: &OutboxEntry,
        err: &NotifyError,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let why = &err.why;
        let seq = entry.seq.get();
        tracing::error!(manager = NAME, webhook = id, seq, "webhook {trouble:?}: {why}");
        if ctx.store.webhook_trouble_told(id, trouble)? {
            return Ok(());
        }
        let (webhook, member) = (id.to_string(), entry.notice.to.clone());
        let (what, status, why) = (entry.notice.body.tag().to_string(), err.status, why.clone());
        let (tag, body) = match trouble {
            WebhookTrouble::Refused => {
                ("webhook_refused", Body::WebhookRefused { webhook, member, what, status, why })
            }
            WebhookTrouble::GivenUp => {
                let minutes = ctx.rules.delivery.dead_letter_minutes;
                let body = Body::WebhookGivenUp { webhook, member, what, minutes, status, why };
                ("webhook_given_up", body)
            }
        };
        let alerts = admins(ctx, |admin| Notice {
            key: format!("{tag}/{id}/{seq}/{admin}"),
            to: admin.clone(),
            body: body.clone(),
        });
        ctx.store.enqueue(&alerts, now)?;
        ctx.store.mark_webhook_trouble_told(id, trouble, now)?;
        Ok(())
    }

    fn retry_later(&self, unit: &Unit, err: &NotifyError) -> Result<(), StoreError> {
        let mut state = self.lock();
        let failures = state.backoff.get(unit).map_or(0, |b| b.failures) + 1;
        let wait = match err.failure {
            Failure::Transient { retry_after: Some(d) } => d,
            _ => Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF),
        };
        tracing::warn!(manager = NAME, member = %unit.0, route = %unit.1, "delivery failed, retrying in {} s: {}", wait.as_secs(), err.why);
        state.backoff.insert(unit.clone(), Backoff { until: Instant::now() + wait, failures });
        Ok(())
    }

    /// The channel delivered to `unit`: its back-off ends, and an outage the admins were told
    /// about is over (they get a 復旧 message).
    fn delivered(&self, ctx: &Ctx, unit: &Unit, now: DateTime<Utc>) -> Result<(), StoreError> {
        let told = {
            let mut state = self.lock();
            state.backoff.remove(unit);
            state.dead_told.remove(&unit.0);
            let told = state.health.told.take();
            state.health.failures = 0;
            state.health.failing_since = None;
            told
        };
        // A webhook that accepts again ends its episodes of trouble: the next is told again.
        if let Route::Webhook(id) = &unit.1
            && ctx.store.end_webhook_trouble(id)?
        {
            tracing::info!(manager = NAME, webhook = id.as_str(), "the webhook accepts again");
        }
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
            | Body::WebhookRefused { .. }
            | Body::WebhookGivenUp { .. }
            | Body::LinkBroken { .. }
            | Body::ChannelUp { .. }
            | Body::ChannelDown { .. }
    )
}

fn admins(ctx: &Ctx, notice: impl Fn(&MemberId) -> Notice) -> Vec<Notice> {
    ctx.rules.admins.iter().map(|a| notice(&a.id)).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use chrono::TimeZone;

    use super::*;
    use crate::notify::Delivered;

    #[derive(Default)]
    struct Recorded(Mutex<Vec<String>>);

    impl Notifier for Recorded {
        fn deliver(&self, notice: &Notice, _: &str) -> Result<Delivered, NotifyError> {
            self.0.lock().unwrap().push(notice.key.clone());
            Ok(Delivered::default())
        }
    }

    fn drained(delivery: &Arc<Delivery>, ctx: &Ctx, now: DateTime<Utc>) {
        delivery.update(ctx, now).unwrap();
        let limit = Instant::now() + Duration::from_secs(10);
        while !delivery.idle() {
            assert!(Instant::now() < limit, "the workers did not finish");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_worker_stops_before_the_first_send_its_process_no_longer_leads_for() {
        let rules = Arc::new(crate::plan::testing::sosa());
        let store: Arc<dyn Store> = Arc::new(crate::store::TreeStore::temporary().unwrap());
        let now = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
        let to = rules.admins[0].id.clone();
        let notices: Vec<Notice> = (0..5)
            .map(|i| Notice {
                key: format!("n{i}"),
                to: to.clone(),
                body: Body::ChannelUp { since: now, until: now },
            })
            .collect();
        store.enqueue(&notices, now).unwrap();
        let sent = Arc::new(Recorded::default());
        let delivery = Delivery::new(sent.clone(), sent.clone());
        // Leads for two sends, then is deposed.
        let left = Arc::new(AtomicU32::new(2));
        delivery.fence(Arc::new(move || {
            left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
        }));
        let ctx = Ctx { rules, store: store.clone() };
        drained(&delivery, &ctx, now);
        assert_eq!(*sent.0.lock().unwrap(), ["n0", "n1"]);
        assert_eq!(store.pending_notices().unwrap().len(), 3, "the rest wait in the outbox");
        // Leading again (as a new leader would): the rest, in order, none twice.
        delivery.fence(Arc::new(|| true));
        drained(&delivery, &ctx, now);
        assert_eq!(*sent.0.lock().unwrap(), ["n0", "n1", "n2", "n3", "n4"]);
        assert!(store.pending_notices().unwrap().is_empty());
    }
}
