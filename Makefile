# Community Engagement Portal: build, run, test, bench, fuzz.
#
#   make run     the portal with demo data on http://127.0.0.1:$${PORT:-8080}
#   make test    unit, fuzz-regression and end-to-end tests (optimised and
#                AddressSanitizer/UBSan builds); ends with "N passed, N failed"
#   make bench   wrk against the real stack (see bench/README.md)
#   make fuzz    each libFuzzer target for FUZZ_SECONDS
#   make pot     extract every translatable string into po/portal.pot and
#                merge it into each po/<lang>.po (docs/i18n.md)
#   make faults  faults under load, with figures (docs/reliability.md)
#   make test-cluster  two application hosts in network namespaces, one
#                killed under load (make test runs it where it can)
#
# Both run and test install missing Debian packages first (make deps).
# Builds print one line per file (CC app/http/parse.c); V=1 prints the
# full compiler commands.

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

# Quiet by default (see the header); V=1 echoes every command instead.
ifeq ($(V),1)
Q          :=
msg         = @:
else
Q          := @
msg         = @printf '%s %s\n' $(1) $(2);
endif

# The portal's modules, everything but the two programs' main files.
LIB_SRC    := $(wildcard app/util/*.c app/http/*.c app/views/*.c app/auth/*.c app/domain/*.c \
                         app/db/*.c app/handlers/*.c app/handlers/*/*.c) \
              app/main/config.c app/main/worker.c
# portalctl: its command line and one file per group of its commands.
PORTALCTL_SRC := $(wildcard app/main/portalctl*.c)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)

# Two builds side by side: opt (what runs) and san (what tests also run).
define variant
$(1)_LIB_OBJ   := $$(LIB_SRC:%.c=build/$(1)/%.o)
$(1)_UNITS     := $$(UNIT_SRC:tests/unit/%.c=build/$(1)/tests/%)
build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(call msg,CC,$$<)
	$$(Q)$$(CC) $$(BASEFLAGS) $(2) $$(PKGCFLAGS) -MMD -MP -c $$< -o $$@
build/$(1)/portald: build/$(1)/app/main/portald.o $$($(1)_LIB_OBJ)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS)
# Only portalctl sends mail: portald does without app/mail.
build/$(1)/portalctl: $$(PORTALCTL_SRC:%.c=build/$(1)/%.o) \
                      build/$(1)/app/mail/smtp.o \
                      $$($(1)_LIB_OBJ)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS) $$(shell pkg-config --libs $(MAILPKGS))
# The templates' translatable text, for make pot.
build/$(1)/i18n-extract: build/$(1)/app/main/i18n_extract.o $$($(1)_LIB_OBJ)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS)
build/$(1)/tests/%: build/$(1)/tests/unit/%.o $$($(1)_LIB_OBJ)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKGLIBS) $$(shell pkg-config --libs cmocka)
endef
$(eval $(call variant,opt,$(OPTFLAGS)))
$(eval $(call variant,san,$(SANFLAGS)))

# Keep the unit tests' objects between builds.
.SECONDARY:

# Message catalogues (docs/i18n.md): po/<catalogue>.po compiled with
# msgfmt --check to build/locale/<catalogue>/LC_MESSAGES/portal.mo, which
# portald reads (PORTAL_LOCALE), beside a copy of the template it counts
# each catalogue's completeness against.
PO_FILES   := $(wildcard po/*.po)
MO_FILES   := $(PO_FILES:po/%.po=build/locale/%/LC_MESSAGES/portal.mo) \
              build/locale/portal.pot
build/locale/%/LC_MESSAGES/portal.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
build/locale/portal.pot: po/portal.pot
	@mkdir -p $(@D)
	cp $< $@
locale: $(MO_FILES)

# xgettext's keywords: the markers and the helpers that translate their
# message argument.  Sources listed in po/APPLICANT are extracted with the
# comment "applicant-facing" (the part every language must cover).
I18N_KEYS  := _:1 N_:1 ctx_text:2 ctx_plural:2,3 ctx_fail:3 ctx_field:3 \
              ctx_conflict:2 ctx_mail:6 i18n_text:2 i18n_plural:2,3 \
              field_enum:5 field_keys:6 i18n_ctext:2c,3
APPLICANT  := $(shell grep -v '^\#' po/APPLICANT 2>/dev/null)
C_SOURCES  := $(sort $(wildcard app/*/*.c app/*/*/*.c))
XGETTEXT   := xgettext --keyword --from-code=UTF-8 --add-comments=TRANSLATORS: \
              --force-po --package-name=portal
