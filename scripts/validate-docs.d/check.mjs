// Node side of scripts/validate-docs.
//
// Usage: node check.mjs MANIFEST
//
// MANIFEST has one line per (check, file): CHECK<TAB>ROOT<TAB>REL[<TAB>FLAGS].
// Checks handled here (everything that comes from npm):
//   redocly       Redocly CLI `lint`, recommended rules; errors fail, warnings print
//   markdownlint  markdownlint-cli2 with the repo's .markdownlint-cli2.yaml,
//                 one run per docs folder
//   links         relative links and #anchors of Markdown files resolve
//   asyncapi      @asyncapi/parser, zero error diagnostics; Avro payloads and their
//                 examples read with avsc, Protocol Buffers payloads compiled with protoc
//   avsc          an Avro schema file (.avsc): JSON, read with avsc's Type.forSchema, as
//                 the Avro payloads of AsyncAPI files are
//   graphql       graphql-js parse + buildASTSchema + validateSchema
//   mermaid       mermaid (browser bundle) parse + render in Debian's Chromium,
//                 driven by playwright-core; .mmd files and ```mermaid fences
//   site          a page of an `archgen site` folder opened from file:// in the
//                 same Chromium: no console error, no network request, every
//                 pre.mermaid drawn as an SVG, every local link, script and
//                 #anchor resolves, the search index loaded
//   site-files    a file of a site folder is one its .archgen-site lists, and
//                 every file .archgen-site lists is there
//
// Environment (set by the driver):
//   VD_NODE_DIR         folder holding node_modules (npm ci was run there)
//   VD_MDL_CONFIG       markdownlint-cli2 config file
//   VD_REDOCLY_CONFIG   Redocly config file
//   VD_CHROMIUM         Chromium executable (/usr/bin/chromium)
//
// Prints "PASS <check> <file>" / "FAIL <check> <file>" lines with the tool's
// messages indented by four spaces. Exit status 0 means "ran"; the driver
// counts the lines.

import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const NODE_DIR = process.env.VD_NODE_DIR;
const NM = path.join(NODE_DIR, "node_modules");
const req = createRequire(path.join(NODE_DIR, "package.json"));
const CHECK_ORDER = ["redocly", "asyncapi", "avsc", "graphql", "markdownlint", "links", "mermaid", "site", "site-files"];
const MERMAID_TIMEOUT_MS = 30000;

const results = []; // {check, file, ok, messages}
function record(check, file, messages, warnings = []) {
  results.push({ check, file, ok: messages.length === 0, messages: [...messages, ...warnings] });
}

function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(NM, name, "package.json"), "utf8")).version;
}

function binOf(name, bin) {
  const pj = JSON.parse(fs.readFileSync(path.join(NM, name, "package.json"), "utf8"));
  const rel = typeof pj.bin === "string" ? pj.bin : pj.bin[bin ?? name.split("/").pop()];
  return path.join(NM, name, rel);
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ code: -1, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const errText = (e) => (e && (e.stack && !(e.message ?? "").trim() ? e.stack : e.message)) || String(e);

// ---------------------------------------------------------------- manifest
const byCheck = new Map();
for (const line of fs.readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line.trim()) continue;
  const [check, root, rel, flags = ""] = line.split("\t");
  if (!CHECK_ORDER.includes(check)) continue;
  if (!byCheck.has(check)) byCheck.set(check, []);
  byCheck.get(check).push({ root, rel, flags, file: path.join(root, rel), abs: path.resolve(root, rel) });
}
const entries = (check) => byCheck.get(check) ?? [];

