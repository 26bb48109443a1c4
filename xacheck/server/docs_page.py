"""The API docs page at ``/docs``, rendered on the server from the OpenAPI description.

No Swagger UI: it would be fetched from a CDN or shipped as a megabyte of script, and an intranet
server has neither internet nor a reason to run scripts. The page lists every endpoint with its
parameters, request body and responses; ``/openapi.json`` is the machine-readable description.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any


def e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


CSS = """body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328}main{max-width:60rem;margin:auto;padding:1rem}
h2{border-top:1px solid #d1d9e0;padding-top:1rem;font-size:1.1rem}code,pre{background:#f6f8fa;padding:.1rem .3rem}
.m{display:inline-block;min-width:3.5rem;font-weight:700}table{border-collapse:collapse}td,th{padding:.2rem .6rem;
border-bottom:1px solid #d1d9e0;text-align:left;vertical-align:top}.muted{color:#59636e}"""


def _schema_text(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    t = schema.get("type") or "/".join(str(s.get("type")) for s in schema.get("anyOf", []) if s.get("type"))
    if t == "array":
        return f"list of {_schema_text(schema.get('items'))}"
    return str(t or "")


def render(spec: dict, lang: str = "zh") -> str:
    en = lang == "en"
    info = spec.get("info", {})
    out = [f"<h1>{e(info.get('title'))} {e(info.get('version'))} — {'HTTP API' if en else 'HTTP 接口'}</h1>",
           f"<p>{e(info.get('description'))}</p>",
           f'<p>{"Machine-readable" if en else "机器可读描述"}: <a href="/openapi.json">/openapi.json</a> · '
           f'{"Self-check page" if en else "自检页面"}: <a href="/">/</a></p>']
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            out.append(f'<h2 id="{e(method + path)}"><span class="m">{e(method.upper())}</span> <code>{e(path)}</code></h2>')
            out.append(f"<p>{e(op.get('summary'))}</p>")
            params = op.get("parameters") or []
            if params:
                rows = "".join(f"<tr><td><code>{e(p['name'])}</code></td><td>{e(p.get('in'))}</td>"
                               f"<td>{e(_schema_text(p.get('schema')))}</td>"
                               f"<td class=muted>{e(p.get('description') or (p.get('schema') or {}).get('description') or '')}</td></tr>"
                               for p in params)
                out.append(f"<table><tr><th>{'parameter' if en else '参数'}</th><th>in</th><th>type</th><th></th></tr>{rows}</table>")
            body = op.get("requestBody")
            if body:
                kinds = ", ".join(body.get("content", {}))
                out.append(f"<p>{'Body' if en else '请求正文'} ({e(kinds)}): {e(body.get('description') or '')}</p>")
            codes = ", ".join(sorted(op.get("responses", {})))
            out.append(f'<p class="muted">{"Responses" if en else "响应"}: {e(codes)}; '
                       + ('errors: {"error": {"status", "field", "label", "message", "detail"}} in the request\'s language'
                          if en else '错误：{"error": {"status", "field", "label", "message", "detail"}}，使用请求的语言')
                       + "</p>")
    schemas = spec.get("components", {}).get("schemas", {})
    if "Profile" in schemas:
        props = schemas["Profile"].get("properties", {})
        out.append(f"<h2 id=profile>{'Profile fields' if en else '档案字段'} ({len(props)})</h2>")
        rows = "".join(f"<tr><td><code>{e(k)}</code></td><td>{e(v.get('title') or '')}</td>"
                       f"<td class=muted>{e(v.get('description') or '')}</td></tr>" for k, v in props.items())
        out.append(f"<table>{rows}</table>")
    html_lang = "en" if en else "zh-CN"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            f"<title>xacheck API</title><style>{CSS}</style></head><body><main>{''.join(out)}</main></body></html>\n")


def spec_json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False)
