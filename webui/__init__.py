"""The web UI and JSON API: `create_app()` is the application factory.

Like Datasette, every HTML page has a JSON twin; like Flask's tutorial app, the
app is built by a factory from config, with blueprints and autoescaped Jinja
templates.  The data folder (library.datadir) holds the one Searcher, reused and refreshed per
request (cheap when nothing was committed); views ask for it, the store and the collections
through `webui.context`.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

from library.datadir import DataDir
from webui import advanced, api, auth, browse, corrections, curation, security, views, work


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    config = dict(test_config or {})
    data = DataDir(Path(config.pop("DATA_DIR", None) or os.environ.get("NEWSARCHIVE_DATA") or "data"))
    app.config.update(DATA_DIR=data.path, DATA=data, STORE=data.store(), COLLECTIONS=data.collections(),
                      SECRET_KEY=auth.secret_key(data.path), SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", MAX_CONTENT_LENGTH=1 << 20)
    app.config.update(config)
    app.json = _SafeJSON(app)
    for blueprint in (browse.bp, views.bp, advanced.bp, api.bp, auth.bp, curation.bp, corrections.bp, work.bp):
        app.register_blueprint(blueprint)
    app.after_request(security.add_headers)
    app.register_error_handler(HTTPException, _error)
    return app


class _SafeJSON(DefaultJSONProvider):
    """UTF-8 JSON with <, > and & escaped, so article text can never be read as markup."""

    ensure_ascii = False

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _error(exc: HTTPException):
    message = exc.description or exc.name
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        return jsonify({"error": message, "status": exc.code}), exc.code
    return render_template("error.html", code=exc.code, message=message), exc.code
