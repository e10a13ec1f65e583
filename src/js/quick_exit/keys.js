// Quick exit, step 4: watch the exit keys. Owns Escape and the three-Shifts count, in a
// window and in the same-origin frames inside it that have no quick exit of their own,
// and keeps a frame from taking the keys away without the visitor's say. Must never
// act on a key the visitor did not press for the exit (Shift with another key, a
// capital letter, does not count) or let the page see the Escape that leaves.

export const SHIFT_PRESSES = 3;
export const SHIFT_WINDOW_MS = 5000;
const STARTED = Symbol.for("pcc-consent.quick-exit");

/**
 * Counts lone Shift presses: `press()` for each one, `spoil()` for any other key.
 * Calls `onCount(left)` after a press that does not finish, `onExpire()` when the
 * window passes, `onDone()` on the third press within `windowMs`.
 */
export function shiftCounter({ presses: needed = SHIFT_PRESSES, windowMs = SHIFT_WINDOW_MS, now = Date.now,
  setTimer = setTimeout, clearTimer = clearTimeout, onCount = () => {}, onExpire = () => {}, onDone = () => {} } = {}) {
  let presses = 0;
  let firstAt = 0;
  let expiry = 0;
  return {
    press() {
      const t = now();
      if (!presses || t - firstAt > windowMs) {
        presses = 0;
        firstAt = t;
      }
      presses += 1;
      clearTimer(expiry);
      if (presses >= needed) {
        presses = 0;
        onDone();
        return true;
      }
      onCount(needed - presses);
      expiry = setTimer(() => {
        presses = 0;
        onExpire();
      }, windowMs - (t - firstAt));
      return false;
    },
    /** Another key: the count starts again. True if there was a count to reset. */
    spoil() {
      if (!presses) return false;
      presses = 0;
      clearTimer(expiry);
      return true;
    },
  };
}

const isEscape = (event) => event.key === "Escape" || event.key === "Esc";
/** Window -> when Tab was last pressed in it (watchFrames: focus the visitor moved). */
const tabTimes = new WeakMap();

/**
 * Listens for the exit keys in `win` (capture, on window: before the page's handlers,
 * in text fields too, with or without modifiers, with a dialog open). `leave()` leaves;
 * `leaving()` says it has started (every key is swallowed then; the exit keys try again);
 * `announce(text)` tells screen readers how many Shifts are left.
 */
export function watchKeys(win, { escape, shift, texts, leave, leaving, announce = () => {} }) {
  const counter = shiftCounter({
    onCount: (left) => announce(texts.more(left)),
    onExpire: () => announce(texts.expired),
    onDone: leave,
  });
  let shiftDown = false;
  let shiftSpoiled = false;
  const swallow = (event) => {
    event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
  };
  win.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Tab") tabTimes.set(win, win.performance.now());
      if (escape && isEscape(event)) {
        // The page never sees the Escape that leaves (it might call history.back()).
        swallow(event);
        leave();
        return;
      }
      if (leaving()) swallow(event);
      if (!shift) return;
      if (event.key === "Shift") {
        if (!event.repeat) {
          shiftDown = true;
          shiftSpoiled = false;
        }
        return;
      }
      // Shift used with another key (a capital letter) does not count, and any other
      // key starts the count again.
      if (shiftDown) shiftSpoiled = true;
      if (counter.spoil()) announce("");
    },
    true,
  );
  win.addEventListener(
    "keyup",
    (event) => {
      if (leaving()) swallow(event);
      if (!shift || event.key !== "Shift") return;
      const counts = shiftDown && !shiftSpoiled;
      shiftDown = false;
      if (counts && counter.press()) event.stopImmediatePropagation();
    },
    true,
  );
}

/** Whether `frame` is same-origin (its document can be read). */
function sameOrigin(frame) {
  try {
    return !!frame.contentWindow && !!frame.contentWindow.document;
  } catch (_) {
    return false;
  }
}

/**
 * Keeps the exit keys working whichever part of the tab has focus. When focus moves into
 * a frame of `win`: a same-origin frame without its own quick exit gets our key
 * listeners (and the same care for its own frames); a cross-origin frame, whose keys we
 * cannot hear, may keep focus only when the visitor put it there (a click or tap, or
 * Tab): one that took it by itself (an ad focusing its input on load) gives it back.
 */
export function watchFrames(win, keys) {
  const watched = new WeakSet();
  let lastFocus = null;
  win.addEventListener("focusin", (event) => {
    if (event.target !== win.document.activeElement || event.target.localName !== "iframe") lastFocus = event.target;
    // A same-origin frame gets our key listeners in this task: a timer (below) can wait
    // behind a busy page while the visitor's first keys, input tasks, go first.
    else if (sameOrigin(event.target)) check();
  }, true);
  const byVisitor = () => {
    if (win.performance.now() - (tabTimes.get(win) ?? -Infinity) < 1000) return true;
    const activation = win.navigator.userActivation;
    // A click or tap in a frame activates its parents too (and keys other than Escape).
    return activation ? activation.isActive : true;
  };
  const check = () => {
    const frame = win.document.activeElement;
    if (!frame || (frame.localName !== "iframe" && frame.localName !== "frame")) return;
    let inner = null;
    try {
      inner = frame.contentWindow;
      void inner.document; // throws for a cross-origin frame
    } catch (_) {
      inner = null;
    }
    if (inner) {
      let doc = null;
      try {
        doc = inner.document;
      } catch (_) {}
      if (!doc || watched.has(doc) || inner[STARTED]) return;
      watched.add(doc);
      watchKeys(inner, keys);
      watchFrames(inner, keys);
      return;
    }
    if (byVisitor()) return;
    console.warn("pcc-consent: a frame took focus without a click or tap; focus given back so the quick exit keys keep working");
    try {
      frame.blur();
      if (lastFocus && lastFocus.isConnected && lastFocus !== win.document.body) lastFocus.focus({ preventScroll: true });
      else win.focus();
    } catch (_) {}
  };
  // The frame has focus once this window has lost it.
  win.addEventListener("blur", () => win.setTimeout(check, 0));
  // A focused frame that loads a new page has a new window to listen in.
  win.addEventListener("load", (event) => {
    if (event.target === win.document.activeElement) check();
  }, true);
  check();
  return check;
}
