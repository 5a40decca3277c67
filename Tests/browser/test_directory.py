"""The directory as people and other systems meet it: a person finds "a free Spanish-speaking support group
open now near Eastharbor" with JavaScript off and can call it; axe-core finds nothing on the directory's
pages; and the HSDS API's responses and the exported data package validate against the HSDS 3.1 JSON
schemas (Tests/fixtures/hsds), judged by Python's jsonschema."""

import csv
import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BINARY, ROOT, free_port, make_browser, start_haven
from test_accounts import click_and_wait, fill, submit
from test_pages import axe_violations, describe

HSDS = ROOT / "Tests" / "fixtures" / "hsds"
SCHEMAS = HSDS / "schema"


@pytest.fixture(scope="module")
def demo():
    """`haven demo` on a fresh SQLite file: the Harbor Valley demo region, served."""
    folder = tempfile.mkdtemp(prefix="haven-directory-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "DATABASE_URL": f"sqlite:{folder}/haven.sqlite"}
    process, url, _ = start_haven(env, folder, free_port(), command="demo")
    yield {"url": url, "env": env, "folder": folder}
    process.kill()
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def get_json(url):
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read())


# --- A person looking for help, with JavaScript off -----------------------------------------------------

def test_a_free_spanish_support_group_open_now_near_eastharbor_can_be_found_and_called(browser_without_js, demo, artifacts):
    driver = browser_without_js
    driver.get(demo["url"] + "/")
    click_and_wait(driver, 'nav.site-nav a[href="/directory"]')
    Select(driver.find_element(By.ID, "field-need")).select_by_visible_text("Support group")
    Select(driver.find_element(By.ID, "field-language")).select_by_visible_text("Spanish")
    driver.find_element(By.ID, "field-place").send_keys("Eastharbor")
    Select(driver.find_element(By.ID, "field-radius")).select_by_visible_text("10 km")
    driver.find_element(By.ID, "field-free").click()
    driver.find_element(By.ID, "field-open").click()
    submit(driver, "/directory")
    assert "within 10 km of Eastharbor" in driver.find_element(By.ID, "results-heading").text
    results = driver.find_elements(By.CSS_SELECTOR, ".results__list article")
    assert results, driver.page_source
    first = results[0]
    assert "Casa Esperanza Peer Respite" in first.text
    assert "Open 24 hours" in first.text and "Free" in first.text and "Spanish" in first.text and "km away" in first.text
    call = first.find_element(By.CSS_SELECTOR, "a[href^='tel:']")
    assert call.get_attribute("href") == "tel:+17155550112"
    # The choices survive: the form shows them again.
    assert driver.find_element(By.ID, "field-free").is_selected() and driver.find_element(By.ID, "field-open").is_selected()
    assert Select(driver.find_element(By.ID, "field-language")).first_selected_option.text == "Spanish"
    driver.save_screenshot(str(artifacts / "directory-search.png"))
    # The service page has the same call button and the week's hours.
    click_and_wait(driver, ".results__list article h3 a")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Casa Esperanza Peer Respite"
    assert driver.find_element(By.CSS_SELECTOR, "main a[href^='tel:']").get_attribute("href") == "tel:+17155550112"
    assert "(today)" in driver.find_element(By.CSS_SELECTOR, "table.hours").text
    driver.save_screenshot(str(artifacts / "directory-service.png"))


def test_paging_keeps_the_filters_without_javascript(browser_without_js, demo):
    driver = browser_without_js
    driver.get(demo["url"] + "/directory?q=group&language=en")
    click_and_wait(driver, 'nav.pagination a[rel="next"]')
    assert "page=2" in driver.current_url and "q=group" in driver.current_url and "language=en" in driver.current_url
    assert driver.find_element(By.ID, "field-q").get_attribute("value") == "group"


@pytest.mark.parametrize("path", ["/directory", "/directory?q=group&place=Millbrook&free=1", "/directory?q=suicide",
                                  "/directory?age=old", "/directory?lang=es&q=grupo"])
def test_axe_finds_nothing_on_directory_searches(browser, demo, path):
    browser.get(demo["url"] + path)
    violations = axe_violations(browser)
    assert violations == [], describe(violations)


def test_axe_finds_nothing_on_a_service_page_and_its_report_form(browser, demo):
    services = get_json(demo["url"] + "/api/hsds/services?search=circle&per_page=1")["contents"]
    service = services[0]["id"]
    for path in (f"/directory/services/{service}", f"/directory/services/{service}/report"):
        browser.get(demo["url"] + path)
        violations = axe_violations(browser)
        assert violations == [], path + "\n" + describe(violations)


def test_an_organizer_edits_a_listing_with_errors_explained_and_axe_finds_nothing(demo, artifacts):
    """The demo organizer (staff of Riverside Peer Support) in a browser of its own, so its session cookie
    never reaches the other tests' servers on 127.0.0.1."""
    driver = make_browser(javascript=True)
    try:
        driver.get(demo["url"] + "/sign-in")
        fill(driver, {"email": "organizer@haven-demo.example", "password": "haven-demo-passphrase"})
        submit(driver, "/sign-in")
        driver.get(demo["url"] + "/directory/manage")
        assert "Riverside Warmline" in driver.page_source
        violations = axe_violations(driver)
        assert violations == [], "manage\n" + describe(violations)
        click_and_wait(driver, "main table a")
        form_action = driver.find_element(By.CSS_SELECTOR, "main form.form").get_attribute("action").replace(demo["url"], "")
        fill(driver, {"phone0_number": "call us!", "languages": "en, xx"})
        submit(driver, form_action)
        summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
        assert "is not a phone number" in summary and "is not an ISO 639 language code" in summary
        assert driver.find_element(By.ID, "field-phone0_number").get_attribute("value") == "call us!"
        driver.save_screenshot(str(artifacts / "directory-edit-errors.png"))
        violations = axe_violations(driver)
        assert violations == [], "edit with errors\n" + describe(violations)
    finally:
        driver.quit()


