//! A list of callbacks to run when something changes: how the DOM UI and the Leptos
//! wrappers learn of a new consent decision or a UI change, without a reactive runtime
//! in the script-tag bundle.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Identifies one callback, to remove it again (a view that unmounts).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WatchId(u32);

type Callback = Rc<dyn Fn()>;

#[derive(Default)]
pub struct Watchers {
    next: Cell<u32>,
    list: RefCell<Vec<(WatchId, Callback)>>,
}

impl Watchers {
    pub fn add(&self, callback: impl Fn() + 'static) -> WatchId {
        let id = WatchId(self.next.get());
        self.next.set(self.next.get().wrapping_add(1));
        self.list.borrow_mut().push((id, Rc::new(callback)));
        id
    }

    pub fn remove(&self, id: WatchId) {
        self.list.borrow_mut().retain(|(each, _)| *each != id);
    }

    /// Runs every callback. A callback may add or remove watchers (the list is copied
    /// first), so a view can unmount another in response.
    pub fn notify(&self) {
        let callbacks: Vec<Callback> = self.list.borrow().iter().map(|(_, f)| f.clone()).collect();
        for callback in callbacks {
            callback();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_watcher_runs_until_removed() {
        let watchers = Watchers::default();
        let count = Rc::new(Cell::new(0));
        let (a, b) = (count.clone(), count.clone());
        let first = watchers.add(move || a.set(a.get() + 1));
        watchers.add(move || b.set(b.get() + 10));
        watchers.notify();
        assert_eq!(count.get(), 11);
        watchers.remove(first);
        watchers.notify();
        assert_eq!(count.get(), 21);
    }

    #[test]
    fn a_watcher_may_remove_itself_while_notified() {
        let watchers = Rc::new(Watchers::default());
        let runs = Rc::new(Cell::new(0));
        let id = Rc::new(Cell::new(None));
        let (w, r, i) = (watchers.clone(), runs.clone(), id.clone());
        id.set(Some(watchers.add(move || {
            r.set(r.get() + 1);
            if let Some(me) = i.get() {
                w.remove(me);
            }
        })));
        watchers.notify();
        watchers.notify();
        assert_eq!(runs.get(), 1);
    }
}
