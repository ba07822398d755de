// A small LTI 1.3 platform (an LMS, as far as a tool sees one) for the end-to-end tests, with
// Node's built-in crypto and http only: its JWK Set, and an OIDC authorization endpoint that
// answers a tool's login redirect with the auto-posting form of a signed id_token carrying the
// tool's nonce and state (1EdTech Security Framework 1.0 §5.1.1). It listens on 127.0.0.1 only.
//
// What each launch says (user, roles, custom parameters) and how it is spoiled for a rejection
// test is chosen per launch: the test registers a message with message(options) and starts the
// login with its hint as lti_message_hint; the platform looks the options up when the tool's
// authorization request comes back with that hint.
import { createHmac, createPublicKey, createSign, generateKeyPairSync, randomUUID,
         verify } from "node:crypto";
import { createServer } from "node:http";

const kClaim = "https://purl.imsglobal.org/spec/lti/claim/";

export const Roles = {
  admin: "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  mentor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor",
  manager: "http://purl.imsglobal.org/vocab/lis/v2/membership#Manager",
  guest: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Guest",
};

const b64url = (data) => Buffer.from(data).toString("base64url");

// A compact JWS of `payload` with `header`: RS256 with `privateKey`, HS256 keyed with `secret`,
// or unsigned for alg "none".
export function signJwt(header, payload, { privateKey, secret } = {}) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (header.alg === "none") return `${input}.`;
  if (header.alg === "HS256") {
    return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
  }
  const signer = createSign("RSA-SHA256");
  signer.update(input);
  return `${input}.${signer.sign(privateKey).toString("base64url")}`;
}

function rsaKey(kid) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, publicKey, privateKey };
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The script of an LMS window answering the LTI client-side postMessage messages of the tools it
// frames, as a platform does: lti.capabilities (the messages it supports and, for the storage
// ones, the frame to send them to: `frame`, or none when this window keeps the data), and when
// `storageHere`, lti.put_data and lti.get_data: values kept per tool origin (a tool reads only
// what its own origin stored), answered to the sender's window and origin only, errors as
// { code, message }. Every message it received is in window.ltiMessages ({ subject, origin,
// key }), for the test to read.
function storageScript({ storageHere, frame }) {
  const config = JSON.stringify({ storageHere, frame });
  return `<script>
(function () {
  var config = ${config.replace(/</g, "\\u003c")};
  var kept = new Map();
  window.ltiMessages = [];
  window.addEventListener("message", function (event) {
    var m = event.data;
    if (!m || typeof m !== "object" || typeof m.subject !== "string" || !event.source) return;
    if (m.subject.slice(-9) === ".response") return;
    window.ltiMessages.push({ subject: m.subject, origin: event.origin, key: m.key });
    var answer = function (fields) {
      var out = { subject: m.subject + ".response", message_id: m.message_id };
      for (var name in fields) out[name] = fields[name];
      event.source.postMessage(out, event.origin);
    };
    var refuse = function (code, message) { answer({ error: { code: code, message: message } }); };
    if (m.subject === "lti.capabilities") {
      var supported = [{ subject: "lti.capabilities" }];
      ["lti.put_data", "lti.get_data"].forEach(function (subject) {
        supported.push(config.storageHere ? { subject: subject }
                                          : { subject: subject, frame: config.frame });
      });
      answer({ supported_messages: supported });
      return;
    }
    if (!config.storageHere || (m.subject !== "lti.put_data" && m.subject !== "lti.get_data")) {
      refuse("unsupported_subject", "this window does not answer " + m.subject);
      return;
    }
    if (typeof m.key !== "string" || m.key === "") { refuse("bad_request", "key is required"); return; }
    var where = event.origin + " " + m.key;
    if (m.subject === "lti.put_data") {
      if (typeof m.value !== "string") { refuse("bad_request", "value must be a string"); return; }
      kept.set(where, m.value);
      answer({ key: m.key, value: m.value });
      return;
    }
    answer({ key: m.key, value: kept.has(where) ? kept.get(where) : null });
  });
})();
</script>`;
}

