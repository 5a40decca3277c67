"""Accounts in a real browser, with a real SMTP server (aiosmtpd) catching Haven's mail: sign up, follow
the mailed link, sign in, sign out, reset the password — on SQLite and on PostgreSQL — and axe-core on
every account, moderation and admin page."""

import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from axe_selenium_python import Axe
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BINARY, ROOT, free_port, make_browser, start_haven

PASSWORD = "a long browser passphrase"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class Inbox:
    """aiosmtpd handler: keeps every message, parsed by Python's own email package."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def wait_for(self, recipient, subject_part, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for rcpts, message in self.messages:
                    if recipient in rcpts and subject_part in str(message["Subject"]):
                        return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {recipient} about {subject_part!r}; got {self.summary()}")

    def summary(self):
        with self.lock:
            return [(rcpts, str(m["Subject"])) for rcpts, m in self.messages]


@pytest.fixture(scope="module")
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def databases():
    yield "sqlite"
    if os.environ.get("HAVEN_TEST_POSTGRES_URL"):
        yield "postgres"


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, capture_output=True)


class Server:
    def __init__(self, url, database_url, folder):
        self.url = url
        self.database_url = database_url
        self.folder = folder

    def haven(self, *arguments, input=None):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.folder, "DATABASE_URL": self.database_url}
        return subprocess.run([str(BINARY), *arguments], cwd=ROOT, env=env, input=input, capture_output=True,
                              text=True, timeout=60)

    def add_moderation_item(self, priority):
        """The queue has no user content of its own yet (stories, posts come later): put an item in directly."""
        item = str(uuid.uuid4()).upper()
        now = time.time()
        if self.database_url.startswith("sqlite:"):
            import sqlite3
            with sqlite3.connect(self.database_url[len("sqlite:"):]) as db:
                db.execute("INSERT INTO moderation_items (id, created_at, updated_at, kind, subject_id, reason, details, "
                           "priority, status) VALUES (?, ?, ?, 'story', 's-1', 'worried', 'Sounds in danger', ?, 'open')",
                           (item, now, now, priority))
        else:
            psql(self.database_url, "INSERT INTO moderation_items (id, created_at, updated_at, kind, subject_id, reason, "
                 f"details, priority, status) VALUES ('{item}', now(), now(), 'story', 's-1', 'worried', "
                 f"'Sounds in danger', {priority}, 'open')")
        return item


@pytest.fixture(scope="module", params=list(databases()))
def server(request, inbox, stand_in):
    _, smtp_port = inbox
    folder = tempfile.mkdtemp(prefix="haven-accounts-")
    if request.param == "sqlite":
        database_url = f"sqlite:{folder}/haven.sqlite"
        drop = lambda: None
    else:
        admin_url = os.environ["HAVEN_TEST_POSTGRES_URL"]
        name = "haven_browser_" + uuid.uuid4().hex[:12]
        psql(admin_url, f"CREATE DATABASE {name}")
        database_url = admin_url.rsplit("/", 1)[0] + "/" + name
        drop = lambda: psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "DATABASE_URL": database_url,
        "HAVEN_BASE_URL": url, "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "HAVEN_QUICK_EXIT_URL": f"{stand_in}/weather", "LOG_LEVEL": "info",
    }
    process, _, _ = start_haven(env, folder, port)
    yield Server(url, database_url, folder)
    process.kill()
    process.wait()
    drop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def browser():
    driver = make_browser(javascript=True)
    yield driver
    driver.quit()


def fill(driver, values):
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def submit(driver, form_action):
    """Submits a form and waits for the next page, so the test never reads the old one."""
    click_and_wait(driver, f'main form[action="{form_action}"] button[type="submit"]')


def click_and_wait(driver, selector):
    """Clicks, waits until the old page is gone and the new one has finished loading."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    try:
        driver.find_element(By.CSS_SELECTOR, selector).click()
    except WebDriverException as error:
        # Chrome sometimes reports the click's own navigation as an error about the node it clicked, whose
        # document is already gone; the wait below still checks that the navigation happened.
        if "does not belong to the document" not in str(error):
            raise
    wait = WebDriverWait(driver, 15)
    wait.until(gone(old_page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def gone(element):
    """Like Selenium's `staleness_of`, but Chrome sometimes answers a question about a node of a page that
    has just been replaced with "does not belong to the document" instead of a stale-element error: that,
    too, means the old page is gone."""
    def predicate(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return predicate


def text_part(message):
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    return parts["text/plain"], parts["text/html"]


def link_in(text, path):
    match = re.search(r"(http://\S+" + re.escape(path) + r"\S*)", text)
    assert match, text
    return match.group(1)


def axe_violations(driver, artifacts, name):
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": WCAG}})
    (artifacts / f"axe-{name}.json").write_text(str(results["violations"]))
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results["violations"]]


def test_sign_up_verify_sign_in_and_out(server, inbox, browser, artifacts):
    handler, _ = inbox
    address = f"river-{uuid.uuid4().hex[:8]}@example.org"
    browser.get(server.url + "/sign-up")
    assert axe_violations(browser, artifacts, "sign-up") == []
    fill(browser, {"display_name": "River", "email": address, "password": "short"})
    submit(browser, "/sign-up")
    # The form comes back with the problem next to the field and what was typed kept.
    assert "Use at least 10 characters" in browser.page_source
    assert browser.find_element(By.NAME, "email").get_attribute("value") == address
    assert axe_violations(browser, artifacts, "sign-up-errors") == []
    fill(browser, {"password": PASSWORD})
    submit(browser, "/sign-up")
    assert "Check your inbox" in browser.title

    message = handler.wait_for(address, "Confirm your email address")
    assert message["To"].addresses[0].addr_spec == address
    assert message["Message-ID"] and message["Date"].datetime is not None
    text, html = text_part(message)
    assert "You got this mail because" in text
    link = link_in(text, "/account/verify?token=")
    assert link.startswith(server.url)
    assert link.replace("&", "&amp;") in html or link in html

    browser.get(link)
    submit(browser, "/account/verify")
    assert "Your address is confirmed" in browser.page_source, browser.title + " " + browser.find_element(By.TAG_NAME, "main").text

    browser.get(server.url + "/sign-in")
    assert browser.get_cookies() == []  # reading sets no cookie
    fill(browser, {"email": address, "password": "wrong password here"})
    submit(browser, "/sign-in")
    assert "do not match an account" in browser.page_source
    assert axe_violations(browser, artifacts, "sign-in-error") == []
    fill(browser, {"email": address, "password": PASSWORD})
    submit(browser, "/sign-in")
    assert browser.current_url == server.url + "/account"
    cookie = browser.get_cookie("haven_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and "expiry" not in cookie
    assert address in browser.page_source
    assert axe_violations(browser, artifacts, "account") == []

    click_and_wait(browser, "form.sign-out button")
    assert browser.current_url == server.url + "/"
    assert browser.get_cookie("haven_session") is None
    browser.get(server.url + "/account")
    assert browser.current_url.startswith(server.url + "/sign-in?next=")


def test_password_reset_by_mail(server, inbox, browser, artifacts):
    handler, _ = inbox
    address = f"reset-{uuid.uuid4().hex[:8]}@example.org"
    made = server.haven("user", "create", "--email", address, "--name", "Resetter", input=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr

    browser.get(server.url + "/password/forgot")
    assert axe_violations(browser, artifacts, "forgot") == []
    fill(browser, {"email": address})
    submit(browser, "/password/forgot")
    assert "Check your inbox" in browser.title
    text, _ = text_part(handler.wait_for(address, "Reset your Haven password"))
    assert "one hour" in text
    browser.get(link_in(text, "/password/reset?token="))
    assert axe_violations(browser, artifacts, "reset") == []
    fill(browser, {"password": "a different passphrase now"})
    submit(browser, "/password/reset")
    assert "Your password has been changed" in browser.page_source

    browser.get(server.url + "/sign-in")
    fill(browser, {"email": address, "password": PASSWORD})
    submit(browser, "/sign-in")
    assert "do not match an account" in browser.page_source
    fill(browser, {"email": address, "password": "a different passphrase now"})
    submit(browser, "/sign-in")
    assert browser.current_url == server.url + "/account"


def test_staff_pages_have_no_accessibility_violations(server, browser, artifacts):
    address = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    made = server.haven("user", "create", "--email", address, "--role", "admin", "--name", "Ada Admin",
                        input=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    urgent = server.add_moderation_item(0)
    server.add_moderation_item(2)
    browser.get(server.url + "/sign-in")
    fill(browser, {"email": address, "password": PASSWORD})
    submit(browser, "/sign-in")

    pages = ["/moderation", f"/moderation/{urgent}", "/admin", "/admin/people", "/admin/outbox", "/admin/audit",
             "/admin/organizations",
             "/account/tokens", "/account/delete", "/report?kind=story&subject=s-1"]
    for path in pages:
        browser.get(server.url + path)
        assert browser.find_element(By.CSS_SELECTOR, "aside.crisis-banner")
        assert browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]")
        name = path.strip("/").replace("/", "-").split("?")[0]
        assert axe_violations(browser, artifacts, name) == [], path

    # The urgent item is first in the queue and can be claimed without JavaScript tricks: a plain form.
    browser.get(server.url + "/moderation")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
    assert "Urgent" in rows[0].text
    browser.get(server.url + f"/moderation/{urgent}")
    click_and_wait(browser, f'form[action="/moderation/{urgent}/claim"] button')
    assert "Ada Admin" in browser.page_source

    # A new token is shown once, on a page that is itself accessible.
    browser.get(server.url + "/account/tokens")
    fill(browser, {"name": "Sync"})
    submit(browser, "/account/tokens")
    assert re.search(r"haven_[A-Za-z0-9_-]{43}", browser.page_source)
    assert axe_violations(browser, artifacts, "token-created") == []

    # An organization's page, with its staff form.
    browser.get(server.url + "/admin/organizations")
    fill(browser, {"name": "Northside Peer Line"})
    submit(browser, "/admin/organizations")
    assert "Northside Peer Line" in browser.title
    assert axe_violations(browser, artifacts, "organization") == []

    # An outbox mail is readable by admins.
    browser.get(server.url + "/admin/outbox")
    links = browser.find_elements(By.CSS_SELECTOR, "main table a")
    if links:
        click_and_wait(browser, "main table a")
        assert axe_violations(browser, artifacts, "outbox-mail") == []


def test_account_pages_fit_a_320px_screen(server, artifacts):
    address = f"narrow-{uuid.uuid4().hex[:8]}@example.org"
    made = server.haven("user", "create", "--email", address, "--role", "admin", "--name", "Narrow Admin",
                        input=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    narrow = make_browser(javascript=True)
    try:
        # Headless Chrome will not make a window narrower than about 500 px; emulate a 320 px phone instead.
        narrow.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        pages = ["/sign-up", "/sign-in", "/password/forgot"]
        for path in pages:
            narrow.get(server.url + path)
            overflow = narrow.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        narrow.get(server.url + "/sign-in")
        fill(narrow, {"email": address, "password": PASSWORD})
        submit(narrow, "/sign-in")
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        for path in ["/account", "/moderation", "/admin", "/admin/people", "/admin/outbox", "/admin/audit"]:
            narrow.get(server.url + path)
            overflow = narrow.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
            narrow.save_screenshot(str(artifacts / f"{path.strip('/').replace('/', '-')}-320.png"))
    finally:
        narrow.quit()
