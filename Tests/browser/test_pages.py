"""Browser checks of the page shell: every page type renders with the crisis banner and quick exit, the
quick exit leaves (with and without JavaScript, and by Shift x3 without leaving a history entry), and
axe-core finds no WCAG 2.2 A/AA violations."""

import http.client
import time

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

# name, path, expected status of the page
PAGE_TYPES = [
    ("home", "/"),
    ("help", "/help"),
    ("help-gb", "/help?country=GB"),
    ("browse-safely", "/browse-safely"),
    ("not-found", "/no-such-page"),
    ("home-es", "/?lang=es"),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results["violations"]


def describe(violations):
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.mark.parametrize("name,path", PAGE_TYPES)
def test_page_renders_with_banner_and_quick_exit(browser, haven, artifacts, name, path):
    browser.get(haven.url + path)
    banner = browser.find_element(By.CSS_SELECTOR, "aside.crisis-banner")
    assert banner.is_displayed()
    assert banner.find_element(By.CSS_SELECTOR, "a[href='/help']").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "a.crisis-banner__number").get_attribute("href") == "tel:988"
    exit_button = browser.find_element(By.CSS_SELECTOR, "[data-quick-exit]")
    assert exit_button.is_displayed()
    # With JavaScript, the Shift hint is revealed.
    assert browser.find_element(By.CSS_SELECTOR, ".quick-exit__hint").is_displayed()
    browser.save_screenshot(str(artifacts / f"{name}.png"))


@pytest.mark.parametrize("name,path", PAGE_TYPES)
def test_axe_finds_no_wcag22_violations(browser, haven, name, path):
    browser.get(haven.url + path)
    violations = axe_violations(browser)
    assert violations == [], describe(violations)


def test_axe_reports_violations_on_a_page_known_to_have_them(browser, stand_in):
    """The zero above means something only if the checker can say otherwise."""
    browser.get(stand_in + "/violations")
    ids = {v["id"] for v in axe_violations(browser)}
    assert {"image-alt", "label", "html-has-lang"} <= ids, ids


def test_quick_exit_link_works_without_javascript(browser_without_js, haven, stand_in):
    browser_without_js.get(haven.url + "/help")
    # The script did not run: the Shift hint stays hidden, the link is all there is.
    assert not browser_without_js.find_element(By.CSS_SELECTOR, ".quick-exit__hint").is_displayed()
    browser_without_js.find_element(By.CSS_SELECTOR, "[data-quick-exit]").click()
    WebDriverWait(browser_without_js, 10).until(lambda d: d.current_url.startswith(stand_in + "/weather"))


def test_quick_exit_button_with_javascript_leaves_no_history_entry(browser, haven, stand_in):
    browser.get(stand_in + "/start")
    browser.get(haven.url + "/")
    browser.find_element(By.CSS_SELECTOR, "[data-quick-exit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith(stand_in + "/weather"))
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith(stand_in + "/start"))
    assert not browser.current_url.startswith(haven.url)


def test_three_shift_presses_leave_and_back_does_not_return(browser, haven, stand_in):
    browser.get(stand_in + "/start")
    browser.get(haven.url + "/help")
    for _ in range(3):
        ActionChains(browser).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith(stand_in + "/weather"))
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith(stand_in + "/start"))
    assert not browser.current_url.startswith(haven.url)


def test_two_shift_presses_do_nothing(browser, haven):
    browser.get(haven.url + "/")
    for _ in range(2):
        ActionChains(browser).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    time.sleep(0.5)
    assert browser.current_url.startswith(haven.url)


def test_country_chooser_works_without_javascript(browser_without_js, haven):
    browser_without_js.get(haven.url + "/help")
    select = browser_without_js.find_element(By.ID, "country")
    select.find_element(By.CSS_SELECTOR, "option[value='GB']").click()
    browser_without_js.find_element(By.CSS_SELECTOR, "form.chooser button[type=submit]").click()
    WebDriverWait(browser_without_js, 10).until(lambda d: "country=GB" in d.current_url)
    first_line = browser_without_js.find_element(By.CSS_SELECTOR, "ul.lines article h3")
    assert first_line.text == "Samaritans"


def test_usable_on_a_320px_screen(haven, artifacts):
    from conftest import make_browser

    narrow = make_browser(javascript=True)
    # Headless Chrome will not make a window narrower than about 500 px; emulate a 320 px phone instead.
    narrow.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        for name, path in PAGE_TYPES[:4]:
            narrow.get(haven.url + path)
            assert narrow.execute_script("return window.innerWidth") == 320
            overflow = narrow.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
            narrow.save_screenshot(str(artifacts / f"{name}-320.png"))
    finally:
        narrow.quit()


def test_logs_hold_no_address_email_or_content(haven):
    """Requests from a distinct loopback address carrying an email and words in the query and body leave
    none of them in the server's log, even at debug level."""
    host, port = haven.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), source_address=("127.0.0.5", 0), timeout=10)
    connection.request("GET", "/help?country=GB&note=alex.doe%40example.org+feeling+hopeless")
    connection.getresponse().read()
    connection.request("POST", "/no-such-form", body="email=alex.doe@example.org&story=feeling+hopeless",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    connection.getresponse().read()
    connection.close()
    time.sleep(0.3)
    log = haven.log()
    assert '"route":"/help"' in log, "the requests were logged"
    for secret in ("127.0.0.5", "alex.doe", "example.org", "hopeless"):
        assert secret not in log, f"the log holds {secret!r}"
