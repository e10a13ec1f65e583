// The site's own consent-gated content:
//   <script type="text/plain" data-pcc-consent="performance" src="…" or inline>
//   <iframe data-pcc-consent="targeting" data-src="…">
// Scripts run once their category is granted, once each, in document order, keeping
// their attributes (async, defer, type via data-type, nonce). Iframes load then, and
// show a placeholder with a "Cookie settings" button until then. Content added to the
// page later is handled too (MutationObserver).

const SELECTOR = "script[data-pcc-consent], iframe[data-pcc-consent]";
let granted = new Set();
let placeholderText = (category) => category;
let buttonText = "Cookie settings";
let running = false;
let queued = false;

export function startBlockedContent(textFor, button) {
  placeholderText = textFor;
  buttonText = button;
  new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1))) scan();
  }).observe(document.documentElement, { childList: true, subtree: true });
}

export function setGrantedCategories(categories) {
  granted = new Set(categories);
  scan();
}

async function scan() {
  // One pass at a time: a pass waits for each src script before the next runs.
  if (running) {
    queued = true;
    return;
  }
  running = true;
  do {
    queued = false;
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (el.tagName === "IFRAME") updateIframe(el);
      else if (granted.has(el.dataset.pccConsent) && el.type === "text/plain" && !el.dataset.pccConsentRan) {
        await runScript(el);
      }
    }
  } while (queued);
  running = false;
}

function runScript(blocked) {
  blocked.dataset.pccConsentRan = "true";
  const script = document.createElement("script");
  for (const { name, value } of blocked.attributes) {
    if (name !== "type" && name !== "data-pcc-consent-ran") script.setAttribute(name, value);
  }
  script.type = blocked.dataset.type || "text/javascript";
  // The nonce attribute reads back empty once parsed; the property keeps it.
  if (blocked.nonce) script.nonce = blocked.nonce;
  if (!blocked.src) script.text = blocked.text;
  const waitForLoad = blocked.src && !blocked.hasAttribute("async") && !blocked.hasAttribute("defer");
  // The async/defer properties of an inert text/plain script do not reflect the markup.
  const isAsync = blocked.hasAttribute("async");
  if (blocked.src) script.async = isAsync;
  return new Promise((resolve) => {
    if (waitForLoad) {
      script.addEventListener("load", resolve, { once: true });
      script.addEventListener("error", resolve, { once: true });
    }
    blocked.after(script);
    if (!waitForLoad) resolve();
  });
}

function updateIframe(frame) {
  const category = frame.dataset.pccConsent;
  let holder = frame.previousElementSibling;
  if (!holder || !holder.hasAttribute("data-pcc-consent-placeholder")) holder = null;
  if (granted.has(category)) {
    if (holder) holder.remove();
    frame.style.display = "";
    if (frame.dataset.src && frame.getAttribute("src") !== frame.dataset.src) frame.src = frame.dataset.src;
    return;
  }
  // Not (or no longer) granted: unload it and show the placeholder.
  if (frame.getAttribute("src") && frame.getAttribute("src") !== "about:blank") frame.src = "about:blank";
  frame.style.display = "none";
  if (holder) return;
  holder = document.createElement("div");
  holder.setAttribute("data-pcc-consent-placeholder", "");
  Object.assign(holder.style, { border: "2px solid #0b0c0c", padding: "16px", margin: "8px 0", background: "#f3f2f1", color: "#0b0c0c" });
  const text = document.createElement("p");
  text.textContent = placeholderText(category);
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = buttonText;
  button.setAttribute("data-pcc-consent-open", "");
  Object.assign(button.style, { minHeight: "44px", padding: "8px 16px", font: "inherit", fontWeight: "700", cursor: "pointer" });
  holder.append(text, button);
  frame.before(holder);
}
