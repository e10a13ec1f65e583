// The demo's web server (scripts/demo.sh): serves the RELEASED files, prebuilt and
// committed, so a new user sees the banner without compiling anything.
//   node scripts/demo-server.mjs [--port 8080] [--log-port 8081]
// What it serves (static files through `sirv`, a well-kept npm package):
//   /            release/configurator/  the configurator, prebuilt (scripts/release.sh)
//   /demo/       demo/                  plain host pages with no build step
//   /release/    release/               the released pcc-consent.js, its SRI, changelog
//   /dist/pcc-consent/  release/        the demo pages name ../dist/pcc-consent/pcc-consent.js
//                                       (the developer loop, scripts/dev.sh, builds it);
//                                       here it is the released file
//   /log/…       the consent log server on 127.0.0.1:<log port>, passed on as is. While it
//                is still being built the answer is 503, which the banner tolerates (the
//                visitor's choice is saved either way).
// It never writes a file and never compiles anything.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PORT = arg("--port", 8080);
const LOG_PORT = arg("--log-port", 8081);

const serve = (dir) => sirv(path.join(ROOT, dir), { dev: true, etag: true });
// Longest prefix first.
const MOUNTS = [
  ["/dist/pcc-consent/", serve("release")],
  ["/release/", serve("release")],
  ["/demo/", serve("demo")],
  ["/", serve("release/configurator")],
];

function notFound(res) {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("not found\n");
}

/** Passes /log/<rest> on to the log server as /<rest>, streaming both ways. */
function toLogServer(req, res) {
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: LOG_PORT,
      method: req.method,
      path: req.url.slice("/log".length) || "/",
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "30" });
    res.end("the demo's consent log server is not up yet (it is being built)\n");
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  if (url === "/log" || url.startsWith("/log/")) return toLogServer(req, res);
  const mount = MOUNTS.find(([prefix]) => url.startsWith(prefix));
  if (!mount) return notFound(res);
  const [prefix, handler] = mount;
  req.url = `/${url.slice(prefix.length)}`;
  handler(req, res, () => notFound(res));
});

server.on("error", (error) => {
  console.error(`demo: cannot serve on 127.0.0.1:${PORT}: ${error.message}`);
  process.exit(1);
});
server.listen(PORT, "127.0.0.1", () => {
  console.log(`demo: serving http://127.0.0.1:${PORT}/ (the configurator), ` +
    `http://127.0.0.1:${PORT}/demo/plain.html and http://127.0.0.1:${PORT}/demo/cookies.html`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
