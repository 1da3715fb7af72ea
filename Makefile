# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
PORT ?= 8080
DATA_DIR ?= ./data

.PHONY: all deps build web web-deps web-test web-e2e smtp-deps run test test-unit bench bench-peers format format-check tidy clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# The web client: npm ci when node_modules is missing or older than the lock file. A
# registry without some platforms' optional packages (rollup's native builds for other
# systems) makes npm ci refuse the lock; npm install --no-save then installs from the same
# lock without rewriting it.
web-deps: deps
	@if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then \
		cd web && { npm ci || npm install --no-save; } && touch node_modules; \
	fi

# The local SMTP server of the invitation mail tests (tests/smtp), installed the same way.
smtp-deps: deps
	@if [ ! -d tests/smtp/node_modules ] || [ tests/smtp/package-lock.json -nt tests/smtp/node_modules ]; then \
		cd tests/smtp && { npm ci || npm install --no-save; } && touch node_modules; \
	fi

web: web-deps
	cd web && npm run build

web-test: web-deps
	cd web && npm test

# End-to-end tests: the AddressSanitizer build of the server and Debian's Chromium, driven
# by playwright-core (web/e2e). COLLABCANVAS_BIN picks another server binary.
web-e2e: web
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS) --target collabcanvas
	cd web && npm run test:e2e

run: build web
	COLLABCANVAS_PORT=$(PORT) COLLABCANVAS_DATA_DIR=$(DATA_DIR) COLLABCANVAS_STATIC_DIR=web/dist \
		./build/release/server/collabcanvas

# Every test, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps format-check web-test smtp-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan
	$(MAKE) web-e2e

# The server scenarios, then the web client's (bench/web: headless Chromium on the release server).
bench: build web
	bench/run.sh
	node bench/web/bench.mjs
	bench/peers.sh

# Only the comparison with the peer servers (installed from npm into bench/peers on first use).
bench-peers: build
	bench/peers.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

tidy:
	cmake --preset debug >/dev/null
	git ls-files 'server/*.cpp' | xargs clang-tidy -p build/debug --quiet

clean:
	rm -rf build
