// A site's own consent-gated script (test stand-in).
window.__ran = (window.__ran || []).concat("site-script");
