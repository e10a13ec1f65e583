// Stand-in for a vendor script, used by the demo and the tests: nothing here contacts Google or Microsoft.
// Test stand-in for Microsoft Clarity's tag: replays the queue the standard stub
// collected, sets _clck (1 year) and _clsk (1 day) once consentv2 grants analytics
// storage, and sends collect requests until clarity('stop'). As the real tag, storage
// denied (or clarity('consent', false), which also erases its cookies) means
// recording without cookies (cookieless mode); only 'stop' ends the recording.
(function () {
  const src = new URL(document.currentScript.src);
  const collect = src.hostname === "www.clarity.ms" ? "https://x.clarity.ms/collect" : src.origin + "/stand-ins/clarity-collect";
  const labels = location.hostname.split(".");
  const parent = labels.length > 2 ? "; domain=." + labels.slice(-2).join(".") : "";
  const setCookies = () => {
    document.cookie = "_clck=abc%7C2; path=/; max-age=31536000" + parent;
    document.cookie = "_clsk=def%7C1; path=/; max-age=86400" + parent;
  };
  const queued = (window.clarity && window.clarity.q) || [];
  window.__clarityCalls = [];
  let stopped = false;
  window.clarity = function () {
    const args = Array.from(arguments);
    window.__clarityCalls.push(args);
    if (args[0] === "consentv2" && args[1] && args[1].analytics_Storage === "granted") setCookies();
    if (args[0] === "consent" && args[1] !== false) setCookies();
    if (args[0] === "consent" && args[1] === false) {
      document.cookie = "_clck=; max-age=0; path=/" + parent;
      document.cookie = "_clsk=; max-age=0; path=/" + parent;
    }
    if (args[0] === "stop") stopped = true;
  };
  queued.forEach((args) => window.clarity.apply(null, Array.from(args)));
  const send = () => {
    if (!stopped) fetch(collect, { method: "POST", body: "c", mode: "no-cors" });
  };
  send();
  setInterval(send, 150);
})();
