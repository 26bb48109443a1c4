"""The HTTP API over :class:`xacheck.engine.Engine`: the CLI's answers as JSON, the self-check page at ``/``.

Endpoints mirror the commands (``GET /measures``, ``POST /check`` …; ``/docs`` lists them). A profile is
the request body — the JSON (or YAML) a profile file holds, read by the same loader as ``xacheck check``
— and options are query parameters (``?as_of=2026-12-01&lang=en&pack=…&set=revenue_wan=60000``), or
an envelope ``{"profile": {…}, "as_of": …, "lang": …, "pack": […], "set": […]}``.

Safety: rule folders come from :class:`ServerConfig` only; no file path from a request is opened
(an uploaded spreadsheet is written under a server-made temporary name); bodies are capped while they
are read; each request runs in a bounded pool with a time limit. Every response carries
``X-Xacheck-Version`` and ``X-Xacheck-Packs`` (id@version:sha256 of each pack); every JSON answer also
carries its ``decision`` block.
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..engine import Engine
from ..errors import ProfileError, UsageError, XacheckError, YamlSyntaxError
from .config import ServerConfig
from .messages import field_detail, request_lang, say

JSON_TYPES = ("application/json", "text/json")
UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson", ".parquet")
OUTPUT_FORMATS = ("csv", "xlsx", "jsonl", "parquet")
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "parquet": "application/vnd.apache.parquet"}
#: the HTML pages run no script but the print button; styles are inline; nothing is fetched
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class ApiError(Exception):
    """An answer of 4xx/5xx: ``key`` picks the message (:mod:`.messages`), ``field`` names what it is about."""

    def __init__(self, status: int, key: str, lang: str = "zh", field: str | None = None, code: str | None = None,
                 detail: str | None = None, label: str | None = None, **kw: Any):
        super().__init__(key)
        self.status, self.key, self.lang, self.field, self.code = status, key, lang, field, code
        self.detail, self.label, self.kw = detail, label, kw

    def body(self) -> dict:
        kw = dict(self.kw)
        kw.setdefault("detail", self.detail or "")
        kw.setdefault("field", self.field or "")
        kw.setdefault("label", self.label or self.field or "")
        err = {"status": self.status, "code": self.code, "field": self.field, "label": self.label,
               "message": say(self.key, self.lang, **kw), "detail": self.detail, "lang": self.lang}
        return {"error": err, "xacheck": __version__}


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def _lang(request: Request) -> str:
    return request_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


class Guard:
    """Pure ASGI middleware: caps request bodies while they are read (413), and names the version and the
    packs in every response's headers."""

    def __init__(self, app, cfg: ServerConfig, headers: list[tuple[bytes, bytes]]):
        self.app, self.cfg, self.headers = app, cfg, headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.cfg.max_upload if scope["path"] == "/batch" else self.cfg.max_body
        extra = self.headers

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                msg = {**msg, "headers": list(msg.get("headers") or []) + extra}
            await send(msg)

        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            from starlette.requests import Request as _Req

            err = ApiError(413, "too_large", _lang(_Req(scope)), limit=limit)
            resp = JSONResponse(err.body(), status_code=413)
            return await resp(scope, receive, send_with_headers)
        seen = 0

        async def limited():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body") or b"")
                if seen > limit:
                    raise BodyTooLarge(limit)
            return msg

        await self.app(scope, limited, send_with_headers)


class DecisionLog:
    """The server's decision log: one JSON line per answer, each appended whole (see :func:`append_line`)."""

    def __init__(self, path: Path | None, identities: bool):
        self.path, self.identities = path, identities

    def write(self, command: str, answer) -> None:
        if self.path is None:
            return
        from ..decision import make_record

        stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
        rec = make_record(command, answer.decision, answer.profile, answer.results, stamp, self.identities,
                          answer.lang)
        from ..atomic import append_line

        append_line(self.path, json.dumps(rec, ensure_ascii=False, separators=(",", ":")))


