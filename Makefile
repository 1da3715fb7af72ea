# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
PORT ?= 8080
DATA_DIR ?= ./data

.PHONY: all deps build run test test-unit bench format format-check tidy clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	COLLABCANVAS_PORT=$(PORT) COLLABCANVAS_DATA_DIR=$(DATA_DIR) ./build/release/server/collabcanvas

# Every test, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps format-check
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan

bench: build
	bench/run.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

tidy:
	cmake --preset debug >/dev/null
	git ls-files 'server/*.cpp' | xargs clang-tidy -p build/debug --quiet

clean:
	rm -rf build
