# SPDX-License-Identifier: GPL-2.0
#
# Top-level build. Everything lands under $(BUILD):
#   build/hypervisor/jailhouse.bin      hypervisor image
#   build/driver-<series>/jailhouse.ko  driver per kernel series (6.1, 6.12)
#   build/driver-<series>/tests/        test-only modules (jh_hostile.ko)
#   build/driver-<series>/link/         link modules (jailhouse_uio.ko,
#                                       jailhouse_net.ko)
#   build/tools/jailhouse               static aarch64 CLI
#   build/configs/*.cell                compiled configs
#   build/inmates/...                   inmates
#   build/deb/*.deb                     make deb (scripts/deb.mk)
#   build/cache/                        fetched Debian kernels, busybox
# make install / uninstall: scripts/install.mk, Documentation/install.md.

BUILD ?= $(CURDIR)/build
CACHE ?= $(BUILD)/cache
CROSS_COMPILE ?= aarch64-linux-gnu-
PYTHON ?= /usr/bin/python3
KSERIES ?= 6.1 6.12
# The one release string (scripts/version.sh): image header, module, CLI.
JH_VERSION := $(shell sh $(CURDIR)/scripts/version.sh)
export BUILD CACHE CROSS_COMPILE PYTHON JH_VERSION

.PHONY: all deps hypervisor driver tools configs inmates test unit pytest \
	systest demo qemu bench fuzz fuzz-smoke clean distclean format-check

all: hypervisor driver tools configs inmates

deps:
	@bash ci/deps.sh

hypervisor:
	$(MAKE) -C hypervisor O=$(BUILD)/hypervisor

# KDIR=/path/to/tree builds one driver against any other kernel tree.
driver:
ifdef KDIR
	$(MAKE) -C driver KDIR=$(KDIR) O=$(BUILD)/driver-custom
else
	@for s in $(KSERIES); do \
		$(MAKE) -C driver KDIR=$(CACHE)/linux-$$s/kdir O=$(BUILD)/driver-$$s || exit 1; \
		$(MAKE) -C driver/tests KDIR=$(CACHE)/linux-$$s/kdir O=$(BUILD)/driver-$$s/tests || exit 1; \
		$(MAKE) -C driver/link KDIR=$(CACHE)/linux-$$s/kdir O=$(BUILD)/driver-$$s/link || exit 1; \
	done
endif

tools:
	$(MAKE) -C tools O=$(BUILD)/tools
	$(MAKE) -C tools/link O=$(BUILD)/tools

inmates:
	$(MAKE) -C inmates O=$(BUILD)/inmates

configs:
	@mkdir -p $(BUILD)/configs
	@for f in configs/*.yaml; do \
		$(PYTHON) tools/jailhouse-config build $$f \
			-o $(BUILD)/configs/$$(basename $${f%.yaml}).cell || exit 1; \
	done

unit: configs
	$(MAKE) -C hypervisor/tests O=$(BUILD)/unit run run-real

# The host test harness, ci/jhtest (Python): ends with "N passed, N failed".
test:
	@bash ci/jhtest.sh test

demo:
	@bash ci/demo.sh

qemu:
	@bash ci/qemu.sh --interactive

bench:
	@bash ci/bench.sh

fuzz:
	@bash ci/fuzz.sh

# The one-minute run make test includes.
fuzz-smoke:
	@FUZZ_SECONDS=60 bash ci/fuzz.sh

clean:
	rm -rf $(BUILD)/hypervisor $(BUILD)/driver-* $(BUILD)/tools \
		$(BUILD)/configs $(BUILD)/inmates $(BUILD)/unit $(BUILD)/initramfs* \
		$(BUILD)/deb

distclean:
	rm -rf $(BUILD)

include scripts/install.mk
include scripts/deb.mk