export class LtiPlatform {
  constructor() {
    this.server = null;
    this.port = 0;
    // The keys the JWKS publishes, and the one that signs (the first).
    this.keys = [rsaKey("platform-key-1")];
    this.unpublished = rsaKey("platform-key-unpublished");
    this.messages = new Map();
    this.jwksFetches = 0;
    this.authorizations = [];  // the query of each authorization request, as received
    this.toolJwksUrl = null;   // where the tool's keys are, to verify what it signs
    this.deepLinkResponses = [];  // { header, payload } of each verified response, in order
    // NRPS: the members of each course (context id), served `pageSize` a page behind tokens
    // this platform issued at its token endpoint to a verified client assertion.
    this.courses = new Map();
    this.pageSize = 2;
    this.tokens = new Set();
    this.tokenRequests = [];  // { ok, why, assertion payload } of each
    this.membershipPages = 0;
    this.refuseTokens = false;
    this.nrpsDelayMs = 0;  // how long each memberships page takes to answer (a slow LMS)
  }

  membershipsUrl(context) { return `${this.issuer}/nrps/${encodeURIComponent(context)}`; }

  get issuer() { return `http://127.0.0.1:${this.port}`; }
  get authUrl() { return `${this.issuer}/auth`; }
  get tokenUrl() { return `${this.issuer}/token`; }
  get jwksUrl() { return `${this.issuer}/jwks`; }
  get deepLinkReturnUrl() { return `${this.issuer}/deep-link-return`; }

  async start() {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = this.server.address().port;
  }

  async stop() {
    if (this.server) await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }

  // A new signing key, published first; the old one stays published after it.
  rotate() {
    this.keys.unshift(rsaKey(`platform-key-${this.keys.length + 1}`));
  }

  // Registers what one launch says; returns the hint to start its login with. `options`:
  //   clientId, deploymentId, sub, email, roles, mentees (role_scope_mentor), custom, context
  //   ({id, title}), resourceLink ({id} or null for none), messageType, version,
  //   storageTarget (the lti_storage_target the login offered, posted with the launch too
  //   unless postStorageTarget is false, as some platforms do);
  //   spoil: { alg: "none" | "HS256-public", kid, signWith: "unpublished", aud, exp, iat,
  //            nonce, omit: [claim...] }
  message(options) {
    const hint = randomUUID();
    this.messages.set(hint, options);
    return hint;
  }

  // The claims of a launch of `options` for a login whose nonce is `nonce`.
  claims(options, nonce) {
    const now = Math.floor(Date.now() / 1000);
    const spoil = options.spoil || {};
    const claims = {
      iss: this.issuer,
      aud: spoil.aud !== undefined ? spoil.aud : options.clientId,
      sub: options.sub || "user-1",
      name: options.name || "Test User",
      exp: spoil.exp !== undefined ? now + spoil.exp : now + 300,
      iat: spoil.iat !== undefined ? now + spoil.iat : now,
      nonce: spoil.nonce !== undefined ? spoil.nonce : nonce,
      [`${kClaim}deployment_id`]: options.deploymentId,
      [`${kClaim}message_type`]: options.messageType || "LtiResourceLinkRequest",
      [`${kClaim}version`]: options.version || "1.3.0",
      [`${kClaim}target_link_uri`]: options.target,
      [`${kClaim}roles`]: options.roles || [],
    };
    if (options.resourceLink !== null) {
      claims[`${kClaim}resource_link`] = options.resourceLink || { id: "link-1" };
    }
    if (options.context) claims[`${kClaim}context`] = options.context;
    if (options.nrps) {
      claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = {
        context_memberships_url: this.membershipsUrl(options.context.id),
        service_versions: ["2.0"] };
    }
    if (options.deepLinking) {
      claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
        deep_link_return_url: this.deepLinkReturnUrl, accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"], accept_multiple: false,
        ...options.deepLinking };
    }
    if (options.email) claims.email = options.email;
    if (options.mentees) claims[`${kClaim}role_scope_mentor`] = options.mentees;
    if (options.custom) claims[`${kClaim}custom`] = options.custom;
    for (const name of spoil.omit || []) delete claims[name];
    return claims;
  }

  // The id_token of a launch (signed as `spoil` says).
  idToken(options, nonce) {
    const spoil = options.spoil || {};
    const claims = this.claims(options, nonce);
    const key = spoil.signWith === "unpublished" ? this.unpublished : this.keys[0];
    const kid = spoil.kid !== undefined ? spoil.kid : key.kid;
    if (spoil.alg === "none") return signJwt({ alg: "none", typ: "JWT", kid }, claims);
    if (spoil.alg === "HS256-public") {
      // The key confusion attack: HMAC keyed with the platform's public key as a tool has it.
      const secret = this.keys[0].publicKey.export({ type: "spki", format: "pem" });
      return signJwt({ alg: "HS256", typ: "JWT", kid }, claims, { secret });
    }
    return signJwt({ alg: "RS256", typ: "JWT", kid }, claims, { privateKey: key.privateKey });
  }

  handle(request, response) {
    const url = new URL(request.url, this.issuer);
    if (url.pathname === "/jwks") {
      this.jwksFetches += 1;
      const keys = this.keys.map((k) => ({
        ...k.publicKey.export({ format: "jwk" }), kid: k.kid, alg: "RS256", use: "sig" }));
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ keys }));
      return;
    }
    if (url.pathname === "/auth") {
      const q = Object.fromEntries(url.searchParams);
      this.authorizations.push(q);
      const required = { scope: "openid", response_type: "id_token", response_mode: "form_post",
                         prompt: "none" };
      for (const [name, value] of Object.entries(required)) {
        if (q[name] !== value) return this.refuse(response, `${name} must be ${value}`);
      }
      for (const name of ["client_id", "redirect_uri", "state", "nonce", "login_hint",
                          "lti_message_hint"]) {
        if (!q[name]) return this.refuse(response, `${name} is missing`);
      }
      const options = this.messages.get(q.lti_message_hint);
      if (!options) return this.refuse(response, "unknown lti_message_hint");
      if (options.clientId !== q.client_id) return this.refuse(response, "client_id differs");
      const idToken = this.idToken({ ...options, target: q.redirect_uri }, q.nonce);
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html><body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(q.redirect_uri)}">
<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">
<input type="hidden" name="state" value="${escapeHtml(q.state)}">${
  options.storageTarget && options.postStorageTarget !== false ? `\n<input type="hidden" name="lti_storage_target" value="${escapeHtml(options.storageTarget)}">`
  : ""}
