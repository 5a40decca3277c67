# Haven's entry points. The README names the same commands.
.PHONY: build test run demo bench bench-http format

build:
	swift build

## Everything: installs test dependencies, Swift suite on SQLite and PostgreSQL, browser checks.
test:
	scripts/test.sh

## Haven with demo data on SQLite at http://127.0.0.1:8080
demo:
	swift run haven demo

run:
	swift run haven serve

bench: bench-http

bench-http:
	bench/http.sh

format:
	swift format --in-place --recursive Sources Tests Package.swift
