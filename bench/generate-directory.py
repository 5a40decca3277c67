#!/usr/bin/env python3
"""Writes a synthetic HSDS 3.1 tabular data package of N services for bench/directory.sh (not a test).

Deterministic (seeded): N services in N/10 organizations spread over a 400 x 400 km region around Harbor
Valley, each with a location, an address, a phone, weekly hours in one of four time zones, one or two
languages, a cost option and two or three taxonomy terms from Haven's default taxonomy. Names and
descriptions mix mental-health words with thousands of filler words, so a keyword search matches a
realistic share of the data.

    bench/generate-directory.py OUT_FOLDER [N]
"""
import csv, json, os, random, sys, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
out = Path(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(42)
out.mkdir(parents=True, exist_ok=True)

taxonomy = json.loads((ROOT / "Resources/Directory/taxonomy.json").read_text())
terms = {t["code"]: t["id"] for t in taxonomy["terms"]}
kinds = ["crisis-line", "warmline", "text-chat-support", "peer-led-group", "professional-group", "counselling",
         "psychiatry", "substance-use", "eating-disorders", "grief", "trauma", "family-carers"]
audiences = ["youth", "older-adults", "lgbtq", "veterans", "new-parents", "students"]
modalities = ["in-person", "phone", "text", "chat", "video"]
words = ["support", "group", "counselling", "anxiety", "depression", "grief", "recovery", "peer", "family", "youth",
         "wellbeing", "community", "circle", "clinic", "therapy", "listening", "friendship", "hope", "bridge", "haven",
         "harbor", "valley", "river", "pine", "stone", "north", "east", "west", "trauma", "healing", "care", "mind"]
zones = ["America/Chicago", "America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles"]
days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
languages = [("en", "English"), ("es", "Spanish"), ("vi", "Vietnamese"), ("hmn", "Hmong"), ("so", "Somali"), ("fr", "French")]
ident = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
# Real descriptions use thousands of words, so a search word matches a small share of listings: 4,000
# made-up filler words, with the domain words above making up about 15% of a description.
syllables = ["ba", "ce", "di", "fo", "gu", "ha", "ke", "li", "mo", "nu", "pa", "re", "si", "to", "vu", "wa", "ye", "zo"]
filler = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)})[:4000]
def description():
    return " ".join(rng.choice(words) if rng.random() < 0.15 else rng.choice(filler) for _ in range(rng.randint(15, 40))).capitalize() + "."

def writer(name, fields):
    handle = open(out / name, "w", newline="", encoding="utf-8")
    w = csv.writer(handle, lineterminator="\r\n")
    w.writerow(fields)
    return handle, w

files = {}
def table(name, fields):
    files[name] = writer(name, fields)
    return files[name][1]

orgs = table("organizations.csv", ["id", "name", "description", "email", "website"])
services = table("services.csv", ["id", "organization_id", "name", "description", "status", "assured_date", "minimum_age", "maximum_age", "last_modified"])
locations = table("locations.csv", ["id", "location_type", "organization_id", "name", "latitude", "longitude"])
at = table("service_at_location.csv", ["id", "service_id", "location_id"])
addresses = table("addresses.csv", ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"])
phones = table("phones.csv", ["id", "service_id", "number", "type"])
schedules = table("schedules.csv", ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "timezone_name"])
langs = table("languages.csv", ["id", "service_id", "name", "code"])
costs = table("cost_options.csv", ["id", "service_id", "option", "amount", "currency"])
attributes = table("attributes.csv", ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id"])

organization_ids = []
for i in range(max(1, n // 10)):
    oid = ident()
    organization_ids.append((oid, f"{rng.choice(words).title()} {rng.choice(words).title()} Network {i}"))
    orgs.writerow([oid, organization_ids[-1][1], "A synthetic organization for benchmarks.", f"org{i}@bench.example", f"https://org{i}.bench.example/"])

for i in range(n):
    sid = ident()
    oid, oname = rng.choice(organization_ids)
    kind = rng.choice(kinds)
    name = f"{rng.choice(words).title()} {rng.choice(words).title()} {kind.replace('-', ' ').title()} {i}"
    text = description()
    status = "active" if rng.random() > 0.03 else "inactive"
    assured = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}" if rng.random() > 0.1 else "2024-06-01"
    low = rng.choice(["", "", "", "13", "18", "60"])
    services.writerow([sid, oid, name, text, status, assured, low, "" if low != "13" else "24", "2026-11-01T00:00:00Z"])
    lid = ident()
    lat = 44.5 + rng.uniform(-1.8, 1.8)
    lon = -89.5 + rng.uniform(-2.5, 2.5)
    locations.writerow([lid, "physical", oid, f"{oname} site {i}", f"{lat:.5f}", f"{lon:.5f}"])
    at.writerow([ident(), sid, lid])
    addresses.writerow([ident(), lid, f"{rng.randint(1, 999)} Main Street", f"Town {i % 500}", "HV", f"{i % 500:05d}", "US", "physical"])
    phones.writerow([ident(), sid, f"+1 715 555 {rng.randint(100, 199):04d}", rng.choice(["voice", "voice", "text"])])
    zone = rng.choice(zones)
    if kind == "crisis-line":
        schedules.writerow([ident(), sid, "WEEKLY", ",".join(days), "00:00", "00:00", zone])
    else:
        opens = rng.choice(["08:00", "09:00", "10:00", "17:00", "18:30"])
        closes = {"08:00": "16:00", "09:00": "17:00", "10:00": "14:00", "17:00": "21:00", "18:30": "20:00"}[opens]
        schedules.writerow([ident(), sid, "WEEKLY", ",".join(rng.sample(days, rng.randint(1, 5))), opens, closes, zone])
    for code, lname in rng.sample(languages[:2], 1) + ([rng.choice(languages[2:])] if rng.random() < 0.3 else []):
        langs.writerow([ident(), sid, lname, code])
    free = rng.random() < 0.6
    costs.writerow([ident(), sid, "Free" if free else "Fee", "0" if free else "40", "USD"])
    for code in {kind, rng.choice(audiences), rng.choice(modalities)}:
        attributes.writerow([ident(), sid, "service", "service", terms[code]])

for handle, _ in files.values():
    handle.close()
resources = []
for name in files:
    with open(out / name, encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    resource = {"organizations.csv": "organization", "services.csv": "service", "locations.csv": "location",
                "service_at_location.csv": "service_at_location", "addresses.csv": "address", "phones.csv": "phone",
                "schedules.csv": "schedule", "languages.csv": "language", "cost_options.csv": "cost_option",
                "attributes.csv": "attribute"}[name]
    resources.append({"name": resource, "path": name, "schema": {"fields": [{"name": f} for f in header]}})
(out / "datapackage.json").write_text(json.dumps({"name": "haven-bench", "resources": resources}, indent=1))
print(f"wrote {n} services to {out}")
