//! The signal the background workers (mail, jobs) watch to stop cleanly: they check it
//! between jobs and while they wait, never in the middle of one, so a stop never leaves
//! an email sent but not recorded. A leaf: it imports nothing of the crate.

use tokio::sync::watch;

/// Held by whoever stops the workers (`startup::Application`).
#[derive(Debug)]
pub struct Trigger(watch::Sender<bool>);

/// Held by each worker.
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

pub fn channel() -> (Trigger, Stop) {
    let (tx, rx) = watch::channel(false);
    (Trigger(tx), Stop(rx))
}

impl Trigger {
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stop {
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Waits for the stop, or at most `wait`; true when stopped.
    pub async fn wait(&self, wait: std::time::Duration) -> bool {
        let mut rx = self.0.clone();
        let stopped = async move {
            // An error means the trigger is gone: nobody can stop us any more, so wait on.
            if rx.wait_for(|s| *s).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        actix_web::rt::time::timeout(wait, stopped).await.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_worker_waiting_hears_the_stop_at_once() {
        let (trigger, stop) = channel();
        assert!(!stop.is_stopped());
        assert!(!stop.wait(std::time::Duration::from_millis(10)).await);
        let started = std::time::Instant::now();
        let waiter = {
            let stop = stop.clone();
            actix_web::rt::spawn(async move { stop.wait(std::time::Duration::from_secs(30)).await })
        };
        trigger.stop();
        assert!(waiter.await.unwrap());
        assert!(stop.is_stopped());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