</form></body></html>`);
      return;
    }
    if (url.pathname === "/course") {
      // An LMS course page framing the tool's login URL (?src=), as an LMS places a tool. With
      // ?storage=NAME it offers its storage to the tool's frame (the LTI client-side postMessage
      // messages): "_parent" answered by this page itself, another name by a hidden frame of
      // that name beside the tool's; the login URL in ?src= then carries lti_storage_target.
      // The tool's frame is given its URL once the storage listens (the storage frame loaded).
      const storage = url.searchParams.get("storage") || "";
      const src = escapeHtml(url.searchParams.get("src"));
      const separate = storage && storage !== "_parent";
      const frame = separate
        ? `<iframe name="${escapeHtml(storage)}" src="/storage-frame" title="LMS storage"
 style="display:none" onload="document.getElementById('tool').src = ${
  escapeHtml(JSON.stringify(url.searchParams.get("src")))}"></iframe>` : "";
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html><head><meta charset="utf-8"><title>LMS course</title>
${storage ? storageScript({ storageHere: storage === "_parent", frame: storage }) : ""}
</head><body style="margin:0;font-family:sans-serif;background:#f3f3f3">
<h1 style="font-size:16px;margin:8px">Plant safety programme &middot; LMS course page</h1>
${frame}<iframe id="tool"${separate ? "" : ` src="${src}"`} title="Outcome LRS"
 style="width:100%;height:${escapeHtml(url.searchParams.get("height") || "1400")}px;border:0;background:#fff"></iframe>
