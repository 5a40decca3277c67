"""The API against its own description, judged by independent validators: openapi-spec-validator for the
document, jsonschema for every response body against the schema the document gives for that status."""

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
import pytest
from openapi_spec_validator import validate

from conftest import BINARY, ROOT, free_port, start_haven

PASSWORD = "a long api passphrase"


@pytest.fixture(scope="module")
def api():
    folder = tempfile.mkdtemp(prefix="haven-api-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "DATABASE_URL": f"sqlite:{folder}/haven.sqlite"}
    made = subprocess.run([str(BINARY), "user", "create", "--email", "org@example.org", "--role", "organizer",
                           "--name", "Org"], cwd=ROOT, env=env, input=PASSWORD + "\n", capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    port = free_port()
    env["HAVEN_BASE_URL"] = f"http://127.0.0.1:{port}"
    process, url, _ = start_haven(env, folder, port)
    yield url
    process.kill()
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def call(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def schema_for(document, path, method, status):
    response = document["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].split("/")[-1]]
    schema = response["content"]["application/json"]["schema"]
    # Resolve the document's own $refs by giving jsonschema the whole document as the root.
    return {"$ref": schema["$ref"], "components": document["components"]} if "$ref" in schema else schema


def check(document, path, method, status, body):
    schema = schema_for(document, path, method, status)
    jsonschema.validate(json.loads(body), schema, format_checker=jsonschema.FormatChecker())


def test_the_document_is_valid_openapi_and_responses_conform(api):
    plain = urllib.request.build_opener(NoRedirect)
    status, headers, body = call(plain, api + "/api/openapi.json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    document = json.loads(body)
    validate(document)  # raises on any departure from OpenAPI 3.1

    # Without credentials: 401 in the documented error shape.
    status, _, body = call(plain, api + "/api/v1/me")
    assert status == 401
    check(document, "/api/v1/me", "get", 401, body)
    status, _, body = call(plain, api + "/api/v1/me", headers={"Authorization": "Bearer haven_not-a-token"})
    assert status == 401
    check(document, "/api/v1/me", "get", 401, body)

    # With a session cookie.
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    form = urllib.parse.urlencode({"email": "org@example.org", "password": PASSWORD}).encode()
    status, _, _ = call(browser, api + "/sign-in", data=form, headers={"Origin": api})
    assert status == 303
    status, _, body = call(browser, api + "/api/v1/me")
    assert status == 200
    check(document, "/api/v1/me", "get", 200, body)

    # With a personal API token made on the tokens page.
    _, _, page = call(browser, api + "/account/tokens")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"name": "validator", "csrf_token": csrf}).encode()
    _, _, page = call(browser, api + "/account/tokens", data=form, headers={"Origin": api})
    token = re.search(r"(haven_[A-Za-z0-9_-]{43})", page).group(1)
    status, _, body = call(plain, api + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    check(document, "/api/v1/me", "get", 200, body)
    assert json.loads(body)["role"] == "organizer"
