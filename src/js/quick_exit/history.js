// Quick exit, data-quick-exit-history="single": one history entry per visit, so Back
// after leaving skips the whole site. Same-origin links replace the current entry. Must
// never take over a link the page routes itself (it called preventDefault), a link to
// another site or window, or a modified click.

export function singleHistory(win, leaving) {
  const doc = win.document;
  // In the bubble phase, after the page's handlers.
  win.addEventListener("click", (event) => {
    if (leaving() || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event
      .composedPath()
      .find((node) => node instanceof win.HTMLAnchorElement || node instanceof win.HTMLAreaElement);
    if (!link || !link.hasAttribute("href") || link.hasAttribute("download")) return;
    const base = doc.querySelector("base[target]");
    const target = (link.getAttribute("target") || (base && base.getAttribute("target")) || "").toLowerCase();
    if (target && target !== "_self") return;
    let url;
    try {
      url = new URL(link.href, win.location.href);
    } catch (_) {
      return;
    }
    if (url.origin !== win.location.origin || !/^https?:$/.test(url.protocol)) return;
    event.preventDefault();
    win.location.replace(url.href);
  });
}