</body></html>`);
      return;
    }
    if (url.pathname === "/storage-frame") {
      // The hidden frame of the LMS that keeps its tools' data (a real LMS's forwarding frame).
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html><head><meta charset="utf-8"><title>LMS storage</title>
</head><body>${storageScript({ storageHere: true, frame: null })}</body></html>`);
      return;
    }
    if (url.pathname === "/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => { body += chunk; });
      request.on("end", () => this.issueToken(new URLSearchParams(body), response));
      return;
    }
    if (url.pathname.startsWith("/nrps/")) {
      const token = (request.headers.authorization || "").replace(/^Bearer /, "");
      if (!this.tokens.has(token)) return this.refuse(response, "unknown token", 401);
      if (request.headers.accept !== "application/vnd.ims.lti-nrps.v2.membershipcontainer+json") {
        return this.refuse(response, "Accept must be the membership container type", 406);
      }
      const context = decodeURIComponent(url.pathname.slice("/nrps/".length));
      const members = this.courses.get(context) || [];
      const page = Number(url.searchParams.get("page") || 0);
      this.membershipPages += 1;
      const headers = { "Content-Type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" };
      if ((page + 1) * this.pageSize < members.length) {
        headers.Link = `<${this.membershipsUrl(context)}?page=${page + 1}>; rel="next"`;
      }
      const body = JSON.stringify({
        id: `${this.membershipsUrl(context)}?page=${page}`, context: { id: context },
        members: members.slice(page * this.pageSize, (page + 1) * this.pageSize) });
      setTimeout(() => {
        response.writeHead(200, headers);
        response.end(body);
      }, this.nrpsDelayMs);
      return;
    }
    if (url.pathname === "/deep-link-return" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => { body += chunk; });
      request.on("end", () => {
        this.verifyToolJwt(new URLSearchParams(body).get("JWT")).then((verified) => {
          this.deepLinkResponses.push(verified);
          response.writeHead(200, { "Content-Type": "text/plain" });
          response.end("placed");
        }, (error) => this.refuse(response, `deep linking response: ${error.message}`));
      });
      return;
    }
    response.writeHead(404, { "Content-Type": "text/plain" });
    response.end("not found");
  }

  // The header and payload of a JWT the tool signed, verified as a platform does: RS256, by its
  // kid in the tool's JWKS (fetched from toolJwksUrl). Rejects otherwise.
  async verifyToolJwt(jwt) {
    if (!jwt) throw new Error("no JWT");
    const [header64, payload64, signature64] = jwt.split(".");
    const header = JSON.parse(Buffer.from(header64, "base64url").toString());
    const payload = JSON.parse(Buffer.from(payload64, "base64url").toString());
    if (header.alg !== "RS256") throw new Error(`alg ${header.alg}`);
    const jwks = await (await fetch(this.toolJwksUrl)).json();
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) throw new Error(`kid ${header.kid} is not in the tool's JWKS`);
    const key = createPublicKey({ key: jwk, format: "jwk" });
    const ok = verify("RSA-SHA256", Buffer.from(`${header64}.${payload64}`), key,
                      Buffer.from(signature64, "base64url"));
    if (!ok) throw new Error("signature does not verify with the tool's key");
    return { header, payload };
  }

  refuse(response, why, status = 400) {
    response.writeHead(status, { "Content-Type": "text/plain" });
    response.end(why);
  }

  // The OAuth2 token endpoint: client credentials with a JWT assertion the tool signed (checked
  // against its JWKS: iss and sub the client id, aud this endpoint, not expired).
  async issueToken(form, response) {
    const record = { ok: false, why: "", assertion: null };
    this.tokenRequests.push(record);
    try {
      if (this.refuseTokens) throw new Error("this platform refuses tokens for the test");
      if (form.get("grant_type") !== "client_credentials") throw new Error("grant_type");
      if (form.get("client_assertion_type") !==
          "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
        throw new Error("client_assertion_type");
      }
      if (form.get("scope") !==
          "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly") {
        throw new Error(`scope ${form.get("scope")}`);
      }
      const { payload } = await this.verifyToolJwt(form.get("client_assertion"));
      record.assertion = payload;
      const now = Math.floor(Date.now() / 1000);
      if (payload.iss !== payload.sub || !payload.iss) throw new Error("iss/sub");
      if (payload.aud !== this.tokenUrl) throw new Error(`aud ${payload.aud}`);
      if (!(payload.exp > now) || !payload.jti) throw new Error("exp/jti");
      const token = randomUUID();
      this.tokens.add(token);
      record.ok = true;
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600,
                                    scope: form.get("scope") }));
    } catch (error) {
      record.why = error.message;
      response.writeHead(400, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: "invalid_client", error_description: error.message }));
    }
  }
}

// The fields of the auto-posting form the authorization endpoint answered with.
export function formFields(html) {
  const fields = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(code));
  }
  const action = /<form method="post" action="([^"]+)">/.exec(html);
  fields.action = action ? action[1].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(c)) : "";
  return fields;
}