def create_app(cfg: ServerConfig | None = None, engine: Engine | None = None) -> FastAPI:
    """The ASGI application (run by ``xacheck serve``, or by any ASGI server)."""
    import anyio

    cfg = cfg or ServerConfig()
    engine = engine or Engine(cfg.rules, shipped=cfg.shipped)
    reg = engine.registry
    log = DecisionLog(cfg.log_path, cfg.log_identities)
    app = FastAPI(title="xacheck", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Xi'an S&T policy checks over HTTP: the answers of the xacheck command line as JSON. "
                              "Every JSON answer carries a `decision` block (packs with sha256, as-of, profile hash).")
    app.state.engine, app.state.cfg = engine, cfg
    packs_header = ",".join(f"{p.id}@{p.version or '-'}:{p.sha256}" for p in engine.packs)
    app.add_middleware(Guard, cfg=cfg, headers=[(b"x-xacheck-version", __version__.encode()),
                                                (b"x-xacheck-packs", packs_header.encode())])
    limiter: list = []

    async def run(fn: Callable[[], Any], lang: str) -> Any:
        """``fn`` in the worker pool, at most ``cfg.workers`` at once, answered 503 after ``cfg.timeout``. A Rust
        library's panic (pyo3's PanicException, no Exception) is made one, so it is answered as any internal
        error is — JSON, 500 — not by the server's bare text."""
        if not limiter:
            limiter.append(anyio.CapacityLimiter(cfg.workers))

        def guarded():
            try:
                return fn()
            except BaseException as exc:
                if type(exc).__name__ == "PanicException":
                    raise RuntimeError(f"PanicException: {exc}") from None
                raise

        try:
            with anyio.fail_after(cfg.timeout):
                return await anyio.to_thread.run_sync(guarded, limiter=limiter[0], abandon_on_cancel=True)
        except TimeoutError:
            raise ApiError(503, "timeout", lang, seconds=cfg.timeout) from None

    # ------------------------------------------------------------------ errors
    def from_xacheck(exc: XacheckError, lang: str) -> ApiError:
        loc = exc.location
        if isinstance(exc, ProfileError):
            key = loc.field
            if key and key not in reg.fields:
                hint = reg.suggest(key)
                return ApiError(422, "unknown_field", lang, field=key, code=exc.code, detail=exc.message,
                                hint=say("did_you_mean", lang, hint=hint) if hint else "")
            label = reg.label(key, lang) if key else None
            return ApiError(422, "bad_field", lang, field=key, label=label, code=exc.code,
                            detail=field_detail(exc.message, key, reg), line=loc.line)
        if isinstance(exc, YamlSyntaxError):
            return ApiError(400, "bad_body", lang, code=exc.code, detail=str(exc.message))
        if isinstance(exc, UsageError):
            field = {"--set": "set", "--pack": "pack", "--format": "format", "as_of": "as_of", "to": "to",
                     "diff": None, "profile": "profile"}.get(loc.path or "", loc.path)
            if loc.path == "--set" and loc.field:
                field = "set"
            return ApiError(422, "bad_param" if field else "usage", lang, field=field, code=exc.code,
                            detail=exc.message)
        return ApiError(422, "usage", lang, code=exc.code, detail=exc.message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(XacheckError)
    async def _xacheck_error(request: Request, exc: XacheckError):
        err = from_xacheck(exc, _lang(request))
        return JSONResponse(err.body(), status_code=err.status)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge):
        err = ApiError(413, "too_large", _lang(request), limit=exc.limit)
        return JSONResponse(err.body(), status_code=413)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        first = (exc.errors() or [{}])[0]
        loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
        field = loc[-1] if loc else None
        err = ApiError(422, "bad_param", _lang(request), field=field, detail=str(first.get("msg", "")))
        return JSONResponse(err.body(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        lang = _lang(request)
        if exc.status_code == 404:
            err = ApiError(404, "not_found", lang, path=request.url.path)
        elif exc.status_code == 405:
            err = ApiError(405, "method", lang, method=request.method)
        else:
            err = ApiError(exc.status_code, "usage", lang, detail=str(exc.detail))
        return JSONResponse(err.body(), status_code=err.status)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        import logging

        logging.getLogger("xacheck.server").exception("internal error on %s", request.url.path)
        err = ApiError(500, "internal", _lang(request))
        return JSONResponse(err.body(), status_code=500)

    # ------------------------------------------------------------------ request reading
    def day(value: str | None, field: str, lang: str) -> _dt.date | None:
        if value in (None, ""):
            return None
        from ..condition import parse_day

        try:
            return parse_day(str(value))  # (a day outside 1800 … 2200 too: see condition.FIRST_DAY)
        except ValueError:
            raise ApiError(422, "bad_date", lang, field=field, value=value) from None

    def pack_ids(ids: list[str], lang: str) -> list[str]:
        from ..hints import first

        known = engine.pack_ids()
        for pid in ids:
            if pid not in known:
                hint = first(pid, known, cutoff=0.6)
                raise ApiError(422, "unknown_pack", lang, field="pack", value=pid,
                               hint=say("did_you_mean", lang, hint=hint) if hint else "")
        return ids

    async def body_mapping(request: Request, lang: str) -> tuple[dict, Any]:
        """The request body as a mapping, read like a profile file (JSON is YAML; exact decimals; duplicate keys refused)."""
        from ..yamlsafe import load_yaml

        raw = await request.body()
        if not raw.strip():
            raise ApiError(400, "empty_body", lang)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ApiError(400, "bad_body", lang, detail=f"not UTF-8 (byte {exc.start})") from None
        try:
            doc = load_yaml(text, "<request>")
        except YamlSyntaxError as exc:
            raise ApiError(400, "bad_body", lang, code=exc.code, detail=f"{exc.location}: {exc.message}") from None
        if not isinstance(doc.data, dict):
            raise ApiError(400, "not_mapping", lang)
        for dpath, line, _col in doc.duplicates:
            raise ApiError(422, "bad_field", lang, field=str(dpath[-1]), label=reg.label(str(dpath[-1]), lang),
                           detail=f"given twice (line {line})" if lang == "en" else f"重复给出（第 {line} 行）")
        return doc.data, doc

    def options(request: Request, data: dict) -> tuple[dict, dict]:
        """(the profile mapping, the options): an envelope ``{"profile": {…}, …}`` or the profile itself."""
        q = request.query_params
        opts: dict[str, Any] = {"as_of": q.get("as_of"), "lang": q.get("lang"), "pack": q.getlist("pack"),
                                "set": q.getlist("set"), "status": q.getlist("status"), "to": q.get("to"),
                                "within": q.get("within"), "top": q.get("top"), "past": q.get("past")}
        if isinstance(data.get("profile"), dict):
            env = dict(data)
            prof = env.pop("profile")
            for k, v in env.items():
                if k in ("pack", "set", "status") and isinstance(v, str):
                    v = [v]
                opts[k] = v
            return prof, opts
        return data, opts

    def profile_of(mapping: dict, doc: Any, lang: str):
        from ..profiles import profile_from_mapping

        try:
            return profile_from_mapping(mapping, reg, source="<request>", where=doc.where if doc else None)
        except XacheckError as exc:
            raise from_xacheck(exc, lang) from None

    def listed(v: Any) -> list[str]:
        return [str(x) for x in (v or [])] if isinstance(v, (list, tuple)) else [str(v)]

    async def prepare(request: Request):
        lang0 = _lang(request)
        data, doc = await body_mapping(request, lang0)
        mapping, opts = options(request, data)
        lang = opts["lang"] if opts.get("lang") in ("zh", "en") else lang0
        if opts.get("lang") not in (None, "", "zh", "en"):
            raise ApiError(422, "bad_param", lang, field="lang", detail="zh | en")
        prof = profile_of(mapping, doc if mapping is data else None, lang)
        return prof, opts, lang

    def guarded(fn: Callable[[], Any], lang: str) -> Callable[[], Any]:
        def inner():
            try:
                return fn()
            except XacheckError as exc:
                raise from_xacheck(exc, lang) from None
        return inner

    def json_answer(data: dict) -> Response:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return Response(body, media_type="application/json")

    profile_body = {"requestBody": {"required": True, "description":
                    "The profile (field: value, as a profile file holds it), or {\"profile\": {…}, \"as_of\": …, "
                    "\"lang\": …, \"pack\": […], \"set\": […]}",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}},
                                "application/yaml": {"schema": {"type": "string"}}}}}

    def lang_q():
        return Query(None, pattern="^(zh|en)$", description="zh (default) or en; else Accept-Language")

    # ------------------------------------------------------------------ endpoints
    @app.get("/api", summary="Version, packs and endpoints")
    async def api_index():
        return json_answer({"xacheck": __version__, "packs": engine.pack_list(),
                            "endpoints": sorted({r.path for r in app.routes if hasattr(r, "methods")}),
                            "decision": engine.decision(None, None)})

    @app.get("/measures", summary="Every rule with its source clause (xacheck measures list)")
    async def measures(request: Request, as_of: str | None = Query(None, description="only what is in force"),
                       lang: str | None = lang_q(), pack: list[str] = Query([]), kind: list[str] = Query([])):
        lg = _lang(request)
        d, ids = day(as_of, "as_of", lg), pack_ids(pack, lg)
        return json_answer(engine.measures(as_of=d, lang=lg, packs=ids, kinds=kind).to_dict())

    @app.get("/measures/{rule_id}", summary="One rule: clause, quote, conditions, supports (xacheck measures show)")
    async def measure(request: Request, rule_id: str, lang: str | None = lang_q()):
        from ..hints import first

        lg = _lang(request)
        rules = {r.id for p in engine.packs for r in p.rules}
        if rule_id not in rules:
            hint = first(rule_id, sorted(rules), cutoff=0.4)
            raise ApiError(404, "no_rule", lg, field="rule_id", value=rule_id,
                           hint=say("did_you_mean", lg, hint=hint) if hint else "")
        return json_answer(engine.measure(rule_id, lang=lg).to_dict())

    @app.get("/schema/profile", summary="JSON Schema of profiles (every field, its Chinese label and unit)")
    async def schema_profile():
        return json_answer(engine.profile_schema())

    @app.post("/check", summary="Evaluate one profile (xacheck check --format json)", openapi_extra=profile_body)
    async def check(request: Request, as_of: str | None = None, lang: str | None = lang_q(),
                    pack: list[str] = Query([]), status: list[str] = Query([]),
                    sets: list[str] = Query([], alias="set")):
        prof, o, lg = await prepare(request)
        d, ids = day(o["as_of"], "as_of", lg), pack_ids(listed(o["pack"]), lg)

        def work():
            ans = engine.check(prof, d, lang=lg, packs=ids, statuses=listed(o["status"]), sets=listed(o["set"]))
            log.write("check", ans)
            return ans.to_dict()
        return json_answer(await run(guarded(work, lg), lg))

    @app.post("/gaps", summary="The smallest change that makes each missed rule apply (xacheck gaps)",
              openapi_extra=profile_body)
    async def gaps(request: Request, as_of: str | None = None, lang: str | None = lang_q(),
                   pack: list[str] = Query([]), sets: list[str] = Query([], alias="set"),
                   top: int = Query(10, ge=0)):
        prof, o, lg = await prepare(request)
        d, ids = day(o["as_of"], "as_of", lg), pack_ids(listed(o["pack"]), lg)
        n = int(o["top"]) if str(o.get("top") or "").isdigit() else top
        return json_answer(await run(guarded(lambda: engine.gaps(prof, d, lang=lg, packs=ids, sets=listed(o["set"]),
                                                                 top=n).to_dict(), lg), lg))

    @app.post("/diff", summary="What is gained, lost or expiring (xacheck diff)", openapi_extra={"requestBody": {
        "required": True, "description": "A profile with ?set=… or ?to=…, or {\"profile\": {…}, \"other\": {…}}",
        "content": {"application/json": {"schema": {"type": "object"}}}}})
    async def diff(request: Request, as_of: str | None = None, to: str | None = None, lang: str | None = lang_q(),
                   pack: list[str] = Query([]), sets: list[str] = Query([], alias="set"),
                   within: int = Query(90, ge=0)):
        lg0 = _lang(request)
        data, doc = await body_mapping(request, lg0)
        mapping, o = options(request, data)
        lg = o["lang"] if o.get("lang") in ("zh", "en") else lg0
        before = profile_of(mapping, doc if mapping is data else None, lg)
        other = o.get("other")
        after = profile_of(other, None, lg) if isinstance(other, dict) else None
        d, t = day(o["as_of"], "as_of", lg), day(o.get("to"), "to", lg)
        if after is None and not listed(o["set"]) and t is None:
            raise ApiError(422, "diff_nothing", lg)
        w = int(o["within"]) if str(o.get("within") or "").isdigit() else within
        ids = pack_ids(listed(o["pack"]), lg)
        return json_answer(await run(guarded(lambda: engine.diff(before, after, as_of=d, to=t, sets=listed(o["set"]),
                                                                 within=w, lang=lg, packs=ids).to_dict(), lg), lg))

    async def _deadlines(request: Request, ics: bool):
        lg0 = _lang(request)
        q = request.query_params
        prof, opts, lg = None, {"as_of": q.get("as_of"), "pack": q.getlist("pack"), "within": q.get("within"),
                                "past": q.get("past")}, lg0
        if request.method == "POST":
            prof, opts, lg = await prepare(request)
        d, ids = day(opts["as_of"], "as_of", lg), pack_ids(listed(opts["pack"]), lg)
        within = opts.get("within")
        if within not in (None, ""):
            from ..deadlines import parse_within

            try:
                within = parse_within(str(within))
            except ValueError as exc:
                raise ApiError(422, "bad_param", lg, field="within", detail=str(exc)) from None
        past = str(opts.get("past") or "").lower() in ("1", "true", "yes")

        def work():
            ans = engine.deadlines(prof, d, within=within, past=past, lang=lg, packs=ids)
            return engine.ics(ans, lg) if ics else ans.to_dict()
        out = await run(guarded(work, lg), lg)
        if ics:
            return Response(out, media_type="text/calendar; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="xacheck-deadlines.ics"'})
        return json_answer(out)

    deadline_params = dict(summary="Every expiry, target date, switch and title renewal (xacheck deadlines)")

    @app.get("/deadlines", **deadline_params)
    async def deadlines_get(request: Request, as_of: str | None = None, within: str | None = Query(None, description="90d, 12w, 30"),
                            past: bool = False, pack: list[str] = Query([]), lang: str | None = lang_q()):
        return await _deadlines(request, False)

    @app.post("/deadlines", openapi_extra=profile_body, **deadline_params)
    async def deadlines_post(request: Request, as_of: str | None = None, within: str | None = None, past: bool = False,
                             pack: list[str] = Query([]), lang: str | None = lang_q()):
        return await _deadlines(request, False)

    @app.get("/deadlines.ics", summary="The deadlines as an iCalendar file")
    async def deadlines_ics_get(request: Request, as_of: str | None = None, within: str | None = None,
                                past: bool = False, pack: list[str] = Query([]), lang: str | None = lang_q()):
        return await _deadlines(request, True)

    @app.post("/deadlines.ics", summary="A profile's deadlines as an iCalendar file", openapi_extra=profile_body)
    async def deadlines_ics_post(request: Request, as_of: str | None = None, within: str | None = None,
                                 past: bool = False, pack: list[str] = Query([]), lang: str | None = lang_q()):
        return await _deadlines(request, True)

    @app.post("/report", summary="The client report: one self-contained HTML page (xacheck report)",
              response_class=HTMLResponse, openapi_extra=profile_body)
    async def report(request: Request, as_of: str | None = None, lang: str | None = lang_q(),
                     pack: list[str] = Query([]), format: str = Query("html", pattern="^(html|markdown)$")):
        prof, o, lg = await prepare(request)
        d, ids = day(o["as_of"], "as_of", lg), pack_ids(listed(o["pack"]), lg)
        text = await run(guarded(lambda: engine.report(prof, d, lang=lg, packs=ids, fmt=format), lg), lg)
        if format == "markdown":
            return Response(text, media_type="text/markdown; charset=utf-8")
        return HTMLResponse(text, headers={"Content-Security-Policy": CSP})

    @app.post("/batch", summary="Score a spreadsheet: every row out (xacheck batch)", openapi_extra={"requestBody": {
        "required": True, "description": "multipart/form-data with a 'file' part, or the file itself as the body "
                                         "with ?filename=clients.xlsx",
        "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def batch(request: Request, as_of: str | None = None, lang: str | None = lang_q(),
                    pack: list[str] = Query([]), format: str = Query("csv", pattern="^(csv|xlsx|jsonl|parquet)$"),
                    filename: str | None = Query(None, description="the upload's name (its extension tells the format)"),
                    sets: list[str] = Query([], alias="set")):
        lg = _lang(request)
        d, ids = day(as_of, "as_of", lg), pack_ids(pack, lg)
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            form = await request.form(max_files=1, max_fields=8)
            up = form.get("file")
            if up is None or isinstance(up, str):
                raise ApiError(400, "upload_missing", lg, field="file")
            name, content = up.filename or "", await up.read()
        else:
            name, content = filename or "", await request.body()
        if not content:
            raise ApiError(400, "upload_missing", lg, field="file")
        suffix = Path(name).suffix.lower()  # only the extension of the client's name is used, never the name
        if suffix not in UPLOAD_SUFFIXES:
            raise ApiError(415, "upload_type", lg, field="file", value=suffix or name[-20:])
        return await run(lambda: _score_upload(engine, content, suffix, format, d, ids, lg, sets), lg)

    # ------------------------------------------------------------------ pages
    from . import docs_page, page

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request):
        q = request.query_params
        lg = "en" if q.get("lang") == "en" else "zh"  # the page is Chinese unless switched (not Accept-Language)
        html = page.form_page(engine, lg, q.get("type") or "enterprise", {}, None, today_text())
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP})

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def answer_page(request: Request):
        form = await request.form(max_files=0, max_fields=400)
        lg = "en" if (form.get("switch_lang") or form.get("lang")) == "en" else "zh"
        status, html = await run(lambda: page.answer(engine, form, lg, today_text(), log), lg)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs(request: Request):
        return HTMLResponse(docs_page.render(app.openapi(), _lang(request)), headers={"Content-Security-Policy": CSP})

    _add_profile_schema(app, engine)
    return app


