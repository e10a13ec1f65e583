// Quick exit, step 3: reach into modals. A modal <dialog> (ours, in the banner's shadow
// root, or the site's) makes everything outside it inert, even a popover raised above
// it, so each open modal gets its own exit button: first inside it (first in its Tab
// loop; never focused on opening), in the top layer above it at the same place. It goes
// when the dialog closes. Must never move focus or keep a dialog from closing.
//
// Found however the dialog opened: showModal() itself is wrapped (a click inside a
// shadow root moves focus without any event reaching the window, which is how the
// banner's "Customise cookies" once opened a dialog with an exit nobody could press),
// and focus moving into a modal, and its toggle event, catch any other way (a command
// button, a showModal saved by the page before our script ran).

import { raise } from "./leave.js";

const WRAPPED = Symbol.for("pcc-consent.quick-exit.show-modal");

const isModal = (dialog) => {
  try {
    return !!dialog && dialog.localName === "dialog" && dialog.matches(":modal");
  } catch (_) {
    return false;
  }
};

/**
 * Starts reaching into the modals of `win`. `makeButton()` makes an exit button;
 * `leaving()` stops it once the exit has started. Returns { open(), hosts(), raiseAll() }.
 */
export function reachIntoModals(win, { makeButton, leaving = () => false, main = () => null }) {
  /** Open modal dialogs -> the exit button put inside each. */
  const inside = new Map();

  function reach(dialog) {
    if (leaving() || !isModal(dialog)) return;
    let host = inside.get(dialog);
    if (!host || host.parentNode !== dialog) {
      host = makeButton();
      inside.set(dialog, host);
      dialog.prepend(host);
      dialog.addEventListener(
        "close",
        () => {
          host.remove();
          if (inside.get(dialog) === host) inside.delete(dialog);
        },
        { once: true },
      );
    }
    if (!host.matches(":popover-open")) raise(host);
  }

  const proto = win.HTMLDialogElement && win.HTMLDialogElement.prototype;
  if (proto && typeof proto.showModal === "function" && !proto.showModal[WRAPPED]) {
    const original = proto.showModal;
    const showModal = function () {
      const result = original.apply(this, arguments);
      try {
        reach(this);
      } catch (_) {}
      return result;
    };
    showModal[WRAPPED] = true;
    try {
      Object.defineProperty(proto, "showModal", { value: showModal, writable: true, configurable: true, enumerable: true });
    } catch (_) {}
  }

  const fromEvent = (event) => reach(event.composedPath().find((node) => node.localName === "dialog"));
  win.addEventListener("focusin", fromEvent, true);
  win.addEventListener(
    "toggle",
    (event) => {
      if (event.newState !== "open" || leaving()) return;
      const target = event.target;
      if (target.localName === "dialog") reach(target);
      // Something of the site's opened in the top layer (a popover, a dialog): ours go
      // back on top of it.
      if (target === main() || [...inside.values()].includes(target) || target.hasAttribute("data-pcc-consent-cover")) return;
      raiseAll();
    },
    true,
  );

  function open() {
    return [...inside.keys()].filter((d) => d.isConnected && d.open);
  }
  function hosts() {
    return [...inside].filter(([d, h]) => d.open && h.isConnected).map(([, h]) => h);
  }
  function raiseAll() {
    const m = main();
    if (m && m.isConnected) raise(m);
    for (const host of hosts()) raise(host);
  }
  return { open, hosts, raiseAll, reach };
}