# build/pot/portal.pot: the template as the sources make it now (the
# catalogue test compares the catalogues with it); make pot keeps it as
# po/portal.pot and merges it into each catalogue.
pot: build/pot/portal.pot
	cp build/pot/portal.pot po/portal.pot
	@for po in $(PO_FILES); do \
	  msgmerge --quiet --update --backup=none --no-fuzzy-matching $$po po/portal.pot || exit 1; \
	done
build/pot/portal.pot: build/opt/i18n-extract FORCE
	@mkdir -p build/pot
	$(XGETTEXT) $(I18N_KEYS:%=--keyword=%) -o build/pot/c.pot \
	    $(filter-out $(APPLICANT),$(C_SOURCES))
	$(XGETTEXT) $(foreach k,$(I18N_KEYS),'--keyword=$(k),"applicant-facing"') \
	    -o build/pot/applicant.pot $(filter $(APPLICANT),$(C_SOURCES))
	build/opt/i18n-extract -a po/APPLICANT app/templates > build/pot/templates.pot
	msgcat --use-first -o build/pot/all.pot build/pot/c.pot \
	    build/pot/applicant.pot build/pot/templates.pot
	sed -e 's/charset=CHARSET/charset=UTF-8/' \
	    -e 's/^# SOME DESCRIPTIVE TITLE./# The portal'"'"'s interface text; make pot writes this file./' \
	    -e '/^"POT-Creation-Date:/d' build/pot/all.pot > $@
FORCE:

.PHONY: all deps build build-san run test unit e2e fuzz fuzz-build bench faults test-cluster \
        clean locale pot FORCE
.DEFAULT_GOAL := build

build: build/opt/portald build/opt/portalctl build/opt/i18n-extract locale
build-san: build/san/portald build/san/portalctl locale

deps:
	@bash app/stack/deps.sh

# The targets below build with one job a core (unless make was given -j):
# the two builds and the fuzz targets of make test take half the time.
JOBS       := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc))

run: deps
	@$(MAKE) --no-print-directory $(JOBS) build
	@bash app/stack/stack.sh run

test: deps
	@$(MAKE) --no-print-directory $(JOBS) build build-san units fuzz-build
	@bash tests/run.sh

units: $(opt_UNITS) $(san_UNITS)

# libFuzzer targets: clang, one binary per parser (tests/fuzz/README.md).
FUZZ_CC    := clang
# clang, unlike gcc, warns about the route table's rows that leave their
# optional last members (json_member, json_omit) to zero: that is the
# table's idiom, so not a warning here.
FUZZFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -Wno-missing-field-initializers
FUZZ_BINS  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(@D)
	$(call msg,CC,$<)
	$(Q)$(FUZZ_CC) $(BASEFLAGS) $(FUZZFLAGS) $(PKGCFLAGS) -o $@ $^ $(PKGLIBS)
fuzz-build: $(FUZZ_BINS)
fuzz: deps
	@$(MAKE) --no-print-directory $(JOBS) fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# Two application hosts in network namespaces behind one front, a host
# killed under load (make test runs it too, where namespaces are allowed).
test-cluster: deps
	@$(MAKE) --no-print-directory $(JOBS) build
	@bash tests/cluster/run.sh

bench: deps
	@$(MAKE) --no-print-directory $(JOBS) build
	@bash bench/run.sh

# A private stack per run: a worker killed, PostgreSQL and portald
# restarted under load; held, slow and stalled connections.
faults: deps
	@$(MAKE) --no-print-directory $(JOBS) build
	@node tests/faults/run.mjs

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