def from_env() -> FastAPI:
    """The app of one worker process of ``xacheck serve --processes N`` (configuration from the parent)."""
    import os

    from .config import ENV

    return create_app(ServerConfig.from_json(os.environ[ENV]))


def today_text() -> str:
    from ..engine import today

    return today().isoformat()


def _add_profile_schema(app: FastAPI, engine: Engine) -> None:
    """The OpenAPI description names the profile schema (the same as ``xacheck schema profile``)."""
    base = app.openapi

    def openapi():
        if app.openapi_schema:
            return app.openapi_schema
        spec = base()
        schema = dict(engine.profile_schema())
        schema.pop("$schema", None)
        spec.setdefault("components", {}).setdefault("schemas", {})["Profile"] = schema
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def _score_upload(engine: Engine, content: bytes, suffix: str, fmt: str, as_of, ids, lang: str, sets) -> Response:
    """Write the upload under a server-made name in a private folder, score it, answer the scored file."""
    import tempfile

    from ..batch.readers import InputError
    from ..batch.runner import BatchOptions, run

    with tempfile.TemporaryDirectory(prefix="xacheck-batch-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        out = Path(tmp) / f"scored.{fmt}"
        src.write_bytes(content)
        opts = BatchOptions(input=str(src), output=str(out), as_of=as_of or _today(), pack_ids=tuple(ids), lang=lang,
                            sets=tuple(sets))
        try:
            summary, _ = run(opts, list(engine.packs), engine.registry)
        except InputError as exc:
            raise ApiError(422, "input_error", lang, field="file", code=exc.code,
                           detail=str(exc).replace(str(src), "upload")) from None
        except XacheckError as exc:
            raise ApiError(422, "input_error", lang, field="file", code=exc.code,
                           detail=str(exc).replace(str(src), "upload")) from None
        data = out.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="scored.{fmt}"',
               "X-Xacheck-Rows": str(summary.rows), "X-Xacheck-Error-Rows": str(summary.error_rows)}
    return Response(data, media_type=MEDIA[fmt], headers=headers)


def _today() -> _dt.date:
    from ..engine import today

    return today()
