"""Librarian login and CSRF protection for every route that changes data.

Reading never needs an account.  Writing needs a logged-in librarian (accounts
are made with `newsarchive user add`), and every state-changing request must
carry the session's CSRF token, as a hidden form field or an `X-CSRF-Token`
header, so another site cannot make a librarian's browser edit collections.
"""
from __future__ import annotations

import hmac
import os
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for

bp = Blueprint("auth", __name__)
FREE_FAILS = 3            # failures before any delay, per client address and per (address, name)
FREE_FAILS_PER_NAME = 20  # from every address together: a slow, spread-out guess at one account
MAX_DELAY = 300.0         # seconds; delays double from 1 s up to this, and expire after it
MAX_TRACKED = 10_000      # failure records kept (oldest dropped): an attacker cannot fill memory
KEY_BYTES = 32            # the session key's length
HASHING = threading.BoundedSemaphore(2)   # password checks at once: a flood cannot take every core
_FAILS: OrderedDict = OrderedDict()       # key -> (failures, time of the last)
_FAILS_LOCK = threading.Lock()


def secret_key(data_dir: Path) -> bytes:
    """The session key, kept in the data folder so logins survive a restart; readable by us only.

    Worker processes start together: each writes a whole key to a file of its own and links it
    into place; the first link wins, the others read the winner's, and none sees half a file.  A
    key file of the wrong length (left by a crash) is replaced."""
    path = Path(data_dir) / "secret.key"
    if path.exists() and len(path.read_bytes()) == KEY_BYTES:
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret.key.")     # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(draft, path)
        except FileExistsError:
            if len(path.read_bytes()) != KEY_BYTES:
                os.replace(draft, path)
    finally:
        Path(draft).unlink(missing_ok=True)
    return path.read_bytes()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Abort 400 unless a state-changing request carries this session's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="请求缺少有效的 CSRF 令牌，请刷新页面后重试")


def current_user() -> str | None:
    """The librarian of this session, if the session is still valid (not logged out, password unchanged)."""
    if "user_checked" not in g:
        name = session.get("user")
        token = current_app.config["COLLECTIONS"].session_token(name) if name else None
        g.user_checked = name if token and hmac.compare_digest(session.get("token", ""), token) else None
    return g.user_checked


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user():
            if request.path.startswith("/api/"):
                abort(401, description="需要馆员登录")
            return redirect(url_for("auth.login", next=request.full_path))
        check_csrf()
        return view(*args, **kwargs)
    return wrapped


def _keys(name: str) -> list[tuple]:
    addr = request.remote_addr or "?"
    return [("addr", addr), ("addr+name", addr, name), ("name", name)]


def _wait(name: str) -> float:
    """Seconds until this client may try this name again (0: now)."""
    now, longest = time.monotonic(), 0.0
    with _FAILS_LOCK:
        for key in _keys(name):
            count, last = _FAILS.get(key, (0, 0.0))
            free = FREE_FAILS_PER_NAME if key[0] == "name" else FREE_FAILS
            if count >= free:
                longest = max(longest, last + min(2.0 ** (count - free), MAX_DELAY) - now)
    return longest


def _failed(name: str) -> None:
    now = time.monotonic()
    with _FAILS_LOCK:
        for key in _keys(name):
            count, last = _FAILS.pop(key, (0, now))
            _FAILS[key] = (0 if now - last > MAX_DELAY else count) + 1, now
        while len(_FAILS) > MAX_TRACKED:
            _FAILS.popitem(last=False)


def _local(target: str) -> str | None:
    """`target` if it is a path on this site; None for anything a browser could read as another host."""
    if not target.startswith("/") or any(not c.isprintable() or c.isspace() or c == "\\" for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and not target.startswith("//") else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        check_csrf()
        name = request.form.get("name", "")[:200]
        wait = _wait(name)
        if wait > 0:
            error = f"尝试次数过多，请 {int(wait) + 1} 秒后再试"
        elif not HASHING.acquire(timeout=5):
            abort(503, description="登录请求过多，请稍后再试")
        else:
            try:
                ok = current_app.config["COLLECTIONS"].authenticate(name, request.form.get("password", ""))
            finally:
                HASHING.release()
            if ok:
                session.clear()
                session["user"], session["token"] = name, current_app.config["COLLECTIONS"].session_token(name)
                return redirect(_local(request.args.get("next", "")) or url_for("collections.index"))
            _failed(name)
            error = "用户名或密码不正确"
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    check_csrf()
    user = current_user()
    if user:
        current_app.config["COLLECTIONS"].end_sessions(user)
    session.clear()
    return redirect(url_for("collections.index"))


@bp.app_context_processor
def inject_auth() -> dict:
    return {"csrf_token": csrf_token, "current_user": current_user}


@bp.before_app_request
def load_user() -> None:
    g.user = current_user()
