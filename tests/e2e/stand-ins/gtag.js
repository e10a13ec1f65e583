// Test stand-in for Google's gtag.js: counts as "Google" for the tests. Like the real
// one it sets _ga cookies on the highest domain it can (cookie_domain: auto) and keeps
// sending collect requests until window['ga-disable-<id>'] is set.
(function () {
  const id = new URL(document.currentScript.src).searchParams.get("id");
  const labels = location.hostname.split(".");
  const parent = labels.length > 2 ? "; domain=." + labels.slice(-2).join(".") : "";
  document.cookie = "_ga=GA1.1.111.222; path=/" + parent;
  document.cookie = "_ga_" + id.replace(/^G-/, "") + "=GS1.1.333; path=/" + parent;
  document.cookie = "_gid=GA1.1.444; path=/";
  const send = () => {
    if (!window["ga-disable-" + id]) fetch("/stand-ins/collect?tid=" + id, { method: "POST", body: "g" });
  };
  send();
  window.__collector = setInterval(send, 150);
})();
