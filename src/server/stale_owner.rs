//! Every request starts with no reactive owner left over from an earlier one.
//!
//! The reactive runtime keeps the current owner in a thread-local and restores it when
//! a scope ends normally, but not when a panic unwinds through the scope (seen with
//! leptos 0.8 / reactive_graph 0.2.16: a panicking effect in a render task). The worker
//! thread then keeps a finished request's owner as "current", and the next request that
//! runs on that thread files its own owner (and its page's shared context) under the
//! stale one, which keeps growing. Between two polls of a request no owner is current
//! by design, so clearing one found there is always safe.

use std::future::Future;

use leptos::prelude::Owner;

/// Runs `request` with any stale reactive owner cleared before each poll.
pub async fn without_stale_owner<F: Future>(request: F) -> F::Output {
    let mut request = std::pin::pin!(request);
    std::future::poll_fn(move |cx| {
        clear_stale_owner();
        request.as_mut().poll(cx)
    })
    .await
}

/// Unsets the thread's current owner, if there is one, and says so in the log.
fn clear_stale_owner() {
    if let Some(stale) = Owner::current() {
        tracing::warn!("a reactive owner was left current on this thread; cleared it");
        stale.unset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_owner_left_current_is_cleared_before_the_request_runs() {
        let leftover = Owner::new();
        leftover.set();
        assert!(Owner::current().is_some());
        let seen = without_stale_owner(async { Owner::current().is_some() }).await;
        assert!(!seen, "the request saw the leftover owner");
        drop(leftover);
    }
}
