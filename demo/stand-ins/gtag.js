// Stand-in for a vendor script, used by the demo and the tests: nothing here contacts Google or Microsoft.
// Test stand-in for Google's gtag.js: counts as "Google" for the tests. Like the real
// one it sets _ga cookies on the highest domain it can (cookie_domain: auto) for 400
// days (session cookies with the config parameter cookie_expires: 0), renews them
// with every hit, and keeps sending collect requests until window['ga-disable-<id>']
// is set.
(function () {
  const src = new URL(document.currentScript.src);
  const id = src.searchParams.get("id");
  // From Google's real host, collect where gtag does; self-hosted, beside the script.
  const collect = src.hostname === "www.googletagmanager.com"
    ? "https://region1.google-analytics.com/g/collect"
    : src.origin + "/stand-ins/collect";
  const labels = location.hostname.split(".");
  const parent = labels.length > 2 ? "; domain=." + labels.slice(-2).join(".") : "";
  const lifetime = () => {
    const config = Array.from(window.dataLayer || []).find((c) => c && c[0] === "config" && c[1] === id);
    return config && config[2] && config[2].cookie_expires === 0 ? "" : "; max-age=34560000";
  };
  const send = () => {
    if (window["ga-disable-" + id]) return;
    const life = lifetime();
    document.cookie = "_ga=GA1.1.111.222; path=/" + life + parent;
    document.cookie = "_ga_" + id.replace(/^G-/, "") + "=GS1.1.333; path=/" + life + parent;
    document.cookie = "_gid=GA1.1.444; path=/";
    fetch(collect + "?tid=" + id, { method: "POST", body: "g", mode: "no-cors" });
  };
  send();
  window.__collector = setInterval(send, 150);
})();
