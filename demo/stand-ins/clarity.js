// Stand-in for a vendor script, used by the demo and the tests: nothing here contacts Google or Microsoft.
// Test stand-in for Microsoft Clarity's tag: sets _clck/_clsk, replays the queue the
// standard stub collected, and sends collect requests until clarity('stop'). As the
// real tag, clarity('consent', false) erases its cookies but keeps recording without
// them (cookieless mode); only 'stop' ends the recording.
(function () {
  const src = new URL(document.currentScript.src);
  const collect = src.hostname === "www.clarity.ms" ? "https://x.clarity.ms/collect" : src.origin + "/stand-ins/clarity-collect";
  const labels = location.hostname.split(".");
  const parent = labels.length > 2 ? "; domain=." + labels.slice(-2).join(".") : "";
  document.cookie = "_clck=abc%7C2; path=/" + parent;
  document.cookie = "_clsk=def%7C1; path=/" + parent;
  const queued = (window.clarity && window.clarity.q) || [];
  window.__clarityCalls = [];
  let stopped = false;
  window.clarity = function () {
    const args = Array.from(arguments);
    window.__clarityCalls.push(args);
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
