// Independent WARC check: parses shouhu's WARC files with webrecorder's warcio.js
// (not our code), recomputes every record's WARC-Block-Digest and, for response
// records, WARC-Payload-Digest (sha1, RFC 4648 Base32), and checks the WARC/1.1
// basics (warcinfo first without a target URI, record ids, HTTP content types).
//
// Usage: node check.mjs FILE.warc.gz|DIR ...   (a DIR means every *.warc.gz in it)
// Exit: 0 all records check out, 1 any mismatch, 2 bad usage or unreadable input.
import { createReadStream, readdirSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { WARCParser } from "warcio";

function base32(bytes) {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let out = "", buffer = 0, bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += abc[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += abc[(buffer << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
const sha1 = (bytes) => "sha1:" + base32(createHash("sha1").update(bytes).digest());

function expand(args) {
  const files = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith(".warc.gz")) files.push(join(a, f));
    } else {
      files.push(a);
    }
  }
  return files;
}

// Two passes per file: without HTTP parsing, readFully() is the whole block
// (block digest); with it, readFully(false) is the payload as stored (payload digest).
async function blocks(file) {
  const out = [];
  const parser = new WARCParser(createReadStream(file), { parseHttp: false });
  for await (const record of parser) {
    const block = await record.readFully(false);
    out.push({ headers: record.warcHeaders, type: record.warcType, block });
  }
  return out;
}

async function payloads(file) {
  const out = [];
  const parser = new WARCParser(createReadStream(file));
  for await (const record of parser) {
    out.push(record.warcType === "response" ? await record.readFully(false) : null);
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error("usage: node check.mjs FILE.warc.gz|DIR ...");
    process.exit(2);
  }
  const files = expand(args);
  if (files.length === 0) {
    console.error("no .warc.gz files found");
    process.exit(2);
  }
  let records = 0, errors = 0;
  const fail = (file, i, msg) => {
    errors++;
    console.error(`${file}: record ${i}: ${msg}`);
  };
  for (const file of files) {
    const bs = await blocks(file);
    const ps = await payloads(file);
    if (bs.length !== ps.length) fail(file, 0, `record counts differ (${bs.length} vs ${ps.length})`);
    if (bs.length === 0) fail(file, 0, "no records");
    bs.forEach((r, i) => {
      records++;
      const h = (name) => r.headers.headers.get(name);
      if (r.headers.protocol !== "WARC/1.1") fail(file, i, `version ${r.headers.protocol}`);
      if (!/^<urn:uuid:[0-9a-f-]{36}>$/.test(h("WARC-Record-ID") || "")) fail(file, i, "bad WARC-Record-ID");
      if (!h("WARC-Date")) fail(file, i, "no WARC-Date");
      if (Number(h("Content-Length")) !== r.block.length) fail(file, i, "Content-Length mismatch");
      if (i === 0 && r.type !== "warcinfo") fail(file, i, "first record is not warcinfo");
      if (r.type === "warcinfo" && h("WARC-Target-URI")) fail(file, i, "warcinfo carries WARC-Target-URI");
      if ((r.type === "request" || r.type === "response") &&
          h("Content-Type") !== `application/http;msgtype=${r.type}`) {
        fail(file, i, `Content-Type ${h("Content-Type")}`);
      }
      const block = sha1(r.block);
      if (h("WARC-Block-Digest") !== block) fail(file, i, `block digest ${h("WARC-Block-Digest")} != ${block}`);
      if (r.type === "response") {
        if (ps[i] === null || ps[i] === undefined) {
          fail(file, i, "no payload parsed");
        } else {
          const payload = sha1(ps[i]);
          if (h("WARC-Payload-Digest") !== payload) {
            fail(file, i, `payload digest ${h("WARC-Payload-Digest")} != ${payload}`);
          }
        }
      }
    });
  }
  console.log(`${records} records in ${files.length} files checked, ${errors} errors`);
  process.exit(errors === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