// ---------------------------------------------------------------- redocly
// One `redocly lint` for all files. Redocly prints one JSON report per file,
// in argument order, but stops at a file it cannot process at all (not YAML,
// not an API description); that file fails with its message and the rest are
// linted by a new run.
function splitJsonObjects(text) {
  const out = [];
  let depth = 0, start = -1, inStr = false, esc = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (esc) esc = false;
      else if (c === "\\") esc = true;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "{") { if (depth++ === 0) start = i; }
    else if (c === "}" && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

function redoclyCrashMessage(stderr) {
  const lines = stderr
    .split("\n")
    .filter((l) => !/[║╔╚]/.test(l)); // Node.js deprecation banner
  let from = 0;
  lines.forEach((l, i) => { if (/^validating .*\.\.\.$/.test(l)) from = i + 1; });
  const msg = lines.slice(from).join("\n").trim();
  return msg || stderr.trim() || "redocly stopped without a report";
}

async function checkRedocly() {
  let todo = entries("redocly");
  if (!todo.length) return;
  const cli = binOf("@redocly/cli", "redocly");
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  while (todo.length) {
    const args = [cli, "lint", "--config", process.env.VD_REDOCLY_CONFIG, "--format", "json",
      "--max-problems", "100000", ...todo.map((e) => e.abs)];
    const { stdout, stderr } = await run(process.execPath, args, { env, cwd: os.tmpdir() });
    let reports;
    try { reports = splitJsonObjects(stdout); } catch (e) { reports = []; }
    reports.forEach((rep, i) => {
      const errors = [], warnings = [];
      for (const p of rep.problems ?? []) {
        const loc = (p.location ?? [])[0] ?? {};
        const where = loc.start ? `${loc.start.line}:${loc.start.col}` : "";
        const text = `${p.severity} ${p.ruleId}: ${p.message}${loc.pointer ? ` (${loc.pointer})` : ""}`;
        (p.severity === "error" ? errors : warnings).push(where ? `${where} ${text}` : text);
      }
      record("redocly", todo[i].file, errors, warnings);
    });
    if (reports.length >= todo.length) break;
    record("redocly", todo[reports.length].file, [redoclyCrashMessage(stderr)]);
    todo = todo.slice(reports.length + 1);
  }
}

// ---------------------------------------------------------------- markdownlint
async function checkMarkdownlint() {
  const groups = new Map();
  for (const e of entries("markdownlint")) {
    if (!groups.has(e.root)) groups.set(e.root, []);
    groups.get(e.root).push(e);
  }
  const cli = binOf("markdownlint-cli2");
  for (const [root, list] of groups) {
    const args = [cli, "--config", path.resolve(process.env.VD_MDL_CONFIG), ...list.map((e) => ":" + e.rel)];
    const { code, stdout, stderr } = await run(process.execPath, args, { cwd: path.resolve(root) });
    const msgs = new Map(list.map((e) => [e.rel, []]));
    const stray = [];
    for (const line of stderr.split("\n")) {
      if (!line.trim()) continue;
      const hit = list.find((e) => line.startsWith(e.rel + ":"));
      if (hit) msgs.get(hit.rel).push(line.slice(hit.rel.length + 1));
      else stray.push(line);
    }
    const anyMsg = [...msgs.values()].some((m) => m.length);
    for (const e of list) {
      const m = msgs.get(e.rel);
      // the tool failed without pinning it on a file: fail every file of the run
      if (code !== 0 && !anyMsg) m.push(`markdownlint-cli2 exited ${code}`, ...stray, ...stdout.trim().split("\n"));
      record("markdownlint", e.file, m);
    }
  }
}

// ---------------------------------------------------------------- markdown
let md;
let GithubSlugger;
async function loadMarkdown() {
  if (md) return;
  const MarkdownIt = req("markdown-it");
  md = new MarkdownIt({ html: true });
  GithubSlugger = (await import(pathToFileURL(req.resolve("github-slugger")).href)).default;
}

const parsedMd = new Map(); // abs -> {tokens, anchors}
function parseMd(abs) {
  if (parsedMd.has(abs)) return parsedMd.get(abs);
  const text = fs.readFileSync(abs, "utf8");
  const tokens = md.parse(stripFrontMatter(text), {});
  const slugger = new GithubSlugger();
  const anchors = new Set();
  tokens.forEach((t, i) => {
    if (t.type === "heading_open") {
      const inline = tokens[i + 1];
      const txt = (inline.children ?? [])
        .filter((c) => c.type === "text" || c.type === "code_inline" || c.type === "text_special")
        .map((c) => c.content)
        .join("");
      anchors.add(slugger.slug(txt));
    }
    const html = t.type === "html_block" || t.type === "html_inline" ? [t] :
      (t.children ?? []).filter((c) => c.type === "html_inline");
    for (const h of html) for (const m of h.content.matchAll(/\b(?:id|name)\s*=\s*["']([^"']+)["']/g)) anchors.add(m[1]);
  });
  const r = { tokens, anchors };
  parsedMd.set(abs, r);
  return r;
}

// Blank out the front matter instead of removing it, so line numbers stay right.
function stripFrontMatter(text) {
  const lines = text.split("\n");
  if (lines[0].trimEnd() !== "---") return text;
  for (let i = 1; i < lines.length; i++) {
    if (["---", "..."].includes(lines[i].trimEnd())) {
      return lines.map((l, j) => (j <= i ? "" : l)).join("\n");
    }
  }
  return text;
}

const isMarkdown = (p) => /\.(md|markdown)$/i.test(p);

function checkLinks() {
  for (const e of entries("links")) {
    const msgs = [];
    let tokens;
    try { ({ tokens } = parseMd(e.abs)); } catch (err) { record("links", e.file, [errText(err)]); continue; }
    const rootAbs = path.resolve(e.root);
    let line = 1;
    for (const t of tokens) {
      if (t.map) line = t.map[0] + 1; // table cells have no map of their own: use the row's
      if (t.type !== "inline") continue;
      for (const c of t.children ?? []) {
        let href;
        if (c.type === "link_open") href = c.attrGet("href");
        else if (c.type === "image") href = c.attrGet("src");
        else continue;
        const problem = checkHref(href, e.abs, rootAbs);
        if (problem) msgs.push(`line ${line}: ${href}: ${problem}`);
      }
    }
    record("links", e.file, msgs);
  }
}

function checkHref(href, fromAbs, rootAbs) {
  if (href == null) return "link without a target";
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return null; // external: not checked
  const hash = href.indexOf("#");
  let rawPath = hash >= 0 ? href.slice(0, hash) : href;
  const rawFrag = hash >= 0 ? href.slice(hash + 1) : null;
  const q = rawPath.indexOf("?");
  if (q >= 0) rawPath = rawPath.slice(0, q);
  let relPath, frag;
  try {
    relPath = decodeURIComponent(rawPath);
    frag = rawFrag == null ? null : decodeURIComponent(rawFrag);
  } catch {
    return "malformed percent-encoding";
  }
  if (relPath.startsWith("/")) return "absolute path: links must be relative to stay inside the docs folder";
  const target = relPath === "" ? fromAbs : path.resolve(path.dirname(fromAbs), relPath);
  const inside = path.relative(rootAbs, target);
  if (inside.startsWith("..") || path.isAbsolute(inside)) return "leaves the docs folder";
  let st;
  try { st = fs.statSync(target); } catch { return `no such file: ${path.relative(rootAbs, target) || "."}`; }
  if (frag == null || frag === "") return null;
  if (st.isDirectory()) return "anchor on a folder link";
  if (!isMarkdown(target)) {
    return /^L\d+(-L\d+)?$/.test(frag) ? null : `anchor #${frag} on a file that is not Markdown`;
  }
  let anchors;
  try { ({ anchors } = parseMd(target)); } catch (err) { return `cannot read target: ${errText(err)}`; }
  if (anchors.has(frag)) return null;
  const near = [...anchors].filter((a) => a.includes(frag) || frag.includes(a)).slice(0, 3);
  return `no heading with anchor #${frag} in ${path.relative(rootAbs, target)}` +
    (near.length ? ` (similar: ${near.map((a) => "#" + a).join(", ")})` : "");
}

// ---------------------------------------------------------------- asyncapi
async function checkAsyncapi() {
  const list = entries("asyncapi");
  if (!list.length) return;
  const { Parser } = req("@asyncapi/parser");
  const parser = new Parser();
  const sev = ["error", "warning", "info", "hint"];
  for (const e of list) {
    try {
      const text = fs.readFileSync(e.abs, "utf8");
      const { document, diagnostics = [] } = await parser.parse(text, { source: e.abs });
      const errors = [], warnings = [];
      for (const d of diagnostics) {
        if (d.severity > 1) continue; // information and hints are not printed
        const at = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1} ` : "";
        const where = d.path && d.path.length ? ` (${d.path.join(".")})` : "";
        (d.severity === 0 ? errors : warnings).push(`${at}${sev[d.severity]} ${d.code}: ${d.message}${where}`);
      }
      if (!document && !errors.length) errors.push("the parser returned no document");
      if (document) errors.push(...avroProblems(document.json()), ...(await protobufProblems(document.json())));
      record("asyncapi", e.file, errors, warnings);
    } catch (err) {
      record("asyncapi", e.file, [errText(err)]);
    }
  }
}

// Each message of an AsyncAPI 3 document once, by its path: [path, message].
function messagesOf(doc) {
  const seen = new Set();
  return [
    ...Object.entries(doc.components?.messages ?? {}).map(([k, m]) => [`components.messages.${k}`, m]),
    ...Object.entries(doc.channels ?? {}).flatMap(([c, ch]) =>
      Object.entries(ch?.messages ?? {}).map(([k, m]) => [`channels.${c}.messages.${k}`, m])),
  ].filter(([, m]) => m && !seen.has(m) && seen.add(m));
}

// The parser checks an Avro payload's shape only against AsyncAPI's JSON Schema of Avro (names,
// type keywords), and none of its examples. Each message whose payload's schemaFormat is Avro is
// checked here with avsc, the library @asyncapi/avro-schema-parser and the AsyncAPI CLI use
// (pinned in package-lock.json as a dependency of @asyncapi/parser): `Type.forSchema` (named
// types defined before use and once, defaults that fit their type, symbols), then each
// example's payload as a value of that type (plain union values, as avsc reads them).
function avroProblems(doc) {
  const avsc = req("avsc");
  const problems = [];
  for (const [at, m] of messagesOf(doc)) {
    const payload = m.payload;
    if (!/^application\/vnd\.apache\.avro/.test(payload?.schemaFormat ?? "")) continue;
    let type;
    try {
      type = avsc.Type.forSchema(payload.schema);
    } catch (err) {
      problems.push(`error avro: ${errText(err)} (${at}.payload.schema)`);
      continue;
    }
    (m.examples ?? []).forEach((x, i) => {
      if (x?.payload === undefined) return;
      const bad = [];
      type.isValid(x.payload, { errorHook: (path, value) => bad.push(`${path.join(".") || "(root)"} = ${JSON.stringify(value)}`) });
      for (const b of bad) problems.push(`error avro: example value ${b} does not fit the Avro schema (${at}.examples.${i}.payload)`);
    });
  }
  return problems;
}

// An Avro schema file (an EventCatalog message's schema.avsc) is JSON that avsc reads with
// `Type.forSchema`, the same check as an AsyncAPI Avro payload's.
function checkAvsc() {
  const list = entries("avsc");
  if (!list.length) return;
  const avsc = req("avsc");
  for (const e of list) {
    try {
      avsc.Type.forSchema(JSON.parse(fs.readFileSync(e.abs, "utf8")));
      record("avsc", e.file, []);
    } catch (err) {
      record("avsc", e.file, [`error avro: ${errText(err)}`]);
    }
  }
}

// The parser has no Protocol Buffers schema parser and takes any string as a proto schema: each
// one (schemaFormat application/vnd.google.protobuf...) is compiled with protoc, as the `protoc`
// check compiles .proto files (imports from /usr/include, the well-known types).
async function protobufProblems(doc) {
  const problems = [];
  for (const [at, m] of messagesOf(doc)) {
    const payload = m.payload;
    if (!/^application\/vnd\.google\.protobuf/.test(payload?.schemaFormat ?? "")) continue;
    if (typeof payload.schema !== "string") {
      problems.push(`error protobuf: the schema is not a string of .proto text (${at}.payload.schema)`);
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vd-proto-"));
    try {
      fs.writeFileSync(path.join(dir, "payload.proto"), payload.schema);
      const r = await run("protoc", ["-I", dir, "-I", "/usr/include", "--descriptor_set_out=/dev/null", "payload.proto"], { cwd: dir });
      if (r.code !== 0) {
        const said = (r.stderr.trim() || `exit ${r.code}`).split("\n").join("; ");
        problems.push(`error protobuf: protoc: ${said} (${at}.payload.schema)`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return problems;
}

// ---------------------------------------------------------------- graphql
function checkGraphql() {
  const list = entries("graphql");
  if (!list.length) return;
  const { Source, parse, buildASTSchema, validateSchema } = req("graphql");
  const fmt = (err) => {
    const loc = err.locations && err.locations[0];
    return (loc ? `${loc.line}:${loc.column} ` : "") + err.message;
  };
  for (const e of list) {
    try {
      const doc = parse(new Source(fs.readFileSync(e.abs, "utf8"), e.file));
      const schema = buildASTSchema(doc); // asserts the SDL is valid
      record("graphql", e.file, validateSchema(schema).map(fmt));
    } catch (err) {
      record("graphql", e.file, [err.locations ? fmt(err) : errText(err)]);
    }
  }
}

// ---------------------------------------------------------------- mermaid
function collectDiagrams() {
  const out = []; // {entry, items: [{label, code}]}
  for (const e of entries("mermaid")) {
    try {
      if (isMarkdown(e.abs)) {
        const { tokens } = parseMd(e.abs);
        const items = tokens
          .filter((t) => t.type === "fence" && t.info.trim().split(/\s+/)[0].toLowerCase() === "mermaid")
          .map((t) => ({ label: `line ${t.map[0] + 1}`, code: t.content }));
        if (items.length) out.push({ entry: e, items });
      } else {
        out.push({ entry: e, items: [{ label: "", code: fs.readFileSync(e.abs, "utf8") }] });
      }
    } catch (err) {
      out.push({ entry: e, items: [], error: errText(err) });
    }
  }
  return out;
}

async function checkMermaid() {
  const work = collectDiagrams();
  if (!work.length) return;
  const { chromium } = req("playwright-core");
  const mermaidJs = path.join(NM, "mermaid", "dist", "mermaid.min.js");
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.VD_CHROMIUM,
      headless: true,
      chromiumSandbox: false,
      // playwright-core gives the browser a fresh temporary --user-data-dir
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  } catch (err) {
    for (const w of work) record("mermaid", w.entry.file, [`cannot start Chromium: ${errText(err)}`]);
    return;
  }
  info.push(`mermaid ${pkgVersion("mermaid")} rendered in Chromium ${browser.version()} (${process.env.VD_CHROMIUM})`);
  let page;
  const openPage = async () => {
    page = await browser.newPage();
    await page.route("**/*", (route) => route.abort()); // no network at all
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    await page.evaluate(() => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true });
    });
  };
  try {
    await openPage();
  } catch (err) {
    for (const w of work) record("mermaid", w.entry.file, [`cannot load mermaid into Chromium: ${errText(err)}`]);
    await browser.close();
    return;
  }
  let n = 0;
  for (const w of work) {
    const msgs = w.error ? [w.error] : [];
    for (const item of w.items) {
      const id = `vd${++n}`;
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, msg: `timed out after ${MERMAID_TIMEOUT_MS / 1000}s` , timeout: true }), MERMAID_TIMEOUT_MS);
      });
      const attempt = page.evaluate(async ({ code, id }) => {
        const m = window.mermaid;
        const message = (e) => String((e && (e.message || e.str)) || e);
        try {
          await m.parse(code);
        } catch (e) {
          return { ok: false, msg: "parse error: " + message(e) };
        }
        try {
          const { svg } = await m.render(id, code);
          if (!svg || !svg.includes("<svg")) return { ok: false, msg: "render produced no SVG" };
          if (/Syntax error in text/.test(svg)) return { ok: false, msg: "render produced an error diagram" };
          return { ok: true };
        } catch (e) {
          return { ok: false, msg: "render error: " + message(e) };
        } finally {
          for (const el of [document.getElementById(id), document.getElementById("d" + id)]) if (el) el.remove();
        }
      }, { code: item.code, id }).catch((err) => ({ ok: false, msg: `browser error: ${errText(err)}` }));
      const r = await Promise.race([attempt, timeout]);
      clearTimeout(timer);
      if (!r.ok) {
        const lines = r.msg.trim().split("\n");
        msgs.push(item.label ? `${item.label}: ${lines[0]}` : lines[0], ...lines.slice(1).map((l) => "  " + l));
      }
      if (r.timeout) { // the page may be stuck: start over with a new one
        await page.close({ runBeforeUnload: false }).catch(() => {});
        await openPage();
      }
    }
    record("mermaid", w.entry.file, msgs);
  }
  await browser.close();
}

// ---------------------------------------------------------------- site
// A site folder is the folder of its .archgen-site (the list of files `archgen site` wrote);
// the manifest's FLAGS field holds the site folder's path relative to ROOT.
const SITE_TIMEOUT_MS = 30000;
const SITE_PAGES_AT_ONCE = Math.max(2, Math.min(4, os.cpus().length));
const siteIds = new Map(); // abs -> Set of ids
function idsOf(abs) {
  if (!siteIds.has(abs)) {
    const text = fs.readFileSync(abs, "utf8");
    siteIds.set(abs, new Set([...text.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"))));
  }
  return siteIds.get(abs);
}

function checkSiteFiles() {
  const lists = new Map(); // site dir abs -> Set of rel paths
  const listOf = (dir) => {
    if (!lists.has(dir)) {
      const text = fs.readFileSync(path.join(dir, ".archgen-site"), "utf8");
      lists.set(dir, new Set(text.split("\n").filter((l) => l && !l.startsWith("#"))));
    }
    return lists.get(dir);
  };
  for (const e of entries("site-files")) {
    const dir = path.resolve(e.root, e.flags);
    const rel = path.relative(dir, e.abs).split(path.sep).join("/");
    try {
      const listed = listOf(dir);
      if (rel === ".archgen-site") {
        const missing = [...listed].filter((f) => !fs.existsSync(path.join(dir, f)));
        record("site-files", e.file, missing.map((f) => `lists ${f}, which is not there`));
      } else {
        record("site-files", e.file, listed.has(rel) ? [] : ["not a file the site build wrote (not in .archgen-site)"]);
      }
    } catch (err) {
      record("site-files", e.file, [errText(err)]);
    }
  }
}

async function checkSite() {
  const list = entries("site");
  if (!list.length) return;
  const { chromium } = req("playwright-core");
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.VD_CHROMIUM, headless: true, chromiumSandbox: false,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files"],
    });
  } catch (err) {
    for (const e of list) record("site", e.file, [`cannot start Chromium: ${errText(err)}`]);
    return;
  }
  info.push(`site pages opened from file:// in Chromium ${browser.version()}`);
  // A few pages at a time (one per core, 2 to 4): most of a page's time is the browser parsing
  // the Mermaid bundle and drawing.
  let next = 0;
  const worker = async () => {
    while (next < list.length) await checkPage(browser, list[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(SITE_PAGES_AT_ONCE, list.length) }, worker));
  await browser.close();
}

async function checkPage(browser, e) {
  const msgs = [];
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") msgs.push(`console error: ${m.text()}`); });
  page.on("pageerror", (err) => msgs.push(`page error: ${errText(err)}`));
  page.on("requestfailed", (r) => {
    if (r.url().startsWith("file:")) msgs.push(`cannot load ${r.url()}: ${r.failure()?.errorText ?? "failed"}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    msgs.push(`requests the network: ${url}`);
    return route.abort();
  });
  // The page draws its diagrams one after the other as it loads: as long as the mermaid
  // check allows each diagram, plus the page's own.
  const diagrams = fs.readFileSync(e.abs, "utf8").split('<pre class="mermaid">').length - 1;
  const timeout = SITE_TIMEOUT_MS + diagrams * MERMAID_TIMEOUT_MS;
  try {
    await page.goto(pathToFileURL(e.abs).href, { waitUntil: "load", timeout });
    await page.waitForFunction(
      () => [...document.querySelectorAll("pre.mermaid")].every((p) => p.querySelector("svg")),
      null, { timeout, polling: 100 },
    ).catch(() => msgs.push(`diagrams not drawn after ${timeout / 1000}s`));
    const found = await page.evaluate(() => {
      const diagrams = [...document.querySelectorAll("pre.mermaid")];
      const undrawn = diagrams.map((p, i) => [p, i + 1])
        .filter(([p]) => !p.querySelector("svg") || /Syntax error in text/.test(p.textContent))
        .map(([, i]) => i);
      const links = [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
        .map((el) => ({ raw: el.getAttribute("href") ?? el.getAttribute("src"), url: el.href || el.src }));
      const search = document.getElementById("search") ? Array.isArray(window.ARCHGEN_SEARCH) && window.ARCHGEN_SEARCH.length > 0 : true;
      return { count: diagrams.length, undrawn, links, search };
    });
    for (const i of found.undrawn) msgs.push(`diagram ${i} of ${found.count} is not drawn as an SVG`);
    if (!found.search) msgs.push("the search box has no index (assets/search-index.js did not set window.ARCHGEN_SEARCH)");
    for (const { raw, url } of found.links) {
      if (!url.startsWith("file:")) continue;
      const u = new URL(url);
      const target = fileURLToPath(u);
      if (!fs.existsSync(target)) { msgs.push(`${raw}: no such file`); continue; }
      const frag = decodeURIComponent(u.hash.slice(1));
      if (frag && target.endsWith(".html") && !idsOf(target).has(frag)) msgs.push(`${raw}: no element with id #${frag}`);
    }
  } catch (err) {
    msgs.push(`cannot open the page: ${errText(err)}`);
  }
  await page.close({ runBeforeUnload: false }).catch(() => {});
  record("site", e.file, [...new Set(msgs)]);
}

// ---------------------------------------------------------------- main
const versions = ["@redocly/cli", "@asyncapi/parser", "graphql", "markdownlint-cli2", "mermaid", "playwright-core"]
  .map((p) => `${p} ${pkgVersion(p)}`).join(", ");
const info = [`node ${process.version}: ${versions}`];

// A check that breaks down fails its files that have no result yet, instead of
// taking the other checks with it.
async function guard(check, fn) {
  try {
    await fn();
  } catch (err) {
    const done = new Set(results.filter((r) => r.check === check).map((r) => r.file));
    for (const e of entries(check)) {
      if (!done.has(e.file)) record(check, e.file, [`${check} check broke down: ${errText(err)}`]);
    }
  }
}

await loadMarkdown();
// The command-line tools run as child processes while this process works.
const children = Promise.all([guard("redocly", checkRedocly), guard("markdownlint", checkMarkdownlint)]);
await guard("graphql", checkGraphql);
await guard("links", checkLinks);
await guard("asyncapi", checkAsyncapi);
await guard("avsc", checkAvsc);
await guard("mermaid", checkMermaid);
await guard("site-files", checkSiteFiles);
await guard("site", checkSite);
await children;

results.sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
const out = info.map((l) => "# " + l);
for (const r of results) {
  out.push(`${r.ok ? "PASS" : "FAIL"} ${r.check} ${r.file}`);
  for (const m of r.messages) for (const l of String(m).split("\n")) out.push("    " + l);
}
process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
