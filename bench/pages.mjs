// The pages of the traced, no-DevTools and Lighthouse runs: a realistic article page
// (~5 KB of HTML: header, navigation, a lead paragraph, sections, footer), the same
// for both banners, each with GA4 and Clarity configured at their default vendor URLs
// (mapped to the stand-ins by --host-resolver-rules), and a seed page that stores an
// accept-all record as the banner wrote it. It owns the markup only; it never runs
// anything.

const article = `<header class="site"><a href="/" class="brand">Example Police and Crime Commissioner</a>
<nav aria-label="Main"><ul><li><a href="/about">About the Commissioner</a></li><li><a href="/police-and-crime-plan">Police and crime plan</a></li>
<li><a href="/victims">Support for victims</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact us</a></li></ul></nav></header>
<main id="main"><article><h1>Commissioner awards £250,000 to help victims of domestic abuse</h1>
<p class="lead">The Police and Crime Commissioner has awarded £250,000 to local charities that support victims and survivors of domestic abuse, so that more people can get help quickly, close to home, and from people they trust.</p>
<p>The funding, announced today, will pay for three new independent domestic violence advisers, a helpline that is open in the evenings and at weekends, and specialist support for children who have witnessed abuse at home.</p>
<h2>Where the money goes</h2>
<p>Half of the fund goes to advisers who work alongside officers when a report is made, so that victims have one person to talk to from the first call to the end of any court case. The rest pays for the evening helpline and for sessions in schools.</p>
<ul><li>£125,000 for three independent domestic violence advisers</li><li>£75,000 for an evening and weekend helpline</li><li>£50,000 for support for children and young people</li></ul>
<p>Local services say that demand has risen every year since 2020, and that the longest waits are for help in the evening, when many victims are first able to make a call without being overheard. The new helpline hours were chosen with survivors who use the services today, and every adviser will have training in economic abuse, stalking and the particular risks faced by older people and by people with disabilities.</p>
<h2>What the Commissioner said</h2>
<blockquote><p>“Nobody should have to wait for help. These services are there for anyone who needs them, whether or not they have reported to the police.”</p></blockquote>
<p>The Commissioner chose the charities after a public consultation last spring, in which more than 2,000 residents said that support for victims should be a priority in the police and crime plan.</p>
<h2>How to get help</h2>
<p>If you are in immediate danger, call 999. If you cannot speak, press 55 when prompted. You can also contact the local support service in confidence, or read about the services available on our <a href="/victims">support for victims</a> page.</p>
<p>Anyone affected can also call the National Domestic Abuse Helpline, free, 24 hours a day. Calls do not appear on most phone bills.</p>
<h2>About the fund</h2>
<p>The Victims' Fund is part of the Commissioner's grant from the Ministry of Justice for services to victims of crime. Charities and community groups can apply twice a year; the next round opens in the spring.</p>
</article>
<aside aria-labelledby="related"><h2 id="related">Related news</h2><ul>
<li><a href="/news/community-safety-fund">Community safety fund opens for applications from local groups</a></li>
<li><a href="/news/panel-meeting">Police and crime panel to review the Commissioner's budget proposals</a></li>
<li><a href="/news/rural-crime">New rural crime team to tackle farm and machinery thefts</a></li>
<li><a href="/news/youth-diversion">Youth diversion scheme helps 400 young people stay out of trouble</a></li>
<li><a href="/news/public-meetings">Public meetings: ask the Commissioner your questions in person</a></li></ul>
<p>Sign up to the Commissioner's newsletter for news about policing in your area, the police and crime plan and the services we fund. We send it once a month and you can unsubscribe at any time.</p></aside></main>
<footer class="site"><p><a href="/cookies">Cookies</a> · <a href="/accessibility">Accessibility</a> · <a href="/privacy">Privacy notice</a></p>
<p>© Office of the Police and Crime Commissioner</p></footer>`;

const style = `<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;color:#0b0c0c}header.site,footer.site{background:#1d2f5a;color:#fff;padding:1em}
header.site a,footer.site a{color:#fff}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}main{max-width:40em;margin:auto;padding:1em}
.lead{font-size:1.3em}blockquote{border-left:4px solid #1d2f5a;margin-left:0;padding-left:1em}</style>`;

const GA_ID = "G-BENCH1";
const CLARITY_ID = "bench";

/** Our embed: one script tag, defaults for the vendor URLs. */
const oursTag = `<script src="/dist/pcc-consent/pcc-consent.js" defer data-site-name="Example PCC" data-policy-url="/cookies"
  data-ga-id="${GA_ID}" data-clarity-id="${CLARITY_ID}"></script>`;

/** The peer's embed as its documentation shows: gated scripts typed text/plain. */
const peerHead = `<link rel="stylesheet" href="/peer/cookieconsent.css">`;
const peerTags = `<script type="text/plain" data-category="analytics" src="https://www.googletagmanager.com/gtag/js?id=${GA_ID}"></script>
<script type="text/plain" data-category="analytics">window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","${GA_ID}");</script>
<script type="text/plain" data-category="analytics" src="https://www.clarity.ms/tag/${CLARITY_ID}"></script>
<script src="/peer/cookieconsent.umd.js" defer></script>
<script src="/bench/fixtures/peer-config.js" defer></script>`;

/**
 * The article page with one banner ("ours" or "peer"). `probe`: the in-page probe
 * (bench/fixtures/observe-banner.js) first in <head>; `report`: it reports to /report.
 */
export function articlePage(who, { probe = true, report = false } = {}) {
  const probeTag = probe
    ? `<script src="/bench/fixtures/observe-banner.js" data-banner="${who}"${report ? " data-report" : ""}></script>`
    : "";
  const head = who === "peer" ? peerHead : "";
  const tail = who === "peer" ? peerTags : oursTag;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Commissioner awards £250,000 to help victims of domestic abuse | Example PCC</title>${probeTag}${style}${head}</head>
<body>${article}
${tail}</body></html>`;
}

/**
 * A page that stores `stored` ({ cookies, local }, as captured from the banner after
 * Accept) in this profile, then reports "seeded" to /report?id=<?id=> (and with ?blank
 * goes to about:blank).
 */
export function seedPage(stored) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Seed</title></head><body><p>Seeding.</p>
<script>(function () {
  const stored = ${JSON.stringify(stored).replace(/</g, "\\u003c")};
  for (const c of stored.cookies) {
    let cookie = c.name + "=" + c.value + "; path=" + (c.path || "/");
    if (c.expires > 0) cookie += "; expires=" + new Date(c.expires * 1000).toUTCString();
    if (c.sameSite) cookie += "; samesite=" + c.sameSite;
    document.cookie = cookie;
  }
  for (const [k, v] of Object.entries(stored.local)) localStorage.setItem(k, v);
  const id = new URLSearchParams(location.search).get("id") || "";
  navigator.sendBeacon("/report?id=" + encodeURIComponent(id), JSON.stringify({ event: "seeded", cookie: document.cookie }));
  // ?blank: leave for about:blank, so this tab's page is not beside the measured one.
  if (new URLSearchParams(location.search).has("blank")) setTimeout(() => location.replace("about:blank"), 100);
})();</script></body></html>`;
}
