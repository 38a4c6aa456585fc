"""The sandbox's HTTP server: the Bot API under /bot<token>/<method>, the control API, the chat page.

    python -m sandbox --port 8081 [--lenient]
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import web

from sandbox.botapi import BotApi
from sandbox.control import control_routes
from sandbox.files import UPLOAD_LIMIT
from sandbox.methods_files import Upload, too_large
from sandbox.params import ApiError, bad, decode_params, parse_json_body, parse_urlencoded
from sandbox.state import API, STATE, State

TOKEN = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")
CALL_METHODS = ("GET", "POST")


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _not_a_call() -> web.Response:
    """A Bot API method is called with GET or POST; another HTTP method (even HEAD) is refused, not served."""
    body = {"ok": False, "error_code": 405, "description": "Method Not Allowed"}
    return web.json_response(body, status=405, headers={"Allow": ", ".join(CALL_METHODS)})


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = parse_urlencoded(request.rel_url.raw_query_string)
    if request.method == "POST" and request.can_read_body:
        params.update(await _read_body(request))
    return decode_params(params)


async def _read_body(request: web.Request) -> dict[str, Any]:
    """The body's parameters; one Telegram could not read is a 400, never a server error."""
    if request.content_type == "application/json":
        return parse_json_body(await request.read())
    if request.content_type == "application/x-www-form-urlencoded":
        return parse_urlencoded(await request.read())
    if request.content_type != "multipart/form-data":
        return {}
    try:
        form = await request.post()
    except ValueError:  # no boundary, no parts, or text that is not UTF-8
        raise bad("can't parse multipart/form-data request") from None
    except web.HTTPRequestEntityTooLarge:  # over client_max_size: Telegram's answer to a file over its limit
        raise too_large() from None
    return {k: _upload(v) if isinstance(v, web.FileField) else v for k, v in form.items()}


def _upload(field: web.FileField) -> Upload:
    return Upload(field.filename or "", field.content_type, field.file.read())


def _chat_id(params: dict[str, Any]) -> int | None:
    try:
        return int(params.get("chat_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


async def bot_api(request: web.Request) -> web.Response:
    if request.method not in CALL_METHODS:
        return _not_a_call()
    state: State = request.app[STATE]
    api: BotApi = request.app[API]
    token = request.match_info["token"]
    match = TOKEN.match(token)
    state.token = state.token or (token if match else None)  # the sandbox is the bot of the first token used
    if not match or token != state.token:
        return _error(401, "Unauthorized")
    state.bot_id = state.bot_id or int(match.group(1))
    method = request.match_info["method"]
    started = time.monotonic()
    try:
        params = await _read_params(request)
    except ApiError as e:
        return _error(e.code, e.description)
    chat_id = _chat_id(params)
    entry: dict[str, Any] = {"method": method, "chat_id": chat_id, "time": started,
                             "params": {k: v for k, v in params.items() if k in ("text", "callback_query_id", "message_id", "offset", "allow_paid_broadcast")}}
    state.calls.append(entry)
    fault = state.take_fault(method, chat_id)
    try:
        if fault is not None:
            response = await _apply_fault(fault, api, method, params)
            if response is not None:
                entry["status"] = response.status
                return response
        result = await api.call(method, params)
    except ApiError as e:
        entry["status"] = e.code
        entry["description"] = e.description
        return _error(e.code, e.description, e.parameters)
    entry["status"] = 200
    return web.json_response({"ok": True, "result": result})


async def _apply_fault(fault: Any, api: BotApi, method: str, params: dict[str, Any]) -> web.Response | None:
    if fault.error == "timeout":
        if fault.deliver:
            try:
                await api.call(method, params)
            except ApiError:
                pass
        await asyncio.sleep(fault.delay)
        return _error(502, "Bad Gateway")
    code = int(fault.error)
    if code == 429:
        return _error(429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after})
    if code == 403:
        return _error(403, fault.description or "Forbidden: bot was blocked by the user")
    if code == 400:
        parameters = {"migrate_to_chat_id": fault.migrate_to_chat_id} if fault.migrate_to_chat_id else None
        return _error(400, fault.description or "Bad Request: chat not found", parameters)
    return _error(code, fault.description or ("Internal Server Error" if code == 500 else "Bad Gateway"))


async def file_download(request: web.Request) -> web.Response:
    """A file's bytes at the file_path getFile gave, under the bot's token: /file/bot<token>/<file_path>."""
    state: State = request.app[STATE]
    if request.match_info["token"] != state.token:
        return _error(401, "Unauthorized")
    stored = state.files.at_path(request.match_info["file_path"])
    if stored is None:
        return _error(404, "Not Found")
    return web.Response(body=stored.content, content_type=stored.mime_type)


async def chat_page(request: web.Request) -> web.Response:
    page = resources.files("sandbox").joinpath("static/chat.html").read_text(encoding="utf-8")
    return web.Response(text=page, content_type="text/html")


def build_app(state: State) -> web.Application:
    # Room for a file of Telegram's upload limit and the request's other fields; a bigger file is refused.
    app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
    app[STATE] = state
    app[API] = BotApi(state)
    app.router.add_route("*", "/bot{token}/{method}", bot_api)
    app.router.add_get("/file/bot{token}/{file_path:.+}", file_download)
    app.router.add_get("/", chat_page)
    control_routes(app)
    return app


@dataclass
class RunningSandbox:
    url: str
    state: State
    runner: web.AppRunner

    @property
    def api_base_url(self) -> str:
        return f"{self.url}/bot"

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_sandbox(
    host: str = "127.0.0.1", port: int = 0, *, bot_username: str = "newsdigest_bot", strict_limits: bool = True
) -> RunningSandbox:
    state = State(bot_username)
    state.limits.strict = strict_limits
    runner = web.AppRunner(build_app(state), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return RunningSandbox(f"http://{host}:{bound}", state, runner)
