# The two commands a new user types: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)

.PHONY: help run test bootstrap release dev web bench format lint clean

help:
	@echo "make run      bootstrap, build (release), migrate, load the demo on first run, serve on :8080"
	@echo "make test     bootstrap, build (dev: ASan+UBSan) and run the whole test suite"
	@echo "make bench    run the benchmarks and print figures for bench/RESULTS.md"
	@echo "make format   clang-format every C++ file;  make lint   clang-tidy"

bootstrap:
	@scripts/bootstrap

# The browser application, into web/dist (served by the C++ server).
web: bootstrap
	@cd web && npm run --silent build

release: bootstrap web
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

dev: bootstrap web
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

run: release
	@scripts/run

test: dev
	@ctest --preset dev -j $(JOBS)

bench: release
	@bench/run-all

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

lint: dev
	@git ls-files 'src/*.cpp' | xargs clang-tidy -p build/dev --quiet

clean:
	@rm -rf build
