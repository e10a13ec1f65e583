// Stand-in for a vendor script, used by the demo and the tests: nothing here contacts Google or Microsoft.
// Test stand-in for Google Tag Manager's gtm.js with a one-tag container. It keeps in
// window.__gtmLoadedWith what window.dataLayer held when it loaded (arguments objects as
// ["args", …], other pushes as copies), registers itself in window.google_tag_manager
// as the real one does, then processes the queue and every later push. Its one tag, a
// GA4 tag on the trigger "event equals pcc_consent_update" with performance granted,
// records each firing in window.__gtmTagFired and loads gtag.js (the gtag stand-in)
// once, as the real container would, for the id G-GTMTAG1.
(function () {
  const src = new URL(document.currentScript.src);
  const id = src.searchParams.get("id");
  const GA = "G-GTMTAG1";
  const isArgs = (e) => Object.prototype.toString.call(e) === "[object Arguments]";
  const copy = (e) => {
    if (isArgs(e)) return ["args", ...Array.from(e).map((v) => (v instanceof Date ? "date" : v))];
    const out = { ...e };
    if ("gtm.start" in out) out["gtm.start"] = typeof out["gtm.start"];
    return out;
  };
  const layer = (window.dataLayer = window.dataLayer || []);
  window.__gtmLoadedWith = layer.map(copy);
  window.__gtmTagFired = [];
  window.google_tag_manager = window.google_tag_manager || {};
  window.google_tag_manager[id] = { dataLayer: { name: "dataLayer" } };
  const process = (entry) => {
    if (!entry || isArgs(entry) || entry.event !== "pcc_consent_update") return;
    const consent = entry.pcc_consent || {};
    window.__gtmTagFired.push(consent.performance === true);
    if (consent.performance === true && !window.google_tag_manager[GA]) {
      window.google_tag_manager[GA] = {};
      const tag = document.createElement("script");
      tag.async = true;
      tag.src = src.hostname === "www.googletagmanager.com"
        ? `https://www.googletagmanager.com/gtag/js?id=${GA}`
        : `${src.origin}/demo/stand-ins/gtag.js?id=${GA}`;
      document.head.append(tag);
    }
  };
  layer.forEach(process);
  const push = layer.push;
  layer.push = function () {
    const result = push.apply(layer, arguments);
    Array.from(arguments).forEach(process);
    return result;
  };
})();