# --- Other systems: the HSDS API and the data package, judged by the HSDS schemas ---------------------------

def registry():
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text())
        contents["$id"] = f"https://hsds.test/{path.name}"
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


REGISTRY = registry()


def validator(entity, required=None):
    schema = json.loads((SCHEMAS / f"{entity}.json").read_text())
    schema["$id"] = f"https://hsds.test/checked-{entity}.json"
    if required is not None:
        schema["required"] = required
    return jsonschema.Draft202012Validator(schema, registry=REGISTRY, format_checker=jsonschema.FormatChecker())


def assert_valid(entity, document):
    errors = sorted(validator(entity).iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], f"{entity}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def assert_page(page):
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"):
        assert key in page, key
    assert page["size"] == len(page["contents"]) <= 100


def test_hsds_api_responses_validate_against_the_hsds_schemas(demo):
    url = demo["url"] + "/api/hsds"
    root = get_json(url + "/")
    assert root["version"] == "3.1" and root["openapi_url"].endswith("/api/openapi.json")
    for query in ("?per_page=100", "?full=true&per_page=100", "?search=group&language=es", "?lat=44.5&lon=-89.5&radius_km=20&open_now=true"):
        page = get_json(url + "/services" + query)
        assert_page(page)
        for service in page["contents"]:
            assert_valid("service", service)
    services = get_json(url + "/services?per_page=100")["contents"]
    assert len(services) >= 60
    for service in services[:15]:
        full = get_json(url + f"/services/{service['id']}")
        assert_valid("service", full)
        assert "organization" in full and "service_at_locations" in full
    organization = services[0]["organization_id"]
    assert_valid("organization", get_json(url + f"/organizations/{organization}"))
    organizations = get_json(url + "/organizations?full=true")
    assert_page(organizations)
    for item in organizations["contents"]:
        assert_valid("organization", item)
    taxonomies = get_json(url + "/taxonomies")
    assert_page(taxonomies)
    for item in taxonomies["contents"]:
        assert_valid("taxonomy", item)
    terms = get_json(url + "/taxonomy_terms?per_page=100")
    assert terms["total_items"] >= 27
    for item in terms["contents"]:
        assert_valid("taxonomy_term", item)
    located = get_json(url + "/service_at_locations?postcode=00101&proximity=10000&full=true")
    assert_page(located)
    assert located["contents"]
    for item in located["contents"]:
        assert_valid("service_at_location", item)


def test_the_validator_rejects_what_hsds_does_not_allow():
    """The judge can fail: a service without a status, and one whose phones are not a list."""
    assert list(validator("service").iter_errors({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "X"}))
    assert list(validator("service").iter_errors(
        {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "X", "status": "active", "phones": {"number": "1"}}))


def rows_as_json(table_path, fields):
    """A CSV row as the JSON HSDS describes: numbers as numbers, empty cells left out."""
    with open(table_path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            document = {}
            for name, value in row.items():
                if value == "":
                    continue
                document[name] = float(value) if fields.get(name) == "number" else value
            yield document


def check_package(folder):
    package = json.loads((Path(folder) / "datapackage.json").read_text())
    checked = 0
    for resource in package["resources"]:
        entity = resource["name"]
        fields = {field["name"]: field["type"] for field in resource["schema"]["fields"]}
        schema = json.loads((SCHEMAS / f"{entity}.json").read_text())
        # The tabular form has only the scalar fields; a required nested object (service_capacity's unit)
        # is a separate table there.
        required = [name for name in schema.get("required", []) if name in fields]
        check = validator(entity, required=required)
        for document in rows_as_json(Path(folder) / resource["path"], fields):
            errors = list(check.iter_errors(document))
            assert errors == [], f"{resource['path']}: {document.get('id')}: " + "; ".join(e.message for e in errors[:3])
            checked += 1
    return checked


def test_the_exported_package_validates_row_by_row(demo):
    folder = tempfile.mkdtemp(prefix="haven-export-")
    try:
        result = subprocess.run([str(BINARY), "directory", "export", folder], cwd=ROOT, env=demo["env"],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert check_package(folder) > 500
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_hsds_example_imports_and_exports_to_a_valid_package():
    folder = tempfile.mkdtemp(prefix="haven-example-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "DATABASE_URL": f"sqlite:{folder}/haven.sqlite"}
    try:
        imported = subprocess.run([str(BINARY), "directory", "import", str(HSDS / "examples" / "csv")], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        assert imported.returncode == 0, imported.stderr
        exported = subprocess.run([str(BINARY), "directory", "export", folder + "/out"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        assert exported.returncode == 0, exported.stderr
        assert check_package(folder + "/out") >= 24
    finally:
        shutil.rmtree(folder, ignore_errors=True)
