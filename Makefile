# Haven's entry points. The README names the same commands.
.PHONY: build test run demo bench bench-http bench-directory format

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

bench: bench-http bench-directory

bench-http:
	bench/http.sh

bench-directory:
	bench/directory.sh

format:
	swift format --in-place --recursive Sources Tests Package.swift
