// Quick exit: "Leave this site" and the exit keys, for abuse-support sites.
//
// The only code that navigates away. Plain JavaScript inside pcc-consent.js, not
// WebAssembly, because it must work from the moment the script runs: a visitor who
// presses Escape while the banner is starting still leaves, and so does one on a page
// whose CSP blocks WebAssembly. Independent of cookie consent: it works before, after
// and during any choice, with the banner or any dialog open.
//
// Five named steps, one module each (GOV.UK Frontend's exit-this-page has this shape):
//   settings.js  read the settings (and the texts, English and Welsh)
//   button.js    place the button: first in the body, top layer, focus kept clear of it
//   modals.js    reach into modals: an exit inside every open modal dialog
//   keys.js      watch the keys: Escape, Shift x3, in same-origin frames too
//   leave.js     leave: the whole tab, no Referer, one history entry, covered at once
//
// Must never: throw into the page, move focus on its own (it only gives focus back when
// a frame took it by itself), or change the page's layout.

import { readSettings } from "./settings.js";
import { exitButton, placeButton } from "./button.js";
import { reachIntoModals } from "./modals.js";
import { watchKeys, watchFrames } from "./keys.js";
import { createLeaver, LEAVE, raise } from "./leave.js";
import { singleHistory } from "./history.js";

export { langOf } from "./settings.js";

const STARTED = Symbol.for("pcc-consent.quick-exit");

/** Starts quick exit for the page that loaded `script`. Safe to call twice. */
export function startQuickExit(script, win = window) {
  const settings = readSettings(script, win.document);
  if ((!settings.escape && !settings.shift) || win[STARTED]) return;
  win[STARTED] = true;
  const doc = win.document;
  let main = null;
  const statuses = [];
  const announce = (text) => {
    // Buttons of dialogs that have closed are gone: forget their status regions.
    for (let i = statuses.length - 1; i >= 0; i--) if (!statuses[i].isConnected) statuses.splice(i, 1);
    for (const status of statuses) status.textContent = text;
  };
  const makeButton = () => {
    const host = exitButton(doc, { texts: settings.texts, hint: settings.hint, onLeave: () => leaver.leave() });
    statuses.push(host.status);
    return host;
  };
  const modals = reachIntoModals(win, { makeButton, leaving: () => leaver.leaving(), main: () => main });
  const leaver = createLeaver({
    win,
    exitUrl: settings.exitUrl,
    texts: settings.texts,
    modalsOpen: () => modals.open(),
    // Our buttons stay above the cover, and keep working (a "Leave site?" prompt
    // answered Stay leaves the visitor on it).
    onCover: () => modals.raiseAll(),
  });
  // Same-origin frames (with our tag) leave through this page: the whole tab goes.
  win[LEAVE] = leaver.leave;
  const keys = { ...settings, leave: leaver.leave, leaving: leaver.leaving, announce };
  watchKeys(win, keys);
  watchFrames(win, keys);
  if (settings.single) singleHistory(win, leaver.leaving);

  const addButton = () => {
    if (!doc.body || main) return;
    main = makeButton();
    placeButton(win, main);
  };
  if (doc.body) addButton();
  else {
    // Tag in <head>: the button appears with the body, before the rest is parsed.
    doc.addEventListener("DOMContentLoaded", addButton, { once: true });
    try {
      const wait = new MutationObserver(() => doc.body && (wait.disconnect(), addButton()));
      wait.observe(doc.documentElement, { childList: true });
    } catch (_) {}
  }
  return { leave: leaver.leave, raise };
}
