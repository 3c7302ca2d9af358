# Community Engagement Portal: build, run, test, bench, fuzz.
#
#   make run     the portal with demo data on http://127.0.0.1:$${PORT:-8080}
#   make test    unit, fuzz-regression and end-to-end tests (optimised and
#                AddressSanitizer/UBSan builds); ends with "N passed, N failed"
#   make bench   wrk against the real stack (see bench/README.md)
#   make fuzz    each libFuzzer target for FUZZ_SECONDS
#   make faults  faults under load, with figures (docs/reliability.md)
#
# Both run and test install missing Debian packages first (make deps).

PKGS       := fcgi libpq libsodium jansson libcmark
MAILPKGS   := libcurl		# portalctl's SMTP delivery only
CC         ?= cc
WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wpointer-arith -Wcast-qual
BASEFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN)
PKGCFLAGS   = $(shell pkg-config --cflags $(PKGS) $(MAILPKGS))
PKGLIBS     = $(shell pkg-config --libs $(PKGS))
OPTFLAGS   := -O2 -g
# PORTAL_SANITIZE: workers leave through exit(), so LeakSanitizer runs.
SANFLAGS   := -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all \
              -DPORTAL_SANITIZE

# The portal's modules, everything but the two programs' main files.
LIB_SRC    := $(wildcard app/util/*.c app/http/*.c app/views/*.c app/auth/*.c app/domain/*.c \
                         app/db/*.c app/handlers/*.c) \
              app/main/config.c app/main/worker.c
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)

# Two builds side by side: opt (what runs) and san (what tests also run).
define variant
$(1)_LIB_OBJ   := $$(LIB_SRC:%.c=build/$(1)/%.o)
$(1)_UNITS     := $$(UNIT_SRC:tests/unit/%.c=build/$(1)/tests/%)
build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(BASEFLAGS) $(2) $$(PKGCFLAGS) -MMD -MP -c $$< -o $$@
build/$(1)/portald: build/$(1)/app/main/portald.o $$($(1)_LIB_OBJ)
	$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS)
# Only portalctl sends mail: portald does without app/mail.
build/$(1)/portalctl: build/$(1)/app/main/portalctl.o build/$(1)/app/mail/smtp.o \
                      $$($(1)_LIB_OBJ)
	$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS) $$(shell pkg-config --libs $(MAILPKGS))
build/$(1)/tests/%: build/$(1)/tests/unit/%.o $$($(1)_LIB_OBJ)
	@mkdir -p $$(@D)
	$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS) $$(shell pkg-config --libs cmocka)
endef
$(eval $(call variant,opt,$(OPTFLAGS)))
$(eval $(call variant,san,$(SANFLAGS)))

# Keep the unit tests' objects between builds.
.SECONDARY:

.PHONY: all deps build build-san run test unit e2e fuzz fuzz-build bench faults clean
.DEFAULT_GOAL := build

build: build/opt/portald build/opt/portalctl
build-san: build/san/portald build/san/portalctl

deps:
	@bash app/stack/deps.sh

run: deps
	@$(MAKE) --no-print-directory build
	@bash app/stack/stack.sh run

test: deps
	@$(MAKE) --no-print-directory build build-san units fuzz-build
	@bash tests/run.sh

units: $(opt_UNITS) $(san_UNITS)

# libFuzzer targets: clang, one binary per parser (tests/fuzz/README.md).
FUZZ_CC    := clang
FUZZFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all
FUZZ_BINS  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASEFLAGS) $(FUZZFLAGS) $(PKGCFLAGS) -o $@ $^ $(PKGLIBS)
fuzz-build: $(FUZZ_BINS)
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: deps
	@$(MAKE) --no-print-directory build
	@bash bench/run.sh

# A private stack per run: a worker killed, PostgreSQL and portald
# restarted under load; held, slow and stalled connections.
faults: deps
	@$(MAKE) --no-print-directory build
	@node tests/faults/run.mjs

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
