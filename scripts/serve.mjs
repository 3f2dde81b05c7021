// A small static server for the built site: `node scripts/serve.mjs [dir] [--base /sub/path/]`.
// PORT picks the port (default 4173). With --base the site answers only under that prefix,
// which is how the tests check that the build works from a sub-path.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const args = process.argv.slice(2);
let base = "/";
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--base") base = args[++i] ?? "/";
  else rest.push(args[i]);
}
if (!base.startsWith("/")) base = "/" + base;
if (!base.endsWith("/")) base += "/";
const root = path.resolve(rest[0] ?? "dist");
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? "127.0.0.1";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

// The same policy the prerendered pages carry in their meta tag, sent as a real header too so
// the browser tests run under it exactly as a well-configured host would serve the site.
export const CSP = [
  "default-src 'self'",
  // WebAssembly compilation only (the tensor core's SIMD softmax), not JavaScript eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    ...SECURITY_HEADERS,
    ...headers,
  });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed");
  const url = new URL(req.url ?? "/", "http://localhost");
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(res, 400, "bad request");
  }
  if (base !== "/" && pathname + "/" === base) {
    return send(res, 301, "", { location: base + url.search });
  }
  if (!pathname.startsWith(base)) return send(res, 404, "not found");
  const rel = pathname.slice(base.length);
  let file = path.join(root, rel);
  // Never serve anything outside the root, whatever the URL says.
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, "forbidden");
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      // Relative links only resolve from a URL ending in "/", so redirect to it.
      if (!pathname.endsWith("/")) {
        return send(res, 301, "", { location: pathname + "/" + url.search });
      }
      file = path.join(file, "index.html");
      info = await stat(file);
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    res.writeHead(200, {
      "content-type": type,
      "content-length": info.size,
      ...SECURITY_HEADERS,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(file).pipe(res);
  } catch {
    send(res, 404, "not found");
  }
});

server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(
    `MaskLab is served at http://${host === "0.0.0.0" ? "localhost" : host}:${actual}${base}`,
  );
});
