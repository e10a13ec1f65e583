// Quick exit, step 5: leave. Owns the one navigation away, the neutral cover and what
// the page may still do while it leaves. Must never open a tab (pop-up blockers stop
// window.open from key presses) or navigate twice for one request of the visitor.
//
// - The Referer is suppressed (a no-referrer policy, read when the navigation starts)
//   and location.replace() swaps the page for the exit URL, so Back does not return.
// - The whole tab leaves: from inside a frame, the top window goes (through its own
//   quick exit when it has one, so it is covered too); a frame that may not navigate
//   its top (sandboxed without top navigation) leaves itself and says why.
// - In the same task the page is hidden under a cover ("Loading." for screen readers);
//   the exit buttons stay above it and keep working. Every other key, click and touch is
//   swallowed before the page's handlers, and the page can no longer go back or stop.
// - The page's own "Leave site?" guard (beforeunload): listeners that run after ours
//   never see the event, so no prompt; a guard registered before our script (tag late
//   in the page) may still prompt. If the visitor answers Stay, the cover stays and the
//   next Escape, Shift x3 or button press tries again.

export const EXIT_ATTR = "data-pcc-consent-exit";
/** On window: the top page's leave(), which same-origin frames call. */
export const LEAVE = Symbol.for("pcc-consent.quick-exit.leave");
const SWALLOWED = ["keypress", "pointerdown", "pointerup", "mousedown", "mouseup", "click",
  "dblclick", "auxclick", "contextmenu", "touchstart", "touchend", "submit"];

/** Puts `el` on top of the top layer (again); false where the popover API is missing. */
export function raise(el) {
  try {
    if (el.matches(":popover-open")) el.hidePopover();
    el.showPopover();
    return true;
  } catch (_) {
    return false;
  }
}

/** True when `event` is aimed at one of our exit buttons. */
export const atExitButton = (event) =>
  event.composedPath().some((node) => node.hasAttribute && node.hasAttribute(EXIT_ATTR));

function noReferrer(doc) {
  const meta = doc.createElement("meta");
  meta.name = "referrer";
  meta.content = "no-referrer";
  (doc.head || doc.documentElement).appendChild(meta);
}

/**
 * Navigates the whole tab to `url`: "top" when the top window was sent (or asked to go),
 * "self" when only this window could be. Sync, in the key press or click's task.
 */
export function navigateAway(win, url) {
  noReferrer(win.document);
  if (win.top === win) {
    win.location.replace(url);
    return "self";
  }
  try {
    // Same origin, with our quick exit: it covers itself and goes to its own exit URL.
    const topLeave = win.top[LEAVE];
    if (typeof topLeave === "function") {
      topLeave();
      return "top";
    }
    noReferrer(win.top.document);
  } catch (_) {
    // Cross-origin top: it can still be navigated (on a click, or when allowed).
  }
  try {
    win.top.location.replace(url);
  } catch (error) {
    console.error(`pcc-consent: quick exit left only this frame: it may not navigate the top window (a sandboxed frame needs allow-top-navigation or allow-top-navigation-by-user-activation): ${error && error.message}`);
    win.location.replace(url);
    return "self";
  }
  // Some refusals (a cross-origin top without a click) only reach the console: if
  // this frame is still here shortly after, leave at least the frame.
  const fallback = win.setTimeout(() => {
    console.error("pcc-consent: quick exit left only this frame: the browser refused to navigate the top window (a frame on another site may do so only on a click or tap, and a sandboxed frame only with allow-top-navigation)");
    win.location.replace(url);
  }, 1000);
  win.addEventListener("pagehide", () => win.clearTimeout(fallback), { once: true });
  return "top";
}

/**
 * The leaving step for `win`: { leave, leaving() }. `onCover(overlay)` is called once the
 * cover is up, to raise our exit buttons above it.
 */
export function createLeaver({ win = window, exitUrl, texts, modalsOpen = () => [], onCover = () => {} }) {
  const doc = win.document;
  let leaving = false;
  // A "Leave site?" prompt may have been answered Stay: the next request tries again.
  let retryable = false;
  let overlay = null;
  const undo = [];

  for (const type of SWALLOWED) {
    win.addEventListener(
      type,
      (event) => {
        if (!leaving || atExitButton(event)) return;
        event.stopImmediatePropagation();
        if (event.cancelable && !event.type.startsWith("touch")) event.preventDefault();
      },
      { capture: true, passive: type.startsWith("touch") },
    );
  }

  // Capture on window runs before every non-capture listener (and onbeforeunload):
  // they never see the exit's beforeunload. A guard that ran before us and cancelled it
  // makes the browser ask; then the visitor may stay.
  win.addEventListener(
    "beforeunload",
    (event) => {
      if (!leaving) return;
      if (event.defaultPrevented || event.returnValue) retryable = true;
      event.stopImmediatePropagation();
    },
    true,
  );

  /** Makes `object[name]` do nothing until a back/forward-cache restore. */
  function disable(object, name) {
    try {
      const own = Object.prototype.hasOwnProperty.call(object, name);
      const original = object[name];
      object[name] = function () {};
      undo.push(() => (own ? (object[name] = original) : delete object[name]));
    } catch (_) {}
  }

  function cover() {
    // In the top layer, inside the open modal dialog if there is one (the only part of
    // the page a screen reader still reads then).
    overlay = doc.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("popover", "manual");
    overlay.setAttribute("data-pcc-consent-cover", "");
    overlay.setAttribute("lang", texts.lang || "en");
    overlay.setAttribute("dir", "ltr");
    overlay.textContent = texts.loading;
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483646", width: "auto", height: "auto",
      maxWidth: "none", maxHeight: "none", margin: "0", border: "0", boxSizing: "border-box",
      background: "#ffffff", color: "#0b0c0c", font: "16px Arial, sans-serif", padding: "16px",
    });
    (modalsOpen().pop() || doc.documentElement).appendChild(overlay);
    raise(overlay);
    if (doc.body) doc.body.style.visibility = "hidden";
    onCover(overlay);
  }

  function leave() {
    if (leaving && !retryable) return;
    const first = !leaving;
    leaving = true;
    retryable = false;
    // The navigation starts first (it is what the visitor is waiting for); the page is
    // hidden in the same task, so no frame shows it after the key press.
    navigateAway(win, exitUrl);
    if (!first) return;
    cover();
    // Nothing on the page may take the visitor back or stop the exit.
    for (const name of ["back", "forward", "go", "pushState", "replaceState"]) disable(win.history, name);
    disable(win, "stop");
  }

  // Restored from the back/forward cache: make the page usable again.
  win.addEventListener("pageshow", (event) => {
    if (!event.persisted || !leaving) return;
    leaving = retryable = false;
    if (overlay) overlay.remove();
    if (doc.body) doc.body.style.visibility = "";
    while (undo.length) undo.pop()();
  });

  return { leave, leaving: () => leaving };
}
