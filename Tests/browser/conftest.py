"""Fixtures for Haven's browser checks: a running `haven serve`, a stand-in neutral site for the quick
exit, and headless Chromium with and without JavaScript. Nothing here reaches beyond 127.0.0.1."""

import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("HAVEN_ARTIFACTS", ROOT / ".build" / "browser-artifacts"))
BINARY = Path(os.environ.get("HAVEN_BINARY", ROOT / ".build" / "debug" / "haven"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Pages of the stand-in sites: the quick exit's neutral destination, a page to start history from, and a page
# with known accessibility violations (to prove the checker can fail).
PAGES = {
    "/weather": "<!doctype html><html lang=en><head><title>Weather</title></head><body><h1>Weather</h1></body></html>",
    "/start": "<!doctype html><html lang=en><head><title>Start</title></head><body><h1>Start</h1></body></html>",
    "/violations": (
        "<!doctype html><html><head><title>Bad</title></head><body>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><input type=text>"
        "<p style='color:#bbb;background:#fff'>low contrast</p><a href='#'></a></body></html>"
    ),
}


class StandInHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGES.get(self.path.split("?")[0])
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((body or "not found").encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def stand_in():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), StandInHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class Haven:
    def __init__(self, url, log_path):
        self.url = url
        self.log_path = log_path

    def log(self):
        return Path(self.log_path).read_text()


def start_haven(env, folder, port, command="serve"):
    """Starts `haven serve` (or `haven demo`) with exactly `env` and waits until /healthz answers. Returns
    the process, its address and its log file."""
    log_path = os.path.join(folder, "haven.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(BINARY), command, "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("haven serve did not start:\n" + Path(log_path).read_text())
        time.sleep(0.1)
    return process, url, log_path


@pytest.fixture(scope="session")
def haven(stand_in):
    folder = tempfile.mkdtemp(prefix="haven-browser-")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": folder,
        "DATABASE_URL": f"sqlite:{folder}/haven.sqlite",
        "HAVEN_QUICK_EXIT_URL": f"{stand_in}/weather",
        "LOG_LEVEL": "debug",
    }
    process, url, log_path = start_haven(env, folder, free_port())
    yield Haven(url, log_path)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


def make_browser(javascript=True, width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", f"--window-size={width},{height}"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def browser():
    driver = make_browser(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js():
    driver = make_browser(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
