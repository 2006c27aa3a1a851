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
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request, session,
                   url_for)

bp = Blueprint("auth", __name__)
_FAILED: dict[str, list[float]] = {}
_MAX_FAILS, _WINDOW = 5, 300.0


def secret_key(data_dir: Path) -> bytes:
    """The session key, kept in the data folder so logins survive a restart; readable by us only."""
    path = Path(data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
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
    return session.get("user")


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


def _throttled(name: str) -> bool:
    now = time.monotonic()
    recent = [t for t in _FAILED.get(name, []) if now - t < _WINDOW]
    _FAILED[name] = recent
    return len(recent) >= _MAX_FAILS


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        check_csrf()
        name = request.form.get("name", "")
        if _throttled(name):
            error = "尝试次数过多，请五分钟后再试"
        elif current_app.config["COLLECTIONS"].authenticate(name, request.form.get("password", "")):
            session.clear()
            session["user"] = name
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("collections.index"))
        else:
            _FAILED.setdefault(name, []).append(time.monotonic())
            error = "用户名或密码不正确"
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    check_csrf()
    session.clear()
    return redirect(url_for("collections.index"))


@bp.app_context_processor
def inject_auth() -> dict:
    return {"csrf_token": csrf_token, "current_user": current_user}


@bp.before_app_request
def load_user() -> None:
    g.user = current_user()
